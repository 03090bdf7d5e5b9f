//! `serve --demo`: the demo city is a program in mid-year, built through the services, with a
//! login of every role; a restart adds nothing.

use serde_json::{Value, json};

use peidai::demo::{DemoLogin, Seeded};

use crate::helpers::{TestApp, spawn_with};

/// The demo's password in these tests.
pub const DEMO_PASSWORD: &str = "peidai-demo-2026";

/// A test application with the demo city seeded as of its clock; the printed logins.
pub async fn demo_app() -> (TestApp, Vec<DemoLogin>) {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "10000"),
        ("auth.login_attempts_per_account_per_minute", "1000"),
    ])
    .await;
    let at = app.state.clock.now();
    demo_app_at(app, at).await
}

/// The same, seeded as of `at`.
async fn demo_app_at(app: TestApp, at: chrono::DateTime<chrono::Utc>) -> (TestApp, Vec<DemoLogin>) {
    let seeded = peidai::demo::seed_at(&app.state, DEMO_PASSWORD, at)
        .await
        .unwrap();
    let Seeded::Created(logins) = seeded else {
        panic!("the demo was not created on an empty database");
    };
    (app, logins)
}

/// The items of a list answer (a page or a bare array).
pub fn items(v: &Value) -> Vec<Value> {
    v.get("items")
        .unwrap_or(v)
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn statuses(list: &[Value]) -> Vec<String> {
    let mut s: Vec<String> = list
        .iter()
        .filter_map(|x| x["status"].as_str().map(str::to_owned))
        .collect();
    s.sort();
    s.dedup();
    s
}

#[actix_web::test]
async fn the_demo_is_a_program_in_mid_year_with_every_promised_state() {
    let (app, logins) = demo_app().await;
    // The story stepped the services' clock through the past and gave it back where it started.
    assert_eq!(app.state.clock.now(), crate::helpers::start_time());

    // One login of every role, several mentors and mentees, and a mentee who became a mentor.
    let has = |role: peidai::domain::role::Role| {
        logins.iter().filter(|l| l.roles.contains(&role)).count()
    };
    use peidai::domain::role::Role;
    assert_eq!(has(Role::CityAdmin), 1);
    assert!(has(Role::UnitAdmin) >= 1 && has(Role::Reviewer) >= 1);
    assert!(has(Role::Mentor) >= 3 && has(Role::Mentee) >= 3);
    assert!(
        logins
            .iter()
            .any(|l| l.roles.contains(&Role::Mentor) && l.roles.contains(&Role::Mentee)),
        "a mentee who became a mentor is printed"
    );
    let table = peidai::demo::login_table(&logins, DEMO_PASSWORD);
    for l in &logins {
        assert!(
            table.contains(&l.email) && table.contains(&l.name),
            "{table}"
        );
        let token = app.login(&l.email, DEMO_PASSWORD).await;
        let me = app.get("/api/v1/auth/me", Some(&token)).await;
        assert_eq!(me.status, 200, "{}: {}", l.email, me.body);
    }

    promised_states(&app).await;
}

/// The demo started on days around the year's edges and in mid-year is the same living
/// program (the story counts its days back from the start).
#[actix_web::test]
async fn the_demo_can_be_started_on_any_day_of_the_year() {
    for at in [
        "2027-01-02T01:00:00Z",
        "2027-06-30T12:00:00Z",
        "2027-12-31T17:30:00Z",
    ] {
        let app = spawn_with(&[("auth.login_attempts_per_account_per_minute", "1000")]).await;
        let (app, _) = demo_app_at(app, at.parse().unwrap()).await;
        promised_states(&app).await;
    }
}

/// Each state the demo promises, seen through the API.
async fn promised_states(app: &TestApp) {
    let today = app.state.clock.today();
    let city = app.login("admin@demo.peidai.cn", DEMO_PASSWORD).await;

    // A closed round with a pool and certificate numbers, and a round open for nominations.
    let rounds = app
        .get("/api/v1/selection-rounds?per_page=100", Some(&city))
        .await;
    let rounds = items(&rounds.body);
    let closed: Vec<&Value> = rounds.iter().filter(|r| r["status"] == "closed").collect();
    assert!(!closed.is_empty(), "{rounds:?}");
    let open: Vec<&Value> = rounds.iter().filter(|r| r["status"] == "open").collect();
    assert_eq!(open.len(), 1, "{rounds:?}");
    let nominations = app
        .get(
            &format!(
                "/api/v1/selection-rounds/{}/nominations?per_page=100",
                open[0]["id"]
            ),
            Some(&city),
        )
        .await;
    let nominations = items(&nominations.body);
    assert!(
        statuses(&nominations).contains(&"submitted".to_owned()),
        "{nominations:?}"
    );
    let pool = app.get("/api/v1/mentors?per_page=100", Some(&city)).await;
    let pool = items(&pool.body);
    assert_eq!(
        pool.len(),
        6,
        "five appointed in the round, one in the supplementary one"
    );
    assert!(pool.iter().all(|m| m["status"] == "active"), "{pool:?}");
    let numbers: Vec<&str> = pool
        .iter()
        .filter_map(|m| m["certificate_no"].as_str())
        .collect();
    assert_eq!(numbers.len(), 6);
    assert!(
        numbers.iter().all(|n| n.starts_with("赤培〔")),
        "{numbers:?}"
    );

    // At least three active contracts with a year of activities, confirmed and one disputed.
    let contracts = app.get("/api/v1/contracts?per_page=100", Some(&city)).await;
    let contracts = items(&contracts.body);
    let active: Vec<&Value> = contracts
        .iter()
        .filter(|k| k["status"] == "active")
        .collect();
    assert!(active.len() >= 3, "{contracts:?}");
    assert!(
        contracts.iter().any(|k| k["status"] != "active"),
        "one still being signed"
    );
    let mut plan_states = Vec::new();
    for k in &active {
        let log = app
            .get(
                &format!("/api/v1/contracts/{}/activities", k["id"]),
                Some(&city),
            )
            .await;
        assert_eq!(log.status, 200, "{}", log.body);
        let log = items(&log.body);
        assert!(log.len() >= 12, "a year of activities: {}", log.len());
        let first = log
            .iter()
            .filter_map(|a| a["held_on"].as_str())
            .min()
            .unwrap()
            .parse::<chrono::NaiveDate>()
            .unwrap();
        assert!((today - first).num_days() > 365, "{first}");
        assert!(
            serde_json::to_string(&log)
                .unwrap()
                .contains("\"confirmed\""),
            "attendances are confirmed"
        );
        let plans = app
            .get(&format!("/api/v1/contracts/{}/plans", k["id"]), Some(&city))
            .await;
        assert_eq!(plans.status, 200, "{}", plans.body);
        plan_states.extend(statuses(&items(&plans.body)));
    }
    let disputed = app.get("/api/v1/disputed-activities", Some(&city)).await;
    assert_eq!(items(&disputed.body).len(), 1, "{}", disputed.body);
    plan_states.sort();
    plan_states.dedup();
    assert_eq!(plan_states, ["approved", "draft", "returned", "submitted"]);

    // An assessment round in progress with a confirmed unqualified grade inside its window.
    let arounds = app.get("/api/v1/assessment-rounds", Some(&city)).await;
    let arounds = items(&arounds.body);
    assert_eq!(arounds.len(), 1, "{arounds:?}");
    let r = &arounds[0];
    assert!(r["opens_on"].as_str().unwrap() <= today.to_string().as_str());
    assert!(r["closes_on"].as_str().unwrap() >= today.to_string().as_str());
    let list = app
        .get(
            &format!(
                "/api/v1/assessment-rounds/{}/assessments?per_page=100",
                r["id"]
            ),
            Some(&city),
        )
        .await;
    let list = items(&list.body);
    let unqualified = list
        .iter()
        .find(|a| a["status"] == "confirmed" && a["grade"] == "unqualified")
        .unwrap_or_else(|| panic!("{list:?}"));
    let deadline = unqualified["objection_deadline"].as_str().unwrap();
    assert!(deadline >= today.to_string().as_str(), "{deadline}");
    let states = statuses(&list);
    assert!(
        states.len() >= 3,
        "assessments in several states: {states:?}"
    );

    // Benefits in several states, and e-mails in the outbox.
    let benefits = app.get("/api/v1/benefits", Some(&city)).await;
    let states = statuses(&items(&benefits.body));
    for s in ["applied", "approved", "declined", "issued"] {
        assert!(states.contains(&s.to_owned()), "{states:?}");
    }
    let outbox = app
        .get("/api/v1/admin/emails?per_page=5", Some(&city))
        .await;
    assert!(
        outbox.body["total"].as_i64().unwrap() > 20,
        "{}",
        outbox.body
    );
}

#[actix_web::test]
async fn a_demo_mentor_can_act_at_once_and_a_restart_adds_nothing() {
    let (app, logins) = demo_app().await;
    // 赵丽's contract waits for two signatures; they sign, she signs, it is active.
    let zhao = app.login("zhao.li@demo.peidai.cn", DEMO_PASSWORD).await;
    let mine = app.get("/api/v1/contracts", Some(&zhao)).await;
    let k = items(&mine.body)[0].clone();
    assert_ne!(k["status"], "active", "{k}");
    for e in [
        "feng.bo@demo.peidai.cn",
        "jiang.wen@demo.peidai.cn",
        "zhao.li@demo.peidai.cn",
    ] {
        let t = app.login(e, DEMO_PASSWORD).await;
        let signed = app
            .request(
                "POST",
                &format!("/api/v1/contracts/{}/sign", k["id"]),
                Some(&t),
                None,
            )
            .await;
        assert_eq!(signed.status, 200, "{e}: {}", signed.body);
    }
    let after = app
        .get(&format!("/api/v1/contracts/{}", k["id"]), Some(&zhao))
        .await;
    assert_eq!(after.body["status"], "active", "{}", after.body);

    // A mentor with no appointment of their own is told so, on the field.
    let (_, unappointed) = app
        .make_user(
            "no.entry@test.cn",
            &[peidai::domain::role::Role::Mentor],
            None,
        )
        .await;
    let refused = app
        .post(
            "/api/v1/contracts",
            Some(&unappointed),
            json!({ "start_date": "2026-12-01", "mentees": [] }),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.field_code("mentor_entry_id"), Some("required"));

    // A restart prints the same logins and adds nothing.
    let count = |app: &TestApp| {
        let mut c = app.db().get().unwrap();
        peidai::db::users::count(&mut c).unwrap()
    };
    let before = count(&app);
    let again = peidai::demo::seed_at(&app.state, DEMO_PASSWORD, app.state.clock.now())
        .await
        .unwrap();
    let Seeded::AlreadyPresent(again) = again else {
        panic!("a restart seeded again");
    };
    assert_eq!(
        again.iter().map(|l| &l.email).collect::<Vec<_>>(),
        logins.iter().map(|l| &l.email).collect::<Vec<_>>()
    );
    assert_eq!(count(&app), before);
}

/// A seeding that stopped half-way (the demo's city admin is there, the story was not told to
/// its end) is said so at the next start, never taken for a demo city; other people's database
/// is left alone.
#[actix_web::test]
async fn a_half_seeded_or_foreign_database_is_never_taken_for_the_demo() {
    let app = crate::helpers::spawn().await;
    app.make_user(
        "someone@test.cn",
        &[peidai::domain::role::Role::CityAdmin],
        None,
    )
    .await;
    let at = app.state.clock.now();
    let foreign = peidai::demo::seed_at(&app.state, DEMO_PASSWORD, at)
        .await
        .unwrap();
    assert!(matches!(foreign, Seeded::NotEmpty));
    app.make_user(
        "admin@demo.peidai.cn",
        &[peidai::domain::role::Role::CityAdmin],
        None,
    )
    .await;
    let half = peidai::demo::seed_at(&app.state, DEMO_PASSWORD, at).await;
    let err = half.err().expect("a half-seeded database is refused");
    assert!(err.to_string().contains("half-way"), "{err}");
}
