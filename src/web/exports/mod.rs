//! The download buttons of the list pages (`/exports/…`): the same exports as the API's
//! `?format=xlsx|csv`, for a signed-in admin's page session, keeping the list's filters.

pub mod downloads;
pub mod strings;

page_table! {
    GET  "/exports/nominations/{round}"      => downloads::get_nominations_export,
    GET  "/exports/pool"                     => downloads::get_pool_export,
    GET  "/exports/contracts"                => downloads::get_contracts_export,
    GET  "/exports/assessments/{round}"      => downloads::get_assessments_export,
    GET  "/exports/benefits/{kind}"          => downloads::get_benefits_export,
    GET  "/exports/activity-statistics"      => downloads::get_activity_statistics_export,
}
