//! CSRF tokens for every form that changes something. A signed-in form carries an HMAC of the
//! session's token; a form before sign-in (log in, accept an invitation, forgot or reset a
//! password) carries an HMAC of a random pre-session cookie. The key is derived from the service's
//! secret. A POST whose token matches neither cookie of the request is refused before its body is
//! looked at further, so it changes nothing.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, web};
use aws_lc_rs::hmac;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::errors::PageError;
use super::session::SESSION_COOKIE;
use crate::auth::account_token::TokenKey;
use crate::state::AppState;

/// The cookie that ties a pre-sign-in form to the browser that opened it.
pub const FORM_COOKIE: &str = "peidai_form";
/// How long a pre-session cookie lives (a day: a sign-in page left open overnight is reloaded).
pub const FORM_COOKIE_SECS: i64 = 24 * 3600;

fn key(state: &AppState) -> hmac::Key {
    let master = hmac::Key::new(
        hmac::HMAC_SHA256,
        state.settings.auth.jwt_secret.expose().as_bytes(),
    );
    let derived = hmac::sign(&master, b"peidai page forms v1");
    hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref())
}

fn sign(state: &AppState, purpose: &str, value: &str) -> String {
    let tag = hmac::sign(&key(state), format!("{purpose}\n{value}").as_bytes());
    URL_SAFE_NO_PAD.encode(tag.as_ref())
}

fn verify(state: &AppState, purpose: &str, value: &str, token: &str) -> bool {
    let Ok(tag) = URL_SAFE_NO_PAD.decode(token) else {
        return false;
    };
    hmac::verify(&key(state), format!("{purpose}\n{value}").as_bytes(), &tag).is_ok()
}

/// The token of a signed-in session's forms.
pub fn for_session(state: &AppState, session_token: &str) -> String {
    sign(state, "session", session_token)
}

/// The token of a pre-session form, for the value of its cookie.
pub fn for_form_cookie(state: &AppState, cookie: &str) -> String {
    sign(state, "form", cookie)
}

/// A fresh pre-session cookie value.
pub fn new_form_cookie() -> String {
    TokenKey::new_nonce()
}

/// True when `token` belongs to this request's session or pre-session cookie.
pub(super) fn token_matches(state: &AppState, req: &HttpRequest, token: &str) -> bool {
    let session = req
        .cookie(SESSION_COOKIE)
        .is_some_and(|c| !c.value().is_empty() && verify(state, "session", c.value(), token));
    let form = req
        .cookie(FORM_COOKIE)
        .is_some_and(|c| !c.value().is_empty() && verify(state, "form", c.value(), token));
    session || form
}

#[derive(Deserialize)]
struct TokenField {
    #[serde(default)]
    csrf: String,
}

/// A form body (`application/x-www-form-urlencoded`) whose CSRF token was checked.
pub struct CheckedForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CheckedForm<T> {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| PageError::internal(anyhow::anyhow!("no app state")))?
                .clone();
            let is_form = req
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
            let body = body.await.map_err(|_| PageError::BadRequest)?;
            let token: TokenField = if is_form {
                serde_urlencoded::from_bytes(&body).map_err(|_| PageError::BadRequest)?
            } else {
                TokenField {
                    csrf: String::new(),
                }
            };
            if token.csrf.is_empty() || !token_matches(&state, &req, &token.csrf) {
                tracing::warn!(path = %req.path(), "form refused: missing or foreign CSRF token");
                return Err(PageError::Csrf);
            }
            serde_urlencoded::from_bytes(&body)
                .map(CheckedForm)
                .map_err(|_| PageError::BadRequest)
        })
    }
}
