//! Operations for city admins: the e-mail outbox and the scheduled jobs.

use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::QueryParams;
use crate::auth::caller::Caller;
use crate::db::job_runs::{self, JobRun};
use crate::db::outbox::{self, OutboxView};
use crate::domain::ids::EmailId;
use crate::domain::page::{Page, parse_page};
use crate::error::{AppError, ErrorBody, Problems};
use crate::jobs::{self, JobName, Trigger};
use crate::state::AppState;

/// Filters of the outbox list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EmailListQuery {
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    /// `pending`, `sending`, `sent` or `dead`.
    #[param(pattern = "^(pending|sending|sent|dead)$")]
    pub status: Option<String>,
}

/// Lists outbox messages, newest first.
#[utoipa::path(
    tag = "admin",
    params(EmailListQuery),
    responses((status = 200, body = Page<OutboxView>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/admin/emails")]
pub async fn list_emails(
    state: web::Data<AppState>,
    _caller: Caller,
    query: QueryParams<EmailListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    if let Some(s) = &q.status
        && !["pending", "sending", "sent", "dead"].contains(&s.as_str())
    {
        p.add(
            "status",
            "invalid_value",
            crate::i18n::Msg::new(
                "状态应为 pending、sending、sent 或 dead",
                "status must be pending, sending, sent or dead",
            ),
        );
    }
    p.finish()?;
    let list = state
        .db
        .run(move |c| outbox::list(c, q.status.as_deref(), page))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Puts a dead message back in the queue with a fresh attempt count.
#[utoipa::path(
    tag = "admin",
    params(("id" = i64, Path, description = "outbox message id")),
    responses((status = 200, body = OutboxView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/api/v1/admin/emails/{id}/retry")]
pub async fn retry_email(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<EmailId>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now_naive());
    let view = state
        .db
        .write(move |c| outbox::retry_dead(c, id, now))
        .await?;
    state.mailer.wake.notify_one();
    Ok(HttpResponse::Ok().json(view))
}

/// A job, its timer and its latest run.
#[derive(Serialize, ToSchema)]
pub struct JobInfo {
    pub name: &'static str,
    pub description: &'static str,
    /// Cron expression with seconds; empty when the timer is off.
    pub schedule: String,
    /// False when this job's timer, or all timers, are off.
    pub scheduled: bool,
    pub next_run_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_run: Option<JobRun>,
}

/// Lists the jobs with their schedules and latest runs.
#[utoipa::path(
    tag = "admin",
    params(crate::domain::page::PageQuery),
    responses((status = 200, body = Page<JobInfo>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/admin/jobs")]
pub async fn list_jobs(
    state: web::Data<AppState>,
    _caller: Caller,
    query: QueryParams<crate::domain::page::PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.0.parse()?;
    let mut out = Vec::new();
    let tz = state.settings.jobs.timezone;
    for job in JobName::ALL {
        let configured = job.schedule(&state.settings);
        let timer = configured.filter(|_| state.settings.jobs.enabled);
        let scheduled = timer.is_some();
        let next_run_at = timer
            .and_then(|s| s.after(&state.clock.now().with_timezone(&tz)).next())
            .map(|t| t.with_timezone(&chrono::Utc));
        let schedule = configured.map_or_else(String::new, |s| s.source().to_owned());
        let last_run = state
            .db
            .run(move |c| job_runs::latest(c, job.as_str()))
            .await?;
        out.push(JobInfo {
            name: job.as_str(),
            description: job.description(),
            schedule,
            scheduled,
            next_run_at,
            last_run,
        });
    }
    Ok(HttpResponse::Ok().json(Page::of(out, page)))
}

fn job_named(name: &str) -> Result<JobName, AppError> {
    JobName::parse(name).ok_or(AppError::NotFound)
}

/// The runs of one job, newest first.
#[utoipa::path(
    tag = "admin",
    params(("name" = String, Path, description = "job name, e.g. send_emails"), crate::domain::page::PageQuery),
    responses((status = 200, body = Page<JobRun>), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/admin/jobs/{name}/runs")]
pub async fn list_job_runs(
    state: web::Data<AppState>,
    _caller: Caller,
    name: web::Path<String>,
    query: QueryParams<crate::domain::page::PageQuery>,
) -> Result<HttpResponse, AppError> {
    let job = job_named(&name)?;
    let mut p = Problems::new();
    let page = parse_page(query.0.page, query.0.per_page, &mut p);
    p.finish()?;
    let runs = state
        .db
        .run(move |c| job_runs::list(c, job.as_str(), page))
        .await?;
    Ok(HttpResponse::Ok().json(runs))
}

/// Runs a job now and answers with the run's record.
#[utoipa::path(
    tag = "admin",
    params(("name" = String, Path, description = "job name, e.g. send_emails")),
    responses((status = 200, body = JobRun), (status = 404, body = ErrorBody))
)]
#[post("/api/v1/admin/jobs/{name}/run")]
pub async fn run_job(
    state: web::Data<AppState>,
    _caller: Caller,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let job = job_named(&name)?;
    let run = jobs::run(&state, job, Trigger::Manual, None).await?;
    Ok(HttpResponse::Ok().json(run))
}
