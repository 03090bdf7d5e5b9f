//! `POST /api/v1/imports/{kind}` (the file as the body; a dry run unless `apply=true`) and
//! `GET /api/v1/imports/{kind}/template`: the imports for programs and scripts, city admins only.

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{QueryParams, file_response};
use crate::auth::caller::Caller;
use crate::error::{AppError, ErrorBody};
use crate::services::imports::refusal::FileRefusal;
use crate::services::imports::runner::{ImportRequest, import};
use crate::services::imports::summary::ImportSummary;
use crate::services::imports::{ImportKind, template};
use crate::state::AppState;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The query of an import.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// `true` stores the rows (when none is refused); otherwise a dry run.
    pub apply: Option<bool>,
    /// `true` e-mails an invitation to each person created (people only).
    pub invite: Option<bool>,
    /// The file's name, for the audit log, e.g. 人员.xlsx.
    #[param(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub name: Option<String>,
}

fn kind_of(raw: &str) -> Result<ImportKind, AppError> {
    ImportKind::parse(raw).ok_or(AppError::NotFound)
}

/// The body, up to `limit` bytes; a longer one is refused naming the limit (nothing is read
/// beyond it).
async fn read_file(mut payload: web::Payload, limit: usize) -> Result<Vec<u8>, AppError> {
    use futures_util::StreamExt;
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest {
            code: "unreadable_body",
            message: crate::i18n::Msg::new("无法读取上传内容", "the upload could not be read"),
            fields: Default::default(),
        })?;
        bytes.extend_from_slice(&chunk);
        if bytes.len() > limit {
            return Err(FileRefusal::too_large(limit).into());
        }
    }
    Ok(bytes)
}

/// Checks a spreadsheet (XLSX, or CSV in UTF-8, UTF-8 with BOM or GB18030) and, with
/// `apply=true`, stores its rows in one transaction: every row or none. The answer lists every
/// row with its action and, for refused rows, the column and the reason.
#[utoipa::path(
    tag = "imports",
    params(("kind" = String, Path, description = "units, people, pool or contracts"), ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the XLSX or CSV file"),
    responses(
        (status = 200, body = ImportSummary, description = "the report; `applied` says whether the rows were stored"),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such import"),
        (status = 422, body = ErrorBody, description = "the file is refused: too large, not XLSX or CSV, an unknown encoding, a required column missing, empty"),
    )
)]
#[post("/api/v1/imports/{kind}")]
pub async fn run_import(
    state: web::Data<AppState>,
    caller: Caller,
    kind: web::Path<String>,
    query: QueryParams<ImportQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let kind = kind_of(&kind)?;
    let q = query.0;
    let bytes = read_file(payload, state.settings.imports.max_bytes).await?;
    let req = ImportRequest {
        kind,
        file_name: q.name.unwrap_or_default(),
        apply: q.apply.unwrap_or(false),
        invite: q.invite.unwrap_or(false),
    };
    let report = import(&state, Some(caller.id), caller.origin.clone(), req, bytes).await?;
    Ok(HttpResponse::Ok().json(report.summary(crate::i18n::current().locale)))
}

/// The template of an import: an XLSX file with the title, the header row, an example row and a
/// sheet of notes on each column.
#[utoipa::path(
    tag = "imports",
    params(("kind" = String, Path, description = "units, people, pool or contracts")),
    responses(
        (status = 200, description = "the template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/api/v1/imports/{kind}/template")]
pub async fn get_import_template(kind: web::Path<String>) -> Result<HttpResponse, AppError> {
    let kind = kind_of(&kind)?;
    let bytes = template::template(kind)?;
    Ok(file_response(&template::file_name(kind), XLSX, bytes))
}
