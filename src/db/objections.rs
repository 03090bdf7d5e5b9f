//! A mentor's objections to a confirmed unqualified grade (one per confirmation) and the city
//! admin's decisions (their files are in `evidence_files`).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::AnyConnection;
use super::schema::{assessment_objections as o, assessments as a};
use crate::domain::assessment::ObjectionStatus;
use crate::domain::ids::{AssessmentId, AssessmentObjectionId, UnitId, UserId};
use crate::error::AppError;

/// An objection as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Objection {
    #[schema(value_type = i64)]
    pub id: AssessmentObjectionId,
    #[schema(value_type = i64)]
    pub assessment_id: AssessmentId,
    /// Which confirmation of the assessment it answers (1 for the first).
    pub confirmation: i32,
    pub mentor_user_id: UserId,
    pub content: String,
    pub status: ObjectionStatus,
    pub decision_reason: Option<String>,
    pub filed_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = o)]
struct Row {
    id: AssessmentObjectionId,
    assessment_id: AssessmentId,
    confirmation: i32,
    mentor_user_id: UserId,
    content: String,
    status: String,
    decision_reason: Option<String>,
    filed_at: NaiveDateTime,
    decided_at: Option<NaiveDateTime>,
}

impl TryFrom<Row> for Objection {
    type Error = AppError;
    fn try_from(r: Row) -> Result<Self, AppError> {
        Ok(Self {
            id: r.id,
            assessment_id: r.assessment_id,
            confirmation: r.confirmation,
            mentor_user_id: r.mentor_user_id,
            content: r.content,
            status: r
                .status
                .parse()
                .map_err(|_| AppError::internal(anyhow::anyhow!("bad objection row {}", r.id)))?,
            decision_reason: r.decision_reason,
            filed_at: r.filed_at.and_utc(),
            decided_at: r.decided_at.map(|t| t.and_utc()),
        })
    }
}

/// Files an objection; a second one to the same confirmation is a unique violation.
pub fn insert(
    conn: &mut AnyConnection,
    assessment: AssessmentId,
    confirmation: i32,
    mentor: UserId,
    content: &str,
    now: NaiveDateTime,
) -> Result<AssessmentObjectionId, diesel::result::Error> {
    diesel::insert_into(o::table)
        .values((
            o::assessment_id.eq(assessment),
            o::confirmation.eq(confirmation),
            o::mentor_user_id.eq(mentor),
            o::content.eq(content),
            o::status.eq(ObjectionStatus::Pending.as_str()),
            o::filed_at.eq(now),
        ))
        .returning(o::id)
        .get_result(conn)
}

pub fn find(conn: &mut AnyConnection, id: AssessmentObjectionId) -> Result<Objection, AppError> {
    o::table
        .find(id)
        .select(Row::as_select())
        .first(conn)?
        .try_into()
}

/// The objections to an assessment, oldest first.
pub fn of_assessment(
    conn: &mut AnyConnection,
    assessment: AssessmentId,
) -> Result<Vec<Objection>, AppError> {
    o::table
        .filter(o::assessment_id.eq(assessment))
        .order(o::id.asc())
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(TryInto::try_into)
        .collect()
}

/// Objections, optionally of one status and of one unit's mentors, oldest first.
pub fn list(
    conn: &mut AnyConnection,
    status: Option<ObjectionStatus>,
    unit: Option<UnitId>,
) -> Result<Vec<Objection>, AppError> {
    let mut q = o::table.into_boxed();
    if let Some(s) = status {
        q = q.filter(o::status.eq(s.as_str()));
    }
    if let Some(u) = unit {
        q = q.filter(o::assessment_id.eq_any(a::table.filter(a::unit_id.eq(u)).select(a::id)));
    }
    q.order(o::id.asc())
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(TryInto::try_into)
        .collect()
}

/// Decides a pending objection; false when it was decided already.
pub fn decide(
    conn: &mut AnyConnection,
    id: AssessmentObjectionId,
    status: ObjectionStatus,
    reason: &str,
    by: UserId,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        o::table
            .find(id)
            .filter(o::status.eq(ObjectionStatus::Pending.as_str())),
    )
    .set((
        o::status.eq(status.as_str()),
        o::decision_reason.eq(reason),
        o::decided_by.eq(by),
        o::decided_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
