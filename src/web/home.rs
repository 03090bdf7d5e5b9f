//! `/home`: the page of the role the user acts in, with a switch for users holding several (a
//! mentee who became a mentor). A mentor sees the dashboard (as at `/mentor`), a mentee their own
//! home (as at `/mentee`); the offices, whose pages come with their own part, see what their role
//! does in the program.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Deserialize;

use super::dashboards;
use super::errors::PageError;
use super::mentee;
use super::mentor::progress;
use super::page::Frame;
use super::session::{ROLE_COOKIE, SignedIn, cookie};
use crate::domain::role::Role;
use crate::state::AppState;

/// A year: the choice of role outlives sessions.
const ROLE_COOKIE_SECS: i64 = 365 * 24 * 3600;

#[derive(Deserialize)]
pub struct HomeQuery {
    role: Option<String>,
}

/// What each role does in the program, as catalogue keys.
fn tasks(role: Role) -> &'static [&'static str] {
    match role {
        // Their own pages stand in for a list.
        Role::Mentor | Role::Mentee => &[],
        Role::UnitAdmin => &[
            "task.unit_admin.nominate",
            "task.unit_admin.people",
            "task.unit_admin.assess",
        ],
        Role::Reviewer => &["task.reviewer.review"],
        Role::CityAdmin => &[
            "task.city_admin.rounds",
            "task.city_admin.assess",
            "task.city_admin.benefits",
            "task.city_admin.units",
        ],
    }
}

/// The role to act in: the one asked for, else the one chosen last, else the first the user
/// holds (in the order of [`Role::ALL`]); only roles the user holds count.
fn acting_role(held: &[Role], asked: Option<&str>, remembered: Option<&str>) -> Option<Role> {
    let pick = |code: Option<&str>| {
        code.and_then(|c| c.parse::<Role>().ok())
            .filter(|r| held.contains(r))
    };
    pick(asked)
        .or_else(|| pick(remembered))
        .or_else(|| Role::ALL.into_iter().find(|r| held.contains(r)))
}

/// `GET /home`.
pub async fn get_home(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<HomeQuery>,
) -> Result<HttpResponse, PageError> {
    let remembered = req.cookie(ROLE_COOKIE).map(|c| c.value().to_owned());
    let role = acting_role(
        &session.caller.roles,
        query.role.as_deref(),
        remembered.as_deref(),
    );
    let mut res = match role {
        Some(Role::Mentor) => progress::home_page(&state, &req, &session).await?,
        Some(Role::Mentee) => mentee::home_page(&state, &req, &session).await?,
        Some(Role::UnitAdmin) => dashboards::unit_home_page(&state, &req, &session).await?,
        Some(Role::CityAdmin) => dashboards::city_home_page(&state, &req, &session).await?,
        _ => office_home(&state, &req, &session, role)?,
    };
    if let Some(r) = role.filter(|r| query.role.as_deref() == Some(r.as_str())) {
        let _ = res.add_cookie(&cookie(
            &state,
            ROLE_COOKIE,
            r.as_str().to_owned(),
            ROLE_COOKIE_SECS,
        ));
    }
    Ok(res)
}

/// The home of an office role (or of an account without a role, possible while an admin edits
/// it): what the role does in the program.
fn office_home(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    role: Option<Role>,
) -> Result<HttpResponse, PageError> {
    Frame::signed_in(state, req, session, role).render(
        state,
        StatusCode::OK,
        "home.html",
        context! {
            role => role.map(Role::as_str),
            tasks => Serde(role.map_or(&[][..], tasks)),
            several_roles => session.caller.roles.len() > 1,
            today => state.clock.today().to_string(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_acting_role_is_one_the_user_holds() {
        let both = [Role::Mentee, Role::Mentor];
        assert_eq!(acting_role(&both, None, None), Some(Role::Mentor));
        assert_eq!(acting_role(&both, Some("mentee"), None), Some(Role::Mentee));
        assert_eq!(acting_role(&both, None, Some("mentee")), Some(Role::Mentee));
        assert_eq!(
            acting_role(&both, Some("city_admin"), Some("mentee")),
            Some(Role::Mentee)
        );
        assert_eq!(acting_role(&[], Some("mentor"), None), None);
    }
}
