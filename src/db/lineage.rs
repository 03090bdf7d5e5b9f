//! The queries behind lineage (传承) and the admin lists of people still without a contract or a
//! mentor.

use diesel::prelude::*;

use super::schema::{
    contract_mentees as cm, contracts as k, mentors as m, user_roles as ur, users,
};
use super::{AnyConnection, MultiBackend};
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{UnitId, UserId};
use crate::domain::review::MentorStatus;
use crate::domain::role::Role;
use crate::domain::user::UserStatus;
use crate::error::AppError;

/// People (id, name) who were in a contract of this mentor that took effect (active, completed,
/// terminated).
pub fn trained_by(
    c: &mut AnyConnection,
    mentor: UserId,
) -> Result<Vec<(UserId, String)>, AppError> {
    Ok(cm::table
        .inner_join(k::table.on(k::id.eq(cm::contract_id)))
        .inner_join(users::table.on(users::id.eq(cm::mentee_user_id)))
        .filter(k::mentor_user_id.eq(mentor))
        .filter(k::status.ne_all([
            ContractStatus::Draft.as_str(),
            ContractStatus::PendingSignatures.as_str(),
        ]))
        .select((cm::mentee_user_id, users::name))
        .distinct()
        .order(cm::mentee_user_id.asc())
        .load(c)?)
}

/// Whether the person has ever been appointed a mentor.
pub fn ever_mentor(c: &mut AnyConnection, user: UserId) -> Result<bool, AppError> {
    let n: i64 = m::table.filter(m::user_id.eq(user)).count().get_result(c)?;
    Ok(n > 0)
}

/// Active mentors (user id, name, unit) with no active contract, in the unit or all.
pub fn mentors_without_contract(
    c: &mut AnyConnection,
    unit: Option<UnitId>,
) -> Result<Vec<(UserId, String, UnitId)>, AppError> {
    let mut q = m::table
        .inner_join(users::table.on(users::id.eq(m::user_id)))
        .filter(m::status.eq(MentorStatus::Active.as_str()))
        .filter(
            m::user_id.nullable().ne_all(
                k::table
                    .filter(k::active_mentor_lock.is_not_null())
                    .select(k::active_mentor_lock),
            ),
        )
        .into_boxed::<MultiBackend>();
    if let Some(u) = unit {
        q = q.filter(m::unit_id.eq(u));
    }
    Ok(q.order(m::user_id.asc())
        .select((m::user_id, users::name, m::unit_id))
        .load(c)?)
}

/// Mentees (user id, name, unit; accounts not deactivated, not active mentors themselves) in no
/// active contract, in the unit or all; the first 1,000.
pub fn mentees_without_mentor(
    c: &mut AnyConnection,
    unit: Option<UnitId>,
) -> Result<Vec<(UserId, String, Option<UnitId>)>, AppError> {
    let mut q = users::table
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
    if let Some(u) = unit {
        q = q.filter(users::unit_id.eq(u));
    }
    Ok(q.order(users::id.asc())
        .limit(1000)
        .select((users::id, users::name, users::unit_id))
        .load(c)?)
}
