//! A person's page for the offices (`/unit/people/{id}`, `/city/people/{id}`): the account, the
//! roles and the talent profile the API keeps, and what may be done next (edit, deactivate with
//! its consequence printed beside the button, reactivate, send the invitation again). Another
//! unit's person answers the 404 page, as the service scopes it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use serde::Deserialize;

use super::office::{Office, role_words, words};
use crate::domain::ids::UserId;
use crate::domain::user::UserStatus;
use crate::error::AppError;
use crate::services::{office_views, users};
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

/// A form with only its CSRF token.
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `GET /unit/people/{id}`.
pub async fn get_unit_person(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<UserId>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    render_person(
        &state,
        &req,
        &session,
        Office::Unit,
        id.into_inner(),
        query.done.as_deref(),
        None,
    )
    .await
}

/// `GET /city/people/{id}`.
pub async fn get_city_person(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<UserId>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    render_person(
        &state,
        &req,
        &session,
        Office::City,
        id.into_inner(),
        query.done.as_deref(),
        None,
    )
    .await
}

async fn render_person(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    office: Office,
    id: UserId,
    done: Option<&str>,
    refusal: Option<String>,
) -> Result<HttpResponse, PageError> {
    session.require(office.role())?;
    let u = office_views::person(state, &session.caller, id).await?;
    let unit = match u.unit_id {
        Some(unit) => Some(office_views::unit(state, &session.caller, unit).await?.name),
        None => None,
    };
    let p = &u.profile;
    let notice = match done {
        Some("created") => Some("people.notice.created"),
        Some("saved") => Some("people.notice.saved"),
        Some("deactivated") => Some("people.notice.deactivated"),
        Some("reactivated") => Some("people.notice.reactivated"),
        Some("invited") => Some("people.notice.invited"),
        _ => None,
    };
    let status = if refusal.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Frame::signed_in(state, req, session, Some(office.role())).render(
        state,
        status,
        "people/person.html",
        context! {
            base => office.base(),
            p => context! {
                id => u.id.0,
                name => u.name.clone(),
                email => u.email.clone(),
                status => u.status.as_str(),
                status_words => words(u.status),
                roles => u.roles.iter().map(|r| role_words(*r)).collect::<Vec<_>>(),
                unit => unit,
                is_self => u.id == session.caller.id,
                created_at => u.created_at.naive_utc().to_string(),
            },
            profile => context! {
                gender => p.gender.map(words),
                birth_date => p.birth_date.map(|d| d.to_string()),
                education => p.education.map(words),
                title_level => p.title_level.map(words),
                skill_level => p.skill_level.map(words),
                specialty => p.specialty.clone(),
                phone => p.phone.clone(),
                id_number => p.id_number.clone(),
                position => p.position.clone(),
                city_work_start_date => p.city_work_start_date.map(|d| d.to_string()),
                from_outside_city => p.from_outside_city,
                owns_urban_housing => p.owns_urban_housing,
            },
            // A unit admin sees the unit's admins but manages only its mentors and mentees (the
            // service refuses the rest); the city manages everyone.
            manageable => office == Office::City || !u.roles.iter().any(|r| r.is_privileged()),
            invited => u.status == UserStatus::Invited,
            deactivated => u.status == UserStatus::Deactivated,
            notice => notice,
            refusal => refusal,
        },
    )
}

/// Runs one of the account's actions and comes back to the person's page with its outcome; a
/// refusal that is not a 403 or 404 is shown on the page.
async fn act(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    office: Office,
    id: UserId,
    action: &str,
) -> Result<HttpResponse, PageError> {
    session.require(office.role())?;
    let caller = session.caller.clone();
    let (result, done) = match action {
        "deactivate" => (
            users::set_active(state, caller, id, false).await,
            "deactivated",
        ),
        "reactivate" => (
            users::set_active(state, caller, id, true).await,
            "reactivated",
        ),
        _ => (users::resend_invitation(state, caller, id).await, "invited"),
    };
    match result {
        Ok(_) => Ok(see_other(&format!("{}/{id}?done={done}", office.base()))),
        Err(e @ (AppError::Conflict { .. } | AppError::Validation(_))) => {
            let reason = crate::web::forms::field_reasons(&e)
                .and_then(|r| r.into_values().next())
                .unwrap_or_else(|| e.message().localized().to_owned());
            render_person(state, req, session, office, id, None, Some(reason)).await
        }
        Err(e) => Err(PageError::App(e)),
    }
}

macro_rules! action_handler {
    ($name:ident, $office:expr, $action:literal, $doc:literal) => {
        #[doc = $doc]
        pub async fn $name(
            state: web::Data<AppState>,
            req: HttpRequest,
            session: SignedIn,
            id: web::Path<UserId>,
            _form: CheckedForm<Empty>,
        ) -> Result<HttpResponse, PageError> {
            act(&state, &req, &session, $office, id.into_inner(), $action).await
        }
    };
}

action_handler!(
    post_unit_person_deactivate,
    Office::Unit,
    "deactivate",
    "`POST /unit/people/{id}/deactivate`: ends every session of the account; nothing is deleted."
);
action_handler!(
    post_city_person_deactivate,
    Office::City,
    "deactivate",
    "`POST /city/people/{id}/deactivate`: ends every session of the account; nothing is deleted."
);
action_handler!(
    post_unit_person_reactivate,
    Office::Unit,
    "reactivate",
    "`POST /unit/people/{id}/reactivate`: the account may sign in again."
);
action_handler!(
    post_city_person_reactivate,
    Office::City,
    "reactivate",
    "`POST /city/people/{id}/reactivate`: the account may sign in again."
);
action_handler!(
    post_unit_person_invitation,
    Office::Unit,
    "invite",
    "`POST /unit/people/{id}/invitation`: a new invitation; earlier links stop working."
);
action_handler!(
    post_city_person_invitation,
    Office::City,
    "invite",
    "`POST /city/people/{id}/invitation`: a new invitation; earlier links stop working."
);
