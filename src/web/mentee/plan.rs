//! `/mentee/plan`: my training plan in the active contract — the form to write it (save a draft,
//! or submit it to the mentor), its status and the mentor's comment, progress reports on the
//! milestones of the approved plan, and the versions submitted before
//! (`/mentee/plan/versions/{n}`, read-only). Everything through `services::plans`.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::mine::{Mine, my_plan};
use super::plan_form::{PlanForm, input_of};
use super::refusal;
use crate::db::contracts::Contract;
use crate::db::plans::{MilestoneReport, Plan};
use crate::domain::plan::{MilestoneReportRequest, PlanContent, PlanStatus};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::plans;
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// `?done=saved|submitted|reported`.
#[derive(Deserialize)]
pub struct DoneQuery {
    pub done: Option<String>,
}

/// A milestone with the reports made against it.
#[derive(Serialize)]
struct MilestoneView<'a> {
    index: usize,
    year: i32,
    milestone: &'a str,
    evidence: &'a str,
    reports: Vec<&'a MilestoneReport>,
}

fn milestones<'a>(
    content: &'a PlanContent,
    reports: &'a [MilestoneReport],
) -> Vec<MilestoneView<'a>> {
    content
        .milestones
        .iter()
        .enumerate()
        .map(|(i, m)| MilestoneView {
            index: i,
            year: m.year,
            milestone: &m.milestone,
            evidence: &m.evidence,
            reports: reports
                .iter()
                .filter(|r| usize::try_from(r.milestone_index).ok() == Some(i))
                .collect(),
        })
        .collect()
}

/// The years of a contract's cycle.
fn years(k: &Contract) -> Vec<i32> {
    (k.start_date.year()..=k.end_date.year()).collect()
}

/// True when the mentee may still change the plan.
fn editable(plan: Option<&Plan>) -> bool {
    plan.is_none_or(|p| matches!(p.status, PlanStatus::Draft | PlanStatus::Returned))
}

/// What a re-rendered page keeps of a refused form.
#[derive(Default)]
struct Kept {
    /// The plan form as typed.
    form: Option<PlanForm>,
    /// A report's note as typed: `(milestone index, note)`.
    report: Option<(usize, String)>,
    errors: BTreeMap<String, String>,
    form_error: Option<String>,
}

async fn plan_page(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    status: StatusCode,
    notice: Option<&str>,
    kept: Kept,
) -> Result<HttpResponse, PageError> {
    let caller = &session.caller;
    let mine = Mine::load(state, caller).await?;
    let frame = Frame::signed_in(state, req, session, Some(Role::Mentee));
    let Some(k) = mine.plan_contract() else {
        return frame.render(
            state,
            status,
            "mentee/plan.html",
            context! {
                contract => false,
                waiting_for => mine.current().map(|k| k.status.as_str()),
                notice => None::<&str>,
                form_error => kept.form_error,
            },
        );
    };
    let plan = my_plan(state, caller, k).await?;
    let can_edit = editable(plan.as_ref());
    let years = years(k);
    let form = kept
        .form
        .or_else(|| plan.as_ref().map(|p| PlanForm::from_content(&p.content)))
        .unwrap_or_default()
        .with_blank_rows(&years);
    let year_options: Vec<_> = years
        .iter()
        .map(|y| context! { value => y.to_string(), label => y.to_string() })
        .collect();
    let notice = match notice {
        Some("saved") => Some("mentee.plan.saved"),
        Some("submitted") => Some("mentee.plan.submitted_notice"),
        Some("reported") => Some("mentee.plan.reported"),
        _ => None,
    };
    let views = plan
        .as_ref()
        .map(|p| milestones(&p.content, &p.reports))
        .unwrap_or_default();
    let mut versions: Vec<_> = plan
        .as_ref()
        .map(|p| p.versions.iter().collect())
        .unwrap_or_default();
    versions.reverse();
    frame.render(
        state,
        status,
        "mentee/plan.html",
        context! {
            contract => Serde(k),
            plan => Serde(plan.as_ref()),
            can_edit => can_edit,
            can_report => plan.as_ref().is_some_and(|p| p.status == PlanStatus::Approved),
            form => Serde(&form),
            year_options => year_options,
            milestones => Serde(views),
            versions => Serde(versions),
            errors => Serde(&kept.errors),
            report_index => kept.report.as_ref().map(|r| r.0),
            report_note => kept.report.as_ref().map(|r| r.1.clone()).unwrap_or_default(),
            notice => notice,
            form_error => kept.form_error,
        },
    )
}

/// `GET /mentee/plan`.
pub async fn get_plan(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentee)?;
    plan_page(
        &state,
        &req,
        &session,
        StatusCode::OK,
        query.done.as_deref(),
        Kept::default(),
    )
    .await
}

/// The contract the plan is written in: the active one, else the current one (the plan service
/// then says why it cannot be written yet); none at all is not found.
async fn contract_for_plan(state: &AppState, session: &SignedIn) -> Result<Contract, PageError> {
    let mine = Mine::load(state, &session.caller).await?;
    mine.plan_contract()
        .or_else(|| mine.current())
        .cloned()
        .ok_or(PageError::App(AppError::NotFound))
}

/// Saves the typed plan; on a refusal, the page to show again.
async fn save(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    fields: &[(String, String)],
) -> Result<Result<Plan, HttpResponse>, PageError> {
    let k = contract_for_plan(state, session).await?;
    let form = PlanForm::from_fields(fields);
    let (content, rows) = form.content();
    match plans::write_plan(state, session.caller.clone(), k.id, content).await {
        Ok(plan) => Ok(Ok(plan)),
        Err(err) => {
            let shown = refusal::show(err, |f| input_of(f, &rows))?;
            let page = plan_page(
                state,
                req,
                session,
                shown.status,
                None,
                Kept {
                    form: Some(form),
                    errors: shown.fields,
                    form_error: Some(shown.banner),
                    ..Kept::default()
                },
            )
            .await?;
            Ok(Err(page))
        }
    }
}

/// `POST /mentee/plan`: saves the plan as a draft.
pub async fn post_plan(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentee)?;
    Ok(match save(&state, &req, &session, &form.0).await? {
        Ok(_) => see_other("/mentee/plan?done=saved"),
        Err(page) => page,
    })
}

/// `POST /mentee/plan/submit`: saves what was typed, then hands the plan to the mentor.
pub async fn post_plan_submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentee)?;
    let plan = match save(&state, &req, &session, &form.0).await? {
        Ok(plan) => plan,
        Err(page) => return Ok(page),
    };
    match plans::submit(&state, session.caller.clone(), plan.id).await {
        Ok(_) => Ok(see_other("/mentee/plan?done=submitted")),
        Err(err) => {
            let shown = refusal::show(err, |_| None)?;
            plan_page(
                &state,
                &req,
                &session,
                shown.status,
                None,
                Kept {
                    form_error: Some(shown.banner),
                    ..Kept::default()
                },
            )
            .await
        }
    }
}

/// `POST /mentee/plan/reports`: `milestone_index` and its note `note_{index}`.
pub async fn post_plan_report(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentee)?;
    let value = |name: &str| {
        form.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let index: usize = value("milestone_index")
        .and_then(|v| v.trim().parse().ok())
        .ok_or(PageError::BadRequest)?;
    let note = value(&format!("note_{index}")).unwrap_or_default();
    let k = contract_for_plan(&state, &session).await?;
    let plan = my_plan(&state, &session.caller, &k)
        .await?
        .ok_or(PageError::App(AppError::NotFound))?;
    let req_body = MilestoneReportRequest {
        milestone_index: i32::try_from(index).map_err(|_| PageError::BadRequest)?,
        note: note.clone(),
    };
    match plans::report(&state, session.caller.clone(), plan.id, req_body).await {
        Ok(_) => Ok(see_other(&format!(
            "/mentee/plan?done=reported#milestone-{index}"
        ))),
        Err(err) => {
            let shown = refusal::show(err, |f| (f == "note").then(|| format!("note_{index}")))?;
            plan_page(
                &state,
                &req,
                &session,
                shown.status,
                None,
                Kept {
                    report: Some((index, note)),
                    errors: shown.fields,
                    form_error: Some(shown.banner),
                    ..Kept::default()
                },
            )
            .await
        }
    }
}

/// `GET /mentee/plan/versions/{n}`: a submitted version as it was, read-only.
pub async fn get_plan_version(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    version: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentee)?;
    let wanted: i32 = version
        .trim()
        .parse()
        .map_err(|_| PageError::App(AppError::NotFound))?;
    let mine = Mine::load(&state, &session.caller).await?;
    let k = mine
        .plan_contract()
        .ok_or(PageError::App(AppError::NotFound))?;
    let plan = my_plan(&state, &session.caller, k)
        .await?
        .ok_or(PageError::App(AppError::NotFound))?;
    let v = plan
        .versions
        .iter()
        .find(|v| v.version == wanted)
        .ok_or(PageError::App(AppError::NotFound))?;
    Frame::signed_in(&state, &req, &session, Some(Role::Mentee)).render(
        &state,
        StatusCode::OK,
        "mentee/plan_version.html",
        context! {
            version => Serde(v),
            milestones => Serde(milestones(&v.content, &[])),
            latest => plan.version,
        },
    )
}
