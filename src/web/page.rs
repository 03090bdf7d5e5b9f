//! What every page shares: the frame the layout needs (language, its switch, the assets, who is
//! signed in and in which role, the CSRF token of its forms) and the response headers of a page
//! (a Content-Security-Policy with no inline script, no framing, no caching of personal data).

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderName, HeaderValue, LOCATION};
use actix_web::{HttpRequest, HttpResponse};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Serialize;

use super::csrf::{self, FORM_COOKIE, FORM_COOKIE_SECS};
use super::errors::PageError;
use super::session::{SignedIn, cookie};
use super::{assets, templates};
use crate::domain::role::Role;
use crate::i18n::{self, Locale};
use crate::state::AppState;

/// The policy of every page: scripts, styles and images only from this site, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// One role in the header's switch.
#[derive(Serialize)]
struct RoleLink {
    code: &'static str,
    current: bool,
}

/// Who is signed in, as the layout shows them.
#[derive(Serialize)]
struct UserFrame {
    name: String,
    email: String,
    roles: Vec<RoleLink>,
}

/// The layout's values for one page.
pub struct Frame {
    pub locale: Locale,
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
            }),
            csrf: csrf::for_session(state, &s.token),
            new_form_cookie: None,
        }
    }

    /// The frame of an error page (nobody shown, no form).
    pub fn bare(req_path: &str) -> Self {
        Self {
            locale: i18n::current().locale,
            path: req_path.to_owned(),
            user: None,
            csrf: String::new(),
            new_form_cookie: None,
        }
    }

    /// The layout's values, to which a page adds its own.
    fn values(&self) -> Value {
        let other = match self.locale {
            Locale::ZhCn => Locale::En,
            Locale::En => Locale::ZhCn,
        };
        let switch: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("lang", other.as_str())
            .append_pair("next", &self.path)
            .finish();
        context! {
            lang => self.locale.as_str(),
            other_lang => context! {
                code => other.as_str(),
                label => match other { Locale::ZhCn => "中文", Locale::En => "English" },
                href => format!("/language?{switch}"),
            },
            assets => context! {
                css => assets::url("app.css"),
                js => assets::url("app.js"),
                icon => assets::url("icon.svg"),
            },
            user => Serde(&self.user),
            csrf => &self.csrf,
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
        let html = templates::render(template, context! { ..self.values(), ..page })
            .map_err(PageError::internal)?;
        let mut res = HttpResponse::build(status);
        if let Some(v) = self.new_form_cookie {
            res.cookie(cookie(state, FORM_COOKIE, v, FORM_COOKIE_SECS));
        }
        Ok(with_page_headers(
            res.insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
                .body(html),
        ))
    }

    /// Renders an error page without the application state.
    pub fn render_bare(self, status: StatusCode, template: &str, page: Value) -> HttpResponse {
        match templates::render(template, context! { ..self.values(), ..page }) {
            Ok(html) => with_page_headers(
                HttpResponse::build(status)
                    .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
                    .body(html),
            ),
            Err(e) => {
                tracing::error!(error = %e, "the error page did not render");
                with_page_headers(HttpResponse::build(status).finish())
            }
        }
    }
}

/// The request's path and query, for the language switch to come back to.
fn path_of(req: &HttpRequest) -> String {
    req.uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned())
}

/// `303 See Other` to a path of this site (the answer to a form that worked).
pub fn see_other(location: &str) -> HttpResponse {
    with_page_headers(
        HttpResponse::SeeOther()
            .insert_header((LOCATION, location.to_owned()))
            .finish(),
    )
}

/// Adds the headers of a page.
pub fn with_page_headers(mut res: HttpResponse) -> HttpResponse {
    let headers = res.headers_mut();
    headers.insert(
        HeaderName::from_static("content-security-policy"),
        HeaderValue::from_static(CSP),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
