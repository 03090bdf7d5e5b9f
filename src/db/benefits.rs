//! Benefit rows and the yearly quotas. Who may see a benefit is part of every read: the city,
//! the admins of the mentor's unit, the mentor.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::schema::{benefit_quotas as q, benefits as b, mentors as m, units, users};
use super::{AnyConnection, MultiBackend};
use crate::domain::benefit::{BenefitKind, BenefitStatus, IssueDetails};
use crate::domain::ids::{BenefitId, MentorEntryId, UnitId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;

/// Who is asking, for the visibility of benefits.
#[derive(Debug, Clone, Copy)]
pub enum Viewer {
    City,
    Unit(UnitId),
    Mentor(UserId),
}

/// A benefit as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Benefit {
    #[schema(value_type = i64)]
    pub id: BenefitId,
    pub kind: BenefitKind,
    #[schema(value_type = i64)]
    pub mentor_entry_id: MentorEntryId,
    pub mentor_user_id: UserId,
    pub mentor_name: String,
    pub unit_id: UnitId,
    /// The year of a yearly benefit (leave, class, tour, commendation).
    pub year: Option<i32>,
    pub status: BenefitStatus,
    /// The mentor's application note, or the city admin's note on a selection.
    pub note: Option<String>,
    pub decision_reason: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub details: IssueDetails,
    pub issued_at: Option<DateTime<Utc>>,
    /// Bus card and apartment: the period.
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    /// Why it ended, as stored: a code such as `mentor revoked`.
    pub end_reason: Option<String>,
    /// The end reason in the reader's language.
    pub end_reason_label: Option<crate::i18n::Localized>,
    pub ended_at: Option<DateTime<Utc>>,
    /// A card or room revoked with the mentor: the day it must be handed back.
    pub return_by: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = b)]
struct Row {
    id: BenefitId,
    kind: String,
    mentor_entry_id: MentorEntryId,
    mentor_user_id: UserId,
    unit_id: UnitId,
    year: Option<i32>,
    status: String,
    note: Option<String>,
    decision_reason: Option<String>,
    decided_at: Option<NaiveDateTime>,
    details: String,
    issued_at: Option<NaiveDateTime>,
    valid_from: Option<NaiveDate>,
    valid_until: Option<NaiveDate>,
    end_reason: Option<String>,
    ended_at: Option<NaiveDateTime>,
    return_by: Option<NaiveDate>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

fn load(conn: &mut AnyConnection, rows: Vec<Row>) -> Result<Vec<Benefit>, AppError> {
    let ids: Vec<UserId> = rows.iter().map(|r| r.mentor_user_id).collect();
    let names = super::users::names(conn, &ids)?;
    rows.into_iter()
        .map(|r| {
            let bad = || AppError::internal(anyhow::anyhow!("bad benefit row {}", r.id));
            Ok(Benefit {
                id: r.id,
                kind: r.kind.parse().map_err(|_| bad())?,
                mentor_entry_id: r.mentor_entry_id,
                mentor_user_id: r.mentor_user_id,
                mentor_name: names.get(&r.mentor_user_id).cloned().unwrap_or_default(),
                unit_id: r.unit_id,
                year: r.year,
                status: r.status.parse().map_err(|_| bad())?,
                note: r.note,
                decision_reason: r.decision_reason,
                decided_at: r.decided_at.map(|t| t.and_utc()),
                details: serde_json::from_str(&r.details).map_err(|_| bad())?,
                issued_at: r.issued_at.map(|t| t.and_utc()),
                valid_from: r.valid_from,
                valid_until: r.valid_until,
                end_reason_label: crate::domain::end_reason::label(r.end_reason.as_deref()),
                end_reason: r.end_reason,
                ended_at: r.ended_at.map(|t| t.and_utc()),
                return_by: r.return_by,
                created_at: r.created_at.and_utc(),
                updated_at: r.updated_at.and_utc(),
            })
        })
        .collect()
}

fn visible(viewer: Viewer) -> b::BoxedQuery<'static, MultiBackend> {
    let q = b::table.into_boxed();
    match viewer {
        Viewer::City => q,
        Viewer::Unit(u) => q.filter(b::unit_id.eq(u)),
        Viewer::Mentor(u) => q.filter(b::mentor_user_id.eq(u)),
    }
}

pub fn find(conn: &mut AnyConnection, id: BenefitId, viewer: Viewer) -> Result<Benefit, AppError> {
    let row = visible(viewer)
        .filter(b::id.eq(id))
        .select(Row::as_select())
        .first(conn)?;
    Ok(load(conn, vec![row])?.remove(0))
}

/// Filters of the benefit list.
#[derive(Debug, Clone, Default)]
pub struct BenefitFilter {
    pub kind: Option<BenefitKind>,
    pub status: Option<BenefitStatus>,
    pub unit_id: Option<UnitId>,
    pub entry: Option<MentorEntryId>,
    /// Issued with a period ending on or before this day.
    pub valid_until_by: Option<NaiveDate>,
    /// One mentor (the unit admin's list offers its mentors).
    pub mentor: Option<UserId>,
    /// A part of the mentor's name (the city admin's list takes it as typed).
    pub mentor_name: Option<String>,
}

/// How an office list of benefits is sorted; each ends with the benefit's id, newest first, so
/// that a page is the same rows every time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BenefitSort {
    /// The newest benefit first.
    #[default]
    Newest,
    /// The mentor's name.
    Mentor,
    /// The unit's name.
    Unit,
    /// The kind, in the order the program lists its benefits (`BenefitKind::ALL`).
    Kind,
    /// The status, in the order of a benefit's life (`BenefitStatus::ALL`).
    Status,
}

/// The benefits with their mentor and unit, so that a list may sort by their names.
type Joined = diesel::dsl::InnerJoinOn<
    diesel::dsl::InnerJoinOn<b::table, users::table, diesel::dsl::Eq<users::id, b::mentor_user_id>>,
    units::table,
    diesel::dsl::Eq<units::id, b::unit_id>,
>;
type Listed = diesel::dsl::IntoBoxed<'static, Joined, MultiBackend>;

/// The benefits `viewer` sees under `f`, joined with their mentor and unit.
fn listed(f: &BenefitFilter, viewer: Viewer) -> Listed {
    let mut q = b::table
        .inner_join(users::table.on(users::id.eq(b::mentor_user_id)))
        .inner_join(units::table.on(units::id.eq(b::unit_id)))
        .into_boxed();
    q = match viewer {
        Viewer::City => q,
        Viewer::Unit(u) => q.filter(b::unit_id.eq(u)),
        Viewer::Mentor(u) => q.filter(b::mentor_user_id.eq(u)),
    };
    if let Some(k) = f.kind {
        q = q.filter(b::kind.eq(k.as_str()));
    }
    if let Some(s) = f.status {
        q = q.filter(b::status.eq(s.as_str()));
    }
    if let Some(u) = f.unit_id {
        q = q.filter(b::unit_id.eq(u));
    }
    if let Some(e) = f.entry {
        q = q.filter(b::mentor_entry_id.eq(e));
    }
    if let Some(d) = f.valid_until_by {
        q = q.filter(b::valid_until.le(d));
    }
    if let Some(u) = f.mentor {
        q = q.filter(b::mentor_user_id.eq(u));
    }
    if let Some(n) = &f.mentor_name {
        q = q.filter(
            users::name
                .like(super::units::contains_pattern(n))
                .escape('\\'),
        );
    }
    q
}

/// `CASE column WHEN code0 THEN 0 … END`: a code's place among `codes`, for a sort that follows
/// the program's order rather than the codes' letters. The codes are the service's own.
fn rank_of(column: &str, codes: impl Iterator<Item = &'static str>) -> String {
    let whens: String = codes
        .enumerate()
        .map(|(i, c)| format!(" WHEN '{c}' THEN {i}"))
        .collect();
    format!("CASE {column}{whens} ELSE 99 END")
}

/// Benefits the viewer may see, newest first.
pub fn list(
    conn: &mut AnyConnection,
    f: &BenefitFilter,
    viewer: Viewer,
) -> Result<Vec<Benefit>, AppError> {
    let rows: Vec<Row> = listed(f, viewer)
        .order(b::id.desc())
        .select(Row::as_select())
        .load(conn)?;
    load(conn, rows)
}

/// One page of the benefits the viewer may see under `f`, sorted by the database, with the
/// total; a page past the end is the last page.
pub fn page(
    conn: &mut AnyConnection,
    f: &BenefitFilter,
    viewer: Viewer,
    sort: BenefitSort,
    page: PageRequest,
) -> Result<Page<Benefit>, AppError> {
    use diesel::dsl::sql;
    use diesel::sql_types::Integer;
    let total: i64 = listed(f, viewer).count().get_result(conn)?;
    let page = page.within(total);
    let q = listed(f, viewer);
    let q = match sort {
        BenefitSort::Newest => q.order(b::id.desc()),
        BenefitSort::Mentor => q.order((users::name.asc(), b::id.desc())),
        BenefitSort::Unit => q.order((units::name.asc(), b::id.desc())),
        BenefitSort::Kind => q.order((
            sql::<Integer>(&rank_of(
                "benefits.kind",
                BenefitKind::ALL.iter().map(|k| k.as_str()),
            ))
            .asc(),
            b::id.desc(),
        )),
        BenefitSort::Status => q.order((
            sql::<Integer>(&rank_of(
                "benefits.status",
                BenefitStatus::ALL.iter().map(|s| s.as_str()),
            ))
            .asc(),
            b::id.desc(),
        )),
    };
    let rows: Vec<Row> = q
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

/// The key that keeps a mentor from holding two of a kind at once (see the migration).
pub fn open_key(
    kind: BenefitKind,
    entry: MentorEntryId,
    year: Option<i32>,
    status: BenefitStatus,
) -> Option<String> {
    match (kind.yearly(), status) {
        (_, BenefitStatus::Declined) => None,
        (true, _) => Some(format!("{entry}:{}:{}", kind.as_str(), year.unwrap_or(0))),
        (false, BenefitStatus::Applied | BenefitStatus::Approved) => {
            Some(format!("{entry}:{}", kind.as_str()))
        }
        (false, _) => None,
    }
}

/// A new benefit: an application (`applied`) or a selection (`approved`).
pub struct NewBenefit<'a> {
    pub kind: BenefitKind,
    pub entry: MentorEntryId,
    pub user: UserId,
    pub unit: UnitId,
    pub year: Option<i32>,
    pub status: BenefitStatus,
    pub note: Option<&'a str>,
    pub details: &'a IssueDetails,
    pub by: UserId,
}

/// Stores a benefit; a second open one of the same kind is a unique violation.
pub fn insert(
    conn: &mut AnyConnection,
    new: &NewBenefit<'_>,
    now: NaiveDateTime,
) -> Result<BenefitId, diesel::result::Error> {
    let details = serde_json::to_string(new.details).unwrap_or_else(|_| "{}".into());
    diesel::insert_into(b::table)
        .values((
            b::kind.eq(new.kind.as_str()),
            b::mentor_entry_id.eq(new.entry),
            b::mentor_user_id.eq(new.user),
            b::unit_id.eq(new.unit),
            b::year.eq(new.year),
            b::status.eq(new.status.as_str()),
            b::open_key.eq(open_key(new.kind, new.entry, new.year, new.status)),
            b::note.eq(new.note),
            b::details.eq(details),
            b::created_by.eq(new.by),
            b::created_at.eq(now),
            b::updated_at.eq(now),
        ))
        .returning(b::id)
        .get_result(conn)
}

/// The city admin's decision on an application; false when it was no longer `applied`.
pub fn decide(
    conn: &mut AnyConnection,
    x: &Benefit,
    status: BenefitStatus,
    reason: &str,
    by: UserId,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        b::table
            .find(x.id)
            .filter(b::status.eq(BenefitStatus::Applied.as_str())),
    )
    .set((
        b::status.eq(status.as_str()),
        b::open_key.eq(open_key(x.kind, x.mentor_entry_id, x.year, status)),
        b::decision_reason.eq(reason),
        b::decided_by.eq(by),
        b::decided_at.eq(now),
        b::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Issues an approved benefit; false when it was no longer `approved`.
#[allow(clippy::too_many_arguments)]
pub fn issue(
    conn: &mut AnyConnection,
    x: &Benefit,
    details: &IssueDetails,
    valid: Option<(NaiveDate, NaiveDate)>,
    by: UserId,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let json = serde_json::to_string(details).map_err(AppError::internal)?;
    let n = diesel::update(
        b::table
            .find(x.id)
            .filter(b::status.eq(BenefitStatus::Approved.as_str())),
    )
    .set((
        b::status.eq(BenefitStatus::Issued.as_str()),
        b::open_key.eq(open_key(
            x.kind,
            x.mentor_entry_id,
            x.year,
            BenefitStatus::Issued,
        )),
        b::details.eq(json),
        b::issued_by.eq(by),
        b::issued_at.eq(now),
        b::valid_from.eq(valid.map(|v| v.0)),
        b::valid_until.eq(valid.map(|v| v.1)),
        b::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Replaces the details of a benefit (the date and place of a selection).
pub fn set_details(
    conn: &mut AnyConnection,
    x: &Benefit,
    details: &IssueDetails,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let json = serde_json::to_string(details).map_err(AppError::internal)?;
    diesel::update(b::table.find(x.id))
        .set((b::details.eq(json), b::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Ends a benefit (expired or revoked) with a reason and, for a card or room, the return day.
pub fn end(
    conn: &mut AnyConnection,
    x: &Benefit,
    status: BenefitStatus,
    reason: &str,
    return_by: Option<NaiveDate>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(b::table.find(x.id))
        .set((
            b::status.eq(status.as_str()),
            b::open_key.eq(open_key(x.kind, x.mentor_entry_id, x.year, status)),
            b::end_reason.eq(reason),
            b::ended_at.eq(now),
            b::return_by.eq(return_by),
            b::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The running (applied, approved or issued) benefits of a pool entry.
pub fn running_of(
    conn: &mut AnyConnection,
    entry: MentorEntryId,
) -> Result<Vec<Benefit>, AppError> {
    let rows: Vec<Row> = b::table
        .filter(b::mentor_entry_id.eq(entry))
        .filter(b::status.eq_any([
            BenefitStatus::Applied.as_str(),
            BenefitStatus::Approved.as_str(),
            BenefitStatus::Issued.as_str(),
        ]))
        .select(Row::as_select())
        .load(conn)?;
    load(conn, rows)
}

/// Issued benefits whose period ended before `today`.
pub fn past_validity(conn: &mut AnyConnection, today: NaiveDate) -> Result<Vec<Benefit>, AppError> {
    let rows: Vec<Row> = b::table
        .filter(b::status.eq(BenefitStatus::Issued.as_str()))
        .filter(b::valid_until.lt(today))
        .select(Row::as_select())
        .load(conn)?;
    load(conn, rows)
}

/// The check date of each person's last health check done, across appointments.
pub fn last_health_checks(
    conn: &mut AnyConnection,
    users_of: &[UserId],
) -> Result<std::collections::HashMap<UserId, NaiveDate>, AppError> {
    let rows: Vec<(UserId, String)> = super::in_chunks(users_of, |part| {
        b::table
            .filter(b::kind.eq(BenefitKind::HealthCheck.as_str()))
            .filter(b::mentor_user_id.eq_any(part))
            .filter(b::status.eq_any([
                BenefitStatus::Issued.as_str(),
                BenefitStatus::Expired.as_str(),
                BenefitStatus::Revoked.as_str(),
            ]))
            .filter(b::issued_at.is_not_null())
            .select((b::mentor_user_id, b::details))
            .load(conn)
    })?;
    let mut out = std::collections::HashMap::new();
    for (user, details) in rows {
        let d: IssueDetails = serde_json::from_str(&details).map_err(AppError::internal)?;
        if let Some(day) = d.checked_on {
            let slot = out.entry(user).or_insert(day);
            if day > *slot {
                *slot = day;
            }
        }
    }
    Ok(out)
}

/// The year of each person's last commendation issued, across appointments.
pub fn last_commendations(
    conn: &mut AnyConnection,
    users_of: &[UserId],
) -> Result<std::collections::HashMap<UserId, i32>, AppError> {
    let rows: Vec<(UserId, Option<i32>)> = super::in_chunks(users_of, |part| {
        b::table
            .filter(b::kind.eq(BenefitKind::Commendation.as_str()))
            .filter(b::mentor_user_id.eq_any(part))
            .filter(b::issued_at.is_not_null())
            .select((b::mentor_user_id, b::year))
            .load(conn)
    })?;
    let mut out = std::collections::HashMap::new();
    for (user, year) in rows {
        let y = year.unwrap_or_default();
        let slot = out.entry(user).or_insert(y);
        *slot = (*slot).max(y);
    }
    Ok(out)
}

/// An active pool entry, as the benefits see it.
#[derive(Debug, Clone, Copy)]
pub struct ActiveEntry {
    pub entry: MentorEntryId,
    pub user: UserId,
    pub unit: UnitId,
    pub appointed_on: NaiveDate,
}

/// The active pool entries, optionally of one unit or one person.
pub fn active_entries(
    conn: &mut AnyConnection,
    unit: Option<UnitId>,
    user: Option<UserId>,
) -> Result<Vec<ActiveEntry>, AppError> {
    let mut q = m::table
        .filter(m::status.eq(crate::domain::review::MentorStatus::Active.as_str()))
        .into_boxed();
    if let Some(u) = unit {
        q = q.filter(m::unit_id.eq(u));
    }
    if let Some(u) = user {
        q = q.filter(m::user_id.eq(u));
    }
    let rows: Vec<(MentorEntryId, UserId, UnitId, NaiveDate)> = q
        .order(m::id.asc())
        .select((m::id, m::user_id, m::unit_id, m::appointed_on))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(entry, user, unit, appointed_on)| ActiveEntry {
            entry,
            user,
            unit,
            appointed_on,
        })
        .collect())
}

/// A year's quota of a kind: `(quota, used)`, created from `default` on first use.
pub fn quota(
    conn: &mut AnyConnection,
    year: i32,
    kind: BenefitKind,
    default: u32,
    now: NaiveDateTime,
) -> Result<(i32, i32), AppError> {
    let values = (
        q::year.eq(year),
        q::kind.eq(kind.as_str()),
        q::quota.eq(default as i32),
        q::used.eq(0),
        q::updated_at.eq(now),
    );
    match conn {
        AnyConnection::Sqlite(c) => diesel::insert_into(q::table)
            .values(values)
            .on_conflict((q::year, q::kind))
            .do_nothing()
            .execute(c)?,
        AnyConnection::Postgresql(c) => diesel::insert_into(q::table)
            .values(values)
            .on_conflict((q::year, q::kind))
            .do_nothing()
            .execute(c)?,
    };
    Ok(q::table
        .filter(q::year.eq(year))
        .filter(q::kind.eq(kind.as_str()))
        .select((q::quota, q::used))
        .first(conn)?)
}

/// Sets a year's quota; false when it would fall below the places already used.
pub fn set_quota(
    conn: &mut AnyConnection,
    year: i32,
    kind: BenefitKind,
    value: u32,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        q::table
            .filter(q::year.eq(year))
            .filter(q::kind.eq(kind.as_str()))
            .filter(q::used.le(value as i32)),
    )
    .set((q::quota.eq(value as i32), q::updated_at.eq(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Takes one place of a year's quota; false when none is left. One statement, so two
/// selections at once cannot both take the last place.
pub fn take_place(
    conn: &mut AnyConnection,
    year: i32,
    kind: BenefitKind,
) -> Result<bool, AppError> {
    let n = diesel::update(
        q::table
            .filter(q::year.eq(year))
            .filter(q::kind.eq(kind.as_str()))
            .filter(q::used.lt(q::quota)),
    )
    .set(q::used.eq(q::used + 1))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives a place back (a selection revoked before it was used).
pub fn give_back_place(
    conn: &mut AnyConnection,
    year: i32,
    kind: BenefitKind,
) -> Result<(), AppError> {
    diesel::update(
        q::table
            .filter(q::year.eq(year))
            .filter(q::kind.eq(kind.as_str()))
            .filter(q::used.gt(0)),
    )
    .set(q::used.eq(q::used - 1))
    .execute(conn)?;
    Ok(())
}
