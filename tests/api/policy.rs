//! The route policy table: complete, and enforced on every route.

use std::collections::BTreeSet;

use peidai::auth::policy::{Access, POLICY, UNDOCUMENTED};
use peidai::domain::role::Role;

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

#[test]
fn every_documented_route_has_a_policy_row_and_every_row_a_route() {
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
    let table: BTreeSet<(String, String)> = POLICY
        .iter()
        .filter(|r| !UNDOCUMENTED.contains(&r.path))
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    let missing: Vec<_> = documented.difference(&table).collect();
    let stale: Vec<_> = table.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "routes without a policy row: {missing:?}"
    );
    assert!(stale.is_empty(), "policy rows without a route: {stale:?}");
    assert!(documented.len() >= 17, "the document lists the API");
}

#[actix_web::test]
async fn the_undocumented_public_routes_are_served() {
    let app = spawn().await;
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
    for row in POLICY.iter().filter(|r| r.access != Access::Public) {
        let path = concrete(row.path);
        for token in [None, Some("not-a-token")] {
            let res = app
                .request(row.method, &path, token, Some(serde_json::json!({})))
                .await;
            assert_eq!(
                res.status, 401,
                "{} {} with {token:?} answered {}",
                row.method, row.path, res.status
            );
            assert_eq!(res.body["error"], "unauthorized");
        }
    }
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
    for row in POLICY {
        let Access::Roles(allowed) = row.access else {
            continue;
        };
        for (role, token) in &tokens {
            if allowed.contains(role) {
                continue;
            }
            let res = app
                .request(
                    row.method,
                    &concrete(row.path),
                    Some(token),
                    Some(serde_json::json!({})),
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
