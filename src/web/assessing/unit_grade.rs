//! `/unit/assessments/{id}`: one mentor's assessment for the unit admin: the evidence of the
//! year, the suggested grade and why, the city's reason when it came back, and the grade form
//! (a grade, a comment per indicator and an overall one) that saves or hands in. The comment a
//! differing grade needs is the service's rule, shown beside its field; a refused grade stores
//! nothing (`services::assessment_desk::grade`).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::views::{evidence, grade_codes, row};
use crate::domain::assessment::{AssessmentStatus, Grade, GradeRequest, IndicatorComment};
use crate::domain::ids::{AssessmentId, IndicatorId};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::{assessment_desk, assessments};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::field_reasons;
use crate::web::forms::say;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// What the grade form shows: the values typed and the reasons beside them.
#[derive(Default, Serialize)]
pub struct GradeForm {
    pub grade: String,
    pub overall_comment: String,
    /// By indicator id (as text).
    pub indicators: BTreeMap<String, String>,
    /// By field: `grade`, `overall_comment`, `indicator_{id}`.
    pub errors: BTreeMap<String, String>,
    pub form_error: Option<String>,
}

/// One indicator's comment field.
#[derive(Serialize)]
struct IndicatorField {
    name: String,
    label: String,
    value: String,
    error: Option<String>,
}

/// The form filled from the stored assessment.
fn stored(a: &crate::db::assessments::Assessment) -> GradeForm {
    GradeForm {
        grade: a.grade.map(|g| g.as_str().to_owned()).unwrap_or_default(),
        overall_comment: a.overall_comment.clone().unwrap_or_default(),
        indicators: a
            .indicator_comments
            .iter()
            .map(|c| (c.indicator_id.to_string(), c.comment.clone()))
            .collect(),
        ..GradeForm::default()
    }
}

/// The grade select's options: none chosen, then the grades best first.
fn grade_options() -> Vec<minijinja::Value> {
    let mut out = vec![context! { value => "", label => say("assessing.form.choose") }];
    for g in grade_codes() {
        out.push(context! { value => g, label => say(&format!("assessing.grade.{g}")) });
    }
    out
}

/// Renders the page with `form` (the stored values when `None`).
async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: AssessmentId,
    status: StatusCode,
    form: Option<GradeForm>,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let detail = assessments::get(state, &session.caller, id).await?;
    let round = assessment_desk::rounds(state)
        .await?
        .into_iter()
        .find(|r| r.id == detail.assessment.round_id)
        .ok_or(PageError::App(AppError::NotFound))?;
    let a = &detail.assessment;
    let editable = matches!(
        a.status,
        AssessmentStatus::Draft | AssessmentStatus::Returned
    ) && state.clock.today() >= round.opens_on;
    let not_open = state.clock.today() < round.opens_on;
    let form = form.unwrap_or_else(|| stored(a));
    let notice = match done {
        Some("saved") => Some("assessing.notice.saved"),
        _ => None,
    };
    let fields: Vec<IndicatorField> = detail
        .evidence
        .indicators
        .iter()
        .map(|i| {
            let name = format!("indicator_{}", i.indicator_id);
            IndicatorField {
                label: say("assessing.form.indicator").replace("{name}", &i.description),
                value: form
                    .indicators
                    .get(&i.indicator_id.to_string())
                    .cloned()
                    .unwrap_or_default(),
                error: form.errors.get(&name).cloned(),
                name,
            }
        })
        .collect();
    let errors = context! {
        grade => form.errors.get("grade").cloned(),
        overall_comment => form.errors.get("overall_comment").cloned(),
        any => !form.errors.is_empty(),
    };
    Frame::signed_in(state, req, session, Some(Role::UnitAdmin)).render(
        state,
        status,
        "assessing/unit_grade.html",
        context! {
            a => Serde(row(a)),
            evidence => Serde(evidence(&detail.evidence)),
            round => Serde(round),
            editable => editable,
            not_open => not_open,
            grades => grade_options(),
            form => Serde(form),
            errors => errors,
            fields => Serde(fields),
            notice => notice,
        },
    )
}

/// `GET /unit/assessments/{id}`: the assessment of one of the unit's mentors; another unit's
/// answers 404.
pub async fn get_assessment(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<AssessmentId>,
    query: web::Query<super::unit_list::ListQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    render(
        &state,
        &req,
        &session,
        id.into_inner(),
        StatusCode::OK,
        None,
        query.done.as_deref(),
    )
    .await
}

/// The first value of `name` in a form body.
fn value<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// `POST /unit/assessments/{id}`: saves the grade and comments (`action=save`) or saves and hands
/// them in (`action=submit`), then back to the list; a refusal shows the form again with the
/// reasons and what was typed (422).
pub async fn post_assessment(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<AssessmentId>,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let id = id.into_inner();
    let fields = form.0;
    // The assessment must be the unit's before anything is said about the form.
    let detail = assessments::get(&state, &session.caller, id).await?;
    let mut typed = GradeForm {
        grade: value(&fields, "grade").trim().to_owned(),
        overall_comment: value(&fields, "overall_comment").to_owned(),
        ..GradeForm::default()
    };
    let ids: Vec<IndicatorId> = detail
        .evidence
        .indicators
        .iter()
        .map(|i| i.indicator_id)
        .collect();
    let mut comments = Vec::new();
    for i in &ids {
        let text = value(&fields, &format!("indicator_{i}")).to_owned();
        if !text.trim().is_empty() {
            comments.push(IndicatorComment {
                indicator_id: *i,
                comment: text.clone(),
            });
        }
        typed.indicators.insert(i.to_string(), text);
    }
    let grade = Grade::ALL
        .iter()
        .copied()
        .find(|g| g.as_str() == typed.grade);
    if grade.is_none() && !typed.grade.is_empty() {
        typed.grade.clear();
    }
    let comment = typed.overall_comment.trim();
    let request = GradeRequest {
        grade: Some(grade),
        overall_comment: Some((!comment.is_empty()).then(|| typed.overall_comment.clone())),
        indicator_comments: Some(comments.clone()),
    };
    let submit = value(&fields, "action") == "submit";
    match assessment_desk::grade(&state, session.caller.clone(), id, request, submit).await {
        Ok(_) if submit => Ok(see_other("/unit/assessments?done=submitted")),
        Ok(_) => Ok(see_other(&format!("/unit/assessments/{id}?done=saved"))),
        Err(AppError::NotFound) => Err(PageError::App(AppError::NotFound)),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            for (field, reason) in field_reasons(&e).unwrap_or_default() {
                let key = match field.as_str() {
                    "grade" | "overall_comment" => field.clone(),
                    f if f.starts_with("indicator_comments[") => {
                        // `indicator_comments[N].comment` names the Nth comment sent.
                        let n: Option<usize> = f
                            .trim_start_matches("indicator_comments[")
                            .split(']')
                            .next()
                            .and_then(|n| n.parse().ok());
                        match n.and_then(|n| comments.get(n)) {
                            Some(c) => format!("indicator_{}", c.indicator_id),
                            None => {
                                typed.form_error = Some(reason);
                                continue;
                            }
                        }
                    }
                    _ => {
                        typed.form_error = Some(reason);
                        continue;
                    }
                };
                typed.errors.insert(key, reason);
            }
            if typed.errors.is_empty() && typed.form_error.is_none() {
                typed.form_error = Some(e.message().localized().to_owned());
            }
            render(
                &state,
                &req,
                &session,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(typed),
                None,
            )
            .await
        }
        Err(e) => Err(PageError::App(e)),
    }
}
