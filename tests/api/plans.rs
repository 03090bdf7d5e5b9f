//! Training plans: written by the mentee, versions kept on every submission, approved or returned
//! by the mentor, milestone reports, and who may see them.

use serde_json::json;

use crate::contracts::{active_from, mentees, mentor};
use crate::helpers::{spawn, two_units};

fn plan(year: i32) -> serde_json::Value {
    json!({
        "goals": "三年内独立承担设施农业技术推广项目",
        "milestones": [
            { "year": year, "milestone": "掌握温室环境调控技术", "evidence": "完成一份调控方案并通过培带人评议" },
            { "year": 2027, "milestone": "参与市级科研项目", "evidence": "项目立项书署名" }
        ],
        "projects": ["设施蔬菜高效栽培示范项目"]
    })
}

#[actix_web::test]
async fn a_plan_is_written_submitted_returned_resubmitted_approved_and_reported_on() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "plan", s.u1, 5).await;
    let k = active_from(&app, &m, &ids, &tokens, "2026-11-01").await;
    let url = format!("/api/v1/contracts/{k}/plan");

    let far = app
        .request("PUT", &url, Some(&tokens[0]), Some(plan(2030)))
        .await;
    assert_eq!(far.field_code("milestones[0].year"), Some("outside_cycle"));
    let empty = app
        .request(
            "PUT",
            &url,
            Some(&tokens[0]),
            Some(json!({ "goals": "x", "milestones": [] })),
        )
        .await;
    assert_eq!(empty.field_code("milestones"), Some("required"));
    assert_eq!(
        app.request("PUT", &url, Some(&m), Some(plan(2026)))
            .await
            .status,
        403,
        "mentors do not write plans"
    );

    let draft = app
        .request("PUT", &url, Some(&tokens[0]), Some(plan(2026)))
        .await;
    assert_eq!(draft.status, 200, "{}", draft.body);
    assert_eq!(draft.body["status"], "draft");
    assert_eq!(draft.body["version"], 0);
    let id = draft.body["id"].clone();
    assert_eq!(
        app.get(&format!("/api/v1/plans/{id}"), Some(&tokens[1]))
            .await
            .status,
        404,
        "another mentee's plan"
    );
    assert_eq!(
        app.get(&format!("/api/v1/plans/{id}"), Some(&s.admin2.1))
            .await
            .status,
        404
    );
    assert_eq!(
        app.get(&format!("/api/v1/plans/{id}"), Some(&m))
            .await
            .status,
        200
    );
    assert_eq!(
        app.get(&format!("/api/v1/contracts/{k}/plans"), Some(&tokens[1]))
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let submitted = app
        .request(
            "POST",
            &format!("/api/v1/plans/{id}/submit"),
            Some(&tokens[0]),
            None,
        )
        .await;
    assert_eq!(submitted.body["status"], "submitted");
    assert_eq!(submitted.body["version"], 1);
    assert_eq!(
        app.request("PUT", &url, Some(&tokens[0]), Some(plan(2027)))
            .await
            .status,
        409
    );
    assert_eq!(
        app.get("/api/v1/plans-awaiting-review", Some(&m))
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.get("/api/v1/plans-awaiting-review", Some(&s.admin1.1))
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.get("/api/v1/plans-awaiting-review", Some(&s.admin2.1))
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let review = format!("/api/v1/plans/{id}/review");
    let silent = app
        .post(&review, Some(&m), json!({ "decision": "returned" }))
        .await;
    assert_eq!(silent.field_code("comment"), Some("required"));
    let returned = app
        .post(
            &review,
            Some(&m),
            json!({ "decision": "returned", "comment": "请细化第二年的目标" }),
        )
        .await;
    assert_eq!(returned.body["status"], "returned");
    let mut second = plan(2026);
    second["milestones"][1]["milestone"] = json!("参与市级科研项目并完成子课题");
    assert_eq!(
        app.request("PUT", &url, Some(&tokens[0]), Some(second))
            .await
            .status,
        200
    );
    let again = app
        .request(
            "POST",
            &format!("/api/v1/plans/{id}/submit"),
            Some(&tokens[0]),
            None,
        )
        .await;
    assert_eq!(again.body["version"], 2);
    assert_eq!(
        again.body["versions"].as_array().unwrap().len(),
        2,
        "every submitted version is kept"
    );
    assert_eq!(
        again.body["versions"][0]["content"]["milestones"][1]["milestone"],
        "参与市级科研项目"
    );
    let approved = app
        .post(&review, Some(&m), json!({ "decision": "approved" }))
        .await;
    assert_eq!(approved.body["status"], "approved");

    let reports = format!("/api/v1/plans/{id}/reports");
    let ok = app
        .post(
            &reports,
            Some(&tokens[0]),
            json!({ "milestone_index": 0, "note": "已完成调控方案初稿" }),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["reports"][0]["note"], "已完成调控方案初稿");
    assert_eq!(
        app.post(
            &reports,
            Some(&tokens[0]),
            json!({ "milestone_index": 5, "note": "x" })
        )
        .await
        .field_code("milestone_index"),
        Some("not_found")
    );

    let progress = app
        .get(
            &format!("/api/v1/contracts/{k}/progress?year=2026"),
            Some(&m),
        )
        .await;
    let first = progress.body["mentees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["mentee_id"] == ids[0])
        .unwrap()
        .clone();
    assert_eq!(first["plan_status"], "approved");
    let other = progress.body["mentees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["mentee_id"] == ids[1])
        .unwrap()
        .clone();
    assert!(other["plan_status"].is_null());
}
