//! Benefits: the mentor's view and applications, the city admin's per-kind view, selections,
//! decisions, issue and quotas, and the unit admin's read-only list.

use actix_web::{HttpResponse, get, patch, post, put, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{JsonBody, QueryParams};
use crate::auth::caller::Caller;
use crate::db::benefits::{Benefit, BenefitFilter};
use crate::domain::benefit::{BenefitKind, BenefitStatus, IssueDetails};
use crate::domain::ids::{BenefitId, UnitId};
use crate::domain::page::{Page, parse_page};
use crate::error::{AppError, ErrorBody, Problems};
use crate::services::benefit_decisions::{self as decisions, DecisionRequest, QuotaRequest};
use crate::services::benefit_requests::{
    self as requests, ApplyRequest, ClassRequest, Invited, ScheduleRequest, SelectRequest,
};
use crate::services::benefits::{self as service, KindOverview, MyBenefits, QuotaView};
use crate::state::AppState;

/// Filters of the benefit list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct BenefitListQuery {
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub kind: Option<BenefitKind>,
    pub status: Option<BenefitStatus>,
    pub unit_id: Option<UnitId>,
    /// `json` (default), or the list as a file: `xlsx` or `csv` (admins; with `kind=bus_card` the
    /// list for the transit company, with `kind=health_check` the list for the hospital).
    pub format: Option<crate::domain::sheet::ReportFormat>,
}

/// Benefits: all (city admin), the unit's mentors' (unit admin, read only), or the caller's own.
#[utoipa::path(
    tag = "benefits",
    params(BenefitListQuery),
    responses(
        (status = 200, body = Page<Benefit>, description = "the page; with `format=xlsx` or `csv` (admins) the file 人才公交IC卡名单-<unit>, 健康体检名单-<unit> or 人才待遇名单-<unit> as an attachment",
            content(
                (Page<Benefit> = "application/json"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (String = "text/csv"),
            )),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)
    )
)]
#[get("/api/v1/benefits")]
pub async fn list_benefits(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<BenefitListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    p.finish()?;
    let filter = BenefitFilter {
        kind: q.kind,
        status: q.status,
        unit_id: q.unit_id,
        ..Default::default()
    };
    if let Some(format) = crate::domain::sheet::ReportFormat::file(q.format) {
        let locale = crate::i18n::current().locale;
        let file =
            crate::services::exports::benefits::export(&state, &caller, filter, format, locale)
                .await?;
        return Ok(super::exports::export_response(file));
    }
    let list = service::list(&state, &caller, filter).await?;
    Ok(HttpResponse::Ok().json(Page::of(list, page)))
}

/// The city admin selects a mentor for a benefit the city arranges (health check, leave, class,
/// tour, commendation): eligibility, one per year and the leave quota are checked.
#[utoipa::path(
    tag = "benefits",
    request_body = SelectRequest,
    responses((status = 201, body = Benefit), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/benefits")]
pub async fn select_benefit(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<SelectRequest>,
) -> Result<HttpResponse, AppError> {
    let b = requests::select(&state, caller, body.0).await?;
    Ok(HttpResponse::Created().json(b))
}

/// One benefit (the city, the unit's admins, the mentor).
#[utoipa::path(
    tag = "benefits",
    params(("id" = i64, Path, description = "benefit id")),
    responses((status = 200, body = Benefit), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/benefits/{id}")]
pub async fn get_benefit(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BenefitId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::get(&state, &caller, id.into_inner()).await?))
}

/// The city admin approves or declines an application (a decline needs a reason).
#[utoipa::path(
    tag = "benefits",
    params(("id" = i64, Path, description = "benefit id")),
    request_body = DecisionRequest,
    responses((status = 200, body = Benefit), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/benefits/{id}/decision")]
pub async fn decide_benefit(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BenefitId>,
    body: JsonBody<DecisionRequest, BenefitId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(decisions::decide(&state, caller, id.into_inner(), body.0).await?))
}

/// The city admin sets or changes the date and place of a selection not yet given (health check,
/// leave, class, tour); the mentor is told of each change.
#[utoipa::path(
    tag = "benefits",
    params(("id" = i64, Path, description = "benefit id")),
    request_body = ScheduleRequest,
    responses((status = 200, body = Benefit), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[patch("/api/v1/benefits/{id}")]
pub async fn schedule_benefit(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BenefitId>,
    body: JsonBody<ScheduleRequest, BenefitId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok()
        .json(requests::reschedule(&state, caller, id.into_inner(), body.0).await?))
}

/// The city admin records an approved benefit as given: card number, room, check date and
/// institution, leave dates, attendance or honour, as its kind needs.
#[utoipa::path(
    tag = "benefits",
    params(("id" = i64, Path, description = "benefit id")),
    request_body = IssueDetails,
    responses((status = 200, body = Benefit), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/benefits/{id}/issue")]
pub async fn issue_benefit(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BenefitId>,
    body: JsonBody<IssueDetails, BenefitId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(decisions::issue(&state, caller, id.into_inner(), body.0).await?))
}

/// The caller's benefits, what they qualify for, what they can apply for, and when their next
/// health check is due.
#[utoipa::path(
    tag = "benefits",
    responses((status = 200, body = MyBenefits))
)]
#[get("/api/v1/my-benefits")]
pub async fn get_my_benefits(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::mine(&state, &caller).await?))
}

/// The mentor applies for a bus card or an apartment (or renews one from 30 days before its end).
#[utoipa::path(
    tag = "benefits",
    request_body = ApplyRequest,
    responses((status = 201, body = Benefit), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/benefit-applications")]
pub async fn apply_for_benefit(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<ApplyRequest>,
) -> Result<HttpResponse, AppError> {
    let b = requests::apply(&state, caller, body.0).await?;
    Ok(HttpResponse::Created().json(b))
}

/// The city admin's view of one kind: eligible mentors, applications waiting, to issue, issued,
/// expiring in 30 days, holders who no longer qualify, and the year's quota.
#[utoipa::path(
    tag = "benefits",
    params(("kind" = BenefitKind, Path, description = "benefit kind")),
    responses((status = 200, body = KindOverview), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/benefit-kinds/{kind}")]
pub async fn get_benefit_kind(
    state: web::Data<AppState>,
    kind: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let kind: BenefitKind = kind.parse().map_err(|_| AppError::NotFound)?;
    Ok(HttpResponse::Ok().json(service::overview(&state, kind).await?))
}

/// The city admin invites every active mentor to the year's training class.
#[utoipa::path(
    tag = "benefits",
    request_body = ClassRequest,
    responses((status = 201, body = Invited), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/training-classes")]
pub async fn invite_to_training_class(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<ClassRequest>,
) -> Result<HttpResponse, AppError> {
    let n = requests::invite_to_class(&state, caller, body.0).await?;
    Ok(HttpResponse::Created().json(n))
}

/// The city admin sets a year's recuperation-leave places (not below those already taken).
#[utoipa::path(
    tag = "benefits",
    params(("year" = i32, Path, description = "year, 2000 to 2100", minimum = 2000, maximum = 2100)),
    request_body = QuotaRequest,
    responses((status = 200, body = QuotaView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[put("/api/v1/benefit-quotas/{year}")]
pub async fn set_benefit_quota(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<i32>,
    body: JsonBody<QuotaRequest>,
) -> Result<HttpResponse, AppError> {
    let q = decisions::set_quota(&state, caller, year.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(q))
}
