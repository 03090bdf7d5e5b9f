//! A fresh database for the test: a SQLite file in a temporary folder, or a throwaway PostgreSQL
//! database beside `TEST_DATABASE_URL` when it is set (as the service's own suite does).

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

use peidai::config::{RunEnv, Settings};

/// The workspace root: the service's `config/` folder is there, and the commands run there.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ is inside the workspace")
        .to_owned()
}

/// Test settings for the database at `url`.
pub fn settings_for(url: &str) -> Settings {
    Settings::load_with(
        RunEnv::Test,
        &root().join("config"),
        false,
        &[("database.url", url)],
    )
    .expect("test settings")
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

/// The URL of a new, empty database (a file in `dir` on SQLite).
pub fn fresh_database(dir: &Path) -> (String, Option<PgDatabase>) {
    let Some(admin_url) = test_database_url() else {
        return (format!("sqlite://{}", dir.join("bench.db").display()), None);
    };
    let name = format!("peidai_test_bench_{}", std::process::id());
    let mut admin = PgConnection::establish(&admin_url)
        .unwrap_or_else(|e| panic!("TEST_DATABASE_URL is set but unreachable: {e}"));
    admin
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .expect("create a throwaway database");
    let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&name);
    (url.to_string(), Some(PgDatabase { admin_url, name }))
}

/// `TEST_DATABASE_URL`, if set, with `sslmode=disable` unless it names a mode (loopback needs no
/// TLS, and libpq's OpenSSL clean-up at exit can crash a process whose threads still run).
fn test_database_url() -> Option<String> {
    let raw = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    let mut url = url::Url::parse(&raw).expect("TEST_DATABASE_URL is a URL");
    if !url.query_pairs().any(|(k, _)| k == "sslmode") {
        url.query_pairs_mut().append_pair("sslmode", "disable");
    }
    Some(url.to_string())
}
