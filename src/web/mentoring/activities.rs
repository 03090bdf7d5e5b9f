//! `/unit/activities`: the activities the unit's mentors logged, filtered by mentor, year and
//! "disputed only", sorted (newest, oldest, mentor, hours) and paged by the database, each with its mentees' answers; a disputed one shows its mentee's reason, so
//! that the unit admin can take it up with the mentor.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::contracts::mentor_choices;
use crate::db::activities::{ActivityFilter, ActivitySort};
use crate::domain::activity::AttendanceStatus;
use crate::domain::ids::{ActivityId, ContractId, UserId};
use crate::domain::role::Role;
use crate::services::office_views;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::{given, say};
use crate::web::page::Frame;
use crate::web::paging::{PageParam, pager_of, request};
use crate::web::people::office::{Opt, words};
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, choose};

/// The list's filters, as text.
#[derive(Debug, Default, Deserialize)]
pub struct ActivitiesQuery {
    pub mentor: Option<String>,
    pub year: Option<String>,
    pub disputed: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

#[derive(Serialize)]
struct Answer {
    name: String,
    status: &'static str,
    words: String,
    note: Option<String>,
}

#[derive(Serialize)]
struct Row {
    id: ActivityId,
    contract_id: ContractId,
    title: String,
    mentor: String,
    kind: String,
    held_on: String,
    hours: String,
    place: Option<String>,
    disputed: bool,
    answers: Vec<Answer>,
}

/// The sorts of the activities list.
const SORTS: &[SortOption<ActivitySort>] = &[
    SortOption {
        code: "newest",
        label: "sort.newest",
        sort: ActivitySort::Newest,
    },
    SortOption {
        code: "oldest",
        label: "sort.oldest",
        sort: ActivitySort::Oldest,
    },
    SortOption {
        code: "mentor",
        label: "sort.mentor",
        sort: ActivitySort::Mentor,
    },
    SortOption {
        code: "hours",
        label: "sort.hours",
        sort: ActivitySort::Hours,
    },
];

/// `GET /unit/activities`.
pub async fn get_unit_activities(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ActivitiesQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let offered = office_views::contract_choices(&state, &session.caller).await?;
    let mentor = given(&query.mentor)
        .and_then(|m| m.parse::<i64>().ok())
        .map(UserId);
    let year = given(&query.year).and_then(|y| y.parse::<i32>().ok());
    let disputed_only = given(&query.disputed).is_some();
    let (sort, sorting) = choose(SORTS, query.sort.as_deref());
    let years: Vec<i32> = offered
        .span
        .map(|(first, last)| (first.year()..=last.year()).rev().collect())
        .unwrap_or_default();
    let mentor_opts = mentor_choices(&offered.mentors);
    let filter = ActivityFilter {
        mentor,
        year,
        disputed_only,
    };
    let asked = PageParam {
        page: query.page.clone(),
    };
    let (page, disputed_count) =
        office_views::activity_page(&state, &session.caller, filter, sort, request(&asked)).await?;
    let rows: Vec<Row> = page
        .items
        .into_iter()
        .map(|(a, mentor)| Row {
            id: a.id,
            contract_id: a.contract_id,
            title: a.title,
            mentor,
            kind: words(a.kind),
            held_on: a.held_on.to_string(),
            hours: format!("{:.1}", a.hours).trim_end_matches(".0").to_owned(),
            place: a.place,
            disputed: a
                .attendance
                .iter()
                .any(|t| t.status == AttendanceStatus::Disputed),
            answers: a
                .attendance
                .into_iter()
                .map(|t| Answer {
                    name: t.name,
                    status: t.status.as_str(),
                    words: words(t.status),
                    note: t.note,
                })
                .collect(),
        })
        .collect();
    let pairs = [
        ("mentor", mentor.map(|m| m.0.to_string())),
        ("year", year.map(|y| y.to_string())),
        ("disputed", disputed_only.then(|| "1".to_owned())),
    ];
    let filtered = pairs.iter().any(|(_, v)| v.is_some());
    let list_href = sorting::href("/unit/activities", &pairs, &sorting);
    let pager = pager_of(page.page, page.per_page, page.total, &list_href);
    let year_opts: Vec<Opt> = std::iter::once(Opt::new("", say("mentoring.filter.all_years")))
        .chain(years.iter().map(|y| Opt::new(y.to_string(), y.to_string())))
        .collect();
    Frame::signed_in(&state, &req, &session, Some(Role::UnitAdmin)).render(
        &state,
        StatusCode::OK,
        "mentoring/activities.html",
        context! {
            rows => Serde(rows),
            pager => Serde(pager),
            filtered => filtered,
            disputed_count => disputed_count,
            sorting => Serde(sorting),
            f => context! {
                mentor => mentor.map(|m| m.0.to_string()).unwrap_or_default(),
                year => year.map(|y| y.to_string()).unwrap_or_default(),
                disputed => disputed_only,
            },
            mentor_opts => Serde(mentor_opts),
            year_opts => Serde(year_opts),
        },
    )
}
