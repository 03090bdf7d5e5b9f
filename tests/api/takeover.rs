//! Taking over a running program: the pool and contracts imports, run directly (the runner, the
//! CLI and the pages call the same `run`) inside a write transaction on the test app's database,
//! then checked through the API: the imported pool entry, an active contract with five signed
//! mentees, activities and progress on it, the reminders, idempotence, and a refused last row
//! that stores nothing.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use peidai::db::audit::Origin;
use peidai::domain::ids::UserId;
use peidai::domain::role::Role;
use peidai::error::AppError;
use peidai::jobs::JobName;
use peidai::services::imports::report::{RowAction, RowOutcome};
use peidai::services::imports::table::Table;
use peidai::services::imports::{ImportContext, contracts, pool};

use crate::contracts::{active_from, mentees, mentor};
use crate::helpers::{PASSWORD, TestApp, spawn, two_units};
use crate::journey::appoint_through_round;
use crate::page_checks::assert_page;
use crate::web_client::WebClient;

const POOL_HEADERS: [&str; 10] = [
    "证书编号",
    "姓名",
    "电子邮箱",
    "人才类别",
    "聘期开始",
    "聘期结束",
    "状态",
    "撤销日期",
    "撤销原因",
    "备注",
];

const CONTRACT_HEADERS: [&str; 10] = [
    "导师证书编号",
    "导师电子邮箱",
    "培带对象1",
    "培带对象2",
    "培带对象3",
    "培带对象4",
    "培带对象5",
    "培带期开始",
    "培带期结束",
    "专题讲座年度目标",
];

fn table(headers: &[&str], rows: &[Vec<&str>]) -> Table {
    Table {
        headers: headers.iter().map(|s| (*s).to_owned()).collect(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
            .collect(),
        first_row: 2,
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Pool,
    Contracts,
}

/// Runs a kind in one write transaction, as the runner does: committed when `apply` is asked and
/// no row is refused, rolled back otherwise.
fn import(app: &TestApp, actor: UserId, kind: Kind, t: &Table, apply: bool) -> Vec<RowOutcome> {
    let ctx = ImportContext {
        actor: Some(actor),
        origin: Origin::default(),
        at: app.state.clock.now(),
        send_invitations: false,
        policy: app.state.settings.policy.clone(),
        progress: peidai::services::imports::runner::RowProgress::none(),
    };
    let mut conn = app.db().get().unwrap();
    let mut out = Vec::new();
    let result = peidai::db::write_transaction(&mut conn, |c| -> Result<(), AppError> {
        out = match kind {
            Kind::Pool => pool::run(c, &ctx, t)?,
            Kind::Contracts => contracts::run(c, &ctx, t)?,
        };
        if apply && out.iter().all(|o| o.action != RowAction::Refuse) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    });
    if apply && out.iter().all(|o| o.action != RowAction::Refuse) {
        result.unwrap();
    }
    out
}

fn actions(out: &[RowOutcome]) -> Vec<(usize, RowAction)> {
    out.iter().map(|o| (o.row, o.action)).collect()
}

/// `(row, column, Chinese reason, English reason)` of every refused cell.
fn problems(out: &[RowOutcome]) -> Vec<(usize, String, String, String)> {
    out.iter()
        .flat_map(|o| {
            o.problems.iter().map(move |p| {
                (
                    o.row,
                    p.column.clone(),
                    p.reason.zh.to_string(),
                    p.reason.en.to_string(),
                )
            })
        })
        .collect()
}

fn city_admin_id(app: &TestApp) -> UserId {
    let mut conn = app.db().get().unwrap();
    let email = peidai::domain::user::Email::parse("city.admin@test.cn").unwrap();
    peidai::db::users::find_by_email(&mut conn, &email)
        .unwrap()
        .unwrap()
        .id
}

async fn pool_entries(app: &TestApp, city: &str) -> Vec<Value> {
    app.get("/api/v1/mentors?per_page=100", Some(city))
        .await
        .body["items"]
        .as_array()
        .unwrap()
        .clone()
}

#[actix_web::test]
async fn a_pool_and_contracts_takeover_makes_contracts_that_work_like_any_other() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let admin = city_admin_id(&app);
    // People come first (the people import's part): a mentor-to-be without the mentor role yet,
    // five mentees, and the person of an older, revoked appointment.
    let (old, _) = app
        .make_user("old@test.cn", &[Role::Mentee], Some(s.u1))
        .await;
    let (taken_over, _) = app.make_user("taken@test.cn", &[], Some(s.u1)).await;
    let (ids, tokens) = mentees(&app, "t", s.u1, 5).await;
    let name_of = |app: &TestApp, id: UserId| {
        let mut conn = app.db().get().unwrap();
        peidai::db::users::find(&mut conn, id, peidai::domain::scope::Scope::City)
            .unwrap()
            .name
    };
    let (taken_name, old_name) = (name_of(&app, taken_over), name_of(&app, old));

    let pool_rows = vec![
        vec![
            "赤培〔2024〕007号",
            taken_name.as_str(),
            "Taken@Test.cn",
            "高技能人才",
            "2024-07-01",
            "2027-06-30",
            "在聘",
            "",
            "",
            "接管前的库",
        ],
        vec![
            "赤培〔2021〕003号",
            old_name.as_str(),
            "old@test.cn",
            "专业技术人才",
            "2021/7/1",
            "2024年6月30日",
            "已撤销",
            "2023-03-01",
            "2022 年度考核不合格",
            "",
        ],
    ];
    let pool_table = table(&POOL_HEADERS, &pool_rows);
    let dry = import(&app, admin, Kind::Pool, &pool_table, false);
    assert_eq!(
        actions(&dry),
        vec![(2, RowAction::Create), (3, RowAction::Create)]
    );
    assert!(
        pool_entries(&app, &s.city).await.is_empty(),
        "a dry run stores nothing"
    );
    let applied = import(&app, admin, Kind::Pool, &pool_table, true);
    assert_eq!(
        actions(&applied),
        vec![(2, RowAction::Create), (3, RowAction::Create)]
    );

    let entries = pool_entries(&app, &s.city).await;
    let entry = entries
        .iter()
        .find(|e| e["certificate_no"] == "赤培〔2024〕007号")
        .expect("the imported entry is in the pool");
    assert_eq!(entry["user_id"], taken_over.0);
    assert_eq!(entry["status"], "active");
    assert_eq!(entry["category"], "high_skill");
    assert_eq!(entry["term_ends_on"], "2027-06-30");
    assert_eq!(entry["imported"], true);
    assert_eq!(entry["round_id"], Value::Null);
    assert_eq!(entry["unit_id"], s.u1.0);
    let revoked = entries
        .iter()
        .find(|e| e["certificate_no"] == "赤培〔2021〕003号")
        .unwrap();
    assert_eq!(revoked["status"], "revoked");
    assert_eq!(revoked["revoked_on"], "2023-03-01");
    assert_eq!(revoked["status_reason"], "2022 年度考核不合格");
    let record = app
        .get(&format!("/api/v1/mentors/{}", entry["id"]), Some(&s.city))
        .await;
    assert_eq!(record.status, 200, "{}", record.body);
    assert_eq!(record.body["history"][0]["action"], "mentor.import");

    // The pool page shows the imported entry, its round said in the reader's language.
    for (lang, words) in [
        ("zh-CN", "启用本系统前聘任（导入）"),
        ("en", "Appointed before the service (imported)"),
    ] {
        let mut web = WebClient::new(&app).speaking(lang);
        web.get(&format!("/language?lang={lang}")).await;
        web.sign_in("city.admin@test.cn", PASSWORD).await;
        let page = web.get("/city/pool").await;
        assert_page(&page, "/city/pool", lang);
        assert!(page.html.contains("赤培〔2024〕007号"), "{}", page.html);
        assert!(page.html.contains(words), "{}", page.html);
    }

    // The mentor role came with the active appointment; the old entry gave none.
    let m = app.login("taken@test.cn", PASSWORD).await;
    let me = app.get("/api/v1/auth/me", Some(&m)).await;
    assert!(
        me.body["roles"]
            .as_array()
            .unwrap()
            .contains(&json!("mentor")),
        "{}",
        me.body
    );

    let mut web = WebClient::new(&app).speaking("zh-CN");
    web.sign_in("taken@test.cn", PASSWORD).await;
    let page = web.get("/mentor/appointment").await;
    assert_page(&page, "/mentor/appointment", "zh-CN");
    assert!(
        page.html.contains("启用本系统前聘任（导入）"),
        "{}",
        page.html
    );

    let emails: Vec<String> = (0..5).map(|i| format!("t{i}@test.cn")).collect();
    let mut contract_row: Vec<&str> = vec!["赤培〔2024〕007号", ""];
    contract_row.extend(emails.iter().map(String::as_str));
    contract_row.extend(["2026-11-21", "2028-11-20", "3"]);
    let contract_table = table(&CONTRACT_HEADERS, &[contract_row.clone()]);
    let made = import(&app, admin, Kind::Contracts, &contract_table, true);
    assert_eq!(
        actions(&made),
        vec![(2, RowAction::Create)],
        "{:?}",
        problems(&made)
    );

    let mine = app.get("/api/v1/contracts", Some(&m)).await;
    let k = mine.body["items"][0]["id"].clone();
    let contract = app.get(&format!("/api/v1/contracts/{k}"), Some(&m)).await;
    assert_eq!(contract.status, 200, "{}", contract.body);
    assert_eq!(contract.body["status"], "active");
    assert_eq!(contract.body["imported"], true);
    assert_eq!(contract.body["start_date"], "2026-11-21");
    assert_eq!(contract.body["end_date"], "2028-11-20");
    assert_eq!(contract.body["cycle_months"], 24);
    assert_eq!(contract.body["mentor_entry_id"], entry["id"]);
    let members = contract.body["mentees"].as_array().unwrap();
    assert_eq!(members.len(), 5);
    for (member, id) in members.iter().zip(&ids) {
        assert_eq!(member["user_id"], *id);
        assert!(
            member["signed_at"]
                .as_str()
                .unwrap()
                .starts_with("2026-11-21"),
            "{member}"
        );
        assert_eq!(member["joined_on"], "2026-11-21");
    }
    assert!(
        contract.body["mentor_signed_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-21")
    );
    let lectures = &contract.body["indicators"][0];
    assert_eq!(lectures["kind"], "lecture");
    assert_eq!(lectures["yearly_target"], 3, "the file's target");
    assert_eq!(
        contract.body["indicators"][1]["yearly_target"], 4,
        "the program's default where the file gives none"
    );

    // The mentor logs an activity, the mentees confirm it, and the progress counts it.
    let activity = app
        .post(
            &format!("/api/v1/contracts/{k}/activities"),
            Some(&m),
            json!({ "kind": "lecture", "title": "高技能人才专题讲座", "held_on": "2026-11-21", "hours": 2.0, "place": "市人社局", "attendee_ids": ids }),
        )
        .await;
    assert_eq!(activity.status, 201, "{}", activity.body);
    let a = activity.body["id"].clone();
    for t in &tokens {
        let confirmed = app
            .post(
                &format!("/api/v1/activities/{a}/attendance"),
                Some(t),
                json!({ "status": "confirmed" }),
            )
            .await;
        assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    }
    let progress = app
        .get(
            &format!("/api/v1/contracts/{k}/progress?year=2026"),
            Some(&m),
        )
        .await;
    assert_eq!(progress.status, 200, "{}", progress.body);
    assert_eq!(progress.body["activities"], 1);
    assert_eq!(progress.body["indicators"][0]["done_confirmed"], 1.0);

    // The same files again change nothing.
    assert_eq!(
        actions(&import(&app, admin, Kind::Pool, &pool_table, true)),
        vec![(2, RowAction::Unchanged), (3, RowAction::Unchanged)]
    );
    assert_eq!(
        actions(&import(&app, admin, Kind::Contracts, &contract_table, true)),
        vec![(2, RowAction::Unchanged)]
    );

    // A contract made through the pages' path, with the same start, for the reminders.
    let (_, _, pages_mentor) = mentor(&app, "pages.mentor@test.cn", s.u1).await;
    let (pages_ids, pages_tokens) = mentees(&app, "p", s.u1, 5).await;
    active_from(&app, &pages_mentor, &pages_ids, &pages_tokens, "2026-11-21").await;
    let before = app.outbox().len();
    app.set_time("2026-12-21T02:30:00Z".parse().unwrap());
    app.run_job(JobName::MentoringReminders).await;
    let mut by_person: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for row in app.outbox().iter().skip(before) {
        if row.template != "mentoring_reminder" {
            continue;
        }
        let data: Value = serde_json::from_str(&row.data).unwrap();
        by_person
            .entry(row.recipient_user_id.unwrap().0)
            .or_default()
            .push(data["data"]["reminder"].as_str().unwrap().to_owned());
    }
    let imported_side: Vec<_> = ids.iter().map(|id| by_person.get(id).cloned()).collect();
    let pages_side: Vec<_> = pages_ids
        .iter()
        .map(|id| by_person.get(id).cloned())
        .collect();
    assert!(imported_side.iter().all(Option::is_some), "{by_person:?}");
    assert_eq!(imported_side, pages_side, "the same reminders either way");
}

#[actix_web::test]
async fn takeover_rows_are_refused_by_column_with_reasons_in_both_languages() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let admin = city_admin_id(&app);
    let (a, _) = app.make_user("a@test.cn", &[], Some(s.u1)).await;
    let (b, _) = app.make_user("b@test.cn", &[], Some(s.u1)).await;
    let (c, _) = app.make_user("c@test.cn", &[], Some(s.u1)).await;
    let (d, _) = app.make_user("d@test.cn", &[], Some(s.u1)).await;
    let (e, _) = app.make_user("e@test.cn", &[], Some(s.u1)).await;
    let mut conn = app.db().get().unwrap();
    let names: Vec<String> = [a, b, c, d, e]
        .iter()
        .map(|id| {
            peidai::db::users::find(&mut conn, *id, peidai::domain::scope::Scope::City)
                .unwrap()
                .name
        })
        .collect();
    drop(conn);
    let good = |cert: &'static str, name: &str, email: &'static str| -> Vec<String> {
        [
            cert,
            name,
            email,
            "专业技术人才",
            "2024-07-01",
            "2027-06-30",
            "在聘",
            "",
            "",
            "",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
    };
    let first = good("C-1", &names[0], "a@test.cn");
    let rows: Vec<Vec<String>> = vec![first.clone()];
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        actions(&import(
            &app,
            admin,
            Kind::Pool,
            &table(&POOL_HEADERS, &refs),
            true
        )),
        vec![(2, RowAction::Create)]
    );

    let mut other_person = good("C-1", &names[1], "b@test.cn");
    other_person[9] = "同一编号".into();
    let mut unknown = good("C-2", "无名", "nobody@test.cn");
    unknown[3] = "神仙".into();
    let mut backwards = good("C-3", &names[2], "c@test.cn");
    backwards[5] = "2024-06-30".into();
    let mut bad_status = good("C-4", &names[3], "d@test.cn");
    bad_status[6] = "暂停".into();
    let twice = good("C-5", &names[4], "e@test.cn");
    let again = good("C-5", &names[4], "e@test.cn");
    let rows = [other_person, unknown, backwards, bad_status, twice, again];
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let out = import(&app, admin, Kind::Pool, &table(&POOL_HEADERS, &refs), true);
    let got = problems(&out);
    let has = |row: usize, column: &str, zh: &str| {
        got.iter()
            .any(|(r, c, z, _)| *r == row && c == column && z.contains(zh))
    };
    assert!(has(2, "证书编号", "已属于另一位培带人"), "{got:?}");
    assert!(has(3, "电子邮箱", "没有使用这个邮箱的用户"), "{got:?}");
    assert!(has(3, "人才类别", "没有「神仙」这个人才类别"), "{got:?}");
    assert!(has(4, "聘期结束", "聘期结束日期早于开始日期"), "{got:?}");
    assert!(has(5, "状态", "没有「暂停」这个状态"), "{got:?}");
    assert!(has(7, "证书编号", "与第 6 行的证书编号重复"), "{got:?}");
    assert!(
        got.iter()
            .all(|(_, _, zh, en)| !zh.is_empty() && !en.is_empty() && zh != en),
        "{got:?}"
    );
    assert_eq!(out[4].action, RowAction::Create, "row 6 alone is fine");
    assert!(
        got.iter()
            .any(|(r, _, _, en)| *r == 2 && en.contains("belongs to another mentor"))
    );

    // A refused last row: the transaction is rolled back and the rows before it are not stored.
    let fine = good("C-9", &names[1], "b@test.cn");
    let mut last = good("C-10", "无名", "nobody@test.cn");
    last[4] = "不是日期".into();
    let rows = [fine, last];
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let out = import(&app, admin, Kind::Pool, &table(&POOL_HEADERS, &refs), true);
    assert_eq!(
        actions(&out),
        vec![(2, RowAction::Create), (3, RowAction::Refuse)]
    );
    assert!(has_problem(&out, 3, "聘期开始", "应为日期"));
    let certificates: Vec<Value> = pool_entries(&app, &s.city)
        .await
        .iter()
        .map(|e| e["certificate_no"].clone())
        .collect();
    assert_eq!(
        certificates,
        vec![json!("C-1")],
        "nothing of the refused file is stored"
    );
    let b_now = app.login("b@test.cn", PASSWORD).await;
    let roles = app.get("/api/v1/auth/me", Some(&b_now)).await.body["roles"].clone();
    assert!(
        !roles.as_array().unwrap().contains(&json!("mentor")),
        "{roles}"
    );

    // Contracts: a mentor not in the pool, unknown and non-mentee mentees, four mentees, a
    // cycle of one year, a mentor already holding an active contract.
    let (ids, _) = mentees(&app, "k", s.u1, 6).await;
    let _ = ids;
    let e = |i: usize| format!("k{i}@test.cn");
    let row = |cert: &str, mentees: [String; 5], start: &str, end: &str| -> Vec<String> {
        let mut r = vec![cert.to_owned(), String::new()];
        r.extend(mentees);
        r.extend([start.to_owned(), end.to_owned(), String::new()]);
        r
    };
    let rows = [
        row(
            "NONE",
            [e(0), e(1), e(2), e(3), e(4)],
            "2026-09-01",
            "2028-08-31",
        ),
        row(
            "C-1",
            [
                e(0),
                e(1),
                e(2),
                "nobody@test.cn".into(),
                "a@test.cn".into(),
            ],
            "2026-09-01",
            "2028-08-31",
        ),
        row(
            "C-1",
            [e(0), e(1), e(2), e(3), String::new()],
            "2026-09-01",
            "2027-08-31",
        ),
    ];
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let out = import(
        &app,
        admin,
        Kind::Contracts,
        &table(&CONTRACT_HEADERS, &refs),
        true,
    );
    assert!(
        has_problem(&out, 2, "导师证书编号", "人才培带人库中没有这个证书编号"),
        "{:?}",
        problems(&out)
    );
    assert!(
        has_problem(&out, 3, "培带对象4", "没有使用这个邮箱的用户"),
        "{:?}",
        problems(&out)
    );
    assert!(
        has_problem(&out, 3, "培带对象5", "不是培带对象"),
        "{:?}",
        problems(&out)
    );
    assert!(
        has_problem(&out, 4, "培带对象5", "须有 5 名培带对象，本行有 4 名"),
        "{:?}",
        problems(&out)
    );
    assert!(
        has_problem(&out, 4, "培带期结束", "培带期应为 24 到 36 个月"),
        "{:?}",
        problems(&out)
    );
    assert!(
        has_problem(&out, 4, "导师证书编号", "已为该培带人导入联系书"),
        "{:?}",
        problems(&out)
    );

    let ok = [row(
        "C-1",
        [e(0), e(1), e(2), e(3), e(4)],
        "2026-09-01",
        "2029-09-01",
    )];
    let refs: Vec<Vec<&str>> = ok
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let out = import(
        &app,
        admin,
        Kind::Contracts,
        &table(&CONTRACT_HEADERS, &refs),
        true,
    );
    assert_eq!(
        actions(&out),
        vec![(2, RowAction::Create)],
        "{:?}",
        problems(&out)
    );
    let later = [row(
        "C-1",
        [e(1), e(2), e(3), e(4), e(5)],
        "2026-10-01",
        "2028-09-30",
    )];
    let refs: Vec<Vec<&str>> = later
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let out = import(
        &app,
        admin,
        Kind::Contracts,
        &table(&CONTRACT_HEADERS, &refs),
        true,
    );
    assert!(
        has_problem(&out, 2, "导师证书编号", "该培带人已有生效的联系书"),
        "{:?}",
        problems(&out)
    );
    assert!(
        has_problem(&out, 2, "培带对象1", "已有生效的联系书"),
        "{:?}",
        problems(&out)
    );
}

fn has_problem(out: &[RowOutcome], row: usize, column: &str, zh: &str) -> bool {
    problems(out)
        .iter()
        .any(|(r, c, z, _)| *r == row && c == column && z.contains(zh))
}

#[actix_web::test]
async fn a_pool_file_that_revokes_an_imported_entry_ends_its_contract_and_the_mentor_role() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let admin = city_admin_id(&app);
    let (who, _) = app.make_user("who@test.cn", &[], Some(s.u1)).await;
    mentees(&app, "w", s.u1, 5).await;
    let name = {
        let mut conn = app.db().get().unwrap();
        peidai::db::users::find(&mut conn, who, peidai::domain::scope::Scope::City)
            .unwrap()
            .name
    };
    let entry = |status: &'static str, on: &'static str, why: &'static str| {
        vec![
            "R-1".to_owned(),
            name.clone(),
            "who@test.cn".to_owned(),
            "农村牧区实用人才".to_owned(),
            "2025-01-01".to_owned(),
            "2027-12-31".to_owned(),
            status.to_owned(),
            on.to_owned(),
            why.to_owned(),
            String::new(),
        ]
    };
    let as_table = |rows: &[Vec<String>]| {
        let refs: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        table(&POOL_HEADERS, &refs)
    };
    let active = as_table(&[entry("在聘", "", "")]);
    assert_eq!(
        actions(&import(&app, admin, Kind::Pool, &active, true)),
        vec![(2, RowAction::Create)]
    );
    let mut row: Vec<String> = vec!["R-1".into(), String::new()];
    row.extend((0..5).map(|i| format!("w{i}@test.cn")));
    row.extend(["2025-03-01".into(), "2027-02-28".into(), String::new()]);
    let refs: Vec<Vec<&str>> = vec![row.iter().map(String::as_str).collect()];
    let made = import(
        &app,
        admin,
        Kind::Contracts,
        &table(&CONTRACT_HEADERS, &refs),
        true,
    );
    assert_eq!(
        actions(&made),
        vec![(2, RowAction::Create)],
        "{:?}",
        problems(&made)
    );

    let revoked = as_table(&[entry("已撤销", "2026-10-01", "年度考核不合格")]);
    assert_eq!(
        actions(&import(&app, admin, Kind::Pool, &revoked, true)),
        vec![(2, RowAction::Update)]
    );
    let pool = pool_entries(&app, &s.city).await;
    assert_eq!(pool[0]["status"], "revoked");
    assert_eq!(pool[0]["status_reason"], "年度考核不合格");
    assert_eq!(pool[0]["revoked_on"], "2026-10-01");
    let contracts = app.get("/api/v1/contracts", Some(&s.city)).await;
    assert_eq!(contracts.body["items"][0]["status"], "terminated");
    assert_eq!(contracts.body["items"][0]["end_reason"], "mentor revoked");
    let token = app.login("who@test.cn", PASSWORD).await;
    let roles = app.get("/api/v1/auth/me", Some(&token)).await.body["roles"].clone();
    assert!(
        !roles.as_array().unwrap().contains(&json!("mentor")),
        "{roles}"
    );

    // An ended appointment does not come back by a later file.
    let out = import(&app, admin, Kind::Pool, &active, true);
    assert!(
        has_problem(&out, 2, "状态", "不能通过导入改为其他状态"),
        "{:?}",
        problems(&out)
    );
    assert_eq!(
        actions(&import(&app, admin, Kind::Pool, &revoked, true)),
        vec![(2, RowAction::Unchanged)]
    );
}

/// Measures (prints, asserts no time) a dry run of 20,000 pool rows and 20,000 contract rows:
/// the look-ups are batched, so the database is asked a few times, not once per row.
#[actix_web::test]
async fn twenty_thousand_rows_are_checked_in_a_few_queries() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let admin = city_admin_id(&app);
    let pool_rows: Vec<Vec<String>> = (0..20_000)
        .map(|i| {
            vec![
                format!("N-{i}"),
                format!("人员{i}"),
                format!("p{i}@test.cn"),
                "专业技术人才".into(),
                "2024-07-01".into(),
                "2027-06-30".into(),
                "在聘".into(),
                String::new(),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    let refs: Vec<Vec<&str>> = pool_rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let t = table(&POOL_HEADERS, &refs);
    let started = std::time::Instant::now();
    let out = import(&app, admin, Kind::Pool, &t, false);
    println!("pool: 20,000 rows checked in {:?}", started.elapsed());
    assert_eq!(out.len(), 20_000);
    assert!(has_problem(
        &out,
        20_001,
        "电子邮箱",
        "没有使用这个邮箱的用户"
    ));
    let contract_rows: Vec<Vec<String>> = (0..20_000)
        .map(|i| {
            let mut r = vec![format!("N-{i}"), String::new()];
            r.extend((0..5).map(|j| format!("m{i}-{j}@test.cn")));
            r.extend(["2026-09-01".into(), "2028-08-31".into(), String::new()]);
            r
        })
        .collect();
    let refs: Vec<Vec<&str>> = contract_rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let t = table(&CONTRACT_HEADERS, &refs);
    let started = std::time::Instant::now();
    let out = import(&app, admin, Kind::Contracts, &t, false);
    println!("contracts: 20,000 rows checked in {:?}", started.elapsed());
    assert_eq!(out.len(), 20_000);
    assert!(has_problem(
        &out,
        2,
        "导师证书编号",
        "人才培带人库中没有这个证书编号"
    ));
    let _ = s;
}

/// A round closing after a takeover numbers its certificates past the imported ones: the running
/// number of the year skips a number an imported appointment already holds.
#[actix_web::test]
async fn a_round_after_a_takeover_skips_the_imported_certificate_numbers() {
    use chrono::Datelike;
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let admin = city_admin_id(&app);
    let today = app.state.clock.now().year();
    // The round is next year's (this year's nomination deadline may have passed).
    let year = today + 1;
    let (old, _) = app
        .make_user("kept@test.cn", &[Role::Mentee], Some(s.u1))
        .await;
    let mut conn = app.db().get().unwrap();
    let name = peidai::db::users::find(&mut conn, old, peidai::domain::scope::Scope::City)
        .unwrap()
        .name;
    drop(conn);
    let taken = format!("赤培〔{year}〕001号");
    let start = format!("{today}-01-01");
    let end = format!("{}-12-31", today + 2);
    let rows = vec![vec![
        taken.as_str(),
        name.as_str(),
        "kept@test.cn",
        "专业技术人才",
        start.as_str(),
        end.as_str(),
        "在聘",
        "",
        "",
        "",
    ]];
    let out = import(&app, admin, Kind::Pool, &table(&POOL_HEADERS, &rows), true);
    assert_eq!(actions(&out), vec![(2, RowAction::Create)]);

    let u1 = s.u1;
    let (appointed, _) = appoint_through_round(&app, &mut s, year, &[("fresh@test.cn", u1)]).await;
    let entries = pool_entries(&app, &s.city).await;
    let fresh = entries
        .iter()
        .find(|e| e["id"] == appointed[0].entry)
        .expect("the round's appointment is in the pool");
    assert_eq!(fresh["certificate_no"], format!("赤培〔{year}〕002号"));
    assert_eq!(
        entries
            .iter()
            .filter(|e| e["certificate_no"] == taken.as_str())
            .count(),
        1
    );
}
