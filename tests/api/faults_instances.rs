//! Faults: two `peidai serve` processes on one database (a SQLite file, or PostgreSQL with
//! `TEST_DATABASE_URL`), timers on, both delivering to one SMTP sink. Each queued e-mail arrives
//! once, and each tick of each job's timer is run by one instance at most: the other records its
//! turn as `skipped`.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use peidai::db::job_runs::JobRunRow;
use peidai::db::schema::job_runs;
use peidai::db::{Db, outbox};
use peidai::email::catalogue::{Email, PasswordChanged};
use peidai::email::outbox::{Recipient, enqueue};
use peidai::jobs::JobName;

use crate::helpers::{fresh_database, settings_for, start_time};
use crate::smtp_sink::SmtpSink;

/// The `peidai` binary with the test configuration, on `url`, and nothing else from the
/// environment.
pub fn peidai(url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peidai"));
    cmd.env_clear()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PEIDAI_ENV", "test")
        .env("PEIDAI_CONFIG_DIR", "config")
        .env("PEIDAI_DATABASE__URL", url)
        .stdin(Stdio::null());
    cmd
}

/// A `peidai serve` process, killed when dropped (a failed test never leaves one running).
pub struct Server {
    child: Option<Child>,
    pub base: String,
}

impl Server {
    /// Spawns `cmd` (a prepared `serve`) and waits, at most 60 s, for its banner.
    pub fn start(mut cmd: Command) -> Self {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut server = Self {
            child: Some(child),
            base: String::new(),
        };
        let (tx, rx) = mpsc::channel();
        // Reads to the end, so that the process never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve printed its banner within 60 s");
            if let Some(base) = line.split_whitespace().find(|w| w.starts_with("http://"))
                && server.base.is_empty()
            {
                server.base = base.to_owned();
            }
            if line.contains("press Ctrl-C") {
                break;
            }
        }
        assert!(!server.base.is_empty(), "the banner names the address");
        server
    }

    /// Sends SIGINT and waits, at most 20 s, for the exit (killed after that).
    pub fn stop(mut self) -> ExitStatus {
        let mut child = self.child.take().expect("running");
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("serve did not stop within 20 s of SIGINT");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// E-mails queued before the instances start.
const MESSAGES: usize = 300;

/// A `serve` on `url` with every timer on (`send_emails` each second, the others every two
/// seconds), sending over SMTP to the sink on `port`. On PostgreSQL a running job holds a pooled
/// connection for its advisory lock and needs another for its work, so with all eleven timers
/// firing together the pool is made large enough for all of them (the test configuration's 4
/// starves: 89 of 300 e-mails in 120 s); production schedules make at most two jobs coincide.
fn instance(url: &str, port: u16) -> Command {
    let mut cmd = peidai(url);
    cmd.arg("serve")
        .env("PEIDAI_JOBS__ENABLED", "true")
        .env("PEIDAI_DATABASE__MAX_CONNECTIONS", "24")
        .env("PEIDAI_EMAIL__TRANSPORT", "smtp")
        .env("PEIDAI_EMAIL__SMTP__HOST", "127.0.0.1")
        .env("PEIDAI_EMAIL__SMTP__PORT", port.to_string())
        .env("PEIDAI_EMAIL__CONCURRENCY", "2")
        .env("PEIDAI_EMAIL__SMTP__POOL_MAX", "2")
        .env("PEIDAI_EMAIL__BATCH_SIZE", "20");
    for job in JobName::ALL {
        let every = if job == JobName::SendEmails {
            "* * * * * *"
        } else {
            "*/2 * * * * *"
        };
        cmd.env(
            format!("PEIDAI_JOBS__{}__SCHEDULE", job.as_str().to_uppercase()),
            every,
        );
    }
    cmd
}

/// Queues `n` password-changed notices to distinct addresses, due at once.
fn queue(db: &Db, n: usize) {
    let mut conn = db.get().unwrap();
    for i in 0..n {
        let to = Recipient {
            user_id: None,
            email: format!("person{i}@example.cn"),
            name: "某人".into(),
            locale: peidai::i18n::Locale::ZhCn,
        };
        let email = Email::PasswordChanged(PasswordChanged {
            name: "某人".into(),
            changed_at: start_time(),
        });
        enqueue(
            &mut conn,
            start_time().naive_utc(),
            "test.cn",
            &to,
            &email,
            &format!("instances:{i}"),
        )
        .unwrap();
    }
}

/// The timer's runs of every job, as `job -> tick -> statuses`.
fn ticks(db: &Db) -> BTreeMap<String, BTreeMap<NaiveDateTime, Vec<String>>> {
    let mut conn = db.get().unwrap();
    let rows: Vec<JobRunRow> = job_runs::table
        .filter(job_runs::trigger.eq("schedule"))
        .filter(job_runs::scheduled_for.is_not_null())
        .select(JobRunRow::as_select())
        .load(&mut *conn)
        .unwrap();
    let mut all: BTreeMap<String, BTreeMap<NaiveDateTime, Vec<String>>> = BTreeMap::new();
    for row in rows {
        let tick = row.scheduled_for.expect("a timer's run names its tick");
        all.entry(row.job)
            .or_default()
            .entry(tick)
            .or_default()
            .push(row.status);
    }
    all
}

#[test]
fn two_instances_on_one_database_send_each_email_once_and_run_each_tick_once() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _pg) = fresh_database(dir.path());
    let db = Db::connect(&settings_for(&url, &[]).database).unwrap();
    db.migrate().unwrap();
    queue(&db, MESSAGES);

    let sink = SmtpSink::start();
    // Slow enough that one instance's drain spans several ticks, so both drain at once.
    sink.set_delay(Duration::from_millis(20));
    let started = Instant::now();
    let a = Server::start(instance(&url, sink.port));
    let b = Server::start(instance(&url, sink.port));

    // Until every message is recorded as sent and each instance has seen a few ticks of every
    // job: at most 120 s.
    let deadline = Instant::now() + Duration::from_secs(120);
    let settle = Instant::now() + Duration::from_secs(9);
    loop {
        let left = {
            let mut conn = db.get().unwrap();
            outbox::stats(&mut conn, chrono::Utc::now().naive_utc()).unwrap()
        };
        if left.pending + left.sending == 0 && Instant::now() > settle {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not delivered within 120 s: {} accepted, {} pending, {} sending",
            sink.accepted(),
            left.pending,
            left.sending
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let delivered_in = started.elapsed();
    let (sa, sb) = (a.stop(), b.stop());
    assert!(
        sa.success() && sb.success(),
        "both stop cleanly: {sa}, {sb}"
    );

    let mut copies: HashMap<String, usize> = HashMap::new();
    for message in sink.received() {
        let id = message.raw_header("Message-ID").expect("a Message-ID");
        *copies.entry(id).or_default() += 1;
    }
    let twice: Vec<_> = copies.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
    assert_eq!(copies.len(), MESSAGES, "every message delivered");
    let mut conn = db.get().unwrap();
    let left = outbox::stats(&mut conn, chrono::Utc::now().naive_utc()).unwrap();
    assert_eq!((left.pending, left.sending, left.dead), (0, 0, 0));
    drop(conn);

    let all = ticks(&db);
    let (mut ticks_run, mut turns_skipped, mut drains) = (0, 0, 0);
    for job in JobName::ALL {
        let runs = all
            .get(job.as_str())
            .unwrap_or_else(|| panic!("{} never ran on its timer", job.as_str()));
        let mut ran_ticks = 0;
        for (tick, statuses) in runs {
            let ran = statuses.iter().filter(|s| *s != "skipped").count();
            // None ran when the job was still running from an earlier tick (on PostgreSQL its
            // advisory lock keeps the other instance out): the run in progress does the work.
            assert!(
                ran <= 1,
                "{} at {tick}: {statuses:?} (one instance runs each tick)",
                job.as_str()
            );
            assert!(
                statuses.iter().all(|s| s == "succeeded" || s == "skipped"),
                "{} at {tick}: {statuses:?}",
                job.as_str()
            );
            ran_ticks += ran;
            turns_skipped += statuses.len() - ran;
        }
        assert!(
            ran_ticks >= 3,
            "{}: only {ran_ticks} ticks ran",
            job.as_str()
        );
        ticks_run += ran_ticks;
        // One instance's timer records each tick once, so a tick with two records proves that
        // both instances reached it and the second one stood back.
        let shared = runs.values().filter(|s| s.len() == 2).count();
        assert!(
            shared >= 1,
            "{}: no tick reached by both instances",
            job.as_str()
        );
        if job == JobName::SendEmails {
            drains = runs
                .values()
                .filter(|s| s.iter().any(|s| s != "skipped"))
                .count();
        }
    }
    println!(
        "two instances ({}): {MESSAGES} e-mails delivered once each in {:.1} s over {} SMTP \
         connections; {ticks_run} ticks of 11 jobs run once each, {turns_skipped} turns \
         skipped; {drains} send_emails ticks ran a drain",
        if url.starts_with("sqlite") {
            "SQLite"
        } else {
            "PostgreSQL"
        },
        delivered_in.as_secs_f64(),
        sink.connections()
    );
}
