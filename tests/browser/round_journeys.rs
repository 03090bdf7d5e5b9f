//! Journeys: the city admin runs a selection round to its close.

use crate::chrome::Journey;

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[];
