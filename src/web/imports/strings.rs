//! The words of the import pages, Chinese first and English beside it.

use crate::i18n::CatalogueEntry as Entry;

/// Every word of these pages; keys start with `imports.`.
pub const STRINGS: &[Entry] = &[];
