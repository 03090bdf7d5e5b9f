//! `GET /city/rounds/{id}`: one round, its settings, where it stands and its next step (what the
//! step needs, what it will do, the one button that takes it), and once closed the appointments
//! with their certificate numbers. `POST /city/rounds/{id}/advance` takes the step through
//! `services::rounds::advance_round`, which keeps every rule of it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::common::{Posted, category_label, refusal, round_view, unit_map};
use crate::domain::ids::RoundId;
use crate::domain::review::last_working_day;
use crate::domain::role::Role;
use crate::domain::selection::{NominationStatus, RoundStatus};
use crate::services::{round_register, rounds};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// `?done=…` after a form.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    pub done: Option<String>,
}

/// An appointment a closed round made.
#[derive(Debug, Serialize)]
struct AppointmentView {
    name: String,
    unit: String,
    category: String,
    certificate_no: String,
    appointed_on: chrono::NaiveDate,
    term_ends_on: chrono::NaiveDate,
    status: &'static str,
}

/// Renders the round's page; `form_error` is a refusal of its step.
async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: RoundId,
    status: StatusCode,
    done: Option<&str>,
    form_error: Option<String>,
) -> Result<HttpResponse, PageError> {
    let round = round_register::round(state, id).await?;
    let progress = round_register::progress(state, id).await?;
    let units = unit_map(round_register::unit_names(state).await?);
    let today = state.clock.today();
    let notice_days = state.settings.policy.public_notice_working_days;
    let appointments: Vec<AppointmentView> = if round.status == RoundStatus::Closed {
        round_register::appointments_of(state, id)
            .await?
            .into_iter()
            .map(|e| AppointmentView {
                name: e.mentor.name,
                unit: e.unit,
                category: category_label(e.mentor.category),
                certificate_no: e.mentor.certificate_no,
                appointed_on: e.mentor.appointed_on,
                term_ends_on: e.mentor.term_ends_on,
                status: e.mentor.status.as_str(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let counts: Vec<_> = progress
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| context! { status => s.as_str(), count => n })
        .collect();
    let uncovered: Vec<String> = progress
        .uncovered
        .iter()
        .map(|c| category_label(*c))
        .collect();
    let notice_over = round.notice_ends_on.is_some_and(|last| today > last);
    let step = context! {
        submitted => progress.count(NominationStatus::Submitted),
        left_out => progress.count(NominationStatus::Draft) + progress.count(NominationStatus::Returned),
        undecided => progress.count(NominationStatus::UnderReview),
        approved => progress.count(NominationStatus::Approved),
        rejected => progress.count(NominationStatus::Rejected),
        uncovered => uncovered,
        pending_objections => progress.pending_objections,
        notice_days => notice_days,
        notice_from => today.to_string(),
        notice_to => last_working_day(today, notice_days).to_string(),
        notice_over => notice_over,
    };
    let notice = match done {
        Some(d @ ("created" | "updated")) => Some(format!("rounds.done.{d}")),
        // Which step was taken: the one that led to where the round stands.
        Some("advanced") if round.status != RoundStatus::Open => {
            Some(format!("rounds.done.advanced_{}", round.status.as_str()))
        }
        _ => None,
    };
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "rounds/round.html",
        context! {
            r => Serde(round_view(&round, &units)),
            tab => "overview",
            counts => counts,
            step => step,
            appointments => Serde(appointments),
            notice => notice,
            form_error => form_error,
        },
    )
}

/// `GET /city/rounds/{id}`: the round (404 for an unknown one).
pub async fn get_round(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<RoundId>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    render(
        &state,
        &req,
        &session,
        id.into_inner(),
        StatusCode::OK,
        query.done.as_deref(),
        None,
    )
    .await
}

/// `POST /city/rounds/{id}/advance` with `to` = the next status: takes the step, or shows the
/// round again with the reason it was refused.
pub async fn post_round_advance(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<RoundId>,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    let round = round_register::round(&state, id).await?;
    let posted = Posted(form.0);
    let to: RoundStatus = match posted.get("to").parse() {
        Ok(s) => s,
        // A form from another page, or an old one: the round as it is now.
        Err(()) => return Ok(see_other(&format!("/city/rounds/{id}"))),
    };
    if round.status.next() != Some(to) {
        // Sent twice (the step was already taken), or from a stale page.
        return Ok(see_other(&format!("/city/rounds/{id}")));
    }
    match rounds::advance_round(&state, session.caller.clone(), id, to).await {
        Ok(_) => {
            // Closing queues the appointment e-mails, as the API's route does.
            state.mailer.wake.notify_one();
            Ok(see_other(&format!("/city/rounds/{id}?done=advanced")))
        }
        Err(e) => {
            let (_, banner) = refusal(e, &[])?;
            render(
                &state,
                &req,
                &session,
                id,
                StatusCode::CONFLICT,
                None,
                banner,
            )
            .await
        }
    }
}
