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
    /// The rows of each pattern, by index into `rows`: a request's lookup is one hash, not a walk
    /// of every row.
    by_pattern: std::collections::HashMap<String, Vec<usize>>,
    /// The patterns made of whole segments, by segment (see [`PolicyTable::pattern_of`]).
    segments: Segments,
}

/// A tree of route patterns by path segment: a fixed segment, or a parameter (`{id}`) that
/// takes any one non-empty segment. A pattern with anything else (a parameter with its own
/// expression, a tail, text beside a parameter in one segment) is left out of it.
#[derive(Debug, Clone, Default)]
struct Segments {
    fixed: std::collections::HashMap<String, Segments>,
    param: Option<Box<Segments>>,
    pattern: Option<String>,
}

impl Segments {
    /// Adds `pattern`, unless it is not made of whole segments.
    fn add(&mut self, pattern: &str) {
        let Some(rest) = pattern.strip_prefix('/') else {
            return;
        };
        let parts: Vec<&str> = rest.split('/').collect();
        let whole = |p: &str| {
            let param = p.starts_with('{') && p.ends_with('}') && !p.contains(':');
            param
                && p[1..p.len() - 1]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_')
                || !p.contains(['{', '}', '*'])
        };
        if !parts.iter().all(|p| whole(p)) {
            return;
        }
        let mut node = self;
        for part in parts {
            node = if part.starts_with('{') {
                node.param.get_or_insert_with(Default::default)
            } else {
                node.fixed.entry(part.to_owned()).or_default()
            };
        }
        node.pattern.get_or_insert_with(|| pattern.to_owned());
    }

    /// The pattern `parts` match, a fixed segment taking precedence over a parameter.
    fn find(&self, parts: &[&str]) -> Option<&str> {
        let Some((first, rest)) = parts.split_first() else {
            return self.pattern.as_deref();
        };
        if let Some(found) = self.fixed.get(*first).and_then(|n| n.find(rest)) {
            return Some(found);
        }
        match &self.param {
            Some(node) if !first.is_empty() => node.find(rest),
            _ => None,
        }
    }
}

/// The route pattern actix matched for a request, kept in its extensions by the policy
/// middleware so that the request log names it without matching the path again.
#[derive(Debug, Clone)]
pub struct MatchedRoute(pub String);

impl PolicyTable {
    pub fn new(rows: Vec<RoutePolicy>) -> Self {
        let mut by_pattern: std::collections::HashMap<String, Vec<usize>> = Default::default();
        let mut segments = Segments::default();
        for (i, row) in rows.iter().enumerate() {
            by_pattern.entry(row.path.clone()).or_default().push(i);
            segments.add(&row.path);
        }
        Self {
            rows,
            by_pattern,
            segments,
        }
    }

    /// The listed pattern a request path matches, found by segment, without the router's walk
    /// of every route's expression; `None` for a path no whole-segment pattern matches (the
    /// caller then asks the router). The router itself takes routes in their order, which
    /// agrees with "a fixed segment first" because no fixed segment stands where a route of the
    /// same prefix has a parameter (see [`PolicyTable`]); the debug builds, and so every test,
    /// check each answer against the router's.
    pub fn pattern_of(&self, path: &str) -> Option<&str> {
        let rest = path.strip_prefix('/')?;
        let parts: Vec<&str> = rest.split('/').collect();
        self.segments.find(&parts)
    }

    /// The rows listed for a pattern, in the order declared.
    fn rows_of<'a>(&'a self, pattern: &str) -> impl Iterator<Item = &'a RoutePolicy> + 'a {
        self.by_pattern
            .get(pattern)
            .into_iter()
            .flatten()
            .map(|&i| &self.rows[i])
    }

    /// Every row, in the order declared.
    pub fn rows(&self) -> &[RoutePolicy] {
        &self.rows
    }

    /// The methods a route pattern is listed for, in the order declared (the `Allow` header of a
    /// 405).
    pub fn methods(&self, pattern: &str) -> Vec<&Method> {
        let mut methods: Vec<&Method> = Vec::new();
        for row in self.rows_of(pattern) {
            if !methods.contains(&&row.method) {
                methods.push(&row.method);
            }
        }
        methods
    }

    /// The row for a method and a matched route pattern.
    pub fn lookup(&self, method: &Method, pattern: &str) -> Verdict {
        let mut listed = false;
        for row in self.rows_of(pattern) {
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

    #[test]
    fn a_path_finds_its_pattern_by_segment_with_fixed_segments_first() {
        let t = PolicyTable::new(
            [
                "/api/v1/contracts",
                "/api/v1/contracts/{id}",
                "/api/v1/contracts/{id}/progress",
                "/api/v1/contracts/{id}/mentees/{mentee_id}/leave",
                "/api/v1/units/special",
                "/api/v1/users/{id}",
                "/api/docs/{_:.*}",
                "/",
            ]
            .map(|p| RoutePolicy::new(Method::GET, p, Access::Public))
            .to_vec(),
        );
        let of = |p| t.pattern_of(p);
        assert_eq!(of("/api/v1/contracts"), Some("/api/v1/contracts"));
        assert_eq!(of("/api/v1/contracts/17"), Some("/api/v1/contracts/{id}"));
        assert_eq!(
            of("/api/v1/contracts/17/progress"),
            Some("/api/v1/contracts/{id}/progress")
        );
        assert_eq!(
            of("/api/v1/contracts/1/mentees/2/leave"),
            Some("/api/v1/contracts/{id}/mentees/{mentee_id}/leave")
        );
        assert_eq!(of("/api/v1/units/special"), Some("/api/v1/units/special"));
        assert_eq!(of("/"), Some("/"));
        assert_eq!(of("/api/v1/contracts/"), None, "an empty segment is no id");
        assert_eq!(of("/api/v1/contracts/17/other"), None);
        assert_eq!(of("/api/v1/units/7"), None);
        assert_eq!(of("/api/docs/index.html"), None, "left to the router");
        assert_eq!(of("api/v1/contracts"), None);
    }

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
