//! What the printable documents hold, each read through the same functions and scope as the page
//! or API answer it prints: a pool entry as its mentor, its unit's admins and the city admin see
//! it (the certificate, the notice of revocation); a contract with the unit and title of each of
//! its six parties; a nomination as submitted with its evidence files (its unit's admins, the city
//! admin, the reviewers it is assigned to); a confirmed assessment. Another unit's object answers
//! `NotFound`, a role that may not open the document `Forbidden`.

use serde::Serialize;

use crate::auth::caller::Caller;
use crate::db::contracts::Contract;
use crate::db::evidence_files::EvidenceFile;
use crate::db::mentors::{self, Mentor};
use crate::db::nominations::{self, Nomination};
use crate::db::rounds::{self, Round};
use crate::db::{mentor_record, units, users};
use crate::domain::assessment::AssessmentStatus;
use crate::domain::evidence::Owner;
use crate::domain::ids::{AssessmentId, ContractId, MentorEntryId, NominationId, UserId};
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::services::assessments::{self, AssessmentDetail};
use crate::services::{evidence, office_views, review_item};
use crate::state::AppState;

/// The refusal of a document to a role that may not open it.
fn forbidden() -> AppError {
    AppError::forbidden(
        "forbidden",
        "您的账号不能打开此文书",
        "Your account may not open this document",
    )
}

/// A pool entry with its round and unit, as the certificate and the notice of revocation print it.
#[derive(Debug, Serialize)]
pub struct Appointment {
    #[serde(flatten)]
    pub entry: Mentor,
    pub unit_name: String,
    /// The round that appointed the mentor; `None` for an appointment imported from before the
    /// service (its certificate then names no round).
    pub round_name: Option<String>,
    pub round_year: Option<i32>,
}

/// The pool entry `id` if the caller is its mentor (with or without the mentor's role now: a
/// revoked mentor keeps their papers), an admin of its unit or a city admin. Another unit's entry,
/// or another mentor's, is `NotFound`; a caller who is none of these and was never appointed is
/// `Forbidden`.
pub async fn appointment(
    state: &AppState,
    caller: &Caller,
    id: MentorEntryId,
) -> Result<Appointment, AppError> {
    let caller = caller.clone();
    state
        .db
        .run(move |c| {
            let office = caller.is_city_admin() || caller.has(Role::UnitAdmin);
            let appointed = !mentor_record::entries_of(c, caller.id)?.is_empty();
            if !office && !caller.has(Role::Mentor) && !appointed {
                return Err(forbidden());
            }
            let entry = mentors::find(c, id, Scope::City)?;
            let admin = caller.is_city_admin()
                || (caller.has(Role::UnitAdmin) && caller.unit_id == Some(entry.unit_id));
            if !admin && entry.user_id != caller.id {
                return Err(AppError::NotFound);
            }
            let round = entry.round_id.map(|r| rounds::find(c, r)).transpose()?;
            let unit = units::find(c, entry.unit_id, Scope::City)?;
            Ok(Appointment {
                unit_name: unit.name,
                round_name: round.as_ref().map(|r| r.name.clone()),
                round_year: round.as_ref().map(|r| r.year),
                entry,
            })
        })
        .await
}

/// One party of a contract as the paper names them: name, unit and title or skill level.
#[derive(Debug, Serialize)]
pub struct Party {
    pub user_id: UserId,
    pub name: String,
    pub unit: Option<String>,
    /// The title or skill level from the person's profile, in the reader's language.
    pub title: Option<String>,
}

/// A contract with its unit and its parties (the mentor, then the mentees now in it).
#[derive(Debug, Serialize)]
pub struct ContractPaper {
    pub contract: Contract,
    pub unit_name: String,
    pub mentor: Party,
    pub mentees: Vec<Party>,
}

/// The contract `id` as `office_views::contract` lets the caller see it (its mentor and mentees,
/// its unit's admins, city admins), with its parties' units and titles in `locale`. Reviewers
/// (and anyone without a role in contracts) are `Forbidden`.
pub async fn contract(
    state: &AppState,
    caller: &Caller,
    id: ContractId,
    locale: Locale,
) -> Result<ContractPaper, AppError> {
    let roles = [Role::CityAdmin, Role::UnitAdmin, Role::Mentor, Role::Mentee];
    if !roles.iter().any(|r| caller.has(*r)) {
        return Err(forbidden());
    }
    let contract = office_views::contract(state, caller, id).await?;
    let people: Vec<(UserId, String)> = std::iter::once(&contract)
        .flat_map(|k| {
            std::iter::once((k.mentor_user_id, k.mentor_name.clone()))
                .chain(k.mentees.iter().map(|m| (m.user_id, m.name.clone())))
        })
        .collect();
    let unit_id = contract.unit_id;
    let (unit_name, parties) = state
        .db
        .run(move |c| {
            let unit_name = units::find(c, unit_id, Scope::City)?.name;
            let parties = people
                .into_iter()
                .map(|(uid, name)| {
                    let u = users::find(c, uid, Scope::City)?;
                    let unit = match u.unit_id {
                        Some(id) => Some(units::find(c, id, Scope::City)?.name),
                        None => None,
                    };
                    let title = u
                        .profile
                        .title_level
                        .map(|t| t.label(locale).into_owned())
                        .or_else(|| u.profile.skill_level.map(|s| s.label(locale).into_owned()));
                    Ok(Party {
                        user_id: uid,
                        name,
                        unit,
                        title,
                    })
                })
                .collect::<Result<Vec<_>, AppError>>()?;
            Ok((unit_name, parties))
        })
        .await?;
    let mut parties = parties.into_iter();
    let mentor = parties.next().ok_or(AppError::NotFound)?;
    Ok(ContractPaper {
        contract,
        unit_name,
        mentor,
        mentees: parties.collect(),
    })
}

/// A nomination with its round, unit and evidence files.
#[derive(Debug)]
pub struct NominationPaper {
    pub nomination: Nomination,
    pub round: Round,
    pub unit_name: String,
    /// The candidate's position (职务), printed beside the unit.
    pub position: Option<String>,
    pub files: Vec<EvidenceFile>,
}

/// The nomination `id` for its unit's admins (as their nomination page reads it), city admins,
/// and the reviewers it is assigned to (as `review_item::assigned_review` picks it), with the
/// files `evidence::list` lets the caller see. Anyone else is `Forbidden`.
pub async fn nomination(
    state: &AppState,
    caller: &Caller,
    id: NominationId,
) -> Result<NominationPaper, AppError> {
    let scope = caller.admin_scope();
    let office = !matches!(scope, Scope::Nothing);
    if !office && !caller.has(Role::Reviewer) {
        return Err(forbidden());
    }
    let as_office = if office {
        state
            .db
            .run(move |c| {
                let n = nominations::find(c, id, scope)?;
                let round = rounds::find(c, n.round_id)?;
                Ok((n, round))
            })
            .await
    } else {
        Err(AppError::NotFound)
    };
    let (nomination, round) = match as_office {
        Err(AppError::NotFound) if caller.has(Role::Reviewer) => {
            let r = review_item::assigned_review(state, caller, id).await?;
            (r.nomination, r.round)
        }
        other => other?,
    };
    let files = evidence::list(state, caller, Owner::nomination(id)).await?;
    let (unit_id, candidate) = (nomination.unit_id, nomination.candidate_id);
    let (unit_name, position) = state
        .db
        .run(move |c| {
            let unit = units::find(c, unit_id, Scope::City)?.name;
            let position = users::find(c, candidate, Scope::City)?.profile.position;
            Ok((unit, position))
        })
        .await?;
    Ok(NominationPaper {
        nomination,
        round,
        unit_name,
        position,
        files,
    })
}

/// The confirmed assessment `id` as `assessments::get` lets the caller see it (city admins, the
/// unit's admins, the mentor); one not confirmed is `NotFound` (there is no result to notify).
/// Reviewers and mentees are `Forbidden`.
pub async fn assessment(
    state: &AppState,
    caller: &Caller,
    id: AssessmentId,
) -> Result<AssessmentDetail, AppError> {
    let office = !matches!(caller.admin_scope(), Scope::Nothing);
    if !office && !caller.has(Role::Mentor) {
        let me = caller.id;
        let appointed = state
            .db
            .run(move |c| Ok(!mentor_record::entries_of(c, me)?.is_empty()))
            .await?;
        if !appointed {
            return Err(forbidden());
        }
    }
    let d = assessments::get(state, caller, id).await?;
    if d.assessment.status != AssessmentStatus::Confirmed {
        return Err(AppError::NotFound);
    }
    Ok(d)
}
