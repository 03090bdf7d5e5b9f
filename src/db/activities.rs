//! Activity queries. Visibility follows the activity's contract.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::AnyConnection;
use super::schema::{activities as a, activity_attendance as t, contracts as k, users};
use crate::domain::activity::{ActivityInput, AttendanceStatus};
use crate::domain::ids::{ActivityId, ContractId, UnitId, UserId};
use crate::domain::indicator::IndicatorKind;
use crate::domain::progress::{ActivityTally as Tally, Answers};
use crate::error::AppError;

/// One mentee's attendance of an activity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Attendance {
    pub mentee_id: UserId,
    pub name: String,
    pub status: AttendanceStatus,
    pub note: Option<String>,
    pub responded_at: Option<DateTime<Utc>>,
}

/// An activity as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Activity {
    #[schema(value_type = i64)]
    pub id: ActivityId,
    #[schema(value_type = i64)]
    pub contract_id: ContractId,
    pub kind: IndicatorKind,
    pub title: String,
    pub held_on: NaiveDate,
    pub hours: f64,
    pub place: Option<String>,
    pub summary: Option<String>,
    /// Locked once the year's assessment is confirmed; no more edits.
    pub locked: bool,
    pub attendance: Vec<Attendance>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = a)]
struct Row {
    id: ActivityId,
    contract_id: ContractId,
    kind: String,
    title: String,
    held_on: NaiveDate,
    minutes: i32,
    place: Option<String>,
    summary: Option<String>,
    locked: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// activity, mentee, mentee's name, status, note, answered at.
type AttendanceRow = (
    ActivityId,
    UserId,
    String,
    String,
    Option<String>,
    Option<NaiveDateTime>,
);

fn with_attendance(conn: &mut AnyConnection, rows: Vec<Row>) -> Result<Vec<Activity>, AppError> {
    let ids: Vec<ActivityId> = rows.iter().map(|r| r.id).collect();
    let att: Vec<AttendanceRow> = t::table
        .inner_join(users::table.on(users::id.eq(t::mentee_user_id)))
        .filter(t::activity_id.eq_any(&ids))
        .order(t::id.asc())
        .select((
            t::activity_id,
            t::mentee_user_id,
            users::name,
            t::status,
            t::note,
            t::responded_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(Activity {
                id: r.id,
                contract_id: r.contract_id,
                kind: r.kind.parse().map_err(|_| {
                    AppError::internal(anyhow::anyhow!("bad kind in activity {}", r.id))
                })?,
                title: r.title,
                held_on: r.held_on,
                hours: f64::from(r.minutes) / 60.0,
                place: r.place,
                summary: r.summary,
                locked: r.locked,
                attendance: att
                    .iter()
                    .filter(|x| x.0 == r.id)
                    .map(|x| Attendance {
                        mentee_id: x.1,
                        name: x.2.clone(),
                        status: x.3.parse().unwrap_or(AttendanceStatus::Pending),
                        note: x.4.clone(),
                        responded_at: x.5.map(|t| t.and_utc()),
                    })
                    .collect(),
                created_at: r.created_at.and_utc(),
                updated_at: r.updated_at.and_utc(),
            })
        })
        .collect()
}

fn write_attendees(
    conn: &mut AnyConnection,
    id: ActivityId,
    attendees: &[UserId],
) -> Result<(), AppError> {
    let ids = attendees;
    diesel::delete(
        t::table
            .filter(t::activity_id.eq(id))
            .filter(t::mentee_user_id.ne_all(ids)),
    )
    .execute(conn)?;
    let existing: Vec<UserId> = t::table
        .filter(t::activity_id.eq(id))
        .select(t::mentee_user_id)
        .load(conn)?;
    for m in ids.iter().filter(|m| !existing.contains(m)) {
        diesel::insert_into(t::table)
            .values((
                t::activity_id.eq(id),
                t::mentee_user_id.eq(m),
                t::status.eq(AttendanceStatus::Pending.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert(
    conn: &mut AnyConnection,
    contract: ContractId,
    input: &ActivityInput,
    by: UserId,
    now: NaiveDateTime,
) -> Result<ActivityId, AppError> {
    let id: ActivityId = diesel::insert_into(a::table)
        .values((
            a::contract_id.eq(contract),
            a::kind.eq(input.kind.as_str()),
            a::title.eq(&input.title),
            a::held_on.eq(input.held_on),
            a::minutes.eq(input.minutes),
            a::place.eq(&input.place),
            a::summary.eq(&input.summary),
            a::locked.eq(false),
            a::logged_by.eq(by),
            a::created_at.eq(now),
            a::updated_at.eq(now),
        ))
        .returning(a::id)
        .get_result(conn)?;
    write_attendees(conn, id, &input.attendees)?;
    Ok(id)
}

/// Replaces an activity's fields; attendees who stay keep their answers.
pub fn update(
    conn: &mut AnyConnection,
    id: ActivityId,
    input: &ActivityInput,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(a::table.filter(a::id.eq(id)))
        .set((
            a::kind.eq(input.kind.as_str()),
            a::title.eq(&input.title),
            a::held_on.eq(input.held_on),
            a::minutes.eq(input.minutes),
            a::place.eq(&input.place),
            a::summary.eq(&input.summary),
            a::updated_at.eq(now),
        ))
        .execute(conn)?;
    write_attendees(conn, id, &input.attendees)
}

/// The activity (visibility is checked through its contract by the caller).
pub fn find(conn: &mut AnyConnection, id: ActivityId) -> Result<Activity, AppError> {
    let row = a::table.find(id).select(Row::as_select()).first(conn)?;
    Ok(with_attendance(conn, vec![row])?.remove(0))
}

/// A contract's activities between two days, oldest first.
pub fn of_contract(
    conn: &mut AnyConnection,
    contract: ContractId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Activity>, AppError> {
    let rows: Vec<Row> = a::table
        .filter(a::contract_id.eq(contract))
        .filter(a::held_on.ge(from))
        .filter(a::held_on.le(to))
        .order((a::held_on.asc(), a::id.asc()))
        .select(Row::as_select())
        .load(conn)?;
    with_attendance(conn, rows)
}

/// An activity's tally as the database gives it: id, kind, minutes, attendees, confirmed,
/// disputed (the sums are NULL without attendees).
type TallyRow = (ActivityId, String, i32, i64, Option<i64>, Option<i64>);

/// The activities of a contract held in `[from, to]`, counted as the progress report needs them
/// ([`Tally`]): one aggregate statement of fixed shape over the activities and their attendance,
/// in the order the activities were held, instead of the log and its attendance row by row.
pub fn tallies(
    conn: &mut AnyConnection,
    contract: ContractId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Tally>, AppError> {
    use diesel::dsl::{case_when, count, sum};
    let answered = |s: AttendanceStatus| {
        use diesel::sql_types::Integer;
        sum(
            case_when(t::status.nullable().eq(s.as_str()), 1.into_sql::<Integer>())
                .otherwise(0.into_sql::<Integer>()),
        )
    };
    let rows: Vec<TallyRow> = a::table
        .left_join(t::table.on(t::activity_id.eq(a::id)))
        .filter(a::contract_id.eq(contract))
        .filter(a::held_on.ge(from))
        .filter(a::held_on.le(to))
        .group_by((a::id, a::held_on, a::kind, a::minutes))
        .order((a::held_on.asc(), a::id.asc()))
        .select((
            a::id,
            a::kind,
            a::minutes,
            count(t::id.nullable()),
            answered(AttendanceStatus::Confirmed),
            answered(AttendanceStatus::Disputed),
        ))
        .load(conn)?;
    let n = |x: i64| usize::try_from(x).unwrap_or(0);
    rows.into_iter()
        .map(|(id, kind, minutes, attendees, confirmed, disputed)| {
            Ok(Tally {
                kind: kind.parse().map_err(|_| {
                    AppError::internal(anyhow::anyhow!("bad kind in activity {id}"))
                })?,
                minutes,
                attendees: n(attendees),
                confirmed: n(confirmed.unwrap_or(0)),
                disputed: n(disputed.unwrap_or(0)),
            })
        })
        .collect()
}

/// Each mentee's answers over the activities of a contract held in `[from, to]`: one aggregate
/// statement of fixed shape. An answer stored in an unknown form counts as pending, as the log
/// shows it.
pub fn answers(
    conn: &mut AnyConnection,
    contract: ContractId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<UserId, Answers>, AppError> {
    let rows: Vec<(UserId, String, i64)> = t::table
        .inner_join(a::table.on(a::id.eq(t::activity_id)))
        .filter(a::contract_id.eq(contract))
        .filter(a::held_on.ge(from))
        .filter(a::held_on.le(to))
        .group_by((t::mentee_user_id, t::status))
        .select((t::mentee_user_id, t::status, diesel::dsl::count_star()))
        .load(conn)?;
    let mut out: HashMap<UserId, Answers> = HashMap::new();
    for (mentee, status, n) in rows {
        out.entry(mentee).or_default().add(
            status.parse().unwrap_or(AttendanceStatus::Pending),
            usize::try_from(n).unwrap_or(0),
        );
    }
    Ok(out)
}

/// Records a mentee's answer; false if they did not attend.
pub fn respond(
    conn: &mut AnyConnection,
    id: ActivityId,
    mentee: UserId,
    status: AttendanceStatus,
    note: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        t::table
            .filter(t::activity_id.eq(id))
            .filter(t::mentee_user_id.eq(mentee)),
    )
    .set((
        t::status.eq(status.as_str()),
        t::note.eq(note),
        t::responded_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n > 0)
}

/// Activities with a disputed attendance, in `unit` (or everywhere), newest first.
pub fn disputed(conn: &mut AnyConnection, unit: Option<UnitId>) -> Result<Vec<Activity>, AppError> {
    let mut q = a::table
        .inner_join(k::table.on(k::id.eq(a::contract_id)))
        .filter(
            a::id.eq_any(
                t::table
                    .filter(t::status.eq(AttendanceStatus::Disputed.as_str()))
                    .select(t::activity_id),
            ),
        )
        .into_boxed::<super::MultiBackend>();
    if let Some(u) = unit {
        q = q.filter(k::unit_id.eq(u));
    }
    let rows: Vec<Row> = q
        .order(a::id.desc())
        .limit(500)
        .select(Row::as_select())
        .load(conn)?;
    with_attendance(conn, rows)
}

/// How an office list of activities is sorted; each ends with the activity's id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ActivitySort {
    /// The day it was held, latest first.
    #[default]
    Newest,
    /// The day it was held, earliest first.
    Oldest,
    /// The mentor's name, then the latest first.
    Mentor,
    /// The longest first.
    Hours,
}

/// The filters of an office list of activities.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActivityFilter {
    pub mentor: Option<UserId>,
    /// The year it was held in.
    pub year: Option<i32>,
    /// Only those with a disputed attendance.
    pub disputed_only: bool,
}

/// An activity with its contract's mentor, for a list.
pub type ListedActivity = (Activity, String);

type Listed = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::InnerJoinOn<
        diesel::dsl::InnerJoinOn<a::table, k::table, diesel::dsl::Eq<k::id, a::contract_id>>,
        users::table,
        diesel::dsl::Eq<users::id, k::mentor_user_id>,
    >,
    super::MultiBackend,
>;

fn listed(
    conn: &mut AnyConnection,
    viewer: super::contracts::Viewer,
    f: &ActivityFilter,
) -> Result<Listed, AppError> {
    use super::contracts::Seen;
    let mut q: Listed = a::table
        .inner_join(k::table.on(k::id.eq(a::contract_id)))
        .inner_join(users::table.on(users::id.eq(k::mentor_user_id)))
        .filter(a::held_on.ge(k::start_date))
        .filter(a::held_on.le(k::end_date))
        .into_boxed();
    q = match super::contracts::seen(conn, viewer)? {
        Seen::All => q,
        Seen::UnitAnd(unit, ids) => q.filter(k::unit_id.eq(unit).or(k::id.eq_any(ids))),
        Seen::Only(ids) => q.filter(k::id.eq_any(ids)),
    };
    if let Some(m) = f.mentor {
        q = q.filter(k::mentor_user_id.eq(m));
    }
    if let Some(y) = f.year {
        let (first, last) = super::contracts::year_span(y);
        q = q.filter(a::held_on.between(first, last));
    }
    if f.disputed_only {
        q = q.filter(
            a::id.eq_any(
                t::table
                    .filter(t::status.eq(AttendanceStatus::Disputed.as_str()))
                    .select(t::activity_id),
            ),
        );
    }
    Ok(q)
}

/// One page of the activities of the contracts the viewer sees (the contract viewer's scope),
/// filtered and sorted by the database, with the total; a page past the end is the last page.
pub fn page(
    conn: &mut AnyConnection,
    viewer: super::contracts::Viewer,
    f: &ActivityFilter,
    sort: ActivitySort,
    page: crate::domain::page::PageRequest,
) -> Result<crate::domain::page::Page<ListedActivity>, AppError> {
    let total: i64 = listed(conn, viewer, f)?.count().get_result(conn)?;
    let page = page.within(total);
    let q = listed(conn, viewer, f)?;
    let q = match sort {
        ActivitySort::Newest => q.order((a::held_on.desc(), a::id.desc())),
        ActivitySort::Oldest => q.order((a::held_on.asc(), a::id.asc())),
        ActivitySort::Mentor => q.order((users::name.asc(), a::held_on.desc(), a::id.desc())),
        ActivitySort::Hours => q.order((a::minutes.desc(), a::held_on.desc(), a::id.desc())),
    };
    let rows: Vec<(Row, String)> = q
        .limit(page.per_page)
        .offset(page.offset())
        .select((Row::as_select(), users::name))
        .load(conn)?;
    let (rows, mentors): (Vec<Row>, Vec<String>) = rows.into_iter().unzip();
    let items = with_attendance(conn, rows)?
        .into_iter()
        .zip(mentors)
        .collect();
    Ok(crate::domain::page::Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// How many activities under `f` have a disputed attendance.
pub fn count_disputed(
    conn: &mut AnyConnection,
    viewer: super::contracts::Viewer,
    f: &ActivityFilter,
) -> Result<i64, AppError> {
    let only = ActivityFilter {
        disputed_only: true,
        ..*f
    };
    Ok(listed(conn, viewer, &only)?.count().get_result(conn)?)
}
