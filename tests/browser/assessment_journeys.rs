//! Journeys: an assessment from the unit's grade to the mentor's revocation.

use crate::chrome::Journey;

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[];
