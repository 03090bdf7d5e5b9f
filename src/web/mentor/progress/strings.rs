//! The words of the mentor's dashboard and activity pages, Chinese first and English beside it (see `web::strings`).

use crate::web::strings::Entry;

/// `(key, zh-CN, en)`; keys start with `mentor.progress.`.
pub const STRINGS: &[Entry] = &[];
