//! `/unit/people` and `/city/people`: the people the admin manages, filtered by role, status,
//! name or e-mail (and unit, for the city), sorted (oldest, newest, name, e-mail) by the
//! database, twenty a page with the total.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::office::{Office, Opt, choices, role_words, words};
use crate::db::users::{UserFilter, UserSort};
use crate::domain::ids::{UnitId, UserId};
use crate::domain::role::Role;
use crate::domain::user::UserStatus;
use crate::services::office_views;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, pager_of, request};
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, choose};

/// The list's filters, kept as text so that a stray value shows the whole list, not a 400.
#[derive(Debug, Default, Deserialize)]
pub struct PeopleQuery {
    pub role: Option<String>,
    pub status: Option<String>,
    pub q: Option<String>,
    pub unit: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
    pub done: Option<String>,
}

/// A person in the list.
#[derive(Serialize)]
struct Row {
    id: UserId,
    name: String,
    email: String,
    roles: Vec<String>,
    status: &'static str,
    status_words: String,
    unit: String,
}

/// The sorts of the people lists.
const SORTS: &[SortOption<UserSort>] = &[
    SortOption {
        code: "oldest",
        label: "sort.oldest",
        sort: UserSort::Oldest,
    },
    SortOption {
        code: "newest",
        label: "sort.newest",
        sort: UserSort::Newest,
    },
    SortOption {
        code: "name",
        label: "sort.name",
        sort: UserSort::Name,
    },
    SortOption {
        code: "email",
        label: "sort.email",
        sort: UserSort::Email,
    },
];

/// `GET /unit/people`: the people of the unit admin's own unit.
pub async fn get_unit_people(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<PeopleQuery>,
) -> Result<HttpResponse, PageError> {
    render_people(&state, &req, &session, Office::Unit, &query).await
}

/// `GET /city/people`: the people of every unit.
pub async fn get_city_people(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<PeopleQuery>,
) -> Result<HttpResponse, PageError> {
    render_people(&state, &req, &session, Office::City, &query).await
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

async fn render_people(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    office: Office,
    query: &PeopleQuery,
) -> Result<HttpResponse, PageError> {
    session.require(office.role())?;
    let caller = &session.caller;
    let role: Option<Role> = blank(&query.role).and_then(|r| r.parse().ok());
    let status: Option<UserStatus> = blank(&query.status).and_then(|s| s.parse().ok());
    let search = blank(&query.q).map(str::to_owned);
    let unit = match office {
        Office::City => blank(&query.unit)
            .and_then(|u| u.parse::<i64>().ok())
            .map(UnitId),
        Office::Unit => None,
    };
    let filter = UserFilter {
        unit_id: unit,
        role,
        status,
        search: search.clone(),
    };
    let (sort, sorting) = choose(SORTS, query.sort.as_deref());
    let asked = PageParam {
        page: query.page.clone(),
    };
    let page = office_views::people(state, caller, filter, sort, request(&asked)).await?;
    let units = office_views::all_units(state, caller).await?;
    let unit_names: BTreeMap<UnitId, String> =
        units.iter().map(|u| (u.id, u.name.clone())).collect();
    let rows: Vec<Row> = page
        .items
        .into_iter()
        .map(|u| Row {
            id: u.id,
            name: u.name,
            email: u.email,
            roles: u.roles.iter().map(|r| role_words(*r)).collect(),
            status: u.status.as_str(),
            status_words: words(u.status),
            unit: u
                .unit_id
                .and_then(|id| unit_names.get(&id).cloned())
                .unwrap_or_default(),
        })
        .collect();
    let href = sorting::href(
        office.base(),
        &[
            ("role", role.map(|r| r.as_str().to_owned())),
            ("status", status.map(|s| s.as_str().to_owned())),
            ("q", search.clone()),
            ("unit", unit.map(|u| u.0.to_string())),
        ],
        &sorting,
    );
    let pager = pager_of(page.page, page.per_page, page.total, &href);
    let role_opts: Vec<Opt> = std::iter::once(Opt::new("", say("people.filter.all_roles")))
        .chain(
            office
                .grantable()
                .iter()
                .map(|r| Opt::new(r.as_str(), role_words(*r))),
        )
        .chain(
            (office == Office::Unit)
                .then(|| Opt::new(Role::UnitAdmin.as_str(), role_words(Role::UnitAdmin))),
        )
        .collect();
    let unit_opts: Vec<Opt> = std::iter::once(Opt::new("", say("people.filter.all_units")))
        .chain(
            units
                .iter()
                .map(|u| Opt::new(u.id.0.to_string(), u.name.clone())),
        )
        .collect();
    let filtered = role.is_some() || status.is_some() || search.is_some() || unit.is_some();
    Frame::signed_in(state, req, session, Some(office.role())).render(
        state,
        StatusCode::OK,
        "people/list.html",
        context! {
            base => office.base(),
            city => office == Office::City,
            rows => Serde(rows),
            pager => Serde(pager),
            sorting => Serde(sorting),
            filtered => filtered,
            f => context! {
                role => role.map(|r| r.as_str()).unwrap_or(""),
                status => status.map(|s| s.as_str()).unwrap_or(""),
                q => search.unwrap_or_default(),
                unit => unit.map(|u| u.0.to_string()).unwrap_or_default(),
            },
            role_opts => Serde(role_opts),
            status_opts => Serde(choices::<UserStatus>(Some(say("people.filter.all_statuses")))),
            unit_opts => Serde(unit_opts),
            notice => query.done.as_deref().filter(|d| *d == "created").map(|_| "people.notice.created"),
        },
    )
}
