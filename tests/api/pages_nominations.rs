//! The pages: a unit admin's nomination pages.
