//! A unit admin's nominations under `/unit/nominations`: the application form with its eligibility checked as the clerk types, the evidence files, submitting, withdrawing, and the forms the city returned.

pub mod strings;

page_table! {}
