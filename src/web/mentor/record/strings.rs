//! The words of the mentor's record pages, Chinese first and English beside it (see `web::strings`).

use crate::i18n::CatalogueEntry as Entry;

/// `(key, zh-CN, en)`; keys start with `mentor.record.`.
pub const STRINGS: &[Entry] = &[];
