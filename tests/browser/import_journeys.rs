//! Journeys: the city admin imports a file through the pages.

use crate::chrome::Journey;

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[];
