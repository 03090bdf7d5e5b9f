//! The activity log: the mentor logs what was done with which mentees; each attending mentee
//! confirms or disputes; the year's progress is computed from it.

use chrono::{Datelike, NaiveDate};
use serde_json::json;

use crate::auth::caller::Caller;
use crate::db::AnyConnection;
use crate::db::activities::{self, Activity};
use crate::db::contracts::{self, Contract, Viewer};
use crate::domain::activity::{
    ActivityInput, ActivityRequest, AttendanceRequest, AttendanceStatus,
};
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{ActivityId, ContractId};
use crate::domain::progress::{self, ActivityFact, IndicatorFact, Progress};
use crate::error::{AppError, Problems};
use crate::i18n::Msg;
use crate::services::audit_trail::{Subject, record};
use crate::services::contracts::viewer;
use crate::state::AppState;

/// The contract, for its own mentor only (others who may see it get 403; others 404).
fn mentors_contract(
    c: &mut AnyConnection,
    caller: &Caller,
    id: ContractId,
) -> Result<Contract, AppError> {
    let k = contracts::find(c, id, viewer(caller))?;
    if k.mentor_user_id != caller.id {
        return Err(AppError::forbidden(
            "forbidden",
            "只有培带人本人可以记录活动",
            "only the contract's mentor logs activities",
        ));
    }
    Ok(k)
}

/// The dates and attendees of an activity against its contract.
fn check_against(k: &Contract, input: &ActivityInput) -> Result<(), AppError> {
    let mut p = Problems::new();
    if k.status != ContractStatus::Active {
        return Err(AppError::conflict_field(
            "status",
            "contract_not_active",
            "联系书不在有效期内",
            "the contract is not active",
        ));
    }
    if input.held_on < k.start_date || input.held_on > k.end_date {
        p.add(
            "held_on",
            "outside_cycle",
            Msg::new(
                "活动日期不在培带期内",
                "the date is outside the contract's cycle",
            ),
        );
    }
    for (i, a) in input.attendees.iter().enumerate() {
        match k.mentees.iter().find(|m| m.user_id == *a) {
            None => p.add(
                format!("attendee_ids[{i}]"),
                "not_a_mentee",
                Msg::new(
                    "不是本联系书的培带对象",
                    "not a current mentee of the contract",
                ),
            ),
            // A replacement is bound, and trained under the contract, once they have signed.
            Some(m) if m.signature_pending => p.add(
                format!("attendee_ids[{i}]"),
                "signature_pending",
                Msg::new(
                    "该培带对象尚未签署联系书，签署后才能记录其参加的活动",
                    "this mentee has not signed the contract yet; their attendance is recorded once they sign",
                ),
            ),
            Some(_) => {}
        }
    }
    p.finish()
}

/// The refusal to change what a confirmed assessment was based on.
fn locked() -> AppError {
    AppError::conflict_field(
        "locked",
        "activity_locked",
        "该年度考核已确认，活动不能再修改",
        "the year's assessment is confirmed; the activity can no longer change",
    )
}

pub async fn log_activity(
    state: &AppState,
    caller: Caller,
    contract: ContractId,
    req: ActivityRequest,
) -> Result<Activity, AppError> {
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    let input = req.parse(today)?;
    state
        .db
        .write(move |c| {
            let k = mentors_contract(c, &caller, contract)?;
            check_against(&k, &input)?;
            if crate::db::assessments::period_confirmed(c, k.id, input.held_on)? {
                return Err(locked());
            }
            let id = activities::insert(c, k.id, &input, caller.id, now)?;
            record(
                c,
                &caller,
                "activity.log",
                Subject::new("activity", id, Some(k.unit_id)),
                json!({ "kind": input.kind, "held_on": input.held_on }),
                now,
            )?;
            activities::find(c, id)
        })
        .await
}

pub async fn update_activity(
    state: &AppState,
    caller: Caller,
    id: ActivityId,
    req: ActivityRequest,
) -> Result<Activity, AppError> {
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    let input = req.parse(today)?;
    state
        .db
        .write(move |c| {
            let before = activities::find(c, id)?;
            let k = mentors_contract(c, &caller, before.contract_id)?;
            if before.locked || crate::db::assessments::period_confirmed(c, k.id, input.held_on)? {
                return Err(locked());
            }
            check_against(&k, &input)?;
            activities::update(c, id, &input, now)?;
            record(
                c,
                &caller,
                "activity.update",
                Subject::new("activity", id, Some(k.unit_id)),
                json!({}),
                now,
            )?;
            activities::find(c, id)
        })
        .await
}

/// An attending mentee confirms or disputes their attendance (a dispute with its reason).
pub async fn respond(
    state: &AppState,
    caller: Caller,
    id: ActivityId,
    req: AttendanceRequest,
) -> Result<Activity, AppError> {
    let mut p = Problems::new();
    if req.status == AttendanceStatus::Pending {
        p.add(
            "status",
            "invalid_value",
            Msg::new("请选择确认或异议", "answer confirmed or disputed"),
        );
    }
    let note = p.take(
        "note",
        crate::domain::text::optional(req.note.as_deref(), 1000),
    );
    // A dispute says why: the mentor and the unit's assessor read it.
    if req.status == AttendanceStatus::Disputed && matches!(note, Some(None)) {
        p.add(
            "note",
            "required",
            Msg::new("请说明异议理由", "say why you dispute it"),
        );
    }
    p.finish()?;
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let activity = activities::find(c, id)?;
            let k = contracts::find(c, activity.contract_id, viewer(&caller))?;
            if activity.locked {
                return Err(locked());
            }
            if !activities::respond(c, id, caller.id, req.status, note.flatten().as_deref(), now)? {
                return Err(AppError::NotFound);
            }
            record(
                c,
                &caller,
                "activity.attendance",
                Subject::new("activity", id, Some(k.unit_id)),
                json!({ "status": req.status }),
                now,
            )?;
            activities::find(c, id)
        })
        .await
}

/// The year's window of a contract: the part of `year` its cycle covers.
pub fn window(k: &Contract, year: i32) -> Option<(NaiveDate, NaiveDate)> {
    cycle_window(k.start_date, k.end_date, year)
}

/// The part of `year` a cycle from `start` to `end` covers (what [`window`] reads of a
/// contract, for callers holding only its dates).
pub fn cycle_window(start: NaiveDate, end: NaiveDate, year: i32) -> Option<(NaiveDate, NaiveDate)> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1)?.max(start);
    let to = NaiveDate::from_ymd_opt(year, 12, 31)?.min(end);
    (from <= to).then_some((from, to))
}

pub async fn list(
    state: &AppState,
    caller: &Caller,
    contract: ContractId,
    year: Option<i32>,
) -> Result<Vec<Activity>, AppError> {
    let viewer: Viewer = viewer(caller);
    state
        .db
        .run(move |c| {
            let k = contracts::find(c, contract, viewer)?;
            let (from, to) = match year {
                Some(y) => match window(&k, y) {
                    Some(w) => w,
                    None => return Ok(Vec::new()),
                },
                None => (k.start_date, k.end_date),
            };
            activities::of_contract(c, k.id, from, to)
        })
        .await
}

pub async fn progress(
    state: &AppState,
    caller: &Caller,
    contract: ContractId,
    year: Option<i32>,
) -> Result<Progress, AppError> {
    let viewer: Viewer = viewer(caller);
    let today = state.clock.today();
    let year = year.unwrap_or(today.year());
    state
        .db
        .run(move |c| {
            let k = contracts::find(c, contract, viewer)?;
            let Some((from, to)) = window(&k, year) else {
                return Err(AppError::invalid_field(
                    "year",
                    "outside_cycle",
                    "该年份不在培带期内",
                    "the year is outside the contract's cycle",
                ));
            };
            progress_tallied(c, &k, year, from, to, today)
        })
        .await
}

/// The progress report as [`progress_between`] computes it, from the database's tallies of the
/// activities and the answers and from the plans' statuses (three statements of fixed shape)
/// rather than from the log, the attendance and the whole plans: what the API's report needs,
/// and nothing it does not show.
fn progress_tallied(
    c: &mut AnyConnection,
    k: &Contract,
    year: i32,
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
) -> Result<Progress, AppError> {
    let tallies = activities::tallies(c, k.id, from, to)?;
    let answers = activities::answers(c, k.id, from, to)?;
    let plans = crate::db::plans::statuses_of_contract(c, k.id)?;
    let mentees: Vec<_> = k
        .mentees
        .iter()
        .map(|m| {
            let plan = plans
                .iter()
                .find(|(mentee, _)| *mentee == m.user_id)
                .map(|(_, s)| *s);
            (m.user_id, m.name.clone(), plan)
        })
        .collect();
    Ok(progress::compute_tallied(
        k.id,
        year,
        from,
        to,
        as_of,
        &indicator_facts(k),
        &tallies,
        |id| answers.get(&id).copied().unwrap_or_default(),
        &mentees,
    ))
}

/// What the progress computation needs of the contract's indicators.
fn indicator_facts(k: &Contract) -> Vec<IndicatorFact> {
    k.indicators
        .iter()
        .map(|i| IndicatorFact {
            id: i.id,
            kind: i.kind,
            description: i.description.clone(),
            measure: i.measure,
            yearly_target: i.yearly_target,
        })
        .collect()
}

/// The progress of a contract over `[from, to]` (within `year`) as of a date, with the
/// activities it was computed from and the mentees' plans.
pub fn progress_between(
    c: &mut AnyConnection,
    k: &Contract,
    year: i32,
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
) -> Result<(Progress, Vec<Activity>, Vec<crate::db::plans::Plan>), AppError> {
    let acts = activities::of_contract(c, k.id, from, to)?;
    let indicators = indicator_facts(k);
    let facts: Vec<ActivityFact> = acts
        .iter()
        .map(|a| ActivityFact {
            kind: a.kind,
            minutes: (a.hours * 60.0).round() as i32,
            attendance: a
                .attendance
                .iter()
                .map(|x| (x.mentee_id, x.status))
                .collect(),
        })
        .collect();
    let plans = crate::db::plans::of_contract(c, k.id)?;
    let mentees: Vec<_> = k
        .mentees
        .iter()
        .map(|m| {
            let plan = plans
                .iter()
                .find(|p| p.mentee_id == m.user_id)
                .map(|p| p.status);
            (m.user_id, m.name.clone(), plan)
        })
        .collect();
    let report = progress::compute(k.id, year, from, to, as_of, &indicators, &facts, &mentees);
    Ok((report, acts, plans))
}

/// Activities with a disputed attendance: the caller's unit's, or all for the city.
pub async fn disputed(state: &AppState, caller: &Caller) -> Result<Vec<Activity>, AppError> {
    let unit = if caller.is_city_admin() {
        None
    } else {
        Some(caller.unit_id.ok_or(AppError::NotFound)?)
    };
    state.db.run(move |c| activities::disputed(c, unit)).await
}
