//! What a unit's dashboard reads of the unit's active contracts, each for all of them at once
//! (a handful of queries, not a dozen per contract): their cycles, indicators, the activities of a
//! year with their answers, the current mentees and their plans. The progress rule itself is
//! `domain::progress`, run on these facts as the progress report runs it on one contract's.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::AnyConnection;
use super::schema::{
    activities as a, activity_attendance as t, contract_indicators as ci, contract_mentees as cm,
    contracts as k, training_plans as tp,
};
use crate::domain::activity::AttendanceStatus;
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{ActivityId, ContractId, IndicatorId, UnitId, UserId};
use crate::domain::plan::PlanStatus;
use crate::domain::progress::{ActivityFact, IndicatorFact};
use crate::error::AppError;

/// An active contract's cycle: `(id, start, end, took effect at)`.
pub type Cycle = (ContractId, NaiveDate, NaiveDate, Option<NaiveDateTime>);

fn bad(what: &str, id: impl std::fmt::Display) -> AppError {
    AppError::internal(anyhow::anyhow!("bad {what} in row {id}"))
}

fn active_of(unit: UnitId) -> k::BoxedQuery<'static, super::MultiBackend> {
    k::table
        .filter(k::unit_id.eq(unit))
        .filter(k::status.eq(ContractStatus::Active.as_str()))
        .into_boxed()
}

/// The unit's active contracts, oldest first.
pub fn cycles(conn: &mut AnyConnection, unit: UnitId) -> Result<Vec<Cycle>, AppError> {
    Ok(active_of(unit)
        .order(k::id.asc())
        .select((k::id, k::start_date, k::end_date, k::activated_at))
        .load(conn)?)
}

/// The indicators of the unit's active contracts, by contract, in their order.
pub fn indicators(
    conn: &mut AnyConnection,
    unit: UnitId,
) -> Result<HashMap<ContractId, Vec<IndicatorFact>>, AppError> {
    let rows: Vec<(IndicatorId, ContractId, String, String, String, i32)> = ci::table
        .filter(
            ci::contract_id.eq_any(
                k::table
                    .filter(k::unit_id.eq(unit))
                    .filter(k::status.eq(ContractStatus::Active.as_str()))
                    .select(k::id),
            ),
        )
        .order(ci::id.asc())
        .select((
            ci::id,
            ci::contract_id,
            ci::kind,
            ci::description,
            ci::measure,
            ci::yearly_target,
        ))
        .load(conn)?;
    let mut out: HashMap<ContractId, Vec<IndicatorFact>> = HashMap::new();
    for (id, contract, kind, description, measure, yearly_target) in rows {
        out.entry(contract).or_default().push(IndicatorFact {
            id,
            kind: kind.parse().map_err(|_| bad("indicator kind", id))?,
            description,
            measure: measure.parse().map_err(|_| bad("indicator measure", id))?,
            yearly_target,
        });
    }
    Ok(out)
}

/// The activities of the unit's active contracts held within `[from, to]` and within each
/// contract's cycle, with their answers, by contract.
pub fn activities(
    conn: &mut AnyConnection,
    unit: UnitId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<ContractId, Vec<ActivityFact>>, AppError> {
    let rows: Vec<(ActivityId, ContractId, String, i32)> = a::table
        .inner_join(k::table.on(k::id.eq(a::contract_id)))
        .filter(k::unit_id.eq(unit))
        .filter(k::status.eq(ContractStatus::Active.as_str()))
        .filter(a::held_on.ge(from))
        .filter(a::held_on.le(to))
        .filter(a::held_on.ge(k::start_date))
        .filter(a::held_on.le(k::end_date))
        .order(a::id.asc())
        .select((a::id, a::contract_id, a::kind, a::minutes))
        .load(conn)?;
    let answers: Vec<(ActivityId, UserId, String)> = t::table
        .inner_join(a::table.on(a::id.eq(t::activity_id)))
        .inner_join(k::table.on(k::id.eq(a::contract_id)))
        .filter(k::unit_id.eq(unit))
        .filter(k::status.eq(ContractStatus::Active.as_str()))
        .filter(a::held_on.ge(from))
        .filter(a::held_on.le(to))
        .order(t::id.asc())
        .select((t::activity_id, t::mentee_user_id, t::status))
        .load(conn)?;
    let mut by_activity: HashMap<ActivityId, Vec<(UserId, AttendanceStatus)>> = HashMap::new();
    for (id, mentee, status) in answers {
        by_activity
            .entry(id)
            .or_default()
            .push((mentee, status.parse().unwrap_or(AttendanceStatus::Pending)));
    }
    let mut out: HashMap<ContractId, Vec<ActivityFact>> = HashMap::new();
    for (id, contract, kind, minutes) in rows {
        out.entry(contract).or_default().push(ActivityFact {
            kind: kind.parse().map_err(|_| bad("activity kind", id))?,
            minutes,
            attendance: by_activity.remove(&id).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// The current mentees (not left) of the unit's active contracts: `(contract, mentee)`.
pub fn current_mentees(
    conn: &mut AnyConnection,
    unit: UnitId,
) -> Result<Vec<(ContractId, UserId)>, AppError> {
    Ok(cm::table
        .filter(
            cm::contract_id.eq_any(
                k::table
                    .filter(k::unit_id.eq(unit))
                    .filter(k::status.eq(ContractStatus::Active.as_str()))
                    .select(k::id),
            ),
        )
        .filter(cm::left_on.is_null())
        .order(cm::id.asc())
        .select((cm::contract_id, cm::mentee_user_id))
        .load(conn)?)
}

/// The training plans of the unit's active contracts: `(contract, mentee, status)`.
pub fn plans(
    conn: &mut AnyConnection,
    unit: UnitId,
) -> Result<Vec<(ContractId, UserId, PlanStatus)>, AppError> {
    let rows: Vec<(ContractId, UserId, String)> = tp::table
        .filter(
            tp::contract_id.eq_any(
                k::table
                    .filter(k::unit_id.eq(unit))
                    .filter(k::status.eq(ContractStatus::Active.as_str()))
                    .select(k::id),
            ),
        )
        .select((tp::contract_id, tp::mentee_user_id, tp::status))
        .load(conn)?;
    rows.into_iter()
        .map(|(c, m, s)| Ok((c, m, s.parse().map_err(|_| bad("plan status", c))?)))
        .collect()
}
