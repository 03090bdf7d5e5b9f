//! People: city admins manage everyone, unit admins the mentors and mentees of their own unit.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, Res, TestApp, spawn, two_units};
use peidai::db::users::{self, User};
use peidai::domain::ids::{UnitId, UserId};
use peidai::domain::role::Role;
use peidai::domain::scope::Scope;
use peidai::domain::user::UserStatus;

const USERS: &str = "/api/v1/users";
const ME: &str = "/api/v1/auth/me";

/// A create body; `unit: None` leaves `unit_id` out.
fn person(email: &str, roles: &[&str], unit: Option<UnitId>) -> Value {
    let mut body = json!({ "email": email, "name": "某人", "roles": roles });
    if let Some(u) = unit {
        body["unit_id"] = json!(u.0);
    }
    body
}

fn id_of(body: &Value) -> UserId {
    UserId(body["id"].as_i64().expect("an id"))
}

/// The user as stored, read past every scope.
fn stored(app: &TestApp, id: UserId) -> User {
    let mut conn = app.db().get().unwrap();
    users::find(&mut conn, id, Scope::City).unwrap()
}

/// The e-mails of a list page's items, in order.
fn emails(page: &Value) -> Vec<String> {
    let items = page["items"].as_array().expect("items");
    items
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_owned())
        .collect()
}

/// The user endpoints, called as one caller (app, token).
#[derive(Clone, Copy)]
struct As<'a>(&'a TestApp, &'a str);

impl As<'_> {
    async fn post(self, body: Value) -> Res {
        self.0.post(USERS, Some(self.1), body).await
    }

    /// Creates a user and returns the 201 body.
    async fn create(self, body: Value) -> Value {
        let res = self.post(body).await;
        assert_eq!(res.status, 201, "{}", res.body);
        res.body
    }

    async fn get(self, id: impl std::fmt::Display) -> Res {
        self.0.get(&format!("{USERS}/{id}"), Some(self.1)).await
    }

    async fn patch(self, id: UserId, body: Value) -> Res {
        self.0
            .patch(&format!("{USERS}/{id}"), Some(self.1), body)
            .await
    }

    /// `POST /api/v1/users/{id}/{verb}` (`deactivate` or `reactivate`).
    async fn act(self, id: UserId, verb: &str) -> Res {
        let path = format!("{USERS}/{id}/{verb}");
        self.0.request("POST", &path, Some(self.1), None).await
    }

    /// `GET /api/v1/users?{query}`, asserting a 200.
    async fn list(self, query: &str) -> Value {
        let res = self.0.get(&format!("{USERS}?{query}"), Some(self.1)).await;
        assert_eq!(res.status, 200, "{query}: {}", res.body);
        res.body
    }

    /// The e-mails the list shows for `query`, in order.
    async fn found(self, query: &str) -> Vec<String> {
        emails(&self.list(query).await)
    }

    /// The status of `GET /api/v1/auth/me` with this token.
    async fn me(self) -> u16 {
        self.0.get(ME, Some(self.1)).await.status.as_u16()
    }
}

#[actix_web::test]
async fn city_admin_creates_an_invited_user_with_roles_unit_and_profile() {
    let app = spawn().await;
    let (_, token) = app.city_admin().await;
    let unit = app.create_unit(&token, "红山区", "other").await;
    let profile = json!({
        "gender": "female", "birth_date": "1980-05-01", "education": "master",
        "title_level": "senior", "skill_level": "technician", "specialty": "畜牧兽医",
        "phone": "0476-8123456", "city_work_start_date": "2005-07-01",
        "from_outside_city": true, "owns_urban_housing": false,
        "id_number": "150402198005010026", "position": "副主任",
    });
    let mut req = person(" Wang.Fang@Test.CN", &["mentor", "mentee", "mentor"], None);
    req["unit_id"] = json!(unit.0);
    req["locale"] = json!("en");
    req["profile"] = profile.clone();
    let city = As(&app, &token);
    let body = city.create(req).await;
    assert_eq!(body["email"], "wang.fang@test.cn");
    assert_eq!(body["name"], "某人");
    assert_eq!(body["status"], "invited");
    assert_eq!(body["roles"], json!(["mentor", "mentee"]));
    assert_eq!(body["unit_id"], unit.0);
    assert_eq!(body["locale"], "en");
    assert_eq!(body["profile"], profile);
    assert!(body.get("password_hash").is_none());
    let got = city.get(&body["id"]).await;
    assert_eq!((got.status.as_u16(), &got.body), (200, &body));
}

#[actix_web::test]
async fn emails_are_unique_case_insensitively() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let (city, a1) = (As(&app, &t.city), As(&app, &t.admin1.1));
    city.create(person("li.lei@test.cn", &["mentee"], Some(t.u1)))
        .await;
    let before = app.user_count();
    for (caller, email) in [(city, " LI.Lei@TEST.cn "), (a1, "Li.Lei@test.cn")] {
        let res = caller.post(person(email, &["mentee"], Some(t.u1))).await;
        assert_eq!(res.status, 409, "{}", res.body);
        assert_eq!(res.body["error"], "email_taken");
        assert_eq!(res.field_code("email"), Some("email_taken"));
    }
    assert_eq!(app.user_count(), before);
}

#[actix_web::test]
async fn a_unit_admins_new_mentee_without_unit_id_lands_in_their_own_unit() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let a1 = As(&app, &t.admin1.1);
    let body = a1.create(person("m@test.cn", &["mentee"], None)).await;
    assert_eq!(body["unit_id"], t.u1.0);
    assert_eq!(body["status"], "invited");
    let got = a1.get(&body["id"]).await;
    assert_eq!(got.status, 200, "the new person is in the admin's scope");
}

#[actix_web::test]
async fn a_unit_admin_cannot_grant_admin_or_reviewer_roles_and_nothing_is_stored() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let a1 = As(&app, &t.admin1.1);
    let before = app.user_count();
    let privileged: [&[&str]; 4] = [
        &["city_admin"],
        &["unit_admin"],
        &["reviewer"],
        &["mentor", "reviewer"],
    ];
    for roles in privileged {
        let res = a1.post(person("x@test.cn", roles, Some(t.u1))).await;
        assert_eq!(res.status, 403, "{roles:?}: {}", res.body);
        assert_eq!(res.body["error"], "role_not_allowed");
    }
    assert_eq!(app.user_count(), before);

    let id = id_of(&a1.create(person("m@test.cn", &["mentee"], None)).await);
    let promote = a1.patch(id, json!({ "roles": ["unit_admin"] })).await;
    assert_eq!(promote.status, 403, "{}", promote.body);
    assert_eq!(promote.body["error"], "role_not_allowed");
    assert_eq!(stored(&app, id).roles, [Role::Mentee]);
}

#[actix_web::test]
async fn a_unit_admin_placing_someone_in_another_unit_gets_the_answer_for_a_missing_unit() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let a1 = As(&app, &t.admin1.1);
    let before = app.user_count();
    let other = a1.post(person("m@test.cn", &["mentor"], Some(t.u2))).await;
    let nowhere = Some(UnitId(999_999));
    let missing = a1.post(person("m@test.cn", &["mentor"], nowhere)).await;
    assert_eq!(other.status, 422, "{}", other.body);
    assert_eq!(other.field_code("unit_id"), Some("not_found"));
    assert_eq!(other.body, missing.body);
    assert_eq!(app.user_count(), before);

    let id = app.insert_user("mine@test.cn", &[Role::Mentor], Some(t.u1));
    let moved = a1.patch(id, json!({ "unit_id": t.u2.0 })).await;
    assert_eq!(moved.status, 422, "{}", moved.body);
    assert_eq!(moved.field_code("unit_id"), Some("not_found"));
    assert_eq!(stored(&app, id).unit_id, Some(t.u1));
}

#[actix_web::test]
async fn a_unit_admin_gets_404_for_another_units_user_and_the_user_is_unchanged() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let a1 = As(&app, &t.admin1.1);
    let (id, token) = app
        .make_user("o@test.cn", &[Role::Mentee], Some(t.u2))
        .await;
    let before = stored(&app, id);
    let missing = a1.get(999_999).await;
    assert_eq!(missing.status, 404);
    let attempts = [
        a1.get(id).await,
        a1.patch(id, json!({ "name": "改名", "unit_id": t.u1.0 }))
            .await,
        a1.act(id, "deactivate").await,
    ];
    for res in attempts {
        assert_eq!(res.status, 404, "{}", res.body);
        assert_eq!(res.body, missing.body, "no hint that the user exists");
    }
    let after = stored(&app, id);
    assert_eq!((&after.name, after.unit_id), (&before.name, before.unit_id));
    assert_eq!(
        (after.status, after.token_version),
        (before.status, before.token_version)
    );
    assert_eq!(As(&app, &token).me().await, 200);
}

#[actix_web::test]
async fn a_unit_admin_cannot_manage_a_privileged_user_of_their_own_unit() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let a1 = As(&app, &t.admin1.1);
    let peer = app.insert_user("peer@test.cn", &[Role::UnitAdmin], Some(t.u1));
    let rev = app.insert_user("rev@test.cn", &[Role::Reviewer, Role::Mentor], Some(t.u1));
    for id in [peer, rev] {
        let before = stored(&app, id);
        let changed = a1.patch(id, json!({ "roles": ["mentor"] })).await;
        let off = a1.act(id, "deactivate").await;
        for res in [changed, off] {
            assert_eq!(res.status, 403, "{}", res.body);
            assert_eq!(res.body["error"], "cannot_manage_privileged");
        }
        let after = stored(&app, id);
        assert_eq!(after.roles, before.roles);
        assert_eq!(after.status, UserStatus::Active);
    }
}

#[actix_web::test]
async fn the_user_list_is_scoped_to_a_unit_admins_own_unit() {
    let app = spawn().await;
    let t = two_units(&app).await;
    app.insert_user("m1@test.cn", &[Role::Mentor], Some(t.u1));
    app.insert_user("m2@test.cn", &[Role::Mentor], Some(t.u2));
    app.insert_user("r@test.cn", &[Role::Reviewer], None);
    let (a1, a2) = (As(&app, &t.admin1.1), As(&app, &t.admin2.1));

    assert_eq!(As(&app, &t.city).list("").await["total"], 6);
    let mine = a1.list("").await;
    assert_eq!(mine["total"], 2);
    assert_eq!(emails(&mine), ["admin1@test.cn", "m1@test.cn"]);
    let theirs = a1.list(&format!("unit_id={}", t.u2)).await;
    assert_eq!(theirs["total"], 0, "a filter never widens the scope");
    assert_eq!(a2.list("").await["total"], 2);
}

#[actix_web::test]
async fn the_user_list_filters_by_role_status_unit_and_name_or_email_part_and_paginates() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let city = As(&app, &t.city);
    let zhang = app.insert_user("zhang.wei@test.cn", &[Role::Mentor], Some(t.u1));
    app.insert_user("li.na@test.cn", &[Role::Mentee], Some(t.u1));
    let both = [Role::Mentor, Role::Mentee];
    app.insert_user("wang.qiang@test.cn", &both, Some(t.u2));
    let mut zhao = person("zhao.min@test.cn", &["mentee"], Some(t.u2));
    zhao["name"] = json!("赵敏");
    city.create(zhao).await;
    assert_eq!(city.act(zhang, "deactivate").await.status, 200);

    let mentors = city.found("role=mentor").await;
    assert_eq!(mentors, ["zhang.wei@test.cn", "wang.qiang@test.cn"]);
    let u2_mentees = city.found(&format!("role=mentee&unit_id={}", t.u2)).await;
    assert_eq!(u2_mentees, ["wang.qiang@test.cn", "zhao.min@test.cn"]);
    let off = city.found("status=deactivated").await;
    assert_eq!(off, ["zhang.wei@test.cn"]);
    assert_eq!(city.found("status=invited").await, ["zhao.min@test.cn"]);
    assert_eq!(city.list("status=active").await["total"], 5);
    let by_name = city.found("q=%E8%B5%B5").await; // 赵
    assert_eq!(by_name, ["zhao.min@test.cn"], "part of the name");
    let by_email = city.found("q=QIANG").await;
    assert_eq!(by_email, ["wang.qiang@test.cn"], "part of the e-mail");
    assert_eq!(city.list("q=%25").await["total"], 0, "% is literal");

    let page = city.list("per_page=2&page=2").await;
    let numbers = [&page["page"], &page["per_page"], &page["total"]];
    assert_eq!(numbers, [2, 2, 7]);
    assert_eq!(emails(&page), ["admin2@test.cn", "zhang.wei@test.cn"]);
}

#[actix_web::test]
async fn user_list_items_carry_no_profile_birth_date_or_phone() {
    let app = spawn().await;
    let (_, token) = app.city_admin().await;
    let unit = app.create_unit(&token, "红山区", "other").await;
    let city = As(&app, &token);
    let mut body = person("p@test.cn", &["mentee"], Some(unit));
    body["profile"] = json!({ "birth_date": "1990-01-01", "phone": "13800000000" });
    city.create(body).await;
    let page = city.list("").await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        for key in ["profile", "birth_date", "phone", "password_hash"] {
            assert!(item.get(key).is_none(), "{key} leaked in {item}");
        }
        assert!(item["email"].is_string() && item["roles"].is_array());
    }
    assert!(!page.to_string().contains("13800000000"));
}

#[actix_web::test]
async fn mentors_and_mentees_get_403_on_the_user_list() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let (_, mentor) = app
        .make_user("mr@test.cn", &[Role::Mentor], Some(t.u1))
        .await;
    let (_, mentee) = app
        .make_user("me@test.cn", &[Role::Mentee], Some(t.u1))
        .await;
    for token in [&mentor, &mentee] {
        let res = app.get(USERS, Some(token)).await;
        assert_eq!(res.status, 403, "{}", res.body);
        assert_eq!(res.body["error"], "forbidden");
        assert_eq!(As(&app, token).get(t.admin1.0).await.status, 403);
    }
    assert_eq!(app.get(USERS, None).await.status, 401);
}

#[actix_web::test]
async fn patching_a_profile_null_clears_a_field_and_absence_keeps_it() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let a1 = As(&app, &t.admin1.1);
    let mut body = person("p@test.cn", &["mentor"], None);
    body["profile"] = json!({
        "phone": "13800000000", "specialty": "农学", "gender": "male", "from_outside_city": true,
    });
    let id = id_of(&a1.create(body).await);
    let change = json!({ "profile": { "phone": null, "education": "doctorate" } });
    let res = a1.patch(id, change).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let p = &res.body["profile"];
    assert_eq!(p["phone"], Value::Null);
    assert_eq!(p["education"], "doctorate");
    assert_eq!([&p["specialty"], &p["gender"]], ["农学", "male"]);
    assert_eq!(p["from_outside_city"], true);
    assert_eq!(res.body["name"], "某人");
    let kept = stored(&app, id).profile;
    assert_eq!(kept.phone, None);
    assert_eq!(kept.specialty.as_deref(), Some("农学"));
}

#[actix_web::test]
async fn a_future_birth_date_is_refused_on_profile_birth_date() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let a1 = As(&app, &t.admin1.1);
    let before = app.user_count();
    let mut body = person("p@test.cn", &["mentee"], None);
    body["profile"] = json!({ "birth_date": "2026-11-22" });
    let res = a1.post(body).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(res.field_code("profile.birth_date"), Some("in_future"));
    assert_eq!(app.user_count(), before);

    let id = app.insert_user("q@test.cn", &[Role::Mentee], Some(t.u1));
    let born = |day: &str| json!({ "profile": { "birth_date": day } });
    let later = a1.patch(id, born("2030-01-01")).await;
    assert_eq!(later.status, 422, "{}", later.body);
    assert_eq!(later.field_code("profile.birth_date"), Some("in_future"));
    assert_eq!(stored(&app, id).profile.birth_date, None);
    let today = a1.patch(id, born("2026-11-21")).await;
    assert_eq!(today.status, 200, "today is not the future: {}", today.body);
}

#[actix_web::test]
async fn a_city_work_start_date_before_the_birth_date_is_refused() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let a1 = As(&app, &t.admin1.1);
    let field = "profile.city_work_start_date";
    let mut body = person("p@test.cn", &["mentee"], None);
    body["profile"] = json!({ "birth_date": "1990-03-01", "city_work_start_date": "1989-12-31" });
    let res = a1.post(body.clone()).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(res.field_code(field), Some("before_birth"));

    body["profile"] = json!({ "birth_date": "1990-03-01" });
    let id = id_of(&a1.create(body).await);
    let early = json!({ "profile": { "city_work_start_date": "1980-01-01" } });
    let res = a1.patch(id, early).await;
    assert_eq!(res.status, 422, "checked against the stored birth date");
    assert_eq!(res.field_code(field), Some("before_birth"));
    assert_eq!(stored(&app, id).profile.city_work_start_date, None);
}

#[actix_web::test]
async fn a_role_change_ends_the_users_sessions_but_a_name_change_does_not() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let a1 = As(&app, &t.admin1.1);
    let (id, token) = app
        .make_user("m@test.cn", &[Role::Mentee], Some(t.u1))
        .await;
    let renamed = a1.patch(id, json!({ "name": "新名字" })).await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(As(&app, &token).me().await, 200);

    let res = a1.patch(id, json!({ "roles": ["mentee", "mentor"] })).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body["roles"], json!(["mentor", "mentee"]));
    assert_eq!(As(&app, &token).me().await, 401);
    let fresh = app.login("m@test.cn", PASSWORD).await;
    let me = app.get(ME, Some(&fresh)).await;
    assert_eq!(me.body["roles"], json!(["mentor", "mentee"]));
}

#[actix_web::test]
async fn a_unit_change_ends_the_users_sessions() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let (a1, a2) = (As(&app, &t.admin1.1), As(&app, &t.admin2.1));
    let (id, token) = app
        .make_user("m@test.cn", &[Role::Mentor], Some(t.u1))
        .await;
    let res = As(&app, &t.city)
        .patch(id, json!({ "unit_id": t.u2.0 }))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body["unit_id"], t.u2.0);
    assert_eq!(app.get("/api/v1/units", Some(&token)).await.status, 401);
    assert_eq!(a1.get(id).await.status, 404, "left admin1's unit");
    assert_eq!(a2.get(id).await.status, 200);
}

#[actix_web::test]
async fn deactivation_ends_sessions_and_refuses_login_until_reactivation() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let a1 = As(&app, &t.admin1.1);
    let (id, token) = app
        .make_user("m@test.cn", &[Role::Mentor], Some(t.u1))
        .await;
    let off = a1.act(id, "deactivate").await;
    assert_eq!(off.status, 200, "{}", off.body);
    assert_eq!(off.body["status"], "deactivated");
    assert_eq!(stored(&app, id).status, UserStatus::Deactivated);
    assert_eq!(As(&app, &token).me().await, 401);
    let credentials = json!({ "email": "m@test.cn", "password": PASSWORD });
    let login = app.post("/api/v1/auth/login", None, credentials).await;
    assert_eq!(login.status, 401, "{}", login.body);
    assert_eq!(login.body["error"], "invalid_credentials");

    let on = a1.act(id, "reactivate").await;
    assert_eq!(on.status, 200, "{}", on.body);
    assert_eq!(on.body["status"], "active");
    assert_eq!(As(&app, &token).me().await, 401, "old tokens stay dead");
    let fresh = app.login("m@test.cn", PASSWORD).await;
    assert_eq!(As(&app, &fresh).me().await, 200);

    let invited = id_of(&a1.create(person("i@test.cn", &["mentee"], None)).await);
    a1.act(invited, "deactivate").await;
    let back = a1.act(invited, "reactivate").await;
    assert_eq!(back.body["status"], "invited", "no password yet");
}

#[actix_web::test]
async fn a_city_admin_cannot_deactivate_themself_nor_drop_their_own_city_admin_role() {
    let app = spawn().await;
    let (me, token) = app.city_admin().await;
    let city = As(&app, &token);
    let off = city.act(me, "deactivate").await;
    assert_eq!(off.status, 409, "{}", off.body);
    assert_eq!(off.body["error"], "cannot_deactivate_self");
    let demote = city.patch(me, json!({ "roles": ["reviewer"] })).await;
    assert_eq!(demote.status, 409, "{}", demote.body);
    assert_eq!(demote.field_code("roles"), Some("cannot_demote_self"));
    let after = stored(&app, me);
    assert_eq!(after.status, UserStatus::Active);
    assert_eq!(after.roles, [Role::CityAdmin]);
    assert_eq!(city.me().await, 200);
    let more = city
        .patch(me, json!({ "roles": ["city_admin", "reviewer"] }))
        .await;
    assert_eq!(more.status, 200, "adding a role is fine: {}", more.body);
}

#[actix_web::test]
async fn mentors_mentees_and_unit_admins_without_a_unit_are_refused_on_unit_id() {
    let app = spawn().await;
    let (_, token) = app.city_admin().await;
    let unit = app.create_unit(&token, "红山区", "other").await;
    let city = As(&app, &token);
    let before = app.user_count();
    for role in ["mentor", "mentee", "unit_admin"] {
        let res = city.post(person("x@test.cn", &[role], None)).await;
        assert_eq!(res.status, 422, "{role}: {}", res.body);
        assert_eq!(res.field_code("unit_id"), Some("required"));
    }
    assert_eq!(app.user_count(), before);
    let reviewer = city.create(person("r@test.cn", &["reviewer"], None)).await;
    assert_eq!(reviewer["unit_id"], Value::Null);

    let id = app.insert_user("m@test.cn", &[Role::Mentor], Some(unit));
    let out = city.patch(id, json!({ "unit_id": null })).await;
    assert_eq!(out.status, 422, "{}", out.body);
    assert_eq!(out.field_code("unit_id"), Some("required"));
    assert_eq!(stored(&app, id).unit_id, Some(unit));
}
