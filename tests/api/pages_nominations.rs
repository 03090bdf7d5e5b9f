//! The pages: a unit admin's nomination pages (the list, the form with its eligibility checked as
//! the clerk types, the evidence files, submitting, withdrawing, a returned form).

use serde_json::{Value, json};

use peidai::domain::role::Role;

use crate::helpers::{PASSWORD, TestApp, TwoUnits, spawn, two_units};
use crate::page_checks::assert_page;
use crate::web_client::{Page, WebClient};

/// The smallest file the evidence service takes for a PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// A browser speaking `lang`, signed in as `email`.
pub async fn signed_in<'a>(app: &'a TestApp, email: &str, lang: &'static str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.get(&format!("/language?lang={lang}")).await;
    web.sign_in(email, PASSWORD).await;
    web
}

/// A round open for nominations (deadline 2027-06-30, the age counted on that day).
pub async fn open_round(app: &TestApp, city: &str) -> i64 {
    let res = app
        .post(
            "/api/v1/selection-rounds",
            Some(city),
            json!({ "name": "第五届人才培带人选拔", "year": 2027 }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.body["id"].as_i64().unwrap()
}

/// The form as the page sends it, for a professional with a doctorate; `start` is the day the
/// candidate started working in the city.
fn fields<'a>(csrf: &'a str, start: &'a str, action: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("action", action),
        ("category", "professional_technical"),
        ("birth_date", "1980-03-01"),
        ("education", "doctorate"),
        ("title_level", "senior"),
        ("skill_level", ""),
        ("specialty", "心血管内科"),
        ("city_work_start_date", start),
        ("skills_award", ""),
        ("achievements", "主持市级课题三项。"),
        ("unit_opinion", "同意推荐。"),
        ("exception_justification", ""),
        ("qualification_justification", ""),
    ]
}

/// Creates a draft through the new form's page; its id.
async fn draft(web: &mut WebClient<'_>, round: i64, email: &str, start: &str) -> i64 {
    draft_named(web, round, "赵敏", email, start).await
}

/// As [`draft`], for a candidate of the name `name`.
pub async fn draft_named(
    web: &mut WebClient<'_>,
    round: i64,
    name: &str,
    email: &str,
    start: &str,
) -> i64 {
    let page = web.get("/unit/nominations/new").await;
    assert_eq!(page.status, 200, "{}", page.html);
    let csrf = page.csrf();
    let round = round.to_string();
    let mut form = fields(&csrf, start, "save");
    form.extend([
        ("round_id", round.as_str()),
        ("name", name),
        ("email", email),
    ]);
    let res = web.post("/unit/nominations", &form).await;
    assert_eq!(res.status, 303, "{}", res.html);
    let loc = res.location().to_owned();
    assert!(loc.ends_with("?done=created"), "{loc}");
    loc.trim_start_matches("/unit/nominations/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn setup() -> (TestApp, TwoUnits, i64) {
    let app = spawn().await;
    let s = two_units(&app).await;
    let round = open_round(&app, &s.city).await;
    (app, s, round)
}

#[actix_web::test]
async fn every_nomination_page_answers_the_unit_admin_in_both_languages_and_refuses_the_others() {
    let (app, s, round) = setup().await;
    let mut first = None;
    for lang in ["zh-CN", "en"] {
        let mut web = signed_in(&app, "admin1@test.cn", lang).await;
        let id = draft(
            &mut web,
            round,
            &format!("zhao.{lang}@test.cn"),
            "2010-01-01",
        )
        .await;
        first.get_or_insert(id);
        for path in [
            "/unit/nominations".to_owned(),
            format!("/unit/nominations?round={round}&status=draft"),
            "/unit/nominations?round=x&status=nonsense&page=zz".to_owned(),
            "/unit/nominations/new".to_owned(),
            format!("/unit/nominations/{id}"),
        ] {
            let page = web.get(&path).await;
            assert_page(&page, &path, lang);
        }
        let list = web.get("/unit/nominations").await;
        assert!(list.html.contains("赵敏"), "{}", list.html);
        assert!(list.html.contains("2027"), "the deadline is shown");
    }
    let id = first.unwrap();
    // Another unit's nomination is not found; other roles are refused.
    let mut other = signed_in(&app, "admin2@test.cn", "zh-CN").await;
    assert_eq!(
        other.get(&format!("/unit/nominations/{id}")).await.status,
        404
    );
    let csrf = other.get("/unit/nominations").await.csrf();
    let res = other
        .post(
            &format!("/unit/nominations/{id}/withdraw"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(res.status, 404, "{}", res.html);
    let res = other
        .post(
            &format!("/unit/nominations/{id}/check"),
            &fields(&csrf, "2010-01-01", ""),
        )
        .await;
    assert_eq!(res.status, 404, "{}", res.html);
    assert_eq!(
        other
            .get(&format!("/unit/nominations/{id}/files/1"))
            .await
            .status,
        404
    );
    app.make_user("reviewer@test.cn", &[Role::Reviewer], Some(s.u2))
        .await;
    let mut reviewer = signed_in(&app, "reviewer@test.cn", "zh-CN").await;
    for path in ["/unit/nominations", "/unit/nominations/new"] {
        let page = reviewer.get(path).await;
        assert_eq!(page.status, 403, "{path}");
    }
    assert_eq!(
        reviewer
            .get(&format!("/unit/nominations/{id}"))
            .await
            .status,
        403
    );
}

#[actix_web::test]
async fn the_check_gives_the_submissions_own_reason_for_too_few_years_and_none_once_fixed() {
    let (app, _s, round) = setup().await;
    for lang in ["zh-CN", "en"] {
        let mut web = signed_in(&app, "admin1@test.cn", lang).await;
        let email = format!("new.{lang}@test.cn");
        // Started in the city in 2025: fewer than 3 years on 2027-06-30.
        let id = draft(&mut web, round, &email, "2025-03-01").await;
        let page = web.get(&format!("/unit/nominations/{id}")).await;
        assert!(page.html.contains("data-check"), "the form has its check");
        let csrf = page.csrf();
        let checked = web
            .post(
                &format!("/unit/nominations/{id}/check"),
                &fields(&csrf, "2025-03-01", ""),
            )
            .await;
        assert_eq!(checked.status, 200, "{}", checked.html);
        let answer: Value = serde_json::from_str(&checked.html).unwrap();
        let said = answer["errors"]["city_work_start_date"]
            .as_str()
            .unwrap_or_else(|| panic!("no reason: {answer}"))
            .to_owned();
        // The new form's check says the same before anything is saved.
        let round_s = round.to_string();
        let mut new_form = fields(&csrf, "2025-03-01", "");
        new_form.push(("round_id", &round_s));
        let fresh = web.post("/unit/nominations/check", &new_form).await;
        let fresh: Value = serde_json::from_str(&fresh.html).unwrap();
        assert_eq!(fresh["errors"]["city_work_start_date"], json!(said));
        // Submitting without the script refuses with the same words beside the same field.
        let submitted = web
            .post(
                &format!("/unit/nominations/{id}"),
                &fields(&csrf, "2025-03-01", "submit"),
            )
            .await;
        assert_eq!(submitted.status, 422, "{}", submitted.html);
        assert_eq!(
            submitted.field_error("city_work_start_date").as_deref(),
            Some(said.as_str())
        );
        assert_eq!(
            submitted.input_value("city_work_start_date").as_deref(),
            Some("2025-03-01"),
            "the input is kept"
        );
        if lang == "zh-CN" {
            assert!(said.contains("不满 3 年"), "{said}");
        } else {
            assert!(said.contains("fewer than 3 years"), "{said}");
        }
        // Fixed: no reason, and the submission goes through.
        let fixed = web
            .post(
                &format!("/unit/nominations/{id}/check"),
                &fields(&csrf, "2012-03-01", ""),
            )
            .await;
        let fixed: Value = serde_json::from_str(&fixed.html).unwrap();
        assert_eq!(fixed["errors"], json!({}), "{fixed}");
        assert_eq!(fixed["banner"], Value::Null);
        let done = web
            .post(
                &format!("/unit/nominations/{id}"),
                &fields(&csrf, "2012-03-01", "submit"),
            )
            .await;
        assert_eq!(done.status, 303, "{}", done.html);
        assert_eq!(
            done.location(),
            format!("/unit/nominations/{id}?done=submitted")
        );
        let page = web.get(&format!("/unit/nominations/{id}")).await;
        assert_page(&page, "submitted", lang);
        assert!(
            !page.html.contains("data-check"),
            "a submitted form is read-only"
        );
    }
}

#[actix_web::test]
async fn an_over_age_candidate_needs_the_exception_with_its_justification_on_check_and_submit() {
    let (app, _s, round) = setup().await;
    let mut web = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let id = draft(&mut web, round, "old@test.cn", "2000-01-01").await;
    let csrf = web.get(&format!("/unit/nominations/{id}")).await.csrf();
    let mut form = fields(&csrf, "2000-01-01", "");
    form.retain(|(k, _)| *k != "birth_date");
    form.push(("birth_date", "1960-01-01"));
    let checked = web
        .post(&format!("/unit/nominations/{id}/check"), &form)
        .await;
    let answer: Value = serde_json::from_str(&checked.html).unwrap();
    assert!(answer["errors"]["birth_date"].is_string(), "{answer}");
    form.push(("outstanding_exception", "on"));
    let checked = web
        .post(&format!("/unit/nominations/{id}/check"), &form)
        .await;
    let answer: Value = serde_json::from_str(&checked.html).unwrap();
    assert!(answer["errors"]["birth_date"].is_null(), "{answer}");
    assert!(
        answer["errors"]["exception_justification"].is_string(),
        "{answer}"
    );
    form.retain(|(k, _)| *k != "exception_justification");
    form.push(("exception_justification", "全国劳动模范，技术带头人。"));
    let checked = web
        .post(&format!("/unit/nominations/{id}/check"), &form)
        .await;
    let answer: Value = serde_json::from_str(&checked.html).unwrap();
    assert_eq!(answer["errors"], json!({}), "{answer}");
    assert!(
        answer["warnings"][0].as_str().unwrap().contains("破格"),
        "the reviewers' warning is shown: {answer}"
    );
    // Honours: one row each, kept with the form; a row without its year is refused beside them.
    let mut with_honours = fields(&csrf, "2000-01-01", "save");
    with_honours.extend([
        ("honour_name", "全国五一劳动奖章"),
        ("honour_level", "national"),
        ("honour_year", "2019"),
        ("honour_name", "市级优秀专家"),
        ("honour_level", "city"),
        ("honour_year", ""),
    ]);
    let res = web
        .post(&format!("/unit/nominations/{id}"), &with_honours)
        .await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert!(res.field_error("honours").is_some(), "{}", res.html);
    assert!(res.html.contains("市级优秀专家"), "the row is kept");
    with_honours.pop();
    with_honours.push(("honour_year", "2021"));
    let res = web
        .post(&format!("/unit/nominations/{id}"), &with_honours)
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    let page = web.get(&format!("/unit/nominations/{id}")).await;
    assert!(
        page.html.contains("value=\"全国五一劳动奖章\""),
        "{}",
        page.html
    );
    assert!(page.html.contains("value=\"2021\""));
    // A date that is not one is refused beside its field, never a 500.
    let mut bad = fields(&csrf, "someday", "save");
    bad.retain(|(k, _)| *k != "category");
    bad.push(("category", "nonsense"));
    let res = web.post(&format!("/unit/nominations/{id}"), &bad).await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert!(res.field_error("city_work_start_date").is_some());
    assert!(res.field_error("category").is_some());
    assert_eq!(
        res.input_value("city_work_start_date").as_deref(),
        Some("someday")
    );
}

/// Posts a multipart form with the browser's cookies.
async fn post_file(
    app: &TestApp,
    web: &WebClient<'_>,
    path: &str,
    csrf: &str,
    name: &str,
    bytes: &[u8],
) -> Page {
    let boundary = "----peidai-nominations-boundary";
    let mut body: Vec<u8> = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let cookies = web
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let client = awc::Client::builder().disable_redirects().finish();
    let mut res = client
        .post(format!("{}{path}", app.base))
        .insert_header(("Accept", "text/html"))
        .insert_header(("Cookie", cookies))
        .insert_header((
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        ))
        .send_body(body)
        .await
        .expect("request sent");
    let bytes = res.body().limit(10 << 20).await.expect("body read");
    Page {
        status: res.status(),
        headers: res.headers().clone(),
        html: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

#[actix_web::test]
async fn evidence_is_uploaded_listed_and_downloaded_a_returned_form_shows_the_reason_and_is_withdrawn_once()
 {
    let (app, s, round) = setup().await;
    let mut web = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let id = draft(&mut web, round, "files@test.cn", "2010-01-01").await;
    let path = format!("/unit/nominations/{id}");
    let csrf = web.get(&path).await.csrf();
    // A file that is not a PDF, JPEG or PNG is refused beside the file input.
    let refused = post_file(
        &app,
        &web,
        &format!("{path}/files"),
        &csrf,
        "a.txt",
        b"hello",
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(refused.field_error("files").is_some(), "{}", refused.html);
    let kept = post_file(
        &app,
        &web,
        &format!("{path}/files"),
        &csrf,
        "学历证书.pdf",
        PDF,
    )
    .await;
    assert_eq!(kept.status, 303, "{}", kept.html);
    let page = web.get(&path).await;
    assert!(page.html.contains("学历证书.pdf"), "{}", page.html);
    let at = page.html.find(&format!("{path}/files/")).unwrap();
    let href: String = page.html[at..].chars().take_while(|c| *c != '"').collect();
    let file = web.get(&href).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.html.as_bytes(), PDF);
    // Submitted, then returned by the city with a reason: the page shows it and takes it again.
    let done = web
        .post(&path, &fields(&csrf, "2010-01-01", "submit"))
        .await;
    assert_eq!(done.status, 303, "{}", done.html);
    let res = app
        .post(
            &format!("/api/v1/nominations/{id}/return"),
            Some(&s.city),
            json!({ "comment": "请补充职称证书" }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let page = web.get(&path).await;
    assert!(page.html.contains("请补充职称证书"), "{}", page.html);
    assert!(page.html.contains("修改后重新提交"));
    let again = web
        .post(&path, &fields(&csrf, "2010-01-01", "submit"))
        .await;
    assert_eq!(again.status, 303, "{}", again.html);
    // Withdrawing says what follows before the button, then takes it back.
    let page = web.get(&path).await;
    assert!(
        page.html.contains("撤回后，赵敏不再参加本届选拔"),
        "{}",
        page.html
    );
    let res = web
        .post(&format!("{path}/withdraw"), &[("csrf", &csrf)])
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    assert_eq!(res.location(), "/unit/nominations?done=withdrawn");
    let page = web.get(&path).await;
    assert!(page.html.contains("已撤回"));
    assert!(!page.html.contains("/withdraw\""), "no second withdraw");
    let res = web
        .post(&format!("{path}/withdraw"), &[("csrf", &csrf)])
        .await;
    assert_eq!(res.status, 409, "{}", res.html);
    // A form without its token is refused.
    let res = web.post(&format!("{path}/withdraw"), &[]).await;
    assert_eq!(res.status, 403);
}

#[actix_web::test]
async fn a_person_of_the_unit_is_nominated_from_their_profile_and_the_check_starts_from_it_too() {
    let (app, s, round) = setup().await;
    let person = app
        .post(
            "/api/v1/users",
            Some(&s.city),
            json!({
                "email": "zhou@test.cn", "name": "周扬", "roles": ["mentee"], "unit_id": s.u1.0,
                "profile": {
                    "birth_date": "1988-02-02", "city_work_start_date": "2011-07-01",
                    "education": "master"
                }
            }),
        )
        .await;
    assert_eq!(person.status, 201, "{}", person.body);
    let person_id = person.body["id"].as_i64().unwrap().to_string();
    let mut web = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let page = web.get("/unit/nominations/new").await;
    assert!(page.html.contains("周扬（zhou@test.cn）"), "{}", page.html);
    assert!(
        !page.html.contains("admin1@test.cn）"),
        "no office staff offered"
    );
    let csrf = page.csrf();
    let round_s = round.to_string();
    let form = vec![
        ("csrf", csrf.as_str()),
        ("round_id", round_s.as_str()),
        ("candidate_id", person_id.as_str()),
        ("category", "professional_technical"),
        ("birth_date", ""),
        ("city_work_start_date", ""),
        ("education", ""),
        ("title_level", ""),
        ("skill_level", ""),
    ];
    // The profile's dates count: nothing to say.
    let checked = web.post("/unit/nominations/check", &form).await;
    let answer: Value = serde_json::from_str(&checked.html).unwrap();
    assert_eq!(answer["errors"], json!({}), "{answer}");
    let mut submit = form.clone();
    submit.push(("action", "submit"));
    let res = web.post("/unit/nominations", &submit).await;
    assert_eq!(res.status, 303, "{}", res.html);
    assert!(
        res.location().ends_with("?done=submitted"),
        "{}",
        res.location()
    );
    let page = web.get(res.location()).await;
    assert!(page.html.contains("2011年7月1日"), "{}", page.html);
    // The same person twice: the service's reason beside the person.
    let again = web.post("/unit/nominations", &form).await;
    assert_eq!(again.status, 422, "{}", again.html);
    assert_eq!(
        again.field_error("candidate_id").as_deref(),
        Some("此人已在本届被推荐")
    );
}
