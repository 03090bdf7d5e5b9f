//! The city admin's selection rounds under `/city/rounds…` and the mentor pool register at `/city/pool`.

pub mod strings;

page_table! {}
