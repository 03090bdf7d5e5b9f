//! The evidence files of every owner kind (nominations, activities, objections) in one table; the
//! bytes live under `storage.files_dir` by content hash. Every query is scoped by the owner, so a
//! file asked for under another owner is not found.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::schema::evidence_files as f;
use super::{AnyConnection, Backend};
use crate::domain::evidence::{Owner, OwnerKind};
use crate::domain::ids::{ActivityId, AssessmentObjectionId, EvidenceFileId, NominationId, UserId};
use crate::error::AppError;

/// An evidence file as the API shows it: its owner's id comes under the owner kind's name
/// (`nomination_id`, `activity_id` or `objection_id`), the others are left out.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceFile {
    #[schema(value_type = i64)]
    pub id: EvidenceFileId,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i64>)]
    pub nomination_id: Option<NominationId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i64>)]
    pub activity_id: Option<ActivityId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i64>)]
    pub objection_id: Option<AssessmentObjectionId>,
    /// Hex SHA-256 of the content (also its storage name).
    pub sha256: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    #[schema(value_type = i64)]
    pub uploaded_by: UserId,
    #[schema(value_type = String)]
    pub uploaded_at: NaiveDateTime,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = f)]
struct Row {
    id: EvidenceFileId,
    /// Generic over the owner kinds (see [`Owner::id`]).
    owner_id: i64,
    sha256: String,
    file_name: String,
    content_type: String,
    size_bytes: i64,
    uploaded_by: UserId,
    uploaded_at: NaiveDateTime,
}

impl Row {
    fn shown(self, kind: OwnerKind) -> EvidenceFile {
        let owner = |k: OwnerKind| (k == kind).then_some(self.owner_id);
        EvidenceFile {
            id: self.id,
            nomination_id: owner(OwnerKind::Nomination).map(NominationId),
            activity_id: owner(OwnerKind::Activity).map(ActivityId),
            objection_id: owner(OwnerKind::Objection).map(AssessmentObjectionId),
            sha256: self.sha256,
            file_name: self.file_name,
            content_type: self.content_type,
            size_bytes: self.size_bytes,
            uploaded_by: self.uploaded_by,
            uploaded_at: self.uploaded_at,
        }
    }
}

/// A file to record against an owner (the owner is given apart).
pub struct NewFile<'a> {
    pub sha256: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub uploaded_by: UserId,
}

/// Records a file against `owner`, in the caller's write transaction. The id is the next above
/// every kind's (files kept their old per-kind ids when the tables were joined); on PostgreSQL the
/// table is locked against other inserts until the transaction ends, SQLite's writer is alone.
pub fn insert(
    conn: &mut AnyConnection,
    owner: Owner,
    new: NewFile<'_>,
    now: NaiveDateTime,
) -> Result<EvidenceFile, AppError> {
    if backend(conn) == Backend::Postgres {
        diesel::sql_query("LOCK TABLE evidence_files IN SHARE ROW EXCLUSIVE MODE").execute(conn)?;
    }
    let last: Option<i64> = f::table.select(diesel::dsl::max(f::id)).first(conn)?;
    let id = EvidenceFileId(last.unwrap_or(0) + 1);
    diesel::insert_into(f::table)
        .values((
            f::owner_kind.eq(owner.kind.as_str()),
            f::id.eq(id),
            f::owner_id.eq(owner.id),
            f::sha256.eq(new.sha256),
            f::file_name.eq(new.file_name),
            f::content_type.eq(new.content_type),
            f::size_bytes.eq(new.size),
            f::uploaded_by.eq(new.uploaded_by),
            f::uploaded_at.eq(now),
        ))
        .execute(conn)?;
    find(conn, owner, id)
}

fn backend(conn: &AnyConnection) -> Backend {
    match conn {
        AnyConnection::Sqlite(_) => Backend::Sqlite,
        AnyConnection::Postgresql(_) => Backend::Postgres,
    }
}

/// The files of `owner`, oldest first.
pub fn list(conn: &mut AnyConnection, owner: Owner) -> Result<Vec<EvidenceFile>, AppError> {
    let rows: Vec<Row> = f::table
        .filter(f::owner_kind.eq(owner.kind.as_str()))
        .filter(f::owner_id.eq(owner.id))
        .order(f::id.asc())
        .select(Row::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(|r| r.shown(owner.kind)).collect())
}

/// One file of `owner`; a file of another owner is not found.
pub fn find(
    conn: &mut AnyConnection,
    owner: Owner,
    id: EvidenceFileId,
) -> Result<EvidenceFile, AppError> {
    let row: Row = f::table
        .filter(f::owner_kind.eq(owner.kind.as_str()))
        .filter(f::owner_id.eq(owner.id))
        .filter(f::id.eq(id))
        .select(Row::as_select())
        .first(conn)?;
    Ok(row.shown(owner.kind))
}
