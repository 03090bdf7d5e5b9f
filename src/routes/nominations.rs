//! Nominations (推荐申报表): unit admins draft and hand in the forms of their own unit's people;
//! city admins read them all and may return them with comments.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::extract::{JsonBody, QueryParams, file_response, read_upload};
use crate::auth::caller::Caller;
use crate::db::evidence_files::EvidenceFile;
use crate::db::nominations::{self, Nomination, NominationFilter, NominationSummary};
use crate::domain::category::TalentCategory;
use crate::domain::evidence::Owner;
use crate::domain::ids::{EvidenceFileId, NominationId, RoundId, UnitId};
use crate::domain::page::{Page, PageQuery, parse_page};
use crate::domain::selection::{NominationForm, NominationStatus};
use crate::error::{AppError, ErrorBody, Problems};
use crate::services;
use crate::state::AppState;

/// Filters of a round's nominations.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NominationListQuery {
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub status: Option<NominationStatus>,
    pub category: Option<TalentCategory>,
    pub unit_id: Option<i64>,
    /// `json` (default), or the list as a file: `xlsx` or `csv` (every matching row, not one page).
    pub format: Option<crate::domain::sheet::ReportFormat>,
}

/// The city admin's comments when returning a nomination.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NominationReturnRequest)]
pub struct ReturnRequest {
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,1998}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub comment: String,
}

/// The name of an uploaded file.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    /// The file's name as the user chose it, e.g. 证书.pdf.
    #[param(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,198}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub name: String,
}

/// A round's nominations: all for city admins, the caller's unit's for unit admins.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "round id"), NominationListQuery),
    responses(
        (status = 200, body = Page<NominationSummary>, description = "the page; with `format=xlsx` or `csv` the file 推荐人选名单-<round>-<unit>.xlsx|csv as an attachment",
            content(
                (Page<NominationSummary> = "application/json"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (String = "text/csv"),
            )),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)
    )
)]
#[get("/api/v1/selection-rounds/{id}/nominations")]
pub async fn list_nominations(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RoundId>,
    query: QueryParams<NominationListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    p.finish()?;
    let (round, scope) = (id.into_inner(), caller.admin_scope());
    let filter = NominationFilter {
        status: q.status,
        category: q.category,
        unit_id: q.unit_id.map(UnitId),
    };
    if let Some(format) = crate::domain::sheet::ReportFormat::file(q.format) {
        let locale = crate::i18n::current().locale;
        let file = crate::services::exports::nominations::export(
            &state, &caller, round, filter, format, locale,
        )
        .await?;
        return Ok(super::exports::export_response(file));
    }
    let list = state
        .db
        .run(move |c| {
            crate::db::rounds::find(c, round)?;
            nominations::list(c, round, &filter, scope, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Drafts a nomination for a person of the caller's unit (unit admins).
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "round id")),
    request_body = NominationForm,
    responses(
        (status = 201, body = Nomination),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the round is not open, or the person is nominated already"),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/api/v1/selection-rounds/{id}/nominations")]
pub async fn create_nomination(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RoundId>,
    body: JsonBody<NominationForm, RoundId>,
) -> Result<HttpResponse, AppError> {
    let n =
        services::nominations::create_nomination(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Created().json(n))
}

/// One nomination, if the caller may see it.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "nomination id")),
    responses((status = 200, body = Nomination), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/nominations/{id}")]
pub async fn get_nomination(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NominationId>,
) -> Result<HttpResponse, AppError> {
    let (id, scope) = (id.into_inner(), caller.admin_scope());
    let n = state
        .db
        .run(move |c| nominations::find(c, id, scope))
        .await?;
    Ok(HttpResponse::Ok().json(n))
}

/// Edits a draft or returned nomination's form (its unit's admin).
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "nomination id")),
    request_body = NominationForm,
    responses((status = 200, body = Nomination), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[patch("/api/v1/nominations/{id}")]
pub async fn update_nomination(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NominationId>,
    body: JsonBody<NominationForm, NominationId>,
) -> Result<HttpResponse, AppError> {
    let n =
        services::nominations::update_nomination(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(n))
}

/// Hands a nomination in. The eligibility rules, the deadline and the quotas are checked now;
/// each refusal names its field, in Chinese or English.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "nomination id")),
    responses((status = 200, body = Nomination), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/nominations/{id}/submit")]
pub async fn submit_nomination(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NominationId>,
) -> Result<HttpResponse, AppError> {
    let n = services::nominations::submit_nomination(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(n))
}

/// Takes a nomination back before review (its unit's admin).
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "nomination id")),
    responses((status = 200, body = Nomination), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/api/v1/nominations/{id}/withdraw")]
pub async fn withdraw_nomination(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NominationId>,
) -> Result<HttpResponse, AppError> {
    let n = services::nominations::withdraw_nomination(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(n))
}

/// Sends a submitted nomination back to its unit with comments (city admins).
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "nomination id")),
    request_body = ReturnRequest,
    responses((status = 200, body = Nomination), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/nominations/{id}/return")]
pub async fn return_nomination(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NominationId>,
    body: JsonBody<ReturnRequest, NominationId>,
) -> Result<HttpResponse, AppError> {
    let n =
        services::nominations::return_nomination(&state, caller, id.into_inner(), &body.0.comment)
            .await?;
    Ok(HttpResponse::Ok().json(n))
}

/// The evidence files of a nomination.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "nomination id"), PageQuery),
    responses((status = 200, body = Page<EvidenceFile>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/nominations/{id}/files")]
pub async fn list_nomination_files(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NominationId>,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.0.parse()?;
    let files =
        services::evidence::list(&state, &caller, Owner::nomination(id.into_inner())).await?;
    Ok(HttpResponse::Ok().json(Page::of(files, page)))
}

/// Uploads an evidence file (PDF, JPEG or PNG; the body is the file itself, up to the policy's
/// size) to a draft or returned nomination of the caller's unit.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "nomination id"), UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 201, body = EvidenceFile),
        (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "not a PDF, JPEG or PNG"),
    )
)]
#[post("/api/v1/nominations/{id}/files")]
pub async fn upload_nomination_file(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NominationId>,
    query: QueryParams<UploadQuery, NominationId>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let limit = state.settings.policy.evidence_file_max_bytes as usize;
    let bytes = read_upload(payload, limit).await?;
    let file = services::evidence::upload(
        &state,
        caller,
        Owner::nomination(id.into_inner()),
        &query.0.name,
        bytes,
    )
    .await?;
    Ok(HttpResponse::Created().json(file))
}

/// Downloads an evidence file, if the caller may see its nomination.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "nomination id"), ("file_id" = i64, Path, description = "file id")),
    responses((status = 200, description = "the file", content_type = "application/octet-stream"), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/nominations/{id}/files/{file_id}")]
pub async fn download_nomination_file(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(NominationId, EvidenceFileId)>,
) -> Result<HttpResponse, AppError> {
    let (id, file_id) = path.into_inner();
    let (file, bytes) =
        services::evidence::download(&state, &caller, Owner::nomination(id), file_id).await?;
    Ok(file_response(&file.file_name, &file.content_type, bytes))
}
