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

/// A file to record against a nomination or an activity (the owner is given apart).
pub struct NewFile<'a> {
    pub sha256: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub uploaded_by: UserId,
}

pub fn insert_file(
    conn: &mut AnyConnection,
    nomination: NominationId,
    new: NewFile<'_>,
    now: NaiveDateTime,
) -> Result<EvidenceFile, AppError> {
    let id: i64 = diesel::insert_into(f::table)
        .values((
            f::nomination_id.eq(nomination.0),
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

/// An evidence file of a logged activity, as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityFile {
    pub id: i64,
    pub activity_id: i64,
    /// Hex SHA-256 of the content (also its storage name).
    pub sha256: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_by: i64,
    #[schema(value_type = String)]
    pub uploaded_at: NaiveDateTime,
}

/// Records a file against a logged activity.
pub fn insert_activity_file(
    conn: &mut AnyConnection,
    activity: i64,
    new: NewFile<'_>,
    now: NaiveDateTime,
) -> Result<ActivityFile, AppError> {
    use super::schema::activity_files as af;
    let id: i64 = diesel::insert_into(af::table)
        .values((
            af::activity_id.eq(activity),
            af::sha256.eq(new.sha256),
            af::file_name.eq(new.file_name),
            af::content_type.eq(new.content_type),
            af::size_bytes.eq(new.size),
            af::uploaded_by.eq(new.uploaded_by.0),
            af::uploaded_at.eq(now),
        ))
        .returning(af::id)
        .get_result(conn)?;
    activity_file(conn, activity, id)
}

type FileRow = (i64, i64, String, String, String, i64, i64, NaiveDateTime);

fn file_of(r: FileRow) -> ActivityFile {
    ActivityFile {
        id: r.0,
        activity_id: r.1,
        sha256: r.2,
        file_name: r.3,
        content_type: r.4,
        size_bytes: r.5,
        uploaded_by: r.6,
        uploaded_at: r.7,
    }
}

/// The files of an activity.
pub fn activity_files(
    conn: &mut AnyConnection,
    activity: i64,
) -> Result<Vec<ActivityFile>, AppError> {
    use super::schema::activity_files as af;
    let rows: Vec<FileRow> = af::table
        .filter(af::activity_id.eq(activity))
        .order(af::id.asc())
        .select((
            af::id,
            af::activity_id,
            af::sha256,
            af::file_name,
            af::content_type,
            af::size_bytes,
            af::uploaded_by,
            af::uploaded_at,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(file_of).collect())
}

/// One file of an activity.
pub fn activity_file(
    conn: &mut AnyConnection,
    activity: i64,
    id: i64,
) -> Result<ActivityFile, AppError> {
    use super::schema::activity_files as af;
    let row: FileRow = af::table
        .filter(af::activity_id.eq(activity))
        .filter(af::id.eq(id))
        .select((
            af::id,
            af::activity_id,
            af::sha256,
            af::file_name,
            af::content_type,
            af::size_bytes,
            af::uploaded_by,
            af::uploaded_at,
        ))
        .first(conn)?;
    Ok(file_of(row))
}
