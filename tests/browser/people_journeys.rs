//! Journeys: the offices' people and contracts pages. A unit admin adds a person (the invitation
//! goes out) and finds them in the list; the city admin ends a contract early with a reason.

use libtest_mimic::Failed;
use serde_json::{Value, json};

use peidai::domain::ids::{UnitId, UserId};
use peidai::domain::role::Role;

use crate::chrome::{Browser, Journey, check};
use crate::fixtures::{appoint, ok};
use crate::helpers::{PASSWORD, TestApp, spawn_with};

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[(
    "a_unit_admin_adds_a_person_and_the_city_admin_ends_a_contract_with_a_reason",
    |b| Box::pin(people_and_contracts(b)),
)];

/// A person of `unit` with a real name.
async fn person(
    app: &TestApp,
    city: &str,
    email: &str,
    name: &str,
    role: Role,
    unit: UnitId,
) -> Result<UserId, Failed> {
    let id = app.insert_user(email, &[role], Some(unit));
    let renamed = app
        .patch(
            &format!("/api/v1/users/{}", id.0),
            Some(city),
            json!({ "name": name }),
        )
        .await;
    ok(&renamed, 200, "rename")?;
    Ok(id)
}

/// An active contract of 李明 with five mentees: its id.
async fn contract(app: &TestApp, city: &str, unit: UnitId) -> Result<Value, Failed> {
    let me = person(app, city, "li.ming@test.cn", "李明", Role::Mentor, unit).await?;
    appoint(
        app,
        me,
        unit,
        "2026年度人才培带人选拔",
        "赤培字〔2026〕第018号",
    );
    let mentor = app.login("li.ming@test.cn", PASSWORD).await;
    let mut mentees = Vec::new();
    for (i, name) in ["王芳", "张伟", "刘洋", "陈静", "杨帆"].iter().enumerate() {
        let email = format!("mentee{i}@test.cn");
        let id = person(app, city, &email, name, Role::Mentee, unit).await?;
        mentees.push((id, app.login(&email, PASSWORD).await));
    }
    let list: Vec<Value> = mentees
        .iter()
        .map(|(id, _)| json!({ "user_id": id.0 }))
        .collect();
    let k = app
        .post(
            "/api/v1/contracts",
            Some(&mentor),
            json!({ "start_date": "2026-11-01", "mentees": list }),
        )
        .await;
    ok(&k, 201, "draft")?;
    let id = k.body["id"].clone();
    let url = format!("/api/v1/contracts/{id}");
    ok(
        &app.request(
            "POST",
            &format!("{url}/request-signatures"),
            Some(&mentor),
            None,
        )
        .await,
        200,
        "signatures",
    )?;
    for (_, t) in &mentees {
        ok(
            &app.request("POST", &format!("{url}/sign"), Some(t), None)
                .await,
            200,
            "mentee signs",
        )?;
    }
    ok(
        &app.request("POST", &format!("{url}/sign"), Some(&mentor), None)
            .await,
        200,
        "mentor signs",
    )?;
    // A lecture that one mentee disputes.
    let a = app
        .post(
            &format!("{url}/activities"),
            Some(&mentor),
            json!({ "kind": "lecture", "title": "草原生态修复专题讲座", "held_on": "2026-11-10", "hours": 1.5, "place": "市农牧局", "attendee_ids": [mentees[0].0.0, mentees[1].0.0] }),
        )
        .await;
    ok(&a, 201, "activity")?;
    let disputed = app
        .post(
            &format!("/api/v1/activities/{}/attendance", a.body["id"]),
            Some(&mentees[1].1),
            json!({ "status": "disputed", "note": "当天因出差未参加" }),
        )
        .await;
    ok(&disputed, 200, "dispute")?;
    Ok(id)
}

async fn sign_in(b: &Browser, app: &TestApp, path: &str, email: &str) -> Result<(), Failed> {
    b.open(&format!("{}{path}", app.base)).await?;
    check(b.path().await? == "/login", "sign in first")?;
    b.fill("#f-email", email).await?;
    b.fill("#f-password", PASSWORD).await?;
    b.click("button[type=submit]").await?;
    check(b.path().await? == path, format!("back to {path}"))
}

async fn people_and_contracts(b: Browser) -> Result<(), Failed> {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "1000"),
        ("auth.login_attempts_per_account_per_minute", "100"),
    ])
    .await;
    let (_, city) = app.city_admin().await;
    let unit = app
        .create_unit(&city, "红山区委组织部", "banner_county_district")
        .await;
    app.insert_user("unit.admin@test.cn", &[Role::UnitAdmin], Some(unit));
    let k = contract(&app, &city, unit).await?;

    // The unit admin adds a person.
    sign_in(&b, &app, "/unit/people", "unit.admin@test.cn").await?;
    let total = b.text(".list-total").await?;
    check(total.contains("共 7 人"), total)?;
    b.screenshots("journey-people-list").await?;
    b.click("a[href='/unit/people/new']").await?;
    b.fill("#f-email", "not-an-email").await?;
    b.fill("#f-name", "赵磊").await?;
    b.click("form.form button[type=submit]").await?;
    let error = b.text("#f-email-error").await?;
    check(error.contains("请输入有效的邮箱地址"), error)?;
    b.screenshots("journey-people-new-refused").await?;
    b.fill("#f-email", "zhao.lei@test.cn").await?;
    b.click("form.form button[type=submit]").await?;
    let banner = b.text(".banner").await?;
    check(banner.contains("邀请邮件已发送"), banner)?;
    let head = b.text(".page-head__title").await?;
    check(head.contains("赵磊"), head)?;
    b.screenshots("journey-people-person").await?;
    b.open(&format!("{}/unit/activities?disputed=1", app.base))
        .await?;
    let row = b.text(".row--disputed").await?;
    check(row.contains("当天因出差未参加"), row)?;
    b.screenshots("journey-unit-activities").await?;
    // The drafting form a unit admin fills in on a mentor's behalf: the mentor's own form.
    b.open(&format!("{}/unit/contracts/new", app.base)).await?;
    check(
        b.has("select[name=mentor_entry_id]").await? && b.has("[name=kind_0]").await?,
        "the drafting form with its mentor and indicators",
    )?;
    b.screenshots("journey-unit-contract-draft").await?;
    b.click(".tools__button").await?;

    // The city admin ends the contract early.
    let path = format!("/city/contracts/{k}");
    sign_in(&b, &app, &path, "city.admin@test.cn").await?;
    let words = b.text("#terminate").await?;
    check(words.contains("系统不会自动发送邮件通知"), words)?;
    b.screenshots("journey-city-contract").await?;
    b.click("#terminate button[type=submit]").await?;
    let error = b.text("#f-reason-error").await?;
    check(!error.is_empty(), "a reason is required")?;
    b.fill("#f-reason", "培带人调离本市").await?;
    b.click("#terminate button[type=submit]").await?;
    let banner = b.text(".banner").await?;
    check(banner.contains("联系书已终止"), banner)?;
    let terms = b.text(".facts").await?;
    check(
        terms.contains("已终止") && terms.contains("培带人调离本市"),
        terms,
    )?;
    b.screenshots("journey-city-contract-terminated").await?;
    b.open(&format!("{}/city/contracts", app.base)).await?;
    b.screenshots("journey-city-contracts").await?;
    Ok(())
}
