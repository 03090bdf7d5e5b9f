//! The assessment jobs: reminders to unit admins, and what follows a confirmed unqualified grade
//! once its objection window has passed (revocation, or first a rectification period).

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::json;

use crate::db::assessments::{self, Assessment, NewAssessment, Viewer};
use crate::db::{AnyConnection, contracts, mentors, users};
use crate::domain::assessment::{AssessmentKind, AssessmentStatus, Consequence};
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{AssessmentId, UserId};
use crate::domain::policy::UnqualifiedConsequence;
use crate::domain::review::MentorStatus;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::email::catalogue::{
    AssessmentReminderKind, Audience, Email, MentorRevoked, RectificationStarted, RevokedBenefit,
};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::AppError;
use crate::jobs::selection::reminder_slot;
use crate::services::assessment_rounds::{unit_reminders, window_opened_emails};
use crate::services::audit_trail::{Actor, Subject, record};

/// Window opened (once per round, from the opening day to the closing day), window closing (7
/// days and 1 day before, listing the mentors not yet handed in) and follow-ups due (when their
/// rectification period is over). Returns the e-mails newly queued.
pub fn send_assessment_reminders(
    c: &mut AnyConnection,
    today: NaiveDate,
    now: NaiveDateTime,
    domain: &str,
) -> Result<usize, AppError> {
    let mut queued = 0;
    for round in assessments::list_rounds(c)? {
        if round.opens_on <= today && today <= round.closes_on {
            queued += window_opened_emails(c, &round, now, domain)?;
        }
        if let Some(slot) = reminder_slot(today, round.closes_on) {
            queued += unit_reminders(
                c,
                &round,
                AssessmentReminderKind::WindowClosing,
                |a| {
                    a.kind == AssessmentKind::Annual
                        && matches!(
                            a.status,
                            AssessmentStatus::Draft | AssessmentStatus::Returned
                        )
                },
                (round.closes_on - today).num_days(),
                &format!("assessment_round:{}:days:{slot}", round.id),
                now,
                domain,
            )?;
        }
        queued += unit_reminders(
            c,
            &round,
            AssessmentReminderKind::FollowUpDue,
            |a| {
                a.kind == AssessmentKind::FollowUp
                    && a.status == AssessmentStatus::Draft
                    && a.period_to <= today
            },
            0,
            &format!("assessment_round:{}:follow_up:{today}", round.id),
            now,
            domain,
        )?;
    }
    Ok(queued)
}

/// What a run of `revoke_unqualified` did.
#[derive(Debug, Default, Serialize)]
pub struct RevocationReport {
    pub revoked: usize,
    pub rectification_started: usize,
    /// Grades whose mentor's appointment had ended already.
    pub not_applicable: usize,
}

/// Acts on every confirmed unqualified grade whose objection window ended before `today` with no
/// pending or upheld objection: revokes the mentor, or under `rectify_then_revoke` (for an annual
/// assessment) starts a rectification period with a follow-up assessment. Each mentor in one
/// transaction; a second or concurrent run finds nothing left to do.
pub fn revoke_unqualified(
    c: &mut AnyConnection,
    return_days: u32,
    today: NaiveDate,
    now: NaiveDateTime,
    domain: &str,
) -> Result<RevocationReport, AppError> {
    let mut report = RevocationReport::default();
    let mut failed: Vec<(AssessmentId, AppError)> = Vec::new();
    for id in assessments::due_for_consequence(c, today)? {
        // One mentor's failure rolls back that mentor only; the others go ahead.
        match crate::db::write_transaction(c, |c| act_on(c, id, return_days, today, now, domain)) {
            Ok(Some(Consequence::Revoked)) => report.revoked += 1,
            Ok(Some(Consequence::Rectification)) => report.rectification_started += 1,
            Ok(Some(Consequence::NotApplicable)) => report.not_applicable += 1,
            Ok(None) => {}
            Err(e) => {
                tracing::error!(assessment = id.0, error = %e, "revocation failed; rolled back");
                failed.push((id, e));
            }
        }
    }
    if let Some((id, first)) = failed.first() {
        return Err(AppError::internal(anyhow::anyhow!(
            "{} assessment(s) could not be acted on and were left untouched (first: {id}: {first}); done: {report:?}",
            failed.len()
        )));
    }
    Ok(report)
}

fn act_on(
    c: &mut AnyConnection,
    id: AssessmentId,
    return_days: u32,
    today: NaiveDate,
    now: NaiveDateTime,
    domain: &str,
) -> Result<Option<Consequence>, AppError> {
    let a = assessments::find(c, id, Viewer::City)?;
    let round = assessments::find_round(c, a.round_id)?;
    let entry = mentors::find(c, a.mentor_entry_id, Scope::City)?;
    let consequence = if entry.status != MentorStatus::Active {
        Consequence::NotApplicable
    } else if a.kind == AssessmentKind::Annual
        && round.consequence == UnqualifiedConsequence::RectifyThenRevoke
    {
        Consequence::Rectification
    } else {
        Consequence::Revoked
    };
    // The conditional update is the claim: a concurrent run, or an objection upheld meanwhile,
    // makes it change nothing, and this run then leaves the mentor alone.
    if !assessments::set_consequence(c, id, consequence, now)? {
        return Ok(None);
    }
    match consequence {
        Consequence::NotApplicable => record(
            c,
            Actor::System,
            "assessment.consequence_not_applicable",
            Subject::new("assessment", id, Some(a.unit_id)),
            json!({ "mentor_status": entry.status }),
            now,
        )?,
        Consequence::Rectification => {
            start_rectification(c, &a, round.rectification_days, today, now, domain)?
        }
        Consequence::Revoked => revoke(c, &a, &entry, return_days, today, now, domain)?,
    }
    Ok(Some(consequence))
}

/// Gives the mentor the round's rectification period and creates the follow-up assessment that
/// decides at its end.
fn start_rectification(
    c: &mut AnyConnection,
    a: &Assessment,
    days: i32,
    today: NaiveDate,
    now: NaiveDateTime,
    domain: &str,
) -> Result<(), AppError> {
    let ends_on = today + chrono::Duration::days(i64::from(days));
    let contract = contracts::active_of_entry(c, a.mentor_entry_id)?;
    let follow_up = assessments::insert(
        c,
        &NewAssessment {
            round: a.round_id,
            kind: AssessmentKind::FollowUp,
            follows: Some(a.id),
            entry: a.mentor_entry_id,
            user: a.mentor_user_id,
            unit: a.unit_id,
            contract: contract.or(a.contract_id),
            from: today,
            to: ends_on,
        },
        now,
    )?;
    record(
        c,
        Actor::System,
        "assessment.rectification_start",
        Subject::new("assessment", a.id, Some(a.unit_id)),
        json!({ "follow_up_id": follow_up, "ends_on": ends_on }),
        now,
    )?;
    let mentor = users::find(c, a.mentor_user_id, Scope::City)?;
    let mut to: Vec<(users::User, Audience)> = vec![(mentor, Audience::Mentor)];
    for admin in users::unit_admins(c, a.unit_id)? {
        to.push((admin, Audience::UnitAdmin));
    }
    for (person, audience) in to {
        enqueue(
            c,
            now,
            domain,
            &Recipient::from(&person),
            &Email::RectificationStarted(RectificationStarted {
                name: person.name.clone(),
                audience,
                mentor_name: a.mentor_name.clone(),
                year: a.year,
                ends_on,
            }),
            &format!("assessment:{}:rectification", a.id),
        )?;
    }
    Ok(())
}

/// Revokes the mentor: the pool entry, the contracts, the mentees, the running benefits, the role, the
/// audit log and the e-mails, all in the caller's transaction.
#[allow(clippy::too_many_arguments)]
fn revoke(
    c: &mut AnyConnection,
    a: &Assessment,
    entry: &mentors::Mentor,
    return_days: u32,
    today: NaiveDate,
    now: NaiveDateTime,
    domain: &str,
) -> Result<(), AppError> {
    let comment = a.overall_comment.clone().unwrap_or_default();
    let reason: String = format!("{} 年度考核不合格：{comment}", a.year)
        .chars()
        .take(500)
        .collect();
    mentors::revoke(c, entry.id, a.id, &reason, today, now)?;
    // Every contract of the entry that is not over: the active one, and drafts or contracts
    // waiting for signatures, which could no longer take effect.
    let open = contracts::open_of_entry(c, entry.id)?;
    let mut released: Vec<UserId> = Vec::new();
    for contract in &open {
        let before = contracts::find(c, *contract, contracts::Viewer::City)?;
        if before.status == ContractStatus::Active {
            released.extend(before.mentees.iter().map(|x| x.user_id));
        }
        contracts::end(
            c,
            *contract,
            ContractStatus::Terminated,
            Some("mentor revoked"),
            now,
        )?;
    }
    let ended = crate::services::benefits::end_for_revoked(c, entry.id, return_days, today, now)?;
    let benefits: Vec<RevokedBenefit> = ended
        .iter()
        .map(|b| {
            let (zh, en) = crate::services::benefits::names(b.kind);
            let (zh, en) = match b.year {
                Some(y) => (format!("{y} 年{zh}"), format!("{en} {y}")),
                None => (zh.to_owned(), en.to_owned()),
            };
            RevokedBenefit {
                benefit_zh: zh,
                benefit_en: en,
                item: b.item.clone().unwrap_or_default(),
                return_by: b.return_by.map(|d| d.to_string()).unwrap_or_default(),
            }
        })
        .collect();
    let still_active = mentors::is_active_mentor(c, entry.user_id)?;
    let mentor = users::find(c, entry.user_id, Scope::City)?;
    if !still_active && mentor.roles.contains(&Role::Mentor) {
        let roles: Vec<Role> = mentor
            .roles
            .iter()
            .copied()
            .filter(|r| *r != Role::Mentor)
            .collect();
        // As with every role change: the older tokens end at the next request.
        users::set_roles(c, mentor.id, &roles, now)?;
    }
    record(
        c,
        Actor::System,
        "mentor.revoke",
        Subject::new("mentor", entry.id, Some(a.unit_id)),
        json!({
            "assessment_id": a.id, "contracts_terminated": open,
            "mentees_released": released.len(), "benefits_ended": ended.len(),
        }),
        now,
    )?;
    let mut to: Vec<(users::User, Audience)> = vec![(mentor, Audience::Mentor)];
    for id in released {
        to.push((users::find(c, id, Scope::City)?, Audience::Mentee));
    }
    for admin in users::unit_admins(c, a.unit_id)? {
        to.push((admin, Audience::UnitAdmin));
    }
    for (person, audience) in to {
        enqueue(
            c,
            now,
            domain,
            &Recipient::from(&person),
            &Email::MentorRevoked(MentorRevoked {
                name: person.name.clone(),
                audience,
                mentor_name: a.mentor_name.clone(),
                certificate_no: entry.certificate_no.clone(),
                year: a.year,
                reason: comment.clone(),
                benefits: if audience == Audience::Mentee {
                    Vec::new()
                } else {
                    benefits.clone()
                },
            }),
            &format!("mentor:{}:revoked", entry.id),
        )?;
    }
    Ok(())
}
