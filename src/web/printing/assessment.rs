//! `GET /print/assessments/{id}`: the assessment result notice (考核结果通知书) of a confirmed
//! assessment: the mentor, the period, the grade, each indicator's target and what was done, the
//! unit's comment, and for an unqualified grade the last day and the office to object to. For the
//! mentor, the unit's admins and the city admin.

use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;

use super::sheet;
use crate::domain::assessment::Grade;
use crate::domain::ids::AssessmentId;
use crate::domain::role::Role;
use crate::services::printing;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::session::SignedIn;

/// A count or hours as the notice writes it: no trailing `.0`.
fn amount(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if (r - r.round()).abs() < 1e-9 {
        format!("{}", r.round() as i64)
    } else {
        format!("{r}")
    }
}

/// `GET /print/assessments/{id}`.
pub async fn get_assessment(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<AssessmentId>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let d = printing::assessment(&state, &session.caller, id).await?;
    let locale = crate::i18n::current().locale;
    let a = &d.assessment;
    let indicators: Vec<_> = d
        .evidence
        .indicators
        .iter()
        .map(|i| {
            context! {
                kind => i.kind.label(locale).into_owned(),
                yearly_target => i.yearly_target,
                target => amount(i.pro_rata_target),
                done => amount(i.done_confirmed + i.done_unconfirmed),
                hours => i.measure.as_str() == "hours",
            }
        })
        .collect();
    let c = &session.caller;
    let back = if c.has(Role::CityAdmin) {
        format!("/city/assessment-rounds/assessments/{id}")
    } else if c.has(Role::UnitAdmin) && c.unit_id == Some(a.unit_id) {
        format!("/unit/assessments/{id}")
    } else {
        format!("/mentor/assessments/{id}")
    };
    sheet::render(
        &state,
        &req,
        &session,
        "printing/assessment.html",
        context! {
            a => Serde(a),
            grade => a.grade.map(|g| g.label(locale).into_owned()),
            unqualified => a.grade == Some(Grade::Unqualified),
            confirmed_on => a.confirmed_at.map(|t| state.clock.city_date(t.naive_utc()).to_string()),
            indicators => indicators,
            met => d.evidence.indicators_met,
            activities => d.evidence.activities,
            hours => amount(d.evidence.hours),
            contact => state.settings.policy.objection_contact.clone(),
            department => sheet::department(&state),
            back => back,
        },
    )
}
