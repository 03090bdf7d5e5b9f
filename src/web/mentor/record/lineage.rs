//! `/mentor/lineage`: the mentor's mentees, which of them became mentors, and theirs, as a nested
//! list with each person's unit and years.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;

use crate::domain::role::Role;
use crate::services::mentor_record::my_lineage;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// `GET /mentor/lineage`.
pub async fn get_lineage(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let lineage = my_lineage(&state, &session.caller).await?;
    Frame::signed_in(&state, &req, &session, Some(Role::Mentor)).render(
        &state,
        StatusCode::OK,
        "mentor/record/lineage.html",
        context! { lineage => Serde(lineage) },
    )
}
