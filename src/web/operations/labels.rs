//! The words of values the operations pages show that come from the database (statuses,
//! templates, jobs, audit actions, a run's counts), with a word of the catalogue for any value it
//! does not know, so that no code of the database shows on a page; and the pager of a list paged
//! by the database.

use serde::Serialize;

use crate::domain::page::{Page, PageRequest};
use crate::i18n;
use crate::web::paging::{PER_PAGE, PageParam, Pager};
use crate::web::strings::word;

/// The catalogue word of `prefix.value`, or of `fallback` when there is none.
pub fn label(prefix: &str, value: &str, fallback: &str) -> String {
    let locale = i18n::current().locale;
    word(&format!("{prefix}.{value}"), locale)
        .or_else(|| word(fallback, locale))
        .unwrap_or_default()
        .to_owned()
}

/// A choice of a filter's select.
#[derive(Debug, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// "All" first, then each value with its word.
pub fn choices(all_key: &str, values: &[String], prefix: &str, fallback: &str) -> Vec<Choice> {
    let locale = i18n::current().locale;
    std::iter::once(Choice {
        value: String::new(),
        label: word(all_key, locale).unwrap_or_default().to_owned(),
    })
    .chain(values.iter().map(|v| Choice {
        value: v.clone(),
        label: label(prefix, v, fallback),
    }))
    .collect()
}

/// The database's page asked for by `?page=` (twenty rows, as every list of the pages).
pub fn page_request(asked: &PageParam) -> PageRequest {
    PageRequest {
        page: asked.number() as i64,
        per_page: PER_PAGE as i64,
    }
}

/// The pager of a page the database cut; `href` is the list's path and query without `page`.
pub fn pager_of<T>(page: &Page<T>, href: &str) -> Pager {
    let total = usize::try_from(page.total).unwrap_or(0);
    let pages = total.div_ceil(PER_PAGE).max(1);
    let at = usize::try_from(page.page).unwrap_or(1).clamp(1, pages);
    let link = |p: usize| {
        let sep = if href.contains('?') { '&' } else { '?' };
        format!("{href}{sep}page={p}")
    };
    Pager {
        page: at,
        pages,
        total,
        prev: (at > 1).then(|| link(at - 1)),
        next: (at < pages).then(|| link(at + 1)),
    }
}
