//! Prometheus metrics: the outbox and the jobs, in the text exposition format.

use std::fmt::Write;

use actix_web::{HttpResponse, get, web};

use crate::db::{job_runs, outbox};
use crate::error::AppError;
use crate::jobs::JobName;
use crate::state::AppState;

/// Counts only; no personal data. Expose it to the monitoring network, not the internet.
#[utoipa::path(tag = "health", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
#[get("/metrics")]
pub async fn get_metrics(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let now = state.clock.now_naive();
    let (stats, runs) = state
        .db
        .run(move |c| {
            let stats = outbox::stats(c, now)?;
            let runs = JobName::ALL
                .into_iter()
                .map(|j| Ok((j, job_runs::latest(c, j.as_str())?)))
                .collect::<Result<Vec<_>, AppError>>()?;
            Ok((stats, runs))
        })
        .await?;
    let mut out = String::new();
    let mut gauge = |name: &str, help: &str, value: i64| {
        let _ = writeln!(
            out,
            "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
        );
    };
    gauge(
        "peidai_outbox_pending",
        "E-mails waiting to be sent.",
        stats.pending,
    );
    gauge(
        "peidai_outbox_sending",
        "E-mails claimed by a sender.",
        stats.sending,
    );
    gauge(
        "peidai_outbox_dead",
        "E-mails given up on, waiting for an admin.",
        stats.dead,
    );
    gauge(
        "peidai_outbox_oldest_pending_age_seconds",
        "Age of the oldest e-mail not yet sent.",
        stats.oldest_pending_age_secs,
    );
    let _ = writeln!(
        out,
        "# HELP peidai_job_last_run_finished_timestamp_seconds When each job's latest run finished.\n# TYPE peidai_job_last_run_finished_timestamp_seconds gauge"
    );
    for (job, run) in &runs {
        if let Some(t) = run.as_ref().and_then(|r| r.finished_at) {
            let ok = run.as_ref().is_some_and(|r| r.status == "succeeded");
            let _ = writeln!(
                out,
                "peidai_job_last_run_finished_timestamp_seconds{{job=\"{}\",succeeded=\"{ok}\"}} {}",
                job.as_str(),
                t.timestamp()
            );
        }
    }
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(out))
}
