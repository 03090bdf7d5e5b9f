//! The ID-card number (身份证号) and the position (职务) of a person's profile: checked and
//! unique through the API, seen only by the person and their admins, carried by the exports and
//! taken by the people import.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};

use peidai::domain::role::Role;

use crate::demo::{DEMO_PASSWORD, demo_app, items};
use crate::helpers::{Res, TestApp, spawn, two_units};
use crate::imports::import;
use crate::web_client::WebClient;

const USERS: &str = "/api/v1/users";

/// A valid ID number: region `15` + `region` (4 digits), born `birth` (`YYYY-MM-DD`), the
/// 17th digit odd for a man, and the GB 11643 check character.
fn id_number(region: usize, birth: &str, male: bool) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let first = format!(
        "15{:04}{}00{}",
        region % 10_000,
        birth.replace('-', ""),
        if male { 1 } else { 2 }
    );
    let sum: u32 = first
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first}{check}")
}

/// The ID number a stored profile can take without contradicting its birth date or gender.
fn fitting_id(region: usize, profile: &Value) -> String {
    let birth = profile["birth_date"].as_str().unwrap_or("1985-06-15");
    id_number(region, birth, profile["gender"] != "female")
}

fn mentee(email: &str, unit: i64, profile: Value) -> Value {
    json!({ "email": email, "name": "某人", "roles": ["mentee"], "unit_id": unit, "profile": profile })
}

fn field(res: &Res, f: &str) -> Option<String> {
    res.field_code(f).map(str::to_owned)
}

#[actix_web::test]
async fn an_id_number_is_checked_on_create_and_update_and_a_refusal_stores_nothing() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let man = id_number(1, "1980-05-01", true);
    let body = mentee(
        "a@test.cn",
        t.u1.0,
        json!({ "id_number": man.to_lowercase(), "position": " 科长 ", "birth_date": "1980-05-01", "gender": "male" }),
    );
    let made = app.post(USERS, Some(&t.admin1.1), body).await;
    assert_eq!(made.status, 201, "{}", made.body);
    assert_eq!(made.body["profile"]["id_number"], man.as_str());
    assert_eq!(made.body["profile"]["position"], "科长");
    let id = made.body["id"].as_i64().unwrap();

    let before = app.user_count();
    let refusals = [
        (
            json!({ "id_number": "15000119800501011" }),
            "invalid_id_number",
        ),
        (
            json!({ "id_number": "1500011980050101X1" }),
            "invalid_id_number",
        ),
        (
            json!({ "id_number": id_number(2, "1990-01-01", true), "birth_date": "1980-05-01" }),
            "id_number_birth_date_mismatch",
        ),
        (
            json!({ "id_number": id_number(2, "1980-05-01", false), "gender": "male" }),
            "id_number_gender_mismatch",
        ),
    ];
    for (profile, code) in &refusals {
        let res = app
            .post(
                USERS,
                Some(&t.city),
                mentee("b@test.cn", t.u1.0, profile.clone()),
            )
            .await;
        assert_eq!(res.status, 422, "{profile}: {}", res.body);
        assert_eq!(field(&res, "profile.id_number").as_deref(), Some(*code));
    }
    assert_eq!(app.user_count(), before, "no refused person is stored");

    // The wrong check character is named in Chinese, with the English beside it.
    let mut wrong = man.clone();
    wrong.replace_range(17.., if man.ends_with('0') { "1" } else { "0" });
    let res = app
        .post(
            USERS,
            Some(&t.city),
            mentee("b@test.cn", t.u1.0, json!({ "id_number": wrong })),
        )
        .await;
    assert_eq!(
        field(&res, "profile.id_number").as_deref(),
        Some("id_number_checksum")
    );
    assert!(
        res.body["fields"]["profile.id_number"]["message"]
            .as_str()
            .unwrap()
            .contains("校验位"),
        "{}",
        res.body
    );

    // A second person with the same number: 409 on the field, on create and on update.
    let res = app
        .post(
            USERS,
            Some(&t.admin2.1),
            mentee("c@test.cn", t.u2.0, json!({ "id_number": man })),
        )
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(
        field(&res, "profile.id_number").as_deref(),
        Some("id_number_taken")
    );
    assert_eq!(app.user_count(), before);
    let other = app
        .post(
            USERS,
            Some(&t.admin2.1),
            mentee("c@test.cn", t.u2.0, json!({})),
        )
        .await;
    let other = other.body["id"].as_i64().unwrap();
    let res = app
        .patch(
            &format!("{USERS}/{other}"),
            Some(&t.admin2.1),
            json!({ "profile": { "id_number": man } }),
        )
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(
        field(&res, "profile.id_number").as_deref(),
        Some("id_number_taken")
    );
    let stored = app.get(&format!("{USERS}/{other}"), Some(&t.city)).await;
    assert_eq!(stored.body["profile"]["id_number"], Value::Null);

    // The holder keeps their own number while changing the rest; a bad patch changes nothing.
    let res = app
        .patch(
            &format!("{USERS}/{id}"),
            Some(&t.admin1.1),
            json!({ "profile": { "id_number": man, "position": "副科长" } }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body["profile"]["position"], "副科长");
    let res = app
        .patch(
            &format!("{USERS}/{id}"),
            Some(&t.admin1.1),
            json!({ "profile": { "birth_date": "1981-05-01", "position": "处长" } }),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(
        field(&res, "profile.id_number").as_deref(),
        Some("id_number_birth_date_mismatch")
    );
    let stored = app.get(&format!("{USERS}/{id}"), Some(&t.city)).await;
    assert_eq!(stored.body["profile"]["birth_date"], "1980-05-01");
    assert_eq!(stored.body["profile"]["position"], "副科长");
    let res = app
        .patch(
            &format!("{USERS}/{id}"),
            Some(&t.admin1.1),
            json!({ "profile": { "position": "长".repeat(61) } }),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(field(&res, "profile.position").as_deref(), Some("too_long"));
    // Cleared, the number is free for someone else.
    let res = app
        .patch(
            &format!("{USERS}/{id}"),
            Some(&t.admin1.1),
            json!({ "profile": { "id_number": null } }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = app
        .patch(
            &format!("{USERS}/{other}"),
            Some(&t.admin2.1),
            json!({ "profile": { "id_number": man } }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

#[actix_web::test]
async fn the_id_number_is_seen_by_the_person_and_their_admins_only() {
    let app = spawn().await;
    let t = two_units(&app).await;
    let number = id_number(7, "1990-03-07", false);
    let (m, m_token) = app
        .make_user("mentee@test.cn", &[Role::Mentee], Some(t.u1))
        .await;
    let res = app
        .patch(
            &format!("{USERS}/{m}"),
            Some(&t.admin1.1),
            json!({ "profile": { "id_number": number } }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let me = app.get("/api/v1/auth/me", Some(&m_token)).await;
    assert_eq!(me.body["profile"]["id_number"], number.as_str());
    for token in [&t.city, &t.admin1.1] {
        let got = app.get(&format!("{USERS}/{m}"), Some(token)).await;
        assert_eq!(got.body["profile"]["id_number"], number.as_str());
    }
    let (_, mentor) = app
        .make_user("mentor@test.cn", &[Role::Mentor], Some(t.u1))
        .await;
    let (_, co_mentee) = app
        .make_user("co@test.cn", &[Role::Mentee], Some(t.u1))
        .await;
    let missing = app.get(&format!("{USERS}/999999"), Some(&t.admin2.1)).await;
    assert_eq!(missing.status, 404);
    let other_admin = app.get(&format!("{USERS}/{m}"), Some(&t.admin2.1)).await;
    assert_eq!(
        (other_admin.status, &other_admin.body),
        (missing.status, &missing.body)
    );
    for token in [&mentor, &co_mentee] {
        let res = app.get(&format!("{USERS}/{m}"), Some(token)).await;
        assert!(
            !res.body.to_string().contains(&number),
            "{}: {}",
            res.status,
            res.body
        );
        assert_ne!(res.status, 200);
    }
    let list = app.get(USERS, Some(&t.admin1.1)).await;
    assert!(
        !list.body.to_string().contains(&number),
        "lists carry no profile"
    );
}

#[actix_web::test]
async fn mentors_and_co_mentees_never_see_an_id_number_on_their_pages() {
    let (app, demo) = demo_app().await;
    let city = demo
        .iter()
        .find(|l| l.roles.contains(&Role::CityAdmin))
        .unwrap();
    let city = app.login(&city.email, DEMO_PASSWORD).await;
    let people = items(
        &app.get(&format!("{USERS}?per_page=100"), Some(&city))
            .await
            .body,
    );
    let mut numbers = Vec::new();
    for (i, p) in people.iter().enumerate() {
        let id = p["id"].as_i64().unwrap();
        let full = app.get(&format!("{USERS}/{id}"), Some(&city)).await.body;
        let number = fitting_id(i, &full["profile"]);
        let res = app
            .patch(
                &format!("{USERS}/{id}"),
                Some(&city),
                json!({ "profile": { "id_number": number } }),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        numbers.push((p["email"].as_str().unwrap().to_owned(), number));
    }
    for login in demo
        .iter()
        .filter(|l| l.roles == [Role::Mentor] || l.roles == [Role::Mentee])
    {
        let mut web = WebClient::new(&app);
        web.sign_in(&login.email, DEMO_PASSWORD).await;
        let paths: &[&str] = if login.roles == [Role::Mentor] {
            &[
                "/mentor",
                "/mentor/contract",
                "/mentor/plans",
                "/mentor/activities",
            ]
        } else {
            &[
                "/mentee",
                "/mentee/contract",
                "/mentee/plan",
                "/mentee/activities",
            ]
        };
        for path in paths {
            let page = web.get(path).await;
            for (email, number) in &numbers {
                if *email != login.email {
                    assert!(
                        !page.html.contains(number.as_str()),
                        "{} sees {email}'s ID number on {path}",
                        login.email
                    );
                }
            }
        }
    }
}

/// The first sheet of an XLSX export, row by row.
async fn sheet(app: &TestApp, path: &str, token: &str) -> Vec<Vec<Data>> {
    let mut r = app
        .client
        .get(format!("{}{path}", app.base))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    let bytes = r.body().limit(50 << 20).await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Gives everyone in `user_ids` a fitting ID number (and a position), as the city admin.
async fn complete_profiles(app: &TestApp, city: &str, user_ids: &[i64]) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    for (i, id) in user_ids.iter().enumerate() {
        if out.iter().any(|(u, _)| u == id) {
            continue;
        }
        let full = app.get(&format!("{USERS}/{id}"), Some(city)).await.body;
        let number = fitting_id(100 + i, &full["profile"]);
        let res = app
            .patch(
                &format!("{USERS}/{id}"),
                Some(city),
                json!({ "profile": { "id_number": number, "position": "教授" } }),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        out.push((*id, number));
    }
    out
}

#[actix_web::test]
async fn the_bus_card_and_health_check_lists_carry_the_id_number_as_text_and_the_nominations_the_position()
 {
    let (app, demo) = demo_app().await;
    let city = demo
        .iter()
        .find(|l| l.roles.contains(&Role::CityAdmin))
        .unwrap();
    let city = app.login(&city.email, DEMO_PASSWORD).await;
    for (kind, col, header) in [
        ("bus_card", 2, "人才公交IC卡名单"),
        ("health_check", 3, "健康体检名单"),
    ] {
        let list = items(
            &app.get(
                &format!("/api/v1/benefits?kind={kind}&per_page=100"),
                Some(&city),
            )
            .await
            .body,
        );
        assert!(!list.is_empty(), "the demo has {kind} benefits");
        let ids: Vec<i64> = list
            .iter()
            .map(|b| b["mentor_user_id"].as_i64().unwrap())
            .collect();
        let numbers = complete_profiles(&app, &city, &ids).await;
        let rows = sheet(
            &app,
            &format!("/api/v1/benefits?kind={kind}&format=xlsx"),
            &city,
        )
        .await;
        assert!(text(&rows[0][0]).starts_with(header));
        assert_eq!(text(&rows[1][col]), "身份证号");
        assert_eq!(rows.len() - 2, list.len());
        for row in &rows[2..] {
            let b = list
                .iter()
                .find(|b| b["mentor_name"] == text(&row[1]))
                .unwrap();
            let id = b["mentor_user_id"].as_i64().unwrap();
            let number = &numbers.iter().find(|(u, _)| *u == id).unwrap().1;
            assert_eq!(
                row[col],
                Data::String(number.clone()),
                "a text cell, never 1.5E+17"
            );
        }
    }

    let rounds = items(&app.get("/api/v1/selection-rounds", Some(&city)).await.body);
    let mut checked = 0;
    for round in &rounds {
        let rid = round["id"].as_i64().unwrap();
        let path = format!("/api/v1/selection-rounds/{rid}/nominations");
        let noms = items(
            &app.get(&format!("{path}?per_page=100"), Some(&city))
                .await
                .body,
        );
        let Some(first) = noms.first() else { continue };
        let candidate = first["candidate_id"].as_i64().unwrap();
        complete_profiles(&app, &city, &[candidate]).await;
        let rows = sheet(&app, &format!("{path}?format=xlsx"), &city).await;
        assert_eq!(text(&rows[1][6]), "工作单位及职务");
        let row = rows[2..]
            .iter()
            .find(|r| text(&r[1]) == first["candidate_name"].as_str().unwrap())
            .unwrap();
        let unit = app
            .get(&format!("/api/v1/units/{}", first["unit_id"]), Some(&city))
            .await
            .body;
        assert_eq!(
            text(&row[6]),
            format!("{} 教授", unit["name"].as_str().unwrap())
        );
        checked += 1;
    }
    assert!(checked > 0, "the demo has a round with nominations");
}

/// A people CSV with the two new columns.
fn people_csv(rows: &[(&str, &str, &str, &str)]) -> Vec<u8> {
    let mut s = "电子邮箱,姓名,角色,所在单位,职务,性别,出生日期,身份证号\r\n".to_owned();
    for (email, position, birth, id) in rows {
        s.push_str(&format!(
            "{email},某人,培带对象,红山区,{position},男,{birth},{id}\r\n"
        ));
    }
    s.into_bytes()
}

fn totals(res: &Res) -> (i64, i64, i64, i64) {
    let t = &res.body["totals"];
    let n = |k: &str| t[k].as_i64().unwrap();
    (n("create"), n("update"), n("unchanged"), n("refuse"))
}

/// The (column, reason) pairs of a report's row.
fn problems(row: &Value) -> Vec<(String, String)> {
    row["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["column"].as_str().unwrap().to_owned(),
                p["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn the_people_import_takes_the_id_number_and_position_in_csv_and_xlsx() {
    let app = spawn().await;
    let (_, token) = app.city_admin().await;
    app.create_unit(&token, "红山区", "banner_county_district")
        .await;
    let a = id_number(1, "1980-05-01", true);
    let b = id_number(2, "1981-06-02", true);
    let csv = people_csv(&[
        ("a@test.cn", "科长", "1980-05-01", &a.to_lowercase()),
        ("b@test.cn", "", "1981-06-02", &format!(" {b} ")),
    ]);
    let res = import(&app, &token, "people", "apply=true", csv.clone()).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(totals(&res), (2, 0, 0, 0), "{}", res.body);
    let found = app.get(&format!("{USERS}?q=a@test.cn"), Some(&token)).await;
    let id = found.body["items"][0]["id"].as_i64().unwrap();
    let user = app.get(&format!("{USERS}/{id}"), Some(&token)).await;
    assert_eq!(user.body["profile"]["id_number"], a.as_str());
    assert_eq!(user.body["profile"]["position"], "科长");
    let again = import(&app, &token, "people", "apply=true", csv).await;
    assert_eq!(
        totals(&again),
        (0, 0, 2, 0),
        "the second import changes nothing: {}",
        again.body
    );

    // Bad, contradicting, repeated and taken numbers, each named by row and column.
    let c = id_number(3, "1982-07-03", true);
    let users_before = app.user_count();
    let csv = people_csv(&[
        ("c@test.cn", "", "1982-07-03", "15000319820703011"),
        ("d@test.cn", "", "1990-01-01", &c),
        ("e@test.cn", "", "1982-07-03", &c),
        ("f@test.cn", "", "1982-07-03", &c),
        ("g@test.cn", "", "1980-05-01", &a),
    ]);
    let res = import(&app, &token, "people", "apply=true", csv).await;
    assert_eq!(res.body["applied"], false, "{}", res.body);
    let rows = res.body["rows"].as_array().unwrap();
    let reasons: Vec<Vec<(String, String)>> = rows.iter().map(problems).collect();
    assert_eq!(rows[0]["row"], 2);
    assert_eq!(reasons[0][0].0, "身份证号");
    assert!(reasons[0][0].1.contains("18位"), "{reasons:?}");
    assert_eq!(reasons[1][0].0, "身份证号");
    assert!(reasons[1][0].1.contains("出生日期"), "{reasons:?}");
    assert!(reasons[2].is_empty(), "{reasons:?}");
    assert_eq!(reasons[3][0].0, "身份证号");
    assert!(reasons[3][0].1.contains("第 4 行"), "{reasons:?}");
    assert_eq!(reasons[4][0].0, "身份证号");
    assert!(reasons[4][0].1.contains("另一人"), "{reasons:?}");
    assert_eq!(app.user_count(), users_before, "nothing is stored");

    // An XLSX with the columns as text cells.
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    for (i, h) in ["电子邮箱", "姓名", "角色", "所在单位", "职务", "身份证号"]
        .iter()
        .enumerate()
    {
        s.write_string(0, i as u16, *h).unwrap();
    }
    for (i, v) in ["h@test.cn", "某人", "培带人", "红山区", "教授", &c]
        .iter()
        .enumerate()
    {
        s.write_string(1, i as u16, *v).unwrap();
    }
    for (i, v) in ["a@test.cn", "某人", "培带对象", "红山区", "处长", &a]
        .iter()
        .enumerate()
    {
        s.write_string(2, i as u16, *v).unwrap();
    }
    let xlsx = book.save_to_buffer().unwrap();
    let res = import(&app, &token, "people", "apply=true", xlsx.clone()).await;
    assert_eq!(totals(&res), (1, 1, 0, 0), "{}", res.body);
    let user = app.get(&format!("{USERS}/{id}"), Some(&token)).await;
    assert_eq!(user.body["profile"]["position"], "处长");
    assert_eq!(user.body["profile"]["id_number"], a.as_str());
    let again = import(&app, &token, "people", "apply=true", xlsx).await;
    assert_eq!(totals(&again), (0, 0, 2, 0), "{}", again.body);
}

#[actix_web::test]
async fn the_people_template_has_the_id_number_and_position_columns_as_text() {
    let app = spawn().await;
    let (_, token) = app.city_admin().await;
    let mut res = app
        .client
        .get(format!("{}/api/v1/imports/people/template", app.base))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.body().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let header: Vec<String> = rows[1].iter().map(text).collect();
    let at = |t: &str| header.iter().position(|h| h == t).unwrap();
    assert!(header.contains(&"职务".to_owned()), "{header:?}");
    let id = &rows[2][at("身份证号")];
    assert!(matches!(id, Data::String(s) if s.len() == 18), "{id:?}");
}
