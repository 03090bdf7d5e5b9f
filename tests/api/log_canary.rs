//! The log canary: the real binary serves in production (JSON logs, `RUST_LOG=debug`) while API
//! requests and the web pages carry marked values (passwords right and wrong, a name, an ID
//! number, a phone number, search terms, a reset token), and none of them may reach the log.
//! Runs on SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.

use std::collections::BTreeMap;

use serde_json::json;

use crate::cli::{interrupt_and_wait, peidai, run, start, text};
use crate::helpers::fresh_database;
use crate::smtp_sink::free_port;

const SECRET: &str = "production-signing-key-0123456789-abcdefghij";
const PASSWORD: &str = "Canary-Pass-Phrase-42";

/// A browser without a browser against a base URL: keeps cookies, sends forms, follows no
/// redirects.
struct Browser {
    base: String,
    client: awc::Client,
    cookies: BTreeMap<String, String>,
}

/// One page answer: status and HTML.
struct Page {
    status: u16,
    html: String,
}

impl Page {
    /// The value of the page's CSRF input.
    fn csrf(&self) -> String {
        let at = self
            .html
            .find("name=\"csrf\"")
            .unwrap_or_else(|| panic!("no CSRF input: {}", self.html));
        let rest = &self.html[at..];
        let start = rest.find("value=\"").unwrap() + "value=\"".len();
        let end = rest[start..].find('"').unwrap();
        rest[start..start + end].to_owned()
    }
}

impl Browser {
    fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            client: awc::Client::builder()
                .disable_redirects()
                .timeout(std::time::Duration::from_secs(30))
                .finish(),
            cookies: BTreeMap::new(),
        }
    }

    async fn send(&mut self, req: awc::ClientRequest, form: Option<&[(&str, &str)]>) -> Page {
        let mut req = req.insert_header(("Accept", "text/html"));
        if !self.cookies.is_empty() {
            let cookie: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req = req.insert_header(("Cookie", cookie.join("; ")));
        }
        let mut res = match form {
            Some(fields) => {
                let body = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(fields)
                    .finish();
                req.insert_header(("Content-Type", "application/x-www-form-urlencoded"))
                    .send_body(body)
                    .await
            }
            None => req.send().await,
        }
        .expect("request sent");
        for value in res.headers().get_all("set-cookie") {
            let raw = value.to_str().unwrap();
            let (name, value) = raw
                .split(';')
                .next()
                .and_then(|p| p.split_once('='))
                .unwrap();
            if value.is_empty() || raw.to_ascii_lowercase().contains("max-age=0") {
                self.cookies.remove(name.trim());
            } else {
                self.cookies
                    .insert(name.trim().to_owned(), value.to_owned());
            }
        }
        let bytes = res.body().limit(10 << 20).await.expect("body read");
        Page {
            status: res.status().as_u16(),
            html: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get(&mut self, path: &str) -> Page {
        let req = self.client.get(format!("{}{path}", self.base));
        self.send(req, None).await
    }

    /// Opens `form_path`, then posts `fields` to `path` with the form's CSRF token.
    async fn submit(&mut self, form_path: &str, path: &str, fields: &[(&str, &str)]) -> Page {
        let form = self.get(form_path).await;
        assert_eq!(form.status, 200, "{form_path}: {}", form.html);
        let csrf = form.csrf();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        let req = self.client.post(format!("{}{path}", self.base));
        self.send(req, Some(&all)).await
    }
}

#[actix_web::test]
async fn production_logs_are_json_lines_without_secrets_or_personal_data_over_the_api_and_the_pages()
 {
    let dir = tempfile::tempdir().unwrap();
    let (url, _pg) = fresh_database(dir.path());
    let created = run(peidai(&url)
        .args([
            "create-admin",
            "--email",
            "canary@city.cn",
            "--name",
            "人才科",
        ])
        .env("PEIDAI_ENV", "production")
        .env("PEIDAI_AUTH__JWT_SECRET", SECRET)
        .env("PEIDAI_ADMIN_PASSWORD", PASSWORD));
    assert!(created.status.success(), "{}", text(&created.stderr));

    let log_path = dir.path().join("serve.log");
    let mut cmd = peidai(&url);
    cmd.arg("serve")
        .env("PEIDAI_ENV", "production")
        .env("PEIDAI_AUTH__JWT_SECRET", SECRET)
        .env("PEIDAI_SERVER__PORT", "0")
        // No mail server there: the reset e-mail stays in the outbox.
        .env("PEIDAI_EMAIL__SMTP__PORT", free_port().to_string())
        .env("RUST_LOG", "debug")
        .stderr(std::fs::File::create(&log_path).unwrap());
    let (child, base, _) = start(cmd);

    // The API.
    let client = awc::Client::default();
    let mut res = client
        .post(format!("{base}/api/v1/auth/login"))
        .send_json(&json!({ "email": "canary@city.cn", "password": PASSWORD }))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let token = body["access_token"].as_str().unwrap().to_owned();
    let bearer = ("Authorization", format!("Bearer {token}"));
    let wrong = client
        .post(format!("{base}/api/v1/auth/login"))
        .send_json(&json!({ "email": "canary@city.cn", "password": "Wrong-Canary-Guess" }))
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let mut unit = client
        .post(format!("{base}/api/v1/units"))
        .insert_header(bearer.clone())
        .send_json(&json!({ "name": "红山区", "kind": "banner_county_district" }))
        .await
        .unwrap();
    let unit: serde_json::Value = unit.json().await.unwrap();
    let mut person = client
        .post(format!("{base}/api/v1/users"))
        .insert_header(bearer.clone())
        .send_json(&json!({
            "email": "mentee@city.cn", "name": "受训人", "roles": ["mentee"], "unit_id": unit["id"],
            "profile": { "birth_date": "1911-11-11", "phone": "13900001111", "id_number": "150402191111110010" }
        }))
        .await
        .unwrap();
    assert_eq!(person.status(), 201);
    let person: serde_json::Value = person.json().await.unwrap();
    let search = client
        .get(format!("{base}/api/v1/users?q=canary-search-term"))
        .insert_header(bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(search.status(), 200);

    // The pages: signing in wrong, then right.
    let mut web = Browser::new(&base);
    let refused = web
        .submit(
            "/login",
            "/login",
            &[
                ("email", "canary@city.cn"),
                ("password", "Wrong-Page-Canary-Guess"),
                ("next", "/home"),
            ],
        )
        .await;
    assert!(
        (400..500).contains(&refused.status),
        "a wrong password is refused: {}",
        refused.status
    );
    let signed_in = web
        .submit(
            "/login",
            "/login",
            &[
                ("email", "canary@city.cn"),
                ("password", PASSWORD),
                ("next", "/home"),
            ],
        )
        .await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.html);

    // A person's profile with a name, an ID number, a birth date and a phone number.
    let id = person["id"].as_i64().unwrap();
    let edit = format!("/city/people/{id}/edit");
    let unit_id = unit["id"].as_i64().unwrap().to_string();
    let saved = web
        .submit(
            &edit,
            &edit,
            &[
                ("name", "金丝雀甲"),
                ("unit_id", &unit_id),
                ("roles", "mentee"),
                ("gender", "male"),
                ("birth_date", "1980-01-01"),
                ("id_number", "150402198001010037"),
                ("phone", "13900002222"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.html);
    let shown = web.get(&format!("/city/people/{id}")).await;
    assert!(
        shown.html.contains("150402198001010037"),
        "the profile was saved"
    );

    // Searches on list pages, in Latin letters and in Chinese.
    for path in [
        "/city/people?q=canary-page-search",
        "/city/people?q=%E9%87%91%E4%B8%9D%E9%9B%80%E6%90%9C%E7%B4%A2",
        "/city/units?q=canary-unit-search",
    ] {
        assert_eq!(web.get(path).await.status, 200, "{path}");
    }

    // The password-reset pages: a request for the address, then a new password with a token.
    let mut anonymous = Browser::new(&base);
    let asked = anonymous
        .submit(
            "/forgot-password",
            "/forgot-password",
            &[("email", "canary@city.cn")],
        )
        .await;
    assert_eq!(asked.status, 303, "{}", asked.html);
    let reset = anonymous
        .submit(
            "/reset-password?token=canary-reset-token-0123456789abcdef",
            "/reset-password",
            &[
                ("token", "canary-reset-token-0123456789abcdef"),
                ("password", "Canary-New-Pass-77"),
                ("confirm_password", "Canary-New-Pass-77"),
            ],
        )
        .await;
    assert!(
        (400..500).contains(&reset.status),
        "an unknown token is refused: {}",
        reset.status
    );
    interrupt_and_wait(child);

    let log = std::fs::read_to_string(&log_path).unwrap();
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() >= 10, "the requests were logged:\n{log}");
    for line in &lines {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
    }
    for path in ["/api/v1/users", "/login", "/city/people", "/reset-password"] {
        assert!(
            log.contains("request_id") && log.contains(path),
            "{path} was logged:\n{log}"
        );
    }
    let marked = [
        PASSWORD,
        "Wrong-Canary-Guess",
        "Wrong-Page-Canary-Guess",
        "Canary-New-Pass-77",
        SECRET,
        &token,
        "受训人",
        "1911-11-11",
        "13900001111",
        "150402191111110010",
        "canary-search-term",
        "金丝雀",
        "%E9%87%91%E4%B8%9D%E9%9B%80",
        "1980-01-01",
        "150402198001010037",
        "13900002222",
        "canary-page-search",
        "canary-unit-search",
        "canary-reset-token",
    ];
    for secret in marked {
        assert!(!log.contains(secret), "the log contains {secret:?}");
    }
    eprintln!(
        "log canary: {} JSON lines, {} marked values, none in the log",
        lines.len(),
        marked.len()
    );
}
