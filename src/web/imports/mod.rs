//! The city admin's import pages under `/city/imports`: upload a file, see per row what would be
//! stored or refused, then apply it.

pub mod strings;

page_table! {}
