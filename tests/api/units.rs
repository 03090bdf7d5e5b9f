//! Units: city admins create, list, read and change them; everyone else sees their own unit only.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn, two_units};
use peidai::domain::role::Role;

const UNITS: &str = "/api/v1/units";

fn unit_path(id: impl std::fmt::Display) -> String {
    format!("{UNITS}/{id}")
}

/// The ids of a list page's items, in order.
fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|u| u["id"].as_i64().unwrap())
        .collect()
}

/// The total of `GET /api/v1/units?{query}` as `token`.
async fn total(app: &TestApp, token: &str, query: &str) -> i64 {
    let res = app.get(&format!("{UNITS}?{query}"), Some(token)).await;
    assert_eq!(res.status, 200, "{query}: {}", res.body);
    res.body["total"].as_i64().unwrap()
}

#[actix_web::test]
async fn city_admin_creates_a_unit_and_reads_it_back_with_every_field() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let res = app
        .post(
            UNITS,
            Some(&city),
            json!({ "name": "  红山区 ", "kind": "banner_county_district", "district": "红山区" }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let id = res.body["id"].as_i64().expect("an id");
    assert_eq!(res.body["name"], "红山区", "the name is trimmed");
    assert_eq!(res.body["kind"], "banner_county_district");
    assert_eq!(res.body["district"], "红山区");
    assert_eq!(res.body["active"], true);
    assert_eq!(res.body["created_at"], "2026-11-21T02:00:00Z");
    assert_eq!(res.body["updated_at"], "2026-11-21T02:00:00Z");

    let got = app.get(&unit_path(id), Some(&city)).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body, res.body);

    let without_district = app
        .post(
            UNITS,
            Some(&city),
            json!({ "name": "市教育局", "kind": "city_department" }),
        )
        .await;
    assert_eq!(without_district.status, 201, "{}", without_district.body);
    assert_eq!(without_district.body["district"], Value::Null);
}

#[actix_web::test]
async fn the_unit_list_is_paginated_with_page_per_page_and_total() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let mut created = Vec::new();
    for name in ["一单位", "二单位", "三单位", "四单位", "五单位"] {
        created.push(app.create_unit(&city, name, "enterprise").await.0);
    }

    let all = app.get(UNITS, Some(&city)).await;
    assert_eq!(all.status, 200);
    assert_eq!(
        (&all.body["page"], &all.body["per_page"], &all.body["total"]),
        (&json!(1), &json!(20), &json!(5))
    );
    assert_eq!(ids(&all.body), created);

    let first = app.get(&format!("{UNITS}?per_page=2"), Some(&city)).await;
    assert_eq!(ids(&first.body), created[..2]);
    assert_eq!(first.body["total"], 5);
    assert_eq!(first.body["per_page"], 2);

    let last = app
        .get(&format!("{UNITS}?page=3&per_page=2"), Some(&city))
        .await;
    assert_eq!(last.body["page"], 3);
    assert_eq!(ids(&last.body), created[4..]);
    assert_eq!(last.body["total"], 5);

    let beyond = app
        .get(&format!("{UNITS}?page=4&per_page=2"), Some(&city))
        .await;
    assert_eq!(beyond.status, 200);
    assert!(ids(&beyond.body).is_empty());
    assert_eq!(beyond.body["total"], 5);
}

#[actix_web::test]
async fn the_unit_list_filters_by_kind_active_flag_and_name_part() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let hongshan = app
        .create_unit(&city, "红山区", "banner_county_district")
        .await;
    let songshan = app
        .create_unit(&city, "松山区", "banner_county_district")
        .await;
    let college = app.create_unit(&city, "赤峰学院", "college").await;
    app.create_unit(&city, "市教育局", "city_department").await;
    let retire = app
        .patch(
            &unit_path(songshan),
            Some(&city),
            json!({ "active": false }),
        )
        .await;
    assert_eq!(retire.status, 200, "{}", retire.body);

    let page = |q: &'static str| {
        let (app, city) = (&app, &city);
        async move { app.get(&format!("{UNITS}?{q}"), Some(city)).await.body }
    };
    assert_eq!(ids(&page("kind=college").await), [college.0]);
    assert_eq!(ids(&page("active=false").await), [songshan.0]);
    assert_eq!(total(&app, &city, "active=true").await, 3);
    assert_eq!(
        ids(&page("q=%E5%B1%B1").await), // 山
        [hongshan.0, songshan.0]
    );
    assert_eq!(
        ids(&page("kind=banner_county_district&active=true").await),
        [hongshan.0]
    );
    assert_eq!(
        total(&app, &city, "q=%20%20").await,
        4,
        "a blank q is no filter"
    );
    // LIKE wildcards are matched literally, not as patterns.
    assert_eq!(total(&app, &city, "q=%25").await, 0);
    assert_eq!(total(&app, &city, "q=_").await, 0);
}

#[actix_web::test]
async fn city_admin_updates_name_kind_and_district_and_a_null_district_clears_it() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let created = app
        .post(
            UNITS,
            Some(&city),
            json!({ "name": "元宝山区", "kind": "other", "district": "元宝山区" }),
        )
        .await;
    let id = created.body["id"].as_i64().unwrap();
    app.set_time("2026-11-21T03:00:00Z".parse().unwrap());

    let res = app
        .patch(
            &unit_path(id),
            Some(&city),
            json!({ "name": "松山区", "kind": "banner_county_district", "district": "松山区" }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body["name"], "松山区");
    assert_eq!(res.body["kind"], "banner_county_district");
    assert_eq!(res.body["district"], "松山区");
    assert_eq!(res.body["created_at"], "2026-11-21T02:00:00Z");
    assert_eq!(res.body["updated_at"], "2026-11-21T03:00:00Z");

    let cleared = app
        .patch(&unit_path(id), Some(&city), json!({ "district": null }))
        .await;
    assert_eq!(cleared.status, 200, "{}", cleared.body);
    assert_eq!(cleared.body["district"], Value::Null);
    assert_eq!(cleared.body["name"], "松山区", "an absent field is kept");
    assert_eq!(cleared.body["kind"], "banner_county_district");
    let got = app.get(&unit_path(id), Some(&city)).await;
    assert_eq!(got.body, cleared.body);

    let missing = app
        .patch(&unit_path(999_999), Some(&city), json!({ "name": "无" }))
        .await;
    assert_eq!(missing.status, 404);
}

#[actix_web::test]
async fn active_false_retires_a_unit_that_then_takes_no_new_people() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let unit = app
        .create_unit(&city, "宁城县", "banner_county_district")
        .await;
    let res = app
        .patch(&unit_path(unit), Some(&city), json!({ "active": false }))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body["active"], false);
    let got = app.get(&unit_path(unit), Some(&city)).await;
    assert_eq!(got.status, 200, "a retired unit is kept");
    assert_eq!(got.body["active"], false);

    let before = app.user_count();
    let person = app
        .post(
            "/api/v1/users",
            Some(&city),
            json!({ "email": "m@test.cn", "name": "培带人", "roles": ["mentor"], "unit_id": unit.0 }),
        )
        .await;
    assert_eq!(person.status, 422, "{}", person.body);
    assert_eq!(person.field_code("unit_id"), Some("not_found"));
    assert_eq!(app.user_count(), before);

    let back = app
        .patch(&unit_path(unit), Some(&city), json!({ "active": true }))
        .await;
    assert_eq!(back.body["active"], true);
}

#[actix_web::test]
async fn a_duplicate_unit_name_is_a_409_on_name() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    app.create_unit(&city, "红山区", "banner_county_district")
        .await;
    let other = app.create_unit(&city, "松山区", "other").await;

    let res = app
        .post(
            UNITS,
            Some(&city),
            json!({ "name": " 红山区", "kind": "other" }),
        )
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.body["error"], "unit_name_taken");
    assert_eq!(res.field_code("name"), Some("unit_name_taken"));
    assert_eq!(total(&app, &city, "").await, 2);

    let rename = app
        .patch(&unit_path(other), Some(&city), json!({ "name": "红山区" }))
        .await;
    assert_eq!(rename.status, 409, "{}", rename.body);
    assert_eq!(rename.field_code("name"), Some("unit_name_taken"));
    let kept = app.get(&unit_path(other), Some(&city)).await;
    assert_eq!(kept.body["name"], "松山区");
}

#[actix_web::test]
async fn an_unknown_kind_is_a_422_naming_kind() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let res = app
        .post(
            UNITS,
            Some(&city),
            json!({ "name": "某省", "kind": "province" }),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(res.body["error"], "validation_failed");
    assert_eq!(res.field_code("kind"), Some("invalid_value"));

    let unit = app.create_unit(&city, "松山区", "other").await;
    let patch = app
        .patch(&unit_path(unit), Some(&city), json!({ "kind": "Other" }))
        .await;
    assert_eq!(patch.status, 422, "{}", patch.body);
    assert_eq!(patch.field_code("kind"), Some("invalid_value"));
    assert_eq!(total(&app, &city, "").await, 1);
    assert_eq!(
        app.get(&unit_path(unit), Some(&city)).await.body["kind"],
        "other"
    );
}

#[actix_web::test]
async fn an_empty_or_blank_unit_name_is_a_422_required_on_name() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    for name in ["", "   "] {
        let res = app
            .post(UNITS, Some(&city), json!({ "name": name, "kind": "other" }))
            .await;
        assert_eq!(res.status, 422, "{name:?}: {}", res.body);
        assert_eq!(res.field_code("name"), Some("required"));
    }
    assert_eq!(total(&app, &city, "").await, 0);

    let unit = app.create_unit(&city, "松山区", "other").await;
    let res = app
        .patch(&unit_path(unit), Some(&city), json!({ "name": " " }))
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(res.field_code("name"), Some("required"));
}

#[actix_web::test]
async fn unit_admins_and_mentors_cannot_create_or_update_units() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let (_, mentor) = app
        .make_user("mentor@test.cn", &[Role::Mentor], Some(t.u1))
        .await;
    for token in [&t.admin1.1, &mentor] {
        let create = app
            .post(
                UNITS,
                Some(token),
                json!({ "name": "新单位", "kind": "other" }),
            )
            .await;
        assert_eq!(create.status, 403, "{}", create.body);
        assert_eq!(create.body["error"], "forbidden");
        let update = app
            .patch(
                &unit_path(t.u1),
                Some(token),
                json!({ "name": "改名", "active": false }),
            )
            .await;
        assert_eq!(update.status, 403, "{}", update.body);
    }
    assert_eq!(total(&app, &t.city, "").await, 2);
    let own = app.get(&unit_path(t.u1), Some(&t.city)).await;
    assert_eq!(own.body["name"], "红山区");
    assert_eq!(own.body["active"], true);
}

#[actix_web::test]
async fn unit_admins_and_mentors_list_only_their_own_unit() {
    let app = spawn().await;
    let t = two_units(&app).await;
    app.create_unit(&t.city, "赤峰学院", "college").await;
    let (_, mentor) = app
        .make_user("mentor@test.cn", &[Role::Mentor], Some(t.u2))
        .await;
    let (_, reviewer) = app
        .make_user("reviewer@test.cn", &[Role::Reviewer], None)
        .await;

    assert_eq!(total(&app, &t.city, "").await, 3);
    let admin = app.get(UNITS, Some(&t.admin1.1)).await;
    assert_eq!(admin.body["total"], 1);
    assert_eq!(ids(&admin.body), [t.u1.0]);
    let mine = app.get(UNITS, Some(&mentor)).await;
    assert_eq!(mine.body["total"], 1);
    assert_eq!(ids(&mine.body), [t.u2.0]);
    // Filters narrow the scope; they never widen it.
    assert_eq!(total(&app, &t.admin1.1, "q=%E5%AD%A6%E9%99%A2").await, 0); // 学院
    assert_eq!(total(&app, &reviewer, "").await, 0, "no unit, no units");
}

#[actix_web::test]
async fn another_units_id_answers_404_exactly_like_a_missing_one() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let (_, mentor) = app
        .make_user("mentor@test.cn", &[Role::Mentor], Some(t.u1))
        .await;
    for token in [&t.admin1.1, &mentor] {
        let own = app.get(&unit_path(t.u1), Some(token)).await;
        assert_eq!(own.status, 200, "{}", own.body);
        assert_eq!(own.body["name"], "红山区");

        let other = app.get(&unit_path(t.u2), Some(token)).await;
        let missing = app.get(&unit_path(999_999), Some(token)).await;
        assert_eq!(other.status, 404, "{}", other.body);
        assert_eq!(missing.status, 404);
        assert_eq!(other.body["error"], "not_found");
        assert_eq!(other.body, missing.body, "no hint that the unit exists");
    }
}
