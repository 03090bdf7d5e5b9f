//! The mentor's progress journey: a mentor with an active contract opens the dashboard (behind
//! on lectures), logs a lecture with a photo from the phone (a first try without attendees is
//! refused beside the field), sees the photo on the activity, the activity in the list, and the
//! progress change on the dashboard; then reads the dashboard and the form in English.

use libtest_mimic::Failed;
use serde_json::{Value, json};

use peidai::domain::role::Role;

use crate::chrome::{Browser, Journey, check};
use crate::fixtures::appoint;
use crate::helpers::{PASSWORD, TestApp, spawn};

/// Every journey of this file, by the name the runner shows.
pub const ALL: &[(&str, Journey)] = &[(
    "a_mentor_logs_an_activity_with_an_uploaded_photo_and_sees_the_progress_change",
    |b| Box::pin(log_with_photo(b)),
)];

/// The smallest PNG: one transparent pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A mentor of 红山区 with five mentees and a contract all six signed, from 2026-11-01 (the
/// clock stands at 2026-11-21): the mentees' ids.
async fn mentor_with_contract(app: &TestApp) -> Result<Vec<i64>, Failed> {
    let (_, city) = app.city_admin().await;
    let unit = app
        .create_unit(&city, "红山区", "banner_county_district")
        .await;
    let (mentor, token) = app
        .make_user("wang.lei@test.cn", &[Role::Mentor], Some(unit))
        .await;
    appoint(app, mentor, unit, "2026 年选拔", "赤培〔2026〕001号");
    let mut ids = Vec::new();
    let mut tokens = Vec::new();
    for i in 0..5 {
        let (id, t) = app
            .make_user(&format!("mentee{i}@test.cn"), &[Role::Mentee], Some(unit))
            .await;
        ids.push(id.0);
        tokens.push(t);
    }
    let mentees: Vec<Value> = ids.iter().map(|id| json!({ "user_id": id })).collect();
    let k = app
        .post(
            "/api/v1/contracts",
            Some(&token),
            json!({ "start_date": "2026-11-01", "mentees": mentees }),
        )
        .await;
    check(k.status == 201, format!("draft refused: {}", k.body))?;
    let id = k.body["id"].clone();
    let sign = |t: String| {
        let path = format!("/api/v1/contracts/{id}/sign");
        async move { app.request("POST", &path, Some(&t), None).await }
    };
    let out = app
        .request(
            "POST",
            &format!("/api/v1/contracts/{id}/request-signatures"),
            Some(&token),
            None,
        )
        .await;
    check(out.status == 200, format!("not sent out: {}", out.body))?;
    for t in tokens {
        check(sign(t).await.status == 200, "a mentee signs")?;
    }
    let done = sign(token).await;
    check(
        done.body["status"] == "active",
        format!("not active: {}", done.body),
    )?;
    Ok(ids)
}

async fn log_with_photo(b: Browser) -> Result<(), Failed> {
    let app = spawn().await;
    let ids = mentor_with_contract(&app).await?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let photo = dir.path().join("讲座现场.png");
    std::fs::write(&photo, PNG).map_err(|e| e.to_string())?;

    b.open(&format!("{}/login?next=/mentor", app.base)).await?;
    b.fill("#f-email", "wang.lei@test.cn").await?;
    b.fill("#f-password", PASSWORD).await?;
    b.click("form.form button[type=submit]").await?;
    check(b.path().await? == "/mentor", "signed in, the dashboard")?;
    let lectures = b.text(".meter").await?;
    check(
        lectures.contains("专题讲座 还差 1 次"),
        format!("behind on lectures: {lectures}"),
    )?;
    b.screenshots("journey-mentor-progress-1-dashboard").await?;

    b.click(".head-row a[href='/mentor/activities/new']")
        .await?;
    check(
        b.path().await? == "/mentor/activities/new",
        "the log form opens",
    )?;
    b.fill("#f-title", "草原生态修复专题讲座").await?;
    b.fill("#f-hours", "1.5").await?;
    b.fill("#f-place", "市农牧局三楼会议室").await?;
    b.fill("#f-summary", "讲解退化草地的补播与围栏技术，现场答疑。")
        .await?;
    b.upload("#f-files", &photo).await?;
    b.screenshots("journey-mentor-progress-2-form").await?;
    b.click("form.form button.button--primary").await?;
    let why = b.text("#f-attendee_ids-error").await?;
    check(
        why.contains("请选择参加的培带对象"),
        format!("beside the mentees: {why}"),
    )?;
    check(
        b.text("#f-files-error").await?.contains("重新选择"),
        "the photo is to be chosen again",
    )?;
    b.screenshots("journey-mentor-progress-3-refused").await?;

    for id in &ids[..3] {
        b.tick(&format!("input[name=attendee_ids][value='{id}']"))
            .await?;
    }
    b.upload("#f-files", &photo).await?;
    b.click("form.form button.button--primary").await?;
    let path = b.path().await?;
    check(
        path.starts_with("/mentor/activities/") && path != "/mentor/activities/new",
        format!("the activity's page: {path}"),
    )?;
    check(
        b.has(".thumbs img[src*='/files/']").await?,
        "the photo shows as a thumbnail",
    )?;
    // The thumbnail comes from the activity's file route; give it a moment to arrive.
    let mut loaded = Value::Null;
    for _ in 0..50 {
        loaded = b
            .script(
                "var i = document.querySelector('.thumbs img'); return i.complete ? i.naturalWidth : -1;",
            )
            .await?;
        if loaded.as_i64() != Some(-1) {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    check(
        loaded.as_i64() == Some(1),
        format!("the photo loads: {loaded}"),
    )?;
    check(
        b.text(".banner").await?.contains("活动已登记"),
        "the notice",
    )?;
    b.screenshots("journey-mentor-progress-4-activity").await?;
    b.script("document.getElementById('evidence').scrollIntoView(); return null;")
        .await?;
    b.screenshots("journey-mentor-progress-4-activity-evidence")
        .await?;

    b.click(".areanav a[href='/mentor/activities']").await?;
    let row = b.text(".activity-row").await?;
    check(
        row.contains("草原生态修复专题讲座") && row.contains("待确认"),
        format!("listed, waiting for the mentees: {row}"),
    )?;
    b.screenshots("journey-mentor-progress-5-list").await?;

    b.click(".areanav a[href='/mentor']").await?;
    let lectures = b.text(".meter").await?;
    check(
        !lectures.contains("还差 1 次") || lectures.contains("进度正常"),
        format!("the progress changed: {lectures}"),
    )?;
    check(
        lectures.contains("1 / 2 次"),
        format!("one of two lectures: {lectures}"),
    )?;
    b.screenshots("journey-mentor-progress-6-progress").await?;

    // The same dashboard in English, for a mentor who reads it so.
    b.click(".tools__link[hreflang=en]").await?;
    let lectures = b.text(".meter").await?;
    check(
        lectures.contains("Lectures") && lectures.contains("1 of 2"),
        format!("in English: {lectures}"),
    )?;
    b.screenshots("journey-mentor-progress-7-dashboard-en")
        .await?;
    b.open(&format!("{}/mentor/activities/new", app.base))
        .await?;
    b.screenshots("journey-mentor-progress-8-form-en").await?;
    Ok(())
}
