//! E-mail: the outbox, the sender over a real SMTP conversation, retries, dead letters, leases,
//! and the invitation and password-reset flows built on them.

use chrono::Duration;
use serde_json::json;

use peidai::db::outbox;
use peidai::email::catalogue::{Email, PasswordChanged};
use peidai::email::outbox::{Recipient, enqueue};
use peidai::jobs::JobName;

use crate::helpers::{PASSWORD, TestApp, spawn_with, spawn_with_smtp, start_time};
use crate::smtp_sink::{Mode, SmtpSink, free_port};

/// Creates an invited mentee through the API as a fresh city admin; returns the new user's id.
async fn invite(app: &TestApp, email: &str, locale: &str) -> i64 {
    let (_, city) = app
        .make_user(
            &format!("city+{email}"),
            &[peidai::domain::role::Role::CityAdmin],
            None,
        )
        .await;
    let unit = app
        .post(
            "/api/v1/units",
            Some(&city),
            json!({ "name": format!("单位 {email}"), "kind": "college" }),
        )
        .await;
    let res = app
        .post(
            "/api/v1/users",
            Some(&city),
            json!({ "email": email, "name": "陈晨", "roles": ["mentee"], "unit_id": unit.body["id"], "locale": locale }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.body["id"].as_i64().unwrap()
}

/// A password-changed notice to an address with no account: the simplest e-mail to enqueue.
fn notice(address: &str) -> (Recipient, Email) {
    let to = Recipient {
        user_id: None,
        email: address.into(),
        name: "某人".into(),
        locale: peidai::i18n::Locale::ZhCn,
    };
    let email = Email::PasswordChanged(PasswordChanged {
        name: "某人".into(),
        changed_at: start_time(),
    });
    (to, email)
}

/// Queues [`notice`] to `address` under `subject`, straight into the outbox.
fn queue_notice(app: &TestApp, address: &str, subject: &str) {
    let mut conn = app.db().get().unwrap();
    let (to, email) = notice(address);
    enqueue(
        &mut conn,
        start_time().naive_utc(),
        "test.cn",
        &to,
        &email,
        subject,
    )
    .unwrap();
}

/// The token in the first link of a text body.
fn token_in(text: &str) -> String {
    let start = text.find("token=").expect("the e-mail has a link") + "token=".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[actix_web::test]
async fn an_invitation_goes_out_over_smtp_in_chinese_with_both_parts_and_its_message_id() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    invite(&app, "chen.chen@test.cn", "zh-CN").await;
    let rows = app.outbox();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].status, "pending",
        "the request did not wait on SMTP"
    );
    assert!(sink.received().is_empty());

    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.status, "succeeded");
    assert_eq!(run.counts["sent"], 1);
    let got = sink.received();
    assert_eq!(got.len(), 1);
    let mail = &got[0];
    assert_eq!(mail.rcpt_to, ["chen.chen@test.cn"]);
    assert!(
        mail.mail_from.contains("<noreply@peidai.local>"),
        "{}",
        mail.mail_from
    );
    let raw_subject = mail.raw_header("Subject").unwrap();
    assert!(
        raw_subject.to_ascii_lowercase().contains("=?utf-8?"),
        "encoded: {raw_subject}"
    );
    let parsed = mail.parsed();
    assert_eq!(parsed.subject(), Some("【人才培带人】邀请您开通账号"));
    let text = parsed.body_text(0).unwrap().into_owned();
    let html = parsed.body_html(0).unwrap().into_owned();
    assert!(text.contains("陈晨，您好"), "{text}");
    assert!(html.contains("设置密码并激活"), "{html}");
    assert_eq!(
        format!("<{}>", parsed.message_id().unwrap()),
        rows[0].message_id,
        "the Message-ID is the one fixed at enqueue time"
    );
    assert_eq!(
        mail.raw_header("X-Peidai-Key").as_deref(),
        Some(rows[0].idempotency_key.as_str())
    );
    let after = app.outbox();
    assert_eq!(after[0].status, "sent");
    assert!(after[0].sent_at.is_some());
}

#[actix_web::test]
async fn an_english_speaking_user_gets_the_english_variant() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    invite(&app, "visitor@test.cn", "en").await;
    app.run_job(JobName::SendEmails).await;
    let got = sink.received();
    let parsed = got[0].parsed();
    assert_eq!(
        parsed.subject(),
        Some("[Talent mentor program] You are invited to open your account")
    );
    assert!(parsed.body_text(0).unwrap().contains("Dear 陈晨"));
}

#[actix_web::test]
async fn the_invitation_link_activates_the_account_once_and_stores_only_a_hash() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    invite(&app, "newcomer@test.cn", "zh-CN").await;
    app.run_job(JobName::SendEmails).await;
    let text = sink.received()[0]
        .parsed()
        .body_text(0)
        .unwrap()
        .into_owned();
    let token = token_in(&text);
    assert!(token.len() >= 40, "{token}");

    // Neither the token table nor the outbox holds the token itself.
    {
        use diesel::prelude::*;
        use peidai::db::schema::account_tokens as t;
        let mut conn = app.db().get().unwrap();
        let rows: Vec<(String, String)> = t::table
            .select((t::nonce, t::token_hash))
            .load(&mut *conn)
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert!(!rows[0].0.contains(&token) && !rows[0].1.contains(&token));
        assert!(app.outbox().iter().all(|r| !r.data.contains(&token)));
    }

    let short = app
        .post(
            "/api/v1/auth/invitations/accept",
            None,
            json!({ "token": token, "password": "short" }),
        )
        .await;
    assert_eq!(short.status, 422);
    assert_eq!(short.field_code("password"), Some("too_short"));

    let mut tampered = token.clone();
    tampered.replace_range(0..1, if token.starts_with('A') { "B" } else { "A" });
    let bad = app
        .post(
            "/api/v1/auth/invitations/accept",
            None,
            json!({ "token": tampered, "password": PASSWORD }),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.field_code("token"), Some("invalid_token"));

    let ok = app
        .post(
            "/api/v1/auth/invitations/accept",
            None,
            json!({ "token": token, "password": PASSWORD }),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["user"]["status"], "active");
    let me = app
        .get("/api/v1/auth/me", ok.body["access_token"].as_str())
        .await;
    assert_eq!(me.status, 200);
    app.login("newcomer@test.cn", PASSWORD).await;

    let again = app
        .post(
            "/api/v1/auth/invitations/accept",
            None,
            json!({ "token": token, "password": "another password" }),
        )
        .await;
    assert_eq!(again.status, 410);
    assert_eq!(again.body["error"], "token_expired_or_used");
}

#[actix_web::test]
async fn an_invitation_link_expires_and_a_resent_one_replaces_it() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    let id = invite(&app, "late@test.cn", "zh-CN").await;
    app.run_job(JobName::SendEmails).await;
    let first = token_in(&sink.received()[0].parsed().body_text(0).unwrap());

    app.set_time(start_time() + Duration::hours(24 * 7) + Duration::seconds(1));
    let expired = app
        .post(
            "/api/v1/auth/invitations/accept",
            None,
            json!({ "token": first, "password": PASSWORD }),
        )
        .await;
    assert_eq!(expired.status, 410, "{}", expired.body);

    let (_, city) = app
        .make_user(
            "resender@test.cn",
            &[peidai::domain::role::Role::CityAdmin],
            None,
        )
        .await;
    let resent = app
        .request(
            "POST",
            &format!("/api/v1/users/{id}/invitation"),
            Some(&city),
            None,
        )
        .await;
    assert_eq!(resent.status, 202, "{}", resent.body);
    app.run_job(JobName::SendEmails).await;
    let got = sink.received();
    assert_eq!(got.len(), 2);
    let second = token_in(&got[1].parsed().body_text(0).unwrap());
    assert_ne!(first, second);
    let ok = app
        .post(
            "/api/v1/auth/invitations/accept",
            None,
            json!({ "token": second, "password": PASSWORD }),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let active = app
        .request(
            "POST",
            &format!("/api/v1/users/{id}/invitation"),
            Some(&city),
            None,
        )
        .await;
    assert_eq!(active.status, 409, "an active account is not invited again");
}

#[actix_web::test]
async fn smtp_down_keeps_messages_pending_retries_with_growing_gaps_and_loses_none() {
    let port = free_port();
    let app = spawn_with_smtp(port, &[]).await;
    for i in 0..3 {
        invite(&app, &format!("wait{i}@test.cn"), "zh-CN").await;
    }
    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.status, "succeeded");
    assert_eq!(run.counts["retried"], 3);
    let first = app.outbox();
    for row in &first {
        assert_eq!(row.status, "pending");
        assert_eq!(row.attempts, 1);
        assert!(row.last_error.is_some());
    }
    let gap1 = first[0].next_attempt_at - start_time().naive_utc();
    assert!(
        gap1 >= Duration::seconds(24) && gap1 <= Duration::seconds(36),
        "{gap1}"
    );

    // Not due yet: a second run right away touches nothing.
    let idle = app.run_job(JobName::SendEmails).await;
    assert_eq!(idle.counts["claimed"], 0);

    let t2 = first
        .iter()
        .map(|r| r.next_attempt_at)
        .max()
        .unwrap()
        .and_utc();
    app.set_time(t2);
    app.run_job(JobName::SendEmails).await;
    let second = app.outbox();
    assert!(
        second
            .iter()
            .all(|r| r.attempts == 2 && r.status == "pending")
    );
    let gap2 = second[0].next_attempt_at - t2.naive_utc();
    assert!(gap2 > gap1, "the gap grows: {gap1} then {gap2}");

    let sink = SmtpSink::start_on(port);
    let t3 = second
        .iter()
        .map(|r| r.next_attempt_at)
        .max()
        .unwrap()
        .and_utc();
    app.set_time(t3);
    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.counts["sent"], 3);
    assert_eq!(sink.received().len(), 3);
    app.set_time(t3 + Duration::hours(2));
    app.run_job(JobName::SendEmails).await;
    assert_eq!(sink.received().len(), 3, "nothing is sent twice");
    let mut rcpts: Vec<String> = sink
        .received()
        .iter()
        .map(|m| m.rcpt_to[0].clone())
        .collect();
    rcpts.sort();
    assert_eq!(rcpts, ["wait0@test.cn", "wait1@test.cn", "wait2@test.cn"]);
}

#[actix_web::test]
async fn a_4xx_answer_is_retried_and_a_550_is_dead_after_one_attempt_until_an_admin_retries() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    sink.set_mode(Mode::Defer);
    invite(&app, "deferred@test.cn", "zh-CN").await;
    app.run_job(JobName::SendEmails).await;
    let row = &app.outbox()[0];
    assert_eq!((row.status.as_str(), row.attempts), ("pending", 1));
    assert!(row.last_error.as_deref().unwrap().contains("451"));

    sink.set_mode(Mode::Reject);
    app.set_time(row.next_attempt_at.and_utc());
    app.run_job(JobName::SendEmails).await;
    let row = app.outbox()[0].clone();
    assert_eq!((row.status.as_str(), row.attempts), ("dead", 2));
    assert!(row.last_error.as_deref().unwrap().contains("550"));
    app.set_time(row.next_attempt_at.and_utc() + Duration::days(1));
    app.run_job(JobName::SendEmails).await;
    assert_eq!(
        app.outbox()[0].attempts,
        2,
        "a dead message is not retried by itself"
    );

    let (_, city) = app
        .make_user(
            "ops@test.cn",
            &[peidai::domain::role::Role::CityAdmin],
            None,
        )
        .await;
    let dead = app
        .get("/api/v1/admin/emails?status=dead", Some(&city))
        .await;
    assert_eq!(dead.status, 200);
    assert_eq!(dead.body["total"], 1);
    assert_eq!(dead.body["items"][0]["recipient_email"], "deferred@test.cn");
    let bad_filter = app
        .get("/api/v1/admin/emails?status=lost", Some(&city))
        .await;
    assert_eq!(bad_filter.status, 422);

    sink.set_mode(Mode::Accept);
    let retry = app
        .request(
            "POST",
            &format!("/api/v1/admin/emails/{}/retry", row.id),
            Some(&city),
            None,
        )
        .await;
    assert_eq!(retry.status, 200, "{}", retry.body);
    assert_eq!(retry.body["status"], "pending");
    assert_eq!(retry.body["attempts"], 0);
    app.run_job(JobName::SendEmails).await;
    assert_eq!(app.outbox()[0].status, "sent");
    assert_eq!(sink.received().len(), 1);
    let again = app
        .request(
            "POST",
            &format!("/api/v1/admin/emails/{}/retry", row.id),
            Some(&city),
            None,
        )
        .await;
    assert_eq!(again.status, 409, "only dead messages are retried");
    let missing = app
        .request(
            "POST",
            "/api/v1/admin/emails/999999/retry",
            Some(&city),
            None,
        )
        .await;
    assert_eq!(missing.status, 404);
}

#[actix_web::test]
async fn two_senders_racing_and_a_second_run_send_each_email_once() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[("email.batch_size", "2")]).await;
    for i in 0..7 {
        invite(&app, &format!("race{i}@test.cn"), "zh-CN").await;
    }
    let (a, b) = tokio::join!(
        app.state.mailer.drain(&app.state.db, &app.state.clock),
        app.state.mailer.drain(&app.state.db, &app.state.clock)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sent + b.sent, 7, "{a:?} {b:?}");
    let (c, d) = tokio::join!(
        app.run_job(JobName::SendEmails),
        app.run_job(JobName::SendEmails)
    );
    for run in [&c, &d] {
        assert!(run.status == "succeeded" || run.status == "skipped");
        assert_eq!(
            run.counts.get("sent").and_then(|v| v.as_i64()).unwrap_or(0),
            0
        );
    }
    let got = sink.received();
    assert_eq!(got.len(), 7);
    let mut ids: Vec<String> = got
        .iter()
        .map(|m| m.raw_header("Message-ID").unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 7, "seven distinct messages");
}

#[actix_web::test]
async fn a_send_interrupted_after_its_claim_is_sent_once_when_the_lease_expires() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    invite(&app, "crash@test.cn", "zh-CN").await;
    let now = start_time().naive_utc();
    let lease = now + Duration::seconds(300);
    let claimed = {
        let mut conn = app.db().get().unwrap();
        outbox::claim(&mut conn, "crashed-worker", now, lease, 10).unwrap()
    };
    assert_eq!(claimed.len(), 1, "a sender claimed it, then 'crashed'");

    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.counts["claimed"], 0, "the lease still holds");
    assert!(sink.received().is_empty());

    app.set_time(start_time() + Duration::seconds(301));
    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.counts["sent"], 1);
    assert_eq!(sink.received().len(), 1);
    let row = &app.outbox()[0];
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 2));

    // The crashed worker's late outcome cannot undo the delivery.
    let mut conn = app.db().get().unwrap();
    outbox::mark_retry(&mut conn, row.id, "crashed-worker", now, "late").unwrap();
    assert_eq!(app.outbox()[0].status, "sent");
}

#[actix_web::test]
async fn enqueueing_an_existing_key_does_nothing() {
    let app = spawn_with(&[]).await;
    let (to, email) = notice("someone@test.cn");
    let mut conn = app.db().get().unwrap();
    let now = start_time().naive_utc();
    assert!(enqueue(&mut conn, now, "test.cn", &to, &email, "version:1").unwrap());
    assert!(!enqueue(&mut conn, now, "test.cn", &to, &email, "version:1").unwrap());
    assert!(enqueue(&mut conn, now, "test.cn", &to, &email, "version:2").unwrap());
    drop(conn);
    assert_eq!(app.outbox().len(), 2);
}

#[actix_web::test]
async fn password_reset_answers_the_same_for_any_address_and_its_link_works_once() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    let (_, old_token) = app
        .make_user(
            "forgetful@test.cn",
            &[peidai::domain::role::Role::Mentor],
            None,
        )
        .await;
    let unknown = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            json!({ "email": "nobody@test.cn" }),
        )
        .await;
    let known = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            json!({ "email": "Forgetful@test.cn" }),
        )
        .await;
    assert_eq!(unknown.status, 202);
    assert_eq!(known.status, 202);
    assert_eq!(unknown.body, known.body);
    app.run_job(JobName::SendEmails).await;
    let got = sink.received();
    assert_eq!(got.len(), 1, "only the real account gets an e-mail");
    assert_eq!(got[0].parsed().subject(), Some("【人才培带人】重置密码"));
    let token = token_in(&got[0].parsed().body_text(0).unwrap());

    let ok = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            json!({ "token": token, "new_password": "a fresh passphrase" }),
        )
        .await;
    assert_eq!(ok.status, 204, "{}", ok.body);
    assert_eq!(
        app.get("/api/v1/auth/me", Some(&old_token)).await.status,
        401
    );
    app.login("forgetful@test.cn", "a fresh passphrase").await;
    let reuse = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            json!({ "token": token, "new_password": "yet another one" }),
        )
        .await;
    assert_eq!(reuse.status, 410);

    app.run_job(JobName::SendEmails).await;
    let got = sink.received();
    assert_eq!(got.len(), 2, "the owner is told the password changed");
    assert_eq!(
        got[1].parsed().subject(),
        Some("【人才培带人】您的密码已修改")
    );
}

#[actix_web::test]
async fn changing_the_password_sends_a_notice() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    let (_, token) = app
        .make_user(
            "careful@test.cn",
            &[peidai::domain::role::Role::Mentee],
            None,
        )
        .await;
    let res = app
        .post(
            "/api/v1/auth/password",
            Some(&token),
            json!({ "current_password": PASSWORD, "new_password": "a brand new secret" }),
        )
        .await;
    assert_eq!(res.status, 200);
    app.run_job(JobName::SendEmails).await;
    let got = sink.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_to, ["careful@test.cn"]);
}

#[actix_web::test]
async fn the_file_transport_writes_each_message_as_an_eml_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("mail");
    let app = spawn_with(&[
        ("email.transport", "file"),
        ("email.file_dir", folder.to_str().unwrap()),
    ])
    .await;
    invite(&app, "filed@test.cn", "zh-CN").await;
    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(run.counts["sent"], 1);
    let files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert_eq!(files.len(), 1);
    let content = std::fs::read_to_string(&files[0]).unwrap();
    assert!(content.contains(&app.outbox()[0].message_id));
}

#[actix_web::test]
async fn a_burst_of_e_mails_reuses_a_few_pooled_smtp_connections() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(
        sink.port,
        &[("email.smtp.pool_max", "3"), ("email.concurrency", "3")],
    )
    .await;
    for i in 0..120 {
        queue_notice(&app, &format!("burst{i}@test.cn"), "burst");
    }
    let run = app.run_job(JobName::SendEmails).await;
    eprintln!("120 e-mails over {} SMTP connections", sink.connections());
    assert_eq!(run.counts["sent"], 120);
    assert_eq!(sink.received().len(), 120);
    assert!(
        sink.connections() <= 4,
        "{} connections for 120 e-mails",
        sink.connections()
    );
}

#[actix_web::test]
async fn a_pooled_connection_the_server_closed_is_replaced_without_a_retry() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    queue_notice(&app, "idle0@test.cn", "idle");
    assert_eq!(app.run_job(JobName::SendEmails).await.counts["sent"], 1);
    sink.hang_up();
    queue_notice(&app, "idle1@test.cn", "idle");
    let run = app.run_job(JobName::SendEmails).await;
    assert_eq!(
        run.counts["sent"],
        1,
        "{:?} {:?}",
        run.counts,
        app.outbox()
            .iter()
            .map(|r| r.last_error.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(run.counts["retried"], 0, "{:?}", run.counts);
    assert_eq!(sink.received().len(), 2);
    assert_eq!(sink.connections(), 2, "the closed connection was replaced");
}
