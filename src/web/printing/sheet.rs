//! What every printable document shares: the frame it is rendered in (the reader's session, no
//! area acting) and the words of the issuing department and today's date.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use minijinja::Value;

use crate::domain::role::Role;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// Renders the document template `template` (under `printing/`) for a signed-in reader.
pub fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    template: &str,
    page: Value,
) -> Result<HttpResponse, PageError> {
    Frame::signed_in(state, req, session, None).render(state, StatusCode::OK, template, page)
}

/// The department printed beside the seal (`selection.issuing_department`).
pub fn department(state: &AppState) -> String {
    state.settings.selection.issuing_department.clone()
}

/// Where the document's back link leads for this reader: the office's page when they hold an
/// office role, else the person's own page.
pub fn back(session: &SignedIn, city: &str, unit: &str, own: &str) -> String {
    let c = &session.caller;
    if c.has(Role::CityAdmin) {
        city.to_owned()
    } else if c.has(Role::UnitAdmin) {
        unit.to_owned()
    } else {
        own.to_owned()
    }
}
