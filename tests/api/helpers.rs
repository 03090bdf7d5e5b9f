//! The black-box harness: each test gets the real application on a random port with a fresh
//! database (SQLite in a temporary folder, or a throwaway PostgreSQL database when
//! `TEST_DATABASE_URL` is set), and a stopped clock it can move.

use std::path::Path;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU32, Ordering};

use actix_web::web;
use awc::http::StatusCode;
use awc::http::header::HeaderMap;
use chrono::{DateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use serde_json::{Value, json};

use peidai::auth::password::{self, Password};
use peidai::clock::Clock;
use peidai::config::{RunEnv, Settings};
use peidai::db::{Db, users};
use peidai::domain::ids::{UnitId, UserId};
use peidai::domain::profile::Profile;
use peidai::domain::role::Role;
use peidai::domain::user::{Email, NewUser, UserStatus};
use peidai::i18n::Locale;
use peidai::startup::Application;
use peidai::state::AppState;

/// The password every account made by [`TestApp::make_user`] has.
pub const PASSWORD: &str = "correct horse battery";

static PASSWORD_HASH: LazyLock<String> =
    LazyLock::new(|| password::hash(&Password::parse(PASSWORD).unwrap()).unwrap());

/// The moment the clock of every test app starts at.
pub fn start_time() -> DateTime<Utc> {
    "2026-11-21T02:00:00Z".parse().unwrap()
}

/// A response: status, headers, and the body as JSON (`Null` when empty or not JSON).
pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Res {
    /// The `fields` of an error body, as `field -> code`.
    pub fn field_code(&self, field: &str) -> Option<&str> {
        self.body["fields"][field]["code"].as_str()
    }
}

/// A throwaway PostgreSQL database, dropped with the test.
pub struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = PgConnection::establish(&self.admin_url) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// A running application with its own database.
pub struct TestApp {
    pub base: String,
    pub state: web::Data<AppState>,
    pub client: awc::Client,
    handle: actix_web::dev::ServerHandle,
    _dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The database URL a new test should use: a fresh SQLite file in `dir`, or a fresh PostgreSQL
/// database next to `TEST_DATABASE_URL`.
pub fn fresh_database(dir: &Path) -> (String, Option<PgDatabase>) {
    match test_database_url() {
        Some(url) => {
            let name = format!(
                "peidai_test_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed),
                Utc::now().timestamp_subsec_nanos()
            );
            let mut admin = PgConnection::establish(&url)
                .unwrap_or_else(|e| panic!("TEST_DATABASE_URL is set but unreachable: {e}"));
            admin
                .batch_execute(&format!("CREATE DATABASE \"{name}\""))
                .expect("create a throwaway database");
            let mut parsed = url::Url::parse(&url).expect("TEST_DATABASE_URL is a URL");
            parsed.set_path(&name);
            (
                parsed.to_string(),
                Some(PgDatabase {
                    admin_url: url,
                    name,
                }),
            )
        }
        None => (
            format!("sqlite://{}", dir.join("peidai.db").display()),
            None,
        ),
    }
}

/// `TEST_DATABASE_URL`, if set, with `sslmode=disable` unless it names a mode. Over SSL, libpq
/// starts OpenSSL, whose exit-time cleanup can crash the test process while the servers' threads
/// are still running (seen as a rare SIGSEGV after every test had passed); loopback needs no TLS.
pub fn test_database_url() -> Option<String> {
    let raw = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    let mut url = url::Url::parse(&raw).expect("TEST_DATABASE_URL is a URL");
    if !url.query_pairs().any(|(k, _)| k == "sslmode") {
        url.query_pairs_mut().append_pair("sslmode", "disable");
    }
    Some(url.to_string())
}

/// Test settings with a fresh database URL and the given overrides.
pub fn settings_for(url: &str, overrides: &[(&str, &str)]) -> Settings {
    let mut all: Vec<(&str, &str)> = vec![("database.url", url)];
    all.extend_from_slice(overrides);
    Settings::load_with(RunEnv::Test, Path::new("config"), false, &all).expect("test settings")
}

pub async fn spawn() -> TestApp {
    spawn_with(&[]).await
}

/// Starts the application with setting overrides such as `("auth.login_attempts_per_ip_per_minute", "3")`.
pub async fn spawn_with(overrides: &[(&str, &str)]) -> TestApp {
    spawn_configured(overrides, |_| {}).await
}

/// Starts the application with setting overrides, then `edit` on the loaded settings (for the
/// settings an override string cannot give, such as the list `server.trusted_proxies`).
pub async fn spawn_configured(
    overrides: &[(&str, &str)],
    edit: impl FnOnce(&mut Settings),
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, pg) = fresh_database(dir.path());
    let mut settings = settings_for(&url, overrides);
    edit(&mut settings);
    let db = Db::connect(&settings.database).expect("connect");
    db.migrate().expect("migrate");
    serve(settings, db, dir, pg)
}

/// Starts the application on `db` and gives the running app, which holds `dir` and `pg` until
/// it is dropped.
fn serve(settings: Settings, db: Db, dir: tempfile::TempDir, pg: Option<PgDatabase>) -> TestApp {
    let app = Application::start(settings, db, Clock::fixed(start_time())).expect("start");
    let base = format!("http://127.0.0.1:{}", app.port());
    let state = app.state();
    let handle = app.handle();
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        base,
        state,
        client: awc::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .finish(),
        handle,
        _dir: dir,
        _pg: pg,
    }
}

impl TestApp {
    /// A second instance of the application on this one's database (same settings, its own
    /// port, clock and memory), as a deployment with several instances runs; the database stays
    /// this app's, and is dropped with it.
    pub async fn another_instance(&self) -> TestApp {
        let settings = (*self.state.settings).clone();
        let db = Db::connect(&settings.database).expect("connect");
        serve(settings, db, tempfile::tempdir().expect("temp dir"), None)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop the server without waiting; the runtime ends with the test anyway.
        // `stop` sends the command at once; its future only waits for completion.
        drop(self.handle.stop(false));
    }
}

impl TestApp {
    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// Moves the application's clock.
    pub fn set_time(&self, at: DateTime<Utc>) {
        self.state.clock.set(Some(at));
    }

    /// Sends a request; `body` is sent as JSON when given.
    pub async fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Res {
        let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.insert_header(("Authorization", format!("Bearer {t}")));
        }
        let mut res = match body {
            Some(b) => req
                .insert_header(("Content-Type", "application/json"))
                .send_body(b.to_string())
                .await
                .expect("request sent"),
            None => req.send().await.expect("request sent"),
        };
        let bytes = res.body().limit(10 << 20).await.expect("body read");
        Res {
            status: res.status(),
            headers: res.headers().clone(),
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        }
    }

    /// Sends raw bytes with a given content type.
    pub async fn send_raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: impl Into<Vec<u8>>,
    ) -> Res {
        let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.insert_header(("Authorization", format!("Bearer {t}")));
        }
        let mut res = req
            .insert_header(("Content-Type", content_type))
            .send_body(body.into())
            .await
            .expect("request sent");
        let bytes = res.body().limit(10 << 20).await.expect("body read");
        Res {
            status: res.status(),
            headers: res.headers().clone(),
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Res {
        self.request("GET", path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Res {
        self.request("POST", path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> Res {
        self.request("PATCH", path, token, Some(body)).await
    }

    /// Logs in and returns the access token (panics on failure).
    pub async fn login(&self, email: &str, password: &str) -> String {
        let res = self
            .post(
                "/api/v1/auth/login",
                None,
                json!({ "email": email, "password": password }),
            )
            .await;
        assert_eq!(res.status, 200, "login of {email} failed: {}", res.body);
        res.body["access_token"].as_str().unwrap().to_owned()
    }

    /// Stores an active account directly (password [`PASSWORD`]) and returns its id.
    pub fn insert_user(&self, email: &str, roles: &[Role], unit: Option<UnitId>) -> UserId {
        let mut conn = self.db().get().unwrap();
        let new = NewUser {
            email: Email::parse(email).unwrap(),
            name: format!("测试 {email}"),
            roles: roles.to_vec(),
            unit_id: unit,
            locale: Locale::ZhCn,
            profile: Profile::default(),
        };
        users::insert(
            &mut conn,
            &new,
            UserStatus::Active,
            Some(&PASSWORD_HASH),
            self.state.clock.now_naive(),
        )
        .unwrap()
    }

    /// Stores an active account and logs it in: `(id, token)`.
    pub async fn make_user(
        &self,
        email: &str,
        roles: &[Role],
        unit: Option<UnitId>,
    ) -> (UserId, String) {
        let id = self.insert_user(email, roles, unit);
        (id, self.login(email, PASSWORD).await)
    }

    /// A logged-in city admin.
    pub async fn city_admin(&self) -> (UserId, String) {
        self.make_user("city.admin@test.cn", &[Role::CityAdmin], None)
            .await
    }

    /// Creates a unit through the API as `token` and returns its id.
    pub async fn create_unit(&self, token: &str, name: &str, kind: &str) -> UnitId {
        let res = self
            .post(
                "/api/v1/units",
                Some(token),
                json!({ "name": name, "kind": kind }),
            )
            .await;
        assert_eq!(res.status, 201, "unit creation failed: {}", res.body);
        UnitId(res.body["id"].as_i64().unwrap())
    }

    /// How many users the database holds (to prove a refused request stored nothing).
    pub fn user_count(&self) -> i64 {
        let mut conn = self.db().get().unwrap();
        users::count(&mut conn).unwrap()
    }
}

/// A city admin and two units (红山区, 松山区) each with a logged-in unit admin.
pub struct TwoUnits {
    pub city: String,
    pub u1: UnitId,
    pub u2: UnitId,
    pub admin1: (UserId, String),
    pub admin2: (UserId, String),
}

pub async fn two_units(app: &TestApp) -> TwoUnits {
    let (_, city) = app.city_admin().await;
    let u1 = app
        .create_unit(&city, "红山区", "banner_county_district")
        .await;
    let u2 = app
        .create_unit(&city, "松山区", "banner_county_district")
        .await;
    let admin1 = app
        .make_user("admin1@test.cn", &[Role::UnitAdmin], Some(u1))
        .await;
    let admin2 = app
        .make_user("admin2@test.cn", &[Role::UnitAdmin], Some(u2))
        .await;
    TwoUnits {
        city,
        u1,
        u2,
        admin1,
        admin2,
    }
}

/// Starts the application sending e-mail over plain SMTP to `127.0.0.1:port`.
pub async fn spawn_with_smtp(port: u16, extra: &[(&str, &str)]) -> TestApp {
    let port = port.to_string();
    let mut overrides: Vec<(&str, &str)> = vec![
        ("email.transport", "smtp"),
        ("email.smtp.host", "127.0.0.1"),
        ("email.smtp.port", &port),
        ("email.smtp.timeout_secs", "5"),
    ];
    overrides.extend_from_slice(extra);
    spawn_with(&overrides).await
}

impl TestApp {
    /// Runs a job once, as the scheduler would, after the work requests left running (a reset
    /// e-mail) is done.
    pub async fn run_job(&self, job: peidai::jobs::JobName) -> peidai::db::job_runs::JobRun {
        self.state.after_answer.idle().await;
        peidai::jobs::run(&self.state, job, peidai::jobs::Trigger::Manual, None)
            .await
            .expect("the job run is recorded")
    }

    /// Every outbox row, oldest first.
    pub fn outbox(&self) -> Vec<peidai::db::outbox::OutboxRow> {
        use diesel::prelude::*;
        use peidai::db::schema::email_outbox as o;
        let mut conn = self.db().get().unwrap();
        o::table
            .order(o::id.asc())
            .select(peidai::db::outbox::OutboxRow::as_select())
            .load(&mut *conn)
            .unwrap()
    }
}
