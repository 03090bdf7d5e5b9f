//! The two statistics pages: one handler each for its role, one view and one template between
//! them. The year defaults to this year in the service's time zone; the years offered run from
//! five years back to next year. A unit admin naming another unit, or a city admin naming a
//! unit that does not exist, is answered 404, as another unit's objects are.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::domain::ids::UnitId;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::i18n::current;
use crate::services::exports::activity_statistics::{self as stats, ActivityStatistics};
use crate::services::office_views;
use crate::state::AppState;
use crate::web::assessing::views::number;
use crate::web::errors::PageError;
use crate::web::forms::{given, say};
use crate::web::page::Frame;
use crate::web::people::office::Opt;
use crate::web::session::SignedIn;

/// `?year=` and (the city admin's) `?unit=`, as text; a malformed year is this year.
#[derive(Debug, Default, Deserialize)]
pub struct StatisticsQuery {
    pub year: Option<String>,
    pub unit: Option<String>,
}

/// One line of the table.
#[derive(Serialize)]
struct Line {
    unit: String,
    mentor: String,
    certificate_no: String,
    kind: String,
    activities: i64,
    hours: String,
}

/// One unit's totals (the city admin's page).
#[derive(Serialize)]
struct UnitTotal {
    unit: String,
    mentors: usize,
    activities: i64,
    hours: String,
}

/// The unit named by `?unit=`: `Ok(None)` when none is named, 404 when it names a unit the
/// caller does not see (`units`).
fn unit_asked(
    q: &StatisticsQuery,
    units: &BTreeMap<UnitId, String>,
) -> Result<Option<UnitId>, PageError> {
    match given(&q.unit) {
        None => Ok(None),
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .map(UnitId)
            .filter(|u| units.contains_key(u))
            .map(Some)
            .ok_or(PageError::App(AppError::NotFound)),
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    role: Role,
    year: i32,
    unit: Option<UnitId>,
    units: &BTreeMap<UnitId, String>,
) -> Result<HttpResponse, PageError> {
    let s: ActivityStatistics = stats::statistics(state, &session.caller, year, unit).await?;
    let locale = current().locale;
    let this_year = state.clock.today().year();
    let year_opts: Vec<Opt> = (this_year - 5..=this_year + 1)
        .rev()
        .chain(std::iter::once(year))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .rev()
        .map(|y| Opt::new(y.to_string(), y.to_string()))
        .collect();
    let unit_opts: Vec<Opt> = std::iter::once(Opt::new("", say("statistics.all_units")))
        .chain(
            units
                .iter()
                .map(|(id, n)| Opt::new(id.0.to_string(), n.clone())),
        )
        .collect();
    let mut by_unit: BTreeMap<&str, (std::collections::BTreeSet<_>, i64, f64)> = BTreeMap::new();
    for i in &s.items {
        let e = by_unit.entry(i.unit_name.as_str()).or_default();
        e.0.insert(i.mentor_user_id);
        e.1 += i.activities;
        e.2 += i.hours;
    }
    let unit_totals: Vec<UnitTotal> = by_unit
        .into_iter()
        .map(|(unit, (mentors, activities, h))| UnitTotal {
            unit: unit.to_owned(),
            mentors: mentors.len(),
            activities,
            hours: number(h),
        })
        .collect();
    let mentors = s
        .items
        .iter()
        .map(|i| i.mentor_user_id)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let lines: Vec<Line> = s
        .items
        .iter()
        .map(|i| Line {
            unit: i.unit_name.clone(),
            mentor: i.mentor_name.clone(),
            certificate_no: i.certificate_no.clone(),
            kind: i.kind.label(locale).into_owned(),
            activities: i.activities,
            hours: number(i.hours),
        })
        .collect();
    let mut query: Vec<(&str, String)> = vec![("year", year.to_string())];
    if let Some(u) = unit {
        query.push(("unit", u.0.to_string()));
    }
    let download_query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())))
        .finish();
    let city = role == Role::CityAdmin;
    Frame::signed_in(state, req, session, Some(role)).render(
        state,
        StatusCode::OK,
        "statistics/activity.html",
        context! {
            city,
            action => if city { "/city/activity-statistics" } else { "/unit/activity-statistics" },
            year,
            unit => unit.map(|u| u.0.to_string()).unwrap_or_default(),
            unit_name => unit.and_then(|u| units.get(&u)).cloned(),
            year_opts => Serde(year_opts),
            unit_opts => Serde(unit_opts),
            lines => Serde(lines),
            unit_totals => Serde(unit_totals),
            mentors,
            total_activities => s.total_activities,
            total_hours => number(s.total_hours),
            download_query,
        },
    )
}

fn year_of(state: &AppState, q: &StatisticsQuery) -> i32 {
    given(&q.year)
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| state.clock.today().year())
}

/// `GET /unit/activity-statistics`: the unit admin's unit, by mentor and kind.
pub async fn get_unit_activity_statistics(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<StatisticsQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let own = session.caller.unit_id.ok_or(AppError::NotFound)?;
    let units: BTreeMap<UnitId, String> = office_views::all_units(&state, &session.caller)
        .await?
        .into_iter()
        .filter(|u| u.id == own)
        .map(|u| (u.id, u.name))
        .collect();
    unit_asked(&query, &units)?;
    let year = year_of(&state, &query);
    render(
        &state,
        &req,
        &session,
        Role::UnitAdmin,
        year,
        Some(own),
        &units,
    )
    .await
}

/// `GET /city/activity-statistics`: the city by unit (or one unit), with each unit's totals and
/// the city's.
pub async fn get_city_activity_statistics(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<StatisticsQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let units: BTreeMap<UnitId, String> = office_views::all_units(&state, &session.caller)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let unit = unit_asked(&query, &units)?;
    let year = year_of(&state, &query);
    render(&state, &req, &session, Role::CityAdmin, year, unit, &units).await
}
