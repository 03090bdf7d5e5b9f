//! `GET /print/certificates/{entry_id}`: the appointment certificate (聘书) of a pool entry; and
//! `GET /print/revocations/{entry_id}`: the notice of revocation of a mentor's status
//! (撤销人才培带人资格通知) once the entry is revoked. Both for the mentor, the unit's admins and
//! the city admin (`services::printing::appointment`).

use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;

use super::sheet;
use crate::domain::ids::MentorEntryId;
use crate::domain::review::MentorStatus;
use crate::error::AppError;
use crate::services::{assessments, printing};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::session::SignedIn;

/// `GET /print/certificates/{entry_id}`.
pub async fn get_certificate(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<MentorEntryId>,
) -> Result<HttpResponse, PageError> {
    let a = printing::appointment(&state, &session.caller, id.into_inner()).await?;
    let locale = crate::i18n::current().locale;
    let category = a.entry.category.label(locale).into_owned();
    let back = sheet::back(&session, "/city/pool", "/unit", "/mentor/appointment");
    sheet::render(
        &state,
        &req,
        &session,
        "printing/certificate.html",
        context! {
            a => Serde(&a),
            category => category,
            department => sheet::department(&state),
            back => back,
        },
    )
}

/// `GET /print/revocations/{entry_id}`: a pool entry not revoked answers the 404 page (there is
/// no such notice).
pub async fn get_revocation(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<MentorEntryId>,
) -> Result<HttpResponse, PageError> {
    let a = printing::appointment(&state, &session.caller, id.into_inner()).await?;
    if a.entry.status != MentorStatus::Revoked {
        return Err(PageError::App(AppError::NotFound));
    }
    // The assessment that led to it, as its reader may see it (the mentor sees their own
    // confirmed ones; the offices theirs).
    let assessment = match a.entry.revoked_assessment_id {
        Some(aid) => match assessments::get(&state, &session.caller, aid).await {
            Ok(d) => Some(d.assessment),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(PageError::App(e)),
        },
        None => None,
    };
    let locale = crate::i18n::current().locale;
    let grade = assessment
        .as_ref()
        .and_then(|x| x.grade)
        .map(|g| g.label(locale).into_owned());
    let back = sheet::back(
        &session,
        "/city/assessment-rounds/revocations",
        "/unit",
        "/mentor/appointment",
    );
    sheet::render(
        &state,
        &req,
        &session,
        "printing/revocation.html",
        context! {
            a => Serde(&a),
            category => a.entry.category.label(locale).into_owned(),
            assessment => Serde(assessment),
            grade => grade,
            contact => state.settings.policy.objection_contact.clone(),
            department => sheet::department(&state),
            back => back,
        },
    )
}
