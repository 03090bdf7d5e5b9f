//! Paging a page's list: `?page=N`, twenty rows a page, and the pager under the list ("第 2 / 5
//! 页" with the previous and next links). A page number past the end shows the last page; one
//! that is not a number shows the first, since a person typed or kept an old link.

use serde::{Deserialize, Serialize};

/// Rows on one page of a list.
pub const PER_PAGE: usize = 20;

/// `?page=N` (kept as text so that a stray value is not a 400 page).
#[derive(Debug, Default, Deserialize)]
pub struct PageParam {
    pub page: Option<String>,
}

impl PageParam {
    /// The page asked for, from 1.
    pub fn number(&self) -> usize {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse::<usize>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    }
}

/// What the `pager` macro of `_macros.html` shows.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Pager {
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// One page of `all` and its pager; `href` is the list's path and query without `page`
/// (`/mentor/activities?year=2027`).
pub fn paginate<T>(all: Vec<T>, asked: &PageParam, href: &str) -> (Vec<T>, Pager) {
    let total = all.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = asked.number().min(pages);
    let link = |p: usize| {
        let sep = if href.contains('?') { '&' } else { '?' };
        format!("{href}{sep}page={p}")
    };
    let rows = all
        .into_iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    let pager = Pager {
        page,
        pages,
        total,
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
    };
    (rows, pager)
}

/// The page a list asks the database for: `?page=N` at twenty rows (the query moves a number
/// past the end to the last page, `PageRequest::within`).
pub fn request(asked: &PageParam) -> crate::domain::page::PageRequest {
    crate::domain::page::PageRequest {
        page: asked.number() as i64,
        per_page: PER_PAGE as i64,
    }
}

/// The pager of a page the database cut (`page` of `per_page` rows, `total` in all); `href` as
/// for `paginate`.
pub fn pager_of(page: i64, per_page: i64, total: i64, href: &str) -> Pager {
    let total = total.max(0) as usize;
    let per_page = per_page.max(1) as usize;
    let pages = total.div_ceil(per_page).max(1);
    let page = (page.max(1) as usize).min(pages);
    let link = |p: usize| {
        let sep = if href.contains('?') { '&' } else { '?' };
        format!("{href}{sep}page={p}")
    };
    Pager {
        page,
        pages,
        total,
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(p: &str) -> PageParam {
        PageParam {
            page: Some(p.to_owned()),
        }
    }

    #[test]
    fn a_list_is_cut_into_pages_of_twenty_with_links_either_side() {
        let (rows, pager) = paginate((1..=45).collect(), &asked("2"), "/x?year=2027");
        assert_eq!(rows.first(), Some(&21));
        assert_eq!(rows.len(), 20);
        assert_eq!(pager.pages, 3);
        assert_eq!(pager.prev.as_deref(), Some("/x?year=2027&page=1"));
        assert_eq!(pager.next.as_deref(), Some("/x?year=2027&page=3"));
    }

    #[test]
    fn a_stray_or_too_large_page_number_shows_a_real_page() {
        let (rows, pager) = paginate((1..=45).collect(), &asked("9"), "/x");
        assert_eq!((rows.first(), pager.page, pager.next), (Some(&41), 3, None));
        let (rows, pager) = paginate((1..=5).collect(), &asked("abc"), "/x");
        assert_eq!((rows.len(), pager.page, pager.prev), (5, 1, None));
        let (rows, pager) = paginate(Vec::<i32>::new(), &PageParam::default(), "/x");
        assert_eq!((rows.len(), pager.pages, pager.total), (0, 1, 0));
    }

    #[test]
    fn a_page_the_database_cut_has_the_same_pager_as_one_cut_here() {
        let (_, here) = paginate((1..=45).collect::<Vec<_>>(), &asked("2"), "/x?sort=a");
        assert_eq!(pager_of(2, 20, 45, "/x?sort=a"), here);
        let req = request(&asked("9")).within(45);
        assert_eq!((req.page, req.offset()), (3, 40));
        assert_eq!(request(&asked("x")).within(0).page, 1);
    }
}
