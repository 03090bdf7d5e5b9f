//! The mentor's year of work: the dashboard at `/mentor` (progress per indicator against the
//! target and the pro-rata target, what is waiting) and the activities under
//! `/mentor/activities` (log one with its photos, edit it until it is locked).

pub mod strings;

page_table! {}
