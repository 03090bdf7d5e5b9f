//! The words of the mentee's pages, Chinese first and English beside it (see `web::strings`).

use crate::web::strings::Entry;

/// `(key, zh-CN, en)`; keys start with `mentee.`.
pub const STRINGS: &[Entry] = &[];
