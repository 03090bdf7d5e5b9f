//! `/unit/plans`: the training plans of the unit's mentees (filters: status, overdue; sorted and
//! paged by the database), and a
//! plan's page read-only: the mentor reviews it on their own pages. A plan is overdue when its
//! contract has been active longer than the policy's days for a first plan
//! (`plan_reminder_after_days`, the same days the reminder job waits) and it is still a draft or
//! back for changes.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::db::contracts::Contract;
use crate::db::plans::{Plan, PlanFilter, PlanSort};
use crate::domain::choice::Choice;
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{ContractId, PlanId};
use crate::domain::plan::PlanStatus;
use crate::domain::role::Role;
use crate::services::{office_views, plans};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::{given, say};
use crate::web::page::Frame;
use crate::web::paging::{PageParam, pager_of, request};
use crate::web::people::office::{choices, words};
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, choose};

/// The list's filters, as text.
#[derive(Debug, Default, Deserialize)]
pub struct PlansQuery {
    pub status: Option<String>,
    pub overdue: Option<String>,
    pub sort: Option<String>,
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

/// The sorts of the plans list.
const SORTS: &[SortOption<PlanSort>] = &[
    SortOption {
        code: "newest",
        label: "sort.newest",
        sort: PlanSort::Newest,
    },
    SortOption {
        code: "mentee",
        label: "sort.mentee",
        sort: PlanSort::Mentee,
    },
    SortOption {
        code: "submitted",
        label: "sort.submitted",
        sort: PlanSort::Submitted,
    },
    SortOption {
        code: "status",
        label: "sort.status",
        sort: PlanSort::Status,
    },
];

/// `GET /unit/plans`.
pub async fn get_unit_plans(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<PlansQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let status = given(&query.status).and_then(PlanStatus::from_code);
    let overdue_only = given(&query.overdue).is_some();
    let (sort, sorting) = choose(SORTS, query.sort.as_deref());
    let days = i64::from(state.settings.policy.plan_reminder_after_days);
    let today = state.clock.today();
    // Active since before the start of the day `days` ago: more than `days` days by now.
    let cutoff = (today - chrono::Duration::days(days))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let filter = PlanFilter {
        status,
        overdue_before: overdue_only.then_some(cutoff),
    };
    let asked = PageParam {
        page: query.page.clone(),
    };
    let (page, mentors) =
        office_views::plan_page(&state, &session.caller, filter, sort, request(&asked)).await?;
    let active = ContractStatus::Active.as_str();
    let rows: Vec<Row> = page
        .items
        .iter()
        .map(|p| {
            let late = p.contract_status == active
                && p.activated_at.is_some_and(|a| a < cutoff)
                && p.status
                    .is_none_or(|s| matches!(s, PlanStatus::Draft | PlanStatus::Returned));
            Row {
                id: p.plan_id,
                contract_id: p.contract_id,
                mentee: p.mentee_name.clone(),
                mentor: mentors.get(&p.mentor_id).cloned().unwrap_or_default(),
                status: p.status.map_or("none", |s| s.as_str()),
                status_words: p
                    .status
                    .map_or_else(|| say("mentoring.plans.not_started"), words),
                version: p.version.unwrap_or(0),
                submitted_at: p.submitted_at.map(|d| d.to_string()),
                overdue: late,
            }
        })
        .collect();
    let pairs = [
        ("status", status.map(|s| s.code().to_owned())),
        ("overdue", overdue_only.then(|| "1".to_owned())),
    ];
    let filtered = pairs.iter().any(|(_, v)| v.is_some());
    let list_href = sorting::href("/unit/plans", &pairs, &sorting);
    let pager = pager_of(page.page, page.per_page, page.total, &list_href);
    Frame::signed_in(&state, &req, &session, Some(Role::UnitAdmin)).render(
        &state,
        StatusCode::OK,
        "mentoring/plans.html",
        context! {
            rows => Serde(rows),
            pager => Serde(pager),
            filtered => filtered,
            days => state.settings.policy.plan_reminder_after_days,
            sorting => Serde(sorting),
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
