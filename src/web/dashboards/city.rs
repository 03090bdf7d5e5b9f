//! `/city`, the city admin's program dashboard (and `/home` for the city admin): charts drawn on
//! the server as SVG (mentors by category and by unit, contracts by status, activities per month
//! against last year, grades by year, benefits issued, the pool over time), each with its figures
//! as a table beside it, for screen readers and for copying into a report.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::svg::{self, Chart, Series};
use crate::domain::assessment::Grade;
use crate::domain::benefit::BenefitKind;
use crate::domain::category::TalentCategory;
use crate::domain::choice::Choice;
use crate::domain::contract::ContractStatus;
use crate::domain::role::Role;
use crate::i18n;
use crate::services::dashboards::{self, CityFigures};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// One chart with its table.
#[derive(Serialize)]
pub struct ChartView {
    pub id: &'static str,
    pub title: String,
    /// The drawn chart (built and escaped by [`svg`]).
    pub svg: String,
    /// Said under the chart when it draws only part of the table.
    pub note: Option<String>,
    /// The table's column heads, the first one over the labels.
    pub head: Vec<String>,
    /// Each row: its label, then its figures (none for a month still to come).
    pub rows: Vec<(String, Vec<Option<i64>>)>,
}

/// A stored code in the reader's language, the code itself when it is not one of `T`'s.
fn label<T: Choice>(code: &str) -> String {
    T::from_code(code).map_or_else(
        || code.to_owned(),
        |v| v.label(i18n::current().locale).into_owned(),
    )
}

/// Every value of `T` with its count (0 when none), in `T`'s order, then any other code.
fn all_of<T: Choice>(counts: &std::collections::BTreeMap<String, i64>) -> Vec<(String, i64)> {
    let mut rows: Vec<(String, i64)> = T::ALL
        .iter()
        .map(|v| {
            (
                label::<T>(v.code()),
                counts.get(v.code()).copied().unwrap_or(0),
            )
        })
        .collect();
    rows.extend(
        counts
            .iter()
            .filter(|(c, _)| T::from_code(c).is_none())
            .map(|(c, n)| (c.clone(), *n)),
    );
    rows
}

/// The most bars a chart draws; the table beside it holds every row.
const MAX_BARS: usize = 12;

fn simple(id: &'static str, key: &str, head: &str, rows: Vec<(String, i64)>) -> ChartView {
    let title = say(key);
    let empty = say("dashboards.chart.empty");
    let drawn = svg::bars(
        &Chart {
            title: &title,
            empty: &empty,
        },
        &rows[..rows.len().min(MAX_BARS)],
    );
    ChartView {
        id,
        title,
        svg: drawn,
        note: (rows.len() > MAX_BARS).then(|| {
            say("dashboards.chart.first_rows")
                .replace("{n}", &MAX_BARS.to_string())
                .replace("{all}", &rows.len().to_string())
        }),
        head: vec![say(head), say("dashboards.chart.count")],
        rows: rows.into_iter().map(|(l, n)| (l, vec![Some(n)])).collect(),
    }
}

fn months() -> Vec<String> {
    (1..=12)
        .map(|m| say(&format!("dashboards.month.{m}")))
        .collect()
}

fn activities_chart(f: &CityFigures) -> ChartView {
    let title = say("dashboards.city.activities");
    let empty = say("dashboards.chart.empty");
    let series = vec![
        Series {
            name: (f.year - 1).to_string(),
            values: f.activities_last_year.to_vec(),
        },
        Series {
            name: f.year.to_string(),
            values: f.activities_this_year[..f.months_so_far].to_vec(),
        },
    ];
    let xs = months();
    let drawn = svg::lines(
        &Chart {
            title: &title,
            empty: &empty,
        },
        &xs,
        &series,
    );
    ChartView {
        id: "activities",
        title,
        svg: drawn,
        note: None,
        head: vec![
            say("dashboards.chart.month"),
            (f.year - 1).to_string(),
            f.year.to_string(),
        ],
        rows: xs
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                let this = (i < f.months_so_far).then_some(f.activities_this_year[i]);
                (m, vec![Some(f.activities_last_year[i]), this])
            })
            .collect(),
    }
}

fn grades_chart(f: &CityFigures) -> ChartView {
    let title = say("dashboards.city.grades");
    let empty = say("dashboards.chart.empty");
    let years: Vec<String> = f.grades_by_year.keys().map(|y| y.to_string()).collect();
    let series: Vec<Series> = Grade::ALL
        .iter()
        .map(|g| Series {
            name: label::<Grade>(g.as_str()),
            values: f
                .grades_by_year
                .values()
                .map(|by| by.get(g.as_str()).copied().unwrap_or(0))
                .collect(),
        })
        .collect();
    let drawn = svg::grouped_bars(
        &Chart {
            title: &title,
            empty: &empty,
        },
        &years,
        &series,
    );
    let mut head = vec![say("dashboards.chart.year")];
    head.extend(series.iter().map(|s| s.name.clone()));
    ChartView {
        id: "grades",
        title,
        svg: drawn,
        note: None,
        head,
        rows: years
            .into_iter()
            .enumerate()
            .map(|(i, y)| (y, series.iter().map(|s| Some(s.values[i])).collect()))
            .collect(),
    }
}

fn pool_chart(f: &CityFigures) -> ChartView {
    let title = say("dashboards.city.pool");
    let empty = say("dashboards.chart.empty");
    let xs: Vec<String> = f.pool.iter().map(|p| p.year.to_string()).collect();
    let series = vec![Series {
        name: say("dashboards.city.pool_series"),
        values: f.pool.iter().map(|p| p.mentors).collect(),
    }];
    let drawn = svg::lines(
        &Chart {
            title: &title,
            empty: &empty,
        },
        &xs,
        &series,
    );
    ChartView {
        id: "pool",
        title,
        svg: drawn,
        note: None,
        head: vec![say("dashboards.chart.year"), series[0].name.clone()],
        rows: f
            .pool
            .iter()
            .map(|p| (p.year.to_string(), vec![Some(p.mentors)]))
            .collect(),
    }
}

/// Every chart of the dashboard, in the page's order.
pub fn charts(f: &CityFigures) -> Vec<ChartView> {
    vec![
        simple(
            "category",
            "dashboards.city.by_category",
            "dashboards.chart.category",
            all_of::<TalentCategory>(&f.by_category),
        ),
        simple(
            "unit",
            "dashboards.city.by_unit",
            "dashboards.chart.unit",
            f.by_unit.clone(),
        ),
        simple(
            "contracts",
            "dashboards.city.contracts",
            "dashboards.chart.status",
            all_of::<ContractStatus>(&f.contracts_by_status),
        ),
        activities_chart(f),
        grades_chart(f),
        simple(
            "benefits",
            "dashboards.city.benefits",
            "dashboards.chart.kind",
            all_of::<BenefitKind>(&f.benefits_issued),
        ),
        pool_chart(f),
    ]
}

/// The dashboard, for `/city` and for `/home` when the user acts as city admin.
pub async fn city_home_page(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let f = dashboards::city_figures(state, &session.caller).await?;
    let active: i64 = f.by_category.values().sum();
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        StatusCode::OK,
        "dashboards/city.html",
        context! {
            today => state.clock.today().to_string(),
            year => f.year,
            active_mentors => active,
            units => f.by_unit.len(),
            active_contracts => f.contracts_by_status.get(ContractStatus::Active.as_str()).copied().unwrap_or(0),
            activities_this_year => f.activities_this_year.iter().sum::<i64>(),
            charts => Serde(charts(&f)),
        },
    )
}

/// `GET /city`.
pub async fn get_city_dashboard(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    city_home_page(&state, &req, &session).await
}
