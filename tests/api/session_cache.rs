//! Each instance remembers the accounts behind the tokens it verified, so that a known token
//! costs no database hop of its own; the check that the session is still current then runs in
//! the request's first hop, or after the handler when it made none. These tests run two
//! instances on one database: whatever ends a session on one instance (a logout, a password
//! change, a deactivation, a role change) ends it on the other at the next request, for a read,
//! for a write (which then stores nothing), and for a request the handler refuses before any hop.

use peidai::domain::role::Role;
use serde_json::json;

use crate::contracts::{active_from, mentees, mentor};
use crate::helpers::{PASSWORD, TestApp, spawn, two_units};

/// Has `b` learn `token`: the first request reads the account, the second is recognised.
async fn warm(b: &TestApp, token: &str) {
    let before = b.state.sessions.recognised();
    for _ in 0..2 {
        let res = b.get("/api/v1/auth/me", Some(token)).await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    assert_eq!(
        b.state.sessions.recognised(),
        before + 1,
        "the second request is recognised from the memory"
    );
}

#[actix_web::test]
async fn a_logout_on_one_instance_ends_the_session_on_another_for_reads_writes_and_refusals() {
    let a = spawn().await;
    let b = a.another_instance().await;
    let s = two_units(&a).await;
    let (_, _, first) = mentor(&a, "cache.mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&a, "cache", s.u1, 5).await;
    let k = active_from(&a, &first, &ids, &tokens, "2026-11-01").await;
    let log_out = |token: String| {
        let a = &a;
        async move {
            let out = a
                .request("POST", "/api/v1/auth/logout", Some(&token), None)
                .await;
            assert_eq!(out.status, 204, "{}", out.body);
        }
    };

    // A read: the check runs in the handler's hop.
    warm(&b, &first).await;
    log_out(first.clone()).await;
    let read = b.get("/api/v1/contracts", Some(&first)).await;
    assert_eq!(read.status, 401, "{}", read.body);
    assert_eq!(read.body["error"], "unauthorized", "{}", read.body);

    // A write: the check runs inside its transaction, and nothing is stored.
    let token = a.login("cache.mentor@test.cn", PASSWORD).await;
    warm(&b, &token).await;
    log_out(token.clone()).await;
    let write = b
        .post(
            &format!("/api/v1/contracts/{k}/activities"),
            Some(&token),
            json!({ "kind": "lecture", "title": "登出之后", "held_on": "2026-11-10", "hours": 1.5, "attendee_ids": ids }),
        )
        .await;
    assert_eq!(write.status, 401, "{}", write.body);
    let fresh = a.login("cache.mentor@test.cn", PASSWORD).await;
    let stored = a
        .get(&format!("/api/v1/contracts/{k}/activities"), Some(&fresh))
        .await;
    assert_eq!(stored.status, 200, "{}", stored.body);
    assert!(
        !stored.body.to_string().contains("登出之后"),
        "an ended session's write was stored: {}",
        stored.body
    );

    // A request refused before any hop (a body that does not parse): 401, not the 422.
    warm(&b, &fresh).await;
    log_out(fresh.clone()).await;
    let refused = b
        .post(
            "/api/v1/auth/password",
            Some(&fresh),
            json!({ "new_password": 5 }),
        )
        .await;
    assert_eq!(refused.status, 401, "{}", refused.body);

    // A new session works on both.
    let again = a.login("cache.mentor@test.cn", PASSWORD).await;
    assert_eq!(b.get("/api/v1/contracts", Some(&again)).await.status, 200);
    assert_eq!(a.get("/api/v1/contracts", Some(&again)).await.status, 200);
}

#[actix_web::test]
async fn a_deactivation_a_role_change_and_a_password_change_on_one_instance_end_the_session_on_another()
 {
    let a = spawn().await;
    let b = a.another_instance().await;
    let s = two_units(&a).await;
    let city = s.city.clone();

    // A deactivation.
    let (gone, token) = a
        .make_user("cache.gone@test.cn", &[Role::Mentee], Some(s.u1))
        .await;
    warm(&b, &token).await;
    let off = a
        .request(
            "POST",
            &format!("/api/v1/users/{gone}/deactivate"),
            Some(&city),
            None,
        )
        .await;
    assert!(off.status.is_success(), "{}", off.body);
    assert_eq!(b.get("/api/v1/auth/me", Some(&token)).await.status, 401);

    // A role change: the unit admin made a plain mentee.
    let (admin_id, admin) = s.admin1.clone();
    warm(&b, &admin).await;
    assert_eq!(b.get("/api/v1/users", Some(&admin)).await.status, 200);
    let demoted = a
        .patch(
            &format!("/api/v1/users/{admin_id}"),
            Some(&city),
            json!({ "roles": ["mentee"] }),
        )
        .await;
    assert_eq!(demoted.status, 200, "{}", demoted.body);
    let res = b.get("/api/v1/users", Some(&admin)).await;
    assert_eq!(
        res.status, 401,
        "the old token, with its old role: {}",
        res.body
    );

    // A password change.
    let (_, own) = a
        .make_user("cache.pw@test.cn", &[Role::Mentee], Some(s.u1))
        .await;
    warm(&b, &own).await;
    let changed = a
        .post(
            "/api/v1/auth/password",
            Some(&own),
            json!({ "current_password": PASSWORD, "new_password": "another long passphrase" }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(b.get("/api/v1/auth/me", Some(&own)).await.status, 401);
    let renewed = changed.body["access_token"].as_str().expect("a new token");
    assert_eq!(b.get("/api/v1/auth/me", Some(renewed)).await.status, 200);
}
