//! `/accept-invitation?token=…`, the link of the invitation e-mail: the invited person sets a
//! password and is signed in (the same service as `POST /api/v1/auth/invitations/accept`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::csrf::CheckedForm;
use super::errors::PageError;
use super::forms::{field_reasons, required, say};
use super::page::Frame;
use super::sign_in::signed_in_response;
use crate::auth::caller::origin_of;
use crate::error::AppError;
use crate::services::accounts;
use crate::state::AppState;

/// The invitation page's template.
const TEMPLATE: &str = "accept_invitation.html";

#[derive(Deserialize)]
pub struct TokenQuery {
    pub token: Option<String>,
}

#[derive(Deserialize)]
pub struct NewPasswordForm {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub confirm_password: String,
}

/// Reasons beside the two password fields.
#[derive(Serialize, Default)]
pub struct PasswordErrors {
    pub password: Option<String>,
    pub confirm_password: Option<String>,
}

impl NewPasswordForm {
    /// The page's own checks: both fields filled, and the same twice.
    pub fn check(&self) -> PasswordErrors {
        let confirm = required(&self.confirm_password).or_else(|| {
            (self.password != self.confirm_password).then(|| say("form.passwords_differ"))
        });
        PasswordErrors {
            password: required(&self.password),
            confirm_password: confirm,
        }
    }
}

impl PasswordErrors {
    pub fn any(&self) -> bool {
        self.password.is_some() || self.confirm_password.is_some()
    }
}

/// A refusal of the service as the password form shows it: the password's reason beside it,
/// anything else (an invalid, expired or used link) above the form.
pub fn show_refusal(err: AppError, field: &str) -> Result<(PasswordErrors, String), PageError> {
    let mut errors = PasswordErrors::default();
    let above = match &err {
        AppError::Gone { message, .. } => Some(message.localized().to_owned()),
        _ => match field_reasons(&err) {
            Some(mut reasons) => {
                errors.password = reasons.remove(field);
                reasons.into_values().next()
            }
            None => return Err(err.into()),
        },
    };
    Ok((errors, above.unwrap_or_else(|| say("form.fix"))))
}

/// A page whose form sets a password for the token of an e-mail's link (`template`: the
/// invitation's or the password reset's).
pub fn password_page(
    state: &AppState,
    req: &HttpRequest,
    template: &str,
    status: StatusCode,
    token: &str,
    errors: PasswordErrors,
    form_error: Option<String>,
) -> Result<HttpResponse, PageError> {
    Frame::anonymous(state, req).render(
        state,
        status,
        template,
        context! {
            token => token,
            errors => Serde(errors),
            form_error => form_error,
        },
    )
}

/// The page an e-mail's link opens: its form, with a word above it when the link has no token.
pub fn open_link(
    state: &AppState,
    req: &HttpRequest,
    template: &str,
    query: &TokenQuery,
) -> Result<HttpResponse, PageError> {
    let token = query.token.clone().unwrap_or_default();
    let missing = token.trim().is_empty().then(|| say("link.missing"));
    password_page(
        state,
        req,
        template,
        StatusCode::OK,
        &token,
        PasswordErrors::default(),
        missing,
    )
}

/// `GET /accept-invitation?token=…`.
pub async fn get_accept_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, PageError> {
    open_link(&state, &req, TEMPLATE, &query)
}

/// `POST /accept-invitation`: sets the password, signs in, goes home.
pub async fn post_accept_invitation(
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
            TEMPLATE,
            StatusCode::UNPROCESSABLE_ENTITY,
            &form.token,
            errors,
            Some(say("form.fix")),
        );
    }
    let origin = origin_of(&req, &state.settings.server.trusted_proxies);
    match accounts::accept_invitation(&state, form.token.clone(), &form.password, origin).await {
        Ok(session) => Ok(signed_in_response(
            &state,
            &req,
            "/home",
            session.access_token,
            &session.user,
        )),
        Err(err) => {
            let status = ResponseError::status_code(&err);
            let (errors, above) = show_refusal(err, "password")?;
            password_page(
                &state,
                &req,
                TEMPLATE,
                status,
                &form.token,
                errors,
                Some(above),
            )
        }
    }
}
