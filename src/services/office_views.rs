//! What the offices' pages read, each scoped to the caller exactly as the API scopes it: people
//! (`GET /api/v1/users`, the admin's scope), units (`GET /api/v1/units`), contracts (`GET
//! /api/v1/contracts`, the contract viewer), and the activities and plans of the contracts the
//! caller sees. Nothing here decides anything; the pages call the program's services for that.

use crate::auth::caller::Caller;
use std::collections::HashMap;

use chrono::NaiveDate;

use crate::db::activities::{self, ActivityFilter, ActivitySort, ListedActivity};
use crate::db::contracts::{self, Contract, ContractFilter, ContractSort};
use crate::db::mentee_candidates;
use crate::db::mentors::{self, Mentor};
use crate::db::plans::{self, PlanFilter, PlanListing, PlanSort};
use crate::db::units::{self, Unit, UnitFilter, UnitSort};
use crate::db::users::{self, User, UserFilter, UserSort};
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{ContractId, MentorEntryId, UnitId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;
use crate::services::contracts::viewer;
use crate::state::AppState;

/// The largest page `all_units` reads at once.
const BATCH: i64 = 100;

/// One page of the people the caller administers (as `GET /api/v1/users`), sorted by the
/// database; a page past the end is the last page.
pub async fn people(
    state: &AppState,
    caller: &Caller,
    filter: UserFilter,
    sort: UserSort,
    page: PageRequest,
) -> Result<Page<User>, AppError> {
    let scope = caller.admin_scope();
    state
        .db
        .run(move |c| {
            let first = users::list_sorted(c, &filter, scope, sort, page)?;
            let within = page.within(first.total);
            if within.page == page.page {
                return Ok(first);
            }
            users::list_sorted(c, &filter, scope, sort, within)
        })
        .await
}

/// One person the caller administers; anyone else is `NotFound` (as `GET /api/v1/users/{id}`).
pub async fn person(state: &AppState, caller: &Caller, id: UserId) -> Result<User, AppError> {
    let scope = caller.admin_scope();
    state.db.run(move |c| users::find(c, id, scope)).await
}

/// One page of the units the caller may see (as `GET /api/v1/units`), sorted by the database;
/// a page past the end is the last page.
pub async fn unit_page(
    state: &AppState,
    caller: &Caller,
    filter: UnitFilter,
    sort: UnitSort,
    page: PageRequest,
) -> Result<Page<Unit>, AppError> {
    let scope = caller.view_scope();
    state
        .db
        .run(move |c| {
            let first = units::list_sorted(c, &filter, scope, sort, page)?;
            let within = page.within(first.total);
            if within.page == page.page {
                return Ok(first);
            }
            units::list_sorted(c, &filter, scope, sort, within)
        })
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

/// One page of the contracts the caller may see (the contract viewer's scope, as `GET
/// /api/v1/contracts`), filtered and sorted by the database, with the total and the counts by
/// status under the other filters.
pub async fn contract_page(
    state: &AppState,
    caller: &Caller,
    filter: ContractFilter,
    sort: ContractSort,
    page: PageRequest,
) -> Result<(Page<Contract>, Vec<(ContractStatus, i64)>), AppError> {
    let viewer = viewer(caller);
    state
        .db
        .run(move |c| {
            let counts = contracts::status_counts(c, viewer, &filter)?;
            Ok((contracts::page(c, viewer, &filter, sort, page)?, counts))
        })
        .await
}

/// What the contract lists' filters offer: the mentors of the contracts the caller sees, the
/// years their cycles end in, and the first and last day of all their cycles.
pub async fn contract_choices(
    state: &AppState,
    caller: &Caller,
) -> Result<ContractChoices, AppError> {
    let viewer = viewer(caller);
    state
        .db
        .run(move |c| {
            Ok(ContractChoices {
                mentors: contracts::mentors_seen(c, viewer)?,
                end_years: contracts::end_years_seen(c, viewer)?,
                span: contracts::span_seen(c, viewer)?,
            })
        })
        .await
}

/// The filters' choices of the lists of contracts, activities and plans.
#[derive(Debug, Clone, Default)]
pub struct ContractChoices {
    pub mentors: Vec<(UserId, String)>,
    pub end_years: Vec<i32>,
    pub span: Option<(NaiveDate, NaiveDate)>,
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

/// One page of the activities of the contracts the caller sees (the contract viewer's scope),
/// each with its mentor's name, filtered and sorted by the database, with the total and how many
/// under the filters are disputed.
pub async fn activity_page(
    state: &AppState,
    caller: &Caller,
    filter: ActivityFilter,
    sort: ActivitySort,
    page: PageRequest,
) -> Result<(Page<ListedActivity>, i64), AppError> {
    let viewer = viewer(caller);
    state
        .db
        .run(move |c| {
            let disputed = activities::count_disputed(c, viewer, &filter)?;
            Ok((activities::page(c, viewer, &filter, sort, page)?, disputed))
        })
        .await
}

/// One page of the plans of the contracts the caller sees (the contract viewer's scope), with
/// the mentees of active contracts who have not started one, filtered and sorted by the database,
/// with the total and the names of the page's mentors.
pub async fn plan_page(
    state: &AppState,
    caller: &Caller,
    filter: PlanFilter,
    sort: PlanSort,
    page: PageRequest,
) -> Result<(Page<PlanListing>, HashMap<UserId, String>), AppError> {
    let viewer = viewer(caller);
    state
        .db
        .run(move |c| {
            let page = plans::office_page(c, viewer, &filter, sort, page)?;
            let ids: Vec<UserId> = page.items.iter().map(|p| p.mentor_id).collect();
            let names = users::names(c, &ids)?;
            Ok((page, names))
        })
        .await
}

/// What a unit admin drafting a contract on a mentor's behalf may choose from: the unit's
/// mentors in office without a contract in draft or waiting for signatures (all of them), and the unit's free mentees (a mentee of elsewhere is named by the mentor,
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
            let in_office = mentors::free_in_office(c, unit, scope)?;
            let free = mentee_candidates::free_mentees(c, Some((unit, None)), None, 1000)?
                .into_iter()
                .filter(|r| r.2 == Some(unit))
                .map(|r| (r.0, r.1))
                .collect();
            Ok((in_office, free))
        })
        .await
}

/// A mentor of the caller's unit (any status), or `None`: the mentor a unit admin chose on the
/// drafting form, whom the service then checks.
pub async fn unit_mentor(
    state: &AppState,
    caller: &Caller,
    id: MentorEntryId,
) -> Result<Option<Mentor>, AppError> {
    let Some(unit) = caller.unit_id else {
        return Ok(None);
    };
    let scope = caller.admin_scope();
    state
        .db
        .run(move |c| match mentors::find(c, id, scope) {
            Ok(m) if m.unit_id == unit => Ok(Some(m)),
            Ok(_) | Err(AppError::NotFound) => Ok(None),
            Err(e) => Err(e),
        })
        .await
}
