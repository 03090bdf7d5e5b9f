//! Login, logout, tokens and passwords.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use crate::helpers::{PASSWORD, spawn, spawn_with, start_time};
use peidai::db::{credentials, users};
use peidai::domain::role::Role;
use peidai::domain::scope::Scope;
use peidai::domain::user::UserStatus;

#[actix_web::test]
async fn login_returns_a_bearer_token_and_the_user() {
    let app = spawn().await;
    app.insert_user("li.hua@test.cn", &[Role::Mentor], None);
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({ "email": "  LI.HUA@test.cn ", "password": PASSWORD }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body["token_type"], "Bearer");
    assert_eq!(res.body["expires_in"], 3600);
    assert_eq!(res.body["user"]["email"], "li.hua@test.cn");
    assert!(res.body["user"].get("password_hash").is_none());
    let token = res.body["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/auth/me", Some(token)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["roles"], json!(["mentor"]));
    assert_eq!(me.headers.get("cache-control").unwrap(), "no-store");
}

#[actix_web::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = spawn().await;
    app.insert_user("known@test.cn", &[Role::Mentor], None);
    let unknown = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({ "email": "nobody@test.cn", "password": PASSWORD }),
        )
        .await;
    let wrong = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({ "email": "known@test.cn", "password": "wrong password" }),
        )
        .await;
    assert_eq!(unknown.status, 401);
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.body, wrong.body);
    assert_eq!(unknown.body["error"], "invalid_credentials");
}

#[actix_web::test]
async fn invited_and_deactivated_accounts_cannot_log_in_even_with_the_right_password() {
    let app = spawn().await;
    let id = app.insert_user("gone@test.cn", &[Role::Mentee], None);
    let mut conn = app.db().get().unwrap();
    for status in [UserStatus::Deactivated, UserStatus::Invited] {
        credentials::set_status(&mut conn, id, status, app.state.clock.now_naive()).unwrap();
        let res = app
            .post(
                "/api/v1/auth/login",
                None,
                json!({ "email": "gone@test.cn", "password": PASSWORD }),
            )
            .await;
        assert_eq!(res.status, 401, "{status:?} must not log in");
        assert_eq!(res.body["error"], "invalid_credentials");
    }
}

#[actix_web::test]
async fn logout_cuts_every_older_token_of_the_user() {
    let app = spawn().await;
    let (_, first) = app
        .make_user("two.devices@test.cn", &[Role::Mentor], None)
        .await;
    let second = app.login("two.devices@test.cn", PASSWORD).await;
    assert_eq!(app.get("/api/v1/auth/me", Some(&second)).await.status, 200);
    let out = app
        .request("POST", "/api/v1/auth/logout", Some(&first), None)
        .await;
    assert_eq!(out.status, 204);
    assert_eq!(app.get("/api/v1/auth/me", Some(&first)).await.status, 401);
    assert_eq!(app.get("/api/v1/auth/me", Some(&second)).await.status, 401);
    let fresh = app.login("two.devices@test.cn", PASSWORD).await;
    assert_eq!(app.get("/api/v1/auth/me", Some(&fresh)).await.status, 200);
}

#[actix_web::test]
async fn password_change_needs_the_current_password_and_cuts_older_tokens() {
    let app = spawn().await;
    let (_, old) = app
        .make_user("changer@test.cn", &[Role::Mentor], None)
        .await;
    let wrong = app
        .post(
            "/api/v1/auth/password",
            Some(&old),
            json!({ "current_password": "not it", "new_password": "a brand new secret" }),
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.field_code("current_password"), Some("incorrect"));
    let short = app
        .post(
            "/api/v1/auth/password",
            Some(&old),
            json!({ "current_password": PASSWORD, "new_password": "1234567" }),
        )
        .await;
    assert_eq!(short.status, 422);
    assert_eq!(short.field_code("new_password"), Some("too_short"));
    assert_eq!(app.get("/api/v1/auth/me", Some(&old)).await.status, 200);

    let ok = app
        .post(
            "/api/v1/auth/password",
            Some(&old),
            json!({ "current_password": PASSWORD, "new_password": "a brand new secret" }),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let new_token = ok.body["access_token"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/auth/me", Some(&old)).await.status, 401);
    assert_eq!(
        app.get("/api/v1/auth/me", Some(new_token)).await.status,
        200
    );
    app.login("changer@test.cn", "a brand new secret").await;
    let old_password = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({ "email": "changer@test.cn", "password": PASSWORD }),
        )
        .await;
    assert_eq!(old_password.status, 401);
}

#[actix_web::test]
async fn login_is_rate_limited_per_client_address_with_retry_after() {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "3"),
        ("auth.login_attempts_per_account_per_minute", "100"),
    ])
    .await;
    app.insert_user("target@test.cn", &[Role::Mentor], None);
    for i in 0..3 {
        let res = app
            .post(
                "/api/v1/auth/login",
                None,
                json!({ "email": format!("guess{i}@test.cn"), "password": "x" }),
            )
            .await;
        assert_eq!(res.status, 401);
    }
    let limited = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({ "email": "target@test.cn", "password": PASSWORD }),
        )
        .await;
    assert_eq!(limited.status, 429, "{}", limited.body);
    assert_eq!(limited.body["error"], "too_many_requests");
    let retry: u64 = limited
        .headers
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
}

#[actix_web::test]
async fn login_is_rate_limited_per_account_and_other_accounts_are_unaffected() {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "100"),
        ("auth.login_attempts_per_account_per_minute", "2"),
    ])
    .await;
    app.insert_user("victim@test.cn", &[Role::Mentor], None);
    app.insert_user("bystander@test.cn", &[Role::Mentor], None);
    for _ in 0..2 {
        let res = app
            .post(
                "/api/v1/auth/login",
                None,
                json!({ "email": "victim@test.cn", "password": "guess" }),
            )
            .await;
        assert_eq!(res.status, 401);
    }
    let locked = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({ "email": "VICTIM@test.cn", "password": PASSWORD }),
        )
        .await;
    assert_eq!(
        locked.status, 429,
        "the right password is refused while locked"
    );
    assert!(locked.headers.contains_key("retry-after"));
    app.login("bystander@test.cn", PASSWORD).await;
}

#[actix_web::test]
async fn expired_tampered_foreign_and_unsigned_tokens_are_refused() {
    let app = spawn().await;
    let (id, token) = app.make_user("holder@test.cn", &[Role::Mentor], None).await;
    assert_eq!(app.get("/api/v1/auth/me", Some(&token)).await.status, 200);

    // Tampered payload (another user id) with the original signature.
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    claims["sub"] = json!((id.0 + 1).to_string());
    claims["ver"] = json!(0);
    let forged_payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert_eq!(
        app.get("/api/v1/auth/me", Some(&tampered)).await.status,
        401
    );

    // alg=none.
    let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{none_header}.{}.", parts[1]);
    assert_eq!(
        app.get("/api/v1/auth/me", Some(&unsigned)).await.status,
        401
    );

    // Signed with another key.
    let other = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(b"not-the-service-key-not-the-service-key"),
    )
    .unwrap();
    assert_eq!(app.get("/api/v1/auth/me", Some(&other)).await.status, 401);

    // Garbage, a wrong scheme, and a token in the query string.
    assert_eq!(
        app.get("/api/v1/auth/me", Some("garbage")).await.status,
        401
    );
    let basic = app
        .client
        .get(format!("{}/api/v1/auth/me", app.base))
        .insert_header(("Authorization", format!("Basic {token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 401);
    let in_query = app
        .get(&format!("/api/v1/auth/me?access_token={token}"), None)
        .await;
    assert_eq!(in_query.status, 401);

    // Past its lifetime (60 minutes) plus the 30 s leeway.
    app.set_time(start_time() + chrono::Duration::minutes(61));
    assert_eq!(app.get("/api/v1/auth/me", Some(&token)).await.status, 401);
}

#[actix_web::test]
async fn passwords_are_stored_only_as_argon2id_hashes() {
    let app = spawn().await;
    let (id, token) = app.make_user("stored@test.cn", &[Role::Mentor], None).await;
    let res = app
        .post(
            "/api/v1/auth/password",
            Some(&token),
            json!({ "current_password": PASSWORD, "new_password": "Canary-Pass-Phrase-42" }),
        )
        .await;
    assert_eq!(res.status, 200);
    let mut conn = app.db().get().unwrap();
    let user = users::find(&mut conn, id, Scope::City).unwrap();
    let hash = user.password_hash.unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains("Canary-Pass-Phrase-42"));
    assert!(!res.body.to_string().contains("argon2"));
}

#[actix_web::test]
async fn a_deactivated_users_token_stops_working_at_the_next_request() {
    let app = spawn().await;
    let (id, token) = app
        .make_user("soon.gone@test.cn", &[Role::Mentee], None)
        .await;
    assert_eq!(app.get("/api/v1/auth/me", Some(&token)).await.status, 200);
    let mut conn = app.db().get().unwrap();
    credentials::set_status(
        &mut conn,
        id,
        UserStatus::Deactivated,
        app.state.clock.now_naive(),
    )
    .unwrap();
    assert_eq!(app.get("/api/v1/auth/me", Some(&token)).await.status, 401);
}
