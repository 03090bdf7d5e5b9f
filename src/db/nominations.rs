//! Nominations and their evidence files. Every read that serves a request takes the caller's scope.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::schema::{nominations as n, users};
use super::{AnyConnection, MultiBackend};
use crate::domain::category::TalentCategory;
use crate::domain::ids::{NominationId, RoundId, UnitId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::scope::Scope;
use crate::domain::selection::{FormFields, NominationStatus};
use crate::error::AppError;

/// A warning shown to reviewers, in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StoredWarning {
    pub code: String,
    pub zh: String,
    pub en: String,
}

/// A nomination as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Nomination {
    pub id: NominationId,
    pub round_id: RoundId,
    pub unit_id: UnitId,
    pub candidate_id: UserId,
    pub candidate_name: String,
    pub status: NominationStatus,
    #[serde(flatten)]
    pub form: FormFields,
    /// Soft rules the candidate does not meet, with the justification above.
    pub warnings: Vec<StoredWarning>,
    /// The city admin's comments when the nomination was returned.
    pub return_comment: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The reason given with the decision (approved or rejected).
    pub decision_reason: Option<String>,
    /// Who signed the decision off (签批), and on which day.
    pub signed_by: Option<String>,
    pub signed_on: Option<NaiveDate>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A nomination in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NominationSummary {
    pub id: NominationId,
    pub round_id: RoundId,
    pub unit_id: UnitId,
    pub candidate_id: UserId,
    pub candidate_name: String,
    pub status: NominationStatus,
    pub category: Option<TalentCategory>,
    pub has_warnings: bool,
    pub submitted_at: Option<DateTime<Utc>>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = n)]
struct Row {
    id: NominationId,
    round_id: RoundId,
    unit_id: UnitId,
    candidate_id: UserId,
    status: String,
    category: Option<String>,
    birth_date: Option<NaiveDate>,
    education: Option<String>,
    title_level: Option<String>,
    skill_level: Option<String>,
    specialty: Option<String>,
    city_work_start_date: Option<NaiveDate>,
    from_outside_city: bool,
    skills_award: Option<String>,
    honours: String,
    achievements: Option<String>,
    unit_opinion: Option<String>,
    outstanding_exception: bool,
    exception_justification: Option<String>,
    qualification_justification: Option<String>,
    warnings: String,
    return_comment: Option<String>,
    submitted_at: Option<NaiveDateTime>,
    created_by: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    decision_reason: Option<String>,
    signed_by: Option<String>,
    signed_on: Option<NaiveDate>,
    decided_at: Option<NaiveDateTime>,
}

fn parse<T: std::str::FromStr>(v: Option<String>) -> Option<T> {
    v.and_then(|s| s.parse().ok())
}

impl Row {
    fn into_nomination(self, candidate_name: String) -> Result<Nomination, AppError> {
        let _ = self.created_by;
        let bad = |what: &str| {
            AppError::internal(anyhow::anyhow!("bad {what} in nomination {}", self.id))
        };
        Ok(Nomination {
            id: self.id,
            round_id: self.round_id,
            unit_id: self.unit_id,
            candidate_id: self.candidate_id,
            candidate_name,
            status: self.status.parse().map_err(|_| bad("status"))?,
            form: FormFields {
                category: parse(self.category),
                birth_date: self.birth_date,
                education: parse(self.education),
                title_level: parse(self.title_level),
                skill_level: parse(self.skill_level),
                specialty: self.specialty,
                city_work_start_date: self.city_work_start_date,
                from_outside_city: self.from_outside_city,
                skills_award: self.skills_award,
                honours: serde_json::from_str(&self.honours).map_err(|_| bad("honours"))?,
                achievements: self.achievements,
                unit_opinion: self.unit_opinion,
                outstanding_exception: self.outstanding_exception,
                exception_justification: self.exception_justification,
                qualification_justification: self.qualification_justification,
            },
            warnings: serde_json::from_str(&self.warnings).map_err(|_| bad("warnings"))?,
            return_comment: self.return_comment,
            submitted_at: self.submitted_at.map(|t| t.and_utc()),
            decision_reason: self.decision_reason,
            signed_by: self.signed_by,
            signed_on: self.signed_on,
            decided_at: self.decided_at.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }
}

#[allow(clippy::type_complexity)]
fn form_columns(
    f: &FormFields,
) -> Result<
    (
        diesel::dsl::Eq<n::category, Option<&'static str>>,
        diesel::dsl::Eq<n::birth_date, Option<NaiveDate>>,
        diesel::dsl::Eq<n::education, Option<&'static str>>,
        diesel::dsl::Eq<n::title_level, Option<&'static str>>,
        diesel::dsl::Eq<n::skill_level, Option<&'static str>>,
        diesel::dsl::Eq<n::specialty, Option<String>>,
        diesel::dsl::Eq<n::city_work_start_date, Option<NaiveDate>>,
        diesel::dsl::Eq<n::from_outside_city, bool>,
        diesel::dsl::Eq<n::skills_award, Option<String>>,
        (
            diesel::dsl::Eq<n::honours, String>,
            diesel::dsl::Eq<n::achievements, Option<String>>,
            diesel::dsl::Eq<n::unit_opinion, Option<String>>,
            diesel::dsl::Eq<n::outstanding_exception, bool>,
            diesel::dsl::Eq<n::exception_justification, Option<String>>,
            diesel::dsl::Eq<n::qualification_justification, Option<String>>,
        ),
    ),
    AppError,
> {
    Ok((
        n::category.eq(f.category.map(|v| v.as_str())),
        n::birth_date.eq(f.birth_date),
        n::education.eq(f.education.map(|v| v.as_str())),
        n::title_level.eq(f.title_level.map(|v| v.as_str())),
        n::skill_level.eq(f.skill_level.map(|v| v.as_str())),
        n::specialty.eq(f.specialty.clone()),
        n::city_work_start_date.eq(f.city_work_start_date),
        n::from_outside_city.eq(f.from_outside_city),
        n::skills_award.eq(f.skills_award.clone()),
        (
            n::honours.eq(serde_json::to_string(&f.honours).map_err(AppError::internal)?),
            n::achievements.eq(f.achievements.clone()),
            n::unit_opinion.eq(f.unit_opinion.clone()),
            n::outstanding_exception.eq(f.outstanding_exception),
            n::exception_justification.eq(f.exception_justification.clone()),
            n::qualification_justification.eq(f.qualification_justification.clone()),
        ),
    ))
}

/// Stores a new draft.
pub fn insert(
    conn: &mut AnyConnection,
    round: RoundId,
    unit: UnitId,
    candidate: UserId,
    form: &FormFields,
    created_by: UserId,
    now: NaiveDateTime,
) -> Result<NominationId, AppError> {
    let id: NominationId = diesel::insert_into(n::table)
        .values((
            n::round_id.eq(round),
            n::unit_id.eq(unit),
            n::candidate_id.eq(candidate),
            n::status.eq(NominationStatus::Draft.as_str()),
            form_columns(form)?,
            n::warnings.eq("[]"),
            n::created_by.eq(created_by),
            n::created_at.eq(now),
            n::updated_at.eq(now),
        ))
        .returning(n::id)
        .get_result(conn)?;
    Ok(id)
}

pub fn update_form(
    conn: &mut AnyConnection,
    id: NominationId,
    form: &FormFields,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(n::table.filter(n::id.eq(id)))
        .set((form_columns(form)?, n::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// A status change, with what goes with it.
pub struct StatusChange<'a> {
    pub status: NominationStatus,
    pub warnings: Option<&'a [StoredWarning]>,
    pub return_comment: Option<Option<&'a str>>,
    pub submitted_at: Option<NaiveDateTime>,
}

pub fn set_status(
    conn: &mut AnyConnection,
    id: NominationId,
    change: StatusChange<'_>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let warnings = change
        .warnings
        .map(|w| serde_json::to_string(w).map_err(AppError::internal))
        .transpose()?;
    diesel::update(n::table.filter(n::id.eq(id)))
        .set((
            n::status.eq(change.status.as_str()),
            warnings.map(|w| n::warnings.eq(w)),
            change
                .return_comment
                .map(|c| n::return_comment.eq(c.map(str::to_owned))),
            change.submitted_at.map(|t| n::submitted_at.eq(t)),
            n::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

fn scoped(scope: Scope) -> n::BoxedQuery<'static, MultiBackend> {
    let q = n::table.into_boxed();
    match scope {
        Scope::City => q,
        Scope::Unit(u) => q.filter(n::unit_id.eq(u)),
        Scope::Nothing => q.filter(n::id.eq(-1)),
    }
}

fn candidate_names(
    conn: &mut AnyConnection,
    ids: &[UserId],
) -> Result<Vec<(UserId, String)>, AppError> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load(conn)?)
}

/// The nomination if the scope covers it; otherwise `NotFound`.
pub fn find(
    conn: &mut AnyConnection,
    id: NominationId,
    scope: Scope,
) -> Result<Nomination, AppError> {
    let row: Row = scoped(scope)
        .filter(n::id.eq(id))
        .select(Row::as_select())
        .first(conn)?;
    let name = candidate_names(conn, &[row.candidate_id])?
        .pop()
        .map(|(_, n)| n)
        .unwrap_or_default();
    row.into_nomination(name)
}

/// Filters of a round's nomination list.
#[derive(Debug, Clone, Default)]
pub struct NominationFilter {
    pub status: Option<NominationStatus>,
    pub category: Option<TalentCategory>,
    pub unit_id: Option<UnitId>,
}

/// How a list of a round's nominations is sorted; each ends with the nomination's id, so that a
/// page is the same rows every time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NominationSort {
    /// The first made first (the API's order).
    #[default]
    Oldest,
    /// The newest made first.
    Newest,
    /// The candidate's name, then the newest first.
    Name,
    /// The category (those without one last), then the candidate's name.
    Category,
    /// The status's code, then the newest first.
    Status,
}

/// Nominations with their candidate's user row, so that a list may sort by the candidate's name.
type Named =
    diesel::dsl::InnerJoinOn<n::table, users::table, diesel::dsl::Eq<users::id, n::candidate_id>>;
type NamedBoxed = diesel::dsl::IntoBoxed<'static, Named, MultiBackend>;

/// The nominations of `round` in `scope` under `filter`, with their candidates' names.
fn named(round: RoundId, filter: &NominationFilter, scope: Scope) -> NamedBoxed {
    let mut q = n::table
        .inner_join(users::table.on(users::id.eq(n::candidate_id)))
        .filter(n::round_id.eq(round))
        .into_boxed();
    q = match scope {
        Scope::City => q,
        Scope::Unit(u) => q.filter(n::unit_id.eq(u)),
        Scope::Nothing => q.filter(n::id.eq(-1)),
    };
    if let Some(s) = filter.status {
        q = q.filter(n::status.eq(s.as_str()));
    }
    if let Some(c) = filter.category {
        q = q.filter(n::category.eq(c.as_str()));
    }
    if let Some(u) = filter.unit_id {
        q = q.filter(n::unit_id.eq(u));
    }
    q
}

/// One page of a round's nominations in id order (the API's list), with the total.
pub fn list(
    conn: &mut AnyConnection,
    round: RoundId,
    filter: &NominationFilter,
    scope: Scope,
    page: PageRequest,
) -> Result<Page<NominationSummary>, AppError> {
    let total: i64 = named(round, filter, scope).count().get_result(conn)?;
    page_sorted(
        conn,
        round,
        filter,
        scope,
        NominationSort::Oldest,
        page,
        total,
    )
}

/// One page of a round's nominations, filtered, scoped and sorted by the database, with the
/// total; a page past the end is the last page (the office lists).
pub fn list_sorted(
    conn: &mut AnyConnection,
    round: RoundId,
    filter: &NominationFilter,
    scope: Scope,
    sort: NominationSort,
    page: PageRequest,
) -> Result<Page<NominationSummary>, AppError> {
    let total: i64 = named(round, filter, scope).count().get_result(conn)?;
    let page = page.within(total);
    page_sorted(conn, round, filter, scope, sort, page, total)
}

fn page_sorted(
    conn: &mut AnyConnection,
    round: RoundId,
    filter: &NominationFilter,
    scope: Scope,
    sort: NominationSort,
    page: PageRequest,
    total: i64,
) -> Result<Page<NominationSummary>, AppError> {
    let q = named(round, filter, scope);
    let q = match sort {
        NominationSort::Oldest => q.order(n::id.asc()),
        NominationSort::Newest => q.order(n::id.desc()),
        NominationSort::Name => q.order((users::name.asc(), n::id.desc())),
        NominationSort::Category => q.order((
            n::category.is_null().asc(),
            n::category.asc(),
            users::name.asc(),
            n::id.desc(),
        )),
        NominationSort::Status => q.order((n::status.asc(), n::id.desc())),
    };
    let rows: Vec<(Row, String)> = q
        .limit(page.per_page)
        .offset(page.offset())
        .select((Row::as_select(), users::name))
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(|(r, name)| {
            r.into_nomination(name).map(|n| NominationSummary {
                id: n.id,
                round_id: n.round_id,
                unit_id: n.unit_id,
                candidate_id: n.candidate_id,
                candidate_name: n.candidate_name,
                status: n.status,
                category: n.form.category,
                has_warnings: !n.warnings.is_empty(),
                submitted_at: n.submitted_at,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// One batch of a round's nominations with their whole forms (the spreadsheet of 推荐人选名单),
/// filtered and scoped as [`list`] is, in id order from after `after`; `limit` rows at most.
pub fn list_forms(
    conn: &mut AnyConnection,
    round: RoundId,
    filter: &NominationFilter,
    scope: Scope,
    after: Option<NominationId>,
    limit: i64,
) -> Result<Vec<Nomination>, AppError> {
    let mut q = scoped(scope).filter(n::round_id.eq(round));
    if let Some(s) = filter.status {
        q = q.filter(n::status.eq(s.as_str()));
    }
    if let Some(c) = filter.category {
        q = q.filter(n::category.eq(c.as_str()));
    }
    if let Some(u) = filter.unit_id {
        q = q.filter(n::unit_id.eq(u));
    }
    if let Some(a) = after {
        q = q.filter(n::id.gt(a));
    }
    let rows: Vec<Row> = q
        .order(n::id.asc())
        .limit(limit)
        .select(Row::as_select())
        .load(conn)?;
    let ids: Vec<UserId> = rows.iter().map(|r| r.candidate_id).collect();
    let names: std::collections::HashMap<UserId, String> =
        candidate_names(conn, &ids)?.into_iter().collect();
    rows.into_iter()
        .map(|r| {
            let name = names.get(&r.candidate_id).cloned().unwrap_or_default();
            r.into_nomination(name)
        })
        .collect()
}

const COUNTED: [&str; 5] = [
    "submitted",
    "returned",
    "under_review",
    "approved",
    "rejected",
];

/// Nominations handed in for a unit in a round, other than `except`.
pub fn count_for_unit(
    conn: &mut AnyConnection,
    round: RoundId,
    unit: UnitId,
    except: NominationId,
) -> Result<i64, AppError> {
    Ok(n::table
        .filter(n::round_id.eq(round))
        .filter(n::unit_id.eq(unit))
        .filter(n::status.eq_any(COUNTED))
        .filter(n::id.ne(except))
        .count()
        .get_result(conn)?)
}

/// Nominations handed in for a category in a round (all units), other than `except`.
pub fn count_for_category(
    conn: &mut AnyConnection,
    round: RoundId,
    category: TalentCategory,
    except: NominationId,
) -> Result<i64, AppError> {
    Ok(n::table
        .filter(n::round_id.eq(round))
        .filter(n::category.eq(category.as_str()))
        .filter(n::status.eq_any(COUNTED))
        .filter(n::id.ne(except))
        .count()
        .get_result(conn)?)
}

/// True when the candidate has another nomination in the round that was not withdrawn.
pub fn candidate_already_nominated(
    conn: &mut AnyConnection,
    round: RoundId,
    candidate: UserId,
    except: Option<NominationId>,
) -> Result<bool, AppError> {
    let count: i64 = n::table
        .filter(n::round_id.eq(round))
        .filter(n::candidate_id.eq(candidate))
        .filter(n::status.ne(NominationStatus::Withdrawn.as_str()))
        .filter(n::id.ne(except.map_or(-1, |e| e.0)))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// Records the city admin's decision and its sign-off.
pub fn decide(
    conn: &mut AnyConnection,
    id: NominationId,
    status: NominationStatus,
    reason: &str,
    signed_by: &str,
    signed_on: NaiveDate,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(n::table.filter(n::id.eq(id)))
        .set((
            n::status.eq(status.as_str()),
            n::decision_reason.eq(reason),
            n::signed_by.eq(signed_by),
            n::signed_on.eq(signed_on),
            n::decided_at.eq(now),
            n::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// How many nominations of a round are in `status`.
pub fn count_in_status(
    conn: &mut AnyConnection,
    round: RoundId,
    status: NominationStatus,
) -> Result<i64, AppError> {
    Ok(n::table
        .filter(n::round_id.eq(round))
        .filter(n::status.eq(status.as_str()))
        .count()
        .get_result(conn)?)
}

/// Every nomination of a round in `status`, oldest first (unscoped: for the city's own steps).
pub fn all_in_status(
    conn: &mut AnyConnection,
    round: RoundId,
    status: NominationStatus,
) -> Result<Vec<Nomination>, AppError> {
    let rows: Vec<Row> = n::table
        .filter(n::round_id.eq(round))
        .filter(n::status.eq(status.as_str()))
        .order(n::id.asc())
        .select(Row::as_select())
        .load(conn)?;
    let ids: Vec<UserId> = rows.iter().map(|r| r.candidate_id).collect();
    let names = candidate_names(conn, &ids)?;
    rows.into_iter()
        .map(|r| {
            let name = names
                .iter()
                .find(|(id, _)| *id == r.candidate_id)
                .map(|(_, n)| n.clone());
            r.into_nomination(name.unwrap_or_default())
        })
        .collect()
}

/// Moves every submitted nomination of a round to `under_review`; returns how many.
pub fn start_review(
    conn: &mut AnyConnection,
    round: RoundId,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    Ok(diesel::update(
        n::table
            .filter(n::round_id.eq(round))
            .filter(n::status.eq(NominationStatus::Submitted.as_str())),
    )
    .set((
        n::status.eq(NominationStatus::UnderReview.as_str()),
        n::updated_at.eq(now),
    ))
    .execute(conn)?)
}

/// How many of a unit's nominations in a round are in one of `statuses`.
pub fn count_of_unit(
    conn: &mut AnyConnection,
    round: RoundId,
    unit: UnitId,
    statuses: &[NominationStatus],
) -> Result<i64, AppError> {
    let statuses: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    Ok(n::table
        .filter(n::round_id.eq(round))
        .filter(n::unit_id.eq(unit))
        .filter(n::status.eq_any(statuses))
        .count()
        .get_result(conn)?)
}
