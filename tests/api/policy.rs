//! The route table: every route has exactly one row, the document shows each route's access, and
//! the policy middleware enforces it on every route.

use std::collections::BTreeSet;

use peidai::auth::policy::{Access, RoutePolicy};
use peidai::domain::role::Role;
use peidai::startup::route_policy;
use serde_json::json;

use crate::helpers::{spawn, two_units};

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
        if matches!(row.access, Access::Roles(_)) {
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
        let Access::Roles(allowed) = row.access else {
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
