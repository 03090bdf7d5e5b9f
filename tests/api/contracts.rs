//! Contracts: drafting with the policy's indicators, the 1-to-5 and cycle rules, signatures and
//! activation, one active contract per person (also under a race), replacement with history,
//! termination and the end of the cycle.

use serde_json::{Value, json};

use peidai::db::{mentors, nominations, rounds};
use peidai::domain::category::TalentCategory;
use peidai::domain::ids::{UnitId, UserId};
use peidai::domain::role::Role;
use peidai::domain::selection::{FormFields, RoundSettings};
use peidai::jobs::JobName;

use crate::helpers::{PASSWORD, TestApp, TwoUnits, spawn, two_units};

/// An active mentor of `unit` (appointed straight in the pool): `(user, pool entry, token)`.
pub async fn mentor(app: &TestApp, email: &str, unit: UnitId) -> (UserId, i64, String) {
    let (user, token) = app.make_user(email, &[Role::Mentor], Some(unit)).await;
    let entry = appoint(app, user, unit, email);
    (user, entry, token)
}

/// Puts an existing person in the pool as an active mentor; returns the pool entry's id as
/// the API speaks it.
pub fn appoint(app: &TestApp, user: UserId, unit: UnitId, tag: &str) -> i64 {
    appoint_until(app, user, unit, tag, "2029-07-01")
}

/// As [`appoint`], with the term ending on `term_ends_on`.
pub fn appoint_until(
    app: &TestApp,
    user: UserId,
    unit: UnitId,
    tag: &str,
    term_ends_on: &str,
) -> i64 {
    let mut conn = app.db().get().unwrap();
    let now = app.state.clock.now_naive();
    let settings = RoundSettings {
        name: format!("{tag} 的选拔轮次"),
        year: 2026,
        nomination_deadline: "2026-06-30".parse().unwrap(),
        age_reference_date: "2026-06-30".parse().unwrap(),
        birth_date_cutoff: None,
        appointment_term_years: 3,
        min_scores: 3,
        unit_quotas: vec![],
        category_quotas: vec![],
    };
    let round = rounds::insert(&mut conn, &settings, now).unwrap();
    let form = FormFields {
        category: Some(TalentCategory::ProfessionalTechnical),
        ..Default::default()
    };
    let nomination = nominations::insert(&mut conn, round, unit, user, &form, user, now).unwrap();
    mentors::insert(
        &mut conn,
        &mentors::NewMentor {
            user,
            round,
            nomination,
            unit,
            category: TalentCategory::ProfessionalTechnical,
            certificate_no: &format!("TEST-{tag}"),
            appointed_on: "2026-07-01".parse().unwrap(),
            term_ends_on: term_ends_on.parse().unwrap(),
        },
        now,
    )
    .unwrap()
    .0
}

/// Mentees of `unit`: `(ids, tokens)`.
pub async fn mentees(
    app: &TestApp,
    prefix: &str,
    unit: UnitId,
    n: usize,
) -> (Vec<i64>, Vec<String>) {
    let mut ids = Vec::new();
    let mut tokens = Vec::new();
    for i in 0..n {
        let (id, t) = app
            .make_user(&format!("{prefix}{i}@test.cn"), &[Role::Mentee], Some(unit))
            .await;
        ids.push(id.0);
        tokens.push(t);
    }
    (ids, tokens)
}

fn list(ids: &[i64]) -> Value {
    Value::Array(ids.iter().map(|id| json!({ "user_id": id })).collect())
}

async fn draft(app: &TestApp, token: &str, ids: &[i64]) -> crate::helpers::Res {
    draft_from(app, token, ids, "2026-12-01").await
}

async fn draft_from(app: &TestApp, token: &str, ids: &[i64], start: &str) -> crate::helpers::Res {
    app.post(
        "/api/v1/contracts",
        Some(token),
        json!({ "start_date": start, "mentees": list(ids) }),
    )
    .await
}

async fn sign(app: &TestApp, token: &str, id: &Value) -> crate::helpers::Res {
    app.request(
        "POST",
        &format!("/api/v1/contracts/{id}/sign"),
        Some(token),
        None,
    )
    .await
}

/// Drafts, sends out and has every party sign: an active contract's id.
async fn active(app: &TestApp, mentor_token: &str, ids: &[i64], tokens: &[String]) -> Value {
    active_from(app, mentor_token, ids, tokens, "2026-12-01").await
}

/// The same, with the cycle starting on `start`.
pub async fn active_from(
    app: &TestApp,
    mentor_token: &str,
    ids: &[i64],
    tokens: &[String],
    start: &str,
) -> Value {
    let k = draft_from(app, mentor_token, ids, start).await;
    assert_eq!(k.status, 201, "{}", k.body);
    let id = k.body["id"].clone();
    let out = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{id}/request-signatures"),
            Some(mentor_token),
            None,
        )
        .await;
    assert_eq!(out.status, 200, "{}", out.body);
    for t in tokens {
        assert_eq!(sign(app, t, &id).await.status, 200);
    }
    let done = sign(app, mentor_token, &id).await;
    assert_eq!(done.body["status"], "active", "{}", done.body);
    id
}

#[actix_web::test]
async fn a_mentor_drafts_with_the_policy_indicators_and_all_six_signatures_activate_it() {
    let app = spawn().await;
    let s: TwoUnits = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "mentee", s.u1, 5).await;
    let (outsider, _) = mentees(&app, "far", s.u2, 1).await;

    let long = app
        .post(
            "/api/v1/contracts",
            Some(&m),
            json!({ "start_date": "2026-12-01", "cycle_months": 40, "mentees": list(&ids) }),
        )
        .await;
    assert_eq!(long.field_code("cycle_months"), Some("out_of_range"));
    let unjustified = draft(&app, &m, &outsider).await;
    assert_eq!(
        unjustified.field_code("mentees[0].justification"),
        Some("required")
    );

    let four = draft(&app, &m, &ids[..4]).await;
    assert_eq!(four.status, 201, "{}", four.body);
    assert_eq!(four.body["status"], "draft");
    assert_eq!(four.body["cycle_months"], 24);
    assert_eq!(four.body["end_date"], "2028-11-30");
    assert_eq!(
        four.body["indicators"].as_array().unwrap().len(),
        5,
        "the policy's set"
    );
    assert_eq!(four.body["indicators"][0]["kind"], "lecture");
    let id = four.body["id"].clone();
    let short = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{id}/request-signatures"),
            Some(&m),
            None,
        )
        .await;
    assert_eq!(short.field_code("mentees"), Some("wrong_count"));
    let five = app
        .patch(
            &format!("/api/v1/contracts/{id}"),
            Some(&m),
            json!({ "mentees": list(&ids) }),
        )
        .await;
    assert_eq!(five.status, 200, "{}", five.body);
    assert_eq!(five.body["version"], 2);
    let out = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{id}/request-signatures"),
            Some(&m),
            None,
        )
        .await;
    assert_eq!(out.body["status"], "pending_signatures");
    let locked = app
        .patch(
            &format!("/api/v1/contracts/{id}"),
            Some(&m),
            json!({ "cycle_months": 36 }),
        )
        .await;
    assert_eq!(
        locked.status, 409,
        "no change of terms once out for signature"
    );

    let (_, stranger) = app
        .make_user("stranger@test.cn", &[Role::Mentee], Some(s.u1))
        .await;
    assert_eq!(
        sign(&app, &stranger, &id).await.status,
        404,
        "not a party: not even visible"
    );
    for t in &tokens {
        assert_eq!(
            sign(&app, t, &id).await.body["status"],
            "pending_signatures"
        );
    }
    let done = sign(&app, &m, &id).await;
    assert_eq!(done.body["status"], "active");
    assert_eq!(done.body["trained_count"], 5);
    assert_eq!(done.body["mentees"][0]["joined_on"], "2026-11-21");

    assert_eq!(
        app.get(&format!("/api/v1/contracts/{id}"), Some(&s.admin1.1))
            .await
            .status,
        200
    );
    assert_eq!(
        app.get(&format!("/api/v1/contracts/{id}"), Some(&s.admin2.1))
            .await
            .status,
        404
    );
    assert_eq!(
        app.get(&format!("/api/v1/contracts/{id}"), Some(&tokens[0]))
            .await
            .status,
        200
    );
    assert_eq!(
        app.get("/api/v1/contracts", Some(&s.admin2.1)).await.body["total"],
        0
    );
}

#[actix_web::test]
async fn a_person_is_in_one_active_contract_even_when_two_activations_race() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, a) = mentor(&app, "a@test.cn", s.u1).await;
    let (_, _, b) = mentor(&app, "b@test.cn", s.u1).await;
    let (ids_a, tok_a) = mentees(&app, "ma", s.u1, 4).await;
    let (ids_b, tok_b) = mentees(&app, "mb", s.u1, 4).await;
    let (shared, tok_shared) = mentees(&app, "shared", s.u1, 1).await;
    let with = |ids: &[i64]| [ids, &shared[..]].concat();
    let ka = draft(&app, &a, &with(&ids_a)).await.body["id"].clone();
    let kb = draft(&app, &b, &with(&ids_b)).await.body["id"].clone();
    for (k, m) in [(&ka, &a), (&kb, &b)] {
        app.request(
            "POST",
            &format!("/api/v1/contracts/{k}/request-signatures"),
            Some(m),
            None,
        )
        .await;
    }
    for t in tok_a.iter().chain(&tok_b).chain(&tok_shared) {
        sign(&app, t, &ka).await;
        sign(&app, t, &kb).await;
    }
    let (ra, rb) = tokio::join!(sign(&app, &a, &ka), sign(&app, &b, &kb));
    let statuses = [ra.status.as_u16(), rb.status.as_u16()];
    assert!(
        statuses.contains(&200) && statuses.contains(&409),
        "{statuses:?}: {} / {}",
        ra.body,
        rb.body
    );
    let loser = if ra.status == 409 { &ra } else { &rb };
    assert_eq!(loser.body["error"], "already_in_active_contract");
    let mut active = 0;
    for k in [&ka, &kb] {
        if app
            .get(&format!("/api/v1/contracts/{k}"), Some(&s.city))
            .await
            .body["status"]
            == "active"
        {
            active += 1;
        }
    }
    assert_eq!(active, 1);
    let (_, _, c) = mentor(&app, "c@test.cn", s.u1).await;
    let again = draft(&app, &c, &shared).await;
    assert_eq!(
        again.field_code("mentees[0].user_id"),
        Some("already_in_active_contract")
    );
}

#[actix_web::test]
async fn a_mentee_who_leaves_is_replaced_and_the_history_keeps_both() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "member", s.u1, 5).await;
    let (fresh, _) = mentees(&app, "fresh", s.u1, 1).await;
    let id = active(&app, &m, &ids, &tokens).await;
    let res = app
        .post(
            &format!("/api/v1/contracts/{id}/mentees/{}/leave", ids[2]),
            Some(&s.admin1.1),
            json!({ "reason": "resigned", "note": "调往外地", "replacement": { "user_id": fresh[0] } }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body["mentees"].as_array().unwrap().len(), 5);
    assert_eq!(res.body["former_mentees"][0]["user_id"], ids[2]);
    assert_eq!(res.body["former_mentees"][0]["leave_reason"], "resigned");
    assert_eq!(res.body["former_mentees"][0]["left_on"], "2026-11-21");
    assert_eq!(
        res.body["trained_count"], 5,
        "the replacement counts once they have signed"
    );
    let twice = app
        .post(
            &format!("/api/v1/contracts/{id}/mentees/{}/leave", ids[2]),
            Some(&m),
            json!({ "reason": "other", "replacement": { "user_id": ids[0] } }),
        )
        .await;
    assert_eq!(twice.status, 404, "no longer a mentee of the contract");
    let (_, _, other) = mentor(&app, "other@test.cn", s.u1).await;
    let freed = draft(&app, &other, &ids[2..3]).await;
    assert_eq!(
        freed.status, 201,
        "the one who left may join another contract: {}",
        freed.body
    );
}

#[actix_web::test]
async fn the_city_terminates_with_a_reason_and_a_cycle_completes_after_its_last_day() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "mentor@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "t", s.u1, 5).await;
    let id = active(&app, &m, &ids, &tokens).await;
    let no_reason = app
        .post(
            &format!("/api/v1/contracts/{id}/terminate"),
            Some(&s.city),
            json!({ "reason": "" }),
        )
        .await;
    assert_eq!(no_reason.status, 422);
    assert_eq!(
        app.post(
            &format!("/api/v1/contracts/{id}/terminate"),
            Some(&m),
            json!({ "reason": "x" })
        )
        .await
        .status,
        403
    );
    let ended = app
        .post(
            &format!("/api/v1/contracts/{id}/terminate"),
            Some(&s.city),
            json!({ "reason": "培带人调离" }),
        )
        .await;
    assert_eq!(ended.body["status"], "terminated");
    assert_eq!(ended.body["end_reason"], "培带人调离");

    let (_, _, m2) = mentor(&app, "second@test.cn", s.u1).await;
    let (ids2, tokens2) = mentees(&app, "u", s.u1, 5).await;
    let id2 = active(&app, &m2, &ids2, &tokens2).await;
    app.set_time("2028-11-30T02:00:00Z".parse().unwrap());
    assert_eq!(
        app.run_job(JobName::CompleteCycles).await.counts["completed"],
        0,
        "the last day of the cycle"
    );
    app.set_time("2028-12-01T02:00:00Z".parse().unwrap());
    assert_eq!(
        app.run_job(JobName::CompleteCycles).await.counts["completed"],
        1
    );
    assert_eq!(
        app.run_job(JobName::CompleteCycles).await.counts["completed"],
        0
    );
    let city = app.login("city.admin@test.cn", PASSWORD).await;
    assert_eq!(
        app.get(&format!("/api/v1/contracts/{id2}"), Some(&city))
            .await
            .body["status"],
        "completed"
    );
}

#[actix_web::test]
async fn a_cycle_of_24_to_36_months_is_accepted_and_23_or_37_is_not() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (_, _, m) = mentor(&app, "bounds@test.cn", s.u1).await;
    let (ids, _) = mentees(&app, "b", s.u1, 1).await;
    for (months, ok) in [(23, false), (24, true), (36, true), (37, false)] {
        let res = app
            .post(
                "/api/v1/contracts",
                Some(&m),
                json!({ "start_date": "2027-01-01", "cycle_months": months, "mentees": list(&ids) }),
            )
            .await;
        assert_eq!(res.status == 201, ok, "{months} months: {}", res.body);
    }
    let six: Vec<i64> = mentees(&app, "six", s.u1, 6).await.0;
    let too_many = draft(&app, &m, &six).await;
    assert_eq!(too_many.field_code("mentees"), Some("too_many"));
}
