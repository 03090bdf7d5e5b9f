//! HTTP: extract, authorise, call a service, answer. The route table below is the whole API on one
//! screen: each handler with who may call it. A handler's method and path are written once, in its
//! own attribute (`#[get("/api/v1/…")]`, read back through `utoipa::Path`); from the table come the
//! registration (`configure`), the rows of the policy table the middleware enforces (`policy`), the
//! access the OpenAPI document shows (`AccessDocs`) and the README's access table
//! (`access_table_markdown`, from `documented`: each row's roles come from its access, and the
//! row's own words add only what the request carries and which objects the caller reaches).

pub mod access_docs;
pub mod access_table;
pub mod activities;
pub mod admin;
pub mod assessments;
pub mod audit;
pub mod auth;
pub mod benefits;
pub mod contracts;
pub mod exports;
pub mod extract;
pub mod health;
pub mod imports;
pub mod lineage;
pub mod mentors;
pub mod metrics;
pub mod nominations;
pub mod plans;
pub mod reach;
pub mod review;
pub mod rounds;
pub mod units;
pub mod users;

pub use access_docs::AccessDocs;

use utoipa_actix_web::service_config::ServiceConfig;

use self::access_table::DocumentedRow;
use crate::auth::policy::{Access, RoutePolicy};
use crate::domain::role::Role;

const CITY: &[Role] = &[Role::CityAdmin];
const ADMINS: &[Role] = &[Role::CityAdmin, Role::UnitAdmin];
const UNIT: &[Role] = &[Role::UnitAdmin];
const SELECTION: &[Role] = &[Role::CityAdmin, Role::UnitAdmin, Role::Reviewer];
const REVIEWER: &[Role] = &[Role::Reviewer];
const DRAFTERS: &[Role] = &[Role::Mentor, Role::UnitAdmin];
const PARTIES: &[Role] = &[Role::Mentor, Role::Mentee];
const MENTOR: &[Role] = &[Role::Mentor];
const MENTEE: &[Role] = &[Role::Mentee];
const ADMINS_AND_MENTORS: &[Role] = &[Role::CityAdmin, Role::UnitAdmin, Role::Mentor];
const MENTORING: &[Role] = &[Role::CityAdmin, Role::UnitAdmin, Role::Mentor, Role::Mentee];

/// Turns `handler => ACCESS ["what the request carries"] "scope and notes"` lines, ACCESS being
/// `Public`, `Authenticated`, `Roles(GROUP)` or `RolesOrRoleless(GROUP)`, into [`configure`],
/// [`policy`] and [`documented`], so that a route cannot be registered without saying who may
/// call it, and the README cannot say otherwise.
macro_rules! route_table {
    ($($handler:path => $access:ident $(($roles:expr))? $([$detail:literal])? $($scope:literal)?,)+) => {
        /// Registers every route of the table (the OpenAPI document is collected from the same
        /// calls).
        pub fn configure(cfg: &mut ServiceConfig) {
            $(cfg.service($handler);)+
        }

        /// Who may call each route of the table: a row per method of each handler, at the path
        /// its attribute declares.
        pub fn policy() -> Vec<RoutePolicy> {
            documented().into_iter().flat_map(|row| row.routes).collect()
        }

        /// The rows of the table with their words for the README, in the order declared.
        pub fn documented() -> Vec<DocumentedRow> {
            vec![$(DocumentedRow {
                routes: RoutePolicy::of::<$handler>(Access::$access $(($roles))?),
                detail: concat!("" $(, $detail)?),
                scope: concat!("" $(, $scope)?),
            }),+]
        }
    };
}

/// The README's access table ("API at a glance") for the route table below.
pub fn access_table_markdown() -> String {
    access_table::render(&documented())
}

// Who may call what. The middleware answers 403 to a signed-in caller whose roles the row does
// not name (`RolesOrRoleless`: the reads of a mentor's own history, which a revoked mentor, left
// with no role, keeps); the handler scopes what a permitted caller reaches, and another unit's
// object answers 404 there, as a missing one does (before the body is looked at: see
// `extract::JsonBody`).
route_table! {
    health::check_health                     => Public "liveness",
    health::check_ready                      => Public "readiness: the database answers",

    metrics::get_metrics                     => Public "Prometheus text",

    auth::log_in                             => Public ["`{email, password}` → `{access_token, token_type, expires_in, user}`"] "rate-limited per address, per account and address, and per account: 429 with `Retry-After`; see \"Login and password-reset limits\"",
    auth::log_out                            => Authenticated ["(ends every session of the user)"] "themselves",
    auth::get_me                             => Authenticated "themselves",
    auth::change_password                    => Authenticated ["`{current_password, new_password}`"] "themselves",
    auth::accept_invitation                  => Public ["`{token, password}`"] "a link's token is single-use; a used or expired one answers 410",
    auth::request_password_reset             => Public ["`{email}`"] "a link's token is single-use; a used or expired one answers 410",
    auth::confirm_password_reset             => Public ["`{token, new_password}`"] "a link's token is single-use; a used or expired one answers 410",

    units::list_units                        => Authenticated "everyone sees their own unit; city admins see all",
    units::create_unit                       => Roles(CITY) ["`{name, kind, district?}`"],
    units::get_unit                          => Authenticated "everyone sees their own unit; city admins see all",
    units::update_unit                       => Roles(CITY),

    users::list_users                        => Roles(ADMINS) ["(filters `unit_id`, `role`, `status`, `q`)"] "city admins everyone; unit admins the mentors and mentees of their own unit, and they never grant `city_admin`, `unit_admin` or `reviewer`",
    users::create_user                       => Roles(ADMINS) ["`{email, name, roles, unit_id, locale?, profile?}`"] "city admins everyone; unit admins the mentors and mentees of their own unit, and they never grant `city_admin`, `unit_admin` or `reviewer`",
    users::get_user                          => Roles(ADMINS) "city admins everyone; unit admins the mentors and mentees of their own unit, and they never grant `city_admin`, `unit_admin` or `reviewer`",
    users::update_user                       => Roles(ADMINS) "city admins everyone; unit admins the mentors and mentees of their own unit, and they never grant `city_admin`, `unit_admin` or `reviewer`",
    users::deactivate_user                   => Roles(ADMINS) "city admins everyone; unit admins the mentors and mentees of their own unit, and they never grant `city_admin`, `unit_admin` or `reviewer`",
    users::reactivate_user                   => Roles(ADMINS) "city admins everyone; unit admins the mentors and mentees of their own unit, and they never grant `city_admin`, `unit_admin` or `reviewer`",
    users::resend_invitation                 => Roles(ADMINS) "city admins everyone; unit admins the mentors and mentees of their own unit, and they never grant `city_admin`, `unit_admin` or `reviewer`",

    audit::list_audit_events                 => Roles(CITY) ["(filters `action`, `actor_id`, `object_type`, `object_id`)"],

    admin::list_emails                       => Roles(CITY),
    admin::retry_email                       => Roles(CITY),
    admin::list_jobs                         => Roles(CITY),
    admin::list_job_runs                     => Roles(CITY),
    admin::run_job                           => Roles(CITY),

    rounds::list_rounds                      => Roles(SELECTION),
    rounds::create_round                     => Roles(CITY),
    rounds::get_round                        => Roles(SELECTION),
    rounds::update_round                     => Roles(CITY),
    rounds::advance_round                    => Roles(CITY) ["`{to}`"],

    nominations::list_nominations            => Roles(ADMINS) ["(`?format=json|xlsx|csv`: the list as a file, see [Excel lists](#excel-lists-导出))"] "city admins all; unit admins their unit's",
    nominations::create_nomination           => Roles(UNIT) "their own unit",
    nominations::get_nomination              => Roles(ADMINS) "city admins all; unit admins their unit's",
    nominations::update_nomination           => Roles(UNIT) "their own unit",
    nominations::submit_nomination           => Roles(UNIT) "their own unit",
    nominations::withdraw_nomination         => Roles(UNIT) "their own unit",
    nominations::return_nomination           => Roles(CITY),
    nominations::list_nomination_files       => Roles(SELECTION) "the admins who may see the nomination, and the reviewers it is assigned to",
    nominations::upload_nomination_file      => Roles(UNIT) ["`?name=…` (the body is the file)"] "their own unit",
    nominations::download_nomination_file    => Roles(SELECTION) "the admins who may see the nomination, and the reviewers it is assigned to",

    review::assign_reviewer                  => Roles(CITY),
    review::list_reviewers                   => Roles(CITY),
    review::get_review_summary               => Roles(CITY),
    review::get_public_notice                => Authenticated "once the round is on notice",
    review::list_my_reviews                  => Roles(REVIEWER) "their own assignments",
    review::score_nomination                 => Roles(REVIEWER) ["`{score, recommendation, comment}`"] "their own assignments",
    review::decide_nomination                => Roles(CITY) ["`{decision, reason, signed_by, signed_on, score_exception_reason?}`"],
    review::record_objection                 => Roles(CITY),
    review::decide_notice_objection          => Roles(CITY) ["`{outcome: upheld|rejected, reason}`"],

    mentors::list_mentors                    => Roles(ADMINS) ["(`?format=json|xlsx|csv`)"] "city admins all; unit admins their unit's",
    mentors::get_mentor                      => Roles(ADMINS) "city admins all; unit admins their unit's",

    contracts::list_contracts                => Roles(MENTORING) ["(`?format=json|xlsx|csv`: the file for admins only, others 403)"] "the contract's mentor and mentees, its unit's admins, city admins",
    contracts::create_contract               => Roles(DRAFTERS) "the mentor, or the mentor's unit admin",
    contracts::get_contract                  => Roles(MENTORING) "the contract's mentor and mentees, its unit's admins, city admins",
    contracts::update_contract               => Roles(DRAFTERS) "the mentor, or the mentor's unit admin",
    contracts::request_signatures            => Roles(DRAFTERS) "the mentor, or the mentor's unit admin",
    contracts::sign_contract                 => Roles(PARTIES) "the contract's mentor and mentees while it waits for signatures; in an active contract, a replacement mentee who has not signed",
    contracts::terminate_contract            => Roles(CITY) ["`{reason}`"],
    contracts::replace_mentee                => Roles(DRAFTERS) "the mentor, or the mentor's unit admin",

    activities::list_activities              => Roles(MENTORING) ["`?year=`"] "as for the contract",
    activities::log_activity                 => Roles(MENTOR) "the contract's mentor",
    activities::update_activity              => Roles(MENTOR) "the contract's mentor",
    activities::respond_attendance           => Roles(MENTEE) ["`{status: confirmed|disputed, note}`"] "the attending mentees",
    activities::list_disputed_activities     => Roles(ADMINS) "city admins all; unit admins their unit's",
    activities::get_progress                 => Roles(MENTORING) ["`?year=`"] "as for the contract",
    activities::list_activity_files          => Roles(MENTORING) "as for the contract",
    activities::upload_activity_file         => Roles(MENTOR) ["`?name=…` (the body is the file)"] "the contract's mentor",
    activities::download_activity_file       => Roles(MENTORING) "as for the contract",
    exports::get_activity_statistics         => Roles(ADMINS) ["`?year=&unit_id=&format=json|xlsx|csv`"] "city admins all, or one unit; unit admins their unit",

    plans::list_plans                        => Roles(MENTORING) "the contract's mentor and the admins; a mentee their own",
    plans::write_plan                        => Roles(MENTEE) "the mentee, their own",
    plans::get_plan                          => Roles(MENTORING) "the contract's mentor and the admins; a mentee their own",
    plans::submit_plan                       => Roles(MENTEE) "the mentee, their own",
    plans::review_plan                       => Roles(MENTOR) ["`{decision: approved|returned, comment}`"] "the contract's mentor",
    plans::report_milestone                  => Roles(MENTEE) "the mentee, their own",
    plans::list_plans_awaiting_review        => Roles(ADMINS_AND_MENTORS) "the mentor their own; unit admins their unit's; city admins all",

    lineage::get_lineage                     => Roles(ADMINS_AND_MENTORS) "city admins; the mentor's unit admins; the mentor",
    lineage::list_mentors_without_contract   => Roles(ADMINS) "city admins all; unit admins their unit",
    lineage::list_mentees_without_mentor     => Roles(ADMINS) "city admins all; unit admins their unit",

    assessments::open_assessment_round       => Roles(CITY) ["`{year, opens_on, closes_on, objection_days?, consequence?, rectification_days?}`"],
    assessments::list_assessment_rounds      => Roles(ADMINS) "city admins all; unit admins their unit's",
    assessments::get_assessment_round        => Roles(ADMINS) ["(summary)"] "city admins all; unit admins their unit's",
    assessments::list_assessments            => Roles(ADMINS) ["(filters `unit_id`, `status`, `grade`, `kind`; `?format=json|xlsx|csv`)"] "city admins all; unit admins their unit's",
    assessments::get_unit_report             => Roles(ADMINS) ["`?format=json|csv`"] "city admins all; unit admins their unit's",
    assessments::get_assessment              => RolesOrRoleless(ADMINS_AND_MENTORS) "city admins; the unit's admins; the assessed mentor once it is confirmed",
    assessments::grade_assessment            => Roles(UNIT) ["`{grade, overall_comment, indicator_comments}`"] "their own unit",
    assessments::submit_assessment           => Roles(UNIT) "their own unit",
    assessments::confirm_assessment          => Roles(CITY),
    assessments::return_assessment           => Roles(CITY) ["`{reason}`"],
    assessments::list_my_assessments         => RolesOrRoleless(MENTOR) "the assessed mentor, their own",
    assessments::file_objection              => Roles(MENTOR) ["`{content}`"] "the assessed mentor, their own",
    assessments::list_objections             => Roles(ADMINS) ["`?status=`"] "city admins all; unit admins their unit's",
    assessments::decide_assessment_objection => Roles(CITY) ["`{outcome: upheld|rejected, reason}`"],
    assessments::list_objection_files        => RolesOrRoleless(ADMINS_AND_MENTORS) "as for the assessment",
    assessments::upload_objection_file       => Roles(MENTOR) ["`?name=…` (the body is the file)"] "the assessed mentor, their own",
    assessments::download_objection_file     => RolesOrRoleless(ADMINS_AND_MENTORS) "as for the assessment",

    benefits::list_benefits                  => RolesOrRoleless(ADMINS_AND_MENTORS) ["(filters `kind`, `status`, `unit_id`; `?format=json|xlsx|csv`: the file for admins only, others 403)"] "the mentor their own; unit admins their unit's, read only; city admins all",
    benefits::select_benefit                 => Roles(CITY) ["`{kind, mentor_entry_id, year?, starts_on?, ends_on?, place?, note?}`"],
    benefits::get_benefit                    => RolesOrRoleless(ADMINS_AND_MENTORS) "the mentor their own; unit admins their unit's, read only; city admins all",
    benefits::schedule_benefit               => Roles(CITY) ["`{starts_on?, ends_on?, place?}`"],
    benefits::decide_benefit                 => Roles(CITY) ["`{outcome: approved|declined, reason?}`"],
    benefits::issue_benefit                  => Roles(CITY) ["`{card_number|room|checked_on, institution|starts_on, ends_on|attended|title}`"],
    benefits::get_my_benefits                => RolesOrRoleless(MENTOR) "the mentor, their own",
    benefits::apply_for_benefit              => Roles(MENTOR) ["`{kind: bus_card|apartment, note?}`"] "active mentors",
    benefits::get_benefit_kind               => Roles(CITY),
    benefits::invite_to_training_class       => Roles(CITY) ["`{year, starts_on, ends_on, place}`"],
    benefits::set_benefit_quota              => Roles(CITY) ["`{recuperation_leave}`"],

    imports::run_import                      => Roles(CITY) ["`?apply=&invite=&name=` (the XLSX or CSV file is the body; `kind` is `units`, `people`, `pool` or `contracts`) → the per-row report"],
    imports::get_import_template             => Roles(CITY),
}
