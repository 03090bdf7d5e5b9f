//! The city admin's operations, as the pages use them: the outbox (a filtered list, one message
//! with what it said, retrying a dead one), the jobs (schedules and runs, a run started in the
//! background so that a long job never times a page out) and the audit log. The same database
//! functions and the same job runner as the admin API.

use actix_web::web;
use chrono::{DateTime, Utc};

use crate::auth::caller::Caller;
use crate::db::audit::{self as audit_log, AuditEvent, AuditFilter, AuditSort};
use crate::db::job_runs::{self, JobRun};
use crate::db::operations_pages::{self as store, OutboxFilter, OutboxSort};
use crate::db::outbox::{self, OutboxView};
use crate::domain::ids::EmailId;
use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;
use crate::jobs::{self, JobName, Trigger};
use crate::state::AppState;

/// A page of the outbox, filtered and sorted.
pub async fn outbox_page(
    state: &AppState,
    caller: &Caller,
    filter: OutboxFilter,
    sort: OutboxSort,
    page: PageRequest,
) -> Result<Page<OutboxView>, AppError> {
    city_only(caller)?;
    state
        .db
        .run(move |c| store::list_outbox(c, &filter, sort, page))
        .await
}

/// The number of messages in each status, and the templates in the outbox.
pub async fn outbox_summary(
    state: &AppState,
    caller: &Caller,
) -> Result<(Vec<(String, i64)>, Vec<String>), AppError> {
    city_only(caller)?;
    state
        .db
        .run(|c| Ok((store::outbox_counts(c)?, store::outbox_templates(c)?)))
        .await
}

/// What a message said, as sent: its subject and text body, its links shown as `hidden` (a link
/// of an invitation or a password reset carries a sign-in token only the recipient may hold).
#[derive(Debug, Clone)]
pub struct MessageText {
    pub subject: String,
    pub text: String,
}

/// One message of the outbox and what it says (`None` when its stored data no longer renders).
pub async fn message(
    state: &AppState,
    caller: &Caller,
    id: EmailId,
    hidden: &str,
) -> Result<(OutboxView, String, Option<MessageText>), AppError> {
    city_only(caller)?;
    let row = state.db.run(move |c| store::find_message(c, id)).await?;
    let said = state.mailer.preview(&row).ok().map(|r| MessageText {
        subject: r.subject,
        text: without_links(&r.text, hidden),
    });
    let name = row.recipient_name.clone();
    Ok((OutboxView::from(row), name, said))
}

/// `text` with every link (`http://…`, `https://…`) replaced by `hidden`: a link may carry a
/// sign-in token, which only the recipient may hold.
fn without_links(text: &str, hidden: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let at = match (rest.find("https://"), rest.find("http://")) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>' || !c.is_ascii())
            .unwrap_or(rest.len());
        out.push_str(hidden);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Puts a dead message back in the queue (a message in any other state is a 409), and wakes the
/// sender.
pub async fn retry(state: &AppState, caller: &Caller, id: EmailId) -> Result<OutboxView, AppError> {
    city_only(caller)?;
    let now = state.clock.now_naive();
    let view = state
        .db
        .write(move |c| outbox::retry_dead(c, id, now))
        .await?;
    state.mailer.wake.notify_one();
    Ok(view)
}

/// A job as the jobs page shows it.
#[derive(Debug, Clone)]
pub struct JobOverview {
    pub job: JobName,
    /// Cron expression with seconds; empty when none is configured.
    pub schedule: String,
    /// False when this job's timer, or all timers, are off.
    pub scheduled: bool,
    pub next_run_at: Option<DateTime<Utc>>,
    pub last_run: Option<JobRun>,
}

/// Every job with its schedule and latest run.
pub async fn jobs(state: &AppState, caller: &Caller) -> Result<Vec<JobOverview>, AppError> {
    city_only(caller)?;
    let tz = state.settings.jobs.timezone;
    let mut out = Vec::new();
    for job in JobName::ALL {
        let configured = job.schedule(&state.settings);
        let timer = configured.filter(|_| state.settings.jobs.enabled);
        let next_run_at = timer
            .and_then(|s| s.after(&state.clock.now().with_timezone(&tz)).next())
            .map(|t| t.with_timezone(&Utc));
        let last_run = state
            .db
            .run(move |c| job_runs::latest(c, job.as_str()))
            .await?;
        out.push(JobOverview {
            job,
            schedule: configured.map_or_else(String::new, |s| s.source().to_owned()),
            scheduled: timer.is_some(),
            next_run_at,
            last_run,
        });
    }
    Ok(out)
}

/// A page of one job's runs, newest first.
pub async fn runs(
    state: &AppState,
    caller: &Caller,
    job: JobName,
    page: PageRequest,
) -> Result<Page<JobRun>, AppError> {
    city_only(caller)?;
    state
        .db
        .run(move |c| job_runs::list(c, job.as_str(), page))
        .await
}

/// Starts a manual run of `job` in the background (the job runner records it, as the API's run
/// does) and answers at once with the time it was asked for, from which its run is found.
pub fn start(
    state: web::Data<AppState>,
    caller: &Caller,
    job: JobName,
) -> Result<DateTime<Utc>, AppError> {
    city_only(caller)?;
    let asked = state.clock.now();
    actix_web::rt::spawn(async move {
        if let Err(e) = jobs::run(&state, job, Trigger::Manual, None).await {
            tracing::error!(job = job.as_str(), error = %e, "a run started from the page failed");
        }
    });
    Ok(asked)
}

/// A page of the audit log, filtered and sorted.
pub async fn audit_page(
    state: &AppState,
    caller: &Caller,
    filter: AuditFilter,
    sort: AuditSort,
    page: PageRequest,
) -> Result<Page<AuditEvent>, AppError> {
    city_only(caller)?;
    state
        .db
        .run(move |c| audit_log::list_sorted(c, &filter, sort, page))
        .await
}

/// The actions recorded in the audit log.
pub async fn audit_actions(state: &AppState, caller: &Caller) -> Result<Vec<String>, AppError> {
    city_only(caller)?;
    state.db.run(store::audit_actions).await
}

/// The operations are the city admin's alone: every function here refuses anyone else, whatever
/// page or route calls it.
fn city_only(caller: &Caller) -> Result<(), AppError> {
    if caller.is_city_admin() {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "city_admin_only",
            "只有市级管理员可以查看运行维护",
            "only the city admin sees the operations",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::without_links;

    #[test]
    fn no_link_and_so_no_sign_in_token_is_shown() {
        assert_eq!(
            without_links(
                "请打开 https://x.cn/reset-password?token=abc.def 设置密码",
                "〔链接〕"
            ),
            "请打开 〔链接〕 设置密码"
        );
        assert_eq!(without_links("链接：http://a.cn/x。", "L"), "链接：L。");
        assert_eq!(without_links("no link", "L"), "no link");
    }
}
