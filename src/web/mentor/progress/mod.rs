//! The mentor's year of work: the dashboard at `/mentor` (progress per indicator against the
//! target and the pro-rata target, what is waiting) and the activities under
//! `/mentor/activities` (log one with its photos, edit it until it is locked).

pub mod activities;
pub mod activity_form;
pub mod dashboard;
pub mod files;
pub mod strings;
mod view;

pub use dashboard::home_page;

page_table! {
    GET  "/mentor"                                  => dashboard::get_dashboard,
    GET  "/mentor/activities"                       => activities::get_activities,
    GET  "/mentor/activities/new"                   => activity_form::get_new_activity,
    POST "/mentor/activities"                       => activity_form::post_activity,
    GET  "/mentor/activities/{id}"                  => activities::get_activity,
    GET  "/mentor/activities/{id}/edit"             => activity_form::get_edit_activity,
    POST "/mentor/activities/{id}"                  => activity_form::post_activity_update,
    POST "/mentor/activities/{id}/files"            => files::post_activity_files,
    GET  "/mentor/activities/{id}/files/{file_id}"  => files::get_activity_file,
}
