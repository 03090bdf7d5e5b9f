//! Journeys: the unit admin's and the city admin's dashboards over the demo city, in Chromium at
//! an office's 1366×768 and a phone's 390×844 (the screenshots are looked at, and neither size
//! may scroll sideways).

use libtest_mimic::Failed;

use crate::chrome::{Browser, Journey, check};
use crate::helpers::{TestApp, spawn};

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[(
    "the_unit_and_city_admins_read_their_dashboards_with_charts_in_both_languages",
    |b| Box::pin(dashboards(b)),
)];

const PASSWORD: &str = "peidai-demo-2026";

async fn demo() -> Result<TestApp, Failed> {
    let app = spawn().await;
    let at = app.state.clock.now();
    peidai::demo::seed_at(&app.state, PASSWORD, at)
        .await
        .map_err(|e| e.to_string())?;
    Ok(app)
}

async fn sign_in(b: &Browser, app: &TestApp, email: &str, next: &str) -> Result<(), Failed> {
    b.open(&format!("{}/login?next={next}", app.base)).await?;
    b.fill("#f-email", email).await?;
    b.fill("#f-password", PASSWORD).await?;
    b.click("form.form button[type=submit]").await?;
    check(b.path().await? == next, format!("signed in, {next}"))
}

async fn dashboards(b: Browser) -> Result<(), Failed> {
    let app = demo().await?;

    sign_in(&b, &app, "health.admin@demo.peidai.cn", "/unit").await?;
    let figures = b.text(".dash-figures").await?;
    check(
        figures.contains("在聘导师") && figures.contains("逾期未提交的培养计划"),
        format!("the unit's figures: {figures}"),
    )?;
    b.screenshots("journey-dashboards-1-unit").await?;
    b.open(&format!("{}/unit#unit-selection", app.base)).await?;
    let progress = b.text("#assessment-progress").await?;
    check(
        progress.contains("已提交待确认"),
        format!("the round's progress: {progress}"),
    )?;
    b.screenshots("journey-dashboards-1-unit-rounds").await?;
    b.click(".tools__link[hreflang=en]").await?;
    let figures = b.text(".dash-figures").await?;
    check(
        figures.contains("Mentors without a contract"),
        format!("in English: {figures}"),
    )?;
    b.screenshots("journey-dashboards-2-unit-en").await?;
    b.click(".tools__link[hreflang=zh-CN]").await?;
    b.click("form[action='/logout'] button").await?;

    sign_in(&b, &app, "admin@demo.peidai.cn", "/city").await?;
    let charts = b
        .script("return document.querySelectorAll('svg.chart[role=img] > title').length;")
        .await?;
    check(
        charts.as_i64() == Some(7),
        format!("seven charts: {charts}"),
    )?;
    let tables = b
        .script("return document.querySelectorAll('table.dash-table').length;")
        .await?;
    check(
        tables.as_i64() == Some(7),
        format!("a table per chart: {tables}"),
    )?;
    b.screenshots("journey-dashboards-3-city").await?;
    b.open(&format!("{}/city#chart-activities", app.base))
        .await?;
    b.screenshots("journey-dashboards-4-city-activities")
        .await?;
    b.open(&format!("{}/city#chart-grades", app.base)).await?;
    b.screenshots("journey-dashboards-4-city-grades").await?;
    b.click(".tools__link[hreflang=en]").await?;
    let title = b.text("#chart-grades-title").await?;
    check(title == "Grades by year", format!("in English: {title}"))?;
    b.screenshots("journey-dashboards-5-city-en").await?;
    b.open(&format!("{}/city#chart-grades", app.base)).await?;
    b.screenshots("journey-dashboards-6-city-grades-en").await?;
    Ok(())
}
