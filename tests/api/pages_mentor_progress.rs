//! The page tests of the mentor's dashboard and activity pages.
