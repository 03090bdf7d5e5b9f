//! Scheduled jobs. Each job decides what is due from the database, not from the timer, so a missed
//! tick is caught up by the next run, and a second run, a restart or a second instance sends
//! nothing twice (the outbox keys guarantee it). Every run is recorded. The scheduler, the admin
//! API and `peidai jobs run` all call [`run`].

pub mod assessment;
pub mod benefits;
pub mod city_admin;
pub mod lock;
pub mod mentoring;
pub mod scheduler;
pub mod selection;

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::db::job_runs::{self, JobRun};
use crate::db::tokens;
use crate::error::AppError;
use crate::startup::AppState;

/// The jobs there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobName {
    /// Drains the e-mail outbox.
    SendEmails,
    /// Deletes account tokens a week after they expired or were used.
    PurgeExpiredTokens,
    /// Reminds unit admins of a round's nomination deadline (7 days and 1 day before).
    SelectionReminders,
    /// Marks appointments past their term as expired and tells the mentors.
    ExpireAppointments,
    /// Completes active contracts whose cycle has ended.
    CompleteCycles,
    /// Reminds mentees and mentors of plans, signatures, activity, targets and cycle ends.
    MentoringReminders,
    /// Tells unit admins of assessment windows opening and closing and of follow-ups due.
    AssessmentReminders,
    /// Acts on confirmed unqualified grades past their objection window.
    RevokeUnqualified,
    /// Ends benefits past their period; health-check, period-end and selection e-mails.
    BenefitReminders,
    /// Tells the city admins of objection windows passed and revocations carried out (daily).
    CityAdminReminders,
    /// The city admins' weekly digest of what waits for the city.
    CityAdminDigest,
}

impl JobName {
    pub const ALL: [JobName; 11] = [
        JobName::SendEmails,
        JobName::PurgeExpiredTokens,
        JobName::SelectionReminders,
        JobName::ExpireAppointments,
        JobName::CompleteCycles,
        JobName::MentoringReminders,
        JobName::AssessmentReminders,
        JobName::RevokeUnqualified,
        JobName::BenefitReminders,
        JobName::CityAdminReminders,
        JobName::CityAdminDigest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SendEmails => "send_emails",
            Self::PurgeExpiredTokens => "purge_expired_tokens",
            Self::SelectionReminders => "selection_reminders",
            Self::ExpireAppointments => "expire_appointments",
            Self::CompleteCycles => "complete_cycles",
            Self::MentoringReminders => "mentoring_reminders",
            Self::AssessmentReminders => "assessment_reminders",
            Self::RevokeUnqualified => "revoke_unqualified",
            Self::BenefitReminders => "benefit_reminders",
            Self::CityAdminReminders => "city_admin_reminders",
            Self::CityAdminDigest => "city_admin_digest",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|j| j.as_str() == s)
    }

    /// What the job does, for `jobs list` and the admin API.
    pub fn description(self) -> &'static str {
        match self {
            Self::SendEmails => "Sends the e-mails waiting in the outbox, with retries.",
            Self::PurgeExpiredTokens => {
                "Deletes invitation and password-reset tokens a week after they expired or were used."
            }
            Self::SelectionReminders => {
                "Reminds unit admins of an open round's nomination deadline, 7 days and 1 day before."
            }
            Self::ExpireAppointments => {
                "Marks mentor appointments past their term as expired and tells the mentors."
            }
            Self::CompleteCycles => "Completes the active contracts whose cycle has ended.",
            Self::MentoringReminders => {
                "Reminds mentees and mentors of plans, signatures, activity, targets and cycle ends."
            }
            Self::AssessmentReminders => {
                "Tells unit admins that an assessment window opened, that it closes in 7 days and 1 day with mentors not yet assessed, and that follow-up assessments are due."
            }
            Self::RevokeUnqualified => {
                "Revokes mentors whose confirmed unqualified grade is past its objection window with no pending or upheld objection (or starts their rectification period)."
            }
            Self::BenefitReminders => {
                "Ends benefits whose period is over; reminds mentors of a health check due and of a bus card or apartment ending in 30 days, and tells them of a selection with its date and place."
            }
            Self::CityAdminReminders => {
                "Tells the city admins, in one e-mail a day, of the assessment objection windows that passed and the revocations carried out since the last one."
            }
            Self::CityAdminDigest => {
                "Sends the city admins a weekly digest: selection and assessment rounds with their deadlines, assessments outstanding by unit, objections pending, revocations, benefit applications waiting and dead e-mails."
            }
        }
    }

    /// The configured cron expression (empty: no timer).
    pub fn schedule(self, settings: &crate::config::Settings) -> &str {
        match self {
            Self::SendEmails => &settings.jobs.send_emails.schedule,
            Self::PurgeExpiredTokens => &settings.jobs.purge_expired_tokens.schedule,
            Self::SelectionReminders => &settings.jobs.selection_reminders.schedule,
            Self::ExpireAppointments => &settings.jobs.expire_appointments.schedule,
            Self::CompleteCycles => &settings.jobs.complete_cycles.schedule,
            Self::MentoringReminders => &settings.jobs.mentoring_reminders.schedule,
            Self::AssessmentReminders => &settings.jobs.assessment_reminders.schedule,
            Self::RevokeUnqualified => &settings.jobs.revoke_unqualified.schedule,
            Self::BenefitReminders => &settings.jobs.benefit_reminders.schedule,
            Self::CityAdminReminders => &settings.jobs.city_admin_reminders.schedule,
            Self::CityAdminDigest => &settings.jobs.city_admin_digest.schedule,
        }
    }
}

/// Why a job ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Schedule,
    Manual,
    Cli,
}

impl Trigger {
    fn as_str(self) -> &'static str {
        match self {
            Self::Schedule => "schedule",
            Self::Manual => "manual",
            Self::Cli => "cli",
        }
    }
}

/// What a run did, as named counts.
pub type Report = serde_json::Value;

/// Runs `job` once at the service clock's `now`, recording the run. A run that finds the job
/// already running (here or, on PostgreSQL, in another instance) is recorded as `skipped`.
pub async fn run(
    state: &AppState,
    job: JobName,
    trigger: Trigger,
    scheduled_for: Option<DateTime<Utc>>,
) -> Result<JobRun, AppError> {
    let started = state.clock.now_naive();
    let id = state
        .db
        .write(move |c| {
            job_runs::start(
                c,
                job.as_str(),
                trigger.as_str(),
                scheduled_for.map(|t| t.naive_utc()),
                started,
            )
        })
        .await?;
    let (status, report, error) =
        match lock::JobLock::acquire(&state.db, &state.running_jobs, job).await? {
            None => ("skipped", json!({}), None),
            Some(held) => {
                let result = execute(state, job).await;
                held.release().await;
                // A job over the whole dataset frees a lot at once; do not keep it.
                crate::memory::release_free_memory();
                match result {
                    Ok(report) => ("succeeded", report, None),
                    Err(e) => {
                        tracing::error!(job = job.as_str(), error = %e, "job failed");
                        ("failed", json!({}), Some(e.to_string()))
                    }
                }
            }
        };
    let finished = state.clock.now_naive();
    let run = state
        .db
        .write(move |c| job_runs::finish(c, id, status, &report, error.as_deref(), finished))
        .await?;
    tracing::info!(job = job.as_str(), status, "job run finished");
    Ok(run)
}

/// The jobs themselves: `async fn(state, now) -> Report`.
async fn execute(state: &AppState, job: JobName) -> Result<Report, AppError> {
    match job {
        JobName::SendEmails => {
            let report = state.mailer.drain(&state.db, &state.clock).await?;
            Ok(serde_json::to_value(report).map_err(AppError::internal)?)
        }
        JobName::PurgeExpiredTokens => {
            let cutoff = state.clock.now_naive() - chrono::Duration::days(7);
            let deleted = state.db.write(move |c| tokens::purge(c, cutoff)).await?;
            Ok(json!({ "deleted": deleted }))
        }
        JobName::SelectionReminders => {
            let (today, now) = (state.clock.today(), state.clock.now_naive());
            let domain = state.mailer.domain().to_owned();
            let queued = state
                .db
                .write(move |c| selection::send_deadline_reminders(c, today, now, &domain))
                .await?;
            if queued > 0 {
                state.mailer.wake.notify_one();
            }
            Ok(json!({ "queued": queued }))
        }
        JobName::ExpireAppointments => {
            let (today, now) = (state.clock.today(), state.clock.now_naive());
            let domain = state.mailer.domain().to_owned();
            let expired = state
                .db
                .run(move |c| selection::expire_appointments(c, today, now, &domain))
                .await?;
            if expired > 0 {
                state.mailer.wake.notify_one();
            }
            Ok(json!({ "expired": expired }))
        }
        JobName::CompleteCycles => {
            let (today, now) = (state.clock.today(), state.clock.now_naive());
            let completed = state
                .db
                .run(move |c| {
                    let due = crate::db::contracts::due_for_completion(c, today)?;
                    for (id, unit) in &due {
                        crate::db::write_transaction(c, |c| -> Result<(), AppError> {
                            crate::db::contracts::end(
                                c,
                                *id,
                                crate::domain::contract::ContractStatus::Completed,
                                Some("cycle ended"),
                                now,
                            )?;
                            crate::db::audit::record(
                                c,
                                now,
                                &crate::db::audit::Origin::default(),
                                crate::db::audit::Entry {
                                    actor: None,
                                    action: "contract.complete",
                                    object_type: Some("contract"),
                                    object_id: Some(id.to_string()),
                                    unit_id: Some(crate::domain::ids::UnitId(*unit)),
                                    summary: json!({}),
                                },
                            )
                        })?;
                    }
                    Ok(due.len())
                })
                .await?;
            Ok(json!({ "completed": completed }))
        }
        JobName::MentoringReminders => {
            let (today, now) = (state.clock.today(), state.clock.now_naive());
            let domain = state.mailer.domain().to_owned();
            let policy = state.settings.policy.clone();
            let queued = state
                .db
                .write(move |c| {
                    mentoring::send_mentoring_reminders(c, &policy, today, now, &domain)
                })
                .await?;
            if queued > 0 {
                state.mailer.wake.notify_one();
            }
            Ok(json!({ "queued": queued }))
        }
        JobName::AssessmentReminders => {
            let (today, now) = (state.clock.today(), state.clock.now_naive());
            let domain = state.mailer.domain().to_owned();
            let queued = state
                .db
                .write(move |c| assessment::send_assessment_reminders(c, today, now, &domain))
                .await?;
            if queued > 0 {
                state.mailer.wake.notify_one();
            }
            Ok(json!({ "queued": queued }))
        }
        JobName::RevokeUnqualified => {
            let (today, now) = (state.clock.today(), state.clock.now_naive());
            let domain = state.mailer.domain().to_owned();
            let return_days = state.settings.policy.benefit_return_days;
            let report = state
                .db
                .run(move |c| assessment::revoke_unqualified(c, return_days, today, now, &domain))
                .await?;
            state.mailer.wake.notify_one();
            Ok(serde_json::to_value(report).map_err(AppError::internal)?)
        }
        JobName::BenefitReminders => {
            let (today, now) = (state.clock.today(), state.clock.now_naive());
            let domain = state.mailer.domain().to_owned();
            let policy = state.settings.policy.clone();
            let run = state
                .db
                .write(move |c| benefits::benefit_reminders(c, &policy, today, now, &domain))
                .await?;
            if run.queued > 0 {
                state.mailer.wake.notify_one();
            }
            Ok(serde_json::to_value(run).map_err(AppError::internal)?)
        }
        JobName::CityAdminReminders | JobName::CityAdminDigest => {
            let (today, now) = (state.clock.today(), state.clock.now_naive());
            let domain = state.mailer.domain().to_owned();
            let clock = state.clock.clone();
            let queued = state
                .db
                .write(move |c| match job {
                    JobName::CityAdminReminders => {
                        city_admin::city_admin_reminders(c, &clock, now, &domain)
                    }
                    _ => city_admin::city_admin_digest(c, today, now, &domain),
                })
                .await?;
            if queued > 0 {
                state.mailer.wake.notify_one();
            }
            Ok(json!({ "queued": queued }))
        }
    }
}
