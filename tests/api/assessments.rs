//! The annual assessment: opening a round, grading on the evidence with the suggested grade,
//! submission, return and confirmation (which locks the year's activities), the unit's report,
//! the city's summary, objections and their window, and revocation with its whole cascade.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use peidai::domain::ids::UserId;
use peidai::jobs::JobName;

use crate::contracts::{active_from, mentees, mentor};
use crate::helpers::{PASSWORD, TestApp, TwoUnits, spawn_with, two_units};

/// The application, with login limits that the many re-logins after clock jumps stay under.
pub async fn spawn() -> TestApp {
    spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "1000"),
        ("auth.login_attempts_per_account_per_minute", "100"),
    ])
    .await
}

pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Moves the clock and logs the city admin and both unit admins in again (tokens last an hour).
pub async fn travel(app: &TestApp, to: &str, s: &mut TwoUnits) {
    app.set_time(at(to));
    s.city = app.login("city.admin@test.cn", PASSWORD).await;
    s.admin1.1 = app.login("admin1@test.cn", PASSWORD).await;
    s.admin2.1 = app.login("admin2@test.cn", PASSWORD).await;
}

pub fn activity(kind: &str, held_on: &str, attendees: &[i64]) -> Value {
    json!({ "kind": kind, "title": "培带活动", "held_on": held_on, "hours": 2.0, "attendee_ids": attendees })
}

/// Opens the round of 2027 (window 2027-12-01 to 2027-12-31) with `extra` fields.
pub async fn open_2027(app: &TestApp, city: &str, extra: Value) -> Value {
    let mut body = json!({ "year": 2027, "opens_on": "2027-12-01", "closes_on": "2027-12-31" });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let r = app
        .post("/api/v1/assessment-rounds", Some(city), body)
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

/// The id of the annual assessment of `user` in `round`.
pub async fn assessment_of(app: &TestApp, city: &str, round: &Value, user: UserId) -> i64 {
    let list = app
        .get(
            &format!(
                "/api/v1/assessment-rounds/{}/assessments?per_page=100",
                round["id"]
            ),
            Some(city),
        )
        .await;
    list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["mentor_user_id"] == user.0 && a["kind"] == "annual")
        .unwrap_or_else(|| panic!("no assessment of {user:?}: {}", list.body))["id"]
        .as_i64()
        .unwrap()
}

pub async fn post_empty(app: &TestApp, path: &str, token: &str) -> crate::helpers::Res {
    app.request("POST", path, Some(token), None).await
}

/// The unit admin grades and submits; the city admin confirms.
pub async fn grade_and_confirm(app: &TestApp, s: &TwoUnits, id: i64, grade: &str, comment: &str) {
    let url = format!("/api/v1/assessments/{id}");
    let g = app
        .patch(
            &url,
            Some(&s.admin1.1),
            json!({ "grade": grade, "overall_comment": comment }),
        )
        .await;
    assert_eq!(g.status, 200, "{}", g.body);
    let sub = post_empty(app, &format!("{url}/submit"), &s.admin1.1).await;
    assert_eq!(sub.status, 200, "{}", sub.body);
    let c = post_empty(app, &format!("{url}/confirm"), &s.city).await;
    assert_eq!(c.status, 200, "{}", c.body);
}

/// The recipients of the e-mails of one template, in order.
pub fn templates_to(app: &TestApp, template: &str) -> Vec<i64> {
    app.outbox()
        .into_iter()
        .filter(|r| r.template == template)
        .filter_map(|r| r.recipient_user_id.map(|u| u.0))
        .collect()
}

/// The data of the e-mails of one template, in order.
pub fn template_data(app: &TestApp, template: &str) -> Vec<Value> {
    app.outbox()
        .into_iter()
        .filter(|r| r.template == template)
        .map(|r| serde_json::from_str::<Value>(&r.data).unwrap()["data"].clone())
        .collect()
}

pub fn pool_status(app: &TestApp, u: UserId) -> String {
    use diesel::prelude::*;
    use peidai::db::schema::mentors as m;
    let mut conn = app.db().get().unwrap();
    m::table
        .filter(m::user_id.eq(u.0))
        .select(m::status)
        .first::<String>(&mut *conn)
        .unwrap()
}

#[actix_web::test]
async fn a_round_gives_every_mentor_active_that_year_one_assessment_in_their_unit() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let (m1, _, _) = mentor(&app, "m1@test.cn", s.u1).await;
    let (m2, _, _) = mentor(&app, "m2@test.cn", s.u2).await;
    let (_, gone_entry, _) = mentor(&app, "gone@test.cn", s.u1).await;
    {
        use diesel::prelude::*;
        use peidai::db::schema::mentors as m;
        let mut conn = app.db().get().unwrap();
        diesel::update(m::table.find(gone_entry))
            .set((
                m::status.eq("expired"),
                m::term_ends_on.eq("2026-12-31".parse::<chrono::NaiveDate>().unwrap()),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    travel(&app, "2027-12-02T01:00:00Z", &mut s).await;

    let bad = app
        .post(
            "/api/v1/assessment-rounds",
            Some(&s.city),
            json!({ "year": 2027, "opens_on": "2027-12-31", "closes_on": "2027-12-01", "objection_days": 0 }),
        )
        .await;
    assert_eq!(bad.field_code("closes_on"), Some("before_opens_on"));
    assert_eq!(bad.field_code("objection_days"), Some("out_of_range"));
    let by_unit = app
        .post(
            "/api/v1/assessment-rounds",
            Some(&s.admin1.1),
            json!({ "year": 2027, "opens_on": "2027-12-01", "closes_on": "2027-12-31" }),
        )
        .await;
    assert_eq!(by_unit.status, 403);

    let round = open_2027(&app, &s.city, json!({})).await;
    assert_eq!(
        round["assessments"], 2,
        "the mentor whose term ended in 2026 is out"
    );
    assert_eq!(round["objection_days"], 15, "the policy's default");
    assert_eq!(round["consequence"], "revoke");
    let again = app
        .post(
            "/api/v1/assessment-rounds",
            Some(&s.city),
            json!({ "year": 2027, "opens_on": "2027-12-01", "closes_on": "2027-12-31" }),
        )
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.field_code("year"), Some("already_exists"));

    let mine = app
        .get(
            &format!("/api/v1/assessment-rounds/{}/assessments", round["id"]),
            Some(&s.admin1.1),
        )
        .await;
    let items = mine.body["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        1,
        "a unit admin sees their own unit: {}",
        mine.body
    );
    assert_eq!(items[0]["mentor_user_id"], m1.0);
    assert_eq!(items[0]["status"], "draft");
    assert_eq!(items[0]["period_from"], "2027-01-01");
    assert_eq!(items[0]["contract_id"], Value::Null);
    let other = assessment_of(&app, &s.city, &round, m2).await;
    let url = format!("/api/v1/assessments/{other}");
    assert_eq!(
        app.get(&url, Some(&s.admin1.1)).await.status,
        404,
        "another unit's assessment"
    );
    let foreign = app
        .patch(&url, Some(&s.admin1.1), json!({ "grade": "qualified" }))
        .await;
    assert_eq!(foreign.status, 404);
    let told = templates_to(&app, "assessment_reminder");
    assert_eq!(
        told,
        vec![s.admin1.0.0, s.admin2.0.0],
        "the window is open: both units' admins are told at once"
    );
    app.run_job(JobName::AssessmentReminders).await;
    assert_eq!(
        templates_to(&app, "assessment_reminder"),
        told,
        "the opening notice goes once"
    );
}

#[actix_web::test]
async fn the_unit_grades_on_the_evidence_the_city_returns_then_confirms_and_the_year_locks() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let (mu, _, _) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, toks) = mentees(&app, "mentee", s.u1, 5).await;
    let m = app.login("mentor@test.cn", PASSWORD).await;
    let k = active_from(&app, &m, &ids, &toks, "2026-12-01").await;
    travel(&app, "2027-12-10T01:00:00Z", &mut s).await;
    let m = app.login("mentor@test.cn", PASSWORD).await;
    let mentee0 = app.login("mentee0@test.cn", PASSWORD).await;
    let log = format!("/api/v1/contracts/{k}/activities");
    // Every default indicator met: lecture 2, tutoring 4, class 1, exchange 2, practice 1.
    let plan = [
        ("lecture", 2),
        ("technical_tutoring", 4),
        ("training_class", 1),
        ("exchange", 2),
        ("project_practice", 1),
    ];
    let mut first_activity = None;
    for (kind, n) in plan {
        for i in 0..n {
            let held_on = format!("2027-0{}-1{i}", 3 + i);
            let r = app
                .post(&log, Some(&m), activity(kind, &held_on, &ids))
                .await;
            assert_eq!(r.status, 201, "{}", r.body);
            first_activity.get_or_insert(r.body["id"].as_i64().unwrap());
        }
    }
    let first_activity = first_activity.unwrap();
    let round = open_2027(&app, &s.city, json!({})).await;
    let id = assessment_of(&app, &s.city, &round, mu).await;
    let url = format!("/api/v1/assessments/{id}");

    let seen = app.get(&url, Some(&s.admin1.1)).await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    assert_eq!(seen.body["contract_id"], k);
    let ev = &seen.body["evidence"];
    assert_eq!(ev["activities"], 10);
    assert_eq!(ev["hours"], 20.0);
    assert_eq!(ev["indicators_met"], 5);
    assert_eq!(
        ev["suggested_grade"], "qualified",
        "every target met, no plan approved: qualified, not excellent"
    );
    assert_eq!(ev["mentees"].as_array().unwrap().len(), 5);
    assert_eq!(ev["mentees"][0]["attended"], 10);
    assert_eq!(
        app.get(&url, Some(&m)).await.status,
        404,
        "the mentor sees it once confirmed"
    );

    let indicator = ev["indicators"][0]["indicator_id"].as_i64().unwrap();
    let unknown = app
        .patch(
            &url,
            Some(&s.admin1.1),
            json!({ "indicator_comments": [{ "indicator_id": 999999, "comment": "?" }] }),
        )
        .await;
    assert_eq!(
        unknown.field_code("indicator_comments[0].indicator_id"),
        Some("not_found")
    );
    let differs = app
        .patch(
            &url,
            Some(&s.admin1.1),
            json!({ "grade": "excellent", "indicator_comments": [{ "indicator_id": indicator, "comment": "讲座质量高" }] }),
        )
        .await;
    assert_eq!(differs.status, 200, "{}", differs.body);
    let refused = post_empty(&app, &format!("{url}/submit"), &s.admin1.1).await;
    assert_eq!(
        refused.field_code("overall_comment"),
        Some("required_when_differs"),
        "{}",
        refused.body
    );
    app.patch(
        &url,
        Some(&s.admin1.1),
        json!({ "overall_comment": "全年超额完成，讲座反响好" }),
    )
    .await;
    let sub = post_empty(&app, &format!("{url}/submit"), &s.admin1.1).await;
    assert_eq!(sub.status, 200, "{}", sub.body);
    assert_eq!(sub.body["status"], "submitted");
    assert_eq!(sub.body["suggested_grade"], "qualified");
    assert_eq!(
        app.patch(&url, Some(&s.admin1.1), json!({ "grade": "qualified" }))
            .await
            .field_code("status"),
        Some("wrong_status")
    );
    assert_eq!(
        post_empty(&app, &format!("{url}/confirm"), &s.admin1.1)
            .await
            .status,
        403
    );
    let no_reason = app
        .post(
            &format!("{url}/return"),
            Some(&s.city),
            json!({ "reason": " " }),
        )
        .await;
    assert_eq!(no_reason.field_code("reason"), Some("required"));
    let back = app
        .post(
            &format!("{url}/return"),
            Some(&s.city),
            json!({ "reason": "请说明评为优秀的依据" }),
        )
        .await;
    assert_eq!(back.body["status"], "returned", "{}", back.body);
    assert_eq!(back.body["return_reason"], "请说明评为优秀的依据");
    assert_eq!(
        templates_to(&app, "assessment_returned"),
        vec![s.admin1.0.0]
    );
    assert_eq!(
        post_empty(&app, &format!("{url}/confirm"), &s.city)
            .await
            .field_code("status"),
        Some("wrong_status"),
        "a returned assessment is not confirmed"
    );
    let again = post_empty(&app, &format!("{url}/submit"), &s.admin1.1).await;
    assert_eq!(again.body["status"], "submitted", "{}", again.body);
    let done = post_empty(&app, &format!("{url}/confirm"), &s.city).await;
    assert_eq!(done.body["status"], "confirmed", "{}", done.body);
    assert_eq!(done.body["grade"], "excellent");
    assert_eq!(done.body["objection_deadline"], Value::Null);
    assert!(
        templates_to(&app, "assessment_unqualified").is_empty(),
        "only an unqualified grade is sent to the mentor"
    );

    // The year's evidence is frozen.
    let edit = app
        .patch(
            &format!("/api/v1/activities/{first_activity}"),
            Some(&m),
            activity("lecture", "2027-03-10", &ids),
        )
        .await;
    assert_eq!(edit.field_code("locked"), Some("activity_locked"));
    let late = app
        .post(&log, Some(&m), activity("lecture", "2027-11-30", &ids))
        .await;
    assert_eq!(late.field_code("locked"), Some("activity_locked"));
    let answer = app
        .post(
            &format!("/api/v1/activities/{first_activity}/attendance"),
            Some(&mentee0),
            json!({ "status": "disputed", "note": "当天未参加" }),
        )
        .await;
    assert_eq!(answer.field_code("locked"), Some("activity_locked"));

    // The mentor now sees it, the unit's report has it, and the city's summary counts it.
    let mine = app.get("/api/v1/my-assessments", Some(&m)).await;
    assert_eq!(
        mine.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        mine.body
    );
    assert_eq!(app.get(&url, Some(&m)).await.body["grade"], "excellent");
    let report_url = format!(
        "/api/v1/assessment-rounds/{}/units/{}/report",
        round["id"], s.u1.0
    );
    let json_report = app.get(&report_url, Some(&s.admin1.1)).await;
    assert_eq!(json_report.status, 200, "{}", json_report.body);
    assert_eq!(json_report.body["assessments"][0]["grade"], "excellent");
    assert_eq!(
        json_report.body["assessments"][0]["evidence"]["activities"],
        10
    );
    assert_eq!(
        app.get(&report_url, Some(&s.admin2.1)).await.status,
        404,
        "another unit's report"
    );
    let csv = csv_get(&app, &format!("{report_url}?format=csv"), &s.admin1.1).await;
    assert!(csv.starts_with('\u{FEFF}'), "a byte-order mark for Excel");
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("\"考核编号\""));
    assert!(
        lines[1].contains("\"优秀\"") && lines[1].contains("\"合格\""),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("讲座质量高"), "{}", lines[1]);
    let summary = app
        .get(
            &format!("/api/v1/assessment-rounds/{}", round["id"]),
            Some(&s.city),
        )
        .await;
    assert_eq!(summary.body["total"], 1, "{}", summary.body);
    assert_eq!(summary.body["by_grade"]["excellent"], 1);
    assert_eq!(summary.body["units"][0]["confirmed"], 1);
    assert_eq!(summary.body["units"][0]["outstanding"], 0);
}

/// The body of a GET as text, checking that it is CSV.
async fn csv_get(app: &TestApp, path: &str, token: &str) -> String {
    let mut r = app
        .client
        .get(format!("{}{path}", app.base))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let kind = r.headers().get("content-type").unwrap().to_str().unwrap();
    assert!(kind.starts_with("text/csv"), "{kind}");
    String::from_utf8(r.body().await.unwrap().to_vec()).unwrap()
}

/// Mentors `u0@…`, `u1@…` of unit 1 without contracts (so "unqualified" is suggested), their
/// 2027 assessments confirmed unqualified on 2027-12-10 (objection deadline 2027-12-25).
struct Unqualified {
    app: TestApp,
    s: TwoUnits,
    users: Vec<UserId>,
    assessments: Vec<i64>,
}

async fn unqualified(n: usize, round_extra: Value) -> Unqualified {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let mut users = Vec::new();
    for i in 0..n {
        users.push(mentor(&app, &format!("u{i}@test.cn"), s.u1).await.0);
    }
    travel(&app, "2027-12-10T01:00:00Z", &mut s).await;
    let round = open_2027(&app, &s.city, round_extra).await;
    let mut assessments = Vec::new();
    for u in &users {
        let id = assessment_of(&app, &s.city, &round, *u).await;
        let url = format!("/api/v1/assessments/{id}");
        let ev = app.get(&url, Some(&s.admin1.1)).await;
        assert_eq!(ev.body["evidence"]["suggested_grade"], "unqualified");
        let g = app
            .patch(&url, Some(&s.admin1.1), json!({ "grade": "unqualified" }))
            .await;
        assert_eq!(g.status, 200);
        assert_eq!(
            post_empty(&app, &format!("{url}/submit"), &s.admin1.1)
                .await
                .field_code("overall_comment"),
            Some("required"),
            "an unqualified grade needs its reasons"
        );
        grade_and_confirm(&app, &s, id, "unqualified", "全年未开展培带活动").await;
        assessments.push(id);
    }
    Unqualified {
        app,
        s,
        users,
        assessments,
    }
}

/// Logs the first `n` mentors of [`unqualified`] in.
async fn mentor_tokens(app: &TestApp, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(app.login(&format!("u{i}@test.cn"), PASSWORD).await);
    }
    out
}

#[actix_web::test]
async fn the_mentor_may_object_until_the_last_day_of_the_window_in_the_citys_time_zone() {
    let Unqualified {
        app,
        mut s,
        users,
        assessments,
    } = unqualified(3, json!({})).await;
    assert_eq!(
        templates_to(&app, "assessment_unqualified"),
        users.iter().map(|u| u.0).collect::<Vec<_>>()
    );
    let tokens = mentor_tokens(&app, 3).await;
    let objection_url = |i: usize| format!("/api/v1/assessments/{}/objection", assessments[i]);
    let a0 = app
        .get(
            &format!("/api/v1/assessments/{}", assessments[0]),
            Some(&tokens[0]),
        )
        .await;
    assert_eq!(a0.body["objection_deadline"], "2027-12-25", "{}", a0.body);
    let foreign = app
        .post(
            &objection_url(1),
            Some(&tokens[0]),
            json!({ "content": "不是我的" }),
        )
        .await;
    assert_eq!(foreign.status, 404, "another mentor's assessment");

    // 23:59 on the 25th in the city is 15:59 UTC: the last day.
    travel(&app, "2027-12-25T15:59:00Z", &mut s).await;
    let tokens = mentor_tokens(&app, 3).await;
    let empty = app
        .post(
            &objection_url(0),
            Some(&tokens[0]),
            json!({ "content": "" }),
        )
        .await;
    assert_eq!(empty.field_code("content"), Some("required"));
    let filed = app
        .post(
            &objection_url(0),
            Some(&tokens[0]),
            json!({ "content": "全年开展了活动，但记录在纸质台账中" }),
        )
        .await;
    assert_eq!(filed.status, 201, "{}", filed.body);
    assert_eq!(filed.body["status"], "pending");
    let twice = app
        .post(
            &objection_url(0),
            Some(&tokens[0]),
            json!({ "content": "再次异议" }),
        )
        .await;
    assert_eq!(twice.field_code("assessment_id"), Some("already_objected"));
    let objection = filed.body["id"].as_i64().unwrap();
    let files = format!("/api/v1/assessment-objections/{objection}/files");
    let pdf = b"%PDF-1.7\nledger".to_vec();
    let up = app
        .send_raw(
            "POST",
            &format!("{files}?name=ledger.pdf"),
            Some(&tokens[0]),
            "application/octet-stream",
            pdf.clone(),
        )
        .await;
    assert_eq!(up.status, 201, "{}", up.body);
    let stranger = app
        .send_raw(
            "POST",
            &format!("{files}?name=x.pdf"),
            Some(&tokens[1]),
            "application/octet-stream",
            pdf,
        )
        .await;
    assert_eq!(stranger.status, 404, "another mentor's objection");
    let listed = app.get(&files, Some(&s.city)).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(app.get(&files, Some(&s.admin2.1)).await.status, 404);
    let upheld = app
        .post(
            &objection_url(1),
            Some(&tokens[1]),
            json!({ "content": "我在年中调任，活动由新单位记录" }),
        )
        .await;
    assert_eq!(upheld.status, 201);

    // 00:00 on the 26th in the city: the window has closed.
    travel(&app, "2027-12-25T16:00:00Z", &mut s).await;
    let tokens = mentor_tokens(&app, 3).await;
    let late = app
        .post(
            &objection_url(2),
            Some(&tokens[2]),
            json!({ "content": "晚了一天" }),
        )
        .await;
    assert_eq!(
        late.field_code("objection_deadline"),
        Some("objection_window_closed")
    );

    let pending = app
        .get(
            "/api/v1/assessment-objections?status=pending",
            Some(&s.city),
        )
        .await;
    assert_eq!(pending.body["items"].as_array().unwrap().len(), 2);
    let decision = format!(
        "/api/v1/assessment-objections/{}/decision",
        upheld.body["id"]
    );
    let decided = app
        .post(
            &decision,
            Some(&s.city),
            json!({ "outcome": "upheld", "reason": "调任情况属实，请重新评定" }),
        )
        .await;
    assert_eq!(decided.body["status"], "upheld", "{}", decided.body);
    let back = app
        .get(
            &format!("/api/v1/assessments/{}", assessments[1]),
            Some(&s.admin1.1),
        )
        .await;
    assert_eq!(back.body["status"], "returned");
    assert_eq!(back.body["objection_deadline"], Value::Null);
    let redo = app
        .post(
            &decision,
            Some(&s.city),
            json!({ "outcome": "rejected", "reason": "改判" }),
        )
        .await;
    assert_eq!(redo.field_code("status"), Some("wrong_status"));
    assert_eq!(templates_to(&app, "objection_decided"), vec![users[1].0]);
    assert_eq!(
        templates_to(&app, "assessment_returned"),
        vec![s.admin1.0.0]
    );

    // On the 26th: the mentor with no objection is revoked; the pending and the upheld are not.
    let run = app.run_job(JobName::RevokeUnqualified).await;
    assert_eq!(run.counts["revoked"], 1, "{:?}", run.counts);
    assert_eq!(pool_status(&app, users[2]), "revoked");
    assert_eq!(pool_status(&app, users[0]), "active", "objection pending");
    assert_eq!(pool_status(&app, users[1]), "active", "objection upheld");
    let rejected = app
        .post(
            &format!("/api/v1/assessment-objections/{objection}/decision"),
            Some(&s.city),
            json!({ "outcome": "rejected", "reason": "纸质台账无法核实" }),
        )
        .await;
    assert_eq!(rejected.body["status"], "rejected", "{}", rejected.body);
    assert_eq!(
        app.run_job(JobName::RevokeUnqualified).await.counts["revoked"],
        1
    );
    assert_eq!(
        pool_status(&app, users[0]),
        "revoked",
        "rejected: revoked at the next run"
    );
    assert_eq!(pool_status(&app, users[1]), "active");
}

#[actix_web::test]
async fn revocation_ends_the_contract_releases_the_mentees_takes_the_role_and_tells_everyone() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let (mu, entry, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, toks) = mentees(&app, "mentee", s.u1, 5).await;
    let k = active_from(&app, &m, &ids, &toks, "2026-12-01").await;
    travel(&app, "2027-12-10T01:00:00Z", &mut s).await;
    let m = app.login("mentor@test.cn", PASSWORD).await;
    let lecture = app
        .post(
            &format!("/api/v1/contracts/{k}/activities"),
            Some(&m),
            activity("lecture", "2027-05-01", &ids),
        )
        .await;
    assert_eq!(lecture.status, 201);
    let round = open_2027(&app, &s.city, json!({})).await;
    let id = assessment_of(&app, &s.city, &round, mu).await;
    let ev = app
        .get(&format!("/api/v1/assessments/{id}"), Some(&s.admin1.1))
        .await;
    assert_eq!(ev.body["evidence"]["indicators_met"], 0);
    assert_eq!(ev.body["evidence"]["suggested_grade"], "unqualified");
    grade_and_confirm(&app, &s, id, "unqualified", "全年仅开展一次讲座").await;

    app.set_time(at("2027-12-25T15:00:00Z"));
    assert_eq!(
        app.run_job(JobName::RevokeUnqualified).await.counts["revoked"],
        0,
        "the last day of the window"
    );
    travel(&app, "2027-12-26T01:00:00Z", &mut s).await;
    let m = app.login("mentor@test.cn", PASSWORD).await;
    let before = app.outbox().len();
    // Two runs at once: one does the work; the other finds nothing left, or is skipped.
    let (a, b) = tokio::join!(
        app.run_job(JobName::RevokeUnqualified),
        app.run_job(JobName::RevokeUnqualified)
    );
    let revoked = |r: &peidai::db::job_runs::JobRun| r.counts["revoked"].as_i64().unwrap_or(0);
    assert_eq!(
        revoked(&a) + revoked(&b),
        1,
        "{:?} {:?}",
        a.counts,
        b.counts
    );

    let record = app
        .get(&format!("/api/v1/mentors/{entry}"), Some(&s.city))
        .await;
    let pool = &record.body["mentor"];
    assert_eq!(pool["status"], "revoked", "{}", record.body);
    assert_eq!(pool["revoked_on"], "2027-12-26");
    assert_eq!(pool["revoked_assessment_id"], id);
    assert!(
        pool["status_reason"]
            .as_str()
            .unwrap()
            .contains("全年仅开展一次讲座")
    );
    assert_eq!(
        record.body["history"][0]["action"], "mentor.revoke",
        "the mentor's history shows it"
    );
    let contract = app
        .get(&format!("/api/v1/contracts/{k}"), Some(&s.city))
        .await;
    assert_eq!(contract.body["status"], "terminated");
    let free: Vec<i64> = app
        .get("/api/v1/mentees-without-mentor", Some(&s.admin1.1))
        .await
        .body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["user_id"].as_i64().unwrap())
        .collect();
    assert_eq!(free, ids, "all five released");
    assert_eq!(
        app.get("/api/v1/auth/me", Some(&m)).await.status,
        401,
        "a role change ends the older sessions at the next request"
    );
    let m = app.login("mentor@test.cn", PASSWORD).await;
    let me = app.get("/api/v1/auth/me", Some(&m)).await;
    assert_eq!(me.status, 200, "the account stays: {}", me.body);
    assert!(
        !me.body["roles"]
            .as_array()
            .unwrap()
            .contains(&json!("mentor"))
    );
    assert_eq!(
        app.get("/api/v1/contracts", Some(&m)).await.status,
        403,
        "no mentor access any more"
    );
    assert_eq!(
        app.get(&format!("/api/v1/assessments/{id}"), Some(&m))
            .await
            .body["consequence"],
        "revoked",
        "the history stays visible to them"
    );
    let emails: Vec<i64> = app.outbox()[before..]
        .iter()
        .filter(|r| r.template == "mentor_revoked")
        .filter_map(|r| r.recipient_user_id.map(|u| u.0))
        .collect();
    let mut expected = vec![mu.0];
    expected.extend(&ids);
    expected.push(s.admin1.0.0);
    assert_eq!(
        emails, expected,
        "the mentor, each mentee and the unit admin"
    );

    let after = app.outbox().len();
    assert_eq!(
        app.run_job(JobName::RevokeUnqualified).await.counts["revoked"],
        0
    );
    assert_eq!(app.outbox().len(), after, "a second run changes nothing");
}

#[actix_web::test]
async fn under_rectify_then_revoke_a_follow_up_at_the_end_of_the_period_decides() {
    let Unqualified {
        app,
        mut s,
        users,
        assessments,
    } = unqualified(
        2,
        json!({ "consequence": "rectify_then_revoke", "rectification_days": 30 }),
    )
    .await;
    assert_eq!(
        template_data(&app, "assessment_unqualified")[0]["rectification"],
        true
    );

    travel(&app, "2027-12-26T01:00:00Z", &mut s).await;
    let run = app.run_job(JobName::RevokeUnqualified).await;
    assert_eq!(run.counts["rectification_started"], 2, "{:?}", run.counts);
    assert_eq!(run.counts["revoked"], 0);
    assert_eq!(
        templates_to(&app, "rectification_started"),
        vec![users[0].0, s.admin1.0.0, users[1].0, s.admin1.0.0],
        "each mentor and the unit admin"
    );
    let first = app
        .get(
            &format!("/api/v1/assessments/{}", assessments[0]),
            Some(&s.city),
        )
        .await;
    assert_eq!(first.body["consequence"], "rectification");
    let round = first.body["round_id"].clone();
    let follow_ups = app
        .get(
            &format!("/api/v1/assessment-rounds/{round}/assessments?kind=follow_up"),
            Some(&s.admin1.1),
        )
        .await;
    let items = follow_ups.body["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2, "{}", follow_ups.body);
    assert_eq!(items[0]["follows_id"], assessments[0]);
    assert_eq!(items[0]["period_from"], "2027-12-26");
    assert_eq!(items[0]["period_to"], "2028-01-25");
    let f0 = items[0]["id"].as_i64().unwrap();
    let f1 = items[1]["id"].as_i64().unwrap();
    app.patch(
        &format!("/api/v1/assessments/{f0}"),
        Some(&s.admin1.1),
        json!({ "grade": "unqualified", "overall_comment": "整改期内仍未开展活动" }),
    )
    .await;
    let early = post_empty(
        &app,
        &format!("/api/v1/assessments/{f0}/submit"),
        &s.admin1.1,
    )
    .await;
    assert_eq!(
        early.field_code("period_to"),
        Some("rectification_not_over")
    );

    travel(&app, "2028-01-25T01:00:00Z", &mut s).await;
    app.run_job(JobName::AssessmentReminders).await;
    let due: Vec<Value> = template_data(&app, "assessment_reminder")
        .into_iter()
        .filter(|d| d["reminder"] == "follow_up_due")
        .collect();
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0]["count"], 2);
    grade_and_confirm(&app, &s, f0, "unqualified", "整改期内仍未开展活动").await;
    grade_and_confirm(&app, &s, f1, "qualified", "整改到位，已开展讲座与辅导").await;

    travel(&app, "2028-02-10T01:00:00Z", &mut s).await;
    let run = app.run_job(JobName::RevokeUnqualified).await;
    assert_eq!(run.counts["revoked"], 1, "{:?}", run.counts);
    assert_eq!(
        run.counts["rectification_started"], 0,
        "no second rectification"
    );
    assert_eq!(pool_status(&app, users[0]), "revoked");
    assert_eq!(
        pool_status(&app, users[1]),
        "active",
        "the rectified mentor keeps the status"
    );
}

#[actix_web::test]
async fn unit_admins_are_reminded_seven_days_and_one_day_before_the_window_closes() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let (m1, _, _) = mentor(&app, "m1@test.cn", s.u1).await;
    mentor(&app, "m2@test.cn", s.u1).await;
    travel(&app, "2027-11-20T01:00:00Z", &mut s).await;
    let round = open_2027(&app, &s.city, json!({})).await;
    assert!(
        templates_to(&app, "assessment_reminder").is_empty(),
        "the window opens on 1 December"
    );
    app.set_time(at("2027-12-01T01:00:00Z"));
    app.run_job(JobName::AssessmentReminders).await;
    assert_eq!(
        templates_to(&app, "assessment_reminder"),
        vec![s.admin1.0.0]
    );

    travel(&app, "2027-12-20T01:00:00Z", &mut s).await;
    let id = assessment_of(&app, &s.city, &round, m1).await;
    let g = app
        .patch(
            &format!("/api/v1/assessments/{id}"),
            Some(&s.admin1.1),
            json!({ "grade": "unqualified", "overall_comment": "未开展活动" }),
        )
        .await;
    assert_eq!(g.status, 200);
    let sub = post_empty(
        &app,
        &format!("/api/v1/assessments/{id}/submit"),
        &s.admin1.1,
    )
    .await;
    assert_eq!(sub.status, 200);
    app.set_time(at("2027-12-24T01:00:00Z"));
    app.run_job(JobName::AssessmentReminders).await;
    app.run_job(JobName::AssessmentReminders).await;
    app.set_time(at("2027-12-30T01:00:00Z"));
    app.run_job(JobName::AssessmentReminders).await;
    let closing: Vec<Value> = template_data(&app, "assessment_reminder")
        .into_iter()
        .filter(|d| d["reminder"] == "window_closing")
        .collect();
    assert_eq!(
        closing.len(),
        2,
        "7 days and 1 day before, once each: {closing:?}"
    );
    assert_eq!(closing[0]["days_left"], 7);
    assert_eq!(closing[1]["days_left"], 1);
    assert_eq!(closing[0]["count"], 1, "only the mentor not yet handed in");
    assert_eq!(closing[0]["mentors"], "测试 m2@test.cn");
}

/// Makes every insert of a `mentor_revoked` e-mail to `user` fail: the revocation's last step.
pub fn fail_revocation_email_to(app: &TestApp, user: i64) {
    use diesel::RunQueryDsl;
    use peidai::db::Backend;
    let mut conn = app.db().get().unwrap();
    let statements: Vec<String> = match app.db().backend() {
        Backend::Sqlite => vec![format!(
            "CREATE TRIGGER test_crash BEFORE INSERT ON email_outbox \
             WHEN NEW.template = 'mentor_revoked' AND NEW.recipient_user_id = {user} \
             BEGIN SELECT RAISE(ABORT, 'simulated crash'); END"
        )],
        Backend::Postgres => vec![
            format!(
                "CREATE FUNCTION test_crash() RETURNS trigger AS $$ BEGIN \
                 IF NEW.template = 'mentor_revoked' AND NEW.recipient_user_id = {user} THEN \
                 RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            ),
            "CREATE TRIGGER test_crash BEFORE INSERT ON email_outbox \
             FOR EACH ROW EXECUTE FUNCTION test_crash()"
                .to_owned(),
        ],
    };
    for sql in statements {
        diesel::sql_query(sql).execute(&mut *conn).unwrap();
    }
}

pub fn heal(app: &TestApp) {
    use diesel::RunQueryDsl;
    let mut conn = app.db().get().unwrap();
    diesel::sql_query("DROP TRIGGER test_crash ON email_outbox")
        .execute(&mut *conn)
        .or_else(|_| diesel::sql_query("DROP TRIGGER test_crash").execute(&mut *conn))
        .unwrap();
}

#[actix_web::test]
async fn a_revocation_that_fails_half_way_leaves_that_mentor_untouched_and_the_others_revoked() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let (mu, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (other, _, _) = mentor(&app, "other@test.cn", s.u1).await;
    let (ids, toks) = mentees(&app, "mentee", s.u1, 5).await;
    let k = active_from(&app, &m, &ids, &toks, "2026-12-01").await;
    travel(&app, "2027-12-10T01:00:00Z", &mut s).await;
    let round = open_2027(&app, &s.city, json!({})).await;
    for u in [mu, other] {
        let id = assessment_of(&app, &s.city, &round, u).await;
        grade_and_confirm(&app, &s, id, "unqualified", "未完成年度指标").await;
    }
    travel(&app, "2027-12-26T01:00:00Z", &mut s).await;
    // The last mentee's e-mail is the revocation's last write.
    fail_revocation_email_to(&app, ids[4]);
    let run = app.run_job(JobName::RevokeUnqualified).await;
    assert_eq!(run.status, "failed", "{:?}", run.counts);
    assert!(run.error.unwrap().contains("1 assessment(s)"));
    assert_eq!(
        pool_status(&app, other),
        "revoked",
        "the other mentor went ahead"
    );
    assert_eq!(pool_status(&app, mu), "active", "rolled back: untouched");
    let contract = app
        .get(&format!("/api/v1/contracts/{k}"), Some(&s.city))
        .await;
    assert_eq!(contract.body["status"], "active");
    let me = app.login("mentor@test.cn", PASSWORD).await;
    assert_eq!(
        app.get("/api/v1/contracts", Some(&me)).await.status,
        200,
        "still a mentor"
    );
    assert!(
        !templates_to(&app, "mentor_revoked").contains(&mu.0),
        "no e-mail of the rolled-back revocation"
    );

    heal(&app);
    let run = app.run_job(JobName::RevokeUnqualified).await;
    assert_eq!(run.counts["revoked"], 1, "{:?}", run.counts);
    assert_eq!(pool_status(&app, mu), "revoked");
    let contract = app
        .get(&format!("/api/v1/contracts/{k}"), Some(&s.city))
        .await;
    assert_eq!(contract.body["status"], "terminated");
}
