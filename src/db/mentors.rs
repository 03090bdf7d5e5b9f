//! The mentor pool (人才培带人库): appointments, their certificate numbers, terms and statuses.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::AnyConnection;
use super::schema::{mentors as m, units, users};
use super::units::contains_pattern;
use crate::domain::category::TalentCategory;
use crate::domain::ids::{AssessmentId, MentorEntryId, NominationId, RoundId, UnitId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::review::MentorStatus;
use crate::domain::scope::Scope;
use crate::error::AppError;

/// A pool entry as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Mentor {
    #[schema(value_type = i64)]
    pub id: MentorEntryId,
    pub user_id: UserId,
    pub name: String,
    /// The round that appointed the mentor; none for an entry taken over from the program's own
    /// register (`imported`).
    pub round_id: Option<RoundId>,
    /// The nomination the appointment came from; none for an imported entry.
    pub nomination_id: Option<NominationId>,
    pub unit_id: UnitId,
    pub category: TalentCategory,
    pub certificate_no: String,
    pub appointed_on: NaiveDate,
    pub term_ends_on: NaiveDate,
    pub status: MentorStatus,
    pub status_reason: Option<String>,
    /// The day the appointment was revoked, and the assessment that led to it.
    pub revoked_on: Option<NaiveDate>,
    #[schema(value_type = Option<i64>)]
    pub revoked_assessment_id: Option<AssessmentId>,
    /// Taken over from a program that ran before the service (the pool import), not appointed by
    /// a selection round.
    pub imported: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The `source` of a pool entry taken over by the pool import.
pub const IMPORTED: &str = "import";

#[derive(Queryable, Selectable)]
#[diesel(table_name = m)]
struct Row {
    id: MentorEntryId,
    user_id: UserId,
    round_id: Option<RoundId>,
    nomination_id: Option<NominationId>,
    unit_id: UnitId,
    category: String,
    certificate_no: String,
    appointed_on: NaiveDate,
    term_ends_on: NaiveDate,
    status: String,
    status_reason: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    revoked_on: Option<NaiveDate>,
    revoked_assessment_id: Option<AssessmentId>,
    source: String,
}

/// A new appointment.
pub struct NewMentor<'a> {
    pub user: UserId,
    pub round: RoundId,
    pub nomination: NominationId,
    pub unit: UnitId,
    pub category: TalentCategory,
    pub certificate_no: &'a str,
    pub appointed_on: NaiveDate,
    pub term_ends_on: NaiveDate,
}

pub fn insert(
    conn: &mut AnyConnection,
    new: &NewMentor<'_>,
    now: NaiveDateTime,
) -> Result<MentorEntryId, AppError> {
    Ok(diesel::insert_into(m::table)
        .values((
            m::user_id.eq(new.user),
            m::round_id.eq(new.round),
            m::nomination_id.eq(new.nomination),
            m::unit_id.eq(new.unit),
            m::category.eq(new.category.as_str()),
            m::certificate_no.eq(new.certificate_no),
            m::appointed_on.eq(new.appointed_on),
            m::term_ends_on.eq(new.term_ends_on),
            m::status.eq(MentorStatus::Active.as_str()),
            m::created_at.eq(now),
            m::updated_at.eq(now),
        ))
        .returning(m::id)
        .get_result(conn)?)
}

/// True when the person is an active mentor.
pub fn is_active_mentor(conn: &mut AnyConnection, user: UserId) -> Result<bool, AppError> {
    let n: i64 = m::table
        .filter(m::user_id.eq(user))
        .filter(m::status.eq(MentorStatus::Active.as_str()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The person's active pool entry, if they hold one (a mentor acting for themself).
pub fn active_entry_of(conn: &mut AnyConnection, user: UserId) -> Result<Option<Mentor>, AppError> {
    let rows: Vec<Row> = m::table
        .filter(m::user_id.eq(user))
        .filter(m::status.eq(MentorStatus::Active.as_str()))
        .order(m::appointed_on.desc())
        .limit(1)
        .select(Row::as_select())
        .load(conn)?;
    Ok(with_names(conn, rows)?.pop())
}

fn with_names(conn: &mut AnyConnection, rows: Vec<Row>) -> Result<Vec<Mentor>, AppError> {
    let ids: Vec<UserId> = rows.iter().map(|r| r.user_id).collect();
    let names = super::users::names(conn, &ids)?;
    rows.into_iter()
        .map(|r| {
            let bad = || AppError::internal(anyhow::anyhow!("bad mentor row {}", r.id));
            Ok(Mentor {
                id: r.id,
                user_id: r.user_id,
                name: names.get(&r.user_id).cloned().unwrap_or_default(),
                round_id: r.round_id,
                nomination_id: r.nomination_id,
                unit_id: r.unit_id,
                category: r.category.parse().map_err(|_| bad())?,
                certificate_no: r.certificate_no.clone(),
                appointed_on: r.appointed_on,
                term_ends_on: r.term_ends_on,
                status: r.status.parse().map_err(|_| bad())?,
                status_reason: r.status_reason.clone(),
                revoked_on: r.revoked_on,
                revoked_assessment_id: r.revoked_assessment_id,
                imported: r.source == IMPORTED,
                created_at: r.created_at.and_utc(),
                updated_at: r.updated_at.and_utc(),
            })
        })
        .collect()
}

fn scoped(scope: Scope) -> m::BoxedQuery<'static, super::MultiBackend> {
    let q = m::table.into_boxed();
    match scope {
        Scope::City => q,
        Scope::Unit(u) => q.filter(m::unit_id.eq(u)),
        Scope::Nothing => q.filter(m::id.eq(-1)),
    }
}

pub fn find(conn: &mut AnyConnection, id: MentorEntryId, scope: Scope) -> Result<Mentor, AppError> {
    let row = scoped(scope)
        .filter(m::id.eq(id))
        .select(Row::as_select())
        .first(conn)?;
    Ok(with_names(conn, vec![row])?.remove(0))
}

/// Filters of the pool list.
#[derive(Debug, Clone, Default)]
pub struct MentorFilter {
    pub unit_id: Option<UnitId>,
    pub category: Option<TalentCategory>,
    pub status: Option<MentorStatus>,
    pub round_id: Option<RoundId>,
    pub search: Option<String>,
}

pub fn list(
    conn: &mut AnyConnection,
    f: &MentorFilter,
    scope: Scope,
    page: PageRequest,
) -> Result<Page<Mentor>, AppError> {
    let filtered = || {
        let mut q = scoped(scope);
        if let Some(u) = f.unit_id {
            q = q.filter(m::unit_id.eq(u));
        }
        if let Some(c) = f.category {
            q = q.filter(m::category.eq(c.as_str()));
        }
        if let Some(s) = f.status {
            q = q.filter(m::status.eq(s.as_str()));
        }
        if let Some(r) = f.round_id {
            q = q.filter(m::round_id.eq(r));
        }
        if let Some(s) = &f.search {
            q = q.filter(
                m::user_id.eq_any(
                    users::table
                        .filter(users::name.like(contains_pattern(s)).escape('\\'))
                        .select(users::id),
                ),
            );
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<Row> = filtered()
        .order(m::id.asc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(Row::as_select())
        .load(conn)?;
    Ok(Page {
        items: with_names(conn, rows)?,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// How the pool register is sorted; each ends with the certificate number and the entry's id, so
/// that a page is the same rows every time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PoolSort {
    /// The certificate number (the order of appointment).
    #[default]
    Certificate,
    /// The mentor's name.
    Name,
    /// The unit's name.
    Unit,
    /// The term's last day, soonest first.
    TermEnds,
}

/// Pool entries with their mentor's and their unit's rows, so that the register may sort by
/// either name.
type Named = diesel::dsl::InnerJoinOn<
    diesel::dsl::InnerJoinOn<m::table, users::table, diesel::dsl::Eq<users::id, m::user_id>>,
    units::table,
    diesel::dsl::Eq<units::id, m::unit_id>,
>;
type NamedBoxed = diesel::dsl::IntoBoxed<'static, Named, super::MultiBackend>;

/// The pool under `f` in `scope`, and with a term ending in `term_ends_in` when given.
fn named(f: &MentorFilter, term_ends_in: Option<i32>, scope: Scope) -> NamedBoxed {
    let mut q = m::table
        .inner_join(users::table.on(users::id.eq(m::user_id)))
        .inner_join(units::table.on(units::id.eq(m::unit_id)))
        .into_boxed();
    q = match scope {
        Scope::City => q,
        Scope::Unit(u) => q.filter(m::unit_id.eq(u)),
        Scope::Nothing => q.filter(m::id.eq(-1)),
    };
    if let Some(u) = f.unit_id {
        q = q.filter(m::unit_id.eq(u));
    }
    if let Some(c) = f.category {
        q = q.filter(m::category.eq(c.as_str()));
    }
    if let Some(s) = f.status {
        q = q.filter(m::status.eq(s.as_str()));
    }
    if let Some(r) = f.round_id {
        q = q.filter(m::round_id.eq(r));
    }
    if let Some(s) = &f.search {
        q = q.filter(users::name.like(contains_pattern(s)).escape('\\'));
    }
    if let Some(y) = term_ends_in {
        let (first, last) = super::contracts::year_span(y);
        q = q.filter(m::term_ends_on.between(first, last));
    }
    q
}

/// One page of the pool register (the city admin's `/city/pool`): filtered as [`list`] is and by
/// the year the term ends in, sorted by the database, with the total from a count; a page past
/// the end is the last page.
pub fn pool_page(
    conn: &mut AnyConnection,
    f: &MentorFilter,
    term_ends_in: Option<i32>,
    scope: Scope,
    sort: PoolSort,
    page: PageRequest,
) -> Result<Page<(Mentor, String)>, AppError> {
    let total: i64 = named(f, term_ends_in, scope).count().get_result(conn)?;
    let page = page.within(total);
    let q = named(f, term_ends_in, scope);
    let q = match sort {
        PoolSort::Certificate => q.order((m::certificate_no.asc(), m::id.asc())),
        PoolSort::Name => q.order((users::name.asc(), m::certificate_no.asc(), m::id.asc())),
        PoolSort::Unit => q.order((units::name.asc(), m::certificate_no.asc(), m::id.asc())),
        PoolSort::TermEnds => {
            q.order((m::term_ends_on.asc(), m::certificate_no.asc(), m::id.asc()))
        }
    };
    let rows: Vec<(Row, String)> = q
        .limit(page.per_page)
        .offset(page.offset())
        .select((Row::as_select(), units::name))
        .load(conn)?;
    let (rows, unit_names): (Vec<Row>, Vec<String>) = rows.into_iter().unzip();
    let items = with_names(conn, rows)?
        .into_iter()
        .zip(unit_names)
        .collect();
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// Every entry of the pool under `f` in `scope`, in certificate order (the register's default
/// order), for the register's file.
pub fn all_by_certificate(
    conn: &mut AnyConnection,
    f: &MentorFilter,
    scope: Scope,
) -> Result<Vec<Mentor>, AppError> {
    let rows: Vec<Row> = named(f, None, scope)
        .order((m::certificate_no.asc(), m::id.asc()))
        .select(Row::as_select())
        .load(conn)?;
    with_names(conn, rows)
}

/// How many appointments the rounds of `year` have made (certificate numbers run on across them).
pub fn count_in_year(conn: &mut AnyConnection, year: i32) -> Result<i64, AppError> {
    use super::schema::selection_rounds as r;
    Ok(m::table
        .inner_join(r::table.on(m::round_id.eq(r::id.nullable())))
        .filter(r::year.eq(year))
        .count()
        .get_result(conn)?)
}

/// An active appointment whose term has ended.
pub struct PastTerm {
    pub id: MentorEntryId,
    pub user_id: UserId,
    pub unit_id: UnitId,
    pub certificate_no: String,
    pub term_ends_on: NaiveDate,
}

/// The active appointments whose term ended before `today`.
pub fn past_term(conn: &mut AnyConnection, today: NaiveDate) -> Result<Vec<PastTerm>, AppError> {
    let rows: Vec<(MentorEntryId, UserId, UnitId, String, NaiveDate)> = m::table
        .filter(m::status.eq(MentorStatus::Active.as_str()))
        .filter(m::term_ends_on.lt(today))
        .select((
            m::id,
            m::user_id,
            m::unit_id,
            m::certificate_no,
            m::term_ends_on,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, user_id, unit_id, certificate_no, term_ends_on)| PastTerm {
                id,
                user_id,
                unit_id,
                certificate_no,
                term_ends_on,
            },
        )
        .collect())
}

/// Marks an active appointment expired (its term ended); false if it was no longer active.
pub fn expire(
    conn: &mut AnyConnection,
    id: MentorEntryId,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let changed = diesel::update(
        m::table
            .filter(m::id.eq(id))
            .filter(m::status.eq(MentorStatus::Active.as_str())),
    )
    .set((
        m::status.eq(MentorStatus::Expired.as_str()),
        m::status_reason.eq("term ended"),
        m::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Revokes an active appointment for an unqualified assessment, with the reason.
pub fn revoke(
    conn: &mut AnyConnection,
    id: MentorEntryId,
    assessment: AssessmentId,
    reason: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(
        m::table
            .filter(m::id.eq(id))
            .filter(m::status.eq(MentorStatus::Active.as_str())),
    )
    .set((
        m::status.eq(MentorStatus::Revoked.as_str()),
        m::status_reason.eq(reason),
        m::revoked_on.eq(today),
        m::revoked_assessment_id.eq(assessment),
        m::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(())
}

/// The pool entries holding any of `numbers` (the pool import looks a whole file up at once).
pub fn by_certificates(
    conn: &mut AnyConnection,
    numbers: &[String],
) -> Result<Vec<Mentor>, AppError> {
    let mut rows: Vec<Row> = Vec::new();
    for part in numbers.chunks(super::IDS_PER_QUERY) {
        rows.extend(
            m::table
                .filter(m::certificate_no.eq_any(part))
                .select(Row::as_select())
                .load(conn)?,
        );
    }
    with_names(conn, rows)
}

/// The active pool entries of any of `people` (the imports look a whole file up at once).
pub fn active_of_users(
    conn: &mut AnyConnection,
    people: &[UserId],
) -> Result<Vec<Mentor>, AppError> {
    let rows = super::in_chunks(people, |part| {
        m::table
            .filter(m::user_id.eq_any(part))
            .filter(m::status.eq(MentorStatus::Active.as_str()))
            .select(Row::as_select())
            .load::<Row>(conn)
    })?;
    with_names(conn, rows)
}

/// A pool entry taken over from the program's own register: no round, no nomination.
pub struct ImportedMentor<'a> {
    pub user: UserId,
    pub unit: UnitId,
    pub category: TalentCategory,
    pub certificate_no: &'a str,
    pub appointed_on: NaiveDate,
    pub term_ends_on: NaiveDate,
    pub status: MentorStatus,
    pub status_reason: Option<&'a str>,
    pub revoked_on: Option<NaiveDate>,
}

/// Stores an imported pool entry, marked `source = 'import'`.
pub fn insert_imported(
    conn: &mut AnyConnection,
    new: &ImportedMentor<'_>,
    now: NaiveDateTime,
) -> Result<MentorEntryId, AppError> {
    Ok(diesel::insert_into(m::table)
        .values((
            m::user_id.eq(new.user),
            m::unit_id.eq(new.unit),
            m::category.eq(new.category.as_str()),
            m::certificate_no.eq(new.certificate_no),
            m::appointed_on.eq(new.appointed_on),
            m::term_ends_on.eq(new.term_ends_on),
            m::status.eq(new.status.as_str()),
            m::status_reason.eq(new.status_reason),
            m::revoked_on.eq(new.revoked_on),
            m::source.eq(IMPORTED),
            m::created_at.eq(now),
            m::updated_at.eq(now),
        ))
        .returning(m::id)
        .get_result(conn)?)
}

/// Writes an imported pool entry's category, term and status again (the pool import's update).
pub fn update_imported(
    conn: &mut AnyConnection,
    id: MentorEntryId,
    new: &ImportedMentor<'_>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(m::table.filter(m::id.eq(id)).filter(m::source.eq(IMPORTED)))
        .set((
            m::category.eq(new.category.as_str()),
            m::appointed_on.eq(new.appointed_on),
            m::term_ends_on.eq(new.term_ends_on),
            m::status.eq(new.status.as_str()),
            m::status_reason.eq(new.status_reason),
            m::revoked_on.eq(new.revoked_on),
            m::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The mentors of `unit` in office (within `scope`) with no contract being prepared (none in
/// draft or waiting for signatures: that one is edited instead), by name: whom a unit admin may
/// draft a new contract for (one in an active contract too, for the next cycle). Every one of
/// them, however many the unit has.
pub fn free_in_office(
    conn: &mut AnyConnection,
    unit: UnitId,
    scope: Scope,
) -> Result<Vec<Mentor>, AppError> {
    use super::schema::contracts as k;
    use crate::domain::contract::ContractStatus;
    let open = [
        ContractStatus::Draft.as_str(),
        ContractStatus::PendingSignatures.as_str(),
    ];
    let rows: Vec<Row> = scoped(scope)
        .filter(m::unit_id.eq(unit))
        .filter(m::status.eq(MentorStatus::Active.as_str()))
        .filter(
            m::id.ne_all(
                k::table
                    .filter(k::status.eq_any(open))
                    .select(k::mentor_entry_id),
            ),
        )
        .order(m::id.asc())
        .select(Row::as_select())
        .load(conn)?;
    let mut out = with_names(conn, rows)?;
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.0.cmp(&b.id.0)));
    Ok(out)
}
