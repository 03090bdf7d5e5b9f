//! Training plans (培养计划).

use actix_web::{HttpResponse, get, post, put, web};

use super::extract::{JsonBody, QueryParams};
use crate::auth::caller::Caller;
use crate::db::plans::Plan;
use crate::domain::ids::{ContractId, PlanId};
use crate::domain::page::{Page, PageQuery};
use crate::domain::plan::{MilestoneReportRequest, PlanContent, PlanReviewRequest};
use crate::error::{AppError, ErrorBody};
use crate::services::plans as service;
use crate::state::AppState;

/// The plans of a contract (a mentee sees their own).
#[utoipa::path(tag = "mentoring", params(("id" = i64, Path, description = "contract id"), PageQuery),
    responses((status = 200, body = Page<Plan>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/api/v1/contracts/{id}/plans")]
pub async fn list_plans(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContractId>,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.0.parse()?;
    let list = service::of_contract(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Page::of(list, page)))
}

/// The caller (a mentee of the active contract) writes or edits their plan.
#[utoipa::path(tag = "mentoring", params(("id" = i64, Path, description = "contract id")),
    request_body = PlanContent,
    responses((status = 200, body = Plan), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/api/v1/contracts/{id}/plan")]
pub async fn write_plan(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContractId>,
    body: JsonBody<PlanContent, ContractId>,
) -> Result<HttpResponse, AppError> {
    Ok(
        HttpResponse::Ok()
            .json(service::write_plan(&state, caller, id.into_inner(), body.0).await?),
    )
}

/// One plan with every submitted version and the progress reports.
#[utoipa::path(tag = "mentoring", params(("id" = i64, Path, description = "plan id")),
    responses((status = 200, body = Plan), (status = 404, body = ErrorBody)))]
#[get("/api/v1/plans/{id}")]
pub async fn get_plan(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<PlanId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::get(&state, caller, id.into_inner()).await?))
}

/// The mentee hands the plan in (a new version, kept).
#[utoipa::path(tag = "mentoring", params(("id" = i64, Path, description = "plan id")),
    responses((status = 200, body = Plan), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/api/v1/plans/{id}/submit")]
pub async fn submit_plan(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<PlanId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::submit(&state, caller, id.into_inner()).await?))
}

/// The mentor approves the plan or returns it with comments.
#[utoipa::path(tag = "mentoring", params(("id" = i64, Path, description = "plan id")),
    request_body = PlanReviewRequest,
    responses((status = 200, body = Plan), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/plans/{id}/review")]
pub async fn review_plan(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<PlanId>,
    body: JsonBody<PlanReviewRequest, PlanId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::review(&state, caller, id.into_inner(), body.0).await?))
}

/// The mentee reports progress against a milestone of the approved plan.
#[utoipa::path(tag = "mentoring", params(("id" = i64, Path, description = "plan id")),
    request_body = MilestoneReportRequest,
    responses((status = 200, body = Plan), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/plans/{id}/reports")]
pub async fn report_milestone(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<PlanId>,
    body: JsonBody<MilestoneReportRequest, PlanId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::report(&state, caller, id.into_inner(), body.0).await?))
}

/// Plans waiting for review: a mentor's own, a unit admin's unit's, all for city admins.
#[utoipa::path(tag = "mentoring", params(PageQuery),
    responses((status = 200, body = Page<Plan>), (status = 422, body = ErrorBody)))]
#[get("/api/v1/plans-awaiting-review")]
pub async fn list_plans_awaiting_review(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.0.parse()?;
    let list = service::awaiting_review(&state, caller).await?;
    Ok(HttpResponse::Ok().json(Page::of(list, page)))
}
