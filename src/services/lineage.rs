//! Lineage (传承): a mentor's mentees, which of them later became mentors, and theirs, to any
//! depth; and the lists that show who still lacks a contract or a mentor.

use std::collections::HashSet;

use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::caller::Caller;
use crate::db::lineage::{ever_mentor, trained_by};
use crate::db::{AnyConnection, lineage as store, mentors};
use crate::domain::ids::{MentorEntryId, UnitId, UserId};
use crate::domain::scope::Scope;
use crate::error::AppError;
use crate::state::AppState;

/// Deeper than this the tree is cut (a guard, not a program rule).
const MAX_DEPTH: usize = 20;

/// One person in a lineage.
#[derive(Debug, Serialize, ToSchema)]
pub struct LineageNode {
    pub user_id: UserId,
    pub name: String,
    /// Whether this person has been appointed a mentor.
    pub became_mentor: bool,
    #[schema(no_recursion)]
    pub mentees: Vec<LineageNode>,
}

/// A mentor's lineage with its counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct Lineage {
    pub root: LineageNode,
    /// Mentees trained directly.
    pub direct_mentees: usize,
    /// Everyone below the mentor, at any depth.
    pub descendants: usize,
    /// Of those, how many became mentors themselves.
    pub became_mentors: usize,
    /// How many generations below the mentor.
    pub depth: usize,
}

fn build(
    c: &mut AnyConnection,
    user: UserId,
    name: String,
    seen: &mut HashSet<UserId>,
    depth: usize,
) -> Result<LineageNode, AppError> {
    seen.insert(user);
    let mut mentees = Vec::new();
    if depth < MAX_DEPTH {
        for (id, n) in trained_by(c, user)? {
            if seen.contains(&id) {
                continue;
            }
            mentees.push(build(c, id, n, seen, depth + 1)?);
        }
    }
    Ok(LineageNode {
        user_id: user,
        name,
        became_mentor: ever_mentor(c, user)?,
        mentees,
    })
}

fn count(node: &LineageNode, depth: usize, acc: &mut (usize, usize, usize)) {
    for child in &node.mentees {
        acc.0 += 1;
        if child.became_mentor {
            acc.1 += 1;
        }
        acc.2 = acc.2.max(depth + 1);
        count(child, depth + 1, acc);
    }
}

/// The lineage of a mentor (a pool entry's person): for the city, the mentor's unit's admins and
/// the mentor.
pub async fn lineage(
    state: &AppState,
    caller: Caller,
    entry: MentorEntryId,
) -> Result<Lineage, AppError> {
    state
        .db
        .run(move |c| {
            let mentor = match mentors::find(c, entry, caller.admin_scope()) {
                Ok(found) => found,
                Err(AppError::NotFound) => {
                    let found = mentors::find(c, entry, Scope::City)?;
                    if found.user_id != caller.id {
                        return Err(AppError::NotFound);
                    }
                    found
                }
                Err(e) => return Err(e),
            };
            let mut seen = HashSet::new();
            let root = build(c, mentor.user_id, mentor.name.clone(), &mut seen, 0)?;
            let mut acc = (0, 0, 0);
            count(&root, 0, &mut acc);
            Ok(Lineage {
                direct_mentees: root.mentees.len(),
                descendants: acc.0,
                became_mentors: acc.1,
                depth: acc.2,
                root,
            })
        })
        .await
}

/// A person in an admin list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonRef {
    pub user_id: UserId,
    pub name: String,
    pub unit_id: Option<UnitId>,
}

fn unit_filter(caller: &Caller) -> Result<Option<UnitId>, AppError> {
    match caller.admin_scope() {
        Scope::City => Ok(None),
        Scope::Unit(u) => Ok(Some(u)),
        Scope::Nothing => Err(AppError::NotFound),
    }
}

/// Active mentors with no active contract (the caller's unit, or all).
pub async fn mentors_without_contract(
    state: &AppState,
    caller: Caller,
) -> Result<Vec<PersonRef>, AppError> {
    let unit = unit_filter(&caller)?;
    state
        .db
        .run(move |c| {
            let rows = store::mentors_without_contract(c, unit)?;
            Ok(rows
                .into_iter()
                .map(|(id, name, u)| PersonRef {
                    user_id: id,
                    name,
                    unit_id: Some(u),
                })
                .collect())
        })
        .await
}

/// Mentees (accounts not deactivated, not active mentors themselves) in no active contract:
/// never assigned, or released.
pub async fn mentees_without_mentor(
    state: &AppState,
    caller: Caller,
) -> Result<Vec<PersonRef>, AppError> {
    let unit = unit_filter(&caller)?;
    state
        .db
        .run(move |c| {
            let rows = store::mentees_without_mentor(c, unit)?;
            Ok(rows
                .into_iter()
                .map(|(id, name, u)| PersonRef {
                    user_id: id,
                    name,
                    unit_id: u,
                })
                .collect())
        })
        .await
}
