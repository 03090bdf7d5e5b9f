//! The city admin's reminders: the daily e-mail of objection windows passed and revocations
//! carried out, and the weekly digest; once per admin and period, only with something to tell,
//! each admin in their language.

use serde_json::json;

use peidai::domain::ids::UserId;
use peidai::domain::role::Role;
use peidai::jobs::JobName;

use crate::assessments::{assessment_of, at, grade_and_confirm, open_2027, spawn, travel};
use crate::benefits::rendered_to;
use crate::helpers::{PASSWORD, TestApp, TwoUnits, two_units};
use crate::journey::{Appointed, appoint_through_round};

/// A second city admin, who reads English.
async fn english_city_admin(app: &TestApp, s: &TwoUnits) -> UserId {
    let id = app.insert_user("city.en@test.cn", &[Role::CityAdmin], None);
    let r = app
        .patch(
            &format!("/api/v1/users/{}", id.0),
            Some(&s.city),
            json!({ "locale": "en" }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    id
}

/// Three mentors appointed through a round: two of unit 1 graded unqualified for 2027 (window
/// until 2027-12-25), the second of whom objects; one of unit 2 not yet assessed.
async fn program(app: &TestApp, s: &mut TwoUnits) -> Vec<Appointed> {
    let (u1, u2) = (s.u1, s.u2);
    let (mentors, _) = appoint_through_round(
        app,
        s,
        2027,
        &[
            ("quiet@test.cn", u1),
            ("objects@test.cn", u1),
            ("later@test.cn", u2),
        ],
    )
    .await;
    travel(app, "2027-12-10T01:00:00Z", s).await;
    let round = open_2027(app, &s.city, json!({})).await;
    for m in &mentors[..2] {
        let id = assessment_of(app, &s.city, &round, m.user).await;
        grade_and_confirm(app, s, id, "unqualified", "全年未开展培带活动").await;
    }
    let objects = app.login(&mentors[1].email, PASSWORD).await;
    let id = assessment_of(app, &s.city, &round, mentors[1].user).await;
    let filed = app
        .post(
            &format!("/api/v1/assessments/{id}/objection"),
            Some(&objects),
            json!({ "content": "活动记录未计入" }),
        )
        .await;
    assert_eq!(filed.status, 201, "{}", filed.body);
    mentors
}

fn user_id(app: &TestApp, email: &str) -> UserId {
    use diesel::prelude::*;
    use peidai::db::schema::users as u;
    let mut conn = app.db().get().unwrap();
    UserId(
        u::table
            .filter(u::email.eq(email))
            .select(u::id)
            .first(&mut *conn)
            .unwrap(),
    )
}

fn queued(run: &peidai::db::job_runs::JobRun) -> i64 {
    assert_eq!(run.status, "succeeded", "{:?}", run.error);
    run.counts["queued"].as_i64().unwrap()
}

#[actix_web::test]
async fn city_admins_are_told_daily_of_windows_passed_and_revocations_once_each() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let english = english_city_admin(&app, &s).await;
    let mentors = program(&app, &mut s).await;

    // The window's last day: nothing has passed yet.
    app.set_time(at("2027-12-25T01:40:00Z"));
    assert_eq!(queued(&app.run_job(JobName::CityAdminReminders).await), 0);

    // 00:30 in the city on the 26th: the revocation; 09:40: the reminder.
    app.set_time(at("2027-12-25T16:30:00Z"));
    let revoked = app.run_job(JobName::RevokeUnqualified).await;
    assert_eq!(revoked.counts["revoked"], 1, "{:?}", revoked.counts);
    app.set_time(at("2027-12-26T01:40:00Z"));
    assert_eq!(
        queued(&app.run_job(JobName::CityAdminReminders).await),
        2,
        "one e-mail to each city admin"
    );
    assert_eq!(
        queued(&app.run_job(JobName::CityAdminReminders).await),
        0,
        "once a day"
    );
    let city = user_id(&app, "city.admin@test.cn");
    let zh = rendered_to(&app, "city_admin_reminder", city);
    assert_eq!(zh.len(), 1);
    println!("{}", zh[0]);
    let quiet = format!(
        "测试 {}（红山区）2027 年度，异议期至 2027-12-25：已取消资格",
        mentors[0].email
    );
    assert!(zh[0].contains(&quiet), "{}", zh[0]);
    let objects = format!(
        "测试 {}（红山区）2027 年度，异议期至 2027-12-25：有异议待您处理",
        mentors[1].email
    );
    assert!(zh[0].contains(&objects), "{}", zh[0]);
    assert!(zh[0].contains("已取消以下培带人的资格"), "{}", zh[0]);
    assert!(zh[0].contains("，2027-12-26"), "{}", zh[0]);
    assert!(
        !zh[0].contains(&mentors[2].email),
        "not assessed: not listed"
    );
    let en = rendered_to(&app, "city_admin_reminder", english);
    assert!(
        en[0].starts_with("[Talent mentor program] 2 objection windows passed, 1 mentor revoked"),
        "{}",
        en[0]
    );
    assert!(
        en[0].contains("an objection awaits your decision"),
        "{}",
        en[0]
    );

    // The next days: nothing new, nothing sent.
    for day in ["2027-12-27T01:40:00Z", "2027-12-28T01:40:00Z"] {
        app.set_time(at(day));
        assert_eq!(
            queued(&app.run_job(JobName::CityAdminReminders).await),
            0,
            "{day}"
        );
    }
}

#[actix_web::test]
async fn the_weekly_digest_tells_what_waits_once_a_week_and_nothing_when_all_is_quiet() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    travel(&app, "2026-11-23T00:00:00Z", &mut s).await;
    assert_eq!(
        queued(&app.run_job(JobName::CityAdminDigest).await),
        0,
        "nothing waits: no digest"
    );
    let english = english_city_admin(&app, &s).await;
    let r = app
        .patch(
            &format!("/api/v1/units/{}", s.u2.0),
            Some(&s.city),
            json!({ "district": "松山区" }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mentors = program(&app, &mut s).await;
    travel(&app, "2027-12-25T16:30:00Z", &mut s).await;
    app.run_job(JobName::RevokeUnqualified).await;
    let later = app.login(&mentors[2].email, PASSWORD).await;
    let applied = app
        .post(
            "/api/v1/benefit-applications",
            Some(&later),
            json!({ "kind": "bus_card" }),
        )
        .await;
    assert_eq!(applied.status, 201, "{}", applied.body);
    let next = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": "2028年度人才培带人选拔", "year": 2028 }),
        )
        .await;
    assert_eq!(next.status, 201, "{}", next.body);
    {
        use diesel::prelude::*;
        use peidai::db::schema::email_outbox as o;
        let mut conn = app.db().get().unwrap();
        let first: i64 = o::table
            .order(o::id.asc())
            .select(o::id)
            .first(&mut *conn)
            .unwrap();
        diesel::update(o::table.find(first))
            .set(o::status.eq("dead"))
            .execute(&mut *conn)
            .unwrap();
    }

    // Monday 2027-12-27, 08:00 in the city.
    app.set_time(at("2027-12-27T00:00:00Z"));
    app.run_job(JobName::BenefitReminders).await;
    assert_eq!(queued(&app.run_job(JobName::CityAdminDigest).await), 2);
    app.set_time(at("2027-12-29T00:00:00Z"));
    assert_eq!(
        queued(&app.run_job(JobName::CityAdminDigest).await),
        0,
        "once a week"
    );
    let city = user_id(&app, "city.admin@test.cn");
    let zh = rendered_to(&app, "city_admin_digest", city);
    assert_eq!(zh.len(), 1);
    println!("{}", zh[0]);
    for line in [
        "【人才培带人】本周待办概览（2027-W52）",
        "- 2028年度人才培带人选拔：征集推荐中，截止 2028-06-30",
        "- 2027 年度，考核期 2027-12-01 至 2027-12-31，尚未提交 1 人（松山区 1）",
        "待处理的异议：公示异议 0 件，考核异议 1 件。",
        "近 7 天取消资格的培带人：",
        "待审批的待遇申请 1 项：人才公交IC卡 1。",
        "有 1 封邮件无法投递",
    ] {
        assert!(zh[0].contains(line), "{line}:\n{}", zh[0]);
    }
    assert!(
        zh[0].contains(&mentors[0].email),
        "the revocation: {}",
        zh[0]
    );
    let en = rendered_to(&app, "city_admin_digest", english);
    assert!(
        en[0].contains("Benefit applications waiting for a decision: 1 (talent bus card 1)."),
        "{}",
        en[0]
    );
    assert!(
        rendered_to(&app, "benefit_digest", city).is_empty(),
        "the digest carries the applications; no separate benefit digest"
    );

    app.set_time(at("2028-01-03T00:00:00Z"));
    assert_eq!(
        queued(&app.run_job(JobName::CityAdminDigest).await),
        2,
        "the next week's"
    );
}
