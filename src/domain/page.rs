//! Pagination shared by every list.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// `?page=1&per_page=20` (per_page at most 100).
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

/// A validated page request.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub page: i64,
    pub per_page: i64,
}

impl PageRequest {
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }

    /// This request, or the last page of a list of `total` rows when it asks past the end (a
    /// page's list shows its last page for a stale page number).
    pub fn within(self, total: i64) -> PageRequest {
        let pages = ((total.max(0) + self.per_page - 1) / self.per_page.max(1)).max(1);
        PageRequest {
            page: self.page.clamp(1, pages),
            per_page: self.per_page,
        }
    }
}

/// One page of a list, with the total across all pages.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

impl PageQuery {
    /// The page asked for, or a 422 naming `page` / `per_page`.
    pub fn parse(self) -> Result<PageRequest, crate::error::AppError> {
        let mut problems = crate::error::Problems::new();
        let page = parse_page(self.page, self.per_page, &mut problems);
        problems.finish()?;
        Ok(page)
    }
}

impl<T> Page<T> {
    /// One page of a list that was loaded whole (short lists, or lists computed in memory from
    /// several queries), with the total of the whole list.
    pub fn of(all: Vec<T>, request: PageRequest) -> Page<T> {
        let total = all.len() as i64;
        let items = all
            .into_iter()
            .skip(usize::try_from(request.offset()).unwrap_or(usize::MAX))
            .take(usize::try_from(request.per_page).unwrap_or(0))
            .collect();
        Page {
            items,
            page: request.page,
            per_page: request.per_page,
            total,
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            per_page: self.per_page,
            total: self.total,
        }
    }
}

/// The highest page number: the document gives `page` as a 32-bit integer, so the service takes
/// no more than that holds.
pub const MAX_PAGE: u32 = i32::MAX as u32;

/// Checks the page numbers, recording problems under `page` / `per_page`.
pub fn parse_page(
    page: Option<u32>,
    per_page: Option<u32>,
    problems: &mut crate::error::Problems,
) -> PageRequest {
    let page = page.unwrap_or(1);
    let per_page = per_page.unwrap_or(20);
    if page == 0 || page > MAX_PAGE {
        problems.add(
            "page",
            "out_of_range",
            crate::i18n::Msg::new("页码应为 1 到 2147483647", "page must be 1 to 2147483647"),
        );
    }
    if !(1..=100).contains(&per_page) {
        problems.add(
            "per_page",
            "out_of_range",
            crate::i18n::Msg::new("每页条数应为 1 到 100", "per_page must be 1 to 100"),
        );
    }
    PageRequest {
        page: i64::from(page.clamp(1, MAX_PAGE)),
        per_page: i64::from(per_page.clamp(1, 100)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_a_whole_list_keeps_the_total_and_slices_the_items() {
        let all: Vec<i32> = (1..=45).collect();
        let req = |page, per_page| PageRequest { page, per_page };
        let third = Page::of(all.clone(), req(3, 20));
        assert_eq!((third.items, third.total), ((41..=45).collect(), 45));
        assert_eq!(Page::of(all.clone(), req(1, 20)).items.len(), 20);
        let past = Page::of(all, req(9, 20));
        assert!(past.items.is_empty());
        assert_eq!(past.total, 45);
    }
}
