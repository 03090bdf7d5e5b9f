//! The people a mentor may choose as mentees when drafting a contract: mentees (accounts not
//! deactivated, not active mentors themselves) in no active contract, with what the choice rests
//! on (their unit and specialty).

use diesel::prelude::*;

use super::schema::{contract_mentees as cm, mentors as m, units, user_roles as ur, users};
use super::{AnyConnection, MultiBackend};
use crate::domain::ids::{UnitId, UserId};
use crate::domain::review::MentorStatus;
use crate::domain::role::Role;
use crate::domain::user::UserStatus;
use crate::error::AppError;

/// One free mentee: id, name, unit, the unit's name, specialty.
pub type CandidateRow = (
    UserId,
    String,
    Option<UnitId>,
    Option<String>,
    Option<String>,
);

/// Mentees in no active contract, by id; the first `limit`; of `unit` or `specialty` when given
/// (either), or only the person `only`.
pub fn free_mentees(
    c: &mut AnyConnection,
    near: Option<(UnitId, Option<&str>)>,
    only: Option<UserId>,
    limit: i64,
) -> Result<Vec<CandidateRow>, AppError> {
    let mut q = users::table
        .left_join(units::table.on(units::id.nullable().eq(users::unit_id)))
        .filter(
            users::id.eq_any(
                ur::table
                    .filter(ur::role.eq(Role::Mentee.as_str()))
                    .select(ur::user_id),
            ),
        )
        .filter(users::status.ne(UserStatus::Deactivated.as_str()))
        .filter(
            users::id.ne_all(
                m::table
                    .filter(m::status.eq(MentorStatus::Active.as_str()))
                    .select(m::user_id),
            ),
        )
        .filter(
            users::id.nullable().ne_all(
                cm::table
                    .filter(cm::active_mentee_lock.is_not_null())
                    .select(cm::active_mentee_lock),
            ),
        )
        .into_boxed::<MultiBackend>();
    match near {
        Some((unit, Some(specialty))) => {
            q = q.filter(
                users::unit_id
                    .eq(unit)
                    .or(users::specialty.eq(specialty.to_owned())),
            );
        }
        Some((unit, None)) => q = q.filter(users::unit_id.eq(unit)),
        None => {}
    }
    if let Some(id) = only {
        q = q.filter(users::id.eq(id));
    }
    Ok(q.order(users::id.asc())
        .limit(limit)
        .select((
            users::id,
            users::name,
            users::unit_id,
            units::name.nullable(),
            users::specialty,
        ))
        .load(c)?)
}
