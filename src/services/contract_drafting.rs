//! What a mentor's own contract pages read: the contracts the caller is the mentor of, and the
//! people the caller may choose as mentees: the free mentees of the mentor's unit or specialty,
//! listed; anyone else only when the mentor names them by e-mail (the rules want a written
//! justification for them, which `contracts::create_contract` checks), so that a mentor is never
//! shown a list of the city's people.

use serde::Serialize;

use crate::auth::caller::Caller;
use crate::db::contracts::{self, Contract, Viewer};
use crate::db::{mentee_candidates, mentors, users};
use crate::domain::ids::{MentorEntryId, UnitId, UserId};
use crate::domain::page::PageRequest;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::user::Email;
use crate::error::AppError;
use crate::state::AppState;

/// At most this many free mentees are offered (a guard, not a program rule).
const MAX_CANDIDATES: i64 = 1000;

/// The contracts the caller is the mentor of (not those they are a mentee in), newest first.
pub async fn my_contracts(state: &AppState, caller: Caller) -> Result<Vec<Contract>, AppError> {
    if !caller.has(Role::Mentor) {
        return Ok(Vec::new());
    }
    let me = caller.id;
    state
        .db
        .run(move |c| {
            // A person is in a handful of contracts; one page holds them all.
            let all = contracts::list(
                c,
                Viewer::Person(me),
                None,
                PageRequest {
                    page: 1,
                    per_page: 1000,
                },
            )?;
            Ok(all
                .items
                .into_iter()
                .filter(|k| k.mentor_user_id == me)
                .collect())
        })
        .await
}

/// A free mentee the mentor may choose.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub user_id: UserId,
    pub name: String,
    pub unit_name: Option<String>,
    pub specialty: Option<String>,
    /// Of the mentor's unit or specialty: no justification needed.
    pub near: bool,
}

/// Whom the caller may choose as mentees, for their active appointment.
#[derive(Debug, Clone, Serialize)]
pub struct Candidates {
    pub mentor_entry_id: MentorEntryId,
    pub unit_id: UnitId,
    pub specialty: Option<String>,
    /// Of the mentor's unit or specialty, by id.
    pub people: Vec<Candidate>,
}

/// The free mentees for the caller's drafting, or `None` when the caller holds no active
/// appointment (then no contract can be drafted for them).
pub async fn candidates(state: &AppState, caller: Caller) -> Result<Option<Candidates>, AppError> {
    if !caller.has(Role::Mentor) {
        return Ok(None);
    }
    state
        .db
        .run(move |c| {
            let Some(entry) = mentors::active_entry_of(c, caller.id)? else {
                return Ok(None);
            };
            let me = users::find(c, caller.id, Scope::City)?;
            let specialty = me
                .profile
                .specialty
                .clone()
                .filter(|s| !s.trim().is_empty());
            let near = Some((entry.unit_id, specialty.as_deref()));
            let people: Vec<Candidate> =
                mentee_candidates::free_mentees(c, near, None, MAX_CANDIDATES)?
                    .into_iter()
                    .filter(|r| r.0 != caller.id)
                    .map(|r| candidate(r, entry.unit_id, specialty.as_deref()))
                    .collect();
            Ok(Some(Candidates {
                mentor_entry_id: entry.id,
                unit_id: entry.unit_id,
                specialty,
                people,
            }))
        })
        .await
}

fn candidate(
    (user_id, name, unit, unit_name, their): mentee_candidates::CandidateRow,
    mentor_unit: UnitId,
    specialty: Option<&str>,
) -> Candidate {
    Candidate {
        near: unit == Some(mentor_unit) || (specialty.is_some() && their.as_deref() == specialty),
        user_id,
        name,
        unit_name,
        specialty: their,
    }
}

/// The free mentee with this e-mail, for a mentor naming someone of elsewhere; `None` when there
/// is no such person, or they are not a free mentee (the same answer: nothing is told about
/// accounts that cannot be chosen).
pub async fn free_mentee_by_email(
    state: &AppState,
    caller: Caller,
    email: &str,
) -> Result<Option<Candidate>, AppError> {
    let me = caller.id;
    free_mentee_for(state, caller, me, email).await
}

/// The same for whoever drafts `mentor`'s contract: the mentor themself, or the admin of the
/// unit of the mentor's active appointment (the drafters); anyone else gets `None`.
pub async fn free_mentee_for(
    state: &AppState,
    caller: Caller,
    mentor: UserId,
    email: &str,
) -> Result<Option<Candidate>, AppError> {
    let Ok(email) = Email::parse(email) else {
        return Ok(None);
    };
    if !caller.has(Role::Mentor) && !caller.has(Role::UnitAdmin) {
        return Ok(None);
    }
    state
        .db
        .run(move |c| {
            let Some(entry) = mentors::active_entry_of(c, mentor)? else {
                return Ok(None);
            };
            let drafter = (caller.id == mentor && caller.has(Role::Mentor))
                || (caller.has(Role::UnitAdmin) && caller.unit_id == Some(entry.unit_id));
            if !drafter {
                return Ok(None);
            }
            let Some(person) = users::find_by_email(c, &email)? else {
                return Ok(None);
            };
            if person.id == mentor {
                return Ok(None);
            }
            let them = users::find(c, mentor, Scope::City)?;
            let specialty = them.profile.specialty.filter(|s| !s.trim().is_empty());
            Ok(
                mentee_candidates::free_mentees(c, None, Some(person.id), 1)?
                    .pop()
                    .map(|r| candidate(r, entry.unit_id, specialty.as_deref())),
            )
        })
        .await
}
