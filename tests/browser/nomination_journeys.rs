//! Journeys: a unit admin nominates and a reviewer scores, over the demo city. 红山区's admin
//! fills a nomination for a candidate with too few years in the city, sees the reason appear
//! beside the field as she types, fixes it, uploads a certificate and submits; the city admin
//! (through the API) appoints a reviewer and moves the round into review; the reviewer opens the
//! nomination and scores it.

use std::time::{Duration, Instant};

use libtest_mimic::Failed;
use serde_json::json;

use crate::chrome::{Browser, Journey, check};
use crate::fixtures::ok;
use crate::helpers::spawn_with;

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[(
    "a_unit_admin_sees_the_eligibility_reason_as_she_types_fixes_it_uploads_and_submits_then_a_reviewer_scores_it",
    |b| Box::pin(nominate_and_score(b)),
)];

/// The demo's password.
const DEMO_PASSWORD: &str = "peidai-demo-2026";

/// The smallest file the evidence service takes for a PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// Sets a date input as the date picker does, and tells the page it changed.
async fn pick_date(b: &Browser, id: &str, day: &str) -> Result<(), Failed> {
    b.script(&format!(
        "var el = document.getElementById('{id}'); el.value = '{day}'; \
         el.dispatchEvent(new Event('input', {{ bubbles: true }})); \
         el.dispatchEvent(new Event('change', {{ bubbles: true }})); return null;"
    ))
    .await?;
    Ok(())
}

/// Waits until `css` matches (or, with `present == false`, no longer matches).
async fn wait_for(b: &Browser, css: &str, present: bool) -> Result<(), Failed> {
    let started = Instant::now();
    loop {
        if b.has(css).await? == present {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(10) {
            return Err(format!(
                "{css} never {}",
                if present { "appeared" } else { "went away" }
            )
            .into());
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn sign_in(b: &Browser, base: &str, path: &str, email: &str) -> Result<(), Failed> {
    b.open(&format!("{base}{path}")).await?;
    check(b.path().await? == "/login", "sign in first")?;
    b.fill("#f-email", email).await?;
    b.fill("#f-password", DEMO_PASSWORD).await?;
    b.click("button[type=submit]").await?;
    check(b.path().await? == path, format!("back to {path}"))
}

async fn nominate_and_score(b: Browser) -> Result<(), Failed> {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "1000"),
        ("auth.login_attempts_per_account_per_minute", "100"),
    ])
    .await;
    let at = app.state.clock.now();
    peidai::demo::seed_at(&app.state, DEMO_PASSWORD, at)
        .await
        .map_err(|e| format!("demo: {e}"))?;
    let base = app.base.clone();

    // 红山区's admin opens the list, then a new form.
    sign_in(
        &b,
        &base,
        "/unit/nominations",
        "hongshan.admin@demo.peidai.cn",
    )
    .await?;
    check(
        b.text("main").await?.contains("贾明"),
        "the demo's nomination of 贾明 is listed",
    )?;
    b.screenshots("nominations-list").await?;
    b.click("a[href='/unit/nominations/new']").await?;
    b.fill("#f-name", "乌兰").await?;
    b.fill("#f-email", "wu.lan@demo.peidai.cn").await?;
    b.tick("#f-category option[value=professional_technical]")
        .await?;
    b.tick("#f-education option[value=master]").await?;
    b.tick("#f-title_level option[value=associate_senior]")
        .await?;
    pick_date(&b, "f-birth_date", "1983-04-12").await?;
    // Started in the city two years ago: the reason appears beside the field as she types.
    pick_date(&b, "f-city_work_start_date", "2024-09-01").await?;
    b.fill("#f-specialty", "草原生态修复").await?;
    wait_for(&b, "#f-city_work_start_date-error", true).await?;
    let said = b.text("#f-city_work_start_date-error").await?;
    check(said.contains("不满 3 年"), format!("the reason: {said}"))?;
    b.screenshots("nominations-form-ineligible").await?;
    // Fixed: the reason goes away.
    pick_date(&b, "f-city_work_start_date", "2012-09-01").await?;
    wait_for(&b, "#f-city_work_start_date-error", false).await?;
    b.fill(
        "#f-achievements",
        "主持自治区级草原生态修复项目两项，培养基层技术骨干二十余人。",
    )
    .await?;
    b.fill("#f-unit_opinion", "同意推荐。").await?;
    b.click("button[value=save]").await?;
    check(
        b.path().await?.starts_with("/unit/nominations/"),
        "the draft's page",
    )?;

    // A certificate, then the submission.
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("硕士学位证书.pdf");
    std::fs::write(&file, PDF).map_err(|e| e.to_string())?;
    b.upload("#f-files", &file).await?;
    b.click("#files button[type=submit]").await?;
    check(
        b.text("#files").await?.contains("硕士学位证书.pdf"),
        "the file is listed",
    )?;
    b.screenshots("nominations-draft-with-file").await?;
    b.click("button[value=submit]").await?;
    let main = b.text("main").await?;
    check(main.contains("已提交"), format!("submitted: {main}"))?;
    b.screenshots("nominations-submitted").await?;
    let nomination_path = b.path().await?;
    let id = nomination_path
        .trim_start_matches("/unit/nominations/")
        .to_owned();

    // The city admin appoints the reviewer and moves the round into review.
    let city = app.login("admin@demo.peidai.cn", DEMO_PASSWORD).await;
    let rounds = app
        .get("/api/v1/selection-rounds?status=open", Some(&city))
        .await;
    ok(&rounds, 200, "rounds")?;
    let round = rounds.body["items"][0]["id"].clone();
    let users = app
        .get("/api/v1/users?role=reviewer&per_page=100", Some(&city))
        .await;
    ok(&users, 200, "reviewers")?;
    let reviewer = users.body["items"]
        .as_array()
        .and_then(|a| a.iter().find(|u| u["email"] == "reviewer@demo.peidai.cn"))
        .map(|u| u["id"].clone())
        .ok_or("the demo reviewer")?;
    let assigned = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/reviewers"),
            Some(&city),
            json!({ "reviewer_id": reviewer, "categories": ["professional_technical"] }),
        )
        .await;
    ok(&assigned, 200, "assign")?;
    let advanced = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/advance"),
            Some(&city),
            json!({ "to": "reviewing" }),
        )
        .await;
    ok(&advanced, 200, "advance")?;

    // The reviewer opens it and scores it.
    b.client
        .delete_all_cookies()
        .await
        .map_err(|e| format!("cookies: {e}"))?;
    sign_in(&b, &base, "/review", "reviewer@demo.peidai.cn").await?;
    let list = b.text("main").await?;
    check(list.contains("乌兰"), format!("assigned: {list}"))?;
    b.screenshots("review-list").await?;
    b.click(&format!("a.row__title[href='/review/{id}']"))
        .await?;
    check(
        b.text("main").await?.contains("硕士学位证书.pdf"),
        "the evidence is there",
    )?;
    b.fill("#f-score", "88").await?;
    b.tick("input[name=recommendation][value=recommend]")
        .await?;
    b.fill("#f-comment", "业绩突出，带动作用明显。").await?;
    b.screenshots("review-form").await?;
    b.click("#score button[type=submit]").await?;
    let score = b.text("#score").await?;
    check(
        score.contains("88") && score.contains("评审阶段结束前仍可修改"),
        format!("the score: {score}"),
    )?;
    b.screenshots("review-scored").await?;
    Ok(())
}
