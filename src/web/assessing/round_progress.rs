//! `/city/assessment-rounds/{id}`: a round's progress by unit (pending, graded, submitted,
//! confirmed, returned per unit, from the round's assessments as the service lists them, and the
//! share the unit has done), sorted by `?units=` (name, progress, returned, waiting), and the
//! round's assessments filtered by unit and stage and sorted by `?sort=` (waiting for the city,
//! unit, mentor, stage, grade), each a link to its decision page. The page reads the round's
//! assessments at once (it counts them), so both sorts are in memory, each with a tie-break.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::unit_list::{STAGES, grade_rank, stage};
use super::views::{Row, row};
use crate::db::assessments::AssessmentFilter;
use crate::domain::assessment::Grade;
use crate::domain::ids::{AssessmentRoundId, UnitId};
use crate::domain::role::Role;
use crate::services::{assessment_desk, assessment_reports};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, Sorting, choose};

/// `?unit=…&stage=…&sort=…&units=…&page=…`, kept as text (a stray value shows the whole list, an
/// unknown sort the default order).
#[derive(Debug, Default, Deserialize)]
pub struct RoundQuery {
    pub unit: Option<String>,
    pub stage: Option<String>,
    /// The sort of the assessments.
    pub sort: Option<String>,
    /// The sort of the progress table by unit.
    pub units: Option<String>,
    pub page: Option<String>,
    pub done: Option<String>,
}

/// How the round's assessments are sorted; each ends with the unit's name, the mentor's name and
/// the assessment's id, so that a page is the same rows every time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssessmentSort {
    /// What waits for the city (submitted) first.
    Waiting,
    /// The unit's name.
    Unit,
    /// The mentor's name (then the unit's).
    Mentor,
    /// The stage, in the order of the unit's work.
    Stage,
    /// The grade, best first, those without one last.
    Grade,
}

/// The sorts of the round's assessments (what waits for the city first by default).
const SORTS: &[SortOption<AssessmentSort>] = &[
    SortOption {
        code: "waiting",
        label: "assessing.sort.waiting",
        sort: AssessmentSort::Waiting,
    },
    SortOption {
        code: "unit",
        label: "sort.unit",
        sort: AssessmentSort::Unit,
    },
    SortOption {
        code: "mentor",
        label: "sort.mentor",
        sort: AssessmentSort::Mentor,
    },
    SortOption {
        code: "stage",
        label: "assessing.sort.stage",
        sort: AssessmentSort::Stage,
    },
    SortOption {
        code: "grade",
        label: "assessing.sort.grade",
        sort: AssessmentSort::Grade,
    },
];

/// How the progress table by unit is sorted; each ends with the unit's name and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitLineSort {
    /// The unit's name.
    Name,
    /// The share submitted or confirmed, the least done first.
    Progress,
    /// The number returned to the unit, the most first.
    Returned,
    /// The number submitted and waiting for the city, the most first.
    Waiting,
}

/// The sorts of the progress table (by the unit's name by default).
const UNIT_SORTS: &[SortOption<UnitLineSort>] = &[
    SortOption {
        code: "name",
        label: "sort.unit_name",
        sort: UnitLineSort::Name,
    },
    SortOption {
        code: "progress",
        label: "assessing.sort.progress",
        sort: UnitLineSort::Progress,
    },
    SortOption {
        code: "returned",
        label: "assessing.sort.returned",
        sort: UnitLineSort::Returned,
    },
    SortOption {
        code: "waiting",
        label: "assessing.sort.units_waiting",
        sort: UnitLineSort::Waiting,
    },
];

/// One unit's line of the progress table.
#[derive(Serialize)]
struct UnitLine {
    unit_id: UnitId,
    unit_name: String,
    total: usize,
    /// By stage code.
    stages: BTreeMap<&'static str, usize>,
    /// Submitted or confirmed: the unit's part done.
    done: usize,
    /// `done` of `total`, in whole percent (rounded down).
    percent: usize,
}

impl UnitLine {
    /// The count of one stage.
    fn of(&self, stage: &str) -> usize {
        self.stages.get(stage).copied().unwrap_or(0)
    }
}

/// Sorts the progress table as `sort` says.
fn sort_lines(lines: &mut [UnitLine], sort: UnitLineSort) {
    lines.sort_by(|a, b| {
        let first = match sort {
            UnitLineSort::Name => std::cmp::Ordering::Equal,
            // a.done / a.total against b.done / b.total, without rounding.
            UnitLineSort::Progress => (a.done * b.total).cmp(&(b.done * a.total)),
            UnitLineSort::Returned => b.of("returned").cmp(&a.of("returned")),
            UnitLineSort::Waiting => b.of("submitted").cmp(&a.of("submitted")),
        };
        first
            .then(a.unit_name.cmp(&b.unit_name))
            .then(a.unit_id.0.cmp(&b.unit_id.0))
    });
}

/// Sorts the shown assessments as `sort` says.
fn sort_rows(rows: &mut [(StageRow, Option<Grade>)], sort: AssessmentSort) {
    let stage_rank = |r: &StageRow| STAGES.iter().position(|s| *s == r.stage);
    rows.sort_by(|(a, ga), (b, gb)| {
        let by_unit = || {
            a.row
                .unit_name
                .cmp(&b.row.unit_name)
                .then(a.row.mentor_name.cmp(&b.row.mentor_name))
        };
        let first = match sort {
            AssessmentSort::Waiting => (a.stage != "submitted")
                .cmp(&(b.stage != "submitted"))
                .then_with(by_unit),
            AssessmentSort::Unit => by_unit(),
            AssessmentSort::Mentor => a
                .row
                .mentor_name
                .cmp(&b.row.mentor_name)
                .then(a.row.unit_name.cmp(&b.row.unit_name)),
            AssessmentSort::Stage => stage_rank(a).cmp(&stage_rank(b)).then_with(by_unit),
            AssessmentSort::Grade => grade_rank(*ga).cmp(&grade_rank(*gb)).then_with(by_unit),
        };
        first.then(a.row.id.0.cmp(&b.row.id.0))
    });
}

/// The `units=` pair of the page's links: the table's sort when it is not the default.
fn units_param(s: &Sorting) -> Option<String> {
    (!s.default).then(|| s.code.to_owned())
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
            done: 0,
            percent: 0,
        });
        line.total += 1;
        *line.stages.entry(stage(a)).or_insert(0) += 1;
        if matches!(stage(a), "submitted" | "confirmed") {
            line.done += 1;
        }
    }
    let mut lines: Vec<UnitLine> = lines.into_values().collect();
    for l in &mut lines {
        l.percent = (l.done * 100).checked_div(l.total).unwrap_or(0);
    }
    let (sort, sorting) = choose(SORTS, query.sort.as_deref());
    let (unit_sort, unit_sorting) = choose(UNIT_SORTS, query.units.as_deref());
    sort_lines(&mut lines, unit_sort);
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
    let mut shown: Vec<(StageRow, Option<Grade>)> = all
        .iter()
        .filter(|a| unit.is_none_or(|u| a.unit_id == u))
        .filter(|a| chosen.is_none_or(|s| stage(a) == s))
        .map(|a| {
            (
                StageRow {
                    row: row(a),
                    stage: stage(a),
                },
                a.grade,
            )
        })
        .collect();
    sort_rows(&mut shown, sort);
    let shown: Vec<StageRow> = shown.into_iter().map(|(r, _)| r).collect();
    let base = format!("/city/assessment-rounds/{id}");
    let units_sort = units_param(&unit_sorting);
    let href = sorting::href(
        &base,
        &[
            ("unit", unit.map(|u| u.to_string())),
            ("stage", chosen.map(str::to_owned)),
            ("units", units_sort.clone()),
        ],
        &sorting,
    );
    // The table's links (a unit, a unit's stage) keep both sorts and change the filters alone.
    let line_base = sorting::href(&base, &[("units", units_sort.clone())], &sorting);
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
            sorting => Serde(sorting),
            unit_sorting => Serde(unit_sorting),
            line_base => line_base.clone(),
            line_sep => if line_base.contains('?') { "&" } else { "?" },
        },
    )
}
