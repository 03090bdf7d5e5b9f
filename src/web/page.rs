//! The frame of a page: its language, who is signed in and in which role, and the CSRF token of
//! its forms (from the session, or before sign-in from the pre-session cookie set with the page).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use minijinja::Value;

use super::csrf::{self, FORM_COOKIE, FORM_COOKIE_SECS};
use super::errors::PageError;
use super::layout::{self, RoleLink, UserFrame};
use super::nav;
use super::session::{SignedIn, cookie};
use crate::domain::role::Role;
use crate::i18n::{self, Locale};
use crate::state::AppState;

/// The layout's values for one page.
pub struct Frame {
    locale: Locale,
    path: String,
    user: Option<UserFrame>,
    csrf: String,
    new_form_cookie: Option<String>,
}

impl Frame {
    /// The frame of a page before sign-in: its forms are tied to the pre-session cookie (set
    /// with this page when the browser has none yet).
    pub fn anonymous(state: &AppState, req: &HttpRequest) -> Self {
        let existing = req
            .cookie(FORM_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|v| !v.is_empty());
        let (value, new_form_cookie) = match existing {
            Some(v) => (v, None),
            None => {
                let v = csrf::new_form_cookie();
                (v.clone(), Some(v))
            }
        };
        Self {
            locale: i18n::current().locale,
            path: path_of(req),
            user: None,
            csrf: csrf::for_form_cookie(state, &value),
            new_form_cookie,
        }
    }

    /// The frame of a signed-in page, acting as `role`.
    pub fn signed_in(
        state: &AppState,
        req: &HttpRequest,
        s: &SignedIn,
        role: Option<Role>,
    ) -> Self {
        Self {
            locale: i18n::current().locale,
            path: path_of(req),
            user: Some(UserFrame {
                name: s.user.name.clone(),
                email: s.user.email.clone(),
                roles: s
                    .caller
                    .roles
                    .iter()
                    .map(|r| RoleLink {
                        code: r.as_str(),
                        current: Some(*r) == role,
                    })
                    .collect(),
                nav: nav::for_page(role, req.path()),
            }),
            csrf: csrf::for_session(state, &s.token),
            new_form_cookie: None,
        }
    }

    /// Renders `template` with the page's own values `page` and answers with `status`.
    pub fn render(
        self,
        state: &AppState,
        status: StatusCode,
        template: &str,
        page: Value,
    ) -> Result<HttpResponse, PageError> {
        let tz = state.settings.jobs.timezone.name();
        let frame = layout::values(self.locale, tz, &self.path, self.user.as_ref(), &self.csrf);
        let body = layout::render(template, frame, page).map_err(PageError::internal)?;
        let mut res = layout::html(status, body);
        if let Some(v) = self.new_form_cookie {
            let _ = res.add_cookie(&cookie(state, FORM_COOKIE, v, FORM_COOKIE_SECS));
        }
        Ok(res)
    }
}

/// The request's path and query, for the language switch to come back to.
fn path_of(req: &HttpRequest) -> String {
    req.uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned())
}
