//! Benefits: eligibility from the facts (unit district, profile flags, grades, the last health
//! check), applications and selections, decisions and issue, the quota, the views of each role,
//! the reminders with a moved clock, and revocation ending the running benefits.

use serde_json::{Value, json};

use peidai::domain::ids::{UnitId, UserId};
use peidai::jobs::JobName;

use crate::assessments::{
    assessment_of, at, fail_revocation_email_to, grade_and_confirm, heal, open_2027, pool_status,
    spawn, template_data, travel,
};
use crate::contracts::mentor;
use crate::helpers::{PASSWORD, TestApp, TwoUnits, two_units};
use crate::journey::appoint_through_round;

/// Unit 1 in 红山区 (bus card, urban area), unit 2 in 宁城县 (neither).
async fn districts(app: &TestApp, s: &TwoUnits) {
    for (unit, district) in [(s.u1, "红山区"), (s.u2, "宁城县")] {
        let r = app
            .patch(
                &format!("/api/v1/units/{}", unit.0),
                Some(&s.city),
                json!({ "district": district }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
}

/// A mentor of `unit` brought in from outside the city, with no urban housing.
async fn outsider(app: &TestApp, s: &TwoUnits, email: &str, unit: UnitId) -> (UserId, i64, String) {
    let (user, entry, _) = mentor(app, email, unit).await;
    set_profile(
        app,
        s,
        user,
        json!({ "from_outside_city": true, "owns_urban_housing": false }),
    )
    .await;
    (user, entry, app.login(email, PASSWORD).await)
}

async fn set_profile(app: &TestApp, s: &TwoUnits, user: UserId, profile: Value) {
    let r = app
        .patch(
            &format!("/api/v1/users/{}", user.0),
            Some(&s.city),
            json!({ "profile": profile }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

/// The city approves the application at `url` and issues it with `issue`: the issue's answer.
async fn approve_and_issue(
    app: &TestApp,
    city: &str,
    url: &str,
    issue: Value,
) -> crate::helpers::Res {
    let approved = app
        .post(
            &format!("{url}/decision"),
            Some(city),
            json!({ "outcome": "approved" }),
        )
        .await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    app.post(&format!("{url}/issue"), Some(city), issue).await
}

fn kinds(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect()
}

fn reason<'a>(mine: &'a Value, kind: &str) -> &'a Value {
    &mine["eligibility"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == kind)
        .unwrap()["reason"]
}

#[actix_web::test]
async fn applications_follow_the_unit_and_profile_and_the_city_decides_and_issues() {
    let app = spawn().await;
    let s = two_units(&app).await;
    districts(&app, &s).await;
    let (a_user, _, a) = outsider(&app, &s, "a@test.cn", s.u1).await;
    let (_, _, b) = outsider(&app, &s, "b@test.cn", s.u2).await;

    let mine_a = app.get("/api/v1/my-benefits", Some(&a)).await;
    assert_eq!(mine_a.status, 200, "{}", mine_a.body);
    assert_eq!(kinds(&mine_a.body["can_apply"]), ["bus_card", "apartment"]);
    assert_eq!(
        mine_a.body["next_health_check_due"], "2026-07-01",
        "never checked: due from the appointment"
    );
    let mine_b = app.get("/api/v1/my-benefits", Some(&b)).await;
    assert!(kinds(&mine_b.body["can_apply"]).is_empty());
    assert_eq!(reason(&mine_b.body, "bus_card"), "unit_not_eligible");
    assert_eq!(reason(&mine_b.body, "apartment"), "not_in_urban_area");
    let refused = app
        .post(
            "/api/v1/benefit-applications",
            Some(&b),
            json!({ "kind": "bus_card" }),
        )
        .await;
    assert_eq!(
        refused.field_code("kind"),
        Some("not_eligible"),
        "{}",
        refused.body
    );
    let arranged = app
        .post(
            "/api/v1/benefit-applications",
            Some(&a),
            json!({ "kind": "health_check" }),
        )
        .await;
    assert_eq!(arranged.field_code("kind"), Some("not_applicable"));

    let applied = app
        .post(
            "/api/v1/benefit-applications",
            Some(&a),
            json!({ "kind": "apartment", "note": "2025 年由呼和浩特引进" }),
        )
        .await;
    assert_eq!(applied.status, 201, "{}", applied.body);
    assert_eq!(applied.body["status"], "applied");
    let twice = app
        .post(
            "/api/v1/benefit-applications",
            Some(&a),
            json!({ "kind": "apartment" }),
        )
        .await;
    assert_eq!(twice.field_code("kind"), Some("already_held"));
    let id = applied.body["id"].as_i64().unwrap();

    let overview = app
        .get("/api/v1/benefit-kinds/apartment", Some(&s.city))
        .await;
    assert_eq!(overview.status, 200, "{}", overview.body);
    assert_eq!(overview.body["applications_waiting"][0]["id"], id);
    assert!(
        overview.body["eligible"].as_array().unwrap().is_empty(),
        "the one eligible mentor has applied already"
    );
    assert_eq!(
        app.get("/api/v1/benefit-kinds/nothing", Some(&s.city))
            .await
            .status,
        404
    );
    assert_eq!(
        app.get("/api/v1/benefit-kinds/apartment", Some(&s.admin1.1))
            .await
            .status,
        403
    );

    // The unit admins read their unit's only; they cannot decide.
    let unit1 = app.get("/api/v1/benefits", Some(&s.admin1.1)).await;
    assert_eq!(unit1.body["items"].as_array().unwrap().len(), 1);
    let unit2 = app.get("/api/v1/benefits", Some(&s.admin2.1)).await;
    assert!(unit2.body["items"].as_array().unwrap().is_empty());
    let url = format!("/api/v1/benefits/{id}");
    assert_eq!(app.get(&url, Some(&s.admin2.1)).await.status, 404);
    assert_eq!(
        app.get(&url, Some(&b)).await.status,
        404,
        "another mentor's"
    );
    assert_eq!(
        app.post(
            &format!("{url}/decision"),
            Some(&s.admin1.1),
            json!({ "outcome": "approved" })
        )
        .await
        .status,
        403
    );

    let no_reason = app
        .post(
            &format!("{url}/decision"),
            Some(&s.city),
            json!({ "outcome": "declined" }),
        )
        .await;
    assert_eq!(no_reason.field_code("reason"), Some("required"));
    let issued_early = app
        .post(
            &format!("{url}/issue"),
            Some(&s.city),
            json!({ "room": "A-101" }),
        )
        .await;
    assert_eq!(issued_early.field_code("status"), Some("wrong_status"));
    let approved = app
        .post(
            &format!("{url}/decision"),
            Some(&s.city),
            json!({ "outcome": "approved" }),
        )
        .await;
    assert_eq!(approved.body["status"], "approved", "{}", approved.body);
    assert_eq!(template_data(&app, "benefit_notice")[0]["approved"], true);
    let no_room = app
        .post(&format!("{url}/issue"), Some(&s.city), json!({}))
        .await;
    assert_eq!(no_room.field_code("room"), Some("required"));
    let issued = app
        .post(
            &format!("{url}/issue"),
            Some(&s.city),
            json!({ "room": "玉龙人才公寓 3-1201" }),
        )
        .await;
    assert_eq!(issued.body["status"], "issued", "{}", issued.body);
    assert_eq!(issued.body["valid_from"], "2026-11-21");
    assert_eq!(issued.body["valid_until"], "2029-11-20", "36 months");

    // Gaining urban housing: no longer eligible, and the city sees the holder listed.
    set_profile(&app, &s, a_user, json!({ "owns_urban_housing": true })).await;
    let a = app.login("a@test.cn", PASSWORD).await;
    let mine_a = app.get("/api/v1/my-benefits", Some(&a)).await;
    assert_eq!(reason(&mine_a.body, "apartment"), "owns_urban_housing");
    assert_eq!(kinds(&mine_a.body["can_apply"]), ["bus_card"]);
    let overview = app
        .get("/api/v1/benefit-kinds/apartment", Some(&s.city))
        .await;
    assert_eq!(
        overview.body["no_longer_eligible"][0]["id"], id,
        "{}",
        overview.body
    );
}

#[actix_web::test]
async fn a_health_check_is_due_after_24_months_and_reminded_monthly_three_times() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let (_, entry, m) = mentor(&app, "m@test.cn", s.u1).await;
    let selected = app
        .post(
            "/api/v1/benefits",
            Some(&s.city),
            json!({ "kind": "health_check", "mentor_entry_id": entry }),
        )
        .await;
    assert_eq!(selected.status, 201, "{}", selected.body);
    let url = format!("/api/v1/benefits/{}/issue", selected.body["id"]);
    let future = app
        .post(
            &url,
            Some(&s.city),
            json!({ "checked_on": "2026-12-01", "institution": "市医院" }),
        )
        .await;
    assert_eq!(future.field_code("checked_on"), Some("in_future"));
    let done = app
        .post(
            &url,
            Some(&s.city),
            json!({ "checked_on": "2026-11-20", "institution": "赤峰市医院体检中心" }),
        )
        .await;
    assert_eq!(done.body["status"], "issued", "{}", done.body);
    let mine = app.get("/api/v1/my-benefits", Some(&m)).await;
    assert_eq!(mine.body["next_health_check_due"], "2028-11-20");
    app.run_job(JobName::BenefitReminders).await;
    assert!(
        template_data(&app, "benefit_notice")
            .iter()
            .all(|d| d["notice"] != "health_check_due"),
        "not due"
    );

    // 23 months and 30 days: not yet.
    travel(&app, "2028-11-19T01:00:00Z", &mut s).await;
    let early = app
        .post(
            "/api/v1/benefits",
            Some(&s.city),
            json!({ "kind": "health_check", "mentor_entry_id": entry }),
        )
        .await;
    assert_eq!(
        early.field_code("mentor_entry_id"),
        Some("not_eligible"),
        "{}",
        early.body
    );
    app.run_job(JobName::BenefitReminders).await;
    assert!(
        template_data(&app, "benefit_notice")
            .iter()
            .all(|d| d["notice"] != "health_check_due"),
        "not due"
    );

    // Due on the day, then monthly while overdue, three times at most.
    for (day, expected) in [
        ("2028-11-20T01:00:00Z", 1),
        ("2028-11-30T01:00:00Z", 1),
        ("2028-12-20T01:00:00Z", 2),
        ("2029-01-20T01:00:00Z", 3),
        ("2029-02-20T01:00:00Z", 3),
    ] {
        app.set_time(at(day));
        app.run_job(JobName::BenefitReminders).await;
        app.run_job(JobName::BenefitReminders).await;
        let sent: Vec<Value> = template_data(&app, "benefit_notice")
            .into_iter()
            .filter(|d| d["notice"] == "health_check_due")
            .collect();
        assert_eq!(sent.len(), expected, "on {day}");
        assert_eq!(sent[0]["date"], "2028-11-20");
    }
}

#[actix_web::test]
async fn a_bus_card_expires_is_reminded_30_days_before_and_can_be_renewed_from_then() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    districts(&app, &s).await;
    let (_, _, m) = outsider(&app, &s, "m@test.cn", s.u1).await;
    let applied = app
        .post(
            "/api/v1/benefit-applications",
            Some(&m),
            json!({ "kind": "bus_card" }),
        )
        .await;
    let url = format!("/api/v1/benefits/{}", applied.body["id"]);
    let issued =
        approve_and_issue(&app, &s.city, &url, json!({ "card_number": "RC-000123" })).await;
    assert_eq!(issued.body["valid_until"], "2027-11-20", "{}", issued.body);

    travel(&app, "2027-10-20T01:00:00Z", &mut s).await;
    let m = app.login("m@test.cn", PASSWORD).await;
    let renew_early = app
        .post(
            "/api/v1/benefit-applications",
            Some(&m),
            json!({ "kind": "bus_card" }),
        )
        .await;
    assert_eq!(renew_early.field_code("kind"), Some("already_held"));
    app.run_job(JobName::BenefitReminders).await;
    let ending: Vec<Value> = template_data(&app, "benefit_notice")
        .into_iter()
        .filter(|d| d["notice"] == "period_ending")
        .collect();
    assert!(ending.is_empty(), "31 days before");
    app.set_time(at("2027-10-21T01:00:00Z"));
    app.run_job(JobName::BenefitReminders).await;
    app.run_job(JobName::BenefitReminders).await;
    let ending: Vec<Value> = template_data(&app, "benefit_notice")
        .into_iter()
        .filter(|d| d["notice"] == "period_ending")
        .collect();
    assert_eq!(ending.len(), 1, "30 days before, once");
    assert_eq!(ending[0]["date"], "2027-11-20");
    let m = app.login("m@test.cn", PASSWORD).await;
    let renewal = app
        .post(
            "/api/v1/benefit-applications",
            Some(&m),
            json!({ "kind": "bus_card" }),
        )
        .await;
    assert_eq!(renewal.status, 201, "{}", renewal.body);

    app.set_time(at("2027-11-21T01:00:00Z"));
    let run = app.run_job(JobName::BenefitReminders).await;
    assert_eq!(run.counts["expired"], 1, "{:?}", run.counts);
    let city = app.login("city.admin@test.cn", PASSWORD).await;
    assert_eq!(app.get(&url, Some(&city)).await.body["status"], "expired");
}

/// Two mentors of unit 1 graded excellent for 2027 (confirmed), and the clock in March 2028.
async fn outstanding(app: &TestApp, s: &mut TwoUnits) -> (i64, i64) {
    let (u1, e1, _) = mentor(app, "x1@test.cn", s.u1).await;
    let (u2, e2, _) = mentor(app, "x2@test.cn", s.u1).await;
    travel(app, "2027-12-10T01:00:00Z", s).await;
    let round = open_2027(app, &s.city, json!({})).await;
    for u in [u1, u2] {
        let id = assessment_of(app, &s.city, &round, u).await;
        grade_and_confirm(app, s, id, "excellent", "成果突出（无合同期内数据，特批）").await;
    }
    travel(app, "2028-03-01T01:00:00Z", s).await;
    (e1, e2)
}

#[actix_web::test]
async fn leave_goes_to_outstanding_mentors_within_the_years_quota_and_the_class_to_everyone() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let (ordinary_user, ordinary, _) = mentor(&app, "plain@test.cn", s.u2).await;
    let (e1, e2) = outstanding(&app, &mut s).await;
    let quota = app
        .request(
            "PUT",
            "/api/v1/benefit-quotas/2028",
            Some(&s.city),
            Some(json!({ "recuperation_leave": 1 })),
        )
        .await;
    assert_eq!(quota.body["quota"], 1, "{}", quota.body);
    let leave = |entry: i64| {
        json!({ "kind": "recuperation_leave", "mentor_entry_id": entry,
                "starts_on": "2028-07-01", "ends_on": "2028-07-07", "place": "阿斯哈图疗养院" })
    };
    let plain = app
        .post("/api/v1/benefits", Some(&s.city), leave(ordinary))
        .await;
    assert_eq!(plain.field_code("mentor_entry_id"), Some("not_eligible"));
    let first = app.post("/api/v1/benefits", Some(&s.city), leave(e1)).await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.body["year"], 2028);
    assert_eq!(first.body["status"], "approved");
    let selected = template_data(&app, "benefit_notice");
    assert_eq!(selected.last().unwrap()["notice"], "selected");
    assert_eq!(selected.last().unwrap()["date"], "2028-07-01");
    let over = app.post("/api/v1/benefits", Some(&s.city), leave(e2)).await;
    assert_eq!(
        over.field_code("year"),
        Some("quota_used_up"),
        "{}",
        over.body
    );
    let again = app.post("/api/v1/benefits", Some(&s.city), leave(e1)).await;
    assert_eq!(again.field_code("kind"), Some("already_held"));
    let below = app
        .request(
            "PUT",
            "/api/v1/benefit-quotas/2028",
            Some(&s.city),
            Some(json!({ "recuperation_leave": 0 })),
        )
        .await;
    assert_eq!(below.field_code("recuperation_leave"), Some("below_used"));
    let overview = app
        .get("/api/v1/benefit-kinds/recuperation_leave", Some(&s.city))
        .await;
    assert_eq!(overview.body["quota"]["used"], 1, "{}", overview.body);
    assert_eq!(
        overview.body["eligible"].as_array().unwrap().len(),
        1,
        "only e2 is left"
    );

    let tour = app
        .post(
            "/api/v1/benefits",
            Some(&s.city),
            json!({ "kind": "study_tour", "mentor_entry_id": e2 }),
        )
        .await;
    assert_eq!(tour.status, 201, "{}", tour.body);
    let commend = app
        .post(
            "/api/v1/benefits",
            Some(&s.city),
            json!({ "kind": "commendation", "mentor_entry_id": e1 }),
        )
        .await;
    assert_eq!(
        commend.field_code("mentor_entry_id"),
        Some("not_eligible"),
        "one excellent of two needed"
    );
    let bus = app
        .post(
            "/api/v1/benefits",
            Some(&s.city),
            json!({ "kind": "bus_card", "mentor_entry_id": e1 }),
        )
        .await;
    assert_eq!(bus.field_code("kind"), Some("needs_application"));

    let class = json!({ "year": 2028, "starts_on": "2028-05-10", "ends_on": "2028-05-14", "place": "市委党校" });
    let invited = app
        .post("/api/v1/training-classes", Some(&s.city), class.clone())
        .await;
    assert_eq!(invited.body["invited"], 3, "{}", invited.body);
    let again = app
        .post("/api/v1/training-classes", Some(&s.city), class)
        .await;
    assert_eq!(again.body["invited"], 0);
    assert_eq!(again.body["already"], 3);
    let classes = app
        .get("/api/v1/benefits?kind=training_class", Some(&s.admin2.1))
        .await;
    let rows = classes.body["items"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "the unit admin sees their unit's");
    assert_eq!(rows[0]["mentor_user_id"], ordinary_user.0);
    let attended = app
        .post(
            &format!("/api/v1/benefits/{}/issue", rows[0]["id"]),
            Some(&s.city),
            json!({ "attended": true }),
        )
        .await;
    assert_eq!(
        attended.body["details"]["attended"], true,
        "{}",
        attended.body
    );
    assert_eq!(attended.body["details"]["place"], "市委党校");
}

#[actix_web::test]
async fn revocation_revokes_the_running_benefits_in_its_own_transaction() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    districts(&app, &s).await;
    let (user, entry, _) = outsider(&app, &s, "m@test.cn", s.u1).await;
    let check = app
        .post(
            "/api/v1/benefits",
            Some(&s.city),
            json!({ "kind": "health_check", "mentor_entry_id": entry }),
        )
        .await;
    let check_url = format!("/api/v1/benefits/{}", check.body["id"]);
    travel(&app, "2027-12-10T01:00:00Z", &mut s).await;
    let m = app.login("m@test.cn", PASSWORD).await;
    let card = app
        .post(
            "/api/v1/benefit-applications",
            Some(&m),
            json!({ "kind": "bus_card" }),
        )
        .await;
    let card_url = format!("/api/v1/benefits/{}", card.body["id"]);
    approve_and_issue(&app, &s.city, &card_url, json!({ "card_number": "RC-1" })).await;
    let round = open_2027(&app, &s.city, json!({})).await;
    let id = assessment_of(&app, &s.city, &round, user).await;
    grade_and_confirm(&app, &s, id, "unqualified", "全年未开展培带活动").await;
    travel(&app, "2027-12-26T01:00:00Z", &mut s).await;

    // A failure at the revocation's last step leaves the benefits as they were.
    fail_revocation_email_to(&app, s.admin1.0.0);
    let failed = app.run_job(JobName::RevokeUnqualified).await;
    assert_eq!(failed.status, "failed");
    assert_eq!(pool_status(&app, user), "active");
    assert_eq!(
        app.get(&card_url, Some(&s.city)).await.body["status"],
        "issued"
    );
    assert_eq!(
        app.get(&check_url, Some(&s.city)).await.body["status"],
        "approved"
    );

    heal(&app);
    let run = app.run_job(JobName::RevokeUnqualified).await;
    assert_eq!(run.counts["revoked"], 1, "{:?}", run.counts);
    let card = app.get(&card_url, Some(&s.city)).await;
    assert_eq!(card.body["status"], "revoked", "{}", card.body);
    assert_eq!(card.body["end_reason"], "mentor revoked");
    assert_eq!(card.body["end_reason_label"], "培带人资格已取消");
    assert_eq!(
        card.body["return_by"], "2028-01-25",
        "30 days to hand the card back"
    );
    let check = app.get(&check_url, Some(&s.city)).await;
    assert_eq!(check.body["status"], "revoked");
    assert_eq!(check.body["return_by"], Value::Null, "nothing to hand back");
    let audit = app
        .get("/api/v1/audit-events?action=mentor.revoke", Some(&s.city))
        .await;
    assert_eq!(
        audit.body["items"][0]["summary"]["benefits_ended"], 2,
        "{}",
        audit.body
    );
    let m = app.login("m@test.cn", PASSWORD).await;
    let mine = app.get("/api/v1/my-benefits", Some(&m)).await;
    assert_eq!(mine.status, 200, "the history stays visible");
    assert_eq!(mine.body["benefits"].as_array().unwrap().len(), 2);
    assert!(
        kinds(&mine.body["can_apply"]).is_empty(),
        "no longer a mentor"
    );
}

/// The rendered text (subject, then body) of every e-mail of `template` to `user`, as the
/// recipient reads it in their language.
pub fn rendered_to(app: &TestApp, template: &str, user: UserId) -> Vec<String> {
    use peidai::auth::account_token::TokenKey;
    use peidai::email::catalogue::Email;
    use peidai::email::render::Renderer;
    use peidai::i18n::Locale;
    let renderer = Renderer::new(
        "http://127.0.0.1:8080",
        TokenKey::new(b"a test key for rendering, long enough"),
        app.state.clock.zone(),
    )
    .unwrap();
    app.outbox()
        .into_iter()
        .filter(|r| r.template == template && r.recipient_user_id == Some(user))
        .map(|r| {
            let email: Email = serde_json::from_str(&r.data).unwrap();
            let out = renderer
                .render(&email, Locale::parse(&r.locale).unwrap_or_default())
                .unwrap();
            format!("{}\n\n{}", out.subject, out.text)
        })
        .collect()
}

/// The pool entry's appointment day.
async fn appointed_on(app: &TestApp, city: &str, entry: i64) -> chrono::NaiveDate {
    let record = app
        .get(&format!("/api/v1/mentors/{entry}"), Some(city))
        .await;
    let day = &record.body["mentor"]["appointed_on"];
    day.as_str()
        .unwrap_or_else(|| panic!("{}", record.body))
        .parse()
        .unwrap()
}

#[actix_web::test]
async fn a_mentor_never_checked_is_reminded_from_the_appointment_three_times_in_a_year() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let u1 = s.u1;
    let (mentors, _) = appoint_through_round(
        &app,
        &mut s,
        2027,
        &[("never@test.cn", u1), ("arranged@test.cn", u1)],
    )
    .await;
    let (never, arranged) = (&mentors[0], &mentors[1]);
    let appointed = appointed_on(&app, &s.city, never.entry).await;
    let mine = app.get("/api/v1/my-benefits", Some(&never.token)).await;
    assert_eq!(
        mine.body["next_health_check_due"],
        appointed.to_string(),
        "{}",
        mine.body
    );
    // The other one's check is being arranged: no reminder while it is.
    let selected = app
        .post(
            "/api/v1/benefits",
            Some(&s.city),
            json!({ "kind": "health_check", "mentor_entry_id": arranged.entry }),
        )
        .await;
    assert_eq!(selected.status, 201, "{}", selected.body);

    let due_notices = |app: &TestApp, who: UserId| -> usize {
        app.outbox()
            .iter()
            .filter(|r| r.template == "benefit_notice" && r.recipient_user_id == Some(who))
            .filter(|r| r.data.contains("health_check_due"))
            .count()
    };
    let start = app.state.clock.now();
    let mut sent_on = Vec::new();
    for day in 0..366 {
        app.set_time(start + chrono::Duration::days(day));
        let before = due_notices(&app, never.user);
        app.run_job(JobName::BenefitReminders).await;
        if due_notices(&app, never.user) > before {
            sent_on.push(app.state.clock.today());
        }
    }
    let month = |n: u32| {
        appointed
            .checked_add_months(chrono::Months::new(n))
            .unwrap()
    };
    assert_eq!(
        sent_on,
        [month(0), month(1), month(2)],
        "on the day, then monthly while overdue, three times at most"
    );
    assert_eq!(due_notices(&app, arranged.user), 0, "none while arranged");
    let text = rendered_to(&app, "benefit_notice", never.user)
        .into_iter()
        .find(|t| t.contains("健康检查"))
        .unwrap();
    assert!(text.contains(&format!("自 {appointed} 起")), "{text}");
}

#[actix_web::test]
async fn revocation_ends_what_is_running_keeps_what_happened_and_the_email_lists_it() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    districts(&app, &s).await;
    let u1 = s.u1;
    let (mentors, _) = appoint_through_round(&app, &mut s, 2027, &[("m@test.cn", u1)]).await;
    let m = &mentors[0];

    // A health check done, the 2027 class attended: these happened.
    let check = app
        .post(
            "/api/v1/benefits",
            Some(&s.city),
            json!({ "kind": "health_check", "mentor_entry_id": m.entry }),
        )
        .await;
    assert_eq!(check.status, 201, "{}", check.body);
    let check_url = format!("/api/v1/benefits/{}", check.body["id"]);
    let checked_on = app.state.clock.today().to_string();
    let done = app
        .post(
            &format!("{check_url}/issue"),
            Some(&s.city),
            json!({ "checked_on": checked_on, "institution": "赤峰市医院体检中心" }),
        )
        .await;
    assert_eq!(done.body["status"], "issued", "{}", done.body);
    let class = |year: i32| {
        json!({ "year": year, "starts_on": format!("{year}-05-10"),
                "ends_on": format!("{year}-05-14"), "place": "市委党校" })
    };
    for year in [2027, 2028] {
        let invited = app
            .post("/api/v1/training-classes", Some(&s.city), class(year))
            .await;
        assert_eq!(invited.body["invited"], 1, "{}", invited.body);
    }
    let classes = app
        .get("/api/v1/benefits?kind=training_class", Some(&s.city))
        .await;
    let class_url = |year: i32| {
        let row = classes.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["year"] == year)
            .unwrap();
        format!("/api/v1/benefits/{}", row["id"])
    };
    let attended = app
        .post(
            &format!("{}/issue", class_url(2027)),
            Some(&s.city),
            json!({ "attended": true }),
        )
        .await;
    assert_eq!(attended.body["status"], "issued", "{}", attended.body);

    travel(&app, "2027-12-10T01:00:00Z", &mut s).await;
    let token = app.login(&m.email, PASSWORD).await;
    // A bus card running: it ends and must be handed back.
    let card = app
        .post(
            "/api/v1/benefit-applications",
            Some(&token),
            json!({ "kind": "bus_card" }),
        )
        .await;
    assert_eq!(card.status, 201, "{}", card.body);
    let card_url = format!("/api/v1/benefits/{}", card.body["id"]);
    let issued = approve_and_issue(
        &app,
        &s.city,
        &card_url,
        json!({ "card_number": "RC-000777" }),
    )
    .await;
    assert_eq!(issued.body["status"], "issued", "{}", issued.body);

    let round = open_2027(&app, &s.city, json!({})).await;
    let id = assessment_of(&app, &s.city, &round, m.user).await;
    grade_and_confirm(&app, &s, id, "unqualified", "全年未开展培带活动").await;
    travel(&app, "2027-12-26T01:00:00Z", &mut s).await;
    let run = app.run_job(JobName::RevokeUnqualified).await;
    assert_eq!(run.counts["revoked"], 1, "{:?}", run.counts);

    let check = app.get(&check_url, Some(&s.city)).await.body;
    assert_eq!(
        check["status"], "issued",
        "a check done stays done: {check}"
    );
    assert_eq!(check["details"]["checked_on"], checked_on.as_str());
    assert_eq!(check["end_reason"], Value::Null);
    let class_2027 = app.get(&class_url(2027), Some(&s.city)).await.body;
    assert_eq!(class_2027["status"], "issued", "{class_2027}");
    assert_eq!(class_2027["details"]["attended"], true);
    let class_2028 = app.get(&class_url(2028), Some(&s.city)).await.body;
    assert_eq!(
        class_2028["status"], "revoked",
        "not yet held: {class_2028}"
    );
    let card = app.get(&card_url, Some(&s.city)).await.body;
    assert_eq!(card["status"], "revoked", "{card}");
    assert_eq!(card["return_by"], "2028-01-25");
    let audit = app
        .get("/api/v1/audit-events?action=mentor.revoke", Some(&s.city))
        .await;
    assert_eq!(audit.body["items"][0]["summary"]["benefits_ended"], 2);

    // The mentor reads which benefits ended and what to hand back by when; so does the unit.
    let text = rendered_to(&app, "mentor_revoked", m.user).remove(0);
    println!("{text}");
    assert!(text.contains("以下待遇随之终止"), "{text}");
    assert!(
        text.contains("人才公交IC卡（RC-000777）：请于 2028-01-25 前交回"),
        "{text}"
    );
    assert!(text.contains("- 2028 年培带人培训班\n"), "{text}");
    assert!(
        !text.contains("免费健康检查"),
        "the check done did not end: {text}"
    );
    let unit = rendered_to(&app, "mentor_revoked", s.admin1.0).remove(0);
    assert!(unit.contains("须于 2028-01-25 前交回"), "{unit}");
}

#[actix_web::test]
async fn a_selection_tells_the_mentor_and_each_change_of_its_date_or_place_tells_them_again() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let u1 = s.u1;
    let (mentors, _) = appoint_through_round(&app, &mut s, 2027, &[("m@test.cn", u1)]).await;
    let m = &mentors[0];
    let selected = app
        .post(
            "/api/v1/benefits",
            Some(&s.city),
            json!({ "kind": "health_check", "mentor_entry_id": m.entry }),
        )
        .await;
    assert_eq!(selected.status, 201, "{}", selected.body);
    let url = format!("/api/v1/benefits/{}", selected.body["id"]);
    let texts = |app: &TestApp| rendered_to(app, "benefit_notice", m.user);
    let first = texts(&app);
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(
        first[0].contains("市委组织部已为您安排免费健康检查"),
        "{}",
        first[0]
    );
    assert!(
        first[0].contains("具体时间和地点确定后将另行通知"),
        "{}",
        first[0]
    );

    let set = json!({ "starts_on": "2027-03-15", "place": "赤峰市医院体检中心" });
    let changed = app.patch(&url, Some(&s.city), set.clone()).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["details"]["starts_on"], "2027-03-15");
    assert_eq!(app.patch(&url, Some(&s.city), set).await.status, 200);
    let moved = app
        .patch(&url, Some(&s.city), json!({ "starts_on": "2027-03-22" }))
        .await;
    assert_eq!(moved.body["details"]["place"], "赤峰市医院体检中心", "kept");
    app.run_job(JobName::BenefitReminders).await;
    let all = texts(&app);
    assert_eq!(
        all.len(),
        3,
        "the selection, then each change once: {all:?}"
    );
    println!("{}", all[1]);
    assert!(all[1].contains("时间：2027-03-15"), "{}", all[1]);
    assert!(all[1].contains("地点：赤峰市医院体检中心"), "{}", all[1]);
    assert!(!all[1].contains("另行通知"), "{}", all[1]);
    assert!(all[2].contains("时间：2027-03-22"), "{}", all[2]);

    let backwards = app
        .patch(&url, Some(&s.city), json!({ "ends_on": "2027-03-01" }))
        .await;
    assert_eq!(backwards.field_code("ends_on"), Some("before_starts_on"));
    let done = app
        .post(
            &format!("{url}/issue"),
            Some(&s.city),
            json!({ "checked_on": app.state.clock.today().to_string(), "institution": "赤峰市医院" }),
        )
        .await;
    assert_eq!(done.body["status"], "issued", "{}", done.body);
    let late = app
        .patch(&url, Some(&s.city), json!({ "place": "市医院" }))
        .await;
    assert_eq!(
        late.field_code("status"),
        Some("wrong_status"),
        "{}",
        late.body
    );
    assert_eq!(
        app.patch(&url, Some(&s.admin1.1), json!({ "place": "x" }))
            .await
            .status,
        403
    );

    // The class is told with its dates and place at once.
    let invited = app
        .post(
            "/api/v1/training-classes",
            Some(&s.city),
            json!({ "year": 2027, "starts_on": "2027-05-10", "ends_on": "2027-05-14", "place": "市委党校" }),
        )
        .await;
    assert_eq!(invited.body["invited"], 1, "{}", invited.body);
    let class = texts(&app).pop().unwrap();
    assert!(class.contains("您已入选培带人培训班"), "{class}");
    assert!(class.contains("时间：2027-05-10 至 2027-05-14"), "{class}");
    assert!(class.contains("地点：市委党校"), "{class}");
}
