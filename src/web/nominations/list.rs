//! `GET /unit/nominations`: the unit admin's nominations of one round (the open one first), by
//! status, with the round's deadline and the unit's quota, and the way to a new form.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::db::nominations::{self, NominationFilter, NominationSummary};
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
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;

/// `?round=…&status=…&page=…&done=…`, kept as text so that a stray value is not a 400 page.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub round: Option<String>,
    pub status: Option<String>,
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

/// Every nomination of `unit` in `round` with the filter.
fn all_nominations(
    c: &mut crate::db::AnyConnection,
    round: RoundId,
    filter: &NominationFilter,
    unit: UnitId,
) -> Result<Vec<NominationSummary>, AppError> {
    let mut all = Vec::new();
    let mut page = 1;
    loop {
        let p = nominations::list(
            c,
            round,
            filter,
            Scope::Unit(unit),
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
    let (all, chosen, rows, used) = state
        .db
        .run(move |c| {
            let all = all_rounds(c)?;
            let chosen = asked_round
                .and_then(|id| all.iter().find(|r| r.id.0 == id))
                .or_else(|| all.iter().find(|r| r.status == RoundStatus::Open))
                .or_else(|| all.first())
                .cloned();
            let (rows, used) = match &chosen {
                Some(r) => {
                    let filter = NominationFilter {
                        status,
                        ..NominationFilter::default()
                    };
                    let rows = all_nominations(c, r.id, &filter, unit)?;
                    let used = nominations::count_of_unit(c, r.id, unit, &statuses)?;
                    (rows, used)
                }
                None => (Vec::new(), 0),
            };
            Ok((all, chosen, rows, used))
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
    let rows: Vec<Row> = rows
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
    let mut href = String::from("/unit/nominations");
    let mut sep = '?';
    if let Some(r) = &chosen {
        href.push_str(&format!("{sep}round={}", r.id.0));
        sep = '&';
    }
    if let Some(s) = status {
        href.push_str(&format!("{sep}status={}", s.as_str()));
    }
    let (rows, pager) = paginate(
        rows,
        &PageParam {
            page: q.page.clone(),
        },
        &href,
    );
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
            status => status.map(|s| s.as_str()),
            statuses => Serde(statuses),
            notice => notice,
        },
    )
}
