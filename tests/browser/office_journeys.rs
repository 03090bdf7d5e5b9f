//! Journeys: every role's area over the demo city. For one demo login of each role, the browser
//! signs in through `/login`, reads the area's links from the navigation and opens each of them,
//! saving `demo-<role>-<page>` screenshots at both sizes (none may scroll sideways on a phone).
//! These are the pictures to look at after a change to any page, and the README's come from here.

use fantoccini::Locator;
use libtest_mimic::Failed;

use peidai::demo::{DemoLogin, Seeded};
use peidai::domain::role::Role;

use crate::chrome::{Browser, Journey, check};
use crate::helpers::spawn_with;

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[(
    "every_area_of_every_role_over_the_demo_city_at_both_sizes",
    |b| Box::pin(every_area(b)),
)];

/// The demo's password (as `serve --demo` prints it).
const DEMO_PASSWORD: &str = "peidai-demo-2026";

/// A file-name part for a page's path: `/unit/people` → `unit-people`.
fn slug(path: &str) -> String {
    path.trim_matches('/').replace(['/', '?', '=', '&'], "-")
}

async fn every_area(b: Browser) -> Result<(), Failed> {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "1000"),
        ("auth.login_attempts_per_account_per_minute", "100"),
    ])
    .await;
    let at = app.state.clock.now();
    let Seeded::Created(logins) = peidai::demo::seed_at(&app.state, DEMO_PASSWORD, at)
        .await
        .map_err(|e| format!("demo seed: {e:#}"))?
    else {
        return Err("the demo was not created on an empty database".into());
    };
    for role in Role::ALL {
        let Some(login) = logins.iter().find(|l| l.roles == [role]) else {
            return Err(format!("no demo login holds only the role {}", role.as_str()).into());
        };
        walk_area(&b, &app.base, login, role).await?;
    }
    Ok(())
}

/// Signs `login` in, opens every link of the area's navigation and signs out.
async fn walk_area(b: &Browser, base: &str, login: &DemoLogin, role: Role) -> Result<(), Failed> {
    b.open(&format!("{base}/login")).await?;
    b.fill("#f-email", &login.email).await?;
    b.fill("#f-password", DEMO_PASSWORD).await?;
    b.click("button[type=submit]").await?;
    let landed = b.path().await?;
    check(
        landed == "/home",
        format!("{}: signed in to {landed}", login.email),
    )?;
    let mut hrefs = Vec::new();
    for link in b
        .client
        .find_all(Locator::Css(".areanav__link"))
        .await
        .map_err(|e| format!("area links: {e}"))?
    {
        if let Some(href) = link.attr("href").await.map_err(|e| format!("href: {e}"))? {
            hrefs.push(href);
        }
    }
    check(
        !hrefs.is_empty(),
        format!("{}: the area has links", role.as_str()),
    )?;
    for href in hrefs {
        b.open(&format!("{base}{href}")).await?;
        let path = b.path().await?;
        check(path == href, format!("{href} led to {path}"))?;
        check(
            b.has("main h1").await? && !b.has(".card--error").await?,
            format!("{href}: a page with a heading, not an error page"),
        )?;
        b.screenshots(&format!("demo-{}-{}", role.as_str(), slug(&href)))
            .await?;
    }
    b.click("form[action='/logout'] button").await?;
    Ok(())
}
