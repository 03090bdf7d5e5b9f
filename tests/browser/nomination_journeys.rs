//! Journeys: a unit admin nominates and a reviewer scores.

use crate::chrome::Journey;

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[];
