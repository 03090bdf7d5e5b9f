//! The whole path from a round to an appointed mentor: reviewers (never their own unit), scores
//! the units cannot see, decisions with sign-off, public notice, objections, closing, the pool
//! and the e-mails.

use serde_json::{Value, json};

use peidai::domain::role::Role;
use peidai::jobs::JobName;

use crate::helpers::{PASSWORD, Res, TestApp, TwoUnits, spawn_with_smtp, two_units};
use crate::smtp_sink::SmtpSink;

async fn person(app: &TestApp, s: &TwoUnits, email: &str, unit: i64) -> i64 {
    let res = app
        .post(
            "/api/v1/users",
            Some(&s.city),
            json!({
                "email": email, "name": format!("候选{email}"), "roles": ["mentee"], "unit_id": unit,
                "profile": { "birth_date": "1980-01-01", "city_work_start_date": "2010-01-01", "education": "doctorate" }
            }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.body["id"].as_i64().unwrap()
}

async fn submitted(app: &TestApp, token: &str, round: i64, candidate: i64) -> Value {
    let n = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/nominations"),
            Some(token),
            json!({ "candidate_id": candidate, "category": "professional_technical" }),
        )
        .await;
    assert_eq!(n.status, 201, "{}", n.body);
    let id = n.body["id"].clone();
    let s = app
        .request(
            "POST",
            &format!("/api/v1/nominations/{id}/submit"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(s.status, 200, "{}", s.body);
    id
}

async fn advance(app: &TestApp, city: &str, round: i64, to: &str) -> Res {
    app.post(
        &format!("/api/v1/selection-rounds/{round}/advance"),
        Some(city),
        json!({ "to": to }),
    )
    .await
}

/// Moves the clock past the notice (Saturday 28 November, 10:00 in the city) and logs everyone in
/// again: the earlier tokens have expired by then.
async fn after_notice(app: &TestApp, s: TwoUnits) -> TwoUnits {
    app.set_time("2026-11-28T02:00:00Z".parse().unwrap());
    TwoUnits {
        city: app.login("city.admin@test.cn", PASSWORD).await,
        admin1: (s.admin1.0, app.login("admin1@test.cn", PASSWORD).await),
        admin2: (s.admin2.0, app.login("admin2@test.cn", PASSWORD).await),
        ..s
    }
}

/// Three reviewers of 松山区 appointed to the round for professional-technical talent (the
/// round's minimum of scores); their tokens.
async fn committee(app: &TestApp, s: &TwoUnits, round: i64, tag: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for i in 0..3 {
        let (id, token) = app
            .make_user(
                &format!("rev.{tag}{i}@test.cn"),
                &[Role::Reviewer],
                Some(s.u2),
            )
            .await;
        let res = app
            .post(
                &format!("/api/v1/selection-rounds/{round}/reviewers"),
                Some(&s.city),
                json!({ "reviewer_id": id.0, "categories": ["professional_technical"] }),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        tokens.push(token);
    }
    tokens
}

/// Each reviewer scores the nomination.
async fn score_by(app: &TestApp, reviewers: &[String], id: &Value, scores: &[i32]) {
    for (token, score) in reviewers.iter().zip(scores) {
        let res = app
            .request(
                "PUT",
                &format!("/api/v1/reviews/{id}"),
                Some(token),
                Some(
                    json!({ "score": score, "recommendation": "recommend", "comment": "业绩突出" }),
                ),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
}

async fn decide(app: &TestApp, city: &str, id: &Value, decision: &str) -> Res {
    app.post(
        &format!("/api/v1/nominations/{id}/decision"),
        Some(city),
        json!({ "decision": decision, "reason": "评审委员会综合评定", "signed_by": "王敏", "signed_on": "2026-11-21" }),
    )
    .await
}

#[actix_web::test]
async fn a_round_ends_with_appointed_mentors_their_certificates_roles_and_emails() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    let s = two_units(&app).await;
    let round = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": "第五届", "year": 2027 }),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let (_, outside) = app
        .make_user("rev.outside@test.cn", &[Role::Reviewer], Some(s.u2))
        .await;
    let (_, inside) = app
        .make_user("rev.inside@test.cn", &[Role::Reviewer], Some(s.u1))
        .await;
    for email in ["rev.outside@test.cn", "rev.inside@test.cn"] {
        let id = app
            .get(&format!("/api/v1/users?q={email}"), Some(&s.city))
            .await
            .body["items"][0]["id"]
            .clone();
        let res = app
            .post(
                &format!("/api/v1/selection-rounds/{round}/reviewers"),
                Some(&s.city),
                json!({ "reviewer_id": id, "categories": ["professional_technical"] }),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    let not_reviewer = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/reviewers"),
            Some(&s.city),
            json!({ "reviewer_id": s.admin1.0, "categories": ["high_skill"] }),
        )
        .await;
    assert_eq!(
        not_reviewer.field_code("reviewer_id"),
        Some("not_a_reviewer")
    );

    let chosen = person(&app, &s, "chosen@test.cn", s.u1.0).await;
    let other = person(&app, &s, "other@test.cn", s.u1.0).await;
    let n1 = submitted(&app, &s.admin1.1, round, chosen).await;
    let n2 = submitted(&app, &s.admin1.1, round, other).await;
    assert_eq!(advance(&app, &s.city, round, "reviewing").await.status, 200);

    let queue = app.get("/api/v1/reviews", Some(&outside)).await;
    assert_eq!(queue.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(queue.body["total"], 2);
    let own = app.get("/api/v1/reviews", Some(&inside)).await;
    assert_eq!(
        own.body["total"], 0,
        "never a nomination of the reviewer's own unit"
    );
    let forbidden = app
        .request(
            "PUT",
            &format!("/api/v1/reviews/{n1}"),
            Some(&inside),
            Some(json!({ "score": 90, "recommendation": "recommend" })),
        )
        .await;
    assert_eq!(forbidden.status, 404);
    let out_of_range = app
        .request(
            "PUT",
            &format!("/api/v1/reviews/{n1}"),
            Some(&outside),
            Some(json!({ "score": 101, "recommendation": "recommend" })),
        )
        .await;
    assert_eq!(out_of_range.field_code("score"), Some("out_of_range"));
    for score in [85, 92] {
        let res = app
            .request(
                "PUT",
                &format!("/api/v1/reviews/{n1}"),
                Some(&outside),
                Some(
                    json!({ "score": score, "recommendation": "recommend", "comment": "业绩突出" }),
                ),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    let unit_view = app
        .get(&format!("/api/v1/nominations/{n1}"), Some(&s.admin1.1))
        .await;
    assert!(
        !unit_view.body.to_string().contains("92"),
        "units never see scores"
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/selection-rounds/{round}/review-summary"),
            Some(&s.admin1.1)
        )
        .await
        .status,
        403
    );
    let summary = app
        .get(
            &format!("/api/v1/selection-rounds/{round}/review-summary"),
            Some(&s.city),
        )
        .await;
    assert_eq!(summary.body["total"], 2);
    assert_eq!(summary.body["items"][0]["score_count"], 1);
    assert_eq!(summary.body["items"][0]["mean"], 92.0);
    assert_eq!(summary.body["items"][0]["recommend"], 1);

    // Two more of the committee bring both nominations to the round's three scores.
    let more = committee(&app, &s, round, "more").await;
    score_by(&app, &more[..2], &n1, &[88, 90]).await;
    score_by(
        &app,
        &[outside.clone(), more[0].clone(), more[1].clone()],
        &n2,
        &[60, 62, 64],
    )
    .await;

    let early = advance(&app, &s.city, round, "public_notice").await;
    assert_eq!(early.field_code("to"), Some("undecided_nominations"));
    assert_eq!(
        decide(&app, &s.city, &n1, "approved").await.body["signed_by"],
        "王敏"
    );
    assert_eq!(
        decide(&app, &s.city, &n2, "rejected").await.body["status"],
        "rejected"
    );
    assert_eq!(
        advance(&app, &s.city, round, "public_notice").await.status,
        200
    );
    let late_score = app
        .request(
            "PUT",
            &format!("/api/v1/reviews/{n1}"),
            Some(&outside),
            Some(json!({ "score": 10, "recommendation": "oppose" })),
        )
        .await;
    assert_eq!(late_score.status, 404, "no longer under review");

    let notice = app
        .get(
            &format!("/api/v1/selection-rounds/{round}/public-notice"),
            Some(&s.admin2.1),
        )
        .await;
    assert_eq!(notice.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(notice.body["items"][0]["unit"], "红山区");
    let objection = app
        .post(
            &format!("/api/v1/nominations/{n1}/objections"),
            Some(&s.city),
            json!({ "content": "群众来信反映材料不实" }),
        )
        .await;
    assert_eq!(objection.status, 201);
    let second = app
        .post(
            &format!("/api/v1/nominations/{n1}/objections"),
            Some(&s.city),
            json!({ "content": "反映其业绩材料有夸大" }),
        )
        .await;
    assert_eq!(second.status, 201);
    let refused = app
        .post(
            &format!("/api/v1/objections/{}/outcome", second.body["id"]),
            Some(&s.city),
            json!({ "outcome": "maybe", "reason": "核实" }),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.field_code("outcome"), Some("invalid_value"));
    assert_eq!(
        refused.body["fields"]["outcome"]["message"],
        "「结果」只能是：成立、不成立"
    );
    let early = advance(&app, &s.city, round, "closed").await;
    assert_eq!(early.field_code("to"), Some("notice_not_over"));
    let round_view = app
        .get(&format!("/api/v1/selection-rounds/{round}"), Some(&s.city))
        .await;
    assert_eq!(
        round_view.body["notice_ends_on"], "2026-11-27",
        "five working days from Saturday 21 November"
    );
    let s = after_notice(&app, s).await;
    let waiting = advance(&app, &s.city, round, "closed").await;
    assert_eq!(waiting.field_code("to"), Some("pending_objections"));
    let dismissed = app
        .post(
            &format!("/api/v1/objections/{}/outcome", objection.body["id"]),
            Some(&s.city),
            json!({ "outcome": "dismissed", "reason": "经核实材料属实" }),
        )
        .await;
    assert_eq!(dismissed.status, 200, "{}", dismissed.body);
    assert_eq!(
        dismissed.body["outcome"], "rejected",
        "the old word, answered in the one vocabulary"
    );
    let rejected = app
        .post(
            &format!("/api/v1/objections/{}/outcome", second.body["id"]),
            Some(&s.city),
            json!({ "outcome": "rejected", "reason": "经核实业绩属实" }),
        )
        .await;
    assert_eq!(rejected.status, 200, "{}", rejected.body);
    assert_eq!(rejected.body["outcome"], "rejected");
    let too_late = app
        .post(
            &format!("/api/v1/nominations/{n1}/objections"),
            Some(&s.city),
            json!({ "content": "公示期后的来信" }),
        )
        .await;
    assert_eq!(too_late.field_code("round"), Some("notice_over"));
    let closed = advance(&app, &s.city, round, "closed").await;
    assert_eq!(closed.status, 200, "{}", closed.body);

    let pool = app.get("/api/v1/mentors", Some(&s.city)).await;
    assert_eq!(pool.body["total"], 1);
    let mentor = &pool.body["items"][0];
    assert_eq!(mentor["certificate_no"], "赤培〔2027〕001号");
    assert_eq!(mentor["status"], "active");
    assert_eq!(mentor["appointed_on"], "2026-11-28");
    assert_eq!(mentor["term_ends_on"], "2029-11-28");
    assert_eq!(
        app.get("/api/v1/mentors", Some(&s.admin2.1)).await.body["total"],
        0
    );
    let mentor_id = mentor["id"].clone();
    assert_eq!(
        app.get(&format!("/api/v1/mentors/{mentor_id}"), Some(&s.admin2.1))
            .await
            .status,
        404
    );
    let record = app
        .get(&format!("/api/v1/mentors/{mentor_id}"), Some(&s.admin1.1))
        .await;
    assert!(
        record.body.get("scores").is_none(),
        "units never see scores"
    );
    let city_record = app
        .get(&format!("/api/v1/mentors/{mentor_id}"), Some(&s.city))
        .await;
    assert_eq!(city_record.body["scores"]["count"], 3);
    assert_eq!(city_record.body["scores"]["mean"], 90.0);
    assert_eq!(city_record.body["scores"]["score_exception"], Value::Null);
    let actions: Vec<&str> = record.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"mentor.appoint") && actions.contains(&"nomination.submit"),
        "{actions:?}"
    );
    assert!(
        !actions.contains(&"nomination.score"),
        "scores stay with the city"
    );

    let roles = app
        .get(&format!("/api/v1/users/{chosen}"), Some(&s.city))
        .await
        .body["roles"]
        .clone();
    assert_eq!(roles, json!(["mentor", "mentee"]));

    app.run_job(JobName::SendEmails).await;
    let subjects: Vec<(String, String)> = sink
        .received()
        .iter()
        .map(|m| {
            (
                m.rcpt_to[0].clone(),
                m.parsed().subject().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert!(
        subjects.contains(&(
            "chosen@test.cn".into(),
            "【人才培带人】您已被聘为人才培带人".into()
        )),
        "{subjects:?}"
    );
    assert!(
        subjects
            .iter()
            .any(|(to, s)| to == "admin1@test.cn" && s.contains("本单位新聘人才培带人")),
        "{subjects:?}"
    );
    assert!(
        !subjects
            .iter()
            .any(|(to, s)| to == "other@test.cn" && s.contains("聘为")),
        "the rejected candidate is not appointed"
    );

    // An active mentor is not nominated again.
    let next = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": "第六届", "year": 2027, "nomination_deadline": "2027-12-31" }),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let admin1 = s.admin1.1.clone();
    let n = app
        .post(
            &format!("/api/v1/selection-rounds/{next}/nominations"),
            Some(&admin1),
            json!({ "candidate_id": chosen, "category": "professional_technical" }),
        )
        .await;
    let refused = app
        .request(
            "POST",
            &format!("/api/v1/nominations/{}/submit", n.body["id"]),
            Some(&admin1),
            None,
        )
        .await;
    assert_eq!(refused.field_code("candidate_id"), Some("already_a_mentor"));
}

#[actix_web::test]
async fn an_upheld_objection_rejects_the_candidate_and_no_one_is_appointed() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    let s = two_units(&app).await;
    let round = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": "第五届", "year": 2027 }),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let who = person(&app, &s, "disputed@test.cn", s.u1.0).await;
    let n = submitted(&app, &s.admin1.1, round, who).await;
    let reviewers = committee(&app, &s, round, "").await;
    advance(&app, &s.city, round, "reviewing").await;
    score_by(&app, &reviewers, &n, &[80, 81, 82]).await;
    assert_eq!(decide(&app, &s.city, &n, "approved").await.status, 200);
    advance(&app, &s.city, round, "public_notice").await;
    let objection = app
        .post(
            &format!("/api/v1/nominations/{n}/objections"),
            Some(&s.city),
            json!({ "content": "学历造假" }),
        )
        .await;
    let upheld = app
        .post(
            &format!("/api/v1/objections/{}/outcome", objection.body["id"]),
            Some(&s.city),
            json!({ "outcome": "upheld", "reason": "经核实属实" }),
        )
        .await;
    assert_eq!(upheld.status, 200, "{}", upheld.body);
    let again = app
        .post(
            &format!("/api/v1/objections/{}/outcome", objection.body["id"]),
            Some(&s.city),
            json!({ "outcome": "dismissed", "reason": "改判" }),
        )
        .await;
    assert_eq!(again.status, 409);
    let nomination = app
        .get(&format!("/api/v1/nominations/{n}"), Some(&s.city))
        .await;
    assert_eq!(nomination.body["status"], "rejected");
    let s = after_notice(&app, s).await;
    let closed = advance(&app, &s.city, round, "closed").await;
    assert_eq!(closed.status, 200);
    assert_eq!(
        app.get("/api/v1/mentors", Some(&s.city)).await.body["total"],
        0
    );
}

#[actix_web::test]
async fn an_appointment_expires_after_its_term_and_the_mentor_is_told_once() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    let s = two_units(&app).await;
    let round = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": "第五届", "year": 2027 }),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let who = person(&app, &s, "retiring@test.cn", s.u1.0).await;
    let n = submitted(&app, &s.admin1.1, round, who).await;
    let reviewers = committee(&app, &s, round, "").await;
    advance(&app, &s.city, round, "reviewing").await;
    score_by(&app, &reviewers, &n, &[80, 81, 82]).await;
    assert_eq!(decide(&app, &s.city, &n, "approved").await.status, 200);
    advance(&app, &s.city, round, "public_notice").await;
    let s = after_notice(&app, s).await;
    assert_eq!(advance(&app, &s.city, round, "closed").await.status, 200);
    app.run_job(JobName::SendEmails).await;
    let before = sink.received().len();

    app.set_time("2029-11-28T02:00:00Z".parse().unwrap());
    assert_eq!(
        app.run_job(JobName::ExpireAppointments).await.counts["expired"],
        0,
        "the last day of the term"
    );
    app.set_time("2029-11-29T02:00:00Z".parse().unwrap());
    assert_eq!(
        app.run_job(JobName::ExpireAppointments).await.counts["expired"],
        1
    );
    assert_eq!(
        app.run_job(JobName::ExpireAppointments).await.counts["expired"],
        0,
        "idempotent"
    );
    let city = app.login("city.admin@test.cn", PASSWORD).await;
    let pool = app.get("/api/v1/mentors", Some(&city)).await;
    assert_eq!(pool.body["items"][0]["status"], "expired");
    let roles = app
        .get(&format!("/api/v1/users/{who}"), Some(&city))
        .await
        .body["roles"]
        .clone();
    assert_eq!(
        roles,
        json!(["mentee"]),
        "the mentor role goes with the appointment"
    );
    app.run_job(JobName::SendEmails).await;
    let mails: Vec<_> = sink.received().into_iter().skip(before).collect();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].rcpt_to, ["retiring@test.cn"]);
    assert_eq!(
        mails[0].parsed().subject(),
        Some("【人才培带人】您的人才培带人聘期已届满")
    );
}

#[actix_web::test]
async fn a_new_person_nominated_with_the_form_is_invited_when_appointed() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    let s = two_units(&app).await;
    let round = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": "第五届", "year": 2027 }),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let both = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/nominations"),
            Some(&s.admin1.1),
            json!({ "candidate_id": s.admin1.0, "new_candidate": { "email": "x@test.cn", "name": "某" } }),
        )
        .await;
    assert_eq!(both.field_code("new_candidate"), Some("one_of"));
    let bad = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/nominations"),
            Some(&s.admin1.1),
            json!({ "new_candidate": { "email": "not-an-email", "name": "某" } }),
        )
        .await;
    assert_eq!(bad.field_code("new_candidate.email"), Some("invalid_email"));
    let users_before = app.user_count();
    let n = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/nominations"),
            Some(&s.admin1.1),
            json!({
                "new_candidate": { "email": "newcomer.expert@test.cn", "name": "外聘专家" },
                "category": "professional_technical", "birth_date": "1975-05-05",
                "city_work_start_date": "2015-03-01", "education": "doctorate"
            }),
        )
        .await;
    assert_eq!(n.status, 201, "{}", n.body);
    assert_eq!(app.user_count(), users_before + 1);
    let who = n.body["candidate_id"].clone();
    let person = app
        .get(&format!("/api/v1/users/{who}"), Some(&s.city))
        .await;
    assert_eq!(person.body["status"], "invited");
    assert_eq!(person.body["roles"], json!([]));
    assert_eq!(person.body["unit_id"], s.u1.0);
    let id = n.body["id"].clone();
    let submitted = app
        .request(
            "POST",
            &format!("/api/v1/nominations/{id}/submit"),
            Some(&s.admin1.1),
            None,
        )
        .await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    let reviewers = committee(&app, &s, round, "").await;
    advance(&app, &s.city, round, "reviewing").await;
    score_by(&app, &reviewers, &id, &[80, 81, 82]).await;
    assert_eq!(decide(&app, &s.city, &id, "approved").await.status, 200);
    advance(&app, &s.city, round, "public_notice").await;
    let s = after_notice(&app, s).await;
    assert_eq!(advance(&app, &s.city, round, "closed").await.status, 200);
    app.run_job(JobName::SendEmails).await;
    let subjects: Vec<String> = sink
        .received()
        .iter()
        .filter(|m| m.rcpt_to[0] == "newcomer.expert@test.cn")
        .map(|m| m.parsed().subject().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(subjects.iter().any(|s| s.contains("邀请您开通账号")));
    assert!(subjects.iter().any(|s| s.contains("聘为人才培带人")));
    let person = app
        .get(&format!("/api/v1/users/{who}"), Some(&s.city))
        .await;
    assert_eq!(person.body["roles"], json!(["mentor"]));
}
