//! Reads the spreadsheet exports need and no list has: facts of many people at once, and the
//! year's activities per contract for the statistics. Scoped like the lists they sit beside.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;

use super::AnyConnection;
use super::schema::{activities as a, contracts as k, mentors as m, users};
use crate::domain::ids::{UnitId, UserId};
use crate::domain::profile::Gender;
use crate::domain::scope::Scope;
use crate::error::AppError;

/// What a list shows of a person besides the name.
#[derive(Debug, Clone, Default)]
pub struct PersonFacts {
    pub gender: Option<Gender>,
    pub phone: Option<String>,
    /// 身份证号 (only admins export, and they may see it).
    pub id_number: Option<String>,
    /// 职务.
    pub position: Option<String>,
}

/// The gender, phone, ID number and position of many people at once: `id -> facts` (in
/// batches of ids).
pub fn person_facts(
    conn: &mut AnyConnection,
    ids: &[UserId],
) -> Result<HashMap<UserId, PersonFacts>, AppError> {
    let rows = super::in_chunks(ids, |part| {
        users::table
            .filter(users::id.eq_any(part))
            .select((
                users::id,
                users::gender,
                users::phone,
                users::id_number,
                users::position,
            ))
            .load::<(
                UserId,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
            )>(conn)
    })?;
    Ok(rows
        .into_iter()
        .map(|(id, gender, phone, id_number, position)| {
            let gender = gender.and_then(|g| g.parse().ok());
            (
                id,
                PersonFacts {
                    gender,
                    phone,
                    id_number,
                    position,
                },
            )
        })
        .collect())
}

/// One contract's activities of one kind in a period, summed.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityTally {
    pub unit_id: UnitId,
    pub mentor_user_id: UserId,
    pub certificate_no: String,
    pub kind: String,
    pub activities: i64,
    pub minutes: i64,
}

/// The activities held from `from` to `to` (inclusive), per unit, mentor and kind, within
/// `scope` (a unit's contracts, or the city's); one query, summed here.
pub fn activity_tallies(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
    scope: Scope,
) -> Result<Vec<ActivityTally>, AppError> {
    let mut q = a::table
        .inner_join(k::table.on(k::id.eq(a::contract_id)))
        .inner_join(m::table.on(m::id.eq(k::mentor_entry_id)))
        .filter(a::held_on.ge(from))
        .filter(a::held_on.le(to))
        .into_boxed();
    match scope {
        Scope::City => {}
        Scope::Unit(u) => q = q.filter(k::unit_id.eq(u)),
        Scope::Nothing => return Ok(Vec::new()),
    }
    let rows: Vec<(UnitId, UserId, String, String, i32)> = q
        .select((
            k::unit_id,
            k::mentor_user_id,
            m::certificate_no,
            a::kind,
            a::minutes,
        ))
        .order((
            k::unit_id.asc(),
            k::mentor_user_id.asc(),
            m::certificate_no.asc(),
            a::kind.asc(),
        ))
        .load(conn)?;
    let mut out: Vec<ActivityTally> = Vec::new();
    for (unit_id, mentor_user_id, certificate_no, kind, minutes) in rows {
        match out.last_mut() {
            Some(t)
                if t.unit_id == unit_id
                    && t.mentor_user_id == mentor_user_id
                    && t.certificate_no == certificate_no
                    && t.kind == kind =>
            {
                t.activities += 1;
                t.minutes += i64::from(minutes);
            }
            _ => out.push(ActivityTally {
                unit_id,
                mentor_user_id,
                certificate_no,
                kind,
                activities: 1,
                minutes: i64::from(minutes),
            }),
        }
    }
    Ok(out)
}
