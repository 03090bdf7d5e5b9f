//! The route policy table: every route of the service and who may call it. The `Caller` extractor
//! enforces it on each request (a route missing from the table is refused), and a test fails when
//! a route of the OpenAPI document has no row or a row names no route.

use actix_web::http::Method;

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
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct RoutePolicy {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

const CITY: &[Role] = &[Role::CityAdmin];
const ADMINS: &[Role] = &[Role::CityAdmin, Role::UnitAdmin];
const UNIT: &[Role] = &[Role::UnitAdmin];
const SELECTION: &[Role] = &[Role::CityAdmin, Role::UnitAdmin, Role::Reviewer];
const REVIEWER: &[Role] = &[Role::Reviewer];
const DRAFTERS: &[Role] = &[Role::Mentor, Role::UnitAdmin];
const PARTIES: &[Role] = &[Role::Mentor, Role::Mentee];
const MENTOR: &[Role] = &[Role::Mentor];
const MENTEE: &[Role] = &[Role::Mentee];
const ADMINS_AND_MENTORS: &[Role] = &[Role::CityAdmin, Role::UnitAdmin, Role::Mentor];
const MENTORING: &[Role] = &[Role::CityAdmin, Role::UnitAdmin, Role::Mentor, Role::Mentee];

const fn row(method: &'static str, path: &'static str, access: Access) -> RoutePolicy {
    RoutePolicy {
        method,
        path,
        access,
    }
}

/// Every route of the service. The middleware finds a request's row by its path first, then its
/// method, so a fixed segment must not stand where another route of the same prefix has a
/// parameter (`/x/special` beside `/x/{id}`): give such a route a path of its own.
pub const POLICY: &[RoutePolicy] = &[
    row("GET", "/healthz", Access::Public),
    row("GET", "/readyz", Access::Public),
    row("GET", "/metrics", Access::Public),
    row("GET", "/api/v1/openapi.json", Access::Public),
    row("GET", "/api/docs", Access::Public),
    row("GET", "/api/docs/{_:.*}", Access::Public),
    row("POST", "/api/v1/auth/login", Access::Public),
    row("POST", "/api/v1/auth/logout", Access::Authenticated),
    row("GET", "/api/v1/auth/me", Access::Authenticated),
    row("POST", "/api/v1/auth/password", Access::Authenticated),
    row("POST", "/api/v1/auth/invitations/accept", Access::Public),
    row("POST", "/api/v1/auth/password-reset", Access::Public),
    row(
        "POST",
        "/api/v1/auth/password-reset/confirm",
        Access::Public,
    ),
    row("GET", "/api/v1/units", Access::Authenticated),
    row("POST", "/api/v1/units", Access::Roles(CITY)),
    row("GET", "/api/v1/units/{id}", Access::Authenticated),
    row("PATCH", "/api/v1/units/{id}", Access::Roles(CITY)),
    row("GET", "/api/v1/users", Access::Roles(ADMINS)),
    row("POST", "/api/v1/users", Access::Roles(ADMINS)),
    row("GET", "/api/v1/users/{id}", Access::Roles(ADMINS)),
    row("PATCH", "/api/v1/users/{id}", Access::Roles(ADMINS)),
    row(
        "POST",
        "/api/v1/users/{id}/deactivate",
        Access::Roles(ADMINS),
    ),
    row(
        "POST",
        "/api/v1/users/{id}/reactivate",
        Access::Roles(ADMINS),
    ),
    row(
        "POST",
        "/api/v1/users/{id}/invitation",
        Access::Roles(ADMINS),
    ),
    row("GET", "/api/v1/audit-events", Access::Roles(CITY)),
    row("GET", "/api/v1/admin/emails", Access::Roles(CITY)),
    row(
        "POST",
        "/api/v1/admin/emails/{id}/retry",
        Access::Roles(CITY),
    ),
    row("GET", "/api/v1/admin/jobs", Access::Roles(CITY)),
    row("GET", "/api/v1/admin/jobs/{name}/runs", Access::Roles(CITY)),
    row("POST", "/api/v1/admin/jobs/{name}/run", Access::Roles(CITY)),
    row("GET", "/api/v1/selection-rounds", Access::Roles(SELECTION)),
    row("POST", "/api/v1/selection-rounds", Access::Roles(CITY)),
    row(
        "GET",
        "/api/v1/selection-rounds/{id}",
        Access::Roles(SELECTION),
    ),
    row(
        "PATCH",
        "/api/v1/selection-rounds/{id}",
        Access::Roles(CITY),
    ),
    row(
        "POST",
        "/api/v1/selection-rounds/{id}/advance",
        Access::Roles(CITY),
    ),
    row(
        "GET",
        "/api/v1/selection-rounds/{id}/nominations",
        Access::Roles(ADMINS),
    ),
    row(
        "POST",
        "/api/v1/selection-rounds/{id}/nominations",
        Access::Roles(UNIT),
    ),
    row("GET", "/api/v1/nominations/{id}", Access::Roles(ADMINS)),
    row("PATCH", "/api/v1/nominations/{id}", Access::Roles(UNIT)),
    row(
        "POST",
        "/api/v1/nominations/{id}/submit",
        Access::Roles(UNIT),
    ),
    row(
        "POST",
        "/api/v1/nominations/{id}/withdraw",
        Access::Roles(UNIT),
    ),
    row(
        "POST",
        "/api/v1/nominations/{id}/return",
        Access::Roles(CITY),
    ),
    row(
        "GET",
        "/api/v1/nominations/{id}/files",
        Access::Roles(SELECTION),
    ),
    row(
        "POST",
        "/api/v1/nominations/{id}/files",
        Access::Roles(UNIT),
    ),
    row(
        "GET",
        "/api/v1/nominations/{id}/files/{file_id}",
        Access::Roles(SELECTION),
    ),
    row(
        "POST",
        "/api/v1/selection-rounds/{id}/reviewers",
        Access::Roles(CITY),
    ),
    row(
        "GET",
        "/api/v1/selection-rounds/{id}/reviewers",
        Access::Roles(CITY),
    ),
    row(
        "GET",
        "/api/v1/selection-rounds/{id}/review-summary",
        Access::Roles(CITY),
    ),
    row(
        "GET",
        "/api/v1/selection-rounds/{id}/public-notice",
        Access::Authenticated,
    ),
    row("GET", "/api/v1/reviews", Access::Roles(REVIEWER)),
    row("PUT", "/api/v1/reviews/{id}", Access::Roles(REVIEWER)),
    row(
        "POST",
        "/api/v1/nominations/{id}/decision",
        Access::Roles(CITY),
    ),
    row(
        "POST",
        "/api/v1/nominations/{id}/objections",
        Access::Roles(CITY),
    ),
    row(
        "POST",
        "/api/v1/objections/{id}/outcome",
        Access::Roles(CITY),
    ),
    row("GET", "/api/v1/mentors", Access::Roles(ADMINS)),
    row("GET", "/api/v1/mentors/{id}", Access::Roles(ADMINS)),
    row("GET", "/api/v1/contracts", Access::Roles(MENTORING)),
    row("POST", "/api/v1/contracts", Access::Roles(DRAFTERS)),
    row("GET", "/api/v1/contracts/{id}", Access::Roles(MENTORING)),
    row("PATCH", "/api/v1/contracts/{id}", Access::Roles(DRAFTERS)),
    row(
        "POST",
        "/api/v1/contracts/{id}/request-signatures",
        Access::Roles(DRAFTERS),
    ),
    row(
        "POST",
        "/api/v1/contracts/{id}/sign",
        Access::Roles(PARTIES),
    ),
    row(
        "POST",
        "/api/v1/contracts/{id}/terminate",
        Access::Roles(CITY),
    ),
    row(
        "POST",
        "/api/v1/contracts/{id}/mentees/{user_id}/leave",
        Access::Roles(DRAFTERS),
    ),
    row(
        "GET",
        "/api/v1/contracts/{id}/activities",
        Access::Roles(MENTORING),
    ),
    row(
        "POST",
        "/api/v1/contracts/{id}/activities",
        Access::Roles(MENTOR),
    ),
    row("PATCH", "/api/v1/activities/{id}", Access::Roles(MENTOR)),
    row(
        "POST",
        "/api/v1/activities/{id}/attendance",
        Access::Roles(MENTEE),
    ),
    row("GET", "/api/v1/disputed-activities", Access::Roles(ADMINS)),
    row(
        "GET",
        "/api/v1/contracts/{id}/progress",
        Access::Roles(MENTORING),
    ),
    row(
        "GET",
        "/api/v1/contracts/{id}/plans",
        Access::Roles(MENTORING),
    ),
    row("PUT", "/api/v1/contracts/{id}/plan", Access::Roles(MENTEE)),
    row("GET", "/api/v1/plans/{id}", Access::Roles(MENTORING)),
    row("POST", "/api/v1/plans/{id}/submit", Access::Roles(MENTEE)),
    row("POST", "/api/v1/plans/{id}/review", Access::Roles(MENTOR)),
    row("POST", "/api/v1/plans/{id}/reports", Access::Roles(MENTEE)),
    row(
        "GET",
        "/api/v1/plans-awaiting-review",
        Access::Roles(MENTORING),
    ),
    row(
        "GET",
        "/api/v1/mentors/{id}/lineage",
        Access::Roles(ADMINS_AND_MENTORS),
    ),
    row(
        "GET",
        "/api/v1/mentors-without-contract",
        Access::Roles(ADMINS),
    ),
    row(
        "GET",
        "/api/v1/mentees-without-mentor",
        Access::Roles(ADMINS),
    ),
    row(
        "GET",
        "/api/v1/activities/{id}/files",
        Access::Roles(MENTORING),
    ),
    row(
        "POST",
        "/api/v1/activities/{id}/files",
        Access::Roles(MENTOR),
    ),
    row(
        "GET",
        "/api/v1/activities/{id}/files/{file_id}",
        Access::Roles(MENTORING),
    ),
    row("POST", "/api/v1/assessment-rounds", Access::Roles(CITY)),
    row("GET", "/api/v1/assessment-rounds", Access::Roles(ADMINS)),
    row(
        "GET",
        "/api/v1/assessment-rounds/{id}",
        Access::Roles(ADMINS),
    ),
    row(
        "GET",
        "/api/v1/assessment-rounds/{id}/assessments",
        Access::Roles(ADMINS),
    ),
    row(
        "GET",
        "/api/v1/assessment-rounds/{id}/units/{unit_id}/report",
        Access::Roles(ADMINS),
    ),
    row("GET", "/api/v1/assessments/{id}", Access::Authenticated),
    row("PATCH", "/api/v1/assessments/{id}", Access::Roles(UNIT)),
    row(
        "POST",
        "/api/v1/assessments/{id}/submit",
        Access::Roles(UNIT),
    ),
    row(
        "POST",
        "/api/v1/assessments/{id}/confirm",
        Access::Roles(CITY),
    ),
    row(
        "POST",
        "/api/v1/assessments/{id}/return",
        Access::Roles(CITY),
    ),
    row("GET", "/api/v1/my-assessments", Access::Authenticated),
    row(
        "POST",
        "/api/v1/assessments/{id}/objection",
        Access::Authenticated,
    ),
    row(
        "GET",
        "/api/v1/assessment-objections",
        Access::Roles(ADMINS),
    ),
    row(
        "POST",
        "/api/v1/assessment-objections/{id}/decision",
        Access::Roles(CITY),
    ),
    row(
        "GET",
        "/api/v1/assessment-objections/{id}/files",
        Access::Authenticated,
    ),
    row(
        "POST",
        "/api/v1/assessment-objections/{id}/files",
        Access::Authenticated,
    ),
    row(
        "GET",
        "/api/v1/assessment-objections/{id}/files/{file_id}",
        Access::Authenticated,
    ),
    row("GET", "/api/v1/benefits", Access::Authenticated),
    row("POST", "/api/v1/benefits", Access::Roles(CITY)),
    row("GET", "/api/v1/benefits/{id}", Access::Authenticated),
    row("PATCH", "/api/v1/benefits/{id}", Access::Roles(CITY)),
    row(
        "POST",
        "/api/v1/benefits/{id}/decision",
        Access::Roles(CITY),
    ),
    row("POST", "/api/v1/benefits/{id}/issue", Access::Roles(CITY)),
    row("GET", "/api/v1/my-benefits", Access::Authenticated),
    row(
        "POST",
        "/api/v1/benefit-applications",
        Access::Roles(MENTOR),
    ),
    row("GET", "/api/v1/benefit-kinds/{kind}", Access::Roles(CITY)),
    row("POST", "/api/v1/training-classes", Access::Roles(CITY)),
    row("PUT", "/api/v1/benefit-quotas/{year}", Access::Roles(CITY)),
];

/// Routes served outside the OpenAPI document (the document itself and its viewer).
pub const UNDOCUMENTED: &[&str] = &["/api/v1/openapi.json", "/api/docs", "/api/docs/{_:.*}"];

/// The row for a method and a matched route pattern.
pub fn lookup(method: &Method, pattern: &str) -> Option<&'static RoutePolicy> {
    POLICY
        .iter()
        .chain(PAGES)
        .find(|r| r.path == pattern && r.method == method.as_str())
}

/// True when some method of `pattern` has a row.
pub fn is_listed(pattern: &str) -> bool {
    POLICY.iter().chain(PAGES).any(|r| r.path == pattern)
}

/// The web pages (`crate::web`) and their assets. They are public to this table because a page
/// authenticates the session cookie itself (`web::session::SignedIn`), answering a sign-in
/// redirect instead of a JSON 401; the API never accepts that cookie.
pub const PAGES: &[RoutePolicy] = &[
    row("GET", "/", Access::Public),
    row("GET", "/login", Access::Public),
    row("POST", "/login", Access::Public),
    row("POST", "/logout", Access::Public),
    row("GET", "/accept-invitation", Access::Public),
    row("POST", "/accept-invitation", Access::Public),
    row("GET", "/forgot-password", Access::Public),
    row("POST", "/forgot-password", Access::Public),
    row("GET", "/reset-password", Access::Public),
    row("POST", "/reset-password", Access::Public),
    row("GET", "/home", Access::Public),
    row("GET", "/language", Access::Public),
    row("GET", "/assets/{name}", Access::Public),
];

impl Access {
    /// True when a caller with `roles` passes.
    pub fn allows(self, roles: &[Role]) -> bool {
        match self {
            Access::Public | Access::Authenticated => true,
            Access::Roles(allowed) => roles.iter().any(|r| allowed.contains(r)),
        }
    }
}
