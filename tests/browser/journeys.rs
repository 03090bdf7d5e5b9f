//! The journeys of this part: a new user follows the invitation e-mail's link, sets a password
//! and lands home; a wrong password is refused with the same words as an unknown account; a form
//! without its CSRF token is refused and changes nothing; logout ends the session; and every
//! e-mail template fits a phone.

use libtest_mimic::Failed;
use serde_json::json;

use peidai::auth::account_token::TokenKey;
use peidai::domain::ids::UserId;
use peidai::domain::role::Role;
use peidai::email::catalogue::Email;
use peidai::email::render::Renderer;
use peidai::i18n::Locale;
use peidai::jobs::JobName;

use crate::chrome::{Browser, Journey, check, screenshot_dir};
use crate::helpers::{PASSWORD, TestApp, settings_for, spawn, spawn_with_smtp};
use crate::smtp_sink::{SmtpSink, free_port};

/// Every journey, by the name the runner shows.
pub const ALL: &[(&str, Journey)] = &[
    (
        "a_new_user_follows_the_invitation_email_sets_a_password_and_lands_home",
        |b| Box::pin(invitation(b)),
    ),
    (
        "a_wrong_password_is_refused_with_the_same_words_as_an_unknown_account",
        |b| Box::pin(wrong_password(b)),
    ),
    (
        "a_form_without_its_csrf_token_is_refused_and_changes_nothing",
        |b| Box::pin(csrf_refused(b)),
    ),
    (
        "logout_ends_the_session_and_the_old_cookie_no_longer_works",
        |b| Box::pin(logout(b)),
    ),
    ("every_email_template_fits_a_phone_and_a_desktop", |b| {
        Box::pin(emails(b))
    }),
];

/// The app sending mail to `sink`, on a port chosen first so the e-mails' links point at it.
async fn app_with_mail(sink: &SmtpSink) -> TestApp {
    let port = free_port().to_string();
    let url = format!("http://127.0.0.1:{port}");
    spawn_with_smtp(
        sink.port,
        &[("server.port", &port), ("email.public_url", &url)],
    )
    .await
}

/// Invites 陈晨 as a mentee through the API and delivers the e-mail: `(id, city admin's token)`.
async fn invite(app: &TestApp) -> Result<(UserId, String), Failed> {
    let (_, city) = app.city_admin().await;
    let unit = app
        .create_unit(&city, "红山区", "banner_county_district")
        .await;
    let res = app
        .post(
            "/api/v1/users",
            Some(&city),
            json!({ "email": "chen.chen@test.cn", "name": "陈晨", "roles": ["mentee"], "unit_id": unit.0, "locale": "zh-CN" }),
        )
        .await;
    check(
        res.status == 201,
        format!("invitation refused: {}", res.body),
    )?;
    app.run_job(JobName::SendEmails).await;
    Ok((UserId(res.body["id"].as_i64().unwrap()), city))
}

async fn status_of(app: &TestApp, admin: &str, id: UserId) -> String {
    let res = app.get(&format!("/api/v1/users/{id}"), Some(admin)).await;
    res.body["status"].as_str().unwrap_or_default().to_owned()
}

/// The HTML body of the last e-mail the sink received, saved to a file the browser can open.
fn last_mail_as_file(sink: &SmtpSink, name: &str) -> Result<String, Failed> {
    let mail = sink.received().pop().ok_or("no e-mail arrived")?;
    let html = mail
        .parsed()
        .body_html(0)
        .ok_or("the e-mail has no HTML")?
        .into_owned();
    let path = screenshot_dir().join(format!("{name}.html"));
    std::fs::write(&path, html).map_err(|e| e.to_string())?;
    Ok(format!("file://{}", path.display()))
}

async fn invitation(b: Browser) -> Result<(), Failed> {
    let sink = SmtpSink::start();
    let app = app_with_mail(&sink).await;
    let (id, city) = invite(&app).await?;
    b.open(&last_mail_as_file(&sink, "journey-invitation-email")?)
        .await?;
    b.screenshots("journey-invitation-1-email").await?;
    b.click("a[href*='/accept-invitation?token=']").await?;
    check(
        b.path().await? == "/accept-invitation",
        "the link opens the invitation page",
    )?;
    b.screenshots("journey-invitation-2-form").await?;

    b.fill("#f-password", "秋天的草原 2026").await?;
    b.fill("#f-confirm_password", "秋天的草原 2027").await?;
    b.click("button[type=submit]").await?;
    let differ = b.text("#f-confirm_password-error").await?;
    check(
        differ.contains("两次输入的密码不一致"),
        format!("beside the field: {differ}"),
    )?;
    b.screenshots("journey-invitation-3-mismatch").await?;

    b.fill("#f-password", "秋天的草原 2026").await?;
    b.fill("#f-confirm_password", "秋天的草原 2026").await?;
    b.click("button[type=submit]").await?;
    check(
        b.path().await? == "/home",
        "signed in, the new user lands home",
    )?;
    let title = b.text("h1").await?;
    check(
        title.contains("陈晨"),
        format!("home greets the user: {title}"),
    )?;
    check(
        status_of(&app, &city, id).await == "active",
        "the account is active",
    )?;
    b.screenshots("journey-invitation-4-home").await
}

async fn wrong_password(b: Browser) -> Result<(), Failed> {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let unit = app
        .create_unit(&city, "红山区", "banner_county_district")
        .await;
    app.insert_user("li.ming@test.cn", &[Role::Mentor, Role::Mentee], Some(unit));
    b.open(&format!("{}/", app.base)).await?;
    check(b.path().await? == "/login", "/ sends a visitor to sign in")?;
    b.screenshots("journey-login-1-form").await?;

    let mut answers = Vec::new();
    for email in ["li.ming@test.cn", "nobody@test.cn"] {
        b.fill("#f-email", email).await?;
        b.fill("#f-password", "not the password").await?;
        b.click("button[type=submit]").await?;
        answers.push(b.text(".banner--error").await?);
        let kept = b
            .script("return document.getElementById('f-email').value;")
            .await?;
        check(kept == email, format!("the e-mail is kept: {kept}"))?;
        let cleared = b
            .script("return document.getElementById('f-password').value;")
            .await?;
        check(cleared == "", "the password is not sent back")?;
    }
    check(
        answers[0] == answers[1],
        format!("one answer for both: {answers:?}"),
    )?;
    check(
        answers[0].contains("邮箱或密码不正确"),
        format!("{answers:?}"),
    )?;
    b.screenshots("journey-login-2-refused").await?;

    b.fill("#f-email", "li.ming@test.cn").await?;
    b.fill("#f-password", PASSWORD).await?;
    b.click("button[type=submit]").await?;
    check(b.path().await? == "/home", "the right password signs in")?;
    b.screenshots("journey-login-3-home-mentor").await?;
    b.click("a.roles__tab[href='/home?role=mentee']").await?;
    let current = b.text(".roles__tab[aria-current=page]").await?;
    check(
        current.contains("培带对象"),
        format!("the switch shows the role: {current}"),
    )?;
    b.screenshots("journey-login-4-home-mentee").await?;

    b.open(&format!("{}/language?lang=en&next=%2Fhome", app.base))
        .await?;
    let title = b.text("h1").await?;
    check(
        title.starts_with("Hello"),
        format!("English on request: {title}"),
    )?;
    b.screenshots("journey-login-5-home-english").await
}

async fn csrf_refused(b: Browser) -> Result<(), Failed> {
    let sink = SmtpSink::start();
    let app = app_with_mail(&sink).await;
    let (id, city) = invite(&app).await?;
    b.open(&last_mail_as_file(&sink, "journey-csrf-email")?)
        .await?;
    b.click("a[href*='/accept-invitation?token=']").await?;
    b.script("document.querySelector('input[name=csrf]').remove(); return null;")
        .await?;
    b.fill("#f-password", PASSWORD).await?;
    b.fill("#f-confirm_password", PASSWORD).await?;
    b.click("button[type=submit]").await?;
    let title = b.text("h1").await?;
    check(
        title.contains("表单已失效"),
        format!("the 403 page: {title}"),
    )?;
    let request_id = b.text(".request-id code").await?;
    check(
        !request_id.is_empty(),
        "the error page names its request id",
    )?;
    check(
        status_of(&app, &city, id).await == "invited",
        "nothing changed",
    )?;
    b.screenshots("journey-csrf-refused").await?;
    b.open(&format!("{}/no-such-page", app.base)).await?;
    check(b.text("h1").await?.contains("页面不存在"), "the 404 page")?;
    b.screenshots("page-404").await
}

async fn logout(b: Browser) -> Result<(), Failed> {
    let app = spawn().await;
    app.insert_user("wang.fang@test.cn", &[Role::Reviewer], None);
    b.open(&format!("{}/home", app.base)).await?;
    check(b.path().await? == "/login", "home asks to sign in first")?;
    b.fill("#f-email", "wang.fang@test.cn").await?;
    b.fill("#f-password", PASSWORD).await?;
    b.click("button[type=submit]").await?;
    check(b.path().await? == "/home", "back to the page asked for")?;
    let old = b
        .client
        .get_named_cookie("peidai_session")
        .await
        .map_err(|e| format!("no session cookie: {e}"))?;
    b.click("form[action='/logout'] button").await?;
    check(b.path().await? == "/login", "signed out, the sign-in page")?;
    let notice = b.text(".banner--info").await?;
    check(notice.contains("您已退出登录"), notice)?;
    b.screenshots("journey-logout").await?;
    b.click("a[href='/forgot-password']").await?;
    b.screenshots("page-forgot-password").await?;
    b.fill("#f-email", "wang.fang@test.cn").await?;
    b.click("button[type=submit]").await?;
    let sent = b.text(".banner--info").await?;
    check(sent.contains("重置密码的邮件已经发出"), sent)?;
    b.screenshots("page-forgot-password-sent").await?;

    b.client
        .add_cookie(old)
        .await
        .map_err(|e| format!("cookie: {e}"))?;
    b.open(&format!("{}/home", app.base)).await?;
    check(
        b.path().await? == "/login",
        "the old session cookie no longer works",
    )
}

async fn emails(b: Browser) -> Result<(), Failed> {
    let settings = settings_for("sqlite://unused.db", &[]);
    let renderer = Renderer::new(
        "https://peidai.example.cn",
        TokenKey::new(b"screenshots of the e-mails"),
        settings.jobs.timezone,
    )
    .map_err(|e| e.to_string())?;
    let dir = screenshot_dir().join("emails");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    for email in Email::examples() {
        for locale in [Locale::ZhCn, Locale::En] {
            let rendered = renderer.render(&email, locale).map_err(|e| e.to_string())?;
            let name = format!("email-{}-{}", email.template(), locale.as_str());
            let path = dir.join(format!("{name}.html"));
            std::fs::write(&path, rendered.html).map_err(|e| e.to_string())?;
            b.open(&format!("file://{}", path.display())).await?;
            if locale == Locale::ZhCn {
                b.screenshots(&format!("emails/{name}")).await?;
            } else {
                let overflow = b
                    .script("return document.documentElement.scrollWidth - window.innerWidth;")
                    .await?;
                check(
                    overflow.as_i64().unwrap_or(0) <= 0,
                    format!("{name} scrolls sideways by {overflow} px"),
                )?;
            }
        }
    }
    Ok(())
}
