//! The words of the printable documents, Chinese first and English beside it.

use crate::i18n::CatalogueEntry as Entry;

/// Every word of these documents; keys start with `print.`.
pub const STRINGS: &[Entry] = &[];
