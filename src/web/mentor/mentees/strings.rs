//! The words of the mentor's contract and plan-review pages, Chinese first and English beside it (see `web::strings`).

use crate::web::strings::Entry;

/// `(key, zh-CN, en)`; keys start with `mentor.mentees.`.
pub const STRINGS: &[Entry] = &[];
