//! Journeys: the download buttons beside a list, as a city admin sees them.

use libtest_mimic::Failed;

use crate::chrome::{Browser, Journey, check};
use crate::helpers::{PASSWORD, spawn_with};

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[(
    "the_pool_register_shows_its_download_buttons_with_the_filters_kept",
    |b| Box::pin(pool_buttons(b)),
)];

async fn pool_buttons(b: Browser) -> Result<(), Failed> {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "1000"),
        ("auth.login_attempts_per_account_per_minute", "100"),
    ])
    .await;
    let at = app.state.clock.now();
    peidai::demo::seed_at(&app.state, PASSWORD, at)
        .await
        .map_err(|e| format!("demo: {e}"))?;
    b.open(&format!("{}/city/pool?status=active", app.base))
        .await?;
    check(b.path().await? == "/login", "sign in first")?;
    b.fill("#f-email", "admin@demo.peidai.cn").await?;
    b.fill("#f-password", PASSWORD).await?;
    b.click("button[type=submit]").await?;
    check(b.path().await? == "/city/pool", "back to the pool")?;
    let buttons = b.text(".exports").await?;
    check(
        buttons.contains("导出") && buttons.contains("XLSX") && buttons.contains("CSV"),
        buttons,
    )?;
    b.screenshots("journey-exports-pool").await
}
