//! The route table: every route has exactly one row, the document shows each route's access, and
//! the policy middleware enforces it on every route.

use std::collections::BTreeSet;

use peidai::auth::policy::{Access, RoutePolicy};
use peidai::domain::role::Role;
use peidai::startup::route_policy;
use serde_json::json;

use crate::helpers::{spawn, two_units};
use crate::lists::{Year, program_year};

fn concrete(path: &str) -> String {
    path.replace("{id}", "1")
        .replace("{file_id}", "1")
        .replace("{user_id}", "1")
        .replace("{unit_id}", "1")
        .replace("{kind}", "bus_card")
        .replace("{year}", "2027")
        .replace("{name}", "send_emails")
        .replace("{_:.*}", "")
}

fn key(row: &RoutePolicy) -> (String, String) {
    (row.method.as_str().to_owned(), row.path.clone())
}

/// Every (method, path) of the OpenAPI document.
fn documented() -> BTreeSet<(String, String)> {
    let spec = peidai::startup::openapi();
    let mut documented = BTreeSet::new();
    for (path, item) in &spec.paths.paths {
        let methods = [
            ("GET", item.get.is_some()),
            ("POST", item.post.is_some()),
            ("PUT", item.put.is_some()),
            ("PATCH", item.patch.is_some()),
            ("DELETE", item.delete.is_some()),
        ];
        for (m, present) in methods {
            if present {
                documented.insert((m.to_owned(), path.clone()));
            }
        }
    }
    documented
}

#[test]
fn every_documented_route_has_exactly_one_row_and_every_row_a_route() {
    let documented = documented();
    let mut seen = BTreeSet::new();
    for row in route_policy().rows() {
        assert!(seen.insert(key(row)), "two rows for {:?}", key(row));
    }
    let table: BTreeSet<_> = peidai::routes::policy().iter().map(key).collect();
    let missing: Vec<_> = documented.difference(&table).collect();
    let stale: Vec<_> = table.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "routes without a policy row: {missing:?}"
    );
    assert!(stale.is_empty(), "policy rows without a route: {stale:?}");
    assert!(documented.len() > 100, "the document lists the API");
}

#[actix_web::test]
async fn public_operations_carry_no_security_and_the_others_bearer_with_401_and_403() {
    let app = spawn().await;
    let spec = app.get("/api/v1/openapi.json", None).await.body;
    assert_eq!(
        spec["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert!(spec["components"]["schemas"]["ErrorBody"].is_object());
    let mut public = 0;
    for row in peidai::routes::policy() {
        let op = &spec["paths"][&row.path][row.method.as_str().to_lowercase()];
        let what = format!("{} {}", row.method, row.path);
        assert!(op.is_object(), "{what} is documented");
        let responses = &op["responses"];
        if row.access == Access::Public {
            assert!(op.get("security").is_none(), "{what} is public: {op}");
            public += 1;
            continue;
        }
        assert_eq!(op["security"], json!([{ "bearer": [] }]), "{what}");
        assert!(responses["401"].is_object(), "{what} documents 401");
        if matches!(row.access, Access::Roles(_) | Access::RolesOrRoleless(_)) {
            assert!(responses["403"].is_object(), "{what} documents 403");
        }
        for status in ["401", "403"] {
            if responses[status].is_object() {
                assert_eq!(
                    responses[status]["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{what} answers {status} with the error body"
                );
            }
        }
    }
    assert!(public >= 7, "the public routes were checked: {public}");
    let run = &spec["paths"]["/api/v1/admin/jobs/{name}/run"]["post"]["responses"];
    assert_eq!(run["403"]["description"], "only for the roles: city_admin");
    assert!(
        run["401"]["description"]
            .as_str()
            .unwrap()
            .starts_with("no valid token")
    );
}

#[actix_web::test]
async fn the_undocumented_public_routes_are_served() {
    let app = spawn().await;
    let documented = documented();
    // The web pages are the other rows outside the document; tests/api/pages.rs serves them.
    let pages: BTreeSet<_> = peidai::web::policy().iter().map(key).collect();
    assert!(
        peidai::web::policy()
            .iter()
            .all(|r| r.access == Access::Public),
        "a page checks its own session cookie"
    );
    let outside: Vec<_> = route_policy()
        .rows()
        .iter()
        .filter(|r| !documented.contains(&key(r)) && !pages.contains(&key(r)))
        .cloned()
        .collect();
    assert_eq!(outside.len(), 3, "the document and its viewer: {outside:?}");
    for row in &outside {
        assert_eq!(row.access, Access::Public, "{}", row.path);
        let res = app
            .request(row.method.as_str(), &concrete(&row.path), None, None)
            .await;
        assert_eq!(res.status, 200, "{} {}", row.method, row.path);
    }
    let spec = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(spec.status, 200);
    assert!(spec.body["paths"]["/api/v1/auth/login"]["post"].is_object());
    let docs = app
        .client
        .get(format!("{}/api/docs/", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), 200);
    let mut init = app
        .client
        .get(format!("{}/api/docs/swagger-initializer.js", app.base))
        .send()
        .await
        .unwrap();
    let init = String::from_utf8(init.body().await.unwrap().to_vec()).unwrap();
    assert!(
        init.contains("/api/v1/openapi.json"),
        "the viewer loads the served document: {init}"
    );
    let no_follow = awc::Client::builder().disable_redirects().finish();
    let bare = no_follow
        .get(format!("{}/api/docs", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), 308);
    assert_eq!(bare.headers().get("location").unwrap(), "/api/docs/");
}

#[actix_web::test]
async fn every_operation_id_of_the_document_is_unique() {
    let app = spawn().await;
    let spec = app.get("/api/v1/openapi.json", None).await;
    let mut seen = std::collections::BTreeMap::new();
    for (path, item) in spec.body["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            if let Some(other) = seen.insert(id.to_owned(), format!("{method} {path}")) {
                panic!("operationId {id} names both {other} and {method} {path}");
            }
        }
    }
    assert!(
        seen.len() > 100,
        "the document lists the API: {}",
        seen.len()
    );
}

#[actix_web::test]
async fn every_protected_route_answers_401_without_a_valid_token() {
    let app = spawn().await;
    let table = route_policy();
    let mut checked = 0;
    for row in table.rows().iter().filter(|r| r.access != Access::Public) {
        let path = concrete(&row.path);
        for token in [None, Some("not-a-token")] {
            let res = app
                .request(row.method.as_str(), &path, token, Some(json!({})))
                .await;
            assert_eq!(
                res.status, 401,
                "{} {} with {token:?} answered {}",
                row.method, row.path, res.status
            );
            assert_eq!(res.body["error"], "unauthorized");
        }
        checked += 1;
    }
    assert!(checked > 80, "every protected route was tried: {checked}");
}

#[actix_web::test]
async fn every_role_restricted_route_answers_403_to_the_other_roles() {
    let app = spawn().await;
    let setup = two_units(&app).await;
    let mut tokens = vec![
        (Role::CityAdmin, setup.city.clone()),
        (Role::UnitAdmin, setup.admin1.1.clone()),
    ];
    for (role, email) in [
        (Role::Reviewer, "reviewer@test.cn"),
        (Role::Mentor, "mentor@test.cn"),
        (Role::Mentee, "mentee@test.cn"),
    ] {
        let (_, t) = app.make_user(email, &[role], Some(setup.u1)).await;
        tokens.push((role, t));
    }
    let mut checked = 0;
    for row in route_policy().rows() {
        let (Access::Roles(allowed) | Access::RolesOrRoleless(allowed)) = row.access else {
            continue;
        };
        for (role, token) in &tokens {
            if allowed.contains(role) {
                continue;
            }
            let res = app
                .request(
                    row.method.as_str(),
                    &concrete(&row.path),
                    Some(token),
                    Some(json!({})),
                )
                .await;
            assert_eq!(
                res.status, 403,
                "{role} on {} {} answered {}",
                row.method, row.path, res.status
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "the matrix covered {checked} cells");
}

/// The routes any signed-in user may call: the README's "any signed-in user" and "everyone sees
/// their own unit" lines. Every other route names its roles, so an excluded role gets 403.
#[test]
fn only_the_routes_for_any_signed_in_user_are_open_to_every_role() {
    let open: BTreeSet<_> = peidai::routes::policy()
        .iter()
        .filter(|r| r.access == Access::Authenticated)
        .map(key)
        .collect();
    let expected: BTreeSet<_> = [
        ("POST", "/api/v1/auth/logout"),
        ("GET", "/api/v1/auth/me"),
        ("POST", "/api/v1/auth/password"),
        ("GET", "/api/v1/units"),
        ("GET", "/api/v1/units/{id}"),
        ("GET", "/api/v1/selection-rounds/{id}/public-notice"),
    ]
    .into_iter()
    .map(|(m, p)| (m.to_owned(), p.to_owned()))
    .collect();
    assert_eq!(open, expected);
}

/// The cells of the finding: a role the README leaves out of a route is refused by the
/// middleware (403), not answered with an empty list, a 404 or a 422.
#[actix_web::test]
async fn a_role_the_readme_leaves_out_gets_403_on_the_routes_it_once_reached() {
    let app = spawn().await;
    let setup = two_units(&app).await;
    let (_, mentee) = app
        .make_user("mentee@test.cn", &[Role::Mentee], Some(setup.u1))
        .await;
    let (_, reviewer) = app
        .make_user("reviewer@test.cn", &[Role::Reviewer], Some(setup.u1))
        .await;
    let (_, mentor) = app
        .make_user("mentor@test.cn", &[Role::Mentor], Some(setup.u1))
        .await;
    let cells: [(&str, &str, &str); 12] = [
        (&mentee, "GET", "/api/v1/my-assessments"),
        (&mentee, "GET", "/api/v1/plans-awaiting-review"),
        (&mentee, "GET", "/api/v1/assessments/1"),
        (&mentee, "GET", "/api/v1/benefits"),
        (&mentee, "GET", "/api/v1/my-benefits"),
        (&reviewer, "GET", "/api/v1/benefits/1"),
        (&reviewer, "POST", "/api/v1/assessments/1/objection"),
        (&reviewer, "GET", "/api/v1/assessment-objections/1/files"),
        (&setup.city, "GET", "/api/v1/my-assessments"),
        (&setup.admin1.1, "GET", "/api/v1/my-benefits"),
        (
            &setup.admin1.1,
            "POST",
            "/api/v1/assessment-objections/1/files",
        ),
        (&mentee, "POST", "/api/v1/assessments/1/objection"),
    ];
    for (token, method, path) in cells {
        let res = app
            .request(method, path, Some(token), Some(json!({ "content": "x" })))
            .await;
        assert_eq!(res.status, 403, "{method} {path}: {}", res.body);
        assert_eq!(res.body["error"], "forbidden");
    }
    for (token, path) in [
        (&mentor, "/api/v1/my-assessments"),
        (&mentor, "/api/v1/my-benefits"),
        (&mentor, "/api/v1/plans-awaiting-review"),
        (&mentor, "/api/v1/benefits"),
    ] {
        let res = app.get(path, Some(token)).await;
        assert_eq!(res.status, 200, "the mentor reads {path}: {}", res.body);
    }
}

/// The object of a route's path in the program year (unit 1's), if the year has one.
fn object_of(path: &str, y: &Year, person: i64) -> Option<i64> {
    let rest = path.strip_prefix("/api/v1/")?;
    let id = match rest.split('/').next()? {
        "contracts" => y.contract,
        "activities" => y.activity,
        "nominations" | "reviews" => y.nomination,
        "assessment-objections" => y.objection,
        "selection-rounds" => y.selection_round,
        "assessments" => y.assessment,
        "units" => y.s.u1.0,
        "users" => person,
        _ => return None,
    };
    Some(id)
}

/// The path with `{id}` as given and the other parameters filled.
fn with_id(path: &str, id: i64, person: i64) -> String {
    path.replace("{id}", &id.to_string())
        .replace("{user_id}", &person.to_string())
}

/// A write to an object the path names answers 404 to a permitted caller who does not reach it
/// (another unit's, or missing) whatever the body holds, and only the owner hears about the body.
/// The routes are every write of the route table whose path names an object (`{id}`).
#[actix_web::test]
async fn a_write_to_another_units_or_a_missing_object_answers_404_before_its_body() {
    let y = program_year().await;
    let app = &y.app;
    let doc = serde_json::to_value(peidai::startup::openapi()).unwrap();
    let (person, _) = app
        .make_user("policy.person@test.cn", &[Role::Mentee], Some(y.s.u1))
        .await;
    let mentee = app
        .login("year.mentee0@test.cn", crate::helpers::PASSWORD)
        .await;
    // A mentee of the year's contract, for the routes that name one (`/mentees/{user_id}/…`).
    let contract = app
        .get(
            &format!("/api/v1/contracts/{}", y.contract),
            Some(&y.s.city),
        )
        .await;
    let in_contract = contract.body["mentees"][0]["user_id"]
        .as_i64()
        .expect("the contract has mentees");
    let (_, outside_mentor) = app
        .make_user("outside.mentor@test.cn", &[Role::Mentor], Some(y.s.u2))
        .await;
    let (_, outside_mentee) = app
        .make_user("outside.mentee@test.cn", &[Role::Mentee], Some(y.s.u2))
        .await;
    let owners: Vec<(Role, &str)> = vec![
        (Role::UnitAdmin, y.s.admin1.1.as_str()),
        (Role::Mentor, y.mentor_token.as_str()),
        (Role::Mentee, mentee.as_str()),
        (Role::CityAdmin, y.s.city.as_str()),
    ];
    // The year's reviewer (unit 2) is assigned to none of its nominations.
    let reviewer = (Role::Reviewer, y.reviewer_token.as_str());
    let mut permitted = owners.clone();
    permitted.push(reviewer);
    let outsiders: Vec<(Role, &str)> = vec![
        (Role::UnitAdmin, y.s.admin2.1.as_str()),
        (Role::Mentor, outside_mentor.as_str()),
        (Role::Mentee, outside_mentee.as_str()),
        reviewer,
    ];
    let bodies: [(&str, &'static [u8]); 2] = [
        ("an unknown field", br#"{"nonsense": 1}"#),
        ("malformed JSON", b"{\"nonsense\": "),
    ];
    let (mut missing, mut other, mut owned) = (0, 0, 0);
    let mut failures = Vec::new();
    for row in peidai::routes::policy() {
        if row.method == actix_web::http::Method::GET || !row.path.contains("{id}") {
            continue;
        }
        let allowed: Vec<Role> = match row.access {
            Access::Roles(roles) | Access::RolesOrRoleless(roles) => roles.to_vec(),
            Access::Authenticated => Role::ALL.to_vec(),
            Access::Public => continue,
        };
        let what = format!("{} {}", row.method, row.path);
        let send = |path: String, token: &str, body: &'static [u8]| {
            let method = row.method.as_str().to_owned();
            let token = token.to_owned();
            async move {
                app.send_raw(&method, &path, Some(&token), "application/json", body)
                    .await
            }
        };
        // A missing object, to every permitted role.
        for (role, token) in permitted.iter().filter(|(r, _)| allowed.contains(r)) {
            for (kind, body) in bodies {
                let res = send(with_id(&row.path, 999_999, 999_999), token, body).await;
                if res.status != 404 {
                    failures.push(format!(
                        "{role} on a missing object, {kind}: {what} answered {} {}",
                        res.status, res.body
                    ));
                }
                missing += 1;
            }
        }
        let Some(id) = object_of(&row.path, &y, person.0) else {
            continue;
        };
        let named = if row.path.contains("/mentees/{user_id}") {
            in_contract
        } else {
            person.0
        };
        let path = with_id(&row.path, id, named);
        // Another unit's object (rounds are the whole city's), to every permitted role of
        // another unit.
        if !row.path.starts_with("/api/v1/selection-rounds/") {
            for (role, token) in outsiders.iter().filter(|(r, _)| allowed.contains(r)) {
                for (kind, body) in bodies {
                    let res = send(path.clone(), token, body).await;
                    if res.status != 404 {
                        failures.push(format!(
                            "{role} of another unit, {kind}: {what} answered {} {}",
                            res.status, res.body
                        ));
                    }
                    other += 1;
                }
            }
        }
        // The owner hears what is wrong with the body, where the route reads one.
        let op = &doc["paths"][&row.path][row.method.as_str().to_lowercase()];
        let reads_body = op["requestBody"].is_object()
            || op["parameters"].as_array().is_some_and(|ps| {
                ps.iter()
                    .any(|p| p["in"] == "query" && p["required"] == true)
            });
        let owner = owners.iter().find(|(r, _)| allowed.contains(r));
        if let (true, Some((role, token))) = (reads_body, owner) {
            let res = send(path.clone(), token, bodies[0].1).await;
            if res.status != 422 {
                failures.push(format!(
                    "{role} owning the object, an unknown field: {what} answered {} {}",
                    res.status, res.body
                ));
            }
            owned += 1;
        }
    }
    // The owner hears the service's own words about the body.
    let refused = app
        .post(
            &format!("/api/v1/assessment-objections/{}/decision", y.objection),
            Some(&y.s.city),
            json!({ "outcome": "maybe", "reason": "核实" }),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(
        refused.body["fields"]["outcome"]["message"],
        "「结果」只能是：成立、不成立"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(missing > 60, "missing objects tried: {missing}");
    assert!(other > 30, "other units' objects tried: {other}");
    assert!(owned > 20, "owners' bad bodies tried: {owned}");
}
