//! The pages: the unit admin's and the city admin's dashboards, over the demo city. Their figures
//! are compared with what the API's lists say for the same caller; the charts' SVG must be
//! well-formed and hold the same numbers as the table beside it.

use peidai::demo::DemoLogin;
use peidai::domain::role::Role;

use crate::demo::{DEMO_PASSWORD, demo_app};
use crate::helpers::TestApp;
use crate::page_checks::assert_page;
use crate::web_client::WebClient;

const SONGSHAN_ADMIN: &str = "songshan.admin@demo.peidai.cn";
const HEALTH_ADMIN: &str = "health.admin@demo.peidai.cn";
const CITY_ADMIN: &str = "admin@demo.peidai.cn";

/// A browser speaking `lang`, signed in as `email`.
async fn signed_in<'a>(app: &'a TestApp, email: &str, lang: &'static str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.sign_in(email, DEMO_PASSWORD).await;
    let switched = web.get(&format!("/language?lang={lang}&next=/home")).await;
    assert_eq!(switched.status, 303, "{}", switched.html);
    web
}

/// The text of `<main>` without its tags.
fn main_text(html: &str) -> String {
    let start = html.find("<main").unwrap_or(0);
    let end = html[start..]
        .find("</main>")
        .map_or(html.len(), |e| start + e);
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html[start..end].chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}

/// Latin words of three letters or more in the page's main text (none on a Chinese page).
fn latin_words(html: &str) -> Vec<String> {
    main_text(html)
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .map(str::to_owned)
        .collect()
}

/// The number shown for `data-figure="{id}"`.
fn figure(html: &str, id: &str) -> i64 {
    let mark = format!("data-figure=\"{id}\">");
    let at = html.find(&mark).unwrap_or_else(|| panic!("no figure {id}")) + mark.len();
    let rest = &html[at..];
    rest[..rest.find('<').unwrap()].trim().parse().unwrap()
}

/// The number in the cell `data-status="{status}"`.
fn status_cell(html: &str, status: &str) -> i64 {
    figure(
        &html.replace(
            &format!("data-status=\"{status}\">"),
            &format!("data-figure=\"status-{status}\">"),
        ),
        &format!("status-{status}"),
    )
}

/// The API's list total for the caller.
async fn api_total(app: &TestApp, token: &str, path: &str) -> i64 {
    let res = app.get(path, Some(token)).await;
    assert_eq!(res.status, 200, "{path}: {}", res.body);
    res.body["total"]
        .as_i64()
        .unwrap_or_else(|| panic!("{path} has no total: {}", res.body))
}

/// The part of the page from `id="{id}"` to the end of its section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[at..].find("</section>").unwrap() + at;
    &html[at..end]
}

/// A table's rows: the row's label and its figures (none for a dash).
fn table_rows(part: &str) -> Vec<(String, Vec<Option<i64>>)> {
    let body = &part[part.find("<tbody>").unwrap()..part.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .filter(|r| r.contains("scope=\"row\""))
        .map(|r| {
            let label_at = r.find("scope=\"row\">").unwrap() + "scope=\"row\">".len();
            let label = r[label_at..r[label_at..].find("</th>").unwrap() + label_at].to_owned();
            let cells = r
                .split("<td>")
                .skip(1)
                .map(|c| {
                    let cell = c[..c.find("</td>").unwrap()].trim();
                    (cell != "—").then(|| cell.parse().unwrap())
                })
                .collect();
            (label, cells)
        })
        .collect()
}

/// Checks that `svg` is well-formed XML as far as a chart goes: every tag closed in order,
/// attributes quoted, no bare `<` or `&` in text. Returns the texts of its elements.
fn well_formed(svg: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut texts = Vec::new();
    let mut rest = svg;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        check_text(text, svg);
        if !text.trim().is_empty() {
            texts.push(text.to_owned());
        }
        let gt = rest[lt..].find('>').expect("an unclosed tag") + lt;
        let tag = &rest[lt + 1..gt];
        assert!(!tag.contains('<'), "a `<` inside a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}> in {svg}"
            );
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body
                .split_whitespace()
                .next()
                .expect("a tag name")
                .to_owned();
            assert_eq!(
                body.matches('"').count() % 2,
                0,
                "unbalanced quotes in <{body}>"
            );
            for attr in body.split_whitespace().skip(1) {
                if attr.contains('=') {
                    check_text(attr, svg);
                }
            }
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[gt + 1..];
    }
    assert!(stack.is_empty(), "unclosed {stack:?} in {svg}");
    texts
}

fn check_text(text: &str, svg: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(&entity),
            "a bare & in {svg}"
        );
    }
}

fn logins_with(logins: &[DemoLogin], role: Role) -> Vec<&DemoLogin> {
    logins.iter().filter(|l| l.roles == vec![role]).collect()
}

/// What the API says of the unit's active contracts: how many fall short of a pro-rata target
/// today (their progress reports), and how many of their mentees have handed in no plan the
/// policy's days after the contract took effect.
async fn contracts_behind_and_plans_overdue(app: &TestApp, token: &str) -> (i64, i64) {
    let list = app
        .get("/api/v1/contracts?status=active&per_page=100", Some(token))
        .await
        .body;
    let today = app.state.clock.today();
    let after = i64::from(app.state.settings.policy.plan_reminder_after_days);
    let (mut behind, mut overdue) = (0, 0);
    for k in list["items"].as_array().unwrap() {
        let id = k["id"].as_i64().unwrap();
        let progress = app
            .get(&format!("/api/v1/contracts/{id}/progress"), Some(token))
            .await;
        if progress.status == 200
            && progress.body["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["shortfall"].as_f64().unwrap() > 0.0)
        {
            behind += 1;
        }
        let took_effect: chrono::NaiveDate = k["activated_at"]
            .as_str()
            .map(|t| t[..10].parse().unwrap())
            .unwrap_or_else(|| k["start_date"].as_str().unwrap().parse().unwrap());
        if (today - took_effect).num_days() < after {
            continue;
        }
        let plans = app
            .get(&format!("/api/v1/contracts/{id}/plans"), Some(token))
            .await
            .body;
        let handed_in: Vec<i64> = plans["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| {
                ["submitted", "approved", "returned"].contains(&p["status"].as_str().unwrap())
            })
            .map(|p| p["mentee_id"].as_i64().unwrap())
            .collect();
        overdue += k["mentees"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| !handed_in.contains(&m["user_id"].as_i64().unwrap()))
            .count() as i64;
    }
    (behind, overdue)
}

/// A mentee of the unit disputes an activity they attended (through the API, as from their
/// page), so that the unit has one to show.
async fn dispute_one(app: &TestApp, admin_token: &str) {
    let list = app
        .get("/api/v1/contracts?status=active", Some(admin_token))
        .await
        .body;
    for k in list["items"].as_array().unwrap() {
        let id = k["id"].as_i64().unwrap();
        let acts = app
            .get(
                &format!("/api/v1/contracts/{id}/activities"),
                Some(admin_token),
            )
            .await
            .body;
        for a in acts["items"].as_array().cloned().unwrap_or_default() {
            if a["locked"].as_bool() == Some(true) {
                continue;
            }
            for x in a["attendance"].as_array().unwrap() {
                let who = x["mentee_id"].as_i64().unwrap();
                let user = app
                    .get(&format!("/api/v1/users/{who}"), Some(admin_token))
                    .await
                    .body;
                let Some(email) = user["email"].as_str() else {
                    continue;
                };
                let token = app.login(email, DEMO_PASSWORD).await;
                let res = app
                    .post(
                        &format!("/api/v1/activities/{}/attendance", a["id"]),
                        Some(&token),
                        serde_json::json!({ "status": "disputed", "note": "当天未参加" }),
                    )
                    .await;
                if res.status == 200 {
                    return;
                }
            }
        }
    }
    panic!("no activity of the unit could be disputed");
}

#[actix_web::test]
async fn a_unit_admin_sees_their_own_units_figures_as_the_api_lists_them() {
    let (app, _) = demo_app().await;
    let health = app.login(HEALTH_ADMIN, DEMO_PASSWORD).await;
    dispute_one(&app, &health).await;
    let mut seen = Vec::new();
    for email in [SONGSHAN_ADMIN, HEALTH_ADMIN] {
        let token = app.login(email, DEMO_PASSWORD).await;
        let want = [
            (
                "active-mentors",
                api_total(&app, &token, "/api/v1/mentors?status=active").await,
            ),
            (
                "without-contract",
                api_total(&app, &token, "/api/v1/mentors-without-contract").await,
            ),
            (
                "without-mentor",
                api_total(&app, &token, "/api/v1/mentees-without-mentor").await,
            ),
            (
                "disputed",
                api_total(&app, &token, "/api/v1/disputed-activities").await,
            ),
        ];
        let (behind, overdue) = contracts_behind_and_plans_overdue(&app, &token).await;
        let rounds = app
            .get("/api/v1/assessment-rounds", Some(&token))
            .await
            .body;
        let round = rounds["items"][0]["id"]
            .as_i64()
            .expect("the demo's assessment round");
        let summary = app
            .get(&format!("/api/v1/assessment-rounds/{round}"), Some(&token))
            .await
            .body;
        for lang in ["zh-CN", "en"] {
            let mut web = signed_in(&app, email, lang).await;
            let mut page = web.get("/unit").await;
            page.html = page.html.replace("&#x2f;", "/");
            assert_page(&page, "/unit", lang);
            for (id, n) in want {
                assert_eq!(figure(&page.html, id), n, "{email} {id} ({lang})");
            }
            assert_eq!(figure(&page.html, "behind-target"), behind, "{email}");
            assert_eq!(figure(&page.html, "plans-overdue"), overdue, "{email}");
            for link in [
                "/unit/people",
                "/unit/contracts",
                "/unit/activities?disputed=1",
                "/unit/plans?overdue=1",
                "/unit/nominations",
                "/unit/assessments",
            ] {
                assert!(
                    page.html.contains(&format!("href=\"{link}\"")),
                    "{link}: {}",
                    page.html
                );
            }
            let total = summary["total"].as_i64().unwrap();
            assert_eq!(page.html.contains("id=\"assessment-progress\""), total > 0);
            for status in ["confirmed", "submitted", "returned"]
                .iter()
                .filter(|_| total > 0)
            {
                assert_eq!(
                    status_cell(&page.html, status),
                    summary["by_status"][*status].as_i64().unwrap(),
                    "{email} {status}"
                );
            }
            if lang == "zh-CN" {
                assert_eq!(latin_words(&page.html), Vec::<String>::new(), "{email}");
                assert!(page.html.contains("本单位培带情况"));
            } else {
                assert!(page.html.contains("Mentors without a contract"));
            }
        }
        eprintln!("{email}: {want:?}, behind {behind}, overdue {overdue}");
        seen.push(want);
    }
    assert!(
        seen[1][3].1 >= 1,
        "the disputed activity is counted: {seen:?}"
    );
    assert_eq!(seen[0][3].1, 0, "not in another unit: {seen:?}");
    assert_ne!(
        seen[0], seen[1],
        "two units of the demo show their own figures, not the city's"
    );
    // Half a year on, with nothing logged since, the unit's contracts fall behind the pace.
    app.set_time(app.state.clock.now() + chrono::Duration::days(200));
    let health = app.login(HEALTH_ADMIN, DEMO_PASSWORD).await;
    let (behind, overdue) = contracts_behind_and_plans_overdue(&app, &health).await;
    assert!(behind >= 1, "the demo's contracts are behind by then");
    let mut web = signed_in(&app, HEALTH_ADMIN, "zh-CN").await;
    let page = web.get("/unit").await;
    assert_page(&page, "/unit", "zh-CN");
    assert_eq!(figure(&page.html, "behind-target"), behind);
    assert_eq!(figure(&page.html, "plans-overdue"), overdue);
    assert!(page.html.contains("dash-figure--bad"), "behind is marked");
    // Each unit's figures are its own: the city's API totals are larger than either unit's.
    let city = app.login(CITY_ADMIN, DEMO_PASSWORD).await;
    let all = api_total(&app, &city, "/api/v1/mentors?status=active").await;
    assert!(seen.iter().all(|w| w[0].1 < all), "{seen:?} against {all}");
}

#[actix_web::test]
async fn the_city_dashboard_draws_well_formed_charts_holding_the_tables_numbers() {
    let (app, _) = demo_app().await;
    let token = app.login(CITY_ADMIN, DEMO_PASSWORD).await;
    let active = api_total(&app, &token, "/api/v1/mentors?status=active").await;
    let contracts_active = api_total(&app, &token, "/api/v1/contracts?status=active").await;
    for lang in ["zh-CN", "en"] {
        let mut web = signed_in(&app, CITY_ADMIN, lang).await;
        let page = web.get("/city").await;
        assert_page(&page, "/city", lang);
        assert_eq!(figure(&page.html, "active-mentors"), active);
        assert_eq!(figure(&page.html, "active-contracts"), contracts_active);
        if lang == "zh-CN" {
            assert_eq!(latin_words(&page.html), Vec::<String>::new());
        }
        let mut charts = 0;
        for id in [
            "category",
            "unit",
            "contracts",
            "activities",
            "grades",
            "benefits",
            "pool",
        ] {
            let part = section(&page.html, &format!("chart-{id}"));
            let svg = &part[part.find("<svg").unwrap()..part.find("</svg>").unwrap() + 6];
            assert!(
                svg.contains("role=\"img\"") && svg.contains("<title>"),
                "{id}"
            );
            let texts = well_formed(svg);
            let rows = table_rows(part);
            assert!(!rows.is_empty(), "{id} has a table");
            if ["category", "unit", "contracts", "benefits"].contains(&id) {
                // A bar chart: each row's label and figure are drawn, the non-zero ones.
                for (label, cells) in rows.iter().filter(|r| r.1[0].unwrap() > 0) {
                    assert!(texts.iter().any(|t| t == label), "{id}: {label} drawn");
                    assert!(
                        texts.iter().any(|t| *t == cells[0].unwrap().to_string()),
                        "{id}: {cells:?}"
                    );
                }
            } else {
                // Lines and groups: every figure is in the title of its dot or bar.
                for (label, cells) in &rows {
                    for n in cells.iter().flatten().filter(|n| **n > 0) {
                        assert!(
                            texts
                                .iter()
                                .any(|t| t.starts_with(label.as_str())
                                    && t.ends_with(&format!(": {n}"))),
                            "{id}: {label} {n} not drawn"
                        );
                    }
                }
            }
            if id == "category" {
                let sum: i64 = rows.iter().map(|r| r.1[0].unwrap()).sum();
                assert_eq!(sum, active, "the categories add up to the pool");
                for (code, zh) in [
                    ("professional_technical", "专业技术人才"),
                    ("high_skill", "高技能人才"),
                ] {
                    let n = api_total(
                        &app,
                        &token,
                        &format!("/api/v1/mentors?status=active&category={code}"),
                    )
                    .await;
                    if lang == "zh-CN" {
                        let row = rows.iter().find(|r| r.0 == zh).expect("a row per category");
                        assert_eq!(row.1[0], Some(n), "{code}");
                    }
                }
            }
            if id == "contracts" && lang == "zh-CN" {
                let row = rows.iter().find(|r| r.0 == "履行中").unwrap();
                assert_eq!(row.1[0], Some(contracts_active));
            }
            if id == "pool" {
                assert_eq!(
                    rows.last().unwrap().1[0],
                    Some(active),
                    "the pool today is the active mentors"
                );
            }
            charts += 1;
        }
        assert_eq!(charts, 7);
    }
}

#[actix_web::test]
async fn the_dashboards_answer_the_403_page_to_other_roles() {
    let (app, logins) = demo_app().await;
    let reviewer = logins_with(&logins, Role::Reviewer)[0].email.clone();
    let mentor = logins_with(&logins, Role::Mentor)[0].email.clone();
    for (email, path) in [
        (reviewer.as_str(), "/unit"),
        (reviewer.as_str(), "/city"),
        (mentor.as_str(), "/unit"),
        (mentor.as_str(), "/city"),
        (SONGSHAN_ADMIN, "/city"),
        (CITY_ADMIN, "/unit"),
    ] {
        for lang in ["zh-CN", "en"] {
            let mut web = signed_in(&app, email, lang).await;
            let page = web.get(path).await;
            assert_eq!(page.status, 403, "{email} {path}: {}", page.html);
            assert!(page.html.contains(&format!("<html lang=\"{lang}\">")));
        }
    }
    let mut anonymous = WebClient::new(&app);
    let page = anonymous.get("/city").await;
    assert_eq!(page.status, 303, "sent to sign in");
}
