//! Opening a round runs in the background: it creates an assessment for every mentor of the
//! city, which takes long in a large city, so the form's answer is a progress page
//! (`/city/assessment-rounds/opening/{ticket}`) that reloads itself (`<meta http-equiv="refresh">`,
//! no script) until the service has finished, then shows the summary. The tickets live in this
//! process only: a restart forgets them, and the round list shows what was opened.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use crate::auth::caller::Caller;
use crate::domain::assessment::OpenRoundRequest;
use crate::domain::ids::{AssessmentRoundId, UserId};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::assessment_rounds;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// Where an opening is.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Opening {
    Running {
        year: i32,
        started_at: DateTime<Utc>,
    },
    Done {
        year: i32,
        round_id: AssessmentRoundId,
        assessments: usize,
        finished_at: DateTime<Utc>,
    },
    Failed {
        year: i32,
        reason_zh: String,
        reason_en: String,
    },
}

/// One opening and who started it (only they see it).
struct Ticket {
    by: UserId,
    opening: Opening,
}

static NEXT: AtomicU64 = AtomicU64::new(1);
static OPENINGS: LazyLock<Mutex<HashMap<u64, Ticket>>> = LazyLock::new(Default::default);

fn set(ticket: u64, opening: Opening) {
    if let Ok(mut all) = OPENINGS.lock()
        && let Some(t) = all.get_mut(&ticket)
    {
        t.opening = opening;
    }
}

/// Starts opening the round in the background and answers its ticket. The request was checked
/// already (`OpenRoundRequest::parse`); a refusal the service finds (the year exists) is the
/// progress page's end.
pub fn start(state: web::Data<AppState>, caller: Caller, req: OpenRoundRequest) -> u64 {
    let ticket = NEXT.fetch_add(1, Ordering::Relaxed);
    let year = req.year;
    if let Ok(mut all) = OPENINGS.lock() {
        all.insert(
            ticket,
            Ticket {
                by: caller.id,
                opening: Opening::Running {
                    year,
                    started_at: state.clock.now(),
                },
            },
        );
    }
    actix_web::rt::spawn(async move {
        let out = assessment_rounds::open_round(&state, caller, req).await;
        let opening = match out {
            Ok(o) => Opening::Done {
                year,
                round_id: o.round.id,
                assessments: o.assessments,
                finished_at: state.clock.now(),
            },
            Err(e) => {
                if !matches!(e, AppError::Validation(_) | AppError::Conflict { .. }) {
                    tracing::error!(error = %e, "opening an assessment round failed");
                }
                let reason = match &e {
                    AppError::Validation(f) | AppError::Conflict { fields: f, .. }
                        if !f.is_empty() =>
                    {
                        f.values().next().map(|v| v.message.clone())
                    }
                    _ => None,
                }
                .unwrap_or_else(|| e.message());
                Opening::Failed {
                    year,
                    reason_zh: reason.zh.into_owned(),
                    reason_en: reason.en.into_owned(),
                }
            }
        };
        set(ticket, opening);
    });
    ticket
}

/// `GET /city/assessment-rounds/opening/{ticket}`: the opening's progress, reloading itself every
/// two seconds while it runs; then the summary with the link to the round.
pub async fn get_opening(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    ticket: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let n: Option<u64> = ticket.parse().ok();
    let opening = n.and_then(|n| {
        OPENINGS.lock().ok().and_then(|all| {
            all.get(&n)
                .filter(|t| t.by == session.caller.id)
                .map(|t| t.opening.clone())
        })
    });
    let Some(opening) = opening else {
        return Err(PageError::App(AppError::NotFound));
    };
    let running = matches!(opening, Opening::Running { .. });
    let mut res = Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "assessing/opening.html",
        context! {
            opening => Serde(opening),
            path => req.path(),
        },
    )?;
    if running {
        // The same as `<meta http-equiv="refresh" content="2">`, which the frame's head has no
        // place for: the browser reloads the page until the opening has finished.
        res.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("refresh"),
            actix_web::http::header::HeaderValue::from_static("2"),
        );
    }
    Ok(res)
}
