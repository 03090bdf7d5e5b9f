//! The layout every page shares and the headers of a page: a Content-Security-Policy with no
//! inline script, no framing, and no caching of what may be personal. Low in `web/`: the pages'
//! frame (`page`) and the error pages (`errors`) both build on it.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderName, HeaderValue, LOCATION};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Serialize;

use super::nav::NavLink;
use super::{assets, templates};
use crate::i18n::Locale;

/// The policy of every page: scripts, styles and images only from this site, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// One role in the header's switch.
#[derive(Serialize)]
pub struct RoleLink {
    pub code: &'static str,
    pub current: bool,
}

/// Who is signed in, as the header shows them.
#[derive(Serialize)]
pub struct UserFrame {
    pub name: String,
    pub email: String,
    pub roles: Vec<RoleLink>,
    /// The acting role's pages (empty for roles without their own pages yet).
    pub nav: Vec<NavLink>,
}

/// The layout's values: the language and its switch (back to `path`), the city's time zone (for
/// the `datetime` filter), the assets, the user, and the CSRF token of the layout's own form
/// (sign out).
pub fn values(locale: Locale, tz: &str, path: &str, user: Option<&UserFrame>, csrf: &str) -> Value {
    let other = match locale {
        Locale::ZhCn => Locale::En,
        Locale::En => Locale::ZhCn,
    };
    let switch: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("lang", other.as_str())
        .append_pair("next", path)
        .finish();
    context! {
        lang => locale.as_str(),
        tz => tz,
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
        user => Serde(user),
        csrf => csrf,
        query => path.split_once('?').map_or("", |(_, q)| q),
    }
}

/// Renders `template` with the layout's values `frame` and the page's own `page`.
pub fn render(template: &str, frame: Value, page: Value) -> Result<String, minijinja::Error> {
    templates::render(template, context! { ..frame, ..page })
}

/// An HTML page with the page headers.
pub fn html(status: StatusCode, body: String) -> HttpResponse {
    with_page_headers(
        HttpResponse::build(status)
            .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
            .body(body),
    )
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
