//! The city admin's import pages.

use peidai::domain::role::Role;

use std::sync::mpsc;

use diesel::RunQueryDsl;
use peidai::db::Backend;

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
    assert_eq!(bad.status, 303, "kept, then read by its dry run");
    let bad = web.get(bad.location()).await;
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
    assert_eq!(forced.status, 303, "{}", forced.html);
    let forced = web.get(forced.location()).await;
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
    let applied = web.get(applied.location()).await;
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

/// Holds the database's write lock (SQLite) or the units table (PostgreSQL) until the answer is
/// dropped, so that an import started meanwhile is seen running.
fn hold_units(app: &TestApp) -> mpsc::Sender<()> {
    let (release, released) = mpsc::channel::<()>();
    let (held, is_held) = mpsc::channel::<()>();
    let db = app.db().clone();
    std::thread::spawn(move || {
        let mut conn = db.get().expect("a connection");
        let (begin, lock) = match db.backend() {
            Backend::Sqlite => ("BEGIN IMMEDIATE", None),
            Backend::Postgres => ("BEGIN", Some("LOCK TABLE units IN ACCESS EXCLUSIVE MODE")),
        };
        diesel::sql_query(begin).execute(&mut *conn).unwrap();
        if let Some(lock) = lock {
            diesel::sql_query(lock).execute(&mut *conn).unwrap();
        }
        held.send(()).unwrap();
        let _ = released.recv_timeout(std::time::Duration::from_secs(4));
        diesel::sql_query("ROLLBACK").execute(&mut *conn).unwrap();
    });
    is_held.recv().unwrap();
    release
}

/// Loads `path` until it no longer reloads itself, and answers that page.
async fn until_finished(web: &mut WebClient<'_>, path: &str) -> Page {
    for _ in 0..200 {
        let p = web.get(path).await;
        if p.headers.get("refresh").is_none() {
            return p;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{path} never finished");
}

const UNITS: &str = "单位名称,单位类型,所在旗县区\r\n";

#[actix_web::test]
async fn a_dry_run_and_an_apply_show_their_progress_then_the_preview_and_the_summary() {
    let app = spawn().await;
    app.insert_user("city.admin@test.cn", &[Role::CityAdmin], None);
    app.insert_user("other.admin@test.cn", &[Role::CityAdmin], None);
    let mut web = signed_in(&app, "city.admin@test.cn", "zh-CN").await;
    let mut other = signed_in(&app, "other.admin@test.cn", "en").await;
    let csrf = web.get("/city/imports").await.csrf();
    let mut file = UNITS.to_owned();
    for i in 1..=450 {
        file.push_str(&format!("测试单位{i},旗县区,红山区\r\n"));
    }

    let hold = hold_units(&app);
    let up = post_file(
        &app,
        &web,
        "/city/imports/units",
        &[("csrf", &csrf)],
        "单位.csv",
        file.as_bytes(),
    )
    .await;
    assert_eq!(up.status, 303, "{}", up.html);
    let preview_path = up.location().to_owned();
    let running = web.get(&preview_path).await;
    assert_eq!(running.status, 200, "{}", running.html);
    assert_page(&running, "dry run running", "zh-CN");
    assert_eq!(
        running.headers.get("refresh").and_then(|v| v.to_str().ok()),
        Some("2"),
        "the progress page reloads itself by the Refresh header"
    );
    assert!(running.html.contains("正在试导入"), "{}", running.html);
    assert!(
        running
            .html
            .replace("&#x2f;", "/")
            .contains("已处理 0 / 450 行"),
        "{}",
        running.html
    );
    assert!(!running.html.contains("http-equiv"));
    // Someone else's kept file and its dry run are not found.
    assert_eq!(other.get(&preview_path).await.status, 404);
    drop(hold);
    let preview = until_finished(&mut web, &preview_path).await;
    assert_eq!(preview.status, 200, "{}", preview.html);
    assert!(preview.html.contains("将新建 450 条"), "{}", preview.html);
    let token = app.login("city.admin@test.cn", PASSWORD).await;
    let units = app.get("/api/v1/units", Some(&token)).await;
    assert_eq!(units.body["total"], 0, "a dry run stores nothing");

    let hold = hold_units(&app);
    let started = web
        .post(&format!("{preview_path}/apply"), &[("csrf", &csrf)])
        .await;
    assert_eq!(started.status, 303, "{}", started.html);
    let applying = started.location().to_owned();
    assert!(
        applying.starts_with(&format!("{preview_path}/apply/")),
        "{applying}"
    );
    let running = web.get(&applying).await;
    assert_eq!(
        running.headers.get("refresh").and_then(|v| v.to_str().ok()),
        Some("2")
    );
    assert!(running.html.contains("正在导入"), "{}", running.html);
    assert_eq!(
        other.get(&applying).await.status,
        404,
        "another admin's ticket"
    );
    drop(hold);
    let done = until_finished(&mut web, &applying).await;
    assert_eq!(done.status, 303, "{}", done.html);
    assert!(done.location().starts_with("/city/imports?done=units"));
    let summary = web.get(done.location()).await;
    assert!(summary.html.contains("新建 450"), "{}", summary.html);
    // The kept file is gone, and so is its page.
    assert_eq!(web.get(&preview_path).await.status, 404);

    // A file without the template's header row ends its dry run with the reason, as before.
    let up = post_file(
        &app,
        &web,
        "/city/imports/units",
        &[("csrf", &csrf)],
        "单位.csv",
        "名称,类型\r\n甲,乙\r\n".as_bytes(),
    )
    .await;
    let refused = until_finished(&mut web, up.location()).await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(
        refused.html.contains("单位名称"),
        "the missing header is named: {}",
        refused.html
    );
}
