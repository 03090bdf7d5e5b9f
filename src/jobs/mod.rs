//! Scheduled jobs. Each job decides what is due from the database, not from the timer, so a missed
//! tick is caught up by the next run, and a second run, a restart or a second instance sends
//! nothing twice (the outbox keys guarantee it); instances on one database also run each tick of a
//! timer once (the first to record it takes it). Every run is recorded. The scheduler, the admin
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
use crate::db::{job_locks, tokens};
use crate::error::AppError;
use crate::services::audit_trail::{Actor, Subject, record};
use crate::state::AppState;
pub use crate::state::jobs::JobName;

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
/// already running (here or, on PostgreSQL, in another instance), and a timer's run whose tick
/// another instance on the same database took, is recorded as `skipped`.
pub async fn run(
    state: &AppState,
    job: JobName,
    trigger: Trigger,
    scheduled_for: Option<DateTime<Utc>>,
) -> Result<JobRun, AppError> {
    let started = state.clock.now_naive();
    let tick_key = lock::tick_key(job);
    let (id, claimed) = state
        .db
        .write(move |c| {
            if scheduled_for.is_some() {
                job_locks::lock_tick(c, tick_key)?;
            }
            job_runs::start(
                c,
                job.as_str(),
                trigger.as_str(),
                scheduled_for.map(|t| t.naive_utc()),
                started,
            )
        })
        .await?;
    let held = if claimed {
        lock::JobLock::acquire(&state.db, &state.running_jobs, job).await?
    } else {
        None
    };
    let (status, report, error) = match held {
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
                .write_each(move |c| selection::expire_appointments(c, today, now, &domain))
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
                .write_each(move |c| {
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
                            record(
                                c,
                                Actor::System,
                                "contract.complete",
                                Subject::new("contract", id, Some(*unit)),
                                json!({}),
                                now,
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
                .write_each(move |c| {
                    assessment::revoke_unqualified(c, return_days, today, now, &domain)
                })
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
