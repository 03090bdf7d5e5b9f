//! Login, logout, tokens and passwords.

use serde_json::json;

use crate::helpers::{PASSWORD, spawn};
use peidai::domain::role::Role;

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
