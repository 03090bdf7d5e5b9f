//! What the city admin's reminders and weekly digest report, read across the whole program:
//! objection windows that passed, revocations carried out, rounds and their deadlines,
//! assessments outstanding, objections and benefit applications waiting, dead e-mails. These
//! are the city's reports, so no query here takes a narrower scope.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::AnyConnection;
use super::schema::{
    assessment_objections as ao, assessment_rounds as ar, assessments as a, benefits as b,
    email_outbox as o, mentors as m, notice_objections as no, selection_rounds as sr, units as u,
};
use crate::domain::assessment::{
    AssessmentKind, AssessmentStatus, Consequence, Grade, ObjectionStatus,
};
use crate::domain::benefit::{BenefitKind, BenefitStatus};
use crate::domain::ids::{AssessmentId, AssessmentRoundId, UnitId, UserId};
use crate::domain::selection::RoundStatus;
use crate::error::AppError;

/// The names of every unit: `id -> name`.
pub fn unit_names(conn: &mut AnyConnection) -> Result<HashMap<UnitId, String>, AppError> {
    Ok(u::table
        .select((u::id, u::name))
        .load::<(UnitId, String)>(conn)?
        .into_iter()
        .collect())
}

/// `(assessment, mentor, unit, year, window's last day, consequence, confirmations)`.
type WindowColumns = (
    AssessmentId,
    UserId,
    UnitId,
    i32,
    Option<NaiveDate>,
    Option<String>,
    i32,
);

/// A selection round: `(name, status, nomination deadline, notice's last day)`.
pub type RoundColumns = (String, String, NaiveDate, Option<NaiveDate>);

/// A confirmed unqualified grade whose objection window passed.
#[derive(Debug, Clone)]
pub struct PassedWindowRow {
    pub mentor_user_id: UserId,
    pub unit_id: UnitId,
    pub year: i32,
    pub deadline: NaiveDate,
    /// What followed, once the revocation job acted.
    pub consequence: Option<String>,
    /// An objection to this confirmation waits for the city's decision.
    pub objection_pending: bool,
}

/// Confirmed unqualified grades whose window's last day is in `[from, before)`: their window
/// passed at the start of the day after it.
pub fn windows_passed(
    conn: &mut AnyConnection,
    from: NaiveDate,
    before: NaiveDate,
) -> Result<Vec<PassedWindowRow>, AppError> {
    let rows: Vec<WindowColumns> = a::table
        .inner_join(ar::table)
        .filter(a::grade.eq(Grade::Unqualified.as_str()))
        .filter(a::status.eq(AssessmentStatus::Confirmed.as_str()))
        .filter(a::objection_deadline.ge(from))
        .filter(a::objection_deadline.lt(before))
        .order((a::objection_deadline.asc(), a::id.asc()))
        .select((
            a::id,
            a::mentor_user_id,
            a::unit_id,
            ar::year,
            a::objection_deadline,
            a::consequence,
            a::confirmations,
        ))
        .load(conn)?;
    let ids: Vec<AssessmentId> = rows.iter().map(|r| r.0).collect();
    let pending: Vec<(AssessmentId, i32)> = super::in_chunks(&ids, |part| {
        ao::table
            .filter(ao::assessment_id.eq_any(part))
            .filter(ao::status.eq(ObjectionStatus::Pending.as_str()))
            .select((ao::assessment_id, ao::confirmation))
            .load(conn)
    })?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, user, unit, year, deadline, consequence, confirmations)| {
                Some(PassedWindowRow {
                    mentor_user_id: user,
                    unit_id: unit,
                    year,
                    deadline: deadline?,
                    consequence,
                    objection_pending: pending.contains(&(id, confirmations)),
                })
            },
        )
        .collect())
}

/// A revocation carried out.
#[derive(Debug, Clone)]
pub struct RevocationRow {
    pub mentor_user_id: UserId,
    pub unit_id: UnitId,
    pub certificate_no: String,
    pub revoked_on: Option<NaiveDate>,
}

/// The revocations the `revoke_unqualified` job carried out in `(after, until]`, in order.
pub fn revocations_between(
    conn: &mut AnyConnection,
    after: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Vec<RevocationRow>, AppError> {
    Ok(a::table
        .inner_join(m::table.on(m::id.eq(a::mentor_entry_id)))
        .filter(a::consequence.eq(Consequence::Revoked.as_str()))
        .filter(a::consequence_at.gt(after))
        .filter(a::consequence_at.le(until))
        .order((a::consequence_at.asc(), a::id.asc()))
        .select((
            a::mentor_user_id,
            a::unit_id,
            m::certificate_no,
            m::revoked_on,
        ))
        .load::<(UserId, UnitId, String, Option<NaiveDate>)>(conn)?
        .into_iter()
        .map(
            |(mentor_user_id, unit_id, certificate_no, revoked_on)| RevocationRow {
                mentor_user_id,
                unit_id,
                certificate_no,
                revoked_on,
            },
        )
        .collect())
}

/// When the last e-mail of `template` was queued (to anyone), if ever.
pub fn last_queued(
    conn: &mut AnyConnection,
    template: &str,
) -> Result<Option<NaiveDateTime>, AppError> {
    Ok(o::table
        .filter(o::template.eq(template))
        .select(diesel::dsl::max(o::created_at))
        .first::<Option<NaiveDateTime>>(conn)?)
}

/// The selection rounds not yet closed.
pub fn open_selection_rounds(conn: &mut AnyConnection) -> Result<Vec<RoundColumns>, AppError> {
    Ok(sr::table
        .filter(sr::status.ne(RoundStatus::Closed.as_str()))
        .order(sr::id.asc())
        .select((
            sr::name,
            sr::status,
            sr::nomination_deadline,
            sr::notice_ends_on,
        ))
        .load(conn)?)
}

/// An assessment round and its outstanding assessments per unit.
#[derive(Debug, Clone)]
pub struct RoundOutstanding {
    pub year: i32,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// `(unit, count)`, by unit id.
    pub by_unit: Vec<(UnitId, i64)>,
}

/// Assessment rounds whose window has not closed by `today`, or that still have assessments to
/// hand in: annual ones not submitted, and follow-ups whose rectification period is over.
pub fn assessment_rounds_outstanding(
    conn: &mut AnyConnection,
    today: NaiveDate,
) -> Result<Vec<RoundOutstanding>, AppError> {
    let rounds: Vec<(AssessmentRoundId, i32, NaiveDate, NaiveDate)> = ar::table
        .order(ar::year.asc())
        .select((ar::id, ar::year, ar::opens_on, ar::closes_on))
        .load(conn)?;
    let waiting: Vec<(AssessmentRoundId, UnitId, String, NaiveDate)> = a::table
        .filter(a::status.eq_any([
            AssessmentStatus::Draft.as_str(),
            AssessmentStatus::Returned.as_str(),
        ]))
        .select((a::round_id, a::unit_id, a::kind, a::period_to))
        .load(conn)?;
    let mut counts: HashMap<(AssessmentRoundId, UnitId), i64> = HashMap::new();
    for (round, unit, kind, period_to) in waiting {
        let due = kind == AssessmentKind::Annual.as_str() || period_to <= today;
        if due {
            *counts.entry((round, unit)).or_default() += 1;
        }
    }
    Ok(rounds
        .into_iter()
        .filter_map(|(id, year, opens_on, closes_on)| {
            let mut by_unit: Vec<(UnitId, i64)> = counts
                .iter()
                .filter(|((r, _), _)| *r == id)
                .map(|((_, unit), n)| (*unit, *n))
                .collect();
            by_unit.sort();
            (closes_on >= today || !by_unit.is_empty()).then_some(RoundOutstanding {
                year,
                opens_on,
                closes_on,
                by_unit,
            })
        })
        .collect())
}

/// Objections waiting for the city's decision: `(on a public notice, on an assessment)`.
pub fn objections_pending(conn: &mut AnyConnection) -> Result<(i64, i64), AppError> {
    let notice: i64 = no::table
        .filter(no::outcome.is_null())
        .count()
        .get_result(conn)?;
    let assessment: i64 = ao::table
        .filter(ao::status.eq(ObjectionStatus::Pending.as_str()))
        .count()
        .get_result(conn)?;
    Ok((notice, assessment))
}

/// Benefit applications waiting for a decision, per kind.
pub fn applications_waiting(conn: &mut AnyConnection) -> Result<Vec<(BenefitKind, i64)>, AppError> {
    let kinds: Vec<String> = b::table
        .filter(b::status.eq(BenefitStatus::Applied.as_str()))
        .select(b::kind)
        .load(conn)?;
    Ok(BenefitKind::ALL
        .iter()
        .map(|k| (*k, kinds.iter().filter(|x| *x == k.as_str()).count() as i64))
        .filter(|(_, n)| *n > 0)
        .collect())
}

/// E-mails that could not be delivered.
pub fn dead_emails(conn: &mut AnyConnection) -> Result<i64, AppError> {
    Ok(o::table
        .filter(o::status.eq("dead"))
        .count()
        .get_result(conn)?)
}
