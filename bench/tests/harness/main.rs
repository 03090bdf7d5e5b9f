//! A small run of the benchmark, so that the harness cannot rot: the seeder at N = 50 (its
//! counts, its determinism, its refusal of a non-empty database) and every step of
//! `peidai-bench run` for a second each, on the backend under test (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set). Figures are printed, never asserted.

mod database;

use std::process::{Command, Stdio};

use diesel::prelude::*;
use serde_json::Value;

use peidai::db::Db;
use peidai::db::schema::{activities, activity_attendance, contracts, mentors, users};

use database::{fresh_database, root, settings_for};

fn bench(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_peidai-bench"))
        .env_clear()
        .current_dir(root())
        .env("PEIDAI_ENV", "test")
        .env("PEIDAI_CONFIG_DIR", "config")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn counts(url: &str) -> (i64, i64, i64, i64, i64) {
    let db = Db::connect(&settings_for(url).database).unwrap();
    let mut c = db.get().unwrap();
    (
        users::table.count().get_result(&mut *c).unwrap(),
        mentors::table.count().get_result(&mut *c).unwrap(),
        contracts::table
            .filter(contracts::status.eq("active"))
            .count()
            .get_result(&mut *c)
            .unwrap(),
        activities::table.count().get_result(&mut *c).unwrap(),
        activity_attendance::table
            .count()
            .get_result(&mut *c)
            .unwrap(),
    )
}

#[test]
fn the_seeder_and_every_step_of_the_harness_run_at_fifty_mentors() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _pg) = fresh_database(dir.path());
    let seeded = bench(&["seed", "--db", &url, "--mentors", "50", "--seed", "7"]);
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let (people, pool, active, logged, attendance) = counts(&url);
    assert_eq!(
        people,
        1 + 10 + 20 + 50 * 6,
        "city admin, unit admins, reviewers, 6 per mentor"
    );
    assert_eq!((pool, active), (50, 50));
    assert!(
        logged > 50 * 30,
        "about 30 activities a year over two years: {logged}"
    );
    assert!(attendance >= logged * 2, "2 to 5 attendees each");

    let again = bench(&["seed", "--db", &url, "--mentors", "50"]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "a non-empty database is refused"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));

    // The same seed gives the same program.
    let twin_dir = tempfile::tempdir().unwrap();
    let twin = format!("sqlite://{}", twin_dir.path().join("twin.db").display());
    assert!(
        bench(&["seed", "--db", &twin, "--mentors", "50", "--seed", "7"])
            .status
            .success()
    );
    assert_eq!(counts(&twin).3, logged, "deterministic");

    let out = dir.path().join("results");
    let run = bench(&[
        "run",
        "--db",
        &url,
        "--seconds",
        "1",
        "--connections",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let file = std::fs::read_dir(&out)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let r: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(r["mentors"], 50);
    assert!(r["cold_start_ms"].as_f64().unwrap() > 0.0);
    assert!(r["idle_rss_kib"].as_u64().unwrap() > 0);
    let load = r["load"].as_array().unwrap();
    assert_eq!(
        load.len(),
        10,
        "HTTP alone, 4 reads, the dashboard page and its API calls, 2 writes, the mix"
    );
    assert_eq!(load[0]["scenario"], "http: GET /healthz");
    assert_eq!(
        r["ratios"].as_array().map(Vec::len),
        Some(0),
        "no ceiling given, no ratio"
    );
    for step in load {
        assert!(step["requests"].as_u64().unwrap() > 0, "{step}");
        let name = step["scenario"].as_str().unwrap();
        if name.starts_with("http") || name.starts_with("read") || name.starts_with("api") {
            assert_eq!(step["non_2xx"], 0, "{step}");
        } else if name.starts_with("page") {
            assert_eq!(step["non_2xx"], 0, "the dashboard page answers 200: {step}");
        } else {
            assert_eq!(
                step["writes_stored"], step["writes_acknowledged"],
                "every acknowledged write is stored: {step}"
            );
            assert!(step["writes_acknowledged"].as_u64().unwrap() > 0, "{step}");
        }
    }
    assert_eq!(
        r["load"][6]["requests_per_step"], 4,
        "the dashboard's API calls in a row"
    );
    assert!(
        r["dashboard"]["ratio_p50"].as_f64().unwrap() > 0.0,
        "{}",
        r["dashboard"]
    );
    assert!(stdout.contains("the mentor's dashboard"), "{stdout}");
    let jobs: Vec<&str> = r["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["job"].as_str().unwrap())
        .collect();
    assert_eq!(
        jobs,
        [
            "mentoring_reminders",
            "benefit_reminders",
            "open_assessment_round",
            "revoke_unqualified",
            "send_emails"
        ]
    );
    assert_eq!(r["jobs"][2]["counts"]["assessments"], 50);
    let sent = r["jobs"][4]["counts"]["sent"].as_u64().unwrap();
    assert!(sent > 0);
    assert_eq!(
        r["emails_to_sink"], sent,
        "the sink received every e-mail sent"
    );
    println!("{stdout}");
}
