//! Faults of the mail server, each with 200 messages queued through the outbox and a full
//! accounting at the end: every message is sent exactly once or dead, none is lost and none is
//! left pending. The server refuses (550 on RCPT, 554 after DATA: dead after one attempt, since a
//! permanent refusal is not retried, until an admin's retry delivers it), defers (451: retried
//! with the back-off until accepted, dead after `email.max_attempts` if never), hangs (no
//! greeting, or no answer to the data: the sender gives up after `email.smtp.timeout_secs` and a
//! later run sends the message) or is down (connection refused: pending, then sent once).
//! The smaller cases of the same rules are in `email.rs`.

use std::collections::HashMap;
use std::time::Instant;

use chrono::{DateTime, Utc};

use peidai::db::outbox::OutboxRow;
use peidai::email::catalogue::{Email, PasswordChanged};
use peidai::email::outbox::{Recipient, enqueue};
use peidai::jobs::JobName;

use crate::helpers::{TestApp, spawn_with_smtp, start_time};
use crate::smtp_sink::{Mode, SmtpSink, free_port};

/// Messages queued in each case.
const MESSAGES: usize = 200;

/// Queues `n` password-changed notices to distinct addresses, straight into the outbox.
fn queue(app: &TestApp, n: usize) {
    let mut conn = app.db().get().unwrap();
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
        let key = format!("fault:{i}");
        assert!(
            enqueue(
                &mut conn,
                start_time().naive_utc(),
                "test.cn",
                &to,
                &email,
                &key
            )
            .unwrap()
        );
    }
}

/// What became of every queued message.
#[derive(Debug, PartialEq, Eq)]
struct Accounting {
    sent: usize,
    dead: usize,
}

/// Checks that each of the `MESSAGES` rows is sent or dead, that the sink holds exactly one copy
/// of each sent row's Message-ID and none of a dead row's, and nothing else; returns the counts.
fn account(app: &TestApp, sink: &SmtpSink) -> Accounting {
    let rows = app.outbox();
    assert_eq!(rows.len(), MESSAGES, "no message is lost from the outbox");
    let mut copies: HashMap<String, usize> = HashMap::new();
    for message in sink.received() {
        let id = message.raw_header("Message-ID").expect("a Message-ID");
        *copies.entry(id).or_default() += 1;
    }
    let (mut sent, mut dead) = (0, 0);
    for row in &rows {
        let got = copies.remove(&row.message_id).unwrap_or(0);
        match row.status.as_str() {
            "sent" => {
                assert_eq!(got, 1, "{} was delivered {got} times", row.message_id);
                sent += 1;
            }
            "dead" => {
                assert_eq!(got, 0, "{} is dead but was delivered", row.message_id);
                dead += 1;
            }
            other => panic!("{} is left {other}", row.message_id),
        }
    }
    assert!(copies.is_empty(), "the sink got messages nobody queued");
    Accounting { sent, dead }
}

/// The moment every pending row is due.
fn all_due(rows: &[OutboxRow]) -> DateTime<Utc> {
    rows.iter()
        .filter(|r| r.status == "pending")
        .map(|r| r.next_attempt_at)
        .max()
        .expect("a pending row")
        .and_utc()
}

fn statuses(rows: &[OutboxRow]) -> HashMap<(String, i32), usize> {
    let mut out = HashMap::new();
    for r in rows {
        *out.entry((r.status.clone(), r.attempts)).or_default() += 1;
    }
    out
}

/// Every row has this status and this many attempts.
fn assert_all(app: &TestApp, status: &str, attempts: i32) {
    let rows = app.outbox();
    assert_eq!(
        statuses(&rows),
        HashMap::from([((status.to_owned(), attempts), MESSAGES)]),
        "first error: {:?}",
        rows[0].last_error
    );
}

/// Retries every dead message through `POST /api/v1/admin/emails/{id}/retry` as a city admin.
async fn retry_all_dead(app: &TestApp, token: &str) {
    for row in app.outbox().iter().filter(|r| r.status == "dead") {
        let res = app
            .request(
                "POST",
                &format!("/api/v1/admin/emails/{}/retry", row.id),
                Some(token),
                None,
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(res.body["status"], "pending");
    }
}

#[actix_web::test]
async fn a_refusing_server_makes_every_message_dead_at_once_and_an_admins_retry_delivers_each_once()
{
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    let (_, city) = app.city_admin().await;
    queue(&app, MESSAGES);

    // 550 on RCPT: permanent, so dead after one attempt whatever email.max_attempts says.
    sink.set_mode(Mode::Reject);
    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.counts["dead"], MESSAGES as i64, "{:?}", run.counts);
    assert_all(&app, "dead", 1);
    assert!(
        app.outbox()[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("550")
    );
    // Dead stays dead: half an hour later (far past any back-off) nothing is tried by itself.
    app.set_time(start_time() + chrono::Duration::minutes(30));
    assert_eq!(app.run_job(JobName::SendEmails).await.counts["claimed"], 0);

    // An admin retries them all; now the server refuses the data itself (554): dead again.
    sink.set_mode(Mode::RejectData);
    retry_all_dead(&app, &city).await;
    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.counts["dead"], MESSAGES as i64, "{:?}", run.counts);
    assert_all(&app, "dead", 1);
    assert!(
        app.outbox()[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("554")
    );
    assert_eq!(sink.accepted(), 0);

    // The server accepts again; the admin's retry delivers each message once.
    sink.set_mode(Mode::Accept);
    retry_all_dead(&app, &city).await;
    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.counts["sent"], MESSAGES as i64, "{:?}", run.counts);
    app.set_time(start_time() + chrono::Duration::minutes(50));
    app.run_job(JobName::SendEmails).await;
    let accounting = account(&app, &sink);
    eprintln!("refusing: {MESSAGES} messages, 2 refusals each, then {accounting:?}");
    assert_eq!(
        accounting,
        Accounting {
            sent: MESSAGES,
            dead: 0
        }
    );
}

#[actix_web::test]
async fn a_deferring_server_is_retried_with_the_back_off_until_it_accepts() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[("email.max_attempts", "4")]).await;
    queue(&app, MESSAGES);
    sink.set_mode(Mode::Defer);
    let mut gaps = Vec::new();
    let mut now = start_time();
    for attempt in 1..=3 {
        let run = app.run_job(JobName::SendEmails).await;
        assert_eq!(run.counts["retried"], MESSAGES as i64, "{:?}", run.counts);
        assert_all(&app, "pending", attempt);
        let rows = app.outbox();
        assert!(rows[0].last_error.as_deref().unwrap().contains("451"));
        // Not due yet: a run right away claims nothing.
        assert_eq!(app.run_job(JobName::SendEmails).await.counts["claimed"], 0);
        let shortest = rows
            .iter()
            .map(|r| r.next_attempt_at - now.naive_utc())
            .min()
            .unwrap();
        gaps.push(shortest.num_seconds());
        now = all_due(&rows);
        app.set_time(now);
    }
    // base 30 s doubling, spread by ±20 %: the shortest gaps are at least 24, 48 and 96 s.
    assert!(
        gaps[0] >= 24 && gaps[1] >= 48 && gaps[2] >= 96,
        "growing gaps: {gaps:?}"
    );
    sink.set_mode(Mode::Accept);
    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.counts["sent"], MESSAGES as i64, "{:?}", run.counts);
    assert_all(&app, "sent", 4);
    app.set_time(now + chrono::Duration::days(1));
    app.run_job(JobName::SendEmails).await;
    let accounting = account(&app, &sink);
    eprintln!(
        "deferring: {MESSAGES} messages, 3 deferrals each (shortest gaps {gaps:?} s), then {accounting:?}"
    );
    assert_eq!(
        accounting,
        Accounting {
            sent: MESSAGES,
            dead: 0
        }
    );
}

#[actix_web::test]
async fn a_server_that_always_defers_makes_every_message_dead_after_max_attempts() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[("email.max_attempts", "3")]).await;
    let (_, city) = app.city_admin().await;
    queue(&app, MESSAGES);
    sink.set_mode(Mode::Defer);
    for attempt in 1..=2 {
        let run = app.run_job(JobName::SendEmails).await;
        assert_eq!(run.counts["retried"], MESSAGES as i64, "{:?}", run.counts);
        assert_all(&app, "pending", attempt);
        app.set_time(all_due(&app.outbox()));
    }
    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.counts["dead"], MESSAGES as i64, "{:?}", run.counts);
    assert_all(&app, "dead", 3);
    let error = app.outbox()[0].last_error.clone().unwrap();
    assert!(
        error.contains("gave up after 3 attempts") && error.contains("451"),
        "{error}"
    );
    let dead = app
        .get("/api/v1/admin/emails?status=dead", Some(&city))
        .await;
    assert_eq!(dead.body["total"], MESSAGES as i64);
    app.set_time(start_time() + chrono::Duration::days(3));
    assert_eq!(
        app.run_job(JobName::SendEmails).await.counts["claimed"],
        0,
        "dead is not retried by itself"
    );
    let accounting = account(&app, &sink);
    eprintln!("always deferring: {MESSAGES} messages, {accounting:?} after 3 attempts each");
    assert_eq!(
        accounting,
        Accounting {
            sent: 0,
            dead: MESSAGES
        }
    );
}

#[actix_web::test]
async fn a_hanging_server_is_given_up_after_the_timeout_and_a_later_run_sends_everything_once() {
    let sink = SmtpSink::start();
    // A one-second timeout and 25 messages at a time keep the hung runs short.
    let app = spawn_with_smtp(
        sink.port,
        &[
            ("email.smtp.timeout_secs", "1"),
            ("email.concurrency", "25"),
            ("email.smtp.pool_max", "25"),
        ],
    )
    .await;
    queue(&app, MESSAGES);

    // No greeting at all.
    sink.set_mode(Mode::Hang);
    let started = Instant::now();
    let run = app.run_job(JobName::SendEmails).await;
    let hung_greeting = started.elapsed();
    assert_eq!(run.status, "succeeded");
    assert_eq!(run.counts["retried"], MESSAGES as i64, "{:?}", run.counts);
    assert_all(&app, "pending", 1);
    let error = app.outbox()[0].last_error.clone().unwrap();
    assert!(error.contains("did not answer in time"), "{error}");

    // A greeting, then no answer to the message's data.
    sink.set_mode(Mode::StallData);
    app.set_time(all_due(&app.outbox()));
    let started = Instant::now();
    let run = app.run_job(JobName::SendEmails).await;
    let hung_data = started.elapsed();
    assert_eq!(run.counts["retried"], MESSAGES as i64, "{:?}", run.counts);
    assert_all(&app, "pending", 2);
    assert_eq!(sink.accepted(), 0);

    // The server answers again: the next run sends each message once.
    sink.set_mode(Mode::Accept);
    app.set_time(all_due(&app.outbox()));
    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.counts["sent"], MESSAGES as i64, "{:?}", run.counts);
    app.set_time(start_time() + chrono::Duration::days(1));
    app.run_job(JobName::SendEmails).await;
    let accounting = account(&app, &sink);
    eprintln!(
        "hanging: {MESSAGES} messages; a silent server cost {:.1} s, a stalled DATA {:.1} s (1 s timeout, 25 at a time); then {accounting:?}",
        hung_greeting.as_secs_f64(),
        hung_data.as_secs_f64()
    );
    assert_eq!(
        accounting,
        Accounting {
            sent: MESSAGES,
            dead: 0
        }
    );
}

#[actix_web::test]
async fn a_server_that_is_down_keeps_every_message_pending_and_sends_each_once_when_back() {
    let port = free_port();
    let app = spawn_with_smtp(port, &[]).await;
    queue(&app, MESSAGES);
    for attempt in 1..=2 {
        let run = app.run_job(JobName::SendEmails).await;
        assert_eq!(run.counts["retried"], MESSAGES as i64, "{:?}", run.counts);
        assert_all(&app, "pending", attempt);
        let error = app.outbox()[0].last_error.clone().unwrap();
        assert!(error.contains("connection failed"), "{error}");
        app.set_time(all_due(&app.outbox()));
    }
    let sink = SmtpSink::start_on(port);
    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.counts["sent"], MESSAGES as i64, "{:?}", run.counts);
    assert_all(&app, "sent", 3);
    app.set_time(start_time() + chrono::Duration::days(1));
    app.run_job(JobName::SendEmails).await;
    let accounting = account(&app, &sink);
    eprintln!("down: {MESSAGES} messages, refused twice, then {accounting:?}");
    assert_eq!(
        accounting,
        Accounting {
            sent: MESSAGES,
            dead: 0
        }
    );
}
