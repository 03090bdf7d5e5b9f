//! The printable documents as pages: who may open each, and what each holds. Every document is
//! opened over the demo city (built through the services): the certificate and the notice of
//! revocation of a pool entry, a contract with its six parties, a submitted application form, a
//! confirmed assessment's result notice and a round's public notice, each in both languages, and
//! each refused to the roles that may not open it (403), another unit's admins (404) and a
//! visitor (the sign-in page).

use serde_json::{Value, json};

use peidai::demo::DemoLogin;
use peidai::domain::role::Role;
use peidai::jobs::JobName;

use crate::demo::{DEMO_PASSWORD, demo_app, items};
use crate::helpers::TestApp;
use crate::page_checks::{assert_page, visible_text};
use crate::web_client::{Page, WebClient};

/// The city admin of the demo.
const CITY: &str = "admin@demo.peidai.cn";

/// A browser speaking `lang`, signed in as `email`.
async fn browser<'a>(app: &'a TestApp, email: &str, lang: &'static str) -> WebClient<'a> {
    let mut web = WebClient::new(app).speaking(lang);
    web.get(&format!("/language?lang={lang}")).await;
    web.sign_in(email, DEMO_PASSWORD).await;
    web
}

/// `path` as `email` sees it.
async fn open(app: &TestApp, email: &str, path: &str) -> Page {
    browser(app, email, "zh-CN").await.get(path).await
}

/// Asserts that `path` opens in both languages for `email` and that its Chinese text holds every
/// one of `words`; returns the Chinese page's text.
async fn readable(app: &TestApp, email: &str, path: &str, words: &[&str]) -> String {
    let mut zh = browser(app, email, "zh-CN").await;
    let page = zh.get(path).await;
    assert_page(&page, path, "zh-CN");
    let text = visible_text(&page.html);
    for w in words {
        assert!(text.contains(w), "{path} as {email} lacks {w:?}: {text}");
    }
    assert!(
        page.html.contains("data-print") && page.html.contains("print-bar__back"),
        "{path}: no print button or back link"
    );
    let mut en = browser(app, email, "en").await;
    let page = en.get(path).await;
    assert_page(&page, path, "en");
    text
}

/// Asserts the answer of `path` to `email` (`None`: a visitor) is `status`; a visitor is sent to
/// sign in.
async fn refused(app: &TestApp, email: Option<&str>, path: &str, status: u16) {
    let page = match email {
        Some(e) => open(app, e, path).await,
        None => WebClient::new(app).get(path).await,
    };
    assert_eq!(
        page.status.as_u16(),
        status,
        "{path} as {email:?}: {}",
        page.html
    );
    if email.is_none() {
        assert!(page.location().starts_with("/login"), "{}", page.location());
    }
}

/// The demo's people and objects the documents are about.
struct Demo {
    logins: Vec<DemoLogin>,
    units: Vec<Value>,
    city: String,
}

impl Demo {
    fn unit_name(&self, id: &Value) -> String {
        self.units
            .iter()
            .find(|u| &u["id"] == id)
            .map(|u| u["name"].as_str().unwrap().to_owned())
            .unwrap()
    }

    /// A login holding `role` (and, when given, of the unit `unit` or not of it).
    fn login(&self, role: Role, unit: Option<(&str, bool)>) -> String {
        self.logins
            .iter()
            .find(|l| {
                l.roles.contains(&role)
                    && unit.is_none_or(|(u, same)| (l.unit.as_deref() == Some(u)) == same)
            })
            .map(|l| l.email.clone())
            .unwrap_or_else(|| panic!("no demo login with {role:?} {unit:?}"))
    }

    /// Whether a demo login administers `unit`.
    fn has_admin(&self, unit: &str) -> bool {
        self.logins
            .iter()
            .any(|l| l.roles.contains(&Role::UnitAdmin) && l.unit.as_deref() == Some(unit))
    }

    /// A login holding exactly `role`.
    fn only(&self, role: Role) -> String {
        self.logins
            .iter()
            .find(|l| l.roles == [role])
            .map(|l| l.email.clone())
            .unwrap_or_else(|| panic!("no demo login with only {role:?}"))
    }

    fn email_of(&self, name: &str) -> String {
        self.logins
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.email.clone())
            .unwrap_or_else(|| panic!("no demo login named {name}"))
    }
}

async fn demo() -> (TestApp, Demo) {
    let (app, logins) = demo_app().await;
    let city = app.login(CITY, DEMO_PASSWORD).await;
    let units = items(
        &app.get("/api/v1/units?per_page=100", Some(&city))
            .await
            .body,
    );
    (
        app,
        Demo {
            logins,
            units,
            city,
        },
    )
}

#[actix_web::test]
async fn the_certificate_and_the_contract_print_for_their_people_and_no_one_else() {
    let (app, d) = demo().await;
    // 聘书: an active pool entry with a contract.
    let contracts = app
        .get(
            "/api/v1/contracts?status=active&per_page=100",
            Some(&d.city),
        )
        .await;
    let contracts = items(&contracts.body);
    let k = contracts
        .iter()
        .find(|k| {
            k["mentees"].as_array().unwrap().len() == 5 && d.has_admin(&d.unit_name(&k["unit_id"]))
        })
        .expect("an active contract with five mentees, of a unit with a demo admin");
    let entry = app
        .get(
            &format!("/api/v1/mentors/{}", k["mentor_entry_id"]),
            Some(&d.city),
        )
        .await
        .body;
    let entry = entry.get("mentor").cloned().unwrap_or(entry);
    let no = entry["certificate_no"].as_str().unwrap().to_owned();
    let mentor_name = k["mentor_name"].as_str().unwrap().to_owned();
    let unit = d.unit_name(&k["unit_id"]);
    let mentor = d.email_of(&mentor_name);
    let admin = d.login(Role::UnitAdmin, Some((&unit, true)));
    let foreign = d.login(Role::UnitAdmin, Some((&unit, false)));
    let path = format!("/print/certificates/{}", k["mentor_entry_id"]);
    for who in [&mentor, &admin, &CITY.to_owned()] {
        let text = readable(
            &app,
            who,
            &path,
            &[&no, &mentor_name, &unit, "聘　书", "市委组织部"],
        )
        .await;
        assert!(text.contains("（盖章）"), "{text}");
    }
    refused(&app, Some(&foreign), &path, 404).await;
    refused(&app, Some(&d.only(Role::Mentee)), &path, 403).await;
    refused(&app, Some(&d.only(Role::Reviewer)), &path, 403).await;
    refused(&app, None, &path, 303).await;
    // Another mentor's certificate is not this mentor's to open.
    let other = contracts
        .iter()
        .find(|o| o["mentor_user_id"] != k["mentor_user_id"])
        .expect("a second mentor");
    refused(
        &app,
        Some(&mentor),
        &format!("/print/certificates/{}", other["mentor_entry_id"]),
        404,
    )
    .await;
    // A pool entry not revoked has no notice of revocation.
    refused(
        &app,
        Some(CITY),
        &format!("/print/revocations/{}", k["mentor_entry_id"]),
        404,
    )
    .await;

    // 培带联系书: the six parties, the cycle, every indicator, a signature line for each.
    let names: Vec<String> = std::iter::once(mentor_name.clone())
        .chain(
            k["mentees"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["name"].as_str().unwrap().to_owned()),
        )
        .collect();
    let path = format!("/print/contracts/{}", k["id"]);
    let mentee = d.email_of(&names[1]);
    for who in [&mentor, &mentee, &admin, &CITY.to_owned()] {
        let mut want: Vec<&str> = names.iter().map(String::as_str).collect();
        want.extend([
            "培带联系书",
            "培带人职责",
            "培带对象职责",
            "年度目标",
            "签名：",
        ]);
        let text = readable(&app, who, &path, &want).await;
        assert_eq!(text.matches("签名：").count(), 6, "{text}");
        for i in k["indicators"].as_array().unwrap() {
            let target = format!("{} 次", i["yearly_target"]);
            assert!(text.contains(&target), "{target}: {text}");
        }
    }
    refused(&app, Some(&foreign), &path, 404).await;
    refused(&app, Some(&d.only(Role::Reviewer)), &path, 403).await;
    refused(&app, None, &path, 303).await;

    // The pages where people meet them link to them.
    let page = open(&app, &mentor, "/mentor/appointment").await;
    assert!(
        page.html
            .contains(&format!("/print/certificates/{}", k["mentor_entry_id"]))
    );
    let page = open(&app, &mentee, "/mentee/contract").await;
    assert!(page.html.contains(&format!("/print/contracts/{}", k["id"])));
    let page = open(&app, CITY, "/city/pool").await;
    assert!(page.html.contains("/print/certificates/"));
}

#[actix_web::test]
async fn the_application_form_prints_as_submitted_for_its_unit_and_the_city() {
    let (app, d) = demo().await;
    let rounds = items(
        &app.get("/api/v1/selection-rounds?per_page=100", Some(&d.city))
            .await
            .body,
    );
    let open_round = rounds.iter().find(|r| r["status"] == "open").unwrap();
    let noms = items(
        &app.get(
            &format!(
                "/api/v1/selection-rounds/{}/nominations?per_page=100",
                open_round["id"]
            ),
            Some(&d.city),
        )
        .await
        .body,
    );
    let n = noms.iter().find(|n| n["status"] == "submitted").unwrap();
    let full = app
        .get(&format!("/api/v1/nominations/{}", n["id"]), Some(&d.city))
        .await
        .body;
    let name = n["candidate_name"].as_str().unwrap();
    let unit = d.unit_name(&n["unit_id"]);
    let admin = d.login(Role::UnitAdmin, Some((&unit, true)));
    let foreign = d.login(Role::UnitAdmin, Some((&unit, false)));
    let path = format!("/print/nominations/{}", n["id"]);
    let files = items(
        &app.get(
            &format!("/api/v1/nominations/{}/files", n["id"]),
            Some(&d.city),
        )
        .await
        .body,
    );
    for who in [&admin, &CITY.to_owned()] {
        let mut want = vec![
            name,
            unit.as_str(),
            "推荐申报表",
            "证明材料",
            "单位推荐意见",
        ];
        if let Some(a) = full["achievements"].as_str() {
            want.push(a.lines().next().unwrap_or(a));
        }
        let text = readable(&app, who, &path, &want).await;
        for f in &files {
            let f = f["file_name"].as_str().unwrap();
            assert!(text.contains(f), "{f}: {text}");
        }
        if files.is_empty() {
            assert!(text.contains("未上传证明材料"), "{text}");
        }
    }
    refused(&app, Some(&foreign), &path, 404).await;
    refused(&app, Some(&d.only(Role::Mentee)), &path, 403).await;
    // A reviewer to whom it is not assigned (the round is not in review) does not see it.
    refused(&app, Some(&d.only(Role::Reviewer)), &path, 404).await;
    refused(&app, None, &path, 303).await;
    let page = open(&app, &admin, &format!("/unit/nominations/{}", n["id"])).await;
    assert!(page.html.contains(&path));
}

#[actix_web::test]
async fn the_application_form_prints_the_position_beside_the_unit() {
    let (app, d) = demo().await;
    let rounds = items(
        &app.get("/api/v1/selection-rounds?per_page=100", Some(&d.city))
            .await
            .body,
    );
    let open_round = rounds.iter().find(|r| r["status"] == "open").unwrap();
    let noms = items(
        &app.get(
            &format!(
                "/api/v1/selection-rounds/{}/nominations?per_page=100",
                open_round["id"]
            ),
            Some(&d.city),
        )
        .await
        .body,
    );
    let n = noms.iter().find(|n| n["status"] == "submitted").unwrap();
    let candidate = n["candidate_id"].as_i64().unwrap();
    let path = format!("/print/nominations/{}", n["id"]);
    let before = visible_text(&open(&app, CITY, &path).await.html);
    assert!(before.contains("工作单位及职务"), "{before}");
    assert!(!before.contains("研究员"), "{before}");
    let res = app
        .patch(
            &format!("/api/v1/users/{candidate}"),
            Some(&d.city),
            json!({ "profile": { "position": "研究员" } }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let unit = d.unit_name(&n["unit_id"]);
    readable(&app, CITY, &path, &[&format!("{unit} 研究员")]).await;
}

#[actix_web::test]
async fn the_public_notice_prints_whole_with_its_period_and_how_to_object() {
    let (app, d) = demo().await;
    let rounds = items(
        &app.get("/api/v1/selection-rounds?per_page=100", Some(&d.city))
            .await
            .body,
    );
    let closed = rounds.iter().find(|r| r["status"] == "closed").unwrap();
    let notice = app
        .get(
            &format!(
                "/api/v1/selection-rounds/{}/public-notice?per_page=100",
                closed["id"]
            ),
            Some(&d.city),
        )
        .await
        .body;
    let names: Vec<&str> = notice["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(!names.is_empty());
    let path = format!("/notice/{}/print", closed["id"]);
    // Anyone may read the notice (the default), signed in or not.
    let mut want = names.clone();
    want.extend(["公示时间", "如何反映异议", "市委组织部人才科", "（盖章）"]);
    readable(&app, &d.only(Role::Mentee), &path, &want).await;
    let page = WebClient::new(&app).get(&path).await;
    assert_page(&page, &path, "zh-CN");
    let text = visible_text(&page.html);
    for n in &names {
        assert!(text.contains(n), "{n}: {text}");
    }
    // A round not on notice has none.
    let open_round = rounds.iter().find(|r| r["status"] == "open").unwrap();
    let page = WebClient::new(&app)
        .get(&format!("/notice/{}/print", open_round["id"]))
        .await;
    assert_eq!(page.status, 404);
    let page = WebClient::new(&app)
        .get(&format!("/notice/{}", closed["id"]))
        .await;
    assert!(page.html.contains(&path));
}

#[actix_web::test]
async fn the_result_notice_and_then_the_notice_of_revocation_print_for_the_mentor() {
    let (app, d) = demo().await;
    let rounds = items(
        &app.get("/api/v1/assessment-rounds?per_page=100", Some(&d.city))
            .await
            .body,
    );
    let round = &rounds[0];
    let list = items(
        &app.get(
            &format!(
                "/api/v1/assessment-rounds/{}/assessments?per_page=100",
                round["id"]
            ),
            Some(&d.city),
        )
        .await
        .body,
    );
    let a = list
        .iter()
        .find(|a| a["status"] == "confirmed" && a["grade"] == "unqualified")
        .expect("the demo's confirmed unqualified grade");
    let name = a["mentor_name"].as_str().unwrap().to_owned();
    let no = a["certificate_no"].as_str().unwrap().to_owned();
    let unit = d.unit_name(&a["unit_id"]);
    let mentor = d.email_of(&name);
    let admin = d.login(Role::UnitAdmin, Some((&unit, true)));
    let foreign = d.login(Role::UnitAdmin, Some((&unit, false)));
    let path = format!("/print/assessments/{}", a["id"]);
    let deadline: chrono::NaiveDate = a["objection_deadline"].as_str().unwrap().parse().unwrap();
    let deadline_words = format!(
        "{}年{}月{}日",
        chrono::Datelike::year(&deadline),
        chrono::Datelike::month(&deadline),
        chrono::Datelike::day(&deadline)
    );
    for who in [&mentor, &admin, &CITY.to_owned()] {
        readable(
            &app,
            who,
            &path,
            &[
                &name,
                &no,
                &unit,
                "考核结果通知书",
                "不合格",
                &deadline_words,
                "市委组织部人才科",
            ],
        )
        .await;
    }
    refused(&app, Some(&foreign), &path, 404).await;
    refused(&app, Some(&d.only(Role::Mentee)), &path, 403).await;
    refused(&app, Some(&d.only(Role::Reviewer)), &path, 403).await;
    refused(&app, None, &path, 303).await;
    // An assessment not confirmed has no result to notify.
    if let Some(open) = list.iter().find(|x| x["status"] != "confirmed") {
        refused(
            &app,
            Some(CITY),
            &format!("/print/assessments/{}", open["id"]),
            404,
        )
        .await;
    }
    let page = open(&app, &mentor, &format!("/mentor/assessments/{}", a["id"])).await;
    assert!(page.html.contains(&path), "{}", page.html);

    // The window passes with no objection: the status is revoked, and its notice prints.
    let after = deadline
        .succ_opt()
        .unwrap()
        .and_hms_opt(4, 0, 0)
        .unwrap()
        .and_utc();
    app.set_time(after);
    let run = app.run_job(JobName::RevokeUnqualified).await;
    assert_eq!(run.counts["revoked"], 1, "{:?}", run.counts);
    let city = app.login(CITY, DEMO_PASSWORD).await;
    let entry = app
        .get(
            &format!("/api/v1/mentors/{}", a["mentor_entry_id"]),
            Some(&city),
        )
        .await
        .body;
    let entry = entry.get("mentor").cloned().unwrap_or(entry);
    assert_eq!(entry["status"], "revoked", "{entry}");
    let path = format!("/print/revocations/{}", a["mentor_entry_id"]);
    // The mentor, who no longer holds the mentor's role, still opens their own notice.
    for who in [&mentor, &admin, &CITY.to_owned()] {
        readable(
            &app,
            who,
            &path,
            &[
                &name,
                &no,
                "撤销人才培带人资格通知",
                "撤销原因",
                "异议途径",
                "市委组织部人才科",
            ],
        )
        .await;
    }
    refused(&app, Some(&foreign), &path, 404).await;
    refused(&app, Some(&d.only(Role::Mentee)), &path, 403).await;
    refused(&app, None, &path, 303).await;
    let page = open(&app, CITY, "/city/pool?status=revoked").await;
    assert!(page.html.contains(&path), "{}", page.html);
    let page = open(&app, &admin, &format!("/unit/assessments/{}", a["id"])).await;
    assert!(page.html.contains(&path), "{}", page.html);
}
