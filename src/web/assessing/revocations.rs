//! `/city/assessment-rounds/revocations`: the confirmed unqualified grades, those whose
//! consequence was carried out (revoked, rectification, nothing to revoke) and those still
//! pending (in the objection window, or waiting for an objection's decision; the daily job
//! carries them out once the window has passed).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;

use super::views::row;
use crate::domain::role::Role;
use crate::services::assessment_desk;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// `GET /city/assessment-rounds/revocations`.
pub async fn get_revocations(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (mut done, mut pending) = assessment_desk::revocations(&state, &session.caller).await?;
    done.sort_by_key(|a| std::cmp::Reverse(a.consequence_at));
    pending.sort_by_key(|a| a.objection_deadline);
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "assessing/revocations.html",
        context! {
            done => Serde(done.iter().map(row).collect::<Vec<_>>()),
            pending => Serde(pending.iter().map(row).collect::<Vec<_>>()),
            today => Serde(state.clock.today()),
        },
    )
}
