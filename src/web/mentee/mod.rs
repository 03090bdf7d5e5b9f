//! The mentee's pages under `/mentee`: my contract (and signing it when asked), my training
//! plan (draft, submit, the mentor's comments, earlier versions, progress on milestones), the
//! activities I attended (confirm or dispute), and the reminders that concern me.

pub mod activities;
pub mod contract;
pub mod home;
pub mod mine;
pub mod plan;
pub mod plan_form;
pub mod refusal;
pub mod strings;

pub use home::home_page;

page_table! {
    GET  "/mentee"                                       => home::get_mentee,
    GET  "/mentee/contract"                              => contract::get_contract,
    POST "/mentee/contract/{id}/sign"                    => contract::post_contract_sign,
    GET  "/mentee/plan"                                  => plan::get_plan,
    POST "/mentee/plan"                                  => plan::post_plan,
    POST "/mentee/plan/submit"                           => plan::post_plan_submit,
    POST "/mentee/plan/reports"                          => plan::post_plan_report,
    GET  "/mentee/plan/versions/{version}"               => plan::get_plan_version,
    GET  "/mentee/activities"                            => activities::get_activities,
    POST "/mentee/activities/{id}/confirm"               => activities::post_activity_confirm,
    POST "/mentee/activities/{id}/dispute"               => activities::post_activity_dispute,
    GET  "/mentee/activities/{id}/files/{file_id}"       => activities::get_activity_file,
}
