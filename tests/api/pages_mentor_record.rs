//! The page tests of the mentor's record pages (assessments, objections, benefits, lineage, appointment).

use serde_json::{Value, json};

use peidai::db::users;
use peidai::domain::ids::UserId;
use peidai::domain::role::Role;

use crate::assessments::{assessment_of, grade_and_confirm, open_2027, spawn, travel};
use crate::contracts::{active_from, appoint, mentees, mentor};
use crate::helpers::{PASSWORD, TestApp, TwoUnits, two_units};
use crate::page_checks::assert_page;
use crate::web_client::{Page, WebClient};

/// The smallest file the evidence service takes for a PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// A browser speaking `lang` (chosen on the page, so it outranks the account's language), signed
/// in as `email`.
async fn signed_in<'a>(app: &'a TestApp, email: &str, lang: &'static str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.get(&format!("/language?lang={lang}")).await;
    web.sign_in(email, PASSWORD).await;
    web
}

/// One part of a multipart body: a text field, or a file with its name.
enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, &'a [u8]),
}

/// Posts a `multipart/form-data` form with the browser's cookies, as a browser sends a form with
/// files.
async fn post_multipart(
    app: &TestApp,
    web: &WebClient<'_>,
    path: &str,
    parts: &[Part<'_>],
) -> Page {
    let boundary = "----peidai-test-boundary-7d93";
    let mut body: Vec<u8> = Vec::new();
    for p in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match p {
            Part::Text(name, value) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                        .as_bytes(),
                );
            }
            Part::File(name, file, bytes) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
                body.extend_from_slice(b"\r\n");
            }
        }
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
        html: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Two mentors of unit 1 graded unqualified for 2027, confirmed on 2027-12-10 (the objection
/// window ends with 2027-12-25).
struct Graded {
    app: TestApp,
    s: TwoUnits,
    assessments: Vec<i64>,
}

async fn graded(emails: &[&str]) -> Graded {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let mut users = Vec::new();
    for e in emails {
        users.push(mentor(&app, e, s.u1).await.0);
    }
    travel(&app, "2027-12-10T01:00:00Z", &mut s).await;
    let round = open_2027(&app, &s.city, json!({})).await;
    let mut assessments = Vec::new();
    for u in &users {
        let id = assessment_of(&app, &s.city, &round, *u).await;
        grade_and_confirm(&app, &s, id, "unqualified", "全年未开展培带活动").await;
        assessments.push(id);
    }
    Graded {
        app,
        s,
        assessments,
    }
}

/// The objections of an assessment, as the API shows them to the city.
async fn objections(app: &TestApp, city: &str, id: i64) -> Vec<Value> {
    let a = app
        .get(&format!("/api/v1/assessments/{id}"), Some(city))
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.body["objections"].as_array().unwrap().clone()
}

#[actix_web::test]
async fn every_record_page_renders_in_both_languages_with_the_mentors_data() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let unit = app
        .patch(
            &format!("/api/v1/units/{}", s.u1.0),
            Some(&s.city),
            json!({ "district": "红山区" }),
        )
        .await;
    assert_eq!(unit.status, 200, "{}", unit.body);
    let (me, _, token) = mentor(&app, "me@test.cn", s.u1).await;
    // A lineage: five mentees, one of whom became a mentor and trains five more.
    let (ids, tokens) = mentees(&app, "gen1-", s.u1, 5).await;
    let k = active_from(&app, &token, &ids, &tokens, "2026-12-01").await;
    let ended = app
        .post(
            &format!("/api/v1/contracts/{k}/terminate"),
            Some(&s.city),
            json!({ "reason": "提前结业" }),
        )
        .await;
    assert_eq!(ended.status, 200, "{}", ended.body);
    let heir = UserId(ids[0]);
    appoint(&app, heir, s.u1, "heir");
    {
        let mut conn = app.db().get().unwrap();
        users::set_roles(
            &mut conn,
            heir,
            &[Role::Mentor, Role::Mentee],
            app.state.clock.now_naive(),
        )
        .unwrap();
    }
    let heir_token = app.login("gen1-0@test.cn", PASSWORD).await;
    let (ids2, tokens2) = mentees(&app, "gen2-", s.u1, 5).await;
    active_from(&app, &heir_token, &ids2, &tokens2, "2026-12-10").await;
    // A benefit applied for through the API.
    let applied = app
        .post(
            "/api/v1/benefit-applications",
            Some(&token),
            json!({ "kind": "bus_card", "note": "常乘 1 路" }),
        )
        .await;
    assert_eq!(applied.status, 201, "{}", applied.body);
    // The 2027 assessment, graded unqualified and confirmed.
    travel(&app, "2027-12-10T01:00:00Z", &mut s).await;
    let round = open_2027(&app, &s.city, json!({})).await;
    let id = assessment_of(&app, &s.city, &round, me).await;
    grade_and_confirm(&app, &s, id, "unqualified", "全年未开展培带活动").await;

    for (lang, words) in [
        (
            "zh-CN",
            [
                "不合格",
                "2027年12月25日",
                "全年未开展培带活动",
                "已申请，待审核",
                "已成为培带人",
                "TEST-me@test.cn",
            ],
        ),
        (
            "en",
            [
                "Unqualified",
                "2027-12-25",
                "全年未开展培带活动",
                "Applied, awaiting a decision",
                "Became a mentor",
                "TEST-me@test.cn",
            ],
        ),
    ] {
        let mut web = signed_in(&app, "me@test.cn", lang).await;
        let list = web.get("/mentor/assessments").await;
        assert_page(&list, "/mentor/assessments", lang);
        assert!(list.html.contains(words[0]) && list.html.contains(words[2]));
        assert!(list.html.contains(words[1]), "the window's last day");
        assert!(
            list.html
                .contains(&format!("href=\"/mentor/assessments/{id}\""))
        );
        let one = web.get(&format!("/mentor/assessments/{id}")).await;
        assert_page(&one, "/mentor/assessments/{id}", lang);
        assert!(one.html.contains(words[0]) && one.html.contains(words[1]));
        assert!(
            one.html
                .contains(&format!("action=\"/mentor/assessments/{id}/objection\"")),
            "the objection form, inside the window"
        );
        let benefits = web.get("/mentor/benefits").await;
        assert_page(&benefits, "/mentor/benefits", lang);
        assert!(benefits.html.contains(words[3]), "{}", benefits.html);
        assert!(benefits.html.contains("常乘 1 路"), "the note");
        let lineage = web.get("/mentor/lineage").await;
        assert_page(&lineage, "/mentor/lineage", lang);
        assert!(lineage.html.contains(words[4]));
        assert!(
            lineage.html.contains("测试 gen1-0@test.cn")
                && lineage.html.contains("测试 gen2-4@test.cn"),
            "both generations"
        );
        assert!(lineage.html.contains("红山区"), "the units");
        let appointment = web.get("/mentor/appointment").await;
        assert_page(&appointment, "/mentor/appointment", lang);
        assert!(appointment.html.contains(words[5]));
        assert!(appointment.html.contains("me@test.cn 的选拔轮次"));
    }

    // A mentor with no lineage, no assessment and no benefit sees what each page is for.
    mentor(&app, "new@test.cn", s.u2).await;
    let mut web = signed_in(&app, "new@test.cn", "zh-CN").await;
    for path in ["/mentor/assessments", "/mentor/benefits", "/mentor/lineage"] {
        let page = web.get(path).await;
        assert_page(&page, path, "zh-CN");
        assert!(page.html.contains("class=\"empty\""), "{path}");
    }
}

#[actix_web::test]
async fn an_objection_with_a_file_is_filed_inside_the_window_and_refused_after_it() {
    let Graded {
        app,
        mut s,
        assessments,
        ..
    } = graded(&["u0@test.cn", "u1@test.cn"]).await;
    let (mine, theirs) = (assessments[0], assessments[1]);
    let mut web = signed_in(&app, "u0@test.cn", "zh-CN").await;
    let page = web.get(&format!("/mentor/assessments/{mine}")).await;
    assert_page(&page, "the assessment", "zh-CN");
    let csrf = page.csrf();
    let action = format!("/mentor/assessments/{mine}/objection");

    // Another mentor's assessment is not found, to read or to object to.
    assert_eq!(
        web.get(&format!("/mentor/assessments/{theirs}"))
            .await
            .status,
        404
    );
    let foreign = post_multipart(
        &app,
        &web,
        &format!("/mentor/assessments/{theirs}/objection"),
        &[Part::Text("csrf", &csrf), Part::Text("content", "不是我的")],
    )
    .await;
    assert_eq!(foreign.status, 404);

    // Without the CSRF token nothing is filed.
    let forged = post_multipart(
        &app,
        &web,
        &action,
        &[
            Part::Text("content", "伪造的异议"),
            Part::File("files", "a.pdf", PDF),
        ],
    )
    .await;
    assert_eq!(forged.status, 403);
    assert!(objections(&app, &s.city, mine).await.is_empty());

    // Without a reason: refused beside the field; a file that is no PDF, JPEG or PNG beside its own.
    let blank = post_multipart(
        &app,
        &web,
        &action,
        &[Part::Text("csrf", &csrf), Part::Text("content", "  ")],
    )
    .await;
    assert_eq!(blank.status, 422, "{}", blank.html);
    assert_eq!(blank.field_error("content").as_deref(), Some("不能为空"));
    let wrong_file = post_multipart(
        &app,
        &web,
        &action,
        &[
            Part::Text("csrf", &csrf),
            Part::Text("content", "活动记录在纸质台账中"),
            Part::File("files", "run.exe", b"MZ\x90\x00 not a document"),
        ],
    )
    .await;
    assert_eq!(wrong_file.status, 422);
    assert!(wrong_file.field_error("files").unwrap().contains("PDF"));
    assert!(
        wrong_file.html.contains(">活动记录在纸质台账中</textarea>"),
        "the reason typed is kept"
    );
    assert!(objections(&app, &s.city, mine).await.is_empty());

    // With a reason and a PDF: filed, and the file is kept with it.
    let filed = post_multipart(
        &app,
        &web,
        &action,
        &[
            Part::Text("csrf", &csrf),
            Part::Text("content", "全年开展了活动，记录在纸质台账中"),
            Part::File("files", "台账.pdf", PDF),
        ],
    )
    .await;
    assert_eq!(filed.status, 303, "{}", filed.html);
    assert_eq!(
        filed.location(),
        format!("/mentor/assessments/{mine}?done=objection#objection")
    );
    let recorded = objections(&app, &s.city, mine).await;
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0]["status"], "pending");
    assert_eq!(recorded[0]["content"], "全年开展了活动，记录在纸质台账中");
    let files = app
        .get(
            &format!("/api/v1/assessment-objections/{}/files", recorded[0]["id"]),
            Some(&s.city),
        )
        .await;
    assert_eq!(files.body["total"], 1, "{}", files.body);
    let file_id = files.body["items"][0]["id"].as_i64().unwrap();

    let shown = web
        .get(&format!("/mentor/assessments/{mine}?done=objection"))
        .await;
    assert_page(&shown, "after filing", "zh-CN");
    assert!(shown.html.contains("异议已提交"));
    assert!(shown.html.contains("待处理") && shown.html.contains("台账.pdf"));
    assert!(
        !shown.html.contains(&format!("action=\"{action}\"")),
        "one objection per grade"
    );
    let href = format!("/mentor/assessments/{mine}/objection/files/{file_id}");
    assert!(shown.html.contains(&format!("href=\"{href}\"")));
    let download = web.get(&href).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.header("content-type"), "application/pdf");
    assert!(
        download
            .header("content-disposition")
            .starts_with("attachment")
    );
    assert_eq!(download.header("x-content-type-options"), "nosniff");
    assert_eq!(download.html.as_bytes(), PDF);
    // The file is reached only through its own assessment.
    assert_eq!(
        web.get(&format!(
            "/mentor/assessments/{theirs}/objection/files/{file_id}"
        ))
        .await
        .status,
        404
    );
    let mut other = signed_in(&app, "u1@test.cn", "zh-CN").await;
    assert_eq!(other.get(&href).await.status, 404);

    // A mentor who also administers the unit sees here only their own record, though the API
    // shows them the unit's assessments.
    let (both, both_token) = app
        .make_user("both@test.cn", &[Role::Mentor, Role::UnitAdmin], Some(s.u1))
        .await;
    appoint(&app, both, s.u1, "both");
    let api = app
        .get(&format!("/api/v1/assessments/{mine}"), Some(&both_token))
        .await;
    assert_eq!(api.status, 200, "the unit admin's view");
    let mut both_web = signed_in(&app, "both@test.cn", "zh-CN").await;
    assert_eq!(
        both_web
            .get(&format!("/mentor/assessments/{mine}"))
            .await
            .status,
        404
    );
    assert_eq!(both_web.get(&href).await.status, 404);
    let list = both_web.get("/mentor/assessments").await;
    assert!(!list.html.contains(&format!("/mentor/assessments/{mine}\"")));

    // The city rejects the objection: the outcome and its reason are shown.
    let decided = app
        .post(
            &format!(
                "/api/v1/assessment-objections/{}/decision",
                recorded[0]["id"]
            ),
            Some(&s.city),
            json!({ "outcome": "rejected", "reason": "纸质台账未经单位确认" }),
        )
        .await;
    assert_eq!(decided.status, 200, "{}", decided.body);
    let outcome = web.get(&format!("/mentor/assessments/{mine}")).await;
    assert!(outcome.html.contains("异议不成立，维持原考核结果"));
    assert!(outcome.html.contains("纸质台账未经单位确认"));
    let listed = web.get("/mentor/assessments").await;
    assert!(listed.html.contains("异议不成立"));

    // After the 25th (in the city's time zone) the window has closed.
    travel(&app, "2027-12-25T16:01:00Z", &mut s).await;
    let mut late = signed_in(&app, "u1@test.cn", "zh-CN").await;
    let closed = late.get(&format!("/mentor/assessments/{theirs}")).await;
    assert_page(&closed, "after the window", "zh-CN");
    assert!(
        closed.html.contains("异议期已于 2027年12月25日 结束"),
        "{}",
        closed.html
    );
    assert!(!closed.html.contains("enctype=\"multipart/form-data\""));
    let refused = post_multipart(
        &app,
        &late,
        &format!("/mentor/assessments/{theirs}/objection"),
        &[
            Part::Text("csrf", &closed.csrf()),
            Part::Text("content", "迟到的异议"),
        ],
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert_eq!(refused.banner_error().as_deref(), Some("异议期已过"));
    assert!(objections(&app, &s.city, theirs).await.is_empty());
}

#[actix_web::test]
async fn a_benefit_application_is_sent_and_a_refused_one_says_why_beside_the_kind() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let unit = app
        .patch(
            &format!("/api/v1/units/{}", s.u1.0),
            Some(&s.city),
            json!({ "district": "红山区" }),
        )
        .await;
    assert_eq!(unit.status, 200, "{}", unit.body);
    let (_, _, token) = mentor(&app, "me@test.cn", s.u1).await;
    let mut web = signed_in(&app, "me@test.cn", "zh-CN").await;
    let page = web.get("/mentor/benefits").await;
    assert_page(&page, "/mentor/benefits", "zh-CN");
    assert!(
        page.html.contains("<option value=\"bus_card\""),
        "the bus card is open"
    );
    assert!(
        !page.html.contains("<option value=\"apartment\""),
        "the apartment is not"
    );
    assert!(
        page.html.contains("仅限从市外引进的人才"),
        "why not, in words"
    );
    let csrf = page.csrf();

    // Without the CSRF token nothing is applied for.
    let forged = web
        .post("/mentor/benefits/applications", &[("kind", "bus_card")])
        .await;
    assert_eq!(forged.status, 403);
    let mine = app.get("/api/v1/my-benefits", Some(&token)).await;
    assert!(mine.body["benefits"].as_array().unwrap().is_empty());

    // Not eligible: the reason beside the choice, the note kept.
    let refused = web
        .post(
            "/mentor/benefits/applications",
            &[
                ("csrf", &csrf),
                ("kind", "apartment"),
                ("note", "希望入住公寓"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    let reason = refused.field_error("kind").unwrap();
    assert!(
        reason.contains("不符合申请条件") && reason.contains("市外"),
        "{reason}"
    );
    assert!(!reason.contains("not_from_outside"), "no code in the words");
    assert!(refused.html.contains(">希望入住公寓</textarea>"));

    let sent = web
        .post(
            "/mentor/benefits/applications",
            &[("csrf", &csrf), ("kind", "bus_card"), ("note", "常乘 1 路")],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.html);
    assert_eq!(sent.location(), "/mentor/benefits?done=applied");
    let mine = app.get("/api/v1/my-benefits", Some(&token)).await;
    let held = mine.body["benefits"].as_array().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0]["kind"], "bus_card");
    assert_eq!(held[0]["status"], "applied");
    let after = web.get("/mentor/benefits?done=applied").await;
    assert!(after.html.contains("申请已提交") && after.html.contains("已申请，待审核"));
    assert!(
        !after.html.contains("<option value=\"bus_card\""),
        "one at a time"
    );

    // Twice: refused, with the reason.
    let twice = web
        .post(
            "/mentor/benefits/applications",
            &[("csrf", &csrf), ("kind", "bus_card"), ("note", "")],
        )
        .await;
    assert_eq!(twice.status, 422);
    assert_eq!(
        twice.field_error("kind").as_deref(),
        Some("已有同类待遇在办理或有效期内")
    );
}

#[actix_web::test]
async fn the_record_pages_are_for_mentors_only() {
    let app = spawn().await;
    let s = two_units(&app).await;
    app.insert_user("mentee@test.cn", &[Role::Mentee], Some(s.u1));
    let mut anonymous = WebClient::new(&app);
    let paths = [
        "/mentor/assessments",
        "/mentor/assessments/1",
        "/mentor/assessments/1/objection/files/1",
        "/mentor/benefits",
        "/mentor/lineage",
        "/mentor/appointment",
    ];
    for path in paths {
        let page = anonymous.get(path).await;
        assert_eq!(page.status, 303, "{path}");
        assert!(page.location().starts_with("/login?next="), "{path}");
    }
    for email in ["mentee@test.cn", "admin1@test.cn"] {
        let mut web = signed_in(&app, email, "zh-CN").await;
        for path in paths {
            assert_eq!(web.get(path).await.status, 403, "{email} {path}");
        }
        let csrf = web.get("/home").await.csrf();
        let post = web
            .post(
                "/mentor/benefits/applications",
                &[("csrf", &csrf), ("kind", "bus_card")],
            )
            .await;
        assert_eq!(post.status, 403, "{email}");
    }
}
