//! `/mentor/appointment`: the mentor's appointment — certificate number, term, unit, the round
//! that selected them and its status — and any earlier appointment below it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;

use crate::domain::review::MentorStatus;
use crate::domain::role::Role;
use crate::services::mentor_record::my_appointments;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// `GET /mentor/appointment`.
pub async fn get_appointment(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let mut all = my_appointments(&state, &session.caller).await?;
    // The running appointment, else the newest.
    let at = all
        .iter()
        .position(|a| a.entry.status == MentorStatus::Active)
        .unwrap_or(0);
    let current = (at < all.len()).then(|| all.remove(at));
    Frame::signed_in(&state, &req, &session, Some(Role::Mentor)).render(
        &state,
        StatusCode::OK,
        "mentor/record/appointment.html",
        context! {
            current => Serde(current),
            earlier => Serde(all),
        },
    )
}
