//! The office lists past one page: sorted by the database as each sort says, the total and the
//! pager right, an unknown sort code showing the default order, and a unit with more contracts
//! than one database batch (100) paged and counted whole.

use chrono::{Duration, NaiveDate};
use serde_json::json;

use crate::contracts::{active_from, mentees, mentor};
use crate::helpers::{PASSWORD, TestApp, spawn_with, two_units};
use crate::web_client::WebClient;

pub async fn signed_in<'a>(app: &'a TestApp, email: &str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking("zh-CN");
    web.get("/language?lang=zh-CN").await;
    web.sign_in(email, PASSWORD).await;
    web
}

/// The numbers that follow `prefix` in `html`, in the order the page shows them.
pub fn ids_after(html: &str, prefix: &str) -> Vec<i64> {
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

/// The texts of the rows' titles, in order.
pub fn titles(html: &str) -> Vec<String> {
    html.match_indices("class=\"row__title\"")
        .map(|(at, _)| {
            let rest = &html[at..];
            let open = rest.find('>').unwrap() + 1;
            let close = rest[open..].find('<').unwrap();
            rest[open..open + close].to_owned()
        })
        .collect()
}

/// The link behind `rel="next"` in the pager.
pub fn next_link(html: &str) -> Option<String> {
    let html = html.replace("&#x2f;", "/");
    let at = html.find("rel=\"next\"")?;
    let before = &html[..at];
    let href = before.rfind("href=\"")? + 6;
    Some(before[href..].split('"').next()?.replace("&amp;", "&"))
}

#[actix_web::test]
async fn a_unit_with_more_contracts_than_a_batch_lists_sorts_and_pages_them_all() {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "1000"),
        ("auth.login_attempts_per_account_per_minute", "1000"),
    ])
    .await;
    let s = two_units(&app).await;
    // Five mentors of unit 1, each in an active contract with five mentees.
    let mut tokens = Vec::new();
    let mut active = Vec::new();
    for (i, tag) in ["ma", "mb", "mc", "md", "me"].iter().enumerate() {
        let (_, _, m) = mentor(&app, &format!("{tag}@test.cn"), s.u1).await;
        let (ids, ts) = mentees(&app, &format!("{tag}-mentee"), s.u1, 5).await;
        let k = active_from(&app, &m, &ids, &ts, "2026-10-01").await;
        active.push(k.as_i64().unwrap());
        if i == 0 {
            // The first mentor logs 25 activities, a day apart, of 1 to 4 hours.
            for d in 0..25i64 {
                let day = NaiveDate::from_ymd_opt(2026, 10, 2).unwrap() + Duration::days(d);
                let a = app
                    .post(
                        &format!("/api/v1/contracts/{k}/activities"),
                        Some(&m),
                        json!({ "kind": "lecture", "title": format!("讲座{d:02}"), "held_on": day, "hours": 1 + (d * 7) % 4, "attendee_ids": [ids[0]] }),
                    )
                    .await;
                assert_eq!(a.status, 201, "{}", a.body);
            }
        }
        tokens.push(m);
    }
    // And 100 drafts of the first mentor with five free mentees, the later drafted starting
    // earlier: 105 contracts in the unit.
    let (free, _) = mentees(&app, "free", s.u1, 5).await;
    let mut drafts = Vec::new();
    for d in 0..100i64 {
        let start = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap() - Duration::days(d);
        let k = app
            .post(
                "/api/v1/contracts",
                Some(&tokens[0]),
                json!({ "start_date": start, "mentees": free.iter().map(|id| json!({ "user_id": id })).collect::<Vec<_>>() }),
            )
            .await;
        assert_eq!(k.status, 201, "{}", k.body);
        drafts.push(k.body["id"].as_i64().unwrap());
    }
    let mut web = signed_in(&app, "admin1@test.cn").await;

    // Newest first by default: the last draft first; the pager counts all 105, six pages.
    let first = web.get("/unit/contracts").await;
    assert!(first.html.contains("共 105 份"), "{}", first.html);
    assert!(first.html.contains("第 1 &#x2f; 6 页"), "{}", first.html);
    let shown = ids_after(&first.html, "/unit/contracts/");
    let mut newest: Vec<i64> = drafts.iter().chain(&active).copied().collect();
    newest.sort_by(|a, b| b.cmp(a));
    assert_eq!(shown, newest[..20].to_vec());
    let last = web.get("/unit/contracts?page=6").await;
    assert_eq!(
        ids_after(&last.html, "/unit/contracts/"),
        newest[100..].to_vec()
    );
    let past = web.get("/unit/contracts?page=60").await;
    assert_eq!(
        ids_after(&past.html, "/unit/contracts/"),
        newest[100..].to_vec()
    );

    // Latest start first: the drafts in the order drafted, then the active contracts; the
    // pager keeps the sort, and the select shows it.
    let starts = web.get("/unit/contracts?sort=starts").await;
    assert_eq!(
        ids_after(&starts.html, "/unit/contracts/"),
        drafts[..20].to_vec()
    );
    assert!(starts.html.contains("<option value=\"starts\" selected>"));
    let next = next_link(&starts.html).expect("a next page");
    assert_eq!(next, "/unit/contracts?sort=starts&page=2");
    let second = web.get(&next).await;
    assert_eq!(
        ids_after(&second.html, "/unit/contracts/"),
        drafts[20..40].to_vec()
    );
    let end = web.get("/unit/contracts?sort=starts&page=6").await;
    let mut tail = active.clone();
    tail.sort_by(|a, b| b.cmp(a));
    assert_eq!(ids_after(&end.html, "/unit/contracts/"), tail);

    // The cycle ending soonest first: the active contracts (started 2026-10-01), oldest id last.
    let ends = web.get("/unit/contracts?sort=ends").await;
    assert_eq!(ids_after(&ends.html, "/unit/contracts/")[..5], tail[..]);

    // By mentor: the 101 contracts of 测试 ma@… first (newest first, so its active one last),
    // then the one of each other mentor.
    let by_mentor = web.get("/unit/contracts?sort=mentor&page=6").await;
    let last_five = ids_after(&by_mentor.html, "/unit/contracts/");
    assert_eq!(last_five, active);

    // An unknown sort is the default order.
    let unknown = web.get("/unit/contracts?sort=zzz").await;
    assert_eq!(unknown.status, 200);
    assert_eq!(
        ids_after(&unknown.html, "/unit/contracts/"),
        newest[..20].to_vec()
    );
    assert!(unknown.html.contains("<option value=\"newest\" selected>"));

    // The filters count in the database too: status and the totals by status.
    let drafted = web.get("/unit/contracts?status=draft&sort=starts").await;
    assert!(drafted.html.contains("共 100 份"), "{}", drafted.html);
    assert!(drafted.html.contains("第 1 &#x2f; 5 页"));

    // The city sees the unit's 105 and nothing of unit 2.
    let mut city = signed_in(&app, "city.admin@test.cn").await;
    let of_unit = city.get(&format!("/city/contracts?unit={}", s.u1)).await;
    assert!(of_unit.html.contains("共 105 份"), "{}", of_unit.html);
    let of_other = city.get(&format!("/city/contracts?unit={}", s.u2)).await;
    assert!(of_other.html.contains("共 0 份"));

    // Activities: 25, newest first; oldest first; the longest first; past one page.
    let acts = web.get("/unit/activities").await;
    assert!(acts.html.contains("第 1 &#x2f; 2 页"), "{}", acts.html);
    let want: Vec<String> = (0..25).rev().map(|d| format!("讲座{d:02}")).collect();
    assert_eq!(titles(&acts.html), want[..20].to_vec());
    let page2 = web.get("/unit/activities?page=2").await;
    assert_eq!(titles(&page2.html), want[20..].to_vec());
    let oldest = web.get("/unit/activities?sort=oldest").await;
    let up: Vec<String> = (0..20).map(|d| format!("讲座{d:02}")).collect();
    assert_eq!(titles(&oldest.html), up);
    assert_eq!(
        next_link(&oldest.html).as_deref(),
        Some("/unit/activities?sort=oldest&page=2")
    );
    let longest = web.get("/unit/activities?sort=hours").await;
    let mut by_hours: Vec<(i64, i64)> = (0..25).map(|d| (1 + (d * 7) % 4, d)).collect();
    by_hours.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let want_hours: Vec<String> = by_hours[..20]
        .iter()
        .map(|(_, d)| format!("讲座{d:02}"))
        .collect();
    assert_eq!(titles(&longest.html), want_hours);
    let fallback = web.get("/unit/activities?sort=nope").await;
    assert_eq!(titles(&fallback.html), want[..20].to_vec());

    // Plans: the 25 mentees of the five active contracts, none started; by mentee name; the
    // one submitted first when sorted by submission.
    let plans = web.get("/unit/plans").await;
    assert!(plans.html.contains("共 25 份"), "{}", plans.html);
    assert!(plans.html.contains("第 1 &#x2f; 2 页"));
    let by_name = web.get("/unit/plans?sort=mentee").await;
    let names = titles(&by_name.html);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names.len(), 20);
    assert_eq!(names, sorted);
    assert!(names[0].contains("ma-mentee0@test.cn"), "{names:?}");
    let tail_names = titles(&web.get("/unit/plans?sort=mentee&page=2").await.html);
    assert!(
        tail_names[4].contains("me-mentee4@test.cn"),
        "{tail_names:?}"
    );
}

#[actix_web::test]
async fn the_people_and_units_lists_sort_in_the_database_and_keep_the_sort_past_one_page() {
    let app = spawn_with(&[("auth.login_attempts_per_ip_per_minute", "1000")]).await;
    let s = two_units(&app).await;
    // 26 people of unit 1 added in the reverse of their names' order.
    let mut added = Vec::new();
    for i in (0..26).rev() {
        let email = format!("p{i:02}@test.cn");
        added.push(app.insert_user(&email, &[peidai::domain::role::Role::Mentee], Some(s.u1)));
    }
    let mut web = signed_in(&app, "admin1@test.cn").await;
    let oldest = web.get("/unit/people").await;
    let total = 26 + 1; // and the unit's admin
    assert!(
        oldest.html.contains(&format!("共 {total} 人")),
        "{}",
        oldest.html
    );
    let ids = ids_after(&oldest.html, "/unit/people/");
    assert_eq!(ids.len(), 20);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    let by_name = web.get("/unit/people?sort=name").await;
    let names = titles(&by_name.html);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(names[0].contains("admin1@test.cn"), "{names:?}");
    assert!(names[1].contains("p00@test.cn"), "{names:?}");
    assert_eq!(
        next_link(&by_name.html).as_deref(),
        Some("/unit/people?sort=name&page=2")
    );
    let newest = web.get("/unit/people?sort=newest").await;
    assert_eq!(ids_after(&newest.html, "/unit/people/")[0], added[25].0);
    let unknown = web.get("/unit/people?sort=bogus").await;
    assert_eq!(ids_after(&unknown.html, "/unit/people/"), ids);

    // 25 more units, named in the reverse of the order they are added.
    let (_, token) = app
        .make_user(
            "units.admin@test.cn",
            &[peidai::domain::role::Role::CityAdmin],
            None,
        )
        .await;
    for i in (0..25).rev() {
        app.create_unit(&token, &format!("单位{i:02}"), "enterprise")
            .await;
    }
    let mut city = signed_in(&app, "city.admin@test.cn").await;
    let units = city.get("/city/units?sort=name").await;
    let names = titles(&units.html);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(units.html.contains("共 27 个单位"), "{}", units.html);
    let next = next_link(&units.html).expect("a second page");
    assert_eq!(next, "/city/units?sort=name&page=2");
    let oldest_units = titles(&city.get("/city/units").await.html);
    assert_ne!(
        oldest_units, names,
        "the default is the order they were added"
    );
    assert_eq!(
        titles(&city.get("/city/units?sort=x").await.html),
        oldest_units
    );
}

#[actix_web::test]
async fn the_drafting_form_offers_the_free_mentors_and_puts_a_refusal_about_the_mentor_beside_it() {
    let app = spawn_with(&[("auth.login_attempts_per_ip_per_minute", "1000")]).await;
    let s = two_units(&app).await;
    let (_, old, _) = mentor(&app, "old@test.cn", s.u1).await;
    let (_, _, busy) = mentor(&app, "busy@test.cn", s.u1).await;
    // One appointed later, still in office when the others' terms end.
    let (later, _) = app
        .make_user(
            "later@test.cn",
            &[peidai::domain::role::Role::Mentor],
            Some(s.u1),
        )
        .await;
    let (ids, _) = mentees(&app, "m", s.u1, 5).await;
    let k = app
        .post(
            "/api/v1/contracts",
            Some(&busy),
            json!({ "start_date": "2026-12-01", "mentees": ids.iter().map(|id| json!({ "user_id": id })).collect::<Vec<_>>() }),
        )
        .await;
    assert_eq!(k.status, 201, "{}", k.body);
    let mut web = signed_in(&app, "admin1@test.cn").await;
    let form = web.get("/unit/contracts/new").await;
    assert!(form.html.contains("测试 old@test.cn"), "{}", form.html);
    assert!(
        !form.html.contains("测试 busy@test.cn"),
        "a mentor with a draft in progress is not offered again"
    );
    // The old mentor's term ends; the service's refusal stands beside the mentor select.
    crate::contracts::appoint_until(&app, later, s.u1, "later", "2031-07-01");
    app.set_time("2029-07-03T02:00:00Z".parse().unwrap());
    app.run_job(peidai::jobs::JobName::ExpireAppointments).await;
    let mut web = signed_in(&app, "admin1@test.cn").await;
    let csrf = web.get("/unit/contracts/new").await.csrf();
    let old = old.to_string();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("mentor_entry_id", old.as_str()),
        ("start_date", "2029-08-01"),
        ("cycle_months", "24"),
        ("kind_0", "lecture"),
        ("description_0", "专题讲座"),
        ("target_0", "4"),
        ("measure_0", "count"),
    ];
    let ids: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    fields.extend(ids.iter().map(|i| ("mentee", i.as_str())));
    let refused = web.post("/unit/contracts/new", &fields).await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert_eq!(
        refused.field_error("mentor_entry_id").as_deref(),
        Some("该培带人不在聘期内"),
        "{}",
        refused.html
    );
    assert!(
        !refused
            .html
            .contains("banner--error\"><p>该培带人不在聘期内")
    );
}

#[actix_web::test]
async fn the_audit_log_finds_who_by_name_or_email_and_still_by_number() {
    let app = spawn_with(&[("auth.login_attempts_per_ip_per_minute", "1000")]).await;
    let s = two_units(&app).await;
    // The city admin created the two units; the unit admin of unit 2 created none.
    let mut city = signed_in(&app, "city.admin@test.cn").await;
    let none = "没有符合筛选条件的记录";
    let by_email = city
        .get("/city/operations/audit?actor=CITY.ADMIN@test&action=unit.create")
        .await;
    assert_eq!(by_email.status, 200, "{}", by_email.html);
    assert!(!by_email.html.contains(none), "{}", by_email.html);
    let by_name = city
        .get("/city/operations/audit?actor=%E6%B5%8B%E8%AF%95%20city&action=unit.create")
        .await;
    assert!(!by_name.html.contains(none), "{}", by_name.html);
    assert_eq!(by_name.input_value("actor").as_deref(), Some("测试 city"));
    let other = city
        .get("/city/operations/audit?actor=admin2@test.cn&action=unit.create")
        .await;
    assert!(other.html.contains(none), "{}", other.html);
    let by_number = city
        .get(&format!(
            "/city/operations/audit?actor={}&action=unit.create",
            s.admin2.0
        ))
        .await;
    assert!(by_number.html.contains(none));
}
