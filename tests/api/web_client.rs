//! A browser without a browser for the page tests: it keeps cookies as a browser would, sends
//! forms, does not follow redirects (the tests look at each 303), and reads the CSRF token and
//! field errors out of the HTML.

use std::collections::BTreeMap;

use awc::http::StatusCode;
use awc::http::header::HeaderMap;

use crate::helpers::TestApp;

/// One page answer.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub html: String,
}

impl Page {
    /// The `Location` of a redirect.
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("no Location on a {}: {}", self.status, self.html))
    }

    /// A header's value (panics when missing).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("no {name} header"))
    }

    /// The value of the first `name="csrf"` input of the page.
    pub fn csrf(&self) -> String {
        self.input_value("csrf")
            .unwrap_or_else(|| panic!("no CSRF token on the page: {}", self.html))
    }

    /// The `value` of the first input named `name`.
    pub fn input_value(&self, name: &str) -> Option<String> {
        let at = self.html.find(&format!("name=\"{name}\""))?;
        let rest = &self.html[at..];
        let start = rest.find("value=\"")? + "value=\"".len();
        let end = rest[start..].find('"')?;
        Some(rest[start..start + end].to_owned())
    }

    /// The text of the error shown beside `field`, if any.
    pub fn field_error(&self, field: &str) -> Option<String> {
        let at = self.html.find(&format!("id=\"f-{field}-error\""))?;
        let rest = &self.html[at..];
        let start = rest.find("<span>")? + "<span>".len();
        let end = rest[start..].find("</span>")?;
        Some(rest[start..start + end].to_owned())
    }

    /// The text of the error banner above the form, if any.
    pub fn banner_error(&self) -> Option<String> {
        let at = self.html.find("banner--error")?;
        let rest = &self.html[at..];
        let start = rest.find("<p>")? + "<p>".len();
        let end = rest[start..].find("</p>")?;
        Some(rest[start..start + end].to_owned())
    }
}

/// A cookie jar and a client that does not follow redirects.
pub struct WebClient<'a> {
    app: &'a TestApp,
    client: awc::Client,
    pub cookies: BTreeMap<String, String>,
    language: Option<&'static str>,
}

impl<'a> WebClient<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            client: awc::Client::builder()
                .disable_redirects()
                .timeout(std::time::Duration::from_secs(30))
                .finish(),
            cookies: BTreeMap::new(),
            language: None,
        }
    }

    /// Sends `Accept-Language: lang` from now on.
    pub fn speaking(mut self, lang: &'static str) -> Self {
        self.language = Some(lang);
        self
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, req: awc::ClientRequest, form: Option<String>) -> Page {
        let mut req = req.insert_header(("Accept", "text/html"));
        if !self.cookies.is_empty() {
            req = req.insert_header(("Cookie", self.cookie_header()));
        }
        if let Some(lang) = self.language {
            req = req.insert_header(("Accept-Language", lang));
        }
        let mut res = match form {
            Some(body) => req
                .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
                .send_body(body)
                .await
                .expect("request sent"),
            None => req.send().await.expect("request sent"),
        };
        for value in res.headers().get_all("set-cookie") {
            let raw = value.to_str().expect("an ASCII cookie");
            let mut parts = raw.split(';').map(str::trim);
            let (name, value) = parts
                .next()
                .and_then(|p| p.split_once('='))
                .expect("a cookie name=value");
            let expired = parts.any(|a| a.eq_ignore_ascii_case("max-age=0"));
            if expired || value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let bytes = res.body().limit(10 << 20).await.expect("body read");
        Page {
            status: res.status(),
            headers: res.headers().clone(),
            html: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let req = self.client.get(format!("{}{path}", self.app.base));
        self.send(req, None).await
    }

    /// Posts `fields` as a form (add `("csrf", …)` yourself: the tests decide what to send).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let req = self.client.post(format!("{}{path}", self.app.base));
        self.send(req, Some(body)).await
    }

    /// Opens the sign-in page and signs in; asserts the redirect home.
    pub async fn sign_in(&mut self, email: &str, password: &str) {
        let page = self.get("/login").await;
        assert_eq!(page.status, 200, "{}", page.html);
        let csrf = page.csrf();
        let res = self
            .post(
                "/login",
                &[
                    ("csrf", &csrf),
                    ("email", email),
                    ("password", password),
                    ("next", "/home"),
                ],
            )
            .await;
        assert_eq!(res.status, 303, "sign-in of {email} failed: {}", res.html);
        assert_eq!(res.location(), "/home");
    }
}
