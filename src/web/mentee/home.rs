//! `/mentee`, the mentee's home (and `/home` for a user acting as a mentee): what is waiting for
//! me (the contract to sign, the plan to write, correct or report on, attendances to confirm),
//! where my mentoring stands, and the reminder e-mails the service sent me.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::mine::{Mine, my_plan};
use crate::domain::plan::PlanStatus;
use crate::domain::role::Role;
use crate::i18n;
use crate::services::mentee_pages;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// How many reminders the home lists (the newest).
const REMINDERS_SHOWN: i64 = 5;

/// One thing waiting for the mentee, with the page that does it.
#[derive(Serialize)]
struct Waiting {
    /// Catalogue key of what is waiting.
    what: &'static str,
    /// A count or a comment the words carry, or "".
    detail: String,
    href: &'static str,
    /// Catalogue key of the link's words.
    action: &'static str,
}

/// Where the mentee's mentoring stands, in a few facts.
#[derive(Serialize)]
struct Standing {
    mentor_name: String,
    status: &'static str,
    start_date: String,
    end_date: String,
    plan_status: Option<&'static str>,
}

/// `GET /mentee`.
pub async fn get_mentee(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    home_page(&state, &req, &session).await
}

/// The mentee's home page; `/home` shows it to a user acting as a mentee.
pub async fn home_page(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentee)?;
    let caller = &session.caller;
    let mine = Mine::load(state, caller).await?;
    let mut waiting = Vec::new();
    let mut standing = None;
    if let Some(k) = mine.current() {
        if mine.signature_asked(k) {
            waiting.push(Waiting {
                what: "mentee.wait.sign",
                detail: String::new(),
                href: "/mentee/contract",
                action: "mentee.wait.sign_action",
            });
        }
        let mut plan_status = None;
        if mine.plan_contract().is_some() {
            let plan = my_plan(state, caller, k).await?;
            plan_status = Some(plan.as_ref().map_or("none", |p| p.status.as_str()));
            match plan {
                None => waiting.push(Waiting {
                    what: "mentee.wait.plan_write",
                    detail: String::new(),
                    href: "/mentee/plan",
                    action: "mentee.wait.plan_write_action",
                }),
                Some(p) => match p.status {
                    PlanStatus::Draft => waiting.push(Waiting {
                        what: "mentee.wait.plan_draft",
                        detail: String::new(),
                        href: "/mentee/plan",
                        action: "mentee.wait.plan_draft_action",
                    }),
                    PlanStatus::Returned => waiting.push(Waiting {
                        what: "mentee.wait.plan_returned",
                        detail: p.review_comment.clone().unwrap_or_default(),
                        href: "/mentee/plan",
                        action: "mentee.wait.plan_returned_action",
                    }),
                    PlanStatus::Approved => waiting.push(Waiting {
                        what: "mentee.wait.plan_report",
                        detail: String::new(),
                        href: "/mentee/plan#milestones",
                        action: "mentee.wait.plan_report_action",
                    }),
                    PlanStatus::Submitted => {}
                },
            }
        }
        standing = Some(Standing {
            mentor_name: k.mentor_name.clone(),
            status: k.status.as_str(),
            start_date: k.start_date.to_string(),
            end_date: k.end_date.to_string(),
            plan_status,
        });
    }
    let attended = mentee_pages::activities_attended(state, caller, &mine.contracts).await?;
    let to_confirm = attended
        .iter()
        .filter(|a| !a.locked)
        .filter(|a| {
            a.attendance.iter().any(|x| {
                x.mentee_id == caller.id
                    && x.status == crate::domain::activity::AttendanceStatus::Pending
            })
        })
        .count();
    if to_confirm > 0 {
        waiting.push(Waiting {
            what: "mentee.wait.attendance",
            detail: to_confirm.to_string(),
            href: "/mentee/activities",
            action: "mentee.wait.attendance_action",
        });
    }
    let reminders =
        mentee_pages::reminders_sent_to_me(state, caller, i18n::current().locale, REMINDERS_SHOWN)
            .await?;
    Frame::signed_in(state, req, session, Some(Role::Mentee)).render(
        state,
        StatusCode::OK,
        "mentee/home.html",
        context! {
            today => state.clock.today().to_string(),
            several_roles => session.caller.roles.len() > 1,
            has_contract => mine.current().is_some(),
            standing => Serde(standing),
            waiting => Serde(waiting),
            reminders => Serde(reminders),
        },
    )
}
