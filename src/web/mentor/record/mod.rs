//! The mentor's record: assessments and objections (`/mentor/assessments`), benefits
//! (`/mentor/benefits`), lineage (`/mentor/lineage`) and the appointment (`/mentor/appointment`).

pub mod strings;

page_table! {}
