//! Journeys: the printable documents, printed to PDF by Chromium and read back.

use crate::chrome::Journey;

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[];
