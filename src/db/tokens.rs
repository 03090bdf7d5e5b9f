//! Account tokens (invitation, password reset): stored as a nonce and a hash, used once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::AnyConnection;
use super::schema::account_tokens as t;
use crate::domain::ids::{TokenId, UserId};
use crate::error::AppError;

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Invitation,
    PasswordReset,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::PasswordReset => "password_reset",
        }
    }
}

/// A stored token.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct TokenRow {
    pub id: TokenId,
    pub user_id: UserId,
    pub purpose: String,
    pub nonce: String,
    pub token_hash: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// Stores a new token; returns its id.
pub fn insert(
    conn: &mut AnyConnection,
    user: UserId,
    purpose: Purpose,
    nonce: &str,
    token_hash: &str,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<TokenId, AppError> {
    Ok(diesel::insert_into(t::table)
        .values((
            t::user_id.eq(user),
            t::purpose.eq(purpose.as_str()),
            t::nonce.eq(nonce),
            t::token_hash.eq(token_hash),
            t::expires_at.eq(expires_at),
            t::created_at.eq(now),
        ))
        .returning(t::id)
        .get_result(conn)?)
}

/// The token with this hash and purpose, used or not.
pub fn find(
    conn: &mut AnyConnection,
    token_hash: &str,
    purpose: Purpose,
) -> Result<Option<TokenRow>, AppError> {
    Ok(t::table
        .filter(t::token_hash.eq(token_hash))
        .filter(t::purpose.eq(purpose.as_str()))
        .select(TokenRow::as_select())
        .first(conn)
        .optional()?)
}

/// When the user's newest token for a purpose was made (used, revoked or not): the reset request
/// asks it, so that one address gets at most one reset e-mail per interval, across instances.
pub fn newest_created_at(
    conn: &mut AnyConnection,
    user: UserId,
    purpose: Purpose,
) -> Result<Option<NaiveDateTime>, AppError> {
    Ok(t::table
        .filter(t::user_id.eq(user))
        .filter(t::purpose.eq(purpose.as_str()))
        .select(diesel::dsl::max(t::created_at))
        .first::<Option<NaiveDateTime>>(conn)?)
}

/// Marks the token used; false if it already was (a concurrent use).
pub fn mark_used(
    conn: &mut AnyConnection,
    id: TokenId,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(t::table.filter(t::id.eq(id)).filter(t::used_at.is_null()))
        .set(t::used_at.eq(now))
        .execute(conn)?;
    Ok(n == 1)
}

/// Ends every unused token of a user for a purpose (a new one replaces them).
pub fn revoke_unused(
    conn: &mut AnyConnection,
    user: UserId,
    purpose: Purpose,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    Ok(diesel::update(
        t::table
            .filter(t::user_id.eq(user))
            .filter(t::purpose.eq(purpose.as_str()))
            .filter(t::used_at.is_null()),
    )
    .set(t::used_at.eq(now))
    .execute(conn)?)
}

/// Deletes tokens that expired or were used before `cutoff`; returns how many.
pub fn purge(conn: &mut AnyConnection, cutoff: NaiveDateTime) -> Result<usize, AppError> {
    Ok(
        diesel::delete(t::table.filter(t::expires_at.lt(cutoff).or(t::used_at.lt(cutoff))))
            .execute(conn)?,
    )
}
