//! A mentor's objection (异议) to a confirmed unqualified grade: one per confirmation, filed
//! until the last day of the window (in the city's time zone), with files; the city admin
//! upholds it (the assessment goes back to the unit for a new grade) or rejects it.

use chrono::NaiveDate;
use serde_json::json;

use crate::auth::caller::Caller;
use crate::db::assessments::{self, Assessment, Viewer};
use crate::db::objections::{self, Objection};
use crate::db::{AnyConnection, is_unique_violation, users};
use crate::domain::assessment::{
    AssessmentStatus, Grade, ObjectionDecision, ObjectionDecisionRequest, ObjectionRequest,
    ObjectionStatus,
};
use crate::domain::ids::{AssessmentId, AssessmentObjectionId};
use crate::domain::scope::Scope;
use crate::email::catalogue::{Email, ObjectionDecided};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::{AppError, Problems};
use crate::services::assessments::{returned_emails, viewer};
use crate::services::audit_trail::record;
use crate::services::refusals::wrong_status;
use crate::state::AppState;

fn text(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let mut p = Problems::new();
    let v = p.take(field, crate::domain::text::required(raw, max));
    p.finish()?;
    Ok(v.expect("checked"))
}

/// Checks that the caller's own assessment can take an objection today.
fn objectable(
    c: &mut AnyConnection,
    caller: &Caller,
    id: AssessmentId,
    today: NaiveDate,
) -> Result<(Assessment, NaiveDate), AppError> {
    let a = assessments::find(c, id, Viewer::Mentor(caller.id))?;
    let deadline = match (a.status, a.grade, a.consequence, a.objection_deadline) {
        (AssessmentStatus::Confirmed, Some(Grade::Unqualified), None, Some(d)) => d,
        _ => {
            return Err(AppError::conflict_field(
                "status",
                "not_objectable",
                "只能对已确认的不合格等次提出异议",
                "objections are filed against a confirmed unqualified grade",
            ));
        }
    };
    if today > deadline {
        return Err(AppError::conflict_field(
            "objection_deadline",
            "objection_window_closed",
            "异议期已过",
            "the objection window has closed",
        ));
    }
    Ok((a, deadline))
}

/// The mentor files their one objection to the current confirmation.
pub async fn file_objection(
    state: &AppState,
    caller: Caller,
    assessment: AssessmentId,
    req: ObjectionRequest,
) -> Result<Objection, AppError> {
    let content = text("content", &req.content, 5000)?;
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    state
        .db
        .write(move |c| {
            let (a, deadline) = objectable(c, &caller, assessment, today)?;
            let id = objections::insert(c, a.id, a.confirmations, caller.id, &content, now)
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        AppError::conflict_field(
                            "assessment_id",
                            "already_objected",
                            "已经提出过异议",
                            "an objection to this grade was filed already",
                        )
                    } else {
                        e.into()
                    }
                })?;
            record(
                c,
                &caller,
                "assessment.objection_file",
                &a,
                json!({ "objection_id": id, "objection_deadline": deadline }),
                now,
            )?;
            objections::find(c, id)
        })
        .await
}

/// The objection with its assessment, if the caller may see the assessment.
pub(crate) fn visible(
    c: &mut AnyConnection,
    caller: &Caller,
    id: AssessmentObjectionId,
) -> Result<(Objection, Assessment), AppError> {
    let o = objections::find(c, id)?;
    let a = assessments::find(c, o.assessment_id, viewer(caller))?;
    Ok((o, a))
}

/// Objections the caller may see: all for the city admin, the unit's for a unit admin.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    status: Option<ObjectionStatus>,
) -> Result<Vec<Objection>, AppError> {
    let unit = if caller.is_city_admin() {
        None
    } else {
        Some(caller.unit_id.ok_or(AppError::NotFound)?)
    };
    state
        .db
        .run(move |c| objections::list(c, status, unit))
        .await
}

/// The city admin decides a pending objection and the mentor is told; upheld sends the
/// assessment back to the unit for a new grade.
pub async fn decide(
    state: &AppState,
    caller: Caller,
    id: AssessmentObjectionId,
    req: ObjectionDecisionRequest,
) -> Result<Objection, AppError> {
    let reason = text("reason", &req.reason, 2000)?;
    let now = state.clock.now_naive();
    let domain = state.mailer.domain().to_owned();
    let out = state
        .db
        .write(move |c| {
            let (o, a) = visible(c, &caller, id)?;
            let status = match req.outcome {
                ObjectionDecision::Upheld => ObjectionStatus::Upheld,
                ObjectionDecision::Rejected => ObjectionStatus::Rejected,
            };
            if !objections::decide(c, id, status, &reason, caller.id, now)? {
                return Err(wrong_status(
                    "该异议已经处理",
                    "the objection has been decided already",
                ));
            }
            let upheld = status == ObjectionStatus::Upheld;
            if upheld
                && !assessments::send_back(c, a.id, AssessmentStatus::Confirmed, &reason, now)?
            {
                return Err(AppError::conflict_field(
                    "status",
                    "consequence_carried_out",
                    "该考核结果已执行，异议不能再成立",
                    "the grade has been acted on already; the objection can no longer be upheld",
                ));
            }
            let after = assessments::find(c, a.id, Viewer::City)?;
            record(
                c,
                &caller,
                "assessment.objection_decide",
                &after,
                json!({ "objection_id": id, "outcome": req.outcome, "reason": reason }),
                now,
            )?;
            if upheld {
                returned_emails(c, &after, &reason, true, now, &domain)?;
            }
            let mentor = users::find(c, o.mentor_user_id, Scope::City)?;
            enqueue(
                c,
                now,
                &domain,
                &Recipient::from(&mentor),
                &Email::ObjectionDecided(ObjectionDecided {
                    name: mentor.name.clone(),
                    year: after.year,
                    upheld,
                    reason: reason.clone(),
                }),
                &format!("objection:{id}"),
            )?;
            objections::find(c, id)
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(out)
}
