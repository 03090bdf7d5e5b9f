//! HTTP: extract, authorise, call a service, answer. The route table below is the whole API on one
//! screen: each handler with who may call it. A handler's method and path are written once, in its
//! own attribute (`#[get("/api/v1/…")]`, read back through `utoipa::Path`); from the table come the
//! registration (`configure`), the rows of the policy table the middleware enforces (`policy`) and
//! the access the OpenAPI document shows (`AccessDocs`).

pub mod access_docs;
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
pub mod review;
pub mod rounds;
pub mod units;
pub mod users;

pub use access_docs::AccessDocs;

use utoipa_actix_web::service_config::ServiceConfig;

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

/// Turns `handler => Public | Authenticated | Roles(GROUP)` lines into [`configure`] and
/// [`policy`], so that a route cannot be registered without saying who may call it.
macro_rules! route_table {
    ($($handler:path => $access:ident $(($roles:expr))?,)+) => {
        /// Registers every route of the table (the OpenAPI document is collected from the same
        /// calls).
        pub fn configure(cfg: &mut ServiceConfig) {
            $(cfg.service($handler);)+
        }

        /// Who may call each route of the table: a row per method of each handler, at the path
        /// its attribute declares.
        pub fn policy() -> Vec<RoutePolicy> {
            [$(RoutePolicy::of::<$handler>(Access::$access $(($roles))?)),+].concat()
        }
    };
}

// Who may call what. `Authenticated` routes scope what each caller sees in the handler; another
// unit's object answers 404 there, as a missing one does.
route_table! {
    health::check_health                     => Public,
    health::check_ready                      => Public,

    metrics::get_metrics                     => Public,

    auth::log_in                             => Public,
    auth::log_out                            => Authenticated,
    auth::get_me                             => Authenticated,
    auth::change_password                    => Authenticated,
    auth::accept_invitation                  => Public,
    auth::request_password_reset             => Public,
    auth::confirm_password_reset             => Public,

    units::list_units                        => Authenticated,
    units::create_unit                       => Roles(CITY),
    units::get_unit                          => Authenticated,
    units::update_unit                       => Roles(CITY),

    users::list_users                        => Roles(ADMINS),
    users::create_user                       => Roles(ADMINS),
    users::get_user                          => Roles(ADMINS),
    users::update_user                       => Roles(ADMINS),
    users::deactivate_user                   => Roles(ADMINS),
    users::reactivate_user                   => Roles(ADMINS),
    users::resend_invitation                 => Roles(ADMINS),

    audit::list_audit_events                 => Roles(CITY),

    admin::list_emails                       => Roles(CITY),
    admin::retry_email                       => Roles(CITY),
    admin::list_jobs                         => Roles(CITY),
    admin::list_job_runs                     => Roles(CITY),
    admin::run_job                           => Roles(CITY),

    rounds::list_rounds                      => Roles(SELECTION),
    rounds::create_round                     => Roles(CITY),
    rounds::get_round                        => Roles(SELECTION),
    rounds::update_round                     => Roles(CITY),
    rounds::advance_round                    => Roles(CITY),

    nominations::list_nominations            => Roles(ADMINS),
    nominations::create_nomination           => Roles(UNIT),
    nominations::get_nomination              => Roles(ADMINS),
    nominations::update_nomination           => Roles(UNIT),
    nominations::submit_nomination           => Roles(UNIT),
    nominations::withdraw_nomination         => Roles(UNIT),
    nominations::return_nomination           => Roles(CITY),
    nominations::list_nomination_files       => Roles(SELECTION),
    nominations::upload_nomination_file      => Roles(UNIT),
    nominations::download_nomination_file    => Roles(SELECTION),

    review::assign_reviewer                  => Roles(CITY),
    review::list_reviewers                   => Roles(CITY),
    review::get_review_summary               => Roles(CITY),
    review::get_public_notice                => Authenticated,
    review::list_my_reviews                  => Roles(REVIEWER),
    review::score_nomination                 => Roles(REVIEWER),
    review::decide_nomination                => Roles(CITY),
    review::record_objection                 => Roles(CITY),
    review::decide_notice_objection          => Roles(CITY),

    mentors::list_mentors                    => Roles(ADMINS),
    mentors::get_mentor                      => Roles(ADMINS),

    contracts::list_contracts                => Roles(MENTORING),
    contracts::create_contract               => Roles(DRAFTERS),
    contracts::get_contract                  => Roles(MENTORING),
    contracts::update_contract               => Roles(DRAFTERS),
    contracts::request_signatures            => Roles(DRAFTERS),
    contracts::sign_contract                 => Roles(PARTIES),
    contracts::terminate_contract            => Roles(CITY),
    contracts::replace_mentee                => Roles(DRAFTERS),

    activities::list_activities              => Roles(MENTORING),
    activities::log_activity                 => Roles(MENTOR),
    activities::update_activity              => Roles(MENTOR),
    activities::respond_attendance           => Roles(MENTEE),
    activities::list_disputed_activities     => Roles(ADMINS),
    activities::get_progress                 => Roles(MENTORING),
    activities::list_activity_files          => Roles(MENTORING),
    activities::upload_activity_file         => Roles(MENTOR),
    activities::download_activity_file       => Roles(MENTORING),
    exports::get_activity_statistics         => Roles(ADMINS),

    plans::list_plans                        => Roles(MENTORING),
    plans::write_plan                        => Roles(MENTEE),
    plans::get_plan                          => Roles(MENTORING),
    plans::submit_plan                       => Roles(MENTEE),
    plans::review_plan                       => Roles(MENTOR),
    plans::report_milestone                  => Roles(MENTEE),
    plans::list_plans_awaiting_review        => Roles(MENTORING),

    lineage::get_lineage                     => Roles(ADMINS_AND_MENTORS),
    lineage::list_mentors_without_contract   => Roles(ADMINS),
    lineage::list_mentees_without_mentor     => Roles(ADMINS),

    assessments::open_assessment_round       => Roles(CITY),
    assessments::list_assessment_rounds      => Roles(ADMINS),
    assessments::get_assessment_round        => Roles(ADMINS),
    assessments::list_assessments            => Roles(ADMINS),
    assessments::get_unit_report             => Roles(ADMINS),
    assessments::get_assessment              => Authenticated,
    assessments::grade_assessment            => Roles(UNIT),
    assessments::submit_assessment           => Roles(UNIT),
    assessments::confirm_assessment          => Roles(CITY),
    assessments::return_assessment           => Roles(CITY),
    assessments::list_my_assessments         => Authenticated,
    assessments::file_objection              => Authenticated,
    assessments::list_objections             => Roles(ADMINS),
    assessments::decide_assessment_objection => Roles(CITY),
    assessments::list_objection_files        => Authenticated,
    assessments::upload_objection_file       => Authenticated,
    assessments::download_objection_file     => Authenticated,

    benefits::list_benefits                  => Authenticated,
    benefits::select_benefit                 => Roles(CITY),
    benefits::get_benefit                    => Authenticated,
    benefits::schedule_benefit               => Roles(CITY),
    benefits::decide_benefit                 => Roles(CITY),
    benefits::issue_benefit                  => Roles(CITY),
    benefits::get_my_benefits                => Authenticated,
    benefits::apply_for_benefit              => Roles(MENTOR),
    benefits::get_benefit_kind               => Roles(CITY),
    benefits::invite_to_training_class       => Roles(CITY),
    benefits::set_benefit_quota              => Roles(CITY),

    imports::run_import                      => Roles(CITY),
    imports::get_import_template             => Roles(CITY),
}
