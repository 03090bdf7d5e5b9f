//! Selection: rounds, nominations, the eligibility rules at their boundaries, quotas, the
//! deadline, scopes and evidence files.

use serde_json::{Value, json};

use peidai::domain::ids::UnitId;
use peidai::domain::role::Role;

use crate::helpers::{PASSWORD, TestApp, TwoUnits, spawn, spawn_with, two_units};

/// A round of 2027 (deadline 2027-06-30, ages counted that day); the test clock is in 2026-11.
async fn round(app: &TestApp, city: &str, extra: Value) -> i64 {
    let mut body = json!({ "name": "第五届人才培带人选拔", "year": 2027 });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let res = app.post("/api/v1/selection-rounds", Some(city), body).await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.body["id"].as_i64().unwrap()
}

/// A person of `unit` with the profile facts the rules read.
async fn person(
    app: &TestApp,
    s: &TwoUnits,
    email: &str,
    unit: UnitId,
    born: &str,
    started: &str,
) -> i64 {
    let res = app
        .post(
            "/api/v1/users",
            Some(&s.city),
            json!({
                "email": email, "name": "候选人", "roles": ["mentee"], "unit_id": unit.0,
                "profile": { "birth_date": born, "city_work_start_date": started, "education": "doctorate" }
            }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.body["id"].as_i64().unwrap()
}

async fn nominate(
    app: &TestApp,
    token: &str,
    round: i64,
    candidate: i64,
    extra: Value,
) -> crate::helpers::Res {
    let mut body = json!({ "candidate_id": candidate, "category": "professional_technical" });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    app.post(
        &format!("/api/v1/selection-rounds/{round}/nominations"),
        Some(token),
        body,
    )
    .await
}

async fn submit(app: &TestApp, token: &str, id: &Value) -> crate::helpers::Res {
    app.request(
        "POST",
        &format!("/api/v1/nominations/{id}/submit"),
        Some(token),
        None,
    )
    .await
}

#[actix_web::test]
async fn a_round_takes_the_policy_defaults_and_only_city_admins_create_or_change_it() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let id = round(&app, &s.city, json!({})).await;
    let r = app
        .get(&format!("/api/v1/selection-rounds/{id}"), Some(&s.admin1.1))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["nomination_deadline"], "2027-06-30");
    assert_eq!(r.body["age_reference_date"], "2027-06-30");
    assert_eq!(r.body["appointment_term_years"], 3);
    assert_eq!(r.body["status"], "open");

    let again = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": "第五届人才培带人选拔", "year": 2027 }),
        )
        .await;
    assert_eq!(again.status, 409);
    let by_unit = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.admin1.1),
            json!({ "name": "x", "year": 2027 }),
        )
        .await;
    assert_eq!(by_unit.status, 403);
    let bad_quota = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": "y", "year": 2027, "unit_quotas": [{ "unit_id": 9999, "quota": 2 }] }),
        )
        .await;
    assert_eq!(bad_quota.status, 422);
    assert_eq!(
        bad_quota.field_code("unit_quotas[0].unit_id"),
        Some("not_found")
    );
    let wrong_year = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": "z", "year": 2027, "nomination_deadline": "2026-12-31" }),
        )
        .await;
    assert_eq!(
        wrong_year.field_code("nomination_deadline"),
        Some("wrong_year")
    );

    let patched = app
        .patch(
            &format!("/api/v1/selection-rounds/{id}"),
            Some(&s.city),
            json!({ "birth_date_cutoff": "1972-01-01", "unit_quotas": [{ "unit_id": s.u1.0, "quota": 1 }] }),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["birth_date_cutoff"], "1972-01-01");
    assert_eq!(patched.body["unit_quotas"][0]["quota"], 1);
}

#[actix_web::test]
async fn a_nomination_is_drafted_from_the_profile_submitted_returned_resubmitted_and_withdrawn() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let r = round(&app, &s.city, json!({})).await;
    let who = person(&app, &s, "cand@test.cn", s.u1, "1980-03-01", "2010-01-01").await;
    let draft = nominate(&app, &s.admin1.1, r, who, json!({ "category": null })).await;
    assert_eq!(draft.status, 201, "{}", draft.body);
    assert_eq!(draft.body["status"], "draft");
    assert_eq!(
        draft.body["birth_date"], "1980-03-01",
        "prefilled from the profile"
    );
    assert_eq!(draft.body["education"], "doctorate");
    let id = draft.body["id"].clone();

    let missing = submit(&app, &s.admin1.1, &id).await;
    assert_eq!(missing.status, 422);
    assert_eq!(missing.field_code("category"), Some("required"));

    let edited = app
        .patch(
            &format!("/api/v1/nominations/{id}"),
            Some(&s.admin1.1),
            json!({
                "category": "professional_technical",
                "honours": [{ "name": "自治区科技进步奖", "level": "autonomous_region", "year": 2024 }],
                "achievements": "主持草原生态修复项目",
                "unit_opinion": "同意推荐"
            }),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    let ok = submit(&app, &s.admin1.1, &id).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["status"], "submitted");
    assert_eq!(ok.body["warnings"], json!([]));
    let locked = app
        .patch(
            &format!("/api/v1/nominations/{id}"),
            Some(&s.admin1.1),
            json!({ "achievements": "改" }),
        )
        .await;
    assert_eq!(locked.status, 409, "a submitted form is not edited");

    let no_comment = app
        .post(
            &format!("/api/v1/nominations/{id}/return"),
            Some(&s.city),
            json!({ "comment": " " }),
        )
        .await;
    assert_eq!(no_comment.status, 422);
    let returned = app
        .post(
            &format!("/api/v1/nominations/{id}/return"),
            Some(&s.city),
            json!({ "comment": "请补充获奖证书" }),
        )
        .await;
    assert_eq!(returned.status, 200);
    assert_eq!(returned.body["status"], "returned");
    assert_eq!(returned.body["return_comment"], "请补充获奖证书");
    assert_eq!(
        submit(&app, &s.admin1.1, &id).await.body["status"],
        "submitted"
    );
    let withdrawn = app
        .request(
            "POST",
            &format!("/api/v1/nominations/{id}/withdraw"),
            Some(&s.admin1.1),
            None,
        )
        .await;
    assert_eq!(withdrawn.body["status"], "withdrawn");
    let renominated = nominate(&app, &s.admin1.1, r, who, json!({})).await;
    assert_eq!(
        renominated.status, 201,
        "a withdrawn nomination frees the person"
    );
    let twice = nominate(&app, &s.admin1.1, r, who, json!({})).await;
    assert_eq!(twice.status, 409);
    assert_eq!(twice.field_code("candidate_id"), Some("already_nominated"));
}

#[actix_web::test]
async fn fifty_five_on_the_reference_date_passes_and_a_day_older_needs_the_exception() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let r = round(&app, &s.city, json!({})).await;
    let young = person(&app, &s, "young@test.cn", s.u1, "1971-07-01", "2010-01-01").await;
    let old = person(&app, &s, "old@test.cn", s.u1, "1971-06-30", "2010-01-01").await;
    let n = nominate(&app, &s.admin1.1, r, young, json!({})).await;
    assert_eq!(
        submit(&app, &s.admin1.1, &n.body["id"]).await.status,
        200,
        "55 on 2027-06-30"
    );

    let n = nominate(&app, &s.admin1.1, r, old, json!({})).await;
    let refused = submit(&app, &s.admin1.1, &n.body["id"]).await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.field_code("birth_date"), Some("over_age"));
    assert!(
        refused.body["fields"]["birth_date"]["message"]
            .as_str()
            .unwrap()
            .contains("55")
    );
    app.patch(
        &format!("/api/v1/nominations/{}", n.body["id"]),
        Some(&s.admin1.1),
        json!({ "outstanding_exception": true, "exception_justification": "获国家科技进步二等奖" }),
    )
    .await;
    let allowed = submit(&app, &s.admin1.1, &n.body["id"]).await;
    assert_eq!(allowed.status, 200, "{}", allowed.body);
    assert_eq!(allowed.body["warnings"][0]["code"], "age_exception");
}

#[actix_web::test]
async fn three_years_in_the_city_on_the_reference_date_is_enough_and_a_day_short_is_refused() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let r = round(&app, &s.city, json!({})).await;
    let enough = person(&app, &s, "enough@test.cn", s.u1, "1985-01-01", "2024-06-30").await;
    let short = person(&app, &s, "short@test.cn", s.u1, "1985-01-01", "2024-07-01").await;
    let n = nominate(&app, &s.admin1.1, r, enough, json!({})).await;
    assert_eq!(submit(&app, &s.admin1.1, &n.body["id"]).await.status, 200);
    let n = nominate(&app, &s.admin1.1, r, short, json!({})).await;
    let refused = submit(&app, &s.admin1.1, &n.body["id"]).await;
    assert_eq!(
        refused.field_code("city_work_start_date"),
        Some("too_few_years_in_city")
    );
}

#[actix_web::test]
async fn a_professional_below_master_and_associate_senior_needs_a_justification_that_reviewers_see()
{
    let app = spawn().await;
    let s = two_units(&app).await;
    let r = round(&app, &s.city, json!({})).await;
    let who = person(
        &app,
        &s,
        "bachelor@test.cn",
        s.u1,
        "1985-01-01",
        "2010-01-01",
    )
    .await;
    let n = nominate(
        &app,
        &s.admin1.1,
        r,
        who,
        json!({ "education": "bachelor", "title_level": "intermediate" }),
    )
    .await;
    let refused = submit(&app, &s.admin1.1, &n.body["id"]).await;
    assert_eq!(
        refused.field_code("qualification_justification"),
        Some("required")
    );
    app.patch(
        &format!("/api/v1/nominations/{}", n.body["id"]),
        Some(&s.admin1.1),
        json!({ "qualification_justification": "长期扎根基层，技术骨干" }),
    )
    .await;
    let ok = submit(&app, &s.admin1.1, &n.body["id"]).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body["warnings"][0]["code"], "below_degree_or_title");
    let seen = app
        .get(
            &format!("/api/v1/nominations/{}", n.body["id"]),
            Some(&s.city),
        )
        .await;
    assert_eq!(seen.body["warnings"][0]["code"], "below_degree_or_title");
    assert_eq!(
        seen.body["qualification_justification"],
        "长期扎根基层，技术骨干"
    );
}

#[actix_web::test]
async fn the_deadline_and_the_units_quota_refuse_submission() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let r = round(
        &app,
        &s.city,
        json!({ "unit_quotas": [{ "unit_id": s.u1.0, "quota": 1 }] }),
    )
    .await;
    let a = person(&app, &s, "a@test.cn", s.u1, "1985-01-01", "2010-01-01").await;
    let b = person(&app, &s, "b@test.cn", s.u1, "1985-01-01", "2010-01-01").await;
    let c = person(&app, &s, "c@test.cn", s.u2, "1985-01-01", "2010-01-01").await;
    let na = nominate(&app, &s.admin1.1, r, a, json!({})).await;
    let nb = nominate(&app, &s.admin1.1, r, b, json!({})).await;
    let nc = nominate(&app, &s.admin2.1, r, c, json!({})).await;
    assert_eq!(submit(&app, &s.admin1.1, &na.body["id"]).await.status, 200);
    let over = submit(&app, &s.admin1.1, &nb.body["id"]).await;
    assert_eq!(over.status, 409);
    assert_eq!(over.field_code("round"), Some("unit_quota_reached"));
    assert_eq!(
        submit(&app, &s.admin2.1, &nc.body["id"]).await.status,
        200,
        "other units have no quota"
    );

    app.set_time("2027-06-30T15:59:59Z".parse().unwrap());
    // Seven months on: the old tokens have expired.
    let admin1 = app.login("admin1@test.cn", PASSWORD).await;
    let admin2 = app.login("admin2@test.cn", PASSWORD).await;
    let city = app.login("city.admin@test.cn", PASSWORD).await;
    let s = TwoUnits {
        city,
        admin1: (s.admin1.0, admin1),
        admin2: (s.admin2.0, admin2),
        ..s
    };
    app.request(
        "POST",
        &format!("/api/v1/nominations/{}/withdraw", na.body["id"]),
        Some(&s.admin1.1),
        None,
    )
    .await;
    assert_eq!(
        submit(&app, &s.admin1.1, &nb.body["id"]).await.status,
        200,
        "the deadline day itself (23:59:59 in the city)"
    );
    app.set_time("2027-06-30T16:00:00Z".parse().unwrap());
    let d = person(&app, &s, "d@test.cn", s.u2, "1985-01-01", "2010-01-01").await;
    let nd = nominate(&app, &s.admin2.1, r, d, json!({})).await;
    let late = submit(&app, &s.admin2.1, &nd.body["id"]).await;
    assert_eq!(late.status, 409);
    assert_eq!(late.field_code("round"), Some("deadline_passed"));
}

#[actix_web::test]
async fn units_see_and_touch_only_their_own_nominations_and_people() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let r = round(&app, &s.city, json!({})).await;
    let mine = person(&app, &s, "mine@test.cn", s.u1, "1985-01-01", "2010-01-01").await;
    let theirs = person(&app, &s, "theirs@test.cn", s.u2, "1985-01-01", "2010-01-01").await;
    let foreign = nominate(&app, &s.admin1.1, r, theirs, json!({})).await;
    assert_eq!(foreign.status, 422);
    assert_eq!(foreign.field_code("candidate_id"), Some("not_found"));
    let n = nominate(&app, &s.admin1.1, r, mine, json!({})).await;
    let id = &n.body["id"];
    let missing = app
        .get("/api/v1/nominations/999999", Some(&s.admin2.1))
        .await;
    let other = app
        .get(&format!("/api/v1/nominations/{id}"), Some(&s.admin2.1))
        .await;
    assert_eq!(other.status, 404);
    assert_eq!(other.body, missing.body);
    assert_eq!(submit(&app, &s.admin2.1, id).await.status, 404);
    let patch = app
        .patch(
            &format!("/api/v1/nominations/{id}"),
            Some(&s.admin2.1),
            json!({ "achievements": "x" }),
        )
        .await;
    assert_eq!(patch.status, 404);
    let list2 = app
        .get(
            &format!("/api/v1/selection-rounds/{r}/nominations"),
            Some(&s.admin2.1),
        )
        .await;
    assert_eq!(list2.body["total"], 0);
    let list1 = app
        .get(
            &format!("/api/v1/selection-rounds/{r}/nominations"),
            Some(&s.admin1.1),
        )
        .await;
    assert_eq!(list1.body["total"], 1);
    let all = app
        .get(
            &format!("/api/v1/selection-rounds/{r}/nominations"),
            Some(&s.city),
        )
        .await;
    assert_eq!(all.body["total"], 1);
    let (_, reviewer) = app.make_user("rev@test.cn", &[Role::Reviewer], None).await;
    assert_eq!(
        app.get(&format!("/api/v1/selection-rounds/{r}"), Some(&reviewer))
            .await
            .status,
        200
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/selection-rounds/{r}/nominations"),
            Some(&reviewer)
        )
        .await
        .status,
        403
    );
    assert_eq!(
        nominate(&app, &s.city, r, mine, json!({})).await.status,
        403,
        "the city does not nominate"
    );
}

#[actix_web::test]
async fn entering_review_puts_submitted_nominations_under_review_and_rounds_only_move_forward() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let r = round(&app, &s.city, json!({})).await;
    let a = person(&app, &s, "ra@test.cn", s.u1, "1985-01-01", "2010-01-01").await;
    let b = person(&app, &s, "rb@test.cn", s.u1, "1985-01-01", "2010-01-01").await;
    let na = nominate(&app, &s.admin1.1, r, a, json!({})).await;
    let nb = nominate(&app, &s.admin1.1, r, b, json!({})).await;
    submit(&app, &s.admin1.1, &na.body["id"]).await;
    let (reviewer, _) = app
        .make_user("committee@test.cn", &[Role::Reviewer], Some(s.u2))
        .await;
    let assigned = app
        .post(
            &format!("/api/v1/selection-rounds/{r}/reviewers"),
            Some(&s.city),
            json!({ "reviewer_id": reviewer.0, "categories": ["professional_technical"] }),
        )
        .await;
    assert_eq!(assigned.status, 200, "{}", assigned.body);
    let skip = app
        .post(
            &format!("/api/v1/selection-rounds/{r}/advance"),
            Some(&s.city),
            json!({ "to": "closed" }),
        )
        .await;
    assert_eq!(skip.status, 409);
    let ok = app
        .post(
            &format!("/api/v1/selection-rounds/{r}/advance"),
            Some(&s.city),
            json!({ "to": "reviewing" }),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["status"], "reviewing");
    let under = app
        .get(
            &format!("/api/v1/nominations/{}", na.body["id"]),
            Some(&s.city),
        )
        .await;
    assert_eq!(under.body["status"], "under_review");
    let draft = app
        .get(
            &format!("/api/v1/nominations/{}", nb.body["id"]),
            Some(&s.city),
        )
        .await;
    assert_eq!(draft.body["status"], "draft");
    assert_eq!(
        submit(&app, &s.admin1.1, &nb.body["id"])
            .await
            .field_code("round"),
        Some("round_not_open")
    );
    let withdraw = app
        .request(
            "POST",
            &format!("/api/v1/nominations/{}/withdraw", na.body["id"]),
            Some(&s.admin1.1),
            None,
        )
        .await;
    assert_eq!(withdraw.status, 409, "no withdrawal once under review");
    let back = app
        .post(
            &format!("/api/v1/selection-rounds/{r}/advance"),
            Some(&s.city),
            json!({ "to": "open" }),
        )
        .await;
    assert_eq!(back.status, 409);
    let patch = app
        .patch(
            &format!("/api/v1/selection-rounds/{r}"),
            Some(&s.city),
            json!({ "name": "改名" }),
        )
        .await;
    assert_eq!(patch.status, 409, "a round under review keeps its settings");
}

#[actix_web::test]
async fn evidence_files_are_checked_by_content_stored_by_hash_and_downloaded_within_scope() {
    let app = spawn_with(&[("policy.evidence_file_max_bytes", "2048")]).await;
    let s = two_units(&app).await;
    let r = round(&app, &s.city, json!({})).await;
    let who = person(&app, &s, "files@test.cn", s.u1, "1985-01-01", "2010-01-01").await;
    let n = nominate(&app, &s.admin1.1, r, who, json!({})).await;
    let id = n.body["id"].as_i64().unwrap();
    let pdf = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".to_vec();
    let up = app
        .send_raw(
            "POST",
            &format!("/api/v1/nominations/{id}/files?name=%E8%AF%81%E4%B9%A6.pdf"),
            Some(&s.admin1.1),
            "application/pdf",
            pdf.clone(),
        )
        .await;
    assert_eq!(up.status, 201, "{}", up.body);
    assert_eq!(up.body["content_type"], "application/pdf");
    assert_eq!(up.body["file_name"], "证书.pdf");
    let sha = up.body["sha256"].as_str().unwrap().to_owned();
    let stored = app
        .state
        .settings
        .storage
        .files_dir
        .join(&sha[..2])
        .join(&sha);
    assert_eq!(std::fs::read(&stored).unwrap(), pdf);

    let exe = app
        .send_raw(
            "POST",
            &format!("/api/v1/nominations/{id}/files?name=x.pdf"),
            Some(&s.admin1.1),
            "application/pdf",
            b"MZ not a pdf".to_vec(),
        )
        .await;
    assert_eq!(exe.status, 422);
    assert_eq!(exe.field_code("file"), Some("unsupported_type"));
    let big = app
        .send_raw(
            "POST",
            &format!("/api/v1/nominations/{id}/files?name=big.png"),
            Some(&s.admin1.1),
            "image/png",
            vec![0u8; 4096],
        )
        .await;
    assert_eq!(big.status, 413);
    let other = app
        .send_raw(
            "POST",
            &format!("/api/v1/nominations/{id}/files?name=y.pdf"),
            Some(&s.admin2.1),
            "application/pdf",
            pdf.clone(),
        )
        .await;
    assert_eq!(other.status, 404);

    let file_id = up.body["id"].as_i64().unwrap();
    let url = format!("{}/api/v1/nominations/{id}/files/{file_id}", app.base);
    let mut res = app
        .client
        .get(&url)
        .insert_header(("Authorization", format!("Bearer {}", s.city)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers().get("content-type").unwrap(),
        "application/pdf"
    );
    assert!(
        res.headers()
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''")
    );
    assert_eq!(res.body().await.unwrap().to_vec(), pdf);
    let theirs = app
        .client
        .get(&url)
        .insert_header(("Authorization", format!("Bearer {}", s.admin2.1)))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 404);
    let list = app
        .get(
            &format!("/api/v1/nominations/{id}/files"),
            Some(&s.admin1.1),
        )
        .await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
}
