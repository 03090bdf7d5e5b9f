//! A reviewer's pages under `/review`: the nominations assigned to them, the form and its evidence, and the score with a recommendation.

pub mod strings;

page_table! {}
