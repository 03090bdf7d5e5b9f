//! The mentee's journey (issue 15): a mentee follows the invitation link from the e-mail the SMTP
//! sink received, sets a password, signs the contract, writes and submits a plan, confirms one
//! attendance and disputes another. The mentor, the other mentees, the contract and the two
//! activities are set up through the API; every step is checked through the API too.

use libtest_mimic::Failed;
use serde_json::{Value, json};

use peidai::domain::ids::UserId;
use peidai::domain::role::Role;
use peidai::jobs::JobName;

use crate::chrome::{Browser, Journey, check, screenshot_dir};
use crate::fixtures::appoint;
use crate::helpers::{PASSWORD, TestApp, spawn_with_smtp};
use crate::smtp_sink::{SmtpSink, free_port};

/// Every journey of this file, by the name the runner shows.
pub const ALL: &[(&str, Journey)] = &[(
    "a_mentee_follows_the_invitation_signs_writes_and_submits_a_plan_confirms_and_disputes",
    |b| Box::pin(mentee(b)),
)];

/// The mentee's password in the journey.
const NEW_PASSWORD: &str = "草原上的白杨 2026";

/// The app sending mail to `sink`, on a port chosen first so the e-mails' links point at it.
async fn app_with_mail(sink: &SmtpSink) -> TestApp {
    let port = free_port().to_string();
    let url = format!("http://127.0.0.1:{port}");
    spawn_with_smtp(
        sink.port,
        &[
            ("server.port", &port),
            ("email.public_url", &url),
            ("auth.login_attempts_per_ip_per_minute", "1000"),
            ("auth.login_attempts_per_account_per_minute", "100"),
        ],
    )
    .await
}

/// The HTML body of the last e-mail to `to`, saved to a file the browser can open.
fn mail_as_file(sink: &SmtpSink, to: &str, name: &str) -> Result<String, Failed> {
    let mail = sink
        .received()
        .into_iter()
        .rev()
        .find(|m| m.rcpt_to.iter().any(|r| r.contains(to)))
        .ok_or("no e-mail arrived")?;
    let html = mail
        .parsed()
        .body_html(0)
        .ok_or("the e-mail has no HTML")?
        .into_owned();
    let path = screenshot_dir().join(format!("{name}.html"));
    std::fs::write(&path, html).map_err(|e| e.to_string())?;
    Ok(format!("file://{}", path.display()))
}

/// What the journey set up: the mentee's id, the mentor's token and the contract.
struct Setup {
    mentee: UserId,
    mentor_token: String,
    contract: Value,
}

/// A unit, its mentor 赵国强 and four mentees who have signed; 陈晨 invited by e-mail as the
/// fifth; the contract (from today) waiting for 陈晨's signature only.
async fn set_up(app: &TestApp) -> Result<Setup, Failed> {
    let (_, city) = app.city_admin().await;
    let unit = app
        .create_unit(&city, "红山区", "banner_county_district")
        .await;
    let invited = app
        .post(
            "/api/v1/users",
            Some(&city),
            json!({ "email": "chen.chen@test.cn", "name": "陈晨", "roles": ["mentee"], "unit_id": unit.0, "locale": "zh-CN" }),
        )
        .await;
    check(
        invited.status == 201,
        format!("invitation: {}", invited.body),
    )?;
    let mentee = UserId(invited.body["id"].as_i64().unwrap());
    app.run_job(JobName::SendEmails).await;

    let mentor = app.insert_user("zhao.guoqiang@test.cn", &[Role::Mentor], Some(unit));
    appoint(app, mentor, unit, "2026 年度遴选", "CF-2026-001");
    let mentor_token = app.login("zhao.guoqiang@test.cn", PASSWORD).await;
    let mut others = Vec::new();
    for (i, name) in ["li", "wang", "zhang", "liu"].iter().enumerate() {
        let email = format!("{name}.{i}@test.cn");
        let id = app.insert_user(&email, &[Role::Mentee], Some(unit));
        others.push((id, email));
    }
    let mut list = vec![json!({ "user_id": mentee.0 })];
    list.extend(others.iter().map(|(id, _)| json!({ "user_id": id.0 })));
    let k = app
        .post(
            "/api/v1/contracts",
            Some(&mentor_token),
            json!({ "start_date": "2026-11-21", "mentees": list }),
        )
        .await;
    check(k.status == 201, format!("contract: {}", k.body))?;
    let contract = k.body["id"].clone();
    let sign = |token: String| {
        let path = format!("/api/v1/contracts/{contract}/sign");
        async move { app.request("POST", &path, Some(&token), None).await }
    };
    let out = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{contract}/request-signatures"),
            Some(&mentor_token),
            None,
        )
        .await;
    check(out.status == 200, format!("signatures: {}", out.body))?;
    for (_, email) in &others {
        let res = sign(app.login(email, PASSWORD).await).await;
        check(res.status == 200, format!("{email} signs: {}", res.body))?;
    }
    let res = sign(mentor_token.clone()).await;
    check(res.status == 200, format!("the mentor signs: {}", res.body))?;
    Ok(Setup {
        mentee,
        mentor_token,
        contract,
    })
}

/// The mentor logs an activity with 陈晨 today; its id.
async fn log(app: &TestApp, s: &Setup, title: &str) -> Result<i64, Failed> {
    let res = app
        .post(
            &format!("/api/v1/contracts/{}/activities", s.contract),
            Some(&s.mentor_token),
            json!({ "kind": "technical_tutoring", "title": title, "held_on": "2026-11-21", "hours": 1.5,
                    "place": "市水务集团三楼会议室", "summary": "讲解管网漏损分析的方法，并现场演示数据整理。",
                    "attendee_ids": [s.mentee.0] }),
        )
        .await;
    check(res.status == 201, format!("activity: {}", res.body))?;
    Ok(res.body["id"].as_i64().unwrap())
}

/// 陈晨's answer to an activity through the API.
async fn answer(app: &TestApp, s: &Setup, id: i64) -> Result<(String, String), Failed> {
    let token = app.login("chen.chen@test.cn", NEW_PASSWORD).await;
    let res = app
        .get(
            &format!("/api/v1/contracts/{}/activities", s.contract),
            Some(&token),
        )
        .await;
    let a = res.body["items"]
        .as_array()
        .and_then(|items| items.iter().find(|a| a["id"] == id).cloned())
        .ok_or("the activity is listed")?;
    let mine = &a["attendance"][0];
    Ok((
        mine["status"].as_str().unwrap_or_default().to_owned(),
        mine["note"].as_str().unwrap_or_default().to_owned(),
    ))
}

/// Scrolls the element matching `css` to the top of the window (for a screenshot of it).
async fn scroll_to(b: &Browser, css: &str) -> Result<(), Failed> {
    b.script(&format!(
        "document.querySelector({css:?}).scrollIntoView(true); return null;"
    ))
    .await?;
    Ok(())
}

async fn mentee(b: Browser) -> Result<(), Failed> {
    let sink = SmtpSink::start();
    let app = app_with_mail(&sink).await;
    let s = set_up(&app).await?;

    // The invitation e-mail, its link, a password.
    b.open(&mail_as_file(
        &sink,
        "chen.chen@test.cn",
        "journey-mentee-invitation-email",
    )?)
    .await?;
    b.screenshots("journey-mentee-1-email").await?;
    b.click("a[href*='/accept-invitation?token=']").await?;
    b.fill("#f-password", NEW_PASSWORD).await?;
    b.fill("#f-confirm_password", NEW_PASSWORD).await?;
    b.click("button[type=submit]").await?;
    check(b.path().await? == "/home", "signed in, home")?;

    // Home: the contract waits for my signature.
    b.open(&format!("{}/mentee", app.base)).await?;
    let title = b.text("h1").await?;
    check(title.contains("陈晨"), format!("the greeting: {title}"))?;
    let waiting = b.text("#waiting + .rows").await?;
    check(
        waiting.contains("培带联系书等待您签署"),
        format!("waiting: {waiting}"),
    )?;
    b.screenshots("journey-mentee-2-home").await?;

    // The contract, signed.
    b.click(".mentee-task a[href='/mentee/contract']").await?;
    b.screenshots("journey-mentee-3-contract").await?;
    scroll_to(&b, "#indicators").await?;
    b.screenshots("journey-mentee-3b-contract-indicators")
        .await?;
    b.click(".mentee-sign button[type=submit]").await?;
    let notice = b.text(".banner--info").await?;
    check(notice.contains("您已签署"), format!("signed: {notice}"))?;
    let k = app
        .get(
            &format!("/api/v1/contracts/{}", s.contract),
            Some(&s.mentor_token),
        )
        .await;
    check(
        k.body["status"] == "active",
        format!("the last signature activates the contract: {}", k.body),
    )?;
    b.screenshots("journey-mentee-4-signed").await?;

    // The plan: a refusal keeps the input, then submitted.
    b.open(&format!("{}/mentee", app.base)).await?;
    b.click(".mentee-task a[href='/mentee/plan']").await?;
    b.screenshots("journey-mentee-5-plan-form").await?;
    scroll_to(&b, "#f-milestones").await?;
    b.screenshots("journey-mentee-5b-plan-milestones").await?;
    b.fill(
        "#f-m0_milestone",
        "熟练掌握管网漏损分析，独立完成一个片区的诊断",
    )
    .await?;
    b.fill("#f-m0_evidence", "片区漏损诊断报告").await?;
    b.fill("#f-projects", "城区供水管网改造").await?;
    b.click("button[value=submit]").await?;
    let goals_error = b.text("#f-goals-error").await?;
    check(
        !goals_error.is_empty(),
        "the missing goals are named beside the field",
    )?;
    let kept = b
        .script("return document.getElementById('f-m0_milestone').value;")
        .await?;
    check(
        kept == "熟练掌握管网漏损分析，独立完成一个片区的诊断",
        format!("the milestone is kept: {kept}"),
    )?;
    b.screenshots("journey-mentee-6-plan-refused").await?;
    b.fill("#f-goals", "三年内成长为能独立负责管网运行分析的技术骨干")
        .await?;
    b.click("button[value=submit]").await?;
    let notice = b.text(".banner--info").await?;
    check(notice.contains("已提交"), format!("submitted: {notice}"))?;
    let token = app.login("chen.chen@test.cn", NEW_PASSWORD).await;
    let plans = app
        .get(
            &format!("/api/v1/contracts/{}/plans", s.contract),
            Some(&token),
        )
        .await;
    check(
        plans.body["items"][0]["status"] == "submitted",
        format!("the plan is submitted: {}", plans.body),
    )?;
    b.screenshots("journey-mentee-7-plan-submitted").await?;

    // Two activities: one confirmed, one disputed (a reason is asked for first).
    let first = log(&app, &s, "管网漏损分析辅导").await?;
    let second = log(&app, &s, "数据整理实操").await?;
    b.open(&format!("{}/mentee", app.base)).await?;
    let waiting = b.text("#waiting + .rows").await?;
    check(
        waiting.contains("有 2 项培带活动等待您确认"),
        format!("waiting: {waiting}"),
    )?;
    b.click(".mentee-task a[href='/mentee/activities']").await?;
    b.screenshots("journey-mentee-8-activities").await?;
    b.click(&format!(
        "#activity-{first} form[action$='/confirm'] button"
    ))
    .await?;
    check(
        answer(&app, &s, first).await?.0 == "confirmed",
        "the first is confirmed",
    )?;
    b.screenshots("journey-mentee-9-confirmed").await?;
    b.tick(&format!("#activity-{second} summary")).await?;
    b.click(&format!(
        "#activity-{second} form[action$='/dispute'] button"
    ))
    .await?;
    let why = b.text(&format!("#f-note_{second}-error")).await?;
    check(!why.is_empty(), "a dispute needs its reason")?;
    check(
        answer(&app, &s, second).await?.0 == "pending",
        "not disputed without a reason",
    )?;
    b.screenshots("journey-mentee-10-dispute-refused").await?;
    b.fill(
        &format!("#f-note_{second}"),
        "当天我在外地出差，没有参加这次活动",
    )
    .await?;
    b.click(&format!(
        "#activity-{second} form[action$='/dispute'] button"
    ))
    .await?;
    let (status, note) = answer(&app, &s, second).await?;
    check(
        status == "disputed" && note == "当天我在外地出差，没有参加这次活动",
        format!("disputed with the reason: {status} {note}"),
    )?;
    b.screenshots("journey-mentee-11-disputed").await?;

    b.open(&format!("{}/mentee", app.base)).await?;
    b.screenshots("journey-mentee-12-home-after").await?;

    // The same pages in English.
    for (page, name) in [
        ("%2Fmentee%2Fcontract", "13-contract-english"),
        ("%2Fmentee%2Fplan", "14-plan-english"),
        ("%2Fmentee%2Factivities", "15-activities-english"),
    ] {
        b.open(&format!("{}/language?lang=en&next={page}", app.base))
            .await?;
        let title = b.text("h1").await?;
        check(
            title.is_ascii(),
            format!("{name}: the title is in English: {title}"),
        )?;
        b.screenshots(&format!("journey-mentee-{name}")).await?;
    }
    Ok(())
}
