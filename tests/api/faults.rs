//! Faults: a sender killed in the middle of sending. Each message's outcome is recorded as soon as
//! the mail server answers it, so a crash re-sends at most the `email.concurrency` messages that
//! were in flight at that instant.

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use peidai::db::{Db, outbox};
use peidai::email::catalogue::{Email, PasswordChanged};
use peidai::email::outbox::{Recipient, enqueue};

use crate::helpers::{fresh_database, settings_for, start_time};
use crate::smtp_sink::SmtpSink;

/// Messages sent at once, and so the most a crash may duplicate.
const CONCURRENCY: usize = 4;

/// `peidai jobs run send_emails` at `now` against `url`, delivering to the sink on `port`.
fn send_emails(url: &str, port: u16, now: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peidai"));
    cmd.env_clear()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PEIDAI_ENV", "test")
        .env("PEIDAI_CONFIG_DIR", "config")
        .env("PEIDAI_DATABASE__URL", url)
        .env("PEIDAI_EMAIL__TRANSPORT", "smtp")
        .env("PEIDAI_EMAIL__SMTP__HOST", "127.0.0.1")
        .env("PEIDAI_EMAIL__SMTP__PORT", port.to_string())
        .env("PEIDAI_EMAIL__CONCURRENCY", CONCURRENCY.to_string())
        .env("PEIDAI_EMAIL__SMTP__POOL_MAX", CONCURRENCY.to_string())
        .env("PEIDAI_EMAIL__BATCH_SIZE", "50")
        .args(["jobs", "run", "send_emails", "--now", now])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Queues `n` password-changed notices to distinct addresses.
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
            &format!("crash:{i}"),
        )
        .unwrap();
    }
}

#[test]
fn a_sender_killed_mid_batch_resends_at_most_the_messages_in_flight() {
    const MESSAGES: usize = 60;
    let dir = tempfile::tempdir().unwrap();
    let (url, _pg) = fresh_database(dir.path());
    let db = Db::connect(&settings_for(&url, &[]).database).unwrap();
    db.migrate().unwrap();
    queue(&db, MESSAGES);

    let sink = SmtpSink::start();
    sink.set_delay(Duration::from_millis(40));
    let mut child = send_emails(&url, sink.port, "2026-11-21T02:00:00Z")
        .spawn()
        .unwrap();
    // Kill it once a good part of the first batch of 50 was accepted, well before it ends.
    let deadline = Instant::now() + Duration::from_secs(60);
    while sink.accepted() < 16 {
        assert!(Instant::now() < deadline, "the sender never got going");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the sender ended early"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before_restart = sink.accepted();
    assert!(
        before_restart < MESSAGES,
        "killed mid-way: {before_restart}"
    );

    // The next run, once the dead sender's leases have run out, sends the rest.
    sink.set_delay(Duration::ZERO);
    let status = send_emails(&url, sink.port, "2026-11-21T03:00:00Z")
        .status()
        .unwrap();
    assert!(status.success());

    let mut copies: HashMap<String, usize> = HashMap::new();
    for message in sink.received() {
        let id = message.raw_header("Message-ID").expect("a Message-ID");
        *copies.entry(id).or_default() += 1;
    }
    assert_eq!(
        copies.len(),
        MESSAGES,
        "every message delivered at least once"
    );
    let duplicates: usize = copies.values().map(|n| n - 1).sum();
    assert!(
        duplicates <= CONCURRENCY,
        "{duplicates} duplicates after a crash (at most {CONCURRENCY} were in flight)"
    );
    let mut conn = db.get().unwrap();
    let left = outbox::stats(&mut conn, start_time().naive_utc()).unwrap();
    assert_eq!(
        (left.pending, left.sending, left.dead),
        (0, 0, 0),
        "every message is recorded as sent"
    );
}
