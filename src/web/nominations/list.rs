//! `GET /unit/nominations`: the unit admin's nominations of one round (the open one first), by
//! status, sorted (newest, name, category, status) and paged by the database, with the round's
//! deadline and the unit's quota, and the way to a new form.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::db::nominations::{self, NominationFilter, NominationSort};
use crate::db::rounds::{self, Round};
use crate::domain::ids::{NominationId, RoundId, UnitId};
use crate::domain::page::PageRequest;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::selection::{NominationStatus, RoundStatus};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, pager_of, request};
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, choose};

/// `?round=…&status=…&sort=…&page=…&done=…`, kept as text so that a stray value is not a 400
/// page.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub round: Option<String>,
    pub status: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
    pub done: Option<String>,
}

/// One nomination in the list.
#[derive(Serialize)]
struct Row {
    id: NominationId,
    name: String,
    category: Option<&'static str>,
    status: &'static str,
    has_warnings: bool,
    submitted_at: Option<DateTime<Utc>>,
}

/// A round in the round filter.
#[derive(Serialize)]
struct RoundOpt {
    id: RoundId,
    name: String,
    status: &'static str,
    chosen: bool,
}

/// The chosen round as the head of the list shows it.
#[derive(Serialize)]
struct RoundHead {
    id: RoundId,
    name: String,
    status: &'static str,
    open: bool,
    deadline: NaiveDate,
    days_left: i64,
    quota: Option<u32>,
    used: i64,
}

/// The caller's unit, for a unit admin's pages (a unit admin without a unit may do nothing here).
pub fn unit_of(session: &SignedIn) -> Result<UnitId, PageError> {
    session.require(Role::UnitAdmin)?;
    session.caller.unit_id.ok_or_else(|| {
        PageError::App(AppError::forbidden(
            "forbidden",
            "只有单位管理员可以推荐",
            "only unit admins nominate",
        ))
    })
}

/// Every round, newest first.
pub fn all_rounds(c: &mut crate::db::AnyConnection) -> Result<Vec<Round>, AppError> {
    let mut all = Vec::new();
    let mut page = 1;
    loop {
        let p = rounds::list(
            c,
            None,
            PageRequest {
                page,
                per_page: 100,
            },
        )?;
        let got = p.items.len();
        all.extend(p.items);
        if got < 100 {
            return Ok(all);
        }
        page += 1;
    }
}

/// The sorts of the unit's nominations list (the newest first by default).
const SORTS: &[SortOption<NominationSort>] = &[
    SortOption {
        code: "newest",
        label: "sort.newest",
        sort: NominationSort::Newest,
    },
    SortOption {
        code: "name",
        label: "sort.name",
        sort: NominationSort::Name,
    },
    SortOption {
        code: "category",
        label: "nominations.sort.category",
        sort: NominationSort::Category,
    },
    SortOption {
        code: "status",
        label: "sort.status",
        sort: NominationSort::Status,
    },
];

/// The notices after a form (`?done=…`).
const NOTICES: &[&str] = &["withdrawn"];

/// `GET /unit/nominations`.
pub async fn get_nominations(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    let unit = unit_of(&session)?;
    let q = query.into_inner();
    let asked_round = q.round.as_deref().and_then(|r| r.parse::<i64>().ok());
    let status = q
        .status
        .as_deref()
        .and_then(|s| s.parse::<NominationStatus>().ok());
    // The statuses that count against the quota, as the service counts them.
    let statuses: Vec<NominationStatus> = NominationStatus::ALL
        .iter()
        .copied()
        .filter(|s| s.counts_for_quota())
        .collect();
    let (sort, sorting) = choose(SORTS, q.sort.as_deref());
    let asked = request(&PageParam {
        page: q.page.clone(),
    });
    let (all, chosen, page, used) = state
        .db
        .run(move |c| {
            let all = all_rounds(c)?;
            let chosen = asked_round
                .and_then(|id| all.iter().find(|r| r.id.0 == id))
                .or_else(|| all.iter().find(|r| r.status == RoundStatus::Open))
                .or_else(|| all.first())
                .cloned();
            let (page, used) = match &chosen {
                Some(r) => {
                    let filter = NominationFilter {
                        status,
                        ..NominationFilter::default()
                    };
                    let page =
                        nominations::list_sorted(c, r.id, &filter, Scope::Unit(unit), sort, asked)?;
                    let used = nominations::count_of_unit(c, r.id, unit, &statuses)?;
                    (Some(page), used)
                }
                None => (None, 0),
            };
            Ok((all, chosen, page, used))
        })
        .await?;
    let today = state.clock.today();
    let head = chosen.as_ref().map(|r| RoundHead {
        id: r.id,
        name: r.name.clone(),
        status: r.status.as_str(),
        open: r.status == RoundStatus::Open && today <= r.nomination_deadline,
        deadline: r.nomination_deadline,
        days_left: (r.nomination_deadline - today).num_days(),
        quota: r
            .unit_quotas
            .iter()
            .find(|q| q.unit_id == unit)
            .map(|q| q.quota),
        used,
    });
    let round_opts: Vec<RoundOpt> = all
        .iter()
        .map(|r| RoundOpt {
            id: r.id,
            name: r.name.clone(),
            status: r.status.as_str(),
            chosen: chosen.as_ref().is_some_and(|c| c.id == r.id),
        })
        .collect();
    let (page_no, per_page, total, items) = match page {
        Some(p) => (p.page, p.per_page, p.total, p.items),
        None => (1, asked.per_page, 0, Vec::new()),
    };
    let rows: Vec<Row> = items
        .into_iter()
        .map(|n| Row {
            id: n.id,
            name: n.candidate_name,
            category: n.category.map(|c| c.as_str()),
            status: n.status.as_str(),
            has_warnings: n.has_warnings,
            submitted_at: n.submitted_at,
        })
        .collect();
    let pairs = [
        ("round", chosen.as_ref().map(|r| r.id.0.to_string())),
        ("status", status.map(|s| s.as_str().to_owned())),
    ];
    let href = sorting::href("/unit/nominations", &pairs, &sorting);
    let pager = pager_of(page_no, per_page, total, &href);
    let notice = q
        .done
        .as_deref()
        .filter(|d| NOTICES.contains(d))
        .map(|d| format!("nominations.done.{d}"));
    let statuses: Vec<&str> = NominationStatus::ALL.iter().map(|s| s.as_str()).collect();
    Frame::signed_in(&state, &req, &session, Some(Role::UnitAdmin)).render(
        &state,
        StatusCode::OK,
        "nominations/list.html",
        context! {
            round => Serde(head),
            rounds => Serde(round_opts),
            rows => Serde(rows),
            pager => Serde(pager),
            sorting => Serde(sorting),
            status => status.map(|s| s.as_str()),
            statuses => Serde(statuses),
            notice => notice,
        },
    )
}
