//! The timers: one small loop per job on the runtime, firing at the job's cron times in the city's
//! time zone. A loop only decides *when* to look; the job decides from the database what is due.

use actix_web::web;
use chrono::Utc;
use tokio::sync::watch;

use super::{JobName, Trigger};
use crate::state::AppState;

/// Starts a loop for every job with a schedule (unless jobs are switched off). The loops end when
/// `stop` turns true, after the run in progress.
pub fn spawn(
    state: web::Data<AppState>,
    stop: watch::Receiver<bool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    if !state.settings.jobs.enabled {
        return Vec::new();
    }
    let tz = state.settings.jobs.timezone;
    JobName::ALL
        .into_iter()
        .filter_map(|job| {
            let schedule = job.schedule(&state.settings)?.clone();
            let (state, mut stop) = (state.clone(), stop.clone());
            Some(actix_web::rt::spawn(async move {
                tracing::info!(job = job.as_str(), schedule = %schedule, "job timer started");
                while let Some(next) = schedule.after(&Utc::now().with_timezone(&tz)).next() {
                    let wait = (next.with_timezone(&Utc) - Utc::now())
                        .to_std()
                        .unwrap_or_default();
                    let mut scheduled_for = Some(next.with_timezone(&Utc));
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = stop.changed() => break,
                        _ = state.mailer.wake.notified(), if job == JobName::SendEmails => {
                            scheduled_for = None;
                        }
                    }
                    if *stop.borrow() {
                        break;
                    }
                    if let Err(e) = super::run(&state, job, Trigger::Schedule, scheduled_for).await {
                        tracing::error!(job = job.as_str(), error = %e, "job run could not be recorded");
                    }
                }
                tracing::info!(job = job.as_str(), "job timer stopped");
            }))
        })
        .collect()
}
