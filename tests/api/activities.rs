//! The activity log: logging within the contract, attendance confirmed or disputed, the disputed
//! list for the unit, and the progress report.

use serde_json::json;

use crate::contracts::{active_from, mentees, mentor};
use crate::helpers::{spawn, two_units};

fn lecture(held_on: &str, attendees: &[i64]) -> serde_json::Value {
    json!({ "kind": "lecture", "title": "草原生态修复专题讲座", "held_on": held_on, "hours": 1.5, "place": "市农牧局", "attendee_ids": attendees })
}

#[actix_web::test]
async fn the_mentor_logs_activities_mentees_answer_and_progress_counts_them() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "log", s.u1, 5).await;
    let (outsider, _) = mentees(&app, "other", s.u1, 1).await;
    let k = active_from(&app, &m, &ids, &tokens, "2026-11-01").await;
    let url = format!("/api/v1/contracts/{k}/activities");

    let bad = app
        .post(&url, Some(&m), lecture("2026-11-10", &[outsider[0]]))
        .await;
    assert_eq!(bad.field_code("attendee_ids[0]"), Some("not_a_mentee"));
    assert_eq!(
        app.post(&url, Some(&m), lecture("2026-10-31", &ids[..1]))
            .await
            .field_code("held_on"),
        Some("outside_cycle")
    );
    assert_eq!(
        app.post(&url, Some(&m), lecture("2026-11-22", &ids[..1]))
            .await
            .field_code("held_on"),
        Some("in_future")
    );
    let mut odd = lecture("2026-11-10", &ids[..1]);
    odd["hours"] = json!(0.3);
    assert_eq!(
        app.post(&url, Some(&m), odd).await.field_code("hours"),
        Some("out_of_range")
    );
    assert_eq!(
        app.post(&url, Some(&s.admin1.1), lecture("2026-11-10", &ids[..1]))
            .await
            .status,
        403
    );

    let first = app
        .post(&url, Some(&m), lecture("2026-11-10", &ids[..2]))
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.body["hours"], 1.5);
    assert_eq!(first.body["attendance"][0]["status"], "pending");
    let a1 = first.body["id"].clone();
    let confirm = app
        .post(
            &format!("/api/v1/activities/{a1}/attendance"),
            Some(&tokens[0]),
            json!({ "status": "confirmed" }),
        )
        .await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    let unexplained = app
        .post(
            &format!("/api/v1/activities/{a1}/attendance"),
            Some(&tokens[1]),
            json!({ "status": "disputed", "note": "  " }),
        )
        .await;
    assert_eq!(
        unexplained.field_code("note"),
        Some("required"),
        "{}",
        unexplained.body
    );
    let dispute = app
        .post(
            &format!("/api/v1/activities/{a1}/attendance"),
            Some(&tokens[1]),
            json!({ "status": "disputed", "note": "当天未参加" }),
        )
        .await;
    assert_eq!(dispute.body["attendance"][1]["status"], "disputed");
    let absent = app
        .post(
            &format!("/api/v1/activities/{a1}/attendance"),
            Some(&tokens[2]),
            json!({ "status": "confirmed" }),
        )
        .await;
    assert_eq!(absent.status, 404, "only attendees answer");
    let pending = app
        .post(
            &format!("/api/v1/activities/{a1}/attendance"),
            Some(&tokens[0]),
            json!({ "status": "pending" }),
        )
        .await;
    assert_eq!(pending.status, 422);

    assert_eq!(
        app.get("/api/v1/disputed-activities", Some(&s.admin1.1))
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.get("/api/v1/disputed-activities", Some(&s.admin2.1))
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        app.get("/api/v1/disputed-activities", Some(&s.city))
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let second = app
        .post(&url, Some(&m), lecture("2026-11-20", &ids[..1]))
        .await;
    app.post(
        &format!("/api/v1/activities/{}/attendance", second.body["id"]),
        Some(&tokens[0]),
        json!({ "status": "confirmed" }),
    )
    .await;
    let third = app
        .post(&url, Some(&m), json!({ "kind": "exchange", "title": "经验交流", "held_on": "2026-11-21", "hours": 2, "attendee_ids": ids }))
        .await;
    assert_eq!(third.status, 201);

    let p = app
        .get(
            &format!("/api/v1/contracts/{k}/progress?year=2026"),
            Some(&s.admin1.1),
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert_eq!(p.body["from"], "2026-11-01");
    assert_eq!(p.body["to"], "2026-12-31");
    assert_eq!(p.body["activities"], 3);
    let lectures = &p.body["indicators"][0];
    assert_eq!(lectures["kind"], "lecture");
    assert_eq!(lectures["done_confirmed"], 1.0);
    assert_eq!(lectures["disputed"], 1.0);
    assert_eq!(lectures["pro_rata_target"], 0.12, "2 × 21/365");
    assert_eq!(lectures["shortfall"], 0.0);
    let exchange = p.body["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "exchange")
        .unwrap()
        .clone();
    assert_eq!(exchange["done_unconfirmed"], 1.0);
    assert_eq!(p.body["mentees"][0]["attended"], 3);
    assert_eq!(p.body["mentees"][1]["disputed"], 1);
    assert_eq!(
        app.get(
            &format!("/api/v1/contracts/{k}/progress?year=2030"),
            Some(&m)
        )
        .await
        .field_code("year"),
        Some("outside_cycle")
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/contracts/{k}/progress"),
            Some(&s.admin2.1)
        )
        .await
        .status,
        404
    );

    let edited = app
        .patch(
            &format!("/api/v1/activities/{a1}"),
            Some(&m),
            lecture("2026-11-11", &ids[..3]),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert_eq!(edited.body["held_on"], "2026-11-11");
    assert_eq!(
        edited.body["attendance"][0]["status"], "confirmed",
        "answers of those who stay are kept"
    );
    assert_eq!(edited.body["attendance"][2]["status"], "pending");
    let list = app
        .get(
            &format!("/api/v1/contracts/{k}/activities?year=2026"),
            Some(&tokens[4]),
        )
        .await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 3);
}

#[actix_web::test]
async fn an_activity_carries_evidence_files_seen_only_where_the_contract_is() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "ev", s.u1, 5).await;
    let k = active_from(&app, &m, &ids, &tokens, "2026-11-01").await;
    let a = app
        .post(
            &format!("/api/v1/contracts/{k}/activities"),
            Some(&m),
            lecture("2026-11-10", &ids[..2]),
        )
        .await;
    let id = a.body["id"].clone();
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), b"-a-photo-of-the-lecture"].concat();
    let url = format!("/api/v1/activities/{id}/files?name=%E7%8E%B0%E5%9C%BA.png");
    let up = app
        .send_raw("POST", &url, Some(&m), "image/png", png.clone())
        .await;
    assert_eq!(up.status, 201, "{}", up.body);
    assert_eq!(up.body["activity_id"], id);
    assert_eq!(up.body["content_type"], "image/png");
    assert_eq!(up.body["file_name"], "现场.png");
    let text = app
        .send_raw("POST", &url, Some(&m), "text/plain", b"just text".to_vec())
        .await;
    assert_eq!(text.field_code("file"), Some("unsupported_type"));
    assert_eq!(
        app.send_raw("POST", &url, Some(&tokens[0]), "image/png", png.clone())
            .await
            .status,
        403,
        "mentees do not upload"
    );

    let file = up.body["id"].clone();
    let download = format!("{}/api/v1/activities/{id}/files/{file}", app.base);
    let mut mine = app
        .client
        .get(&download)
        .insert_header(("Authorization", format!("Bearer {}", tokens[3])))
        .send()
        .await
        .unwrap();
    assert_eq!(mine.status(), 200);
    assert_eq!(mine.body().await.unwrap().to_vec(), png);
    let theirs = app
        .client
        .get(&download)
        .insert_header(("Authorization", format!("Bearer {}", s.admin2.1)))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 404);
    assert_eq!(
        app.get(&format!("/api/v1/activities/{id}/files"), Some(&s.admin1.1))
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
