//! Creating a person from either office: the service creates the account in status `invited`
//! and sends the invitation e-mail, as `POST /api/v1/users` does.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::form::{Fields, PersonForm, render_form};
use super::office::Office;
use crate::domain::role::Role;
use crate::domain::user::CreateUserRequest;
use crate::error::AppError;
use crate::services::users;
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::layout::see_other;
use crate::web::session::SignedIn;

/// `GET /unit/people/new`.
pub async fn get_unit_person_new(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    get_new(&state, &req, &session, Office::Unit).await
}

/// `GET /city/people/new`.
pub async fn get_city_person_new(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    get_new(&state, &req, &session, Office::City).await
}

async fn get_new(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    office: Office,
) -> Result<HttpResponse, PageError> {
    session.require(office.role())?;
    let form = PersonForm {
        roles: vec![Role::Mentor.as_str().to_owned()],
        ..PersonForm::posted(&Vec::new())
    };
    render_form(state, req, session, office, None, form, StatusCode::OK).await
}

/// `POST /unit/people/new`.
pub async fn post_unit_person_new(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    form: CheckedForm<Fields>,
) -> Result<HttpResponse, PageError> {
    post_new(&state, &req, &session, Office::Unit, &form.0).await
}

/// `POST /city/people/new`.
pub async fn post_city_person_new(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    form: CheckedForm<Fields>,
) -> Result<HttpResponse, PageError> {
    post_new(&state, &req, &session, Office::City, &form.0).await
}

/// Creates the person with the service (which sends the invitation), then shows their page.
async fn post_new(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    office: Office,
    fields: &Fields,
) -> Result<HttpResponse, PageError> {
    session.require(office.role())?;
    let mut form = PersonForm::posted(fields);
    let request = CreateUserRequest {
        email: form.get("email").to_owned(),
        name: form.get("name").to_owned(),
        roles: form.roles(),
        unit_id: match office {
            Office::City => form.unit(),
            Office::Unit => session.caller.unit_id,
        },
        locale: None,
        profile: None,
    };
    match users::create_user(state, session.caller.clone(), request).await {
        Ok(u) => Ok(see_other(&format!(
            "{}/{}?done=created",
            office.base(),
            u.id
        ))),
        Err(
            e @ (AppError::Validation(_) | AppError::Conflict { .. } | AppError::Forbidden { .. }),
        ) => {
            form.refused(&e);
            if matches!(e, AppError::Forbidden { .. }) {
                form.errors
                    .insert("roles".to_owned(), e.message().localized().to_owned());
                form.form_error = None;
            }
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_form(state, req, session, office, None, form, status).await
        }
        Err(e) => Err(PageError::App(e)),
    }
}
