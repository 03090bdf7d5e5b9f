//! Page sessions: an HttpOnly cookie holding the same access token the API hands out, checked by
//! the same function as a bearer token (`auth::caller::caller_with`), so a session ends exactly
//! when an API token does: logout, password change, deactivation, a role or unit change.

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

use super::errors::PageError;
use crate::auth::caller::{Caller, caller_with, origin_of};
use crate::db::AnyConnection;
use crate::db::users::{self, User};
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::error::AppError;
use crate::state::AppState;

/// The session cookie: the access token.
pub const SESSION_COOKIE: &str = "peidai_session";
/// The role a user with several roles last chose to act in.
pub const ROLE_COOKIE: &str = "peidai_role";

/// True when the service is reached over https (then every cookie is `Secure`).
fn secure(state: &AppState) -> bool {
    state.settings.email.public_url.starts_with("https://")
}

/// A cookie of the pages: HttpOnly, SameSite=Lax, the whole site, `Secure` over https.
pub fn cookie(
    state: &AppState,
    name: &'static str,
    value: String,
    max_age_secs: i64,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure(state))
        .max_age(CookieDuration::seconds(max_age_secs))
        .finish()
}

/// The session cookie for a freshly issued access token; it lives as long as the token.
pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    cookie(state, SESSION_COOKIE, token, state.tokens.lifetime_secs())
}

/// A cookie that tells the browser to forget the session.
pub fn ended_session_cookie(state: &AppState) -> Cookie<'static> {
    cookie(state, SESSION_COOKIE, String::new(), 0)
}

/// A signed-in user: the same caller (roles, unit, origin) the API's handlers get, the account,
/// and the session's token (the CSRF token of its forms is derived from it).
pub struct SignedIn {
    pub caller: Caller,
    pub user: User,
    pub token: String,
}

/// The session of a request, if it has a valid one.
async fn session_of(req: &HttpRequest) -> Result<Option<SignedIn>, AppError> {
    let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
        return Ok(None);
    };
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no app state")))?
        .clone();
    let origin = origin_of(req, &state.settings.server.trusted_proxies);
    let find = |c: &mut AnyConnection, id| users::find(c, id, Scope::City);
    let (caller, user) = match caller_with(&state, &token, origin, find).await {
        Ok(found) => found,
        Err(AppError::Unauthorized) => return Ok(None),
        Err(other) => return Err(other),
    };
    Ok(Some(SignedIn {
        caller,
        user,
        token,
    }))
}

impl SignedIn {
    /// Refuses (the 403 page) a user who does not hold `role`: the pages of an area are for the
    /// role they serve, as the API's routes are.
    pub fn require(&self, role: Role) -> Result<(), PageError> {
        if self.caller.roles.contains(&role) {
            Ok(())
        } else {
            Err(PageError::App(AppError::forbidden(
                "role_required",
                "您的账号没有打开此页面的身份",
                "Your account does not hold the role this page is for",
            )))
        }
    }
}

impl FromRequest for SignedIn {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    /// A page for signed-in users: without a valid session, the answer is the sign-in page,
    /// which comes back here afterwards.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            match session_of(&req).await? {
                Some(s) => Ok(s),
                None => Err(PageError::SignIn {
                    next: req
                        .uri()
                        .path_and_query()
                        .map_or_else(|| "/home".to_owned(), |p| p.as_str().to_owned()),
                }),
            }
        })
    }
}

/// The session of a page anyone may open (the sign-in page sends a signed-in user home).
pub struct MaybeSignedIn(pub Option<SignedIn>);

impl FromRequest for MaybeSignedIn {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(MaybeSignedIn(session_of(&req).await?)) })
    }
}

/// A path to come back to after signing in: only a path of this site (never `//host`).
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_owned(),
        _ => "/home".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_a_path_of_this_site_is_followed_after_sign_in() {
        assert_eq!(local_path(Some("/home?role=mentor")), "/home?role=mentor");
        assert_eq!(local_path(Some("//evil.example/x")), "/home");
        assert_eq!(local_path(Some("https://evil.example/")), "/home");
        assert_eq!(local_path(Some("/\\evil.example")), "/home");
        assert_eq!(local_path(None), "/home");
    }
}
