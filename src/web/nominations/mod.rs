//! A unit admin's nominations under `/unit/nominations`: the application form with its eligibility checked as the clerk types, the evidence files, submitting, withdrawing, and the forms the city returned.

pub mod check;
pub mod edit;
pub mod files;
pub mod form;
pub mod list;
pub mod new;
pub mod strings;

page_table! {
    GET  "/unit/nominations"                          => list::get_nominations,
    POST "/unit/nominations"                          => new::post_nominations,
    GET  "/unit/nominations/new"                      => new::get_nomination_new,
    POST "/unit/nominations/check"                    => check::post_nominations_check,
    GET  "/unit/nominations/{id}"                     => edit::get_nomination,
    POST "/unit/nominations/{id}"                     => edit::post_nomination,
    POST "/unit/nominations/{id}/check"               => check::post_nomination_check,
    POST "/unit/nominations/{id}/withdraw"            => edit::post_nomination_withdraw,
    POST "/unit/nominations/{id}/files"               => files::post_nomination_files,
    GET  "/unit/nominations/{id}/files/{file_id}"     => files::get_nomination_file,
}
