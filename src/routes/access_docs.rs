//! The policy table written into the OpenAPI document, so that handlers do not repeat it: the
//! bearer scheme, `security: [bearer]` on every operation that needs a token (none on public
//! ones), and the 401 and 403 answers the policy middleware gives where a handler does not
//! describe its own. The error answers every handler shares are written in the same way from the
//! operation's shape: 404 where the path names an object, 400 and 422 where the request carries a
//! body or query parameters (with 413 for a body too large and, for a JSON body, 415 for one sent
//! as another type), 409 where a signed-in caller changes something; all with the service's error
//! body.

use actix_web::http::Method;
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, Response};
use utoipa::{Modify, ToSchema};

use crate::auth::policy::{Access, PolicyTable, Verdict};
use crate::error::ErrorBody;

/// The name of the token scheme in the document.
const BEARER: &str = "bearer";

/// Documents each operation's access from the policy table the middleware applies.
pub struct AccessDocs<'a>(pub &'a PolicyTable);

impl Modify for AccessDocs<'_> {
    fn modify(&self, openapi: &mut OpenApi) {
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                BEARER,
                SecurityScheme::Http(
                    Http::builder()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("JWT")
                        .build(),
                ),
            );
        for (path, item) in openapi.paths.paths.iter_mut() {
            for (method, operation) in operations(item) {
                if let Verdict::Row(access) = self.0.lookup(&method, path) {
                    document(operation, access);
                    shared_errors(operation, path, &method, access);
                }
            }
        }
    }
}

/// The operations of a path, with their methods.
fn operations(item: &mut PathItem) -> impl Iterator<Item = (Method, &mut Operation)> {
    [
        (Method::GET, &mut item.get),
        (Method::PUT, &mut item.put),
        (Method::POST, &mut item.post),
        (Method::DELETE, &mut item.delete),
        (Method::OPTIONS, &mut item.options),
        (Method::HEAD, &mut item.head),
        (Method::PATCH, &mut item.patch),
        (Method::TRACE, &mut item.trace),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.as_mut().map(|o| (method, o)))
}

fn document(operation: &mut Operation, access: Access) {
    if access == Access::Public {
        operation.security = None;
        return;
    }
    operation.security = Some(vec![SecurityRequirement::new(BEARER, [""; 0])]);
    answer(
        operation,
        "401",
        "no valid token (missing, expired or ended), or the account is not active".to_owned(),
    );
    match access {
        Access::Roles(roles) => {
            let names: Vec<_> = roles.iter().map(|r| r.as_str()).collect();
            answer(
                operation,
                "403",
                format!("only for the roles: {}", names.join(", ")),
            );
        }
        Access::RolesOrRoleless(roles) => {
            let names: Vec<_> = roles.iter().map(|r| r.as_str()).collect();
            answer(
                operation,
                "403",
                format!(
                    "only for the roles: {}, and for a user left with no role",
                    names.join(", ")
                ),
            );
        }
        Access::Authenticated => answer(
            operation,
            "403",
            "the caller's roles or the object's state do not allow this".to_owned(),
        ),
        Access::Public => {}
    }
}

/// The error answers that follow from the operation's shape, where the handler does not describe
/// its own: an object named in the path may be missing or another unit's (404, the same answer
/// for both); a body may not be the JSON expected (400) and a body or a query parameter may hold
/// refused values (422, a reason per field); a signed-in caller's change may conflict with what
/// is stored (409: a duplicate, or an object in a state that does not allow it).
fn shared_errors(operation: &mut Operation, path: &str, method: &Method, access: Access) {
    if path.contains('{') {
        answer(
            operation,
            "404",
            "no such object, or outside the caller's scope".to_owned(),
        );
    }
    let has_query = operation
        .parameters
        .iter()
        .flatten()
        .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Query));
    if let Some(body) = &operation.request_body {
        let json = matches!(body, RefOr::T(b) if b.content.contains_key("application/json"));
        answer(
            operation,
            "400",
            "the body is not the JSON expected (wrong type, unknown field)".to_owned(),
        );
        answer(
            operation,
            "413",
            "the body is larger than the service accepts".to_owned(),
        );
        if json {
            answer(
                operation,
                "415",
                "the body is not sent as application/json".to_owned(),
            );
        }
    }
    if operation.request_body.is_some() || has_query {
        answer(
            operation,
            "422",
            "refused values, with a reason per field in `fields`".to_owned(),
        );
    }
    if *method != Method::GET && access != Access::Public {
        answer(
            operation,
            "409",
            "the change conflicts with what is stored".to_owned(),
        );
    }
}

/// Adds an error answer unless the handler documents its own for this status.
fn answer(operation: &mut Operation, status: &str, description: String) {
    operation
        .responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| {
            Response::builder()
                .description(description)
                .content(
                    "application/json",
                    Content::new(Some(Ref::from_schema_name(ErrorBody::name()))),
                )
                .build()
                .into()
        });
}
