//! Faults: `migrate` and `backup` run twenty times each (PostgreSQL with `TEST_DATABASE_URL`,
//! else SQLite) with no crash; a SQLite backup taken while clients write through the API passes
//! its integrity check and holds every write acknowledged before it began; and a restore drill:
//! `peidai restore` refuses while the server runs, then puts the last backup back, and the server
//! started on it answers with every write acknowledged before that backup began.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;
use std::rc::Rc;
use std::time::{Duration, Instant};

use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, QueryableByName, RunQueryDsl, SqliteConnection, sql_query};
use serde_json::{Value, json};

use peidai::db::backup::{IN_USE_REFUSAL, POSTGRES_REFUSAL, POSTGRES_RESTORE_REFUSAL};

use crate::faults_instances::{Server, peidai};
use crate::helpers::fresh_database;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A run that ended by itself: an exit code (a signal has none) and no panic message.
fn assert_no_crash(out: &Output, what: &str) {
    let stderr = text(&out.stderr);
    assert!(out.status.code().is_some(), "{what}: killed by a signal");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{what}: panicked: {stderr}"
    );
}

/// How many migrations a `migrate` run says it applied.
fn applied(out: &Output) -> usize {
    let stdout = text(&out.stdout);
    stdout
        .split(": ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("migrate names its count: {stdout}"))
}

#[test]
fn migrate_twenty_times_applies_once_and_never_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _pg) = fresh_database(dir.path());
    let mut counts = Vec::new();
    for i in 0..20 {
        let out = peidai(&url).arg("migrate").output().unwrap();
        assert_no_crash(&out, &format!("migrate #{i}"));
        assert_eq!(
            out.status.code(),
            Some(0),
            "migrate #{i}: {}",
            text(&out.stderr)
        );
        counts.push(applied(&out));
    }
    assert!(counts[0] > 0, "the first run applies the migrations");
    assert!(
        counts[1..].iter().all(|n| *n == 0),
        "later runs apply nothing: {counts:?}"
    );
    println!(
        "migrate ×20 on {}: {} migrations on the first run, 0 on the 19 others, 0 crashes",
        if url.starts_with("sqlite") {
            "SQLite"
        } else {
            "PostgreSQL"
        },
        counts[0]
    );
}

/// PostgreSQL: each of 20 runs is a clean refusal (exit code 1, the pointer to `pg_dump`, no
/// file). SQLite: each of 20 runs writes a copy that passes its check.
#[test]
fn backup_twenty_times_never_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _pg) = fresh_database(dir.path());
    let out = peidai(&url).arg("migrate").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let postgres = !url.starts_with("sqlite");
    for i in 0..20 {
        let file = dir.path().join(format!("backup-{i}.db"));
        let out = peidai(&url)
            .args(["backup", "--to"])
            .arg(&file)
            .output()
            .unwrap();
        assert_no_crash(&out, &format!("backup #{i}"));
        if postgres {
            assert_eq!(out.status.code(), Some(1), "backup #{i} is refused");
            assert!(
                text(&out.stderr).contains(POSTGRES_REFUSAL),
                "backup #{i}: {}",
                text(&out.stderr)
            );
            assert!(!file.exists(), "a refused backup writes no file");
        } else {
            assert_eq!(
                out.status.code(),
                Some(0),
                "backup #{i}: {}",
                text(&out.stderr)
            );
            assert_eq!(integrity(&file), "ok", "backup #{i}");
        }
    }
    println!(
        "backup ×20 on {}: {}, 0 crashes",
        if postgres { "PostgreSQL" } else { "SQLite" },
        if postgres {
            "20 clean refusals (exit 1, pointer to pg_dump)"
        } else {
            "20 checked copies"
        }
    );
}

#[test]
fn restore_on_postgres_points_to_pg_restore_and_a_damaged_backup_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("some.db");
    std::fs::write(&backup, b"not a database at all, just bytes").unwrap();
    let out = peidai("postgres://nobody@127.0.0.1:1/none")
        .args(["restore", "--from"])
        .arg(&backup)
        .output()
        .unwrap();
    assert_no_crash(&out, "restore on PostgreSQL");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(POSTGRES_RESTORE_REFUSAL),
        "{}",
        text(&out.stderr)
    );

    let url = format!("sqlite://{}", dir.path().join("live.db").display());
    let out = peidai(&url).arg("migrate").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let before = std::fs::read(dir.path().join("live.db")).unwrap();
    let out = peidai(&url)
        .args(["restore", "--from"])
        .arg(&backup)
        .output()
        .unwrap();
    assert_no_crash(&out, "restore of a damaged file");
    assert_eq!(out.status.code(), Some(1), "a damaged backup is refused");
    assert_eq!(
        std::fs::read(dir.path().join("live.db")).unwrap(),
        before,
        "the database is untouched"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("restoring")),
        "no staged copy is left: {names:?}"
    );
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// `PRAGMA integrity_check` of the SQLite file at `path`, opened on its own.
fn integrity(path: &Path) -> String {
    let mut c = SqliteConnection::establish(&path.to_string_lossy()).unwrap();
    let rows: Vec<Check> = sql_query("PRAGMA integrity_check").load(&mut c).unwrap();
    rows.into_iter()
        .map(|r| r.integrity_check)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The ids of the units in the SQLite file at `path`.
fn unit_ids(path: &Path) -> BTreeSet<i64> {
    let mut c = SqliteConnection::establish(&path.to_string_lossy()).unwrap();
    let rows: Vec<Id> = sql_query("SELECT id FROM units").load(&mut c).unwrap();
    rows.into_iter().map(|r| r.id).collect()
}

const ADMIN: &str = "load.admin@test.cn";
const ADMIN_PASSWORD: &str = "a long load-test password";

async fn login(client: &awc::Client, base: &str) -> String {
    let mut res = client
        .post(format!("{base}/api/v1/auth/login"))
        .send_json(&json!({ "email": ADMIN, "password": ADMIN_PASSWORD }))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

/// Every unit id the server at `base` lists, page by page.
async fn listed_units(client: &awc::Client, base: &str, token: &str) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    for page in 1.. {
        let mut res = client
            .get(format!("{base}/api/v1/units?per_page=100&page={page}"))
            .insert_header(("Authorization", format!("Bearer {token}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let body: Value = res.json().limit(10 << 20).await.unwrap();
        let items = body["items"].as_array().unwrap();
        ids.extend(items.iter().map(|u| u["id"].as_i64().unwrap()));
        if items.len() < 100 {
            break;
        }
    }
    ids
}

/// Writers running at once, backups taken while they write, and the most units each writer makes.
const WRITERS: usize = 4;
const BACKUPS: usize = 5;
const MOST_PER_WRITER: usize = 400;

#[actix_web::test]
async fn a_backup_under_write_load_is_sound_and_a_restore_brings_back_every_write_acknowledged_before_it()
 {
    let dir = tempfile::tempdir().unwrap();
    let db_file = dir.path().join("peidai.db");
    let url = format!("sqlite://{}", db_file.display());
    let out = peidai(&url)
        .args(["create-admin", "--email", ADMIN, "--name", "负载管理员"])
        .env("PEIDAI_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let mut server = peidai(&url);
    server.arg("serve");
    let server = Server::start(server);
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(30))
        .finish();
    let token = login(&client, &server.base).await;

    // The writers: each creates units one after another until told to stop; an acknowledged
    // write is a 201 with the unit's id.
    let acked: Rc<RefCell<Vec<i64>>> = Rc::default();
    let refused: Rc<RefCell<Vec<String>>> = Rc::default();
    let stop = Rc::new(Cell::new(false));
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let (client, base, token) = (client.clone(), server.base.clone(), token.clone());
        let (acked, refused, stop) = (acked.clone(), refused.clone(), stop.clone());
        writers.push(actix_web::rt::spawn(async move {
            for i in 0..MOST_PER_WRITER {
                if stop.get() {
                    break;
                }
                let res = client
                    .post(format!("{base}/api/v1/units"))
                    .insert_header(("Authorization", format!("Bearer {token}")))
                    .send_json(
                        &json!({ "name": format!("负载单位{w}-{i}"), "kind": "city_department" }),
                    )
                    .await;
                match res {
                    Ok(mut res) if res.status() == 201 => {
                        let body: Value = res.json().await.unwrap();
                        acked.borrow_mut().push(body["id"].as_i64().unwrap());
                    }
                    Ok(mut res) => {
                        let body = res.body().await.unwrap_or_default();
                        refused
                            .borrow_mut()
                            .push(format!("{}: {}", res.status(), text(&body)));
                    }
                    Err(e) => refused.borrow_mut().push(e.to_string()),
                }
            }
        }));
    }

    // The backups, one after another while the writers write.
    let mut last = None;
    let mut figures = Vec::new();
    for k in 0..BACKUPS {
        let deadline = Instant::now() + Duration::from_secs(60);
        while acked.borrow().len() < (k + 1) * 15 {
            assert!(Instant::now() < deadline, "the writers stalled");
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        }
        let file = dir.path().join(format!("backup-{k}.db"));
        let before: BTreeSet<i64> = acked.borrow().iter().copied().collect();
        let began = Instant::now();
        let mut cmd = peidai(&url);
        cmd.args(["backup", "--to"]).arg(&file);
        let out = actix_web::rt::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap();
        let took = began.elapsed();
        let after = acked.borrow().len();
        assert_no_crash(&out, &format!("backup #{k}"));
        assert_eq!(
            out.status.code(),
            Some(0),
            "backup #{k}: {}",
            text(&out.stderr)
        );
        assert_eq!(integrity(&file), "ok", "backup #{k}");
        let held = unit_ids(&file);
        let missing: Vec<_> = before.difference(&held).collect();
        assert!(
            missing.is_empty(),
            "backup #{k} lacks writes acknowledged before it began: {missing:?}"
        );
        figures.push(format!(
            "#{k}: {} acknowledged before, {} units held, {} acknowledged during its {:.0} ms",
            before.len(),
            held.len(),
            after - before.len(),
            took.as_secs_f64() * 1000.0
        ));
        last = Some((file, before, held));
    }
    stop.set(true);
    for w in writers {
        w.await.unwrap();
    }
    let refused = refused.borrow().clone();
    assert!(refused.is_empty(), "writes refused under load: {refused:?}");
    let all_acked: BTreeSet<i64> = acked.borrow().iter().copied().collect();
    let (last, before_last, in_last) = last.unwrap();

    // The drill. While the server runs, restore refuses and changes nothing.
    let mut cmd = peidai(&url);
    cmd.args(["restore", "--from"]).arg(&last);
    let out = actix_web::rt::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert_no_crash(&out, "restore while serving");
    assert_eq!(out.status.code(), Some(1), "refused while the server runs");
    assert!(
        text(&out.stderr).contains(IN_USE_REFUSAL),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        listed_units(&client, &server.base, &token).await,
        all_acked,
        "the running server still has every write"
    );

    // Stopped, the restore puts the last backup back and keeps the replaced database.
    assert!(server.stop().success(), "serve stops cleanly");
    let mut cmd = peidai(&url);
    cmd.args(["restore", "--from"]).arg(&last);
    let out = actix_web::rt::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert_no_crash(&out, "restore");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let aside = stdout
        .lines()
        .find_map(|l| l.strip_prefix("the database it replaced is kept at "))
        .unwrap_or_else(|| panic!("restore names where the old database is: {stdout}"));
    assert_eq!(
        unit_ids(Path::new(aside)),
        all_acked,
        "the replaced database, kept aside, has every acknowledged write"
    );

    // The service comes back on the restored database with what the backup held.
    let mut again = peidai(&url);
    again.arg("serve");
    let server = Server::start(again);
    let token = login(&client, &server.base).await;
    let listed = listed_units(&client, &server.base, &token).await;
    let missing: Vec<_> = before_last.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "restored service lacks writes acknowledged before the backup began: {missing:?}"
    );
    assert_eq!(
        listed, in_last,
        "the restored service has what the backup held"
    );
    let res = client
        .post(format!("{}/api/v1/units", server.base))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send_json(&json!({ "name": "恢复后的单位", "kind": "city_department" }))
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "the restored service takes writes");
    assert!(server.stop().success());

    let lost = all_acked.difference(&in_last).count();
    println!(
        "backup under load (SQLite, {WRITERS} writers): {} writes acknowledged; backups {}; \
         restore of the last: {} acknowledged before it began, all back; {} acknowledged during \
         or after it are in it; {lost} acknowledged later are not (kept in the replaced file)",
        all_acked.len(),
        figures.join("; "),
        before_last.len(),
        in_last.len() - before_last.len(),
    );
}
