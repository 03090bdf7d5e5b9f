//! The offices' contracts: `/unit/contracts` (the unit admin's own unit) and `/city/contracts`
//! (every unit, with totals by status), filtered by status, mentor, unit and the year the cycle
//! ends, sorted (newest, cycle end, cycle start, mentor), a page at a time by the database; and a
//! contract's page with its parties, terms and signatures. Another unit's contract
//! answers the 404 page, as the contract viewer of the service scopes it.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::db::contracts::{Contract, ContractFilter, ContractSort};
use crate::domain::choice::Choice;
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{ContractId, UnitId, UserId};
use crate::services::office_views;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::{given, say};
use crate::web::page::Frame;
use crate::web::paging::{PageParam, pager_of, request};
use crate::web::people::office::{Office, Opt, choices, words};
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, choose};

/// The list's filters, as text.
#[derive(Debug, Default, Deserialize)]
pub struct ContractsQuery {
    pub status: Option<String>,
    pub mentor: Option<String>,
    pub unit: Option<String>,
    pub ends: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

/// A contract in a list.
#[derive(Serialize)]
pub(super) struct ContractRow {
    pub id: ContractId,
    pub mentor: String,
    pub unit: String,
    pub status: &'static str,
    pub status_words: String,
    pub start_date: String,
    pub end_date: String,
    pub mentees: usize,
    pub trained: usize,
}

/// The tone of a contract's status chip.
pub(super) fn tone(s: ContractStatus) -> &'static str {
    match s {
        ContractStatus::Active => "ok",
        ContractStatus::Draft | ContractStatus::PendingSignatures => "wait",
        ContractStatus::Completed => "info",
        ContractStatus::Terminated => "bad",
    }
}

/// The names of the units the caller sees, by id.
pub(super) async fn unit_names(
    state: &AppState,
    session: &SignedIn,
) -> Result<BTreeMap<UnitId, String>, PageError> {
    Ok(office_views::all_units(state, &session.caller)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

fn row(k: &Contract, units: &BTreeMap<UnitId, String>) -> ContractRow {
    ContractRow {
        id: k.id,
        mentor: k.mentor_name.clone(),
        unit: units.get(&k.unit_id).cloned().unwrap_or_default(),
        status: k.status.as_str(),
        status_words: words(k.status),
        start_date: k.start_date.to_string(),
        end_date: k.end_date.to_string(),
        mentees: k.mentees.len(),
        trained: k.trained_count,
    }
}

/// The mentors of the contracts the caller sees as a filter's choices, after "all".
pub(super) fn mentor_choices(mentors: &[(UserId, String)]) -> Vec<Opt> {
    std::iter::once(Opt::new("", say("mentoring.filter.all_mentors")))
        .chain(
            mentors
                .iter()
                .map(|(id, n)| Opt::new(id.0.to_string(), n.clone())),
        )
        .collect()
}

/// `GET /unit/contracts`.
pub async fn get_unit_contracts(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ContractsQuery>,
) -> Result<HttpResponse, PageError> {
    render_contracts(&state, &req, &session, Office::Unit, &query).await
}

/// `GET /city/contracts`.
pub async fn get_city_contracts(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ContractsQuery>,
) -> Result<HttpResponse, PageError> {
    render_contracts(&state, &req, &session, Office::City, &query).await
}

/// The sorts of the contract lists.
const SORTS: &[SortOption<ContractSort>] = &[
    SortOption {
        code: "newest",
        label: "sort.newest",
        sort: ContractSort::Newest,
    },
    SortOption {
        code: "ends",
        label: "sort.ends",
        sort: ContractSort::Ends,
    },
    SortOption {
        code: "starts",
        label: "sort.starts",
        sort: ContractSort::Starts,
    },
    SortOption {
        code: "mentor",
        label: "sort.mentor",
        sort: ContractSort::Mentor,
    },
];

async fn render_contracts(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    office: Office,
    query: &ContractsQuery,
) -> Result<HttpResponse, PageError> {
    session.require(office.role())?;
    let units = unit_names(state, session).await?;
    let status = given(&query.status).and_then(ContractStatus::from_code);
    let mentor = given(&query.mentor)
        .and_then(|m| m.parse::<i64>().ok())
        .map(UserId);
    let unit = given(&query.unit)
        .filter(|_| office == Office::City)
        .and_then(|u| u.parse::<i64>().ok())
        .map(UnitId);
    let ends = given(&query.ends).and_then(|y| y.parse::<i32>().ok());
    let (sort, sorting) = choose(SORTS, query.sort.as_deref());
    let filter = ContractFilter {
        status,
        mentor,
        unit,
        ends_in: ends,
    };
    let asked = PageParam {
        page: query.page.clone(),
    };
    let (page, counts) =
        office_views::contract_page(state, &session.caller, filter, sort, request(&asked)).await?;
    let offered = office_views::contract_choices(state, &session.caller).await?;
    let mentor_opts = mentor_choices(&offered.mentors);
    // The totals by status count the contracts the other filters leave.
    let totals: Vec<(String, i64, &'static str)> = counts
        .into_iter()
        .map(|(s, n)| (words(s), n, s.as_str()))
        .collect();
    let base = format!("{}/contracts", office.prefix());
    let pairs = [
        ("status", status.map(|s| s.as_str().to_owned())),
        ("mentor", mentor.map(|m| m.0.to_string())),
        ("unit", unit.map(|u| u.0.to_string())),
        ("ends", ends.map(|y| y.to_string())),
    ];
    let filtered = pairs.iter().any(|(_, v)| v.is_some());
    let list_href = sorting::href(&base, &pairs, &sorting);
    let pager = pager_of(page.page, page.per_page, page.total, &list_href);
    let rows: Vec<ContractRow> = page.items.iter().map(|k| row(k, &units)).collect();
    let unit_opts: Vec<Opt> = std::iter::once(Opt::new("", say("mentoring.filter.all_units")))
        .chain(
            units
                .iter()
                .map(|(id, n)| Opt::new(id.0.to_string(), n.clone())),
        )
        .collect();
    let year_opts: Vec<Opt> = std::iter::once(Opt::new("", say("mentoring.filter.all_years")))
        .chain(
            offered
                .end_years
                .iter()
                .map(|y| Opt::new(y.to_string(), y.to_string())),
        )
        .collect();
    Frame::signed_in(state, req, session, Some(office.role())).render(
        state,
        StatusCode::OK,
        "mentoring/contracts.html",
        context! {
            base => base,
            city => office == Office::City,
            rows => Serde(rows),
            pager => Serde(pager),
            totals => Serde(totals),
            filtered => filtered,
            sorting => Serde(sorting),
            f => context! {
                status => status.map(|s| s.as_str()).unwrap_or(""),
                mentor => mentor.map(|m| m.0.to_string()).unwrap_or_default(),
                unit => unit.map(|u| u.0.to_string()).unwrap_or_default(),
                ends => ends.map(|y| y.to_string()).unwrap_or_default(),
            },
            status_opts => Serde(choices::<ContractStatus>(Some(say("mentoring.filter.all_statuses")))),
            mentor_opts => Serde(mentor_opts),
            unit_opts => Serde(unit_opts),
            year_opts => Serde(year_opts),
        },
    )
}

/// A party of a contract as its page shows it.
#[derive(Serialize)]
struct Party {
    name: String,
    joined_on: Option<String>,
    signed: bool,
    left_on: Option<String>,
    leave: Option<String>,
}

/// What the terminate form shows.
#[derive(Debug, Default, Serialize)]
pub(super) struct TerminateForm {
    pub reason: String,
    pub error: Option<String>,
    pub form_error: Option<String>,
    /// `?done=…` after the form went through.
    pub done: Option<String>,
}

/// Renders a contract's page; the city's has the terminate form in the state `form`.
pub(super) async fn render_contract(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    office: Office,
    id: ContractId,
    form: TerminateForm,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    session.require(office.role())?;
    let done = form.done.clone();
    let k = office_views::contract(state, &session.caller, id).await?;
    let units = unit_names(state, session).await?;
    let party = |m: &crate::db::contracts::Membership| Party {
        name: m.name.clone(),
        joined_on: m.joined_on.map(|d| d.to_string()),
        signed: m.signed_at.is_some() && !m.signature_pending,
        left_on: m.left_on.map(|d| d.to_string()),
        leave: m.leave_reason.map(words),
    };
    let mentees: Vec<Party> = k.mentees.iter().map(party).collect();
    let former: Vec<Party> = k.former_mentees.iter().map(party).collect();
    let indicators: Vec<(String, String, i32)> = k
        .indicators
        .iter()
        .map(|i| (words(i.kind), i.description.clone(), i.yearly_target))
        .collect();
    let open = !matches!(
        k.status,
        ContractStatus::Completed | ContractStatus::Terminated
    );
    Frame::signed_in(state, req, session, Some(office.role())).render(
        state,
        status,
        "mentoring/contract.html",
        context! {
            base => format!("{}/contracts", office.prefix()),
            city => office == Office::City,
            k => Serde(row(&k, &units)),
            tone => tone(k.status),
            version => k.version,
            mentor_signed => k.mentor_signed_at.is_some(),
            end_reason => k
                .end_reason_label
                .as_ref()
                .map(|l| l.0.localized().to_owned())
                .or_else(|| k.end_reason.clone()),
            ended_at => k.ended_at.map(|d| d.naive_utc().to_string()),
            mentees => Serde(mentees),
            former => Serde(former),
            indicators => Serde(indicators),
            can_terminate => office == Office::City && open,
            form => Serde(form),
            notice => match done.as_deref() {
                Some("terminated") => Some("mentoring.notice.terminated"),
                Some("drafted") => Some("mentoring.notice.drafted"),
                Some("sent") => Some("mentoring.notice.sent"),
                Some("saved") => Some("mentoring.notice.saved"),
                _ => None,
            },
            can_send => office == Office::Unit && k.status == ContractStatus::Draft,
            mentee_names => k.mentees.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join("、"),
        },
    )
}

/// `GET /unit/contracts/{id}`.
pub async fn get_unit_contract(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ContractId>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let f = TerminateForm {
        done: query.done.clone(),
        ..TerminateForm::default()
    };
    render_contract(
        &state,
        &req,
        &session,
        Office::Unit,
        id.into_inner(),
        f,
        StatusCode::OK,
    )
    .await
}

/// `?done=…` after the terminate form.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    pub done: Option<String>,
}

/// `GET /city/contracts/{id}`.
pub async fn get_city_contract(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ContractId>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let f = TerminateForm {
        done: query.done.clone(),
        ..TerminateForm::default()
    };
    render_contract(
        &state,
        &req,
        &session,
        Office::City,
        id.into_inner(),
        f,
        StatusCode::OK,
    )
    .await
}
