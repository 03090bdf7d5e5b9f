//! `/unit`, the unit admin's dashboard of their own unit (and `/home` for a unit admin): the
//! unit's mentors (active, without a contract, behind target this year), mentees without a mentor,
//! disputed activities, plans overdue, the open selection round's deadline and the unit's quota,
//! and the assessment round's progress. Each figure links to the list it comes from.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use crate::domain::role::Role;
use crate::services::dashboards::{self, UnitFigures};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// One figure of the dashboard: its number, its words, where its list is.
#[derive(Serialize)]
pub struct FigureView {
    pub id: &'static str,
    pub value: String,
    /// The catalogue key of its label.
    pub label: &'static str,
    pub href: &'static str,
    /// `bad` or `wait` when the figure asks for work, empty otherwise.
    pub tone: &'static str,
}

fn figure(
    id: &'static str,
    n: i64,
    label: &'static str,
    href: &'static str,
    tone: &'static str,
) -> FigureView {
    FigureView {
        id,
        value: n.to_string(),
        label,
        href,
        tone: if n > 0 { tone } else { "" },
    }
}

/// The figures in the page's order.
pub fn figures(f: &UnitFigures) -> Vec<FigureView> {
    let n = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
    vec![
        figure(
            "active-mentors",
            f.active_mentors,
            "dashboards.unit.active_mentors",
            "/unit/people",
            "",
        ),
        figure(
            "without-contract",
            n(f.without_contract),
            "dashboards.unit.without_contract",
            "/unit/contracts",
            "wait",
        ),
        figure(
            "behind-target",
            n(f.behind_target),
            "dashboards.unit.behind_target",
            "/unit/contracts",
            "bad",
        ),
        figure(
            "without-mentor",
            n(f.mentees_without_mentor),
            "dashboards.unit.without_mentor",
            "/unit/people",
            "wait",
        ),
        figure(
            "disputed",
            n(f.disputed_activities),
            "dashboards.unit.disputed",
            "/unit/activities?disputed=1",
            "bad",
        ),
        figure(
            "plans-overdue",
            n(f.plans_overdue),
            "dashboards.unit.plans_overdue",
            "/unit/plans?overdue=1",
            "wait",
        ),
    ]
}

/// The dashboard, for `/unit` and for `/home` when the user acts as unit admin.
pub async fn unit_home_page(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let f = dashboards::unit_figures(state, &session.caller).await?;
    let today = state.clock.today();
    let selection = f.selection.as_ref().map(|s| {
        context! {
            name => s.name.clone(),
            deadline => s.deadline.to_string(),
            days_left => (s.deadline - today).num_days(),
            quota => s.quota,
            nominated => s.nominated,
            left => s.quota.map(|q| (i64::from(q) - s.nominated).max(0)),
        }
    });
    let assessment = f.assessment.as_ref().map(|a| {
        let pct = |n: i64| if a.total > 0 { n * 100 / a.total } else { 0 };
        context! {
            year => a.year,
            opens_on => a.opens_on.to_string(),
            closes_on => a.closes_on.to_string(),
            open_now => a.opens_on <= today && today <= a.closes_on,
            total => a.total,
            not_started => a.total - a.assessed - a.submitted - a.confirmed - a.returned,
            assessed => a.assessed,
            submitted => a.submitted,
            confirmed => a.confirmed,
            returned => a.returned,
            confirmed_pct => pct(a.confirmed),
            submitted_pct => pct(a.submitted),
            assessed_pct => pct(a.assessed),
            returned_pct => pct(a.returned),
        }
    });
    Frame::signed_in(state, req, session, Some(Role::UnitAdmin)).render(
        state,
        StatusCode::OK,
        "dashboards/unit.html",
        context! {
            today => today.to_string(),
            figures => Serde(figures(&f)),
            selection => selection,
            assessment => assessment,
        },
    )
}

/// `GET /unit`.
pub async fn get_unit_dashboard(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    unit_home_page(&state, &req, &session).await
}
