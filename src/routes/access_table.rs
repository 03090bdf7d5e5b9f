//! The README's access table ("API at a glance"), rendered from the route table: the roles of
//! each line are the roles its rows' `Access` lets the middleware pass, so the README cannot
//! claim what the service does not enforce. A row's own words say only what the request carries
//! (`detail`) and which objects a permitted caller reaches (`scope`). Consecutive rows with the
//! same access and scope share a line.

use crate::auth::policy::{Access, RoutePolicy};
use crate::domain::role::Role;

/// The marker line before the table in README.md.
pub const BEGIN: &str = "<!-- access-table:begin -->";
/// The marker line after it.
pub const END: &str = "<!-- access-table:end -->";

/// One row of the route table with its README words: the rows of its handler's methods (one
/// access), what the request carries, and which objects the caller reaches (empty: all).
#[derive(Debug, Clone)]
pub struct DocumentedRow {
    pub routes: Vec<RoutePolicy>,
    pub detail: &'static str,
    pub scope: &'static str,
}

impl DocumentedRow {
    /// The access of the row (every method of a handler has the same).
    pub fn access(&self) -> Option<Access> {
        self.routes.first().map(|r| r.access)
    }
}

/// Who a role is, in the README's words (plural).
fn role_words(role: Role) -> &'static str {
    match role {
        Role::CityAdmin => "city admins",
        Role::UnitAdmin => "unit admins",
        Role::Reviewer => "reviewers",
        Role::Mentor => "mentors",
        Role::Mentee => "mentees",
    }
}

/// Who passes the middleware for an access, in words: the roles in a fixed order.
pub fn access_words(access: Access) -> String {
    match access {
        Access::Public => "anyone".to_owned(),
        Access::Authenticated => "any signed-in user".to_owned(),
        Access::Roles(roles) => roles_words(roles),
        Access::RolesOrRoleless(roles) => format!(
            "{}, and users left with no role (a mentor whose role a revocation took)",
            roles_words(roles)
        ),
    }
}

/// Roles in words, in a fixed order.
fn roles_words(roles: &[Role]) -> String {
    Role::ALL
        .iter()
        .filter(|r| roles.contains(r))
        .map(|r| role_words(*r))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A table cell's text: a `|` would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// A route as the README writes it: method and path without the `/api/v1` prefix, then what the
/// request carries.
fn route_text(route: &RoutePolicy, detail: &str) -> String {
    let path = route.path.strip_prefix("/api/v1").unwrap_or(&route.path);
    if detail.is_empty() {
        format!("`{} {path}`", route.method)
    } else {
        format!("`{} {path}` {detail}", route.method)
    }
}

/// The table in markdown, from `rows` (the route table's: `routes::access_table_markdown`).
pub fn render(rows: &[DocumentedRow]) -> String {
    let mut lines: Vec<(Access, &str, Vec<String>)> = Vec::new();
    for row in rows {
        let Some(access) = row.access() else { continue };
        let routes = row.routes.iter().map(|r| route_text(r, row.detail));
        match lines.last_mut() {
            Some((a, scope, texts)) if *a == access && *scope == row.scope => texts.extend(routes),
            _ => lines.push((access, row.scope, routes.collect())),
        }
    }
    let mut out = String::from(
        "| method and path | who (the middleware answers 403 to other roles) | scope and notes |\n\
         | --- | --- | --- |\n",
    );
    for (access, scope, texts) in lines {
        let scope = if scope.is_empty() { "all" } else { scope };
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            cell(&texts.join(", ")),
            access_words(access),
            cell(scope)
        ));
    }
    out
}

/// `readme` with the text between the marker lines replaced by `table`; `None` when a marker is
/// missing.
pub fn replace_block(readme: &str, table: &str) -> Option<String> {
    let begin = readme.find(BEGIN)? + BEGIN.len();
    let end = begin + readme[begin..].find(END)?;
    Some(format!("{}\n{table}{}", &readme[..begin], &readme[end..]))
}

/// The text between the marker lines of `readme`, after the newline that ends the first.
pub fn block(readme: &str) -> Option<&str> {
    let begin = readme.find(BEGIN)? + BEGIN.len();
    let end = begin + readme[begin..].find(END)?;
    Some(
        readme[begin..end]
            .strip_prefix('\n')
            .unwrap_or(&readme[begin..end]),
    )
}

#[cfg(test)]
mod tests {
    use actix_web::http::Method;

    use super::*;

    const CITY: &[Role] = &[Role::CityAdmin];
    const BOTH: &[Role] = &[Role::UnitAdmin, Role::CityAdmin];

    fn row(method: Method, path: &str, access: Access, detail: &'static str) -> DocumentedRow {
        DocumentedRow {
            routes: vec![RoutePolicy::new(method, path, access)],
            detail,
            scope: "",
        }
    }

    #[test]
    fn the_roles_of_a_line_are_its_access_and_rows_alike_share_a_line() {
        let table = render(&[
            row(Method::GET, "/api/v1/x", Access::Roles(BOTH), ""),
            row(Method::POST, "/api/v1/x", Access::Roles(BOTH), "`{a|b}`"),
            row(Method::GET, "/api/v1/y", Access::Roles(CITY), ""),
            row(Method::GET, "/healthz", Access::Public, ""),
        ]);
        let lines: Vec<_> = table.lines().skip(2).collect();
        assert_eq!(
            lines,
            [
                "| `GET /x`, `POST /x` `{a\\|b}` | city admins, unit admins | all |",
                "| `GET /y` | city admins | all |",
                "| `GET /healthz` | anyone | all |",
            ]
        );
    }

    #[test]
    fn the_block_between_the_markers_is_read_and_replaced() {
        let readme = format!("intro\n{BEGIN}\nold\n{END}\nafter\n");
        assert_eq!(block(&readme), Some("old\n"));
        let new = replace_block(&readme, "new\n").unwrap();
        assert_eq!(new, format!("intro\n{BEGIN}\nnew\n{END}\nafter\n"));
        assert_eq!(block(&new), Some("new\n"));
        assert_eq!(replace_block("no markers", "x"), None);
    }
}
