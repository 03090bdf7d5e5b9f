//! More office lists past one page: the unit's nominations, the pool register (sorted and cut by
//! the database) and the unit's assessments with their round choice; each in the chosen sort's
//! order, an unknown code showing the default order, the pager keeping the sort, the total right.

use serde_json::json;

use peidai::domain::role::Role;

use crate::assessments::{assessment_of, grade_and_confirm, open_2027, post_empty, spawn, travel};
use crate::contracts::{appoint_until, mentor};
use crate::helpers::two_units;
use crate::pages_lists::{ids_after, next_link, signed_in, titles};
use crate::pages_nominations::{draft_named, open_round};

/// `ids` without a repeat of the one before (a row links to its page twice).
fn once(ids: Vec<i64>) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    for id in ids {
        if out.last() != Some(&id) {
            out.push(id);
        }
    }
    out
}

#[actix_web::test]
async fn the_units_nominations_sort_in_the_database_and_keep_the_sort_past_one_page() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let round = open_round(&app, &s.city).await;
    let mut web = signed_in(&app, "admin1@test.cn").await;
    // 21 drafts, made in an order that is not the names' order.
    let mut made = Vec::new();
    for i in 0..21 {
        let name = format!("候选人{:02}", (i * 8) % 21);
        let id = draft_named(
            &mut web,
            round,
            &name,
            &format!("c{i}@test.cn"),
            "2005-01-01",
        )
        .await;
        made.push((id, name));
    }
    // Another unit's draft is never in the list.
    let mut other = signed_in(&app, "admin2@test.cn").await;
    draft_named(&mut other, round, "候选人00甲", "x@test.cn", "2005-01-01").await;

    let newest: Vec<i64> = made.iter().rev().map(|(id, _)| *id).collect();
    let mut by_name = made.clone();
    by_name.sort_by(|a, b| a.1.cmp(&b.1));
    let by_name: Vec<String> = by_name.into_iter().map(|(_, n)| n).collect();

    let first = web.get("/unit/nominations").await;
    assert_eq!(first.status, 200);
    assert!(first.html.contains("共 21 条推荐"), "{}", first.html);
    assert!(first.html.contains("name=\"sort\""));
    assert_eq!(
        once(ids_after(&first.html, "/unit/nominations/")),
        newest[..20]
    );
    let next = next_link(&first.html).expect("a second page");
    assert!(!next.contains("sort="), "{next}");
    let second = web.get(&next).await;
    assert_eq!(
        once(ids_after(&second.html, "/unit/nominations/")),
        newest[20..]
    );

    let named = web.get("/unit/nominations?sort=name").await;
    assert_eq!(titles(&named.html), by_name[..20]);
    let next = next_link(&named.html).expect("a second page");
    assert!(next.contains("sort=name"), "{next}");
    assert!(next.contains(&format!("round={round}")), "{next}");
    let rest = web.get(&next).await;
    assert_eq!(titles(&rest.html), by_name[20..]);
    assert!(rest.html.contains("共 21 条推荐"));

    // An unknown code shows the default order.
    let odd = web.get("/unit/nominations?sort=zzz").await;
    assert_eq!(odd.status, 200);
    assert_eq!(
        once(ids_after(&odd.html, "/unit/nominations/")),
        newest[..20]
    );
    // The status and category sorts answer with every row too (all drafts of one category:
    // the newest first among them).
    for code in ["status", "category"] {
        let page = web.get(&format!("/unit/nominations?sort={code}")).await;
        assert_eq!(page.status, 200);
        let ids = once(ids_after(&page.html, "/unit/nominations/"));
        if code == "status" {
            assert_eq!(ids, newest[..20]);
        } else {
            // The category sort breaks ties by the candidate's name.
            assert_eq!(titles(&page.html), by_name[..20]);
        }
    }
}

/// A pool entry of the test: id, certificate number, e-mail, unit and term end.
type PoolEntry = (i64, String, String, peidai::domain::ids::UnitId, String);
#[actix_web::test]
async fn the_pool_register_sorts_filters_and_pages_in_the_database() {
    let app = spawn().await;
    let s = two_units(&app).await;
    // 22 entries: the certificate numbers run against the names, the units alternate and the
    // terms end in 2028, 2029 or 2030.
    let mut entries = Vec::new();
    for i in 0..22i64 {
        let email = format!("p{i:02}@test.cn");
        let unit = if i % 2 == 0 { s.u1 } else { s.u2 };
        let user = app.insert_user(&email, &[Role::Mentor], Some(unit));
        let term = format!("{}-06-30", 2028 + i % 3);
        let id = appoint_until(&app, user, unit, &format!("{:02}", 21 - i), &term);
        entries.push((id, format!("TEST-{:02}", 21 - i), email, unit, term));
    }
    let mut web = signed_in(&app, "city.admin@test.cn").await;
    let order = |key: &dyn Fn(&PoolEntry) -> (String, String)| {
        let mut v = entries.clone();
        v.sort_by_key(|e| key(e));
        v.into_iter().map(|e| e.0).collect::<Vec<i64>>()
    };
    let by_certificate = order(&|e| (e.1.clone(), String::new()));
    let by_name = order(&|e| (e.2.clone(), e.1.clone()));
    // 红山区 (u1) sorts before 松山区 (u2) by the code points of their names.
    let unit_name = |u| if u == s.u1 { "红山区" } else { "松山区" };
    let by_unit = order(&|e| (unit_name(e.3).to_owned(), e.1.clone()));
    let by_term = order(&|e| (e.4.clone(), e.1.clone()));

    for (code, want) in [
        ("", &by_certificate),
        ("zzz", &by_certificate),
        ("name", &by_name),
        ("unit", &by_unit),
        ("term", &by_term),
    ] {
        let path = if code.is_empty() {
            "/city/pool".to_owned()
        } else {
            format!("/city/pool?sort={code}")
        };
        let first = web.get(&path).await;
        assert_eq!(first.status, 200, "{path}");
        assert!(first.html.contains("共 22 人"), "{path}");
        assert_eq!(
            ids_after(&first.html, "/print/certificates/"),
            want[..20],
            "{path}"
        );
        let next = next_link(&first.html).expect("a second page");
        assert_eq!(
            next.contains("sort="),
            !code.is_empty() && code != "zzz",
            "{next}"
        );
        let second = web.get(&next).await;
        assert_eq!(
            ids_after(&second.html, "/print/certificates/"),
            want[20..],
            "{next}"
        );
    }
    // The filters still cut the list, and the total is theirs: a term ending in 2029 in 松山区.
    let cut = web
        .get(&format!("/city/pool?term=2029&unit={}&sort=name", s.u2))
        .await;
    let want: Vec<i64> = by_name
        .iter()
        .copied()
        .filter(|id| {
            let e = entries.iter().find(|e| e.0 == *id).unwrap();
            e.3 == s.u2 && e.4.starts_with("2029")
        })
        .collect();
    assert!(!want.is_empty());
    assert_eq!(ids_after(&cut.html, "/print/certificates/"), want);
    assert!(cut.html.contains(&format!("共 {} 人", want.len())));
}

#[actix_web::test]
async fn the_units_assessments_show_the_chosen_round_only_and_sort() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let (a, _, _) = mentor(&app, "a@test.cn", s.u1).await;
    let (b, _, _) = mentor(&app, "b@test.cn", s.u1).await;
    let _ = b;
    // 丙's term ends with 2027: in the 2027 round only.
    let c = app.insert_user("c@test.cn", &[Role::Mentor], Some(s.u1));
    appoint_until(&app, c, s.u1, "c", "2027-12-31");
    // Another unit's mentor, in both rounds, never on unit 1's list.
    mentor(&app, "z@test.cn", s.u2).await;
    travel(&app, "2027-12-02T01:00:00Z", &mut s).await;
    let r2027 = open_2027(&app, &s.city, json!({})).await;
    let a2027 = assessment_of(&app, &s.city, &r2027, a).await;
    grade_and_confirm(&app, &s, a2027, "qualified", "按合同履行培带职责。").await;
    travel(&app, "2028-12-02T01:00:00Z", &mut s).await;
    let r2028 = app
        .post(
            "/api/v1/assessment-rounds",
            Some(&s.city),
            json!({ "year": 2028, "opens_on": "2028-12-01", "closes_on": "2028-12-31" }),
        )
        .await;
    assert_eq!(r2028.status, 201, "{}", r2028.body);

    let mut web = signed_in(&app, "admin1@test.cn").await;
    let newest = web.get("/unit/assessments").await;
    assert_eq!(newest.status, 200);
    assert_eq!(
        titles(&newest.html),
        ["测试 a@test.cn", "测试 b@test.cn"],
        "the newest round by default"
    );
    assert!(newest.html.contains("name=\"round\""));
    let id2027 = r2027["id"].as_i64().unwrap();
    let old = web.get(&format!("/unit/assessments?round={id2027}")).await;
    // By stage by default: the pending ones by name, then the confirmed one.
    assert_eq!(
        titles(&old.html),
        ["测试 b@test.cn", "测试 c@test.cn", "测试 a@test.cn"]
    );
    assert!(old.html.contains("共 3 条"));
    // The stage tabs keep the round.
    assert!(
        old.html
            .replace("&#x2f;", "/")
            .replace("&amp;", "&")
            .contains(&format!("/unit/assessments?round={id2027}&stage=pending")),
        "{}",
        old.html
    );
    let odd = web
        .get(&format!("/unit/assessments?round={id2027}&sort=zzz"))
        .await;
    assert_eq!(titles(&odd.html), titles(&old.html));
    let by_mentor = web
        .get(&format!("/unit/assessments?round={id2027}&sort=mentor"))
        .await;
    assert_eq!(
        titles(&by_mentor.html),
        ["测试 a@test.cn", "测试 b@test.cn", "测试 c@test.cn"]
    );
    let by_grade = web
        .get(&format!("/unit/assessments?round={id2027}&sort=grade"))
        .await;
    assert_eq!(
        titles(&by_grade.html),
        ["测试 a@test.cn", "测试 b@test.cn", "测试 c@test.cn"]
    );
    let pending = web
        .get(&format!(
            "/unit/assessments?round={id2027}&stage=pending&sort=mentor"
        ))
        .await;
    assert_eq!(titles(&pending.html), ["测试 b@test.cn", "测试 c@test.cn"]);
    // The report to download is of the round the list shows.
    assert!(
        old.html
            .replace("&#x2f;", "/")
            .replace("&amp;", "&")
            .contains(&format!("href=\"/unit/assessments/report?round={id2027}\"")),
        "{}",
        old.html
    );
    let disposition = |p: &crate::web_client::Page| {
        p.headers
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .replace("%2D", "-")
    };
    let report = web
        .get(&format!("/unit/assessments/report?round={id2027}"))
        .await;
    assert_eq!(report.status, 200);
    assert!(
        disposition(&report).contains("assessment-2027-"),
        "{:?}",
        report.headers
    );
    assert!(report.html.contains("测试 a@test.cn") && !report.html.contains("测试 z@test.cn"));
    let current = web.get("/unit/assessments/report").await;
    assert!(
        disposition(&current).contains("assessment-2028-"),
        "{:?}",
        current.headers
    );
    assert_eq!(
        web.get("/unit/assessments/report?round=999999")
            .await
            .status,
        404
    );
    // A round id that is not a round shows the newest.
    let unknown = web.get("/unit/assessments?round=999999").await;
    assert_eq!(titles(&unknown.html), titles(&newest.html));
    // The other unit sees only its own, in either round.
    let mut other = signed_in(&app, "admin2@test.cn").await;
    for path in [
        "/unit/assessments".to_owned(),
        format!("/unit/assessments?round={id2027}"),
    ] {
        let page = other.get(&path).await;
        assert_eq!(titles(&page.html), ["测试 z@test.cn"], "{path}");
    }
}

/// A nomination of `name` by the admin whose token is `admin`, in `category`, submitted; its id.
async fn submitted_in(
    app: &crate::helpers::TestApp,
    admin: &str,
    round: i64,
    name: &str,
    email: &str,
    category: &str,
) -> i64 {
    let n = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/nominations"),
            Some(admin),
            json!({
                "new_candidate": { "email": email, "name": name },
                "category": category, "birth_date": "1980-01-01",
                "education": "doctorate", "title_level": "senior",
                "city_work_start_date": "2010-01-01",
                "achievements": "主持市级重点课题。",
                "qualification_justification": "长期承担关键技术攻关。"
            }),
        )
        .await;
    assert_eq!(n.status, 201, "{}", n.body);
    let id = n.body["id"].as_i64().unwrap();
    let res = post_empty(app, &format!("/api/v1/nominations/{id}/submit"), admin).await;
    assert_eq!(res.status, 200, "{}", res.body);
    id
}

#[actix_web::test]
async fn the_reviewers_list_sorts_todo_name_category_and_unit_and_keeps_the_sort() {
    let app = spawn().await;
    let s = two_units(&app).await;
    let round = open_round(&app, &s.city).await;
    // 21 nominations of both units and two categories, made in an order that is not the names'.
    // (id, name, unit name, category rank)
    let mut made: Vec<(i64, String, &str, usize)> = Vec::new();
    for i in 0..21 {
        let name = format!("候选人{:02}", (i * 8) % 21);
        let (admin, unit) = if i % 2 == 0 {
            (&s.admin1.1, "红山区")
        } else {
            (&s.admin2.1, "松山区")
        };
        let (category, rank) = if i % 3 == 0 {
            ("high_skill", 1)
        } else {
            ("professional_technical", 0)
        };
        let id = submitted_in(
            &app,
            admin,
            round,
            &name,
            &format!("n{i}@test.cn"),
            category,
        )
        .await;
        made.push((id, name, unit, rank));
    }
    // A reviewer of no unit, for both categories: every nomination is theirs.
    let (rid, rtoken) = app.make_user("rev@test.cn", &[Role::Reviewer], None).await;
    let res = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/reviewers"),
            Some(&s.city),
            json!({ "reviewer_id": rid.0, "categories": ["professional_technical", "high_skill"] }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = app
        .post(
            &format!("/api/v1/selection-rounds/{round}/advance"),
            Some(&s.city),
            json!({ "to": "reviewing" }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // Two scored: the first two made.
    let scored = [made[0].0, made[1].0];
    for id in scored {
        let res = app
            .request(
                "PUT",
                &format!("/api/v1/reviews/{id}"),
                Some(&rtoken),
                Some(json!({ "score": 80, "recommendation": "recommend" })),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    type Made<'a> = (i64, String, &'a str, usize);
    let ordered = |key: &dyn Fn(&Made) -> (usize, String, String)| {
        let mut v = made.clone();
        v.sort_by(|a, b| key(a).cmp(&key(b)).then(a.0.cmp(&b.0)));
        v.into_iter().map(|x| x.0).collect::<Vec<i64>>()
    };
    let todo = ordered(&|x| {
        (
            usize::from(scored.contains(&x.0)) * 10 + x.3,
            String::new(),
            String::new(),
        )
    });
    let by_name = ordered(&|x| (0, x.1.clone(), String::new()));
    let by_category = ordered(&|x| (x.3, x.1.clone(), String::new()));
    let by_unit = ordered(&|x| (0, x.2.to_owned(), x.1.clone()));
    assert_ne!(by_unit, by_name);

    let mut web = signed_in(&app, "rev@test.cn").await;
    let first = web.get("/review").await;
    assert_eq!(first.status, 200);
    assert!(first.html.contains("name=\"sort\""));
    assert_eq!(once(ids_after(&first.html, "/review/")), todo[..20]);
    assert!(first.html.contains("红山区") && first.html.contains("松山区"));
    let next = next_link(&first.html).expect("a second page");
    assert!(!next.contains("sort="), "{next}");
    assert_eq!(
        once(ids_after(&web.get(&next).await.html, "/review/")),
        todo[20..]
    );
    let odd = web.get("/review?sort=zzz").await;
    assert_eq!(once(ids_after(&odd.html, "/review/")), todo[..20]);
    for (code, want) in [
        ("name", &by_name),
        ("category", &by_category),
        ("unit", &by_unit),
    ] {
        let page = web.get(&format!("/review?sort={code}")).await;
        assert_eq!(
            once(ids_after(&page.html, "/review/")),
            want[..20],
            "{code}"
        );
        let next = next_link(&page.html).expect("a second page");
        assert!(next.contains(&format!("sort={code}")), "{next}");
        let rest = web.get(&next).await;
        assert_eq!(
            once(ids_after(&rest.html, "/review/")),
            want[20..],
            "{code}"
        );
    }
    // The category chips and the filter keep the sort.
    let named = web.get("/review?sort=name&state=todo").await;
    let html = named.html.replace("&#x2f;", "/").replace("&amp;", "&");
    assert!(
        html.contains("/review?state=todo&sort=name&category=high_skill"),
        "{html}"
    );
    let want: Vec<i64> = by_name
        .iter()
        .copied()
        .filter(|id| !scored.contains(id))
        .collect();
    assert_eq!(once(ids_after(&named.html, "/review/")), want[..19]);
}

/// The unit admin whose token is `admin` grades an assessment, and submits it if `submit`.
async fn grade(app: &crate::helpers::TestApp, admin: &str, id: i64, grade: &str, submit: bool) {
    let url = format!("/api/v1/assessments/{id}");
    let g = app
        .patch(
            &url,
            Some(admin),
            json!({ "grade": grade, "overall_comment": "按合同履行培带职责。" }),
        )
        .await;
    assert_eq!(g.status, 200, "{}", g.body);
    if submit {
        let sub = post_empty(app, &format!("{url}/submit"), admin).await;
        assert_eq!(sub.status, 200, "{}", sub.body);
    }
}

#[actix_web::test]
async fn the_citys_round_page_sorts_its_units_and_its_assessments_and_keeps_both_sorts() {
    let app = spawn().await;
    let mut s = two_units(&app).await;
    let mut people = Vec::new();
    for (email, unit) in [
        ("a@test.cn", s.u1),
        ("b@test.cn", s.u1),
        ("c@test.cn", s.u1),
        ("y@test.cn", s.u2),
        ("z@test.cn", s.u2),
    ] {
        people.push(mentor(&app, email, unit).await.0);
    }
    travel(&app, "2027-12-02T01:00:00Z", &mut s).await;
    let r = open_2027(&app, &s.city, json!({})).await;
    let mut ids = Vec::new();
    for p in &people {
        ids.push(assessment_of(&app, &s.city, &r, *p).await);
    }
    // 红山区: a submitted (qualified), b graded (excellent), c pending: 1 of 3 done.
    grade(&app, &s.admin1.1, ids[0], "qualified", true).await;
    grade(&app, &s.admin1.1, ids[1], "excellent", false).await;
    // 松山区: y submitted (excellent), z submitted (qualified): 2 of 2 done.
    grade(&app, &s.admin2.1, ids[3], "excellent", true).await;
    grade(&app, &s.admin2.1, ids[4], "qualified", true).await;
    let (a, b, c, y, z) = (
        "测试 a@test.cn",
        "测试 b@test.cn",
        "测试 c@test.cn",
        "测试 y@test.cn",
        "测试 z@test.cn",
    );
    let (u1, u2) = (s.u1.0, s.u2.0);
    let base = format!("/city/assessment-rounds/{}", r["id"]);
    let mut web = signed_in(&app, "city.admin@test.cn").await;
    let page = web.get(&base).await;
    assert_eq!(page.status, 200, "{}", page.html);
    // What waits for the city first, then by unit and mentor; the units by name.
    assert_eq!(titles(&page.html), [y, z, a, b, c]);
    assert_eq!(ids_after(&page.html, "unit="), [u2, u1]);
    assert!(page.html.contains("33%") && page.html.contains("100%"));
    assert!(page.html.contains("name=\"sort\"") && page.html.contains("name=\"units\""));
    let odd = web.get(&format!("{base}?sort=zzz&units=zzz")).await;
    assert_eq!(titles(&odd.html), [y, z, a, b, c]);
    assert_eq!(ids_after(&odd.html, "unit="), [u2, u1]);
    for (code, want) in [
        ("mentor", [a, b, c, y, z]),
        ("unit", [y, z, a, b, c]),
        ("stage", [c, b, y, z, a]),
        ("grade", [y, b, z, a, c]),
    ] {
        let page = web.get(&format!("{base}?sort={code}")).await;
        assert_eq!(titles(&page.html), want, "{code}");
    }
    let progress = web.get(&format!("{base}?units=progress&sort=mentor")).await;
    assert_eq!(ids_after(&progress.html, "unit="), [u1, u2]);
    assert_eq!(titles(&progress.html), [a, b, c, y, z]);
    // The table's links keep both sorts.
    let html = progress.html.replace("&#x2f;", "/").replace("&amp;", "&");
    assert!(
        html.contains(&format!(
            "{base}?units=progress&sort=mentor&unit={u1}&stage=pending"
        )),
        "{html}"
    );
    let waiting = web.get(&format!("{base}?units=waiting")).await;
    assert_eq!(ids_after(&waiting.html, "unit="), [u2, u1]);
    // Filtered by stage, in the chosen sort.
    let filtered = web
        .get(&format!(
            "{base}?stage=submitted&sort=mentor&units=progress"
        ))
        .await;
    assert_eq!(titles(&filtered.html), [a, y, z]);
    assert_eq!(ids_after(&filtered.html, "unit="), [u1, u2]);
    // The city returns a's: 红山区 has the most returned.
    let back = app
        .post(
            &format!("/api/v1/assessments/{}/return", ids[0]),
            Some(&s.city),
            json!({ "reason": "请补充培带记录。" }),
        )
        .await;
    assert_eq!(back.status, 200, "{}", back.body);
    let returned = web.get(&format!("{base}?units=returned")).await;
    assert_eq!(ids_after(&returned.html, "unit="), [u1, u2]);
    assert_eq!(ids_after(&web.get(&base).await.html, "unit="), [u2, u1]);
}
