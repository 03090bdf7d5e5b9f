//! The committee: reviewers appointed to a round per category, their scores, and the objections
//! recorded during public notice.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::AnyConnection;
use super::schema::{
    nominations as n, notice_objections as o, review_scores as s, round_reviewers as rr, users,
};
use crate::domain::category::TalentCategory;
use crate::domain::ids::{NominationId, NoticeObjectionId, RoundId, UnitId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::review::{ObjectionOutcome, Recommendation};
use crate::domain::selection::NominationStatus;
use crate::error::AppError;

/// A reviewer's appointment to a round for one category.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewerAssignment {
    pub reviewer_id: UserId,
    pub reviewer_name: String,
    pub category: TalentCategory,
}

pub fn assign(
    conn: &mut AnyConnection,
    round: RoundId,
    reviewer: UserId,
    category: TalentCategory,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let exists: i64 = rr::table
        .filter(rr::round_id.eq(round))
        .filter(rr::reviewer_id.eq(reviewer))
        .filter(rr::category.eq(category.as_str()))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(rr::table)
            .values((
                rr::round_id.eq(round),
                rr::reviewer_id.eq(reviewer),
                rr::category.eq(category.as_str()),
                rr::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A round's reviewer assignments, by reviewer then category.
pub fn assignments(
    conn: &mut AnyConnection,
    round: RoundId,
    page: PageRequest,
) -> Result<Page<ReviewerAssignment>, AppError> {
    let total: i64 = rr::table
        .filter(rr::round_id.eq(round))
        .count()
        .get_result(conn)?;
    let rows: Vec<(UserId, String, String)> = rr::table
        .inner_join(users::table.on(users::id.eq(rr::reviewer_id)))
        .filter(rr::round_id.eq(round))
        .order((rr::reviewer_id.asc(), rr::category.asc()))
        .limit(page.per_page)
        .offset(page.offset())
        .select((rr::reviewer_id, users::name, rr::category))
        .load(conn)?;
    let items = rows
        .into_iter()
        .filter_map(|(id, name, c)| {
            c.parse().ok().map(|category| ReviewerAssignment {
                reviewer_id: id,
                reviewer_name: name,
                category,
            })
        })
        .collect();
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// The categories of a round's nominations in `status` that no reviewer is appointed to, in the
/// order of [`TalentCategory::ALL`].
pub fn categories_without_reviewers(
    conn: &mut AnyConnection,
    round: RoundId,
    status: NominationStatus,
) -> Result<Vec<TalentCategory>, AppError> {
    let nominated: Vec<Option<String>> = n::table
        .filter(n::round_id.eq(round))
        .filter(n::status.eq(status.as_str()))
        .select(n::category)
        .distinct()
        .load(conn)?;
    let reviewed: Vec<String> = rr::table
        .filter(rr::round_id.eq(round))
        .select(rr::category)
        .distinct()
        .load(conn)?;
    Ok(TalentCategory::ALL
        .iter()
        .copied()
        .filter(|c| {
            nominated.iter().any(|n| n.as_deref() == Some(c.as_str()))
                && !reviewed.iter().any(|r| r == c.as_str())
        })
        .collect())
}

/// Nominations assigned to reviewers by category: a nomination joined with the appointments of
/// its round's reviewers to its category.
type Assigned = diesel::dsl::InnerJoinOn<
    n::table,
    rr::table,
    diesel::dsl::And<
        diesel::dsl::Eq<rr::round_id, n::round_id>,
        diesel::dsl::Eq<n::category, diesel::dsl::Nullable<rr::category>>,
    >,
>;

/// The nominations under review that `reviewer` may score: of the categories they are appointed
/// to, never of their own unit, optionally of one round.
fn reviewable(
    reviewer: UserId,
    reviewer_unit: Option<UnitId>,
    round: Option<RoundId>,
) -> diesel::dsl::IntoBoxed<'static, Assigned, super::MultiBackend> {
    let mut q = n::table
        .inner_join(
            rr::table.on(rr::round_id
                .eq(n::round_id)
                .and(n::category.eq(rr::category.nullable()))),
        )
        .into_boxed::<super::MultiBackend>()
        .filter(rr::reviewer_id.eq(reviewer))
        .filter(n::status.eq(NominationStatus::UnderReview.as_str()));
    if let Some(u) = reviewer_unit {
        q = q.filter(n::unit_id.ne(u));
    }
    if let Some(r) = round {
        q = q.filter(n::round_id.eq(r));
    }
    q
}

/// The ids of the nominations [`reviewable`] by `reviewer`.
pub fn reviewable_ids(
    conn: &mut AnyConnection,
    reviewer: UserId,
    reviewer_unit: Option<UnitId>,
    round: Option<RoundId>,
) -> Result<Vec<NominationId>, AppError> {
    Ok(reviewable(reviewer, reviewer_unit, round)
        .order(n::id.asc())
        .select(n::id)
        .distinct()
        .load(conn)?)
}

/// One page of [`reviewable_ids`] and their total. A nomination matches at most one appointment
/// of a reviewer (one category each, and appointments are unique), so rows do not repeat.
pub fn reviewable_page(
    conn: &mut AnyConnection,
    reviewer: UserId,
    reviewer_unit: Option<UnitId>,
    round: Option<RoundId>,
    page: PageRequest,
) -> Result<(Vec<NominationId>, i64), AppError> {
    let filtered = || reviewable(reviewer, reviewer_unit, round);
    let total: i64 = filtered().count().get_result(conn)?;
    let ids = filtered()
        .order(n::id.asc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(n::id)
        .load(conn)?;
    Ok((ids, total))
}

/// One page of a round's nominations in any of `statuses`, oldest first, and their total.
pub fn nomination_page(
    conn: &mut AnyConnection,
    round: RoundId,
    statuses: &[NominationStatus],
    page: PageRequest,
) -> Result<(Vec<NominationId>, i64), AppError> {
    let statuses: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let filtered = || {
        n::table
            .filter(n::round_id.eq(round))
            .filter(n::status.eq_any(statuses.clone()))
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let ids = filtered()
        .order(n::id.asc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(n::id)
        .load(conn)?;
    Ok((ids, total))
}

/// How many reviewers have scored a nomination.
pub fn score_count(conn: &mut AnyConnection, nomination: NominationId) -> Result<i64, AppError> {
    Ok(s::table
        .filter(s::nomination_id.eq(nomination))
        .count()
        .get_result(conn)?)
}

/// A decision taken below the round's minimum of scores, and why (city admins only).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScoreException {
    /// The city admin's reason for deciding without the required scores.
    pub reason: String,
    /// The scores the nomination had when it was decided.
    pub scores_at_decision: i32,
}

/// Keeps (or, for a decision that needed none, clears) the exception of a nomination's current
/// decision.
pub fn set_score_exception(
    conn: &mut AnyConnection,
    nomination: NominationId,
    exception: Option<&ScoreException>,
) -> Result<(), AppError> {
    diesel::update(n::table.filter(n::id.eq(nomination)))
        .set((
            n::score_exception_reason.eq(exception.map(|e| e.reason.as_str())),
            n::score_exception_scores.eq(exception.map(|e| e.scores_at_decision)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The exceptions of the given nominations' current decisions.
pub fn score_exceptions(
    conn: &mut AnyConnection,
    nominations: &[NominationId],
) -> Result<Vec<(NominationId, ScoreException)>, AppError> {
    let rows: Vec<(NominationId, Option<String>, Option<i32>)> = n::table
        .filter(n::id.eq_any(nominations))
        .filter(n::score_exception_reason.is_not_null())
        .select((n::id, n::score_exception_reason, n::score_exception_scores))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, reason, scores)| {
            Some((
                id,
                ScoreException {
                    reason: reason?,
                    scores_at_decision: scores.unwrap_or(0),
                },
            ))
        })
        .collect())
}

/// A reviewer's score of one nomination.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Score {
    pub nomination_id: NominationId,
    pub reviewer_id: UserId,
    pub score: i32,
    pub recommendation: Recommendation,
    pub comment: Option<String>,
    pub updated_at: DateTime<Utc>,
}

type ScoreRow = (
    NominationId,
    UserId,
    i32,
    String,
    Option<String>,
    NaiveDateTime,
);

fn score_of(r: ScoreRow) -> Option<Score> {
    Some(Score {
        nomination_id: r.0,
        reviewer_id: r.1,
        score: r.2,
        recommendation: r.3.parse().ok()?,
        comment: r.4,
        updated_at: r.5.and_utc(),
    })
}

/// Stores or replaces a reviewer's score.
pub fn upsert_score(
    conn: &mut AnyConnection,
    nomination: NominationId,
    reviewer: UserId,
    score: i32,
    recommendation: Recommendation,
    comment: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let updated = diesel::update(
        s::table
            .filter(s::nomination_id.eq(nomination))
            .filter(s::reviewer_id.eq(reviewer)),
    )
    .set((
        s::score.eq(score),
        s::recommendation.eq(recommendation.as_str()),
        s::comment.eq(comment),
        s::updated_at.eq(now),
    ))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(s::table)
            .values((
                s::nomination_id.eq(nomination),
                s::reviewer_id.eq(reviewer),
                s::score.eq(score),
                s::recommendation.eq(recommendation.as_str()),
                s::comment.eq(comment),
                s::created_at.eq(now),
                s::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Every score of the given nominations.
pub fn scores(
    conn: &mut AnyConnection,
    nominations: &[NominationId],
) -> Result<Vec<Score>, AppError> {
    let rows: Vec<ScoreRow> = s::table
        .filter(s::nomination_id.eq_any(nominations))
        .order((s::nomination_id.asc(), s::reviewer_id.asc()))
        .select((
            s::nomination_id,
            s::reviewer_id,
            s::score,
            s::recommendation,
            s::comment,
            s::updated_at,
        ))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(score_of).collect())
}

/// An objection recorded during public notice.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = NoticeObjection)]
pub struct Objection {
    #[schema(value_type = i64)]
    pub id: NoticeObjectionId,
    pub nomination_id: NominationId,
    pub content: String,
    pub outcome: Option<ObjectionOutcome>,
    pub outcome_reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

type ObjectionRow = (
    NoticeObjectionId,
    NominationId,
    String,
    Option<String>,
    Option<String>,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

fn objection_of(r: ObjectionRow) -> Objection {
    Objection {
        id: r.0,
        nomination_id: r.1,
        content: r.2,
        outcome: r.3.and_then(|o| o.parse().ok()),
        outcome_reason: r.4,
        recorded_at: r.5.and_utc(),
        decided_at: r.6.map(|t| t.and_utc()),
    }
}

fn objection_columns() -> (
    o::id,
    o::nomination_id,
    o::content,
    o::outcome,
    o::outcome_reason,
    o::recorded_at,
    o::decided_at,
) {
    (
        o::id,
        o::nomination_id,
        o::content,
        o::outcome,
        o::outcome_reason,
        o::recorded_at,
        o::decided_at,
    )
}

pub fn record_objection(
    conn: &mut AnyConnection,
    nomination: NominationId,
    content: &str,
    by: UserId,
    now: NaiveDateTime,
) -> Result<Objection, AppError> {
    let id: NoticeObjectionId = diesel::insert_into(o::table)
        .values((
            o::nomination_id.eq(nomination),
            o::content.eq(content),
            o::recorded_by.eq(by),
            o::recorded_at.eq(now),
        ))
        .returning(o::id)
        .get_result(conn)?;
    objection(conn, id)
}

pub fn objection(conn: &mut AnyConnection, id: NoticeObjectionId) -> Result<Objection, AppError> {
    Ok(objection_of(
        o::table.find(id).select(objection_columns()).first(conn)?,
    ))
}

pub fn decide_objection(
    conn: &mut AnyConnection,
    id: NoticeObjectionId,
    outcome: ObjectionOutcome,
    reason: &str,
    now: NaiveDateTime,
) -> Result<Objection, AppError> {
    diesel::update(o::table.filter(o::id.eq(id)))
        .set((
            o::outcome.eq(outcome.as_str()),
            o::outcome_reason.eq(reason),
            o::decided_at.eq(now),
        ))
        .execute(conn)?;
    objection(conn, id)
}

/// Objections of a round's nominations still waiting for an outcome.
pub fn pending_objections(conn: &mut AnyConnection, round: RoundId) -> Result<i64, AppError> {
    Ok(o::table
        .inner_join(n::table.on(n::id.eq(o::nomination_id)))
        .filter(n::round_id.eq(round))
        .filter(o::outcome.is_null())
        .count()
        .get_result(conn)?)
}

pub fn objections_of(
    conn: &mut AnyConnection,
    nominations: &[NominationId],
) -> Result<Vec<Objection>, AppError> {
    let rows: Vec<ObjectionRow> = o::table
        .filter(o::nomination_id.eq_any(nominations))
        .order(o::id.asc())
        .select(objection_columns())
        .load(conn)?;
    Ok(rows.into_iter().map(objection_of).collect())
}
