//! The language switch on every page: `GET /language?lang=en&next=/login` remembers the choice in
//! a cookie (which `i18n::Locale::from_request` reads first) and goes back to the page.

use actix_web::cookie::Cookie;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::layout::see_other;
use super::session::{cookie, local_path};
use crate::i18n::{LANGUAGE_COOKIE, Locale};
use crate::state::AppState;

/// A year: the choice outlives sessions.
const LANGUAGE_COOKIE_SECS: i64 = 365 * 24 * 3600;

#[derive(Deserialize)]
pub struct LanguageQuery {
    lang: Option<String>,
    next: Option<String>,
}

/// The cookie that keeps a reader's language.
pub fn language_cookie(state: &AppState, locale: Locale) -> Cookie<'static> {
    cookie(
        state,
        LANGUAGE_COOKIE,
        locale.as_str().to_owned(),
        LANGUAGE_COOKIE_SECS,
    )
}

/// `GET /language`: switches the language (an unknown one is ignored) and goes back.
pub async fn get_language(
    state: web::Data<AppState>,
    query: web::Query<LanguageQuery>,
) -> HttpResponse {
    let mut res = see_other(&local_path(query.next.as_deref()));
    if let Some(locale) = query.lang.as_deref().and_then(Locale::parse) {
        let _ = res.add_cookie(&language_cookie(&state, locale));
    }
    res
}
