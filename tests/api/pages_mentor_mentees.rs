//! The page tests of the mentor's contract and plan-review pages.
