//! The page tests of the mentor's dashboard and activity pages: every page in both languages;
//! logging an activity with a photo (multipart) and seeing it in the list, the detail and the
//! progress; refusals beside their fields with the input kept; a refused file beside the file
//! field; editing until the year is confirmed; another mentor's activity and file answer 404; a
//! multipart POST without its CSRF token changes nothing; a mentee gets 403.

use serde_json::{Value, json};

use peidai::domain::ids::UserId;
use peidai::domain::role::Role;

use crate::assessments::{assessment_of, grade_and_confirm, open_2027, travel};
use crate::contracts::{active_from, mentees, mentor};
use crate::helpers::{PASSWORD, TestApp, TwoUnits, spawn, spawn_with, two_units};
use crate::page_checks::assert_page;
use crate::web_client::{Page, WebClient};

/// The smallest PNG: one transparent pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// One file of a multipart form: `(field, file name, bytes)`.
type FilePart<'a> = (&'a str, &'a str, &'a [u8]);

/// Posts a `multipart/form-data` form as a browser does, with the client's cookies (the shared
/// client sends urlencoded forms only).
async fn post_multipart(
    app: &TestApp,
    web: &WebClient<'_>,
    path: &str,
    fields: &[(&str, &str)],
    files: &[FilePart<'_>],
) -> Page {
    let boundary = "----peidai-test-boundary-7MA4YWxkTrZu0gW";
    let mut body: Vec<u8> = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, file_name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let cookies = web
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let client = awc::Client::builder()
        .disable_redirects()
        .timeout(std::time::Duration::from_secs(30))
        .finish();
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
        html: String::from_utf8_lossy(&bytes).replace("&#x2f;", "/"),
    }
}

/// A page, with the `/` the templates escape in attributes written plainly again (so that a
/// test reads `href="/mentor/contract"`, as the browser does).
async fn get(web: &mut WebClient<'_>, path: &str) -> Page {
    let mut page = web.get(path).await;
    page.html = page.html.replace("&#x2f;", "/");
    page
}

/// A browser speaking `lang`, chosen with the language switch (so signing in keeps it).
fn client<'a>(app: &'a TestApp, lang: &'static str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.cookies.insert("peidai_lang".into(), lang.into());
    web
}

/// A mentor of 红山区 with an active contract from `start` and five mentees.
struct Setup {
    s: TwoUnits,
    mentor: UserId,
    contract: Value,
    ids: Vec<i64>,
    mentee_tokens: Vec<String>,
    token: String,
}

async fn setup(app: &TestApp, start: &str) -> Setup {
    let s = two_units(app).await;
    let (mentor, _, token) = mentor(app, "mentor@test.cn", s.u1).await;
    let (ids, mentee_tokens) = mentees(app, "mentee", s.u1, 5).await;
    let contract = active_from(app, &token, &ids, &mentee_tokens, start).await;
    Setup {
        s,
        mentor,
        contract,
        ids,
        mentee_tokens,
        token,
    }
}

/// The mentor's activities through the API.
async fn api_activities(app: &TestApp, token: &str, contract: &Value) -> Vec<Value> {
    let res = app
        .get(
            &format!("/api/v1/contracts/{contract}/activities?per_page=100"),
            Some(token),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body["items"].as_array().unwrap().clone()
}

/// An activity's files through the API.
async fn api_files(app: &TestApp, token: &str, activity: i64) -> Vec<Value> {
    let res = app
        .get(&format!("/api/v1/activities/{activity}/files"), Some(token))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body["items"].as_array().unwrap().clone()
}

/// The activity's id in a `/mentor/activities/{id}?…` redirect.
fn id_in(location: &str) -> i64 {
    location
        .strip_prefix("/mentor/activities/")
        .and_then(|rest| rest.split('?').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not an activity's page: {location}"))
}

/// The fields of a good lecture, with the CSRF token and the attendees.
fn lecture<'a>(csrf: &'a str, title: &'a str, held_on: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("kind", "lecture"),
        ("title", title),
        ("held_on", held_on),
        ("hours", "1.5"),
        ("place", "市农牧局三楼会议室"),
        ("summary", "讲解退化草地的补播与围栏技术。"),
    ]
}

#[actix_web::test]
async fn every_progress_page_renders_in_both_languages_and_a_mentor_without_a_contract_is_sent_to_draft_one()
 {
    let app = spawn().await;
    let s = two_units(&app).await;
    mentor(&app, "new.mentor@test.cn", s.u1).await;
    for lang in ["zh-CN", "en"] {
        let mut web = client(&app, lang);
        web.sign_in("new.mentor@test.cn", PASSWORD).await;
        for path in ["/mentor", "/mentor/activities", "/mentor/activities/new"] {
            let page = get(&mut web, path).await;
            assert_page(&page, path, lang);
            assert!(
                page.html.contains("href=\"/mentor/contract\""),
                "{path} ({lang}) leads to the contract"
            );
        }
        let home = get(&mut web, "/mentor").await;
        let (hello, today) = if lang == "en" {
            ("Hello, ", "Today is")
        } else {
            ("您好，", "今天是")
        };
        assert!(home.html.contains(hello) && home.html.contains(today));
    }

    let app = spawn().await;
    let k = setup(&app, "2026-11-01").await;
    let mut web = WebClient::new(&app);
    web.sign_in("mentor@test.cn", PASSWORD).await;
    let csrf = get(&mut web, "/mentor/activities/new").await.csrf();
    let mut fields = lecture(&csrf, "草原生态修复专题讲座", "2026-11-20");
    let first = k.ids[0].to_string();
    fields.push(("attendee_ids", &first));
    let done = post_multipart(&app, &web, "/mentor/activities", &fields, &[]).await;
    assert_eq!(done.status, 303, "{}", done.html);
    let id = id_in(done.location());
    for lang in ["zh-CN", "en"] {
        let mut web = client(&app, lang);
        web.sign_in("mentor@test.cn", PASSWORD).await;
        for path in [
            "/mentor".to_owned(),
            "/mentor/activities".to_owned(),
            "/mentor/activities?year=2026".to_owned(),
            "/mentor/activities?year=1999&page=x".to_owned(),
            "/mentor/activities/new".to_owned(),
            format!("/mentor/activities/{id}"),
            format!("/mentor/activities/{id}?done=logged&file=type"),
            format!("/mentor/activities/{id}/edit"),
        ] {
            assert_page(&get(&mut web, &path).await, &path, lang);
        }
        let list = get(&mut web, "/mentor/activities").await;
        assert!(list.html.contains("草原生态修复专题讲座"));
        let words = if lang == "en" {
            "Technical tutoring: 1 more needed"
        } else {
            "技术辅导 还差 1 次"
        };
        assert!(
            get(&mut web, "/mentor").await.html.contains(words),
            "{lang}"
        );
    }
}

#[actix_web::test]
async fn a_mentor_logs_an_activity_with_a_photo_and_sees_it_in_the_list_the_detail_and_the_progress()
 {
    let app = spawn().await;
    let k = setup(&app, "2026-11-01").await;
    let mut web = WebClient::new(&app);
    web.sign_in("mentor@test.cn", PASSWORD).await;

    let before = get(&mut web, "/mentor").await;
    assert_eq!(before.status, 200, "{}", before.html);
    assert!(
        before.html.contains("专题讲座 还差 1 次"),
        "nothing logged: behind the pro-rata target"
    );
    assert!(before.html.contains("href=\"/mentor/activities/new\""));

    let form = get(&mut web, "/mentor/activities/new").await;
    assert_eq!(form.status, 200, "{}", form.html);
    assert!(form.html.contains("enctype=\"multipart/form-data\""));
    assert!(
        form.html
            .contains("accept=\"image/jpeg,image/png,application/pdf\"")
    );
    for id in &k.ids {
        assert!(
            form.html
                .contains(&format!("name=\"attendee_ids\" value=\"{id}\"")),
            "every mentee can be ticked"
        );
    }
    let csrf = form.csrf();
    let mut fields = lecture(&csrf, "草原生态修复专题讲座", "2026-11-20");
    let (a, b) = (k.ids[0].to_string(), k.ids[1].to_string());
    fields.push(("attendee_ids", &a));
    fields.push(("attendee_ids", &b));
    let done = post_multipart(
        &app,
        &web,
        "/mentor/activities",
        &fields,
        &[("files", "现场照片.png", PNG)],
    )
    .await;
    assert_eq!(done.status, 303, "{}", done.html);
    let id = id_in(done.location());
    assert!(
        done.location().ends_with("?done=logged"),
        "{}",
        done.location()
    );

    let logged = api_activities(&app, &k.token, &k.contract).await;
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0]["title"], "草原生态修复专题讲座");
    assert_eq!(logged[0]["hours"], 1.5);
    assert_eq!(logged[0]["attendance"].as_array().unwrap().len(), 2);
    let files = api_files(&app, &k.token, id).await;
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["content_type"], "image/png");
    assert_eq!(files[0]["file_name"], "现场照片.png");
    let file_id = files[0]["id"].as_i64().unwrap();

    let list = get(&mut web, "/mentor/activities").await;
    assert!(list.html.contains("草原生态修复专题讲座"));
    assert!(
        list.html
            .contains(&format!("href=\"/mentor/activities/{id}\""))
    );
    assert!(list.html.contains("测试 mentee0@test.cn：待确认"));

    let detail = get(&mut web, done.location()).await;
    assert_eq!(detail.status, 200, "{}", detail.html);
    assert!(detail.html.contains("活动已登记"), "the notice shows");
    let src = format!("/mentor/activities/{id}/files/{file_id}");
    assert!(detail.html.contains(&format!("<img src=\"{src}\"")));
    assert!(detail.html.contains("市农牧局三楼会议室"));

    let file = get(&mut web, &src).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-type"), "image/png");
    assert_eq!(file.header("x-content-type-options"), "nosniff");
    assert!(file.header("cache-control").starts_with("private"));
    assert!(file.header("content-disposition").starts_with("inline"));
    assert_eq!(file.html.len(), String::from_utf8_lossy(PNG).len());

    let after = get(&mut web, "/mentor").await;
    assert!(
        !after.html.contains("专题讲座 还差"),
        "one lecture logged: on track"
    );
    assert!(after.html.contains("进度正常，全年还差 1 次"));
    assert!(after.html.contains("其中 1 次待培带对象确认"));

    // A mentee disputes it: the dashboard names it, with a link and the note.
    let disputed = app
        .post(
            &format!("/api/v1/activities/{id}/attendance"),
            Some(&k.mentee_tokens[1]),
            json!({ "status": "disputed", "note": "当天我在外地出差" }),
        )
        .await;
    assert_eq!(disputed.status, 200, "{}", disputed.body);
    let dash = get(&mut web, "/mentor").await;
    assert!(
        dash.html
            .contains(&format!("href=\"/mentor/activities/{id}\""))
    );
    assert!(dash.html.contains("当天我在外地出差"));
    assert!(
        get(&mut web, "/mentor/activities")
            .await
            .html
            .contains("当天我在外地出差")
    );

    // More files are added from the detail page.
    let csrf = detail.csrf();
    let more = post_multipart(
        &app,
        &web,
        &format!("/mentor/activities/{id}/files"),
        &[("csrf", &csrf)],
        &[("files", "签到表.pdf", b"%PDF-1.4\n% sign-in sheet\n")],
    )
    .await;
    assert_eq!(more.status, 303, "{}", more.html);
    assert_eq!(api_files(&app, &k.token, id).await.len(), 2);
    let detail = get(&mut web, more.location()).await;
    assert!(detail.html.contains("签到表.pdf"));
}

#[actix_web::test]
async fn a_refused_activity_shows_each_reason_beside_its_field_and_keeps_the_input() {
    let app = spawn().await;
    let k = setup(&app, "2026-11-01").await;
    let (outsider, _) = mentees(&app, "outsider", k.s.u1, 1).await;
    let mut web = client(&app, "zh-CN");
    web.sign_in("mentor@test.cn", PASSWORD).await;
    let csrf = get(&mut web, "/mentor/activities/new").await.csrf();

    let fields = lecture(&csrf, "退化草地补播技术讲座", "2026-10-31");
    let refused = post_multipart(
        &app,
        &web,
        "/mentor/activities",
        &fields,
        &[("files", "photo.png", PNG)],
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert_eq!(
        refused.field_error("attendee_ids").as_deref(),
        Some("请选择参加的培带对象")
    );
    assert_eq!(
        refused.input_value("title").as_deref(),
        Some("退化草地补播技术讲座")
    );
    assert_eq!(
        refused.input_value("held_on").as_deref(),
        Some("2026-10-31")
    );
    assert!(refused.html.contains("讲解退化草地的补播与围栏技术。"));
    assert!(
        refused.field_error("files").unwrap().contains("重新选择"),
        "the chosen files were not kept"
    );

    // With an attendee, the date outside the cycle is the reason left; a stranger is named.
    let mut fields = lecture(&csrf, "退化草地补播技术讲座", "2026-10-31");
    let (mine, stranger) = (k.ids[2].to_string(), outsider[0].to_string());
    fields.push(("attendee_ids", &mine));
    fields.push(("attendee_ids", &stranger));
    let refused = post_multipart(&app, &web, "/mentor/activities", &fields, &[]).await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert_eq!(
        refused.field_error("held_on").as_deref(),
        Some("活动日期不在培带期内")
    );
    assert_eq!(
        refused.field_error("attendee_ids").as_deref(),
        Some("不是本联系书的培带对象"),
    );
    assert!(
        refused
            .html
            .contains(&format!("name=\"attendee_ids\" value=\"{mine}\" checked")),
        "the ticked mentee stays ticked"
    );
    assert!(refused.field_error("files").is_none(), "no file was chosen");

    // Text that is neither a date nor a number, in English.
    let mut web_en = client(&app, "en");
    web_en.sign_in("mentor@test.cn", PASSWORD).await;
    let csrf = get(&mut web_en, "/mentor/activities/new").await.csrf();
    let mut fields = lecture(&csrf, "Grassland lecture", "next friday");
    fields.retain(|(k, _)| *k != "hours");
    fields.push(("hours", "two"));
    fields.push(("attendee_ids", &mine));
    let refused = post_multipart(&app, &web_en, "/mentor/activities", &fields, &[]).await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(
        refused
            .field_error("held_on")
            .unwrap()
            .contains("year-month-day")
    );
    assert!(refused.field_error("hours").unwrap().contains("number"));
    assert_eq!(refused.input_value("hours").as_deref(), Some("two"));
    assert!(
        !refused.html.contains("活动"),
        "no Chinese in an English page's reasons"
    );

    // Quarter hours and a future date, reasons of the service in English.
    let mut fields = lecture(&csrf, "Grassland lecture", "2026-11-25");
    fields.retain(|(k, _)| *k != "hours");
    fields.push(("hours", "0.3"));
    fields.push(("attendee_ids", &mine));
    let refused = post_multipart(&app, &web_en, "/mentor/activities", &fields, &[]).await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert_eq!(
        refused.field_error("held_on").as_deref(),
        Some("must not be in the future")
    );
    assert!(
        refused
            .field_error("hours")
            .unwrap()
            .contains("quarter hours")
    );

    assert!(
        api_activities(&app, &k.token, &k.contract).await.is_empty(),
        "nothing was logged"
    );
}

#[actix_web::test]
async fn an_oversize_or_wrong_file_is_refused_beside_the_file_field_and_the_activity_is_kept() {
    let app = spawn_with(&[("policy.evidence_file_max_bytes", "2048")]).await;
    let k = setup(&app, "2026-11-01").await;
    let mut web = WebClient::new(&app);
    web.sign_in("mentor@test.cn", PASSWORD).await;
    let csrf = get(&mut web, "/mentor/activities/new").await.csrf();
    let mut fields = lecture(&csrf, "围栏技术辅导", "2026-11-19");
    let mine = k.ids[0].to_string();
    fields.push(("attendee_ids", &mine));
    let done = post_multipart(
        &app,
        &web,
        "/mentor/activities",
        &fields,
        &[
            ("files", "notes.txt", b"just some words, not a photo"),
            ("files", "good.png", PNG),
        ],
    )
    .await;
    assert_eq!(done.status, 303, "{}", done.html);
    assert!(
        done.location().ends_with("done=logged&file=type"),
        "{}",
        done.location()
    );
    let id = id_in(done.location());
    assert_eq!(api_activities(&app, &k.token, &k.contract).await.len(), 1);
    let kept = api_files(&app, &k.token, id).await;
    assert_eq!(kept.len(), 1, "the good file is kept, the text file is not");
    let detail = get(&mut web, done.location()).await;
    assert!(
        detail
            .field_error("files")
            .unwrap()
            .contains("只接受 PDF、JPEG 或 PNG"),
        "{}",
        detail.html
    );

    let mut big = PNG.to_vec();
    big.resize(4096, 0);
    let csrf = detail.csrf();
    let refused = post_multipart(
        &app,
        &web,
        &format!("/mentor/activities/{id}/files"),
        &[("csrf", &csrf)],
        &[("files", "huge.png", &big)],
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(
        refused
            .field_error("files")
            .unwrap()
            .contains("超过大小上限")
    );
    let nothing = post_multipart(
        &app,
        &web,
        &format!("/mentor/activities/{id}/files"),
        &[("csrf", &csrf)],
        &[],
    )
    .await;
    assert_eq!(nothing.status, 422);
    assert!(nothing.field_error("files").unwrap().contains("请先选择"));
    assert_eq!(api_files(&app, &k.token, id).await.len(), 1);
}

#[actix_web::test]
async fn an_activity_is_edited_until_its_year_is_confirmed_then_it_is_locked() {
    let app = crate::assessments::spawn().await;
    let mut k = setup(&app, "2026-12-01").await;
    travel(&app, "2027-12-10T01:00:00Z", &mut k.s).await;
    let mut web = WebClient::new(&app);
    web.sign_in("mentor@test.cn", PASSWORD).await;
    let token = app.login("mentor@test.cn", PASSWORD).await;
    let csrf = get(&mut web, "/mentor/activities/new").await.csrf();
    let mut fields = lecture(&csrf, "牧草种植技术讲座", "2027-03-10");
    let ids: Vec<String> = k.ids.iter().map(|i| i.to_string()).collect();
    for id in &ids {
        fields.push(("attendee_ids", id));
    }
    let done = post_multipart(&app, &web, "/mentor/activities", &fields, &[]).await;
    assert_eq!(done.status, 303, "{}", done.html);
    let id = id_in(done.location());

    let edit = get(&mut web, &format!("/mentor/activities/{id}/edit")).await;
    assert_eq!(edit.status, 200, "{}", edit.html);
    assert_eq!(
        edit.input_value("title").as_deref(),
        Some("牧草种植技术讲座")
    );
    assert_eq!(edit.input_value("hours").as_deref(), Some("1.5"));
    let csrf = edit.csrf();
    let mut fields = lecture(&csrf, "牧草种植与管护技术讲座", "2027-03-10");
    fields.retain(|(k, _)| *k != "hours");
    fields.push(("hours", "2"));
    for id in &ids[..3] {
        fields.push(("attendee_ids", id));
    }
    let saved = post_multipart(
        &app,
        &web,
        &format!("/mentor/activities/{id}"),
        &fields,
        &[],
    )
    .await;
    assert_eq!(saved.status, 303, "{}", saved.html);
    assert_eq!(
        saved.location(),
        format!("/mentor/activities/{id}?done=saved")
    );
    let now = api_activities(&app, &token, &k.contract).await;
    assert_eq!(now[0]["title"], "牧草种植与管护技术讲座");
    assert_eq!(now[0]["hours"], 2.0);
    assert_eq!(now[0]["attendance"].as_array().unwrap().len(), 3);

    let round = open_2027(&app, &k.s.city, json!({})).await;
    let assessment = assessment_of(&app, &k.s.city, &round, k.mentor).await;
    grade_and_confirm(&app, &k.s, assessment, "qualified", "按计划完成").await;

    let locked = get(&mut web, &format!("/mentor/activities/{id}/edit")).await;
    assert_eq!(locked.status, 200, "{}", locked.html);
    assert!(locked.html.contains("已锁定"));
    assert!(
        !locked.html.contains("name=\"title\""),
        "no form for a locked activity"
    );
    let detail = get(&mut web, &format!("/mentor/activities/{id}")).await;
    assert!(!detail.html.contains("/files\" enctype"), "no more files");
    assert!(
        !detail
            .html
            .contains(&format!("href=\"/mentor/activities/{id}/edit\""))
    );
    let mut fields = lecture(&csrf, "改不了的标题", "2027-03-10");
    fields.push(("attendee_ids", &ids[0]));
    let refused = post_multipart(
        &app,
        &web,
        &format!("/mentor/activities/{id}"),
        &fields,
        &[],
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(refused.banner_error().unwrap().contains("年度考核已确认"));
    assert_eq!(
        refused.input_value("title").as_deref(),
        Some("改不了的标题")
    );
    let files = post_multipart(
        &app,
        &web,
        &format!("/mentor/activities/{id}/files"),
        &[("csrf", &csrf)],
        &[("files", "late.png", PNG)],
    )
    .await;
    assert_eq!(files.status, 422);
    assert!(files.html.contains("活动已锁定"));
    let now = api_activities(&app, &token, &k.contract).await;
    assert_eq!(now[0]["title"], "牧草种植与管护技术讲座");
    assert!(api_files(&app, &token, id).await.is_empty());
}

#[actix_web::test]
async fn another_mentors_activity_and_file_answer_404_and_a_mentee_gets_403() {
    let app = spawn().await;
    let k = setup(&app, "2026-11-01").await;
    let (_, _, other) = mentor(&app, "other.mentor@test.cn", k.s.u1).await;
    let (ids, tokens) = mentees(&app, "others", k.s.u1, 5).await;
    active_from(&app, &other, &ids, &tokens, "2026-11-01").await;

    let mut web = WebClient::new(&app);
    web.sign_in("mentor@test.cn", PASSWORD).await;
    let csrf = get(&mut web, "/mentor/activities/new").await.csrf();
    let mut fields = lecture(&csrf, "草原生态修复专题讲座", "2026-11-20");
    let mine = k.ids[0].to_string();
    fields.push(("attendee_ids", &mine));
    let done = post_multipart(
        &app,
        &web,
        "/mentor/activities",
        &fields,
        &[("files", "photo.png", PNG)],
    )
    .await;
    let id = id_in(done.location());
    let file_id = api_files(&app, &k.token, id).await[0]["id"]
        .as_i64()
        .unwrap();

    let mut stranger = WebClient::new(&app);
    stranger.sign_in("other.mentor@test.cn", PASSWORD).await;
    for path in [
        format!("/mentor/activities/{id}"),
        format!("/mentor/activities/{id}/edit"),
        format!("/mentor/activities/{id}/files/{file_id}"),
        "/mentor/activities/999999".to_owned(),
    ] {
        assert_eq!(get(&mut stranger, &path).await.status, 404, "{path}");
    }
    assert!(
        !get(&mut stranger, "/mentor/activities")
            .await
            .html
            .contains("草原生态修复专题讲座"),
        "another mentor's list does not show it"
    );
    let csrf = get(&mut stranger, "/mentor/activities/new").await.csrf();
    let mut fields = lecture(&csrf, "冒名修改", "2026-11-20");
    fields.push(("attendee_ids", &mine));
    let edit = post_multipart(
        &app,
        &stranger,
        &format!("/mentor/activities/{id}"),
        &fields,
        &[],
    )
    .await;
    assert_eq!(edit.status, 404);
    let files = post_multipart(
        &app,
        &stranger,
        &format!("/mentor/activities/{id}/files"),
        &[("csrf", &csrf)],
        &[("files", "x.png", PNG)],
    )
    .await;
    assert_eq!(files.status, 404);
    assert_eq!(
        api_activities(&app, &k.token, &k.contract).await[0]["title"],
        "草原生态修复专题讲座"
    );
    assert_eq!(api_files(&app, &k.token, id).await.len(), 1);

    // A mentee of the contract (who may see the activity through the API) is no mentor here.
    let mut mentee = WebClient::new(&app);
    mentee.sign_in("mentee0@test.cn", PASSWORD).await;
    for path in [
        "/mentor".to_owned(),
        "/mentor/activities".to_owned(),
        "/mentor/activities/new".to_owned(),
        format!("/mentor/activities/{id}"),
        format!("/mentor/activities/{id}/files/{file_id}"),
    ] {
        assert_eq!(get(&mut mentee, &path).await.status, 403, "{path}");
    }
    let (_, _) = app
        .make_user("admin.only@test.cn", &[Role::UnitAdmin], Some(k.s.u1))
        .await;
    let mut admin = WebClient::new(&app);
    admin.sign_in("admin.only@test.cn", PASSWORD).await;
    assert_eq!(get(&mut admin, "/mentor").await.status, 403);
}

#[actix_web::test]
async fn a_multipart_post_without_its_csrf_token_changes_nothing() {
    let app = spawn().await;
    let k = setup(&app, "2026-11-01").await;
    let mut web = WebClient::new(&app);
    web.sign_in("mentor@test.cn", PASSWORD).await;
    let csrf = get(&mut web, "/mentor/activities/new").await.csrf();
    let mine = k.ids[0].to_string();
    let mut fields = lecture(&csrf, "草原生态修复专题讲座", "2026-11-20");
    fields.retain(|(k, _)| *k != "csrf");
    fields.push(("attendee_ids", &mine));
    let refused = post_multipart(
        &app,
        &web,
        "/mentor/activities",
        &fields,
        &[("files", "photo.png", PNG)],
    )
    .await;
    assert_eq!(refused.status, 403, "{}", refused.html);
    let mut forged = fields.clone();
    forged.push(("csrf", "bm90LXRoZS10b2tlbg"));
    let refused = post_multipart(&app, &web, "/mentor/activities", &forged, &[]).await;
    assert_eq!(refused.status, 403);
    assert!(api_activities(&app, &k.token, &k.contract).await.is_empty());

    let mut good = lecture(&csrf, "草原生态修复专题讲座", "2026-11-20");
    good.push(("attendee_ids", &mine));
    let done = post_multipart(&app, &web, "/mentor/activities", &good, &[]).await;
    let id = id_in(done.location());
    let mut changed = lecture("", "被篡改的标题", "2026-11-20");
    changed.retain(|(k, _)| *k != "csrf");
    changed.push(("attendee_ids", &mine));
    let refused = post_multipart(
        &app,
        &web,
        &format!("/mentor/activities/{id}"),
        &changed,
        &[],
    )
    .await;
    assert_eq!(refused.status, 403);
    let refused = post_multipart(
        &app,
        &web,
        &format!("/mentor/activities/{id}/files"),
        &[],
        &[("files", "photo.png", PNG)],
    )
    .await;
    assert_eq!(refused.status, 403);
    let now = api_activities(&app, &k.token, &k.contract).await;
    assert_eq!(now[0]["title"], "草原生态修复专题讲座");
    assert!(api_files(&app, &k.token, id).await.is_empty());
}

#[actix_web::test]
async fn the_dashboard_names_whose_signatures_are_pending_and_counts_the_plans_to_review() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, token) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "mentee", s.u1, 5).await;
    let mentees_json: Vec<Value> = ids.iter().map(|id| json!({ "user_id": id })).collect();
    let k = app
        .post(
            "/api/v1/contracts",
            Some(&token),
            json!({ "start_date": "2026-11-01", "mentees": mentees_json }),
        )
        .await;
    assert_eq!(k.status, 201, "{}", k.body);
    let id = k.body["id"].clone();
    let out = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{id}/request-signatures"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(out.status, 200, "{}", out.body);
    for t in &tokens[..2] {
        let signed = app
            .request(
                "POST",
                &format!("/api/v1/contracts/{id}/sign"),
                Some(t),
                None,
            )
            .await;
        assert_eq!(signed.status, 200, "{}", signed.body);
    }

    let mut web = WebClient::new(&app);
    web.sign_in("mentor@test.cn", PASSWORD).await;
    let dash = get(&mut web, "/mentor").await;
    assert_eq!(dash.status, 200, "{}", dash.html);
    assert!(dash.html.contains("您本人"), "the mentor has not signed");
    for (i, signed) in [true, true, false, false, false].into_iter().enumerate() {
        assert_eq!(
            dash.html.contains(&format!("测试 mentee{i}@test.cn")),
            !signed,
            "mentee {i}"
        );
    }
    assert!(
        !dash.html.contains("href=\"/mentor/activities/new\""),
        "no logging before the contract is in force"
    );
    assert!(dash.html.contains("联系书各方签署后生效"));
    let new = get(&mut web, "/mentor/activities/new").await;
    assert_eq!(new.status, 200);
    assert!(new.html.contains("联系书生效后才能登记活动"));
    assert!(!new.html.contains("name=\"title\""));

    for t in &tokens[2..] {
        app.request(
            "POST",
            &format!("/api/v1/contracts/{id}/sign"),
            Some(t),
            None,
        )
        .await;
    }
    let active = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{id}/sign"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(active.body["status"], "active", "{}", active.body);
    let plan = json!({
        "goals": "三年内独立承担设施农业技术推广项目",
        "milestones": [{ "year": 2026, "milestone": "掌握温室环境调控技术", "evidence": "完成一份调控方案" }],
        "projects": []
    });
    let draft = app
        .request(
            "PUT",
            &format!("/api/v1/contracts/{id}/plan"),
            Some(&tokens[0]),
            Some(plan),
        )
        .await;
    assert_eq!(draft.status, 200, "{}", draft.body);
    let submitted = app
        .request(
            "POST",
            &format!("/api/v1/plans/{}/submit", draft.body["id"]),
            Some(&tokens[0]),
            None,
        )
        .await;
    assert_eq!(submitted.body["status"], "submitted", "{}", submitted.body);

    let dash = get(&mut web, "/mentor").await;
    assert!(
        dash.html.contains("有 1 份培养计划等待您审阅"),
        "{}",
        dash.html
    );
    assert!(dash.html.contains("各方均已签署"));
    assert!(dash.html.contains("href=\"/mentor/plans\""));
    assert!(dash.html.contains("天后培带期结束"));
    assert!(dash.html.contains(">710<"), "2026-11-21 to 2028-10-31");
}
