//! The activity statistics pages: the numbers of the API, by unit; the unit filter and the year
//! select; a unit admin's own unit only; 404 for another unit, 403 for a mentor.

use serde_json::Value;

use crate::demo::{DEMO_PASSWORD, demo_app};
use crate::helpers::TestApp;
use crate::page_checks::assert_page;
use crate::web_client::WebClient;

const CITY: &str = "admin@demo.peidai.cn";

async fn signed_in<'a>(app: &'a TestApp, email: &str, lang: &'static str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.get(&format!("/language?lang={lang}")).await;
    web.sign_in(email, DEMO_PASSWORD).await;
    web
}

fn total(html: &str, what: &str) -> String {
    let at = html
        .find(&format!("data-total=\"{what}\">"))
        .unwrap_or_else(|| panic!("{what}: {html}"));
    let rest = &html[at..];
    rest[rest.find('>').unwrap() + 1..rest.find('<').unwrap()].to_owned()
}

#[actix_web::test]
async fn the_statistics_pages_show_the_apis_numbers_by_unit_within_the_callers_scope() {
    let (app, demo) = demo_app().await;
    let year = app.state.clock.today().format("%Y").to_string();
    let city_token = app.login(CITY, DEMO_PASSWORD).await;
    let api = app
        .get(
            &format!("/api/v1/activity-statistics?year={year}"),
            Some(&city_token),
        )
        .await
        .body;
    let items = api["items"].as_array().unwrap().clone();
    let units: std::collections::BTreeSet<i64> = items
        .iter()
        .map(|i| i["unit_id"].as_i64().unwrap())
        .collect();
    assert!(
        units.len() >= 2,
        "the demo logged activities in two units: {api}"
    );
    for lang in ["zh-CN", "en"] {
        let mut city = signed_in(&app, CITY, lang).await;
        let page = city.get("/city/activity-statistics").await;
        assert_eq!(page.status, 200, "{}", page.html);
        assert_page(&page, "/city/activity-statistics", lang);
        assert_eq!(
            total(&page.html, "activities"),
            api["total_activities"].to_string()
        );
        assert!(page.html.contains("id=\"unit-totals\""), "totals per unit");
        assert!(
            page.html
                .replace("&#x2f;", "/")
                .contains("/exports/activity-statistics?format=xlsx")
        );
    }
    let mut city = signed_in(&app, CITY, "zh-CN").await;
    // The unit filter: each unit's page holds that unit's lines, the sum of its activities.
    for unit in &units {
        let own: i64 = items
            .iter()
            .filter(|i| i["unit_id"].as_i64() == Some(*unit))
            .map(|i| i["activities"].as_i64().unwrap())
            .sum();
        let page = city
            .get(&format!(
                "/city/activity-statistics?unit={unit}&year={year}"
            ))
            .await;
        assert_eq!(page.status, 200);
        assert_eq!(total(&page.html, "activities"), own.to_string());
    }
    // The year select: a year without activities says what to do.
    let empty = city.get("/city/activity-statistics?year=2001").await;
    assert_eq!(total(&empty.html, "activities"), "0");
    assert!(
        empty.html.contains("2001年度还没有登记的培带活动"),
        "{}",
        empty.html
    );
    assert_eq!(
        city.get("/city/activity-statistics?unit=999999")
            .await
            .status,
        404
    );

    // A unit admin sees their unit only; naming another unit answers 404.
    let admin = demo
        .iter()
        .find(|l| l.roles.contains(&peidai::domain::role::Role::UnitAdmin))
        .unwrap();
    let mut unit = signed_in(&app, &admin.email, "zh-CN").await;
    let token = app.login(&admin.email, DEMO_PASSWORD).await;
    let mine: Value = app
        .get(
            &format!("/api/v1/activity-statistics?year={year}"),
            Some(&token),
        )
        .await
        .body;
    let page = unit.get("/unit/activity-statistics").await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert_page(&page, "/unit/activity-statistics", "zh-CN");
    assert_eq!(
        total(&page.html, "activities"),
        mine["total_activities"].to_string()
    );
    let own_unit = mine["unit_id"].as_i64().unwrap();
    // Another unit's mentors never appear on the unit's page.
    for other in items
        .iter()
        .filter(|i| i["unit_id"].as_i64() != Some(own_unit))
    {
        let name = other["mentor_name"].as_str().unwrap();
        assert!(!page.html.contains(name), "{name} is of another unit");
    }
    let other = units.iter().find(|u| **u != own_unit).unwrap();
    assert_eq!(
        unit.get(&format!("/unit/activity-statistics?unit={other}"))
            .await
            .status,
        404
    );
    assert!(
        unit.get("/unit/activities")
            .await
            .html
            .replace("&#x2f;", "/")
            .contains("href=\"/unit/activity-statistics\"")
    );

    // A mentor gets the 403 page.
    let mentor = demo
        .iter()
        .find(|l| l.roles == vec![peidai::domain::role::Role::Mentor])
        .unwrap();
    let mut m = signed_in(&app, &mentor.email, "zh-CN").await;
    assert_eq!(m.get("/unit/activity-statistics").await.status, 403);
    assert_eq!(m.get("/city/activity-statistics").await.status, 403);
}
