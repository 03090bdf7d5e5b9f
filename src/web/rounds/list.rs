//! `GET /city/rounds`: every selection round, newest first, filtered by status, a page at a
//! time, with the total and the way to open a new one.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Deserialize;

use super::common::{round_view, unit_map};
use crate::domain::role::Role;
use crate::domain::selection::RoundStatus;
use crate::services::round_register;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;

/// `?status=…&page=N&done=…` (kept as text so a stray value shows every round, not a 400).
#[derive(Debug, Default, Deserialize)]
pub struct RoundsQuery {
    pub status: Option<String>,
    pub page: Option<String>,
    pub done: Option<String>,
}

/// `GET /city/rounds`: the rounds (city admins).
pub async fn get_rounds(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<RoundsQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let status: Option<RoundStatus> = query.status.as_deref().and_then(|s| s.parse().ok());
    let rounds = round_register::all_rounds(&state, status).await?;
    let units = unit_map(round_register::unit_names(&state).await?);
    let href = match status {
        Some(s) => format!("/city/rounds?status={}", s.as_str()),
        None => "/city/rounds".to_owned(),
    };
    let asked = PageParam {
        page: query.page.clone(),
    };
    let (rows, pager) = paginate(rounds, &asked, &href);
    let views: Vec<_> = rows.iter().map(|r| round_view(r, &units)).collect();
    let statuses: Vec<&str> = RoundStatus::ALL.iter().map(|s| s.as_str()).collect();
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "rounds/list.html",
        context! {
            rounds => Serde(views),
            pager => Serde(pager),
            statuses => statuses,
            status => status.map(|s| s.as_str()),
            done => query.done.as_deref().filter(|d| *d == "created"),
        },
    )
}
