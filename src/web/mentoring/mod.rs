//! The offices' view of the mentoring work: a unit admin's contracts, activities and plans (`/unit/contracts`, `/unit/activities`, `/unit/plans`), and the city admin's contracts overview (`/city/contracts…`).

pub mod strings;

page_table! {}
