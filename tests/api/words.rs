//! The words people read: codes are stored and sent, and shown in the reader's language beside
//! them (end reasons, the assessment report's columns); the two objection decisions share one
//! vocabulary, and the old word is still accepted.

use serde_json::{Value, json};

use peidai::jobs::JobName;

use crate::assessments::travel;
use crate::helpers::TestApp;
use crate::lists::program_year;

/// A GET in `lang` (`Accept-Language`): the status and the body as text.
pub async fn get_in(app: &TestApp, path: &str, token: &str, lang: &str) -> (u16, String) {
    let mut res = app
        .client
        .get(format!("{}{path}", app.base))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("Accept-Language", lang))
        .send()
        .await
        .unwrap();
    let body = res.body().limit(10 << 20).await.unwrap();
    (
        res.status().as_u16(),
        String::from_utf8(body.to_vec()).unwrap(),
    )
}

/// A POST of `body` in `lang`: the status and the body as JSON.
pub async fn post_in(
    app: &TestApp,
    path: &str,
    token: &str,
    lang: &str,
    body: Value,
) -> (u16, Value) {
    let mut res = app
        .client
        .post(format!("{}{path}", app.base))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("Accept-Language", lang))
        .send_json(&body)
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[actix_web::test]
async fn an_assessment_objection_takes_the_old_word_and_answers_in_the_one_vocabulary() {
    let y = program_year().await;
    let url = format!("/api/v1/assessment-objections/{}/decision", y.objection);
    let (status, zh) = post_in(
        &y.app,
        &url,
        &y.s.city,
        "zh-CN",
        json!({ "outcome": "maybe", "reason": "无法核实" }),
    )
    .await;
    assert_eq!(status, 422, "{zh}");
    assert_eq!(zh["fields"]["outcome"]["code"], "invalid_value");
    assert_eq!(
        zh["fields"]["outcome"]["message"],
        "「结果」只能是：成立、不成立"
    );
    let (_, en) = post_in(
        &y.app,
        &url,
        &y.s.city,
        "en",
        json!({ "outcome": 1, "reason": "x" }),
    )
    .await;
    assert_eq!(
        en["fields"]["outcome"]["message"],
        "outcome must be one of: upheld, rejected"
    );
    let old = y
        .app
        .post(
            &url,
            Some(&y.s.city),
            json!({ "outcome": "dismissed", "reason": "纸质台账无法核实" }),
        )
        .await;
    assert_eq!(old.status, 200, "{}", old.body);
    assert_eq!(old.body["status"], "rejected");
    let listed = y
        .app
        .get(
            "/api/v1/assessment-objections?status=rejected",
            Some(&y.s.city),
        )
        .await;
    assert_eq!(listed.body["total"], 1, "{}", listed.body);
}

#[actix_web::test]
async fn end_reasons_and_the_reports_codes_are_shown_in_the_readers_words() {
    let mut y = program_year().await;
    let report = format!(
        "/api/v1/assessment-rounds/{}/units/{}/report?format=csv",
        y.assessment_round, y.s.u1
    );
    let (status, zh) = get_in(&y.app, &report, &y.s.city, "zh-CN").await;
    assert_eq!(status, 200, "{zh}");
    let row = zh.lines().nth(1).expect("one assessment");
    assert!(
        row.contains("\"年度考核\"") && row.contains("\"已确认\""),
        "{row}"
    );
    assert!(row.contains("\"不合格\""), "{row}");
    for code in ["annual", "confirmed", "unqualified"] {
        assert!(!row.contains(code), "{code} in {row}");
    }
    let (_, en) = get_in(&y.app, &report, &y.s.city, "en").await;
    let row = en.lines().nth(1).unwrap();
    assert!(
        row.contains("\"annual\"") && row.contains("\"confirmed\""),
        "{row}"
    );

    // The cycle (24 months from 2026-12-01) is over: the service writes its own reason.
    travel(&y.app, "2029-01-05T01:00:00Z", &mut y.s).await;
    y.app.run_job(JobName::CompleteCycles).await;
    let contract = format!("/api/v1/contracts/{}", y.contract);
    let (_, zh) = get_in(&y.app, &contract, &y.s.city, "zh-CN").await;
    let zh: Value = serde_json::from_str(&zh).unwrap();
    assert_eq!(zh["status"], "completed", "{zh}");
    assert_eq!(zh["end_reason"], "cycle ended", "the stored code");
    assert_eq!(zh["end_reason_label"], "培带期满");
    let (_, en) = get_in(&y.app, &contract, &y.s.city, "en").await;
    let en: Value = serde_json::from_str(&en).unwrap();
    assert_eq!(en["end_reason_label"], "cycle ended");
}
