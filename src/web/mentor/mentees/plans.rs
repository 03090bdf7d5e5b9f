//! `/mentor/plans`: the training plans of the mentor's mentees, those waiting for review first;
//! `/mentor/plans/{id}`: one plan with its versions, what changed since the version the mentor
//! last reviewed, the mentee's progress reports, and the review (approve, or return with a
//! comment). The reads and the review are `services::plans`, as the API's.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use chrono::{DateTime, Utc};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::plan_diff::{Change, changes};
use crate::db::contracts::Contract;
use crate::db::plans::{Plan, PlanVersion};
use crate::domain::contract::ContractStatus;
use crate::domain::ids::PlanId;
use crate::domain::plan::{PlanContent, PlanDecision, PlanReviewRequest, PlanStatus};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::{contract_drafting, plans};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, say};
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;

/// The notices the plan page shows after a review (`?done=…`).
const NOTICES: &[&str] = &["approved", "returned"];

/// Contracts that can hold plans (plans are written once a contract is active).
fn with_plans(k: &Contract) -> bool {
    !matches!(
        k.status,
        ContractStatus::Draft | ContractStatus::PendingSignatures
    )
}

/// One plan in the list.
#[derive(Serialize)]
struct PlanRow {
    id: PlanId,
    mentee_name: String,
    status: PlanStatus,
    version: i32,
    waiting: bool,
    last_change: Option<String>,
    /// The contract's cycle, to tell contracts apart when there were several.
    cycle_from: String,
    cycle_to: String,
}

fn last_change(p: &Plan) -> Option<DateTime<Utc>> {
    p.submitted_at.max(p.reviewed_at)
}

/// `GET /mentor/plans`.
pub async fn get_plans(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<PageParam>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let mine = contract_drafting::my_contracts(&state, session.caller.clone()).await?;
    let mut all: Vec<(Plan, &Contract)> = Vec::new();
    for k in mine.iter().filter(|k| with_plans(k)) {
        for p in plans::of_contract(&state, session.caller.clone(), k.id).await? {
            all.push((p, k));
        }
    }
    // Waiting for review first, the longest waiting at the top; then the latest changes.
    all.sort_by(|(a, _), (b, _)| {
        let (wa, wb) = (
            a.status == PlanStatus::Submitted,
            b.status == PlanStatus::Submitted,
        );
        wb.cmp(&wa).then_with(|| {
            if wa {
                a.submitted_at.cmp(&b.submitted_at)
            } else {
                last_change(b).cmp(&last_change(a))
            }
        })
    });
    let waiting = all
        .iter()
        .filter(|(p, _)| p.status == PlanStatus::Submitted)
        .count();
    let has_active = mine.iter().any(|k| k.status == ContractStatus::Active);
    let rows: Vec<PlanRow> = all
        .into_iter()
        .map(|(p, k)| PlanRow {
            id: p.id,
            waiting: p.status == PlanStatus::Submitted,
            last_change: last_change(&p).map(|t| t.to_rfc3339()),
            mentee_name: p.mentee_name,
            status: p.status,
            version: p.version,
            cycle_from: k.start_date.to_string(),
            cycle_to: k.end_date.to_string(),
        })
        .collect();
    let (rows, pager) = paginate(rows, &query, "/mentor/plans");
    Frame::signed_in(&state, &req, &session, Some(Role::Mentor)).render(
        &state,
        StatusCode::OK,
        "mentor/mentees/plans.html",
        context! {
            rows => Serde(rows),
            pager => Serde(pager),
            waiting => waiting,
            has_active => has_active,
        },
    )
}

/// A version as the page shows it.
#[derive(Serialize)]
struct VersionView {
    version: i32,
    submitted_at: String,
    content: PlanContent,
}

impl From<&PlanVersion> for VersionView {
    fn from(v: &PlanVersion) -> Self {
        Self {
            version: v.version,
            submitted_at: v.submitted_at.to_rfc3339(),
            content: v.content.clone(),
        }
    }
}

/// A progress report with the milestone it is about.
#[derive(Serialize)]
struct ReportView {
    milestone: String,
    note: String,
    reported_at: String,
}

/// What the review form shows again after a refusal.
#[derive(Default, Serialize)]
struct ReviewErrors {
    comment: Option<String>,
}

/// The review form's state: the comment typed, its reason, a line above, a notice.
#[derive(Default)]
struct ReviewShown {
    comment: String,
    errors: ReviewErrors,
    banner: Option<String>,
    done: Option<String>,
}

/// The plan, if it belongs to one of the caller's own contracts as mentor: a mentor who is
/// also an admin reviews only their own mentees' plans here.
async fn my_plan(state: &AppState, session: &SignedIn, id: PlanId) -> Result<Plan, PageError> {
    let plan = plans::get(state, session.caller.clone(), id).await?;
    let mine = contract_drafting::my_contracts(state, session.caller.clone()).await?;
    if !mine.iter().any(|k| k.id == plan.contract_id) {
        return Err(AppError::NotFound.into());
    }
    Ok(plan)
}

/// The version the mentor last reviewed, when a newer one waits for review. A review answers
/// the latest version and the mentee can hand in only one more before the next review, so a plan
/// waiting for review that was reviewed before was last seen one version back.
fn seen_version(p: &Plan) -> Option<&PlanVersion> {
    if p.status != PlanStatus::Submitted || p.reviewed_at.is_none() {
        return None;
    }
    p.versions.iter().rev().nth(1)
}

async fn plan_page(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    plan: Plan,
    status: StatusCode,
    shown: ReviewShown,
) -> Result<HttpResponse, PageError> {
    let ReviewShown {
        comment,
        errors,
        banner,
        done,
    } = shown;
    let latest = plan.versions.last();
    let content = latest.map_or_else(|| plan.content.clone(), |v| v.content.clone());
    let seen = seen_version(&plan);
    let diff: Vec<Change> = match (seen, latest) {
        (Some(s), Some(l)) if l.version > s.version => changes(&s.content, &l.content),
        _ => Vec::new(),
    };
    let reports: Vec<ReportView> = plan
        .reports
        .iter()
        .rev()
        .map(|r| ReportView {
            milestone: usize::try_from(r.milestone_index)
                .ok()
                .and_then(|i| content.milestones.get(i))
                .map(|m| format!("{} · {}", m.year, m.milestone))
                .unwrap_or_default(),
            note: r.note.clone(),
            reported_at: r.reported_at.to_rfc3339(),
        })
        .collect();
    let earlier: Vec<VersionView> = plan
        .versions
        .iter()
        .rev()
        .skip(1)
        .map(VersionView::from)
        .collect();
    let done = done
        .filter(|d| NOTICES.contains(&d.as_str()))
        .map(|d| format!("mentor.mentees.plan.done.{d}"));
    Frame::signed_in(state, req, session, Some(Role::Mentor)).render(
        state,
        status,
        "mentor/mentees/plan.html",
        context! {
            plan => Serde(&plan),
            content => Serde(&content),
            latest => Serde(latest.map(VersionView::from)),
            seen => seen.map(|s| s.version),
            diff => Serde(diff),
            reports => Serde(reports),
            earlier => Serde(earlier),
            reviewable => plan.status == PlanStatus::Submitted,
            comment => comment,
            errors => Serde(errors),
            banner => banner,
            done => done,
        },
    )
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// `GET /mentor/plans/{id}`.
pub async fn get_plan(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<PlanId>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let plan = my_plan(&state, &session, id.into_inner()).await?;
    let done = query.into_inner().done;
    let shown = ReviewShown {
        done,
        ..ReviewShown::default()
    };
    plan_page(&state, &req, &session, plan, StatusCode::OK, shown).await
}

/// The review form: which button was pressed, and the comment.
#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
}

/// `POST /mentor/plans/{id}/review`: approves, or returns with a comment.
pub async fn post_plan_review(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<PlanId>,
    form: CheckedForm<ReviewForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let id = id.into_inner();
    let form = form.0;
    let plan = my_plan(&state, &session, id).await?;
    let Ok(decision) = form.decision.parse::<PlanDecision>() else {
        return plan_page(
            &state,
            &req,
            &session,
            plan,
            StatusCode::UNPROCESSABLE_ENTITY,
            ReviewShown {
                comment: form.comment,
                banner: Some(say("mentor.mentees.plan.choose_decision")),
                ..ReviewShown::default()
            },
        )
        .await;
    };
    let request = PlanReviewRequest {
        decision,
        comment: Some(form.comment.clone()),
    };
    match plans::review(&state, session.caller.clone(), id, request).await {
        Ok(_) => Ok(see_other(&format!(
            "/mentor/plans/{id}?done={}",
            decision.as_str()
        ))),
        Err(err) => {
            let status = ResponseError::status_code(&err);
            let Some(mut reasons) = field_reasons(&err) else {
                return Err(err.into());
            };
            let errors = ReviewErrors {
                comment: reasons.remove("comment"),
            };
            let banner = reasons
                .into_values()
                .next()
                .or_else(|| Some(say("form.fix")));
            // The plan as it stands now (another tab may have reviewed it).
            let plan = my_plan(&state, &session, id).await?;
            plan_page(
                &state,
                &req,
                &session,
                plan,
                status,
                ReviewShown {
                    comment: form.comment,
                    errors,
                    banner,
                    done: None,
                },
            )
            .await
        }
    }
}
