//! Who may call a route, and the table the policy middleware applies to every request (a route
//! missing from it is refused). The rows come from the route table in `routes` (each handler with
//! its access, the method and path read from the handler's own attribute) and from the few routes
//! startup serves outside the OpenAPI document; startup builds the table once and hands it to the
//! middleware as app data.

use actix_web::http::Method;
use utoipa::openapi::path::HttpMethod;

use crate::domain::role::Role;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without a token.
    Public,
    /// Any active user with a valid token; the handler scopes what they see.
    Authenticated,
    /// Active users holding at least one of these roles.
    Roles(&'static [Role]),
    /// Active users holding at least one of these roles, or no role at all: a mentor whose role a
    /// revocation took keeps their account and reads their own history (the handler scopes it).
    RolesOrRoleless(&'static [Role]),
}

impl Access {
    /// True when a caller with `roles` passes.
    pub fn allows(self, roles: &[Role]) -> bool {
        match self {
            Access::Public | Access::Authenticated => true,
            Access::Roles(allowed) => roles.iter().any(|r| allowed.contains(r)),
            Access::RolesOrRoleless(allowed) => {
                roles.is_empty() || roles.iter().any(|r| allowed.contains(r))
            }
        }
    }
}

/// One row of the table: a method at a route pattern (as actix matches it) and who may call it.
#[derive(Debug, Clone)]
pub struct RoutePolicy {
    pub method: Method,
    pub path: String,
    pub access: Access,
}

impl RoutePolicy {
    /// A row for a route registered by hand.
    pub fn new(method: Method, path: &str, access: Access) -> Self {
        Self {
            method,
            path: path.to_owned(),
            access,
        }
    }

    /// The rows of a documented handler: one per method its attribute declares, at its path.
    pub fn of<H: utoipa::Path>(access: Access) -> Vec<Self> {
        let path = H::path();
        H::methods()
            .into_iter()
            .map(|m| Self {
                method: method_of(&m),
                path: path.clone(),
                access,
            })
            .collect()
    }
}

/// The actix method of an OpenAPI one.
fn method_of(method: &HttpMethod) -> Method {
    match method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Delete => Method::DELETE,
        HttpMethod::Options => Method::OPTIONS,
        HttpMethod::Head => Method::HEAD,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Trace => Method::TRACE,
    }
}

/// What the table says about a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The route's row.
    Row(Access),
    /// The route is listed for other methods only: the middleware answers 405, with the
    /// route's methods in `Allow`.
    OtherMethod,
    /// The route has no row at all: refused.
    Unlisted,
}

/// Every route of the service and who may call it. The middleware finds a request's row by the
/// pattern actix matched, so a fixed segment must not stand where another route of the same
/// prefix has a parameter (`/x/special` beside `/x/{id}`): give such a route a path of its own.
#[derive(Debug, Clone, Default)]
pub struct PolicyTable {
    rows: Vec<RoutePolicy>,
}

impl PolicyTable {
    pub fn new(rows: Vec<RoutePolicy>) -> Self {
        Self { rows }
    }

    /// Every row, in the order declared.
    pub fn rows(&self) -> &[RoutePolicy] {
        &self.rows
    }

    /// The methods a route pattern is listed for, in the order declared (the `Allow` header of a
    /// 405).
    pub fn methods(&self, pattern: &str) -> Vec<&Method> {
        let mut methods: Vec<&Method> = Vec::new();
        for row in self.rows.iter().filter(|r| r.path == pattern) {
            if !methods.contains(&&row.method) {
                methods.push(&row.method);
            }
        }
        methods
    }

    /// The row for a method and a matched route pattern.
    pub fn lookup(&self, method: &Method, pattern: &str) -> Verdict {
        let mut listed = false;
        for row in self.rows.iter().filter(|r| r.path == pattern) {
            if row.method == method {
                return Verdict::Row(row.access);
            }
            listed = true;
        }
        if listed {
            Verdict::OtherMethod
        } else {
            Verdict::Unlisted
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CITY: &[Role] = &[Role::CityAdmin];

    fn table() -> PolicyTable {
        PolicyTable::new(vec![
            RoutePolicy::new(Method::GET, "/x/{id}", Access::Authenticated),
            RoutePolicy::new(Method::PATCH, "/x/{id}", Access::Roles(CITY)),
        ])
    }

    #[test]
    fn a_route_is_found_by_its_pattern_and_method() {
        let t = table();
        assert_eq!(
            t.lookup(&Method::PATCH, "/x/{id}"),
            Verdict::Row(Access::Roles(CITY))
        );
        assert_eq!(
            t.lookup(&Method::GET, "/x/{id}"),
            Verdict::Row(Access::Authenticated)
        );
    }

    #[test]
    fn another_method_of_a_listed_route_is_left_to_the_router() {
        assert_eq!(
            table().lookup(&Method::DELETE, "/x/{id}"),
            Verdict::OtherMethod
        );
    }

    #[test]
    fn a_route_without_a_row_is_unlisted() {
        assert_eq!(table().lookup(&Method::GET, "/y"), Verdict::Unlisted);
    }

    #[test]
    fn only_the_listed_roles_pass_a_role_rule() {
        assert!(Access::Roles(CITY).allows(&[Role::Mentor, Role::CityAdmin]));
        assert!(!Access::Roles(CITY).allows(&[Role::UnitAdmin]));
        assert!(Access::Authenticated.allows(&[]));
        assert!(!Access::Roles(CITY).allows(&[]));
        assert!(Access::RolesOrRoleless(CITY).allows(&[]));
        assert!(!Access::RolesOrRoleless(CITY).allows(&[Role::Mentee]));
    }
}
