//! The spreadsheet answers of the lists (`?format=xlsx|csv`), and the one export without a list
//! of its own: the activity statistics of a year.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::QueryParams;
use crate::auth::caller::Caller;
use crate::domain::ids::UnitId;
use crate::domain::sheet::ReportFormat;
use crate::error::{AppError, ErrorBody};
use crate::services::exports::ExportFile;
use crate::services::exports::activity_statistics::{self as stats, ActivityStatistics};
use crate::state::AppState;

/// An export as a download: `attachment` under its UTF-8 name (RFC 5987 `filename*`) with an
/// ASCII `filename` for older clients, never cached, never sniffed.
pub fn export_response(file: ExportFile) -> HttpResponse {
    use actix_web::http::header::{
        Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
    };
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(file.ascii_name),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: file.name.into_bytes(),
            }),
        ],
    };
    HttpResponse::Ok()
        .content_type(file.content_type)
        .insert_header(disposition)
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(file.bytes)
}

/// The year, unit and format of the activity statistics.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ActivityStatisticsQuery {
    /// The calendar year whose activities are counted, 2000 to 2100.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// One unit (city admins; a unit admin always gets their own).
    pub unit_id: Option<UnitId>,
    /// `json` (default), `xlsx` or `csv`.
    pub format: Option<ReportFormat>,
}

/// The year's logged activities counted by unit, mentor and kind (number and hours): JSON, or
/// the spreadsheet 培带活动统计 with `format=xlsx|csv`.
#[utoipa::path(
    tag = "mentoring",
    params(ActivityStatisticsQuery),
    responses(
        (status = 200, body = ActivityStatistics, description = "the statistics; with `format=xlsx` or `csv` the file 培带活动统计-<year>-<unit>.xlsx|csv as an attachment",
            content(
                (ActivityStatistics = "application/json"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (String = "text/csv"),
            )),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)
    )
)]
#[get("/api/v1/activity-statistics")]
pub async fn get_activity_statistics(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ActivityStatisticsQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    if let Some(format) = ReportFormat::file(q.format) {
        let locale = crate::i18n::current().locale;
        let file = stats::export(&state, &caller, q.year, q.unit_id, format, locale).await?;
        return Ok(export_response(file));
    }
    let s = stats::statistics(&state, &caller, q.year, q.unit_id).await?;
    Ok(HttpResponse::Ok().json(s))
}
