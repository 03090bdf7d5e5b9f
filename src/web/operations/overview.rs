//! `/city/operations`: the three operations pages with their headline figures: the messages
//! waiting and failed in the outbox, the jobs whose latest run failed, and the audit log's
//! events of the last day.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;

use crate::db::audit::{AuditFilter, AuditSort};
use crate::domain::page::PageRequest;
use crate::domain::role::Role;
use crate::services::operations;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// `GET /city/operations`.
pub async fn get_operations(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (counts, _) = operations::outbox_summary(&state, &session.caller).await?;
    let count = |s: &str| counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
    let jobs = operations::jobs(&state, &session.caller).await?;
    let failed_jobs = jobs
        .iter()
        .filter(|j| j.last_run.as_ref().is_some_and(|r| r.status == "failed"))
        .count();
    let since = (state.clock.now() - chrono::Duration::days(1)).naive_utc();
    let one = PageRequest {
        page: 1,
        per_page: 1,
    };
    let audit_day = operations::audit_page(
        &state,
        &session.caller,
        AuditFilter {
            from: Some(since),
            ..Default::default()
        },
        AuditSort::Newest,
        one,
    )
    .await?
    .total;
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "operations/overview.html",
        context! {
            pending => count("pending") + count("sending"),
            sent => count("sent"),
            dead => count("dead"),
            jobs => jobs.len(),
            failed_jobs => failed_jobs,
            audit_day => audit_day,
        },
    )
}
