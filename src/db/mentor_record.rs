//! The reads behind a mentor's own record pages that no other query gives: every pool entry of one
//! person (the appointment page shows past terms beside the current one), and the facts a lineage
//! shows beside each name (the person's unit, the years they were trained, the day they were first
//! appointed).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::AnyConnection;
use super::schema::{contract_mentees as cm, contracts as k, mentors as m, units, users};
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{MentorEntryId, UserId};
use crate::error::AppError;

/// The pool entries of one person, the newest appointment first.
pub fn entries_of(c: &mut AnyConnection, user: UserId) -> Result<Vec<MentorEntryId>, AppError> {
    Ok(m::table
        .filter(m::user_id.eq(user))
        .order((m::appointed_on.desc(), m::id.desc()))
        .select(m::id)
        .load(c)?)
}

/// The name of each person's unit (people without a unit are left out).
pub fn unit_names(
    c: &mut AnyConnection,
    people: &[UserId],
) -> Result<HashMap<UserId, String>, AppError> {
    let rows: Vec<(UserId, String)> = users::table
        .inner_join(units::table.on(users::unit_id.eq(units::id.nullable())))
        .filter(users::id.eq_any(people))
        .select((users::id, units::name))
        .load(c)?;
    Ok(rows.into_iter().collect())
}

/// The first day each person was appointed a mentor (people never appointed are left out).
pub fn first_appointed(
    c: &mut AnyConnection,
    people: &[UserId],
) -> Result<HashMap<UserId, NaiveDate>, AppError> {
    let rows: Vec<(UserId, NaiveDate)> = m::table
        .filter(m::user_id.eq_any(people))
        .select((m::user_id, m::appointed_on))
        .load(c)?;
    let mut out: HashMap<UserId, NaiveDate> = HashMap::new();
    for (u, d) in rows {
        out.entry(u).and_modify(|x| *x = (*x).min(d)).or_insert(d);
    }
    Ok(out)
}

/// The years (first start, last end) of the contracts that took effect between `mentor` and each
/// of their mentees, by mentee: the same contracts `lineage::trained_by` counts. A contract that
/// ended early ends in the year it ended.
pub fn trained_years(
    c: &mut AnyConnection,
    mentor: UserId,
) -> Result<HashMap<UserId, (i32, i32)>, AppError> {
    let rows: Vec<(UserId, NaiveDate, NaiveDate, Option<NaiveDateTime>)> = cm::table
        .inner_join(k::table.on(k::id.eq(cm::contract_id)))
        .filter(k::mentor_user_id.eq(mentor))
        .filter(k::status.ne_all([
            ContractStatus::Draft.as_str(),
            ContractStatus::PendingSignatures.as_str(),
        ]))
        .select((cm::mentee_user_id, k::start_date, k::end_date, k::ended_at))
        .load(c)?;
    let mut out: HashMap<UserId, (i32, i32)> = HashMap::new();
    for (u, from, to, ended) in rows {
        let last = ended.map_or(to, |e| e.date().min(to));
        let (a, b) = (from.year(), last.year().max(from.year()));
        out.entry(u)
            .and_modify(|x| *x = (x.0.min(a), x.1.max(b)))
            .or_insert((a, b));
    }
    Ok(out)
}
