//! Evidence files: one mechanism for nominations, activities and objections, each file reachable
//! only under the owner it was added to.

use serde_json::json;

use crate::assessments::{assessment_of, grade_and_confirm, open_2027, travel};
use crate::contracts::{active_from, mentees, mentor};
use crate::helpers::{PASSWORD, TestApp, spawn, two_units};

/// Uploads `bytes` under `owner_path` (`/api/v1/…/{id}`) and returns the new file's id.
async fn upload(app: &TestApp, owner_path: &str, token: &str, bytes: &[u8]) -> i64 {
    let up = app
        .send_raw(
            "POST",
            &format!("{owner_path}/files?name=%E6%9D%90%E6%96%99.pdf"),
            Some(token),
            "application/pdf",
            bytes.to_vec(),
        )
        .await;
    assert_eq!(up.status, 201, "{owner_path}: {}", up.body);
    assert_eq!(up.body["file_name"], "材料.pdf");
    up.body["id"].as_i64().unwrap()
}

/// The status of downloading `file` under `owner_path`, as the city admin (who sees every owner).
async fn download_status(app: &TestApp, token: &str, owner_path: &str, file: i64) -> u16 {
    app.client
        .get(format!("{}{owner_path}/files/{file}", app.base))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[actix_web::test]
async fn each_owner_kind_takes_files_and_a_file_is_not_found_under_another_owner() {
    let app = spawn().await;
    let mut s = two_units(&app).await;

    // A nomination of unit 1 (a draft: its unit adds files).
    let round = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": "第五届人才培带人选拔", "year": 2027 }),
        )
        .await;
    assert_eq!(round.status, 201, "{}", round.body);
    let candidate = app
        .post(
            "/api/v1/users",
            Some(&s.city),
            json!({
                "email": "candidate@test.cn", "name": "候选人", "roles": ["mentee"], "unit_id": s.u1.0,
                "profile": { "birth_date": "1985-01-01", "city_work_start_date": "2010-01-01", "education": "doctorate" }
            }),
        )
        .await;
    assert_eq!(candidate.status, 201, "{}", candidate.body);
    let nomination = app
        .post(
            &format!("/api/v1/selection-rounds/{}/nominations", round.body["id"]),
            Some(&s.admin1.1),
            json!({ "candidate_id": candidate.body["id"], "category": "professional_technical" }),
        )
        .await;
    assert_eq!(nomination.status, 201, "{}", nomination.body);
    let nomination = format!("/api/v1/nominations/{}", nomination.body["id"]);

    // An activity of an active contract (its mentor adds files).
    let (_, _, m) = mentor(&app, "active.mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "ev", s.u1, 5).await;
    let k = active_from(&app, &m, &ids, &tokens, "2026-11-01").await;
    let activity = app
        .post(
            &format!("/api/v1/contracts/{k}/activities"),
            Some(&m),
            json!({ "kind": "lecture", "title": "专题讲座", "held_on": "2026-11-10", "hours": 1.5, "place": "市农牧局", "attendee_ids": &ids[..2] }),
        )
        .await;
    assert_eq!(activity.status, 201, "{}", activity.body);
    let activity = format!("/api/v1/activities/{}", activity.body["id"]);

    // An objection to a confirmed unqualified grade (its mentor adds files).
    let (objector, _, _) = mentor(&app, "objector@test.cn", s.u1).await;
    travel(&app, "2027-12-10T01:00:00Z", &mut s).await;
    let round = open_2027(&app, &s.city, json!({})).await;
    let assessment = assessment_of(&app, &s.city, &round, objector).await;
    grade_and_confirm(&app, &s, assessment, "unqualified", "全年未开展培带活动").await;
    let objector = app.login("objector@test.cn", PASSWORD).await;
    let objection = app
        .post(
            &format!("/api/v1/assessments/{assessment}/objection"),
            Some(&objector),
            json!({ "content": "活动记录在纸质台账中" }),
        )
        .await;
    assert_eq!(objection.status, 201, "{}", objection.body);
    let objection = format!("/api/v1/assessment-objections/{}", objection.body["id"]);

    let pdf = b"%PDF-1.7\nevidence".as_slice();
    let m = app.login("active.mentor@test.cn", PASSWORD).await;
    let files = [
        (
            nomination.clone(),
            upload(&app, &nomination, &s.admin1.1, pdf).await,
        ),
        (activity.clone(), upload(&app, &activity, &m, pdf).await),
        (
            objection.clone(),
            upload(&app, &objection, &objector, pdf).await,
        ),
    ];
    for (owner, file) in &files {
        let listed = app.get(&format!("{owner}/files"), Some(&s.city)).await;
        let items = listed.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{owner}: {}", listed.body);
        assert_eq!(items[0]["id"], *file);
        assert_eq!(download_status(&app, &s.city, owner, *file).await, 200);
        for (other, _) in files.iter().filter(|(o, _)| o != owner) {
            assert_eq!(
                download_status(&app, &s.city, other, *file).await,
                404,
                "file {file} of {owner} under {other}"
            );
        }
    }
}
