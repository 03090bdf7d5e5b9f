//! `/city/assessment-rounds/{id}/units/{unit}/confirm`: confirming a unit's uncontested
//! assessments at once. The page lists what will be confirmed and what stays for one by one
//! (`services::assessment_desk::uncontested`: a grade other than the suggestion, an unqualified
//! grade, a disputed activity), and asks once.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;

use super::city_assessment::NoFields;
use super::views::row;
use crate::domain::ids::{AssessmentRoundId, UnitId};
use crate::domain::role::Role;
use crate::services::assessment_desk;
use crate::services::assessments::AssessmentDetail;
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// A line of the page: the assessment, its suggestion and its disputed activities.
fn line(d: &AssessmentDetail) -> minijinja::Value {
    context! {
        a => Serde(row(&d.assessment)),
        suggested => d.evidence.suggested_grade.as_str(),
        disputed => d.evidence.disputed_activities,
    }
}

/// `GET …/units/{unit}/confirm`: what a bulk confirmation of the unit would do.
pub async fn get_bulk_confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    path: web::Path<(AssessmentRoundId, UnitId)>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (round, unit) = path.into_inner();
    let summary =
        crate::services::assessment_reports::summary(&state, &session.caller, round).await?;
    let unit_name = summary
        .units
        .iter()
        .find(|u| u.unit_id == unit)
        .map(|u| u.unit_name.clone())
        .ok_or(PageError::App(crate::error::AppError::NotFound))?;
    let (take, leave) =
        assessment_desk::bulk_candidates(&state, &session.caller, round, unit).await?;
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "assessing/bulk.html",
        context! {
            round => Serde(summary.round),
            unit_id => unit.0,
            unit_name => unit_name,
            take => take.iter().map(line).collect::<Vec<_>>(),
            leave => leave.iter().map(line).collect::<Vec<_>>(),
        },
    )
}

/// `POST …/units/{unit}/confirm`: confirms the unit's uncontested assessments, then back to
/// the round.
pub async fn post_bulk_confirm(
    state: web::Data<AppState>,
    session: SignedIn,
    path: web::Path<(AssessmentRoundId, UnitId)>,
    _form: CheckedForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (round, unit) = path.into_inner();
    let n =
        assessment_desk::confirm_uncontested(&state, session.caller.clone(), round, unit).await?;
    Ok(see_other(&format!(
        "/city/assessment-rounds/{round}?unit={unit}&done=bulk&n={n}"
    )))
}
