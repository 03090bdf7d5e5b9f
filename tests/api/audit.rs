//! The audit log: every login attempt and every change, with who, what, when and from where;
//! readable by city admins only, and append-only in the database itself.

use chrono::{DateTime, Duration, Utc};
use diesel::connection::SimpleConnection;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, Res, TestApp, spawn, start_time, two_units};
use peidai::domain::ids::UserId;
use peidai::domain::role::Role;

const EVENTS: &str = "/api/v1/audit-events";
const WRONG_PASSWORD: &str = "wrong horse battery";

fn at(secs: i64) -> DateTime<Utc> {
    start_time() + Duration::seconds(secs)
}

fn request_id(res: &Res) -> String {
    res.headers
        .get("x-request-id")
        .expect("every response has a request id")
        .to_str()
        .unwrap()
        .to_owned()
}

/// `GET /api/v1/audit-events?{query}` as `token`, asserting a 200.
async fn events(app: &TestApp, token: &str, query: &str) -> Value {
    let res = app.get(&format!("{EVENTS}?{query}"), Some(token)).await;
    assert_eq!(res.status, 200, "{query}: {}", res.body);
    res.body
}

fn actions(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect()
}

/// What the story below did, to check the log against.
struct Story {
    city: String,
    city_id: UserId,
    unit_id: i64,
    user_id: i64,
    /// `x-request-id` of the unit create, user create, update and deactivate responses.
    request_ids: [String; 4],
}

/// Two failed logins, a successful one, a unit and a user created, the user updated and
/// deactivated: one second apart from the successful login on.
async fn story(app: &TestApp) -> Story {
    let city_id = app.insert_user("city.admin@test.cn", &[Role::CityAdmin], None);
    for email in ["nobody@test.cn", "city.admin@test.cn"] {
        let res = app
            .post(
                "/api/v1/auth/login",
                None,
                json!({ "email": email, "password": WRONG_PASSWORD }),
            )
            .await;
        assert_eq!(res.status, 401, "{}", res.body);
    }
    app.set_time(at(1));
    let city = app.login("city.admin@test.cn", PASSWORD).await;
    app.set_time(at(2));
    let unit = app
        .post(
            "/api/v1/units",
            Some(&city),
            json!({ "name": "红山区", "kind": "banner_county_district" }),
        )
        .await;
    assert_eq!(unit.status, 201, "{}", unit.body);
    let unit_id = unit.body["id"].as_i64().unwrap();
    app.set_time(at(3));
    let user = app
        .post(
            "/api/v1/users",
            Some(&city),
            json!({ "email": "zhang.san@test.cn", "name": "张三", "roles": ["mentee"], "unit_id": unit_id }),
        )
        .await;
    assert_eq!(user.status, 201, "{}", user.body);
    let user_id = user.body["id"].as_i64().unwrap();
    app.set_time(at(4));
    let update = app
        .patch(
            &format!("/api/v1/users/{user_id}"),
            Some(&city),
            json!({ "name": "张三丰", "roles": ["mentee", "mentor"], "profile": { "phone": "13912345678" } }),
        )
        .await;
    assert_eq!(update.status, 200, "{}", update.body);
    app.set_time(at(5));
    let off = app
        .request(
            "POST",
            &format!("/api/v1/users/{user_id}/deactivate"),
            Some(&city),
            None,
        )
        .await;
    assert_eq!(off.status, 200, "{}", off.body);
    Story {
        city,
        city_id,
        unit_id,
        user_id,
        request_ids: [&unit, &user, &update, &off].map(request_id),
    }
}

#[actix_web::test]
async fn the_log_records_logins_and_changes_with_actor_object_client_ip_and_request_id() {
    let app = spawn().await;
    let s = story(&app).await;
    let page = events(&app, &s.city, "").await;
    assert_eq!(page["total"], 7);
    assert_eq!(
        actions(&page),
        [
            "user.deactivate",
            "user.update",
            "user.create",
            "unit.create",
            "auth.login_succeeded",
            "auth.login_failed",
            "auth.login_failed",
        ]
    );
    let items = page["items"].as_array().unwrap();
    let (user, unit, admin) = (
        s.user_id.to_string(),
        s.unit_id.to_string(),
        s.city_id.to_string(),
    );
    let expected = [
        (
            Some(s.city_id.0),
            "user",
            Some(&user),
            Some(&s.request_ids[3]),
            at(5),
        ),
        (
            Some(s.city_id.0),
            "user",
            Some(&user),
            Some(&s.request_ids[2]),
            at(4),
        ),
        (
            Some(s.city_id.0),
            "user",
            Some(&user),
            Some(&s.request_ids[1]),
            at(3),
        ),
        (
            Some(s.city_id.0),
            "unit",
            Some(&unit),
            Some(&s.request_ids[0]),
            at(2),
        ),
        (Some(s.city_id.0), "user", Some(&admin), None, at(1)),
        (Some(s.city_id.0), "user", Some(&admin), None, at(0)),
        (None, "user", None, None, at(0)),
    ];
    for (event, (actor, object_type, object_id, request_id, when)) in items.iter().zip(expected) {
        assert_eq!(event["actor_id"].as_i64(), actor, "{event}");
        assert_eq!(event["object_type"], object_type, "{event}");
        assert_eq!(
            event["object_id"].as_str(),
            object_id.map(String::as_str),
            "{event}"
        );
        assert_eq!(event["client_ip"], "127.0.0.1", "{event}");
        let rid = event["request_id"].as_str().expect("a request id");
        assert!(!rid.is_empty());
        if let Some(r) = request_id {
            assert_eq!(rid, r, "the id the response carried");
        }
        assert_eq!(event["occurred_at"], json!(when), "{event}");
    }
    assert_eq!(items[3]["unit_id"], s.unit_id);
    assert_eq!(items[3]["summary"]["after"]["name"], "红山区");
    assert_eq!(items[2]["summary"]["after"]["email"], "zhang.san@test.cn");
    assert_eq!(
        items[0]["summary"],
        json!({ "before": { "status": "invited" }, "after": { "status": "deactivated" } })
    );
    assert_eq!(
        items[5]["summary"],
        json!({ "email": "city.admin@test.cn", "reason": "wrong_password" })
    );
    assert_eq!(
        items[6]["summary"],
        json!({ "email": "nobody@test.cn", "reason": "unknown_account" })
    );
}

#[actix_web::test]
async fn a_user_update_event_carries_a_before_and_after_summary_without_profile_values() {
    let app = spawn().await;
    let s = story(&app).await;
    let page = events(&app, &s.city, "action=user.update").await;
    assert_eq!(page["total"], 1);
    let summary = &page["items"][0]["summary"];
    assert_eq!(
        summary["before"],
        json!({ "name": "张三", "roles": ["mentee"], "unit_id": s.unit_id, "locale": "zh-CN" })
    );
    assert_eq!(
        summary["after"],
        json!({ "name": "张三丰", "roles": ["mentor", "mentee"], "unit_id": s.unit_id, "locale": "zh-CN" })
    );
    assert_eq!(summary["profile_fields_changed"], json!(["phone"]));
    assert!(
        !page.to_string().contains("13912345678"),
        "profile values stay out of the log"
    );
}

#[actix_web::test]
async fn the_log_filters_by_action_and_object_type_newest_first() {
    let app = spawn().await;
    let s = story(&app).await;
    let failed = events(&app, &s.city, "action=auth.login_failed").await;
    assert_eq!(failed["total"], 2);
    assert_eq!(actions(&failed), ["auth.login_failed"; 2]);
    let units = events(&app, &s.city, "object_type=unit").await;
    assert_eq!(actions(&units), ["unit.create"]);
    let user_changes = events(
        &app,
        &s.city,
        &format!("object_type=user&object_id={}", s.user_id),
    )
    .await;
    assert_eq!(
        actions(&user_changes),
        ["user.deactivate", "user.update", "user.create"]
    );
    let by_admin = events(
        &app,
        &s.city,
        &format!("actor_id={}&action=auth.login_failed", s.city_id),
    )
    .await;
    assert_eq!(by_admin["total"], 1);
    assert_eq!(
        events(&app, &s.city, "action=user.delete").await["total"],
        0
    );

    let paged = events(&app, &s.city, "per_page=3&page=2").await;
    assert_eq!(
        actions(&paged),
        ["unit.create", "auth.login_succeeded", "auth.login_failed"]
    );
    assert_eq!(paged["total"], 7);
    let all = events(&app, &s.city, "").await;
    let items = all["items"].as_array().unwrap();
    for pair in items.windows(2) {
        assert!(pair[0]["occurred_at"].as_str() >= pair[1]["occurred_at"].as_str());
        assert!(
            pair[0]["id"].as_i64() > pair[1]["id"].as_i64(),
            "newest first"
        );
    }
}

#[actix_web::test]
async fn unit_admins_and_mentors_get_403_on_the_log() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let (_, mentor) = app
        .make_user("mentor@test.cn", &[Role::Mentor], Some(t.u1))
        .await;
    for token in [&t.admin1.1, &mentor] {
        let res = app.get(EVENTS, Some(token)).await;
        assert_eq!(res.status, 403, "{}", res.body);
        assert_eq!(res.body["error"], "forbidden");
        assert!(res.body.get("items").is_none());
    }
    assert_eq!(app.get(EVENTS, None).await.status, 401);
    assert_eq!(app.get(EVENTS, Some(&t.city)).await.status, 200);
}

#[actix_web::test]
async fn no_event_ever_contains_a_password() {
    let app = spawn().await;
    let s = story(&app).await;
    let new_password = "a brand new passphrase";
    let changed = app
        .post(
            "/api/v1/auth/password",
            Some(&s.city),
            json!({ "current_password": PASSWORD, "new_password": new_password }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let token = changed.body["access_token"].as_str().unwrap();
    let page = events(&app, token, "per_page=100").await;
    assert_eq!(actions(&page)[0], "user.password_changed");
    let text = page.to_string();
    for secret in [
        PASSWORD,
        WRONG_PASSWORD,
        new_password,
        "password_hash",
        "$argon2",
        token,
    ] {
        assert!(!text.contains(secret), "{secret:?} is in the audit log");
    }
}

#[actix_web::test]
async fn the_audit_table_refuses_update_and_delete() {
    let app = spawn().await;
    let s = story(&app).await;
    let before = events(&app, &s.city, "per_page=100").await;
    {
        let mut conn = app.db().get().unwrap();
        for sql in [
            "UPDATE audit_events SET action = 'x'",
            "UPDATE audit_events SET summary = '{}' WHERE action = 'user.update'",
            "DELETE FROM audit_events",
            "DELETE FROM audit_events WHERE action = 'auth.login_failed'",
        ] {
            assert!(conn.batch_execute(sql).is_err(), "{sql} was allowed");
        }
    }
    let after = events(&app, &s.city, "per_page=100").await;
    assert_eq!(after["total"], 7);
    assert_eq!(after, before, "every row is still there, unchanged");
}
