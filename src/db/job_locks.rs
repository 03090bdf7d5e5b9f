//! PostgreSQL advisory locks, which keep two instances on one database from running a job
//! together (a lock is held by the connection that took it), and order the instances that claim
//! one tick of a job's timer.

use diesel::sql_types::{BigInt, Bool};
use diesel::{QueryableByName, RunQueryDsl, sql_query};

use super::AnyConnection;
use crate::error::AppError;

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// Takes the advisory lock `key` on this (PostgreSQL) connection; false if another holds it.
pub fn try_lock(conn: &mut AnyConnection, key: i64) -> Result<bool, AppError> {
    let row: Locked = sql_query("SELECT pg_try_advisory_lock($1) AS locked")
        .bind::<BigInt, _>(key)
        .get_result(conn)?;
    Ok(row.locked)
}

/// Gives the advisory lock `key` back.
pub fn unlock(conn: &mut AnyConnection, key: i64) -> Result<(), AppError> {
    sql_query("SELECT pg_advisory_unlock($1) AS locked")
        .bind::<BigInt, _>(key)
        .get_result::<Locked>(conn)?;
    Ok(())
}

/// Takes the transaction lock `key` on PostgreSQL, waiting for another instance's transaction that
/// holds it; it ends with the transaction. SQLite needs none: its write transactions (`BEGIN
/// IMMEDIATE`) already run one at a time, across processes too.
pub fn lock_tick(conn: &mut AnyConnection, key: i64) -> Result<(), AppError> {
    if let AnyConnection::Postgresql(c) = conn {
        sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<BigInt, _>(key)
            .execute(c)?;
    }
    Ok(())
}
