//! The yearly assessment pages of the offices: a unit admin grades its mentors against the year's evidence (`/unit/assessments…`); the city admin opens rounds, confirms or returns, and decides objections (`/city/assessment-rounds…`).

pub mod strings;

page_table! {}
