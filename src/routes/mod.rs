//! HTTP: extract, authorise, call a service, answer. The whole API on one screen; every route here
//! also has a row in `auth::policy::POLICY`.

pub mod activities;
pub mod admin;
pub mod assessments;
pub mod audit;
pub mod auth;
pub mod benefits;
pub mod contracts;
pub mod extract;
pub mod health;
pub mod lineage;
pub mod mentors;
pub mod metrics;
pub mod nominations;
pub mod plans;
pub mod review;
pub mod rounds;
pub mod units;
pub mod users;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every route (the OpenAPI document is collected from the same calls).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::check_health)
        .service(health::check_ready)
        .service(metrics::get_metrics)
        .service(auth::log_in)
        .service(auth::log_out)
        .service(auth::get_me)
        .service(auth::change_password)
        .service(auth::accept_invitation)
        .service(auth::request_password_reset)
        .service(auth::confirm_password_reset)
        .service(units::list_units)
        .service(units::create_unit)
        .service(units::get_unit)
        .service(units::update_unit)
        .service(users::list_users)
        .service(users::create_user)
        .service(users::get_user)
        .service(users::update_user)
        .service(users::deactivate_user)
        .service(users::reactivate_user)
        .service(users::resend_invitation)
        .service(audit::list_audit_events)
        .service(admin::list_emails)
        .service(admin::retry_email)
        .service(admin::list_jobs)
        .service(admin::list_job_runs)
        .service(admin::run_job)
        .service(rounds::list_rounds)
        .service(rounds::create_round)
        .service(rounds::get_round)
        .service(rounds::update_round)
        .service(rounds::advance_round)
        .service(nominations::list_nominations)
        .service(nominations::create_nomination)
        .service(nominations::get_nomination)
        .service(nominations::update_nomination)
        .service(nominations::submit_nomination)
        .service(nominations::withdraw_nomination)
        .service(nominations::return_nomination)
        .service(nominations::list_nomination_files)
        .service(nominations::upload_nomination_file)
        .service(nominations::download_nomination_file)
        .service(review::assign_reviewer)
        .service(review::list_reviewers)
        .service(review::get_review_summary)
        .service(review::get_public_notice)
        .service(review::list_my_reviews)
        .service(review::score_nomination)
        .service(review::decide_nomination)
        .service(review::record_objection)
        .service(review::decide_notice_objection)
        .service(mentors::list_mentors)
        .service(mentors::get_mentor)
        .service(contracts::list_contracts)
        .service(contracts::create_contract)
        .service(contracts::get_contract)
        .service(contracts::update_contract)
        .service(contracts::request_signatures)
        .service(contracts::sign_contract)
        .service(contracts::terminate_contract)
        .service(contracts::replace_mentee)
        .service(activities::list_activities)
        .service(activities::log_activity)
        .service(activities::update_activity)
        .service(activities::respond_attendance)
        .service(activities::list_disputed_activities)
        .service(activities::get_progress)
        .service(activities::list_activity_files)
        .service(activities::upload_activity_file)
        .service(activities::download_activity_file)
        .service(plans::list_plans)
        .service(plans::write_plan)
        .service(plans::get_plan)
        .service(plans::submit_plan)
        .service(plans::review_plan)
        .service(plans::report_milestone)
        .service(plans::list_plans_awaiting_review)
        .service(lineage::get_lineage)
        .service(lineage::list_mentors_without_contract)
        .service(lineage::list_mentees_without_mentor)
        .service(assessments::open_assessment_round)
        .service(assessments::list_assessment_rounds)
        .service(assessments::get_assessment_round)
        .service(assessments::list_assessments)
        .service(assessments::get_unit_report)
        .service(assessments::get_assessment)
        .service(assessments::grade_assessment)
        .service(assessments::submit_assessment)
        .service(assessments::confirm_assessment)
        .service(assessments::return_assessment)
        .service(assessments::list_my_assessments)
        .service(assessments::file_objection)
        .service(assessments::list_objections)
        .service(assessments::decide_assessment_objection)
        .service(assessments::list_objection_files)
        .service(assessments::upload_objection_file)
        .service(assessments::download_objection_file)
        .service(benefits::list_benefits)
        .service(benefits::select_benefit)
        .service(benefits::get_benefit)
        .service(benefits::schedule_benefit)
        .service(benefits::decide_benefit)
        .service(benefits::issue_benefit)
        .service(benefits::get_my_benefits)
        .service(benefits::apply_for_benefit)
        .service(benefits::get_benefit_kind)
        .service(benefits::invite_to_training_class)
        .service(benefits::set_benefit_quota);
}
