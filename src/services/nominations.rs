//! Nominations: a unit admin drafts the application form for a person of their own unit, edits
//! it, submits it (the eligibility rules, the deadline and the quotas are checked then), and may
//! withdraw it before review; the city admin may return it with comments.

use serde_json::json;

use crate::auth::caller::Caller;
use crate::db::nominations::{self, Nomination, StatusChange};
use crate::db::rounds::{self, Round};
use crate::db::{AnyConnection, users};
use crate::domain::ids::{NominationId, RoundId};
use crate::domain::profile::Profile;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::selection::{NominationForm, NominationStatus, RoundStatus};
use crate::domain::user::{Email, NewUser, UserStatus};
use crate::error::{AppError, Problems};
use crate::services::audit_trail::record;
use crate::services::eligibility_check::{check_fields, form_base};
use crate::services::refusals::wrong_status;
use crate::state::AppState;

/// A nomination of the caller's own unit, for its unit admin: another unit's answers 404 (the
/// scope), and a caller who is not that unit's admin (a city admin) 403.
fn own_unit_nomination(
    c: &mut AnyConnection,
    caller: &Caller,
    id: NominationId,
) -> Result<Nomination, AppError> {
    let n = nominations::find(c, id, caller.admin_scope())?;
    if !caller.has(Role::UnitAdmin) || Some(n.unit_id) != caller.unit_id {
        return Err(AppError::forbidden(
            "forbidden",
            "只有推荐单位可以这样做",
            "only the nominating unit does this",
        ));
    }
    Ok(n)
}

fn round_closed_for_nominations() -> AppError {
    AppError::conflict_field(
        "round",
        "round_not_open",
        "该选拔已不在推荐阶段",
        "the round no longer takes nominations",
    )
}

/// Creates a draft for a person of the caller's unit.
pub async fn create_nomination(
    state: &AppState,
    caller: Caller,
    round_id: RoundId,
    form: NominationForm,
) -> Result<Nomination, AppError> {
    let Some(unit) = caller.unit_id.filter(|_| caller.has(Role::UnitAdmin)) else {
        return Err(AppError::forbidden(
            "forbidden",
            "只有单位管理员可以推荐",
            "only unit admins nominate",
        ));
    };
    let new_person = match (form.candidate_id, form.new_candidate.clone()) {
        (Some(_), Some(_)) => {
            return Err(AppError::invalid_field(
                "new_candidate",
                "one_of",
                "请选择已有人员或填写新人员，二者只能选一",
                "give either candidate_id or new_candidate, not both",
            ));
        }
        (None, None) => {
            return Err(AppError::invalid_field(
                "candidate_id",
                "required",
                "请选择被推荐人",
                "choose the candidate",
            ));
        }
        (_, Some(n)) => {
            let mut p = Problems::new();
            let email = p.take("new_candidate.email", Email::parse(&n.email));
            let name = p.take(
                "new_candidate.name",
                crate::domain::text::required(&n.name, 100),
            );
            p.finish()?;
            Some(NewUser {
                email: email.expect("checked"),
                name: name.expect("checked"),
                roles: Vec::new(),
                unit_id: Some(unit),
                locale: n.locale.unwrap_or_default(),
                profile: Profile::default(),
            })
        }
        (Some(_), None) => None,
    };
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    state
        .db
        .write(move |c| {
            let round = rounds::find(c, round_id)?;
            if round.status != RoundStatus::Open {
                return Err(round_closed_for_nominations());
            }
            let candidate = match &new_person {
                Some(new) => users::insert(c, new, UserStatus::Invited, None, now)?,
                None => form.candidate_id.expect("checked above"),
            };
            let person = users::find(c, candidate, Scope::Unit(unit)).map_err(|e| match e {
                AppError::NotFound => AppError::invalid_field(
                    "candidate_id",
                    "not_found",
                    "本单位没有这个人",
                    "no such person in your unit",
                ),
                other => other,
            })?;
            if nominations::candidate_already_nominated(c, round_id, candidate, None)? {
                return Err(AppError::conflict_field(
                    "candidate_id",
                    "already_nominated",
                    "此人已在本届被推荐",
                    "this person is already nominated in this round",
                ));
            }
            // The form starts from the person's profile; the unit completes it.
            let base = form_base(&person.profile);
            let fields = NominationForm {
                candidate_id: None,
                new_candidate: None,
                ..form
            }
            .apply(base, today)?;
            let id = nominations::insert(c, round_id, unit, candidate, &fields, caller.id, now)?;
            let n = nominations::find(c, id, Scope::City)?;
            record(
                c,
                &caller,
                "nomination.create",
                &n,
                json!({ "candidate_id": candidate }),
                now,
            )?;
            Ok(n)
        })
        .await
}

/// Changes the form of a draft or returned nomination (the unit's own only).
pub async fn update_nomination(
    state: &AppState,
    caller: Caller,
    id: NominationId,
    form: NominationForm,
) -> Result<Nomination, AppError> {
    if form.candidate_id.is_some() || form.new_candidate.is_some() {
        return Err(AppError::invalid_field(
            "candidate_id",
            "immutable",
            "被推荐人不能更改；请撤回后重新推荐",
            "the candidate cannot change; withdraw and nominate again",
        ));
    }
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    state
        .db
        .write(move |c| {
            let before = own_unit_nomination(c, &caller, id)?;
            if !before.status.editable() {
                return Err(wrong_status(
                    "只有草稿或退回的推荐可以修改",
                    "only drafts and returned nominations can be edited",
                ));
            }
            let fields = form.apply(before.form.clone(), today)?;
            nominations::update_form(c, id, &fields, now)?;
            let after = nominations::find(c, id, Scope::City)?;
            record(c, &caller, "nomination.update", &after, json!({}), now)?;
            Ok(after)
        })
        .await
}

/// The refusals that do not depend on the form: the deadline, the quotas.
fn check_round_limits(
    c: &mut AnyConnection,
    round: &Round,
    n: &Nomination,
    today: chrono::NaiveDate,
) -> Result<(), AppError> {
    if round.status != RoundStatus::Open {
        return Err(round_closed_for_nominations());
    }
    if today > round.nomination_deadline {
        return Err(AppError::conflict_field(
            "round",
            "deadline_passed",
            "推荐截止日期已过",
            "the nomination deadline has passed",
        ));
    }
    if let Some(q) = round.unit_quotas.iter().find(|q| q.unit_id == n.unit_id)
        && nominations::count_for_unit(c, round.id, n.unit_id, n.id)? >= i64::from(q.quota)
    {
        return Err(AppError::conflict_field(
            "round",
            "unit_quota_reached",
            "本单位的推荐名额已满",
            "your unit's quota for this round is used up",
        ));
    }
    if let Some(category) = n.form.category
        && let Some(q) = round
            .category_quotas
            .iter()
            .find(|q| q.category == category)
        && nominations::count_for_category(c, round.id, category, n.id)? >= i64::from(q.quota)
    {
        return Err(AppError::conflict_field(
            "category",
            "category_quota_reached",
            "该类别的推荐名额已满",
            "the quota of this category is used up",
        ));
    }
    if crate::db::mentors::is_active_mentor(c, n.candidate_id)? {
        return Err(AppError::conflict_field(
            "candidate_id",
            "already_a_mentor",
            "此人已是在聘的人才培带人",
            "this person is already an active mentor",
        ));
    }
    if nominations::candidate_already_nominated(c, round.id, n.candidate_id, Some(n.id))? {
        return Err(AppError::conflict_field(
            "candidate_id",
            "already_nominated",
            "此人已在本届被推荐",
            "this person is already nominated in this round",
        ));
    }
    Ok(())
}

/// Hands the nomination in: the rules run now; refusals are field-level, warnings are stored for
/// the reviewers.
pub async fn submit_nomination(
    state: &AppState,
    caller: Caller,
    id: NominationId,
) -> Result<Nomination, AppError> {
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    let policy = state.settings.policy.clone();
    state
        .db
        .write(move |c| {
            let n = own_unit_nomination(c, &caller, id)?;
            if !n.status.editable() {
                return Err(wrong_status(
                    "只有草稿或退回的推荐可以提交",
                    "only drafts and returned nominations can be submitted",
                ));
            }
            let round = rounds::find(c, n.round_id)?;
            check_round_limits(c, &round, &n, today)?;
            let warnings = check_fields(&n.form, &round, &policy)?;
            nominations::set_status(
                c,
                id,
                StatusChange {
                    status: NominationStatus::Submitted,
                    warnings: Some(&warnings),
                    return_comment: None,
                    submitted_at: Some(now),
                },
                now,
            )?;
            let after = nominations::find(c, id, Scope::City)?;
            record(
                c,
                &caller,
                "nomination.submit",
                &after,
                json!({ "warnings": warnings.len() }),
                now,
            )?;
            Ok(after)
        })
        .await
}

/// The unit takes its nomination back, before review.
pub async fn withdraw_nomination(
    state: &AppState,
    caller: Caller,
    id: NominationId,
) -> Result<Nomination, AppError> {
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let n = own_unit_nomination(c, &caller, id)?;
            if !matches!(
                n.status,
                NominationStatus::Draft | NominationStatus::Submitted | NominationStatus::Returned
            ) {
                return Err(wrong_status(
                    "评审开始后不能撤回",
                    "a nomination under review cannot be withdrawn",
                ));
            }
            let change = StatusChange {
                status: NominationStatus::Withdrawn,
                warnings: None,
                return_comment: None,
                submitted_at: None,
            };
            nominations::set_status(c, id, change, now)?;
            let after = nominations::find(c, id, Scope::City)?;
            record(
                c,
                &caller,
                "nomination.withdraw",
                &after,
                json!({ "before": n.status }),
                now,
            )?;
            Ok(after)
        })
        .await
}

/// The city admin sends a submitted nomination back to its unit with comments.
pub async fn return_nomination(
    state: &AppState,
    caller: Caller,
    id: NominationId,
    comment: &str,
) -> Result<Nomination, AppError> {
    let mut p = Problems::new();
    let comment = p.take("comment", crate::domain::text::required(comment, 2000));
    p.finish()?;
    let comment = comment.expect("checked");
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let n = nominations::find(c, id, Scope::City)?;
            if n.status != NominationStatus::Submitted {
                return Err(wrong_status(
                    "只有已提交的推荐可以退回",
                    "only submitted nominations can be returned",
                ));
            }
            let change = StatusChange {
                status: NominationStatus::Returned,
                warnings: None,
                return_comment: Some(Some(&comment)),
                submitted_at: None,
            };
            nominations::set_status(c, id, change, now)?;
            let after = nominations::find(c, id, Scope::City)?;
            record(
                c,
                &caller,
                "nomination.return",
                &after,
                json!({ "comment": comment }),
                now,
            )?;
            Ok(after)
        })
        .await
}
