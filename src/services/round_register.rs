//! What the city admin's round and pool pages read beside the rules' own services: the rounds
//! (as `GET /api/v1/selection-rounds` lists them), a round's nomination counts and what it still
//! lacks before its next step, the people who may review, the units, and the mentor pool with
//! its unit names, filtered and sorted for the register page.

use std::collections::{BTreeSet, HashMap};

use chrono::Datelike;

use crate::db::mentors::{self, Mentor, MentorFilter};
use crate::db::rounds::{self, Round};
use crate::db::units::{self, UnitFilter};
use crate::db::users::{self, UserFilter};
use crate::db::{nominations, review};
use crate::domain::category::TalentCategory;
use crate::domain::ids::{RoundId, UnitId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::review::MentorStatus;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::selection::{NominationStatus, RoundStatus};
use crate::domain::user::UserStatus;
use crate::error::AppError;
use crate::state::AppState;

/// Enough rows for a whole city's list at once (the pages cut it into pages themselves).
const ALL: PageRequest = PageRequest {
    page: 1,
    per_page: 10_000,
};

/// Every round, newest first, optionally of one status.
pub async fn all_rounds(
    state: &AppState,
    status: Option<RoundStatus>,
) -> Result<Vec<Round>, AppError> {
    state
        .db
        .run(move |c| Ok(rounds::list(c, status, ALL)?.items))
        .await
}

/// One round (404 when there is none).
pub async fn round(state: &AppState, id: RoundId) -> Result<Round, AppError> {
    state.db.run(move |c| rounds::find(c, id)).await
}

/// Where a round stands before its next step: its nominations by status, the categories with
/// submitted nominations and no reviewer, and the objections not yet decided.
#[derive(Debug, Default)]
pub struct RoundProgress {
    pub counts: Vec<(NominationStatus, i64)>,
    pub uncovered: Vec<TalentCategory>,
    pub pending_objections: i64,
}

impl RoundProgress {
    /// The nominations in `status`.
    pub fn count(&self, status: NominationStatus) -> i64 {
        self.counts
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }
}

/// The progress of round `id`.
pub async fn progress(state: &AppState, id: RoundId) -> Result<RoundProgress, AppError> {
    state
        .db
        .run(move |c| {
            rounds::find(c, id)?;
            let mut counts = Vec::new();
            for s in NominationStatus::ALL {
                counts.push((*s, nominations::count_in_status(c, id, *s)?));
            }
            Ok(RoundProgress {
                counts,
                uncovered: review::categories_without_reviewers(
                    c,
                    id,
                    NominationStatus::Submitted,
                )?,
                pending_objections: review::pending_objections(c, id)?,
            })
        })
        .await
}

/// The active users holding the reviewer role, by name: whom the city admin may appoint.
pub async fn reviewer_people(state: &AppState) -> Result<Vec<(UserId, String)>, AppError> {
    state
        .db
        .run(|c| {
            let filter = UserFilter {
                role: Some(Role::Reviewer),
                status: Some(UserStatus::Active),
                ..Default::default()
            };
            let mut people: Vec<(UserId, String)> = users::list(c, &filter, Scope::City, ALL)?
                .items
                .into_iter()
                .map(|u| (u.id, u.name))
                .collect();
            people.sort_by(|a, b| a.1.cmp(&b.1));
            Ok(people)
        })
        .await
}

/// Every unit's name (inactive ones too: old appointments name them).
pub async fn unit_names(state: &AppState) -> Result<Vec<(UnitId, String)>, AppError> {
    state
        .db
        .run(|c| {
            let list = units::list(c, &UnitFilter::default(), Scope::City, ALL)?;
            Ok(list.items.into_iter().map(|u| (u.id, u.name)).collect())
        })
        .await
}

pub use crate::db::mentors::PoolSort;

/// The pool register's filters.
#[derive(Debug, Clone, Default)]
pub struct PoolQuery {
    pub unit_id: Option<UnitId>,
    pub category: Option<TalentCategory>,
    pub status: Option<MentorStatus>,
    /// The round (届) that made the appointment.
    pub round_id: Option<RoundId>,
    /// The year the term ends (or ended) in.
    pub term_ends_in: Option<i32>,
    pub search: Option<String>,
    pub sort: PoolSort,
}

/// A pool entry with its unit's name.
#[derive(Debug, Clone)]
pub struct PoolEntry {
    pub mentor: Mentor,
    pub unit: String,
}

/// One page of the mentor pool the caller's scope sees (the whole city for the city admin),
/// filtered, sorted and cut by the database, with the total.
pub async fn pool(
    state: &AppState,
    scope: Scope,
    q: PoolQuery,
    page: PageRequest,
) -> Result<Page<PoolEntry>, AppError> {
    state
        .db
        .run(move |c| {
            let filter = MentorFilter {
                unit_id: q.unit_id,
                category: q.category,
                status: q.status,
                round_id: q.round_id,
                search: q.search.clone(),
            };
            let p = mentors::pool_page(c, &filter, q.term_ends_in, scope, q.sort, page)?;
            Ok(Page {
                items: p
                    .items
                    .into_iter()
                    .map(|(mentor, unit)| PoolEntry { mentor, unit })
                    .collect(),
                page: p.page,
                per_page: p.per_page,
                total: p.total,
            })
        })
        .await
}

/// The appointments a closed round made, by certificate number.
pub async fn appointments_of(state: &AppState, round: RoundId) -> Result<Vec<PoolEntry>, AppError> {
    let q = PoolQuery {
        round_id: Some(round),
        ..Default::default()
    };
    Ok(pool(state, Scope::City, q, ALL).await?.items)
}

/// The names of some users (reviewers on the review summary), by id.
pub async fn user_names(
    state: &AppState,
    ids: Vec<UserId>,
) -> Result<HashMap<UserId, String>, AppError> {
    state.db.run(move |c| users::names(c, &ids)).await
}

/// The years in which the pool's terms end (or ended), earliest first: the term filter's choices.
pub async fn term_end_years(state: &AppState, scope: Scope) -> Result<Vec<i32>, AppError> {
    state
        .db
        .run(move |c| {
            let years: BTreeSet<i32> = mentors::list(c, &MentorFilter::default(), scope, ALL)?
                .items
                .iter()
                .map(|m| m.term_ends_on.year())
                .collect();
            Ok(years.into_iter().collect())
        })
        .await
}
