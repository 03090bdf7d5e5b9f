//! Jobs: run records, the admin API, the timers, readiness and metrics.

use chrono::Duration;
use serde_json::json;

use peidai::domain::role::Role;
use peidai::jobs::JobName;

use crate::helpers::{spawn, spawn_with_smtp, start_time};
use crate::smtp_sink::SmtpSink;

#[actix_web::test]
async fn city_admins_list_jobs_trigger_a_run_and_page_through_its_record() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let jobs = app.get("/api/v1/admin/jobs", Some(&city)).await;
    assert_eq!(jobs.status, 200);
    let names: Vec<&str> = jobs.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "send_emails",
            "purge_expired_tokens",
            "selection_reminders",
            "expire_appointments",
            "complete_cycles",
            "mentoring_reminders",
            "assessment_reminders",
            "revoke_unqualified",
            "benefit_reminders",
            "city_admin_reminders",
            "city_admin_digest"
        ]
    );
    assert_eq!(jobs.body["items"][0]["schedule"], "0 * * * * *");
    assert_eq!(
        jobs.body["items"][0]["scheduled"], false,
        "the test configuration switches timers off"
    );

    let run = app
        .request(
            "POST",
            "/api/v1/admin/jobs/purge_expired_tokens/run",
            Some(&city),
            None,
        )
        .await;
    assert_eq!(run.status, 200, "{}", run.body);
    assert_eq!(run.body["status"], "succeeded");
    assert_eq!(run.body["trigger"], "manual");
    assert_eq!(run.body["counts"]["deleted"], 0);
    let runs = app
        .get("/api/v1/admin/jobs/purge_expired_tokens/runs", Some(&city))
        .await;
    assert_eq!(runs.body["total"], 1);
    assert_eq!(runs.body["items"][0]["id"], run.body["id"]);
    let listed = app.get("/api/v1/admin/jobs", Some(&city)).await;
    assert_eq!(listed.body["items"][1]["last_run"]["id"], run.body["id"]);

    assert_eq!(
        app.request("POST", "/api/v1/admin/jobs/nope/run", Some(&city), None)
            .await
            .status,
        404
    );
    assert_eq!(
        app.get("/api/v1/admin/jobs/nope/runs", Some(&city))
            .await
            .status,
        404
    );
    let (_, unit_admin) = app.make_user("ua@test.cn", &[Role::UnitAdmin], None).await;
    assert_eq!(
        app.get("/api/v1/admin/jobs", Some(&unit_admin))
            .await
            .status,
        403
    );
}

#[actix_web::test]
async fn purge_deletes_tokens_a_week_after_they_expired_or_were_used() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let unit = app.create_unit(&city, "赤峰学院", "college").await;
    let res = app
        .post(
            "/api/v1/users",
            Some(&city),
            json!({ "email": "slow@test.cn", "name": "慢", "roles": ["mentee"], "unit_id": unit.0 }),
        )
        .await;
    assert_eq!(res.status, 201);
    let first = app.run_job(JobName::PurgeExpiredTokens).await;
    assert_eq!(first.counts["deleted"], 0, "a live invitation stays");
    app.set_time(start_time() + Duration::days(7) + Duration::days(7) + Duration::hours(1));
    let later = app.run_job(JobName::PurgeExpiredTokens).await;
    assert_eq!(later.counts["deleted"], 1);
}

#[actix_web::test]
async fn readiness_and_metrics_show_the_outbox() {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let unit = app
        .create_unit(&city, "松山区", "banner_county_district")
        .await;
    for i in 0..2 {
        let res = app
            .post(
                "/api/v1/users",
                Some(&city),
                json!({ "email": format!("m{i}@test.cn"), "name": "某", "roles": ["mentee"], "unit_id": unit.0 }),
            )
            .await;
        assert_eq!(res.status, 201);
    }
    app.set_time(start_time() + Duration::seconds(90));
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status, 200);
    assert_eq!(ready.body["outbox"]["pending"], 2);
    assert_eq!(ready.body["outbox"]["oldest_pending_age_secs"], 90);
    let metrics = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .body()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&metrics);
    assert!(text.contains("peidai_outbox_pending 2"), "{text}");
    assert!(
        text.contains("peidai_outbox_oldest_pending_age_seconds 90"),
        "{text}"
    );
}

#[actix_web::test]
async fn with_timers_on_an_invitation_is_sent_without_waiting_for_the_next_tick() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(
        sink.port,
        &[
            ("jobs.enabled", "true"),
            ("jobs.send_emails.schedule", "0 0 0 1 1 *"),
            ("jobs.purge_expired_tokens.schedule", ""),
        ],
    )
    .await;
    let (_, city) = app.city_admin().await;
    let unit = app
        .create_unit(&city, "元宝山区", "banner_county_district")
        .await;
    let res = app
        .post(
            "/api/v1/users",
            Some(&city),
            json!({ "email": "prompt@test.cn", "name": "及时", "roles": ["mentee"], "unit_id": unit.0 }),
        )
        .await;
    assert_eq!(res.status, 201);
    // The timer fires once a year; the queued e-mail wakes the sender. Bounded wait for the event.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while sink.received().is_empty() && std::time::Instant::now() < deadline {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(sink.received().len(), 1);
    let (_, admin) = app
        .make_user("watcher@test.cn", &[Role::CityAdmin], None)
        .await;
    let runs = app
        .get("/api/v1/admin/jobs/send_emails/runs", Some(&admin))
        .await;
    assert!(runs.body["total"].as_i64().unwrap() >= 1);
    assert_eq!(runs.body["items"][0]["trigger"], "schedule");
}

#[actix_web::test]
async fn deadline_reminders_go_to_unit_admins_once_per_slot_with_their_draft_counts() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, &[]).await;
    let s = crate::helpers::two_units(&app).await;
    let round = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": "第五届", "year": 2027 }),
        )
        .await;
    let who = app
        .post(
            "/api/v1/users",
            Some(&s.city),
            json!({ "email": "drafted@test.cn", "name": "草稿", "roles": ["mentee"], "unit_id": s.u1.0 }),
        )
        .await;
    let draft = app
        .post(
            &format!("/api/v1/selection-rounds/{}/nominations", round.body["id"]),
            Some(&s.admin1.1),
            json!({ "candidate_id": who.body["id"] }),
        )
        .await;
    assert_eq!(draft.status, 201);
    app.run_job(JobName::SendEmails).await;
    let before = sink.received().len();

    let at = |day: &str| format!("{day}T01:00:00Z").parse().unwrap();
    app.set_time(at("2027-06-22"));
    assert_eq!(
        app.run_job(JobName::SelectionReminders).await.counts["queued"],
        0,
        "8 days before"
    );
    app.set_time(at("2027-06-23"));
    assert_eq!(
        app.run_job(JobName::SelectionReminders).await.counts["queued"],
        2,
        "both unit admins"
    );
    assert_eq!(
        app.run_job(JobName::SelectionReminders).await.counts["queued"],
        0,
        "once per slot"
    );
    app.set_time(at("2027-06-25"));
    assert_eq!(
        app.run_job(JobName::SelectionReminders).await.counts["queued"],
        0
    );
    app.set_time(at("2027-06-29"));
    assert_eq!(
        app.run_job(JobName::SelectionReminders).await.counts["queued"],
        2,
        "the 1-day slot"
    );
    app.set_time(at("2027-07-01"));
    assert_eq!(
        app.run_job(JobName::SelectionReminders).await.counts["queued"],
        0,
        "after the deadline"
    );

    app.run_job(JobName::SendEmails).await;
    let mails: Vec<_> = sink.received().into_iter().skip(before).collect();
    assert_eq!(mails.len(), 4);
    let to_admin1: Vec<String> = mails
        .iter()
        .filter(|m| m.rcpt_to[0] == "admin1@test.cn")
        .map(|m| m.parsed().body_text(0).unwrap().into_owned())
        .collect();
    assert_eq!(to_admin1.len(), 2);
    assert!(
        to_admin1[0].contains("还剩 7 天") && to_admin1[0].contains("1 份草稿"),
        "{}",
        to_admin1[0]
    );
    assert!(to_admin1[1].contains("还剩 1 天"), "{}", to_admin1[1]);
}
