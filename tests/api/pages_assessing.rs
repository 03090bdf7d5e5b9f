//! The pages: the offices' assessment pages.

use serde_json::{Value, json};

use crate::assessments::{activity, assessment_of, open_2027, post_empty, spawn, travel};
use crate::contracts::{active_from, mentees, mentor};
use crate::demo::{DEMO_PASSWORD, demo_app};
use crate::helpers::{PASSWORD, TestApp, two_units};
use crate::page_checks::assert_page;
use crate::web_client::WebClient;

/// The smallest file the evidence service takes for a PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

const CITY: &str = "admin@demo.peidai.cn";
/// 松山区: 刘建国, confirmed unqualified, inside his objection window.
const SONGSHAN: &str = "songshan.admin@demo.peidai.cn";
/// 市卫生健康委员会: 李华, submitted.
const HEALTH: &str = "health.admin@demo.peidai.cn";
/// 玉龙能源有限责任公司: 张强, graded (qualified) and not submitted.
const ENERGY: &str = "energy.admin@demo.peidai.cn";

/// A browser speaking `lang`, signed in as `email` with `password`.
async fn signed_in<'a>(
    app: &'a TestApp,
    email: &str,
    password: &str,
    lang: &'static str,
) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.get(&format!("/language?lang={lang}")).await;
    web.sign_in(email, password).await;
    web
}

/// The demo round's id and its assessments by mentor name (through the API, as the city).
async fn demo_round(app: &TestApp) -> (i64, Vec<Value>) {
    let city = app.login(CITY, DEMO_PASSWORD).await;
    let rounds = app.get("/api/v1/assessment-rounds", Some(&city)).await;
    let id = rounds.body["items"][0]["id"].as_i64().unwrap();
    let list = app
        .get(
            &format!("/api/v1/assessment-rounds/{id}/assessments?per_page=100"),
            Some(&city),
        )
        .await;
    (id, list.body["items"].as_array().unwrap().clone())
}

fn id_of(list: &[Value], name: &str) -> i64 {
    list.iter()
        .find(|a| a["mentor_name"] == name)
        .unwrap_or_else(|| panic!("no assessment of {name}"))["id"]
        .as_i64()
        .unwrap()
}

#[actix_web::test]
async fn every_assessing_page_answers_in_both_languages_for_its_role() {
    let (app, _) = demo_app().await;
    let (round, list) = demo_round(&app).await;
    let liu = id_of(&list, "刘建国");
    let li = id_of(&list, "李华");
    let health_unit = list.iter().find(|a| a["id"] == li).unwrap()["unit_id"].clone();
    for lang in ["zh-CN", "en"] {
        let mut unit = signed_in(&app, SONGSHAN, DEMO_PASSWORD, lang).await;
        for path in [
            "/unit/assessments".to_owned(),
            "/unit/assessments?stage=confirmed".to_owned(),
            "/unit/assessments?stage=pending".to_owned(),
            "/unit/assessments?stage=nonsense&page=x".to_owned(),
            format!("/unit/assessments/{liu}"),
        ] {
            let page = unit.get(&path).await;
            assert_page(&page, &path, lang);
        }
        let list_page = unit.get("/unit/assessments").await;
        assert!(
            list_page.html.contains("刘建国"),
            "the unit's mentor is listed"
        );
        let report = unit.get("/unit/assessments/report").await;
        assert_eq!(report.status, 200);
        assert!(report.header("content-type").starts_with("text/csv"));
        assert!(report.html.contains("刘建国"));

        let mut city = signed_in(&app, CITY, DEMO_PASSWORD, lang).await;
        let objections = city.get("/city/assessment-rounds/objections").await;
        for path in [
            "/city/assessment-rounds".to_owned(),
            format!("/city/assessment-rounds/{round}"),
            format!("/city/assessment-rounds/{round}?unit={health_unit}&stage=submitted"),
            format!("/city/assessment-rounds/assessments/{li}"),
            format!("/city/assessment-rounds/assessments/{liu}"),
            format!("/city/assessment-rounds/{round}/units/{health_unit}/confirm"),
            "/city/assessment-rounds/objections".to_owned(),
            "/city/assessment-rounds/objections?status=pending".to_owned(),
            "/city/assessment-rounds/revocations".to_owned(),
        ] {
            let page = city.get(&path).await;
            assert_page(&page, &path, lang);
        }
        assert_eq!(objections.status, 200);
        let decide = city
            .get(&format!("/city/assessment-rounds/assessments/{li}"))
            .await;
        assert!(
            decide
                .html
                .contains(&format!("/city/assessment-rounds/assessments/{li}/confirm")),
            "a submitted assessment has its confirm form"
        );
        let confirmed = city
            .get(&format!("/city/assessment-rounds/assessments/{liu}"))
            .await;
        assert!(
            !confirmed.html.contains("/confirm\""),
            "a confirmed one has none"
        );
        let revocations = city.get("/city/assessment-rounds/revocations").await;
        assert!(
            revocations.html.contains("刘建国"),
            "the confirmed unqualified grade in its window is pending"
        );
    }
}

#[actix_web::test]
async fn other_roles_get_the_403_page_and_another_units_assessment_is_not_found() {
    let (app, _) = demo_app().await;
    let (round, list) = demo_round(&app).await;
    let liu = id_of(&list, "刘建国");
    let li = id_of(&list, "李华");
    let mut mentor = signed_in(&app, "li.hua@demo.peidai.cn", DEMO_PASSWORD, "zh-CN").await;
    for path in ["/unit/assessments", "/city/assessment-rounds"] {
        assert_eq!(mentor.get(path).await.status, 403, "{path}");
    }
    let mut health = signed_in(&app, HEALTH, DEMO_PASSWORD, "zh-CN").await;
    for path in [
        "/city/assessment-rounds".to_owned(),
        format!("/city/assessment-rounds/{round}"),
        format!("/city/assessment-rounds/assessments/{li}"),
        "/city/assessment-rounds/objections".to_owned(),
        "/city/assessment-rounds/revocations".to_owned(),
    ] {
        assert_eq!(health.get(&path).await.status, 403, "{path}");
    }
    assert_eq!(
        health.get(&format!("/unit/assessments/{li}")).await.status,
        200
    );
    let other = health.get(&format!("/unit/assessments/{liu}")).await;
    assert_eq!(other.status, 404, "another unit's assessment");
    let csrf = health.get("/unit/assessments").await.csrf();
    let post = health
        .post(
            &format!("/unit/assessments/{liu}"),
            &[("csrf", &csrf), ("grade", "qualified"), ("action", "save")],
        )
        .await;
    assert_eq!(
        post.status, 404,
        "another unit's assessment cannot be graded"
    );
    let mut city = signed_in(&app, CITY, DEMO_PASSWORD, "zh-CN").await;
    assert_eq!(city.get("/unit/assessments").await.status, 403);
}

#[actix_web::test]
async fn a_grade_that_differs_without_a_comment_is_refused_beside_its_field_and_nothing_is_stored()
{
    let (app, _) = demo_app().await;
    let (_, list) = demo_round(&app).await;
    let zhang = id_of(&list, "张强");
    let token = app.login(ENERGY, DEMO_PASSWORD).await;
    let before = app
        .get(&format!("/api/v1/assessments/{zhang}"), Some(&token))
        .await;
    assert_eq!(before.body["evidence"]["suggested_grade"], "unqualified");
    for lang in ["zh-CN", "en"] {
        let mut web = signed_in(&app, ENERGY, DEMO_PASSWORD, lang).await;
        let path = format!("/unit/assessments/{zhang}");
        let form = web.get(&path).await;
        assert_page(&form, &path, lang);
        let refused = web
            .post(
                &path,
                &[
                    ("csrf", &form.csrf()),
                    ("grade", "excellent"),
                    ("overall_comment", "  "),
                    ("action", "submit"),
                ],
            )
            .await;
        assert_eq!(refused.status, 422, "{}", refused.html);
        let reason = refused
            .field_error("overall_comment")
            .expect("a reason beside the comment");
        let expected = if lang == "en" {
            "the grade differs from the suggestion"
        } else {
            "与系统建议不同"
        };
        assert!(reason.contains(expected), "{reason}");
        assert!(
            refused.html.contains("value=\"excellent\" selected"),
            "the grade typed is kept"
        );
        let after = app
            .get(&format!("/api/v1/assessments/{zhang}"), Some(&token))
            .await;
        assert_eq!(after.body["grade"], before.body["grade"], "nothing stored");
        assert_eq!(
            after.body["overall_comment"],
            before.body["overall_comment"]
        );
        assert_eq!(after.body["status"], "draft");
    }
    // With the reasons written, it is stored and handed in.
    let mut web = signed_in(&app, ENERGY, DEMO_PASSWORD, "zh-CN").await;
    let path = format!("/unit/assessments/{zhang}");
    let form = web.get(&path).await;
    let done = web
        .post(
            &path,
            &[
                ("csrf", &form.csrf()),
                ("grade", "excellent"),
                ("overall_comment", "现场实训突出，超额完成带徒任务。"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.html);
    assert_eq!(done.location(), "/unit/assessments?done=submitted");
    let after = app
        .get(&format!("/api/v1/assessments/{zhang}"), Some(&token))
        .await;
    assert_eq!(after.body["grade"], "excellent");
    assert_eq!(after.body["status"], "submitted");
}

#[actix_web::test]
async fn bulk_confirmation_confirms_only_the_uncontested_assessments_of_the_unit() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    // 甲 met every target (suggested qualified); 乙 and 丙 have no contract (suggested unqualified).
    let (jia, _, _) = mentor(&app, "jia@test.cn", s.u1).await;
    let (yi, _, _) = mentor(&app, "yi@test.cn", s.u1).await;
    let (bing, _, _) = mentor(&app, "bing@test.cn", s.u1).await;
    let (ids, toks) = mentees(&app, "mentee", s.u1, 5).await;
    let m = app.login("jia@test.cn", PASSWORD).await;
    let k = active_from(&app, &m, &ids, &toks, "2026-12-01").await;
    travel(&app, "2027-12-10T01:00:00Z", &mut s).await;
    let m = app.login("jia@test.cn", PASSWORD).await;
    let log = format!("/api/v1/contracts/{k}/activities");
    for (kind, n) in [
        ("lecture", 2),
        ("technical_tutoring", 4),
        ("training_class", 1),
        ("exchange", 2),
        ("project_practice", 1),
    ] {
        for i in 0..n {
            let held_on = format!("2027-0{}-1{i}", 3 + i);
            let r = app
                .post(&log, Some(&m), activity(kind, &held_on, &ids))
                .await;
            assert_eq!(r.status, 201, "{}", r.body);
        }
    }
    let round = open_2027(&app, &s.city, json!({})).await;
    let grades = [
        (jia, "qualified", ""),
        (yi, "qualified", "年底补齐了活动记录。"),
        (bing, "unqualified", "全年未开展培带活动。"),
    ];
    let mut ids_by = Vec::new();
    for (user, grade, comment) in grades {
        let id = assessment_of(&app, &s.city, &round, user).await;
        let url = format!("/api/v1/assessments/{id}");
        let g = app
            .patch(
                &url,
                Some(&s.admin1.1),
                json!({ "grade": grade, "overall_comment": comment }),
            )
            .await;
        assert_eq!(g.status, 200, "{}", g.body);
        let sub = post_empty(&app, &format!("{url}/submit"), &s.admin1.1).await;
        assert_eq!(sub.status, 200, "{}", sub.body);
        ids_by.push(id);
    }
    let mut web = signed_in(&app, "city.admin@test.cn", PASSWORD, "zh-CN").await;
    let path = format!(
        "/city/assessment-rounds/{}/units/{}/confirm",
        round["id"], s.u1
    );
    let page = web.get(&path).await;
    assert_page(&page, &path, "zh-CN");
    assert!(page.html.contains("将被确认（1）"), "{}", page.html);
    assert!(page.html.contains("需逐一处理（2）"));
    let res = web.post(&path, &[("csrf", &page.csrf())]).await;
    assert_eq!(res.status, 303, "{}", res.html);
    let status = |body: &Value| body["status"].as_str().unwrap().to_owned();
    let mut got = Vec::new();
    for id in &ids_by {
        got.push(status(
            &app.get(&format!("/api/v1/assessments/{id}"), Some(&s.city))
                .await
                .body,
        ));
    }
    assert_eq!(
        got,
        ["confirmed", "submitted", "submitted"],
        "only the grade that is the suggestion, not unqualified, is confirmed"
    );
    // Without its token the form is refused and nothing changes.
    let again = web.post(&path, &[]).await;
    assert_ne!(again.status, 303);
}

#[actix_web::test]
async fn the_city_confirms_returns_with_a_reason_and_decides_an_objection() {
    let (app, _) = demo_app().await;
    let (round, list) = demo_round(&app).await;
    let li = id_of(&list, "李华");
    let liu = id_of(&list, "刘建国");
    let mut city = signed_in(&app, CITY, DEMO_PASSWORD, "zh-CN").await;
    let path = format!("/city/assessment-rounds/assessments/{li}");
    let page = city.get(&path).await;
    let csrf = page.csrf();
    let blank = city
        .post(
            &format!("{path}/return"),
            &[("csrf", &csrf), ("reason", " ")],
        )
        .await;
    assert_eq!(blank.status, 422);
    assert!(blank.field_error("reason").is_some(), "{}", blank.html);
    let back = city
        .post(
            &format!("{path}/return"),
            &[("csrf", &csrf), ("reason", "评定等次与依据不符，请核实。")],
        )
        .await;
    assert_eq!(back.status, 303, "{}", back.html);
    assert_eq!(
        back.location(),
        format!("/city/assessment-rounds/{round}?done=returned")
    );
    let mut health = signed_in(&app, HEALTH, DEMO_PASSWORD, "zh-CN").await;
    let returned = health.get(&format!("/unit/assessments/{li}")).await;
    assert!(
        returned.html.contains("评定等次与依据不符"),
        "the unit sees the city's reason"
    );
    assert!(
        returned.html.contains("name=\"overall_comment\""),
        "and can grade again"
    );

    // 刘建国 objects (through the API, as the mentor's page does); the city rejects it.
    let mentor = app.login("liu.jianguo@demo.peidai.cn", DEMO_PASSWORD).await;
    let filed = app
        .post(
            &format!("/api/v1/assessments/{liu}/objection"),
            Some(&mentor),
            json!({ "content": "本人全年在岗带徒，请复核。" }),
        )
        .await;
    assert_eq!(filed.status, 201, "{}", filed.body);
    let objection = filed.body["id"].as_i64().unwrap();
    let kept = app
        .send_raw(
            "POST",
            &format!("/api/v1/assessment-objections/{objection}/files?name=%E8%80%83%E5%8B%A4%E8%AE%B0%E5%BD%95.pdf"),
            Some(&mentor),
            "application/octet-stream",
            PDF,
        )
        .await;
    assert_eq!(kept.status, 201, "{}", kept.body);
    let file = kept.body["id"].as_i64().unwrap();
    let opath = format!("/city/assessment-rounds/objections/{objection}");
    let page = city.get(&opath).await;
    assert_page(&page, &opath, "zh-CN");
    assert!(page.html.contains("本人全年在岗带徒"));
    let link = format!("{opath}/files/{file}");
    assert!(page.html.contains(&link), "the objection's file is linked");
    let download = city.get(&link).await;
    assert_eq!(download.status, 200);
    assert!(
        download
            .header("content-disposition")
            .contains("attachment")
    );
    assert!(download.html.starts_with("%PDF"));
    assert_eq!(
        city.get(&format!("{opath}/files/{}", file + 1000))
            .await
            .status,
        404,
        "another file is not found"
    );
    let csrf = page.csrf();
    let unchosen = city
        .post(
            &format!("{opath}/decision"),
            &[("csrf", &csrf), ("reason", "理由")],
        )
        .await;
    assert_eq!(unchosen.status, 422);
    assert!(unchosen.html.contains("请选择成立或不成立"));
    let decided = city
        .post(
            &format!("{opath}/decision"),
            &[
                ("csrf", &csrf),
                ("outcome", "rejected"),
                ("reason", "经核实，全年无培带活动记录。"),
            ],
        )
        .await;
    assert_eq!(decided.status, 303, "{}", decided.html);
    let o = app
        .get(
            "/api/v1/assessment-objections",
            Some(&app.login(CITY, DEMO_PASSWORD).await),
        )
        .await;
    assert_eq!(o.body["items"][0]["status"], "rejected");
}

#[actix_web::test]
async fn opening_a_round_shows_its_progress_then_the_summary() {
    let (app, _) = demo_app().await;
    let mut city = signed_in(&app, CITY, DEMO_PASSWORD, "zh-CN").await;
    let page = city.get("/city/assessment-rounds").await;
    let csrf = page.csrf();
    let bad = city
        .post(
            "/city/assessment-rounds",
            &[
                ("csrf", &csrf),
                ("year", "2031"),
                ("opens_on", "2031-05-01"),
                ("closes_on", "2031-04-01"),
                ("objection_days", "15"),
                ("consequence", "revoke"),
                ("rectification_days", "90"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.field_error("closes_on").is_some(), "{}", bad.html);
    assert_eq!(bad.input_value("year").as_deref(), Some("2031"));
    let started = city
        .post(
            "/city/assessment-rounds",
            &[
                ("csrf", &csrf),
                ("year", "2031"),
                ("opens_on", "2031-01-10"),
                ("closes_on", "2031-02-10"),
                ("objection_days", "15"),
                ("consequence", "revoke"),
                ("rectification_days", "90"),
            ],
        )
        .await;
    assert_eq!(started.status, 303, "{}", started.html);
    let progress = started.location().to_owned();
    assert!(progress.starts_with("/city/assessment-rounds/opening/"));
    let mut done = None;
    for _ in 0..100 {
        let p = city.get(&progress).await;
        assert_page(&p, &progress, "zh-CN");
        if p.headers.get("refresh").is_none() {
            done = Some(p);
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let done = done.expect("the opening finishes");
    assert!(done.html.contains("考核已开启"), "{}", done.html);
    let rounds = city.get("/city/assessment-rounds").await;
    assert!(rounds.html.contains("2031年度考核"));
    // Someone else's ticket (or a made-up one) is not found.
    assert_eq!(
        city.get("/city/assessment-rounds/opening/999999")
            .await
            .status,
        404
    );
}
