//! Browser journeys of the mentor's contract and plan-review pages: a mentor drafts the contract
//! with five mentees, sends it out and signs it; then returns a plan with a comment and approves
//! the next version, seeing what changed. The mentees' part goes through the API.

use libtest_mimic::Failed;
use serde_json::{Value, json};

use peidai::domain::role::Role;

use crate::chrome::{Browser, Journey, check};
use crate::fixtures::appoint;
use crate::helpers::{PASSWORD, TestApp, spawn};

/// Every journey of this file, by the name the runner shows.
pub const ALL: &[(&str, Journey)] = &[(
    "a_mentor_signs_the_contract_returns_a_plan_with_a_comment_and_approves_the_next_version",
    |b| Box::pin(contract_and_plan(b)),
)];

fn plan(goals: &str, projects: &[&str]) -> Value {
    json!({
        "goals": goals,
        "milestones": [
            { "year": 2027, "milestone": "掌握温室环境调控技术", "evidence": "完成一份调控方案并通过评议" },
            { "year": 2028, "milestone": "参与市级科研项目", "evidence": "项目立项书署名" }
        ],
        "projects": projects,
    })
}

/// The mentee writes the plan and hands it in: the plan's id.
async fn submit_plan(
    app: &TestApp,
    token: &str,
    contract: &Value,
    body: Value,
) -> Result<Value, Failed> {
    let r = app
        .request(
            "PUT",
            &format!("/api/v1/contracts/{contract}/plan"),
            Some(token),
            Some(body),
        )
        .await;
    check(r.status == 200, format!("plan: {}", r.body))?;
    let id = r.body["id"].clone();
    let r = app
        .request(
            "POST",
            &format!("/api/v1/plans/{id}/submit"),
            Some(token),
            None,
        )
        .await;
    check(r.status == 200, format!("submit: {}", r.body))?;
    Ok(id)
}

async fn contract_and_plan(b: Browser) -> Result<(), Failed> {
    let app = spawn().await;
    let (_, city) = app.city_admin().await;
    let unit = app
        .create_unit(&city, "红山区农牧局", "banner_county_district")
        .await;
    let (mentor, mentor_token) = app
        .make_user("wang.lan@test.cn", &[Role::Mentor], Some(unit))
        .await;
    appoint(&app, mentor, unit, "2026 年度遴选", "TEST-journey");
    // Someone of another unit: offered under "others", with a reason to give.
    let elsewhere = app
        .create_unit(&city, "松山区林业局", "banner_county_district")
        .await;
    app.insert_user("zhao.yu@test.cn", &[Role::Mentee], Some(elsewhere));
    let mut ids = Vec::new();
    let mut tokens = Vec::new();
    for i in 0..5 {
        let (id, t) = app
            .make_user(&format!("mentee{i}@test.cn"), &[Role::Mentee], Some(unit))
            .await;
        ids.push(id);
        tokens.push(t);
    }

    b.open(&format!("{}/login", app.base)).await?;
    b.fill("#f-email", "wang.lan@test.cn").await?;
    b.fill("#f-password", PASSWORD).await?;
    b.click("form[action='/login'] button[type=submit]").await?;
    b.open(&format!("{}/mentor/contract", app.base)).await?;
    b.screenshots("journey-mentor-contract-1-new").await?;
    b.script("document.querySelector('.mm-others').open = true; document.querySelector('.mm-others').scrollIntoView(); return null;")
        .await?;
    b.screenshots("journey-mentor-contract-1-new-others")
        .await?;
    b.script("document.querySelector('.mm-indicator').scrollIntoView(); return null;")
        .await?;
    b.screenshots("journey-mentor-contract-1-new-indicators")
        .await?;

    // Five mentees ticked, the policy's indicators kept; saved as a draft.
    for id in &ids {
        b.tick(&format!("input[name=mentee][value='{id}']")).await?;
    }
    b.click(".mm-drafting button[type=submit]").await?;
    check(
        b.text(".banner--info").await?.contains("草稿已保存"),
        "the draft is saved",
    )?;
    b.screenshots("journey-mentor-contract-2-draft").await?;

    b.click(".mm-contract__action button[type=submit]").await?;
    check(
        b.text(".banner--info").await?.contains("已提交签署"),
        "sent out for signatures",
    )?;
    let k = app.get("/api/v1/contracts", Some(&mentor_token)).await;
    let contract = k.body["items"][0]["id"].clone();
    for t in &tokens {
        let r = app
            .request(
                "POST",
                &format!("/api/v1/contracts/{contract}/sign"),
                Some(t),
                None,
            )
            .await;
        check(r.status == 200, format!("a mentee signs: {}", r.body))?;
    }
    b.open(&format!("{}/mentor/contract", app.base)).await?;
    check(
        b.text(".mm-contract__progress")
            .await?
            .contains("6 人中已有 5 人签署"),
        "five of six have signed",
    )?;
    b.screenshots("journey-mentor-contract-3-signatures")
        .await?;
    b.script("document.querySelector('.mm-contract__action').scrollIntoView(); return null;")
        .await?;
    b.screenshots("journey-mentor-contract-3-signatures-button")
        .await?;
    b.click(".mm-contract__action button[type=submit]").await?;
    check(
        b.text(".banner--info").await?.contains("联系书已生效"),
        "the last signature makes it active",
    )?;
    b.screenshots("journey-mentor-contract-4-active").await?;

    // A plan comes in; the mentor returns it with a comment.
    let plan_id = submit_plan(
        &app,
        &tokens[0],
        &contract,
        plan(
            "三年内独立承担设施农业技术推广项目",
            &["设施蔬菜高效栽培示范项目"],
        ),
    )
    .await?;
    b.open(&format!("{}/mentor/plans", app.base)).await?;
    check(
        b.text(".page-head__date")
            .await?
            .contains("1 份计划等待您审核"),
        "one plan waiting",
    )?;
    b.screenshots("journey-mentor-plans-1-list").await?;
    b.click(&format!("a.mm-plans__link[href='/mentor/plans/{plan_id}']"))
        .await?;
    b.screenshots("journey-mentor-plans-2-plan").await?;
    b.click(".mm-review button[value=returned]").await?;
    check(
        b.text("#f-comment-error")
            .await?
            .contains("退回时请填写意见"),
        "a return needs a comment",
    )?;
    b.screenshots("journey-mentor-plans-3-comment-required")
        .await?;
    b.fill(
        "#f-comment",
        "请把第二年的目标写得更具体，并补充一个岗位实践项目。",
    )
    .await?;
    b.click(".mm-review button[value=returned]").await?;
    check(
        b.text(".banner--info").await?.contains("已退回修改"),
        "returned",
    )?;
    b.screenshots("journey-mentor-plans-4-returned").await?;

    // The next version: what changed is shown; approved.
    submit_plan(
        &app,
        &tokens[0],
        &contract,
        plan(
            "三年内独立承担市级设施农业技术推广项目，带出一支青年技术队伍",
            &["设施蔬菜高效栽培示范项目", "温室智能控制岗位实践"],
        ),
    )
    .await?;
    b.open(&format!("{}/mentor/plans/{plan_id}", app.base))
        .await?;
    check(
        b.text(".mm-changes .diff__new")
            .await?
            .contains("带出一支青年技术队伍"),
        "the new goals beside the old",
    )?;
    b.screenshots("journey-mentor-plans-5-changes").await?;
    b.click(".mm-review button[value=approved]").await?;
    check(
        b.text(".banner--info").await?.contains("计划已通过"),
        "approved",
    )?;
    let r = app
        .get(&format!("/api/v1/plans/{plan_id}"), Some(&mentor_token))
        .await;
    check(r.body["status"] == "approved", format!("{}", r.body))?;
    b.screenshots("journey-mentor-plans-6-approved").await?;
    Ok(())
}
