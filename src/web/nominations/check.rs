//! The eligibility check as the clerk types (`POST /unit/nominations/check` for a new form,
//! `POST /unit/nominations/{id}/check` for a saved one): the page's script posts the form here and
//! shows the reasons beside the fields. The check is the service's own, the one submitting runs
//! (`services::eligibility_check::check_form`), so the words are those the submission would give;
//! nothing is kept.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use super::edit::refusal;
use super::form::{Errors, NominationInput};
use super::list::unit_of;
use crate::domain::ids::{NominationId, RoundId};
use crate::i18n::{self, Locale};
use crate::services::eligibility_check::{CheckTarget, check_form};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::layout::with_page_headers;
use crate::web::session::SignedIn;

/// What the script shows: a reason by field, a line for the rest, and the warnings the reviewers
/// would see.
#[derive(Serialize)]
struct Checked {
    errors: Errors,
    banner: Option<String>,
    warnings: Vec<String>,
}

async fn answer(
    state: &AppState,
    session: &SignedIn,
    target: CheckTarget,
    input: NominationInput,
) -> Result<HttpResponse, PageError> {
    let (form, mut errors) = input.to_form(false);
    let mut banner = None;
    let mut warnings = Vec::new();
    if errors.is_empty() {
        match check_form(state, &session.caller, target, form).await {
            Ok(ws) => {
                let locale = i18n::current().locale;
                warnings = ws
                    .into_iter()
                    .map(|w| match locale {
                        Locale::ZhCn => w.zh,
                        Locale::En => w.en,
                    })
                    .collect();
            }
            Err(e) => banner = refusal(e, &mut errors)?,
        }
    }
    Ok(with_page_headers(HttpResponse::Ok().json(Checked {
        errors,
        banner,
        warnings,
    })))
}

/// `POST /unit/nominations/check`: a new form of the round in `round_id`.
pub async fn post_nominations_check(
    state: web::Data<AppState>,
    session: SignedIn,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    unit_of(&session)?;
    let input = NominationInput::from_pairs(form.0);
    let Ok(round) = input.round_id.trim().parse::<i64>() else {
        return Err(PageError::BadRequest);
    };
    let person = input
        .candidate_id
        .trim()
        .parse::<i64>()
        .ok()
        .map(crate::domain::ids::UserId);
    answer(
        &state,
        &session,
        CheckTarget::New(RoundId(round), person),
        input,
    )
    .await
}

/// `POST /unit/nominations/{id}/check`: a saved form with the changes typed.
pub async fn post_nomination_check(
    state: web::Data<AppState>,
    session: SignedIn,
    id: web::Path<NominationId>,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    unit_of(&session)?;
    answer(
        &state,
        &session,
        CheckTarget::Draft(id.into_inner()),
        NominationInput::from_pairs(form.0),
    )
    .await
}
