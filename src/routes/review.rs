//! The committee's work and the city admin's decisions: reviewers, scores, the review summary,
//! decisions with sign-off, public notice and objections.

use actix_web::{HttpResponse, get, post, put, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{JsonBody, QueryParams};
use crate::auth::caller::Caller;
use crate::db::nominations::Nomination;
use crate::db::review::{Objection, ReviewerAssignment};
use crate::domain::ids::{NominationId, NoticeObjectionId, RoundId};
use crate::domain::page::{Page, PageQuery, PageRequest, parse_page};
use crate::domain::review::{
    AssignReviewerRequest, DecisionRequest, ObjectionOutcomeRequest, ObjectionRequest, ScoreRequest,
};
use crate::error::{AppError, ErrorBody, Problems};
use crate::services::public_notice::{self, PublicNotice};
use crate::services::review::{self, ReviewItem, ReviewSummary};
use crate::state::AppState;

/// Appoints a reviewer to a round for some categories (city admins); answers the round's
/// assignments (the first 100).
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "round id")),
    request_body = AssignReviewerRequest,
    responses((status = 200, body = Page<ReviewerAssignment>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/selection-rounds/{id}/reviewers")]
pub async fn assign_reviewer(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RoundId>,
    body: JsonBody<AssignReviewerRequest, RoundId>,
) -> Result<HttpResponse, AppError> {
    let list = review::assign_reviewer(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(list))
}

fn page_of(q: PageQuery) -> Result<PageRequest, AppError> {
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    p.finish()?;
    Ok(page)
}

/// The reviewers of a round and their categories (city admins).
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "round id"), PageQuery),
    responses((status = 200, body = Page<ReviewerAssignment>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/selection-rounds/{id}/reviewers")]
pub async fn list_reviewers(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<RoundId>,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = page_of(query.0)?;
    let list = review::list_reviewers(&state, id.into_inner(), page).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Per nomination: the scores, their count against the round's minimum, mean, min and max, the
/// recommendations, warnings, justifications, objections and any exception to the minimum
/// (city admins only; units never see scores).
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "round id"), PageQuery),
    responses((status = 200, body = Page<ReviewSummary>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/selection-rounds/{id}/review-summary")]
pub async fn get_review_summary(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<RoundId>,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = page_of(query.0)?;
    let summary = review::round_summary(&state, id.into_inner(), page).await?;
    Ok(HttpResponse::Ok().json(summary))
}

/// The approved candidates of a round in (or after) public notice, a page at a time, with the
/// notice period and where, how and until when to object; categories in the reader's words.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "round id"), PageQuery),
    responses((status = 200, body = PublicNotice), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/selection-rounds/{id}/public-notice")]
pub async fn get_public_notice(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<RoundId>,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = page_of(query.0)?;
    let locale = crate::i18n::current().locale;
    let notice = public_notice::public_notice(&state, id.into_inner(), page, locale).await?;
    Ok(HttpResponse::Ok().json(notice))
}

/// Filters of a reviewer's queue.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReviewQuery {
    pub round_id: Option<i64>,
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

/// The nominations waiting for the calling reviewer, with their own scores.
#[utoipa::path(
    tag = "selection",
    params(ReviewQuery),
    responses((status = 200, body = Page<ReviewItem>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/reviews")]
pub async fn list_my_reviews(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ReviewQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let page = page_of(PageQuery {
        page: q.page,
        per_page: q.per_page,
    })?;
    let list = review::my_reviews(&state, caller, q.round_id.map(RoundId), page).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Scores a nomination (0–100 by policy) with a recommendation and a comment; changeable until the
/// round leaves review. Another category's or the reviewer's own unit's nomination answers 404.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "nomination id")),
    request_body = ScoreRequest,
    responses((status = 200, body = ReviewItem), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[put("/api/v1/reviews/{id}")]
pub async fn score_nomination(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NominationId>,
    body: JsonBody<ScoreRequest, NominationId>,
) -> Result<HttpResponse, AppError> {
    let item = review::score(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(item))
}

/// Decides a nomination under review (approved or rejected), with the reason and the sign-off.
/// Below the round's `min_scores` it needs `score_exception_reason` (422 `too_few_scores`).
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "nomination id")),
    request_body = DecisionRequest,
    responses((status = 200, body = Nomination), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/nominations/{id}/decision")]
pub async fn decide_nomination(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NominationId>,
    body: JsonBody<DecisionRequest, NominationId>,
) -> Result<HttpResponse, AppError> {
    let n = review::decide(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(n))
}

/// Records an objection to an approved candidate during public notice.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "nomination id")),
    request_body = ObjectionRequest,
    responses((status = 201, body = Objection), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/api/v1/nominations/{id}/objections")]
pub async fn record_objection(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NominationId>,
    body: JsonBody<ObjectionRequest, NominationId>,
) -> Result<HttpResponse, AppError> {
    let o = review::record_objection(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Created().json(o))
}

/// Decides an objection; an upheld one turns the nomination to rejected.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "objection id")),
    request_body = ObjectionOutcomeRequest,
    responses((status = 200, body = Objection), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/api/v1/objections/{id}/outcome")]
pub async fn decide_notice_objection(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NoticeObjectionId>,
    body: JsonBody<ObjectionOutcomeRequest, NoticeObjectionId>,
) -> Result<HttpResponse, AppError> {
    let o = review::decide_objection(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(o))
}
