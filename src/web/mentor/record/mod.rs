//! The mentor's record: assessments and objections (`/mentor/assessments`), benefits
//! (`/mentor/benefits`), lineage (`/mentor/lineage`) and the appointment (`/mentor/appointment`).
//! Every page acts as the mentor (`services::mentor_record::as_mentor`): a mentor who also holds
//! an office role sees here only their own record.

pub mod appointment;
pub mod assessments;
pub mod benefits;
pub mod lineage;
pub mod objection;
pub mod strings;

page_table! {
    GET  "/mentor/assessments"                                  => assessments::get_assessments,
    GET  "/mentor/assessments/{id}"                             => assessments::get_assessment,
    POST "/mentor/assessments/{id}/objection"                   => objection::post_objection,
    GET  "/mentor/assessments/{id}/objection/files/{file_id}"   => objection::get_objection_file,
    GET  "/mentor/benefits"                                     => benefits::get_benefits,
    POST "/mentor/benefits/applications"                        => benefits::post_application,
    GET  "/mentor/lineage"                                      => lineage::get_lineage,
    GET  "/mentor/appointment"                                  => appointment::get_appointment,
}
