//! The stack's ceiling, measured in the same run as the service: a minimal server on the same
//! crates (its binary and its seeded database are given with `--ceiling` and `--ceiling-db`),
//! loaded by the same generator on the same endpoints, before the service's own server starts so
//! that the two never share the cores. Machines of this kind differ 2–3× from one day to the
//! next, so the figure that means something is the service's ratio to the ceiling in one run.
//!
//! The ceiling's command line: `BIN tokens DB N` prints `TOKEN CONTRACT_ID ...` lines (HS256
//! tokens of N mentors), `BIN serve DB PORT` serves `GET /hello`, `GET /contracts`,
//! `GET /contracts/{id}/progress?year=Y` and `POST /contracts/{id}/activities`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::load::{self, LoadResult, Plan, Req};

/// Where the ceiling is.
#[derive(Debug, Clone)]
pub struct Ceiling {
    pub bin: PathBuf,
    /// Its seeded database: copied before the run, never changed.
    pub db: PathBuf,
}

/// The ceiling's scenario each of the service's is set against, by the service's name.
pub const PAIRS: [(&str, &str); 4] = [
    ("http: GET /healthz", "ceiling: GET /hello"),
    (
        "read: a mentor's contracts",
        "ceiling: a mentor's contracts",
    ),
    (
        "read: a contract's progress",
        "ceiling: a contract's progress",
    ),
    ("write: log an activity", "ceiling: one insert"),
];

/// The service against the ceiling on one endpoint.
#[derive(Debug, Clone, Serialize)]
pub struct Ratio {
    pub scenario: String,
    pub ceiling_rps: f64,
    pub ceiling_p99_ms: f64,
    pub rps: f64,
    pub p99_ms: f64,
    /// The service's requests per second over the ceiling's.
    pub ratio: f64,
    /// The service's p99 over the ceiling's.
    pub p99_ratio: f64,
}

/// The ratios of `ours` to `ceiling`, for each pair both have.
pub fn ratios(ceiling: &[LoadResult], ours: &[LoadResult]) -> Vec<Ratio> {
    let find = |all: &[LoadResult], name: &str| all.iter().find(|r| r.scenario == name).cloned();
    PAIRS
        .iter()
        .filter_map(|(mine, theirs)| {
            let (m, c) = (find(ours, mine)?, find(ceiling, theirs)?);
            Some(Ratio {
                scenario: (*mine).to_owned(),
                ceiling_rps: c.requests_per_second,
                ceiling_p99_ms: c.p99_ms,
                rps: m.requests_per_second,
                p99_ms: m.p99_ms,
                ratio: m.requests_per_second / c.requests_per_second.max(1e-9),
                p99_ratio: m.p99_ms / c.p99_ms.max(1e-9),
            })
        })
        .collect()
}

/// The ceiling's server; killed when dropped.
struct Serving(std::process::Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Copies the ceiling's database into `scratch`, mints its tokens, serves it and loads it.
pub fn measure(
    c: &Ceiling,
    scratch: &Path,
    port: u16,
    seconds: u64,
    connections: usize,
) -> anyhow::Result<Vec<LoadResult>> {
    let db = scratch.join("ceiling.db");
    // A write-ahead log left beside an earlier copy would be replayed onto this one.
    for leftover in ["ceiling.db-wal", "ceiling.db-shm"] {
        let _ = std::fs::remove_file(scratch.join(leftover));
    }
    std::fs::copy(&c.db, &db)?;
    let out = Command::new(&c.bin)
        .arg("tokens")
        .arg(&db)
        .arg("1000")
        .stderr(Stdio::inherit())
        .output()?;
    anyhow::ensure!(out.status.success(), "`{} tokens` failed", c.bin.display());
    let tokens: Vec<(Arc<str>, i64)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            Some((Arc::from(f.next()?), f.next()?.parse().ok()?))
        })
        .collect();
    anyhow::ensure!(!tokens.is_empty(), "the ceiling minted no tokens");
    let child = Command::new(&c.bin)
        .arg("serve")
        .arg(&db)
        .arg(port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let _serving = Serving(child);
    let started = Instant::now();
    while !crate::run::answers_200(port, "/hello") {
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(30),
            "the ceiling did not answer in 30 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let base = format!("http://127.0.0.1:{port}");
    let tokens = Arc::new(tokens);
    let year = crate::seed::today().format("%Y").to_string();
    let req = |post: bool, path: String, token: &Arc<str>, body: Option<String>| Req {
        post,
        path,
        token: token.clone(),
        body,
        write: post,
        page: false,
    };
    let plans: Vec<(&str, Arc<Plan>)> = vec![
        (PAIRS[0].1, {
            let t = tokens.clone();
            Arc::new(move |_| vec![req(false, "/hello".into(), &t[0].0, None)])
        }),
        (PAIRS[1].1, {
            let t = tokens.clone();
            Arc::new(move |i| vec![req(false, "/contracts".into(), &t[i % t.len()].0, None)])
        }),
        (PAIRS[2].1, {
            let t = tokens.clone();
            Arc::new(move |i| {
                let (tok, k) = &t[i % t.len()];
                vec![req(
                    false,
                    format!("/contracts/{k}/progress?year={year}"),
                    tok,
                    None,
                )]
            })
        }),
        (PAIRS[3].1, {
            let t = tokens.clone();
            let body = r#"{"kind":"lesson","title":"ceiling","date":"2026-06-01","hours":1.5,"summary":"s"}"#;
            Arc::new(move |i| {
                let (tok, k) = &t[i % t.len()];
                vec![req(
                    true,
                    format!("/contracts/{k}/activities"),
                    tok,
                    Some(body.into()),
                )]
            })
        }),
    ];
    let mut results = Vec::new();
    for (name, plan) in plans {
        let r = load::run(
            name,
            &base,
            plan,
            connections,
            Duration::from_secs(seconds),
            5_000_000,
        );
        eprintln!("{}", crate::run::row(&r));
        results.push(r);
    }
    Ok(results)
}
