//! The page tests of the mentee's pages.
