//! The page tests of the mentee's pages: every page renders in both languages (with the
//! contract, a plan with a submitted version and activities, and without a contract); a mentee
//! signs the contract, writes, saves and submits a plan (a refusal shows the reason beside the
//! field and keeps the input), reports on a milestone of the approved plan, confirms one
//! attendance and disputes another (the reason required); another contract's activity answers
//! 404; a POST without its CSRF token changes nothing; a mentor-only user gets 403. Every change is
//! checked through the API.

use serde_json::{Value, json};

use peidai::domain::role::Role;
use peidai::jobs::JobName;

use crate::assessments::{activity, at};
use crate::contracts::{active_from, mentees, mentor};
use crate::helpers::{PASSWORD, TestApp, TwoUnits, two_units};
use crate::page_checks::assert_page;
use crate::web_client::{Page, WebClient};

/// The e-mail of the `i`-th mentee of the first contract.
fn mentee_email(i: usize) -> String {
    format!("pm.mentee{i}@test.cn")
}

/// A mentor of the first unit with five mentees, and the contract between them.
struct World {
    app: TestApp,
    s: TwoUnits,
    mentor_email: &'static str,
    mentor_token: String,
    ids: Vec<i64>,
    contract: i64,
}

impl World {
    /// A fresh API token of the `i`-th mentee (tokens last an hour of the clock).
    async fn mentee_token(&self, i: usize) -> String {
        self.app.login(&mentee_email(i), PASSWORD).await
    }

    /// A browser signed in as the `i`-th mentee, reading `lang`.
    async fn web(&self, i: usize, lang: &'static str) -> WebClient<'_> {
        let mut web = WebClient::new(&self.app).speaking(lang);
        web.get(&format!("/language?lang={lang}")).await;
        web.sign_in(&mentee_email(i), PASSWORD).await;
        web
    }

    /// The contract as the `i`-th mentee reads it through the API.
    async fn contract_seen_by(&self, i: usize) -> Value {
        let token = self.mentee_token(i).await;
        let res = self
            .app
            .get(
                &format!("/api/v1/contracts/{}", self.contract),
                Some(&token),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        res.body
    }

    /// The `i`-th mentee's plan through the API (`Null` before one is written).
    async fn plan_of(&self, i: usize) -> Value {
        let token = self.mentee_token(i).await;
        let res = self
            .app
            .get(
                &format!("/api/v1/contracts/{}/plans", self.contract),
                Some(&token),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        res.body["items"][0].clone()
    }

    /// Moves the clock, and signs the mentor in again.
    async fn travel(&mut self, to: &str) {
        self.app.set_time(at(to));
        self.mentor_token = self.app.login(self.mentor_email, PASSWORD).await;
        self.s.city = self.app.login("city.admin@test.cn", PASSWORD).await;
    }

    /// The mentor logs an activity held on `day` with the mentees at `who`; its id.
    async fn log(&self, day: &str, who: &[usize]) -> i64 {
        let attendees: Vec<i64> = who.iter().map(|i| self.ids[*i]).collect();
        let res = self
            .app
            .post(
                &format!("/api/v1/contracts/{}/activities", self.contract),
                Some(&self.mentor_token),
                activity("lecture", day, &attendees),
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.body);
        res.body["id"].as_i64().unwrap()
    }

    /// The `i`-th mentee's answer to an activity, through the API: `(status, note)`.
    async fn attendance(&self, i: usize, activity: i64) -> (String, Value) {
        let token = self.mentee_token(i).await;
        let res = self
            .app
            .get(
                &format!(
                    "/api/v1/contracts/{}/activities?per_page=100",
                    self.contract
                ),
                Some(&token),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        let a = res.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == activity)
            .cloned()
            .expect("the activity is listed");
        let mine = a["attendance"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["mentee_id"] == self.ids[i])
            .cloned()
            .expect("the mentee attended");
        (
            mine["status"].as_str().unwrap().to_owned(),
            mine["note"].clone(),
        )
    }
}

/// The world with the contract sent out for signatures (nobody has signed).
async fn waiting_world() -> World {
    let app = crate::assessments::spawn().await;
    let s = two_units(&app).await;
    let mentor_email = "pm.mentor@test.cn";
    let (_, _, mentor_token) = mentor(&app, mentor_email, s.u1).await;
    let (ids, _) = mentees(&app, "pm.mentee", s.u1, 5).await;
    let list: Vec<Value> = ids.iter().map(|id| json!({ "user_id": id })).collect();
    let k = app
        .post(
            "/api/v1/contracts",
            Some(&mentor_token),
            json!({ "start_date": "2026-12-01", "mentees": list }),
        )
        .await;
    assert_eq!(k.status, 201, "{}", k.body);
    let contract = k.body["id"].as_i64().unwrap();
    let out = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{contract}/request-signatures"),
            Some(&mentor_token),
            None,
        )
        .await;
    assert_eq!(out.status, 200, "{}", out.body);
    World {
        app,
        s,
        mentor_email,
        mentor_token,
        ids,
        contract,
    }
}

/// The world with the contract in force from 2026-12-01 (every party signed).
async fn active_world() -> World {
    let app = crate::assessments::spawn().await;
    let s = two_units(&app).await;
    let mentor_email = "pm.mentor@test.cn";
    let (_, _, mentor_token) = mentor(&app, mentor_email, s.u1).await;
    let (ids, tokens) = mentees(&app, "pm.mentee", s.u1, 5).await;
    let contract = active_from(&app, &mentor_token, &ids, &tokens, "2026-12-01")
        .await
        .as_i64()
        .unwrap();
    World {
        app,
        s,
        mentor_email,
        mentor_token,
        ids,
        contract,
    }
}

/// A plan form: goals, one milestone in row 0 and projects.
fn plan_fields<'a>(csrf: &'a str, goals: &'a str, year: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("goals", goals),
        ("m0_year", year),
        ("m0_milestone", "独立主持一项技术攻关"),
        ("m0_evidence", "项目结题报告"),
        ("m1_year", "2028"),
        ("m1_milestone", ""),
        ("m1_evidence", ""),
        ("projects", "城区供水管网改造\n智慧水务平台"),
    ]
}

/// The page's HTML with the template's escaping of `/` undone, to look for links.
fn plain(page: &Page) -> String {
    page.html.replace("&#x2f;", "/")
}

#[actix_web::test]
async fn every_mentee_page_renders_in_both_languages_with_and_without_a_contract() {
    let mut w = active_world().await;
    // A plan submitted (version 1) and two activities, one with a file.
    let mut web = w.web(0, "zh-CN").await;
    let page = web.get("/mentee/plan").await;
    let csrf = page.csrf();
    let res = web
        .post(
            "/mentee/plan/submit",
            &plan_fields(&csrf, "成为骨干", "2027"),
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.html);
    w.travel("2026-12-10T02:00:00Z").await;
    let first = w.log("2026-12-05", &[0, 1]).await;
    w.log("2026-12-08", &[0]).await;
    let up = w
        .app
        .send_raw(
            "POST",
            &format!(
                "/api/v1/activities/{first}/files?name={}",
                form_urlencoded::byte_serialize("签到表.pdf".as_bytes()).collect::<String>()
            ),
            Some(&w.mentor_token),
            "application/octet-stream",
            b"%PDF-1.7\n%sign-in sheet\n".to_vec(),
        )
        .await;
    assert_eq!(up.status, 201, "{}", up.body);
    let file = up.body["id"].as_i64().unwrap();
    // Someone with no contract at all.
    w.app
        .insert_user("pm.alone@test.cn", &[Role::Mentee], Some(w.s.u1));

    for (lang, hello, today, words) in [
        (
            "zh-CN",
            "您好，",
            "2026年12月10日",
            ["待我办理", "培带联系书", "培养计划", "参加的活动"],
        ),
        (
            "en",
            "Hello, ",
            "2026-12-10",
            [
                "Waiting for me",
                "Mentoring contract",
                "Training plan",
                "My activities",
            ],
        ),
    ] {
        let mut web = w.web(0, lang).await;
        let home = web.get("/mentee").await;
        assert_page(&home, "/mentee", lang);
        assert!(home.html.contains(hello) && home.html.contains(today));
        assert!(
            home.html.contains("测试 pm.mentee0@test.cn"),
            "the greeting names the user"
        );
        assert!(home.html.contains(words[0]));
        for (path, word) in [
            ("/mentee/contract", words[1]),
            ("/mentee/plan", words[2]),
            ("/mentee/plan/versions/1", words[2]),
            ("/mentee/activities", words[3]),
            ("/mentee/activities?page=9", words[3]),
        ] {
            let page = web.get(path).await;
            assert_page(&page, path, lang);
            assert!(page.html.contains(word), "{path} ({lang})");
        }
        let list = web.get("/mentee/activities").await;
        let link = format!("/mentee/activities/{first}/files/{file}");
        assert!(plain(&list).contains(&link), "the mentor's file is linked");
        assert!(list.html.contains("签到表.pdf"));
        let download = web.get(&link).await;
        assert_eq!(download.status, 200);
        assert!(download.html.starts_with("%PDF-1.7"));
        assert_eq!(web.get("/mentee/plan/versions/2").await.status, 404);

        let mut alone = WebClient::new(&w.app).speaking(lang);
        alone.get(&format!("/language?lang={lang}")).await;
        alone.sign_in("pm.alone@test.cn", PASSWORD).await;
        for path in [
            "/mentee",
            "/mentee/contract",
            "/mentee/plan",
            "/mentee/activities",
        ] {
            let page = alone.get(path).await;
            assert_page(&page, path, lang);
            assert!(
                page.html.contains("class=\"empty\""),
                "{path}: an empty state"
            );
        }
        let home = alone.get("/mentee").await;
        assert!(
            home.html.contains(if lang == "en" {
                "Once your mentor drafts one"
            } else {
                "培带人起草联系书后"
            }),
            "the empty home says what happens next"
        );
        assert_eq!(alone.get("/mentee/plan/versions/1").await.status, 404);
    }
}

#[actix_web::test]
async fn a_mentee_signs_the_contract_the_reminder_is_listed_and_a_post_without_csrf_changes_nothing()
 {
    let w = waiting_world().await;
    w.app.run_job(JobName::MentoringReminders).await;
    w.app.run_job(JobName::SendEmails).await;
    let mut web = w.web(0, "zh-CN").await;
    let home = web.get("/mentee").await;
    assert_page(&home, "/mentee", "zh-CN");
    assert!(home.html.contains("培带联系书等待您签署"), "{}", home.html);
    assert!(
        plain(&home)
            .contains("class=\"button button--secondary button--small\" href=\"/mentee/contract\"")
    );
    assert!(
        home.html.contains("培带联系书待签署"),
        "the reminder e-mail's subject is listed: {}",
        home.html
    );
    assert!(
        home.html.contains("2026年11月21日 10:00"),
        "sent at, city time"
    );

    let page = web.get("/mentee/contract").await;
    assert_page(&page, "/mentee/contract", "zh-CN");
    let action = format!("/mentee/contract/{}/sign", w.contract);
    assert!(page.html.contains(&action), "the sign form");
    assert!(page.html.contains("测试 pm.mentor@test.cn"), "the mentor");
    assert!(
        page.html.contains("红山区"),
        "the mentor's unit, the mentee's own"
    );
    assert!(page.html.contains("专题讲座"), "the indicators");
    assert!(
        page.html.contains("测试 pm.mentee4@test.cn"),
        "the other mentees"
    );

    let forged = web.post(&action, &[("csrf", "forged")]).await;
    assert_eq!(forged.status, 403);
    let none = web.post(&action, &[]).await;
    assert_eq!(none.status, 403);
    assert!(w.contract_seen_by(0).await["mentees"][0]["signed_at"].is_null());

    let signed = web.post(&action, &[("csrf", &page.csrf())]).await;
    assert_eq!(signed.status, 303, "{}", signed.html);
    assert_eq!(signed.location(), "/mentee/contract?done=signed");
    let k = w.contract_seen_by(0).await;
    let me = k["mentees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == w.ids[0])
        .unwrap()
        .clone();
    assert!(me["signed_at"].is_string(), "{k}");
    let after = web.get("/mentee/contract?done=signed").await;
    assert!(after.html.contains("您已签署联系书。"));
    assert!(!after.html.contains(&action), "no sign form once signed");
    let home = web.get("/mentee").await;
    assert!(!home.html.contains("培带联系书等待您签署"));
}

#[actix_web::test]
async fn a_mentee_saves_and_submits_a_plan_and_a_refused_plan_keeps_the_input() {
    let w = active_world().await;
    let mut web = w.web(0, "zh-CN").await;
    let home = web.get("/mentee").await;
    assert!(home.html.contains("请填写培养计划"), "{}", home.html);
    let page = web.get("/mentee/plan").await;
    assert_page(&page, "/mentee/plan", "zh-CN");
    assert!(
        page.html.contains("name=\"m2_year\""),
        "a row for each year of the cycle"
    );
    let csrf = page.csrf();

    let refused = web
        .post("/mentee/plan", &plan_fields(&csrf, "  ", "2027"))
        .await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(refused.field_error("goals").is_some(), "{}", refused.html);
    assert!(
        refused.html.contains("独立主持一项技术攻关"),
        "the milestone is kept"
    );
    assert!(
        refused.html.contains("智慧水务平台"),
        "the projects are kept"
    );
    assert!(w.plan_of(0).await.is_null(), "nothing was stored");

    let outside = web
        .post("/mentee/plan", &plan_fields(&csrf, "成为骨干", "2031"))
        .await;
    assert_eq!(outside.status, 422);
    assert!(outside.field_error("m0_year").is_some(), "{}", outside.html);
    assert!(outside.html.contains(">成为骨干</textarea>"));

    let without = web
        .post("/mentee/plan", &plan_fields("", "成为骨干", "2027")[1..])
        .await;
    assert_eq!(without.status, 403);
    assert!(
        w.plan_of(0).await.is_null(),
        "a POST without CSRF stores nothing"
    );

    let saved = web
        .post("/mentee/plan", &plan_fields(&csrf, "成为骨干", "2027"))
        .await;
    assert_eq!(saved.status, 303, "{}", saved.html);
    assert_eq!(saved.location(), "/mentee/plan?done=saved");
    let plan = w.plan_of(0).await;
    assert_eq!(plan["status"], "draft");
    assert_eq!(plan["content"]["goals"], "成为骨干");
    assert_eq!(
        plan["content"]["milestones"].as_array().unwrap().len(),
        1,
        "the blank row is no milestone"
    );
    assert_eq!(plan["content"]["projects"][1], "智慧水务平台");
    let page = web.get("/mentee/plan?done=saved").await;
    assert!(page.html.contains("草稿已保存。"));
    assert!(
        page.html.contains(">成为骨干</textarea>"),
        "the draft is in the form"
    );

    let submitted = web
        .post(
            "/mentee/plan/submit",
            &plan_fields(&csrf, "成为技术骨干", "2027"),
        )
        .await;
    assert_eq!(submitted.status, 303, "{}", submitted.html);
    let plan = w.plan_of(0).await;
    assert_eq!(plan["status"], "submitted");
    assert_eq!(plan["version"], 1);
    assert_eq!(
        plan["content"]["goals"], "成为技术骨干",
        "submit saves what was typed"
    );
    let page = web.get("/mentee/plan?done=submitted").await;
    assert!(page.html.contains("培养计划已提交，请等待培带人审核。"));
    let page = web.get("/mentee/plan").await;
    assert!(page.html.contains("正在等待培带人审核"));
    assert!(page.html.contains("href=\"/mentee/plan/versions/1\""));
    assert!(
        !page.html.contains("action=\"/mentee/plan\""),
        "no form while under review"
    );
    let again = web
        .post("/mentee/plan", &plan_fields(&csrf, "再改一次", "2027"))
        .await;
    assert_eq!(again.status, 409, "{}", again.html);
    assert!(again.banner_error().is_some());
    assert_eq!(w.plan_of(0).await["content"]["goals"], "成为技术骨干");

    // Returned with a comment: the home and the page show it, and the form opens again.
    let back = w
        .app
        .post(
            &format!("/api/v1/plans/{}/review", plan["id"]),
            Some(&w.mentor_token),
            json!({ "decision": "returned", "comment": "请补充 2028 年的目标" }),
        )
        .await;
    assert_eq!(back.status, 200, "{}", back.body);
    let home = web.get("/mentee").await;
    assert!(home.html.contains("培带人退回了培养计划"));
    assert!(home.html.contains("请补充 2028 年的目标"));
    let page = web.get("/mentee/plan").await;
    assert!(page.html.contains("请补充 2028 年的目标"));
    assert!(page.html.contains("action=\"/mentee/plan\""));
}

#[actix_web::test]
async fn a_mentee_reports_progress_on_a_milestone_of_the_approved_plan() {
    let w = active_world().await;
    let mut web = w.web(0, "en").await;
    let csrf = web.get("/mentee/plan").await.csrf();
    let res = web
        .post(
            "/mentee/plan/submit",
            &plan_fields(&csrf, "成为骨干", "2027"),
        )
        .await;
    assert_eq!(res.status, 303);
    let plan = w.plan_of(0).await;
    let ok = w
        .app
        .post(
            &format!("/api/v1/plans/{}/review", plan["id"]),
            Some(&w.mentor_token),
            json!({ "decision": "approved" }),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let page = web.get("/mentee/plan").await;
    assert_page(&page, "/mentee/plan", "en");
    assert!(page.html.contains("action=\"/mentee/plan/reports\""));

    let empty = web
        .post(
            "/mentee/plan/reports",
            &[("csrf", &csrf), ("milestone_index", "0"), ("note_0", " ")],
        )
        .await;
    assert_eq!(empty.status, 422, "{}", empty.html);
    assert!(empty.field_error("note_0").is_some(), "{}", empty.html);
    let no_such = web
        .post(
            "/mentee/plan/reports",
            &[("csrf", &csrf), ("milestone_index", "7"), ("note_7", "x")],
        )
        .await;
    assert_eq!(no_such.status, 422);
    assert!(no_such.banner_error().is_some());

    let done = web
        .post(
            "/mentee/plan/reports",
            &[
                ("csrf", &csrf),
                ("milestone_index", "0"),
                ("note_0", "完成了攻关方案"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.html);
    assert_eq!(done.location(), "/mentee/plan?done=reported#milestone-0");
    let plan = w.plan_of(0).await;
    assert_eq!(plan["reports"][0]["note"], "完成了攻关方案");
    assert_eq!(plan["reports"][0]["milestone_index"], 0);
    let page = web.get("/mentee/plan?done=reported").await;
    assert!(page.html.contains("完成了攻关方案"));
    assert!(page.html.contains("Your progress is reported."));
}

#[actix_web::test]
async fn a_mentee_confirms_one_attendance_disputes_another_and_cannot_answer_for_others() {
    let mut w = active_world().await;
    // A second contract in the other unit, with its own activity.
    let (_, _, other_mentor) = mentor(&w.app, "pm.other@test.cn", w.s.u2).await;
    let (other_ids, other_tokens) = mentees(&w.app, "pm.far", w.s.u2, 5).await;
    let other = active_from(
        &w.app,
        &other_mentor,
        &other_ids,
        &other_tokens,
        "2026-12-01",
    )
    .await;
    w.travel("2026-12-10T02:00:00Z").await;
    let other_mentor = w.app.login("pm.other@test.cn", PASSWORD).await;
    let foreign = w
        .app
        .post(
            &format!("/api/v1/contracts/{other}/activities"),
            Some(&other_mentor),
            activity("lecture", "2026-12-05", &other_ids[..1]),
        )
        .await;
    assert_eq!(foreign.status, 201, "{}", foreign.body);
    let foreign = foreign.body["id"].as_i64().unwrap();
    let first = w.log("2026-12-05", &[0, 1]).await;
    let second = w.log("2026-12-08", &[0]).await;
    let not_mine = w.log("2026-12-09", &[1]).await;

    let mut web = w.web(0, "zh-CN").await;
    let home = web.get("/mentee").await;
    assert!(
        home.html.contains("有 2 项培带活动等待您确认"),
        "{}",
        home.html
    );
    let page = web.get("/mentee/activities").await;
    assert_page(&page, "/mentee/activities", "zh-CN");
    assert!(page.html.contains(&format!("id=\"activity-{first}\"")));
    assert!(
        !page.html.contains(&format!("id=\"activity-{not_mine}\"")),
        "only what I attended"
    );
    let newest = page.html.find(&format!("activity-{second}")).unwrap();
    let older = page.html.find(&format!("activity-{first}")).unwrap();
    assert!(newest < older, "newest first");
    let csrf = page.csrf();

    let forged = web
        .post(
            &format!("/mentee/activities/{first}/confirm"),
            &[("page", "1")],
        )
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(
        w.attendance(0, first).await.0,
        "pending",
        "no CSRF, no change"
    );

    let confirmed = web
        .post(
            &format!("/mentee/activities/{first}/confirm"),
            &[("csrf", &csrf), ("page", "1")],
        )
        .await;
    assert_eq!(confirmed.status, 303, "{}", confirmed.html);
    assert_eq!(
        confirmed.location(),
        format!("/mentee/activities?page=1&done=confirmed#activity-{first}")
    );
    assert_eq!(w.attendance(0, first).await.0, "confirmed");

    let note = format!("note_{second}");
    let bare = web
        .post(
            &format!("/mentee/activities/{second}/dispute"),
            &[("csrf", &csrf), ("page", "1"), (&note, "  ")],
        )
        .await;
    assert_eq!(bare.status, 422, "{}", bare.html);
    assert!(
        bare.field_error(&note).is_some(),
        "the reason is asked for beside the field"
    );
    assert_eq!(w.attendance(0, second).await.0, "pending");

    let disputed = web
        .post(
            &format!("/mentee/activities/{second}/dispute"),
            &[
                ("csrf", &csrf),
                ("page", "1"),
                (&note, "那天我在外地出差，没有参加"),
            ],
        )
        .await;
    assert_eq!(disputed.status, 303, "{}", disputed.html);
    let (status, kept) = w.attendance(0, second).await;
    assert_eq!(status, "disputed");
    assert_eq!(kept, "那天我在外地出差，没有参加");
    let page = web.get("/mentee/activities?done=disputed").await;
    assert!(page.html.contains("异议已提交"));
    assert!(page.html.contains("那天我在外地出差，没有参加"));
    let home = web.get("/mentee").await;
    assert!(!home.html.contains("等待您确认"), "nothing left to confirm");

    for id in [foreign, not_mine] {
        let res = web
            .post(
                &format!("/mentee/activities/{id}/confirm"),
                &[("csrf", &csrf), ("page", "1")],
            )
            .await;
        assert_eq!(res.status, 404, "activity {id}");
        let n = format!("note_{id}");
        let res = web
            .post(
                &format!("/mentee/activities/{id}/dispute"),
                &[("csrf", &csrf), (&n, "不对")],
            )
            .await;
        assert_eq!(res.status, 404, "activity {id}");
    }
    assert_eq!(w.attendance(1, not_mine).await.0, "pending");
    assert_eq!(
        web.get(&format!("/mentee/activities/{foreign}/files/1"))
            .await
            .status,
        404
    );
}

#[actix_web::test]
async fn a_mentor_only_user_gets_403_on_the_mentee_pages() {
    let w = waiting_world().await;
    let mut web = WebClient::new(&w.app);
    web.sign_in(w.mentor_email, PASSWORD).await;
    let csrf = web.get("/home").await.csrf();
    for path in [
        "/mentee",
        "/mentee/contract",
        "/mentee/plan",
        "/mentee/plan/versions/1",
        "/mentee/activities",
    ] {
        assert_eq!(web.get(path).await.status, 403, "{path}");
    }
    let sign = web
        .post(
            &format!("/mentee/contract/{}/sign", w.contract),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(sign.status, 403);
    let k = w
        .app
        .get(
            &format!("/api/v1/contracts/{}", w.contract),
            Some(&w.mentor_token),
        )
        .await;
    assert!(
        k.body["mentor_signed_at"].is_null(),
        "the mentee page did not sign for the mentor"
    );
    let signed_out = WebClient::new(&w.app).get("/mentee/plan").await;
    assert_eq!(signed_out.status, 303);
    assert!(signed_out.location().starts_with("/login?next="));
}
