//! Journeys: the unit admin's and the city admin's dashboards.

use crate::chrome::Journey;

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[];
