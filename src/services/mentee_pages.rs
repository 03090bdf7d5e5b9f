//! What the mentee's pages read and do beyond the program's other services, each scoped to the
//! caller exactly as the API scopes them: the caller's own contracts as a mentee (a person's own,
//! as `GET /api/v1/contracts` lists them), the activities they attended, the reminder e-mails sent
//! to them, the name of a unit they may see (as `GET /api/v1/units/{id}` shows it), and disputing
//! an attendance, which says why.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};

use crate::auth::account_token::TokenKey;
use crate::auth::caller::Caller;
use crate::db::activities::Activity;
use crate::db::contracts::{self, Contract, Viewer};
use crate::db::{reminders_sent, units};
use crate::domain::activity::{AttendanceRequest, AttendanceStatus};
use crate::domain::ids::{ActivityId, UnitId};
use crate::domain::page::PageRequest;
use crate::email::catalogue::Email;
use crate::email::render::Renderer;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::services::activities;
use crate::state::AppState;

/// The e-mails that remind or tell a mentee of something in their program (not the account's
/// own mail: invitations and passwords).
const REMINDER_TEMPLATES: &[&str] = &[
    "mentoring_reminder",
    "rectification_started",
    "mentor_revoked",
];

/// The contracts the caller is or was a mentee of, newest first.
pub async fn contracts_as_mentee(
    state: &AppState,
    caller: &Caller,
) -> Result<Vec<Contract>, AppError> {
    let me = caller.id;
    let page = PageRequest {
        page: 1,
        per_page: 100,
    };
    let all = state
        .db
        .run(move |c| contracts::list(c, Viewer::Person(me), None, page))
        .await?;
    Ok(all
        .items
        .into_iter()
        .filter(|k| {
            k.mentees
                .iter()
                .chain(k.former_mentees.iter())
                .any(|m| m.user_id == me)
        })
        .collect())
}

/// The activities of `contracts` the caller attended, newest first (through the activity
/// service's own list, so a contract the caller may not see is not found).
pub async fn activities_attended(
    state: &AppState,
    caller: &Caller,
    contracts: &[Contract],
) -> Result<Vec<Activity>, AppError> {
    let mut all = Vec::new();
    for k in contracts {
        let list = activities::list(state, caller, k.id, None).await?;
        all.extend(
            list.into_iter()
                .filter(|a| a.attendance.iter().any(|x| x.mentee_id == caller.id)),
        );
    }
    all.sort_by(|a, b| b.held_on.cmp(&a.held_on).then(b.id.0.cmp(&a.id.0)));
    Ok(all)
}

/// The caller disputes their attendance of an activity with `note`, the reason the activity
/// service requires (the unit admin who settles the dispute needs it).
pub async fn dispute(
    state: &AppState,
    caller: Caller,
    id: ActivityId,
    note: &str,
) -> Result<Activity, AppError> {
    activities::respond(
        state,
        caller,
        id,
        AttendanceRequest {
            status: AttendanceStatus::Disputed,
            note: Some(note.to_owned()),
        },
    )
    .await
}

/// One reminder as the caller's page lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SentReminder {
    /// The subject, in the reader's language.
    pub subject: String,
    pub sent_at: DateTime<Utc>,
}

/// The e-mail templates, loaded once for the subjects (they depend on the data only).
fn renderer(state: &AppState) -> Option<&'static Renderer> {
    static RENDERER: OnceLock<Option<Renderer>> = OnceLock::new();
    RENDERER
        .get_or_init(|| {
            let key = TokenKey::new(state.settings.auth.jwt_secret.expose().as_bytes());
            Renderer::new(
                &state.settings.email.public_url,
                key,
                state.settings.jobs.timezone,
            )
            .map_err(|e| tracing::error!(error = %e, "the e-mail templates did not load"))
            .ok()
        })
        .as_ref()
}

/// The last `limit` reminders sent to the caller, newest first, with their subjects in `locale`.
pub async fn reminders_sent_to_me(
    state: &AppState,
    caller: &Caller,
    locale: Locale,
    limit: i64,
) -> Result<Vec<SentReminder>, AppError> {
    let me = caller.id;
    let rows = state
        .db
        .run(move |c| reminders_sent::sent_to(c, me, REMINDER_TEMPLATES, limit))
        .await?;
    let Some(renderer) = renderer(state) else {
        return Ok(Vec::new());
    };
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let email: Email = serde_json::from_str(&row.data).ok()?;
            let rendered = renderer.render(&email, locale).ok()?;
            Some(SentReminder {
                subject: rendered.subject,
                sent_at: row.sent_at.and_utc(),
            })
        })
        .collect())
}

/// The name of a unit, when the caller may see it (their own unit); `None` otherwise.
pub async fn unit_name(
    state: &AppState,
    caller: &Caller,
    unit: UnitId,
) -> Result<Option<String>, AppError> {
    let scope = caller.view_scope();
    match state.db.run(move |c| units::find(c, unit, scope)).await {
        Ok(u) => Ok(Some(u.name)),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}
