//! `/unit/activities`: the activities the unit's mentors logged, filtered by mentor, year and
//! "disputed only", each with its mentees' answers; a disputed one shows its mentee's reason, so
//! that the unit admin can take it up with the mentor.

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::contracts::{given, mentor_choices};
use crate::domain::activity::AttendanceStatus;
use crate::domain::ids::{ActivityId, ContractId, UserId};
use crate::domain::role::Role;
use crate::services::office_views;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::people::office::{Opt, words};
use crate::web::session::SignedIn;

/// The list's filters, as text.
#[derive(Debug, Default, Deserialize)]
pub struct ActivitiesQuery {
    pub mentor: Option<String>,
    pub year: Option<String>,
    pub disputed: Option<String>,
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

/// `GET /unit/activities`.
pub async fn get_unit_activities(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ActivitiesQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let contracts = office_views::all_contracts(&state, &session.caller, None).await?;
    let mentor = given(&query.mentor)
        .and_then(|m| m.parse::<i64>().ok())
        .map(UserId);
    let year = given(&query.year).and_then(|y| y.parse::<i32>().ok());
    let disputed_only = given(&query.disputed).is_some();
    let years: BTreeSet<i32> = contracts
        .iter()
        .flat_map(|k| k.start_date.year()..=k.end_date.year())
        .collect();
    let mentor_opts = mentor_choices(&contracts);
    let mine: Vec<_> = contracts
        .into_iter()
        .filter(|k| mentor.is_none_or(|m| k.mentor_user_id == m))
        .collect();
    let all = office_views::activities_of_contracts(&state, &session.caller, &mine, year).await?;
    let disputed_count = all
        .iter()
        .filter(|(_, a)| {
            a.attendance
                .iter()
                .any(|t| t.status == AttendanceStatus::Disputed)
        })
        .count();
    let rows: Vec<Row> = all
        .into_iter()
        .map(|(k, a)| Row {
            id: a.id,
            contract_id: k.id,
            title: a.title,
            mentor: k.mentor_name,
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
        .filter(|r| !disputed_only || r.disputed)
        .collect();
    let mut href = form_urlencoded::Serializer::new(String::new());
    if let Some(m) = mentor {
        href.append_pair("mentor", &m.0.to_string());
    }
    if let Some(y) = year {
        href.append_pair("year", &y.to_string());
    }
    if disputed_only {
        href.append_pair("disputed", "1");
    }
    let href = href.finish();
    let filtered = !href.is_empty();
    let list_href = if filtered {
        format!("/unit/activities?{href}")
    } else {
        "/unit/activities".to_owned()
    };
    let (rows, pager) = paginate(
        rows,
        &PageParam {
            page: query.page.clone(),
        },
        &list_href,
    );
    let year_opts: Vec<Opt> = std::iter::once(Opt::new("", say("mentoring.filter.all_years")))
        .chain(
            years
                .iter()
                .rev()
                .map(|y| Opt::new(y.to_string(), y.to_string())),
        )
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
