//! The city admin's operations pages under `/city/operations`: the e-mail outbox, the jobs, and
//! the audit log, over `services::operations` (the same database functions and job runner as the
//! admin API).

pub mod audit;
pub mod jobs;
pub mod labels;
pub mod outbox;
pub mod overview;
pub mod strings;

page_table! {
    GET  "/city/operations"                        => overview::get_operations,
    GET  "/city/operations/outbox"                 => outbox::get_outbox,
    GET  "/city/operations/outbox/{id}"            => outbox::get_message,
    POST "/city/operations/outbox/{id}/retry"      => outbox::post_message_retry,
    GET  "/city/operations/jobs"                   => jobs::get_jobs,
    GET  "/city/operations/jobs/{name}"            => jobs::get_job,
    POST "/city/operations/jobs/{name}/run"        => jobs::post_job_run,
    GET  "/city/operations/audit"                  => audit::get_audit,
}
