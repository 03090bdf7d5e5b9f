//! The pages: the people pages of the offices.

use serde_json::json;

use peidai::domain::ids::UserId;
use peidai::domain::role::Role;
use peidai::jobs::JobName;

use crate::helpers::{PASSWORD, TestApp, spawn, spawn_with_smtp, two_units};
use crate::page_checks::assert_page;
use crate::smtp_sink::SmtpSink;
use crate::web_client::WebClient;

/// A browser speaking `lang`, signed in as `email`.
async fn signed_in<'a>(app: &'a TestApp, email: &str, lang: &'static str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.get(&format!("/language?lang={lang}")).await;
    web.sign_in(email, PASSWORD).await;
    web
}

/// The CSRF token of `path`'s form.
async fn csrf_of(web: &mut WebClient<'_>, path: &str) -> String {
    let page = web.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.html);
    page.csrf()
}

#[actix_web::test]
async fn every_people_page_renders_in_both_languages_for_its_admins() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let mentor = app.insert_user("m1@test.cn", &[Role::Mentor], Some(s.u1));
    for lang in ["zh-CN", "en"] {
        let mut unit = signed_in(&app, "admin1@test.cn", lang).await;
        for path in [
            "/unit/people".to_owned(),
            "/unit/people?role=mentor&status=active&q=m1".to_owned(),
            "/unit/people?role=bogus&page=99".to_owned(),
            "/unit/people/new".to_owned(),
            format!("/unit/people/{mentor}"),
            format!("/unit/people/{mentor}/edit"),
        ] {
            assert_page(&unit.get(&path).await, &path, lang);
        }
        let list = unit.get("/unit/people?role=mentor").await;
        assert!(
            list.html.contains("测试 m1@test.cn"),
            "the mentor is listed"
        );
        assert!(!list.html.contains("admin2@test.cn"), "only the own unit");
        let mut city = signed_in(&app, "city.admin@test.cn", lang).await;
        for path in [
            "/city/people".to_owned(),
            format!("/city/people?unit={}", s.u2),
            "/city/people/new".to_owned(),
            format!("/city/people/{mentor}"),
            format!("/city/people/{mentor}/edit"),
            "/city/units".to_owned(),
            "/city/units?kind=college".to_owned(),
            "/city/units/new".to_owned(),
            format!("/city/units/{}/edit", s.u1),
        ] {
            assert_page(&city.get(&path).await, &path, lang);
        }
        let all = city.get("/city/people").await;
        assert!(all.html.contains("admin1@test.cn") && all.html.contains("admin2@test.cn"));
        let of_u2 = city.get(&format!("/city/people?unit={}", s.u2)).await;
        assert!(!of_u2.html.contains("admin1@test.cn"), "the unit filter");
    }
    let zh = signed_in(&app, "admin1@test.cn", "zh-CN")
        .await
        .get("/unit/people")
        .await;
    assert!(
        zh.html.contains("人员管理") && zh.html.contains("共 2 人"),
        "{}",
        zh.html
    );
}

#[actix_web::test]
async fn a_mentor_a_mentee_and_a_reviewer_get_the_403_page() {
    let app = spawn().await;
    let s = two_units(&app).await;
    app.insert_user("m@test.cn", &[Role::Mentor], Some(s.u1));
    app.insert_user("e@test.cn", &[Role::Mentee], Some(s.u1));
    app.insert_user("r@test.cn", &[Role::Reviewer], None);
    for email in ["m@test.cn", "e@test.cn", "r@test.cn", "admin1@test.cn"] {
        let mut web = signed_in(&app, email, "zh-CN").await;
        let mut paths = vec!["/city/people", "/city/units", "/city/units/new"];
        if email != "admin1@test.cn" {
            paths.extend(["/unit/people", "/unit/people/new"]);
        }
        for path in paths {
            let page = web.get(path).await;
            assert_eq!(page.status, 403, "{email} {path}");
            assert!(page.html.contains("<html lang=\"zh-CN\">"), "the 403 page");
        }
    }
}

#[actix_web::test]
async fn another_units_person_answers_the_404_page_and_is_left_alone() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let other = app.insert_user("other@test.cn", &[Role::Mentor], Some(s.u2));
    let mut web = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    for path in [
        format!("/unit/people/{other}"),
        format!("/unit/people/{other}/edit"),
    ] {
        assert_eq!(web.get(&path).await.status, 404, "{path}");
    }
    let csrf = csrf_of(&mut web, "/unit/people").await;
    let res = web
        .post(
            &format!("/unit/people/{other}/deactivate"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(res.status, 404);
    let u = app
        .get(&format!("/api/v1/users/{other}"), Some(&s.city))
        .await;
    assert_eq!(u.body["status"], "active");
}

#[actix_web::test]
async fn a_unit_admin_creates_a_person_through_the_form_and_the_invitation_goes_out() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    let s = two_units(&app).await;
    let mut web = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let csrf = csrf_of(&mut web, "/unit/people/new").await;
    let res = web
        .post(
            "/unit/people/new",
            &[
                ("csrf", &csrf),
                ("email", "li.hua@test.cn"),
                ("name", "李华"),
                ("roles", "mentee"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    let to = res.location().to_owned();
    assert!(
        to.starts_with("/unit/people/") && to.ends_with("?done=created"),
        "{to}"
    );
    let page = web.get(&to).await;
    assert_eq!(page.status, 200);
    assert!(page.html.contains("李华") && page.html.contains("邀请邮件已发送"));
    let found = app.get("/api/v1/users?q=li.hua", Some(&s.admin1.1)).await;
    assert_eq!(found.body["items"][0]["status"], "invited");
    assert_eq!(found.body["items"][0]["unit_id"], s.u1.0);
    assert_eq!(found.body["items"][0]["roles"], json!(["mentee"]));
    app.run_job(JobName::SendEmails).await;
    let got = sink.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_to, ["li.hua@test.cn"]);
    // The page offers to send it again while no password is set.
    let id = found.body["items"][0]["id"].as_i64().unwrap();
    let again = web
        .post(
            &format!("/unit/people/{id}/invitation"),
            &[("csrf", &page.csrf())],
        )
        .await;
    assert_eq!(again.status, 303, "{}", again.html);
    app.run_job(JobName::SendEmails).await;
    assert_eq!(sink.received().len(), 2);
}

#[actix_web::test]
async fn a_bad_email_is_refused_beside_its_field_in_chinese_and_nothing_is_stored() {
    let app = spawn().await;
    let _s = two_units(&app).await;
    let mut web = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let csrf = csrf_of(&mut web, "/unit/people/new").await;
    let before = app.user_count();
    let res = web
        .post(
            "/unit/people/new",
            &[
                ("csrf", &csrf),
                ("email", "not-an-email"),
                ("name", "王五"),
                ("roles", "mentor"),
            ],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert_eq!(
        res.field_error("email").as_deref(),
        Some("请输入有效的邮箱地址")
    );
    assert_eq!(
        res.input_value("name").as_deref(),
        Some("王五"),
        "input kept"
    );
    assert_eq!(app.user_count(), before);
    // A role a unit admin may not grant is refused on the form too, not with a 500.
    let res = web
        .post(
            "/unit/people/new",
            &[
                ("csrf", &csrf),
                ("email", "x@test.cn"),
                ("name", "赵六"),
                ("roles", "reviewer"),
            ],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert!(res.field_error("roles").is_some());
    assert_eq!(app.user_count(), before);
}

#[actix_web::test]
async fn deactivating_ends_the_account_and_reactivating_restores_it() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (m, _) = app
        .make_user("m@test.cn", &[Role::Mentor], Some(s.u1))
        .await;
    let mut web = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let path = format!("/unit/people/{m}");
    let page = web.get(&path).await;
    assert!(
        page.html.contains("所有登录会话立即结束"),
        "the consequence is printed"
    );
    let res = web
        .post(&format!("{path}/deactivate"), &[("csrf", &page.csrf())])
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    assert_eq!(res.location(), format!("{path}?done=deactivated"));
    let status = |app: &TestApp, id: UserId| {
        let mut conn = app.db().get().unwrap();
        peidai::db::users::find(&mut conn, id, peidai::domain::scope::Scope::City)
            .unwrap()
            .status
            .as_str()
    };
    assert_eq!(status(&app, m), "deactivated");
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({ "email": "m@test.cn", "password": PASSWORD }),
        )
        .await;
    assert_ne!(res.status, 200, "a deactivated account cannot sign in");
    let page = web.get(&path).await;
    assert!(page.html.contains("恢复账号"));
    let res = web
        .post(&format!("{path}/reactivate"), &[("csrf", &page.csrf())])
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(status(&app, m), "active");
    // A unit admin is not offered to manage an admin's account (the service would refuse).
    let me = s.admin1.0;
    let own = web.get(&format!("/unit/people/{me}")).await;
    assert_eq!(own.status, 200);
    assert!(!own.html.contains("/deactivate\""), "{}", own.html);
    // One's own account cannot be deactivated: the page says why.
    let csrf = web.get(&path).await.csrf();
    let res = web
        .post(&format!("/unit/people/{me}/deactivate"), &[("csrf", &csrf)])
        .await;
    assert_eq!(res.status, 409, "{}", res.html);
    assert_eq!(res.banner_error().as_deref(), Some("不能停用自己的账号"));
}

#[actix_web::test]
async fn the_profile_is_edited_with_reasons_beside_its_fields() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let m = app.insert_user("m@test.cn", &[Role::Mentor], Some(s.u1));
    let mut web = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let path = format!("/unit/people/{m}/edit");
    let csrf = csrf_of(&mut web, &path).await;
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("name", "张三"),
        ("roles", "mentor"),
        ("birth_date", "1990-13-40"),
        ("phone", "abc"),
        ("education", "master"),
    ];
    let res = web.post(&path, &fields).await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert!(res.field_error("birth_date").is_some());
    fields[3] = ("birth_date", "1990-05-01");
    let res = web.post(&path, &fields).await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert_eq!(
        res.field_error("phone").as_deref(),
        Some("请输入有效的电话号码")
    );
    fields[4] = ("phone", "0476-1234567");
    let res = web.post(&path, &fields).await;
    assert_eq!(res.status, 303, "{}", res.html);
    let u = app.get(&format!("/api/v1/users/{m}"), Some(&s.city)).await;
    assert_eq!(u.body["name"], "张三");
    assert_eq!(u.body["profile"]["phone"], "0476-1234567");
    assert_eq!(u.body["profile"]["education"], "master");
    assert_eq!(u.body["profile"]["birth_date"], "1990-05-01");
    let page = web.get(&format!("/unit/people/{m}")).await;
    assert!(page.html.contains("硕士研究生"), "the profile shows");
}

#[actix_web::test]
async fn the_edit_form_refuses_a_bad_id_number_beside_its_field_and_shows_it_whole_after() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let m = app.insert_user("m@test.cn", &[Role::Mentor], Some(s.u1));
    let mut web = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let path = format!("/unit/people/{m}/edit");
    let csrf = csrf_of(&mut web, &path).await;
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("name", "张三"),
        ("roles", "mentor"),
        ("gender", "female"),
        ("birth_date", "1990-03-07"),
        ("id_number", "110101199003070021"),
        ("position", " 副主任 "),
    ];
    let res = web.post(&path, &fields).await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert_eq!(
        res.field_error("id_number").as_deref(),
        Some("身份证号码校验位不正确，请核对")
    );
    assert!(
        res.html.contains("110101199003070021"),
        "the value typed is kept"
    );
    fields[5] = ("id_number", "110101199003070011");
    let res = web.post(&path, &fields).await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert!(
        res.field_error("id_number")
            .is_some_and(|e| e.contains("性别")),
        "a man's number for a woman names the gender"
    );
    fields[5] = ("id_number", "11010119900307002x");
    let res = web.post(&path, &fields).await;
    assert_eq!(res.status, 303, "{}", res.html);
    let u = app.get(&format!("/api/v1/users/{m}"), Some(&s.city)).await;
    assert_eq!(u.body["profile"]["id_number"], "11010119900307002X");
    assert_eq!(u.body["profile"]["position"], "副主任");
    let page = web.get(&format!("/unit/people/{m}")).await;
    assert!(
        page.html.contains("11010119900307002X"),
        "whole on the detail page"
    );
    assert!(page.html.contains("副主任"));
    let edit = web.get(&path).await;
    assert!(
        edit.html.contains("value=\"11010119900307002X\""),
        "and in the form"
    );
    let list = web.get("/unit/people").await;
    assert!(
        !list.html.contains("11010119900307002X"),
        "never whole in the list"
    );

    // Another person with the same number: a reason beside the field, not a 500.
    let other = app.insert_user("o@test.cn", &[Role::Mentor], Some(s.u1));
    let path = format!("/unit/people/{other}/edit");
    let csrf = csrf_of(&mut web, &path).await;
    let res = web
        .post(
            &path,
            &[
                ("csrf", csrf.as_str()),
                ("name", "李四"),
                ("roles", "mentor"),
                ("id_number", "11010119900307002X"),
            ],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert_eq!(
        res.field_error("id_number").as_deref(),
        Some("该身份证号已登记在另一人名下")
    );
}

#[actix_web::test]
async fn the_city_admin_creates_a_person_in_a_unit_and_manages_units() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let mut web = signed_in(&app, "city.admin@test.cn", "zh-CN").await;
    let csrf = csrf_of(&mut web, "/city/people/new").await;
    let u2 = s.u2.0.to_string();
    let res = web
        .post(
            "/city/people/new",
            &[
                ("csrf", &csrf),
                ("email", "new.admin@test.cn"),
                ("name", "孙七"),
                ("roles", "unit_admin"),
                ("unit_id", &u2),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    let found = app.get("/api/v1/users?q=new.admin", Some(&s.city)).await;
    assert_eq!(found.body["items"][0]["unit_id"], s.u2.0);
    // A unit admin without a unit is refused beside the unit.
    let res = web
        .post(
            "/city/people/new",
            &[
                ("csrf", &csrf),
                ("email", "x@test.cn"),
                ("name", "周八"),
                ("roles", "unit_admin"),
                ("unit_id", ""),
            ],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert!(res.field_error("unit_id").is_some(), "{}", res.html);

    let res = web
        .post(
            "/city/units/new",
            &[("csrf", &csrf), ("name", "宁城县"), ("kind", "nonsense")],
        )
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(res.field_error("kind").as_deref(), Some("请从列表中选择"));
    let res = web
        .post(
            "/city/units/new",
            &[
                ("csrf", &csrf),
                ("name", "宁城县"),
                ("kind", "banner_county_district"),
                ("district", "宁城县"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    let list = web.get("/city/units?kind=banner_county_district").await;
    assert!(list.html.contains("宁城县") && list.html.contains("共 3 个单位"));
    let dup = web
        .post(
            "/city/units/new",
            &[("csrf", &csrf), ("name", "红山区"), ("kind", "other")],
        )
        .await;
    assert_eq!(dup.status, 422, "{}", dup.html);
    assert!(dup.field_error("name").is_some(), "{}", dup.html);
    let res = web
        .post(
            &format!("/city/units/{}/edit", s.u1),
            &[("csrf", &csrf), ("name", "红山区"), ("kind", "other")],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    let u = app
        .get(&format!("/api/v1/units/{}", s.u1), Some(&s.city))
        .await;
    assert_eq!(u.body["kind"], "other");
    assert_eq!(u.body["active"], false, "unticked, the unit is retired");
}
