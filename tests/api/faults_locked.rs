//! A locked SQLite database: another connection holds the write lock longer than
//! `database.sqlite_busy_timeout_ms`. API writes answer 503 with `Retry-After` and the error in
//! Chinese, a page's form answers a 503 page, reads keep working (WAL), and nothing answers 500;
//! once the lock is released the same requests succeed and everything acknowledged is there.
//! It runs on a SQLite file in both runs of the suite, since SQLite's locking is what it tests.

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use serde_json::json;

use peidai::db::DatabaseUrl;

use crate::helpers::{PASSWORD, TestApp, spawn_configured};
use crate::web_client::WebClient;

/// A write lock on the app's SQLite file, held by a connection of its own until dropped.
struct Lock(SqliteConnection);

impl Lock {
    fn take(app: &TestApp) -> Self {
        let DatabaseUrl::Sqlite(path) = &app.state.settings.database.url else {
            unreachable!("an SQLite app")
        };
        let mut conn = SqliteConnection::establish(&path.to_string_lossy()).unwrap();
        // Not a moment's wait: the lock is taken now or the test fails here.
        conn.batch_execute("PRAGMA busy_timeout = 0; BEGIN EXCLUSIVE;")
            .expect("the write lock");
        Self(conn)
    }

    fn release(mut self) {
        self.0.batch_execute("COMMIT;").expect("the lock released");
    }
}

/// The names of the units the API lists to `token`.
async fn unit_names(app: &TestApp, token: &str) -> Vec<String> {
    let res = app.get("/api/v1/units", Some(token)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mut names: Vec<String> = res.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[actix_web::test]
async fn a_locked_sqlite_database_answers_503_with_retry_after_and_loses_nothing_acknowledged() {
    // SQLite's locking is what is tested, so this runs on a SQLite file in both runs of the
    // suite (also when TEST_DATABASE_URL names PostgreSQL).
    let sqlite_dir = tempfile::tempdir().expect("temp dir");
    let sqlite_url = format!("sqlite://{}", sqlite_dir.path().join("locked.db").display());
    let app = spawn_configured(&[("database.sqlite_busy_timeout_ms", "200")], |s| {
        s.database.url = sqlite_url.parse().expect("a SQLite URL");
    })
    .await;
    let (_, city) = app.city_admin().await;
    let before = app.create_unit(&city, "锁前单位", "college").await;
    let mut web = WebClient::new(&app);
    web.sign_in("city.admin@test.cn", PASSWORD).await;
    let form = web.get("/city/units/new").await;
    assert_eq!(form.status, 200, "{}", form.html);
    let csrf = form.csrf();

    let lock = Lock::take(&app);
    let unit = json!({ "name": "锁中单位", "kind": "enterprise" });
    for _ in 0..3 {
        let res = app.post("/api/v1/units", Some(&city), unit.clone()).await;
        assert_eq!(res.status, 503, "{}", res.body);
        assert_eq!(res.body["error"], "service_unavailable");
        assert_eq!(res.body["message"], "服务繁忙，请稍后再试");
        let retry: u64 = res
            .headers
            .get("retry-after")
            .expect("Retry-After")
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(retry >= 1, "Retry-After: {retry}");
    }
    let english = app
        .client
        .post(format!("{}/api/v1/units", app.base))
        .insert_header(("Authorization", format!("Bearer {city}")))
        .insert_header(("Accept-Language", "en"))
        .send_json(&unit)
        .await
        .unwrap();
    assert_eq!(english.status(), 503);
    let mut english = english;
    let body: serde_json::Value = english.json().await.unwrap();
    assert_eq!(body["message"], "The service is busy; try again shortly");

    // Signing in writes too (the audit log, the session): 503 as well, on the API and the page.
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({ "email": "city.admin@test.cn", "password": PASSWORD }),
        )
        .await;
    assert_eq!(login.status, 503, "{}", login.body);
    assert!(login.headers.contains_key("retry-after"));
    let mut newcomer = WebClient::new(&app);
    let sign_in = newcomer.get("/login").await;
    assert_eq!(sign_in.status, 200, "{}", sign_in.html);
    let refused = newcomer
        .post(
            "/login",
            &[
                ("csrf", &sign_in.csrf()),
                ("email", "city.admin@test.cn"),
                ("password", PASSWORD),
                ("next", "/home"),
            ],
        )
        .await;
    assert_eq!(refused.status, 503, "{}", refused.html);
    assert!(refused.html.contains("服务繁忙，请稍后再试"));

    let page = web
        .post(
            "/city/units/new",
            &[("csrf", &csrf), ("name", "锁中表单单位"), ("kind", "other")],
        )
        .await;
    assert_eq!(page.status, 503, "{}", page.html);
    assert!(page.headers.contains_key("retry-after"));
    assert!(page.html.contains("<html lang=\"zh-CN\">"), "{}", page.html);
    assert!(page.html.contains("服务繁忙，请稍后再试"), "{}", page.html);

    // Reads go on in WAL while the writer is locked out: the API and the pages.
    assert_eq!(unit_names(&app, &city).await, ["锁前单位"]);
    let one = app
        .get(&format!("/api/v1/units/{before}"), Some(&city))
        .await;
    assert_eq!(one.status, 200, "{}", one.body);
    let list = web.get("/city/units").await;
    assert_eq!(list.status, 200, "{}", list.html);
    assert!(list.html.contains("锁前单位"));

    lock.release();
    let res = app.post("/api/v1/units", Some(&city), unit.clone()).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let page = web
        .post(
            "/city/units/new",
            &[("csrf", &csrf), ("name", "锁中表单单位"), ("kind", "other")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.html);
    newcomer.sign_in("city.admin@test.cn", PASSWORD).await;
    assert_eq!(
        unit_names(&app, &city).await,
        ["锁中单位", "锁中表单单位", "锁前单位"],
        "each unit once: the refused requests stored nothing, the acknowledged ones are all there"
    );
}
