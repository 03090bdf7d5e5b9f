//! The annual assessment, once a round is open (`assessment_rounds`: one assessment per mentor
//! active that year, assigned to the mentor's unit); the unit admin grades on the computed
//! evidence and submits; the city admin confirms or returns. Confirmation locks the period's
//! activities; a confirmed unqualified grade opens the mentor's objection window.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::auth::caller::Caller;
use crate::db::assessments::{self, Assessment, AssessmentFilter, AssessmentRound, Viewer};
use crate::db::objections::{self, Objection};
use crate::db::{AnyConnection, contracts, users};
use crate::domain::assessment::{
    self as rules, AssessmentKind, AssessmentStatus, Evidence, Grade, GradeRequest, MenteeEvidence,
    Thresholds,
};
use crate::domain::ids::{AssessmentId, AssessmentRoundId, IndicatorId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::role::Role;
use crate::email::catalogue::{AssessmentReturned, AssessmentUnqualified, Email};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::AppError;
use crate::services::audit_trail::record;
use crate::services::refusals::wrong_status;
use crate::state::AppState;

/// What the caller may see of assessments.
pub fn viewer(caller: &Caller) -> Viewer {
    if caller.is_city_admin() {
        Viewer::City
    } else if let (true, Some(unit)) = (caller.has(Role::UnitAdmin), caller.unit_id) {
        Viewer::Unit(unit)
    } else {
        Viewer::Mentor(caller.id)
    }
}

/// The evidence of an assessment, computed now from the mentoring data of its period.
pub fn evidence(
    c: &mut AnyConnection,
    a: &Assessment,
    thresholds: Thresholds,
) -> Result<Evidence, AppError> {
    let Some(contract) = a.contract_id else {
        return Ok(Evidence {
            contract_id: None,
            from: a.period_from,
            to: a.period_to,
            activities: 0,
            hours: 0.0,
            disputed_activities: 0,
            indicators: vec![],
            indicators_met: 0,
            mentees: vec![],
            attendance_rate: 0.0,
            plans_approved: 0,
            suggested_grade: rules::suggest(&[], 0, 0, thresholds),
        });
    };
    let k = contracts::find(c, contract, contracts::Viewer::City)?;
    let year = a.period_to.year();
    let (progress, acts, plans) = crate::services::activities::progress_between(
        c,
        &k,
        year,
        a.period_from,
        a.period_to,
        a.period_to,
    )?;
    let mentees: Vec<MenteeEvidence> = progress
        .mentees
        .iter()
        .map(|m| {
            let plan = plans.iter().find(|p| p.mentee_id == m.mentee_id);
            let due: Vec<i32> = plan
                .map(|p| {
                    p.content
                        .milestones
                        .iter()
                        .enumerate()
                        .filter(|(_, ms)| ms.year == year)
                        .map(|(i, _)| i as i32)
                        .collect()
                })
                .unwrap_or_default();
            let reported = plan.map_or(0, |p| {
                due.iter()
                    .filter(|i| p.reports.iter().any(|r| r.milestone_index == **i))
                    .count()
            });
            MenteeEvidence {
                attendance: m.clone(),
                milestones_due: due.len(),
                milestones_reported: reported,
            }
        })
        .collect();
    let disputed = acts
        .iter()
        .filter(|x| {
            x.attendance
                .iter()
                .any(|t| t.status == crate::domain::activity::AttendanceStatus::Disputed)
        })
        .count();
    let plans_approved = rules::plans_approved(&mentees);
    let attendance_rate = if mentees.is_empty() {
        0.0
    } else {
        let sum: f64 = mentees.iter().map(|m| m.attendance.attendance_rate).sum();
        (sum / mentees.len() as f64 * 100.0).round() / 100.0
    };
    Ok(Evidence {
        contract_id: Some(contract),
        from: a.period_from,
        to: a.period_to,
        activities: acts.len(),
        hours: (acts.iter().map(|x| x.hours).sum::<f64>() * 100.0).round() / 100.0,
        disputed_activities: disputed,
        indicators_met: rules::indicators_met(&progress.indicators),
        suggested_grade: rules::suggest(
            &progress.indicators,
            mentees.len(),
            plans_approved,
            thresholds,
        ),
        indicators: progress.indicators,
        mentees,
        attendance_rate,
        plans_approved,
    })
}

/// An assessment with its evidence and objections.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentDetail {
    #[serde(flatten)]
    pub assessment: Assessment,
    /// Live before submission; as submitted afterwards.
    pub evidence: Evidence,
    pub objections: Vec<Objection>,
}

fn detail(
    c: &mut AnyConnection,
    a: Assessment,
    thresholds: Thresholds,
) -> Result<AssessmentDetail, AppError> {
    let evidence = match (&a.evidence_snapshot, a.status) {
        (Some(e), AssessmentStatus::Submitted | AssessmentStatus::Confirmed) => e.clone(),
        _ => evidence(c, &a, thresholds)?,
    };
    let objections = objections::of_assessment(c, a.id)?;
    Ok(AssessmentDetail {
        assessment: a,
        evidence,
        objections,
    })
}

pub async fn get(
    state: &AppState,
    caller: &Caller,
    id: AssessmentId,
) -> Result<AssessmentDetail, AppError> {
    let viewer = viewer(caller);
    let thresholds = state.settings.policy.thresholds();
    state
        .db
        .run(move |c| {
            let a = assessments::find(c, id, viewer)?;
            detail(c, a, thresholds)
        })
        .await
}

/// A round's assessments the caller may see.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    round: AssessmentRoundId,
    filter: AssessmentFilter,
    page: PageRequest,
) -> Result<Page<Assessment>, AppError> {
    let viewer = viewer(caller);
    state
        .db
        .run(move |c| {
            assessments::find_round(c, round)?;
            assessments::list(c, round, &filter, viewer, page)
        })
        .await
}

/// The caller's own confirmed assessments.
pub async fn mine(state: &AppState, caller: &Caller) -> Result<Vec<Assessment>, AppError> {
    let me = caller.id;
    state.db.run(move |c| assessments::of_mentor(c, me)).await
}

/// The assessment for its unit admin to write: own unit only, in the round's window, not yet
/// handed in.
fn writable(
    c: &mut AnyConnection,
    caller: &Caller,
    id: AssessmentId,
    today: NaiveDate,
) -> Result<(Assessment, AssessmentRound), AppError> {
    let Some(unit) = caller.unit_id.filter(|_| caller.has(Role::UnitAdmin)) else {
        return Err(AppError::NotFound);
    };
    let a = assessments::find(c, id, Viewer::Unit(unit))?;
    let round = assessments::find_round(c, a.round_id)?;
    if today < round.opens_on {
        return Err(AppError::conflict_field(
            "opens_on",
            "window_not_open",
            "考核尚未开始",
            "the assessment window has not opened yet",
        ));
    }
    if !matches!(
        a.status,
        AssessmentStatus::Draft | AssessmentStatus::Returned
    ) {
        return Err(wrong_status(
            "考核已提交，不能再修改",
            "the assessment has been submitted; it can no longer change",
        ));
    }
    Ok((a, round))
}

/// The unit admin writes the grade and the comments.
pub async fn write_grade(
    state: &AppState,
    caller: Caller,
    id: AssessmentId,
    req: GradeRequest,
) -> Result<AssessmentDetail, AppError> {
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    let thresholds = state.settings.policy.thresholds();
    state
        .db
        .write(move |c| {
            let (a, _) = writable(c, &caller, id, today)?;
            let indicator_ids: Vec<IndicatorId> = match a.contract_id {
                Some(k) => contracts::find(c, k, contracts::Viewer::City)?
                    .indicators
                    .iter()
                    .map(|i| i.id)
                    .collect(),
                None => vec![],
            };
            let input = req.parse(&indicator_ids)?;
            assessments::write_grade(
                c,
                id,
                input.grade,
                input.overall_comment,
                input.indicator_comments.as_deref(),
                now,
            )?;
            let after = assessments::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "assessment.grade",
                &after,
                json!({ "grade": after.grade }),
                now,
            )?;
            detail(c, after, thresholds)
        })
        .await
}

/// The comment a grade needs before it is handed in: one when the grade differs from the
/// suggestion or is unqualified (the reasons the mentor is told). `submit` applies it, and a page
/// may ask it before it stores a grade.
pub fn comment_rule(grade: Grade, suggested: Grade, comment: Option<&str>) -> Result<(), AppError> {
    let commented = comment.is_some_and(|s| !s.trim().is_empty());
    if !commented && grade != suggested {
        return Err(AppError::invalid_field(
            "overall_comment",
            "required_when_differs",
            "评定等次与系统建议不同，请填写总体评价说明理由",
            "the grade differs from the suggestion; explain it in the overall comment",
        ));
    }
    if !commented && grade == Grade::Unqualified {
        return Err(AppError::invalid_field(
            "overall_comment",
            "required",
            "评定为不合格时须填写理由",
            "an unqualified grade needs the reasons",
        ));
    }
    Ok(())
}

/// The unit admin hands the assessment in: a grade is needed, and a comment when the grade
/// differs from the suggestion or is unqualified (the reasons the mentor is told). A follow-up
/// waits for the end of the rectification period.
pub async fn submit(
    state: &AppState,
    caller: Caller,
    id: AssessmentId,
) -> Result<AssessmentDetail, AppError> {
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    let thresholds = state.settings.policy.thresholds();
    state
        .db
        .write(move |c| {
            let (a, _) = writable(c, &caller, id, today)?;
            if a.kind == AssessmentKind::FollowUp && today < a.period_to {
                return Err(AppError::conflict_field(
                    "period_to",
                    "rectification_not_over",
                    "整改期尚未结束",
                    "the rectification period is not over yet",
                ));
            }
            let ev = evidence(c, &a, thresholds)?;
            let Some(grade) = a.grade else {
                return Err(AppError::invalid_field(
                    "grade",
                    "required",
                    "请评定等次",
                    "give a grade",
                ));
            };
            comment_rule(grade, ev.suggested_grade, a.overall_comment.as_deref())?;
            if !assessments::submit(c, id, &ev, caller.id, now)? {
                return Err(wrong_status(
                    "考核已提交，不能再修改",
                    "the assessment has been submitted; it can no longer change",
                ));
            }
            let after = assessments::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "assessment.submit",
                &after,
                json!({ "grade": grade, "suggested_grade": ev.suggested_grade }),
                now,
            )?;
            detail(c, after, thresholds)
        })
        .await
}

fn not_submitted() -> AppError {
    wrong_status(
        "只有已提交的考核可以确认或退回",
        "only a submitted assessment is confirmed or returned",
    )
}

/// The submitted assessment for the city admin to act on.
fn submitted(c: &mut AnyConnection, id: AssessmentId) -> Result<Assessment, AppError> {
    let a = assessments::find(c, id, Viewer::City)?;
    if a.status != AssessmentStatus::Submitted {
        return Err(not_submitted());
    }
    Ok(a)
}

/// The city admin confirms: the period's activities are locked, and an unqualified grade tells
/// the mentor, with the reasons and the objection deadline.
pub async fn confirm(
    state: &AppState,
    caller: Caller,
    id: AssessmentId,
) -> Result<AssessmentDetail, AppError> {
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    let thresholds = state.settings.policy.thresholds();
    let domain = state.mailer.domain().to_owned();
    let out = state
        .db
        .write(move |c| {
            let a = submitted(c, id)?;
            let round = assessments::find_round(c, a.round_id)?;
            let unqualified = a.grade == Some(Grade::Unqualified);
            let deadline = unqualified
                .then(|| rules::objection_deadline(today, round.objection_days.max(0) as u32));
            if !assessments::confirm(c, id, caller.id, deadline, now)? {
                return Err(not_submitted());
            }
            let locked = match a.contract_id {
                Some(k) => assessments::lock_activities(c, k, a.period_from, a.period_to, now)?,
                None => 0,
            };
            let after = assessments::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "assessment.confirm",
                &after,
                json!({ "grade": after.grade, "activities_locked": locked }),
                now,
            )?;
            if let Some(deadline) = deadline {
                let mentor = users::find(c, a.mentor_user_id, crate::domain::scope::Scope::City)?;
                let rectification = a.kind == AssessmentKind::Annual
                    && round.consequence
                        == crate::domain::policy::UnqualifiedConsequence::RectifyThenRevoke;
                enqueue(
                    c,
                    now,
                    &domain,
                    &Recipient::from(&mentor),
                    &Email::AssessmentUnqualified(AssessmentUnqualified {
                        name: mentor.name.clone(),
                        year: after.year,
                        assessment_id: id,
                        reasons: after.overall_comment.clone().unwrap_or_default(),
                        objection_deadline: deadline,
                        rectification,
                    }),
                    &format!("assessment:{id}:confirmation:{}", after.confirmations),
                )?;
            }
            detail(c, after, thresholds)
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(out)
}

/// Tells the unit's admins an assessment came back to them.
pub(crate) fn returned_emails(
    c: &mut AnyConnection,
    a: &Assessment,
    reason: &str,
    objection_upheld: bool,
    now: NaiveDateTime,
    domain: &str,
) -> Result<(), AppError> {
    for admin in users::unit_admins(c, a.unit_id)? {
        enqueue(
            c,
            now,
            domain,
            &Recipient::from(&admin),
            &Email::AssessmentReturned(AssessmentReturned {
                name: admin.name.clone(),
                mentor_name: a.mentor_name.clone(),
                year: a.year,
                assessment_id: a.id,
                reason: reason.to_owned(),
                objection_upheld,
            }),
            &format!("assessment:{}:returned:{}", a.id, a.updated_at.timestamp()),
        )?;
    }
    Ok(())
}

/// The city admin returns a submitted assessment to the unit with a reason.
pub async fn return_assessment(
    state: &AppState,
    caller: Caller,
    id: AssessmentId,
    reason: &str,
) -> Result<AssessmentDetail, AppError> {
    let reason = crate::domain::text::required(reason, 2000).map_err(|e| {
        let mut p = crate::error::Problems::new();
        p.add("reason", e.code, e.message);
        p.finish().unwrap_err()
    })?;
    let now = state.clock.now_naive();
    let thresholds = state.settings.policy.thresholds();
    let domain = state.mailer.domain().to_owned();
    let out = state
        .db
        .write(move |c| {
            submitted(c, id)?;
            if !assessments::send_back(c, id, AssessmentStatus::Submitted, &reason, now)? {
                return Err(not_submitted());
            }
            let after = assessments::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "assessment.return",
                &after,
                json!({ "reason": reason }),
                now,
            )?;
            returned_emails(c, &after, &reason, false, now, &domain)?;
            detail(c, after, thresholds)
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(out)
}
