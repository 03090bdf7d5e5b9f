//! `/home`: the page of the role the user acts in, with a switch for users holding several (a
//! mentee who became a mentor). Each role sees its area's first page: a mentor the dashboard (as
//! at `/mentor`), a mentee their own home (as at `/mentee`), a unit admin the unit's dashboard (as
//! at `/unit`), a reviewer the assigned nominations (as at `/review`), the city admin the
//! program's dashboard (as at `/city`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use serde::Deserialize;

use super::dashboards;
use super::errors::PageError;
use super::mentee;
use super::mentor::progress;
use super::page::Frame;
use super::reviewing;
use super::session::{ROLE_COOKIE, SignedIn, cookie};
use crate::domain::role::Role;
use crate::state::AppState;

/// A year: the choice of role outlives sessions.
const ROLE_COOKIE_SECS: i64 = 365 * 24 * 3600;

#[derive(Deserialize)]
pub struct HomeQuery {
    role: Option<String>,
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
        Some(Role::Reviewer) => reviewing::home_page(&state, &req, &session).await?,
        None => roleless_home(&state, &req, &session)?,
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

/// The home of an account without a role (possible while an admin edits it): who to ask.
fn roleless_home(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
) -> Result<HttpResponse, PageError> {
    Frame::signed_in(state, req, session, None).render(
        state,
        StatusCode::OK,
        "home.html",
        context! {
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
