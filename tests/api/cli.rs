//! The `peidai` binary: serve with and without the demo city, create-admin, backup, config check,
//! and a start from an empty folder with no configuration at all.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::json;

use peidai::db::{Db, users};

use crate::helpers::settings_for;

pub(crate) fn peidai(db_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peidai"));
    cmd.env_clear()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PEIDAI_ENV", "test")
        .env("PEIDAI_CONFIG_DIR", "config")
        .env("PEIDAI_DATABASE__URL", db_url)
        .stdin(Stdio::null());
    cmd
}

pub(crate) fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the binary runs")
}

/// Whether the command failed with an exit code of its own: a refusal, never a crash. A process
/// killed by a signal (an abort, a segmentation fault) has no exit code and does not count.
pub fn failed(out: &Output) -> bool {
    matches!(out.status.code(), Some(code) if code != 0)
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("cli.db").display())
}

fn user_count(url: &str) -> i64 {
    let db = Db::connect(&settings_for(url, &[]).database).unwrap();
    let mut conn = db.get().unwrap();
    users::count(&mut conn).unwrap()
}

/// Starts `serve`, waits for "press Ctrl-C", and returns the child, its base URL and its output.
fn start_serving(url: &str, demo: bool) -> (Child, String, Vec<String>) {
    let mut cmd = peidai(url);
    cmd.arg("serve").stderr(Stdio::null());
    if demo {
        cmd.arg("--demo");
    }
    start(cmd)
}

/// Spawns a prepared `serve` command and waits for its banner.
pub(crate) fn start(mut cmd: Command) -> (Child, String, Vec<String>) {
    let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve printed its banner in time");
        let done = line.contains("press Ctrl-C");
        lines.push(line);
        if done {
            break;
        }
    }
    let base = lines[0]
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the banner names the address")
        .to_owned();
    (child, base, lines)
}

/// Sends SIGINT and waits (bounded) for a clean exit.
pub(crate) fn interrupt_and_wait(mut child: Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "serve exited with {status}");
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve did not stop within 20 s of Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[actix_web::test]
async fn serve_demo_seeds_a_demo_city_prints_logins_and_stops_cleanly_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let (child, base, lines) = start_serving(&url, true);
    let banner = lines.join("\n");
    assert!(banner.contains("admin@demo.peidai.cn"), "{banner}");
    assert!(
        banner.contains("红山区") && banner.contains("松山区"),
        "{banner}"
    );
    let client = awc::Client::default();
    let mut res = client
        .post(format!("{base}/api/v1/auth/login"))
        .send_json(&json!({ "email": "admin@demo.peidai.cn", "password": "peidai-demo-2026" }))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let token = body["access_token"].as_str().unwrap().to_owned();
    let mut units = client
        .get(format!("{base}/api/v1/units?per_page=100"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send()
        .await
        .unwrap();
    let units: serde_json::Value = units.json().await.unwrap();
    let kinds: std::collections::BTreeSet<&str> = units["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "banner_county_district",
            "city_department",
            "college",
            "enterprise",
            "other"
        ]
    );
    interrupt_and_wait(child);
    assert!(user_count(&url) > 10, "mentors and mentees were seeded");

    // A restart on the same database adds nothing and still prints the logins.
    let before = user_count(&url);
    let (child, _, lines) = start_serving(&url, true);
    assert!(lines.join("\n").contains("admin@demo.peidai.cn"));
    interrupt_and_wait(child);
    assert_eq!(user_count(&url), before);
}

#[test]
fn serve_without_demo_leaves_an_empty_database_with_no_users() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let (child, _, lines) = start_serving(&url, false);
    assert!(!lines.join("\n").contains("demo"));
    interrupt_and_wait(child);
    assert_eq!(user_count(&url), 0);
}

#[actix_web::test]
async fn create_admin_takes_the_password_from_the_environment_and_refuses_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let short = run(peidai(&url)
        .args([
            "create-admin",
            "--email",
            "first@city.cn",
            "--name",
            "人才科",
        ])
        .env("PEIDAI_ADMIN_PASSWORD", "short"));
    assert!(failed(&short));
    assert!(
        text(&short.stderr).contains("at least 8"),
        "{}",
        text(&short.stderr)
    );

    let ok = run(peidai(&url)
        .args([
            "create-admin",
            "--email",
            "First@City.cn",
            "--name",
            "人才科",
        ])
        .env("PEIDAI_ADMIN_PASSWORD", "a long admin password"));
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(!text(&ok.stdout).contains("a long admin password"));
    assert!(!text(&ok.stderr).contains("a long admin password"));

    let again = run(peidai(&url)
        .args([
            "create-admin",
            "--email",
            "first@city.cn",
            "--name",
            "又一个",
        ])
        .env("PEIDAI_ADMIN_PASSWORD", "another long password"));
    assert!(failed(&again));
    assert!(text(&again.stderr).contains("already exists"));

    let (child, base, _) = start_serving(&url, false);
    let res = awc::Client::default()
        .post(format!("{base}/api/v1/auth/login"))
        .send_json(&json!({ "email": "first@city.cn", "password": "a long admin password" }))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    interrupt_and_wait(child);
}

#[test]
fn backup_writes_a_checked_copy_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let created = run(peidai(&url)
        .args(["create-admin", "--email", "a@city.cn", "--name", "管理员"])
        .env("PEIDAI_ADMIN_PASSWORD", "a long admin password"));
    assert!(created.status.success());
    let copy = dir.path().join("backups/copy.db");
    let out = run(peidai(&url).args(["backup", "--to", copy.to_str().unwrap()]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("integrity ok"));
    assert_eq!(user_count(&format!("sqlite://{}", copy.display())), 1);
    let again = run(peidai(&url).args(["backup", "--to", copy.to_str().unwrap()]));
    assert!(failed(&again));
    assert!(text(&again.stderr).contains("already exists"));
}

/// A PostgreSQL database is refused before any connection is opened: the URL names a port where
/// no server listens, and the answer is still the pointer to `pg_dump`.
#[test]
fn backup_on_postgres_points_to_pg_dump_without_connecting() {
    let pg = "postgres://nobody@127.0.0.1:1/none";
    let dir = tempfile::tempdir().unwrap();
    let out = run(peidai(pg).args(["backup", "--to", dir.path().join("x").to_str().unwrap()]));
    assert!(failed(&out));
    assert!(
        text(&out.stderr).contains("pg_dump"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn config_check_masks_secrets_and_takes_environment_overrides() {
    let out = run(peidai("sqlite://data/x.db")
        .args(["config", "check"])
        .env("PEIDAI_SERVER__PORT", "9000")
        .env(
            "PEIDAI_AUTH__JWT_SECRET",
            "a-secret-that-must-never-be-printed-0123456789",
        ));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("9000"), "{stdout}");
    assert!(stdout.contains("********"));
    assert!(!stdout.contains("a-secret-that-must-never-be-printed"));
}

#[test]
fn production_refuses_the_development_secret_a_missing_secret_and_unknown_schemes() {
    let dev = run(peidai("sqlite://data/x.db")
        .args(["config", "check"])
        .env("PEIDAI_ENV", "production")
        .env(
            "PEIDAI_AUTH__JWT_SECRET",
            peidai::config::DEVELOPMENT_JWT_SECRET,
        ));
    assert!(failed(&dev));
    assert!(
        text(&dev.stderr).contains("auth.jwt_secret"),
        "{}",
        text(&dev.stderr)
    );

    let missing = run(peidai("sqlite://data/x.db")
        .args(["serve"])
        .env("PEIDAI_ENV", "production"));
    assert!(failed(&missing));
    assert!(text(&missing.stderr).contains("auth.jwt_secret"));

    let scheme = run(peidai("mysql://root@127.0.0.1/x").args(["serve"]));
    assert!(failed(&scheme));
    assert!(
        text(&scheme.stderr).contains("database.url"),
        "{}",
        text(&scheme.stderr)
    );

    let env = run(peidai("sqlite://data/x.db")
        .args(["config", "check"])
        .env("PEIDAI_ENV", "staging"));
    assert!(failed(&env));
    assert!(text(&env.stderr).contains("PEIDAI_ENV"));
}

#[test]
fn jobs_list_shows_each_job_and_an_empty_schedule_switches_its_timer_off() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let out = run(peidai(&url)
        .args(["jobs", "list"])
        .env("PEIDAI_JOBS__ENABLED", "true")
        .env("PEIDAI_JOBS__SEND_EMAILS__SCHEDULE", ""));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let line = |name: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line("send_emails").contains("no timer"), "{stdout}");
    assert!(
        line("purge_expired_tokens").contains("\"0 30 3 * * *\" (Asia/Shanghai)"),
        "{stdout}"
    );
}

#[test]
fn jobs_run_replays_a_given_moment_and_records_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let out = run(peidai(&url)
        .args([
            "jobs",
            "run",
            "send_emails",
            "--now",
            "2026-06-01T08:00:00+08:00",
        ])
        .env(
            "PEIDAI_EMAIL__FILE_DIR",
            dir.path().join("mail").to_str().unwrap(),
        ));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["status"], "succeeded");
    assert_eq!(record["trigger"], "cli");
    assert_eq!(record["started_at"], "2026-06-01T00:00:00Z");
    assert_eq!(record["counts"]["sent"], 0);

    let unknown = run_named(&url, "send_everything");
    assert!(failed(&unknown));
    assert!(text(&unknown.stderr).contains("send_emails, purge_expired_tokens"));
    let bad_time = run(peidai(&url).args(["jobs", "run", "send_emails", "--now", "tomorrow"]));
    assert!(failed(&bad_time));
    assert!(text(&bad_time.stderr).contains("--now"));
}

fn run_named(url: &str, name: &str) -> Output {
    run(peidai(url).args(["jobs", "run", name]))
}

#[test]
fn production_refuses_the_file_transport_and_an_smtp_password_in_a_file() {
    let out = run(peidai("sqlite://data/x.db")
        .args(["config", "check"])
        .env("PEIDAI_ENV", "production")
        .env(
            "PEIDAI_AUTH__JWT_SECRET",
            "production-signing-key-0123456789-abcdefghij",
        )
        .env("PEIDAI_EMAIL__TRANSPORT", "file"));
    assert!(failed(&out));
    assert!(
        text(&out.stderr).contains("email.transport"),
        "{}",
        text(&out.stderr)
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("development.toml"),
        "[email.smtp]\npassword = \"written-down\"\n",
    )
    .unwrap();
    let out = run(peidai("sqlite://data/x.db")
        .args(["config", "check"])
        .env("PEIDAI_ENV", "development")
        .env("PEIDAI_CONFIG_DIR", dir.path()));
    assert!(failed(&out));
    assert!(
        text(&out.stderr).contains("email.smtp.password"),
        "{}",
        text(&out.stderr)
    );

    let out = run(peidai("sqlite://data/x.db")
        .args(["config", "check"])
        .env("PEIDAI_EMAIL__SMTP__PASSWORD", "from-the-environment"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("from-the-environment"));
}

/// The binary with nothing around it: run in `folder`, with no configuration folder and no
/// `PEIDAI_*` variables except the port (0: any free one, so that tests never collide).
fn bare(folder: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peidai"));
    cmd.env_clear()
        .current_dir(folder)
        .env("PEIDAI_SERVER__PORT", "0")
        .stdin(Stdio::null());
    cmd
}

/// Logs in and answers the access token.
async fn login(base: &str, email: &str, password: &str) -> String {
    let mut res = awc::Client::default()
        .post(format!("{base}/api/v1/auth/login"))
        .send_json(&json!({ "email": email, "password": password }))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

/// `GET /api/v1/auth/me` with `token`: its status.
async fn me(base: &str, token: &str) -> u16 {
    awc::Client::default()
        .get(format!("{base}/api/v1/auth/me"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[actix_web::test]
async fn the_binary_starts_in_an_empty_folder_with_no_configuration_and_keeps_its_key() {
    const PASSWORD: &str = "a long passphrase";
    let dir = tempfile::tempdir().unwrap();
    let admin = run(bare(dir.path())
        .args([
            "create-admin",
            "--email",
            "admin@city.gov.cn",
            "--name",
            "人才科",
        ])
        .env("PEIDAI_ADMIN_PASSWORD", PASSWORD));
    assert_eq!(admin.status.code(), Some(0), "{}", text(&admin.stderr));
    let data = dir.path().join("data");
    assert!(data.join("peidai.db").is_file(), "the default database");
    let key_file = data.join(peidai::config::SIGNING_KEY_FILE);
    assert!(
        !key_file.exists(),
        "only a command that signs tokens makes the key"
    );

    let mut serve = bare(dir.path());
    serve.arg("serve").stderr(Stdio::null());
    let (child, base, _) = start(serve);
    let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the key file is private");
    let key = std::fs::read(&key_file).unwrap();
    let mut health = awc::Client::default()
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    assert!(!health.body().await.unwrap().is_empty());
    let token = login(&base, "admin@city.gov.cn", PASSWORD).await;
    assert_eq!(me(&base, &token).await, 200);
    interrupt_and_wait(child);

    // A restart reads the same key back: the login made before it is still valid.
    let mut serve = bare(dir.path());
    serve.arg("serve").stderr(Stdio::null());
    let (child, base, _) = start(serve);
    assert_eq!(
        me(&base, &token).await,
        200,
        "the token outlives the restart"
    );
    assert_eq!(me(&base, "not-a-token").await, 401);
    interrupt_and_wait(child);
    assert_eq!(
        std::fs::read(&key_file).unwrap(),
        key,
        "the key file is reused"
    );

    // Production never makes a key of its own.
    let refused = run(bare(dir.path())
        .arg("serve")
        .env("PEIDAI_ENV", "production"));
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("PEIDAI_AUTH__JWT_SECRET"));
}
