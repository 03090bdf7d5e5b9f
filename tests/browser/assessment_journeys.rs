//! Journeys: an assessment from the unit's grade to the mentor's revocation.

use std::time::Duration;

use libtest_mimic::Failed;

use crate::chrome::{Browser, Journey, check};
use crate::helpers::{PASSWORD, TestApp, spawn_with};

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[(
    "a_unit_grades_unqualified_the_city_confirms_rejects_the_objection_and_the_mentor_is_revoked",
    |b| Box::pin(graded_to_revoked(b)),
)];

/// Signs out whoever is signed in, then signs `email` in and lands on `path`.
async fn sign_in(b: &Browser, app: &TestApp, email: &str, path: &str) -> Result<(), Failed> {
    b.open(&format!("{}{path}", app.base)).await?;
    if b.path().await? != "/login" {
        // Signed in as someone else: sign out from the home page's masthead.
        b.open(&format!("{}/home", app.base)).await?;
        b.click("form[action='/logout'] button").await?;
        b.open(&format!("{}{path}", app.base)).await?;
    }
    check(
        b.path().await? == "/login",
        format!("{email}: sign in first"),
    )?;
    b.fill("#f-email", email).await?;
    b.fill("#f-password", PASSWORD).await?;
    b.click("button[type=submit]").await?;
    check(
        b.path().await? == path.split('?').next().unwrap_or(path),
        format!("{email}: back to {path}"),
    )
}

/// The id of the demo round's assessment of `name` (through the API, as the city admin).
async fn assessment_of(app: &TestApp, name: &str) -> Result<i64, Failed> {
    let city = app.login("admin@demo.peidai.cn", PASSWORD).await;
    let rounds = app.get("/api/v1/assessment-rounds", Some(&city)).await;
    let round = rounds.body["items"][0]["id"].clone();
    let list = app
        .get(
            &format!("/api/v1/assessment-rounds/{round}/assessments?per_page=100"),
            Some(&city),
        )
        .await;
    list.body["items"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["mentor_name"] == name))
        .and_then(|x| x["id"].as_i64())
        .ok_or_else(|| format!("no assessment of {name}: {}", list.body).into())
}

async fn graded_to_revoked(b: Browser) -> Result<(), Failed> {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "1000"),
        ("auth.login_attempts_per_account_per_minute", "100"),
    ])
    .await;
    let at = app.state.clock.now();
    peidai::demo::seed_at(&app.state, PASSWORD, at)
        .await
        .map_err(|e| format!("demo: {e}"))?;
    // 巴特尔 of 宁城县: a contract without the year's activities; his unit has not graded him.
    let id = assessment_of(&app, "巴特尔").await?;
    // The city's dashboard counts him among the active mentors before.
    sign_in(&b, &app, "admin@demo.peidai.cn", "/city").await?;
    let active_before = active_mentors(&b).await?;

    // The unit admin grades him against the evidence: unqualified, with the reasons.
    sign_in(
        &b,
        &app,
        "ningcheng.admin@demo.peidai.cn",
        "/unit/assessments",
    )
    .await?;
    b.screenshots("assessing-unit-list").await?;
    b.click(&format!("a[href='/unit/assessments/{id}']"))
        .await?;
    let evidence = b.text(".assess-evidence").await?;
    check(
        evidence.contains("系统建议等次") && evidence.contains("不合格"),
        format!("the evidence and its suggestion: {evidence}"),
    )?;
    b.screenshots("assessing-unit-grade").await?;
    b.tick("#f-grade option[value=unqualified]").await?;
    b.fill(
        "#f-overall_comment",
        "全年仅开展少量培带活动，专题讲座、技术辅导均未达到联系书指标。",
    )
    .await?;
    b.click("button[name=action][value=submit]").await?;
    check(
        b.path().await? == "/unit/assessments",
        "handed in, back to the list",
    )?;
    check(
        b.text(".banner").await?.contains("已提交"),
        "the list says it was submitted",
    )?;

    // The city admin confirms it as unqualified, told beforehand what follows.
    sign_in(
        &b,
        &app,
        "admin@demo.peidai.cn",
        &format!("/city/assessment-rounds/assessments/{id}"),
    )
    .await?;
    let consequence = b.text(".assess-decide .assess-consequence").await?;
    check(
        consequence.contains("巴特尔") && consequence.contains("异议期"),
        format!("the consequence before the button: {consequence}"),
    )?;
    b.screenshots("assessing-city-confirm").await?;
    b.click(".assess-decide form[action$='/confirm'] button")
        .await?;
    check(
        b.text(".banner").await?.contains("已确认"),
        "confirmed, back on the round",
    )?;
    b.screenshots("assessing-city-round").await?;

    // The mentor objects on his own page.
    sign_in(
        &b,
        &app,
        "bateer@demo.peidai.cn",
        &format!("/mentor/assessments/{id}"),
    )
    .await?;
    b.fill(
        "#f-content",
        "本人全年在岗带徒，部分活动未及时登记，请复核。",
    )
    .await?;
    b.click("#objection button[type=submit]").await?;
    check(
        b.text("#objection").await?.contains("待处理"),
        "the objection is filed",
    )?;

    // The city admin rejects the objection with a reason.
    sign_in(
        &b,
        &app,
        "admin@demo.peidai.cn",
        "/city/assessment-rounds/objections",
    )
    .await?;
    b.screenshots("assessing-objections").await?;
    b.click(".rows .row__title").await?;
    check(
        b.text("main").await?.contains("请复核"),
        "the objection's reason is shown",
    )?;
    b.tick("input[name=outcome][value=rejected]").await?;
    b.fill("#f-reason", "经核实，全年活动记录不足，维持不合格等次。")
        .await?;
    b.screenshots("assessing-objection").await?;
    b.click("#decide button[type=submit]").await?;
    check(
        b.path().await? == "/city/assessment-rounds/objections",
        "decided, back to the list",
    )?;

    // The window passes; the revocation job runs (as the city admin, through the API).
    app.set_time(at + chrono::Duration::days(60));
    let city = app.login("admin@demo.peidai.cn", PASSWORD).await;
    let run = app
        .request(
            "POST",
            "/api/v1/admin/jobs/revoke_unqualified/run",
            Some(&city),
            None,
        )
        .await;
    check(
        run.status == 200,
        format!("the job: {} {}", run.status, run.body),
    )?;
    actix_web::rt::time::sleep(Duration::from_millis(100)).await;

    // 巴特尔 shows as revoked among the consequences carried out.
    sign_in(
        &b,
        &app,
        "admin@demo.peidai.cn",
        "/city/assessment-rounds/revocations",
    )
    .await?;
    let done = b.text(".assess-revoked").await?;
    check(
        done.contains("巴特尔") && done.contains("已取消资格"),
        format!("revoked: {done}"),
    )?;
    b.screenshots("assessing-revocations").await?;

    // The pool register lists him as revoked, and the dashboard counts one active mentor less.
    b.open(&format!("{}/city/pool?status=revoked", app.base))
        .await?;
    let pool = b.text("main table tbody").await?;
    check(
        pool.contains("巴特尔") && pool.contains("已取消资格"),
        format!("the pool's revoked: {pool}"),
    )?;
    b.screenshots("assessing-pool-revoked").await?;
    b.open(&format!("{}/city", app.base)).await?;
    let active_after = active_mentors(&b).await?;
    // The demo's other unqualified grade ran out of its window too: count through the API.
    let listed = app
        .get("/api/v1/mentors?status=active&per_page=1", Some(&city))
        .await;
    let active_listed = listed.body["total"].as_i64().ok_or("a total")?;
    check(
        active_after < active_before && active_after == active_listed,
        format!(
            "active mentors on the dashboard: {active_before} before, {active_after} after, \
             {active_listed} listed by the API"
        ),
    )?;
    b.screenshots("assessing-dashboard-after").await?;
    Ok(())
}

/// The city dashboard's figure of active mentors, on the page open in `b`.
async fn active_mentors(b: &Browser) -> Result<i64, Failed> {
    let figure = b.text("[data-figure='active-mentors']").await?;
    figure
        .trim()
        .parse()
        .map_err(|e| format!("active mentors {figure:?}: {e}").into())
}
