//! One notion of "today": the city's time zone (`jobs.timezone`) decides on which day a moment
//! falls, for every deadline. Run with a zone other than Asia/Shanghai.

use serde_json::json;

use peidai::domain::role::Role;

use crate::helpers::{PASSWORD, spawn_with, two_units};

/// 04:30 UTC on 22 November is still 21 November (23:30) in New York, and already 22 November
/// (12:30) in Shanghai: a nomination deadline of 21 November is open in the one and past in the
/// other.
#[actix_web::test]
async fn a_nomination_deadline_ends_at_midnight_in_the_configured_zone() {
    for (zone, open) in [("America/New_York", true), ("Asia/Shanghai", false)] {
        let app = spawn_with(&[("jobs.timezone", zone)]).await;
        let s = two_units(&app).await;
        let round = app
            .post(
                "/api/v1/selection-rounds",
                Some(&s.city),
                json!({ "name": "2026年度", "year": 2026, "nomination_deadline": "2026-11-21" }),
            )
            .await;
        assert_eq!(round.status, 201, "{zone}: {}", round.body);
        let (candidate, _) = app
            .make_user("candidate@test.cn", &[Role::Mentee], Some(s.u1))
            .await;
        let profile = app
            .patch(
                &format!("/api/v1/users/{}", candidate.0),
                Some(&s.city),
                json!({ "profile": { "birth_date": "1980-01-01",
                    "city_work_start_date": "2010-01-01", "education": "doctorate" } }),
            )
            .await;
        assert_eq!(profile.status, 200, "{}", profile.body);
        let draft = app
            .post(
                &format!("/api/v1/selection-rounds/{}/nominations", round.body["id"]),
                Some(&s.admin1.1),
                json!({ "candidate_id": candidate.0, "category": "professional_technical" }),
            )
            .await;
        assert_eq!(draft.status, 201, "{zone}: {}", draft.body);

        app.set_time("2026-11-22T04:30:00Z".parse().unwrap());
        assert_eq!(
            app.state.clock.today().to_string(),
            if open { "2026-11-21" } else { "2026-11-22" },
            "{zone}"
        );
        let admin = app.login("admin1@test.cn", PASSWORD).await;
        let submitted = app
            .request(
                "POST",
                &format!("/api/v1/nominations/{}/submit", draft.body["id"]),
                Some(&admin),
                None,
            )
            .await;
        if open {
            assert_eq!(submitted.status, 200, "{zone}: {}", submitted.body);
        } else {
            assert_eq!(
                submitted.field_code("round"),
                Some("deadline_passed"),
                "{zone}: {}",
                submitted.body
            );
        }
    }
}
