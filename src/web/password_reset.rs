//! "Forgot password" (`/forgot-password`) and the reset e-mail's link (`/reset-password?token=…`),
//! through the same services as the API: the same answer whatever the address (and as fast), the
//! address's reset limit, and every session ended by the new password.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::csrf::CheckedForm;
use super::errors::PageError;
use super::forms::{required, say};
use super::invitation::{NewPasswordForm, TokenQuery, open_link, password_page, show_refusal};
use super::layout::see_other;
use super::page::Frame;
use crate::auth::caller::{client_ip, origin_of};
use crate::error::AppError;
use crate::services::accounts;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct SentQuery {
    sent: Option<String>,
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

#[derive(Serialize, Default)]
struct ForgotErrors {
    email: Option<String>,
}

fn forgot_page(
    state: &AppState,
    req: &HttpRequest,
    status: StatusCode,
    email: &str,
    errors: ForgotErrors,
    form_error: Option<String>,
    sent: bool,
) -> Result<HttpResponse, PageError> {
    Frame::anonymous(state, req).render(
        state,
        status,
        "forgot_password.html",
        context! { email => email, errors => Serde(errors), form_error => form_error, sent => sent },
    )
}

/// `GET /forgot-password` (and, after the form, `?sent=1`: the same notice for every address).
pub async fn get_forgot_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SentQuery>,
) -> Result<HttpResponse, PageError> {
    let sent = query.sent.is_some();
    forgot_page(
        &state,
        &req,
        StatusCode::OK,
        "",
        ForgotErrors::default(),
        None,
        sent,
    )
}

/// `POST /forgot-password`: asks for the reset e-mail.
pub async fn post_forgot_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: CheckedForm<ForgotForm>,
) -> Result<HttpResponse, PageError> {
    let email = form.0.email;
    let errors = ForgotErrors {
        email: required(&email),
    };
    if errors.email.is_some() {
        return forgot_page(
            &state,
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            &email,
            errors,
            None,
            false,
        );
    }
    let trusted = &state.settings.server.trusted_proxies;
    let (ip, origin) = (client_ip(&req, trusted), origin_of(&req, trusted));
    match accounts::request_password_reset(state.clone(), &email, ip, origin) {
        Ok(()) => Ok(see_other("/forgot-password?sent=1")),
        Err(e @ AppError::TooManyRequests { .. }) => forgot_page(
            &state,
            &req,
            StatusCode::TOO_MANY_REQUESTS,
            &email,
            ForgotErrors::default(),
            Some(e.message().localized().to_owned()),
            false,
        ),
        Err(e) => Err(e.into()),
    }
}

/// The reset page's template.
const RESET_TEMPLATE: &str = "reset_password.html";

/// `GET /reset-password?token=…`.
pub async fn get_reset_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, PageError> {
    open_link(&state, &req, RESET_TEMPLATE, &query)
}

/// `POST /reset-password`: sets the new password; every session ends, so sign in again.
pub async fn post_reset_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: CheckedForm<NewPasswordForm>,
) -> Result<HttpResponse, PageError> {
    let form = form.0;
    let errors = form.check();
    if errors.any() {
        return password_page(
            &state,
            &req,
            RESET_TEMPLATE,
            StatusCode::UNPROCESSABLE_ENTITY,
            &form.token,
            errors,
            Some(say("form.fix")),
        );
    }
    let origin = origin_of(&req, &state.settings.server.trusted_proxies);
    match accounts::confirm_password_reset(&state, form.token.clone(), &form.password, origin).await
    {
        Ok(()) => Ok(see_other("/login?notice=reset")),
        Err(err) => {
            let status = ResponseError::status_code(&err);
            let (errors, above) = show_refusal(err, "new_password")?;
            password_page(
                &state,
                &req,
                RESET_TEMPLATE,
                status,
                &form.token,
                errors,
                Some(above),
            )
        }
    }
}
