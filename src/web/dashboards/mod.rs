//! The offices' dashboards: a unit admin's unit at `/unit` and the city admin's program at `/city`, with charts drawn on the server as SVG.

pub mod strings;

page_table! {}
