//! Training plans: each mentee of an active contract writes one; the mentor approves it or returns
//! it with comments; every submitted version is kept; the mentee reports progress against its
//! milestones. A mentee sees their own plan only; the mentor and the admins see them all.

use chrono::Datelike;
use serde_json::json;

use crate::auth::caller::Caller;
use crate::db::AnyConnection;
use crate::db::contracts::{self, Contract};
use crate::db::plans::{self, Plan, Reviewer};
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{ContractId, PlanId};
use crate::domain::plan::{
    MilestoneReportRequest, PlanContent, PlanDecision, PlanReviewRequest, PlanStatus,
};
use crate::domain::role::Role;
use crate::error::{AppError, Problems};
use crate::services::audit_trail::{Subject, record};
use crate::services::contracts::viewer;
use crate::services::refusals::wrong_status;
use crate::state::AppState;

/// The plan and its contract, if the caller may see this plan (a mentee: only their own).
fn visible_plan(
    c: &mut AnyConnection,
    caller: &Caller,
    id: PlanId,
) -> Result<(Plan, Contract), AppError> {
    let plan = plans::find(c, id)?;
    let k = contracts::find(c, plan.contract_id, viewer(caller))?;
    let privileged = caller.id == k.mentor_user_id
        || caller.admin_scope() != crate::domain::scope::Scope::Nothing;
    if !privileged && plan.mentee_id != caller.id {
        return Err(AppError::NotFound);
    }
    Ok((plan, k))
}

/// The caller, a current mentee of the active contract, writes or edits their plan.
pub async fn write_plan(
    state: &AppState,
    caller: Caller,
    contract: ContractId,
    content: PlanContent,
) -> Result<Plan, AppError> {
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let k = contracts::find(c, contract, viewer(&caller))?;
            if !k.mentees.iter().any(|m| m.user_id == caller.id) {
                return Err(AppError::forbidden(
                    "forbidden",
                    "只有本联系书的培带对象可以填写培养计划",
                    "only the contract's mentees write plans",
                ));
            }
            if k.status != ContractStatus::Active {
                return Err(AppError::conflict_field(
                    "status",
                    "contract_not_active",
                    "联系书尚未生效",
                    "the contract is not active",
                ));
            }
            if let Some(existing) = plans::find_for(c, contract, caller.id)?
                && !matches!(existing.status, PlanStatus::Draft | PlanStatus::Returned)
            {
                return Err(wrong_status(
                    "只有草稿或退回的计划可以修改",
                    "only a draft or returned plan can change",
                ));
            }
            let content = content.check(k.start_date.year()..=k.end_date.year())?;
            let id = plans::write(c, contract, caller.id, &content, now)?;
            record(
                c,
                &caller,
                "plan.write",
                Subject::new("training_plan", id, Some(k.unit_id)),
                json!({}),
                now,
            )?;
            plans::find(c, id)
        })
        .await
}

pub async fn submit(state: &AppState, caller: Caller, id: PlanId) -> Result<Plan, AppError> {
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let (plan, k) = visible_plan(c, &caller, id)?;
            if plan.mentee_id != caller.id {
                return Err(AppError::forbidden(
                    "forbidden",
                    "只有本人可以提交培养计划",
                    "only the mentee submits the plan",
                ));
            }
            if !matches!(plan.status, PlanStatus::Draft | PlanStatus::Returned) {
                return Err(wrong_status(
                    "计划已提交或已通过",
                    "the plan is already submitted or approved",
                ));
            }
            plans::submit(c, &plan, now)?;
            record(
                c,
                &caller,
                "plan.submit",
                Subject::new("training_plan", id, Some(k.unit_id)),
                json!({ "version": plan.version + 1 }),
                now,
            )?;
            plans::find(c, id)
        })
        .await
}

/// The contract's mentor approves a submitted plan or returns it with comments.
pub async fn review(
    state: &AppState,
    caller: Caller,
    id: PlanId,
    req: PlanReviewRequest,
) -> Result<Plan, AppError> {
    let mut p = Problems::new();
    let comment = p.take(
        "comment",
        crate::domain::text::optional(req.comment.as_deref(), 2000),
    );
    if req.decision == PlanDecision::Returned && comment.as_ref().is_some_and(|c| c.is_none()) {
        p.add(
            "comment",
            "required",
            crate::i18n::Msg::new("退回时请填写意见", "say why the plan is returned"),
        );
    }
    p.finish()?;
    let comment = comment.flatten();
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let (plan, k) = visible_plan(c, &caller, id)?;
            if caller.id != k.mentor_user_id || !caller.has(Role::Mentor) {
                return Err(AppError::forbidden(
                    "forbidden",
                    "只有培带人可以审核培养计划",
                    "only the mentor reviews plans",
                ));
            }
            if plan.status != PlanStatus::Submitted {
                return Err(wrong_status(
                    "计划不在待审核状态",
                    "the plan is not waiting for review",
                ));
            }
            let status = match req.decision {
                PlanDecision::Approved => PlanStatus::Approved,
                PlanDecision::Returned => PlanStatus::Returned,
            };
            plans::review(c, id, status, comment.as_deref(), now)?;
            record(
                c,
                &caller,
                "plan.review",
                Subject::new("training_plan", id, Some(k.unit_id)),
                json!({ "decision": req.decision }),
                now,
            )?;
            plans::find(c, id)
        })
        .await
}

/// The mentee reports progress against a milestone of their approved plan.
pub async fn report(
    state: &AppState,
    caller: Caller,
    id: PlanId,
    req: MilestoneReportRequest,
) -> Result<Plan, AppError> {
    let mut p = Problems::new();
    let note = p.take("note", crate::domain::text::required(&req.note, 2000));
    p.finish()?;
    let note = note.expect("checked");
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let (plan, k) = visible_plan(c, &caller, id)?;
            if plan.mentee_id != caller.id {
                return Err(AppError::forbidden(
                    "forbidden",
                    "只有本人可以报告进展",
                    "only the mentee reports progress",
                ));
            }
            if plan.status != PlanStatus::Approved {
                return Err(wrong_status(
                    "计划通过后才能报告进展",
                    "progress is reported on an approved plan",
                ));
            }
            if req.milestone_index < 0
                || req.milestone_index as usize >= plan.content.milestones.len()
            {
                return Err(AppError::invalid_field(
                    "milestone_index",
                    "not_found",
                    "没有这个年度目标",
                    "no such milestone",
                ));
            }
            plans::add_report(c, id, req.milestone_index, &note, now)?;
            record(
                c,
                &caller,
                "plan.report",
                Subject::new("training_plan", id, Some(k.unit_id)),
                json!({ "milestone_index": req.milestone_index }),
                now,
            )?;
            plans::find(c, id)
        })
        .await
}

pub async fn get(state: &AppState, caller: Caller, id: PlanId) -> Result<Plan, AppError> {
    state
        .db
        .run(move |c| visible_plan(c, &caller, id).map(|(p, _)| p))
        .await
}

/// The plans of a contract: all for its mentor and the admins, one's own for a mentee.
pub async fn of_contract(
    state: &AppState,
    caller: Caller,
    contract: ContractId,
) -> Result<Vec<Plan>, AppError> {
    state
        .db
        .run(move |c| {
            let k = contracts::find(c, contract, viewer(&caller))?;
            let all = plans::of_contract(c, k.id)?;
            let privileged = caller.id == k.mentor_user_id
                || caller.admin_scope() != crate::domain::scope::Scope::Nothing;
            Ok(all
                .into_iter()
                .filter(|p| privileged || p.mentee_id == caller.id)
                .collect())
        })
        .await
}

/// Plans waiting for review: a mentor's own, a unit's, or all.
pub async fn awaiting_review(state: &AppState, caller: Caller) -> Result<Vec<Plan>, AppError> {
    let who = if caller.is_city_admin() {
        Reviewer::City
    } else if let (true, Some(u)) = (caller.has(Role::UnitAdmin), caller.unit_id) {
        Reviewer::Unit(u)
    } else {
        Reviewer::Mentor(caller.id)
    };
    state.db.run(move |c| plans::awaiting_review(c, who)).await
}
