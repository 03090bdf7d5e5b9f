//! Editing a person's name, roles, unit and talent profile from either office, as
//! `PATCH /api/v1/users/{id}` does; another unit's person answers the 404 page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::form::{Fields, PersonForm, render_form};
use super::office::Office;
use crate::domain::ids::UserId;
use crate::domain::user::UpdateUserRequest;
use crate::error::AppError;
use crate::services::{office_views, users};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::layout::see_other;
use crate::web::session::SignedIn;

/// `GET /unit/people/{id}/edit`.
pub async fn get_unit_person_edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<UserId>,
) -> Result<HttpResponse, PageError> {
    get_edit(&state, &req, &session, Office::Unit, id.into_inner()).await
}

/// `GET /city/people/{id}/edit`.
pub async fn get_city_person_edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<UserId>,
) -> Result<HttpResponse, PageError> {
    get_edit(&state, &req, &session, Office::City, id.into_inner()).await
}

async fn get_edit(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    office: Office,
    id: UserId,
) -> Result<HttpResponse, PageError> {
    session.require(office.role())?;
    let person = office_views::person(state, &session.caller, id).await?;
    let form = PersonForm::of(&person);
    render_form(
        state,
        req,
        session,
        office,
        Some(&person),
        form,
        StatusCode::OK,
    )
    .await
}

/// `POST /unit/people/{id}/edit`.
pub async fn post_unit_person_edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<UserId>,
    form: CheckedForm<Fields>,
) -> Result<HttpResponse, PageError> {
    post_edit(
        &state,
        &req,
        &session,
        Office::Unit,
        id.into_inner(),
        &form.0,
    )
    .await
}

/// `POST /city/people/{id}/edit`.
pub async fn post_city_person_edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<UserId>,
    form: CheckedForm<Fields>,
) -> Result<HttpResponse, PageError> {
    post_edit(
        &state,
        &req,
        &session,
        Office::City,
        id.into_inner(),
        &form.0,
    )
    .await
}

/// Saves the changes with the service; a unit admin keeps the person in their own unit.
async fn post_edit(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    office: Office,
    id: UserId,
    fields: &Fields,
) -> Result<HttpResponse, PageError> {
    session.require(office.role())?;
    let person = office_views::person(state, &session.caller, id).await?;
    let mut form = PersonForm::posted(fields);
    form.values.insert("email".to_owned(), person.email.clone());
    let profile = form.profile();
    if !form.errors.is_empty() {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return render_form(state, req, session, office, Some(&person), form, status).await;
    }
    let request = UpdateUserRequest {
        name: Some(form.get("name").to_owned()),
        roles: Some(form.roles()),
        unit_id: match office {
            Office::City => Some(form.unit()),
            Office::Unit => None,
        },
        locale: None,
        profile: Some(profile),
    };
    let done = match request.parse() {
        Ok(c) => users::update_user(state, session.caller.clone(), id, c).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => Ok(see_other(&format!("{}/{id}?done=saved", office.base()))),
        Err(AppError::NotFound) => Err(PageError::App(AppError::NotFound)),
        Err(
            e @ (AppError::Validation(_) | AppError::Conflict { .. } | AppError::Forbidden { .. }),
        ) => {
            form.refused(&e);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_form(state, req, session, office, Some(&person), form, status).await
        }
        Err(e) => Err(PageError::App(e)),
    }
}
