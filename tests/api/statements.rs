//! How many SQL statements the hottest reads run: a mentor's contracts and a contract's progress
//! for a year. A count, not a time, so it holds on a loaded machine; the bounds are what the
//! read paths reach (the authentication's read of the caller included), and a query added to
//! either path fails them.

use serde_json::json;

use crate::contracts::{active_from, mentees, mentor};
use crate::helpers::{TestApp, spawn, two_units};

/// The statements one GET runs, once the work after the answer is done.
async fn statements_of(app: &TestApp, path: &str, token: &str) -> u64 {
    app.state.after_answer.idle().await;
    let before = app.db().statements();
    let res = app.get(path, Some(token)).await;
    assert_eq!(res.status, 200, "{path}: {}", res.body);
    app.state.after_answer.idle().await;
    app.db().statements() - before
}

#[actix_web::test]
async fn a_mentors_contracts_and_a_contracts_progress_run_a_bounded_number_of_statements() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "count", s.u1, 5).await;
    let k = active_from(&app, &m, &ids, &tokens, "2026-11-01").await;
    for day in ["2026-11-02", "2026-11-09", "2026-11-16"] {
        let a = app
            .post(
                &format!("/api/v1/contracts/{k}/activities"),
                Some(&m),
                json!({ "kind": "lecture", "title": "专题讲座", "held_on": day, "hours": 1.5, "attendee_ids": ids }),
            )
            .await;
        assert_eq!(a.status, 201, "{}", a.body);
        app.post(
            &format!("/api/v1/activities/{}/attendance", a.body["id"]),
            Some(&tokens[0]),
            json!({ "status": "confirmed" }),
        )
        .await;
    }

    let plan = json!({
        "goals": "独立承担技术推广项目",
        "milestones": [{ "year": 2026, "milestone": "掌握调控技术", "evidence": "一份调控方案" }],
        "projects": []
    });
    let put = app
        .request(
            "PUT",
            &format!("/api/v1/contracts/{k}/plan"),
            Some(&tokens[0]),
            Some(plan),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.body);
    let p = app
        .get(
            &format!("/api/v1/contracts/{k}/progress?year=2026"),
            Some(&m),
        )
        .await;
    assert_eq!(p.body["activities"], 3, "{}", p.body);
    assert_eq!(p.body["indicators"][0]["done_unconfirmed"], 3.0);
    assert_eq!(p.body["mentees"][0]["confirmed"], 3);
    assert_eq!(p.body["mentees"][0]["plan_status"], "draft");
    assert_eq!(p.body["mentees"][1]["attended"], 3);
    assert_eq!(p.body["mentees"][1]["plan_status"], serde_json::Value::Null);

    // Twice each: the first call may fill the connection's statement cache, the second is the
    // steady state a busy server sees; both stay under the bound.
    for _ in 0..2 {
        let list = statements_of(&app, "/api/v1/contracts", &m).await;
        let progress = statements_of(
            &app,
            &format!("/api/v1/contracts/{k}/progress?year=2026"),
            &m,
        )
        .await;
        println!("statements: a mentor's contracts {list}, a contract's progress {progress}");
        assert!(list > 0 && progress > 0, "the counter counts");
        assert!(list <= 5, "a mentor's contracts ran {list} statements");
        assert!(
            progress <= 7,
            "a contract's progress ran {progress} statements"
        );
    }
}
