//! Journeys: the city admin's benefits and operations pages. Over the demo city, with an SMTP
//! server that refuses every message (so that the outbox has dead e-mails), the city admin
//! decides a bus card application, retries a dead e-mail, runs a job and reads the audit log.

use libtest_mimic::Failed;

use peidai::domain::role::Role;
use peidai::jobs::JobName;

use crate::chrome::{Browser, Journey, check};
use crate::helpers::spawn_with_smtp;
use crate::smtp_sink::{Mode, SmtpSink};

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[(
    "the_city_admin_decides_a_bus_card_application_retries_a_dead_email_and_runs_a_job",
    |b| Box::pin(benefits_and_operations(b)),
)];

/// The demo's password in this journey.
const DEMO_PASSWORD: &str = "peidai-demo-2026";

async fn benefits_and_operations(b: Browser) -> Result<(), Failed> {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(
        sink.port,
        &[
            ("auth.login_attempts_per_ip_per_minute", "1000"),
            ("auth.login_attempts_per_account_per_minute", "100"),
        ],
    )
    .await;
    sink.set_mode(Mode::Reject);
    let at = app.state.clock.now();
    let peidai::demo::Seeded::Created(logins) =
        peidai::demo::seed_at(&app.state, DEMO_PASSWORD, at)
            .await
            .map_err(|e| format!("demo: {e}"))?
    else {
        return Err("the demo was not created".into());
    };
    app.run_job(JobName::SendEmails).await;
    let city = logins
        .iter()
        .find(|l| l.roles == [Role::CityAdmin])
        .ok_or("a city admin")?;

    b.open(&format!("{}/city/benefits", app.base)).await?;
    check(b.path().await? == "/login", "sign in first")?;
    b.fill("#f-email", &city.email).await?;
    b.fill("#f-password", DEMO_PASSWORD).await?;
    b.click("button[type=submit]").await?;
    b.open(&format!("{}/city/benefits", app.base)).await?;
    b.screenshots("journey-benefits-city").await?;
    b.open(&format!("{}/city/benefits/bus_card", app.base))
        .await?;
    b.screenshots("journey-benefits-bus-card").await?;
    b.click("#waiting a.row__title").await?;
    check(
        b.path().await?.starts_with("/city/benefits/items/"),
        "the application's page",
    )?;
    b.screenshots("journey-benefits-application").await?;
    // Declining without a reason is refused beside the field.
    b.tick("#f-outcome option[value=declined]").await?;
    b.click("#decide button[type=submit]").await?;
    check(
        b.text("#f-reason-error").await?.contains("理由"),
        "a decline needs its reason",
    )?;
    b.screenshots("journey-benefits-decline-refused").await?;
    b.tick("#f-outcome option[value=approved]").await?;
    b.click("#decide button[type=submit]").await?;
    check(
        b.text(".banner").await?.contains("已批准"),
        "the approval is confirmed",
    )?;
    b.screenshots("journey-benefits-approved").await?;
    b.fill("#f-card_number", "RC-0476-0101").await?;
    b.click("#issue button[type=submit]").await?;
    check(
        b.text(".banner").await?.contains("已发放"),
        "the card is issued",
    )?;

    b.open(&format!("{}/city/benefits/health_check", app.base))
        .await?;
    b.screenshots("journey-benefits-health-check").await?;

    b.open(&format!("{}/city/operations", app.base)).await?;
    b.screenshots("journey-operations").await?;
    b.open(&format!("{}/city/operations/outbox?status=dead", app.base))
        .await?;
    b.screenshots("journey-operations-outbox-dead").await?;
    b.click(".ops-table tbody a").await?;
    b.screenshots("journey-operations-message").await?;
    b.click(".ops-confirm button[type=submit]").await?;
    check(
        b.text(".banner").await?.contains("待发送队列"),
        "the e-mail is back in the queue",
    )?;
    b.screenshots("journey-operations-retried").await?;

    b.open(&format!("{}/city/operations/jobs", app.base))
        .await?;
    b.screenshots("journey-operations-jobs").await?;
    b.open(&format!(
        "{}/city/operations/jobs/purge_expired_tokens",
        app.base
    ))
    .await?;
    b.click(".ops-run button[type=submit]").await?;
    for _ in 0..30 {
        if b.has(".ops-watch .banner").await? {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        b.open(&format!(
            "{}{}",
            app.base,
            b.script("return location.pathname + location.search")
                .await?
                .as_str()
                .unwrap_or("/city/operations/jobs")
        ))
        .await?;
    }
    check(
        b.text(".ops-watch").await?.contains("运行已完成"),
        "the run ends with its summary",
    )?;
    b.screenshots("journey-operations-run").await?;
    b.open(&format!("{}/city/operations/audit", app.base))
        .await?;
    b.screenshots("journey-operations-audit").await?;
    Ok(())
}
