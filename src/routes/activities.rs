//! The activity log (培带活动) and a contract's progress.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{JsonBody, QueryParams, file_response, read_upload};
use crate::auth::caller::Caller;
use crate::db::activities::Activity;
use crate::db::evidence_files::EvidenceFile;
use crate::domain::activity::{ActivityRequest, AttendanceRequest};
use crate::domain::evidence::Owner;
use crate::domain::ids::{ActivityId, ContractId, EvidenceFileId};
use crate::domain::page::{Page, PageQuery, parse_page};
use crate::domain::progress::Progress;
use crate::error::{AppError, ErrorBody, Problems};
use crate::services::activities as service;
use crate::state::AppState;

/// A calendar year (progress).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    /// e.g. 2027; default: this year.
    pub year: Option<i32>,
}

/// A page of a contract's activities, of one year or the whole cycle.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ActivityListQuery {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    /// e.g. 2027; default: the whole cycle.
    pub year: Option<i32>,
}

/// The activities of a contract (of one year, or the whole cycle).
#[utoipa::path(
    tag = "mentoring",
    params(("id" = i64, Path, description = "contract id"), ActivityListQuery),
    responses((status = 200, body = Page<Activity>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/contracts/{id}/activities")]
pub async fn list_activities(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContractId>,
    query: QueryParams<ActivityListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    p.finish()?;
    let list = service::list(&state, &caller, id.into_inner(), q.year).await?;
    Ok(HttpResponse::Ok().json(Page::of(list, page)))
}

/// Logs an activity (the contract's mentor): kind, title, date, hours, place, attending mentees,
/// summary.
#[utoipa::path(
    tag = "mentoring",
    params(("id" = i64, Path, description = "contract id")),
    request_body = ActivityRequest,
    responses((status = 201, body = Activity), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/contracts/{id}/activities")]
pub async fn log_activity(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContractId>,
    body: JsonBody<ActivityRequest, ContractId>,
) -> Result<HttpResponse, AppError> {
    let a = service::log_activity(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Created().json(a))
}

/// Changes a logged activity, until its year's assessment is confirmed.
#[utoipa::path(
    tag = "mentoring",
    params(("id" = i64, Path, description = "activity id")),
    request_body = ActivityRequest,
    responses((status = 200, body = Activity), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[patch("/api/v1/activities/{id}")]
pub async fn update_activity(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ActivityId>,
    body: JsonBody<ActivityRequest, ActivityId>,
) -> Result<HttpResponse, AppError> {
    let a = service::update_activity(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(a))
}

/// An attending mentee confirms or disputes their attendance.
#[utoipa::path(
    tag = "mentoring",
    params(("id" = i64, Path, description = "activity id")),
    request_body = AttendanceRequest,
    responses((status = 200, body = Activity), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/activities/{id}/attendance")]
pub async fn respond_attendance(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ActivityId>,
    body: JsonBody<AttendanceRequest, ActivityId>,
) -> Result<HttpResponse, AppError> {
    let a = service::respond(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(a))
}

/// Activities some mentee disputed: the caller's unit's (unit admins) or all (city admins).
#[utoipa::path(
    tag = "mentoring",
    params(PageQuery),
    responses((status = 200, body = Page<Activity>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/disputed-activities")]
pub async fn list_disputed_activities(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.0.parse()?;
    let list = service::disputed(&state, &caller).await?;
    Ok(HttpResponse::Ok().json(Page::of(list, page)))
}

/// Per indicator, target against done (confirmed and not yet confirmed), disputed, and the
/// shortfall against a pro-rata target for today; per mentee, attendance.
#[utoipa::path(
    tag = "mentoring",
    params(("id" = i64, Path, description = "contract id"), YearQuery),
    responses((status = 200, body = Progress), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/contracts/{id}/progress")]
pub async fn get_progress(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContractId>,
    query: QueryParams<YearQuery>,
) -> Result<HttpResponse, AppError> {
    let p = service::progress(&state, &caller, id.into_inner(), query.0.year).await?;
    Ok(HttpResponse::Ok().json(p))
}

/// The name of an uploaded file.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UploadName {
    /// The file's name as the user chose it.
    #[param(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,198}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub name: String,
}

/// The evidence files of an activity.
#[utoipa::path(tag = "mentoring", params(("id" = i64, Path, description = "activity id"), PageQuery),
    responses((status = 200, body = Page<EvidenceFile>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/api/v1/activities/{id}/files")]
pub async fn list_activity_files(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ActivityId>,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.0.parse()?;
    let files =
        crate::services::evidence::list(&state, &caller, Owner::activity(id.into_inner())).await?;
    Ok(HttpResponse::Ok().json(Page::of(files, page)))
}

/// Adds an evidence file to an activity (the contract's mentor; PDF, JPEG or PNG; the body is the
/// file itself, up to the policy's size).
#[utoipa::path(tag = "mentoring", params(("id" = i64, Path, description = "activity id"), UploadName),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = EvidenceFile), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/activities/{id}/files")]
pub async fn upload_activity_file(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ActivityId>,
    query: QueryParams<UploadName, ActivityId>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let bytes = read_upload(
        payload,
        state.settings.policy.evidence_file_max_bytes as usize,
    )
    .await?;
    let file = crate::services::evidence::upload(
        &state,
        caller,
        Owner::activity(id.into_inner()),
        &query.0.name,
        bytes,
    )
    .await?;
    Ok(HttpResponse::Created().json(file))
}

/// Downloads an activity's evidence file, if the caller may see the activity.
#[utoipa::path(tag = "mentoring",
    params(("id" = i64, Path, description = "activity id"), ("file_id" = i64, Path, description = "file id")),
    responses((status = 200, description = "the file", content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
#[get("/api/v1/activities/{id}/files/{file_id}")]
pub async fn download_activity_file(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ActivityId, EvidenceFileId)>,
) -> Result<HttpResponse, AppError> {
    let (id, file_id) = path.into_inner();
    let (file, bytes) =
        crate::services::evidence::download(&state, &caller, Owner::activity(id), file_id).await?;
    Ok(file_response(&file.file_name, &file.content_type, bytes))
}
