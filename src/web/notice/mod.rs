//! The public notice (公示) of a selection round under `/notice`: readable without signing in unless the city keeps it behind login.

pub mod strings;

page_table! {}
