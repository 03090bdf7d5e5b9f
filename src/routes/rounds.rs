//! Selection rounds (选拔): the city admin creates them and moves them forward; units and
//! reviewers read them.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::extract::{JsonBody, QueryParams};
use crate::auth::caller::Caller;
use crate::db::rounds::{self, Round};
use crate::domain::ids::RoundId;
use crate::domain::page::{Page, parse_page};
use crate::domain::selection::{CreateRoundRequest, RoundStatus, UpdateRoundRequest};
use crate::error::{AppError, ErrorBody, Problems};
use crate::services;
use crate::state::AppState;

/// Filters of the round list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RoundListQuery {
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub status: Option<RoundStatus>,
}

/// The next status of a round.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvanceRoundRequest {
    /// Must be the round's next status.
    pub to: RoundStatus,
}

/// Lists rounds, newest first.
#[utoipa::path(
    tag = "selection",
    params(RoundListQuery),
    responses((status = 200, body = Page<Round>), (status = 403, body = ErrorBody))
)]
#[get("/api/v1/selection-rounds")]
pub async fn list_rounds(
    state: web::Data<AppState>,
    _caller: Caller,
    query: QueryParams<RoundListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    p.finish()?;
    let list = state
        .db
        .run(move |c| rounds::list(c, q.status, page))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Opens a round for nominations (city admins).
#[utoipa::path(
    tag = "selection",
    request_body = CreateRoundRequest,
    responses((status = 201, body = Round), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/selection-rounds")]
pub async fn create_round(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<CreateRoundRequest>,
) -> Result<HttpResponse, AppError> {
    let round = services::rounds::create_round(&state, caller, body.0).await?;
    Ok(HttpResponse::Created().json(round))
}

/// One round.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "round id")),
    responses((status = 200, body = Round), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/selection-rounds/{id}")]
pub async fn get_round(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<RoundId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let round = state.db.run(move |c| rounds::find(c, id)).await?;
    Ok(HttpResponse::Ok().json(round))
}

/// Changes an open round's name, dates, term or quotas (city admins).
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "round id")),
    request_body = UpdateRoundRequest,
    responses((status = 200, body = Round), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[patch("/api/v1/selection-rounds/{id}")]
pub async fn update_round(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RoundId>,
    body: JsonBody<UpdateRoundRequest, RoundId>,
) -> Result<HttpResponse, AppError> {
    let round = services::rounds::update_round(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(round))
}

/// Moves a round to its next status (city admins); only forward, one step at a time.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "round id")),
    request_body = AdvanceRoundRequest,
    responses((status = 200, body = Round), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/api/v1/selection-rounds/{id}/advance")]
pub async fn advance_round(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RoundId>,
    body: JsonBody<AdvanceRoundRequest, RoundId>,
) -> Result<HttpResponse, AppError> {
    let round = services::rounds::advance_round(&state, caller, id.into_inner(), body.0.to).await?;
    // Closing queues the appointment e-mails.
    state.mailer.wake.notify_one();
    Ok(HttpResponse::Ok().json(round))
}
