//! `/mentee/contract`: my contract — the mentor, the cycle, the indicators, the other mentees and
//! the signatures — with the form to sign it when my signature is asked for, and my earlier
//! contracts below.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Deserialize;

use super::mine::Mine;
use super::refusal;
use crate::domain::ids::ContractId;
use crate::domain::role::Role;
use crate::services::{contracts, mentee_pages};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// `?done=signed` after signing.
#[derive(Deserialize)]
pub struct DoneQuery {
    pub done: Option<String>,
}

/// A form that carries nothing but its CSRF token.
#[derive(Deserialize)]
pub struct EmptyForm {}

/// The contract page, with a line above the sign form when signing was refused.
async fn contract_page(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    status: StatusCode,
    notice: Option<&str>,
    form_error: Option<String>,
) -> Result<HttpResponse, PageError> {
    let caller = &session.caller;
    let mine = Mine::load(state, caller).await?;
    let current = mine.current();
    let unit = match current {
        Some(k) => mentee_pages::unit_name(state, caller, k.unit_id).await?,
        None => None,
    };
    let others: Vec<_> = current
        .map(|k| {
            k.mentees
                .iter()
                .filter(|m| m.user_id != caller.id)
                .collect()
        })
        .unwrap_or_default();
    // An indicator's description is shown when it says more than its kind (the policy's
    // defaults repeat the kind's Chinese name).
    let indicators: Vec<_> = current
        .map(|k| {
            k.indicators
                .iter()
                .map(|i| {
                    let description = i.description.trim();
                    context! {
                        kind => i.kind.as_str(),
                        measure => i.measure.as_str(),
                        yearly_target => i.yearly_target,
                        description => (description != i.kind.zh()).then(|| description.to_owned()),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let notice = notice
        .filter(|n| *n == "signed")
        .map(|_| "mentee.contract.signed");
    Frame::signed_in(state, req, session, Some(Role::Mentee)).render(
        state,
        status,
        "mentee/contract.html",
        context! {
            contract => Serde(current),
            indicators => indicators,
            unit_name => unit,
            others => Serde(others),
            mine => Serde(current.and_then(|k| mine.membership(k))),
            sign_asked => current.is_some_and(|k| mine.signature_asked(k)),
            earlier => Serde(mine.earlier()),
            notice => notice,
            form_error => form_error,
        },
    )
}

/// `GET /mentee/contract`.
pub async fn get_contract(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentee)?;
    contract_page(
        &state,
        &req,
        &session,
        StatusCode::OK,
        query.done.as_deref(),
        None,
    )
    .await
}

/// `POST /mentee/contract/{id}/sign`: signs as a mentee (the contract service decides whether
/// this person may sign now).
pub async fn post_contract_sign(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ContractId>,
    _form: CheckedForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentee)?;
    match contracts::sign(&state, session.caller.clone(), id.into_inner()).await {
        Ok(_) => Ok(see_other("/mentee/contract?done=signed")),
        Err(err) => {
            let shown = refusal::show(err, |_| None)?;
            contract_page(
                &state,
                &req,
                &session,
                shown.status,
                None,
                Some(shown.banner),
            )
            .await
        }
    }
}
