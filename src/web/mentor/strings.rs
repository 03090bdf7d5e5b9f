//! The words of the pages every mentor area shares, Chinese first and English beside it (see `web::strings`).

use crate::i18n::CatalogueEntry as Entry;

/// `(key, zh-CN, en)`; keys start with `mentor.`.
pub const STRINGS: &[Entry] = &[];
