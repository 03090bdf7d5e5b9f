//! `/city/assessment-rounds/assessments/{id}`: one assessment for the city admin: the unit's
//! grade and comments beside the evidence they rest on, its objections, and the two decisions on
//! a submitted one: confirm (what follows is printed beside the button: an unqualified grade
//! notifies the mentor and opens the objection window until its date) or return to the unit
//! with a reason.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::views::{evidence, row};
use crate::domain::assessment::{AssessmentStatus, Grade, objection_deadline};
use crate::domain::ids::AssessmentId;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::{assessment_desk, assessments};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::field_reasons;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// The return form as typed.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ReturnForm {
    #[serde(default)]
    pub reason: String,
}

/// No field but the token.
#[derive(Debug, Deserialize)]
pub struct NoFields {}

/// A refusal shown on the page: the return reason's, or one above the forms.
#[derive(Default, Serialize)]
struct Refusal {
    reason: Option<String>,
    banner: Option<String>,
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: AssessmentId,
    status: StatusCode,
    form: ReturnForm,
    refusal: Refusal,
) -> Result<HttpResponse, PageError> {
    let detail = assessments::get(state, &session.caller, id).await?;
    let a = &detail.assessment;
    let round = assessment_desk::rounds(state)
        .await?
        .into_iter()
        .find(|r| r.id == a.round_id)
        .ok_or(PageError::App(AppError::NotFound))?;
    let today = state.clock.today();
    let unqualified = a.grade == Some(Grade::Unqualified);
    // The date the service will set if the grade is confirmed today.
    let deadline =
        unqualified.then(|| objection_deadline(today, round.objection_days.max(0) as u32));
    let objections: Vec<_> = detail
        .objections
        .iter()
        .map(|o| {
            context! {
                id => o.id.0,
                status => o.status.as_str(),
                content => o.content.clone(),
                filed_at => Serde(o.filed_at),
                decision_reason => o.decision_reason.clone(),
            }
        })
        .collect();
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "assessing/city_assessment.html",
        context! {
            a => Serde(row(a)),
            evidence => Serde(evidence(&detail.evidence)),
            indicator_comments => Serde(&a.indicator_comments),
            round => Serde(&round),
            decidable => a.status == AssessmentStatus::Submitted,
            unqualified => unqualified,
            deadline => Serde(deadline),
            objections => objections,
            form => Serde(form),
            refusal => Serde(refusal),
        },
    )
}

/// `GET /city/assessment-rounds/assessments/{id}`.
pub async fn get_assessment(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<AssessmentId>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    render(
        &state,
        &req,
        &session,
        id.into_inner(),
        StatusCode::OK,
        ReturnForm::default(),
        Refusal::default(),
    )
    .await
}

/// A refusal of the service as the page shows it, or the error page.
fn refusal(e: AppError) -> Result<Refusal, PageError> {
    match e {
        e @ (AppError::Validation(_) | AppError::Conflict { .. }) => {
            let mut r = Refusal::default();
            for (field, reason) in field_reasons(&e).unwrap_or_default() {
                if field == "reason" {
                    r.reason = Some(reason);
                } else {
                    r.banner = Some(reason);
                }
            }
            if r.reason.is_none() && r.banner.is_none() {
                r.banner = Some(e.message().localized().to_owned());
            }
            Ok(r)
        }
        e => Err(PageError::App(e)),
    }
}

/// `POST …/{id}/confirm`: confirms the submitted assessment, then back to its round.
pub async fn post_assessment_confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<AssessmentId>,
    _form: CheckedForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    match assessments::confirm(&state, session.caller.clone(), id).await {
        Ok(d) => Ok(see_other(&format!(
            "/city/assessment-rounds/{}?done=confirmed",
            d.assessment.round_id
        ))),
        Err(e) => {
            let r = refusal(e)?;
            let status = StatusCode::CONFLICT;
            render(&state, &req, &session, id, status, ReturnForm::default(), r).await
        }
    }
}

/// `POST …/{id}/return`: returns the submitted assessment to its unit with the reason typed.
pub async fn post_assessment_return(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<AssessmentId>,
    form: CheckedForm<ReturnForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    let f = form.0;
    match assessments::return_assessment(&state, session.caller.clone(), id, &f.reason).await {
        Ok(d) => Ok(see_other(&format!(
            "/city/assessment-rounds/{}?done=returned",
            d.assessment.round_id
        ))),
        Err(e) => {
            let r = refusal(e)?;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render(&state, &req, &session, id, status, f, r).await
        }
    }
}
