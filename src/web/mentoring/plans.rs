//! `/unit/plans`: the training plans of the unit's mentees (filters: status, overdue), and a
//! plan's page read-only: the mentor reviews it on their own pages. A plan is overdue when its
//! contract has been active longer than the policy's days for a first plan
//! (`plan_reminder_after_days`, the same days the reminder job waits) and it is still a draft or
//! back for changes.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::contracts::given;
use crate::db::contracts::Contract;
use crate::db::plans::Plan;
use crate::domain::choice::Choice;
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{ContractId, PlanId};
use crate::domain::plan::PlanStatus;
use crate::domain::role::Role;
use crate::services::{office_views, plans};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::people::office::{choices, words};
use crate::web::session::SignedIn;

/// The list's filters, as text.
#[derive(Debug, Default, Deserialize)]
pub struct PlansQuery {
    pub status: Option<String>,
    pub overdue: Option<String>,
    pub page: Option<String>,
}

#[derive(Serialize)]
struct Row {
    /// `None` for a mentee who has not started a plan at all.
    id: Option<PlanId>,
    contract_id: ContractId,
    mentee: String,
    mentor: String,
    status: &'static str,
    status_words: String,
    version: i32,
    submitted_at: Option<String>,
    overdue: bool,
}

/// True when the plan should have been handed in by now.
fn overdue(state: &AppState, k: &Contract, p: &Plan) -> bool {
    let days = i64::from(state.settings.policy.plan_reminder_after_days);
    let Some(active_since) = k.activated_at else {
        return false;
    };
    k.status == ContractStatus::Active
        && matches!(p.status, PlanStatus::Draft | PlanStatus::Returned)
        && (state.clock.today() - active_since.date_naive()).num_days() > days
}

/// `GET /unit/plans`.
pub async fn get_unit_plans(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<PlansQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let contracts = office_views::all_contracts(&state, &session.caller, None).await?;
    let status = given(&query.status).and_then(PlanStatus::from_code);
    let overdue_only = given(&query.overdue).is_some();
    let all = office_views::plans_of_contracts(&state, &session.caller, &contracts).await?;
    // A current mentee of an active contract who has not started a plan is listed too: the
    // most overdue of all once the days have passed.
    let days = i64::from(state.settings.policy.plan_reminder_after_days);
    let today = state.clock.today();
    let mut missing: Vec<Row> = Vec::new();
    for k in contracts
        .iter()
        .filter(|k| k.status == ContractStatus::Active)
    {
        for m in &k.mentees {
            if all
                .iter()
                .any(|(pk, p)| pk.id == k.id && p.mentee_id == m.user_id)
            {
                continue;
            }
            let late = k
                .activated_at
                .is_some_and(|a| (today - a.date_naive()).num_days() > days);
            missing.push(Row {
                id: None,
                contract_id: k.id,
                mentee: m.name.clone(),
                mentor: k.mentor_name.clone(),
                status: "none",
                status_words: say("mentoring.plans.not_started"),
                version: 0,
                submitted_at: None,
                overdue: late,
            });
        }
    }
    let rows: Vec<Row> = all
        .into_iter()
        .map(|(k, p)| Row {
            overdue: overdue(&state, &k, &p),
            id: Some(p.id),
            contract_id: k.id,
            mentee: p.mentee_name,
            mentor: k.mentor_name,
            status: p.status.as_str(),
            status_words: words(p.status),
            version: p.version,
            submitted_at: p.submitted_at.map(|d| d.naive_utc().to_string()),
        })
        .chain(missing)
        .filter(|r| status.is_none_or(|s| r.status == s.as_str()))
        .filter(|r| !overdue_only || r.overdue)
        .collect();
    let mut href = form_urlencoded::Serializer::new(String::new());
    if let Some(s) = status {
        href.append_pair("status", s.code());
    }
    if overdue_only {
        href.append_pair("overdue", "1");
    }
    let href = href.finish();
    let filtered = !href.is_empty();
    let list_href = if filtered {
        format!("/unit/plans?{href}")
    } else {
        "/unit/plans".to_owned()
    };
    let (rows, pager) = paginate(
        rows,
        &PageParam {
            page: query.page.clone(),
        },
        &list_href,
    );
    Frame::signed_in(&state, &req, &session, Some(Role::UnitAdmin)).render(
        &state,
        StatusCode::OK,
        "mentoring/plans.html",
        context! {
            rows => Serde(rows),
            pager => Serde(pager),
            filtered => filtered,
            days => state.settings.policy.plan_reminder_after_days,
            f => context! {
                status => status.map(|s| s.code()).unwrap_or(""),
                overdue => overdue_only,
            },
            status_opts => Serde(choices::<PlanStatus>(Some(say("mentoring.filter.all_statuses")))),
        },
    )
}

/// `GET /unit/plans/{id}`: one plan of the unit, read-only.
pub async fn get_unit_plan(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<PlanId>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let p = plans::get(&state, session.caller.clone(), id.into_inner()).await?;
    let k = office_views::contract(&state, &session.caller, p.contract_id).await?;
    Frame::signed_in(&state, &req, &session, Some(Role::UnitAdmin)).render(
        &state,
        StatusCode::OK,
        "mentoring/plan.html",
        context! {
            mentee => p.mentee_name.clone(),
            mentor => k.mentor_name.clone(),
            contract_id => k.id.0,
            status => p.status.as_str(),
            status_words => words(p.status),
            overdue => overdue(&state, &k, &p),
            version => p.version,
            content => Serde(&p.content),
            review_comment => p.review_comment.clone(),
            submitted_at => p.submitted_at.map(|d| d.naive_utc().to_string()),
            reviewed_at => p.reviewed_at.map(|d| d.naive_utc().to_string()),
            reports => Serde(&p.reports),
        },
    )
}
