//! Assessment rounds and assessments. Who may see an assessment is part of every read: the city,
//! the admins of the mentor's unit, and the mentor once it has been confirmed.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::schema::{
    activities as act, assessment_rounds as ar, assessments as a, mentors as m, units,
};
use super::{AnyConnection, MultiBackend, in_chunks};
use crate::domain::assessment::{
    AssessmentKind, AssessmentStatus, Consequence, Evidence, Grade, IndicatorComment,
};
use crate::domain::ids::{
    AssessmentId, AssessmentRoundId, ContractId, MentorEntryId, UnitId, UserId,
};
use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;

/// The rounds live in `assessment_rounds`; named here too, as every assessment belongs to one.
pub use super::assessment_rounds::{
    ActiveEntry, AssessmentRound, contracts_overlapping, entries_active_between, find_round,
    insert_round, list_rounds,
};

/// Who is asking, for the visibility of assessments.
#[derive(Debug, Clone, Copy)]
pub enum Viewer {
    City,
    /// A unit admin: the assessments of the unit's mentors.
    Unit(UnitId),
    /// A mentor: their own, once confirmed.
    Mentor(UserId),
}

/// What a new assessment needs.
pub struct NewAssessment {
    pub round: AssessmentRoundId,
    pub kind: AssessmentKind,
    pub follows: Option<AssessmentId>,
    pub entry: MentorEntryId,
    pub user: UserId,
    pub unit: UnitId,
    pub contract: Option<ContractId>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The columns of a new assessment, as inserted.
type Values = (
    diesel::dsl::Eq<a::round_id, AssessmentRoundId>,
    diesel::dsl::Eq<a::kind, &'static str>,
    diesel::dsl::Eq<a::follows_id, Option<AssessmentId>>,
    diesel::dsl::Eq<a::mentor_entry_id, MentorEntryId>,
    diesel::dsl::Eq<a::mentor_user_id, UserId>,
    diesel::dsl::Eq<a::unit_id, UnitId>,
    diesel::dsl::Eq<a::contract_id, Option<ContractId>>,
    diesel::dsl::Eq<a::period_from, NaiveDate>,
    diesel::dsl::Eq<a::period_to, NaiveDate>,
    diesel::dsl::Eq<a::status, &'static str>,
    diesel::dsl::Eq<a::indicator_comments, &'static str>,
    diesel::dsl::Eq<a::confirmations, i32>,
    diesel::dsl::Eq<a::created_at, NaiveDateTime>,
    diesel::dsl::Eq<a::updated_at, NaiveDateTime>,
);

fn values(new: &NewAssessment, now: NaiveDateTime) -> Values {
    (
        a::round_id.eq(new.round),
        a::kind.eq(new.kind.as_str()),
        a::follows_id.eq(new.follows),
        a::mentor_entry_id.eq(new.entry),
        a::mentor_user_id.eq(new.user),
        a::unit_id.eq(new.unit),
        a::contract_id.eq(new.contract),
        a::period_from.eq(new.from),
        a::period_to.eq(new.to),
        a::status.eq(AssessmentStatus::Draft.as_str()),
        a::indicator_comments.eq("[]"),
        a::confirmations.eq(0),
        a::created_at.eq(now),
        a::updated_at.eq(now),
    )
}

pub fn insert(
    conn: &mut AnyConnection,
    new: &NewAssessment,
    now: NaiveDateTime,
) -> Result<AssessmentId, AppError> {
    Ok(diesel::insert_into(a::table)
        .values(values(new, now))
        .returning(a::id)
        .get_result(conn)?)
}

/// Inserts many assessments in multi-row statements (14 columns a row, 2,000 rows a
/// statement): opening a round creates one per mentor, 100,000 at national scale.
pub fn insert_many(
    conn: &mut AnyConnection,
    news: &[NewAssessment],
    now: NaiveDateTime,
) -> Result<(), AppError> {
    for part in news.chunks(2_000) {
        let rows: Vec<_> = part.iter().map(|n| values(n, now)).collect();
        // Multi-row inserts are not available through the multi-backend connection.
        match conn {
            AnyConnection::Sqlite(c) => diesel::insert_into(a::table).values(rows).execute(c)?,
            AnyConnection::Postgresql(c) => {
                diesel::insert_into(a::table).values(rows).execute(c)?
            }
        };
    }
    Ok(())
}

/// An assessment as the API shows it (the evidence is added by the service).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Assessment {
    #[schema(value_type = i64)]
    pub id: AssessmentId,
    #[schema(value_type = i64)]
    pub round_id: AssessmentRoundId,
    pub year: i32,
    pub kind: AssessmentKind,
    /// The assessment whose unqualified grade led to this follow-up.
    #[schema(value_type = Option<i64>)]
    pub follows_id: Option<AssessmentId>,
    #[schema(value_type = i64)]
    pub mentor_entry_id: MentorEntryId,
    pub mentor_user_id: UserId,
    pub mentor_name: String,
    pub certificate_no: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    #[schema(value_type = Option<i64>)]
    pub contract_id: Option<ContractId>,
    /// The period assessed: the year (or the rectification period), within the contract.
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub status: AssessmentStatus,
    pub grade: Option<Grade>,
    /// The grade the service suggested when the assessment was submitted.
    pub suggested_grade: Option<Grade>,
    pub overall_comment: Option<String>,
    pub indicator_comments: Vec<IndicatorComment>,
    pub return_reason: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// How often it has been confirmed (an upheld objection sends it back for a new grade).
    pub confirmations: i32,
    /// The last day the mentor may object to a confirmed unqualified grade.
    pub objection_deadline: Option<NaiveDate>,
    pub consequence: Option<Consequence>,
    pub consequence_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The evidence stored when it was submitted (the live evidence is shown before that).
    #[serde(skip)]
    pub evidence_snapshot: Option<Evidence>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = a)]
struct Row {
    id: AssessmentId,
    round_id: AssessmentRoundId,
    kind: String,
    follows_id: Option<AssessmentId>,
    mentor_entry_id: MentorEntryId,
    mentor_user_id: UserId,
    unit_id: UnitId,
    contract_id: Option<ContractId>,
    period_from: NaiveDate,
    period_to: NaiveDate,
    status: String,
    grade: Option<String>,
    suggested_grade: Option<String>,
    overall_comment: Option<String>,
    indicator_comments: String,
    evidence: Option<String>,
    return_reason: Option<String>,
    submitted_at: Option<NaiveDateTime>,
    confirmed_at: Option<NaiveDateTime>,
    confirmations: i32,
    objection_deadline: Option<NaiveDate>,
    consequence: Option<String>,
    consequence_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

fn visible(viewer: Viewer) -> a::BoxedQuery<'static, MultiBackend> {
    let q = a::table.into_boxed();
    match viewer {
        Viewer::City => q,
        Viewer::Unit(u) => q.filter(a::unit_id.eq(u)),
        Viewer::Mentor(u) => q
            .filter(a::mentor_user_id.eq(u))
            .filter(a::confirmations.gt(0)),
    }
}

fn parse<T: std::str::FromStr>(s: &str, id: AssessmentId) -> Result<T, AppError> {
    s.parse()
        .map_err(|_| AppError::internal(anyhow::anyhow!("bad assessment row {id}")))
}

/// Turns rows into API objects with four lookups in all (names, certificates, units, years).
fn load(conn: &mut AnyConnection, rows: Vec<Row>) -> Result<Vec<Assessment>, AppError> {
    let user_ids: Vec<UserId> = rows.iter().map(|r| r.mentor_user_id).collect();
    let names = super::users::names(conn, &user_ids)?;
    let entry_ids: Vec<MentorEntryId> = rows.iter().map(|r| r.mentor_entry_id).collect();
    let certificates: std::collections::HashMap<MentorEntryId, String> =
        in_chunks(&entry_ids, |part| {
            m::table
                .filter(m::id.eq_any(part))
                .select((m::id, m::certificate_no))
                .load::<(MentorEntryId, String)>(conn)
        })?
        .into_iter()
        .collect();
    let unit_ids: Vec<UnitId> = rows.iter().map(|r| r.unit_id).collect();
    let unit_names: std::collections::HashMap<UnitId, String> = in_chunks(&unit_ids, |part| {
        units::table
            .filter(units::id.eq_any(part))
            .select((units::id, units::name))
            .load::<(UnitId, String)>(conn)
    })?
    .into_iter()
    .collect();
    let round_ids: Vec<AssessmentRoundId> = rows.iter().map(|r| r.round_id).collect();
    let years: std::collections::HashMap<AssessmentRoundId, i32> = in_chunks(&round_ids, |part| {
        ar::table
            .filter(ar::id.eq_any(part))
            .select((ar::id, ar::year))
            .load::<(AssessmentRoundId, i32)>(conn)
    })?
    .into_iter()
    .collect();
    rows.into_iter()
        .map(|r| {
            let id = r.id;
            let opt = |s: &Option<String>| -> Result<Option<Grade>, AppError> {
                s.as_deref().map(|g| parse(g, id)).transpose()
            };
            Ok(Assessment {
                id,
                round_id: r.round_id,
                year: years.get(&r.round_id).copied().unwrap_or_default(),
                kind: parse(&r.kind, id)?,
                follows_id: r.follows_id,
                mentor_entry_id: r.mentor_entry_id,
                mentor_user_id: r.mentor_user_id,
                mentor_name: names.get(&r.mentor_user_id).cloned().unwrap_or_default(),
                certificate_no: certificates
                    .get(&r.mentor_entry_id)
                    .cloned()
                    .unwrap_or_default(),
                unit_id: r.unit_id,
                unit_name: unit_names.get(&r.unit_id).cloned().unwrap_or_default(),
                contract_id: r.contract_id,
                period_from: r.period_from,
                period_to: r.period_to,
                status: parse(&r.status, id)?,
                grade: opt(&r.grade)?,
                suggested_grade: opt(&r.suggested_grade)?,
                overall_comment: r.overall_comment,
                indicator_comments: serde_json::from_str(&r.indicator_comments)
                    .map_err(AppError::internal)?,
                return_reason: r.return_reason,
                submitted_at: r.submitted_at.map(|t| t.and_utc()),
                confirmed_at: r.confirmed_at.map(|t| t.and_utc()),
                confirmations: r.confirmations,
                objection_deadline: r.objection_deadline,
                consequence: r.consequence.as_deref().map(|c| parse(c, id)).transpose()?,
                consequence_at: r.consequence_at.map(|t| t.and_utc()),
                created_at: r.created_at.and_utc(),
                updated_at: r.updated_at.and_utc(),
                evidence_snapshot: r
                    .evidence
                    .as_deref()
                    .map(serde_json::from_str)
                    .transpose()
                    .map_err(AppError::internal)?,
            })
        })
        .collect()
}

/// The assessment if the viewer may see it; otherwise `NotFound`.
pub fn find(
    conn: &mut AnyConnection,
    id: AssessmentId,
    viewer: Viewer,
) -> Result<Assessment, AppError> {
    let row = visible(viewer)
        .filter(a::id.eq(id))
        .select(Row::as_select())
        .first(conn)?;
    Ok(load(conn, vec![row])?.remove(0))
}

/// Filters of a round's list.
#[derive(Debug, Clone, Default)]
pub struct AssessmentFilter {
    pub unit_id: Option<UnitId>,
    pub status: Option<AssessmentStatus>,
    pub grade: Option<Grade>,
    pub kind: Option<AssessmentKind>,
}

/// A round's assessments the viewer may see, by id.
pub fn list(
    conn: &mut AnyConnection,
    round: AssessmentRoundId,
    f: &AssessmentFilter,
    viewer: Viewer,
    page: PageRequest,
) -> Result<Page<Assessment>, AppError> {
    let filtered = || {
        let mut q = visible(viewer).filter(a::round_id.eq(round));
        if let Some(u) = f.unit_id {
            q = q.filter(a::unit_id.eq(u));
        }
        if let Some(s) = f.status {
            q = q.filter(a::status.eq(s.as_str()));
        }
        if let Some(g) = f.grade {
            q = q.filter(a::grade.eq(g.as_str()));
        }
        if let Some(k) = f.kind {
            q = q.filter(a::kind.eq(k.as_str()));
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<Row> = filtered()
        .order(a::id.asc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(Row::as_select())
        .load(conn)?;
    Ok(Page {
        items: load(conn, rows)?,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// Every assessment of a unit in a round (the unit's report).
pub fn of_unit(
    conn: &mut AnyConnection,
    round: AssessmentRoundId,
    unit: UnitId,
) -> Result<Vec<Assessment>, AppError> {
    let rows: Vec<Row> = a::table
        .filter(a::round_id.eq(round))
        .filter(a::unit_id.eq(unit))
        .order(a::id.asc())
        .select(Row::as_select())
        .load(conn)?;
    load(conn, rows)
}

/// The confirmed assessments of a mentor, newest first.
pub fn of_mentor(conn: &mut AnyConnection, user: UserId) -> Result<Vec<Assessment>, AppError> {
    let rows: Vec<Row> = visible(Viewer::Mentor(user))
        .order(a::id.desc())
        .select(Row::as_select())
        .load(conn)?;
    load(conn, rows)
}

/// One group of a round's counts: `(unit, status, grade, count)`.
pub type Count = (UnitId, String, Option<String>, i64);

/// A round's counts by unit, status and grade.
pub fn counts(
    conn: &mut AnyConnection,
    round: AssessmentRoundId,
    unit: Option<UnitId>,
) -> Result<Vec<Count>, AppError> {
    let mut q = a::table
        .filter(a::round_id.eq(round))
        .group_by((a::unit_id, a::status, a::grade))
        .select((a::unit_id, a::status, a::grade, diesel::dsl::count_star()))
        .into_boxed();
    if let Some(u) = unit {
        q = q.filter(a::unit_id.eq(u));
    }
    Ok(q.order(a::unit_id.asc()).load(conn)?)
}

/// Writes the unit admin's grade and comments (only the fields given).
pub fn write_grade(
    conn: &mut AnyConnection,
    id: AssessmentId,
    grade: Option<Option<Grade>>,
    overall_comment: Option<Option<String>>,
    indicator_comments: Option<&[IndicatorComment]>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(a::table.find(id))
        .set(a::updated_at.eq(now))
        .execute(conn)?;
    if let Some(g) = grade {
        diesel::update(a::table.find(id))
            .set(a::grade.eq(g.map(|g| g.as_str())))
            .execute(conn)?;
    }
    if let Some(c) = overall_comment {
        diesel::update(a::table.find(id))
            .set(a::overall_comment.eq(c))
            .execute(conn)?;
    }
    if let Some(list) = indicator_comments {
        let json = serde_json::to_string(list).map_err(AppError::internal)?;
        diesel::update(a::table.find(id))
            .set(a::indicator_comments.eq(json))
            .execute(conn)?;
    }
    Ok(())
}

/// Submits a draft or returned assessment with the evidence and suggestion it was graded on;
/// false when it was in neither state (a concurrent submission won).
pub fn submit(
    conn: &mut AnyConnection,
    id: AssessmentId,
    evidence: &Evidence,
    by: UserId,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let json = serde_json::to_string(evidence).map_err(AppError::internal)?;
    let n = diesel::update(a::table.find(id).filter(a::status.eq_any([
        AssessmentStatus::Draft.as_str(),
        AssessmentStatus::Returned.as_str(),
    ])))
    .set((
        a::status.eq(AssessmentStatus::Submitted.as_str()),
        a::suggested_grade.eq(evidence.suggested_grade.as_str()),
        a::evidence.eq(json),
        a::submitted_by.eq(by),
        a::submitted_at.eq(now),
        a::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Confirms a submitted assessment; `objection_deadline` is set for an unqualified grade.
/// False when it was not submitted (a concurrent confirmation or return won).
pub fn confirm(
    conn: &mut AnyConnection,
    id: AssessmentId,
    by: UserId,
    objection_deadline: Option<NaiveDate>,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        a::table
            .find(id)
            .filter(a::status.eq(AssessmentStatus::Submitted.as_str())),
    )
    .set((
        a::status.eq(AssessmentStatus::Confirmed.as_str()),
        a::confirmed_by.eq(by),
        a::confirmed_at.eq(now),
        a::confirmations.eq(a::confirmations + 1),
        a::objection_deadline.eq(objection_deadline),
        a::return_reason.eq(None::<String>),
        a::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Sends an assessment back to the unit with a reason: a submitted one (a return) or a confirmed
/// one whose grade has not been acted on (an upheld objection). False when it was neither.
pub fn send_back(
    conn: &mut AnyConnection,
    id: AssessmentId,
    from: AssessmentStatus,
    reason: &str,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        a::table
            .find(id)
            .filter(a::status.eq(from.as_str()))
            .filter(a::consequence.is_null()),
    )
    .set((
        a::status.eq(AssessmentStatus::Returned.as_str()),
        a::return_reason.eq(reason),
        a::objection_deadline.eq(None::<NaiveDate>),
        a::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Records what followed an unqualified grade, once: false when it was recorded already or the
/// assessment is no longer a confirmed unqualified one (a concurrent run, an upheld objection).
pub fn set_consequence(
    conn: &mut AnyConnection,
    id: AssessmentId,
    consequence: Consequence,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        a::table
            .find(id)
            .filter(a::consequence.is_null())
            .filter(a::status.eq(AssessmentStatus::Confirmed.as_str()))
            .filter(a::grade.eq(Grade::Unqualified.as_str())),
    )
    .set((
        a::consequence.eq(consequence.as_str()),
        a::consequence_at.eq(now),
        a::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Confirmed unqualified assessments whose objection window ended before `today`, with nothing
/// done about them yet and no pending or upheld objection to their latest confirmation.
pub fn due_for_consequence(
    conn: &mut AnyConnection,
    today: NaiveDate,
) -> Result<Vec<AssessmentId>, AppError> {
    use super::schema::assessment_objections as o;
    let candidates: Vec<(AssessmentId, i32)> = a::table
        .filter(a::grade.eq(Grade::Unqualified.as_str()))
        .filter(a::consequence.is_null())
        .filter(a::status.eq(AssessmentStatus::Confirmed.as_str()))
        .filter(a::objection_deadline.lt(today))
        .order(a::id.asc())
        .select((a::id, a::confirmations))
        .load(conn)?;
    let ids: Vec<AssessmentId> = candidates.iter().map(|c| c.0).collect();
    let blocking: Vec<(AssessmentId, i32)> = in_chunks(&ids, |part| {
        o::table
            .filter(o::assessment_id.eq_any(part))
            .filter(o::status.ne(crate::domain::assessment::ObjectionStatus::Rejected.as_str()))
            .select((o::assessment_id, o::confirmation))
            .load(conn)
    })?;
    Ok(candidates
        .into_iter()
        .filter(|c| !blocking.contains(c))
        .map(|c| c.0)
        .collect())
}

/// Locks a contract's activities held in `[from, to]`: the assessed evidence no longer changes.
pub fn lock_activities(
    conn: &mut AnyConnection,
    contract: ContractId,
    from: NaiveDate,
    to: NaiveDate,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    Ok(diesel::update(
        act::table
            .filter(act::contract_id.eq(contract))
            .filter(act::held_on.ge(from))
            .filter(act::held_on.le(to))
            .filter(act::locked.eq(false)),
    )
    .set((act::locked.eq(true), act::updated_at.eq(now)))
    .execute(conn)?)
}

/// True when a confirmed assessment covers `day` of the contract: nothing new is logged there.
pub fn period_confirmed(
    conn: &mut AnyConnection,
    contract: ContractId,
    day: NaiveDate,
) -> Result<bool, AppError> {
    let n: i64 = a::table
        .filter(a::contract_id.eq(contract))
        .filter(a::confirmations.gt(0))
        .filter(a::period_from.le(day))
        .filter(a::period_to.ge(day))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The confirmed annual grades of each person, newest year first: `user -> [(year, grade)]`.
pub fn confirmed_grades(
    conn: &mut AnyConnection,
    users_of: &[UserId],
) -> Result<std::collections::HashMap<UserId, Vec<(i32, Grade)>>, AppError> {
    let mut rows: Vec<(UserId, i32, Option<String>)> = in_chunks(users_of, |part| {
        a::table
            .inner_join(ar::table)
            .filter(a::mentor_user_id.eq_any(part))
            .filter(a::kind.eq(AssessmentKind::Annual.as_str()))
            .filter(a::status.eq(AssessmentStatus::Confirmed.as_str()))
            .select((a::mentor_user_id, ar::year, a::grade))
            .load(conn)
    })?;
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    let mut out: std::collections::HashMap<UserId, Vec<(i32, Grade)>> =
        std::collections::HashMap::new();
    for (user, year, grade) in rows {
        if let Some(g) = grade.and_then(|g| g.parse().ok()) {
            out.entry(user).or_default().push((year, g));
        }
    }
    Ok(out)
}
