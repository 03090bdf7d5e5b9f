//! `GET /city/pool`: the mentor pool register (人才培带人库): every appointment with its
//! certificate number, unit, category, term and status (revoked and expired ones too), filtered
//! by category, unit, status, round (届), term and name, sorted and cut into pages by the database,
//! with the total.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::common::{Choice, category_choices, category_label};
use crate::domain::category::TalentCategory;
use crate::domain::ids::{RoundId, UnitId};
use crate::domain::review::MentorStatus;
use crate::domain::role::Role;
use crate::services::round_register::{self, PoolQuery, PoolSort};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, pager_of, request};
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, choose};

/// The register's filters, as typed in the address (a stray value is no filter, not a 400).
#[derive(Debug, Default, Deserialize)]
pub struct PoolParams {
    pub category: Option<String>,
    pub unit: Option<String>,
    pub status: Option<String>,
    pub round: Option<String>,
    pub term: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

/// One row of the register.
#[derive(Debug, Serialize)]
struct EntryView {
    id: i64,
    name: String,
    unit: String,
    category: String,
    certificate_no: String,
    round: String,
    appointed_on: NaiveDate,
    term_ends_on: NaiveDate,
    status: &'static str,
    revoked_on: Option<NaiveDate>,
}

/// The sorts the register offers, by their code in the address.
const SORTS: &[SortOption<PoolSort>] = &[
    SortOption {
        code: "certificate",
        label: "rounds.pool.sort.certificate",
        sort: PoolSort::Certificate,
    },
    SortOption {
        code: "name",
        label: "rounds.pool.sort.name",
        sort: PoolSort::Name,
    },
    SortOption {
        code: "unit",
        label: "rounds.pool.sort.unit",
        sort: PoolSort::Unit,
    },
    SortOption {
        code: "term",
        label: "rounds.pool.sort.term",
        sort: PoolSort::TermEnds,
    },
];

/// `GET /city/pool` (city admins).
pub async fn get_pool(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    params: web::Query<PoolParams>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let p = params.into_inner();
    let number = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<i64>().ok());
    let category: Option<TalentCategory> = p.category.as_deref().and_then(|s| s.parse().ok());
    let status: Option<MentorStatus> = p.status.as_deref().and_then(|s| s.parse().ok());
    let (sort, sorting) = choose(SORTS, p.sort.as_deref());
    let search =
        p.q.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
    let query = PoolQuery {
        unit_id: number(&p.unit).map(UnitId),
        category,
        status,
        round_id: number(&p.round).map(RoundId),
        term_ends_in: number(&p.term).map(|y| y as i32),
        search: search.clone(),
        sort,
    };
    let units = round_register::unit_names(&state).await?;
    let rounds = round_register::all_rounds(&state, None).await?;
    let years = round_register::term_end_years(&state, session.caller.admin_scope()).await?;
    let asked = request(&PageParam { page: p.page });
    let page =
        round_register::pool(&state, session.caller.admin_scope(), query.clone(), asked).await?;
    let href = sorting::href(
        "/city/pool",
        &[
            ("category", category.map(|c| c.as_str().to_owned())),
            ("unit", query.unit_id.map(|u| u.to_string())),
            ("status", status.map(|s| s.as_str().to_owned())),
            ("round", query.round_id.map(|r| r.to_string())),
            ("term", query.term_ends_in.map(|y| y.to_string())),
            ("q", search.clone()),
        ],
        &sorting,
    );
    let filtered = query.unit_id.is_some()
        || category.is_some()
        || status.is_some()
        || query.round_id.is_some()
        || query.term_ends_in.is_some()
        || search.is_some();
    let pager = pager_of(page.page, page.per_page, page.total, &href);
    let rows = page.items;
    let round_names: std::collections::HashMap<RoundId, String> =
        rounds.iter().map(|r| (r.id, r.name.clone())).collect();
    let views: Vec<EntryView> = rows
        .into_iter()
        .map(|e| EntryView {
            round: e
                .mentor
                .round_id
                .and_then(|r| round_names.get(&r).cloned())
                .unwrap_or_default(),
            id: e.mentor.id.0,
            name: e.mentor.name,
            unit: e.unit,
            category: category_label(e.mentor.category),
            certificate_no: e.mentor.certificate_no,
            appointed_on: e.mentor.appointed_on,
            term_ends_on: e.mentor.term_ends_on,
            status: e.mentor.status.as_str(),
            revoked_on: e.mentor.revoked_on,
        })
        .collect();
    let choices = |items: Vec<(String, String)>| -> Vec<Choice> {
        items
            .into_iter()
            .map(|(value, label)| Choice {
                value,
                label,
                meta: String::new(),
            })
            .collect()
    };
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "rounds/pool.html",
        context! {
            entries => Serde(views),
            pager => Serde(pager),
            filtered => filtered,
            categories => Serde(category_choices()),
            units => Serde(choices(units.into_iter().map(|(id, n)| (id.to_string(), n)).collect())),
            rounds => Serde(choices(rounds.into_iter().map(|r| (r.id.to_string(), r.name)).collect())),
            years => years,
            statuses => MentorStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            sorting => Serde(sorting),
            chosen => context! {
                category => category.map(|c| c.as_str()),
                unit => query.unit_id.map(|u| u.to_string()),
                status => status.map(|s| s.as_str()),
                round => query.round_id.map(|r| r.to_string()),
                term => query.term_ends_in,
                q => search,
            },
        },
    )
}
