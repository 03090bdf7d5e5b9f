//! The pages: the city admin's selection round and pool pages, and the public notice.
//!
//! Over the demo city (a round open for nominations, with 贾明's nomination handed in by 红山区):
//! the city admin appoints a reviewer, starts the review, decides, publishes the notice, records
//! and decides an objection and closes the round, all through the pages, each step checked
//! through the API.

use serde_json::{Value, json};

use crate::demo::{DEMO_PASSWORD, demo_app, items};
use crate::helpers::{TestApp, spawn_with};
use crate::page_checks::assert_page;
use crate::web_client::{Page, WebClient};

const CITY: &str = "admin@demo.peidai.cn";
const REVIEWER: &str = "reviewer@demo.peidai.cn";
const UNIT_ADMIN: &str = "hongshan.admin@demo.peidai.cn";
const MENTOR: &str = "li.hua@demo.peidai.cn";
/// The candidate the demo's unit handed in, and the phone the test gives them.
const CANDIDATE: &str = "贾明";
const CANDIDATE_EMAIL: &str = "jia.ming@demo.peidai.cn";
const CANDIDATE_PHONE: &str = "13904761234";

/// A browser speaking `lang`, signed in as `email`.
async fn signed_in<'a>(app: &'a TestApp, email: &str, lang: &'static str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.get(&format!("/language?lang={lang}")).await;
    web.sign_in(email, DEMO_PASSWORD).await;
    web
}

/// The demo's round open for nominations.
async fn open_round(app: &TestApp, city: &str) -> i64 {
    let list = app
        .get("/api/v1/selection-rounds?status=open", Some(city))
        .await;
    items(&list.body)[0]["id"].as_i64().expect("an open round")
}

async fn round_status(app: &TestApp, city: &str, id: i64) -> String {
    let r = app
        .get(&format!("/api/v1/selection-rounds/{id}"), Some(city))
        .await;
    r.body["status"].as_str().unwrap().to_owned()
}

/// The user id of `email`, as the city admin finds them.
async fn user_id(app: &TestApp, city: &str, email: &str) -> i64 {
    let found = app
        .get(&format!("/api/v1/users?q={email}"), Some(city))
        .await;
    items(&found.body)
        .iter()
        .find(|u| u["email"] == email)
        .and_then(|u| u["id"].as_i64())
        .unwrap_or_else(|| panic!("no {email}: {}", found.body))
}

/// The round's nominations under review or decided, as the review summary lists them.
async fn summary(app: &TestApp, city: &str, id: i64) -> Vec<Value> {
    let s = app
        .get(
            &format!("/api/v1/selection-rounds/{id}/review-summary"),
            Some(city),
        )
        .await;
    items(&s.body)
}

/// Posts a form of `page_path` (its CSRF token read from it) and returns the answer.
async fn post_from(
    web: &mut WebClient<'_>,
    page_path: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Page {
    let page = web.get(page_path).await;
    assert_eq!(page.status, 200, "{page_path}: {}", page.html);
    let csrf = page.csrf();
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    web.post(action, &all).await
}

/// Every page of the area for round `id`, and the pages of every other round of the demo (its
/// closed rounds), in both languages.
async fn every_page_in_both_languages(app: &TestApp, id: i64) {
    let city = app.login(CITY, DEMO_PASSWORD).await;
    let all = app.get("/api/v1/selection-rounds", Some(&city)).await;
    let others: Vec<i64> = items(&all.body)
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .filter(|r| *r != id)
        .collect();
    assert!(!others.is_empty(), "the demo has earlier rounds");
    for lang in ["zh-CN", "en"] {
        let mut web = signed_in(app, CITY, lang).await;
        for other in &others {
            for tab in ["", "/reviewers", "/review", "/notice"] {
                let path = format!("/city/rounds/{other}{tab}");
                let page = web.get(&path).await;
                assert_page(&page, &path, lang);
            }
            let path = format!("/notice/{other}");
            let page = web.get(&path).await;
            assert_page(&page, &path, lang);
        }
        for path in [
            "/city/rounds".to_owned(),
            "/city/rounds?status=closed".to_owned(),
            "/city/rounds/new".to_owned(),
            format!("/city/rounds/{id}"),
            format!("/city/rounds/{id}/edit"),
            format!("/city/rounds/{id}/reviewers"),
            format!("/city/rounds/{id}/review"),
            format!("/city/rounds/{id}/review?sort=mean&status=approved"),
            format!("/city/rounds/{id}/notice"),
            "/city/pool".to_owned(),
            "/city/pool?status=revoked&sort=term".to_owned(),
            "/city/pool?q=nobody-like-this".to_owned(),
            "/notice".to_owned(),
        ] {
            let page = web.get(&path).await;
            assert_page(&page, &path, lang);
        }
    }
}

#[actix_web::test]
async fn the_city_admin_runs_a_round_through_the_pages_to_its_appointments() {
    let (app, _) = demo_app().await;
    let city = app.login(CITY, DEMO_PASSWORD).await;
    let id = open_round(&app, &city).await;
    let mut web = signed_in(&app, CITY, "zh-CN").await;
    let overview = format!("/city/rounds/{id}");

    // Open: the step names the category without a reviewer; taking it is refused with that.
    let page = web.get(&overview).await;
    assert_page(&page, &overview, "zh-CN");
    assert!(page.html.contains("专业技术人才"), "{}", page.html);
    let refused = post_from(
        &mut web,
        &overview,
        &format!("{overview}/advance"),
        &[("to", "reviewing")],
    )
    .await;
    assert_eq!(refused.status, 409, "{}", refused.html);
    assert!(
        refused
            .banner_error()
            .unwrap_or_default()
            .contains("评审专家"),
        "{}",
        refused.html
    );
    assert_eq!(round_status(&app, &city, id).await, "open");

    // Reviewers: no one chosen is refused beside the field; then the demo's reviewer is appointed.
    let reviewers = format!("{overview}/reviewers");
    let page = post_from(&mut web, &reviewers, &reviewers, &[("reviewer_id", "")]).await;
    assert_eq!(page.status, 422);
    assert!(page.field_error("reviewer_id").is_some(), "{}", page.html);
    let reviewer = user_id(&app, &city, REVIEWER).await.to_string();
    let page = post_from(
        &mut web,
        &reviewers,
        &reviewers,
        &[
            ("reviewer_id", &reviewer),
            ("categories", "professional_technical"),
        ],
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.html);
    let listed = app
        .get(
            &format!("/api/v1/selection-rounds/{id}/reviewers"),
            Some(&city),
        )
        .await;
    assert_eq!(items(&listed.body).len(), 1, "{}", listed.body);

    // Review starts.
    let page = post_from(
        &mut web,
        &overview,
        &format!("{overview}/advance"),
        &[("to", "reviewing")],
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.html);
    assert_eq!(page.location(), format!("{overview}?done=advanced"));
    assert_eq!(round_status(&app, &city, id).await, "reviewing");
    // The same form sent twice moves nothing further.
    let csrf = page_csrf(&mut web, &overview).await;
    let again = web
        .post(
            &format!("{overview}/advance"),
            &[("csrf", &csrf), ("to", "reviewing")],
        )
        .await;
    assert_eq!(again.status, 303);
    assert_eq!(round_status(&app, &city, id).await, "reviewing");

    // The reviewer scores through the API; the summary shows it.
    let nominations = summary(&app, &city, id).await;
    let nomination = nominations
        .iter()
        .find(|n| n["nomination"]["candidate_name"] == CANDIDATE)
        .expect("the candidate under review");
    let nid = nomination["nomination"]["id"].as_i64().unwrap();
    let rev = app.login(REVIEWER, DEMO_PASSWORD).await;
    let scored = app
        .request(
            "PUT",
            &format!("/api/v1/reviews/{nid}"),
            Some(&rev),
            Some(json!({ "score": 88, "recommendation": "recommend", "comment": "教研成果突出" })),
        )
        .await;
    assert_eq!(scored.status, 200, "{}", scored.body);
    let review = format!("{overview}/review");
    let page = web.get(&review).await;
    assert_page(&page, &review, "zh-CN");
    assert!(page.html.contains("88") && page.html.contains("教研成果突出"));

    // A decision without its reason is refused beside the field, the sign-off kept; one score
    // of the three required needs the exception's reason.
    let decide = format!("{overview}/nominations/{nid}/decision");
    let base = [
        ("decision", "approved"),
        ("signed_by", "王部长"),
        ("signed_on", "2026-06-01"),
    ];
    let mut fields = base.to_vec();
    fields.push(("reason", " "));
    let page = post_from(&mut web, &review, &decide, &fields).await;
    assert_eq!(page.status, 422, "{}", page.html);
    assert!(page.field_error("reason").is_some(), "{}", page.html);
    assert!(page.html.contains("王部长"));
    let mut fields = base.to_vec();
    fields.push(("reason", "综合评审意见良好"));
    let page = post_from(&mut web, &review, &decide, &fields).await;
    assert_eq!(page.status, 422, "{}", page.html);
    assert!(
        page.field_error("score_exception_reason").is_some(),
        "{}",
        page.html
    );
    fields.push(("score_exception_reason", "其余评审专家回避本单位推荐"));
    let page = post_from(&mut web, &review, &decide, &fields).await;
    assert_eq!(page.status, 303, "{}", page.html);
    let decided = summary(&app, &city, id).await;
    let mine = decided
        .iter()
        .find(|n| n["nomination"]["id"] == nid)
        .unwrap();
    assert_eq!(mine["nomination"]["status"], "approved");
    // Any other nomination of the round is rejected, so that the notice can start.
    for n in decided.iter().filter(|n| n["nomination"]["id"] != nid) {
        let other = n["nomination"]["id"].as_i64().unwrap();
        let page = post_from(
            &mut web,
            &review,
            &format!("{overview}/nominations/{other}/decision"),
            &[
                ("decision", "rejected"),
                ("reason", "名额所限"),
                ("signed_by", "王部长"),
                ("signed_on", "2026-06-01"),
                ("score_exception_reason", "未获评分"),
            ],
        )
        .await;
        assert_eq!(page.status, 303, "{}", page.html);
    }

    // Public notice: the page says what will happen, then the step is taken.
    let page = web.get(&overview).await;
    assert!(page.html.contains("公示"), "{}", page.html);
    let page = post_from(
        &mut web,
        &overview,
        &format!("{overview}/advance"),
        &[("to", "public_notice")],
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.html);
    assert_eq!(round_status(&app, &city, id).await, "public_notice");

    // The candidate's phone, to be sure the notice never shows it.
    let candidate = user_id(&app, &city, CANDIDATE_EMAIL).await;
    let phoned = app
        .patch(
            &format!("/api/v1/users/{candidate}"),
            Some(&city),
            json!({ "profile": { "phone": CANDIDATE_PHONE } }),
        )
        .await;
    assert_eq!(phoned.status, 200, "{}", phoned.body);

    // The notice, logged out, in both languages.
    for lang in ["zh-CN", "en"] {
        let mut anonymous = WebClient::new(&app).speaking(lang);
        for path in [
            "/notice".to_owned(),
            format!("/notice/{id}"),
            format!("/notice/{id}?all=1"),
            format!("/notice/{id}?page=9"),
        ] {
            let page = anonymous.get(&path).await;
            assert_page(&page, &path, lang);
            let expected = if path == "/notice" {
                format!("href=\"/notice/{id}\"")
            } else {
                CANDIDATE.to_owned()
            };
            assert!(page.html.contains(&expected), "{path}: {}", page.html);
            assert!(!page.html.contains(CANDIDATE_EMAIL), "{path}");
            assert!(!page.html.contains(CANDIDATE_PHONE), "{path}");
        }
    }

    // An objection is recorded and decided (not upheld) through the pages.
    let notice = format!("{overview}/notice");
    let page = post_from(
        &mut web,
        &notice,
        &format!("{overview}/nominations/{nid}/objections"),
        &[("content", "")],
    )
    .await;
    assert_eq!(page.status, 422, "{}", page.html);
    assert!(page.field_error("content").is_some(), "{}", page.html);
    let page = post_from(
        &mut web,
        &notice,
        &format!("{overview}/nominations/{nid}/objections"),
        &[("content", "群众来信反映该同志教研成果署名有争议")],
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.html);
    let objection = summary(&app, &city, id).await.into_iter().find_map(|n| {
        (n["nomination"]["id"] == nid).then(|| n["objections"][0]["id"].as_i64().unwrap())
    });
    let objection = objection.expect("the objection recorded");
    let page = post_from(
        &mut web,
        &notice,
        &format!("{overview}/objections/{objection}/outcome"),
        &[("outcome", "rejected"), ("reason", "经核实署名无误")],
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.html);
    let page = web.get(&notice).await;
    assert!(page.html.contains("经核实署名无误"), "{}", page.html);

    // Closing before the notice ends is refused with the reason; after it, the appointments
    // show their certificate numbers.
    let page = post_from(
        &mut web,
        &overview,
        &format!("{overview}/advance"),
        &[("to", "closed")],
    )
    .await;
    assert_eq!(page.status, 409, "{}", page.html);
    assert!(page.banner_error().is_some(), "{}", page.html);
    let r = app
        .get(&format!("/api/v1/selection-rounds/{id}"), Some(&city))
        .await;
    let last: chrono::NaiveDate = r.body["notice_ends_on"].as_str().unwrap().parse().unwrap();
    app.set_time(
        (last + chrono::Days::new(1))
            .and_hms_opt(2, 0, 0)
            .unwrap()
            .and_utc(),
    );
    // A day later the sessions of the morning are over: sign in again.
    let city = app.login(CITY, DEMO_PASSWORD).await;
    let mut web = signed_in(&app, CITY, "zh-CN").await;
    let page = post_from(
        &mut web,
        &overview,
        &format!("{overview}/advance"),
        &[("to", "closed")],
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.html);
    assert_eq!(round_status(&app, &city, id).await, "closed");
    let pool = app
        .get(&format!("/api/v1/mentors?round_id={id}"), Some(&city))
        .await;
    let appointed = items(&pool.body);
    assert_eq!(appointed.len(), 1, "{}", pool.body);
    let certificate = appointed[0]["certificate_no"].as_str().unwrap().to_owned();
    let page = web.get(&overview).await;
    assert!(page.html.contains(&certificate), "{}", page.html);
    let page = web.get(&format!("/city/pool?round={id}")).await;
    assert!(page.html.contains(&certificate) && page.html.contains(CANDIDATE));
    assert!(page.html.contains("共 1 人"), "{}", page.html);
    // The register's filters: by name and status, and the whole pool sorted by name.
    let page = web
        .get("/city/pool?q=%E8%B4%BE%E6%98%8E&status=active")
        .await;
    assert!(page.html.contains(&certificate), "{}", page.html);
    let page = web
        .get("/city/pool?q=%E8%B4%BE%E6%98%8E&status=revoked")
        .await;
    assert!(!page.html.contains(&certificate), "{}", page.html);
    assert!(page.html.contains("没有符合筛选条件的人才培带人"));
    let ends = &appointed[0]["term_ends_on"].as_str().unwrap()[..4];
    let page = web.get(&format!("/city/pool?term={ends}")).await;
    assert!(page.html.contains(&certificate), "{}", page.html);
    let page = web.get("/city/pool?term=1999").await;
    assert!(!page.html.contains(&certificate), "{}", page.html);
    let all = app.get("/api/v1/mentors?per_page=100", Some(&city)).await;
    let total = all.body["total"].as_i64().unwrap();
    let page = web.get("/city/pool?sort=name&status=oops").await;
    assert_eq!(page.status, 200);
    assert!(
        page.html.contains(&format!("共 {total} 人")),
        "a stray status is no filter: {}",
        page.html
    );

    every_page_in_both_languages(&app, id).await;
}

/// The CSRF token of `path` for a form sent by hand.
async fn page_csrf(web: &mut WebClient<'_>, path: &str) -> String {
    web.get(path).await.csrf()
}

#[actix_web::test]
async fn a_round_is_opened_and_changed_through_its_form_with_reasons_beside_the_fields() {
    let (app, _) = demo_app().await;
    let city = app.login(CITY, DEMO_PASSWORD).await;
    let mut web = signed_in(&app, CITY, "zh-CN").await;
    let page = post_from(
        &mut web,
        "/city/rounds/new",
        "/city/rounds",
        &[
            ("name", "第九届人才培带人选拔"),
            ("year", "2031"),
            ("nomination_deadline", "2030-13-40"),
            ("min_scores", "0"),
        ],
    )
    .await;
    assert_eq!(page.status, 422, "{}", page.html);
    assert!(page.field_error("nomination_deadline").is_some());
    assert!(
        page.html.contains("第九届人才培带人选拔"),
        "the name is kept"
    );
    let page = post_from(
        &mut web,
        "/city/rounds/new",
        "/city/rounds",
        &[
            ("name", "第九届人才培带人选拔"),
            ("year", "2031"),
            ("nomination_deadline", "2031-06-30"),
            ("min_scores", "0"),
        ],
    )
    .await;
    assert_eq!(page.status, 422, "{}", page.html);
    assert!(page.field_error("min_scores").is_some(), "{}", page.html);
    let page = post_from(
        &mut web,
        "/city/rounds/new",
        "/city/rounds",
        &[
            ("name", "第九届人才培带人选拔"),
            ("year", "2031"),
            ("nomination_deadline", "2031-06-30"),
            ("min_scores", "2"),
            ("category_quota_high_skill", "4"),
        ],
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.html);
    let id: i64 = page
        .location()
        .trim_start_matches("/city/rounds/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let r = app
        .get(&format!("/api/v1/selection-rounds/{id}"), Some(&city))
        .await;
    assert_eq!(r.body["min_scores"], 2);
    assert_eq!(
        r.body["category_quotas"],
        json!([{ "category": "high_skill", "quota": 4 }])
    );
    // Changed: the name and the term.
    let edit = format!("/city/rounds/{id}/edit");
    let page = post_from(
        &mut web,
        &edit,
        &edit,
        &[
            ("name", "第九届人才培带人选拔（调整）"),
            ("appointment_term_years", "4"),
            ("min_scores", "2"),
        ],
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.html);
    let r = app
        .get(&format!("/api/v1/selection-rounds/{id}"), Some(&city))
        .await;
    assert_eq!(r.body["name"], "第九届人才培带人选拔（调整）");
    assert_eq!(r.body["appointment_term_years"], 4);
    assert_eq!(r.body["category_quotas"], json!([]));
}

#[actix_web::test]
async fn the_round_pages_are_for_the_city_admin_and_an_unknown_round_is_not_found() {
    let (app, _) = demo_app().await;
    let city = app.login(CITY, DEMO_PASSWORD).await;
    let id = open_round(&app, &city).await;
    for email in [UNIT_ADMIN, MENTOR, REVIEWER] {
        let mut web = signed_in(&app, email, "zh-CN").await;
        for path in [
            "/city/rounds".to_owned(),
            "/city/rounds/new".to_owned(),
            format!("/city/rounds/{id}"),
            format!("/city/rounds/{id}/review"),
            "/city/pool".to_owned(),
        ] {
            let page = web.get(&path).await;
            assert_eq!(page.status, 403, "{email} {path}");
            assert!(page.html.contains("<html lang=\"zh-CN\">"), "the 403 page");
        }
        let csrf = web.get("/home").await.csrf();
        let page = web
            .post(
                &format!("/city/rounds/{id}/advance"),
                &[("csrf", &csrf), ("to", "reviewing")],
            )
            .await;
        assert_eq!(page.status, 403, "{email}");
    }
    assert_eq!(round_status(&app, &city, id).await, "open");
    let mut web = signed_in(&app, CITY, "en").await;
    for path in [
        "/city/rounds/999999",
        "/city/rounds/999999/edit",
        "/city/rounds/999999/reviewers",
        "/city/rounds/999999/review",
        "/city/rounds/999999/notice",
        "/notice/999999",
    ] {
        let page = web.get(path).await;
        assert_eq!(page.status, 404, "{path}: {}", page.html);
        assert!(page.html.contains("<html lang=\"en\">"), "the 404 page");
    }
    // A round not yet on notice has no public page.
    let page = WebClient::new(&app).get(&format!("/notice/{id}")).await;
    assert_eq!(page.status, 404);
}

#[actix_web::test]
async fn a_city_that_keeps_the_notice_behind_login_sends_a_reader_to_sign_in() {
    let app = spawn_with(&[("selection.public_notice_public", "false")]).await;
    let mut web = WebClient::new(&app);
    for path in ["/notice", "/notice/1"] {
        let page = web.get(path).await;
        assert_eq!(page.status, 303, "{path}: {}", page.html);
        assert!(
            page.location().starts_with("/login?next="),
            "{}",
            page.location()
        );
    }
    // Signed in, the list answers.
    app.city_admin().await;
    web.sign_in("city.admin@test.cn", crate::helpers::PASSWORD)
        .await;
    let page = web.get("/notice").await;
    assert_eq!(page.status, 200, "{}", page.html);
}
