//! Journeys: the city admin's benefits and operations pages.

use crate::chrome::Journey;

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[];
