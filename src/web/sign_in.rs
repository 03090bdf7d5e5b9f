//! Signing in and out: `/`, `/login` and `/logout`. Login calls the same service as the API, so
//! its rate limits apply and an unknown account gets the same answer as a wrong password.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::csrf::CheckedForm;
use super::errors::PageError;
use super::forms::required;
use super::layout::see_other;
use super::page::Frame;
use super::session::{MaybeSignedIn, ended_session_cookie, local_path, session_cookie};
use crate::auth::caller::{client_ip, origin_of};
use crate::db::users::User;
use crate::error::AppError;
use crate::i18n::{self, LANGUAGE_COOKIE};
use crate::services::accounts;
use crate::state::AppState;

/// `GET /`: home when signed in, else the sign-in page.
pub async fn get_root(session: MaybeSignedIn) -> HttpResponse {
    see_other(if session.0.is_some() {
        "/home"
    } else {
        "/login"
    })
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Serialize, Default)]
struct LoginErrors {
    email: Option<String>,
    password: Option<String>,
}

/// What the sign-in page shows besides the form.
struct LoginPage<'a> {
    email: &'a str,
    errors: LoginErrors,
    form_error: Option<String>,
    notice: Option<&'static str>,
    next: &'a str,
}

fn login_page(
    state: &AppState,
    req: &HttpRequest,
    status: StatusCode,
    page: LoginPage,
) -> Result<HttpResponse, PageError> {
    Frame::anonymous(state, req).render(
        state,
        status,
        "login.html",
        context! {
            email => page.email,
            errors => Serde(page.errors),
            form_error => page.form_error,
            notice => page.notice,
            next => page.next,
        },
    )
}

/// `GET /login`.
pub async fn get_login(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: MaybeSignedIn,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, PageError> {
    let next = local_path(query.next.as_deref());
    if session.0.is_some() {
        return Ok(see_other(&next));
    }
    let notice = match query.notice.as_deref() {
        Some("signed_out") => Some("notice.signed_out"),
        Some("reset") => Some("notice.password_reset"),
        _ if query.next.is_some() => Some("notice.sign_in_again"),
        _ => None,
    };
    login_page(
        &state,
        &req,
        StatusCode::OK,
        LoginPage {
            email: "",
            errors: LoginErrors::default(),
            form_error: None,
            notice,
            next: &next,
        },
    )
}

/// `POST /login`: signs in and goes on to the page asked for (home by default).
pub async fn post_login(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: CheckedForm<LoginForm>,
) -> Result<HttpResponse, PageError> {
    let LoginForm {
        email,
        password,
        next,
    } = form.0;
    let next = local_path(Some(&next));
    let errors = LoginErrors {
        email: required(&email),
        password: required(&password),
    };
    if errors.email.is_some() || errors.password.is_some() {
        let page = LoginPage {
            email: &email,
            errors,
            form_error: None,
            notice: None,
            next: &next,
        };
        return login_page(&state, &req, StatusCode::UNPROCESSABLE_ENTITY, page);
    }
    let trusted = &state.settings.server.trusted_proxies;
    let (ip, origin) = (client_ip(&req, trusted), origin_of(&req, trusted));
    match accounts::log_in(&state, &email, password, ip, origin).await {
        Ok(session) => Ok(signed_in_response(
            &state,
            &req,
            &next,
            session.access_token,
            &session.user,
        )),
        Err(e @ (AppError::InvalidCredentials | AppError::TooManyRequests { .. })) => {
            let status = match e {
                AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
                _ => StatusCode::TOO_MANY_REQUESTS,
            };
            let page = LoginPage {
                email: &email,
                errors: LoginErrors::default(),
                form_error: Some(e.message().localized().to_owned()),
                notice: None,
                next: &next,
            };
            login_page(&state, &req, status, page)
        }
        Err(e) => Err(e.into()),
    }
}

/// The answer once a user is signed in: the session cookie, the user's own language when the
/// browser has not chosen one, and a redirect to `next`.
pub fn signed_in_response(
    state: &AppState,
    req: &HttpRequest,
    next: &str,
    token: String,
    user: &User,
) -> HttpResponse {
    let mut res = see_other(next);
    let _ = res.add_cookie(&session_cookie(state, token));
    if req.cookie(LANGUAGE_COOKIE).is_none() && user.locale != i18n::current().locale {
        let _ = res.add_cookie(&super::language::language_cookie(state, user.locale));
    }
    res
}

/// A form with nothing but its CSRF token.
#[derive(Deserialize)]
pub struct NoFields {}

/// `POST /logout`: ends every session of the user (as the API's logout does) and forgets the
/// cookie.
pub async fn post_logout(
    state: web::Data<AppState>,
    session: MaybeSignedIn,
    _form: CheckedForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    if let Some(s) = session.0 {
        accounts::log_out(&state, s.caller).await?;
    }
    let mut res = see_other("/login?notice=signed_out");
    let _ = res.add_cookie(&ended_session_cookie(&state));
    Ok(res)
}
