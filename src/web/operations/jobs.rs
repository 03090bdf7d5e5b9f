//! The jobs: each with its schedule, its latest run with its counts and error, and a button that
//! runs it now (`/city/operations/jobs`); one job's runs (`/city/operations/jobs/{name}`). A run
//! asked for from the page goes on in the background; the job's page then reloads itself
//! (`web::refresh`, the one mechanism of every page that follows work) every few seconds until
//! that run has ended, and shows its summary.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::labels::{label, page_request, pager_of};
use crate::db::job_runs::JobRun;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::jobs::JobName;
use crate::services::operations;
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::paging::PageParam;
use crate::web::refresh;
use crate::web::session::SignedIn;

/// A run as the pages show it: its counts with their words.
#[derive(Serialize)]
struct RunView {
    status: String,
    status_label: String,
    trigger: String,
    started_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    counts: Vec<(String, String)>,
    error: Option<String>,
}

fn run_view(r: &JobRun) -> RunView {
    let counts = r
        .counts
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, v)| v.is_number())
                .map(|(k, v)| {
                    (
                        label("operations.count", k, "operations.count.other"),
                        v.to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    RunView {
        status: r.status.clone(),
        status_label: label("operations.run", &r.status, "operations.run.other"),
        trigger: label("operations.trigger", &r.trigger, "operations.trigger.other"),
        started_at: r.started_at,
        finished_at: r.finished_at,
        counts,
        error: r.error.clone(),
    }
}

/// `GET /city/operations/jobs`.
pub async fn get_jobs(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let jobs: Vec<_> = operations::jobs(&state, &session.caller)
        .await?
        .into_iter()
        .map(|j| {
            let name = j.job.as_str();
            context! {
                name => name,
                title => label("operations.job", name, "operations.job.other"),
                does => label("operations.job_does", name, "operations.job_does.other"),
                schedule => j.schedule,
                scheduled => j.scheduled,
                next_run_at => Serde(j.next_run_at),
                last_run => Serde(j.last_run.as_ref().map(run_view)),
            }
        })
        .collect();
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "operations/jobs.html",
        context! { jobs => jobs },
    )
}

/// `?since=` (the moment a run was asked for, RFC 3339) and `?page=`.
#[derive(Debug, Default, Deserialize)]
pub struct JobQuery {
    since: Option<String>,
    page: Option<String>,
}

/// `GET /city/operations/jobs/{name}`: the job's runs; with `since`, the run asked for then, and
/// a refresh while it is not over.
pub async fn get_job(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    name: web::Path<String>,
    query: web::Query<JobQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let job = JobName::parse(&name).ok_or(AppError::NotFound)?;
    let q = query.into_inner();
    let since = q
        .since
        .as_deref()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc));
    let asked = PageParam { page: q.page };
    let page = operations::runs(&state, &session.caller, job, page_request(&asked)).await?;
    // The run asked for: the newest run started since then.
    let watched = match since {
        Some(since) => {
            let first = operations::runs(
                &state,
                &session.caller,
                job,
                crate::domain::page::PageRequest {
                    page: 1,
                    per_page: 20,
                },
            )
            .await?;
            Some(
                first
                    .items
                    .iter()
                    .filter(|r| r.started_at >= since - chrono::Duration::seconds(1))
                    .max_by_key(|r| (r.started_at, r.id))
                    .cloned(),
            )
        }
        None => None,
    };
    let running = matches!(&watched, Some(None))
        || matches!(&watched, Some(Some(r)) if r.finished_at.is_none());
    let href = format!("/city/operations/jobs/{}", job.as_str());
    let pager = pager_of(&page, &href);
    let name = job.as_str();
    let res = Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "operations/job.html",
        context! {
            name => name,
            title => label("operations.job", name, "operations.job.other"),
            does => label("operations.job_does", name, "operations.job_does.other"),
            runs => Serde(page.items.iter().map(run_view).collect::<Vec<_>>()),
            pager => Serde(pager),
            watching => watched.is_some(),
            running => running,
            watched => Serde(watched.flatten().as_ref().map(run_view)),
        },
    )?;
    Ok(if running {
        refresh::reloading(res, refresh::EVERY_SECS)
    } else {
        res
    })
}

/// The run form: only its CSRF token.
#[derive(Deserialize)]
pub struct RunForm {}

/// `POST /city/operations/jobs/{name}/run`: starts the run in the background and shows the job's
/// page, which follows it.
pub async fn post_job_run(
    state: web::Data<AppState>,
    session: SignedIn,
    name: web::Path<String>,
    _form: CheckedForm<RunForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let job = JobName::parse(&name).ok_or(AppError::NotFound)?;
    let asked = operations::start(state, &session.caller, job)?;
    let since = asked.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("since", &since)
        .finish();
    Ok(see_other(&format!(
        "/city/operations/jobs/{}?{query}#run",
        job.as_str()
    )))
}
