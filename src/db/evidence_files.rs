//! The evidence files recorded against nominations (the bytes live under `storage.files_dir`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::AnyConnection;
use super::schema::nomination_files as f;
use crate::domain::ids::{NominationId, UserId};
use crate::error::AppError;

/// An evidence file as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema, Queryable, Selectable)]
#[diesel(table_name = f)]
pub struct EvidenceFile {
    pub id: i64,
    pub nomination_id: i64,
    /// Hex SHA-256 of the content (also its storage name).
    pub sha256: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_by: i64,
    #[schema(value_type = String)]
    pub uploaded_at: NaiveDateTime,
}

/// A file to record against a nomination.
pub struct NewFile<'a> {
    pub nomination: NominationId,
    pub sha256: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub uploaded_by: UserId,
}

pub fn insert_file(
    conn: &mut AnyConnection,
    new: NewFile<'_>,
    now: NaiveDateTime,
) -> Result<EvidenceFile, AppError> {
    let id: i64 = diesel::insert_into(f::table)
        .values((
            f::nomination_id.eq(new.nomination.0),
            f::sha256.eq(new.sha256),
            f::file_name.eq(new.file_name),
            f::content_type.eq(new.content_type),
            f::size_bytes.eq(new.size),
            f::uploaded_by.eq(new.uploaded_by.0),
            f::uploaded_at.eq(now),
        ))
        .returning(f::id)
        .get_result(conn)?;
    Ok(f::table
        .find(id)
        .select(EvidenceFile::as_select())
        .first(conn)?)
}

pub fn files(
    conn: &mut AnyConnection,
    nomination: NominationId,
) -> Result<Vec<EvidenceFile>, AppError> {
    Ok(f::table
        .filter(f::nomination_id.eq(nomination.0))
        .order(f::id.asc())
        .select(EvidenceFile::as_select())
        .load(conn)?)
}

pub fn file(
    conn: &mut AnyConnection,
    nomination: NominationId,
    id: i64,
) -> Result<EvidenceFile, AppError> {
    Ok(f::table
        .filter(f::nomination_id.eq(nomination.0))
        .filter(f::id.eq(id))
        .select(EvidenceFile::as_select())
        .first(conn)?)
}
