//! The counts behind the offices' dashboards: each a `GROUP BY` in the database (or a count), so
//! that a dashboard stays cheap at 100,000 mentors; the page only adds up a few dozen rows.

use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::AnyConnection;
use super::schema::{
    activities as act, assessment_rounds as ar, assessments as a, benefits as b, contracts as k,
    mentors as m,
};
use crate::domain::assessment::AssessmentStatus;
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{AssessmentRoundId, ContractId, UnitId};
use crate::domain::review::MentorStatus;
use crate::error::AppError;

/// Active mentors of a unit.
pub fn active_mentors_of_unit(conn: &mut AnyConnection, unit: UnitId) -> Result<i64, AppError> {
    Ok(m::table
        .filter(m::unit_id.eq(unit))
        .filter(m::status.eq(MentorStatus::Active.as_str()))
        .count()
        .get_result(conn)?)
}

/// The active contracts of a unit, oldest first.
pub fn active_contracts_of_unit(
    conn: &mut AnyConnection,
    unit: UnitId,
) -> Result<Vec<ContractId>, AppError> {
    Ok(k::table
        .filter(k::unit_id.eq(unit))
        .filter(k::status.eq(ContractStatus::Active.as_str()))
        .order(k::id.asc())
        .select(k::id)
        .load(conn)?)
}

/// Active mentors per category: `(category, count)`.
pub fn active_mentors_by_category(
    conn: &mut AnyConnection,
) -> Result<Vec<(String, i64)>, AppError> {
    Ok(m::table
        .filter(m::status.eq(MentorStatus::Active.as_str()))
        .group_by(m::category)
        .select((m::category, count_star()))
        .load(conn)?)
}

/// Active mentors per unit: `(unit, count)`.
pub fn active_mentors_by_unit(conn: &mut AnyConnection) -> Result<Vec<(UnitId, i64)>, AppError> {
    Ok(m::table
        .filter(m::status.eq(MentorStatus::Active.as_str()))
        .group_by(m::unit_id)
        .select((m::unit_id, count_star()))
        .load(conn)?)
}

/// Contracts per status: `(status, count)`.
pub fn contracts_by_status(conn: &mut AnyConnection) -> Result<Vec<(String, i64)>, AppError> {
    Ok(k::table
        .group_by(k::status)
        .select((k::status, count_star()))
        .load(conn)?)
}

/// Activities per day held within `[from, to]`: `(day, count)`; at most a row a day, which the
/// page adds up into months.
pub fn activities_per_day(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>, AppError> {
    Ok(act::table
        .filter(act::held_on.ge(from))
        .filter(act::held_on.le(to))
        .group_by(act::held_on)
        .select((act::held_on, count_star()))
        .load(conn)?)
}

/// Confirmed grades per assessment round: `(round, grade, count)` (a round is a year).
pub fn confirmed_grades_by_round(
    conn: &mut AnyConnection,
) -> Result<Vec<(AssessmentRoundId, Option<String>, i64)>, AppError> {
    Ok(a::table
        .filter(a::status.eq(AssessmentStatus::Confirmed.as_str()))
        .filter(a::grade.is_not_null())
        .group_by((a::round_id, a::grade))
        .select((a::round_id, a::grade, count_star()))
        .load(conn)?)
}

/// The year of every assessment round: `id -> year`.
pub fn assessment_round_years(
    conn: &mut AnyConnection,
) -> Result<Vec<(AssessmentRoundId, i32)>, AppError> {
    Ok(ar::table.select((ar::id, ar::year)).load(conn)?)
}

/// Benefits ever issued (whatever became of them since) per kind: `(kind, count)`.
pub fn issued_benefits_by_kind(conn: &mut AnyConnection) -> Result<Vec<(String, i64)>, AppError> {
    Ok(b::table
        .filter(b::issued_at.is_not_null())
        .group_by(b::kind)
        .select((b::kind, count_star()))
        .load(conn)?)
}

/// The pool's appointments grouped by their dates: `(appointed on, revoked on, term ends on,
/// count)`, withdrawn entries left out. Appointments come in rounds, so the groups are few.
pub type PoolGroup = (NaiveDate, Option<NaiveDate>, NaiveDate, i64);

/// See [`PoolGroup`].
pub fn pool_groups(conn: &mut AnyConnection) -> Result<Vec<PoolGroup>, AppError> {
    Ok(m::table
        .filter(m::status.ne(MentorStatus::Withdrawn.as_str()))
        .group_by((m::appointed_on, m::revoked_on, m::term_ends_on))
        .select((
            m::appointed_on,
            m::revoked_on,
            m::term_ends_on,
            count_star(),
        ))
        .load(conn)?)
}
