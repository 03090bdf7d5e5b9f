//! Holding under attack (issue 18): strangers cannot lock an account out, a client behind a
//! trusted proxy cannot choose its own address, and a reset request answers alike for every
//! address.

use std::net::IpAddr;

use serde_json::{Value, json};

use crate::helpers::{Res, TestApp, spawn_configured, spawn_with};

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
