//! The office lists of benefits, the outbox and the audit log past one page: sorted by the
//! database as each sort says, an unknown sort code showing the default order, the pager keeping
//! the sort and the filters, the total right; the city's benefits with each row's unit and a unit
//! filter, and the unit admin's benefits never another unit's.

use peidai::db::audit::{self, AuditFilter};
use peidai::domain::page::PageRequest;
use peidai::domain::role::Role;
use peidai::jobs::JobName;
use serde_json::{Value, json};

use crate::contracts::mentor;
use crate::helpers::{PASSWORD, TestApp, spawn_with, spawn_with_smtp, two_units};
use crate::smtp_sink::{Mode, SmtpSink};
use crate::web_client::WebClient;

const MANY_LOGINS: &[(&str, &str)] = &[
    ("auth.login_attempts_per_ip_per_minute", "1000"),
    ("auth.login_attempts_per_account_per_minute", "1000"),
];

async fn signed_in<'a>(app: &'a TestApp, email: &str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking("zh-CN");
    web.get("/language?lang=zh-CN").await;
    web.sign_in(email, PASSWORD).await;
    web
}

/// The numbers that follow `prefix` in `html` and close an attribute, in the page's order.
fn ids_after(html: &str, prefix: &str) -> Vec<i64> {
    let html = html.replace("&#x2f;", "/");
    html.match_indices(prefix)
        .filter_map(|(at, _)| {
            let rest = &html[at + prefix.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let closed = rest[digits.len()..].starts_with('"');
            (!digits.is_empty() && closed).then(|| digits.parse().unwrap())
        })
        .collect()
}

/// The texts of the elements of class `class`, in order.
fn texts_of(html: &str, class: &str) -> Vec<String> {
    html.match_indices(&format!("class=\"{class}\""))
        .map(|(at, _)| {
            let rest = &html[at..];
            let open = rest.find('>').unwrap() + 1;
            let close = rest[open..].find("</").unwrap();
            rest[open..open + close].to_owned()
        })
        .collect()
}

/// The mentors' names of a benefits list's rows (a title is "name · kind").
fn mentors_of(html: &str) -> Vec<String> {
    texts_of(html, "row__title")
        .into_iter()
        .map(|t| t.split(" · ").next().unwrap().to_owned())
        .collect()
}

/// The link behind `rel="next"` in the pager.
fn next_link(html: &str) -> Option<String> {
    let html = html.replace("&#x2f;", "/");
    let at = html.find("rel=\"next\"")?;
    let before = &html[..at];
    let href = before.rfind("href=\"")? + 6;
    Some(before[href..].split('"').next()?.replace("&amp;", "&"))
}

/// The benefits the city sees, as the API lists them.
async fn every_benefit(app: &TestApp, city: &str) -> Vec<Value> {
    let res = app.get("/api/v1/benefits?per_page=100", Some(city)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body["items"].as_array().unwrap().clone()
}

fn id(b: &Value) -> i64 {
    b["id"].as_i64().unwrap()
}

fn ids(rows: &[&Value]) -> Vec<i64> {
    rows.iter().map(|b| id(b)).collect()
}

#[actix_web::test]
async fn the_benefits_lists_sort_filter_by_unit_and_page_in_the_database() {
    let app = spawn_with(MANY_LOGINS).await;
    let s = two_units(&app).await;
    // Names whose letters decide the unit sort on either database.
    for (unit, name) in [(s.u1, "B 红山区"), (s.u2, "A 松山区")] {
        let r = app
            .patch(
                &format!("/api/v1/units/{}", unit.0),
                Some(&s.city),
                json!({ "name": name }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    // Thirty mentors, two of three in unit 1, their names not in the order they came.
    let mut entries_u1 = Vec::new();
    for i in 0..30 {
        let unit = if i % 3 == 2 { s.u2 } else { s.u1 };
        let (_, entry, _) = mentor(&app, &format!("m{:02}@test.cn", (i * 7) % 30), unit).await;
        if unit == s.u1 {
            entries_u1.push(entry);
        }
    }
    // Every one invited to the class; three of unit 1 selected for a health check; two of the
    // invitations issued.
    let class = app
        .post(
            "/api/v1/training-classes",
            Some(&s.city),
            json!({ "year": 2026, "starts_on": "2026-12-10", "ends_on": "2026-12-12", "place": "市委党校" }),
        )
        .await;
    assert_eq!(class.body["invited"], 30, "{}", class.body);
    for entry in &entries_u1[..3] {
        let r = app
            .post(
                "/api/v1/benefits",
                Some(&s.city),
                json!({ "kind": "health_check", "mentor_entry_id": entry }),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let all = every_benefit(&app, &s.city).await;
    assert_eq!(all.len(), 33);
    for b in all.iter().filter(|b| b["kind"] == "training_class").take(2) {
        let r = app
            .post(
                &format!("/api/v1/benefits/{}/issue", id(b)),
                Some(&s.city),
                json!({ "attended": true }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let all = every_benefit(&app, &s.city).await;
    let unit_of = |b: &Value| b["unit_id"].as_i64().unwrap();
    let name_of = |b: &Value| b["mentor_name"].as_str().unwrap().to_owned();
    let mut city = signed_in(&app, "city.admin@test.cn").await;

    // Newest first by default, 33 in all, two pages; the rows say their unit.
    let first = city.get("/city/benefits").await;
    assert!(first.html.contains("共 33 项"), "{}", first.html);
    assert!(first.html.contains("第 1 &#x2f; 2 页"));
    let mut newest: Vec<&Value> = all.iter().collect();
    newest.sort_by_key(|b| std::cmp::Reverse(id(b)));
    assert_eq!(
        ids_after(&first.html, "/city/benefits/items/"),
        ids(&newest[..20])
    );
    let metas = texts_of(&first.html, "row__meta");
    assert_eq!(metas.len(), 20);
    for (meta, b) in metas.iter().zip(&newest) {
        let unit = if unit_of(b) == s.u1.0 {
            "B 红山区"
        } else {
            "A 松山区"
        };
        assert!(meta.starts_with(unit), "{meta} names {unit}");
    }

    // By mentor, by unit, by kind, by status: each the database's order with the newest first
    // among equals; the select shows the sort.
    let mut by_mentor = newest.clone();
    by_mentor.sort_by_key(|b| name_of(b));
    let page = city.get("/city/benefits?sort=mentor").await;
    assert_eq!(
        ids_after(&page.html, "/city/benefits/items/"),
        ids(&by_mentor[..20])
    );
    assert!(page.html.contains("<option value=\"mentor\" selected>"));
    let mut by_unit = newest.clone();
    by_unit.sort_by_key(|b| unit_of(b) == s.u1.0);
    let page = city.get("/city/benefits?sort=unit").await;
    assert_eq!(
        ids_after(&page.html, "/city/benefits/items/"),
        ids(&by_unit[..20])
    );
    let mut by_kind = newest.clone();
    by_kind.sort_by_key(|b| b["kind"] != "health_check");
    let page = city.get("/city/benefits?sort=kind").await;
    assert_eq!(
        ids_after(&page.html, "/city/benefits/items/"),
        ids(&by_kind[..20])
    );
    let mut by_status = newest.clone();
    by_status.sort_by_key(|b| b["status"] == "issued");
    let page = city.get("/city/benefits?sort=status&page=2").await;
    assert_eq!(
        ids_after(&page.html, "/city/benefits/items/"),
        ids(&by_status[20..])
    );
    assert_eq!(
        ids(&by_status[31..]),
        ids(&all
            .iter()
            .filter(|b| b["status"] == "issued")
            .collect::<Vec<_>>()),
        "the issued ones last"
    );

    // An unknown sort is the default order.
    let unknown = city.get("/city/benefits?sort=zzz").await;
    assert_eq!(unknown.status, 200);
    assert_eq!(
        ids_after(&unknown.html, "/city/benefits/items/"),
        ids(&newest[..20])
    );
    assert!(unknown.html.contains("<option value=\"newest\" selected>"));

    // The unit filter keeps that unit's rows only, with their total; the pager keeps the
    // filter and the sort.
    let of_u2 = city.get(&format!("/city/benefits?unit={}", s.u2)).await;
    assert!(of_u2.html.contains("共 10 项"), "{}", of_u2.html);
    assert!(
        of_u2
            .html
            .contains(&format!("<option value=\"{}\" selected>", s.u2))
    );
    let metas = texts_of(&of_u2.html, "row__meta");
    assert_eq!(metas.len(), 10);
    assert!(metas.iter().all(|m| m.starts_with("A 松山区")), "{metas:?}");
    let u1_by_mentor: Vec<&Value> = by_mentor
        .iter()
        .copied()
        .filter(|b| unit_of(b) == s.u1.0)
        .collect();
    assert_eq!(u1_by_mentor.len(), 23);
    let path = format!("/city/benefits?unit={}&sort=mentor", s.u1);
    let page = city.get(&path).await;
    assert!(page.html.contains("共 23 项"), "{}", page.html);
    assert_eq!(
        ids_after(&page.html, "/city/benefits/items/"),
        ids(&u1_by_mentor[..20])
    );
    let next = next_link(&page.html).expect("a next page");
    assert_eq!(next, format!("{path}&page=2"));
    let second = city.get(&next).await;
    assert_eq!(
        ids_after(&second.html, "/city/benefits/items/"),
        ids(&u1_by_mentor[20..])
    );
    let both = city
        .get(&format!("/city/benefits?unit={}&kind=health_check", s.u1))
        .await;
    assert!(both.html.contains("共 3 项"), "{}", both.html);
    let named = city.get("/city/benefits?mentor=m14").await;
    assert!(named.html.contains("共 1 项"), "{}", named.html);

    // The unit admin sees their unit's 23 and never one of unit 2, whatever the address says;
    // the same sorts but by unit, and the pager keeps them.
    let u2_names: Vec<String> = all
        .iter()
        .filter(|b| unit_of(b) == s.u2.0)
        .map(name_of)
        .collect();
    let mut unit = signed_in(&app, "admin1@test.cn").await;
    let mine = unit.get("/unit/benefits").await;
    assert!(mine.html.contains("共 23 项"), "{}", mine.html);
    let u1_newest: Vec<String> = newest
        .iter()
        .filter(|b| unit_of(b) == s.u1.0)
        .map(|b| name_of(b))
        .collect();
    assert_eq!(mentors_of(&mine.html), u1_newest[..20].to_vec());
    let sorted = unit.get("/unit/benefits?sort=mentor").await;
    let names: Vec<String> = u1_by_mentor.iter().map(|b| name_of(b)).collect();
    assert_eq!(mentors_of(&sorted.html), names[..20].to_vec());
    let next = next_link(&sorted.html).expect("a next page");
    assert_eq!(next, "/unit/benefits?sort=mentor&page=2");
    let second = unit.get(&next).await;
    assert_eq!(mentors_of(&second.html), names[20..].to_vec());
    let kinds = unit
        .get("/unit/benefits?kind=training_class&sort=kind")
        .await;
    assert!(kinds.html.contains("共 20 项"), "{}", kinds.html);
    assert!(next_link(&kinds.html).is_none());
    for path in [
        "/unit/benefits".to_owned(),
        "/unit/benefits?page=2".to_owned(),
        "/unit/benefits?sort=mentor&page=2".to_owned(),
        format!("/unit/benefits?unit={}", s.u2),
        "/unit/benefits?sort=unit".to_owned(),
    ] {
        let page = unit.get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        for name in &u2_names {
            assert!(!page.html.contains(name.as_str()), "{path} shows {name}");
        }
    }
    let no_unit_sort = unit.get("/unit/benefits?sort=unit").await;
    assert!(!no_unit_sort.html.contains("<option value=\"unit\""));
    assert_eq!(
        mentors_of(&no_unit_sort.html),
        u1_newest[..20].to_vec(),
        "a sort the list does not offer is its default"
    );
}

/// The cells of the rows of the page's table, in order.
fn table_rows(html: &str) -> Vec<Vec<String>> {
    let Some(body) = html.split("<tbody>").nth(1) else {
        return Vec::new();
    };
    let body = body.split("</tbody>").next().unwrap();
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let open = cell.find('>').unwrap() + 1;
                    let close = cell.find("</td>").unwrap();
                    cell[open..close].to_owned()
                })
                .collect()
        })
        .collect()
}

/// What tells the audit page's rows apart: the actor's number (none for the service) and the
/// object's number.
fn audit_keys(html: &str) -> Vec<(Option<i64>, Option<String>)> {
    table_rows(html)
        .into_iter()
        .map(|cells| {
            let actor = cells[1]
                .split('#')
                .nth(1)
                .map(|n| n.trim().parse::<i64>().unwrap());
            let object = cells[3].split(" #").nth(1).map(|n| n.trim().to_owned());
            (actor, object)
        })
        .collect()
}

#[actix_web::test]
async fn the_outbox_and_the_audit_log_sort_and_page_in_the_database() {
    let sink = SmtpSink::start();
    let app = spawn_with_smtp(sink.port, MANY_LOGINS).await;
    let (_, city) = app.make_user("ops@test.cn", &[Role::CityAdmin], None).await;
    let (other_id, other) = app
        .make_user("ops2@test.cn", &[Role::CityAdmin], None)
        .await;
    let unit = app
        .post(
            "/api/v1/units",
            Some(&city),
            json!({ "name": "测试单位", "kind": "college" }),
        )
        .await;
    assert_eq!(unit.status, 201, "{}", unit.body);
    // Twenty-four invitations, their addresses not in the order they were written: ten sent,
    // eight tried once and waiting for another attempt, six not tried yet. Two city admins
    // invite them.
    let invite = |n: usize, token: String| {
        let app = &app;
        let unit = unit.body["id"].clone();
        async move {
            let res = app
                .post(
                    "/api/v1/users",
                    Some(&token),
                    json!({ "email": format!("p{:02}@test.cn", (n * 5) % 24), "name": format!("受邀{n}"), "roles": ["mentee"], "unit_id": unit, "locale": "zh-CN" }),
                )
                .await;
            assert_eq!(res.status, 201, "{}", res.body);
        }
    };
    for n in 0..10 {
        invite(n, city.clone()).await;
    }
    sink.set_mode(Mode::Accept);
    app.run_job(JobName::SendEmails).await;
    for n in 10..18 {
        invite(n, other.clone()).await;
    }
    sink.set_mode(Mode::Defer);
    app.run_job(JobName::SendEmails).await;
    for n in 18..24 {
        invite(n, city.clone()).await;
    }
    let rows = app.outbox();
    assert_eq!(rows.len(), 24);
    assert_eq!(rows.iter().filter(|r| r.status == "sent").count(), 10);
    assert!(rows.iter().any(|r| r.attempts > 0 && r.status == "pending"));
    let mut web = signed_in(&app, "ops@test.cn").await;
    let outbox_ids = |html: &str| ids_after(html, "/city/operations/outbox/");

    // Newest first by default; oldest first; by recipient; the soonest next attempt first; the
    // most attempts first: each as the stored rows say, the id deciding among equals.
    let mut newest = rows.clone();
    newest.sort_by_key(|r| std::cmp::Reverse(r.id.0));
    let want = |rows: &[peidai::db::outbox::OutboxRow]| -> Vec<i64> {
        rows.iter().map(|r| r.id.0).collect()
    };
    let first = web.get("/city/operations/outbox").await;
    assert!(first.html.contains("共 24 条"), "{}", first.html);
    assert!(first.html.contains("第 1 &#x2f; 2 页"));
    assert_eq!(outbox_ids(&first.html), want(&newest[..20]));
    let mut oldest = rows.clone();
    oldest.sort_by_key(|r| r.id.0);
    let page = web.get("/city/operations/outbox?sort=oldest").await;
    assert_eq!(outbox_ids(&page.html), want(&oldest[..20]));
    assert!(page.html.contains("<option value=\"oldest\" selected>"));
    let mut by_recipient = newest.clone();
    by_recipient.sort_by(|a, b| a.recipient_email.cmp(&b.recipient_email));
    let page = web.get("/city/operations/outbox?sort=recipient").await;
    assert_eq!(outbox_ids(&page.html), want(&by_recipient[..20]));
    let mut by_next = oldest.clone();
    by_next.sort_by_key(|r| r.next_attempt_at);
    let page = web.get("/city/operations/outbox?sort=next_attempt").await;
    assert_eq!(outbox_ids(&page.html), want(&by_next[..20]));
    let mut by_attempts = newest.clone();
    by_attempts.sort_by_key(|r| std::cmp::Reverse(r.attempts));
    let page = web.get("/city/operations/outbox?sort=attempts").await;
    assert_eq!(outbox_ids(&page.html), want(&by_attempts[..20]));
    assert_ne!(want(&by_attempts), want(&newest), "the sort shows");
    let unknown = web.get("/city/operations/outbox?sort=zzz").await;
    assert_eq!(outbox_ids(&unknown.html), want(&newest[..20]));
    assert!(unknown.html.contains("<option value=\"newest\" selected>"));

    // The status filter and its total; the pager and the status links keep the sort.
    let pending: Vec<_> = by_recipient
        .iter()
        .filter(|r| r.status == "pending")
        .cloned()
        .collect();
    let page = web
        .get("/city/operations/outbox?status=pending&sort=recipient")
        .await;
    assert!(page.html.contains("共 14 条"), "{}", page.html);
    assert_eq!(outbox_ids(&page.html), want(&pending));
    let path = "/city/operations/outbox?template=invitation&sort=recipient";
    let page = web.get(path).await;
    let next = next_link(&page.html).expect("a next page");
    assert_eq!(next, format!("{path}&page=2"));
    let second = web.get(&next).await;
    assert_eq!(outbox_ids(&second.html), want(&by_recipient[20..]));
    assert!(
        page.html
            .replace("&amp;", "&")
            .replace("&#x2f;", "/")
            .contains("href=\"/city/operations/outbox?status=sent&sort=recipient\"")
    );

    // The audit log, after the last sign-in: every event as the database holds it.
    let events = {
        let mut conn = app.db().get().unwrap();
        audit::list(
            &mut conn,
            &AuditFilter::default(),
            PageRequest {
                page: 1,
                per_page: 1000,
            },
        )
        .unwrap()
        .items
    };
    assert!(events.len() > 20, "{}", events.len());
    let key = |e: &audit::AuditEvent| (e.actor_id.map(|a| a.0), e.object_id.clone());
    let keys = |es: &[audit::AuditEvent]| es.iter().map(key).collect::<Vec<_>>();
    let audit_page = web.get("/city/operations/audit").await;
    assert!(audit_page.html.contains(&format!("共 {} 条", events.len())));
    assert_eq!(audit_keys(&audit_page.html), keys(&events[..20]));
    let mut oldest = events.clone();
    oldest.sort_by_key(|e| (e.occurred_at, e.id));
    let page = web.get("/city/operations/audit?sort=oldest").await;
    assert_eq!(audit_keys(&page.html), keys(&oldest[..20]));
    let mut by_action = events.clone();
    by_action.sort_by(|a, b| a.action.cmp(&b.action));
    let page = web.get("/city/operations/audit?sort=action").await;
    assert_eq!(audit_keys(&page.html), keys(&by_action[..20]));
    let mut by_actor = events.clone();
    by_actor.sort_by_key(|e| (e.actor_id.is_none(), e.actor_id.map(|a| a.0)));
    let page = web.get("/city/operations/audit?sort=actor").await;
    assert_eq!(audit_keys(&page.html), keys(&by_actor[..20]));
    assert!(page.html.contains("<option value=\"actor\" selected>"));
    let unknown = web.get("/city/operations/audit?sort=zzz").await;
    assert_eq!(audit_keys(&unknown.html), keys(&events[..20]));

    // Every filter stays with the sort: the 24 invitations' creations, oldest first, in two
    // pages; by one actor; by one object.
    let created: Vec<_> = oldest
        .iter()
        .filter(|e| e.action == "user.create")
        .cloned()
        .collect();
    assert_eq!(created.len(), 24);
    let path = "/city/operations/audit?action=user.create&from=2020-01-01&sort=oldest";
    let page = web.get(path).await;
    assert!(page.html.contains("共 24 条"), "{}", page.html);
    assert_eq!(audit_keys(&page.html), keys(&created[..20]));
    let next = next_link(&page.html).expect("a next page");
    assert_eq!(next, format!("{path}&page=2"));
    let second = web.get(&next).await;
    assert_eq!(audit_keys(&second.html), keys(&created[20..]));
    let by_other = created
        .iter()
        .filter(|e| e.actor_id == Some(other_id))
        .count();
    assert_eq!(by_other, 8);
    let ops2 = web
        .get("/city/operations/audit?action=user.create&actor=ops2&sort=actor")
        .await;
    assert!(
        ops2.html.contains(&format!("共 {by_other} 条")),
        "{}",
        ops2.html
    );
    let one = &created[3];
    let page = web
        .get(&format!(
            "/city/operations/audit?object_type=user&object_id={}&sort=action",
            one.object_id.as_deref().unwrap()
        ))
        .await;
    let mut about_one: Vec<_> = by_action
        .iter()
        .filter(|e| e.object_type.as_deref() == Some("user") && e.object_id == one.object_id)
        .cloned()
        .collect();
    about_one.truncate(20);
    assert_eq!(audit_keys(&page.html), keys(&about_one));
}
