//! The page tests of every page of every demo login, in both languages.
