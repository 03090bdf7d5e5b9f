//! The two languages the service speaks (Chinese first) and the per-request context that lets an
//! error render itself in the caller's language without threading the request through every layer.

use std::borrow::Cow;
use std::future::Future;

use actix_web::HttpMessage;
use actix_web::http::header::{AcceptLanguage, Header, LanguageTag, Preference};
use serde::Serialize;
use utoipa::ToSchema;

/// The cookie that keeps the language a reader chose with the pages' switch.
pub const LANGUAGE_COOKIE: &str = "peidai_lang";

/// One word of a page catalogue: `(key, zh-CN, en)`. Here, below the web layer, so that the
/// areas' catalogues and `web::strings`, which joins them, share it without importing each other.
pub type CatalogueEntry = (&'static str, &'static str, &'static str);

/// A user's or a request's language (read from requests and settings as a closed set of values:
/// `domain::choice`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, ToSchema)]
pub enum Locale {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ZhCn => "zh-CN",
            Self::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "zh-CN" => Some(Self::ZhCn),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The language chosen with the pages' switch (the [`LANGUAGE_COOKIE`]), else the one the
    /// request's `Accept-Language` prefers most (by its q-values, as actix-web ranks them) among
    /// those we speak; Chinese when it names neither, or has no such header.
    pub fn from_request(req: &impl HttpMessage) -> Self {
        if let Some(chosen) = chosen_language(req) {
            return chosen;
        }
        AcceptLanguage::parse(req).map_or(Self::ZhCn, |h| Self::from_ranked(&h.ranked()))
    }

    /// The first of `ranked` (most preferred first) that we speak; a wildcard means our default.
    fn from_ranked(ranked: &[Preference<LanguageTag>]) -> Self {
        for preference in ranked {
            let Preference::Specific(tag) = preference else {
                return Self::ZhCn;
            };
            match tag.primary_language().to_ascii_lowercase().as_str() {
                "zh" => return Self::ZhCn,
                "en" => return Self::En,
                _ => {}
            }
        }
        Self::ZhCn
    }
}

/// The language of the [`LANGUAGE_COOKIE`], when the request has one we speak.
fn chosen_language(req: &impl HttpMessage) -> Option<Locale> {
    req.headers()
        .get_all(actix_web::http::header::COOKIE)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .and_then(|(_, value)| Locale::parse(value))
}

/// A text in both languages.
#[derive(Debug, Clone)]
pub struct Msg {
    pub zh: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl Msg {
    pub fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.zh,
            Locale::En => &self.en,
        }
    }

    /// The text in the current request's language.
    pub fn localized(&self) -> &str {
        self.get(current().locale)
    }
}

/// Words for people in an answer: written in the language of the request being answered (it is
/// serialized inside the request, where the language is known, not where it was built).
#[derive(Debug, Clone)]
pub struct Localized(pub Msg);

impl Serialize for Localized {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.localized())
    }
}

impl utoipa::PartialSchema for Localized {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        String::schema()
    }
}

impl ToSchema for Localized {}

/// What a request carries through every layer: its language and its id.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    pub locale: Locale,
    pub request_id: String,
}

tokio::task_local! {
    static CONTEXT: RequestContext;
}

/// The current request's context (defaults outside a request).
pub fn current() -> RequestContext {
    CONTEXT.try_with(Clone::clone).unwrap_or_default()
}

/// Runs `f` with `ctx` as the current request context.
pub async fn with_context<F: Future>(ctx: RequestContext, f: F) -> F::Output {
    CONTEXT.scope(ctx, f).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(header: Option<&str>) -> Locale {
        let mut req = actix_web::test::TestRequest::default();
        if let Some(h) = header {
            req = req.insert_header((actix_web::http::header::ACCEPT_LANGUAGE, h));
        }
        Locale::from_request(&req.to_http_request())
    }

    #[test]
    fn accept_language_picks_the_most_preferred_language_we_speak() {
        assert_eq!(locale(None), Locale::ZhCn);
        assert_eq!(locale(Some("en-US,en;q=0.9")), Locale::En);
        assert_eq!(locale(Some("fr, zh-CN;q=0.8, en;q=0.5")), Locale::ZhCn);
        assert_eq!(locale(Some("de")), Locale::ZhCn);
        assert_eq!(locale(Some("en;q=0.1, zh;q=0.9")), Locale::ZhCn);
        assert_eq!(locale(Some("zh-CN;q=0.2, en-GB")), Locale::En);
        assert_eq!(locale(Some("fr;q=0.9, en;q=0.8, zh;q=0.7")), Locale::En);
        assert_eq!(locale(Some("*")), Locale::ZhCn);
        assert_eq!(locale(Some("not a header;;")), Locale::ZhCn);
    }

    #[test]
    fn the_language_chosen_on_the_pages_comes_before_accept_language() {
        let req = actix_web::test::TestRequest::default()
            .insert_header((actix_web::http::header::ACCEPT_LANGUAGE, "zh-CN"))
            .insert_header((actix_web::http::header::COOKIE, "a=1; peidai_lang=en"))
            .to_http_request();
        assert_eq!(Locale::from_request(&req), Locale::En);
        let unknown = actix_web::test::TestRequest::default()
            .insert_header((actix_web::http::header::COOKIE, "peidai_lang=fr"))
            .to_http_request();
        assert_eq!(Locale::from_request(&unknown), Locale::ZhCn);
    }
}
