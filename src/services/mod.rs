//! The program's rules, applied to one request at a time: who may change what, and what is
//! recorded when they do. Handlers call these; these call the queries in `db`.

pub mod accounts;
pub mod activities;
pub mod appointments;
pub mod assessment_desk;
pub mod assessment_reports;
pub mod assessment_rounds;
pub mod assessments;
pub mod audit_trail;
pub mod benefit_decisions;
pub mod benefit_requests;
pub mod benefits;
pub mod contract_drafting;
pub mod contracts;
pub mod dashboards;
pub mod eligibility_check;
pub mod evidence;
pub mod exports;
pub mod imports;
pub mod lineage;
pub mod mentee_pages;
pub mod mentor_record;
pub mod mentor_year;
pub mod nominations;
pub mod objections;
pub mod office_views;
pub mod operations;
pub mod plans;
pub mod public_notice;
pub mod refusals;
pub mod review;
pub mod review_item;
pub mod round_register;
pub mod rounds;
pub mod units;
pub mod users;
