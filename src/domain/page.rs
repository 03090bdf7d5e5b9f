//! Pagination shared by every list.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// `?page=1&per_page=20` (per_page at most 100).
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
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
}

/// One page of a list, with the total across all pages.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            per_page: self.per_page,
            total: self.total,
        }
    }
}

/// Checks the page numbers, recording problems under `page` / `per_page`.
pub fn parse_page(
    page: Option<u32>,
    per_page: Option<u32>,
    problems: &mut crate::error::Problems,
) -> PageRequest {
    let page = page.unwrap_or(1);
    let per_page = per_page.unwrap_or(20);
    if page == 0 {
        problems.add(
            "page",
            "out_of_range",
            crate::i18n::Msg::new("页码从 1 开始", "page starts at 1"),
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
        page: i64::from(page.max(1)),
        per_page: i64::from(per_page.clamp(1, 100)),
    }
}
