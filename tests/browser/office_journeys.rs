//! Journeys: every office page at desktop size.

use crate::chrome::Journey;

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[];
