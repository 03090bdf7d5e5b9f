//! The mentor pool (人才培带人库): city admins see all of it, unit admins their own unit's.

use actix_web::{HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::QueryParams;
use crate::auth::caller::Caller;
use crate::db::audit::{self, AuditEvent, AuditFilter};
use crate::db::mentors::{self, Mentor, MentorFilter};
use crate::db::review;
use crate::domain::category::TalentCategory;
use crate::domain::ids::{MentorEntryId, NominationId, RoundId, UnitId};
use crate::domain::page::{Page, PageRequest, parse_page};
use crate::domain::review::MentorStatus;
use crate::error::{AppError, ErrorBody, Problems};
use crate::state::AppState;

/// Filters of the pool.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MentorListQuery {
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub unit_id: Option<i64>,
    pub category: Option<TalentCategory>,
    pub status: Option<MentorStatus>,
    pub round_id: Option<i64>,
    /// Part of the mentor's name.
    #[param(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub q: Option<String>,
    /// `json` (default), or the list as a file: `xlsx` or `csv` (every matching row, not one page).
    pub format: Option<crate::domain::sheet::ReportFormat>,
}

/// Lists the pool.
#[utoipa::path(
    tag = "selection",
    params(MentorListQuery),
    responses(
        (status = 200, body = Page<Mentor>, description = "the page; with `format=xlsx` or `csv` the file 人才培带人库名册-<unit>.xlsx|csv as an attachment",
            content(
                (Page<Mentor> = "application/json"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (String = "text/csv"),
            )),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)
    )
)]
#[get("/api/v1/mentors")]
pub async fn list_mentors(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<MentorListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    p.finish()?;
    let filter = MentorFilter {
        unit_id: q.unit_id.map(UnitId),
        category: q.category,
        status: q.status,
        round_id: q.round_id.map(RoundId),
        search: q.q.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
    };
    if let Some(format) = crate::domain::sheet::ReportFormat::file(q.format) {
        let locale = crate::i18n::current().locale;
        let file =
            crate::services::exports::pool::export(&state, &caller, filter, format, locale).await?;
        return Ok(super::exports::export_response(file));
    }
    let scope = caller.admin_scope();
    let list = state
        .db
        .run(move |c| mentors::list(c, &filter, scope, page))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The committee's scores of the nomination that led to an appointment.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoresSummary {
    pub count: usize,
    pub mean: Option<f64>,
    pub min: Option<i32>,
    pub max: Option<i32>,
    /// Set when the appointing decision was taken below the round's minimum of scores.
    pub score_exception: Option<crate::db::review::ScoreException>,
}

/// A pool entry with its history.
#[derive(Debug, Serialize, ToSchema)]
pub struct MentorRecord {
    pub mentor: Mentor,
    /// The review scores (city admins only; absent for everyone else).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scores: Option<ScoresSummary>,
    /// The nomination and the appointment, and every later change, newest first.
    pub history: Vec<AuditEvent>,
}

/// One mentor's record and history, if the caller may see the mentor's unit.
#[utoipa::path(
    tag = "selection",
    params(("id" = i64, Path, description = "pool entry id")),
    responses((status = 200, body = MentorRecord), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/mentors/{id}")]
pub async fn get_mentor(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<MentorEntryId>,
) -> Result<HttpResponse, AppError> {
    let (id, scope, city) = (
        id.into_inner(),
        caller.admin_scope(),
        caller.is_city_admin(),
    );
    let record = state
        .db
        .run(move |c| {
            let mentor = mentors::find(c, id, scope)?;
            let page = PageRequest {
                page: 1,
                per_page: 100,
            };
            let mut history = audit::list(
                c,
                &AuditFilter {
                    object_type: Some("mentor".into()),
                    object_id: Some(id.to_string()),
                    ..Default::default()
                },
                page,
            )?
            .items;
            // An entry taken over by the pool import has no nomination, hence no such history.
            let nominations: Vec<NominationId> = mentor.nomination_id.into_iter().collect();
            for nomination in &nominations {
                history.extend(
                    audit::list(
                        c,
                        &AuditFilter {
                            object_type: Some("nomination".into()),
                            object_id: Some(nomination.to_string()),
                            ..Default::default()
                        },
                        page,
                    )?
                    .items
                    .into_iter()
                    // Scores, and decisions taken without enough of them, stay with the city admin
                    // (in `scores` below and the audit log).
                    .filter(|e| {
                        e.action != "nomination.score"
                            && e.action != crate::services::review::SCORE_EXCEPTION_ACTION
                    }),
                );
            }
            history.sort_by(|a, b| b.occurred_at.cmp(&a.occurred_at).then(b.id.cmp(&a.id)));
            let scores = if city {
                let values: Vec<i32> = review::scores(c, &nominations)?
                    .into_iter()
                    .map(|s| s.score)
                    .collect();
                Some(ScoresSummary {
                    count: values.len(),
                    mean: (!values.is_empty())
                        .then(|| f64::from(values.iter().sum::<i32>()) / values.len() as f64),
                    min: values.iter().min().copied(),
                    max: values.iter().max().copied(),
                    score_exception: review::score_exceptions(c, &nominations)?
                        .pop()
                        .map(|(_, e)| e),
                })
            } else {
                None
            };
            Ok(MentorRecord {
                mentor,
                scores,
                history,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(record))
}
