//! Lineage to the second tier, and the lists of mentors without a contract and mentees without a
//! mentor.

use serde_json::json;

use peidai::db::users;
use peidai::domain::ids::UserId;
use peidai::domain::role::Role;

use crate::contracts::{active_from, appoint, mentees, mentor};
use crate::helpers::{PASSWORD, spawn, two_units};

#[actix_web::test]
async fn a_mentors_lineage_reaches_the_mentees_who_became_mentors_and_theirs() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let (first_user, first_entry, first) = mentor(&app, "first@test.cn", s.u1).await;
    let (ids, tokens) = mentees(&app, "gen1-", s.u1, 5).await;
    let a = active_from(&app, &first, &ids, &tokens, "2026-11-01").await;
    let ended = app
        .post(
            &format!("/api/v1/contracts/{a}/terminate"),
            Some(&s.city),
            json!({ "reason": "提前结业" }),
        )
        .await;
    assert_eq!(ended.status, 200);

    // The first mentee is appointed a mentor in turn and trains five of their own.
    let heir = UserId(ids[0]);
    appoint(&app, heir, s.u1, "heir");
    {
        let mut conn = app.db().get().unwrap();
        users::set_roles(
            &mut conn,
            heir,
            &[Role::Mentor, Role::Mentee],
            app.state.clock.now_naive(),
        )
        .unwrap();
    }
    let heir_token = app.login("gen1-0@test.cn", PASSWORD).await;
    let (ids2, tokens2) = mentees(&app, "gen2-", s.u1, 5).await;
    active_from(&app, &heir_token, &ids2, &tokens2, "2026-11-10").await;

    let tree = app
        .get(
            &format!("/api/v1/mentors/{first_entry}/lineage"),
            Some(&s.city),
        )
        .await;
    assert_eq!(tree.status, 200, "{}", tree.body);
    assert_eq!(tree.body["direct_mentees"], 5);
    assert_eq!(tree.body["descendants"], 10);
    assert_eq!(tree.body["became_mentors"], 1);
    assert_eq!(tree.body["depth"], 2);
    assert_eq!(tree.body["root"]["user_id"], first_user.0);
    let heir_node = tree.body["root"]["mentees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["user_id"] == ids[0])
        .unwrap()
        .clone();
    assert_eq!(heir_node["became_mentor"], true);
    assert_eq!(heir_node["mentees"].as_array().unwrap().len(), 5);
    assert_eq!(
        app.get(
            &format!("/api/v1/mentors/{first_entry}/lineage"),
            Some(&first)
        )
        .await
        .status,
        200,
        "the mentor's own"
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/mentors/{first_entry}/lineage"),
            Some(&s.admin2.1)
        )
        .await
        .status,
        404
    );

    let idle: Vec<i64> = app
        .get("/api/v1/mentors-without-contract", Some(&s.admin1.1))
        .await
        .body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["user_id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        idle,
        [first_user.0],
        "the heir has an active contract; the first mentor's ended"
    );
    let free: Vec<i64> = app
        .get("/api/v1/mentees-without-mentor", Some(&s.admin1.1))
        .await
        .body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["user_id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        free,
        ids[1..].to_vec(),
        "released by the terminated contract; the heir is a mentor now and in a contract"
    );
    assert_eq!(
        app.get("/api/v1/mentees-without-mentor", Some(&s.admin2.1))
            .await
            .body,
        json!({ "items": [], "page": 1, "per_page": 20, "total": 0 })
    );
}
