//! The pages: a reviewer's pages and the public notice.

use serde_json::{Value, json};

use peidai::domain::role::Role;

use crate::helpers::{TestApp, TwoUnits, spawn, two_units};
use crate::page_checks::assert_page;
use crate::pages_nominations::{open_round, signed_in};

/// A person of unit 1 nominated by its admin and submitted; the nomination's id.
async fn submitted(app: &TestApp, s: &TwoUnits, round: i64, email: &str, name: &str) -> i64 {
    let n = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/nominations"),
            Some(&s.admin1.1),
            json!({
                "new_candidate": { "email": email, "name": name },
                "category": "professional_technical", "birth_date": "1980-01-01",
                "education": "doctorate", "title_level": "senior",
                "city_work_start_date": "2010-01-01",
                "achievements": "主持市级重点课题。"
            }),
        )
        .await;
    assert_eq!(n.status, 201, "{}", n.body);
    let id = n.body["id"].as_i64().unwrap();
    let res = app
        .request(
            "POST",
            &format!("/api/v1/nominations/{id}/submit"),
            Some(&s.admin1.1),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    id
}

/// A reviewer of `unit` appointed to the round for professional talent.
async fn reviewer(
    app: &TestApp,
    s: &TwoUnits,
    round: i64,
    email: &str,
    unit: peidai::domain::ids::UnitId,
) {
    let (id, _) = app.make_user(email, &[Role::Reviewer], Some(unit)).await;
    let res = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/reviewers"),
            Some(&s.city),
            json!({ "reviewer_id": id.0, "categories": ["professional_technical"] }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

/// A round in review with one nomination of unit 1, a reviewer of unit 2 and one of unit 1.
async fn in_review() -> (TestApp, TwoUnits, i64, i64) {
    let app = spawn().await;
    let s = two_units(&app).await;
    let round = open_round(&app, &s.city).await;
    let id = submitted(&app, &s, round, "chen@test.cn", "陈静").await;
    reviewer(&app, &s, round, "other.unit@test.cn", s.u2).await;
    reviewer(&app, &s, round, "same.unit@test.cn", s.u1).await;
    let res = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/advance"),
            Some(&s.city),
            json!({ "to": "reviewing" }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    (app, s, round, id)
}

#[actix_web::test]
async fn a_submitted_nomination_appears_to_its_reviewer_who_scores_it_in_both_languages() {
    let (app, _s, _round, id) = in_review().await;
    for lang in ["zh-CN", "en"] {
        let mut web = signed_in(&app, "other.unit@test.cn", lang).await;
        for path in [
            "/review".to_owned(),
            "/review?category=professional_technical&state=todo".to_owned(),
            "/review?category=nonsense&state=x&page=q".to_owned(),
            format!("/review/{id}"),
        ] {
            let page = web.get(&path).await;
            assert_page(&page, &path, lang);
        }
        let list = web.get("/review").await;
        assert!(list.html.contains("陈静"), "{}", list.html);
        assert!(list.html.contains(&format!("/review/{id}")));
    }
    let mut web = signed_in(&app, "other.unit@test.cn", "zh-CN").await;
    let path = format!("/review/{id}");
    let page = web.get(&path).await;
    assert!(
        page.html.contains("主持市级重点课题。"),
        "the form is shown"
    );
    let csrf = page.csrf();
    // Out of range: the service's reason beside the score, the input kept.
    let res = web
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("score", "150"),
                ("recommendation", "recommend"),
                ("comment", "业绩突出"),
            ],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert_eq!(
        res.field_error("score").as_deref(),
        Some("评分应在 0 到 100 之间")
    );
    assert!(res.html.contains("业绩突出"));
    let res = web
        .post(
            &path,
            &[("csrf", &csrf), ("score", "八十"), ("recommendation", "")],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.field_error("score").is_some());
    assert!(res.field_error("recommendation").is_some());
    let res = web
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("score", "86"),
                ("recommendation", "recommend"),
                ("comment", "业绩突出"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    let page = web.get(&path).await;
    assert!(page.html.contains("reviewing-score\">86<"), "{}", page.html);
    assert!(page.html.contains("评审阶段结束前仍可修改"));
    let list = web.get("/review?state=done").await;
    assert!(list.html.contains("已评 86 分"), "{}", list.html);
    // The score is the service's: the API gives the same.
    let token = app
        .login("other.unit@test.cn", crate::helpers::PASSWORD)
        .await;
    let mine = app.get("/api/v1/reviews", Some(&token)).await;
    let item: &Value = &mine.body["items"][0];
    assert_eq!(item["my_score"]["score"], json!(86));
}

#[actix_web::test]
async fn a_reviewer_never_sees_their_own_units_nomination_and_other_roles_are_refused() {
    let (app, _s, _round, id) = in_review().await;
    let mut web = signed_in(&app, "same.unit@test.cn", "zh-CN").await;
    let list = web.get("/review").await;
    assert_eq!(list.status, 200);
    assert!(!list.html.contains("陈静"), "{}", list.html);
    assert!(list.html.contains("目前没有分配给您的推荐"));
    assert_eq!(web.get(&format!("/review/{id}")).await.status, 404);
    let csrf = list.csrf();
    let res = web
        .post(
            &format!("/review/{id}"),
            &[
                ("csrf", &csrf),
                ("score", "90"),
                ("recommendation", "recommend"),
            ],
        )
        .await;
    assert_eq!(res.status, 404);
    assert_eq!(web.get(&format!("/review/{id}/files/1")).await.status, 404);
    let mut admin = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    assert_eq!(admin.get("/review").await.status, 403);
    assert_eq!(admin.get(&format!("/review/{id}")).await.status, 403);
}
