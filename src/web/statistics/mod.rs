//! The activity statistics pages (培带活动统计): a year's logged activities by unit, mentor and
//! kind, with their totals and the XLSX/CSV downloads beside them. A unit admin sees their unit
//! (`/unit/activity-statistics`), the city admin the city or one unit
//! (`/city/activity-statistics?unit=`), both from the same service as the API.

pub mod pages;
pub mod strings;

page_table! {
    GET  "/unit/activity-statistics"  => pages::get_unit_activity_statistics,
    GET  "/city/activity-statistics"  => pages::get_city_activity_statistics,
}
