//! Contract queries. Who may see a contract is part of every read: its mentor, its mentees (past
//! ones too), the admins of its unit, the city.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::schema::{contract_indicators as ci, contract_mentees as cm, contracts as k, users};
use super::{AnyConnection, MultiBackend, in_chunks};
use crate::domain::contract::{ContractStatus, Indicator, LeaveReason, Measure, Terms};
use crate::domain::ids::{ContractId, IndicatorId, MentorEntryId, UnitId, UserId};
use crate::domain::indicator::IndicatorKind;
use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;

/// Who is asking, for the visibility of contracts.
#[derive(Debug, Clone, Copy)]
pub enum Viewer {
    City,
    /// A unit admin of this unit, who may also be a mentor or mentee.
    UnitAdmin(UnitId, UserId),
    /// A mentor or mentee: only their own contracts.
    Person(UserId),
}

/// An indicator as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorView {
    #[schema(value_type = i64)]
    pub id: IndicatorId,
    pub kind: IndicatorKind,
    pub description: String,
    pub yearly_target: i32,
    pub measure: Measure,
}

/// A mentee's place in a contract, current or past.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Membership {
    pub user_id: UserId,
    pub name: String,
    pub justification: Option<String>,
    /// The day the mentee joined (the activation, or a replacement's day).
    pub joined_on: Option<NaiveDate>,
    pub signed_at: Option<DateTime<Utc>>,
    pub left_on: Option<NaiveDate>,
    pub leave_reason: Option<LeaveReason>,
    pub leave_note: Option<String>,
    /// The mentee is bound by the contract but has not signed it yet: every mentee while it waits
    /// for signatures, and a replacement who joined an active contract until they sign. A pending
    /// mentee does not count toward the contract's mentees trained.
    pub signature_pending: bool,
}

/// A contract as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Contract {
    #[schema(value_type = i64)]
    pub id: ContractId,
    #[schema(value_type = i64)]
    pub mentor_entry_id: MentorEntryId,
    pub mentor_user_id: UserId,
    pub mentor_name: String,
    pub unit_id: UnitId,
    pub status: ContractStatus,
    pub start_date: NaiveDate,
    pub cycle_months: i32,
    pub end_date: NaiveDate,
    /// Raised by every change of terms; each version needs new signatures.
    pub version: i32,
    pub mentor_signed_at: Option<DateTime<Utc>>,
    /// Why it ended, as stored: a code such as `mentor revoked`, or the city admin's reason.
    pub end_reason: Option<String>,
    /// The end reason in the reader's language.
    pub end_reason_label: Option<crate::i18n::Localized>,
    pub activated_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub indicators: Vec<IndicatorView>,
    /// The mentees in the contract now.
    pub mentees: Vec<Membership>,
    /// Mentees who left, with when and why.
    pub former_mentees: Vec<Membership>,
    /// How many different mentees the contract has trained in the cycle (the rule: at least 5).
    pub trained_count: usize,
    /// Taken over from a program that ran before the service (the contracts import): signed on
    /// paper, its signatures recorded as given on its start date.
    pub imported: bool,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = k)]
struct Row {
    id: ContractId,
    mentor_entry_id: MentorEntryId,
    mentor_user_id: UserId,
    unit_id: UnitId,
    status: String,
    start_date: NaiveDate,
    cycle_months: i32,
    end_date: NaiveDate,
    version: i32,
    mentor_signed_at: Option<NaiveDateTime>,
    end_reason: Option<String>,
    activated_at: Option<NaiveDateTime>,
    ended_at: Option<NaiveDateTime>,
    source: String,
}

/// A mentee's row: contract, mentee, name, justification, joined, signed, left, reason, note.
type MemberRow = (
    ContractId,
    UserId,
    String,
    Option<String>,
    Option<NaiveDate>,
    Option<NaiveDateTime>,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
);

/// An indicator's row: contract, id, kind, description, yearly target, measure.
type IndicatorRow = (ContractId, IndicatorId, String, String, i32, String);

/// Contracts with their mentor's user row, so that the mentor's name comes with the contract.
type Joined =
    diesel::dsl::InnerJoinOn<k::table, users::table, diesel::dsl::Eq<users::id, k::mentor_user_id>>;
type Visible = diesel::dsl::IntoBoxed<'static, Joined, MultiBackend>;

/// The contracts a person is in, as mentor or mentee (past ones too): one `UNION` of two
/// indexed lookups. Done apart from the list query, because PostgreSQL answers `mentor = ? OR
/// id IN (subquery)` with a scan of every contract. `UNION` is not available through the multi-backend connection, so the one query is run on
/// the backend's own connection.
fn own_ids(conn: &mut AnyConnection, me: UserId) -> Result<Vec<ContractId>, AppError> {
    let q = k::table
        .filter(k::mentor_user_id.eq(me))
        .select(k::id)
        .union(
            cm::table
                .filter(cm::mentee_user_id.eq(me))
                .select(cm::contract_id),
        );
    Ok(match conn {
        AnyConnection::Sqlite(c) => q.load(c)?,
        AnyConnection::Postgresql(c) => q.load(c)?,
    })
}

fn visible(conn: &mut AnyConnection, viewer: Viewer) -> Result<Visible, AppError> {
    let q = k::table
        .inner_join(users::table.on(users::id.eq(k::mentor_user_id)))
        .into_boxed();
    Ok(match viewer {
        Viewer::City => q,
        Viewer::UnitAdmin(unit, me) => {
            let mine = own_ids(conn, me)?;
            q.filter(k::unit_id.eq(unit).or(k::id.eq_any(mine)))
        }
        Viewer::Person(me) => q.filter(k::id.eq_any(own_ids(conn, me)?)),
    })
}

/// Builds the views of `rows` (each with its mentor's name): the indicators and the mentees of
/// all of them in two queries, not two per contract.
fn load_many(
    conn: &mut AnyConnection,
    rows: Vec<(Row, String)>,
) -> Result<Vec<Contract>, AppError> {
    let ids: Vec<ContractId> = rows.iter().map(|(r, _)| r.id).collect();
    // One contract (a detail, or a mentor's list) is read with `=`, a statement of fixed shape
    // and not boxed, which the statement cache keeps; a list of ids is a new statement at each
    // length, and SQLite prepares it afresh every time.
    let indicator_columns = (
        ci::contract_id,
        ci::id,
        ci::kind,
        ci::description,
        ci::yearly_target,
        ci::measure,
    );
    let indicators_of = |conn: &mut AnyConnection, part: &[ContractId]| match part {
        [one] => ci::table
            .filter(ci::contract_id.eq(*one))
            .order(ci::id.asc())
            .select(indicator_columns)
            .load::<IndicatorRow>(conn),
        _ => ci::table
            .filter(ci::contract_id.eq_any(part.to_vec()))
            .order(ci::id.asc())
            .select(indicator_columns)
            .load::<IndicatorRow>(conn),
    };
    let mut indicators: HashMap<ContractId, Vec<IndicatorRow>> = HashMap::new();
    for i in in_chunks(&ids, |part| indicators_of(conn, part))? {
        indicators.entry(i.0).or_default().push(i);
    }
    let member_columns = (
        cm::contract_id,
        cm::mentee_user_id,
        users::name,
        cm::justification,
        cm::joined_on,
        cm::signed_at,
        cm::left_on,
        cm::leave_reason,
        cm::leave_note,
    );
    let members_of = |conn: &mut AnyConnection, part: &[ContractId]| {
        let q = cm::table.inner_join(users::table.on(users::id.eq(cm::mentee_user_id)));
        match part {
            [one] => q
                .filter(cm::contract_id.eq(*one))
                .order(cm::id.asc())
                .select(member_columns)
                .load::<MemberRow>(conn),
            _ => q
                .filter(cm::contract_id.eq_any(part.to_vec()))
                .order(cm::id.asc())
                .select(member_columns)
                .load::<MemberRow>(conn),
        }
    };
    let mut members: HashMap<ContractId, Vec<MemberRow>> = HashMap::new();
    for m in in_chunks(&ids, |part| members_of(conn, part))? {
        members.entry(m.0).or_default().push(m);
    }
    rows.into_iter()
        .map(|(row, mentor_name)| {
            let id = row.id;
            build(
                row,
                mentor_name,
                indicators.remove(&id).unwrap_or_default(),
                members.remove(&id).unwrap_or_default(),
            )
        })
        .collect()
}

fn build(
    row: Row,
    mentor_name: String,
    indicators: Vec<IndicatorRow>,
    members: Vec<MemberRow>,
) -> Result<Contract, AppError> {
    let bad = |what: &str| AppError::internal(anyhow::anyhow!("bad {what} in contract {}", row.id));
    let status: ContractStatus = row.status.parse().map_err(|_| bad("status"))?;
    let binding = matches!(
        status,
        ContractStatus::PendingSignatures | ContractStatus::Active
    );
    let to_member = |m: MemberRow| Membership {
        signature_pending: binding && m.5.is_none() && m.6.is_none(),
        user_id: m.1,
        name: m.2,
        justification: m.3,
        joined_on: m.4,
        signed_at: m.5.map(|t| t.and_utc()),
        left_on: m.6,
        leave_reason: m.7.and_then(|r| r.parse().ok()),
        leave_note: m.8,
    };
    let (former, current): (Vec<_>, Vec<_>) = members
        .into_iter()
        .map(to_member)
        .partition(|m| m.left_on.is_some());
    let mut ids: Vec<UserId> = current
        .iter()
        .chain(&former)
        .filter(|m| m.signed_at.is_some())
        .map(|m| m.user_id)
        .collect();
    ids.sort();
    ids.dedup();
    Ok(Contract {
        id: row.id,
        mentor_entry_id: row.mentor_entry_id,
        mentor_user_id: row.mentor_user_id,
        mentor_name,
        unit_id: row.unit_id,
        status,
        start_date: row.start_date,
        cycle_months: row.cycle_months,
        end_date: row.end_date,
        version: row.version,
        mentor_signed_at: row.mentor_signed_at.map(|t| t.and_utc()),
        end_reason_label: crate::domain::end_reason::label(row.end_reason.as_deref()),
        end_reason: row.end_reason,
        activated_at: row.activated_at.map(|t| t.and_utc()),
        ended_at: row.ended_at.map(|t| t.and_utc()),
        imported: row.source == IMPORTED,
        indicators: indicators
            .into_iter()
            .map(|(_, id, kind, description, yearly_target, measure)| {
                Ok(IndicatorView {
                    id,
                    kind: kind.parse().map_err(|_| bad("indicator kind"))?,
                    description,
                    yearly_target,
                    measure: measure.parse().map_err(|_| bad("indicator measure"))?,
                })
            })
            .collect::<Result<_, AppError>>()?,
        trained_count: if status == ContractStatus::Draft
            || status == ContractStatus::PendingSignatures
        {
            0
        } else {
            ids.len()
        },
        mentees: current,
        former_mentees: former,
    })
}

/// The contract if the viewer may see it; otherwise `NotFound`.
///
/// One statement of fixed shape, not boxed, so that it is prepared once per connection and then
/// taken from the statement cache: the viewer's reach is bound values (everything, a unit, a
/// person), not a different query for each kind of viewer, and the person's part as a mentee is
/// a subquery, not a list of their contracts' ids. (A subquery beside `OR` is a scan of every
/// contract on PostgreSQL when nothing else narrows the rows; here the primary key does.)
pub fn find(
    conn: &mut AnyConnection,
    id: ContractId,
    viewer: Viewer,
) -> Result<Contract, AppError> {
    let (everything, unit, person): (bool, Option<UnitId>, Option<UserId>) = match viewer {
        Viewer::City => (true, None, None),
        Viewer::UnitAdmin(unit, me) => (false, Some(unit), Some(me)),
        Viewer::Person(me) => (false, None, Some(me)),
    };
    let mentee_of = cm::table
        .filter(cm::mentee_user_id.nullable().eq(person))
        .select(cm::contract_id);
    let row: (Row, String) = k::table
        .inner_join(users::table.on(users::id.eq(k::mentor_user_id)))
        .filter(k::id.eq(id))
        .filter(
            everything
                .into_sql::<diesel::sql_types::Bool>()
                .or(k::unit_id.nullable().eq(unit))
                .or(k::mentor_user_id.nullable().eq(person))
                .or(k::id.eq_any(mentee_of)),
        )
        .select((Row::as_select(), users::name))
        .first(conn)?;
    Ok(load_many(conn, vec![row])?.remove(0))
}

/// Every contract a person is in, as mentor or mentee (past ones too), with the mentor's name,
/// newest first: two indexed statements of fixed shape (the contracts they mentor, those they are
/// a mentee of), which the statement cache keeps, instead of their ids and then a list of them.
fn of_person(
    conn: &mut AnyConnection,
    me: UserId,
    status: Option<ContractStatus>,
) -> Result<Vec<(Row, String)>, AppError> {
    // The status filter is bound values (any status, or this one), so that both statements
    // keep one shape, unboxed, which the statement cache keeps.
    let any_status = status.is_none();
    let wanted = status.map_or("", |s| s.as_str());
    let by_status = || {
        any_status
            .into_sql::<diesel::sql_types::Bool>()
            .or(k::status.eq(wanted))
    };
    let joined = || k::table.inner_join(users::table.on(users::id.eq(k::mentor_user_id)));
    let mut all: Vec<(Row, String)> = joined()
        .filter(k::mentor_user_id.eq(me))
        .filter(by_status())
        .select((Row::as_select(), users::name))
        .load(conn)?;
    all.extend(
        joined()
            .filter(
                k::id.eq_any(
                    cm::table
                        .filter(cm::mentee_user_id.eq(me))
                        .select(cm::contract_id),
                ),
            )
            .filter(by_status())
            .select((Row::as_select(), users::name))
            .load::<(Row, String)>(conn)?,
    );
    all.sort_by_key(|(r, _)| std::cmp::Reverse(r.id));
    all.dedup_by_key(|(r, _)| r.id);
    Ok(all)
}

/// The contracts the viewer may see, newest first.
pub fn list(
    conn: &mut AnyConnection,
    viewer: Viewer,
    status: Option<ContractStatus>,
    page: PageRequest,
) -> Result<Page<Contract>, AppError> {
    let filtered = |conn: &mut AnyConnection| -> Result<_, AppError> {
        let mut q = visible(conn, viewer)?;
        if let Some(s) = status {
            q = q.filter(k::status.eq(s.as_str()));
        }
        Ok(q)
    };
    let (total, rows): (i64, Vec<(Row, String)>) = if let Viewer::Person(me) = viewer {
        // A person is in a handful of contracts: all of them read, counted and paged here.
        let all = of_person(conn, me, status)?;
        let offset = usize::try_from(page.offset()).unwrap_or(usize::MAX);
        let per_page = usize::try_from(page.per_page).unwrap_or(usize::MAX);
        let total = all.len() as i64;
        (total, all.into_iter().skip(offset).take(per_page).collect())
    } else {
        let total: i64 = filtered(conn)?.count().get_result(conn)?;
        let rows = filtered(conn)?
            .order(k::id.desc())
            .limit(page.per_page)
            .offset(page.offset())
            .select((Row::as_select(), users::name))
            .load(conn)?;
        (total, rows)
    };
    Ok(Page {
        items: load_many(conn, rows)?,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// How an office list of contracts is sorted; each ends with the contract's id, so that a page is
/// the same rows every time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ContractSort {
    /// The newest contract first.
    #[default]
    Newest,
    /// The mentor's name, then the newest first.
    Mentor,
    /// The cycle's last day, soonest first.
    Ends,
    /// The cycle's first day, latest first.
    Starts,
}

/// The filters of an office list of contracts.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContractFilter {
    pub status: Option<ContractStatus>,
    pub mentor: Option<UserId>,
    pub unit: Option<UnitId>,
    /// The year the cycle ends in.
    pub ends_in: Option<i32>,
}

/// Which contracts a viewer sees, for the queries of other tables that follow a contract's
/// visibility (activities, plans): all, or those of a unit and some more, or some.
pub(super) enum Seen {
    All,
    UnitAnd(UnitId, Vec<ContractId>),
    Only(Vec<ContractId>),
}

/// What `viewer` sees, as `visible` filters it.
pub(super) fn seen(conn: &mut AnyConnection, viewer: Viewer) -> Result<Seen, AppError> {
    Ok(match viewer {
        Viewer::City => Seen::All,
        Viewer::UnitAdmin(unit, me) => Seen::UnitAnd(unit, own_ids(conn, me)?),
        Viewer::Person(me) => Seen::Only(own_ids(conn, me)?),
    })
}

/// The first and the last day of `year`.
pub(super) fn year_span(year: i32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
    (first, last)
}

fn filtered_by(
    conn: &mut AnyConnection,
    viewer: Viewer,
    f: &ContractFilter,
) -> Result<Visible, AppError> {
    let mut q = visible(conn, viewer)?;
    if let Some(s) = f.status {
        q = q.filter(k::status.eq(s.as_str()));
    }
    if let Some(m) = f.mentor {
        q = q.filter(k::mentor_user_id.eq(m));
    }
    if let Some(u) = f.unit {
        q = q.filter(k::unit_id.eq(u));
    }
    if let Some(y) = f.ends_in {
        let (first, last) = year_span(y);
        q = q.filter(k::end_date.between(first, last));
    }
    Ok(q)
}

/// One page of the contracts the viewer sees (the contract viewer's scope), filtered and sorted
/// by the database, with the total; a page past the end is the last page.
pub fn page(
    conn: &mut AnyConnection,
    viewer: Viewer,
    f: &ContractFilter,
    sort: ContractSort,
    page: PageRequest,
) -> Result<Page<Contract>, AppError> {
    let total: i64 = filtered_by(conn, viewer, f)?.count().get_result(conn)?;
    let page = page.within(total);
    let q = filtered_by(conn, viewer, f)?;
    let q = match sort {
        ContractSort::Newest => q.order(k::id.desc()),
        ContractSort::Mentor => q.order((users::name.asc(), k::id.desc())),
        ContractSort::Ends => q.order((k::end_date.asc(), k::id.desc())),
        ContractSort::Starts => q.order((k::start_date.desc(), k::id.desc())),
    };
    let rows: Vec<(Row, String)> = q
        .limit(page.per_page)
        .offset(page.offset())
        .select((Row::as_select(), users::name))
        .load(conn)?;
    Ok(Page {
        items: load_many(conn, rows)?,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// How many of the contracts the viewer sees, under `f` but for its status, are in each status.
pub fn status_counts(
    conn: &mut AnyConnection,
    viewer: Viewer,
    f: &ContractFilter,
) -> Result<Vec<(ContractStatus, i64)>, AppError> {
    let mut out = Vec::new();
    for s in ContractStatus::ALL {
        let only = ContractFilter {
            status: Some(*s),
            ..*f
        };
        out.push((
            *s,
            filtered_by(conn, viewer, &only)?.count().get_result(conn)?,
        ));
    }
    Ok(out)
}

/// The mentors of the contracts the viewer sees, by name: a mentor filter's choices.
pub fn mentors_seen(
    conn: &mut AnyConnection,
    viewer: Viewer,
) -> Result<Vec<(UserId, String)>, AppError> {
    Ok(visible(conn, viewer)?
        .select((k::mentor_user_id, users::name))
        .distinct()
        .order((users::name.asc(), k::mentor_user_id.asc()))
        .load(conn)?)
}

/// The first start and the last end of the contracts the viewer sees (`None` when there are
/// none): the span of a year filter's choices.
pub fn span_seen(
    conn: &mut AnyConnection,
    viewer: Viewer,
) -> Result<Option<(NaiveDate, NaiveDate)>, AppError> {
    let first: Option<NaiveDate> = visible(conn, viewer)?
        .select(diesel::dsl::min(k::start_date))
        .first(conn)?;
    let last: Option<NaiveDate> = visible(conn, viewer)?
        .select(diesel::dsl::max(k::end_date))
        .first(conn)?;
    Ok(first.zip(last))
}

/// The years in which the cycles of the contracts the viewer sees end, earliest first.
pub fn end_years_seen(conn: &mut AnyConnection, viewer: Viewer) -> Result<Vec<i32>, AppError> {
    use chrono::Datelike;
    let days: Vec<NaiveDate> = visible(conn, viewer)?
        .select(k::end_date)
        .distinct()
        .load(conn)?;
    let years: std::collections::BTreeSet<i32> = days.iter().map(|d| d.year()).collect();
    Ok(years.into_iter().collect())
}

/// What a new contract needs besides its terms.
pub struct NewContract {
    pub mentor_entry_id: MentorEntryId,
    pub mentor_user: UserId,
    pub unit: UnitId,
    pub created_by: UserId,
}

fn write_terms(
    conn: &mut AnyConnection,
    id: ContractId,
    terms: &Terms,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::delete(ci::table.filter(ci::contract_id.eq(id))).execute(conn)?;
    for i in &terms.indicators {
        write_indicator(conn, id, i)?;
    }
    diesel::delete(cm::table.filter(cm::contract_id.eq(id))).execute(conn)?;
    for m in &terms.mentees {
        diesel::insert_into(cm::table)
            .values((
                cm::contract_id.eq(id),
                cm::mentee_user_id.eq(m.user_id),
                cm::justification.eq(m
                    .justification
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())),
                cm::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn write_indicator(
    conn: &mut AnyConnection,
    id: ContractId,
    i: &Indicator,
) -> Result<(), AppError> {
    diesel::insert_into(ci::table)
        .values((
            ci::contract_id.eq(id),
            ci::kind.eq(i.kind.as_str()),
            ci::description.eq(&i.description),
            ci::yearly_target.eq(i.yearly_target as i32),
            ci::measure.eq(i.measure.as_str()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn insert(
    conn: &mut AnyConnection,
    new: &NewContract,
    terms: &Terms,
    now: NaiveDateTime,
) -> Result<ContractId, AppError> {
    let id: ContractId = diesel::insert_into(k::table)
        .values((
            k::mentor_entry_id.eq(new.mentor_entry_id),
            k::mentor_user_id.eq(new.mentor_user),
            k::unit_id.eq(new.unit),
            k::status.eq(ContractStatus::Draft.as_str()),
            k::start_date.eq(terms.start_date),
            k::cycle_months.eq(terms.cycle_months as i32),
            k::end_date.eq(terms.end_date()),
            k::version.eq(1),
            k::created_by.eq(new.created_by),
            k::created_at.eq(now),
            k::updated_at.eq(now),
        ))
        .returning(k::id)
        .get_result(conn)?;
    write_terms(conn, id, terms, now)?;
    Ok(id)
}

/// Replaces a draft's terms and raises its version.
pub fn update_terms(
    conn: &mut AnyConnection,
    id: ContractId,
    terms: &Terms,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(k::table.filter(k::id.eq(id)))
        .set((
            k::start_date.eq(terms.start_date),
            k::cycle_months.eq(terms.cycle_months as i32),
            k::end_date.eq(terms.end_date()),
            k::version.eq(k::version + 1),
            k::updated_at.eq(now),
        ))
        .execute(conn)?;
    write_terms(conn, id, terms, now)
}

pub fn set_status(
    conn: &mut AnyConnection,
    id: ContractId,
    status: ContractStatus,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(k::table.filter(k::id.eq(id)))
        .set((k::status.eq(status.as_str()), k::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Records the mentor's signature.
pub fn sign_as_mentor(
    conn: &mut AnyConnection,
    id: ContractId,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(k::table.filter(k::id.eq(id)))
        .set((k::mentor_signed_at.eq(now), k::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Records a current mentee's signature; false if they are not a current mentee. With
/// `only_unsigned`, a signature already given is kept as it is (and false is answered).
pub fn sign_as_mentee(
    conn: &mut AnyConnection,
    id: ContractId,
    mentee: UserId,
    only_unsigned: bool,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let current = cm::table
        .filter(cm::contract_id.eq(id))
        .filter(cm::mentee_user_id.eq(mentee))
        .filter(cm::left_on.is_null());
    let n = if only_unsigned {
        diesel::update(current.filter(cm::signed_at.is_null()))
            .set(cm::signed_at.eq(now))
            .execute(conn)?
    } else {
        diesel::update(current)
            .set(cm::signed_at.eq(now))
            .execute(conn)?
    };
    Ok(n > 0)
}

/// Makes the contract active: takes the locks that allow one active contract per person. A
/// person already in another active contract makes this fail with a unique violation.
pub fn activate(
    conn: &mut AnyConnection,
    id: ContractId,
    mentor: UserId,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(k::table.filter(k::id.eq(id)))
        .set((
            k::status.eq(ContractStatus::Active.as_str()),
            k::active_mentor_lock.eq(mentor),
            k::activated_at.eq(now),
            k::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(
        cm::table
            .filter(cm::contract_id.eq(id))
            .filter(cm::left_on.is_null()),
    )
    .set((
        cm::active_mentee_lock.eq(cm::mentee_user_id.nullable()),
        cm::joined_on.eq(today),
    ))
    .execute(conn)?;
    Ok(())
}

/// Ends an active contract (completed or terminated) and releases its locks.
pub fn end(
    conn: &mut AnyConnection,
    id: ContractId,
    status: ContractStatus,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(k::table.filter(k::id.eq(id)))
        .set((
            k::status.eq(status.as_str()),
            k::active_mentor_lock.eq(None::<i64>),
            k::end_reason.eq(reason),
            k::ended_at.eq(now),
            k::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(cm::table.filter(cm::contract_id.eq(id)))
        .set(cm::active_mentee_lock.eq(None::<i64>))
        .execute(conn)?;
    Ok(())
}

/// A mentee leaving and the one taking the place.
pub struct Replacement<'a> {
    pub contract: ContractId,
    pub leaving: UserId,
    pub reason: LeaveReason,
    pub note: Option<&'a str>,
    pub replacement: UserId,
    pub justification: Option<&'a str>,
}

/// A mentee leaves an active contract and another takes the place: bound at once (their place is
/// held, so no other contract can take them), their signature pending until they sign; false if
/// the leaving one is not a current mentee.
pub fn replace_mentee(
    conn: &mut AnyConnection,
    r: &Replacement<'_>,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        cm::table
            .filter(cm::contract_id.eq(r.contract))
            .filter(cm::mentee_user_id.eq(r.leaving))
            .filter(cm::left_on.is_null()),
    )
    .set((
        cm::left_on.eq(today),
        cm::leave_reason.eq(r.reason.as_str()),
        cm::leave_note.eq(r.note),
        cm::active_mentee_lock.eq(None::<i64>),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(false);
    }
    diesel::insert_into(cm::table)
        .values((
            cm::contract_id.eq(r.contract),
            cm::mentee_user_id.eq(r.replacement),
            cm::justification.eq(r.justification),
            cm::joined_on.eq(today),
            cm::active_mentee_lock.eq(r.replacement),
            cm::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Whether the person is in an active contract (as mentor or current mentee).
pub fn in_active_contract(conn: &mut AnyConnection, person: UserId) -> Result<bool, AppError> {
    let as_mentor: i64 = k::table
        .filter(k::active_mentor_lock.eq(person))
        .count()
        .get_result(conn)?;
    let as_mentee: i64 = cm::table
        .filter(cm::active_mentee_lock.eq(person))
        .count()
        .get_result(conn)?;
    Ok(as_mentor + as_mentee > 0)
}

/// Active contracts whose cycle ended before `today`.
pub fn due_for_completion(
    conn: &mut AnyConnection,
    today: NaiveDate,
) -> Result<Vec<(ContractId, UnitId)>, AppError> {
    Ok(k::table
        .filter(k::status.eq(ContractStatus::Active.as_str()))
        .filter(k::end_date.lt(today))
        .select((k::id, k::unit_id))
        .load(conn)?)
}

/// The active contract of a pool entry, if it has one.
pub fn active_of_entry(
    conn: &mut AnyConnection,
    entry: MentorEntryId,
) -> Result<Option<ContractId>, AppError> {
    Ok(k::table
        .filter(k::mentor_entry_id.eq(entry))
        .filter(k::status.eq(ContractStatus::Active.as_str()))
        .select(k::id)
        .first(conn)
        .optional()?)
}

/// Every contract of a pool entry that is not over: the active one, and drafts or contracts
/// waiting for signatures.
pub fn open_of_entry(
    conn: &mut AnyConnection,
    entry: MentorEntryId,
) -> Result<Vec<ContractId>, AppError> {
    Ok(k::table
        .filter(k::mentor_entry_id.eq(entry))
        .filter(k::status.eq_any([
            ContractStatus::Draft.as_str(),
            ContractStatus::PendingSignatures.as_str(),
            ContractStatus::Active.as_str(),
        ]))
        .select(k::id)
        .load(conn)?)
}

/// The `source` of a contract taken over by the contracts import.
pub const IMPORTED: &str = "import";

/// An active contract as the contracts import sees it: whose it is and when it started.
#[derive(Debug, Clone)]
pub struct ActiveHold {
    pub contract: ContractId,
    pub mentor_entry_id: MentorEntryId,
    pub mentor_user: UserId,
    pub start_date: NaiveDate,
    pub cycle_months: i32,
    pub imported: bool,
}

/// The active contracts of any of `mentors` (by the lock that allows one per mentor).
pub fn active_of_mentors(
    conn: &mut AnyConnection,
    mentors: &[UserId],
) -> Result<Vec<ActiveHold>, AppError> {
    let rows: Vec<(ContractId, MentorEntryId, UserId, NaiveDate, i32, String)> =
        in_chunks(mentors, |part| {
            k::table
                .filter(k::active_mentor_lock.eq_any(part.iter().map(|u| u.0)))
                .select((
                    k::id,
                    k::mentor_entry_id,
                    k::mentor_user_id,
                    k::start_date,
                    k::cycle_months,
                    k::source,
                ))
                .load(conn)
        })?;
    Ok(rows
        .into_iter()
        .map(
            |(contract, entry, mentor, start, months, source)| ActiveHold {
                contract,
                mentor_entry_id: entry,
                mentor_user: mentor,
                start_date: start,
                cycle_months: months,
                imported: source == IMPORTED,
            },
        )
        .collect())
}

/// Which of `people` hold a mentee's place in an active contract, and in which.
pub fn active_mentee_places(
    conn: &mut AnyConnection,
    people: &[UserId],
) -> Result<Vec<(UserId, ContractId)>, AppError> {
    Ok(in_chunks(people, |part| {
        cm::table
            .filter(cm::active_mentee_lock.eq_any(part.iter().map(|u| u.0)))
            .select((cm::mentee_user_id, cm::contract_id))
            .load(conn)
    })?)
}

/// An active contract signed on paper before the service: stored active, marked
/// `source = 'import'`, with the mentor's and every mentee's signature recorded as given at
/// `signed_at` (the cycle's start) and the locks that allow one active contract per person taken.
pub fn insert_imported(
    conn: &mut AnyConnection,
    new: &NewContract,
    terms: &Terms,
    signed_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<ContractId, AppError> {
    let id: ContractId = diesel::insert_into(k::table)
        .values((
            k::mentor_entry_id.eq(new.mentor_entry_id),
            k::mentor_user_id.eq(new.mentor_user),
            k::unit_id.eq(new.unit),
            k::status.eq(ContractStatus::Active.as_str()),
            k::start_date.eq(terms.start_date),
            k::cycle_months.eq(terms.cycle_months as i32),
            k::end_date.eq(terms.end_date()),
            k::version.eq(1),
            k::mentor_signed_at.eq(signed_at),
            k::active_mentor_lock.eq(new.mentor_user),
            k::created_by.eq(new.created_by),
            k::activated_at.eq(signed_at),
            k::source.eq(IMPORTED),
            k::created_at.eq(now),
            k::updated_at.eq(now),
        ))
        .returning(k::id)
        .get_result(conn)?;
    for i in &terms.indicators {
        write_indicator(conn, id, i)?;
    }
    for m in &terms.mentees {
        diesel::insert_into(cm::table)
            .values((
                cm::contract_id.eq(id),
                cm::mentee_user_id.eq(m.user_id),
                cm::justification.eq(m.justification.as_deref()),
                cm::joined_on.eq(terms.start_date),
                cm::signed_at.eq(signed_at),
                cm::active_mentee_lock.eq(m.user_id),
                cm::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(id)
}
