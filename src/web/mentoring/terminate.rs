//! `POST /city/contracts/{id}/terminate`: the city admin ends a contract early with a reason, as
//! `services::contracts::terminate` does. The contract's page prints what follows beside the
//! button (the contract ends at once, no more activities, nobody is e-mailed by the system), so
//! the one submit is the one confirmation.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::contracts::{TerminateForm, render_contract};
use crate::domain::ids::ContractId;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::contracts;
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::field_reasons;
use crate::web::layout::see_other;
use crate::web::people::office::Office;
use crate::web::session::SignedIn;

/// The form: the reason.
#[derive(Debug, Deserialize)]
pub struct TerminateFields {
    #[serde(default)]
    pub reason: String,
}

/// Ends the contract, or shows the form again with the service's reason beside the field.
pub async fn post_contract_terminate(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ContractId>,
    form: CheckedForm<TerminateFields>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    let reason = form.0.reason;
    match contracts::terminate(&state, session.caller.clone(), id, &reason).await {
        Ok(_) => Ok(see_other(&format!("/city/contracts/{id}?done=terminated"))),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let mut f = TerminateForm {
                reason,
                ..TerminateForm::default()
            };
            match field_reasons(&e).and_then(|mut r| r.remove("reason")) {
                Some(r) => f.error = Some(r),
                None => f.form_error = Some(e.message().localized().to_owned()),
            }
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_contract(&state, &req, &session, Office::City, id, f, status).await
        }
        Err(e) => Err(PageError::App(e)),
    }
}
