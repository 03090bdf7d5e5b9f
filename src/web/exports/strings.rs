//! The words of the download buttons, Chinese first and English beside it.

use crate::i18n::CatalogueEntry as Entry;

/// Every word of the buttons; keys start with `exports.`.
pub const STRINGS: &[Entry] = &[
    ("exports.label", "导出名单", "Download the list"),
    ("exports.as", "导出", "Download"),
];
