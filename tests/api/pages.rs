//! The web pages, server side: every page of this part renders in both languages (a value missing
//! from a view model is a render error, so a 200 proves there was none); a form without its own
//! CSRF token is refused and changes nothing; a session ends exactly when API tokens do; sign-in
//! gives one answer for an unknown account and a wrong password.

use serde_json::json;

use peidai::domain::ids::UserId;
use peidai::domain::role::Role;
use peidai::jobs::JobName;

use crate::helpers::{PASSWORD, TestApp, spawn, spawn_with, spawn_with_smtp};
use crate::page_checks::assert_page;
use crate::smtp_sink::SmtpSink;
use crate::web_client::{Page, WebClient};

/// The path and query of the first link to `path` in the last e-mail `to` received.
fn link_in_mail(sink: &SmtpSink, to: &str, path: &str) -> String {
    let mail = sink
        .received()
        .into_iter()
        .rev()
        .find(|m| m.rcpt_to.iter().any(|r| r.contains(to)))
        .unwrap_or_else(|| panic!("no e-mail to {to}"));
    let text = mail.parsed().body_text(0).unwrap().into_owned();
    let start = text
        .find(path)
        .unwrap_or_else(|| panic!("no {path} link in: {text}"));
    text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

/// Invites a mentee through the API (as a fresh city admin) and delivers the e-mail; gives the
/// new user's id, the city admin's token, and the invitation link's path and query.
async fn invite(app: &TestApp, sink: &SmtpSink, email: &str) -> (UserId, String, String) {
    let (_, city) = app.city_admin().await;
    let unit = app
        .create_unit(&city, "红山区", "banner_county_district")
        .await;
    let res = app
        .post(
            "/api/v1/users",
            Some(&city),
            json!({ "email": email, "name": "陈晨", "roles": ["mentee"], "unit_id": unit.0, "locale": "zh-CN" }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    app.run_job(JobName::SendEmails).await;
    let id = UserId(res.body["id"].as_i64().unwrap());
    (
        id,
        city,
        link_in_mail(sink, email, "/accept-invitation?token="),
    )
}

/// The status the API reports for a user.
async fn status_of(app: &TestApp, admin: &str, id: UserId) -> String {
    let res = app.get(&format!("/api/v1/users/{id}"), Some(admin)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body["status"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn every_page_of_the_first_part_renders_in_both_languages() {
    let app = spawn().await;
    let unit = {
        let (_, city) = app.city_admin().await;
        app.create_unit(&city, "红山区", "banner_county_district")
            .await
    };
    let people = [
        ("both@test.cn", vec![Role::Mentee, Role::Mentor], Some(unit)),
        ("unit@test.cn", vec![Role::UnitAdmin], Some(unit)),
        ("reviewer@test.cn", vec![Role::Reviewer], None),
        ("city2@test.cn", vec![Role::CityAdmin], None),
    ];
    for (email, roles, unit) in &people {
        app.insert_user(email, roles, *unit);
    }
    for (lang, hello, today) in [
        ("zh-CN", "您好，", "2026年11月21日"),
        ("en", "Hello, ", "2026-11-21"),
    ] {
        let mut web = WebClient::new(&app).speaking(lang);
        for path in [
            "/login",
            "/login?notice=signed_out",
            "/login?notice=reset",
            "/login?next=%2Fhome",
            "/forgot-password",
            "/forgot-password?sent=1",
            "/reset-password?token=abc",
            "/reset-password",
            "/accept-invitation?token=abc",
            "/accept-invitation",
        ] {
            assert_page(&web.get(path).await, path, lang);
        }
        let missing = web.get("/no-such-page").await;
        assert_eq!(missing.status, 404);
        assert!(missing.html.contains(&format!("<html lang=\"{lang}\">")));
        let request_id = missing.header("x-request-id");
        assert!(
            missing.html.contains(request_id),
            "the 404 page names its request id"
        );
        let refused = web.post("/login", &[("email", "x@test.cn")]).await;
        assert_eq!(refused.status, 403);
        assert!(refused.html.contains(&format!("<html lang=\"{lang}\">")));

        for (email, roles, _) in &people {
            let mut web = WebClient::new(&app).speaking(lang);
            // Their accounts say Chinese, which sign-in keeps unless the reader chose.
            web.get(&format!("/language?lang={lang}")).await;
            web.sign_in(email, PASSWORD).await;
            let home = web.get("/home").await;
            assert_page(&home, "/home", lang);
            // Each role's home is its area's first page; all but the reviewer's list greet.
            assert!(
                roles == &[Role::Reviewer]
                    || home.html.contains(hello) && home.html.contains(today),
                "{email}"
            );
            assert!(
                home.html.contains("aria-current=\"page\""),
                "{email}: /home marks its area's first link"
            );
            assert_eq!(
                home.html.contains("class=\"roles\""),
                roles.len() > 1,
                "{email}"
            );
            for role in roles {
                let path = format!("/home?role={role}");
                let page = web.get(&path).await;
                assert_page(&page, &path, lang);
                assert!(
                    page.html
                        .contains(&format!("href=\"/home?role={role}\" aria-current=\"page\""))
                        || roles.len() == 1,
                    "{path} marks the role it acts in"
                );
            }
        }
    }

    // Signing in keeps the account's language when the reader has not chosen one.
    let mut web = WebClient::new(&app).speaking("en");
    web.sign_in("reviewer@test.cn", PASSWORD).await;
    assert_page(&web.get("/home").await, "/home", "zh-CN");

    // The switch on every page outranks Accept-Language, and comes back to the page.
    let mut web = WebClient::new(&app).speaking("zh-CN");
    let switched = web.get("/language?lang=en&next=%2Fforgot-password").await;
    assert_eq!(switched.status, 303);
    assert_eq!(switched.location(), "/forgot-password");
    assert_page(&web.get("/forgot-password").await, "/forgot-password", "en");
    let away = web
        .get("/language?lang=zh-CN&next=https%3A%2F%2Fevil.example")
        .await;
    assert_eq!(
        away.location(),
        "/home",
        "only a path of this site is followed"
    );
}

#[actix_web::test]
async fn a_form_without_its_own_csrf_token_is_refused_and_changes_nothing() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    let (id, city, link) = invite(&app, &sink, "newcomer@test.cn").await;
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let fields = |csrf: &'static str| {
        vec![
            ("csrf", csrf),
            ("password", PASSWORD),
            ("confirm_password", PASSWORD),
        ]
    };

    let mut newcomer = WebClient::new(&app);
    let form = newcomer.get(&link).await;
    assert_eq!(form.status, 200, "{}", form.html);
    assert_eq!(form.input_value("token").as_deref(), Some(token.as_str()));

    // No token at all.
    let mut no_csrf = fields("");
    no_csrf.push(("token", &token));
    let refused = newcomer.post("/accept-invitation", &no_csrf[1..]).await;
    assert_eq!(refused.status, 403, "{}", refused.html);
    assert!(refused.html.contains("表单已失效"));
    assert_eq!(status_of(&app, &city, id).await, "invited");

    // Another browser's pre-session token, and another signed-in session's token.
    let other_form = WebClient::new(&app).get("/login").await.csrf();
    app.insert_user("someone@test.cn", &[Role::Reviewer], None);
    let mut someone = WebClient::new(&app);
    someone.sign_in("someone@test.cn", PASSWORD).await;
    let other_session = someone.get("/home").await.csrf();
    for foreign in [&other_form, &other_session] {
        let refused = newcomer
            .post(
                "/accept-invitation",
                &[
                    ("csrf", foreign),
                    ("token", &token),
                    ("password", PASSWORD),
                    ("confirm_password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(refused.status, 403);
        assert_eq!(status_of(&app, &city, id).await, "invited");
    }
    assert!(newcomer.get("/home").await.status == 303, "not signed in");

    // A signed-in form (logout) without the session's token leaves the session alone.
    let refused = someone.post("/logout", &[("csrf", &other_form)]).await;
    assert_eq!(refused.status, 403);
    assert_eq!(someone.get("/home").await.status, 200);

    // With its own token the same form works.
    let accepted = newcomer
        .post(
            "/accept-invitation",
            &[
                ("csrf", &form.csrf()),
                ("token", &token),
                ("password", PASSWORD),
                ("confirm_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(accepted.status, 303, "{}", accepted.html);
    assert_eq!(accepted.location(), "/home");
    assert_eq!(status_of(&app, &city, id).await, "active");
    let home = newcomer.get("/home").await;
    assert_eq!(home.status, 200);
    assert!(home.html.contains("陈晨"));
}

async fn sign_in_as(web: &mut WebClient<'_>, csrf: &str, email: &str, password: &str) -> Page {
    web.post(
        "/login",
        &[
            ("csrf", csrf),
            ("email", email),
            ("password", password),
            ("next", ""),
        ],
    )
    .await
}

#[actix_web::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    let app = spawn().await;
    app.insert_user("known@test.cn", &[Role::Reviewer], None);
    let mut web = WebClient::new(&app);
    let csrf = web.get("/login").await.csrf();
    let wrong = sign_in_as(&mut web, &csrf, "known@test.cn", "not the password").await;
    let unknown = sign_in_as(&mut web, &csrf, "nobody@test.cn", "not the password").await;
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.status, 401);
    assert_eq!(wrong.banner_error(), Some("邮箱或密码不正确".to_owned()));
    assert_eq!(wrong.banner_error(), unknown.banner_error());
    assert_eq!(wrong.input_value("email").as_deref(), Some("known@test.cn"));
    assert_eq!(
        wrong.input_value("password").as_deref(),
        Some(""),
        "a password is not sent back"
    );

    let blank = sign_in_as(&mut web, &csrf, "", "").await;
    assert_eq!(blank.status, 422);
    assert_eq!(blank.field_error("email"), Some("请填写此项".to_owned()));
    assert_eq!(blank.field_error("password"), Some("请填写此项".to_owned()));
}

#[actix_web::test]
async fn a_session_ends_on_logout_password_change_deactivation_and_role_change() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let unit = app
        .create_unit(&city, "红山区", "banner_county_district")
        .await;

    // Logout: the old cookie no longer works.
    let id = app.insert_user("leaver@test.cn", &[Role::Mentor], Some(unit));
    let mut web = WebClient::new(&app);
    web.sign_in("leaver@test.cn", PASSWORD).await;
    let home = web.get("/home").await;
    assert_eq!(home.status, 200);
    let old_cookies = web.cookies.clone();
    let out = web.post("/logout", &[("csrf", &home.csrf())]).await;
    assert_eq!(out.status, 303);
    assert_eq!(out.location(), "/login?notice=signed_out");
    assert!(
        !web.cookies.contains_key("peidai_session"),
        "the cookie is forgotten"
    );
    web.cookies = old_cookies;
    let after = web.get("/home").await;
    assert_eq!(after.status, 303, "the old session cookie no longer works");
    assert_eq!(after.location(), "/login?next=%2Fhome");

    // A password change through the API ends the page session.
    let mut web = WebClient::new(&app);
    web.sign_in("leaver@test.cn", PASSWORD).await;
    let token = app.login("leaver@test.cn", PASSWORD).await;
    let changed = app
        .post(
            "/api/v1/auth/password",
            Some(&token),
            json!({ "current_password": PASSWORD, "new_password": "a brand new password" }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(web.get("/home").await.status, 303);

    // Deactivation by an admin ends it too.
    let mut web = WebClient::new(&app);
    web.sign_in("leaver@test.cn", "a brand new password").await;
    assert_eq!(web.get("/home").await.status, 200);
    let off = app
        .request(
            "POST",
            &format!("/api/v1/users/{id}/deactivate"),
            Some(&city),
            None,
        )
        .await;
    assert_eq!(off.status, 200, "{}", off.body);
    assert_eq!(web.get("/home").await.status, 303);

    // So does a change of roles.
    let id = app.insert_user("changer@test.cn", &[Role::Mentor], Some(unit));
    let mut web = WebClient::new(&app);
    web.sign_in("changer@test.cn", PASSWORD).await;
    let changed = app
        .patch(
            &format!("/api/v1/users/{id}"),
            Some(&city),
            json!({ "roles": ["mentor", "mentee"] }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(web.get("/home").await.status, 303);
    web.sign_in("changer@test.cn", PASSWORD).await;
    let home = web.get("/home").await;
    assert!(
        home.html.contains("class=\"roles\""),
        "the new role shows in the switch"
    );
}

#[actix_web::test]
async fn the_e_mail_links_set_a_password_as_they_say() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    let (_, _, link) = invite(&app, &sink, "newcomer@test.cn").await;
    let mut web = WebClient::new(&app);
    let form = web.get(&link).await;
    let token = form.input_value("token").unwrap();
    let csrf = form.csrf();
    let differ = web
        .post(
            "/accept-invitation",
            &[
                ("csrf", &csrf),
                ("token", &token),
                ("password", PASSWORD),
                ("confirm_password", "something else"),
            ],
        )
        .await;
    assert_eq!(differ.status, 422);
    assert_eq!(
        differ.field_error("confirm_password"),
        Some("两次输入的密码不一致".to_owned())
    );
    let short = web
        .post(
            "/accept-invitation",
            &[
                ("csrf", &csrf),
                ("token", &token),
                ("password", "short"),
                ("confirm_password", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, 422);
    assert!(
        short.field_error("password").is_some(),
        "the service's reason is beside the field"
    );
    let ok = web
        .post(
            "/accept-invitation",
            &[
                ("csrf", &csrf),
                ("token", &token),
                ("password", PASSWORD),
                ("confirm_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.html);
    let again = WebClient::new(&app).get(&link).await;
    let mut other = WebClient::new(&app);
    let csrf2 = other.get(&link).await.csrf();
    let used = other
        .post(
            "/accept-invitation",
            &[
                ("csrf", &csrf2),
                ("token", &token),
                ("password", PASSWORD),
                ("confirm_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(again.status, 200);
    assert_eq!(used.status, 410);
    assert_eq!(
        used.banner_error(),
        Some("链接已过期或已使用，请重新申请".to_owned())
    );

    // Forgot password: the same answer for any address; the link sets a new password.
    let mut web = WebClient::new(&app);
    let csrf = web.get("/forgot-password").await.csrf();
    for email in ["nobody@test.cn", "newcomer@test.cn"] {
        let sent = web
            .post("/forgot-password", &[("csrf", &csrf), ("email", email)])
            .await;
        assert_eq!(sent.status, 303);
        assert_eq!(sent.location(), "/forgot-password?sent=1");
    }
    app.run_job(JobName::SendEmails).await;
    let reset = link_in_mail(&sink, "newcomer@test.cn", "/reset-password?token=");
    let form = web.get(&reset).await;
    assert_eq!(form.status, 200);
    let done = web
        .post(
            "/reset-password",
            &[
                ("csrf", &form.csrf()),
                ("token", &form.input_value("token").unwrap()),
                ("password", "a brand new password"),
                ("confirm_password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.html);
    assert_eq!(done.location(), "/login?notice=reset");
    web.sign_in("newcomer@test.cn", "a brand new password")
        .await;
}

#[actix_web::test]
async fn pages_send_their_headers_and_assets_are_cached_for_a_year() {
    let app = spawn_with(&[("email.public_url", "https://peidai.example.cn")]).await;
    let mut web = WebClient::new(&app);
    let root = web.get("/").await;
    assert_eq!((root.status.as_u16(), root.location()), (303, "/login"));
    let login = web.get("/login").await;
    let h = |name: &str| login.header(name).to_owned();
    assert_eq!(h("x-content-type-options"), "nosniff");
    assert!(login.headers.contains_key("referrer-policy"));
    assert_eq!(h("cache-control"), "no-store");
    assert!(
        !login.html.contains("<script>") && !login.html.contains("style=\""),
        "no inline script or style"
    );
    let cookie = h("set-cookie");
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing from {cookie}");
    }
    let at =
        login.html.find("rel=\"stylesheet\" href=\"").unwrap() + "rel=\"stylesheet\" href=\"".len();
    let css = login.html[at..at + login.html[at..].find('"').unwrap()].replace("&#x2f;", "/");
    assert!(
        css.starts_with("/assets/app.") && css.ends_with(".css"),
        "{css}"
    );
    let res = web.get(&css).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), "text/css; charset=utf-8");
    assert_eq!(
        res.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(res.html.contains("PingFang SC"));
    assert_eq!(web.get("/assets/app.0000.css").await.status, 404);

    let api = app.get("/api/v1/no-such-thing", None).await;
    assert_eq!(api.status, 404);
    assert_eq!(
        api.body["error"], "not_found",
        "the API keeps its JSON errors"
    );
    let home = web.get("/home").await;
    assert_eq!(home.location(), "/login?next=%2Fhome");

    // A path whose id does not parse is an unknown page too: the 404 page for the pages, the
    // JSON 404 for the API.
    let notice = web.get("/notice/not-a-number").await;
    assert_eq!(notice.status, 404);
    assert!(notice.html.contains("card--error"), "{}", notice.html);
    let (_, city) = app.city_admin().await;
    let api = app.get("/api/v1/rounds/not-a-number", Some(&city)).await;
    assert_eq!(api.status, 404);
    assert_eq!(api.body["error"], "not_found");
}
