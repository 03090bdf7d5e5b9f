//! The annual assessment: rounds, grading, confirmation, the units' reports, objections.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::activities::UploadName;
use super::extract::{JsonBody, QueryParams, file_response, read_upload};
use crate::auth::caller::Caller;
use crate::db::assessments::{Assessment, AssessmentFilter, AssessmentRound};
use crate::db::evidence_files::EvidenceFile;
use crate::db::objections::Objection;
use crate::domain::assessment::{
    AssessmentKind, AssessmentStatus, Grade, GradeRequest, ObjectionDecisionRequest,
    ObjectionRequest, ObjectionStatus, OpenRoundRequest, ReturnRequest,
};
use crate::domain::evidence::Owner;
use crate::domain::ids::{
    AssessmentId, AssessmentObjectionId, AssessmentRoundId, EvidenceFileId, UnitId,
};
use crate::domain::page::{Page, PageQuery, parse_page};
use crate::error::{AppError, ErrorBody, Problems};
use crate::services::assessment_reports::{self as reports, RoundSummary, UnitReport};
use crate::services::assessment_rounds::{self as rounds, OpenedRound};
use crate::services::assessments::{self as service, AssessmentDetail};
use crate::services::objections;
use crate::state::AppState;

/// Opens the assessment round of a year: one assessment per mentor active that year.
#[utoipa::path(
    tag = "assessment",
    request_body = OpenRoundRequest,
    responses((status = 201, body = OpenedRound), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/assessment-rounds")]
pub async fn open_assessment_round(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<OpenRoundRequest>,
) -> Result<HttpResponse, AppError> {
    let r = rounds::open_round(&state, caller, body.0).await?;
    Ok(HttpResponse::Created().json(r))
}

/// Every assessment round, newest year first.
#[utoipa::path(
    tag = "assessment",
    params(PageQuery),
    responses((status = 200, body = Page<AssessmentRound>), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/assessment-rounds")]
pub async fn list_assessment_rounds(
    state: web::Data<AppState>,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.0.parse()?;
    let list = state.db.run(crate::db::assessments::list_rounds).await?;
    Ok(HttpResponse::Ok().json(Page::of(list, page)))
}

/// Counts by status, grade and unit, and each unit's outstanding submissions (a unit admin sees
/// their own unit).
#[utoipa::path(
    tag = "assessment",
    params(("id" = i64, Path, description = "round id")),
    responses((status = 200, body = RoundSummary), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/assessment-rounds/{id}")]
pub async fn get_assessment_round(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<AssessmentRoundId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(reports::summary(&state, &caller, id.into_inner()).await?))
}

/// Filters of a round's assessments.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AssessmentListQuery {
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub unit_id: Option<UnitId>,
    pub status: Option<AssessmentStatus>,
    pub grade: Option<Grade>,
    pub kind: Option<AssessmentKind>,
    /// `json` (default), or the list as a file: `xlsx` or `csv` (every matching row, not one page).
    pub format: Option<crate::domain::sheet::ReportFormat>,
}

/// A round's assessments: all (city admin) or the own unit's (unit admin).
#[utoipa::path(
    tag = "assessment",
    params(("id" = i64, Path, description = "round id"), AssessmentListQuery),
    responses(
        (status = 200, body = Page<Assessment>, description = "the page; with `format=xlsx` or `csv` the file 考核结果汇总表-<year>-<unit>.xlsx|csv (with each assessment's evidence summary) as an attachment",
            content(
                (Page<Assessment> = "application/json"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (String = "text/csv"),
            )),
        (status = 404, body = ErrorBody)
    )
)]
#[get("/api/v1/assessment-rounds/{id}/assessments")]
pub async fn list_assessments(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<AssessmentRoundId>,
    query: QueryParams<AssessmentListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    p.finish()?;
    let filter = AssessmentFilter {
        unit_id: q.unit_id,
        status: q.status,
        grade: q.grade,
        kind: q.kind,
    };
    if let Some(format) = ReportFormat::file(q.format) {
        let locale = crate::i18n::current().locale;
        let file = crate::services::exports::assessments::export(
            &state,
            &caller,
            id.into_inner(),
            filter,
            format,
            locale,
        )
        .await?;
        return Ok(super::exports::export_response(file));
    }
    let list = service::list(&state, &caller, id.into_inner(), filter, page).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The report's format.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// `json` (default), `csv` (UTF-8 with a byte-order mark, for Excel) or `xlsx`.
    pub format: Option<ReportFormat>,
}

pub use crate::domain::sheet::ReportFormat;

/// A unit's report of the year: every assessment with grade, comments and evidence.
#[utoipa::path(
    tag = "assessment",
    params(("id" = i64, Path, description = "round id"), ("unit_id" = i64, Path, description = "unit id"), ReportQuery),
    responses(
        (status = 200, body = UnitReport, description = "the report; with `format=xlsx` or `csv` the file as an attachment",
            content(
                (UnitReport = "application/json"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (String = "text/csv"),
            )),
        (status = 404, body = ErrorBody)
    )
)]
#[get("/api/v1/assessment-rounds/{id}/units/{unit_id}/report")]
pub async fn get_unit_report(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(AssessmentRoundId, UnitId)>,
    query: QueryParams<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let (round, unit) = path.into_inner();
    let report = reports::unit_report(&state, &caller, round, unit).await?;
    if query.0.format == Some(ReportFormat::Xlsx) {
        let locale = crate::i18n::current().locale;
        let sheet = reports::report_sheet(&report, locale, state.clock.today());
        let year = report.year.to_string();
        let ascii_unit = format!("unit-{}", report.unit_id);
        let file = crate::services::exports::render(
            &sheet,
            crate::domain::sheet::FileFormat::Xlsx,
            locale,
            &["单位考核报告", &year, &report.unit_name],
            &["assessment", &year, &ascii_unit],
        )?;
        return Ok(super::exports::export_response(file));
    }
    if query.0.format == Some(ReportFormat::Csv) {
        let locale = crate::i18n::current().locale;
        let body = reports::report_csv(&report, locale).into_bytes();
        let name = format!("assessment-{}-unit-{}.csv", report.year, report.unit_id);
        return Ok(file_response(&name, "text/csv; charset=utf-8", body));
    }
    Ok(HttpResponse::Ok().json(report))
}

/// One assessment with its evidence and objections (the city, the unit's admins, and the mentor
/// once confirmed).
#[utoipa::path(
    tag = "assessment",
    params(("id" = i64, Path, description = "assessment id")),
    responses((status = 200, body = AssessmentDetail), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/assessments/{id}")]
pub async fn get_assessment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<AssessmentId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::get(&state, &caller, id.into_inner()).await?))
}

/// The unit admin writes the grade and the comments (draft or returned, own unit).
#[utoipa::path(
    tag = "assessment",
    params(("id" = i64, Path, description = "assessment id")),
    request_body = GradeRequest,
    responses((status = 200, body = AssessmentDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[patch("/api/v1/assessments/{id}")]
pub async fn grade_assessment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<AssessmentId>,
    body: JsonBody<GradeRequest, AssessmentId>,
) -> Result<HttpResponse, AppError> {
    let a = service::write_grade(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(a))
}

/// The unit admin hands the assessment in to the city.
#[utoipa::path(
    tag = "assessment",
    params(("id" = i64, Path, description = "assessment id")),
    responses((status = 200, body = AssessmentDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/assessments/{id}/submit")]
pub async fn submit_assessment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<AssessmentId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::submit(&state, caller, id.into_inner()).await?))
}

/// The city admin confirms a submitted assessment.
#[utoipa::path(
    tag = "assessment",
    params(("id" = i64, Path, description = "assessment id")),
    responses((status = 200, body = AssessmentDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/api/v1/assessments/{id}/confirm")]
pub async fn confirm_assessment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<AssessmentId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::confirm(&state, caller, id.into_inner()).await?))
}

/// The city admin returns a submitted assessment to the unit with a reason.
#[utoipa::path(
    tag = "assessment",
    params(("id" = i64, Path, description = "assessment id")),
    request_body = ReturnRequest,
    responses((status = 200, body = AssessmentDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/assessments/{id}/return")]
pub async fn return_assessment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<AssessmentId>,
    body: JsonBody<ReturnRequest, AssessmentId>,
) -> Result<HttpResponse, AppError> {
    let a = service::return_assessment(&state, caller, id.into_inner(), &body.0.reason).await?;
    Ok(HttpResponse::Ok().json(a))
}

/// The caller's own confirmed assessments.
#[utoipa::path(
    tag = "assessment",
    params(PageQuery),
    responses((status = 200, body = Page<Assessment>), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/my-assessments")]
pub async fn list_my_assessments(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.0.parse()?;
    let list = service::mine(&state, &caller).await?;
    Ok(HttpResponse::Ok().json(Page::of(list, page)))
}

/// The mentor objects to a confirmed unqualified grade, until the window's last day.
#[utoipa::path(
    tag = "assessment",
    params(("id" = i64, Path, description = "assessment id")),
    request_body = ObjectionRequest,
    responses((status = 201, body = Objection), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/assessments/{id}/objection")]
pub async fn file_objection(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<AssessmentId>,
    body: JsonBody<ObjectionRequest, AssessmentId>,
) -> Result<HttpResponse, AppError> {
    let o = objections::file_objection(&state, caller, id.into_inner(), body.0).await?;
    Ok(HttpResponse::Created().json(o))
}

/// Filter of the objection list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ObjectionListQuery {
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub status: Option<ObjectionStatus>,
}

/// Objections: all (city admin) or the own unit's mentors' (unit admin).
#[utoipa::path(
    tag = "assessment",
    params(ObjectionListQuery),
    responses((status = 200, body = Page<Objection>), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/assessment-objections")]
pub async fn list_objections(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ObjectionListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    p.finish()?;
    let list = objections::list(&state, &caller, q.status).await?;
    Ok(HttpResponse::Ok().json(Page::of(list, page)))
}

/// The city admin upholds or rejects an objection, with a reason.
#[utoipa::path(
    tag = "assessment",
    params(("id" = i64, Path, description = "objection id")),
    request_body = ObjectionDecisionRequest,
    responses((status = 200, body = Objection), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/api/v1/assessment-objections/{id}/decision")]
pub async fn decide_assessment_objection(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<AssessmentObjectionId>,
    body: JsonBody<ObjectionDecisionRequest, AssessmentObjectionId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(objections::decide(&state, caller, id.into_inner(), body.0).await?))
}

/// The files of an objection.
#[utoipa::path(
    tag = "assessment",
    params(("id" = i64, Path, description = "objection id"), PageQuery),
    responses((status = 200, body = Page<EvidenceFile>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/assessment-objections/{id}/files")]
pub async fn list_objection_files(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<AssessmentObjectionId>,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.0.parse()?;
    let files =
        crate::services::evidence::list(&state, &caller, Owner::objection(id.into_inner())).await?;
    Ok(HttpResponse::Ok().json(Page::of(files, page)))
}

/// The mentor adds a file to their pending objection (PDF, JPEG or PNG; the body is the file).
#[utoipa::path(tag = "assessment", params(("id" = i64, Path, description = "objection id"), UploadName),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = EvidenceFile), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/assessment-objections/{id}/files")]
pub async fn upload_objection_file(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<AssessmentObjectionId>,
    query: QueryParams<UploadName, AssessmentObjectionId>,
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
        Owner::objection(id.into_inner()),
        &query.0.name,
        bytes,
    )
    .await?;
    Ok(HttpResponse::Created().json(file))
}

/// Downloads a file of an objection.
#[utoipa::path(tag = "assessment",
    params(("id" = i64, Path, description = "objection id"), ("file_id" = i64, Path, description = "file id")),
    responses((status = 200, description = "the file", content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
#[get("/api/v1/assessment-objections/{id}/files/{file_id}")]
pub async fn download_objection_file(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(AssessmentObjectionId, EvidenceFileId)>,
) -> Result<HttpResponse, AppError> {
    let (id, file_id) = path.into_inner();
    let (file, bytes) =
        crate::services::evidence::download(&state, &caller, Owner::objection(id), file_id).await?;
    Ok(file_response(&file.file_name, &file.content_type, bytes))
}
