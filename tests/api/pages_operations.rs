//! The pages: the city admin's operations pages (the outbox, the jobs, the audit log).

use peidai::demo::DemoLogin;
use peidai::domain::role::Role;
use peidai::jobs::JobName;
use serde_json::json;

use crate::demo::{DEMO_PASSWORD, demo_app};
use crate::helpers::{PASSWORD, TestApp, spawn_with_smtp};
use crate::page_checks::assert_page;
use crate::smtp_sink::{Mode, SmtpSink};
use crate::web_client::WebClient;

/// A browser speaking `lang`, signed in as `email` with `password`.
async fn signed_in<'a>(
    app: &'a TestApp,
    email: &str,
    password: &str,
    lang: &'static str,
) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.get(&format!("/language?lang={lang}")).await;
    web.sign_in(email, password).await;
    web
}

fn login_with(logins: &[DemoLogin], role: Role) -> &DemoLogin {
    logins
        .iter()
        .find(|l| l.roles == [role])
        .unwrap_or_else(|| panic!("the demo has a {role:?} login"))
}

#[actix_web::test]
async fn every_operations_page_answers_in_both_languages_for_the_city_admin_over_the_demo() {
    let (app, logins) = demo_app().await;
    let city = login_with(&logins, Role::CityAdmin);
    let first = app.outbox().last().expect("the demo has e-mails").id;
    for lang in ["zh-CN", "en"] {
        let mut web = signed_in(&app, &city.email, DEMO_PASSWORD, lang).await;
        for path in [
            "/city/operations".to_owned(),
            "/city/operations/outbox".to_owned(),
            "/city/operations/outbox?status=pending&recipient=demo&page=99".to_owned(),
            "/city/operations/outbox?status=nonsense&template=nonsense".to_owned(),
            format!("/city/operations/outbox/{first}"),
            "/city/operations/jobs".to_owned(),
            "/city/operations/jobs/send_emails".to_owned(),
            "/city/operations/audit".to_owned(),
            "/city/operations/audit?action=benefit.decide&object_type=benefit".to_owned(),
        ] {
            let page = web.get(&path).await;
            assert_page(&page, &path, lang);
        }
        let outbox = web.get("/city/operations/outbox").await;
        let total = app.outbox().len();
        let words = if lang == "en" {
            format!("{total} in all")
        } else {
            format!("共 {total} 条")
        };
        assert!(outbox.html.contains(&words), "the outbox shows its total");
        let message = web.get(&format!("/city/operations/outbox/{first}")).await;
        assert!(
            message.html.contains("class=\"ops-mail\""),
            "a message shows what it said"
        );
        assert!(
            !message.html.contains("token="),
            "no sign-in token is shown"
        );
    }
}

#[actix_web::test]
async fn other_roles_get_the_403_page_and_an_unknown_message_or_job_the_404_page() {
    let (app, logins) = demo_app().await;
    let unit = login_with(&logins, Role::UnitAdmin);
    let mut web = signed_in(&app, &unit.email, DEMO_PASSWORD, "zh-CN").await;
    for path in [
        "/city/operations",
        "/city/operations/outbox",
        "/city/operations/jobs",
        "/city/operations/audit",
    ] {
        assert_eq!(web.get(path).await.status, 403, "{path}");
    }
    let city = login_with(&logins, Role::CityAdmin);
    let mut web = signed_in(&app, &city.email, DEMO_PASSWORD, "zh-CN").await;
    assert_eq!(web.get("/city/operations/outbox/999999").await.status, 404);
    assert_eq!(
        web.get("/city/operations/jobs/no_such_job").await.status,
        404
    );
}

/// An app whose SMTP server refuses every message, a city admin, and one dead e-mail.
async fn one_dead_email() -> (TestApp, SmtpSink, String, i64) {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    sink.set_mode(Mode::Reject);
    let (_, city) = app.make_user("ops@test.cn", &[Role::CityAdmin], None).await;
    let unit = app
        .post(
            "/api/v1/units",
            Some(&city),
            json!({ "name": "测试单位", "kind": "college" }),
        )
        .await;
    let res = app
        .post(
            "/api/v1/users",
            Some(&city),
            json!({ "email": "refused@test.cn", "name": "陈晨", "roles": ["mentee"], "unit_id": unit.body["id"], "locale": "zh-CN" }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    app.run_job(JobName::SendEmails).await;
    let dead = app
        .outbox()
        .into_iter()
        .find(|r| r.recipient_email == "refused@test.cn")
        .expect("the invitation is in the outbox");
    assert_eq!(dead.status, "dead");
    (app, sink, city, dead.id.0)
}

#[actix_web::test]
async fn retrying_a_dead_email_from_its_page_puts_it_back_in_the_queue() {
    let (app, _sink, token, id) = one_dead_email().await;
    let mut web = signed_in(&app, "ops@test.cn", PASSWORD, "zh-CN").await;
    let list = web.get("/city/operations/outbox?status=dead").await;
    assert_page(&list, "dead", "zh-CN");
    assert!(list.html.contains("refused@test.cn"));
    assert!(list.html.contains(&format!("/city/operations/outbox/{id}")));
    let found = web
        .get("/city/operations/outbox?recipient=refused&template=invitation")
        .await;
    assert!(found.html.contains("refused@test.cn") && found.html.contains("共 1 条"));
    let none = web.get("/city/operations/outbox?recipient=nobody").await;
    assert_page(&none, "none", "zh-CN");
    assert!(
        none.html.contains("没有符合筛选条件的邮件"),
        "an empty state"
    );
    let page = web.get(&format!("/city/operations/outbox/{id}")).await;
    assert_page(&page, "message", "zh-CN");
    assert!(
        page.html.contains("重新发送后") && page.html.contains("refused@test.cn"),
        "the page says what a retry does"
    );
    assert!(
        !page.html.contains("token=") && page.html.contains("〔链接已隐去〕"),
        "the invitation's link and its token are hidden"
    );
    let done = web
        .post(
            &format!("/city/operations/outbox/{id}/retry"),
            &[("csrf", &page.csrf())],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.html);
    assert_eq!(
        done.location(),
        format!("/city/operations/outbox/{id}?done=retried")
    );
    let listed = app
        .get("/api/v1/admin/emails?status=pending", Some(&token))
        .await;
    assert_eq!(listed.body["items"][0]["id"], id);
    assert_eq!(listed.body["items"][0]["attempts"], 0);
    // A second retry is refused on the page, not a 500.
    let again = web
        .post(
            &format!("/city/operations/outbox/{id}/retry"),
            &[("csrf", &page.csrf())],
        )
        .await;
    assert_eq!(again.status, 409);
    assert!(again.banner_error().is_some());
    // Without the form's token nothing happens.
    let forged = web
        .post(&format!("/city/operations/outbox/{id}/retry"), &[])
        .await;
    assert_ne!(forged.status, 303);
}

#[actix_web::test]
async fn running_a_job_from_the_page_records_a_run_and_ends_with_its_summary() {
    let (app, _sink, token, _) = one_dead_email().await;
    let mut web = signed_in(&app, "ops@test.cn", PASSWORD, "zh-CN").await;
    let jobs = web.get("/city/operations/jobs").await;
    assert_page(&jobs, "jobs", "zh-CN");
    assert!(
        jobs.html.contains("立即运行将："),
        "the button says what it does"
    );
    let before = app
        .get("/api/v1/admin/jobs/purge_expired_tokens/runs", Some(&token))
        .await;
    assert_eq!(before.body["total"], 0);
    let started = web
        .post(
            "/city/operations/jobs/purge_expired_tokens/run",
            &[("csrf", &jobs.csrf())],
        )
        .await;
    assert_eq!(started.status, 303, "{}", started.html);
    let location = started.location().to_owned();
    assert!(location.starts_with("/city/operations/jobs/purge_expired_tokens?since="));
    let mut finished = false;
    for _ in 0..50 {
        let runs = app
            .get("/api/v1/admin/jobs/purge_expired_tokens/runs", Some(&token))
            .await;
        if runs.body["total"] == 1 && !runs.body["items"][0]["finished_at"].is_null() {
            finished = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(finished, "the run was recorded and ended");
    let page = web.get(&location).await;
    assert_page(&page, "run", "zh-CN");
    assert!(page.html.contains("运行已完成"), "{}", page.html);
    assert!(
        page.headers.get("refresh").is_none(),
        "an ended run does not refresh"
    );
    assert!(
        !page.html.contains("http-equiv"),
        "one mechanism: the header"
    );
    // A run asked for and not yet recorded shows its progress and refreshes itself.
    let waiting = web
        .get("/city/operations/jobs/purge_expired_tokens?since=2099-01-01T00:00:00Z")
        .await;
    assert_page(&waiting, "waiting", "zh-CN");
    assert_eq!(
        waiting.headers.get("refresh").and_then(|v| v.to_str().ok()),
        Some("2"),
        "the page reloads itself by the Refresh header"
    );
    assert!(!waiting.html.contains("http-equiv"), "and by nothing else");
    assert!(waiting.html.contains("正在运行"));
}

#[actix_web::test]
async fn a_bad_audit_filter_says_why_beside_its_field_in_chinese() {
    let (app, _sink, _, _) = one_dead_email().await;
    let mut web = signed_in(&app, "ops@test.cn", PASSWORD, "zh-CN").await;
    let page = web
        .get("/city/operations/audit?from=yesterday&actor=someone")
        .await;
    assert_eq!(page.status, 422);
    assert_eq!(
        page.field_error("from").as_deref(),
        Some("请按 年-月-日 填写日期")
    );
    assert_eq!(
        page.field_error("actor"),
        None,
        "a name is a search, not a mistake"
    );
    assert_eq!(page.input_value("from").as_deref(), Some("yesterday"));
    assert_eq!(page.input_value("actor").as_deref(), Some("someone"));
    let ok = web
        .get("/city/operations/audit?action=user.create&from=2020-01-01")
        .await;
    assert_page(&ok, "audit", "zh-CN");
    assert!(ok.html.contains("新建用户"), "the action is shown in words");
}
