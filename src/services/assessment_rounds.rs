//! Opening an assessment round (one assessment per mentor active that year, assigned to the
//! mentor's unit, with the contract that covered the year) and the e-mails to the units' admins
//! about a round.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::auth::caller::Caller;
use crate::db::assessments::{
    self, Assessment, AssessmentFilter, AssessmentRound, NewAssessment, Viewer,
};
use crate::db::{AnyConnection, is_unique_violation, users};
use crate::domain::assessment::{AssessmentKind, OpenRoundRequest};
use crate::domain::ids::{ContractId, MentorEntryId, UnitId};
use crate::domain::page::PageRequest;
use crate::email::catalogue::{AssessmentReminder, AssessmentReminderKind, Email};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::AppError;
use crate::services::audit_trail::{Subject, record};
use crate::state::AppState;

/// A round just opened, and how many assessments it created.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenedRound {
    #[serde(flatten)]
    pub round: AssessmentRound,
    pub assessments: usize,
}

/// Opens the round for a year: one assessment for every mentor active that year, assigned to the
/// mentor's unit, with the contract that covered the year. Unit admins are e-mailed when the
/// window is open already (otherwise `assessment_reminders` does it on the opening day).
pub async fn open_round(
    state: &AppState,
    caller: Caller,
    req: OpenRoundRequest,
) -> Result<OpenedRound, AppError> {
    let settings = req.parse(&state.settings.policy)?;
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    let domain = state.mailer.domain().to_owned();
    let opened = state
        .db
        .write(move |c| {
            let id = assessments::insert_round(c, &settings, caller.id, now).map_err(|e| {
                if is_unique_violation(&e) {
                    AppError::conflict_field(
                        "year",
                        "already_exists",
                        "该年度的考核已经开启",
                        "the year's assessment round exists already",
                    )
                } else {
                    e.into()
                }
            })?;
            let year_from = NaiveDate::from_ymd_opt(settings.year, 1, 1).expect("valid year");
            let year_to = NaiveDate::from_ymd_opt(settings.year, 12, 31).expect("valid year");
            let entries = assessments::entries_active_between(c, year_from, year_to)?;
            // entry -> (contract, start, end); a lookup per entry, not a scan of the list.
            let covering: HashMap<MentorEntryId, (ContractId, NaiveDate, NaiveDate)> =
                assessments::contracts_overlapping(c, year_from, year_to)?
                    .into_iter()
                    .map(|(entry, k, start, end)| (entry, (k, start, end)))
                    .collect();
            let news: Vec<NewAssessment> = entries
                .iter()
                .map(|e| {
                    let contract = covering.get(&e.entry);
                    let (from, to) = contract.map_or((year_from, year_to), |k| {
                        (k.1.max(year_from), k.2.min(year_to))
                    });
                    NewAssessment {
                        round: id,
                        kind: AssessmentKind::Annual,
                        follows: None,
                        entry: e.entry,
                        user: e.user,
                        unit: e.unit,
                        contract: contract.map(|k| k.0),
                        from,
                        to,
                    }
                })
                .collect();
            assessments::insert_many(c, &news, now)?;
            record(
                c,
                &caller,
                "assessment_round.open",
                Subject::new("assessment_round", id, None),
                json!({ "year": settings.year, "assessments": entries.len() }),
                now,
            )?;
            let round = assessments::find_round(c, id)?;
            if round.opens_on <= today {
                window_opened_emails(c, &round, now, &domain)?;
            }
            Ok(OpenedRound {
                round,
                assessments: entries.len(),
            })
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(opened)
}

/// The names of a unit's mentors among `list`, "、"-separated, at most 50 named.
pub(crate) fn names(list: &[&Assessment]) -> String {
    let mut out: Vec<&str> = list
        .iter()
        .take(50)
        .map(|a| a.mentor_name.as_str())
        .collect();
    if list.len() > 50 {
        out.push("…");
    }
    out.join("、")
}

/// Tells each unit with assessments in the round that its window is open (once per round).
pub(crate) fn window_opened_emails(
    c: &mut AnyConnection,
    round: &AssessmentRound,
    now: NaiveDateTime,
    domain: &str,
) -> Result<usize, AppError> {
    unit_reminders(
        c,
        round,
        AssessmentReminderKind::WindowOpened,
        |_| true,
        0,
        &format!("assessment_round:{}:opened", round.id),
        now,
        domain,
    )
}

/// E-mails the admins of every unit that has assessments in the round matching `pick`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn unit_reminders(
    c: &mut AnyConnection,
    round: &AssessmentRound,
    reminder: AssessmentReminderKind,
    pick: impl Fn(&Assessment) -> bool,
    days_left: i64,
    subject: &str,
    now: NaiveDateTime,
    domain: &str,
) -> Result<usize, AppError> {
    let all = assessments::list(
        c,
        round.id,
        &AssessmentFilter::default(),
        Viewer::City,
        PageRequest {
            page: 1,
            per_page: i64::MAX / 2,
        },
    )?
    .items;
    let mut units: Vec<UnitId> = all.iter().filter(|a| pick(a)).map(|a| a.unit_id).collect();
    units.sort_by_key(|u| u.0);
    units.dedup();
    let mut queued = 0;
    for unit in units {
        let mine: Vec<&Assessment> = all
            .iter()
            .filter(|a| a.unit_id == unit && pick(a))
            .collect();
        for admin in users::unit_admins(c, unit)? {
            let email = Email::AssessmentReminder(AssessmentReminder {
                name: admin.name.clone(),
                reminder,
                year: round.year,
                unit: mine[0].unit_name.clone(),
                opens_on: round.opens_on,
                closes_on: round.closes_on,
                days_left,
                count: mine.len() as i64,
                mentors: names(&mine),
            });
            if enqueue(c, now, domain, &Recipient::from(&admin), &email, subject)? {
                queued += 1;
            }
        }
    }
    Ok(queued)
}
