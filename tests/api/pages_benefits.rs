//! The pages: the offices' benefits pages (the unit admin's list, the city admin's kinds,
//! benefits and forms).

use peidai::demo::DemoLogin;
use peidai::domain::role::Role;
use serde_json::Value;

use crate::demo::{DEMO_PASSWORD, demo_app, items};
use crate::helpers::TestApp;
use crate::page_checks::assert_page;
use crate::web_client::WebClient;

async fn signed_in<'a>(app: &'a TestApp, email: &str, lang: &'static str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.get(&format!("/language?lang={lang}")).await;
    web.sign_in(email, DEMO_PASSWORD).await;
    web
}

fn login_with(logins: &[DemoLogin], role: Role) -> &DemoLogin {
    logins
        .iter()
        .find(|l| l.roles == [role])
        .unwrap_or_else(|| panic!("the demo has a {role:?} login"))
}

/// The benefits the API lists for `token` with `query`.
async fn listed(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let res = app
        .get(
            &format!("/api/v1/benefits?per_page=100{query}"),
            Some(token),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    items(&res.body)
}

#[actix_web::test]
async fn every_benefits_page_answers_in_both_languages_for_the_city_admin_over_the_demo() {
    let (app, logins) = demo_app().await;
    let city = login_with(&logins, Role::CityAdmin);
    let token = app.login(&city.email, DEMO_PASSWORD).await;
    let all = listed(&app, &token, "").await;
    assert!(all.len() >= 3, "the demo has benefits");
    let statuses: std::collections::BTreeSet<&str> =
        all.iter().filter_map(|b| b["status"].as_str()).collect();
    assert!(statuses.len() >= 3, "in several states: {statuses:?}");
    for lang in ["zh-CN", "en"] {
        let mut web = signed_in(&app, &city.email, lang).await;
        let mut paths = vec![
            "/city/benefits".to_owned(),
            "/city/benefits?kind=bus_card&status=applied&mentor=%E8%B5%B5".to_owned(),
            "/city/benefits?kind=nonsense&page=x".to_owned(),
        ];
        for kind in [
            "health_check",
            "bus_card",
            "apartment",
            "recuperation_leave",
            "training_class",
            "study_tour",
            "commendation",
        ] {
            paths.push(format!("/city/benefits/{kind}"));
        }
        for b in &all {
            paths.push(format!("/city/benefits/items/{}", b["id"]));
        }
        for path in &paths {
            let page = web.get(path).await;
            assert_page(&page, path, lang);
        }
        let list = web.get("/city/benefits").await;
        let words = if lang == "en" {
            format!("{} in all", all.len())
        } else {
            format!("共 {} 项", all.len())
        };
        assert!(list.html.contains(&words), "the list shows its total");
    }
    assert_eq!(
        web_status(&app, &city.email, "/city/benefits/no_such_kind").await,
        404
    );
    assert_eq!(
        web_status(&app, &city.email, "/city/benefits/items/999999").await,
        404
    );
}

async fn web_status(app: &TestApp, email: &str, path: &str) -> u16 {
    let mut web = signed_in(app, email, "zh-CN").await;
    web.get(path).await.status.as_u16()
}

#[actix_web::test]
async fn the_unit_admin_sees_only_their_units_benefits_and_other_roles_get_the_403_page() {
    let (app, logins) = demo_app().await;
    let unit = login_with(&logins, Role::UnitAdmin);
    let city = login_with(&logins, Role::CityAdmin);
    let unit_token = app.login(&unit.email, DEMO_PASSWORD).await;
    let city_token = app.login(&city.email, DEMO_PASSWORD).await;
    let theirs = listed(&app, &unit_token, "").await;
    let all = listed(&app, &city_token, "").await;
    let mut web = signed_in(&app, &unit.email, "zh-CN").await;
    let page = web.get("/unit/benefits").await;
    assert_page(&page, "/unit/benefits", "zh-CN");
    assert!(page.html.contains(&format!("共 {} 项", theirs.len())));
    let their_mentors: Vec<&str> = theirs
        .iter()
        .filter_map(|b| b["mentor_name"].as_str())
        .collect();
    for b in &all {
        let name = b["mentor_name"].as_str().unwrap();
        if !their_mentors.contains(&name) {
            assert!(!page.html.contains(name), "{name} is of another unit");
        }
    }
    let filtered = web
        .get("/unit/benefits?kind=bus_card&status=declined")
        .await;
    assert_page(&filtered, "filtered", "zh-CN");
    assert_eq!(web.get("/city/benefits").await.status, 403);
    let mentor = login_with(&logins, Role::Mentor);
    let mut web = signed_in(&app, &mentor.email, "zh-CN").await;
    assert_eq!(web.get("/unit/benefits").await.status, 403);
    assert_eq!(web.get("/city/benefits/bus_card").await.status, 403);
}

#[actix_web::test]
async fn deciding_and_issuing_a_bus_card_through_the_pages_changes_it_and_notifies_the_mentor() {
    let (app, logins) = demo_app().await;
    let city = login_with(&logins, Role::CityAdmin);
    let token = app.login(&city.email, DEMO_PASSWORD).await;
    let waiting = listed(&app, &token, "&kind=bus_card&status=applied").await;
    let b = waiting
        .first()
        .expect("the demo has an application waiting");
    let id = b["id"].as_i64().unwrap();
    let mentor = b["mentor_user_id"].as_i64().unwrap();
    let mut web = signed_in(&app, &city.email, "zh-CN").await;
    let kind = web.get("/city/benefits/bus_card").await;
    assert!(kind.html.contains(&format!("/city/benefits/items/{id}")));
    let page = web.get(&format!("/city/benefits/items/{id}")).await;
    assert_page(&page, "item", "zh-CN");
    let name = b["mentor_name"].as_str().unwrap();
    assert!(
        page.html.contains(&format!("系统将邮件通知 {name}")),
        "the page says who will be told"
    );
    let csrf = page.csrf();
    let path = format!("/city/benefits/items/{id}/decision");

    // A decline without its reason: the reason beside the field, in Chinese; nothing changes.
    let refused = web
        .post(
            &path,
            &[("csrf", &csrf), ("outcome", "declined"), ("reason", " ")],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert_eq!(
        refused.field_error("reason").as_deref(),
        Some("不批准时须说明理由")
    );
    let no_outcome = web
        .post(&path, &[("csrf", &csrf), ("outcome", "maybe")])
        .await;
    assert_eq!(no_outcome.status, 422);
    assert!(no_outcome.field_error("outcome").is_some());
    let still = app
        .get(&format!("/api/v1/benefits/{id}"), Some(&token))
        .await;
    assert_eq!(still.body["status"], "applied");

    let before = app.outbox().len();
    let done = web
        .post(
            &path,
            &[("csrf", &csrf), ("outcome", "approved"), ("reason", "")],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.html);
    assert_eq!(
        done.location(),
        format!("/city/benefits/items/{id}?done=approved")
    );
    let now = app
        .get(&format!("/api/v1/benefits/{id}"), Some(&token))
        .await;
    assert_eq!(now.body["status"], "approved");
    let outbox = app.outbox();
    assert_eq!(outbox.len(), before + 1, "the mentor is notified");
    let told = outbox.last().unwrap();
    assert_eq!(told.template, "benefit_notice");
    assert_eq!(told.recipient_user_id.map(|u| u.0), Some(mentor));

    // Issuing without the card number says so beside the field and stores nothing.
    let page = web
        .get(&format!("/city/benefits/items/{id}?done=approved"))
        .await;
    assert!(page.html.contains("有效期自今日起至"));
    let issue = format!("/city/benefits/items/{id}/issue");
    let refused = web
        .post(&issue, &[("csrf", &csrf), ("card_number", "")])
        .await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert_eq!(
        refused.field_error("card_number").as_deref(),
        Some("发放时须填写此项")
    );
    let still = app
        .get(&format!("/api/v1/benefits/{id}"), Some(&token))
        .await;
    assert_eq!(still.body["status"], "approved");
    let issued = web
        .post(&issue, &[("csrf", &csrf), ("card_number", "RC-0476-0099")])
        .await;
    assert_eq!(issued.status, 303, "{}", issued.html);
    let now = app
        .get(&format!("/api/v1/benefits/{id}"), Some(&token))
        .await;
    assert_eq!(now.body["status"], "issued");
    assert_eq!(now.body["details"]["card_number"], "RC-0476-0099");
}

#[actix_web::test]
async fn a_selection_with_bad_input_gives_field_messages_and_stores_nothing() {
    let (app, logins) = demo_app().await;
    let city = login_with(&logins, Role::CityAdmin);
    let token = app.login(&city.email, DEMO_PASSWORD).await;
    let before = listed(&app, &token, "").await.len();
    let mut web = signed_in(&app, &city.email, "zh-CN").await;
    let page = web.get("/city/benefits/study_tour").await;
    assert_page(&page, "study tour", "zh-CN");
    let csrf = page.csrf();
    let refused = web
        .post(
            "/city/benefits/study_tour/selections",
            &[
                ("csrf", &csrf),
                ("mentor", ""),
                ("year", "明年"),
                ("starts_on", "2027-13-40"),
                ("place", "延安"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert_eq!(
        refused.field_error("mentor").as_deref(),
        Some("请至少勾选一名培带人")
    );
    assert_eq!(
        refused.field_error("year").as_deref(),
        Some("请填写四位数的年份")
    );
    assert_eq!(
        refused.field_error("starts_on").as_deref(),
        Some("请按 年-月-日 填写日期")
    );
    assert_eq!(refused.input_value("place").as_deref(), Some("延安"));
    let quota = web
        .post(
            "/city/benefits/recuperation_leave/quota",
            &[("csrf", &csrf), ("places", "-1")],
        )
        .await;
    assert_eq!(quota.status, 422);
    assert!(quota.field_error("places").is_some());
    let class = web
        .post(
            "/city/benefits/training_class/class",
            &[("csrf", &csrf), ("starts_on", ""), ("place", "")],
        )
        .await;
    assert_eq!(class.status, 422);
    assert_eq!(class.field_error("place").as_deref(), Some("请填写此项"));
    assert_eq!(
        listed(&app, &token, "").await.len(),
        before,
        "nothing stored"
    );
}

#[actix_web::test]
async fn scheduling_a_selection_and_inviting_to_a_class_through_the_pages_notify_the_mentors() {
    let (app, logins) = demo_app().await;
    let city = login_with(&logins, Role::CityAdmin);
    let token = app.login(&city.email, DEMO_PASSWORD).await;
    let selected = listed(&app, &token, "&kind=health_check&status=approved").await;
    let b = selected
        .first()
        .expect("the demo has a health check to issue");
    let id = b["id"].as_i64().unwrap();
    let mut web = signed_in(&app, &city.email, "zh-CN").await;
    let page = web.get(&format!("/city/benefits/items/{id}")).await;
    assert_page(&page, "selection", "zh-CN");
    assert!(page.html.contains("系统将把新的日期与地点邮件通知"));
    let csrf = page.csrf();
    let before = app.outbox().len();
    let done = web
        .post(
            &format!("/city/benefits/items/{id}/schedule"),
            &[
                ("csrf", &csrf),
                ("starts_on", "2027-01-12"),
                ("place", "市第二医院体检中心"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.html);
    let now = app
        .get(&format!("/api/v1/benefits/{id}"), Some(&token))
        .await;
    assert_eq!(now.body["details"]["place"], "市第二医院体检中心");
    assert_eq!(app.outbox().len(), before + 1, "the mentor is told");

    let invited_before = listed(&app, &token, "&kind=training_class").await.len();
    let page = web.get("/city/benefits/training_class").await;
    assert!(page.html.contains("系统将邀请全部在聘培带人"));
    let year = (chrono::Datelike::year(&app.state.clock.today()) + 1).to_string();
    let done = web
        .post(
            "/city/benefits/training_class/class",
            &[
                ("csrf", &csrf),
                ("year", &year),
                ("starts_on", "2027-09-01"),
                ("ends_on", "2027-09-05"),
                ("place", "市委党校"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.html);
    let invited = listed(&app, &token, "&kind=training_class").await.len();
    assert!(invited > invited_before, "every active mentor is invited");
    assert!(app.outbox().len() > before + 1, "and told");
}

#[actix_web::test]
async fn several_mentors_are_selected_at_once_and_each_is_told() {
    let (app, logins) = demo_app().await;
    let city = login_with(&logins, Role::CityAdmin);
    let token = app.login(&city.email, DEMO_PASSWORD).await;
    let mut web = signed_in(&app, &city.email, "zh-CN").await;
    for kind in [
        "health_check",
        "study_tour",
        "commendation",
        "recuperation_leave",
    ] {
        let page = web.get(&format!("/city/benefits/{kind}")).await;
        let ids: Vec<String> = page
            .html
            .split("name=\"mentor\" value=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
            .collect();
        if ids.len() < 2 {
            continue;
        }
        let before = listed(&app, &token, &format!("&kind={kind}")).await.len();
        let mails = app.outbox().len();
        let csrf = page.csrf();
        let mut fields = vec![
            ("csrf", csrf.as_str()),
            ("starts_on", "2027-03-01"),
            ("place", "市医院"),
        ];
        if kind != "health_check" {
            fields.push(("ends_on", "2027-03-05"));
        }
        for id in &ids[..2] {
            fields.push(("mentor", id));
        }
        let done = web
            .post(&format!("/city/benefits/{kind}/selections"), &fields)
            .await;
        assert_eq!(done.status, 303, "{kind}: {}", done.html);
        let after = listed(&app, &token, &format!("&kind={kind}")).await.len();
        assert_eq!(after, before + 2, "both are selected");
        assert_eq!(app.outbox().len(), mails + 2, "and each is told");
        if ids.len() >= 3 {
            // One already selected and one more: the one is selected, the other's refusal said.
            let mut again = vec![
                ("csrf", csrf.as_str()),
                ("starts_on", "2027-03-01"),
                ("place", "市医院"),
            ];
            if kind != "health_check" {
                again.push(("ends_on", "2027-03-05"));
            }
            again.push(("mentor", &ids[0]));
            again.push(("mentor", &ids[2]));
            let partly = web
                .post(&format!("/city/benefits/{kind}/selections"), &again)
                .await;
            assert_eq!(partly.status, 200, "{}", partly.html);
            assert!(partly.html.contains("已选定 1 名培带人"), "{}", partly.html);
            assert!(
                partly
                    .banner_error()
                    .unwrap()
                    .starts_with("以下培带人未能选定：")
            );
            let now = listed(&app, &token, &format!("&kind={kind}")).await.len();
            assert_eq!(now, before + 3);
        }
        return;
    }
    panic!("no kind has two eligible mentors in the demo");
}
