//! Opening a round runs in the background (`services::background`): it creates an assessment for
//! every mentor of the city, which takes long in a large city, so the form's answer is a progress
//! page (`/city/assessment-rounds/opening/{ticket}`) that reloads itself (`web::refresh`, no
//! script) until the service has finished, then shows the summary. The tickets live in this
//! process only: a restart forgets them, and the round list shows what was opened.

use std::sync::Arc;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use crate::auth::caller::Caller;
use crate::domain::assessment::OpenRoundRequest;
use crate::domain::ids::AssessmentRoundId;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::assessment_rounds;
use crate::services::background::{self, Progress, Tasks, Ticket};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::refresh;
use crate::web::session::SignedIn;

/// What an opening ends with: the round and how many assessments it created.
#[derive(Debug, Clone, Serialize)]
pub struct Opened {
    round_id: AssessmentRoundId,
    assessments: usize,
}

/// The openings of this process, forgotten an hour after they end (at most 64 kept).
static OPENINGS: Tasks<Opened> = Tasks::new(Duration::from_secs(3600), 64);

/// Starts opening the round in the background and answers its ticket. The request was checked
/// already (`OpenRoundRequest::parse`); a refusal the service finds (the year exists) is the
/// progress page's end.
pub fn start(state: web::Data<AppState>, caller: Caller, req: OpenRoundRequest) -> Ticket {
    let year = req.year;
    let by = caller.id;
    OPENINGS.start(
        by,
        Some(year.to_string()),
        state.clock.clone(),
        move |_: Arc<Progress>| async move {
            match assessment_rounds::open_round(&state, caller, req).await {
                Ok(o) => Ok(Opened {
                    round_id: o.round.id,
                    assessments: o.assessments,
                }),
                Err(e) => Err(background::reason(&e)),
            }
        },
    )
}

/// `GET /city/assessment-rounds/opening/{ticket}`: the opening's progress, reloading itself every
/// two seconds while it runs; then the summary with the link to the round.
pub async fn get_opening(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    ticket: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let ticket = Ticket::parse(&ticket).ok_or(AppError::NotFound)?;
    let task = OPENINGS
        .settle(ticket, session.caller.id, refresh::SETTLE)
        .await
        .ok_or(AppError::NotFound)?;
    let year = OPENINGS.key(ticket, session.caller.id).unwrap_or_default();
    let running = task.running();
    let res = Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "assessing/opening.html",
        context! {
            year,
            task => Serde(task),
            path => req.path(),
        },
    )?;
    Ok(if running {
        refresh::reloading(res, refresh::EVERY_SECS)
    } else {
        res
    })
}
