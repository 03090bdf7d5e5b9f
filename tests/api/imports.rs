//! The imports (XLSX, and CSV in UTF-8, UTF-8 with a byte-order mark and GB18030), from the API and the command line.

use std::process::Command;

use peidai::domain::role::Role;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::helpers::{Res, TestApp, fresh_database, spawn, spawn_with};

const PEOPLE_HEADER: &str = "电子邮箱,姓名,角色,所在单位,性别,出生日期,学历,联系电话\r\n";

/// Imports `bytes` as `kind` with the query `q` (e.g. `apply=true`).
pub async fn import(app: &TestApp, token: &str, kind: &str, q: &str, bytes: Vec<u8>) -> Res {
    app.send_raw(
        "POST",
        &format!("/api/v1/imports/{kind}?name=test.csv&{q}"),
        Some(token),
        "application/octet-stream",
        bytes,
    )
    .await
}

async fn unit_total(app: &TestApp, token: &str) -> i64 {
    app.get("/api/v1/units?per_page=100", Some(token))
        .await
        .body["total"]
        .as_i64()
        .unwrap()
}

fn totals(res: &Res) -> (i64, i64, i64, i64) {
    let t = &res.body["totals"];
    let n = |k: &str| t[k].as_i64().unwrap();
    (n("create"), n("update"), n("unchanged"), n("refuse"))
}

fn units_csv(names: &[&str]) -> String {
    let mut s = "单位导入（示例）\r\n单位名称,单位类型,所在旗县区\r\n".to_owned();
    for n in names {
        s.push_str(&format!("{n},旗县区,{n}\r\n"));
    }
    s
}

#[actix_web::test]
async fn units_import_in_each_encoding_a_dry_run_stores_nothing_and_a_second_apply_changes_nothing()
{
    let app = spawn().await;
    let (_, token) = app.city_admin().await;
    let before = unit_total(&app, &token).await;
    let utf8 = units_csv(&["红山区", "松山区"]).into_bytes();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(units_csv(&["元宝山区"]).into_bytes());
    let gb_text = units_csv(&["翁牛特旗", "\"喀喇沁旗, 锦山镇\""]);
    let gb = encoding_rs::GB18030.encode(&gb_text).0.into_owned();
    assert!(
        std::str::from_utf8(&gb).is_err(),
        "the fixture is really GB18030"
    );
    let mut created = 0;
    for file in [utf8, bom, gb] {
        let dry = import(&app, &token, "units", "", file.clone()).await;
        assert_eq!(dry.status, 200, "{}", dry.body);
        assert_eq!(dry.body["dry_run"], true);
        assert_eq!(dry.body["applied"], false);
        let (c, _, _, r) = totals(&dry);
        assert_eq!(r, 0, "{}", dry.body);
        assert_eq!(
            unit_total(&app, &token).await,
            before + created,
            "a dry run stores nothing"
        );
        let applied = import(&app, &token, "units", "apply=true", file.clone()).await;
        assert_eq!(applied.body["applied"], true, "{}", applied.body);
        assert_eq!(totals(&applied).0, c);
        created += c;
        assert_eq!(unit_total(&app, &token).await, before + created);
        let again = import(&app, &token, "units", "apply=true", file).await;
        let (c2, u2, unchanged, _) = totals(&again);
        assert_eq!((c2, u2, unchanged), (0, 0, c), "{}", again.body);
    }
    assert_eq!(created, 5);
    let found = app
        .get("/api/v1/units?search=%E9%94%A6%E5%B1%B1", Some(&token))
        .await;
    assert_eq!(found.body["items"][0]["name"], "喀喇沁旗, 锦山镇");
    let audit = app
        .get("/api/v1/audit-events?action=import.apply", Some(&token))
        .await;
    assert_eq!(audit.body["total"], 6, "one entry per applied import");
    let creates = app
        .get("/api/v1/audit-events?action=unit.create", Some(&token))
        .await;
    assert_eq!(creates.body["total"], 5, "one entry per created unit");
}

/// A people workbook as Excel saves one: a title row, the header, dates as date cells and
/// phones as numbers.
fn people_xlsx(unit: &str) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_string(0, 0, "人员导入 2026-11-21").unwrap();
    for (i, h) in [
        "电子邮箱",
        "姓名",
        "角色",
        "所在单位",
        "出生日期",
        "联系电话",
        "学历",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, i as u16, *h).unwrap();
    }
    let rows = [
        (
            "Zhang.Wei@Test.cn",
            "张伟",
            "培带人",
            13804761234.0,
            "硕士研究生",
        ),
        (
            "li.na@test.cn",
            "李娜",
            "培带对象、培带人",
            4768123.0,
            "本科",
        ),
    ];
    for (r, (email, name, roles, phone, edu)) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        sheet.write_string(r, 0, *email).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        sheet.write_string(r, 2, *roles).unwrap();
        sheet.write_string(r, 3, unit).unwrap();
        let d = ExcelDateTime::from_ymd(1980, 5, 1).unwrap();
        sheet.write_datetime_with_format(r, 4, &d, &date).unwrap();
        sheet.write_number(r, 5, *phone).unwrap();
        sheet.write_string(r, 6, *edu).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[actix_web::test]
async fn a_people_workbook_is_imported_with_dates_numbers_and_roles_and_matched_by_email() {
    let app = spawn().await;
    let (_, token) = app.city_admin().await;
    app.create_unit(&token, "红山区", "banner_county_district")
        .await;
    let res = import(&app, &token, "people", "apply=true", people_xlsx("红山区")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body["applied"], true, "{}", res.body);
    assert_eq!(
        res.body["rows"][0]["row"], 3,
        "numbered as the spreadsheet shows it"
    );
    assert_eq!(res.body["rows"][0]["label"], "张伟 Zhang.Wei@Test.cn");
    let list = app
        .get("/api/v1/users?search=zhang.wei", Some(&token))
        .await;
    let id = list.body["items"][0]["id"].as_i64().unwrap();
    let user = app.get(&format!("/api/v1/users/{id}"), Some(&token)).await;
    assert_eq!(user.body["email"], "zhang.wei@test.cn");
    assert_eq!(user.body["status"], "invited");
    assert_eq!(user.body["profile"]["phone"], "13804761234");
    assert_eq!(user.body["profile"]["birth_date"], "1980-05-01");
    assert_eq!(user.body["profile"]["education"], "master");
    let li = app.get("/api/v1/users?search=li.na", Some(&token)).await;
    assert_eq!(
        li.body["items"][0]["roles"],
        serde_json::json!(["mentor", "mentee"])
    );

    // The same file again changes nothing; a changed name updates the one person.
    let again = import(&app, &token, "people", "apply=true", people_xlsx("红山区")).await;
    assert_eq!(totals(&again), (0, 0, 2, 0), "{}", again.body);
    let csv = format!("{PEOPLE_HEADER}zhang.wei@test.cn,张伟强,培带人,,,,,\r\n");
    let changed = import(&app, &token, "people", "apply=true", csv.into_bytes()).await;
    assert_eq!(totals(&changed), (0, 1, 0, 0), "{}", changed.body);
    let user = app.get(&format!("/api/v1/users/{id}"), Some(&token)).await;
    assert_eq!(user.body["name"], "张伟强");
    assert_eq!(
        user.body["profile"]["phone"], "13804761234",
        "an empty cell keeps the value"
    );
}

#[actix_web::test]
async fn a_bad_last_row_is_named_by_row_and_column_and_none_of_the_rows_is_stored() {
    let app = spawn().await;
    let (_, token) = app.city_admin().await;
    app.create_unit(&token, "红山区", "banner_county_district")
        .await;
    let users_before = app.user_count();
    let mut csv = PEOPLE_HEADER.to_owned();
    for i in 0..3 {
        csv.push_str(&format!(
            "p{i}@test.cn,人员{i},培带对象,红山区,女,1990-01-0{},本科,\r\n",
            i + 1
        ));
    }
    csv.push_str("p3@test.cn,人员3,培带对象,红山区,女,1990-02-30,大专,\r\n");
    let res = import(&app, &token, "people", "apply=true", csv.into_bytes()).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body["applied"], false);
    assert_eq!(totals(&res), (3, 0, 0, 1));
    let bad = &res.body["rows"][3];
    assert_eq!(bad["row"], 5);
    assert_eq!(bad["action"], "refuse");
    let problems: Vec<(&str, &str)> = bad["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["column"].as_str().unwrap(), p["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(problems[0].0, "出生日期");
    assert!(problems[0].1.contains("不是日期"), "{problems:?}");
    assert_eq!(problems[1].0, "学历");
    assert!(
        problems[1].1.contains("硕士研究生"),
        "names the allowed values: {problems:?}"
    );
    assert_eq!(app.user_count(), users_before, "none of the rows is stored");
    let audit = app
        .get("/api/v1/audit-events?action=import.apply", Some(&token))
        .await;
    assert_eq!(audit.body["total"], 0);
}

#[actix_web::test]
async fn the_api_rules_for_people_apply_to_each_row_with_duplicates_and_unknown_units() {
    let app = spawn().await;
    let (_, token) = app.city_admin().await;
    let csv = format!(
        "{PEOPLE_HEADER}a@test.cn,甲,培带人,,,,,\r\nnot-an-email,乙,培带对象,无此单位,,,,\r\nA@test.cn,丙,评审专家,,,,,\r\nc@test.cn,丁,校长,,,,,12ab\r\n"
    );
    let res = import(&app, &token, "people", "", csv.into_bytes()).await;
    let rows = res.body["rows"].as_array().unwrap();
    let columns = |i: usize| -> Vec<String> {
        rows[i]["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["column"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        columns(0),
        ["所在单位"],
        "a mentor needs a unit, as POST /users says"
    );
    assert_eq!(
        rows[0]["problems"][0]["reason"],
        "单位管理员、培带人和培带对象必须属于一个单位"
    );
    assert_eq!(columns(1), ["所在单位", "电子邮箱"]);
    assert_eq!(rows[1]["problems"][1]["reason"], "请输入有效的邮箱地址");
    assert_eq!(
        columns(2),
        ["电子邮箱"],
        "an address repeated in another case"
    );
    assert!(
        rows[2]["problems"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("第 2 行")
    );
    assert_eq!(columns(3), ["角色", "联系电话"]);
}

#[actix_web::test]
async fn refused_files_are_named_and_store_nothing() {
    let app = spawn_with(&[("imports.max_bytes", "2000")]).await;
    let (_, token) = app.city_admin().await;
    let users_before = app.user_count();
    let big = format!(
        "{PEOPLE_HEADER}{}",
        "x@test.cn,甲,培带人,,,,,\r\n".repeat(100)
    );
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (big.into_bytes(), "file_too_large", "上限"),
        (
            b"%PDF-1.4\n\x00\x01binary".to_vec(),
            "not_a_spreadsheet",
            "XLSX",
        ),
        (
            b"\xe7\x94\xb5\xff\xfe,\x81\x20\r\n".to_vec(),
            "unknown_encoding",
            "编码",
        ),
        (
            "电子邮箱,姓名\r\na@test.cn,甲\r\n".as_bytes().to_vec(),
            "missing_column",
            "「角色」",
        ),
        (Vec::new(), "empty_file", "空"),
        (
            PEOPLE_HEADER.as_bytes().to_vec(),
            "empty_file",
            "没有数据行",
        ),
        (
            "名字,年龄\r\n甲,3\r\n".as_bytes().to_vec(),
            "no_header_row",
            "表头",
        ),
    ];
    for (bytes, code, words) in cases {
        let res = import(&app, &token, "people", "apply=true", bytes).await;
        assert_eq!(res.status, 422, "{code}: {}", res.body);
        assert_eq!(res.field_code("file"), Some(code), "{}", res.body);
        let msg = res.body["fields"]["file"]["message"].as_str().unwrap();
        assert!(msg.contains(words), "{code}: {msg}");
    }
    assert_eq!(app.user_count(), users_before);
    let wrong_kind = import(&app, &token, "furniture", "", b"a".to_vec()).await;
    assert_eq!(wrong_kind.status, 404);
}

#[actix_web::test]
async fn invitations_are_sent_only_when_asked() {
    let app = spawn().await;
    let (_, token) = app.city_admin().await;
    app.create_unit(&token, "红山区", "banner_county_district")
        .await;
    let invitations = |app: &TestApp| {
        app.outbox()
            .into_iter()
            .filter(|r| r.template == "invitation")
            .map(|r| r.recipient_email)
            .collect::<Vec<_>>()
    };
    let quiet = format!("{PEOPLE_HEADER}q@test.cn,静,培带对象,红山区,,,,\r\n");
    let res = import(&app, &token, "people", "apply=true", quiet.into_bytes()).await;
    assert_eq!(res.body["applied"], true);
    assert!(invitations(&app).is_empty());
    let asked = format!(
        "{PEOPLE_HEADER}q@test.cn,静,培带对象,红山区,,,,\r\nn@test.cn,新,培带人,红山区,,,,\r\n"
    );
    let dry = import(
        &app,
        &token,
        "people",
        "invite=true",
        asked.clone().into_bytes(),
    )
    .await;
    assert_eq!(dry.body["invitations"], 0);
    assert!(invitations(&app).is_empty(), "a dry run sends nothing");
    let res = import(
        &app,
        &token,
        "people",
        "apply=true&invite=true",
        asked.into_bytes(),
    )
    .await;
    assert_eq!(res.body["invitations"], 1, "{}", res.body);
    assert_eq!(
        invitations(&app),
        ["n@test.cn"],
        "only the person created is invited"
    );
}

#[actix_web::test]
async fn only_city_admins_import_and_each_template_reads_back_and_imports() {
    let app = spawn().await;
    let (_, token) = app.city_admin().await;
    let unit = app
        .create_unit(&token, "红山区委组织部", "banner_county_district")
        .await;
    let (_, unit_admin) = app
        .make_user("ua@test.cn", &[Role::UnitAdmin], Some(unit))
        .await;
    let res = import(
        &app,
        &unit_admin,
        "units",
        "",
        units_csv(&["甲"]).into_bytes(),
    )
    .await;
    assert_eq!(res.status, 403);
    let res = app
        .get("/api/v1/imports/units/template", Some(&unit_admin))
        .await;
    assert_eq!(res.status, 403);
    for kind in ["units", "people"] {
        let mut res = app
            .client
            .get(format!("{}/api/v1/imports/{kind}/template", app.base))
            .insert_header(("Authorization", format!("Bearer {token}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let bytes = res.body().await.unwrap().to_vec();
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
        let sheet = book.worksheet_range_at(0).unwrap().unwrap();
        let header: Vec<String> = sheet
            .rows()
            .nth(1)
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let first = if kind == "units" {
            "单位名称"
        } else {
            "电子邮箱"
        };
        assert_eq!(header[0], first);
        assert_eq!(book.sheet_names()[1], "填写说明");
        let dry = import(&app, &token, kind, "", bytes).await;
        assert_eq!(dry.status, 200, "{kind}: {}", dry.body);
        assert_eq!(
            totals(&dry).3,
            0,
            "the template's example row is valid: {}",
            dry.body
        );
    }
}

#[actix_web::test]
async fn twenty_thousand_people_check_and_apply() {
    let app = spawn().await;
    let (_, token) = app.city_admin().await;
    app.create_unit(&token, "红山区", "banner_county_district")
        .await;
    let mut csv = PEOPLE_HEADER.to_owned();
    for i in 0..20_000 {
        csv.push_str(&format!(
            "person{i}@test.cn,人员{i},培带对象,红山区,男,1990-01-01,本科,1380476{i:04}\r\n"
        ));
    }
    let before = app.user_count();
    let dry = import(&app, &token, "people", "", csv.clone().into_bytes()).await;
    assert_eq!(totals(&dry), (20_000, 0, 0, 0));
    assert_eq!(app.user_count(), before);
    let res = import(&app, &token, "people", "apply=true", csv.into_bytes()).await;
    assert_eq!(res.body["applied"], true);
    assert_eq!(app.user_count(), before + 20_000);
}

fn cli(url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peidai"));
    cmd.env_clear()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PEIDAI_ENV", "test")
        .env("PEIDAI_CONFIG_DIR", "config")
        .env("PEIDAI_DATABASE__URL", url);
    cmd
}

#[test]
fn the_command_line_prints_the_report_and_fails_when_a_row_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _pg) = fresh_database(dir.path());
    assert!(cli(&url).arg("migrate").output().unwrap().status.success());
    let file = dir.path().join("单位.csv");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    std::fs::write(&file, units_csv(&["红山区", "松山区"]) + "坏单位,学校,\r\n").unwrap();
    let out = cli(&url)
        .args(["import", "units"])
        .arg(&file)
        .arg("--apply")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("第 5 行\t拒绝\t坏单位"), "{stdout}");
    assert!(
        stdout.contains("单位类型：「学校」不是可选的值"),
        "{stdout}"
    );
    assert!(stdout.contains("拒绝 1"), "{stdout}");
    std::fs::write(&file, units_csv(&["红山区", "松山区"])).unwrap();
    let out = cli(&url)
        .args(["import", "units"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("试导入（未保存）"));
    let out = cli(&url)
        .args(["import", "units"])
        .arg(&file)
        .arg("--apply")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        text(&out.stdout).contains("新建 2"),
        "{}",
        text(&out.stdout)
    );
    let out = cli(&url)
        .args(["import", "units"])
        .arg(&file)
        .args(["--apply", "--lang", "en"])
        .output()
        .unwrap();
    assert!(
        text(&out.stdout).contains("2 unchanged"),
        "{}",
        text(&out.stdout)
    );
    let out = cli(&url)
        .args(["import", "people"])
        .arg(dir.path().join("missing.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
