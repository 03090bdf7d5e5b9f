//! `/unit/contracts/new` and `/unit/contracts/{id}/edit`: the unit admin drafts a contract on
//! behalf of one of the unit's mentors in office, and changes a draft's terms until signatures are
//! requested, as `POST /api/v1/contracts` and `PATCH /api/v1/contracts/{id}` allow the mentor's
//! unit admin (the drafters). The form is the mentor's own (`web::mentor::mentees::draft_form`,
//! template `mentor/mentees/_draft_fields.html`): the unit's free mentees, someone of elsewhere
//! named by e-mail with a justification, the cycle, custom indicators. The services check
//! everything; the draft is then sent for signatures from its page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use minijinja::context;
use minijinja::value::Serde;

use super::contracts::{TerminateForm, render_contract};
use crate::db::contracts::Contract;
use crate::domain::contract::{ContractStatus, CreateContractRequest, UpdateContractRequest};
use crate::domain::ids::{ContractId, MentorEntryId};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::contract_drafting::Candidate;
use crate::services::{contracts, office_views};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, say};
use crate::web::layout::see_other;
use crate::web::mentor::mentees::draft_form::{
    DraftErrors, DraftForm, Offered, Parsed, above_of, fields_context, offered, people_of,
    resolve_others, show_refusal,
};
use crate::web::page::Frame;
use crate::web::people::office::{Office, Opt};
use crate::web::session::SignedIn;

type Fields = Vec<(String, String)>;

/// What the page shows besides the shared form.
struct Shown {
    /// The draft being edited; `None` on `/unit/contracts/new`.
    draft: Option<Contract>,
    mentor_entry_id: String,
    mentor_error: Option<String>,
    form: DraftForm,
    errors: DraftErrors,
    /// People of elsewhere named by e-mail in the form shown again.
    extra: Vec<Candidate>,
    banner: Option<String>,
}

impl Shown {
    fn of(draft: Option<Contract>, form: DraftForm) -> Self {
        Self {
            mentor_entry_id: String::new(),
            mentor_error: None,
            draft,
            form,
            errors: DraftErrors::default(),
            extra: Vec::new(),
            banner: None,
        }
    }
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    shown: Shown,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let Shown {
        draft,
        mentor_entry_id,
        mentor_error,
        form,
        mut errors,
        extra,
        banner,
    } = shown;
    let (mentors, free) = office_views::drafting_choices(state, &session.caller).await?;
    let mentor_opts: Vec<Opt> = std::iter::once(Opt::new("", say("mentoring.draft.choose_mentor")))
        .chain(
            mentors
                .iter()
                .map(|m| Opt::new(m.id.0.to_string(), m.name.clone())),
        )
        .collect();
    let mut people: Vec<Offered> = Vec::new();
    // The draft's own mentees first, whether or not they are still free.
    for m in draft.iter().flat_map(|k| k.mentees.iter()) {
        let near = m.justification.is_none();
        people.push((m.user_id.to_string(), m.name.clone(), String::new(), near));
    }
    people.extend(extra.iter().map(offered));
    people.extend(
        free.into_iter()
            .map(|(id, name)| (id.0.to_string(), name, String::new(), true)),
    );
    let people = people_of(&form, &mut errors, people);
    let above = above_of(banner, &mut errors);
    let fields = fields_context(&state.settings.policy, &form, &errors, &people);
    let editable = draft
        .as_ref()
        .is_none_or(|k| k.status == ContractStatus::Draft);
    let action = match &draft {
        Some(k) => format!("/unit/contracts/{}/edit", k.id),
        None => "/unit/contracts/new".to_owned(),
    };
    Frame::signed_in(state, req, session, Some(Role::UnitAdmin)).render(
        state,
        status,
        "mentoring/draft.html",
        context! {
            editing => draft.is_some(),
            editable => editable,
            draft => Serde(&draft),
            action => action,
            has_mentors => !mentors.is_empty(),
            mentor_opts => Serde(mentor_opts),
            mentor_entry_id => mentor_entry_id,
            mentor_error => mentor_error,
            above => above,
            ..fields
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
    let form = DraftForm::fresh(&state.settings.policy, state.clock.today());
    render(
        &state,
        &req,
        &session,
        Shown::of(None, form),
        StatusCode::OK,
    )
    .await
}

/// The form as posted with the people named by e-mail resolved for `mentor`'s contract, or the
/// page showing what the page itself cannot read.
async fn read(
    state: &AppState,
    session: &SignedIn,
    mut shown: Shown,
    fields: &Fields,
    mentor: Option<crate::domain::ids::UserId>,
) -> Result<Result<(Shown, Parsed), Shown>, PageError> {
    shown.form = DraftForm::from_fields(fields);
    let mut errors = DraftErrors::default();
    if let Some(mentor) = mentor {
        shown.extra =
            resolve_others(state, &session.caller, mentor, &mut shown.form, &mut errors).await?;
    }
    let parsed = shown.form.parse();
    shown.form.add_blank_rows();
    match parsed {
        Ok(p) if !errors.any() && shown.mentor_error.is_none() => Ok(Ok((shown, p))),
        Ok(_) => {
            shown.errors = errors;
            Ok(Err(shown))
        }
        Err(mut more) => {
            more.others = errors.others;
            shown.errors = *more;
            Ok(Err(shown))
        }
    }
}

/// The service's refusal beside the inputs it names, the input kept.
async fn refused(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    mut shown: Shown,
    err: AppError,
    sent: &Parsed,
) -> Result<HttpResponse, PageError> {
    let status = ResponseError::status_code(&err);
    // A refusal about the mentor goes beside the mentor's select, not above the form.
    let about_mentor = field_reasons(&err).and_then(|r| r.get("mentor_entry_id").cloned());
    match show_refusal(&err, sent) {
        Some(mut errors) => {
            if let Some(reason) = &about_mentor {
                errors.other.retain(|o| o != reason);
            }
            shown.errors = errors;
        }
        None if matches!(err, AppError::Forbidden { .. } | AppError::NotFound) => {
            return Err(err.into());
        }
        None => shown.banner = Some(err.message().localized().to_owned()),
    }
    if about_mentor.is_some() {
        shown.mentor_error = about_mentor;
    }
    render(state, req, session, shown, status).await
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
    let mut shown = Shown::of(None, DraftForm::default());
    shown.mentor_entry_id = fields
        .iter()
        .find(|(k, _)| k == "mentor_entry_id")
        .map_or(String::new(), |(_, v)| v.trim().to_owned());
    // Any mentor of the unit: the service says why one may not have a new contract.
    let mentor = match shown.mentor_entry_id.parse::<i64>().ok() {
        Some(id) => office_views::unit_mentor(&state, &session.caller, MentorEntryId(id)).await?,
        None => None,
    };
    if mentor.is_none() {
        shown.mentor_error = Some(say("mentoring.draft.choose_mentor"));
    }
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let (shown, parsed) = match read(
        &state,
        &session,
        shown,
        &fields,
        mentor.as_ref().map(|m| m.user_id),
    )
    .await?
    {
        Ok(read) => read,
        Err(shown) => return render(&state, &req, &session, shown, status).await,
    };
    let Some(mentor) = mentor else {
        return render(&state, &req, &session, shown, status).await;
    };
    let request = CreateContractRequest {
        mentor_entry_id: Some(mentor.id),
        start_date: parsed.start_date,
        cycle_months: parsed.request.cycle_months,
        mentees: parsed.request.mentees.clone().unwrap_or_default(),
        indicators: parsed.request.indicators.clone(),
    };
    match contracts::create_contract(&state, session.caller.clone(), request).await {
        Ok(k) => Ok(see_other(&format!("/unit/contracts/{}?done=drafted", k.id))),
        Err(err) => refused(&state, &req, &session, shown, err, &parsed).await,
    }
}

/// `GET /unit/contracts/{id}/edit`: the draft's terms in the form; a contract of another unit is
/// not found, one no longer in draft says why it cannot change.
pub async fn get_contract_edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let k = office_views::contract(&state, &session.caller, id.into_inner()).await?;
    let form = DraftForm::of_draft(&k);
    render(
        &state,
        &req,
        &session,
        Shown::of(Some(k), form),
        StatusCode::OK,
    )
    .await
}

/// `POST /unit/contracts/{id}/edit`: changes the draft's terms with the service.
pub async fn post_contract_edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ContractId>,
    fields: CheckedForm<Fields>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let k = office_views::contract(&state, &session.caller, id.into_inner()).await?;
    let id = k.id;
    if k.status != ContractStatus::Draft {
        let form = DraftForm::of_draft(&k);
        let shown = Shown::of(Some(k), form);
        return render(&state, &req, &session, shown, StatusCode::CONFLICT).await;
    }
    let mentor = k.mentor_user_id;
    let shown = Shown::of(Some(k), DraftForm::default());
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let (shown, parsed) = match read(&state, &session, shown, &fields.0, Some(mentor)).await? {
        Ok(read) => read,
        Err(shown) => return render(&state, &req, &session, shown, status).await,
    };
    let request = UpdateContractRequest {
        start_date: parsed.request.start_date,
        cycle_months: parsed.request.cycle_months,
        mentees: parsed.request.mentees.clone(),
        indicators: parsed.request.indicators.clone(),
    };
    match contracts::update_contract(&state, session.caller.clone(), id, request).await {
        Ok(_) => Ok(see_other(&format!("/unit/contracts/{id}?done=saved"))),
        Err(err) => refused(&state, &req, &session, shown, err, &parsed).await,
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
