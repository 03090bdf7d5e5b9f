//! Journeys: the city admin runs a selection round to its close.
//!
//! Over the demo city (a round open for nominations, with 贾明's nomination handed in by 红山区):
//! the city admin appoints the demo's reviewer and starts the review in the pages; the reviewer
//! scores through the API; the city admin decides in the pages, publishes the notice, which
//! anyone reads logged out, and closes the round once the notice is over, seeing the
//! certificate numbers.

use libtest_mimic::Failed;
use serde_json::{Value, json};

use crate::chrome::{Browser, Journey, check};
use crate::fixtures::ok;
use crate::helpers::{TestApp, spawn_with};

/// Every journey of this file, by the name the runner shows.
pub const ALL: &[(&str, Journey)] = &[(
    "the_city_admin_advances_a_round_to_notice_the_public_reads_it_logged_out_and_the_close_shows_certificates",
    |b| Box::pin(round_to_close(b)),
)];

const PASSWORD: &str = "peidai-demo-2026";
const CITY: &str = "admin@demo.peidai.cn";
const REVIEWER: &str = "reviewer@demo.peidai.cn";
const CANDIDATE: &str = "贾明";

fn items(v: &Value) -> Vec<Value> {
    v["items"].as_array().cloned().unwrap_or_default()
}

/// Signs in through the sign-in page the browser was sent to.
async fn sign_in(b: &Browser, email: &str) -> Result<(), Failed> {
    check(b.path().await? == "/login", "sign in first")?;
    b.fill("#f-email", email).await?;
    b.fill("#f-password", PASSWORD).await?;
    b.click("button[type=submit]").await
}

/// Takes the round's next step from its overview, as the button there says.
async fn advance(b: &Browser, app: &TestApp, round: i64) -> Result<(), Failed> {
    b.open(&format!("{}/city/rounds/{round}", app.base)).await?;
    let consequence = b.text(".advance__consequence").await?;
    check(!consequence.is_empty(), "the step says what it will do")?;
    b.click(".advance button[type=submit]").await?;
    let banner = b.text(".banner").await?;
    check(
        b.path().await? == format!("/city/rounds/{round}") && banner.contains("已推进"),
        format!("advanced: {banner}"),
    )
}

async fn round_to_close(b: Browser) -> Result<(), Failed> {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "1000"),
        ("auth.login_attempts_per_account_per_minute", "100"),
    ])
    .await;
    let at = app.state.clock.now();
    peidai::demo::seed_at(&app.state, PASSWORD, at)
        .await
        .map_err(|e| format!("demo: {e}"))?;
    let city = app.login(CITY, PASSWORD).await;
    let open = app
        .get("/api/v1/selection-rounds?status=open", Some(&city))
        .await;
    ok(&open, 200, "rounds")?;
    let round = items(&open.body)
        .first()
        .and_then(|r| r["id"].as_i64())
        .ok_or("no open round in the demo")?;

    // The city admin signs in and opens the rounds.
    b.open(&format!("{}/city/rounds", app.base)).await?;
    sign_in(&b, CITY).await?;
    check(b.path().await? == "/city/rounds", "back to the rounds")?;
    b.screenshots("rounds-list").await?;
    b.open(&format!("{}/city/rounds/{round}", app.base)).await?;
    let needs = b.text(".needs").await?;
    check(
        needs.contains("专业技术人才"),
        format!("the step names the category without a reviewer: {needs}"),
    )?;
    b.screenshots("rounds-open").await?;

    // A reviewer for the category, then the review starts.
    b.open(&format!("{}/city/rounds/{round}/reviewers", app.base))
        .await?;
    let users = app
        .get(&format!("/api/v1/users?q={REVIEWER}"), Some(&city))
        .await;
    let reviewer = items(&users.body)
        .first()
        .and_then(|u| u["id"].as_i64())
        .ok_or("no demo reviewer")?;
    b.tick(&format!("#f-reviewer_id option[value='{reviewer}']"))
        .await?;
    b.tick("input[name=categories][value=professional_technical]")
        .await?;
    b.click("#assign button[type=submit]").await?;
    check(
        b.text(".banner").await?.contains("已指派"),
        "the reviewer is appointed",
    )?;
    b.screenshots("rounds-reviewers").await?;
    advance(&b, &app, round).await?;

    // The reviewer scores through the API.
    let summary = app
        .get(
            &format!("/api/v1/selection-rounds/{round}/review-summary"),
            Some(&city),
        )
        .await;
    let nid = items(&summary.body)
        .iter()
        .find(|n| n["nomination"]["candidate_name"] == CANDIDATE)
        .and_then(|n| n["nomination"]["id"].as_i64())
        .ok_or("the candidate is not under review")?;
    let rev = app.login(REVIEWER, PASSWORD).await;
    let scored = app
        .request(
            "PUT",
            &format!("/api/v1/reviews/{nid}"),
            Some(&rev),
            Some(json!({ "score": 91, "recommendation": "recommend", "comment": "教研成果突出，带教经验丰富" })),
        )
        .await;
    ok(&scored, 200, "score")?;

    // The decision, with the exception (one score of the three required).
    b.open(&format!("{}/city/rounds/{round}/review", app.base))
        .await?;
    let item = format!("#n{nid}");
    check(
        b.text(&item).await?.contains("91"),
        "the summary shows the score",
    )?;
    b.tick(&format!("{item} details.decide > summary")).await?;
    b.tick(&format!(
        "{item} select[name=decision] option[value=approved]"
    ))
    .await?;
    b.fill(
        &format!("{item} textarea[name=reason]"),
        "评审意见一致推荐，符合选拔条件",
    )
    .await?;
    b.fill(
        &format!("{item} textarea[name=score_exception_reason]"),
        "其余评审专家与候选人同单位，已回避",
    )
    .await?;
    b.screenshots("rounds-review-deciding").await?;
    b.click(&format!("{item} form button[type=submit]")).await?;
    check(
        b.text(".banner").await?.contains("已记录评审决定"),
        "the decision is recorded",
    )?;
    b.screenshots("rounds-review").await?;

    // The notice starts.
    advance(&b, &app, round).await?;
    b.screenshots("rounds-on-notice").await?;

    // Logged out, anyone reads it.
    b.click(".tools__button").await?;
    b.open(&format!("{}/notice", app.base)).await?;
    check(b.path().await? == "/notice", "the notices, logged out")?;
    b.click(&format!("a[href='/notice/{round}']")).await?;
    let table = b.text(".notice-table").await?;
    check(
        table.contains(CANDIDATE) && table.contains("专业技术人才"),
        format!("the candidate on notice: {table}"),
    )?;
    check(
        !b.text("main").await?.contains("jia.ming@"),
        "no e-mail on the notice",
    )?;
    b.screenshots("notice-public").await?;

    // After the notice, the city admin closes the round and sees the certificate numbers.
    // (Signing out ended every session of the account, the API's too.)
    let city = app.login(CITY, PASSWORD).await;
    let r = app
        .get(&format!("/api/v1/selection-rounds/{round}"), Some(&city))
        .await;
    let last: chrono::NaiveDate = r.body["notice_ends_on"]
        .as_str()
        .and_then(|d| d.parse().ok())
        .ok_or("no notice end")?;
    app.set_time(
        (last + chrono::Days::new(1))
            .and_hms_opt(2, 0, 0)
            .ok_or("a time")?
            .and_utc(),
    );
    b.open(&format!("{}/city/rounds/{round}", app.base)).await?;
    sign_in(&b, CITY).await?;
    advance(&b, &app, round).await?;
    let city = app.login(CITY, PASSWORD).await;
    let pool = app
        .get(&format!("/api/v1/mentors?round_id={round}"), Some(&city))
        .await;
    let certificate = items(&pool.body)
        .first()
        .and_then(|m| m["certificate_no"].as_str().map(str::to_owned))
        .ok_or("nobody appointed")?;
    let appointments = b.text("#appointments").await?;
    check(
        appointments.contains(&certificate) && appointments.contains(CANDIDATE),
        format!("the certificate number {certificate}: {appointments}"),
    )?;
    b.screenshots("rounds-closed").await?;
    b.open(&format!("{}/city/pool", app.base)).await?;
    check(
        b.text(".rtable").await?.contains(&certificate),
        "the pool lists the appointment",
    )?;
    b.screenshots("rounds-pool").await?;
    Ok(())
}
