//! The mentoring reminders: who is reminded of what, when, and only once per period.

use std::collections::BTreeMap;

use serde_json::json;

use peidai::jobs::JobName;

use crate::contracts::{mentees, mentor};
use crate::helpers::{PASSWORD, TestApp, spawn, two_units};

/// Mentoring reminders queued so far, counted by kind.
fn kinds(app: &TestApp) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for row in app
        .outbox()
        .iter()
        .filter(|r| r.template == "mentoring_reminder")
    {
        let data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
        *out.entry(data["data"]["reminder"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    out
}

async fn run_at(app: &TestApp, day: &str) -> i64 {
    app.set_time(format!("{day}T02:30:00Z").parse().unwrap());
    app.run_job(JobName::MentoringReminders).await.counts["queued"]
        .as_i64()
        .unwrap()
}

#[actix_web::test]
async fn reminders_follow_the_contract_through_its_cycle_once_per_period() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "r", s.u1, 5).await;
    let list: Vec<_> = ids.iter().map(|id| json!({ "user_id": id })).collect();
    let k = app
        .post(
            "/api/v1/contracts",
            Some(&m),
            json!({ "start_date": "2026-11-21", "mentees": list }),
        )
        .await
        .body["id"]
        .clone();
    app.request(
        "POST",
        &format!("/api/v1/contracts/{k}/request-signatures"),
        Some(&m),
        None,
    )
    .await;

    assert_eq!(
        run_at(&app, "2026-11-21").await,
        6,
        "every party waits to sign"
    );
    assert_eq!(
        run_at(&app, "2026-11-21").await,
        0,
        "once per contract version"
    );
    for t in &tokens {
        app.request(
            "POST",
            &format!("/api/v1/contracts/{k}/sign"),
            Some(t),
            None,
        )
        .await;
    }
    let active = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{k}/sign"),
            Some(&m),
            None,
        )
        .await;
    assert_eq!(active.body["status"], "active");

    assert_eq!(
        run_at(&app, "2026-12-20").await,
        0,
        "29 days after activation"
    );
    assert_eq!(
        run_at(&app, "2026-12-21").await,
        5,
        "30 days: every mentee without a plan"
    );
    assert_eq!(run_at(&app, "2026-12-27").await, 0, "the same week");

    let mentee0 = app.login("r0@test.cn", PASSWORD).await;
    let plan = app
        .request(
            "PUT",
            &format!("/api/v1/contracts/{k}/plan"),
            Some(&mentee0),
            Some(json!({ "goals": "成长为技术骨干", "milestones": [{ "year": 2027, "milestone": "独立完成项目", "evidence": "项目验收" }] })),
        )
        .await;
    let plan_id = plan.body["id"].clone();
    app.request(
        "POST",
        &format!("/api/v1/plans/{plan_id}/submit"),
        Some(&mentee0),
        None,
    )
    .await;
    assert_eq!(
        run_at(&app, "2026-12-28").await,
        4,
        "week two: the four without a handed-in plan"
    );
    assert_eq!(
        run_at(&app, "2027-01-05").await,
        5,
        "week three, and the plan waits more than 7 days"
    );
    assert_eq!(kinds(&app)["plan_review_overdue"], 1);

    let mentor_token = app.login("mentor@test.cn", PASSWORD).await;
    app.post(
        &format!("/api/v1/plans/{plan_id}/review"),
        Some(&mentor_token),
        json!({ "decision": "returned", "comment": "目标再具体些" }),
    )
    .await;
    assert_eq!(run_at(&app, "2027-01-06").await, 1, "the returned plan");
    assert_eq!(kinds(&app)["plan_returned"], 1);

    assert_eq!(
        run_at(&app, "2027-01-19").await,
        0,
        "59 quiet days; weekly plan reminders stop after four"
    );
    assert_eq!(
        run_at(&app, "2027-01-20").await,
        1,
        "60 days without an activity"
    );
    assert_eq!(kinds(&app)["no_activity"], 1);
    assert_eq!(
        kinds(&app)["plan_not_submitted"],
        5 + 4 + 4,
        "weeks one to three; this test skipped week four's run, and the rule stops after four weeks"
    );

    // The cycle ends on 2028-11-20: the 90-day reminder, then the 30-day one; the last quarter
    // of 2028 finds every indicator behind.
    assert!(run_at(&app, "2028-08-22").await >= 1);
    assert_eq!(kinds(&app)["cycle_ending"], 1);
    run_at(&app, "2028-10-21").await;
    assert_eq!(kinds(&app)["cycle_ending"], 2);
    assert_eq!(kinds(&app)["behind_target"], 1);
    run_at(&app, "2028-10-22").await;
    assert_eq!(kinds(&app)["cycle_ending"], 2, "each slot once");
    assert_eq!(kinds(&app)["behind_target"], 1, "once a year");
}

#[actix_web::test]
async fn behind_target_counts_the_years_activities_but_not_disputed_ones() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "b", s.u1, 5).await;
    let k = crate::contracts::active_from(&app, &m, &ids, &tokens, "2026-11-01").await;
    app.set_time("2027-12-31T02:30:00Z".parse().unwrap());
    let m = app.login("mentor@test.cn", PASSWORD).await;
    let disputer = app.login("b1@test.cn", PASSWORD).await;
    let log = format!("/api/v1/contracts/{k}/activities");
    let activity =
        |kind: &str, held_on: &str, who: i64| crate::assessments::activity(kind, held_on, &[who]);
    // Last year's lecture does not count for this year.
    for (kind, day, who) in [
        ("lecture", "2026-12-01", ids[0]),
        ("lecture", "2027-03-01", ids[0]),
        ("lecture", "2027-04-01", ids[1]),
        ("technical_tutoring", "2027-05-01", ids[2]),
    ] {
        let out = app.post(&log, Some(&m), activity(kind, day, who)).await;
        assert_eq!(out.status, 201, "{}", out.body);
        if day == "2027-04-01" {
            let id = out.body["id"].clone();
            let answer = app
                .post(
                    &format!("/api/v1/activities/{id}/attendance"),
                    Some(&disputer),
                    json!({ "status": "disputed", "note": "当天未参加" }),
                )
                .await;
            assert_eq!(answer.status, 200, "{}", answer.body);
        }
    }

    run_at(&app, "2027-12-31").await;
    let behind: Vec<String> = app
        .outbox()
        .iter()
        .filter(|r| r.template == "mentoring_reminder")
        .filter_map(|r| {
            let data: serde_json::Value = serde_json::from_str(&r.data).unwrap();
            (data["data"]["reminder"] == "behind_target")
                .then(|| data["data"]["detail"].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(
        behind,
        vec![
            "专题讲座 1/2；技术辅导 1/4；培训授课 0/1；组织学术、技术、经验交流 0/2；带领参与科研项目或岗位实践 0/1"
        ],
        "one lecture this year counts; the disputed one and last year's do not"
    );
}
