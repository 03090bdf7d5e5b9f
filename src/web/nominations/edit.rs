//! One nomination's page (`/unit/nominations/{id}`), where a draft or a returned form is saved
//! and submitted, and withdrawing (`POST /unit/nominations/{id}/withdraw`). Every refusal is the
//! service's, shown beside its field with the input kept. The new form is in `new`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::form::{Choices, Errors, FORM_FIELDS, NominationInput, errors_view, place};
use super::list::unit_of;
use crate::db::evidence_files::EvidenceFile;
use crate::db::nominations::{self, Nomination};
use crate::db::rounds::{self, Round};
use crate::domain::evidence::Owner;
use crate::domain::ids::{NominationId, RoundId};
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::selection::{NominationStatus, RoundStatus};
use crate::error::AppError;
use crate::services;
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, say};
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;
use crate::web::uploads::MAX_FILES;

/// `?done=…` after a form.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    pub done: Option<String>,
    pub round: Option<String>,
}

/// The notices the nomination page shows after a form.
const NOTICES: &[&str] = &["created", "saved", "submitted", "files", "files_some"];

/// A file of the nomination as the page lists it.
#[derive(Serialize)]
pub struct FileView {
    id: i64,
    name: String,
    size: String,
}

/// "1.2 MB", "340 KB".
fn size_words(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// The files as the pages list them.
pub fn file_views(files: &[EvidenceFile]) -> Vec<FileView> {
    files
        .iter()
        .map(|f| FileView {
            id: f.id.0,
            name: f.file_name.clone(),
            size: size_words(f.size_bytes),
        })
        .collect()
}

/// The round as the form's head shows it.
#[derive(Serialize)]
pub(super) struct RoundView {
    id: RoundId,
    name: String,
    deadline: NaiveDate,
    status: &'static str,
}

pub(super) fn round_view(r: &Round) -> RoundView {
    RoundView {
        id: r.id,
        name: r.name.clone(),
        deadline: r.nomination_deadline,
        status: r.status.as_str(),
    }
}

/// The policy's numbers the form's hints name.
pub(super) fn rules_words(state: &AppState) -> minijinja::Value {
    let p = &state.settings.policy;
    context! { years => p.min_years_in_city, age => p.max_nomination_age }
}

/// What a form shows again: the values typed and the reasons.
#[derive(Default)]
pub struct Shown {
    pub input: Option<NominationInput>,
    pub errors: Errors,
    pub banner: Option<String>,
    pub notice: Option<String>,
}

pub(super) fn unprocessable() -> StatusCode {
    StatusCode::UNPROCESSABLE_ENTITY
}

pub(super) fn kept(input: NominationInput, errors: Errors, banner: Option<String>) -> Shown {
    let banner = banner.or_else(|| (!errors.is_empty()).then(|| say("form.fix")));
    Shown {
        input: Some(input),
        errors,
        banner,
        notice: None,
    }
}

/// Places a refusal of the service on the form; anything else than a refusal of the form (a 403,
/// a 404, a failure) is the page's answer.
pub fn refusal(e: AppError, errors: &mut Errors) -> Result<Option<String>, PageError> {
    match &e {
        AppError::Validation(_) | AppError::Conflict { .. } => Ok(match field_reasons(&e) {
            Some(reasons) => place(reasons, errors),
            None => Some(e.message().localized().to_owned()),
        }),
        _ => Err(PageError::App(e)),
    }
}

/// The nomination of the caller's unit, its round and its files (another unit's answers 404).
async fn load(
    state: &AppState,
    session: &SignedIn,
    id: NominationId,
) -> Result<(Nomination, Round, Vec<EvidenceFile>), PageError> {
    let unit = unit_of(session)?;
    let (n, round) = state
        .db
        .run(move |c| {
            let n = nominations::find(c, id, Scope::Unit(unit))?;
            let round = rounds::find(c, n.round_id)?;
            Ok((n, round))
        })
        .await?;
    let files = services::evidence::list(state, &session.caller, Owner::nomination(id)).await?;
    Ok((n, round, files))
}

/// `GET /unit/nominations/{id}`.
pub async fn get_nomination(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<NominationId>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let notice = query
        .done
        .as_deref()
        .filter(|d| NOTICES.contains(d))
        .map(|d| format!("nominations.done.{d}"));
    let shown = Shown {
        notice,
        ..Shown::default()
    };
    render_nomination(
        &state,
        &req,
        &session,
        id.into_inner(),
        StatusCode::OK,
        shown,
    )
    .await
}

/// The nomination's page with `shown` (the form again after a refusal).
pub async fn render_nomination(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: NominationId,
    status: StatusCode,
    shown: Shown,
) -> Result<HttpResponse, PageError> {
    let (n, round, files) = load(state, session, id).await?;
    let input = shown
        .input
        .unwrap_or_else(|| NominationInput::of_fields(&n.form));
    let editable = n.status.editable();
    let withdrawable = matches!(
        n.status,
        NominationStatus::Draft | NominationStatus::Submitted | NominationStatus::Returned
    );
    let locale = crate::i18n::current().locale;
    let warnings: Vec<String> = n
        .warnings
        .iter()
        .map(|w| match locale {
            crate::i18n::Locale::ZhCn => w.zh.clone(),
            crate::i18n::Locale::En => w.en.clone(),
        })
        .collect();
    let max_mb = state.settings.policy.evidence_file_max_bytes / (1024 * 1024);
    Frame::signed_in(state, req, session, Some(Role::UnitAdmin)).render(
        state,
        status,
        "nominations/nomination.html",
        context! {
            n => context! {
                id => n.id.0,
                name => n.candidate_name,
                status => n.status.as_str(),
                return_comment => n.return_comment,
                submitted_at => Serde(n.submitted_at),
                decision_reason => n.decision_reason,
                category => n.form.category.map(|c| c.as_str()),
            },
            round => Serde(round_view(&round)),
            round_open => round.status == RoundStatus::Open,
            editable => editable,
            withdrawable => withdrawable,
            warnings => Serde(warnings),
            form => Serde(input),
            errors => Serde(errors_view(&shown.errors, FORM_FIELDS)),
            banner => shown.banner,
            notice => shown.notice,
            files => Serde(file_views(&files)),
            max_files => MAX_FILES,
            max_mb => max_mb,
            choices => Serde(Choices::now()),
            rules => rules_words(state),
        },
    )
}

/// `POST /unit/nominations/{id}`: saves the form (`action=save`), or saves and submits it
/// (`action=submit`).
pub async fn post_nomination(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<NominationId>,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    unit_of(&session)?;
    let id = id.into_inner();
    let input = NominationInput::from_pairs(form.0);
    let (nomination_form, mut errors) = input.to_form(false);
    if !errors.is_empty() {
        load(&state, &session, id).await?;
        let shown = kept(input, errors, None);
        return render_nomination(&state, &req, &session, id, unprocessable(), shown).await;
    }
    let saved = services::nominations::update_nomination(
        &state,
        session.caller.clone(),
        id,
        nomination_form,
    )
    .await;
    if let Err(e) = saved {
        let banner = refusal(e, &mut errors)?;
        let shown = kept(input, errors, banner);
        return render_nomination(&state, &req, &session, id, unprocessable(), shown).await;
    }
    if input.action == "submit" {
        return submit_then(&state, &req, &session, id, input, "saved").await;
    }
    Ok(see_other(&format!("/unit/nominations/{id}?done=saved")))
}

/// Submits a saved form; a refusal shows the form again with the service's reasons.
pub(super) async fn submit_then(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: NominationId,
    input: NominationInput,
    saved: &str,
) -> Result<HttpResponse, PageError> {
    match services::nominations::submit_nomination(state, session.caller.clone(), id).await {
        Ok(_) => Ok(see_other(&format!("/unit/nominations/{id}?done=submitted"))),
        Err(e) => {
            let mut errors = Errors::new();
            let banner = refusal(e, &mut errors)?;
            let mut shown = kept(input, errors, banner);
            shown.notice = Some(format!("nominations.done.{saved}_not_submitted"));
            render_nomination(state, req, session, id, unprocessable(), shown).await
        }
    }
}

/// The withdraw form's token.
#[derive(Debug, Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    pub csrf: String,
}

/// `POST /unit/nominations/{id}/withdraw`: takes the nomination back (the page said what
/// follows beside the button).
pub async fn post_nomination_withdraw(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<NominationId>,
    _form: CheckedForm<WithdrawForm>,
) -> Result<HttpResponse, PageError> {
    unit_of(&session)?;
    let id = id.into_inner();
    load(&state, &session, id).await?;
    match services::nominations::withdraw_nomination(&state, session.caller.clone(), id).await {
        Ok(_) => Ok(see_other("/unit/nominations?done=withdrawn")),
        Err(e) => {
            let mut errors = Errors::new();
            let banner = refusal(e, &mut errors)?;
            let shown = Shown {
                banner,
                ..Shown::default()
            };
            render_nomination(&state, &req, &session, id, StatusCode::CONFLICT, shown).await
        }
    }
}
