//! Journeys: the city admin imports a file through the pages.

use libtest_mimic::Failed;

use crate::chrome::{Browser, Journey, check};
use crate::helpers::{PASSWORD, spawn_with};

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[(
    "the_city_admin_previews_a_people_file_corrects_it_and_applies_it",
    |b| Box::pin(preview_and_apply(b)),
)];

const HEADER: &str = "电子邮箱,姓名,角色,所在单位,性别,出生日期,学历,联系电话\r\n";

async fn preview_and_apply(b: Browser) -> Result<(), Failed> {
    let app = spawn_with(&[("auth.login_attempts_per_ip_per_minute", "1000")]).await;
    let (_, city) = app.city_admin().await;
    app.create_unit(&city, "红山区委组织部", "banner_county_district")
        .await;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let bad = dir.path().join("人员名单.csv");
    let mut text = HEADER.to_owned();
    for (i, name) in ["王芳", "张伟", "刘洋", "陈静"].iter().enumerate() {
        text.push_str(&format!(
            "mentee{i}@test.cn,{name},培带对象,红山区委组织部,女,1992-03-0{},本科,1380476000{i}\r\n",
            i + 1
        ));
    }
    text.push_str("li.ming@test.cn,李明,培带人,红山区教育局,男,1978-13-01,硕士,0476-83\r\n");
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(&bad, &gb).map_err(|e| e.to_string())?;

    b.open(&format!("{}/city/imports", app.base)).await?;
    b.fill("#f-email", "city.admin@test.cn").await?;
    b.fill("#f-password", PASSWORD).await?;
    b.click("button[type=submit]").await?;
    check(b.path().await? == "/city/imports", "back to the imports")?;
    b.screenshots("imports-index").await?;
    b.upload("#kind-people input[type=file]", &bad).await?;
    b.click("#kind-people button[type=submit]").await?;
    check(
        b.path().await?.starts_with("/city/imports/people/"),
        "the preview",
    )?;
    let body = b.text("main").await?;
    check(
        body.contains("有 1 行被拒绝"),
        format!("the refusal is said: {body}"),
    )?;
    check(body.contains("红山区教育局"), "the unknown unit is named")?;
    check(
        !b.has(".import-apply form").await?,
        "no apply while a row is refused",
    )?;
    b.screenshots("imports-preview-refused").await?;

    let good = dir.path().join("人员名单（改）.csv");
    let fixed = text.replace(
        "红山区教育局,男,1978-13-01,硕士,0476-83",
        "红山区委组织部,男,1978-11-01,硕士研究生,0476-8300123",
    );
    std::fs::write(&good, fixed).map_err(|e| e.to_string())?;
    b.open(&format!("{}/city/imports", app.base)).await?;
    b.upload("#kind-people input[type=file]", &good).await?;
    b.click("#kind-people button[type=submit]").await?;
    let body = b.text("main").await?;
    check(
        body.contains("将新建 5 条"),
        format!("what applying will do: {body}"),
    )?;
    b.screenshots("imports-preview").await?;
    b.click(".import-apply button[type=submit]").await?;
    check(b.path().await? == "/city/imports", "back to the imports")?;
    let body = b.text("main").await?;
    check(body.contains("新建 5"), format!("the summary: {body}"))?;
    let people = app.get("/api/v1/users?search=li.ming", Some(&city)).await;
    check(people.body["total"] == 1, "李明 is stored")?;
    Ok(())
}
