//! Training plans, their submitted versions and milestone reports.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::schema::{
    contracts as k, milestone_reports as mr, plan_versions as pv, training_plans as tp,
};
use super::{AnyConnection, in_chunks};
use crate::domain::ids::{ContractId, PlanId, UnitId, UserId};
use crate::domain::plan::{PlanContent, PlanStatus};
use crate::error::AppError;

/// A submitted version, kept as it was.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanVersion {
    pub version: i32,
    pub content: PlanContent,
    pub submitted_at: DateTime<Utc>,
}

/// A mentee's report against a milestone.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MilestoneReport {
    pub milestone_index: i32,
    pub note: String,
    pub reported_at: DateTime<Utc>,
}

/// A plan as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Plan {
    #[schema(value_type = i64)]
    pub id: PlanId,
    #[schema(value_type = i64)]
    pub contract_id: ContractId,
    pub mentee_id: UserId,
    pub mentee_name: String,
    pub status: PlanStatus,
    /// The number of the latest submitted version (0 before the first submission).
    pub version: i32,
    pub content: PlanContent,
    pub review_comment: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub versions: Vec<PlanVersion>,
    pub reports: Vec<MilestoneReport>,
}

type Row = (
    PlanId,
    ContractId,
    UserId,
    String,
    String,
    i32,
    Option<String>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

fn columns() -> (
    tp::id,
    tp::contract_id,
    tp::mentee_user_id,
    tp::status,
    tp::content,
    tp::version,
    tp::review_comment,
    tp::submitted_at,
    tp::reviewed_at,
) {
    (
        tp::id,
        tp::contract_id,
        tp::mentee_user_id,
        tp::status,
        tp::content,
        tp::version,
        tp::review_comment,
        tp::submitted_at,
        tp::reviewed_at,
    )
}

fn parse_content(raw: &str, id: PlanId) -> Result<PlanContent, AppError> {
    serde_json::from_str(raw)
        .map_err(|_| AppError::internal(anyhow::anyhow!("bad content in plan {id}")))
}

fn load(conn: &mut AnyConnection, r: Row) -> Result<Plan, AppError> {
    Ok(load_many(conn, vec![r])?.remove(0))
}

/// Builds the views of `rows`: the mentees' names, the versions and the reports of all of them
/// in three queries, not three per plan.
fn load_many(conn: &mut AnyConnection, rows: Vec<Row>) -> Result<Vec<Plan>, AppError> {
    let ids: Vec<PlanId> = rows.iter().map(|r| r.0).collect();
    let mentees: Vec<UserId> = rows.iter().map(|r| r.2).collect();
    let names = super::users::names(conn, &mentees)?;
    let mut versions: HashMap<PlanId, Vec<(i32, String, NaiveDateTime)>> = HashMap::new();
    for (plan, version, content, at) in in_chunks(&ids, |part| {
        pv::table
            .filter(pv::plan_id.eq_any(part))
            .order((pv::plan_id.asc(), pv::version.asc()))
            .select((pv::plan_id, pv::version, pv::content, pv::submitted_at))
            .load::<(PlanId, i32, String, NaiveDateTime)>(conn)
    })? {
        versions
            .entry(plan)
            .or_default()
            .push((version, content, at));
    }
    let mut reports: HashMap<PlanId, Vec<MilestoneReport>> = HashMap::new();
    for (plan, milestone_index, note, at) in in_chunks(&ids, |part| {
        mr::table
            .filter(mr::plan_id.eq_any(part))
            .order(mr::id.asc())
            .select((mr::plan_id, mr::milestone_index, mr::note, mr::reported_at))
            .load::<(PlanId, i32, String, NaiveDateTime)>(conn)
    })? {
        reports.entry(plan).or_default().push(MilestoneReport {
            milestone_index,
            note,
            reported_at: at.and_utc(),
        });
    }
    rows.into_iter()
        .map(|r| {
            Ok(Plan {
                id: r.0,
                contract_id: r.1,
                mentee_id: r.2,
                mentee_name: names.get(&r.2).cloned().unwrap_or_default(),
                status: r.3.parse().map_err(|_| {
                    AppError::internal(anyhow::anyhow!("bad status in plan {}", r.0))
                })?,
                version: r.5,
                content: parse_content(&r.4, r.0)?,
                review_comment: r.6,
                submitted_at: r.7.map(|t| t.and_utc()),
                reviewed_at: r.8.map(|t| t.and_utc()),
                versions: versions
                    .remove(&r.0)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(version, content, at)| {
                        Ok(PlanVersion {
                            version,
                            content: parse_content(&content, r.0)?,
                            submitted_at: at.and_utc(),
                        })
                    })
                    .collect::<Result<_, AppError>>()?,
                reports: reports.remove(&r.0).unwrap_or_default(),
            })
        })
        .collect()
}

pub fn find(conn: &mut AnyConnection, id: PlanId) -> Result<Plan, AppError> {
    let r: Row = tp::table.find(id).select(columns()).first(conn)?;
    load(conn, r)
}

pub fn find_for(
    conn: &mut AnyConnection,
    contract: ContractId,
    mentee: UserId,
) -> Result<Option<Plan>, AppError> {
    let r: Option<Row> = tp::table
        .filter(tp::contract_id.eq(contract))
        .filter(tp::mentee_user_id.eq(mentee))
        .select(columns())
        .first(conn)
        .optional()?;
    r.map(|r| load(conn, r)).transpose()
}

pub fn of_contract(conn: &mut AnyConnection, contract: ContractId) -> Result<Vec<Plan>, AppError> {
    let rows: Vec<Row> = tp::table
        .filter(tp::contract_id.eq(contract))
        .order(tp::id.asc())
        .select(columns())
        .load(conn)?;
    load_many(conn, rows)
}

/// Each mentee's plan status in a contract, in the order the plans were started: what the
/// progress report shows of the plans, in one statement (not the plans with their versions and
/// reports).
pub fn statuses_of_contract(
    conn: &mut AnyConnection,
    contract: ContractId,
) -> Result<Vec<(UserId, PlanStatus)>, AppError> {
    let rows: Vec<(PlanId, UserId, String)> = tp::table
        .filter(tp::contract_id.eq(contract))
        .order(tp::id.asc())
        .select((tp::id, tp::mentee_user_id, tp::status))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, mentee, status)| {
            let status = status
                .parse()
                .map_err(|_| AppError::internal(anyhow::anyhow!("bad status in plan {id}")))?;
            Ok((mentee, status))
        })
        .collect()
}

/// Stores the content of a new or editable plan; returns its id.
pub fn write(
    conn: &mut AnyConnection,
    contract: ContractId,
    mentee: UserId,
    content: &PlanContent,
    now: NaiveDateTime,
) -> Result<PlanId, AppError> {
    let json = serde_json::to_string(content).map_err(AppError::internal)?;
    let existing: Option<PlanId> = tp::table
        .filter(tp::contract_id.eq(contract))
        .filter(tp::mentee_user_id.eq(mentee))
        .select(tp::id)
        .first(conn)
        .optional()?;
    match existing {
        Some(id) => {
            diesel::update(tp::table.filter(tp::id.eq(id)))
                .set((tp::content.eq(json), tp::updated_at.eq(now)))
                .execute(conn)?;
            Ok(id)
        }
        None => Ok(diesel::insert_into(tp::table)
            .values((
                tp::contract_id.eq(contract),
                tp::mentee_user_id.eq(mentee),
                tp::status.eq(PlanStatus::Draft.as_str()),
                tp::content.eq(json),
                tp::version.eq(0),
                tp::created_at.eq(now),
                tp::updated_at.eq(now),
            ))
            .returning(tp::id)
            .get_result(conn)?),
    }
}

/// Hands the plan in: a new version, kept.
pub fn submit(conn: &mut AnyConnection, plan: &Plan, now: NaiveDateTime) -> Result<(), AppError> {
    let version = plan.version + 1;
    diesel::insert_into(pv::table)
        .values((
            pv::plan_id.eq(plan.id),
            pv::version.eq(version),
            pv::content.eq(serde_json::to_string(&plan.content).map_err(AppError::internal)?),
            pv::submitted_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(tp::table.filter(tp::id.eq(plan.id)))
        .set((
            tp::status.eq(PlanStatus::Submitted.as_str()),
            tp::version.eq(version),
            tp::submitted_at.eq(now),
            tp::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn review(
    conn: &mut AnyConnection,
    id: PlanId,
    status: PlanStatus,
    comment: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(tp::table.filter(tp::id.eq(id)))
        .set((
            tp::status.eq(status.as_str()),
            tp::review_comment.eq(comment),
            tp::reviewed_at.eq(now),
            tp::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn add_report(
    conn: &mut AnyConnection,
    id: PlanId,
    index: i32,
    note: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::insert_into(mr::table)
        .values((
            mr::plan_id.eq(id),
            mr::milestone_index.eq(index),
            mr::note.eq(note),
            mr::reported_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whose plans waiting for review to list.
pub enum Reviewer {
    City,
    Unit(UnitId),
    Mentor(UserId),
}

/// Plans submitted and not yet reviewed.
pub fn awaiting_review(conn: &mut AnyConnection, who: Reviewer) -> Result<Vec<Plan>, AppError> {
    let mut q = tp::table
        .inner_join(k::table.on(k::id.eq(tp::contract_id)))
        .filter(tp::status.eq(PlanStatus::Submitted.as_str()))
        .into_boxed::<super::MultiBackend>();
    q = match who {
        Reviewer::City => q,
        Reviewer::Unit(u) => q.filter(k::unit_id.eq(u)),
        Reviewer::Mentor(m) => q.filter(k::mentor_user_id.eq(m)),
    };
    let rows: Vec<Row> = q
        .order(tp::submitted_at.asc())
        .limit(500)
        .select(columns())
        .load(conn)?;
    load_many(conn, rows)
}

/// How the offices' list of plans is sorted; each ends with the mentee's place in the contract.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PlanSort {
    /// The newest contract first, its mentees in the order they joined.
    #[default]
    Newest,
    /// The mentee's name.
    Mentee,
    /// The latest submission first, plans never submitted last.
    Submitted,
    /// The plan's status (a mentee without a plan last).
    Status,
}

/// The filters of the offices' list of plans.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanFilter {
    pub status: Option<PlanStatus>,
    /// Only plans still a draft or returned (or not started) in contracts active since before
    /// this moment.
    pub overdue_before: Option<NaiveDateTime>,
}

/// A row of the offices' list of plans: a mentee's place in a contract the viewer sees, with the
/// plan when there is one. The mentees of active contracts who have not started a plan are rows
/// too (the most overdue once the days have passed).
#[derive(Debug, Clone)]
pub struct PlanListing {
    pub contract_id: ContractId,
    pub contract_status: String,
    pub activated_at: Option<NaiveDateTime>,
    pub mentor_id: UserId,
    pub mentee_id: UserId,
    pub mentee_name: String,
    pub plan_id: Option<PlanId>,
    pub status: Option<PlanStatus>,
    pub version: Option<i32>,
    pub submitted_at: Option<NaiveDateTime>,
}

type ListingRow = (
    ContractId,
    String,
    Option<NaiveDateTime>,
    UserId,
    UserId,
    String,
    Option<PlanId>,
    Option<String>,
    Option<i32>,
    Option<NaiveDateTime>,
);

type Listed = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::LeftJoinOn<
        diesel::dsl::InnerJoinOn<
            diesel::dsl::InnerJoinOn<
                super::schema::contract_mentees::table,
                k::table,
                diesel::dsl::Eq<k::id, super::schema::contract_mentees::contract_id>,
            >,
            super::schema::users::table,
            diesel::dsl::Eq<
                super::schema::users::id,
                super::schema::contract_mentees::mentee_user_id,
            >,
        >,
        tp::table,
        diesel::dsl::And<
            diesel::dsl::Eq<tp::contract_id, super::schema::contract_mentees::contract_id>,
            diesel::dsl::Eq<tp::mentee_user_id, super::schema::contract_mentees::mentee_user_id>,
        >,
    >,
    super::MultiBackend,
>;

fn listed(
    conn: &mut AnyConnection,
    viewer: super::contracts::Viewer,
    f: &PlanFilter,
) -> Result<Listed, AppError> {
    use super::contracts::Seen;
    use super::schema::{contract_mentees as cm, users};
    let active = crate::domain::contract::ContractStatus::Active.as_str();
    let mut q: Listed = cm::table
        .inner_join(k::table.on(k::id.eq(cm::contract_id)))
        .inner_join(users::table.on(users::id.eq(cm::mentee_user_id)))
        .left_join(
            tp::table.on(tp::contract_id
                .eq(cm::contract_id)
                .and(tp::mentee_user_id.eq(cm::mentee_user_id))),
        )
        .into_boxed();
    q = q.filter(
        tp::id
            .nullable()
            .is_not_null()
            .or(cm::left_on.is_null().and(k::status.eq(active))),
    );
    q = match super::contracts::seen(conn, viewer)? {
        Seen::All => q,
        Seen::UnitAnd(unit, ids) => q.filter(k::unit_id.eq(unit).or(k::id.eq_any(ids))),
        Seen::Only(ids) => q.filter(k::id.eq_any(ids)),
    };
    if let Some(s) = f.status {
        q = q.filter(tp::status.nullable().eq(s.as_str()));
    }
    if let Some(before) = f.overdue_before {
        q = q
            .filter(k::status.eq(active))
            .filter(k::activated_at.lt(before))
            .filter(
                tp::status.nullable().is_null().or(tp::status
                    .nullable()
                    .eq_any([PlanStatus::Draft.as_str(), PlanStatus::Returned.as_str()])),
            );
    }
    Ok(q)
}

/// One page of the plans of the contracts the viewer sees (the contract viewer's scope), with
/// the mentees of active contracts who have not started one, filtered and sorted by the
/// database, with the total; a page past the end is the last page.
pub fn office_page(
    conn: &mut AnyConnection,
    viewer: super::contracts::Viewer,
    f: &PlanFilter,
    sort: PlanSort,
    page: crate::domain::page::PageRequest,
) -> Result<crate::domain::page::Page<PlanListing>, AppError> {
    use super::schema::{contract_mentees as cm, users};
    let total: i64 = listed(conn, viewer, f)?.count().get_result(conn)?;
    let page = page.within(total);
    let q = listed(conn, viewer, f)?;
    let q = match sort {
        PlanSort::Newest => q.order((k::id.desc(), cm::id.asc())),
        PlanSort::Mentee => q.order((users::name.asc(), cm::id.asc())),
        PlanSort::Submitted => q.order((
            tp::submitted_at.nullable().is_null().asc(),
            tp::submitted_at.nullable().desc(),
            cm::id.asc(),
        )),
        PlanSort::Status => q.order((
            tp::status.nullable().is_null().asc(),
            tp::status.nullable().asc(),
            cm::id.asc(),
        )),
    };
    let rows: Vec<ListingRow> = q
        .limit(page.per_page)
        .offset(page.offset())
        .select((
            cm::contract_id,
            k::status,
            k::activated_at,
            k::mentor_user_id,
            cm::mentee_user_id,
            users::name,
            tp::id.nullable(),
            tp::status.nullable(),
            tp::version.nullable(),
            tp::submitted_at.nullable(),
        ))
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(|r| {
            let status =
                r.7.map(|s| {
                    s.parse::<PlanStatus>().map_err(|_| {
                        AppError::internal(anyhow::anyhow!("bad status in plan {:?}", r.6))
                    })
                })
                .transpose()?;
            Ok(PlanListing {
                contract_id: r.0,
                contract_status: r.1,
                activated_at: r.2,
                mentor_id: r.3,
                mentee_id: r.4,
                mentee_name: r.5,
                plan_id: r.6,
                status,
                version: r.8,
                submitted_at: r.9,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(crate::domain::page::Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}
