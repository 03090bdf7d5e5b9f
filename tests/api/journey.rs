//! The service's own path to an appointed mentor, for tests of the rules that follow an
//! appointment: a selection round run through the API (nominations, a committee of three
//! reviewers from a unit of their own, scores, decisions, public notice, closing), so that a
//! mentor under test is one the service appointed itself, never a row inserted by hand.

use chrono::Duration;
use serde_json::{Value, json};

use peidai::domain::ids::{UnitId, UserId};
use peidai::domain::role::Role;

use crate::helpers::{PASSWORD, TestApp, TwoUnits};

/// A mentor appointed through a round: the person, their pool entry and a fresh token.
pub struct Appointed {
    pub user: UserId,
    pub entry: i64,
    pub email: String,
    pub token: String,
}

/// How many reviewers score every nomination of [`appoint_through_round`].
pub const REVIEWERS: usize = 3;

/// Runs one selection round from creation to closing and appoints every candidate
/// (`(email, unit)`): each is created as an active mentee with an eligible profile, nominated and
/// submitted by their unit's admin, scored by [`REVIEWERS`] reviewers of a third unit, approved,
/// put on public notice and appointed when the round closes.
///
/// The clock moves past the notice (eight days on), so `s`'s tokens are renewed. Returns the
/// mentors in the order given, and the round's id.
pub async fn appoint_through_round(
    app: &TestApp,
    s: &mut TwoUnits,
    year: i32,
    candidates: &[(&str, UnitId)],
) -> (Vec<Appointed>, i64) {
    let round = app
        .post(
            "/api/v1/selection-rounds",
            Some(&s.city),
            json!({ "name": format!("{year}年度人才培带人选拔"), "year": year }),
        )
        .await;
    assert_eq!(round.status, 201, "{}", round.body);
    let round = round.body["id"].as_i64().unwrap();

    let committee = committee_unit(app, s).await;
    let mut reviewers = Vec::new();
    for i in 0..REVIEWERS {
        let email = format!("committee{round}.{i}@test.cn");
        let (id, token) = app
            .make_user(&email, &[Role::Reviewer], Some(committee))
            .await;
        let res = app
            .post(
                &format!("/api/v1/selection-rounds/{round}/reviewers"),
                Some(&s.city),
                json!({ "reviewer_id": id.0, "categories": ["professional_technical"] }),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        reviewers.push(token);
    }

    let mut people = Vec::new();
    let mut nominations = Vec::new();
    for (email, unit) in candidates {
        let (user, _) = app.make_user(email, &[Role::Mentee], Some(*unit)).await;
        let profile = app
            .patch(
                &format!("/api/v1/users/{}", user.0),
                Some(&s.city),
                json!({ "profile": {
                    "gender": "female", "birth_date": "1980-01-01",
                    "city_work_start_date": "2010-01-01", "education": "doctorate",
                    "specialty": "临床医学", "phone": "13900000000"
                } }),
            )
            .await;
        assert_eq!(profile.status, 200, "{}", profile.body);
        let admin = if *unit == s.u1 {
            &s.admin1.1
        } else {
            &s.admin2.1
        };
        let n = app
            .post(
                &format!("/api/v1/selection-rounds/{round}/nominations"),
                Some(admin),
                json!({ "candidate_id": user.0, "category": "professional_technical" }),
            )
            .await;
        assert_eq!(n.status, 201, "{}", n.body);
        let id = n.body["id"].clone();
        let submitted = app
            .request(
                "POST",
                &format!("/api/v1/nominations/{id}/submit"),
                Some(admin),
                None,
            )
            .await;
        assert_eq!(submitted.status, 200, "{}", submitted.body);
        people.push((user, (*email).to_owned()));
        nominations.push(id);
    }

    advance(app, &s.city, round, "reviewing").await;
    for id in &nominations {
        for (i, token) in reviewers.iter().enumerate() {
            let res = app
                .request(
                    "PUT",
                    &format!("/api/v1/reviews/{id}"),
                    Some(token),
                    Some(json!({
                        "score": 85 + i, "recommendation": "recommend", "comment": "业绩突出"
                    })),
                )
                .await;
            assert_eq!(res.status, 200, "{}", res.body);
        }
        let decided = app
            .post(
                &format!("/api/v1/nominations/{id}/decision"),
                Some(&s.city),
                json!({
                    "decision": "approved", "reason": "评审委员会综合评定",
                    "signed_by": "王敏", "signed_on": app.state.clock.today().to_string()
                }),
            )
            .await;
        assert_eq!(decided.status, 200, "{}", decided.body);
    }
    advance(app, &s.city, round, "public_notice").await;

    app.set_time(app.state.clock.now() + Duration::days(8));
    s.city = app.login("city.admin@test.cn", PASSWORD).await;
    s.admin1.1 = app.login("admin1@test.cn", PASSWORD).await;
    s.admin2.1 = app.login("admin2@test.cn", PASSWORD).await;
    advance(app, &s.city, round, "closed").await;

    let pool = app
        .get(
            &format!("/api/v1/mentors?round_id={round}&per_page=100"),
            Some(&s.city),
        )
        .await;
    assert_eq!(pool.status, 200, "{}", pool.body);
    let mut appointed = Vec::new();
    for (user, email) in people {
        let entry = pool.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["user_id"] == json!(user.0))
            .unwrap_or_else(|| panic!("{email} was not appointed: {}", pool.body))["id"]
            .as_i64()
            .unwrap();
        let token = app.login(&email, PASSWORD).await;
        appointed.push(Appointed {
            user,
            entry,
            email,
            token,
        });
    }
    (appointed, round)
}

/// The unit the committee's reviewers belong to, so that they may review both test units.
async fn committee_unit(app: &TestApp, s: &TwoUnits) -> UnitId {
    let units = app.get("/api/v1/units?per_page=100", Some(&s.city)).await;
    if let Some(found) = units.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| u["name"] == "市委人才工作领导小组")
    {
        return UnitId(found["id"].as_i64().unwrap());
    }
    app.create_unit(&s.city, "市委人才工作领导小组", "city_department")
        .await
}

async fn advance(app: &TestApp, city: &str, round: i64, to: &str) -> Value {
    let res = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/advance"),
            Some(city),
            json!({ "to": to }),
        )
        .await;
    assert_eq!(res.status, 200, "advance to {to}: {}", res.body);
    res.body
}

/// A test of this file's own: the path above ends with active mentors in the pool.
#[actix_web::test]
async fn a_round_run_through_the_api_appoints_its_candidates() {
    let app = crate::helpers::spawn().await;
    let mut s = crate::helpers::two_units(&app).await;
    let (u1, u2) = (s.u1, s.u2);
    let (mentors, _) = appoint_through_round(
        &app,
        &mut s,
        2027,
        &[("m1@test.cn", u1), ("m2@test.cn", u2)],
    )
    .await;
    assert_eq!(mentors.len(), 2);
    let me = app.get("/api/v1/auth/me", Some(&mentors[0].token)).await;
    assert!(
        me.body["roles"]
            .as_array()
            .unwrap()
            .contains(&json!("mentor")),
        "{}",
        me.body
    );
    let record = app
        .get(
            &format!("/api/v1/mentors/{}", mentors[1].entry),
            Some(&s.admin2.1),
        )
        .await;
    assert_eq!(record.body["mentor"]["status"], "active", "{}", record.body);
    assert_eq!(record.body["mentor"]["user_id"], mentors[1].user.0);
    assert_eq!(mentors[0].email, "m1@test.cn");
}
