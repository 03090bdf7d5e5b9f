//! A mentee who leaves an active contract is replaced, and the replacement is bound only by
//! their own signature: pending until they sign (seen by the mentor and the unit admin), asked to
//! sign as every party is at the start, counted among the mentees trained once signed. Starts
//! from a mentor the service appointed through a selection round.

use serde_json::{Value, json};

use peidai::domain::ids::UnitId;
use peidai::jobs::JobName;

use crate::contracts::mentees;
use crate::helpers::{Res, TestApp, spawn, two_units};
use crate::journey::appoint_through_round;

async fn post_empty(app: &TestApp, path: &str, token: &str) -> Res {
    app.request("POST", path, Some(token), None).await
}

/// Signature requests queued for `user` (the job's and the replacement's share one key).
fn signature_requests(app: &TestApp, user: i64) -> usize {
    app.outbox()
        .iter()
        .filter(|r| {
            r.template == "mentoring_reminder"
                && r.recipient_user_id.map(|u| u.0) == Some(user)
                && r.data.contains("signatures_pending")
        })
        .count()
}

fn member(k: &Value, user: i64) -> &Value {
    k["mentees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == json!(user))
        .unwrap_or_else(|| panic!("{user} is not a mentee of {k}"))
}

#[actix_web::test]
async fn a_replacement_is_pending_until_they_sign_and_counts_once_signed() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let u1: UnitId = s.u1;
    let (appointed, _) = appoint_through_round(&app, &mut s, 2027, &[("doctor@test.cn", u1)]).await;
    let mentor = &appointed[0];
    let (ids, tokens) = mentees(&app, "member", u1, 5).await;
    let (fresh, fresh_tokens) = mentees(&app, "fresh", u1, 1).await;

    // The mentor drafts without naming a pool entry: the service knows their own.
    let draft = app
        .post(
            "/api/v1/contracts",
            Some(&mentor.token),
            json!({
                "start_date": app.state.clock.today().to_string(),
                "mentees": ids.iter().map(|id| json!({ "user_id": id })).collect::<Vec<_>>()
            }),
        )
        .await;
    assert_eq!(draft.status, 201, "{}", draft.body);
    assert_eq!(draft.body["mentor_entry_id"], mentor.entry);
    let id = draft.body["id"].as_i64().unwrap();
    let out = post_empty(
        &app,
        &format!("/api/v1/contracts/{id}/request-signatures"),
        &mentor.token,
    )
    .await;
    assert_eq!(out.status, 200, "{}", out.body);
    assert!(
        out.body["mentees"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["signature_pending"] == true)
    );
    for t in &tokens {
        let signed = post_empty(&app, &format!("/api/v1/contracts/{id}/sign"), t).await;
        assert_eq!(signed.status, 200, "{}", signed.body);
    }
    let active = post_empty(&app, &format!("/api/v1/contracts/{id}/sign"), &mentor.token).await;
    assert_eq!(active.body["status"], "active", "{}", active.body);
    assert_eq!(active.body["trained_count"], 5);

    let replaced = app
        .post(
            &format!("/api/v1/contracts/{id}/mentees/{}/leave", ids[1]),
            Some(&s.admin1.1),
            json!({ "reason": "resigned", "note": "调往外地工作",
                    "replacement": { "user_id": fresh[0] } }),
        )
        .await;
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    let joined = member(&replaced.body, fresh[0]);
    assert_eq!(joined["signature_pending"], true, "{joined}");
    assert!(joined["signed_at"].is_null());
    assert_eq!(joined["joined_on"], app.state.clock.today().to_string());
    assert_eq!(
        replaced.body["trained_count"], 5,
        "a replacement counts once signed"
    );
    let left = &replaced.body["former_mentees"][0];
    assert_eq!(left["user_id"], ids[1]);
    assert_eq!(left["leave_reason"], "resigned");
    assert_eq!(left["leave_note"], "调往外地工作");

    // The mentor and the unit admin both see the signature pending.
    for token in [&mentor.token, &s.admin1.1] {
        let seen = app
            .get(&format!("/api/v1/contracts/{id}"), Some(token))
            .await;
        assert_eq!(member(&seen.body, fresh[0])["signature_pending"], true);
    }

    // The replacement is asked to sign at once, and the reminder job does not ask twice.
    assert_eq!(signature_requests(&app, fresh[0]), 1);
    app.run_job(JobName::MentoringReminders).await;
    assert_eq!(signature_requests(&app, fresh[0]), 1);
    assert_eq!(
        signature_requests(&app, ids[0]),
        0,
        "those who signed are not asked"
    );

    // Until they sign, the replacement's attendance is not recorded.
    let activity = |who: i64| {
        json!({ "kind": "lecture", "title": "心血管介入专题讲座",
                "held_on": app.state.clock.today().to_string(), "hours": 2,
                "place": "市医院", "attendee_ids": [ids[0], who] })
    };
    let early = app
        .post(
            &format!("/api/v1/contracts/{id}/activities"),
            Some(&mentor.token),
            activity(fresh[0]),
        )
        .await;
    assert_eq!(
        early.field_code("attendee_ids[1]"),
        Some("signature_pending"),
        "{}",
        early.body
    );

    // Only the replacement signs an active contract, and only once.
    let mentor_again =
        post_empty(&app, &format!("/api/v1/contracts/{id}/sign"), &mentor.token).await;
    assert_eq!(mentor_again.status, 409, "{}", mentor_again.body);
    let signed = post_empty(
        &app,
        &format!("/api/v1/contracts/{id}/sign"),
        &fresh_tokens[0],
    )
    .await;
    assert_eq!(signed.status, 200, "{}", signed.body);
    let joined = member(&signed.body, fresh[0]);
    assert_eq!(joined["signature_pending"], false);
    assert!(joined["signed_at"].is_string());
    assert_eq!(signed.body["trained_count"], 6);
    let logged = app
        .post(
            &format!("/api/v1/contracts/{id}/activities"),
            Some(&mentor.token),
            activity(fresh[0]),
        )
        .await;
    assert_eq!(logged.status, 201, "{}", logged.body);
    let twice = post_empty(
        &app,
        &format!("/api/v1/contracts/{id}/sign"),
        &fresh_tokens[0],
    )
    .await;
    assert_eq!(twice.status, 409, "{}", twice.body);
    let (_, stranger) = app
        .make_user(
            "stranger@test.cn",
            &[peidai::domain::role::Role::Mentee],
            Some(u1),
        )
        .await;
    let refused = post_empty(&app, &format!("/api/v1/contracts/{id}/sign"), &stranger).await;
    assert_eq!(refused.status, 404, "not a party: {}", refused.body);

    // The history: who left, who joined, when and why.
    let history = app
        .get(
            &format!("/api/v1/audit-events?object_type=contract&object_id={id}"),
            Some(&s.city),
        )
        .await;
    let actions: Vec<&str> = history.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"contract.replace_mentee"), "{actions:?}");
    assert_eq!(
        actions.iter().filter(|a| **a == "contract.sign").count(),
        7,
        "six signatures at the start and the replacement's: {actions:?}"
    );
}
