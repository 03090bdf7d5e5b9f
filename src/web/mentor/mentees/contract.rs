//! `/mentor/contract`: the mentor's contract in whichever state it is in. None yet: the drafting
//! form. A draft: its terms, the form to change them and "request signatures". Waiting for
//! signatures: who has signed and when, and the mentor's own "sign". Active: the terms read-only.
//! Earlier contracts below. Every action calls `services::contracts`, as the API does.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Deserialize;

use super::draft_form::{
    DraftErrors, DraftForm, Offered, above_of, fields_context, meta_of, offered as offered_of,
    people_of, resolve_others, show_refusal,
};
use crate::db::contracts::Contract;
use crate::domain::contract::{ContractStatus, CreateContractRequest};
use crate::domain::ids::ContractId;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::{contract_drafting, contracts};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::field_reasons;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

const TEMPLATE: &str = "mentor/mentees/contract.html";
const PATH: &str = "/mentor/contract";

/// The notices a redirect may ask for (`?done=…`); anything else is ignored.
const NOTICES: &[&str] = &["created", "saved", "requested", "signed", "activated"];

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// What the page shows besides the contract: a kept form with its reasons, a line above it.
#[derive(Default)]
struct Shown {
    form: Option<(DraftForm, DraftErrors)>,
    /// People of elsewhere the mentor named by e-mail in the form shown again.
    extra: Vec<contract_drafting::Candidate>,
    banner: Option<String>,
    done: Option<String>,
}

/// The contract the page is about: an active one, else one waiting for signatures, else a draft.
fn current_of(all: &[Contract]) -> Option<&Contract> {
    [
        ContractStatus::Active,
        ContractStatus::PendingSignatures,
        ContractStatus::Draft,
    ]
    .iter()
    .find_map(|s| all.iter().find(|k| k.status == *s))
}

fn state_word(k: Option<&Contract>) -> &'static str {
    match k.map(|k| k.status) {
        None => "none",
        Some(ContractStatus::Draft) => "draft",
        Some(ContractStatus::PendingSignatures) => "pending",
        Some(_) => "active",
    }
}

/// Renders the page with `status`.
async fn contract_page(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    status: StatusCode,
    shown: Shown,
) -> Result<HttpResponse, PageError> {
    let caller = session.caller.clone();
    let all = contract_drafting::my_contracts(state, caller.clone()).await?;
    let candidates = contract_drafting::candidates(state, caller).await?;
    let current = current_of(&all).cloned();
    let policy = &state.settings.policy;
    let drafting = matches!(
        current.as_ref().map(|k| k.status),
        None | Some(ContractStatus::Draft)
    );
    let (form, mut errors) = match shown.form {
        Some(kept) => kept,
        None => match current.as_ref() {
            Some(k) if k.status == ContractStatus::Draft => {
                (DraftForm::of_draft(k), DraftErrors::default())
            }
            _ => (
                DraftForm::fresh(policy, state.clock.today()),
                DraftErrors::default(),
            ),
        },
    };
    let mut offered: Vec<Offered> = Vec::new();
    // The draft's own mentees first, whether or not they are still free.
    if let Some(k) = current
        .as_ref()
        .filter(|k| k.status == ContractStatus::Draft)
    {
        for m in &k.mentees {
            let found = candidates
                .as_ref()
                .and_then(|c| c.people.iter().find(|p| p.user_id == m.user_id));
            let meta = found.map(meta_of).unwrap_or_default();
            let near = found.is_none_or(|p| p.near) && m.justification.is_none();
            offered.push((m.user_id.to_string(), m.name.clone(), meta, near));
        }
    }
    offered.extend(
        shown
            .extra
            .iter()
            .chain(candidates.iter().flat_map(|c| c.people.iter()))
            .map(offered_of),
    );
    let people = people_of(&form, &mut errors, offered);
    let above = above_of(shown.banner, &mut errors);
    let fields = fields_context(policy, &form, &errors, &people);
    let earlier: Vec<&Contract> = all
        .iter()
        .filter(|k| current.as_ref().is_none_or(|c| c.id != k.id))
        .collect();
    let signed = current
        .as_ref()
        .map(|k| {
            usize::from(k.mentor_signed_at.is_some())
                + k.mentees.iter().filter(|m| m.signed_at.is_some()).count()
        })
        .unwrap_or(0);
    let done = shown
        .done
        .filter(|d| NOTICES.contains(&d.as_str()))
        .map(|d| format!("mentor.mentees.contract.done.{d}"));
    Frame::signed_in(state, req, session, Some(Role::Mentor)).render(
        state,
        status,
        TEMPLATE,
        context! {
            view => state_word(current.as_ref()),
            current => Serde(&current),
            appointed => candidates.is_some(),
            drafting => drafting && (candidates.is_some() || current.is_some()),
            above => above,
            done => done,
            signed => signed,
            parties => current.as_ref().map_or(0, |k| k.mentees.len() + 1),
            i_signed => current.as_ref().is_some_and(|k| k.mentor_signed_at.is_some()),
            earlier => Serde(&earlier),
            ..fields
        },
    )
}

/// `GET /mentor/contract`.
pub async fn get_contract(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let shown = Shown {
        done: query.into_inner().done,
        ..Shown::default()
    };
    contract_page(&state, &req, &session, StatusCode::OK, shown).await
}

/// Shows a refusal of the drafting form: beside the inputs it names, the input kept.
async fn refused_draft(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    form: DraftForm,
    err: AppError,
    sent: &super::draft_form::Parsed,
    extra: Vec<contract_drafting::Candidate>,
) -> Result<HttpResponse, PageError> {
    let status = ResponseError::status_code(&err);
    let (errors, banner) = match show_refusal(&err, sent) {
        Some(errors) => (errors, None),
        None if matches!(err, AppError::Forbidden { .. } | AppError::NotFound) => {
            return Err(err.into());
        }
        None => (
            DraftErrors::default(),
            Some(err.message().localized().to_owned()),
        ),
    };
    let mut form = form;
    form.add_blank_rows();
    let shown = Shown {
        form: Some((form, errors)),
        extra,
        banner,
        done: None,
    };
    contract_page(state, req, session, status, shown).await
}

/// The form's own reasons (what it cannot read), with the input kept.
async fn unreadable_draft(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    mut form: DraftForm,
    errors: DraftErrors,
    extra: Vec<contract_drafting::Candidate>,
) -> Result<HttpResponse, PageError> {
    form.add_blank_rows();
    let shown = Shown {
        form: Some((form, errors)),
        extra,
        ..Shown::default()
    };
    contract_page(state, req, session, StatusCode::UNPROCESSABLE_ENTITY, shown).await
}

/// The form as posted, with the people named by e-mail resolved; `Err` with the page to show
/// when the page itself cannot read it.
async fn read_draft(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    fields: &[(String, String)],
) -> Result<
    Result<
        (
            DraftForm,
            super::draft_form::Parsed,
            Vec<contract_drafting::Candidate>,
        ),
        HttpResponse,
    >,
    PageError,
> {
    let mut form = DraftForm::from_fields(fields);
    let mut errors = DraftErrors::default();
    let extra = resolve_others(
        state,
        &session.caller,
        session.caller.id,
        &mut form,
        &mut errors,
    )
    .await?;
    let parsed = match form.parse() {
        Ok(p) if !errors.any() => p,
        Ok(_) => {
            return Ok(Err(unreadable_draft(
                state, req, session, form, errors, extra,
            )
            .await?));
        }
        Err(mut more) => {
            more.others = errors.others;
            return Ok(Err(unreadable_draft(
                state, req, session, form, *more, extra,
            )
            .await?));
        }
    };
    Ok(Ok((form, parsed, extra)))
}

/// `POST /mentor/contract`: drafts the contract (the service checks the mentees and terms).
pub async fn post_contract(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    body: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let mine = contract_drafting::my_contracts(&state, session.caller.clone()).await?;
    if current_of(&mine).is_some() {
        // A second press of the button, or an old tab: the contract in hand is shown instead.
        return Ok(see_other(PATH));
    }
    let (form, parsed, extra) = match read_draft(&state, &req, &session, &body.0).await? {
        Ok(read) => read,
        Err(page) => return Ok(page),
    };
    let request = CreateContractRequest {
        mentor_entry_id: None,
        start_date: parsed.start_date,
        cycle_months: parsed.request.cycle_months,
        mentees: parsed.request.mentees.clone().unwrap_or_default(),
        indicators: parsed.request.indicators.clone(),
    };
    match contracts::create_contract(&state, session.caller.clone(), request).await {
        Ok(_) => Ok(see_other(&format!("{PATH}?done=created"))),
        Err(err) => refused_draft(&state, &req, &session, form, err, &parsed, extra).await,
    }
}

/// `POST /mentor/contract/{id}`: changes a draft's terms.
pub async fn post_contract_update(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ContractId>,
    body: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let (form, parsed, extra) = match read_draft(&state, &req, &session, &body.0).await? {
        Ok(read) => read,
        Err(page) => return Ok(page),
    };
    let request = crate::domain::contract::UpdateContractRequest {
        start_date: parsed.request.start_date,
        cycle_months: parsed.request.cycle_months,
        mentees: parsed.request.mentees.clone(),
        indicators: parsed.request.indicators.clone(),
    };
    match contracts::update_contract(&state, session.caller.clone(), id.into_inner(), request).await
    {
        Ok(_) => Ok(see_other(&format!("{PATH}?done=saved"))),
        Err(err) => refused_draft(&state, &req, &session, form, err, &parsed, extra).await,
    }
}

/// A refusal of a button (request signatures, sign): the page again, the reason above or, for
/// the mentee count, beside the mentees.
async fn refused_action(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    err: AppError,
) -> Result<HttpResponse, PageError> {
    let status = ResponseError::status_code(&err);
    let Some(mut reasons) = field_reasons(&err) else {
        if matches!(err, AppError::Forbidden { .. } | AppError::NotFound) {
            return Err(err.into());
        }
        let shown = Shown {
            banner: Some(err.message().localized().to_owned()),
            ..Shown::default()
        };
        return contract_page(state, req, session, status, shown).await;
    };
    let mine = contract_drafting::my_contracts(state, session.caller.clone()).await?;
    let form = match current_of(&mine) {
        Some(k) if k.status == ContractStatus::Draft => Some(DraftForm::of_draft(k)),
        _ => None,
    };
    let mentees = reasons.remove("mentees");
    let shown = match (form, mentees) {
        (Some(form), Some(reason)) => Shown {
            form: Some((
                form,
                DraftErrors {
                    mentees: Some(reason),
                    other: reasons.into_values().collect(),
                    ..DraftErrors::default()
                },
            )),
            ..Shown::default()
        },
        (_, mentees) => Shown {
            banner: mentees.into_iter().chain(reasons.into_values()).next(),
            ..Shown::default()
        },
    };
    contract_page(state, req, session, status, shown).await
}

/// The CSRF token alone (the buttons' forms).
#[derive(Deserialize)]
pub struct ButtonForm {}

/// `POST /mentor/contract/{id}/request-signatures`.
pub async fn post_request_signatures(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ContractId>,
    _form: CheckedForm<ButtonForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    match contracts::request_signatures(&state, session.caller.clone(), id.into_inner()).await {
        Ok(_) => Ok(see_other(&format!("{PATH}?done=requested"))),
        Err(err) => refused_action(&state, &req, &session, err).await,
    }
}

/// `POST /mentor/contract/{id}/sign`: the mentor signs; the last signature activates it.
pub async fn post_sign(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ContractId>,
    _form: CheckedForm<ButtonForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    match contracts::sign(&state, session.caller.clone(), id.into_inner()).await {
        Ok(k) if k.status == ContractStatus::Active => {
            Ok(see_other(&format!("{PATH}?done=activated")))
        }
        Ok(_) => Ok(see_other(&format!("{PATH}?done=signed"))),
        Err(err) => refused_action(&state, &req, &session, err).await,
    }
}
