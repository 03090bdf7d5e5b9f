//! A reviewer's pages under `/review`: the nominations assigned to them, the form and its evidence, and the score with a recommendation.

pub mod list;
pub mod review;
pub mod strings;

pub use list::home_page;

page_table! {
    GET  "/review"                          => list::get_reviews,
    GET  "/review/{id}"                     => review::get_review,
    POST "/review/{id}"                     => review::post_review,
    GET  "/review/{id}/files/{file_id}"     => review::get_review_file,
}
