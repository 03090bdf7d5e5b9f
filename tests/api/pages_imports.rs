//! The city admin's import pages.

use peidai::domain::role::Role;

use crate::helpers::{PASSWORD, TestApp, spawn, two_units};
use crate::page_checks::assert_page;
use crate::web_client::{Page, WebClient};

/// A browser speaking `lang`, signed in as `email`.
async fn signed_in<'a>(app: &'a TestApp, email: &str, lang: &'static str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.cookies.insert("peidai_lang".into(), lang.into());
    web.sign_in(email, PASSWORD).await;
    web
}

/// Posts a `multipart/form-data` form with one file `file`, as a browser does.
async fn post_file(
    app: &TestApp,
    web: &WebClient<'_>,
    path: &str,
    fields: &[(&str, &str)],
    file_name: &str,
    bytes: &[u8],
) -> Page {
    let boundary = "----peidai-import-boundary-5xq";
    let mut body: Vec<u8> = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let cookies = web
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let client = awc::Client::builder().disable_redirects().finish();
    let mut res = client
        .post(format!("{}{path}", app.base))
        .insert_header(("Accept", "text/html"))
        .insert_header(("Cookie", cookies))
        .insert_header((
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        ))
        .send_body(body)
        .await
        .expect("request sent");
    let bytes = res.body().limit(10 << 20).await.expect("body read");
    Page {
        status: res.status(),
        headers: res.headers().clone(),
        html: String::from_utf8_lossy(&bytes).replace("&#x2f;", "/"),
    }
}

const PEOPLE: &str = "电子邮箱,姓名,角色,所在单位\r\n";

#[actix_web::test]
async fn upload_preview_and_apply_a_people_file_with_csrf_and_invitations() {
    let app = spawn().await;
    two_units(&app).await;
    for lang in ["zh-CN", "en"] {
        let mut web = signed_in(&app, "city.admin@test.cn", lang).await;
        let page = web.get("/city/imports").await;
        assert_eq!(page.status, 200, "{}", page.html);
        assert_page(&page, "/city/imports", lang);
    }
    let mut web = signed_in(&app, "city.admin@test.cn", "zh-CN").await;
    let index = web.get("/city/imports").await;
    assert!(
        index
            .html
            .replace("&#x2f;", "/")
            .contains("href=\"/city/imports\""),
        "linked from the nav"
    );
    let csrf = index.csrf();
    let users_before = app.user_count();

    // Without the CSRF token nothing is kept.
    let file = format!(
        "{PEOPLE}new1@test.cn,新甲,培带对象,{city}\r\nnew2@test.cn,新乙,培带人,不存在的单位\r\n",
        city = "红山区"
    );
    let refused = post_file(
        &app,
        &web,
        "/city/imports/people",
        &[],
        "人员.csv",
        file.as_bytes(),
    )
    .await;
    assert_eq!(refused.status, 403);

    // A refused file is named beside the file field, with nothing kept.
    let bad = post_file(
        &app,
        &web,
        "/city/imports/people",
        &[("csrf", &csrf)],
        "人员.csv",
        b"\x00\x01\x02",
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.html.contains("文件不是 XLSX 或 CSV 表格"),
        "{}",
        bad.html
    );

    // A file with a refused row: the preview puts it first and offers no apply button.
    let up = post_file(
        &app,
        &web,
        "/city/imports/people",
        &[("csrf", &csrf), ("invite", "on")],
        "人员.csv",
        file.as_bytes(),
    )
    .await;
    assert_eq!(up.status, 303, "{}", up.html);
    let preview_path = up.location().to_owned();
    let preview = web.get(&preview_path).await;
    assert_eq!(preview.status, 200, "{}", preview.html);
    assert_page(&preview, &preview_path, "zh-CN");
    let first_row = preview.html.find("<tbody>").unwrap();
    let refused_at = preview.html[first_row..].find("new2@test.cn").unwrap();
    let created_at = preview.html[first_row..].find("new1@test.cn").unwrap();
    assert!(
        refused_at < created_at,
        "refused rows first: {}",
        &preview.html[first_row..]
    );
    assert!(preview.html.contains("有 1 行被拒绝"));
    assert!(
        !preview.html.replace("&#x2f;", "/").contains("/apply\""),
        "no apply button while a row is refused"
    );
    let forced = web
        .post(&format!("{preview_path}/apply"), &[("csrf", &csrf)])
        .await;
    assert_eq!(
        forced.status, 422,
        "applying anyway refuses, storing nothing"
    );
    assert_eq!(app.user_count(), users_before);

    // A good file: the preview says what will happen, and applying needs the CSRF token.
    let good = format!(
        "{PEOPLE}new1@test.cn,新甲,培带对象,{city}\r\n",
        city = "红山区"
    );
    let up = post_file(
        &app,
        &web,
        "/city/imports/people",
        &[("csrf", &csrf), ("invite", "on")],
        "人员.csv",
        good.as_bytes(),
    )
    .await;
    let preview_path = up.location().to_owned();
    let preview = web.get(&preview_path).await;
    assert!(preview.html.contains("将新建 1 条"), "{}", preview.html);
    assert!(preview.html.contains("发送邀请邮件"));
    assert_eq!(app.user_count(), users_before, "a preview stores nothing");
    let no_csrf = web.post(&format!("{preview_path}/apply"), &[]).await;
    assert_eq!(no_csrf.status, 403);
    assert_eq!(app.user_count(), users_before);
    let applied = web
        .post(&format!("{preview_path}/apply"), &[("csrf", &csrf)])
        .await;
    assert_eq!(applied.status, 303, "{}", applied.html);
    assert!(applied.location().starts_with("/city/imports?done=people"));
    assert_eq!(app.user_count(), users_before + 1);
    let done = web.get(applied.location()).await;
    assert!(done.html.contains("新建 1"), "{}", done.html);
    let invited: Vec<String> = app
        .outbox()
        .into_iter()
        .filter(|r| r.template == "invitation")
        .map(|r| r.recipient_email)
        .collect();
    assert_eq!(invited, ["new1@test.cn"]);
    // The kept file is gone once applied.
    let again = web.get(&preview_path).await;
    assert_eq!(again.status, 404);

    // Another admin cannot open this admin's preview, and other roles get 403.
    let other = format!("{preview_path}x");
    assert_eq!(web.get(&other).await.status, 404);
    let mut unit = signed_in(&app, "admin1@test.cn", "zh-CN").await;
    assert_eq!(unit.get("/city/imports").await.status, 403);
    assert_eq!(unit.get("/city/imports/units/template").await.status, 403);
    let _ = Role::CityAdmin;
}

#[actix_web::test]
async fn the_template_downloads_from_the_page() {
    let app = spawn().await;
    app.insert_user("city.admin@test.cn", &[Role::CityAdmin], None);
    let mut web = signed_in(&app, "city.admin@test.cn", "zh-CN").await;
    let res = web.get("/city/imports/units/template").await;
    assert_eq!(res.status, 200);
    assert!(
        res.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    assert_eq!(
        web.get("/city/imports/furniture/template").await.status,
        404
    );
}
