//! The committee's rules: a round enters review only with reviewers for every category it has
//! nominations in; a nomination is decided only with the round's minimum of scores, or with an
//! exception the city admin records with a reason (audited, in the review summary and in the
//! mentor's record the city sees); the public notice states its period and how to object, in
//! the reader's language.

use chrono::Duration;
use serde_json::{Value, json};

use peidai::domain::role::Role;

use crate::helpers::{PASSWORD, Res, TestApp, TwoUnits, spawn, spawn_with, two_units};

async fn create_round(app: &TestApp, s: &TwoUnits, extra: Value) -> i64 {
    let mut body = json!({ "name": "第五届人才培带人选拔", "year": 2027 });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let res = app
        .post("/api/v1/selection-rounds", Some(&s.city), body)
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.body["id"].as_i64().unwrap()
}

/// A person of 红山区 whom the rules accept, nominated in `category` by the unit; submitted
/// unless `draft`. Returns the nomination id.
async fn nominate(
    app: &TestApp,
    s: &TwoUnits,
    round: i64,
    email: &str,
    form: Value,
    draft: bool,
) -> Value {
    let person = app
        .post(
            "/api/v1/users",
            Some(&s.city),
            json!({
                "email": email, "name": format!("候选{email}"), "roles": ["mentee"],
                "unit_id": s.u1.0,
                "profile": {
                    "birth_date": "1980-01-01", "city_work_start_date": "2010-01-01",
                    "education": "doctorate"
                }
            }),
        )
        .await;
    assert_eq!(person.status, 201, "{}", person.body);
    let mut body = json!({ "candidate_id": person.body["id"] });
    body.as_object_mut()
        .unwrap()
        .extend(form.as_object().unwrap().clone());
    let n = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/nominations"),
            Some(&s.admin1.1),
            body,
        )
        .await;
    assert_eq!(n.status, 201, "{}", n.body);
    let id = n.body["id"].clone();
    if !draft {
        let res = app
            .request(
                "POST",
                &format!("/api/v1/nominations/{id}/submit"),
                Some(&s.admin1.1),
                None,
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    id
}

/// A reviewer of 松山区 appointed to the round for `categories`; their token.
async fn reviewer(
    app: &TestApp,
    s: &TwoUnits,
    round: i64,
    email: &str,
    categories: Value,
) -> String {
    let (id, token) = app.make_user(email, &[Role::Reviewer], Some(s.u2)).await;
    let res = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/reviewers"),
            Some(&s.city),
            json!({ "reviewer_id": id.0, "categories": categories }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    token
}

async fn score(app: &TestApp, token: &str, nomination: &Value, score: i32) {
    let res = app
        .request(
            "PUT",
            &format!("/api/v1/reviews/{nomination}"),
            Some(token),
            Some(json!({ "score": score, "recommendation": "recommend" })),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

fn decision(outcome: &str, exception: Option<&str>) -> Value {
    let mut body = json!({
        "decision": outcome, "reason": "评审委员会综合评定",
        "signed_by": "王敏", "signed_on": "2026-11-21"
    });
    if let Some(reason) = exception {
        body["score_exception_reason"] = json!(reason);
    }
    body
}

async fn decide(app: &TestApp, s: &TwoUnits, nomination: &Value, body: Value) -> Res {
    app.post(
        &format!("/api/v1/nominations/{nomination}/decision"),
        Some(&s.city),
        body,
    )
    .await
}

async fn advance(app: &TestApp, s: &TwoUnits, round: i64, to: &str) -> Res {
    app.post(
        &format!("/api/v1/selection-rounds/{round}/advance"),
        Some(&s.city),
        json!({ "to": to }),
    )
    .await
}

/// The same request with `Accept-Language: en`: `(status, body)`.
async fn in_english(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
    let req = app
        .client
        .request(method, format!("{}{path}", app.base))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("Accept-Language", "en"));
    let mut res = match body {
        Some(b) => req.send_json(&b).await.unwrap(),
        None => req.send().await.unwrap(),
    };
    let json = res.json::<Value>().limit(1 << 20).await.unwrap();
    (res.status().as_u16(), json)
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a text: {v}"))
}

#[actix_web::test]
async fn review_is_refused_while_a_nominated_category_has_no_reviewer_and_the_refusal_names_it() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let round = create_round(&app, &s, json!({})).await;
    nominate(
        &app,
        &s,
        round,
        "pro@test.cn",
        json!({ "category": "professional_technical" }),
        false,
    )
    .await;
    nominate(
        &app,
        &s,
        round,
        "skill@test.cn",
        json!({ "category": "high_skill", "skill_level": "technician" }),
        false,
    )
    .await;
    // A draft is not handed in: its category needs no committee.
    nominate(
        &app,
        &s,
        round,
        "rural@test.cn",
        json!({ "category": "rural_practical" }),
        true,
    )
    .await;
    reviewer(
        &app,
        &s,
        round,
        "rev.pro@test.cn",
        json!(["professional_technical"]),
    )
    .await;

    let refused = advance(&app, &s, round, "reviewing").await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(
        refused.field_code("to"),
        Some("categories_without_reviewers")
    );
    let zh = text(&refused.body["fields"]["to"]["message"]);
    assert!(zh.contains("高技能人才"), "{zh}");
    assert!(
        !zh.contains("专业技术人才") && !zh.contains("农村牧区") && !zh.contains("high_skill"),
        "only the uncovered category, in words: {zh}"
    );
    let (status, en) = in_english(
        &app,
        "POST",
        &format!("/api/v1/selection-rounds/{round}/advance"),
        &s.city,
        Some(json!({ "to": "reviewing" })),
    )
    .await;
    assert_eq!(status, 422);
    let en = text(&en["fields"]["to"]["message"]);
    assert!(en.contains("high-skill talent"), "{en}");
    let r = app
        .get(&format!("/api/v1/selection-rounds/{round}"), Some(&s.city))
        .await;
    assert_eq!(r.body["status"], "open", "nothing moved");

    reviewer(&app, &s, round, "rev.skill@test.cn", json!(["high_skill"])).await;
    let ok = advance(&app, &s, round, "reviewing").await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let listed = app
        .get(
            &format!("/api/v1/selection-rounds/{round}/reviewers?per_page=1"),
            Some(&s.city),
        )
        .await;
    assert_eq!(listed.body["total"], 2, "{}", listed.body);
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed.body["per_page"], 1);
}

#[actix_web::test]
async fn a_nomination_is_decided_only_with_the_rounds_scores_or_an_exception_the_city_records() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let round = create_round(&app, &s, json!({})).await;
    let r = app
        .get(&format!("/api/v1/selection-rounds/{round}"), Some(&s.city))
        .await;
    assert_eq!(r.body["min_scores"], 3, "the policy's default");
    let zero = app
        .patch(
            &format!("/api/v1/selection-rounds/{round}"),
            Some(&s.city),
            json!({ "min_scores": 0 }),
        )
        .await;
    assert_eq!(zero.field_code("min_scores"), Some("out_of_range"));
    let two = app
        .patch(
            &format!("/api/v1/selection-rounds/{round}"),
            Some(&s.city),
            json!({ "min_scores": 2 }),
        )
        .await;
    assert_eq!(two.body["min_scores"], 2, "{}", two.body);

    let pt = json!({ "category": "professional_technical" });
    let short = nominate(&app, &s, round, "short@test.cn", pt.clone(), false).await;
    let full = nominate(&app, &s, round, "full@test.cn", pt.clone(), false).await;
    let later = nominate(&app, &s, round, "later@test.cn", pt, false).await;
    let pt = json!(["professional_technical"]);
    let first = reviewer(&app, &s, round, "rev.a@test.cn", pt.clone()).await;
    let second = reviewer(&app, &s, round, "rev.b@test.cn", pt).await;
    assert_eq!(advance(&app, &s, round, "reviewing").await.status, 200);

    score(&app, &first, &short, 85).await;
    let refused = decide(&app, &s, &short, decision("approved", None)).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(
        refused.field_code("score_exception_reason"),
        Some("too_few_scores")
    );
    let zh = text(&refused.body["fields"]["score_exception_reason"]["message"]);
    assert!(zh.contains("只有 1 个") && zh.contains("至少 2 个"), "{zh}");
    let (_, en) = in_english(
        &app,
        "POST",
        &format!("/api/v1/nominations/{short}/decision"),
        &s.city,
        Some(decision("approved", None)),
    )
    .await;
    let en = text(&en["fields"]["score_exception_reason"]["message"]);
    assert!(en.contains("1 of the 2"), "{en}");
    let blank = decide(&app, &s, &short, decision("approved", Some("  "))).await;
    assert_eq!(
        blank.field_code("score_exception_reason"),
        Some("too_few_scores"),
        "a blank reason is no exception"
    );
    let still = app
        .get(&format!("/api/v1/nominations/{short}"), Some(&s.city))
        .await;
    assert_eq!(still.body["status"], "under_review");

    let why = "另一名评审专家因回避未评分，经市委人才工作领导小组研究同意";
    let excepted = decide(&app, &s, &short, decision("approved", Some(why))).await;
    assert_eq!(excepted.status, 200, "{}", excepted.body);
    let audit = app
        .get(
            "/api/v1/audit-events?action=nomination.score_exception",
            Some(&s.city),
        )
        .await;
    assert_eq!(audit.body["total"], 1, "{}", audit.body);
    let event = &audit.body["items"][0];
    assert_eq!(event["object_id"], short.to_string());
    assert_eq!(event["summary"]["reason"], why);
    assert_eq!(event["summary"]["scores"], 1);
    assert_eq!(event["summary"]["min_scores"], 2);
    assert_eq!(event["summary"]["decision"], "approved");

    score(&app, &first, &full, 90).await;
    score(&app, &second, &full, 92).await;
    let plain = decide(&app, &s, &full, decision("approved", None)).await;
    assert_eq!(plain.status, 200, "enough scores: {}", plain.body);
    // Every decision below the minimum needs its own reason, a change of mind too.
    let changed = decide(&app, &s, &short, decision("rejected", None)).await;
    assert_eq!(
        changed.field_code("score_exception_reason"),
        Some("too_few_scores")
    );
    let rejected = decide(
        &app,
        &s,
        &later,
        decision("rejected", Some("材料不全，未送评审")),
    )
    .await;
    assert_eq!(rejected.status, 200, "{}", rejected.body);

    let summary = app
        .get(
            &format!("/api/v1/selection-rounds/{round}/review-summary"),
            Some(&s.city),
        )
        .await;
    assert_eq!(summary.body["total"], 3, "{}", summary.body);
    let item = |id: &Value| {
        summary.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["nomination"]["id"] == *id)
            .unwrap()
            .clone()
    };
    let short_item = item(&short);
    assert_eq!(short_item["min_scores"], 2);
    assert_eq!(short_item["score_count"], 1);
    assert_eq!(short_item["score_exception"]["reason"], why);
    assert_eq!(short_item["score_exception"]["scores_at_decision"], 1);
    assert_eq!(item(&full)["score_exception"], Value::Null);
    assert_eq!(item(&later)["score_exception"]["scores_at_decision"], 0);
    let page = app
        .get(
            &format!("/api/v1/selection-rounds/{round}/review-summary?page=2&per_page=2"),
            Some(&s.city),
        )
        .await;
    assert_eq!(page.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(page.body["items"][0]["nomination"]["id"], later);

    assert_eq!(advance(&app, &s, round, "public_notice").await.status, 200);
    app.set_time(app.state.clock.now() + Duration::days(8));
    s.city = app.login("city.admin@test.cn", PASSWORD).await;
    s.admin1.1 = app.login("admin1@test.cn", PASSWORD).await;
    assert_eq!(advance(&app, &s, round, "closed").await.status, 200);
    let pool = app
        .get(&format!("/api/v1/mentors?round_id={round}"), Some(&s.city))
        .await;
    let entry = pool.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["nomination_id"] == short)
        .unwrap_or_else(|| panic!("appointed: {}", pool.body))["id"]
        .clone();
    let city_record = app
        .get(&format!("/api/v1/mentors/{entry}"), Some(&s.city))
        .await;
    assert_eq!(city_record.body["scores"]["count"], 1);
    assert_eq!(city_record.body["scores"]["score_exception"]["reason"], why);
    let unit_record = app
        .get(&format!("/api/v1/mentors/{entry}"), Some(&s.admin1.1))
        .await;
    assert_eq!(unit_record.status, 200);
    assert!(
        !unit_record.body.to_string().contains(why),
        "the exception stays with the city, as the scores do: {}",
        unit_record.body
    );
}

#[actix_web::test]
async fn the_public_notice_states_its_period_and_how_to_object_in_the_readers_language() {
    let contact = "市委组织部人才科（电话 0476-8000000）";
    let app = spawn_with(&[
        ("policy.objection_contact", contact),
        ("policy.review_min_scores", "1"),
    ])
    .await;
    let mut s = two_units(&app).await;
    let round = create_round(&app, &s, json!({})).await;
    let pt = json!({ "category": "professional_technical" });
    let a = nominate(&app, &s, round, "a@test.cn", pt.clone(), false).await;
    let b = nominate(&app, &s, round, "b@test.cn", pt, false).await;
    let token = reviewer(
        &app,
        &s,
        round,
        "rev@test.cn",
        json!(["professional_technical"]),
    )
    .await;
    assert_eq!(advance(&app, &s, round, "reviewing").await.status, 200);
    for n in [&a, &b] {
        score(&app, &token, n, 88).await;
        let res = decide(&app, &s, n, decision("approved", None)).await;
        assert_eq!(
            res.status, 200,
            "one score is this round's minimum: {}",
            res.body
        );
    }
    let notice_url = format!("/api/v1/selection-rounds/{round}/public-notice");
    assert_eq!(
        app.get(&notice_url, Some(&s.admin2.1)).await.status,
        409,
        "not on notice yet"
    );
    // Saturday 21 November: five working days end on Friday the 27th.
    assert_eq!(advance(&app, &s, round, "public_notice").await.status, 200);

    let zh = app
        .get(&format!("{notice_url}?per_page=1"), Some(&s.admin2.1))
        .await;
    assert_eq!(zh.status, 200, "{}", zh.body);
    let n = &zh.body;
    assert_eq!(
        (n["page"].clone(), n["per_page"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(n["total"], 2);
    assert_eq!(n["items"].as_array().unwrap().len(), 1);
    assert_eq!(n["items"][0]["category"], "professional_technical");
    assert_eq!(n["items"][0]["category_name"], "专业技术人才");
    assert_eq!(n["notice_starts_on"], "2026-11-21");
    assert_eq!(n["notice_ends_on"], "2026-11-27");
    assert_eq!(n["working_days"], 5);
    assert_eq!(n["objections"]["filed_with"], contact);
    assert_eq!(n["objections"]["deadline"], "2026-11-27");
    assert_eq!(n["objections"]["open"], true);
    let how = text(&n["objections"]["how"]);
    eprintln!("{how}");
    assert!(how.contains("2026年11月21日至2026年11月27日"), "{how}");
    assert!(how.contains("2026年11月27日前（含当日）"), "{how}");
    assert!(how.contains(contact), "{how}");

    let (status, en) = in_english(&app, "GET", &notice_url, &s.admin2.1, None).await;
    assert_eq!(status, 200);
    assert_eq!(en["total"], 2);
    assert_eq!(en["items"][1]["category"], "professional_technical");
    assert_eq!(
        en["items"][1]["category_name"],
        "professional and technical talent"
    );
    let how = text(&en["objections"]["how"]);
    eprintln!("{how}");
    assert!(
        how.contains("21 November 2026 to 27 November 2026"),
        "{how}"
    );
    assert!(how.contains("by 27 November 2026"), "{how}");
    assert!(
        how.contains("write to the city organization department"),
        "{how}"
    );
    assert!(how.contains(contact), "{how}");

    app.set_time("2026-11-28T02:00:00Z".parse().unwrap());
    s.admin2.1 = app.login("admin2@test.cn", PASSWORD).await;
    let after = app.get(&notice_url, Some(&s.admin2.1)).await;
    assert_eq!(
        after.body["objections"]["open"], false,
        "the last day has passed"
    );
    assert_eq!(after.body["notice_ends_on"], "2026-11-27");
}
