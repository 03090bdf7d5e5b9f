//! Browser journeys: see `ALL`.

use crate::chrome::Journey;

/// Every journey of this file, by the name the runner shows.
pub const ALL: &[(&str, Journey)] = &[];
