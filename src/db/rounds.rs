//! Selection rounds and their quotas.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::AnyConnection;
use super::schema::{round_quotas as q, selection_rounds as r};
use crate::domain::ids::{RoundId, UnitId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::selection::{CategoryQuota, RoundSettings, RoundStatus, UnitQuota};
use crate::error::AppError;

/// A round as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Round {
    pub id: RoundId,
    pub name: String,
    pub year: i32,
    pub nomination_deadline: NaiveDate,
    pub age_reference_date: NaiveDate,
    pub birth_date_cutoff: Option<NaiveDate>,
    pub appointment_term_years: i32,
    /// Scores a nomination needs before the city admin decides it (below it only with a
    /// recorded exception).
    pub min_scores: i32,
    pub status: RoundStatus,
    /// The first day of the public notice (set when it starts).
    pub notice_starts_on: Option<NaiveDate>,
    /// The last day of the public notice (set when it starts; the round closes after it).
    pub notice_ends_on: Option<NaiveDate>,
    pub unit_quotas: Vec<UnitQuota>,
    pub category_quotas: Vec<CategoryQuota>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Round {
    /// The settings a PATCH starts from.
    pub fn settings(&self) -> RoundSettings {
        RoundSettings {
            name: self.name.clone(),
            year: self.year,
            nomination_deadline: self.nomination_deadline,
            age_reference_date: self.age_reference_date,
            birth_date_cutoff: self.birth_date_cutoff,
            appointment_term_years: self.appointment_term_years as u32,
            min_scores: self.min_scores as u32,
            unit_quotas: self.unit_quotas.clone(),
            category_quotas: self.category_quotas.clone(),
        }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = r)]
struct RoundRow {
    id: RoundId,
    name: String,
    year: i32,
    nomination_deadline: NaiveDate,
    age_reference_date: NaiveDate,
    birth_date_cutoff: Option<NaiveDate>,
    appointment_term_years: i32,
    status: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    notice_ends_on: Option<NaiveDate>,
    min_scores: i32,
    notice_starts_on: Option<NaiveDate>,
}

fn name_conflict(e: diesel::result::Error) -> AppError {
    if super::is_unique_violation(&e) {
        AppError::conflict_field(
            "name",
            "round_name_taken",
            "已有同名的选拔",
            "a round with this name exists",
        )
    } else {
        e.into()
    }
}

fn write_quotas(conn: &mut AnyConnection, id: RoundId, s: &RoundSettings) -> Result<(), AppError> {
    diesel::delete(q::table.filter(q::round_id.eq(id))).execute(conn)?;
    for uq in &s.unit_quotas {
        diesel::insert_into(q::table)
            .values((
                q::round_id.eq(id),
                q::unit_id.eq(uq.unit_id),
                q::quota.eq(uq.quota as i32),
            ))
            .execute(conn)?;
    }
    for cq in &s.category_quotas {
        diesel::insert_into(q::table)
            .values((
                q::round_id.eq(id),
                q::category.eq(cq.category.as_str()),
                q::quota.eq(cq.quota as i32),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert(
    conn: &mut AnyConnection,
    s: &RoundSettings,
    now: NaiveDateTime,
) -> Result<RoundId, AppError> {
    let id: RoundId = diesel::insert_into(r::table)
        .values((
            r::name.eq(&s.name),
            r::year.eq(s.year),
            r::nomination_deadline.eq(s.nomination_deadline),
            r::age_reference_date.eq(s.age_reference_date),
            r::birth_date_cutoff.eq(s.birth_date_cutoff),
            r::appointment_term_years.eq(s.appointment_term_years as i32),
            r::min_scores.eq(s.min_scores as i32),
            r::status.eq(RoundStatus::Open.as_str()),
            r::created_at.eq(now),
            r::updated_at.eq(now),
        ))
        .returning(r::id)
        .get_result(conn)
        .map_err(name_conflict)?;
    write_quotas(conn, id, s)?;
    Ok(id)
}

pub fn update_settings(
    conn: &mut AnyConnection,
    id: RoundId,
    s: &RoundSettings,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(r::table.filter(r::id.eq(id)))
        .set((
            r::name.eq(&s.name),
            r::nomination_deadline.eq(s.nomination_deadline),
            r::age_reference_date.eq(s.age_reference_date),
            r::birth_date_cutoff.eq(s.birth_date_cutoff),
            r::appointment_term_years.eq(s.appointment_term_years as i32),
            r::min_scores.eq(s.min_scores as i32),
            r::updated_at.eq(now),
        ))
        .execute(conn)
        .map_err(name_conflict)?;
    write_quotas(conn, id, s)
}

/// Fixes the first and the last day of the public notice.
pub fn set_notice_period(
    conn: &mut AnyConnection,
    id: RoundId,
    first_day: NaiveDate,
    last_day: NaiveDate,
) -> Result<(), AppError> {
    diesel::update(r::table.filter(r::id.eq(id)))
        .set((
            r::notice_starts_on.eq(first_day),
            r::notice_ends_on.eq(last_day),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_status(
    conn: &mut AnyConnection,
    id: RoundId,
    status: RoundStatus,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(r::table.filter(r::id.eq(id)))
        .set((r::status.eq(status.as_str()), r::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

fn with_quotas(conn: &mut AnyConnection, rows: Vec<RoundRow>) -> Result<Vec<Round>, AppError> {
    let ids: Vec<RoundId> = rows.iter().map(|r| r.id).collect();
    let quotas: Vec<(RoundId, Option<UnitId>, Option<String>, i32)> = q::table
        .filter(q::round_id.eq_any(&ids))
        .order(q::id.asc())
        .select((q::round_id, q::unit_id, q::category, q::quota))
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            let mine = quotas.iter().filter(|(rid, ..)| *rid == row.id);
            let unit_quotas = mine
                .clone()
                .filter_map(|(_, u, _, n)| {
                    u.map(|u| UnitQuota {
                        unit_id: u,
                        quota: *n as u32,
                    })
                })
                .collect();
            let category_quotas = mine
                .filter_map(|(_, _, c, n)| {
                    c.as_deref()
                        .and_then(|c| c.parse().ok())
                        .map(|category| CategoryQuota {
                            category,
                            quota: *n as u32,
                        })
                })
                .collect();
            Ok(Round {
                id: row.id,
                status: row.status.parse().map_err(|_| {
                    AppError::internal(anyhow::anyhow!("bad status in round {}", row.id))
                })?,
                name: row.name,
                year: row.year,
                nomination_deadline: row.nomination_deadline,
                age_reference_date: row.age_reference_date,
                birth_date_cutoff: row.birth_date_cutoff,
                appointment_term_years: row.appointment_term_years,
                min_scores: row.min_scores,
                notice_starts_on: row.notice_starts_on,
                notice_ends_on: row.notice_ends_on,
                unit_quotas,
                category_quotas,
                created_at: row.created_at.and_utc(),
                updated_at: row.updated_at.and_utc(),
            })
        })
        .collect()
}

pub fn find(conn: &mut AnyConnection, id: RoundId) -> Result<Round, AppError> {
    let row = r::table
        .find(id)
        .select(RoundRow::as_select())
        .first(conn)?;
    Ok(with_quotas(conn, vec![row])?.remove(0))
}

/// Newest first, optionally of one status.
pub fn list(
    conn: &mut AnyConnection,
    status: Option<RoundStatus>,
    page: PageRequest,
) -> Result<Page<Round>, AppError> {
    let filtered = || {
        let mut b = r::table.into_boxed::<super::MultiBackend>();
        if let Some(s) = status {
            b = b.filter(r::status.eq(s.as_str()));
        }
        b
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<RoundRow> = filtered()
        .order(r::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(RoundRow::as_select())
        .load(conn)?;
    Ok(Page {
        items: with_quotas(conn, rows)?,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// The open rounds' ids, names and nomination deadlines.
pub fn open_deadlines(
    conn: &mut AnyConnection,
) -> Result<Vec<(RoundId, String, NaiveDate)>, AppError> {
    Ok(r::table
        .filter(r::status.eq(RoundStatus::Open.as_str()))
        .select((r::id, r::name, r::nomination_deadline))
        .load(conn)?)
}
