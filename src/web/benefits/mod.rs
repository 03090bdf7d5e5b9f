//! The benefits pages of the offices: a unit admin's read-only list (`/unit/benefits`) and the city admin's batches, classes, tours, leave, applications and commendations (`/city/benefits…`).

pub mod strings;

page_table! {}
