//! Assessment rounds (one per year) and what opening one needs: the pool entries active that
//! year and the contract that covered each.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::AnyConnection;
use super::schema::{assessment_rounds as ar, contracts as k, mentors as m};
use crate::domain::assessment::RoundSettings;
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{AssessmentRoundId, ContractId, MentorEntryId, UnitId, UserId};
use crate::domain::policy::UnqualifiedConsequence;
use crate::domain::review::MentorStatus;
use crate::error::AppError;

/// An assessment round as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentRound {
    #[schema(value_type = i64)]
    pub id: AssessmentRoundId,
    pub year: i32,
    /// The window in which units assess their mentors.
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub objection_days: i32,
    pub consequence: UnqualifiedConsequence,
    pub rectification_days: i32,
    #[schema(value_type = i64)]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = ar)]
struct RoundRow {
    id: AssessmentRoundId,
    year: i32,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    objection_days: i32,
    consequence: String,
    rectification_days: i32,
    created_by: UserId,
    created_at: NaiveDateTime,
}

impl From<RoundRow> for AssessmentRound {
    fn from(r: RoundRow) -> Self {
        Self {
            id: r.id,
            year: r.year,
            opens_on: r.opens_on,
            closes_on: r.closes_on,
            objection_days: r.objection_days,
            consequence: if r.consequence == "rectify_then_revoke" {
                UnqualifiedConsequence::RectifyThenRevoke
            } else {
                UnqualifiedConsequence::Revoke
            },
            rectification_days: r.rectification_days,
            created_by: r.created_by,
            created_at: r.created_at.and_utc(),
        }
    }
}

fn consequence_text(c: UnqualifiedConsequence) -> &'static str {
    match c {
        UnqualifiedConsequence::Revoke => "revoke",
        UnqualifiedConsequence::RectifyThenRevoke => "rectify_then_revoke",
    }
}

/// Stores a round; a second round for the same year is a unique violation.
pub fn insert_round(
    conn: &mut AnyConnection,
    s: &RoundSettings,
    by: UserId,
    now: NaiveDateTime,
) -> Result<AssessmentRoundId, diesel::result::Error> {
    diesel::insert_into(ar::table)
        .values((
            ar::year.eq(s.year),
            ar::opens_on.eq(s.opens_on),
            ar::closes_on.eq(s.closes_on),
            ar::objection_days.eq(s.objection_days as i32),
            ar::consequence.eq(consequence_text(s.consequence)),
            ar::rectification_days.eq(s.rectification_days as i32),
            ar::created_by.eq(by),
            ar::created_at.eq(now),
            ar::updated_at.eq(now),
        ))
        .returning(ar::id)
        .get_result(conn)
}

pub fn find_round(
    conn: &mut AnyConnection,
    id: AssessmentRoundId,
) -> Result<AssessmentRound, AppError> {
    Ok(ar::table
        .find(id)
        .select(RoundRow::as_select())
        .first(conn)?
        .into())
}

/// Every round, newest year first.
pub fn list_rounds(conn: &mut AnyConnection) -> Result<Vec<AssessmentRound>, AppError> {
    Ok(ar::table
        .order(ar::year.desc())
        .select(RoundRow::as_select())
        .load(conn)?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// A pool entry that was active some time between `from` and `to`.
pub struct ActiveEntry {
    pub entry: MentorEntryId,
    pub user: UserId,
    pub unit: UnitId,
}

/// The pool entries active some time in `[from, to]`: appointed by `to`, term not over before
/// `from`, and not revoked before `from`. Withdrawn entries never served.
pub fn entries_active_between(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ActiveEntry>, AppError> {
    let rows: Vec<(MentorEntryId, UserId, UnitId)> = m::table
        .filter(m::status.ne(MentorStatus::Withdrawn.as_str()))
        .filter(m::appointed_on.le(to))
        .filter(m::term_ends_on.ge(from))
        .filter(m::revoked_on.is_null().or(m::revoked_on.ge(from)))
        .order(m::id.asc())
        .select((m::id, m::user_id, m::unit_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(entry, user, unit)| ActiveEntry { entry, user, unit })
        .collect())
}

/// For each pool entry, its latest signed contract overlapping `[from, to]`:
/// `(entry, contract, start, end)`.
pub fn contracts_overlapping(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(MentorEntryId, ContractId, NaiveDate, NaiveDate)>, AppError> {
    let rows: Vec<(MentorEntryId, ContractId, NaiveDate, NaiveDate)> = k::table
        .filter(k::status.eq_any([
            ContractStatus::Active.as_str(),
            ContractStatus::Completed.as_str(),
            ContractStatus::Terminated.as_str(),
        ]))
        .filter(k::start_date.le(to))
        .filter(k::end_date.ge(from))
        .order((k::mentor_entry_id.asc(), k::start_date.asc(), k::id.asc()))
        .select((k::mentor_entry_id, k::id, k::start_date, k::end_date))
        .load(conn)?;
    let mut latest: Vec<(MentorEntryId, ContractId, NaiveDate, NaiveDate)> = Vec::new();
    for r in rows {
        match latest.last_mut() {
            Some(last) if last.0 == r.0 => *last = r,
            _ => latest.push(r),
        }
    }
    Ok(latest)
}
