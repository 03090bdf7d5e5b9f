//! The `[imports]` section: how large a spreadsheet the imports take. A file over either limit is
//! refused before any row is read, so a mistaken upload cannot tie up the service.

use serde::{Deserialize, Serialize};

/// Limits of one imported file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImportSettings {
    /// Largest file accepted, in bytes (20,000 people with their profiles fit in about 3 MB).
    pub max_bytes: usize,
    /// Most data rows below the header row.
    pub max_rows: usize,
}

impl Default for ImportSettings {
    fn default() -> Self {
        Self {
            max_bytes: 8 * 1024 * 1024,
            max_rows: 50_000,
        }
    }
}
