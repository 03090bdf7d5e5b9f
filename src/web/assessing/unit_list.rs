//! `/unit/assessments`: the current round's mentors of the unit admin's unit with where each
//! assessment is (pending, graded, submitted, confirmed, returned), filtered by that stage, with
//! the counts; and the unit's report of the round to download (`/unit/assessments/report`, the
//! API's `get_unit_report` as a CSV file).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::views::{Row, row};
use crate::db::assessments::{Assessment, AssessmentFilter};
use crate::domain::assessment::AssessmentStatus;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::routes::extract::file_response;
use crate::services::{assessment_desk, assessment_reports};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::layout::with_page_headers;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;

/// The stages of the list, in the order of the unit's work.
pub const STAGES: [&str; 5] = ["pending", "graded", "returned", "submitted", "confirmed"];

/// Where an assessment is for its unit: a draft without a grade is pending, with one graded.
pub fn stage(a: &Assessment) -> &'static str {
    match a.status {
        AssessmentStatus::Draft if a.grade.is_none() => "pending",
        AssessmentStatus::Draft => "graded",
        AssessmentStatus::Returned => "returned",
        AssessmentStatus::Submitted => "submitted",
        AssessmentStatus::Confirmed => "confirmed",
    }
}

/// `?stage=…&page=…` (text, so that a stray value shows the whole list instead of a 400).
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub stage: Option<String>,
    pub page: Option<String>,
    pub done: Option<String>,
}

/// A stage's count and filter link.
#[derive(Serialize)]
struct StageCount {
    code: &'static str,
    count: usize,
    current: bool,
}

/// A row with its stage.
#[derive(Serialize)]
struct UnitRow {
    #[serde(flatten)]
    row: Row,
    stage: &'static str,
}

/// `GET /unit/assessments`: the current round's assessments of the unit.
pub async fn get_assessments(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let caller = &session.caller;
    let round = assessment_desk::current_round(&state).await?;
    let chosen = query
        .stage
        .as_deref()
        .and_then(|s| STAGES.iter().copied().find(|x| *x == s));
    let mut all = match &round {
        Some(r) => {
            assessment_desk::all_of_round(&state, caller, r.id, AssessmentFilter::default()).await?
        }
        None => vec![],
    };
    all.sort_by(|a, b| {
        let rank = |x: &Assessment| STAGES.iter().position(|s| *s == stage(x));
        rank(a)
            .cmp(&rank(b))
            .then(a.mentor_name.cmp(&b.mentor_name))
    });
    let counts: Vec<StageCount> = STAGES
        .iter()
        .map(|s| StageCount {
            code: s,
            count: all.iter().filter(|a| stage(a) == *s).count(),
            current: chosen == Some(*s),
        })
        .collect();
    let total = all.len();
    let shown: Vec<UnitRow> = all
        .iter()
        .filter(|a| chosen.is_none_or(|s| stage(a) == s))
        .map(|a| UnitRow {
            row: row(a),
            stage: stage(a),
        })
        .collect();
    let href = match chosen {
        Some(s) => format!("/unit/assessments?stage={s}"),
        None => "/unit/assessments".to_owned(),
    };
    let (rows, pager) = paginate(
        shown,
        &PageParam {
            page: query.page.clone(),
        },
        &href,
    );
    let notice = match query.done.as_deref() {
        Some("submitted") => Some("assessing.notice.submitted"),
        Some("saved") => Some("assessing.notice.saved"),
        _ => None,
    };
    Frame::signed_in(&state, &req, &session, Some(Role::UnitAdmin)).render(
        &state,
        StatusCode::OK,
        "assessing/unit_list.html",
        context! {
            round => Serde(round),
            counts => Serde(counts),
            total => total,
            stage => chosen,
            rows => Serde(rows),
            pager => Serde(pager),
            notice => notice,
        },
    )
}

/// `GET /unit/assessments/report`: the unit's report of the current round, a CSV file headed
/// in the reader's language (opens in Excel).
pub async fn get_report(
    state: web::Data<AppState>,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let caller = &session.caller;
    let (Some(round), Some(unit)) = (
        assessment_desk::current_round(&state).await?,
        caller.unit_id,
    ) else {
        return Err(PageError::App(AppError::NotFound));
    };
    let report = assessment_reports::unit_report(&state, caller, round.id, unit).await?;
    let locale = crate::i18n::current().locale;
    let body = assessment_reports::report_csv(&report, locale).into_bytes();
    let name = format!("assessment-{}-unit-{}.csv", report.year, report.unit_id);
    Ok(with_page_headers(file_response(
        &name,
        "text/csv; charset=utf-8",
        body,
    )))
}
