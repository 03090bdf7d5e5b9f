//! The journey of the mentor's record pages: a mentor graded unqualified opens the assessment,
//! files an objection with a PNG and sees it recorded; then opens benefits, lineage and the
//! appointment.

use libtest_mimic::Failed;
use serde_json::{Value, json};

use peidai::db::users;
use peidai::domain::ids::{UnitId, UserId};
use peidai::domain::role::Role;

use crate::chrome::{Browser, Journey, check};
use crate::fixtures::{appoint, ok};
use crate::helpers::{PASSWORD, TestApp, spawn_with};

/// Every journey of this file, by the name the runner shows.
pub const ALL: &[(&str, Journey)] = &[(
    "a_mentor_graded_unqualified_objects_with_a_photo_then_reads_benefits_lineage_and_appointment",
    |b| Box::pin(objection_and_record(b)),
)];

/// A 1×1 PNG, as a phone's photo would be one.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A person of `unit` with `roles` and a real name (the city admin renames them).
async fn person(
    app: &TestApp,
    city: &str,
    email: &str,
    name: &str,
    roles: &[Role],
    unit: UnitId,
) -> Result<UserId, Failed> {
    let id = app.insert_user(email, roles, Some(unit));
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

/// Drafts, sends out and has every party sign a contract from `start`: its id.
async fn contract(
    app: &TestApp,
    mentor: &str,
    mentees: &[(UserId, String)],
    start: &str,
) -> Result<Value, Failed> {
    let list: Vec<Value> = mentees
        .iter()
        .map(|(id, _)| json!({ "user_id": id.0 }))
        .collect();
    let k = app
        .post(
            "/api/v1/contracts",
            Some(mentor),
            json!({ "start_date": start, "mentees": list }),
        )
        .await;
    ok(&k, 201, "draft")?;
    let id = k.body["id"].clone();
    let sent = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{id}/request-signatures"),
            Some(mentor),
            None,
        )
        .await;
    ok(&sent, 200, "signatures")?;
    for (_, t) in mentees {
        let signed = app
            .request(
                "POST",
                &format!("/api/v1/contracts/{id}/sign"),
                Some(t),
                None,
            )
            .await;
        ok(&signed, 200, "mentee signs")?;
    }
    let done = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{id}/sign"),
            Some(mentor),
            None,
        )
        .await;
    ok(&done, 200, "mentor signs")?;
    Ok(id)
}

/// Five mentees of `unit` with real names: `(id, token)`.
async fn five(
    app: &TestApp,
    city: &str,
    unit: UnitId,
    tag: &str,
    names: [&str; 5],
) -> Result<Vec<(UserId, String)>, Failed> {
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let email = format!("{tag}{i}@test.cn");
        let id = person(app, city, &email, name, &[Role::Mentee], unit).await?;
        out.push((id, app.login(&email, PASSWORD).await));
    }
    Ok(out)
}

async fn objection_and_record(b: Browser) -> Result<(), Failed> {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "1000"),
        ("auth.login_attempts_per_account_per_minute", "100"),
    ])
    .await;
    let (_, city) = app.city_admin().await;
    let unit = app
        .create_unit(&city, "红山区委组织部", "banner_county_district")
        .await;
    let district = app
        .patch(
            &format!("/api/v1/units/{}", unit.0),
            Some(&city),
            json!({ "district": "红山区" }),
        )
        .await;
    ok(&district, 200, "district")?;
    app.insert_user("unit.admin@test.cn", &[Role::UnitAdmin], Some(unit));
    let me = person(
        &app,
        &city,
        "li.ming@test.cn",
        "李明",
        &[Role::Mentor],
        unit,
    )
    .await?;
    appoint(
        &app,
        me,
        unit,
        "2026年度人才培带人选拔",
        "赤培字〔2026〕第018号",
    );
    let token = app.login("li.ming@test.cn", PASSWORD).await;

    // A lineage of two generations: 王芳 became a mentor and trains five of her own.
    let first = five(
        &app,
        &city,
        unit,
        "gen1-",
        ["王芳", "张伟", "刘洋", "陈静", "杨帆"],
    )
    .await?;
    let k = contract(&app, &token, &first, "2026-12-01").await?;
    let ended = app
        .post(
            &format!("/api/v1/contracts/{k}/terminate"),
            Some(&city),
            json!({ "reason": "培带对象提前结业" }),
        )
        .await;
    ok(&ended, 200, "terminate")?;
    let heir = first[0].0;
    appoint(
        &app,
        heir,
        unit,
        "2026年度人才培带人增补选拔",
        "赤培字〔2026〕第031号",
    );
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
    let second = five(
        &app,
        &city,
        unit,
        "gen2-",
        ["赵磊", "孙丽", "周杰", "吴敏", "郑浩"],
    )
    .await?;
    contract(&app, &heir_token, &second, "2026-12-10").await?;

    // A bus card applied for, approved and issued.
    let applied = app
        .post(
            "/api/v1/benefit-applications",
            Some(&token),
            json!({ "kind": "bus_card", "note": "常乘 1 路、8 路" }),
        )
        .await;
    ok(&applied, 201, "apply")?;
    let url = format!("/api/v1/benefits/{}", applied.body["id"]);
    let approved = app
        .post(
            &format!("{url}/decision"),
            Some(&city),
            json!({ "outcome": "approved" }),
        )
        .await;
    ok(&approved, 200, "approve")?;
    let issued = app
        .post(
            &format!("{url}/issue"),
            Some(&city),
            json!({ "card_number": "HS-2026-0018" }),
        )
        .await;
    ok(&issued, 200, "issue")?;

    // The 2027 assessment: unqualified, confirmed on 2027-12-10.
    app.set_time("2027-12-10T01:00:00Z".parse().unwrap());
    let city = app.login("city.admin@test.cn", PASSWORD).await;
    let admin = app.login("unit.admin@test.cn", PASSWORD).await;
    let round = app
        .post(
            "/api/v1/assessment-rounds",
            Some(&city),
            json!({ "year": 2027, "opens_on": "2027-12-01", "closes_on": "2027-12-31" }),
        )
        .await;
    ok(&round, 201, "round")?;
    let list = app
        .get(
            &format!("/api/v1/assessment-rounds/{}/assessments", round.body["id"]),
            Some(&city),
        )
        .await;
    let id = list.body["items"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["mentor_user_id"] == me.0))
        .and_then(|x| x["id"].as_i64())
        .ok_or("no assessment of 李明")?;
    let a = format!("/api/v1/assessments/{id}");
    let graded = app
        .patch(
            &a,
            Some(&admin),
            json!({ "grade": "unqualified", "overall_comment": "全年仅开展 1 次培带活动，专题讲座、技术辅导均未达到协议指标。" }),
        )
        .await;
    ok(&graded, 200, "grade")?;
    ok(
        &app.request("POST", &format!("{a}/submit"), Some(&admin), None)
            .await,
        200,
        "submit",
    )?;
    ok(
        &app.request("POST", &format!("{a}/confirm"), Some(&city), None)
            .await,
        200,
        "confirm",
    )?;

    // The mentor signs in and opens the assessment.
    b.open(&format!("{}/mentor/assessments", app.base)).await?;
    check(b.path().await? == "/login", "sign in first")?;
    b.fill("#f-email", "li.ming@test.cn").await?;
    b.fill("#f-password", PASSWORD).await?;
    b.click("button[type=submit]").await?;
    check(
        b.path().await? == "/mentor/assessments",
        "back to the assessments",
    )?;
    let row = b.text(".record-year").await?;
    check(
        row.contains("不合格") && row.contains("2027年12月25日"),
        row,
    )?;
    b.screenshots("journey-record-assessments").await?;
    b.click(&format!(
        ".record-year a.row__title[href='/mentor/assessments/{id}']"
    ))
    .await?;
    check(
        b.has("form[enctype='multipart/form-data']").await?,
        "the objection form",
    )?;
    b.screenshots("journey-record-assessment").await?;

    // Without a reason the form comes back with it marked; then the objection with a photo.
    b.click(".record-objection button[type=submit]").await?;
    let err = b.text("#f-content-error").await?;
    check(err.contains("不能为空"), err)?;
    b.screenshots("journey-record-objection-refused").await?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let photo = dir.path().join("活动照片.png");
    std::fs::write(&photo, PNG).map_err(|e| e.to_string())?;
    b.fill(
        "#f-content",
        "2027年共开展专题讲座 4 次、技术辅导 6 次，均有签到表和照片，因系统操作不熟练未及时录入。",
    )
    .await?;
    b.upload("#f-files", &photo).await?;
    b.click(".record-objection button[type=submit]").await?;
    let notice = b.text(".banner--info").await?;
    check(notice.contains("异议已提交"), notice)?;
    let item = b.text(".record-objection__item").await?;
    check(
        item.contains("待处理") && item.contains("活动照片.png"),
        item,
    )?;
    b.screenshots("journey-record-objection-filed").await?;
    let filed = app.get(&a, Some(&city)).await;
    check(
        filed.body["objections"].as_array().map(Vec::len) == Some(1),
        format!("the objection is recorded: {}", filed.body),
    )?;

    // Benefits, lineage, appointment.
    b.click("a.areanav__link[href='/mentor/benefits']").await?;
    let mine = b.text(".record-benefits").await?;
    check(
        mine.contains("HS-2026-0018") && mine.contains("已发放"),
        mine,
    )?;
    b.screenshots("journey-record-benefits").await?;
    b.click("a.areanav__link[href='/mentor/lineage']").await?;
    let tree = b.text(".record-tree").await?;
    check(tree.contains("王芳") && tree.contains("郑浩"), tree)?;
    b.screenshots("journey-record-lineage").await?;
    b.click("a.areanav__link[href='/mentor/appointment']")
        .await?;
    let appointment = b.text(".record-appointment").await?;
    check(appointment.contains("赤培字〔2026〕第018号"), appointment)?;
    b.screenshots("journey-record-appointment").await?;

    // The same pages in English.
    b.open(&format!(
        "{}/language?lang=en&next=%2Fmentor%2Fassessments%2F{id}",
        app.base
    ))
    .await?;
    b.screenshots("journey-record-assessment-en").await?;
    b.open(&format!("{}/mentor/benefits", app.base)).await?;
    b.screenshots("journey-record-benefits-en").await?;
    Ok(())
}
