//! The yearly assessment pages of the offices: a unit admin grades its mentors against the year's evidence (`/unit/assessments…`); the city admin opens rounds, confirms or returns, and decides objections (`/city/assessment-rounds…`).
//! Every page calls the same `services::…` as the API with the session's caller: the services
//! scope (another unit's assessment is not found) and refuse (their field reasons are shown
//! beside the fields).

pub mod bulk;
pub mod city_assessment;
pub mod city_rounds;
pub mod objections;
pub mod opening;
pub mod revocations;
pub mod round_progress;
pub mod strings;
pub mod unit_grade;
pub mod unit_list;
pub mod views;

page_table! {
    GET  "/unit/assessments"                                          => unit_list::get_assessments,
    GET  "/unit/assessments/report"                                   => unit_list::get_report,
    GET  "/unit/assessments/{id}"                                     => unit_grade::get_assessment,
    POST "/unit/assessments/{id}"                                     => unit_grade::post_assessment,
    GET  "/city/assessment-rounds"                                    => city_rounds::get_rounds,
    POST "/city/assessment-rounds"                                    => city_rounds::post_round,
    GET  "/city/assessment-rounds/opening/{ticket}"                   => opening::get_opening,
    GET  "/city/assessment-rounds/objections"                         => objections::get_objections,
    GET  "/city/assessment-rounds/objections/{id}"                    => objections::get_objection,
    POST "/city/assessment-rounds/objections/{id}/decision"           => objections::post_objection_decision,
    GET  "/city/assessment-rounds/objections/{id}/files/{file_id}"    => objections::get_objection_file,
    GET  "/city/assessment-rounds/revocations"                        => revocations::get_revocations,
    GET  "/city/assessment-rounds/assessments/{id}"                   => city_assessment::get_assessment,
    POST "/city/assessment-rounds/assessments/{id}/confirm"           => city_assessment::post_assessment_confirm,
    POST "/city/assessment-rounds/assessments/{id}/return"            => city_assessment::post_assessment_return,
    GET  "/city/assessment-rounds/{id}"                               => round_progress::get_round,
    GET  "/city/assessment-rounds/{id}/units/{unit}/confirm"          => bulk::get_bulk_confirm,
    POST "/city/assessment-rounds/{id}/units/{unit}/confirm"          => bulk::post_bulk_confirm,
}
