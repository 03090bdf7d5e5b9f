//! Holding under attack (issue 18): strangers cannot lock an account out, a client behind a
//! trusted proxy cannot choose its own address, and a reset request answers alike for every
//! address.

use std::net::IpAddr;

use serde_json::{Value, json};

use diesel::connection::SimpleConnection;

use crate::helpers::{PASSWORD, Res, TestApp, spawn_configured, spawn_with, start_time};
use peidai::db::Backend;
use peidai::domain::role::Role;

/// `POST /api/v1/auth/login` with an `X-Forwarded-For` header.
async fn log_in_via(app: &TestApp, forwarded_for: &str, email: &str, password: &str) -> Res {
    let mut res = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .insert_header(("X-Forwarded-For", forwarded_for))
        .insert_header(("Content-Type", "application/json"))
        .send_body(json!({ "email": email, "password": password }).to_string())
        .await
        .expect("request sent");
    let bytes = res.body().await.expect("body read");
    Res {
        status: res.status(),
        headers: res.headers().clone(),
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

fn proxies(list: &[&str]) -> Vec<IpAddr> {
    list.iter().map(|a| a.parse().unwrap()).collect()
}

/// The client addresses of the audit log's failed logins, newest first.
async fn failed_login_addresses(app: &TestApp, token: &str) -> Vec<String> {
    let res = app
        .get(
            "/api/v1/audit-events?action=auth.login_failed&per_page=100",
            Some(token),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["client_ip"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[actix_web::test]
async fn behind_a_trusted_proxy_a_rotating_left_most_forwarded_address_is_one_client() {
    let app = spawn_configured(
        &[
            ("auth.login_attempts_per_ip_per_minute", "3"),
            ("auth.login_attempts_per_account_per_minute", "100"),
        ],
        |s| s.server.trusted_proxies = proxies(&["127.0.0.1"]),
    )
    .await;
    let (_, admin) = app.city_admin().await;
    // The client writes any left-most value it likes; the proxy (127.0.0.1, trusted) appends the
    // address it saw, 203.0.113.7, and a second trusted hop is the peer itself.
    let mut statuses = Vec::new();
    for i in 0..5 {
        let xff = format!("198.51.100.{i}, 203.0.113.7, 127.0.0.1");
        let res = log_in_via(&app, &xff, &format!("guess{i}@test.cn"), "x").await;
        statuses.push(res.status.as_u16());
    }
    assert_eq!(
        statuses,
        [401, 401, 401, 429, 429],
        "one client, limited at 3"
    );
    let seen = failed_login_addresses(&app, &admin).await;
    assert_eq!(
        seen, ["203.0.113.7"; 3],
        "the audit log names the real client"
    );
}

#[actix_web::test]
async fn without_trusted_proxies_the_forwarded_header_is_ignored() {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "3"),
        ("auth.login_attempts_per_account_per_minute", "100"),
    ])
    .await;
    let (_, admin) = app.city_admin().await;
    let mut statuses = Vec::new();
    for i in 0..4 {
        let xff = format!("198.51.100.{i}");
        let res = log_in_via(&app, &xff, &format!("guess{i}@test.cn"), "x").await;
        statuses.push(res.status.as_u16());
    }
    // The city admin's own login was the first of the peer's three.
    assert_eq!(statuses, [401, 401, 429, 429]);
    let seen = failed_login_addresses(&app, &admin).await;
    assert_eq!(seen, ["127.0.0.1"; 2]);
}

#[actix_web::test]
async fn a_forwarded_chain_of_only_trusted_hops_gives_its_left_most_and_garbage_ends_the_walk() {
    let app = spawn_configured(&[], |s| {
        s.server.trusted_proxies = proxies(&["127.0.0.1", "10.0.0.2"]);
    })
    .await;
    let (_, admin) = app.city_admin().await;
    log_in_via(&app, "10.0.0.2, 127.0.0.1", "a@test.cn", "x").await;
    log_in_via(
        &app,
        "203.0.113.9, not-an-address, 10.0.0.2",
        "b@test.cn",
        "x",
    )
    .await;
    let seen = failed_login_addresses(&app, &admin).await;
    assert_eq!(seen, ["10.0.0.2", "10.0.0.2"]);
}

/// `POST /api/v1/auth/password-reset` with an `X-Forwarded-For` header.
async fn ask_reset_via(app: &TestApp, forwarded_for: &str, email: &str) -> Res {
    let mut res = app
        .client
        .post(format!("{}/api/v1/auth/password-reset", app.base))
        .insert_header(("X-Forwarded-For", forwarded_for))
        .insert_header(("Content-Type", "application/json"))
        .timeout(std::time::Duration::from_secs(3))
        .send_body(json!({ "email": email }).to_string())
        .await
        .expect("answered within 3 s");
    let bytes = res.body().await.expect("body read");
    Res {
        status: res.status(),
        headers: res.headers().clone(),
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

/// An app behind a trusted proxy at 127.0.0.1, so each request names its client address.
async fn behind_proxy(overrides: &[(&str, &str)]) -> TestApp {
    spawn_configured(overrides, |s| {
        s.server.trusted_proxies = proxies(&["127.0.0.1"]);
    })
    .await
}

const STRANGER: &str = "203.0.113.66";
const OWNER: &str = "198.51.100.10";

#[actix_web::test]
async fn a_stranger_failing_from_one_address_does_not_lock_the_owner_out_elsewhere() {
    let app = behind_proxy(&[]).await;
    app.insert_user("owner@test.cn", &[Role::Mentor], None);
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let res = log_in_via(&app, STRANGER, "owner@test.cn", "guess").await;
        statuses.push(res.status.as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429]);
    let again = log_in_via(&app, STRANGER, "owner@test.cn", PASSWORD).await;
    assert_eq!(again.status, 429, "the stranger's address stays shut");
    let owner = log_in_via(&app, OWNER, "owner@test.cn", PASSWORD).await;
    assert_eq!(owner.status, 200, "{}", owner.body);
    // Successes count nothing: the owner signs in again and again.
    for _ in 0..6 {
        let res = log_in_via(&app, OWNER, "owner@test.cn", PASSWORD).await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
}

#[actix_web::test]
async fn reset_requests_do_not_count_against_logins_and_queue_one_email_per_interval() {
    let app = behind_proxy(&[]).await;
    app.insert_user("owner@test.cn", &[Role::Mentor], None);
    let mut bodies = Vec::new();
    for _ in 0..6 {
        let res = ask_reset_via(&app, STRANGER, "owner@test.cn").await;
        assert_eq!(res.status, 202, "{}", res.body);
        bodies.push(res.body);
    }
    let unknown = ask_reset_via(&app, STRANGER, "nobody@test.cn").await;
    assert_eq!(unknown.status, 202);
    assert!(bodies.iter().all(|b| *b == unknown.body), "the same answer");
    let owner = log_in_via(&app, STRANGER, "owner@test.cn", PASSWORD).await;
    assert_eq!(owner.status, 200, "resets never touch the login counters");

    app.state.after_answer.idle().await;
    let resets = |app: &TestApp| {
        app.outbox()
            .iter()
            .filter(|r| r.recipient_email == "owner@test.cn")
            .count()
    };
    assert_eq!(resets(&app), 1, "one e-mail in the interval");
    app.set_time(start_time() + chrono::Duration::minutes(4));
    ask_reset_via(&app, OWNER, "owner@test.cn").await;
    app.state.after_answer.idle().await;
    assert_eq!(resets(&app), 1, "still inside the 5 minutes");
    app.set_time(start_time() + chrono::Duration::minutes(6));
    ask_reset_via(&app, OWNER, "owner@test.cn").await;
    app.state.after_answer.idle().await;
    assert_eq!(resets(&app), 2, "a new one after the interval");
}

#[actix_web::test]
async fn failures_spread_over_many_addresses_are_bounded_per_account() {
    let app = behind_proxy(&[
        ("auth.login_attempts_per_account_per_minute", "2"),
        ("auth.login_failures_per_account_per_hour", "4"),
    ])
    .await;
    app.insert_user("owner@test.cn", &[Role::Mentor], None);
    assert_eq!(
        log_in_via(&app, OWNER, "owner@test.cn", PASSWORD)
            .await
            .status,
        200
    );
    for i in 0..4 {
        let from = format!("192.0.2.{}", i / 2);
        let res = log_in_via(&app, &from, "owner@test.cn", "guess").await;
        assert_eq!(res.status, 401);
    }
    let fresh = log_in_via(&app, "192.0.2.99", "owner@test.cn", PASSWORD).await;
    assert_eq!(
        fresh.status, 429,
        "the account's ceiling over all addresses"
    );
    assert!(fresh.headers.contains_key("retry-after"));
    let known = log_in_via(&app, OWNER, "owner@test.cn", PASSWORD).await;
    assert_eq!(
        known.status, 200,
        "where the owner signed in before still works"
    );
}

#[actix_web::test]
async fn a_reset_request_answers_before_any_database_work_for_known_and_unknown_addresses() {
    let app = spawn_with(&[]).await;
    app.insert_user("owner@test.cn", &[Role::Mentor], None);
    // Hold the tables the reset work needs: an answer that waited for that work would not come.
    let mut conn = app.db().get().unwrap();
    let lock = match app.db().backend() {
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN; LOCK TABLE users, account_tokens IN ACCESS EXCLUSIVE MODE",
    };
    conn.batch_execute(lock).unwrap();
    let known = ask_reset_via(&app, "192.0.2.1", "owner@test.cn").await;
    let unknown = ask_reset_via(&app, "192.0.2.1", "nobody@test.cn").await;
    assert_eq!((known.status.as_u16(), unknown.status.as_u16()), (202, 202));
    assert_eq!(known.body, unknown.body);
    conn.batch_execute("COMMIT").unwrap();
    drop(conn);
    app.state.after_answer.idle().await;
    assert_eq!(
        app.outbox().len(),
        1,
        "the known address's e-mail, after the answer"
    );
}
