//! The people import (人员: admins, mentors, mentees, with their talent profiles): its columns, the check of each row, and what applying stores.

use crate::db::AnyConnection;
use crate::error::AppError;

use super::ImportContext;
use super::report::RowOutcome;
use super::table::{Column, Table};

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[];

/// Checks every row of `table` and stores what it can, inside the caller's transaction (the
/// runner rolls it back on a dry run or when any row is refused). Placeholder until this kind is
/// written: it refuses to run.
pub fn run(
    _c: &mut AnyConnection,
    _ctx: &ImportContext,
    _table: &Table,
) -> Result<Vec<RowOutcome>, AppError> {
    Err(AppError::NotFound)
}
