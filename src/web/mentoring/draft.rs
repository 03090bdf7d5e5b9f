//! `/unit/contracts/new`: the unit admin drafts a contract on behalf of one of the unit's mentors
//! in office, with free mentees of the unit, as `POST /api/v1/contracts` allows the mentor's unit
//! admin (the drafters). The terms and indicators default to the policy's; the service checks
//! everything; then the draft is sent for signatures from its page.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::contracts::{TerminateForm, render_contract};
use crate::domain::contract::{CreateContractRequest, MenteeInput};
use crate::domain::ids::{ContractId, MentorEntryId, UserId};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::{contracts, office_views};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, say};
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::people::office::{Office, Opt};
use crate::web::session::SignedIn;

type Fields = Vec<(String, String)>;

/// The form's fields that a reason stands beside.
const FIELDS: &[&str] = &["mentor_entry_id", "start_date", "cycle_months", "mentees"];

/// What the form shows.
#[derive(Debug, Default, Serialize)]
struct DraftForm {
    mentor_entry_id: String,
    start_date: String,
    cycle_months: String,
    mentees: Vec<String>,
    errors: BTreeMap<String, String>,
    form_error: Option<String>,
}

fn value(fields: &Fields, name: &str) -> String {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
        .trim()
        .to_owned()
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    form: DraftForm,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let (mentors, free) = office_views::drafting_choices(state, &session.caller).await?;
    let mentor_opts: Vec<Opt> = std::iter::once(Opt::new("", say("mentoring.draft.choose_mentor")))
        .chain(
            mentors
                .iter()
                .map(|m| Opt::new(m.id.0.to_string(), m.name.clone())),
        )
        .collect();
    let mentee_opts: Vec<Opt> = free
        .into_iter()
        .map(|(id, name)| Opt::new(id.0.to_string(), name))
        .collect();
    let errors: BTreeMap<&str, Option<String>> = FIELDS
        .iter()
        .map(|f| (*f, form.errors.get(*f).cloned()))
        .collect();
    Frame::signed_in(state, req, session, Some(Role::UnitAdmin)).render(
        state,
        status,
        "mentoring/draft.html",
        context! {
            has_mentors => !mentors.is_empty(),
            has_errors => !form.errors.is_empty(),
            errors => Serde(errors),
            form => Serde(form),
            mentor_opts => Serde(mentor_opts),
            mentee_opts => Serde(mentee_opts),
            size => state.settings.policy.mentees_per_contract,
        },
    )
}

/// `GET /unit/contracts/new`.
pub async fn get_contract_new(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    render(&state, &req, &session, DraftForm::default(), StatusCode::OK).await
}

/// `POST /unit/contracts/new`: drafts the contract with the service, then shows it.
pub async fn post_contract_new(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    fields: CheckedForm<Fields>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let fields = fields.0;
    let mut form = DraftForm {
        mentor_entry_id: value(&fields, "mentor_entry_id"),
        start_date: value(&fields, "start_date"),
        cycle_months: value(&fields, "cycle_months"),
        mentees: fields
            .iter()
            .filter(|(k, _)| k == "mentees")
            .map(|(_, v)| v.clone())
            .collect(),
        ..DraftForm::default()
    };
    let entry = form.mentor_entry_id.parse::<i64>().ok().map(MentorEntryId);
    if entry.is_none() {
        form.errors.insert(
            "mentor_entry_id".to_owned(),
            say("mentoring.draft.choose_mentor"),
        );
    }
    let start = form.start_date.parse::<NaiveDate>().ok();
    if start.is_none() {
        form.errors
            .insert("start_date".to_owned(), say("mentoring.draft.bad_date"));
    }
    let cycle = if form.cycle_months.is_empty() {
        Some(None)
    } else {
        form.cycle_months.parse::<u32>().ok().map(Some)
    };
    if cycle.is_none() {
        form.errors
            .insert("cycle_months".to_owned(), say("mentoring.draft.bad_months"));
    }
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let (Some(entry), Some(start), Some(cycle)) = (entry, start, cycle) else {
        return render(&state, &req, &session, form, status).await;
    };
    let request = CreateContractRequest {
        mentor_entry_id: Some(entry),
        start_date: start,
        cycle_months: cycle,
        mentees: form
            .mentees
            .iter()
            .filter_map(|m| m.parse::<i64>().ok())
            .map(|id| MenteeInput {
                user_id: UserId(id),
                justification: None,
            })
            .collect(),
        indicators: None,
    };
    match contracts::create_contract(&state, session.caller.clone(), request).await {
        Ok(k) => Ok(see_other(&format!("/unit/contracts/{}?done=drafted", k.id))),
        Err(
            e @ (AppError::Validation(_) | AppError::Conflict { .. } | AppError::Forbidden { .. }),
        ) => {
            match field_reasons(&e) {
                Some(reasons) => {
                    for (field, reason) in reasons {
                        let key = FIELDS
                            .iter()
                            .find(|f| field.starts_with(**f))
                            .map(|f| (*f).to_owned());
                        match key {
                            Some(k) => {
                                form.errors.insert(k, reason);
                            }
                            None => form.form_error = Some(reason),
                        }
                    }
                }
                None => form.form_error = Some(e.message().localized().to_owned()),
            }
            render(&state, &req, &session, form, status).await
        }
        Err(e) => Err(PageError::App(e)),
    }
}

/// `POST /unit/contracts/{id}/request-signatures`: sends the unit's draft to its parties.
pub async fn post_request_signatures(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ContractId>,
    _form: CheckedForm<crate::web::people::person::Empty>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let id = id.into_inner();
    match contracts::request_signatures(&state, session.caller.clone(), id).await {
        Ok(_) => Ok(see_other(&format!("/unit/contracts/{id}?done=sent"))),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let reason = field_reasons(&e)
                .and_then(|r| r.into_values().next())
                .unwrap_or_else(|| e.message().localized().to_owned());
            let f = TerminateForm {
                form_error: Some(reason),
                ..TerminateForm::default()
            };
            render_contract(
                &state,
                &req,
                &session,
                Office::Unit,
                id,
                f,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(PageError::App(e)),
    }
}
