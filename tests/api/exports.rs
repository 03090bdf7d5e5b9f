//! The spreadsheet exports (XLSX and CSV), read back cell by cell: on the demo city, made through
//! the service's own paths, each export's title row, headers, typed cells (ids and phones as
//! text, dates as dates), defused formulas and scope.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde_json::{Value, json};

use crate::demo::{DEMO_PASSWORD, demo_app, items};
use crate::helpers::TestApp;

/// A downloaded file: status, content type, disposition and bytes.
struct Download {
    status: u16,
    content_type: String,
    disposition: String,
    cache: String,
    bytes: Vec<u8>,
}

async fn download(app: &TestApp, path: &str, token: &str, lang: Option<&str>) -> Download {
    let mut req = app
        .client
        .get(format!("{}{path}", app.base))
        .insert_header(("Authorization", format!("Bearer {token}")));
    if let Some(l) = lang {
        req = req.insert_header(("Accept-Language", l));
    }
    let mut r = req.send().await.unwrap();
    let header = |name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    };
    let (content_type, disposition, cache) = (
        header("content-type"),
        header("content-disposition"),
        header("cache-control"),
    );
    let bytes = r.body().limit(50 << 20).await.unwrap().to_vec();
    Download {
        status: r.status().as_u16(),
        content_type,
        disposition,
        cache,
        bytes,
    }
}

/// The sheet's cells, row by row.
fn cells(d: &Download) -> Vec<Vec<Data>> {
    assert_eq!(d.status, 200, "{}", String::from_utf8_lossy(&d.bytes));
    assert!(
        d.content_type.starts_with("application/vnd.openxmlformats"),
        "{}",
        d.content_type
    );
    assert!(d.disposition.starts_with("attachment"), "{}", d.disposition);
    assert!(
        d.disposition.contains("filename*=UTF-8''"),
        "{}",
        d.disposition
    );
    assert!(d.disposition.contains("filename=\""), "{}", d.disposition);
    assert_eq!(d.cache, "no-store");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(d.bytes.clone())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected a text cell, got {other:?}"),
    }
}

fn headers(rows: &[Vec<Data>]) -> Vec<String> {
    rows[1].iter().map(text).collect()
}

/// The Excel serial number of a `YYYY-MM-DD` date (days since 1899-12-30).
fn serial(date: &str) -> f64 {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (d - base).num_days() as f64
}

fn date_cell(c: &Data) -> f64 {
    match c {
        Data::DateTime(d) if d.is_datetime() => d.as_f64(),
        other => panic!("expected a date cell, got {other:?}"),
    }
}

/// The demo's logins by role: (city admin, a unit admin with their unit's name, a mentor).
struct Logins {
    city: String,
    unit: String,
    unit_name: String,
    mentor: String,
}

async fn logins(app: &TestApp, demo: &[peidai::demo::DemoLogin]) -> Logins {
    use peidai::domain::role::Role;
    let find = |r: Role| demo.iter().find(|l| l.roles.contains(&r)).unwrap();
    let unit_admin = find(Role::UnitAdmin);
    Logins {
        city: app.login(&find(Role::CityAdmin).email, DEMO_PASSWORD).await,
        unit: app.login(&unit_admin.email, DEMO_PASSWORD).await,
        unit_name: unit_admin.unit.clone().unwrap(),
        mentor: app
            .login(
                &demo
                    .iter()
                    .find(|l| l.roles == vec![Role::Mentor])
                    .unwrap()
                    .email,
                DEMO_PASSWORD,
            )
            .await,
    }
}

/// Every item of a list, read through the JSON API 100 at a time.
async fn all(app: &TestApp, path: &str, token: &str) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut out = Vec::new();
    for page in 1.. {
        let r = app
            .get(&format!("{path}{sep}per_page=100&page={page}"), Some(token))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let got = items(&r.body);
        let n = got.len();
        out.extend(got);
        if n < 100 {
            break;
        }
    }
    out
}

fn today(app: &TestApp) -> String {
    app.state.clock.today().format("%Y-%m-%d").to_string()
}

#[actix_web::test]
async fn the_nominations_of_a_round_are_a_typed_list_city_wide_and_for_one_unit_only() {
    let (app, demo) = demo_app().await;
    let l = logins(&app, &demo).await;
    let rounds = items(
        &app.get("/api/v1/selection-rounds", Some(&l.city))
            .await
            .body,
    );
    let mut checked = 0;
    for round in &rounds {
        let id = round["id"].as_i64().unwrap();
        let path = format!("/api/v1/selection-rounds/{id}/nominations");
        let json = all(&app, &path, &l.city).await;
        if json.is_empty() {
            continue;
        }
        checked += 1;
        let rows = cells(&download(&app, &format!("{path}?format=xlsx"), &l.city, None).await);
        let title = text(&rows[0][0]);
        assert!(title.starts_with("推荐人选名单"), "{title}");
        assert!(title.contains(round["name"].as_str().unwrap()), "{title}");
        assert!(
            title.contains("全市") && title.ends_with(&today(&app)),
            "{title}"
        );
        assert_eq!(
            headers(&rows),
            [
                "序号",
                "姓名",
                "性别",
                "出生日期",
                "学历",
                "职称或技能等级",
                "工作单位及职务",
                "人才类别",
                "在本市工作年限",
                "主要荣誉和奖项",
                "状态"
            ]
        );
        let data = &rows[2..];
        assert_eq!(data.len(), json.len(), "every nomination, not one page");
        for (i, (row, n)) in data.iter().zip(&json).enumerate() {
            assert_eq!(row[0], Data::Float((i + 1) as f64));
            assert_eq!(text(&row[1]), n["candidate_name"].as_str().unwrap());
            let full = app
                .get(&format!("/api/v1/nominations/{}", n["id"]), Some(&l.city))
                .await
                .body;
            match full["birth_date"].as_str() {
                Some(d) => assert_eq!(date_cell(&row[3]), serial(d)),
                None => assert_eq!(row[3], Data::Empty),
            }
        }

        // The unit admin's file holds their unit's nominations only, as their list does.
        let own = all(&app, &path, &l.unit).await;
        let rows = cells(&download(&app, &format!("{path}?format=xlsx"), &l.unit, None).await);
        assert!(text(&rows[0][0]).contains(&l.unit_name));
        assert_eq!(rows.len() - 2, own.len());
        assert!(rows[2..].iter().all(|r| text(&r[6]) == l.unit_name));
    }
    assert!(checked > 0, "the demo has a round with nominations");

    // A round that is not there answers 404; a mentor may not export (403).
    let missing = download(
        &app,
        "/api/v1/selection-rounds/999999/nominations?format=xlsx",
        &l.city,
        None,
    )
    .await;
    assert_eq!(missing.status, 404);
    let id = rounds[0]["id"].as_i64().unwrap();
    let refused = download(
        &app,
        &format!("/api/v1/selection-rounds/{id}/nominations?format=csv"),
        &l.mentor,
        None,
    )
    .await;
    assert_eq!(refused.status, 403);
}

#[actix_web::test]
async fn the_pool_register_keeps_certificate_numbers_as_text_and_defuses_a_formula() {
    let (app, demo) = demo_app().await;
    let l = logins(&app, &demo).await;
    let pool = all(&app, "/api/v1/mentors", &l.city).await;
    assert!(!pool.is_empty());
    // A unit whose name looks like a formula (the city admin renames it through the API; not
    // the unit admin's, whose name the scope check below compares).
    let units = all(&app, "/api/v1/units", &l.city).await;
    let own_unit = units
        .iter()
        .find(|u| u["name"] == l.unit_name.as_str())
        .unwrap()["id"]
        .clone();
    let unit = pool.iter().find(|m| m["unit_id"] != own_unit).unwrap()["unit_id"]
        .as_i64()
        .unwrap();
    let renamed = app
        .patch(
            &format!("/api/v1/units/{unit}"),
            Some(&l.city),
            json!({"name": "=HYPERLINK(\"x\")研究所"}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);

    let file = download(&app, "/api/v1/mentors?format=xlsx", &l.city, None).await;
    // Kept for people to open (target/exports/), as the README's example of a file.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/exports");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("mentor-pool.xlsx"), &file.bytes).unwrap();
    let rows = cells(&file);
    assert!(text(&rows[0][0]).starts_with("人才培带人库名册　全市"));
    assert_eq!(
        headers(&rows),
        [
            "证书编号",
            "姓名",
            "单位",
            "人才类别",
            "聘期起",
            "聘期止",
            "状态",
            "撤销日期",
            "原因"
        ]
    );
    assert_eq!(rows.len() - 2, pool.len());
    for (row, m) in rows[2..].iter().zip(&pool) {
        assert_eq!(
            row[0],
            Data::String(m["certificate_no"].as_str().unwrap().into())
        );
        assert_eq!(text(&row[1]), m["name"].as_str().unwrap());
        assert_eq!(
            date_cell(&row[4]),
            serial(m["appointed_on"].as_str().unwrap())
        );
        assert_eq!(
            date_cell(&row[5]),
            serial(m["term_ends_on"].as_str().unwrap())
        );
        if m["unit_id"] == unit {
            assert_eq!(row[2], Data::String("=HYPERLINK(\"x\")研究所".into()));
        }
        if m["status"] == "revoked" {
            assert_eq!(
                date_cell(&row[7]),
                serial(m["revoked_on"].as_str().unwrap())
            );
        }
    }

    // The CSV holds the same list: a byte-order mark, CRLF, every field quoted, the formula
    // defused with a leading quote.
    let csv = download(&app, "/api/v1/mentors?format=csv", &l.city, None).await;
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"));
    let body = String::from_utf8(csv.bytes).unwrap();
    assert!(body.starts_with('\u{FEFF}'));
    let lines: Vec<&str> = body.trim_start_matches('\u{FEFF}').split("\r\n").collect();
    assert!(lines[0].starts_with("\"人才培带人库名册　全市　"));
    assert_eq!(
        lines[1],
        "\"证书编号\",\"姓名\",\"单位\",\"人才类别\",\"聘期起\",\"聘期止\",\"状态\",\"撤销日期\",\"原因\""
    );
    assert_eq!(
        lines.len(),
        pool.len() + 3,
        "title, headers, rows, and the last CRLF"
    );
    assert!(body.contains("\"'=HYPERLINK(\"\"x\"\")研究所\""), "{body}");

    // In English the headers are English; the filters of the register apply.
    let en = cells(
        &download(
            &app,
            "/api/v1/mentors?format=xlsx&status=active",
            &l.city,
            Some("en"),
        )
        .await,
    );
    assert!(text(&en[0][0]).starts_with("Mentor pool register　City-wide"));
    assert_eq!(text(&en[1][0]), "Certificate No.");
    let active = all(&app, "/api/v1/mentors?status=active", &l.city).await;
    assert_eq!(en.len() - 2, active.len());

    // A unit admin's register is their unit's only.
    let own = all(&app, "/api/v1/mentors", &l.unit).await;
    let rows = cells(&download(&app, "/api/v1/mentors?format=xlsx", &l.unit, None).await);
    assert_eq!(rows.len() - 2, own.len());
    assert!(rows[2..].iter().all(|r| text(&r[2]) == l.unit_name));
}

#[actix_web::test]
async fn the_contract_register_names_the_mentor_the_mentees_and_the_cycle() {
    let (app, demo) = demo_app().await;
    let l = logins(&app, &demo).await;
    let list = all(&app, "/api/v1/contracts", &l.city).await;
    assert!(!list.is_empty());
    let rows = cells(&download(&app, "/api/v1/contracts?format=xlsx", &l.city, None).await);
    assert!(text(&rows[0][0]).starts_with("培带联系书登记表　全市"));
    assert_eq!(
        headers(&rows),
        [
            "序号",
            "导师",
            "单位",
            "培带对象1",
            "培带对象2",
            "培带对象3",
            "培带对象4",
            "培带对象5",
            "培带期起",
            "培带期止",
            "培带期（月）",
            "状态",
            "更换情况",
            "终止原因"
        ]
    );
    assert_eq!(rows.len() - 2, list.len());
    for (row, k) in rows[2..].iter().zip(&list) {
        assert_eq!(text(&row[1]), k["mentor_name"].as_str().unwrap());
        let mentees: Vec<String> = k["mentees"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap().to_owned())
            .collect();
        for (i, name) in mentees.iter().take(5).enumerate() {
            assert_eq!(&text(&row[3 + i]), name);
        }
        assert_eq!(
            date_cell(&row[8]),
            serial(k["start_date"].as_str().unwrap())
        );
        assert_eq!(date_cell(&row[9]), serial(k["end_date"].as_str().unwrap()));
        assert_eq!(row[10], Data::Float(k["cycle_months"].as_f64().unwrap()));
        for former in k["former_mentees"].as_array().unwrap() {
            assert!(text(&row[12]).contains(former["name"].as_str().unwrap()));
        }
    }
    let own = all(&app, "/api/v1/contracts", &l.unit).await;
    let rows = cells(&download(&app, "/api/v1/contracts?format=xlsx", &l.unit, None).await);
    assert_eq!(rows.len() - 2, own.len());
    assert!(rows[2..].iter().all(|r| text(&r[2]) == l.unit_name));
    // A mentor sees their contracts in the JSON list but may not export it.
    let refused = download(&app, "/api/v1/contracts?format=xlsx", &l.mentor, None).await;
    assert_eq!(refused.status, 403);
}

#[actix_web::test]
async fn the_assessment_results_carry_the_evidence_summary_per_unit_and_city_wide() {
    let (app, demo) = demo_app().await;
    let l = logins(&app, &demo).await;
    let rounds = items(
        &app.get("/api/v1/assessment-rounds", Some(&l.city))
            .await
            .body,
    );
    let round = &rounds[0];
    let path = format!("/api/v1/assessment-rounds/{}/assessments", round["id"]);
    let list = all(&app, &path, &l.city).await;
    assert!(!list.is_empty());
    let rows = cells(&download(&app, &format!("{path}?format=xlsx"), &l.city, None).await);
    let title = text(&rows[0][0]);
    assert!(
        title.starts_with(&format!("考核结果汇总表　{}年度　全市", round["year"])),
        "{title}"
    );
    assert_eq!(
        headers(&rows),
        [
            "序号",
            "证书编号",
            "姓名",
            "单位",
            "考核类型",
            "考核期起",
            "考核期止",
            "指标完成情况（完成/目标）",
            "达标指标数",
            "活动次数",
            "活动学时",
            "有异议活动",
            "系统建议等次",
            "评定等次",
            "状态"
        ]
    );
    assert_eq!(rows.len() - 2, list.len());
    for (row, a) in rows[2..].iter().zip(&list) {
        assert_eq!(
            row[1],
            Data::String(a["certificate_no"].as_str().unwrap().into())
        );
        assert_eq!(text(&row[2]), a["mentor_name"].as_str().unwrap());
        assert_eq!(
            date_cell(&row[5]),
            serial(a["period_from"].as_str().unwrap())
        );
        let detail = app
            .get(&format!("/api/v1/assessments/{}", a["id"]), Some(&l.city))
            .await
            .body;
        let e = &detail["evidence"];
        assert_eq!(
            row[9],
            Data::Float(e["activities"].as_f64().unwrap()),
            "{detail}"
        );
        assert_eq!(
            row[11],
            Data::Float(e["disputed_activities"].as_f64().unwrap())
        );
        assert!(!text(&row[12]).is_empty(), "a suggested grade");
    }
    let own = all(&app, &path, &l.unit).await;
    let rows = cells(&download(&app, &format!("{path}?format=xlsx"), &l.unit, None).await);
    assert_eq!(rows.len() - 2, own.len());
    assert!(rows[2..].iter().all(|r| text(&r[3]) == l.unit_name));
    let refused = download(&app, &format!("{path}?format=xlsx"), &l.mentor, None).await;
    assert_eq!(refused.status, 403);

    // The unit report's format gains xlsx.
    let unit = own[0]["unit_id"].as_i64().unwrap();
    let report = format!(
        "/api/v1/assessment-rounds/{}/units/{unit}/report?format=xlsx",
        round["id"]
    );
    let rows = cells(&download(&app, &report, &l.unit, None).await);
    assert_eq!(rows.len() - 2, own.len());
    assert_eq!(text(&rows[1][3]), "证书编号");
}

#[actix_web::test]
async fn the_bus_card_and_health_check_lists_hold_what_their_readers_need_as_text() {
    let (app, demo) = demo_app().await;
    let l = logins(&app, &demo).await;
    let cards = all(&app, "/api/v1/benefits?kind=bus_card", &l.city).await;
    let rows = cells(
        &download(
            &app,
            "/api/v1/benefits?kind=bus_card&format=xlsx",
            &l.city,
            None,
        )
        .await,
    );
    assert!(text(&rows[0][0]).starts_with("人才公交IC卡名单　全市"));
    assert_eq!(
        headers(&rows),
        [
            "序号",
            "姓名",
            "身份证号",
            "卡号",
            "单位",
            "联系电话",
            "有效期起",
            "有效期止",
            "状态"
        ]
    );
    assert_eq!(rows.len() - 2, cards.len());
    let mut numbers = 0;
    for row in &rows[2..] {
        let listed = cards.iter().find(|b| b["mentor_name"] == text(&row[1]));
        if let Some(card) = listed.and_then(|n| n["details"]["card_number"].as_str()) {
            assert_eq!(row[3], Data::String(card.into()));
            numbers += 1;
        }
        // The demo's phones are eleven digits: a text cell, never a number.
        assert!(
            matches!(row[5], Data::String(_) | Data::Empty),
            "{:?}",
            row[5]
        );
    }
    assert!(numbers > 0, "an issued card is listed with its number");

    let checks = all(&app, "/api/v1/benefits?kind=health_check", &l.city).await;
    let rows = cells(
        &download(
            &app,
            "/api/v1/benefits?kind=health_check&format=xlsx",
            &l.city,
            None,
        )
        .await,
    );
    assert!(text(&rows[0][0]).starts_with("健康体检名单　全市"));
    assert_eq!(text(&rows[1][3]), "身份证号");
    assert_eq!(text(&rows[1][5]), "联系电话");
    assert_eq!(rows.len() - 2, checks.len());
    let phones: Vec<&Data> = rows[2..].iter().map(|r| &r[5]).collect();
    assert!(
        phones
            .iter()
            .any(|p| matches!(p, Data::String(s) if s.len() == 11)),
        "{phones:?}"
    );
    assert!(
        phones
            .iter()
            .all(|p| matches!(p, Data::String(_) | Data::Empty))
    );

    // A unit admin's list is their unit's; a mentor may not export.
    let own = all(&app, "/api/v1/benefits?kind=bus_card", &l.unit).await;
    let rows = cells(
        &download(
            &app,
            "/api/v1/benefits?kind=bus_card&format=xlsx",
            &l.unit,
            None,
        )
        .await,
    );
    assert_eq!(rows.len() - 2, own.len());
    assert!(rows[2..].iter().all(|r| text(&r[4]) == l.unit_name));
    let refused = download(
        &app,
        "/api/v1/benefits?kind=bus_card&format=csv",
        &l.mentor,
        None,
    )
    .await;
    assert_eq!(refused.status, 403);
}

#[actix_web::test]
async fn the_activity_statistics_count_a_year_by_unit_mentor_and_kind() {
    let (app, demo) = demo_app().await;
    let l = logins(&app, &demo).await;
    let year = app.state.clock.today().format("%Y").to_string();
    let path = format!("/api/v1/activity-statistics?year={year}");
    let stats = app.get(&path, Some(&l.city)).await;
    assert_eq!(stats.status, 200, "{}", stats.body);
    let lines = stats.body["items"].as_array().unwrap().clone();
    assert!(!lines.is_empty(), "the demo logged activities this year");
    let rows = cells(&download(&app, &format!("{path}&format=xlsx"), &l.city, None).await);
    assert!(text(&rows[0][0]).starts_with(&format!("培带活动统计　{year}年度　全市")));
    assert_eq!(
        headers(&rows),
        ["单位", "导师", "证书编号", "活动类型", "活动次数", "学时"]
    );
    assert_eq!(
        rows.len() - 3,
        lines.len(),
        "one row per line, then the total"
    );
    for (row, s) in rows[2..].iter().zip(&lines) {
        assert_eq!(text(&row[1]), s["mentor_name"].as_str().unwrap());
        assert_eq!(
            row[2],
            Data::String(s["certificate_no"].as_str().unwrap().into())
        );
        assert_eq!(row[4], Data::Float(s["activities"].as_f64().unwrap()));
    }
    let total = rows.last().unwrap();
    assert_eq!(text(&total[0]), "合计");
    assert_eq!(
        total[4],
        Data::Float(stats.body["total_activities"].as_f64().unwrap())
    );

    // The unit admin's statistics are their unit's, even when naming another unit.
    let other = lines
        .iter()
        .find(|s| s["unit_name"] != l.unit_name.as_str())
        .map(|s| s["unit_id"].as_i64().unwrap());
    let mut own_path = path.clone();
    if let Some(u) = other {
        own_path.push_str(&format!("&unit_id={u}"));
    }
    let own = app.get(&own_path, Some(&l.unit)).await.body;
    assert!(
        own["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["unit_name"] == l.unit_name.as_str())
    );
    let refused = app.get(&path, Some(&l.mentor)).await;
    assert_eq!(refused.status, 403);
    let bad = app
        .get("/api/v1/activity-statistics?year=1", Some(&l.city))
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body["fields"]["year"].is_object(), "{}", bad.body);
}

/// The download links of a page (`/exports/…`), as the browser follows them.
fn export_links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|h| h.replace("&#x2f;", "/").replace("&amp;", "&"))
        .filter(|h| h.starts_with("/exports/"))
        .collect()
}

#[actix_web::test]
async fn the_list_pages_have_download_buttons_that_keep_the_filters_and_lead_to_a_file() {
    use crate::page_checks::assert_page;
    use crate::web_client::WebClient;
    use peidai::domain::role::Role;
    let (app, demo) = demo_app().await;
    let city = demo
        .iter()
        .find(|l| l.roles.contains(&Role::CityAdmin))
        .unwrap();
    let unit = demo
        .iter()
        .find(|l| l.roles.contains(&Role::UnitAdmin))
        .unwrap();
    let token = app.login(&city.email, DEMO_PASSWORD).await;
    let active = all(&app, "/api/v1/mentors?status=active", &token).await;

    let mut web = WebClient::new(&app);
    web.sign_in(&city.email, DEMO_PASSWORD).await;
    let page = web.get("/city/pool?status=active").await;
    assert_page(&page, "/city/pool", "zh-CN");
    let links = export_links(&page.html);
    assert_eq!(
        links,
        [
            "/exports/pool?format=xlsx&status=active",
            "/exports/pool?format=csv&status=active"
        ]
    );
    let xlsx = web.get(&links[0]).await;
    assert_eq!(xlsx.status, 200);
    assert!(
        xlsx.header("content-type")
            .starts_with("application/vnd.openxmlformats")
    );
    assert!(
        xlsx.header("content-disposition")
            .contains("filename*=UTF-8''")
    );
    let csv = web.get(&links[1]).await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.html.starts_with("\u{FEFF}\"人才培带人库名册　全市"),
        "{}",
        csv.html
    );
    assert_eq!(
        csv.html.split("\r\n").count(),
        active.len() + 3,
        "the filter of the page is kept"
    );
    // The review summary of a round offers the city-wide list of its nominated candidates.
    let rounds = all(&app, "/api/v1/selection-rounds", &token).await;
    let round = rounds[0]["id"].as_i64().unwrap();
    let review = format!("/city/rounds/{round}/review");
    let p = web.get(&review).await;
    assert_page(&p, &review, "zh-CN");
    let links = export_links(&p.html);
    assert_eq!(
        links,
        [
            format!("/exports/nominations/{round}?format=xlsx"),
            format!("/exports/nominations/{round}?format=csv")
        ]
    );
    let csv = web.get(&links[1]).await;
    assert_eq!(csv.status, 200, "{}", links[1]);
    assert!(
        csv.html.starts_with("\u{FEFF}\"推荐人选名单"),
        "{}",
        csv.html
    );
    assert!(csv.html.contains("全市"), "{}", csv.html);
    for page in [
        "/city/contracts",
        "/city/benefits/bus_card",
        "/city/benefits/health_check",
    ] {
        let p = web.get(page).await;
        assert_page(&p, page, "zh-CN");
        let links = export_links(&p.html);
        assert_eq!(links.len(), 2, "{page}");
        assert_eq!(web.get(&links[0]).await.status, 200, "{}", links[0]);
    }

    // A unit admin's buttons lead to their unit's files; a mentor's session may not download.
    let mut web = WebClient::new(&app);
    web.sign_in(&unit.email, DEMO_PASSWORD).await;
    for page in [
        "/unit/contracts",
        "/unit/activities",
        "/unit/nominations",
        "/unit/assessments",
    ] {
        let p = web.get(page).await;
        assert_page(&p, page, "zh-CN");
        let links = export_links(&p.html);
        assert_eq!(links.len(), 2, "{page}");
        let csv = web.get(&links[1]).await;
        assert_eq!(csv.status, 200, "{}", links[1]);
        assert!(
            csv.html.contains(unit.unit.as_deref().unwrap()),
            "{}",
            csv.html
        );
    }
    let mentor = demo.iter().find(|l| l.roles == vec![Role::Mentor]).unwrap();
    let mut web = WebClient::new(&app);
    web.sign_in(&mentor.email, DEMO_PASSWORD).await;
    assert_eq!(web.get("/exports/pool?format=xlsx").await.status, 403);
}

#[actix_web::test]
async fn the_openapi_document_describes_the_format_and_the_file_answers() {
    let spec = serde_json::to_value(peidai::startup::openapi()).unwrap();
    let format = &spec["components"]["schemas"]["ReportFormat"];
    assert_eq!(format["enum"], json!(["json", "csv", "xlsx"]), "{format}");
    for path in [
        "/api/v1/mentors",
        "/api/v1/contracts",
        "/api/v1/benefits",
        "/api/v1/selection-rounds/{id}/nominations",
        "/api/v1/assessment-rounds/{id}/assessments",
        "/api/v1/activity-statistics",
    ] {
        let op = &spec["paths"][path]["get"];
        let content = &op["responses"]["200"]["content"];
        assert!(
            content["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
                .is_object()
                && content["text/csv"].is_object()
                && content["application/json"].is_object(),
            "{path}: {content}"
        );
        let param = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "format")
            .unwrap_or_else(|| panic!("{path}: no format parameter"));
        assert!(
            param.to_string().contains("ReportFormat"),
            "{path}: {param}"
        );
    }
}
