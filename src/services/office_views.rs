//! What the offices' pages read, each scoped to the caller exactly as the API scopes it: people
//! (`GET /api/v1/users`, the admin's scope), units (`GET /api/v1/units`), contracts (`GET
//! /api/v1/contracts`, the contract viewer), and the activities and plans of the contracts the
//! caller sees. Nothing here decides anything; the pages call the program's services for that.

use crate::auth::caller::Caller;
use crate::db::activities::Activity;
use crate::db::contracts::{self, Contract};
use crate::db::mentee_candidates;
use crate::db::mentors::{self, Mentor, MentorFilter};
use crate::db::plans::Plan;
use crate::db::units::{self, Unit, UnitFilter};
use crate::db::users::{self, User, UserFilter};
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{ContractId, UnitId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::review::MentorStatus;
use crate::error::AppError;
use crate::services::contracts::viewer;
use crate::services::{activities, plans};
use crate::state::AppState;

/// The largest page the lists below read at once.
const BATCH: i64 = 100;

/// One page of the people the caller administers (as `GET /api/v1/users`).
pub async fn people(
    state: &AppState,
    caller: &Caller,
    filter: UserFilter,
    page: PageRequest,
) -> Result<Page<User>, AppError> {
    let scope = caller.admin_scope();
    state
        .db
        .run(move |c| users::list(c, &filter, scope, page))
        .await
}

/// One person the caller administers; anyone else is `NotFound` (as `GET /api/v1/users/{id}`).
pub async fn person(state: &AppState, caller: &Caller, id: UserId) -> Result<User, AppError> {
    let scope = caller.admin_scope();
    state.db.run(move |c| users::find(c, id, scope)).await
}

/// One page of the units the caller may see (as `GET /api/v1/units`).
pub async fn unit_page(
    state: &AppState,
    caller: &Caller,
    filter: UnitFilter,
    page: PageRequest,
) -> Result<Page<Unit>, AppError> {
    let scope = caller.view_scope();
    state
        .db
        .run(move |c| units::list(c, &filter, scope, page))
        .await
}

/// Every unit the caller may see, for a choice of unit in a form or a filter.
pub async fn all_units(state: &AppState, caller: &Caller) -> Result<Vec<Unit>, AppError> {
    let scope = caller.view_scope();
    state
        .db
        .run(move |c| {
            let mut out = Vec::new();
            let mut page = 1;
            loop {
                let p = units::list(
                    c,
                    &UnitFilter::default(),
                    scope,
                    PageRequest {
                        page,
                        per_page: BATCH,
                    },
                )?;
                let done = p.items.len() < BATCH as usize;
                out.extend(p.items);
                if done {
                    return Ok(out);
                }
                page += 1;
            }
        })
        .await
}

/// One unit the caller may see.
pub async fn unit(state: &AppState, caller: &Caller, id: UnitId) -> Result<Unit, AppError> {
    let scope = caller.view_scope();
    state.db.run(move |c| units::find(c, id, scope)).await
}

/// Every contract the caller may see (as `GET /api/v1/contracts`), newest first.
pub async fn all_contracts(
    state: &AppState,
    caller: &Caller,
    status: Option<ContractStatus>,
) -> Result<Vec<Contract>, AppError> {
    let viewer = viewer(caller);
    state
        .db
        .run(move |c| {
            let mut out = Vec::new();
            let mut page = 1;
            loop {
                let p = contracts::list(
                    c,
                    viewer,
                    status,
                    PageRequest {
                        page,
                        per_page: BATCH,
                    },
                )?;
                let done = p.items.len() < BATCH as usize;
                out.extend(p.items);
                if done {
                    return Ok(out);
                }
                page += 1;
            }
        })
        .await
}

/// One contract the caller may see; another is `NotFound` (as `GET /api/v1/contracts/{id}`).
pub async fn contract(
    state: &AppState,
    caller: &Caller,
    id: ContractId,
) -> Result<Contract, AppError> {
    let viewer = viewer(caller);
    state.db.run(move |c| contracts::find(c, id, viewer)).await
}

/// The activities of every contract the caller sees, in `year` when given, newest first.
pub async fn activities_of_contracts(
    state: &AppState,
    caller: &Caller,
    contracts: &[Contract],
    year: Option<i32>,
) -> Result<Vec<(Contract, Activity)>, AppError> {
    let mut out = Vec::new();
    for k in contracts {
        for a in activities::list(state, caller, k.id, year).await? {
            out.push((k.clone(), a));
        }
    }
    out.sort_by(|a, b| b.1.held_on.cmp(&a.1.held_on).then(b.1.id.0.cmp(&a.1.id.0)));
    Ok(out)
}

/// The plans of every contract the caller sees, with their contract.
pub async fn plans_of_contracts(
    state: &AppState,
    caller: &Caller,
    contracts: &[Contract],
) -> Result<Vec<(Contract, Plan)>, AppError> {
    let mut out = Vec::new();
    for k in contracts {
        for p in plans::of_contract(state, caller.clone(), k.id).await? {
            out.push((k.clone(), p));
        }
    }
    Ok(out)
}

/// What a unit admin drafting a contract on a mentor's behalf may choose from: the unit's
/// mentors in office, and the unit's free mentees (a mentee of elsewhere is named by the mentor,
/// with a justification, on the mentor's own page).
pub async fn drafting_choices(
    state: &AppState,
    caller: &Caller,
) -> Result<(Vec<Mentor>, Vec<(UserId, String)>), AppError> {
    let Some(unit) = caller.unit_id else {
        return Ok((Vec::new(), Vec::new()));
    };
    let scope = caller.admin_scope();
    state
        .db
        .run(move |c| {
            let filter = MentorFilter {
                unit_id: Some(unit),
                status: Some(MentorStatus::Active),
                ..MentorFilter::default()
            };
            let page = PageRequest {
                page: 1,
                per_page: BATCH,
            };
            let in_office = mentors::list(c, &filter, scope, page)?.items;
            let free = mentee_candidates::free_mentees(c, Some((unit, None)), None, 1000)?
                .into_iter()
                .filter(|r| r.2 == Some(unit))
                .map(|r| (r.0, r.1))
                .collect();
            Ok((in_office, free))
        })
        .await
}
