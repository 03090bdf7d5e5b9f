//! `peidai-bench job`: one job over the whole seeded dataset, in a process of its own so that
//! its peak memory is its own, with the clock fixed at the bench's day. Prints one JSON line.

use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::Serialize;

use peidai::auth::caller::Caller;
use peidai::clock::Clock;
use peidai::config::Settings;
use peidai::db::Db;
use peidai::domain::assessment::OpenRoundRequest;
use peidai::domain::ids::UserId;
use peidai::domain::role::Role;
use peidai::jobs::{JobName, Trigger};
use peidai::state::AppState;

/// The jobs the bench times.
pub const JOBS: &[&str] = &[
    "mentoring_reminders",
    "benefit_reminders",
    "open_assessment_round",
    "revoke_unqualified",
    "send_emails",
];

/// One timed job.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct JobTiming {
    pub job: String,
    pub seconds: f64,
    /// What the job reported (e-mails queued, mentors revoked, assessments created, ...).
    pub counts: serde_json::Value,
    /// The process's peak resident memory (VmHWM), in KiB.
    pub peak_rss_kib: u64,
}

/// A value of `/proc/<pid>/status` in KiB (`VmRSS`, `VmHWM`); 0 where there is none.
pub fn proc_status_kib(pid: &str, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Messages `send_emails` is timed on: the rest of the outbox is put off, so that the step stays
/// bounded in time whatever the reminders queued before it.
pub const EMAILS_TIMED: i64 = 5_000;

/// Leaves only the first [`EMAILS_TIMED`] pending messages due (the others are put off to 2100).
fn bound_outbox(db: &Db) -> anyhow::Result<()> {
    use diesel::prelude::*;
    use peidai::db::schema::email_outbox as o;
    let mut c = db.get()?;
    let keep: Vec<i64> = o::table
        .filter(o::status.eq("pending"))
        .order(o::id.asc())
        .limit(EMAILS_TIMED)
        .select(o::id)
        .load(&mut *c)?;
    let last = keep.last().copied().unwrap_or(0);
    let later = chrono::NaiveDate::from_ymd_opt(2100, 1, 1)
        .expect("valid")
        .and_hms_opt(0, 0, 0)
        .expect("valid");
    diesel::update(
        o::table
            .filter(o::status.eq("pending"))
            .filter(o::id.gt(last)),
    )
    .set(o::next_attempt_at.eq(later))
    .execute(&mut *c)?;
    Ok(())
}

/// Runs `job` at `now` and measures it.
pub fn run(settings: Settings, job: &str, now: DateTime<Utc>) -> anyhow::Result<JobTiming> {
    anyhow::ensure!(
        JOBS.contains(&job),
        "unknown bench job {job}; one of {JOBS:?}"
    );
    let db = Db::connect(&settings.database)?;
    if job == "send_emails" {
        bound_outbox(&db)?;
    }
    let clock = Clock::fixed(now);
    actix_web::rt::System::new().block_on(async move {
        let state = AppState::new(settings, db, clock)?;
        let started = Instant::now();
        let counts = if job == "open_assessment_round" {
            let caller = Caller {
                id: UserId(crate::seed::Layout::CITY_ADMIN),
                roles: vec![Role::CityAdmin],
                unit_id: None,
                origin: Default::default(),
            };
            let year = crate::seed::today().format("%Y").to_string();
            let opened = peidai::services::assessment_rounds::open_round(
                &state,
                caller,
                OpenRoundRequest {
                    year: year.parse()?,
                    opens_on: format!("{year}-12-01").parse()?,
                    closes_on: format!("{year}-12-31").parse()?,
                    objection_days: None,
                    consequence: None,
                    rectification_days: None,
                },
            )
            .await?;
            serde_json::json!({ "assessments": opened.assessments })
        } else {
            let name = JobName::parse(job).expect("listed");
            let run = peidai::jobs::run(&state, name, Trigger::Cli, None).await?;
            anyhow::ensure!(run.status == "succeeded", "{job}: {:?}", run.error);
            run.counts
        };
        Ok(JobTiming {
            job: job.to_owned(),
            seconds: started.elapsed().as_secs_f64(),
            counts,
            peak_rss_kib: proc_status_kib("self", "VmHWM:"),
        })
    })
}
