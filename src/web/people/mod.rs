//! The offices' people pages: a unit admin's own unit (`/unit/people…`) and the city admin's units and people of every unit (`/city/units…`, `/city/people…`).

pub mod strings;

page_table! {}
