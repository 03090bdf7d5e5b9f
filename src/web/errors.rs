//! How a page fails: a sign-in redirect when the session is missing or over; friendly 403, 404
//! and 500 pages in the reader's language with the request id to quote; and a "busy, try again"
//! page (503 with `Retry-After`) when the database is locked or out of connections. The API keeps
//! its JSON errors; an unknown path answers a page only to a browser asking for HTML.

use actix_web::http::StatusCode;
use actix_web::http::header::{ACCEPT, HeaderValue, RETRY_AFTER};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use minijinja::context;

use super::layout::{self, see_other};
use crate::error::AppError;
use crate::i18n;

/// Every way a page request can fail.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// No valid session: sign in, then come back to `next`.
    #[error("sign in first")]
    SignIn { next: String },
    /// A form without this session's (or pre-session's) CSRF token.
    #[error("CSRF token missing or foreign")]
    Csrf,
    /// A form body that is not one.
    #[error("bad form")]
    BadRequest,
    /// The service refused (403, 404, 500 and the rest keep their meaning).
    #[error(transparent)]
    App(#[from] AppError),
}

impl PageError {
    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        Self::App(AppError::internal(e))
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::SignIn { .. } => StatusCode::SEE_OTHER,
            Self::Csrf => StatusCode::FORBIDDEN,
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::App(AppError::Unauthorized) => StatusCode::SEE_OTHER,
            Self::App(e) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let kind = match self {
            Self::SignIn { next } => return sign_in_redirect(next),
            Self::App(AppError::Unauthorized) => return sign_in_redirect("/home"),
            Self::Csrf => "csrf",
            Self::App(AppError::Forbidden { .. }) => "403",
            Self::App(AppError::NotFound) => "404",
            Self::App(AppError::Internal(cause)) => {
                let ctx = i18n::current();
                tracing::error!(request_id = %ctx.request_id, error = %cause, "internal error on a page");
                "500"
            }
            Self::BadRequest | Self::App(_) => "other",
        };
        let message = match self {
            Self::App(e) if kind == "other" => Some(e.message().localized().to_owned()),
            _ => None,
        };
        let mut res = error_page(status, kind, message);
        // A busy (locked) database: the same hint as the API's, to come back in a moment.
        if matches!(self, Self::App(AppError::Unavailable)) {
            res.headers_mut().insert(
                RETRY_AFTER,
                HeaderValue::from(AppError::RETRY_AFTER_BUSY_SECS),
            );
        }
        res
    }
}

fn sign_in_redirect(next: &str) -> HttpResponse {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("next", next)
        .finish();
    see_other(&format!("/login?{query}"))
}

/// A friendly error page: `kind` picks its words (`403`, `csrf`, `404`, `500`, `other`).
fn error_page(status: StatusCode, kind: &str, message: Option<String>) -> HttpResponse {
    let ctx = i18n::current();
    let page = context! {
        kind => kind,
        status => status.as_u16(),
        message => message,
        request_id => ctx.request_id,
    };
    match layout::render(
        "error.html",
        layout::values(ctx.locale, "UTC", "/", None, ""),
        page,
    ) {
        Ok(body) => layout::html(status, body),
        Err(e) => {
            tracing::error!(error = %e, "the error page did not render");
            layout::with_page_headers(HttpResponse::build(status).finish())
        }
    }
}

/// The 404 page.
pub fn not_found_page() -> HttpResponse {
    error_page(StatusCode::NOT_FOUND, "404", None)
}

/// The answer to a path nobody serves: the 404 page to a browser outside `/api/`, the JSON error
/// to everyone else.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    let wants_html = req
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if wants_html && !req.path().starts_with("/api/") {
        Ok(not_found_page())
    } else {
        Err(AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, RequestContext, with_context};

    #[actix_web::test]
    async fn every_error_page_renders_in_both_languages_with_its_request_id() {
        for locale in [Locale::ZhCn, Locale::En] {
            for (status, kind) in [
                (403, "403"),
                (403, "csrf"),
                (404, "404"),
                (500, "500"),
                (400, "other"),
            ] {
                let ctx = RequestContext {
                    locale,
                    request_id: "0000abcd-00000001".into(),
                };
                let status = StatusCode::from_u16(status).unwrap();
                let res = with_context(ctx, async { error_page(status, kind, None) }).await;
                assert_eq!(res.status(), status);
                let body = actix_web::body::to_bytes(res.into_body()).await.unwrap();
                let html = String::from_utf8(body.to_vec()).unwrap();
                assert!(
                    html.contains(&format!("<html lang=\"{}\">", locale.as_str())),
                    "{kind}"
                );
                assert!(
                    html.contains("0000abcd-00000001"),
                    "{kind} names the request id"
                );
            }
        }
    }
}
