//! Lists: every list the API documents answers `{items, page, per_page, total}` and takes `page`
//! and `per_page`, checked by walking the OpenAPI document over a program year run through the
//! API (a mentor appointed by a round, a contract, an activity, an assessment, an objection).

use serde_json::{Value, json};

use peidai::domain::role::Role;

use crate::assessments::{activity, assessment_of, grade_and_confirm, open_2027, travel};
use crate::contracts::{active_from, mentees};
use crate::helpers::{PASSWORD, TestApp, TwoUnits};
use crate::journey::appoint_through_round;

/// A program year with one of everything a list route needs, and who may read what.
pub struct Year {
    pub app: TestApp,
    pub s: TwoUnits,
    pub mentor_token: String,
    pub reviewer_token: String,
    pub selection_round: i64,
    pub nomination: i64,
    pub mentor_entry: i64,
    pub contract: i64,
    pub activity: i64,
    pub assessment_round: i64,
    pub assessment: i64,
    pub objection: i64,
}

/// A mentor appointed through a round, in an active contract with five mentees from
/// 2026-12-01, one activity in 2027, and on 2027-12-10 a confirmed unqualified grade the mentor
/// objects to (the objection is pending).
pub async fn program_year() -> Year {
    let app = crate::assessments::spawn().await;
    let mut s = crate::helpers::two_units(&app).await;
    let people = [("year.mentor@test.cn", s.u1)];
    let (mentors, selection_round) = appoint_through_round(&app, &mut s, 2027, &people).await;
    let mentor = &mentors[0];
    let nominations = app
        .get(
            &format!("/api/v1/selection-rounds/{selection_round}/nominations"),
            Some(&s.city),
        )
        .await;
    let nomination = nominations.body["items"][0]["id"].as_i64().unwrap();
    let (ids, tokens) = mentees(&app, "year.mentee", s.u1, 5).await;
    let contract = active_from(&app, &mentor.token, &ids, &tokens, "2026-12-01").await;
    let contract = contract.as_i64().unwrap();

    travel(&app, "2027-12-10T01:00:00Z", &mut s).await;
    let mentor_token = app.login(&mentor.email, PASSWORD).await;
    let logged = app
        .post(
            &format!("/api/v1/contracts/{contract}/activities"),
            Some(&mentor_token),
            activity("lecture", "2027-06-01", &ids[..2]),
        )
        .await;
    assert_eq!(logged.status, 201, "{}", logged.body);
    let round = open_2027(&app, &s.city, json!({})).await;
    let assessment = assessment_of(&app, &s.city, &round, mentor.user).await;
    grade_and_confirm(&app, &s, assessment, "unqualified", "全年仅开展一次活动").await;
    let objection = app
        .post(
            &format!("/api/v1/assessments/{assessment}/objection"),
            Some(&mentor_token),
            json!({ "content": "另有活动记录在纸质台账中" }),
        )
        .await;
    assert_eq!(objection.status, 201, "{}", objection.body);
    let (_, reviewer_token) = app
        .make_user("year.reviewer@test.cn", &[Role::Reviewer], Some(s.u2))
        .await;
    Year {
        selection_round,
        nomination,
        mentor_entry: mentor.entry,
        contract,
        activity: logged.body["id"].as_i64().unwrap(),
        assessment_round: round["id"].as_i64().unwrap(),
        assessment,
        objection: objection.body["id"].as_i64().unwrap(),
        mentor_token,
        reviewer_token,
        app,
        s,
    }
}

/// The schema a `$ref` points to, or the schema itself.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => &doc["components"]["schemas"][r.rsplit('/').next().unwrap()],
        None => schema,
    }
}

/// A bare array, or an object with `items` (an array), `page`, `per_page` and `total`.
enum ListSchema {
    Bare,
    Page,
}

fn list_schema(doc: &Value, schema: &Value) -> Option<ListSchema> {
    let schema = resolve(doc, schema);
    if schema["type"] == "array" {
        return Some(ListSchema::Bare);
    }
    let props = &schema["properties"];
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let paged = props["items"]["type"] == "array"
        && ["items", "page", "per_page", "total"]
            .iter()
            .all(|k| props[*k].is_object() && required.contains(k));
    paged.then_some(ListSchema::Page)
}

/// The route with its path parameters filled from the program year.
pub fn fill(path: &str, y: &Year) -> String {
    let id = if path.starts_with("/api/v1/contracts/") {
        y.contract
    } else if path.starts_with("/api/v1/activities/") {
        y.activity
    } else if path.starts_with("/api/v1/nominations/") {
        y.nomination
    } else if path.starts_with("/api/v1/assessment-objections/") {
        y.objection
    } else if path.starts_with("/api/v1/assessment-rounds/") {
        y.assessment_round
    } else if path.starts_with("/api/v1/selection-rounds/") {
        y.selection_round
    } else if path.starts_with("/api/v1/mentors/") {
        y.mentor_entry
    } else if path.starts_with("/api/v1/assessments/") {
        y.assessment
    } else {
        0
    };
    let filled = path
        .replace("{id}", &id.to_string())
        .replace("{name}", "send_emails")
        .replace("{unit_id}", &y.s.u1.0.to_string());
    assert!(
        !filled.contains('{') && (id != 0 || !path.contains("{id}")),
        "a list route this test cannot fill yet: {path}"
    );
    filled
}

/// Someone who may read the list.
pub fn reader<'a>(path: &str, y: &'a Year) -> &'a str {
    if path.starts_with("/api/v1/my-") {
        &y.mentor_token
    } else if path == "/api/v1/reviews" {
        &y.reviewer_token
    } else {
        &y.s.city
    }
}

#[actix_web::test]
async fn every_list_route_of_the_openapi_document_answers_one_page_with_the_total() {
    let y = program_year().await;
    let doc = y.app.get("/api/v1/openapi.json", None).await.body;
    let mut checked = Vec::new();
    let mut failures = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else { continue };
        let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
        let Some(kind) = list_schema(&doc, schema) else {
            continue;
        };
        checked.push(path.clone());
        if matches!(kind, ListSchema::Bare) {
            failures.push(format!("{path}: documented as a bare array"));
        }
        let url = fill(path, &y);
        let res = y.app.get(&url, Some(reader(path, &y))).await;
        let b = &res.body;
        let shaped = res.status == 200
            && b["items"].is_array()
            && b["page"] == 1
            && b["per_page"] == 20
            && b["total"]
                .as_u64()
                .is_some_and(|t| t as usize >= b["items"].as_array().unwrap().len());
        if !shaped {
            failures.push(format!("{url}: {} {}", res.status, b));
            continue;
        }
        let second = y
            .app
            .get(&format!("{url}?page=2&per_page=1"), Some(reader(path, &y)))
            .await;
        let total = b["total"].as_u64().unwrap();
        let expected = usize::from(total >= 2);
        if second.status != 200
            || second.body["items"].as_array().map(Vec::len) != Some(expected)
            || second.body["total"] != total
        {
            failures.push(format!("{url}?page=2&per_page=1: {}", second.body));
        }
    }
    for list in [
        "/api/v1/disputed-activities",
        "/api/v1/plans-awaiting-review",
        "/api/v1/assessment-rounds",
        "/api/v1/mentees-without-mentor",
        "/api/v1/mentors-without-contract",
        "/api/v1/my-assessments",
        "/api/v1/admin/jobs",
        "/api/v1/benefits",
        "/api/v1/assessment-objections",
        "/api/v1/contracts/{id}/activities",
        "/api/v1/contracts/{id}/plans",
        "/api/v1/activities/{id}/files",
        "/api/v1/nominations/{id}/files",
        "/api/v1/assessment-objections/{id}/files",
        "/api/v1/reviews",
        "/api/v1/selection-rounds/{id}/public-notice",
    ] {
        assert!(
            checked.iter().any(|p| p == list),
            "{list} is a documented list"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[actix_web::test]
async fn a_list_pages_through_its_items_and_refuses_a_page_size_over_100() {
    let y = program_year().await;
    let jobs = "/api/v1/admin/jobs";
    let all = y.app.get(jobs, Some(&y.s.city)).await;
    let total = all.body["total"].as_u64().unwrap();
    assert!(total > 3, "{}", all.body);
    let mut names = Vec::new();
    for page in 1..=total.div_ceil(3) {
        let res = y
            .app
            .get(&format!("{jobs}?page={page}&per_page=3"), Some(&y.s.city))
            .await;
        assert_eq!(res.body["total"], total);
        assert_eq!(res.body["page"], page);
        for job in res.body["items"].as_array().unwrap() {
            names.push(job["name"].as_str().unwrap().to_owned());
        }
    }
    let every: Vec<&str> = all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, every, "the pages together are the list, in order");
    let activities = format!("/api/v1/contracts/{}/activities", y.contract);
    for list in [jobs, "/api/v1/my-assessments", activities.as_str()] {
        let token = reader(list, &y);
        let res = y
            .app
            .get(&format!("{list}?per_page=101"), Some(token))
            .await;
        assert_eq!(res.status, 422, "{list}: {}", res.body);
        assert_eq!(res.field_code("per_page"), Some("out_of_range"));
    }
    let year = y
        .app
        .get(
            &format!("{activities}?year=2027&per_page=1"),
            Some(&y.s.city),
        )
        .await;
    assert_eq!(year.body["total"], 1, "{}", year.body);
    assert_eq!(year.body["items"][0]["held_on"], "2027-06-01");
}
