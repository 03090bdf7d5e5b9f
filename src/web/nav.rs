//! The navigation of a role's pages, under the header: each role's area. One
//! list here, so every page of an area shows the same links and marks the one it is on.

use serde::Serialize;

use crate::domain::role::Role;

/// One link of the area's navigation.
#[derive(Debug, Serialize)]
pub struct NavLink {
    pub href: &'static str,
    /// Catalogue key of its words.
    pub key: &'static str,
    pub current: bool,
}

/// `(href, catalogue key)` of each role's pages; the first is the area's home.
fn links(role: Role) -> &'static [(&'static str, &'static str)] {
    match role {
        Role::Mentor => &[
            ("/mentor", "nav.mentor.dashboard"),
            ("/mentor/activities", "nav.mentor.activities"),
            ("/mentor/contract", "nav.mentor.contract"),
            ("/mentor/plans", "nav.mentor.plans"),
            ("/mentor/assessments", "nav.mentor.assessments"),
            ("/mentor/benefits", "nav.mentor.benefits"),
            ("/mentor/lineage", "nav.mentor.lineage"),
            ("/mentor/appointment", "nav.mentor.appointment"),
        ],
        Role::Mentee => &[
            ("/mentee", "nav.mentee.home"),
            ("/mentee/contract", "nav.mentee.contract"),
            ("/mentee/plan", "nav.mentee.plan"),
            ("/mentee/activities", "nav.mentee.activities"),
        ],
        Role::UnitAdmin => &[
            ("/unit", "nav.unit.dashboard"),
            ("/unit/people", "nav.unit.people"),
            ("/unit/nominations", "nav.unit.nominations"),
            ("/unit/contracts", "nav.unit.contracts"),
            ("/unit/activities", "nav.unit.activities"),
            ("/unit/activity-statistics", "statistics.nav"),
            ("/unit/plans", "nav.unit.plans"),
            ("/unit/assessments", "nav.unit.assessments"),
            ("/unit/benefits", "nav.unit.benefits"),
        ],
        Role::Reviewer => &[("/review", "nav.reviewer.assigned")],
        Role::CityAdmin => &[
            ("/city", "nav.city.dashboard"),
            ("/city/units", "nav.city.units"),
            ("/city/people", "nav.city.people"),
            ("/city/rounds", "nav.city.rounds"),
            ("/city/pool", "nav.city.pool"),
            ("/city/contracts", "nav.city.contracts"),
            ("/city/assessment-rounds", "nav.city.assessments"),
            ("/city/benefits", "nav.city.benefits"),
            ("/city/activity-statistics", "statistics.nav"),
            ("/city/imports", "imports.nav"),
            ("/city/operations", "nav.city.operations"),
        ],
    }
}

/// The home page of a role's area, where `/home` sends a user acting in it.
pub fn area_home(role: Role) -> Option<&'static str> {
    links(role).first().map(|(href, _)| *href)
}

/// The links for `role` on the page at `path`: the area's home is current only on itself (and on
/// `/home`, which shows it), any other link on itself and the pages under it
/// (`/mentor/activities/12`).
pub fn for_page(role: Option<Role>, path: &str) -> Vec<NavLink> {
    let path = path.split('?').next().unwrap_or(path);
    let Some(role) = role else {
        return Vec::new();
    };
    let all = links(role);
    all.iter()
        .enumerate()
        .map(|(i, (href, key))| NavLink {
            href,
            key,
            current: if i == 0 {
                path == *href || path == "/home"
            } else {
                path == *href || path.starts_with(&format!("{href}/"))
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_of_the_page_and_its_subpages_is_current() {
        let current = |path: &str| {
            for_page(Some(Role::Mentor), path)
                .into_iter()
                .filter(|l| l.current)
                .map(|l| l.href)
                .collect::<Vec<_>>()
        };
        assert_eq!(current("/mentor"), ["/mentor"]);
        assert_eq!(current("/home?role=mentor"), ["/mentor"]);
        assert_eq!(current("/mentor/activities/12?x=1"), ["/mentor/activities"]);
        assert_eq!(current("/mentor/activitiesx"), Vec::<&str>::new());
        assert!(for_page(None, "/").is_empty());
        assert_eq!(area_home(Role::CityAdmin), Some("/city"));
        assert_eq!(area_home(Role::Mentee), Some("/mentee"));
    }
}
