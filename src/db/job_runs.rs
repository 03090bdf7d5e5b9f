//! The record of every job run: when, why, what it did, how it ended.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::AnyConnection;
use super::schema::job_runs as j;
use crate::domain::ids::JobRunId;
use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;

/// One run as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema, Queryable, Selectable)]
#[diesel(table_name = j)]
pub struct JobRunRow {
    #[schema(value_type = i64)]
    pub id: JobRunId,
    pub job: String,
    /// `schedule`, `manual` (API) or `cli`.
    pub trigger: String,
    pub scheduled_for: Option<NaiveDateTime>,
    pub started_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
    /// `running`, `succeeded`, `failed` or `skipped` (another run held the job's lock, or another
    /// instance took this tick).
    pub status: String,
    /// JSON object of counts.
    pub counts: String,
    pub error: Option<String>,
}

/// A run with UTC timestamps and parsed counts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobRun {
    #[schema(value_type = i64)]
    pub id: JobRunId,
    pub job: String,
    pub trigger: String,
    pub scheduled_for: Option<DateTime<Utc>>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub status: String,
    #[schema(value_type = Object)]
    pub counts: serde_json::Value,
    pub error: Option<String>,
}

impl From<JobRunRow> for JobRun {
    fn from(r: JobRunRow) -> Self {
        JobRun {
            id: r.id,
            job: r.job,
            trigger: r.trigger,
            scheduled_for: r.scheduled_for.map(|t| t.and_utc()),
            started_at: r.started_at.and_utc(),
            finished_at: r.finished_at.map(|t| t.and_utc()),
            status: r.status,
            counts: serde_json::from_str(&r.counts).unwrap_or_default(),
            error: r.error,
        }
    }
}

/// Records the start of a run; returns its id and whether it may go ahead. A scheduled run whose
/// tick (the same job and `scheduled_for`) a run of another instance already took is recorded as
/// `skipped`: on one database each tick runs once, however many instances share it. Call it in a
/// write transaction, after [`super::job_locks::lock_tick`]: SQLite's `BEGIN IMMEDIATE` and the
/// PostgreSQL transaction lock order the instances, so two never both see the tick free.
pub fn start(
    conn: &mut AnyConnection,
    job: &str,
    trigger: &str,
    scheduled_for: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<(JobRunId, bool), AppError> {
    let taken = match scheduled_for {
        None => false,
        Some(tick) => {
            let runs: i64 = j::table
                .filter(j::job.eq(job))
                .filter(j::scheduled_for.eq(tick))
                .filter(j::status.ne("skipped"))
                .count()
                .get_result(conn)?;
            runs > 0
        }
    };
    let id = diesel::insert_into(j::table)
        .values((
            j::job.eq(job),
            j::trigger.eq(trigger),
            j::scheduled_for.eq(scheduled_for),
            j::started_at.eq(now),
            j::status.eq(if taken { "skipped" } else { "running" }),
            j::counts.eq("{}"),
        ))
        .returning(j::id)
        .get_result(conn)?;
    Ok((id, !taken))
}

pub fn finish(
    conn: &mut AnyConnection,
    id: JobRunId,
    status: &str,
    counts: &serde_json::Value,
    error: Option<&str>,
    now: NaiveDateTime,
) -> Result<JobRun, AppError> {
    diesel::update(j::table.filter(j::id.eq(id)))
        .set((
            j::status.eq(status),
            j::counts.eq(counts.to_string()),
            j::error.eq(error),
            j::finished_at.eq(now),
        ))
        .execute(conn)?;
    Ok(j::table
        .find(id)
        .select(JobRunRow::as_select())
        .first(conn)?
        .into())
}

/// Runs of one job, newest first.
pub fn list(
    conn: &mut AnyConnection,
    job: &str,
    page: PageRequest,
) -> Result<Page<JobRun>, AppError> {
    let total: i64 = j::table.filter(j::job.eq(job)).count().get_result(conn)?;
    let rows: Vec<JobRunRow> = j::table
        .filter(j::job.eq(job))
        .order(j::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(JobRunRow::as_select())
        .load(conn)?;
    Ok(Page {
        items: rows.into_iter().map(JobRun::from).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// The latest run of a job, if any.
pub fn latest(conn: &mut AnyConnection, job: &str) -> Result<Option<JobRun>, AppError> {
    Ok(j::table
        .filter(j::job.eq(job))
        .order(j::id.desc())
        .select(JobRunRow::as_select())
        .first(conn)
        .optional()?
        .map(JobRun::from))
}
