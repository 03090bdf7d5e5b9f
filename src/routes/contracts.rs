//! Contracts (培带联系书): drafted by the mentor or the unit admin, signed by every party.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::extract::{JsonBody, QueryParams};
use super::reach::ContractMentee;
use crate::auth::caller::Caller;
use crate::db::contracts::{self, Contract};
use crate::domain::contract::{
    ContractStatus, CreateContractRequest, LeaveRequest, UpdateContractRequest,
};
use crate::domain::ids::{ContractId, UserId};
use crate::domain::page::{Page, parse_page};
use crate::error::{AppError, ErrorBody, Problems};
use crate::services::contracts as service;
use crate::state::AppState;

/// Filters of the contract list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ContractListQuery {
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub status: Option<ContractStatus>,
    /// `json` (default), or the list as a file: `xlsx` or `csv` (every matching row, not one page).
    pub format: Option<crate::domain::sheet::ReportFormat>,
}

/// Why the city ends a contract early.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TerminateRequest {
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,1998}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub reason: String,
}

/// The contracts the caller may see: their own as mentor or mentee, their unit's, or all.
#[utoipa::path(
    tag = "mentoring",
    params(ContractListQuery),
    responses(
        (status = 200, body = Page<Contract>, description = "the page; with `format=xlsx` or `csv` (admins) the file 培带联系书登记表-<unit>.xlsx|csv as an attachment",
            content(
                (Page<Contract> = "application/json"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (String = "text/csv"),
            )),
        (status = 403, body = ErrorBody)
    )
)]
#[get("/api/v1/contracts")]
pub async fn list_contracts(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ContractListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    p.finish()?;
    if let Some(format) = crate::domain::sheet::ReportFormat::file(q.format) {
        let locale = crate::i18n::current().locale;
        let file =
            crate::services::exports::contracts::export(&state, &caller, q.status, format, locale)
                .await?;
        return Ok(super::exports::export_response(file));
    }
    let viewer = service::viewer(&caller);
    let list = state
        .db
        .run(move |c| contracts::list(c, viewer, q.status, page))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Drafts a contract (the mentor, or the mentor's unit admin). Indicators default to the policy's.
#[utoipa::path(
    tag = "mentoring",
    request_body = CreateContractRequest,
    responses((status = 201, body = Contract), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/contracts")]
pub async fn create_contract(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<CreateContractRequest>,
) -> Result<HttpResponse, AppError> {
    let k = service::create_contract(&state, caller, body.0).await?;
    Ok(HttpResponse::Created().json(k))
}

/// One contract, if the caller may see it.
#[utoipa::path(
    tag = "mentoring",
    params(("id" = i64, Path, description = "contract id")),
    responses((status = 200, body = Contract), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/contracts/{id}")]
pub async fn get_contract(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, AppError> {
    let (id, viewer) = (id.into_inner(), service::viewer(&caller));
    let k = state
        .db
        .run(move |c| contracts::find(c, id, viewer))
        .await?;
    Ok(HttpResponse::Ok().json(k))
}

/// Changes a draft's terms (each change raises the version).
#[utoipa::path(
    tag = "mentoring",
    params(("id" = i64, Path, description = "contract id")),
    request_body = UpdateContractRequest,
    responses((status = 200, body = Contract), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[patch("/api/v1/contracts/{id}")]
pub async fn update_contract(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContractId>,
    body: JsonBody<UpdateContractRequest, ContractId>,
) -> Result<HttpResponse, AppError> {
    let k = service::update_contract(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(k))
}

/// Sends a complete draft (exactly the policy's number of mentees) out for signatures.
#[utoipa::path(
    tag = "mentoring",
    params(("id" = i64, Path, description = "contract id")),
    responses((status = 200, body = Contract), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/contracts/{id}/request-signatures")]
pub async fn request_signatures(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, AppError> {
    let k = service::request_signatures(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(k))
}

/// The caller (the mentor or one of the mentees) signs; the last signature makes it active.
#[utoipa::path(
    tag = "mentoring",
    params(("id" = i64, Path, description = "contract id")),
    responses((status = 200, body = Contract), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "not waiting for signatures, or a party is in another active contract"))
)]
#[post("/api/v1/contracts/{id}/sign")]
pub async fn sign_contract(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, AppError> {
    let k = service::sign(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(k))
}

/// Ends a contract early, with a reason (city admins).
#[utoipa::path(
    tag = "mentoring",
    params(("id" = i64, Path, description = "contract id")),
    request_body = TerminateRequest,
    responses((status = 200, body = Contract), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/api/v1/contracts/{id}/terminate")]
pub async fn terminate_contract(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContractId>,
    body: JsonBody<TerminateRequest, ContractId>,
) -> Result<HttpResponse, AppError> {
    let k = service::terminate(&state, caller, id.into_inner(), &body.0.reason).await?;
    Ok(HttpResponse::Ok().json(k))
}

/// A mentee leaves mid-cycle (transferred, resigned, other) and another takes the place.
#[utoipa::path(
    tag = "mentoring",
    params(("id" = i64, Path, description = "contract id"), ("user_id" = i64, Path, description = "the leaving mentee")),
    request_body = LeaveRequest,
    responses((status = 200, body = Contract), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/contracts/{id}/mentees/{user_id}/leave")]
pub async fn replace_mentee(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ContractId, UserId)>,
    body: JsonBody<LeaveRequest, ContractMentee>,
) -> Result<HttpResponse, AppError> {
    let (id, leaving) = path.into_inner();
    let k = service::replace_mentee(&state, caller, id, leaving, body.0).await?;
    Ok(HttpResponse::Ok().json(k))
}
