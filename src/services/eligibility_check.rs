//! The eligibility check of a nomination's form: the one check that submitting runs
//! (`services::nominations::submit_nomination` calls [`check_fields`]), also run while the clerk
//! types on the nomination page, so that the page and the submission refuse with the same words.

use crate::auth::caller::Caller;
use crate::db::nominations::{self, StoredWarning};
use crate::db::rounds::{self, Round};
use crate::db::users;
use crate::domain::eligibility::{self, Candidate, Rules};
use crate::domain::ids::{NominationId, RoundId, UserId};
use crate::domain::policy::Policy;
use crate::domain::profile::Profile;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::selection::{FormFields, NominationForm};
use crate::error::{AppError, Problems};
use crate::state::AppState;

/// The round's and the policy's numbers the rules count with.
pub fn rules_of(round: &Round, policy: &Policy) -> Rules {
    Rules {
        reference_date: round.age_reference_date,
        birth_date_cutoff: round.birth_date_cutoff,
        max_age: if round.birth_date_cutoff.is_some() {
            u32::MAX
        } else {
            policy.max_nomination_age
        },
        min_years_in_city: policy.min_years_in_city,
        skills_awards: policy.skills_awards.clone(),
    }
}

/// What the rules look at in a form.
pub fn candidate_of(f: &FormFields) -> Candidate {
    Candidate {
        category: f.category,
        birth_date: f.birth_date,
        city_work_start_date: f.city_work_start_date,
        education: f.education,
        title_level: f.title_level,
        skill_level: f.skill_level,
        skills_award: f.skills_award.clone(),
        outstanding_exception: f.outstanding_exception,
        exception_justification: f.exception_justification.clone(),
        qualification_justification: f.qualification_justification.clone(),
    }
}

/// Runs the eligibility rules on a form: `Err` is the field-level refusal (422), `Ok` the
/// warnings the reviewers will see.
pub fn check_fields(
    f: &FormFields,
    round: &Round,
    policy: &Policy,
) -> Result<Vec<StoredWarning>, AppError> {
    let warnings = eligibility::check(&candidate_of(f), &rules_of(round, policy))
        .map_err(|p: Problems| p.finish().unwrap_err())?;
    Ok(warnings
        .into_iter()
        .map(|w| StoredWarning {
            code: w.code.to_owned(),
            zh: w.zh,
            en: w.en,
        })
        .collect())
}

/// The form a new nomination starts from: the person's profile (the unit completes it).
pub fn form_base(profile: &Profile) -> FormFields {
    FormFields {
        birth_date: profile.birth_date,
        education: profile.education,
        title_level: profile.title_level,
        skill_level: profile.skill_level,
        specialty: profile.specialty.clone(),
        city_work_start_date: profile.city_work_start_date,
        from_outside_city: profile.from_outside_city,
        ..FormFields::default()
    }
}

/// Which form is being checked: a new one for a round (of a person of the unit already known,
/// whose profile it starts from, or of someone new), or a nomination's stored one with the changes
/// typed on top.
#[derive(Debug, Clone, Copy)]
pub enum CheckTarget {
    New(RoundId, Option<UserId>),
    Draft(NominationId),
}

/// Checks a form as typed, without keeping anything: the form's own checks (lengths, dates not in
/// the future, as saving runs them) and then the eligibility rules (as submitting runs them). Only
/// a unit admin checks, and only their own unit's nominations (another unit's answers 404).
pub async fn check_form(
    state: &AppState,
    caller: &Caller,
    target: CheckTarget,
    form: NominationForm,
) -> Result<Vec<StoredWarning>, AppError> {
    let Some(unit) = caller.unit_id.filter(|_| caller.has(Role::UnitAdmin)) else {
        return Err(AppError::forbidden(
            "forbidden",
            "只有单位管理员可以推荐",
            "only unit admins nominate",
        ));
    };
    let scope = caller.admin_scope();
    let today = state.clock.today();
    let policy = state.settings.policy.clone();
    state
        .db
        .run(move |c| {
            let (base, round) = match target {
                CheckTarget::New(round, None) => (FormFields::default(), rounds::find(c, round)?),
                CheckTarget::New(round, Some(person)) => {
                    let person = users::find(c, person, Scope::Unit(unit))?;
                    (form_base(&person.profile), rounds::find(c, round)?)
                }
                CheckTarget::Draft(id) => {
                    let n = nominations::find(c, id, scope)?;
                    if n.unit_id != unit {
                        return Err(AppError::NotFound);
                    }
                    let round = rounds::find(c, n.round_id)?;
                    (n.form, round)
                }
            };
            let fields = NominationForm {
                candidate_id: None,
                new_candidate: None,
                ..form
            }
            .apply(base, today)?;
            check_fields(&fields, &round, &policy)
        })
        .await
}
