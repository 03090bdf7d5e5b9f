//! The pages: the offices' contracts, activities and plans pages.

use serde_json::{Value, json};

use peidai::domain::role::Role;

use crate::contracts::{active_from, mentees, mentor};
use crate::helpers::{PASSWORD, TestApp, TwoUnits, spawn, two_units};
use crate::page_checks::assert_page;
use crate::web_client::WebClient;

/// A browser speaking `lang`, signed in as `email`.
async fn signed_in<'a>(app: &'a TestApp, email: &str, lang: &'static str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.get(&format!("/language?lang={lang}")).await;
    web.sign_in(email, PASSWORD).await;
    web
}

/// An active contract of unit 1 with a disputed activity and a submitted plan: `(contract,
/// plan, mentee tokens)`.
async fn a_contract(app: &TestApp, s: &TwoUnits) -> (Value, Value, Vec<String>) {
    let (_, _, m) = mentor(app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(app, "mentee", s.u1, 5).await;
    let k = active_from(app, &m, &ids, &tokens, "2026-11-01").await;
    let a = app
        .post(
            &format!("/api/v1/contracts/{k}/activities"),
            Some(&m),
            json!({ "kind": "lecture", "title": "草原生态修复专题讲座", "held_on": "2026-11-10", "hours": 1.5, "place": "市农牧局", "attendee_ids": [ids[0], ids[1]] }),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let disputed = app
        .post(
            &format!("/api/v1/activities/{}/attendance", a.body["id"]),
            Some(&tokens[1]),
            json!({ "status": "disputed", "note": "当天未参加讲座" }),
        )
        .await;
    assert_eq!(disputed.status, 200, "{}", disputed.body);
    let plan = app
        .request(
            "PUT",
            &format!("/api/v1/contracts/{k}/plan"),
            Some(&tokens[0]),
            Some(json!({
                "goals": "三年内独立承担设施农业技术推广项目",
                "milestones": [{ "year": 2027, "milestone": "掌握温室环境调控技术", "evidence": "完成一份调控方案" }],
                "projects": ["设施蔬菜高效栽培示范项目"]
            })),
        )
        .await;
    assert!(plan.status == 200 || plan.status == 201, "{}", plan.body);
    let plan_id = plan.body["id"].clone();
    let sub = app
        .post(
            &format!("/api/v1/plans/{plan_id}/submit"),
            Some(&tokens[0]),
            json!({}),
        )
        .await;
    assert_eq!(sub.status, 200, "{}", sub.body);
    (k, plan_id, tokens)
}

#[actix_web::test]
async fn every_mentoring_page_renders_in_both_languages_for_its_admins() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (k, plan, _) = a_contract(&app, &s).await;
    for lang in ["zh-CN", "en"] {
        let mut unit = signed_in(&app, "admin1@test.cn", lang).await;
        for path in [
            "/unit/contracts".to_owned(),
            "/unit/contracts?status=active&ends=2029&page=7".to_owned(),
            format!("/unit/contracts/{k}"),
            "/unit/activities".to_owned(),
            "/unit/activities?disputed=1&year=2026".to_owned(),
            "/unit/plans".to_owned(),
            "/unit/plans?status=submitted&overdue=1".to_owned(),
            format!("/unit/plans/{plan}"),
        ] {
            assert_page(&unit.get(&path).await, &path, lang);
        }
        let mut city = signed_in(&app, "city.admin@test.cn", lang).await;
        for path in [
            "/city/contracts".to_owned(),
            format!("/city/contracts?unit={}&status=active", s.u1),
            format!("/city/contracts/{k}"),
        ] {
            assert_page(&city.get(&path).await, &path, lang);
        }
    }
    let mut unit = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let acts = unit.get("/unit/activities?disputed=1").await;
    assert!(
        acts.html.contains("草原生态修复专题讲座"),
        "the disputed activity is listed"
    );
    assert!(
        acts.html.contains("当天未参加讲座"),
        "with its mentee's reason"
    );
    let plans = unit.get("/unit/plans?status=submitted").await;
    assert!(plans.html.contains("共 1 份"), "{}", plans.html);
    let every = unit.get("/unit/plans").await;
    assert!(
        every.html.contains("共 5 份"),
        "the mentees without a plan are listed too"
    );
    assert!(
        unit.get("/unit/plans?overdue=1")
            .await
            .html
            .contains("共 0 份")
    );
    let none = unit.get("/unit/plans?status=approved").await;
    assert!(none.html.contains("共 0 份"));
    let plan_page = unit.get(&format!("/unit/plans/{plan}")).await;
    assert!(plan_page.html.contains("掌握温室环境调控技术"));
    assert!(
        !plan_page.html.contains("<form class=\"form\""),
        "read only"
    );
    // Past the policy's 30 days, the four who have not started are overdue; the submitted is not.
    let later = app.state.clock.now() + chrono::Duration::days(45);
    app.set_time(later);
    let mut unit = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let late = unit.get("/unit/plans?overdue=1").await;
    assert_eq!(late.status, 200, "{}", late.html);
    assert!(
        late.html.contains("共 4 份") && late.html.contains("尚未填写"),
        "{}",
        late.html
    );
    let mut other = signed_in(&app, "admin2@test.cn", "zh-CN").await;
    let empty = other.get("/unit/contracts").await;
    assert!(
        empty.html.contains("共 0 份"),
        "only the own unit's contracts"
    );
    assert!(
        !other
            .get("/unit/activities")
            .await
            .html
            .contains("草原生态修复专题讲座")
    );
}

#[actix_web::test]
async fn a_mentor_a_mentee_and_a_reviewer_get_the_403_page() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (k, _, _) = a_contract(&app, &s).await;
    app.insert_user("r@test.cn", &[Role::Reviewer], None);
    for email in ["mentor@test.cn", "mentee0@test.cn", "r@test.cn"] {
        let mut web = signed_in(&app, email, "zh-CN").await;
        for path in [
            "/unit/contracts".to_owned(),
            format!("/unit/contracts/{k}"),
            "/unit/activities".to_owned(),
            "/unit/plans".to_owned(),
            "/city/contracts".to_owned(),
            format!("/city/contracts/{k}"),
        ] {
            assert_eq!(web.get(&path).await.status, 403, "{email} {path}");
        }
    }
    // A unit admin may not end a contract.
    let mut unit = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let csrf = unit.get("/unit/contracts").await.csrf();
    let res = unit
        .post(
            &format!("/city/contracts/{k}/terminate"),
            &[("csrf", &csrf), ("reason", "x")],
        )
        .await;
    assert_eq!(res.status, 403);
}

#[actix_web::test]
async fn another_units_contract_and_plan_answer_the_404_page() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (k, plan, _) = a_contract(&app, &s).await;
    let mut web = signed_in(&app, "admin2@test.cn", "zh-CN").await;
    assert_eq!(web.get(&format!("/unit/contracts/{k}")).await.status, 404);
    assert_eq!(web.get(&format!("/unit/plans/{plan}")).await.status, 404);
    let mut city = signed_in(&app, "city.admin@test.cn", "zh-CN").await;
    assert_eq!(city.get("/city/contracts/999999").await.status, 404);
}

#[actix_web::test]
async fn the_city_admin_terminates_a_contract_with_a_reason_and_not_without() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (k, _, _) = a_contract(&app, &s).await;
    let mut web = signed_in(&app, "city.admin@test.cn", "zh-CN").await;
    let path = format!("/city/contracts/{k}");
    let page = web.get(&path).await;
    assert!(
        page.html.contains("系统不会自动发送邮件通知"),
        "the consequence is printed"
    );
    let csrf = page.csrf();
    let res = web
        .post(
            &format!("{path}/terminate"),
            &[("csrf", &csrf), ("reason", "   ")],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.html);
    assert!(res.field_error("reason").is_some(), "{}", res.html);
    let still = app
        .get(&format!("/api/v1/contracts/{k}"), Some(&s.city))
        .await;
    assert_eq!(still.body["status"], "active");

    let res = web
        .post(
            &format!("{path}/terminate"),
            &[("csrf", &csrf), ("reason", "培带人调离本市")],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    assert_eq!(res.location(), format!("{path}?done=terminated"));
    let ended = app
        .get(&format!("/api/v1/contracts/{k}"), Some(&s.city))
        .await;
    assert_eq!(ended.body["status"], "terminated");
    let page = web.get(&format!("{path}?done=terminated")).await;
    assert!(page.html.contains("培带人调离本市") && page.html.contains("联系书已终止"));
    assert!(
        !page.html.contains("/terminate\""),
        "no second termination offered"
    );
    // A second try is refused on the page, not with a 500.
    let again = web
        .post(
            &format!("{path}/terminate"),
            &[("csrf", &csrf), ("reason", "再次终止")],
        )
        .await;
    assert_eq!(again.status, 422, "{}", again.html);
    assert!(again.banner_error().is_some());
    let list = web.get("/city/contracts?status=terminated").await;
    assert!(list.html.contains("共 1 份"));
}

#[actix_web::test]
async fn a_unit_admin_drafts_a_contract_for_a_mentor_and_sends_it_for_signatures() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, entry, _) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, _) = mentees(&app, "mentee", s.u1, 5).await;
    let mut web = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let page = web.get("/unit/contracts/new").await;
    assert_page(&page, "/unit/contracts/new", "zh-CN");
    assert!(
        page.html.contains("测试 mentor@test.cn"),
        "the mentor is offered"
    );
    let csrf = page.csrf();
    let entry = entry.to_string();
    // A draft of too few mentees is kept, but sending it is refused on its page.
    let (_, entry_b, _) = mentor(&app, "mentor.b@test.cn", s.u1).await;
    let (few, _) = mentees(&app, "few", s.u1, 1).await;
    let res = web
        .post(
            "/unit/contracts/new",
            &[
                ("csrf", &csrf),
                ("mentor_entry_id", &entry_b.to_string()),
                ("start_date", "2026-12-01"),
                ("cycle_months", "24"),
                ("mentee", &few[0].to_string()),
                ("kind_0", "lecture"),
                ("description_0", "专题讲座"),
                ("target_0", "4"),
                ("measure_0", "count"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    let draft = res.location().split('?').next().unwrap().to_owned();
    let refused = web
        .post(&format!("{draft}/request-signatures"), &[("csrf", &csrf)])
        .await;
    assert_eq!(refused.status, 409, "{}", refused.html);
    assert!(refused.banner_error().is_some(), "{}", refused.html);
    let bad = web
        .post(
            "/unit/contracts/new",
            &[
                ("csrf", &csrf),
                ("mentor_entry_id", ""),
                ("start_date", "明天"),
                ("cycle_months", "24"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(
        bad.field_error("start_date").as_deref(),
        Some("请填写正确的日期")
    );
    assert_eq!(
        bad.field_error("mentor_entry_id").as_deref(),
        Some("请选择培带人")
    );

    let ids: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("mentor_entry_id", entry.as_str()),
        ("start_date", "2026-12-01"),
        ("cycle_months", "24"),
        ("kind_0", "lecture"),
        ("description_0", "专题讲座"),
        ("target_0", "4"),
        ("measure_0", "count"),
    ];
    fields.extend(ids.iter().map(|i| ("mentee", i.as_str())));
    let res = web.post("/unit/contracts/new", &fields).await;
    assert_eq!(res.status, 303, "{}", res.html);
    let to = res.location().to_owned();
    let page = web.get(&to).await;
    assert!(page.html.contains("联系书草稿已生成") && page.html.contains("发送签署"));
    let id = to
        .trim_start_matches("/unit/contracts/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let sent = web
        .post(
            &format!("/unit/contracts/{id}/request-signatures"),
            &[("csrf", &page.csrf())],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.html);
    let k = app
        .get(&format!("/api/v1/contracts/{id}"), Some(&s.admin1.1))
        .await;
    assert_eq!(k.body["status"], "pending_signatures");
    // Another unit's admin cannot send it.
    let mut other = signed_in(&app, "admin2@test.cn", "zh-CN").await;
    let csrf = other.get("/unit/contracts").await.csrf();
    let res = other
        .post(
            &format!("/unit/contracts/{id}/request-signatures"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(res.status, 404);
}

#[actix_web::test]
async fn a_unit_admin_drafts_with_custom_indicators_and_an_outside_mentee_then_edits_and_sends() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, entry, _) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, _) = mentees(&app, "mentee", s.u1, 4).await;
    let (far, _) = mentees(&app, "far", s.u2, 1).await;
    let mut web = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    let page = web.get("/unit/contracts/new").await;
    assert_page(&page, "/unit/contracts/new", "zh-CN");
    let csrf = page.csrf();
    let entry = entry.to_string();
    let ids: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("mentor_entry_id", entry.as_str()),
        ("start_date", "2026-12-01"),
        ("cycle_months", "36"),
        ("kind_0", "custom"),
        ("description_0", "温室大棚现场指导"),
        ("target_0", "6"),
        ("measure_0", "count"),
        ("other_email_0", "far0@test.cn"),
    ];
    fields.extend(ids.iter().map(|i| ("mentee", i.as_str())));

    // Without the justification the rules ask for: the reason beside it, nothing stored.
    let mut missing = fields.clone();
    missing.push(("other_justification_0", ""));
    let refused = web.post("/unit/contracts/new", &missing).await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert_eq!(
        refused
            .field_error(&format!("justification_{}", far[0]))
            .as_deref(),
        Some("培带对象不属于本部门、本专业，请说明理由"),
        "{}",
        refused.html
    );
    assert!(refused.html.contains("温室大棚现场指导"), "input kept");
    let list = app.get("/api/v1/contracts", Some(&s.admin1.1)).await;
    assert_eq!(list.body["total"], 0, "{}", list.body);

    fields.push(("other_justification_0", "同一课题组，跨单位联合培养"));
    let res = web.post("/unit/contracts/new", &fields).await;
    assert_eq!(res.status, 303, "{}", res.html);
    let to = res.location().split('?').next().unwrap().to_owned();
    let id = to.trim_start_matches("/unit/contracts/").to_owned();
    let k = app
        .get(&format!("/api/v1/contracts/{id}"), Some(&s.admin1.1))
        .await;
    assert_eq!(k.body["status"], "draft");
    assert_eq!(k.body["cycle_months"], 36);
    let indicators = k.body["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 1, "{}", k.body);
    assert_eq!(indicators[0]["description"], "温室大棚现场指导");
    assert_eq!(indicators[0]["yearly_target"], 6);
    let outside = k.body["mentees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == far[0])
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        outside["justification"], "同一课题组，跨单位联合培养",
        "{}",
        k.body
    );

    // The draft's page offers the edit; the edit page holds its terms.
    let page = web.get(&to).await;
    assert!(page.html.contains(&format!("{to}/edit")), "{}", page.html);
    let edit = web.get(&format!("{to}/edit")).await;
    assert_page(&edit, &format!("{to}/edit"), "zh-CN");
    let mut en = signed_in(&app, "admin1@test.cn", "en").await;
    for path in ["/unit/contracts/new".to_owned(), format!("{to}/edit")] {
        let page = en.get(&path).await;
        assert_page(&page, &path, "en");
    }
    assert_eq!(
        edit.input_value("description_0").as_deref(),
        Some("温室大棚现场指导")
    );
    let far_id = far[0].to_string();
    let justification_name = format!("justification_{far_id}");
    let mut changed = vec![
        ("csrf", csrf.as_str()),
        ("start_date", "2027-01-01"),
        ("cycle_months", "24"),
        ("kind_0", "custom"),
        ("description_0", "温室大棚现场指导"),
        ("target_0", "8"),
        ("measure_0", "count"),
        ("kind_1", "lecture"),
        ("description_1", "专题讲座"),
        ("target_1", "2"),
        ("measure_1", "count"),
        ("mentee", far_id.as_str()),
        (justification_name.as_str(), "同一课题组，跨单位联合培养"),
    ];
    changed.extend(ids.iter().map(|i| ("mentee", i.as_str())));
    let saved = web.post(&format!("{to}/edit"), &changed).await;
    assert_eq!(saved.status, 303, "{}", saved.html);
    let k = app
        .get(&format!("/api/v1/contracts/{id}"), Some(&s.admin1.1))
        .await;
    assert_eq!(k.body["start_date"], "2027-01-01");
    assert_eq!(k.body["indicators"].as_array().unwrap().len(), 2);
    assert_eq!(k.body["mentees"].as_array().unwrap().len(), 5);

    assert_eq!(saved.location(), format!("{to}?done=saved"));
    let page = web.get(saved.location()).await;
    assert!(page.html.contains("联系书草稿已保存"));
    let sent = web
        .post(&format!("{to}/request-signatures"), &[("csrf", &csrf)])
        .await;
    assert_eq!(sent.status, 303, "{}", sent.html);
    let k = app
        .get(&format!("/api/v1/contracts/{id}"), Some(&s.admin1.1))
        .await;
    assert_eq!(k.body["status"], "pending_signatures");
    // No longer a draft: the edit page says why, and a post changes nothing.
    let edit = web.get(&format!("{to}/edit")).await;
    assert_eq!(edit.status, 200);
    assert!(edit.html.contains("条款不能再修改"), "{}", edit.html);
    assert!(!edit.html.contains("name=\"description_0\""));
    let late = web.post(&format!("{to}/edit"), &changed).await;
    assert_eq!(late.status, 409);

    // Another unit's admin gets the 404 page for the edit page and its post.
    let mut other = signed_in(&app, "admin2@test.cn", "zh-CN").await;
    let csrf2 = other.get("/unit/contracts").await.csrf();
    assert_eq!(other.get(&format!("{to}/edit")).await.status, 404);
    let mut theirs = changed.clone();
    theirs[0] = ("csrf", csrf2.as_str());
    assert_eq!(other.post(&format!("{to}/edit"), &theirs).await.status, 404);
}
