//! The page tests of the mentor's contract and plan-review pages: every state of the contract page
//! and the plan pages in both languages; drafting with five mentees and indicators; a refused
//! draft keeps its ticks and shows each reason beside its input; requesting signatures and
//! signing; returning a plan (a comment required) and approving the next version with what changed;
//! another mentor's contract or plan answers 404; a form without its CSRF token changes nothing; a
//! user without the mentor role gets 403.

use serde_json::{Value, json};

use peidai::domain::role::Role;

use crate::contracts::{active_from, mentees, mentor};
use crate::helpers::{PASSWORD, TestApp, spawn, two_units};
use crate::page_checks::assert_page;
use crate::web_client::{Page, WebClient};

/// A page client signed in as `email`, speaking `lang`.
async fn browser<'a>(app: &'a TestApp, email: &str, lang: &'static str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.sign_in(email, PASSWORD).await;
    // Signing in chooses the account's language (zh-CN); the reader switches.
    web.cookies.insert("peidai_lang".into(), lang.into());
    web
}

/// The mentor's contracts as the API reports them.
async fn contracts_of(app: &TestApp, token: &str) -> Vec<Value> {
    let res = app.get("/api/v1/contracts", Some(token)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body["items"].as_array().unwrap().clone()
}

/// The fields of a drafting form: start, cycle, the ticked mentees (with justifications) and two
/// indicators, as a person fills them in.
fn draft_fields<'a>(
    csrf: &'a str,
    ticked: &'a [String],
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("csrf", csrf),
        ("start_date", "2026-12-01"),
        ("cycle_months", "30"),
    ];
    for id in ticked {
        f.push(("mentee", id.as_str()));
    }
    f.extend_from_slice(&[
        ("kind_0", "lecture"),
        ("description_0", "专题讲座"),
        ("target_0", "4"),
        ("measure_0", "count"),
        ("kind_1", "custom"),
        ("description_1", "带教青年技术骨干"),
        ("target_1", "20"),
        ("measure_1", "hours"),
        ("kind_2", "custom"),
        ("description_2", ""),
        ("target_2", ""),
        ("measure_2", "count"),
    ]);
    f.extend_from_slice(extra);
    f
}

fn strings(ids: &[i64]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

fn plan_body(goals: &str, projects: &[&str]) -> Value {
    json!({
        "goals": goals,
        "milestones": [
            { "year": 2027, "milestone": "掌握温室环境调控技术", "evidence": "完成一份调控方案" }
        ],
        "projects": projects,
    })
}

/// The mentee writes (or rewrites) the plan and hands it in: the plan's id.
async fn write_and_submit(app: &TestApp, token: &str, contract: &Value, body: Value) -> Value {
    let r = app
        .request(
            "PUT",
            &format!("/api/v1/contracts/{contract}/plan"),
            Some(token),
            Some(body),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.body["id"].clone();
    let r = app
        .request(
            "POST",
            &format!("/api/v1/plans/{id}/submit"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    id
}

/// The plan as the API shows it to `token`.
async fn plan_of(app: &TestApp, token: &str, id: &Value) -> Value {
    app.get(&format!("/api/v1/plans/{id}"), Some(token))
        .await
        .body
}

#[actix_web::test]
async fn every_state_of_the_contract_page_and_the_plan_pages_renders_in_both_languages() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "pm", s.u1, 5).await;
    app.make_user("unappointed@test.cn", &[Role::Mentor], Some(s.u1))
        .await;
    for lang in ["zh-CN", "en"] {
        let mut web = browser(&app, "unappointed@test.cn", lang).await;
        let page = web.get("/mentor/contract").await;
        assert_page(&page, "no appointment", lang);
        assert!(
            !page.html.contains("name=\"mentee\""),
            "no form without an appointment"
        );
        let page = web.get("/mentor/plans").await;
        assert_page(&page, "plans, no contract", lang);
        assert!(
            page.html.contains(if lang == "en" {
                "See my contract"
            } else {
                "查看联系书"
            }),
            "the next step"
        );
    }

    let mut zh = browser(&app, "mentor@test.cn", "zh-CN").await;
    let mut en = browser(&app, "mentor@test.cn", "en").await;
    let none = zh.get("/mentor/contract").await;
    assert_page(&none, "no contract", "zh-CN");
    assert!(none.html.contains("起草联系书"));
    for id in &ids {
        assert!(
            none.html
                .contains(&format!("name=\"mentee\" value=\"{id}\"")),
            "candidate {id}"
        );
    }
    // The policy's indicators are filled in.
    assert_eq!(
        none.input_value("description_0").as_deref(),
        Some("专题讲座")
    );
    assert!(none.html.contains("action=\"/mentor/contract\""));

    let k = app
        .post(
            "/api/v1/contracts",
            Some(&m),
            json!({ "start_date": "2026-12-01", "mentees": ids.iter().map(|i| json!({ "user_id": i })).collect::<Vec<_>>() }),
        )
        .await;
    assert_eq!(k.status, 201, "{}", k.body);
    let id = k.body["id"].clone();
    let check = |page: &Page, lang: &str, what: &str, needle: &str| {
        assert_page(page, what, lang);
        assert!(page.html.contains(needle), "{what} ({lang}) lacks {needle}");
    };
    for (lang, web) in [("zh-CN", &mut zh), ("en", &mut en)] {
        let page = web.get("/mentor/contract").await;
        check(
            &page,
            lang,
            "draft",
            &format!("/mentor/contract/{id}/request-signatures"),
        );
        check(
            &page,
            lang,
            "draft",
            &format!("action=\"/mentor/contract/{id}\""),
        );
    }
    let out = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{id}/request-signatures"),
            Some(&m),
            None,
        )
        .await;
    assert_eq!(out.status, 200, "{}", out.body);
    for (lang, web) in [("zh-CN", &mut zh), ("en", &mut en)] {
        let page = web.get("/mentor/contract").await;
        check(
            &page,
            lang,
            "pending",
            &format!("/mentor/contract/{id}/sign"),
        );
        assert!(
            !page.html.contains("name=\"mentee\""),
            "no form while signing"
        );
    }
    for t in &tokens {
        app.request(
            "POST",
            &format!("/api/v1/contracts/{id}/sign"),
            Some(t),
            None,
        )
        .await;
    }
    let done = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{id}/sign"),
            Some(&m),
            None,
        )
        .await;
    assert_eq!(done.body["status"], "active", "{}", done.body);
    let plan = app
        .request(
            "PUT",
            &format!("/api/v1/contracts/{id}/plan"),
            Some(&tokens[0]),
            Some(plan_body("独立承担推广项目", &["示范项目"])),
        )
        .await;
    assert_eq!(plan.status, 200, "{}", plan.body);
    let plan_id = plan.body["id"].clone();
    for (lang, web) in [("zh-CN", &mut zh), ("en", &mut en)] {
        let page = web.get("/mentor/contract").await;
        check(
            &page,
            lang,
            "active",
            if lang == "en" {
                "In force"
            } else {
                "履行中"
            },
        );
        assert!(
            !page.html.contains("<form class=\"form\""),
            "read-only once active"
        );
        let page = web.get("/mentor/plans").await;
        check(&page, lang, "plans", &format!("/mentor/plans/{plan_id}"));
        let page = web.get(&format!("/mentor/plans/{plan_id}")).await;
        check(&page, lang, "draft plan", "独立承担推广项目");
    }

    // A mentee leaves and another takes the place: the one who left is shown with why.
    let (newcomer, _) = mentees(&app, "rep", s.u1, 1).await;
    let left = app
        .post(
            &format!("/api/v1/contracts/{id}/mentees/{}/leave", ids[4]),
            Some(&m),
            json!({ "reason": "transferred", "note": "调往市农科院", "replacement": { "user_id": newcomer[0] } }),
        )
        .await;
    assert_eq!(left.status, 200, "{}", left.body);
    for (lang, web) in [("zh-CN", &mut zh), ("en", &mut en)] {
        let page = web.get("/mentor/contract").await;
        check(&page, lang, "active, one left", "调往市农科院");
        check(
            &page,
            lang,
            "active, one left",
            if lang == "en" {
                "Transferred"
            } else {
                "调动"
            },
        );
    }

    // The city ends it: listed under the earlier contracts, and a new one can be drafted.
    let end = app
        .post(
            &format!("/api/v1/contracts/{id}/terminate"),
            Some(&s.city),
            json!({ "reason": "培带人调离本市" }),
        )
        .await;
    assert_eq!(end.status, 200, "{}", end.body);
    for (lang, web) in [("zh-CN", &mut zh), ("en", &mut en)] {
        let page = web.get("/mentor/contract").await;
        check(
            &page,
            lang,
            "earlier",
            if lang == "en" {
                "Earlier contracts"
            } else {
                "以往的联系书"
            },
        );
        check(&page, lang, "earlier", "name=\"mentee\"");
        let page = web.get("/mentor/plans").await;
        check(
            &page,
            lang,
            "plans of an ended contract",
            &format!("/mentor/plans/{plan_id}"),
        );
    }
}

#[actix_web::test]
async fn a_mentor_drafts_five_mentees_with_indicators_requests_signatures_and_signs() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "dm", s.u1, 5).await;
    let mut web = browser(&app, "mentor@test.cn", "zh-CN").await;
    let page = web.get("/mentor/contract").await;
    let csrf = page.csrf();
    let ticked = strings(&ids);
    let res = web
        .post("/mentor/contract", &draft_fields(&csrf, &ticked, &[]))
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    assert_eq!(res.location(), "/mentor/contract?done=created");
    let all = contracts_of(&app, &m).await;
    assert_eq!(all.len(), 1);
    let k = &all[0];
    assert_eq!(k["status"], "draft");
    assert_eq!(k["cycle_months"], 30);
    assert_eq!(k["mentees"].as_array().unwrap().len(), 5);
    let indicators = k["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 2, "the blank row is left out");
    assert_eq!(indicators[1]["measure"], "hours");
    assert_eq!(indicators[1]["yearly_target"], 20);
    let id = k["id"].clone();

    let page = web.get("/mentor/contract?done=created").await;
    assert!(page.html.contains("联系书草稿已保存"), "the notice");
    for i in &ids {
        assert!(
            page.html
                .contains(&format!("name=\"mentee\" value=\"{i}\" checked")),
            "{i} ticked"
        );
    }
    // A change of the draft: 36 months.
    let mut fields = draft_fields(&csrf, &ticked, &[]);
    fields[2] = ("cycle_months", "36");
    let res = web.post(&format!("/mentor/contract/{id}"), &fields).await;
    assert_eq!(
        res.location(),
        "/mentor/contract?done=saved",
        "{}",
        res.html
    );
    assert_eq!(contracts_of(&app, &m).await[0]["cycle_months"], 36);

    let res = web
        .post(
            &format!("/mentor/contract/{id}/request-signatures"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(
        res.location(),
        "/mentor/contract?done=requested",
        "{}",
        res.html
    );
    assert_eq!(
        contracts_of(&app, &m).await[0]["status"],
        "pending_signatures"
    );
    let page = web.get("/mentor/contract").await;
    assert!(page.html.contains("6 人中已有 0 人签署"), "{}", page.html);

    for t in &tokens {
        let r = app
            .request(
                "POST",
                &format!("/api/v1/contracts/{id}/sign"),
                Some(t),
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let res = web
        .post(&format!("/mentor/contract/{id}/sign"), &[("csrf", &csrf)])
        .await;
    assert_eq!(
        res.location(),
        "/mentor/contract?done=activated",
        "{}",
        res.html
    );
    let k = &contracts_of(&app, &m).await[0];
    assert_eq!(k["status"], "active");
    assert!(k["mentor_signed_at"].is_string());
    let page = web.get("/mentor/contract?done=activated").await;
    assert!(page.html.contains("联系书已生效"));
    assert!(
        !page.html.contains(&format!("/mentor/contract/{id}/sign")),
        "signed once"
    );
}

#[actix_web::test]
async fn a_refused_draft_shows_each_reason_beside_its_input_and_keeps_the_ticks() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (near, _) = mentees(&app, "near", s.u1, 3).await;
    let (far, _) = mentees(&app, "far", s.u2, 1).await;
    let mut web = browser(&app, "mentor@test.cn", "zh-CN").await;
    let page = web.get("/mentor/contract").await;
    assert!(
        !page.html.contains(&format!("value=\"{}\"", far[0]))
            && !page.html.contains("far0@test.cn"),
        "a person of another unit is not listed to a mentor"
    );
    let csrf = page.csrf();
    let three = strings(&near);
    let mut four = three.clone();
    four.push(far[0].to_string());
    // Someone of elsewhere is named by e-mail; an e-mail of no free mentee is refused beside it.
    let res = web
        .post(
            "/mentor/contract",
            &draft_fields(&csrf, &three, &[("other_email_0", "nobody@test.cn")]),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert_eq!(
        res.field_error("other_email_0").as_deref(),
        Some("没有找到使用此邮箱、尚无培带人的培带对象，请核对")
    );
    assert_eq!(
        res.input_value("other_email_0").as_deref(),
        Some("nobody@test.cn")
    );
    let res = web
        .post(
            "/mentor/contract",
            &draft_fields(&csrf, &three, &[("other_email_0", "far0@test.cn")]),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert_eq!(
        res.field_error(&format!("justification_{}", far[0]))
            .as_deref(),
        Some("培带对象不属于本部门、本专业，请说明理由")
    );
    for i in &four {
        assert!(
            res.html
                .contains(&format!("name=\"mentee\" value=\"{i}\" checked")),
            "{i} kept"
        );
    }
    assert_eq!(
        res.input_value("description_1").as_deref(),
        Some("带教青年技术骨干")
    );
    assert!(
        res.html.contains("<details class=\"mm-others\" open>"),
        "the reason is in sight"
    );
    assert!(contracts_of(&app, &m).await.is_empty(), "nothing stored");

    // A target that is not a number is the page's own reason, beside it.
    let mut bad = draft_fields(&csrf, &four, &[]);
    let at = bad.iter().position(|f| f.0 == "target_0").unwrap();
    bad[at] = ("target_0", "四");
    let res = web.post("/mentor/contract", &bad).await;
    assert_eq!(res.status, 422);
    assert_eq!(res.field_error("target_0").as_deref(), Some("请填写整数"));

    let res = web
        .post(
            "/mentor/contract",
            &draft_fields(
                &csrf,
                &three,
                &[
                    ("other_email_0", "far0@test.cn"),
                    ("other_justification_0", "同一课题组，研究方向一致"),
                ],
            ),
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    let k = &contracts_of(&app, &m).await[0];
    assert_eq!(k["mentees"][3]["justification"], "同一课题组，研究方向一致");
    let id = k["id"].clone();
    let res = web
        .post(
            &format!("/mentor/contract/{id}/request-signatures"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert_eq!(
        res.field_error("mentees").as_deref(),
        Some("签署时须有 5 名培带对象")
    );
    assert_eq!(contracts_of(&app, &m).await[0]["status"], "draft");
}

#[actix_web::test]
async fn a_mentor_returns_a_plan_with_a_comment_and_approves_the_next_version_seeing_what_changed()
{
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "rp", s.u1, 5).await;
    let k = active_from(&app, &m, &ids, &tokens, "2026-11-01").await;
    let id = write_and_submit(
        &app,
        &tokens[0],
        &k,
        plan_body("三年内独立承担设施农业推广项目", &["示范项目"]),
    )
    .await;
    // A second mentee's draft: listed after the one waiting.
    app.request(
        "PUT",
        &format!("/api/v1/contracts/{k}/plan"),
        Some(&tokens[1]),
        Some(plan_body("草稿目标", &[])),
    )
    .await;

    let mut web = browser(&app, "mentor@test.cn", "zh-CN").await;
    let list = web.get("/mentor/plans").await;
    assert_eq!(list.status, 200, "{}", list.html);
    assert!(list.html.contains("有 1 份计划等待您审核"));
    let first = list.html.find("/mentor/plans/").unwrap();
    assert!(
        list.html[first..].starts_with(&format!("/mentor/plans/{id}\"")),
        "waiting first"
    );

    let page = web.get(&format!("/mentor/plans/{id}")).await;
    let csrf = page.csrf();
    let review = format!("/mentor/plans/{id}/review");
    let res = web
        .post(
            &review,
            &[("csrf", &csrf), ("decision", "returned"), ("comment", "  ")],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert_eq!(
        res.field_error("comment").as_deref(),
        Some("退回时请填写意见")
    );
    assert_eq!(
        plan_of(&app, &m, &id).await["status"],
        "submitted",
        "nothing changed"
    );

    let res = web
        .post(
            &review,
            &[
                ("csrf", &csrf),
                ("decision", "returned"),
                ("comment", "请补充第二年的目标"),
            ],
        )
        .await;
    assert_eq!(
        res.location(),
        format!("/mentor/plans/{id}?done=returned"),
        "{}",
        res.html
    );
    let after = plan_of(&app, &m, &id).await;
    assert_eq!(after["status"], "returned");
    assert_eq!(after["review_comment"], "请补充第二年的目标");

    write_and_submit(
        &app,
        &tokens[0],
        &k,
        plan_body(
            "三年内独立承担市级设施农业推广项目",
            &["示范项目", "温室改造项目"],
        ),
    )
    .await;
    let page = web.get(&format!("/mentor/plans/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains("与第 1 版相比的修改"), "{}", page.html);
    let old = page
        .html
        .find("class=\"diff__old\"")
        .expect("the old value");
    assert!(page.html[old..].contains("三年内独立承担设施农业推广项目"));
    let new = page
        .html
        .find("class=\"diff__new\"")
        .expect("the new value");
    assert!(page.html[new..].contains("三年内独立承担市级设施农业推广项目"));
    assert!(page.html.contains("温室改造项目"));
    assert!(
        !page.html[old..].contains("掌握温室环境调控技术</p>\n        <p class=\"diff__new\""),
        "an unchanged milestone is not listed"
    );

    let res = web
        .post(
            &review,
            &[("csrf", &csrf), ("decision", "approved"), ("comment", "")],
        )
        .await;
    assert_eq!(
        res.location(),
        format!("/mentor/plans/{id}?done=approved"),
        "{}",
        res.html
    );
    let after = plan_of(&app, &m, &id).await;
    assert_eq!(after["status"], "approved");
    assert_eq!(after["version"], 2);
    let page = web.get(&format!("/mentor/plans/{id}?done=approved")).await;
    assert!(page.html.contains("计划已通过"));
    assert!(!page.html.contains(&review), "no review form once approved");
}

#[actix_web::test]
async fn another_mentors_contract_and_plan_answer_404_a_form_without_csrf_changes_nothing_and_a_mentee_gets_403()
 {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    mentor(&app, "other@test.cn", s.u2).await;
    let (ids, tokens) = mentees(&app, "xm", s.u1, 5).await;
    let k = active_from(&app, &m, &ids, &tokens, "2026-11-01").await;
    let plan = app
        .request(
            "PUT",
            &format!("/api/v1/contracts/{k}/plan"),
            Some(&tokens[0]),
            Some(plan_body("目标", &[])),
        )
        .await;
    let plan_id = plan.body["id"].clone();
    app.request(
        "POST",
        &format!("/api/v1/plans/{plan_id}/submit"),
        Some(&tokens[0]),
        None,
    )
    .await;
    let (more, _) = mentees(&app, "dr", s.u1, 2).await;
    let draft = app
        .post(
            "/api/v1/contracts",
            Some(&m),
            json!({ "start_date": "2029-12-01", "mentees": more.iter().map(|i| json!({ "user_id": i })).collect::<Vec<_>>() }),
        )
        .await;
    let draft_id = draft.body["id"].clone();

    let mut other = browser(&app, "other@test.cn", "zh-CN").await;
    let csrf = other.get("/mentor/contract").await.csrf();
    assert_eq!(
        other.get(&format!("/mentor/plans/{plan_id}")).await.status,
        404
    );
    let r = other
        .post(
            &format!("/mentor/plans/{plan_id}/review"),
            &[("csrf", &csrf), ("decision", "approved")],
        )
        .await;
    assert_eq!(r.status, 404);
    let r = other
        .post(
            &format!("/mentor/contract/{draft_id}/request-signatures"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, 404);
    let ticked = strings(&more);
    let r = other
        .post(
            &format!("/mentor/contract/{draft_id}"),
            &draft_fields(&csrf, &ticked, &[]),
        )
        .await;
    assert_eq!(r.status, 404);
    assert!(
        !other
            .get("/mentor/plans")
            .await
            .html
            .contains(&format!("/mentor/plans/{plan_id}"))
    );

    let mut web = browser(&app, "mentor@test.cn", "zh-CN").await;
    web.get("/mentor/contract").await;
    let r = web
        .post(
            &format!("/mentor/plans/{plan_id}/review"),
            &[("decision", "approved")],
        )
        .await;
    assert_eq!(r.status, 403, "no CSRF token");
    let r = web
        .post(
            &format!("/mentor/plans/{plan_id}/review"),
            &[("csrf", "forged"), ("decision", "approved")],
        )
        .await;
    assert_eq!(r.status, 403, "a foreign token");
    let r = web
        .post(
            &format!("/mentor/contract/{draft_id}/request-signatures"),
            &[],
        )
        .await;
    assert_eq!(r.status, 403);
    let plan = app.get(&format!("/api/v1/plans/{plan_id}"), Some(&m)).await;
    assert_eq!(plan.body["status"], "submitted", "nothing changed");
    let k = app
        .get(&format!("/api/v1/contracts/{draft_id}"), Some(&m))
        .await;
    assert_eq!(k.body["status"], "draft", "nothing changed");

    let mut mentee = browser(&app, "xm0@test.cn", "zh-CN").await;
    for path in [
        "/mentor/contract",
        "/mentor/plans",
        &format!("/mentor/plans/{plan_id}"),
    ] {
        assert_eq!(mentee.get(path).await.status, 403, "{path}");
    }
}
