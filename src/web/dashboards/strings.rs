//! The words of the dashboards pages, Chinese first and English beside it.

use crate::i18n::CatalogueEntry as Entry;

/// Every word of these pages.
pub const STRINGS: &[Entry] = &[];
