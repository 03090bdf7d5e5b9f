//! The offices' dashboards: a unit admin's unit at `/unit` and the city admin's program at `/city`, with charts drawn on the server as SVG.

pub mod city;
pub mod strings;
pub mod svg;
pub mod unit;

pub use city::city_home_page;
pub use unit::unit_home_page;

page_table! {
    GET "/unit" => unit::get_unit_dashboard,
    GET "/city" => city::get_city_dashboard,
}
