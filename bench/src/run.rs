//! `peidai-bench run`: starts the service's own `serve` in a process of its own (this binary's
//! hidden `serve`, which is `peidai::cli::main`) on a seeded database, measures the cold start,
//! the idle memory, authenticated reads, writes (then counts every acknowledged write in the
//! database), a 90/10 mix and the memory under load, then times each job in a process of its own
//! with e-mail going to a loopback SMTP sink. Given the stack's ceiling (`--ceiling`), it loads
//! that first on the same endpoints and prints the service's ratios to it. Prints the figures as
//! a table and writes them as JSON.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use serde::Serialize;

use crate::jobs::{JOBS, JobTiming, proc_status_kib};
use crate::load::{self, LoadResult, Plan, Req};
use peidai::auth::jwt::TokenKeys;
use peidai::config::{Secret, Settings};
use peidai::db::schema::{
    activities, contract_mentees, contracts, plan_versions, training_plans, user_roles, users,
};
use peidai::db::{AnyConnection, Db};
use peidai::domain::ids::UserId;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub db: String,
    /// Passed on to the server and job processes as `--config-dir`.
    pub config_dir: Option<PathBuf>,
    pub seconds: u64,
    pub connections: usize,
    pub out: PathBuf,
    /// Skip the jobs (they change the dataset: a round is opened, mentors are revoked).
    pub skip_jobs: bool,
    /// The stack's ceiling, measured first for the ratios.
    pub ceiling: Option<crate::ceiling::Ceiling>,
}

/// Everything one run measured.
#[derive(Debug, Serialize)]
pub struct Results {
    pub backend: String,
    pub mentors: i64,
    pub cold_start_ms: f64,
    pub idle_rss_kib: u64,
    pub load_rss_max_kib: u64,
    pub load: Vec<LoadResult>,
    /// The mentor's dashboard page against the API calls it replaces.
    pub dashboard: Option<DashboardFigures>,
    pub jobs: Vec<JobTiming>,
    pub emails_to_sink: u64,
    /// The ceiling's figures of the same run, and the service's ratios to them.
    pub ceiling: Vec<LoadResult>,
    pub ratios: Vec<crate::ceiling::Ratio>,
}

const SECRET: &str = "bench-only-secret-0123456789abcdef0123456789";

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The environment both the server and the job processes get.
fn child_env(cmd: &mut Command, o: &Options, scratch: &std::path::Path) {
    if let Some(dir) = &o.config_dir {
        cmd.arg("--config-dir").arg(dir);
    }
    cmd.env("PEIDAI_DATABASE__URL", &o.db)
        .env("PEIDAI_AUTH__JWT_SECRET", SECRET)
        .env("PEIDAI_JOBS__ENABLED", "false")
        .env("PEIDAI_LOG__LEVEL", "warn")
        .env("PEIDAI_STORAGE__FILES_DIR", scratch.join("files"))
        .env("PEIDAI_EMAIL__FILE_DIR", scratch.join("mail"))
        .stdin(Stdio::null());
}

/// Answers whether `GET /readyz` says 200.
fn ready(port: u16) -> bool {
    answers_200(port, "/readyz")
}

/// Answers whether `GET path` on loopback says 200 (a plain HTTP/1.1 request, no runtime needed).
pub(crate) fn answers_200(port: u16, path: &str) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    if s.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut buf = [0u8; 16];
    matches!(s.read(&mut buf), Ok(n) if n >= 12 && &buf[9..12] == b"200")
}

/// The server under test; killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(o: &Options, scratch: &std::path::Path) -> anyhow::Result<(Server, f64)> {
    let port = free_port()?;
    let mut cmd = Command::new(std::env::current_exe()?);
    child_env(&mut cmd, o, scratch);
    cmd.env("PEIDAI_SERVER__PORT", port.to_string())
        .env("PEIDAI_AUTH__LOGIN_ATTEMPTS_PER_IP_PER_MINUTE", "100000")
        .arg("serve")
        .stdout(Stdio::null());
    let started = Instant::now();
    let child = cmd.spawn()?;
    let server = Server { child, port };
    while !ready(port) {
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not become ready in 60 s"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    Ok((server, started.elapsed().as_secs_f64() * 1000.0))
}

/// Deterministic picks of `n` items spread over `all`.
fn spread<T: Clone>(all: &[T], n: usize) -> Vec<T> {
    if all.is_empty() {
        return Vec::new();
    }
    let step = (all.len() / n.max(1)).max(1);
    all.iter().step_by(step).take(n).cloned().collect()
}

/// The people and objects the requests are about, with their tokens.
struct Pools {
    /// Mentor token, contract id, the contract's current mentees.
    mentors: Vec<(Arc<str>, i64, Vec<i64>)>,
    unit_admins: Vec<Arc<str>>,
    /// Mentee token and approved plan.
    plans: Vec<(Arc<str>, i64)>,
    /// Mentee token and a plan returned for changes (each is submitted once).
    returned: Vec<(Arc<str>, i64)>,
}

fn pools(c: &mut AnyConnection, keys: &TokenKeys) -> anyhow::Result<Pools> {
    let now = chrono::Utc::now();
    let token = |u: i64| -> anyhow::Result<Arc<str>> { Ok(keys.issue(UserId(u), 0, now)?.into()) };
    let active: Vec<(i64, i64)> = contracts::table
        .filter(contracts::status.eq("active"))
        .order(contracts::id.asc())
        .select((contracts::id, contracts::mentor_user_id))
        .load(c)?;
    let picked = spread(&active, 2000);
    let ids: Vec<i64> = picked.iter().map(|p| p.0).collect();
    let members: Vec<(i64, i64)> = contract_mentees::table
        .filter(contract_mentees::contract_id.eq_any(&ids))
        .filter(contract_mentees::active_mentee_lock.is_not_null())
        .select((
            contract_mentees::contract_id,
            contract_mentees::mentee_user_id,
        ))
        .load(c)?;
    let mut mentors = Vec::new();
    for (k, user) in picked {
        let mentees = members.iter().filter(|m| m.0 == k).map(|m| m.1).collect();
        mentors.push((token(user)?, k, mentees));
    }
    let admins: Vec<i64> = user_roles::table
        .filter(user_roles::role.eq("unit_admin"))
        .inner_join(users::table)
        .filter(users::status.eq("active"))
        .select(user_roles::user_id)
        .load(c)?;
    let unit_admins = admins
        .into_iter()
        .map(token)
        .collect::<anyhow::Result<_>>()?;
    let plan_rows = |c: &mut AnyConnection, status: &str| -> anyhow::Result<Vec<(i64, i64)>> {
        Ok(training_plans::table
            .filter(training_plans::status.eq(status))
            .order(training_plans::id.asc())
            .select((training_plans::id, training_plans::mentee_user_id))
            .load(c)?)
    };
    let approved = spread(&plan_rows(c, "approved")?, 2000);
    let plans = approved
        .into_iter()
        .map(|(p, u)| Ok((token(u)?, p)))
        .collect::<anyhow::Result<_>>()?;
    let returned = plan_rows(c, "returned")?
        .into_iter()
        .map(|(p, u)| Ok((token(u)?, p)))
        .collect::<anyhow::Result<_>>()?;
    anyhow::ensure!(
        !mentors.is_empty(),
        "no active contracts: seed the database first"
    );
    Ok(Pools {
        mentors,
        unit_admins,
        plans,
        returned,
    })
}

fn get(path: String, token: &Arc<str>) -> Req {
    Req {
        post: false,
        path,
        token: token.clone(),
        body: None,
        write: false,
        page: false,
    }
}

/// A page, signed in with the session cookie holding the same token the API takes.
fn page(path: String, token: &Arc<str>) -> Req {
    Req {
        page: true,
        ..get(path, token)
    }
}

/// The scenario of the mentor's dashboard page (`GET /mentor`, signed in with the cookie).
pub const DASHBOARD_PAGE: &str = "page: a mentor's dashboard";
/// The scenario of the API calls that page replaces, one after another.
pub const DASHBOARD_CALLS: &str = "api: the dashboard's 4 calls in a row";

/// What the mentor's dashboard shows, read through the API: the mentor's contracts, the
/// contract's progress this year, the plans waiting for their review, and the year's activities
/// (where the disputed ones are; the API's list of disputed activities is the offices').
fn dashboard_calls(token: &Arc<str>, contract: i64, year: &str) -> Vec<Req> {
    vec![
        get("/api/v1/contracts".into(), token),
        get(
            format!("/api/v1/contracts/{contract}/progress?year={year}"),
            token,
        ),
        get("/api/v1/plans-awaiting-review".into(), token),
        get(
            format!("/api/v1/contracts/{contract}/activities?year={year}"),
            token,
        ),
    ]
}

/// The dashboard page against the API calls it replaces: the page should cost no more.
#[derive(Debug, Serialize)]
pub struct DashboardFigures {
    pub page_p50_ms: f64,
    pub calls_p50_ms: f64,
    /// `page_p50_ms / calls_p50_ms` (at most 1 when the page costs no more).
    pub ratio_p50: f64,
    pub page_per_second: f64,
    pub calls_per_second: f64,
    /// Steps of the page scenario that did not answer 2xx (the figures compare nothing then).
    pub page_non_2xx: u64,
}

impl DashboardFigures {
    fn of(load: &[LoadResult]) -> Option<Self> {
        let page = load.iter().find(|l| l.scenario == DASHBOARD_PAGE)?;
        let calls = load.iter().find(|l| l.scenario == DASHBOARD_CALLS)?;
        Some(Self {
            page_p50_ms: page.p50_ms,
            calls_p50_ms: calls.p50_ms,
            ratio_p50: page.p50_ms / calls.p50_ms.max(1e-9),
            page_per_second: page.requests_per_second,
            calls_per_second: calls.requests_per_second,
            page_non_2xx: page.non_2xx,
        })
    }
}

/// The scenarios: reads, the dashboard page and its API calls, writes and the 90/10 mix.
fn scenarios(p: Arc<Pools>, marker: &str) -> Vec<(&'static str, Arc<Plan>)> {
    let year = crate::seed::today().format("%Y").to_string();
    let held_on = (crate::seed::today() - chrono::Duration::days(1)).to_string();
    let read = {
        let p = p.clone();
        move |kind: usize, i: usize| -> Req {
            match kind {
                0 => get(
                    "/api/v1/contracts".into(),
                    &p.mentors[i % p.mentors.len()].0,
                ),
                1 => {
                    let (t, k, _) = &p.mentors[i % p.mentors.len()];
                    get(format!("/api/v1/contracts/{k}/progress?year={year}"), t)
                }
                2 => get(
                    "/api/v1/mentors?page=1&per_page=50&status=active".into(),
                    &p.unit_admins[i % p.unit_admins.len()],
                ),
                _ => {
                    let (t, plan) = &p.plans[i % p.plans.len()];
                    get(format!("/api/v1/plans/{plan}"), t)
                }
            }
        }
    };
    let log = {
        let p = p.clone();
        let marker = marker.to_owned();
        move |i: usize| -> Req {
            let (t, k, mentees) = &p.mentors[i % p.mentors.len()];
            Req {
                post: true,
                path: format!("/api/v1/contracts/{k}/activities"),
                token: t.clone(),
                body: Some(
                    serde_json::json!({
                        "kind": "technical_tutoring", "title": marker, "held_on": held_on,
                        "hours": 1.5, "attendee_ids": mentees,
                    })
                    .to_string(),
                ),
                write: true,
                page: false,
            }
        }
    };
    let submitted = Arc::new(AtomicUsize::new(0));
    let submit = {
        let p = p.clone();
        move |_: usize| -> Req {
            let n = submitted.fetch_add(1, Ordering::Relaxed);
            let (t, plan) = &p.returned[n % p.returned.len().max(1)];
            Req {
                post: true,
                path: format!("/api/v1/plans/{plan}/submit"),
                token: t.clone(),
                body: None,
                write: true,
                page: false,
            }
        }
    };
    let read = Arc::new(read);
    let log = Arc::new(log);
    let mut out: Vec<(&'static str, Arc<Plan>)> = Vec::new();
    {
        // HTTP alone, the ceiling's hello's counterpart; the token is sent and not looked at.
        let p = p.clone();
        out.push((
            crate::ceiling::PAIRS[0].0,
            Arc::new(move |_| vec![get("/healthz".into(), &p.mentors[0].0)]),
        ));
    }
    for (kind, name) in [
        (0, "read: a mentor's contracts"),
        (1, "read: a contract's progress"),
        (2, "read: a unit admin's mentor list"),
        (3, "read: a mentee's plan"),
    ] {
        let read = read.clone();
        out.push((name, Arc::new(move |i| vec![read(kind, i)])));
    }
    {
        let p = p.clone();
        out.push((
            DASHBOARD_PAGE,
            Arc::new(move |i| vec![page("/mentor".into(), &p.mentors[i % p.mentors.len()].0)]),
        ));
    }
    {
        let p = p.clone();
        let year = crate::seed::today().format("%Y").to_string();
        out.push((
            DASHBOARD_CALLS,
            Arc::new(move |i| {
                let (t, k, _) = &p.mentors[i % p.mentors.len()];
                dashboard_calls(t, *k, &year)
            }),
        ));
    }
    let l = log.clone();
    out.push(("write: log an activity", Arc::new(move |i| vec![l(i)])));
    if !p.returned.is_empty() {
        out.push((
            "write: submit a plan version",
            Arc::new(move |i| vec![submit(i)]),
        ));
    }
    out.push((
        "mixed 90/10",
        Arc::new(move |i| {
            if i % 10 == 9 {
                vec![log(i)]
            } else {
                vec![read(i % 4, i)]
            }
        }),
    ));
    out
}

/// Counts what the writes of this run left in the database.
fn stored(c: &mut AnyConnection, marker: &str) -> anyhow::Result<(u64, u64)> {
    let logged: i64 = activities::table
        .filter(activities::title.eq(marker))
        .count()
        .get_result(c)?;
    let versions: i64 = plan_versions::table
        .filter(plan_versions::version.gt(1))
        .count()
        .get_result(c)?;
    Ok((logged as u64, versions as u64))
}

/// Runs the whole bench.
pub fn run(mut settings: Settings, o: &Options) -> anyhow::Result<Results> {
    settings.database.url = o.db.parse().map_err(|e| anyhow::anyhow!("--db: {e}"))?;
    settings.database.max_connections = 2;
    settings.auth.jwt_secret = Secret::new(SECRET);
    let db = Db::connect(&settings.database)?;
    let backend = format!("{:?}", db.backend()).to_lowercase();
    let mut conn = db.get()?;
    let mentors: i64 = peidai::db::schema::mentors::table
        .count()
        .get_result(&mut *conn)?;
    let scratch = tempdir()?;
    let ceiling = match &o.ceiling {
        Some(c) => crate::ceiling::measure(c, &scratch, free_port()?, o.seconds, o.connections)?,
        None => Vec::new(),
    };
    let (server, cold_start_ms) = start_server(o, &scratch)?;
    std::thread::sleep(Duration::from_secs(1));
    let pid = server.child.id().to_string();
    let idle_rss_kib = proc_status_kib(&pid, "VmRSS:");
    let keys = TokenKeys::new(&settings.auth);
    let pools = Arc::new(pools(&mut conn, &keys)?);
    let marker = format!("bench-{}", chrono::Utc::now().timestamp_millis());
    let base = format!("http://127.0.0.1:{}", server.port);
    let max_rss = Arc::new(AtomicU64::new(0));
    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (max_rss, sampling, pid) = (max_rss.clone(), sampling.clone(), pid.clone());
        std::thread::spawn(move || {
            while sampling.load(Ordering::Relaxed) {
                max_rss.fetch_max(proc_status_kib(&pid, "VmRSS:"), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let mut results = Vec::new();
    for (name, plan) in scenarios(pools.clone(), &marker) {
        let (logged_before, versions_before) = stored(&mut conn, &marker)?;
        let mut r = load::run(
            name,
            &base,
            plan,
            o.connections,
            Duration::from_secs(o.seconds),
            5_000_000,
        );
        let (logged, versions) = stored(&mut conn, &marker)?;
        if r.writes_acknowledged > 0 || name.starts_with("write") || name.starts_with("mixed") {
            r.writes_stored = Some((logged - logged_before) + (versions - versions_before));
        }
        eprintln!("{}", row(&r));
        results.push(r);
    }
    sampling.store(false, Ordering::Relaxed);
    let _ = sampler.join();
    drop(server);
    let mut jobs = Vec::new();
    let mut emails_to_sink = 0;
    if !o.skip_jobs {
        let sink = crate::sink::start()?;
        for job in JOBS {
            let mut cmd = Command::new(std::env::current_exe()?);
            child_env(&mut cmd, o, &scratch);
            cmd.env("PEIDAI_EMAIL__TRANSPORT", "smtp")
                .env("PEIDAI_EMAIL__SMTP__HOST", "127.0.0.1")
                .env("PEIDAI_EMAIL__SMTP__PORT", sink.port.to_string())
                .args(["job", "--db", &o.db, "--name", job])
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit());
            let out = cmd.output()?;
            anyhow::ensure!(out.status.success(), "peidai-bench job {job} failed");
            let line = String::from_utf8_lossy(&out.stdout);
            let timing: JobTiming = serde_json::from_str(line.trim())?;
            eprintln!(
                "job {:<24} {:>8.2} s  peak RSS {:>7} KiB  {}",
                timing.job, timing.seconds, timing.peak_rss_kib, timing.counts
            );
            jobs.push(timing);
        }
        emails_to_sink = sink.accepted.load(Ordering::Relaxed);
    }
    let results = Results {
        backend,
        mentors,
        cold_start_ms,
        idle_rss_kib,
        load_rss_max_kib: max_rss.load(Ordering::Relaxed),
        dashboard: DashboardFigures::of(&results),
        ratios: crate::ceiling::ratios(&ceiling, &results),
        load: results,
        jobs,
        emails_to_sink,
        ceiling,
    };
    std::fs::create_dir_all(&o.out)?;
    let file = o
        .out
        .join(format!("{}-{}.json", results.backend, results.mentors));
    std::fs::write(&file, serde_json::to_string_pretty(&results)?)?;
    print_table(&results);
    println!("figures written to {}", file.display());
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(results)
}

fn tempdir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("peidai-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// One scenario's figures on one line (printed as each scenario ends).
pub(crate) fn row(r: &LoadResult) -> String {
    format!(
        "{:<40} {:>9.0} req/s  p50 {:>6.2} ms  p99 {:>7.2} ms  max {:>8.2} ms  non-2xx {:>5}  writes {}/{}",
        r.scenario,
        r.requests_per_second,
        r.p50_ms,
        r.p99_ms,
        r.max_ms,
        r.non_2xx,
        r.writes_stored.map_or("-".into(), |s| s.to_string()),
        r.writes_acknowledged
    )
}

fn print_table(r: &Results) {
    println!(
        "\n{} with {} mentors: cold start {:.1} ms, idle RSS {} KiB, RSS under load (max) {} KiB",
        r.backend, r.mentors, r.cold_start_ms, r.idle_rss_kib, r.load_rss_max_kib
    );
    println!(
        "| scenario | req/s | p50 ms | p99 ms | max ms | non-2xx | writes stored / acknowledged |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for l in &r.load {
        println!(
            "| {} | {:.0} | {:.2} | {:.2} | {:.2} | {} | {} |",
            l.scenario,
            l.requests_per_second,
            l.p50_ms,
            l.p99_ms,
            l.max_ms,
            l.non_2xx,
            l.writes_stored
                .map_or("-".into(), |s| format!("{s} / {}", l.writes_acknowledged))
        );
    }
    if let Some(d) = &r.dashboard {
        println!(
            "| the mentor's dashboard | page p50 ms | its 4 API calls p50 ms | ratio page / calls | pages/s | call sets/s | page non-2xx |"
        );
        println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        println!(
            "| `GET /mentor` against the calls it replaces | {:.2} | {:.2} | {:.2}{} | {:.0} | {:.0} | {} |",
            d.page_p50_ms,
            d.calls_p50_ms,
            d.ratio_p50,
            if d.page_non_2xx > 0 {
                " (not comparable: the page failed)"
            } else {
                ""
            },
            d.page_per_second,
            d.calls_per_second,
            d.page_non_2xx
        );
    }
    if !r.ratios.is_empty() {
        println!(
            "| against the ceiling | ceiling req/s | p99 ms | req/s | p99 ms | ratio | p99 ratio |"
        );
        println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for x in &r.ratios {
            println!(
                "| {} | {:.0} | {:.2} | {:.0} | {:.2} | {:.0} % | {:.2} |",
                x.scenario,
                x.ceiling_rps,
                x.ceiling_p99_ms,
                x.rps,
                x.p99_ms,
                x.ratio * 100.0,
                x.p99_ratio
            );
        }
    }
    if !r.jobs.is_empty() {
        println!("| job | seconds | peak RSS KiB | counts |");
        println!("| --- | ---: | ---: | --- |");
        for j in &r.jobs {
            println!(
                "| {} | {:.2} | {} | {} |",
                j.job, j.seconds, j.peak_rss_kib, j.counts
            );
        }
        println!(
            "e-mails received by the loopback sink: {}",
            r.emails_to_sink
        );
    }
}
