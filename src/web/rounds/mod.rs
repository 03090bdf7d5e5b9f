//! The city admin's selection rounds under `/city/rounds…` and the mentor pool register at `/city/pool`.
//! A round has an overview (its settings, its next step and, once closed, its appointments), its
//! reviewers, its review summary with the decisions, and its side of the public notice with the
//! objections; every change goes through the same services as the API.

mod common;
pub mod form;
pub mod list;
pub mod objections;
pub mod pool;
pub mod review;
pub mod reviewers;
pub mod round;
pub mod strings;

page_table! {
    GET  "/city/rounds"                                           => list::get_rounds,
    POST "/city/rounds"                                           => form::post_rounds,
    GET  "/city/rounds/new"                                       => form::get_round_new,
    GET  "/city/rounds/{id}"                                      => round::get_round,
    GET  "/city/rounds/{id}/edit"                                 => form::get_round_edit,
    POST "/city/rounds/{id}/edit"                                 => form::post_round_edit,
    POST "/city/rounds/{id}/advance"                              => round::post_round_advance,
    GET  "/city/rounds/{id}/reviewers"                            => reviewers::get_round_reviewers,
    POST "/city/rounds/{id}/reviewers"                            => reviewers::post_round_reviewers,
    GET  "/city/rounds/{id}/review"                               => review::get_round_review,
    POST "/city/rounds/{id}/nominations/{nomination_id}/decision" => review::post_nomination_decision,
    GET  "/city/rounds/{id}/notice"                               => objections::get_round_notice,
    POST "/city/rounds/{id}/nominations/{nomination_id}/objections" => objections::post_notice_objection,
    POST "/city/rounds/{id}/objections/{objection_id}/outcome"    => objections::post_objection_outcome,
    GET  "/city/pool"                                             => pool::get_pool,
}
