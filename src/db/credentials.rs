//! The security state of an account: its status, its token version and its password hash. The
//! token version is what lets a logout, a password change, a role or unit change, or a
//! deactivation cut every older token at the next request.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::AnyConnection;
use super::schema::{user_roles, users};
use crate::domain::ids::{UnitId, UserId};
use crate::domain::role::Role;
use crate::domain::user::UserStatus;
use crate::error::AppError;

/// What each request checks against its token: is the account still what the token says?
#[derive(Debug, Clone)]
pub struct AuthRecord {
    pub status: UserStatus,
    pub token_version: i32,
    pub unit_id: Option<UnitId>,
    pub roles: Vec<Role>,
}

/// One query per request: the account's status, token version, unit and roles.
pub fn auth_record(conn: &mut AnyConnection, id: UserId) -> Result<Option<AuthRecord>, AppError> {
    let rows: Vec<(String, i32, Option<i64>, Option<String>)> = users::table
        .left_join(user_roles::table)
        .filter(users::id.eq(id))
        .select((
            users::status,
            users::token_version,
            users::unit_id,
            user_roles::role.nullable(),
        ))
        .load(conn)?;
    let Some((status, token_version, unit_id, _)) = rows.first().cloned() else {
        return Ok(None);
    };
    let mut roles: Vec<Role> = rows
        .into_iter()
        .filter_map(|(_, _, _, r)| r.and_then(|r| r.parse().ok()))
        .collect();
    roles.sort();
    Ok(Some(AuthRecord {
        status: status
            .parse()
            .map_err(|_| AppError::internal(anyhow::anyhow!("bad status in user row {id}")))?,
        token_version,
        unit_id: unit_id.map(UnitId),
        roles,
    }))
}

/// Cuts every token issued so far for this user; returns the new token version.
pub fn bump_token_version(
    conn: &mut AnyConnection,
    id: UserId,
    now: NaiveDateTime,
) -> Result<i32, AppError> {
    Ok(diesel::update(users::table.filter(users::id.eq(id)))
        .set((
            users::token_version.eq(users::token_version + 1),
            users::updated_at.eq(now),
        ))
        .returning(users::token_version)
        .get_result(conn)?)
}

/// Stores a new password hash and cuts every older token; returns the new token version.
pub fn set_password(
    conn: &mut AnyConnection,
    id: UserId,
    hash: &str,
    now: NaiveDateTime,
) -> Result<i32, AppError> {
    diesel::update(users::table.filter(users::id.eq(id)))
        .set(users::password_hash.eq(hash))
        .execute(conn)?;
    bump_token_version(conn, id, now)
}

/// Sets the status and cuts every token issued before.
pub fn set_status(
    conn: &mut AnyConnection,
    id: UserId,
    status: UserStatus,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(users::table.filter(users::id.eq(id)))
        .set(users::status.eq(status.as_str()))
        .execute(conn)?;
    bump_token_version(conn, id, now).map(drop)
}
