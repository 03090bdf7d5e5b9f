//! The city admin's operations pages under `/city/operations`: the e-mail outbox, the jobs, and the audit log.

pub mod strings;

page_table! {}
