//! The committee's work and the city admin's decisions: reviewers, scores, the review summary,
//! decisions with sign-off, public notice and objections.

use actix_web::{HttpResponse, get, post, put, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{JsonBody, QueryParams};
use crate::auth::caller::Caller;
use crate::db::nominations::{self, Nomination};
use crate::db::review::{Objection, ReviewerAssignment};
use crate::db::{rounds, units};
use crate::domain::category::TalentCategory;
use crate::domain::ids::{NominationId, RoundId, UnitId, UserId};
use crate::domain::review::{
    AssignReviewerRequest, DecisionRequest, ObjectionOutcomeRequest, ObjectionRequest, ScoreRequest,
};
use crate::domain::scope::Scope;
use crate::domain::selection::{NominationStatus, RoundStatus};
use crate::error::{AppError, ErrorBody};
use crate::services::review::{self, ReviewItem, ReviewSummary};
use crate::startup::AppState;

/// Appoints a reviewer to a round for some categories (city admins).
#[utoipa::path(
    tag = "selection",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "round id")),
    request_body = AssignReviewerRequest,
    responses((status = 200, body = Vec<ReviewerAssignment>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/selection-rounds/{id}/reviewers")]
pub async fn assign_reviewer(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: JsonBody<AssignReviewerRequest>,
) -> Result<HttpResponse, AppError> {
    let list = review::assign_reviewer(&state, caller, RoundId(id.into_inner()), body.0).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The reviewers of a round and their categories (city admins).
#[utoipa::path(
    tag = "selection",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "round id")),
    responses((status = 200, body = Vec<ReviewerAssignment>), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/selection-rounds/{id}/reviewers")]
pub async fn list_reviewers(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let list = review::list_reviewers(&state, RoundId(id.into_inner())).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Per nomination: the scores, their count, mean, min and max, the recommendations, warnings,
/// justifications and objections (city admins only; units never see scores).
#[utoipa::path(
    tag = "selection",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "round id")),
    responses((status = 200, body = Vec<ReviewSummary>), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/selection-rounds/{id}/review-summary")]
pub async fn get_review_summary(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let summary = review::round_summary(&state, RoundId(id.into_inner())).await?;
    Ok(HttpResponse::Ok().json(summary))
}

/// A candidate on public notice.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeEntry {
    pub nomination_id: NominationId,
    pub candidate_id: UserId,
    pub name: String,
    pub unit_id: UnitId,
    pub unit: String,
    pub category: Option<TalentCategory>,
}

/// The approved candidates of a round in (or after) public notice.
#[utoipa::path(
    tag = "selection",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "round id")),
    responses((status = 200, body = Vec<NoticeEntry>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[get("/api/v1/selection-rounds/{id}/public-notice")]
pub async fn get_public_notice(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let round = RoundId(id.into_inner());
    let list = state
        .db
        .run(move |c| {
            let r = rounds::find(c, round)?;
            if !matches!(r.status, RoundStatus::PublicNotice | RoundStatus::Closed) {
                return Err(AppError::conflict_field(
                    "round",
                    "wrong_round_status",
                    "尚未进入公示",
                    "the round is not on public notice yet",
                ));
            }
            nominations::all_in_status(c, round, NominationStatus::Approved)?
                .into_iter()
                .map(|n| {
                    let unit = units::find(c, n.unit_id, Scope::City)?.name;
                    Ok(NoticeEntry {
                        nomination_id: n.id,
                        candidate_id: n.candidate_id,
                        name: n.candidate_name,
                        unit_id: n.unit_id,
                        unit,
                        category: n.form.category,
                    })
                })
                .collect::<Result<Vec<_>, AppError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Filters of a reviewer's queue.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReviewQuery {
    pub round_id: Option<i64>,
}

/// The nominations waiting for the calling reviewer, with their own scores.
#[utoipa::path(
    tag = "selection",
    security(("bearer" = [])),
    params(ReviewQuery),
    responses((status = 200, body = Vec<ReviewItem>), (status = 403, body = ErrorBody))
)]
#[get("/api/v1/reviews")]
pub async fn list_my_reviews(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ReviewQuery>,
) -> Result<HttpResponse, AppError> {
    let list = review::my_reviews(&state, caller, query.0.round_id.map(RoundId)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Scores a nomination (0–100 by policy) with a recommendation and a comment; changeable until the
/// round leaves review. Another category's or the reviewer's own unit's nomination answers 404.
#[utoipa::path(
    tag = "selection",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "nomination id")),
    request_body = ScoreRequest,
    responses((status = 200, body = ReviewItem), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[put("/api/v1/reviews/{id}")]
pub async fn score_nomination(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: JsonBody<ScoreRequest>,
) -> Result<HttpResponse, AppError> {
    let item = review::score(&state, caller, NominationId(id.into_inner()), body.0).await?;
    Ok(HttpResponse::Ok().json(item))
}

/// Decides a nomination under review (approved or rejected), with the reason and the sign-off.
#[utoipa::path(
    tag = "selection",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "nomination id")),
    request_body = DecisionRequest,
    responses((status = 200, body = Nomination), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/nominations/{id}/decision")]
pub async fn decide_nomination(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: JsonBody<DecisionRequest>,
) -> Result<HttpResponse, AppError> {
    let n = review::decide(&state, caller, NominationId(id.into_inner()), body.0).await?;
    Ok(HttpResponse::Ok().json(n))
}

/// Records an objection to an approved candidate during public notice.
#[utoipa::path(
    tag = "selection",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "nomination id")),
    request_body = ObjectionRequest,
    responses((status = 201, body = Objection), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/api/v1/nominations/{id}/objections")]
pub async fn record_objection(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: JsonBody<ObjectionRequest>,
) -> Result<HttpResponse, AppError> {
    let o = review::record_objection(&state, caller, NominationId(id.into_inner()), body.0).await?;
    Ok(HttpResponse::Created().json(o))
}

/// Decides an objection; an upheld one turns the nomination to rejected.
#[utoipa::path(
    tag = "selection",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "objection id")),
    request_body = ObjectionOutcomeRequest,
    responses((status = 200, body = Objection), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/api/v1/objections/{id}/outcome")]
pub async fn decide_objection(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: JsonBody<ObjectionOutcomeRequest>,
) -> Result<HttpResponse, AppError> {
    let o = review::decide_objection(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(o))
}
