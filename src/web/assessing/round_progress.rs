//! `/city/assessment-rounds/{id}`: a round's progress by unit (pending, graded, submitted,
//! confirmed, returned per unit, from the round's assessments as the service lists them), and
//! the round's assessments filtered by unit and stage, each a link to its decision page.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::unit_list::{STAGES, stage};
use super::views::{Row, row};
use crate::db::assessments::AssessmentFilter;
use crate::domain::ids::{AssessmentRoundId, UnitId};
use crate::domain::role::Role;
use crate::services::{assessment_desk, assessment_reports};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;

/// `?unit=…&stage=…&page=…`, kept as text (a stray value shows the whole list).
#[derive(Debug, Default, Deserialize)]
pub struct RoundQuery {
    pub unit: Option<String>,
    pub stage: Option<String>,
    pub page: Option<String>,
    pub done: Option<String>,
}

/// One unit's line of the progress table.
#[derive(Serialize)]
struct UnitLine {
    unit_id: UnitId,
    unit_name: String,
    total: usize,
    /// By stage code.
    stages: BTreeMap<&'static str, usize>,
}

/// A row with its stage.
#[derive(Serialize)]
struct StageRow {
    #[serde(flatten)]
    row: Row,
    stage: &'static str,
}

/// `GET /city/assessment-rounds/{id}`: the round's progress and its assessments.
pub async fn get_round(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<AssessmentRoundId>,
    query: web::Query<RoundQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    let caller = &session.caller;
    let summary = assessment_reports::summary(&state, caller, id).await?;
    let all =
        assessment_desk::all_of_round(&state, caller, id, AssessmentFilter::default()).await?;
    let mut lines: BTreeMap<UnitId, UnitLine> = BTreeMap::new();
    for a in &all {
        let line = lines.entry(a.unit_id).or_insert_with(|| UnitLine {
            unit_id: a.unit_id,
            unit_name: a.unit_name.clone(),
            total: 0,
            stages: STAGES.iter().map(|s| (*s, 0)).collect(),
        });
        line.total += 1;
        *line.stages.entry(stage(a)).or_insert(0) += 1;
    }
    let mut lines: Vec<UnitLine> = lines.into_values().collect();
    lines.sort_by(|a, b| a.unit_name.cmp(&b.unit_name));
    let unit: Option<UnitId> = query
        .unit
        .as_deref()
        .and_then(|u| u.parse::<i64>().ok())
        .map(UnitId)
        .filter(|u| lines.iter().any(|l| l.unit_id == *u));
    let chosen = query
        .stage
        .as_deref()
        .and_then(|s| STAGES.iter().copied().find(|x| *x == s));
    let mut shown: Vec<StageRow> = all
        .iter()
        .filter(|a| unit.is_none_or(|u| a.unit_id == u))
        .filter(|a| chosen.is_none_or(|s| stage(a) == s))
        .map(|a| StageRow {
            row: row(a),
            stage: stage(a),
        })
        .collect();
    // What waits for the city first, then by unit and name.
    shown.sort_by(|a, b| {
        (a.stage != "submitted")
            .cmp(&(b.stage != "submitted"))
            .then(a.row.unit_name.cmp(&b.row.unit_name))
            .then(a.row.mentor_name.cmp(&b.row.mentor_name))
    });
    let mut href = format!("/city/assessment-rounds/{id}");
    let mut sep = '?';
    if let Some(u) = unit {
        href.push_str(&format!("{sep}unit={u}"));
        sep = '&';
    }
    if let Some(s) = chosen {
        href.push_str(&format!("{sep}stage={s}"));
    }
    let (rows, pager) = paginate(
        shown,
        &PageParam {
            page: query.page.clone(),
        },
        &href,
    );
    let notice = match query.done.as_deref() {
        Some("bulk") => Some("assessing.notice.bulk"),
        Some("confirmed") => Some("assessing.notice.confirmed"),
        Some("returned") => Some("assessing.notice.returned"),
        _ => None,
    };
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "assessing/round.html",
        context! {
            round => Serde(summary.round),
            total => summary.total,
            lines => Serde(lines),
            stages => STAGES.to_vec(),
            unit => unit.map(|u| u.0),
            stage => chosen,
            rows => Serde(rows),
            pager => Serde(pager),
            notice => notice,
        },
    )
}
