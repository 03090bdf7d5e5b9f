//! The demo city's mentors hold real appointments, so that a demo mentor can act at once.

use serde_json::json;

use crate::helpers::spawn;

#[actix_web::test]
async fn a_demo_mentor_drafts_a_contract_for_themself_with_no_pool_entry_named() {
    let app = spawn().await;
    let seeded = peidai::demo::seed(
        app.db(),
        &app.state.clock,
        "peidai-demo-2026",
        &app.state.settings.policy.certificate_number_format,
    )
    .unwrap();
    assert!(matches!(seeded, peidai::demo::Seeded::Created(_)));
    let city = app.login("admin@demo.peidai.cn", "peidai-demo-2026").await;
    let pool = app.get("/api/v1/mentors?per_page=100", Some(&city)).await;
    assert_eq!(pool.body["total"], 4, "{}", pool.body);
    let numbers: Vec<&str> = pool.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["certificate_no"].as_str().unwrap())
        .collect();
    assert!(numbers.contains(&"赤培〔2026〕001号"), "{numbers:?}");
    assert!(
        pool.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["status"] == "active")
    );

    let mentor = app.login("li.hua@demo.peidai.cn", "peidai-demo-2026").await;
    let mut mentees = Vec::new();
    for i in 1..=5 {
        let q = format!("/api/v1/users?q=mentee{i}@demo.peidai.cn");
        let found = app.get(&q, Some(&city)).await;
        mentees.push(json!({ "user_id": found.body["items"][0]["id"] }));
    }
    let draft = app
        .post(
            "/api/v1/contracts",
            Some(&mentor),
            json!({ "start_date": "2026-12-01", "mentees": mentees }),
        )
        .await;
    assert_eq!(draft.status, 201, "{}", draft.body);
    assert_eq!(draft.body["mentor_name"], "李华");

    // A mentor with no appointment of their own is told so, on the field.
    let (_, unappointed) = app
        .make_user(
            "no.entry@test.cn",
            &[peidai::domain::role::Role::Mentor],
            None,
        )
        .await;
    let refused = app
        .post(
            "/api/v1/contracts",
            Some(&unappointed),
            json!({ "start_date": "2026-12-01", "mentees": [] }),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.field_code("mentor_entry_id"), Some("required"));
}
