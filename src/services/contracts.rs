//! Contracts: drafted by the mentor or the mentor's unit admin, signed by the mentor and each of
//! the five mentees, active when all have signed. A person is in at most one active contract; the
//! check at activation is backed by unique indexes, so two concurrent activations cannot both win.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use crate::auth::caller::Caller;
use crate::db::contracts::{self, Contract, NewContract, Viewer};
use crate::db::mentors::{self, Mentor};
use crate::db::{AnyConnection, users, violates_unique};
use crate::domain::contract::{
    ContractStatus, CreateContractRequest, LeaveRequest, MenteeInput, Terms, UpdateContractRequest,
    check_terms, parse_indicators, signature_subject,
};
use crate::domain::ids::{ContractId, MentorEntryId, UnitId, UserId};
use crate::domain::review::MentorStatus;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::user::UserStatus;
use crate::email::catalogue::{Email, MentoringReminder, ReminderKind};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::{AppError, Problems};
use crate::i18n::Msg;
use crate::services::audit_trail::record;
use crate::services::refusals::wrong_status;
use crate::state::AppState;

/// What the caller may see of contracts.
pub fn viewer(caller: &Caller) -> Viewer {
    if caller.is_city_admin() {
        Viewer::City
    } else if let (true, Some(unit)) = (caller.has(Role::UnitAdmin), caller.unit_id) {
        Viewer::UnitAdmin(unit, caller.id)
    } else {
        Viewer::Person(caller.id)
    }
}

/// The mentor or the admin of the mentor's unit; anyone else is refused.
fn check_drafter(caller: &Caller, mentor_user: UserId, unit: UnitId) -> Result<(), AppError> {
    let own = caller.has(Role::Mentor) && caller.id == mentor_user;
    let unit_admin = caller.has(Role::UnitAdmin) && caller.unit_id == Some(unit);
    if own || unit_admin {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "forbidden",
            "只有培带人本人或其单位管理员可以起草联系书",
            "only the mentor or the mentor's unit admin drafts a contract",
        ))
    }
}

/// The pool entry the contract is for, checked: active, and the caller may draft for it.
fn mentor_entry(
    c: &mut AnyConnection,
    caller: &Caller,
    entry: Option<MentorEntryId>,
) -> Result<Mentor, AppError> {
    let entry = match entry {
        Some(id) => mentors::find(c, id, caller.admin_scope()).or_else(|_| {
            mentors::find(c, id, Scope::City).and_then(|m| {
                if m.user_id == caller.id {
                    Ok(m)
                } else {
                    Err(AppError::NotFound)
                }
            })
        }),
        // A mentor drafting for themself: their own active appointment.
        None => mentors::active_entry_of(c, caller.id)?.ok_or_else(|| {
            AppError::invalid_field(
                "mentor_entry_id",
                "required",
                "请指定培带人（您本人没有在聘的培带人资格）",
                "name the mentor's pool entry (you hold no active appointment yourself)",
            )
        }),
    }
    .map_err(|e| match e {
        AppError::NotFound => AppError::invalid_field(
            "mentor_entry_id",
            "not_found",
            "没有这个培带人",
            "no such mentor",
        ),
        other => other,
    })?;
    if entry.status != MentorStatus::Active {
        return Err(AppError::invalid_field(
            "mentor_entry_id",
            "not_active",
            "该培带人不在聘期内",
            "the mentor's appointment is not active",
        ));
    }
    check_drafter(caller, entry.user_id, entry.unit_id)?;
    Ok(entry)
}

/// Checks each mentee: an existing person with the mentee role, not the mentor, of the mentor's
/// unit or specialty or else justified, and not in another active contract.
fn check_mentees(
    c: &mut AnyConnection,
    mentor: &Mentor,
    mentees: &[MenteeInput],
    field: &str,
    p: &mut Problems,
) -> Result<(), AppError> {
    let mentor_user = users::find(c, mentor.user_id, Scope::City)?;
    let specialty = mentor_user
        .profile
        .specialty
        .clone()
        .filter(|s| !s.trim().is_empty());
    for (i, m) in mentees.iter().enumerate() {
        let at = |sub: &str| format!("{field}[{i}]{sub}");
        let Some(person) = users::find(c, m.user_id, Scope::City)
            .ok()
            .filter(|u| u.roles.contains(&Role::Mentee) && u.status != UserStatus::Deactivated)
        else {
            p.add(
                at(".user_id"),
                "not_a_mentee",
                Msg::new("没有这个培带对象", "no such mentee"),
            );
            continue;
        };
        if person.id == mentor.user_id {
            p.add(
                at(".user_id"),
                "is_the_mentor",
                Msg::new("培带人不能带自己", "the mentor cannot be a mentee"),
            );
        }
        let same_unit = person.unit_id == Some(mentor.unit_id);
        let same_specialty = specialty.is_some() && person.profile.specialty == specialty;
        let justified = m
            .justification
            .as_deref()
            .is_some_and(|j| !j.trim().is_empty());
        if !same_unit && !same_specialty && !justified {
            p.add(
                at(".justification"),
                "required",
                Msg::new(
                    "培带对象不属于本部门、本专业，请说明理由",
                    "the mentee is of neither the mentor's unit nor specialty; give a justification",
                ),
            );
        }
        if contracts::in_active_contract(c, person.id)? {
            p.add(
                at(".user_id"),
                "already_in_active_contract",
                Msg::new(
                    "该培带对象已有生效的联系书",
                    "this mentee is in an active contract already",
                ),
            );
        }
    }
    Ok(())
}

pub async fn create_contract(
    state: &AppState,
    caller: Caller,
    req: CreateContractRequest,
) -> Result<Contract, AppError> {
    let policy = state.settings.policy.clone();
    let entry_id = req.mentor_entry_id;
    let terms = req.parse(&policy)?;
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let entry = mentor_entry(c, &caller, entry_id)?;
            let mut p = Problems::new();
            check_mentees(c, &entry, &terms.mentees, "mentees", &mut p)?;
            p.finish()?;
            let new = NewContract {
                mentor_entry_id: entry.id,
                mentor_user: entry.user_id,
                unit: entry.unit_id,
                created_by: caller.id,
            };
            let id = contracts::insert(c, &new, &terms, now)?;
            let k = contracts::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "contract.create",
                &k,
                json!({ "mentees": terms.mentees.len() }),
                now,
            )?;
            Ok(k)
        })
        .await
}

fn editable_by(
    c: &mut AnyConnection,
    caller: &Caller,
    id: ContractId,
) -> Result<Contract, AppError> {
    let k = contracts::find(c, id, viewer(caller))?;
    check_drafter(caller, k.mentor_user_id, k.unit_id)?;
    Ok(k)
}

pub async fn update_contract(
    state: &AppState,
    caller: Caller,
    id: ContractId,
    req: UpdateContractRequest,
) -> Result<Contract, AppError> {
    let policy = state.settings.policy.clone();
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let k = editable_by(c, &caller, id)?;
            if k.status != ContractStatus::Draft {
                return Err(wrong_status(
                    "签订后不能修改条款；请终止后重新起草",
                    "the terms cannot change after signing; terminate and draft a new contract",
                ));
            }
            let mut p = Problems::new();
            let indicators = match req.indicators {
                Some(list) => parse_indicators(list, &mut p),
                None => k
                    .indicators
                    .iter()
                    .map(|i| crate::domain::contract::Indicator {
                        kind: i.kind,
                        description: i.description.clone(),
                        yearly_target: i.yearly_target as u32,
                        measure: i.measure,
                    })
                    .collect(),
            };
            let mentees = req.mentees.unwrap_or_else(|| {
                k.mentees
                    .iter()
                    .map(|m| MenteeInput {
                        user_id: m.user_id,
                        justification: m.justification.clone(),
                    })
                    .collect()
            });
            let terms: Terms = check_terms(
                req.start_date.unwrap_or(k.start_date),
                req.cycle_months.unwrap_or(k.cycle_months as u32),
                mentees,
                indicators,
                &policy,
                &mut p,
            );
            let entry = mentors::find(c, k.mentor_entry_id, Scope::City)?;
            check_mentees(c, &entry, &terms.mentees, "mentees", &mut p)?;
            p.finish()?;
            contracts::update_terms(c, id, &terms, now)?;
            let after = contracts::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "contract.update",
                &after,
                json!({ "version": after.version }),
                now,
            )?;
            Ok(after)
        })
        .await
}

/// Sends a complete draft out for signatures: exactly the policy's number of mentees.
pub async fn request_signatures(
    state: &AppState,
    caller: Caller,
    id: ContractId,
) -> Result<Contract, AppError> {
    let needed = state.settings.policy.mentees_per_contract as usize;
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let k = editable_by(c, &caller, id)?;
            if k.status != ContractStatus::Draft {
                return Err(wrong_status(
                    "只有草稿可以提交签署",
                    "only a draft goes out for signatures",
                ));
            }
            if k.mentees.len() != needed {
                return Err(AppError::invalid_field_owned(
                    "mentees",
                    "wrong_count",
                    Msg::new(
                        format!("签署时须有 {needed} 名培带对象"),
                        format!("exactly {needed} mentees are needed to sign"),
                    ),
                ));
            }
            contracts::set_status(c, id, ContractStatus::PendingSignatures, now)?;
            let after = contracts::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "contract.request_signatures",
                &after,
                json!({}),
                now,
            )?;
            Ok(after)
        })
        .await
}

/// The caller signs as the mentor or as one of the mentees; the last signature activates the
/// contract. In an active contract only a replacement mentee who has not signed yet signs (which
/// binds them, and makes them count toward the mentees trained).
pub async fn sign(state: &AppState, caller: Caller, id: ContractId) -> Result<Contract, AppError> {
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    state
        .db
        .write(move |c| {
            let k = contracts::find(c, id, viewer(&caller))?;
            if k.status == ContractStatus::Active {
                return sign_as_replacement(c, &caller, &k, now);
            }
            if k.status != ContractStatus::PendingSignatures {
                return Err(wrong_status(
                    "联系书不在待签署状态",
                    "the contract is not waiting for signatures",
                ));
            }
            if caller.id == k.mentor_user_id {
                contracts::sign_as_mentor(c, id, now)?;
            } else if !contracts::sign_as_mentee(c, id, caller.id, false, now)? {
                return Err(not_a_party());
            }
            let k = contracts::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "contract.sign",
                &k,
                json!({ "by": caller.id }),
                now,
            )?;
            let all_signed =
                k.mentor_signed_at.is_some() && k.mentees.iter().all(|m| m.signed_at.is_some());
            if !all_signed {
                return Ok(k);
            }
            activate(c, &caller, &k, today, now)
        })
        .await
}

fn not_a_party() -> AppError {
    AppError::forbidden(
        "not_a_party",
        "只有联系书的当事人可以签署",
        "only the parties sign the contract",
    )
}

/// A replacement mentee signs the active contract they joined.
fn sign_as_replacement(
    c: &mut AnyConnection,
    caller: &Caller,
    k: &Contract,
    now: NaiveDateTime,
) -> Result<Contract, AppError> {
    let member = k.mentees.iter().find(|m| m.user_id == caller.id);
    match member {
        None if caller.id != k.mentor_user_id => return Err(not_a_party()),
        Some(m) if m.signature_pending => {}
        _ => {
            return Err(wrong_status(
                "您已签署，联系书已生效",
                "you have signed; the contract is in force",
            ));
        }
    }
    if !contracts::sign_as_mentee(c, k.id, caller.id, true, now)? {
        // A concurrent request signed first.
        return Err(wrong_status(
            "您已签署，联系书已生效",
            "you have signed; the contract is in force",
        ));
    }
    let after = contracts::find(c, k.id, Viewer::City)?;
    record(
        c,
        caller,
        "contract.sign",
        &after,
        json!({ "by": caller.id, "replacement": true }),
        now,
    )?;
    Ok(after)
}

fn activate(
    c: &mut AnyConnection,
    caller: &Caller,
    k: &Contract,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Contract, AppError> {
    let mut p = Problems::new();
    for (i, m) in k.mentees.iter().enumerate() {
        if contracts::in_active_contract(c, m.user_id)? {
            p.add(
                format!("mentees[{i}].user_id"),
                "already_in_active_contract",
                Msg::new(
                    "该培带对象已有生效的联系书",
                    "this mentee is in an active contract already",
                ),
            );
        }
    }
    if contracts::in_active_contract(c, k.mentor_user_id)? {
        p.add(
            "mentor_entry_id",
            "already_in_active_contract",
            Msg::new(
                "该培带人已有生效的联系书",
                "the mentor has an active contract already",
            ),
        );
    }
    if !p.is_empty() {
        return Err(p.finish().unwrap_err().into_conflict());
    }
    contracts::activate(c, k.id, k.mentor_user_id, today, now).map_err(|e| {
        if violates_unique(&e) {
            AppError::conflict_field(
                "mentees",
                "already_in_active_contract",
                "有当事人已在另一份生效的联系书中",
                "a party is in another active contract",
            )
        } else {
            e
        }
    })?;
    let after = contracts::find(c, k.id, Viewer::City)?;
    record(c, caller, "contract.activate", &after, json!({}), now)?;
    Ok(after)
}

/// The city admin ends a contract early, with a reason.
pub async fn terminate(
    state: &AppState,
    caller: Caller,
    id: ContractId,
    reason: &str,
) -> Result<Contract, AppError> {
    let mut p = Problems::new();
    let reason = p.take("reason", crate::domain::text::required(reason, 2000));
    p.finish()?;
    let reason = reason.expect("checked");
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let k = contracts::find(c, id, Viewer::City)?;
            if matches!(
                k.status,
                ContractStatus::Completed | ContractStatus::Terminated
            ) {
                return Err(wrong_status(
                    "联系书已结束",
                    "the contract has ended already",
                ));
            }
            contracts::end(c, id, ContractStatus::Terminated, Some(&reason), now)?;
            let after = contracts::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "contract.terminate",
                &after,
                json!({ "reason": reason }),
                now,
            )?;
            Ok(after)
        })
        .await
}

/// A mentee leaves mid-cycle and another takes the place; the history keeps both.
pub async fn replace_mentee(
    state: &AppState,
    caller: Caller,
    id: ContractId,
    leaving: UserId,
    req: LeaveRequest,
) -> Result<Contract, AppError> {
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    let domain = state.mailer.domain().to_owned();
    let mut p = Problems::new();
    let note = p.take(
        "note",
        crate::domain::text::optional(req.note.as_deref(), 2000),
    );
    p.finish()?;
    state
        .db
        .write(move |c| {
            let k = editable_by(c, &caller, id)?;
            if k.status != ContractStatus::Active {
                return Err(wrong_status(
                    "只有生效的联系书可以更换培带对象",
                    "mentees are replaced in active contracts",
                ));
            }
            if !k.mentees.iter().any(|m| m.user_id == leaving) {
                return Err(AppError::NotFound);
            }
            let entry = mentors::find(c, k.mentor_entry_id, Scope::City)?;
            let mut p = Problems::new();
            check_mentees(
                c,
                &entry,
                std::slice::from_ref(&req.replacement),
                "replacement",
                &mut p,
            )?;
            p.finish()?;
            let justification = req
                .replacement
                .justification
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty());
            contracts::replace_mentee(
                c,
                &contracts::Replacement {
                    contract: id,
                    leaving,
                    reason: req.reason,
                    note: note.flatten().as_deref(),
                    replacement: req.replacement.user_id,
                    justification,
                },
                today,
                now,
            )?;
            let after = contracts::find(c, id, Viewer::City)?;
            request_signature(c, &domain, &after, req.replacement.user_id, now)?;
            record(
                c,
                &caller,
                "contract.replace_mentee",
                &after,
                json!({ "left": leaving, "reason": req.reason, "joined": req.replacement.user_id }),
                now,
            )?;
            Ok(after)
        })
        .await
}

/// Asks a replacement mentee to sign the active contract they joined: the same request a party
/// gets while a contract waits for signatures (the reminder job sends it under the same key, so
/// it goes once).
fn request_signature(
    c: &mut AnyConnection,
    domain: &str,
    k: &Contract,
    mentee: UserId,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let person = users::find(c, mentee, Scope::City)?;
    let subject = format!(
        "{}:{}",
        ReminderKind::SignaturesPending.as_str(),
        signature_subject(k.id, k.version)
    );
    enqueue(
        c,
        now,
        domain,
        &Recipient::from(&person),
        &Email::MentoringReminder(MentoringReminder {
            name: person.name.clone(),
            reminder: ReminderKind::SignaturesPending,
            days: 0,
            detail: k.mentor_name.clone(),
        }),
        &subject,
    )?;
    Ok(())
}
