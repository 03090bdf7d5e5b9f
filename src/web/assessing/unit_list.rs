//! `/unit/assessments`: a round's mentors of the unit admin's unit (the newest round unless
//! `?round=ID` chooses another) with where each assessment is (pending, graded, submitted,
//! confirmed, returned), filtered by that stage, with the counts, sorted (stage, mentor, grade,
//! suggested grade); and the unit's report of the round to download (`/unit/assessments/report`, the
//! API's `get_unit_report` as a CSV file).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::views::{Row, row};
use crate::db::assessments::{Assessment, AssessmentFilter};
use crate::domain::assessment::{AssessmentStatus, Grade};
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
use crate::web::sorting::{self, SortOption, choose};

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

/// `?round=…&stage=…&sort=…&page=…` (text, so that a stray value shows the whole list instead of
/// a 400).
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub round: Option<String>,
    pub stage: Option<String>,
    pub sort: Option<String>,
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

/// How the unit's list is sorted; each ends with the mentor's name and the assessment's id, so
/// that a page is the same rows every time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitSort {
    /// The stage, in the order of the unit's work.
    Stage,
    /// The mentor's name.
    Mentor,
    /// The grade, best first, those without one last.
    Grade,
    /// The grade the service suggested, best first, those without one last.
    Suggested,
}

/// The sorts of the unit's list (the stage first by default).
const SORTS: &[SortOption<UnitSort>] = &[
    SortOption {
        code: "stage",
        label: "assessing.sort.stage",
        sort: UnitSort::Stage,
    },
    SortOption {
        code: "mentor",
        label: "sort.mentor",
        sort: UnitSort::Mentor,
    },
    SortOption {
        code: "grade",
        label: "assessing.sort.grade",
        sort: UnitSort::Grade,
    },
    SortOption {
        code: "suggested",
        label: "assessing.sort.suggested",
        sort: UnitSort::Suggested,
    },
];

/// A grade's place, best first, none last (the lists' grade sorts).
pub fn grade_rank(g: Option<Grade>) -> usize {
    g.and_then(|g| Grade::ALL.iter().position(|x| *x == g))
        .unwrap_or(Grade::ALL.len())
}

/// Sorts the unit's rows (a unit's mentors of one round, all read for the stage counts).
fn sort_rows(all: &mut [Assessment], sort: UnitSort) {
    let stage_rank = |x: &Assessment| STAGES.iter().position(|s| *s == stage(x));
    all.sort_by(|a, b| {
        let first = match sort {
            UnitSort::Stage => stage_rank(a).cmp(&stage_rank(b)),
            UnitSort::Mentor => std::cmp::Ordering::Equal,
            UnitSort::Grade => grade_rank(a.grade).cmp(&grade_rank(b.grade)),
            UnitSort::Suggested => {
                grade_rank(a.suggested_grade).cmp(&grade_rank(b.suggested_grade))
            }
        };
        first
            .then(a.mentor_name.cmp(&b.mentor_name))
            .then(a.id.0.cmp(&b.id.0))
    });
}

/// A round in the round select.
#[derive(Serialize)]
struct RoundOpt {
    id: String,
    year: i32,
    chosen: bool,
}

/// `GET /unit/assessments`: a round's assessments of the unit (the newest round by default).
pub async fn get_assessments(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let caller = &session.caller;
    let rounds = assessment_desk::rounds(&state).await?;
    let asked_round = query
        .round
        .as_deref()
        .and_then(|r| r.trim().parse::<i64>().ok());
    // A round the list does not know shows the newest, as an unknown sort does.
    let round = asked_round
        .and_then(|id| rounds.iter().find(|r| r.id.0 == id))
        .or_else(|| rounds.first())
        .cloned();
    let newest = rounds.first().map(|r| r.id);
    let (sort, sorting) = choose(SORTS, query.sort.as_deref());
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
    sort_rows(&mut all, sort);
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
    // The round is kept in the links unless it is the newest (the default).
    let round_param = round
        .as_ref()
        .filter(|r| Some(r.id) != newest)
        .map(|r| r.id.0.to_string());
    let href = sorting::href(
        "/unit/assessments",
        &[
            ("round", round_param.clone()),
            ("stage", chosen.map(str::to_owned)),
        ],
        &sorting,
    );
    // The stage tabs keep the round and the sort, and change the stage alone.
    let tab_base = sorting::href(
        "/unit/assessments",
        &[("round", round_param.clone())],
        &sorting,
    );
    let round_opts: Vec<RoundOpt> = rounds
        .iter()
        .map(|r| RoundOpt {
            id: r.id.0.to_string(),
            year: r.year,
            chosen: round.as_ref().is_some_and(|c| c.id == r.id),
        })
        .collect();
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
            sorting => Serde(sorting),
            rounds => Serde(round_opts),
            report_href => match &round_param {
                Some(r) => format!("/unit/assessments/report?round={r}"),
                None => "/unit/assessments/report".to_owned(),
            },
            tab_base => tab_base.clone(),
            tab_sep => if tab_base.contains('?') { "&" } else { "?" },
        },
    )
}

/// The query of the report: the round the list shows (`?round=ID`; the newest without it).
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    round: Option<String>,
}

/// `GET /unit/assessments/report`: the unit's report of a round (the one the list shows, the
/// newest by default), a CSV file headed in the reader's language (opens in Excel). A round id
/// that is no round answers the 404 page: a file of another round than asked would mislead.
pub async fn get_report(
    state: web::Data<AppState>,
    session: SignedIn,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let caller = &session.caller;
    let rounds = assessment_desk::rounds(&state).await?;
    let round = match query.round.as_deref().map(str::trim) {
        Some(asked) => asked
            .parse::<i64>()
            .ok()
            .and_then(|id| rounds.into_iter().find(|r| r.id.0 == id)),
        None => rounds.into_iter().next(),
    };
    let (Some(round), Some(unit)) = (round, caller.unit_id) else {
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
