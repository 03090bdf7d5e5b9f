//! Unit queries. Every read takes the caller's scope.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::AnyConnection;
use super::schema::units;
use crate::domain::ids::UnitId;
use crate::domain::page::{Page, PageRequest};
use crate::domain::scope::Scope;
use crate::domain::text::MAX_QUERY_TEXT;
use crate::domain::unit::{NewUnit, UnitChanges, UnitKind};
use crate::error::AppError;

/// A unit as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    pub kind: UnitKind,
    pub district: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = units)]
struct UnitRow {
    id: UnitId,
    name: String,
    kind: String,
    district: Option<String>,
    active: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl TryFrom<UnitRow> for Unit {
    type Error = AppError;
    fn try_from(r: UnitRow) -> Result<Self, AppError> {
        Ok(Unit {
            id: r.id,
            kind: r.kind.parse().map_err(|_| {
                AppError::internal(anyhow::anyhow!("bad unit kind in row {}", r.id))
            })?,
            name: r.name,
            district: r.district,
            active: r.active,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        })
    }
}

/// Filters of `GET /api/v1/units`.
#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    pub kind: Option<UnitKind>,
    pub active: Option<bool>,
    pub search: Option<String>,
}

/// Escapes `%`, `_` and `\` for a LIKE pattern that matches `needle` anywhere. The needle is cut
/// at [`MAX_QUERY_TEXT`] characters (callers refuse longer ones first), so the pattern stays far
/// below the size SQLite accepts (50,000 bytes).
pub fn contains_pattern(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for c in needle.chars().take(MAX_QUERY_TEXT) {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

fn filtered<'a>(
    filter: &'a UnitFilter,
    scope: Scope,
) -> units::BoxedQuery<'a, super::MultiBackend> {
    let mut q = units::table.into_boxed();
    match scope {
        Scope::City => {}
        Scope::Unit(u) => q = q.filter(units::id.eq(u)),
        Scope::Nothing => q = q.filter(units::id.eq(-1)),
    }
    if let Some(kind) = filter.kind {
        q = q.filter(units::kind.eq(kind.as_str()));
    }
    if let Some(active) = filter.active {
        q = q.filter(units::active.eq(active));
    }
    if let Some(s) = &filter.search {
        q = q.filter(units::name.like(contains_pattern(s)).escape('\\'));
    }
    q
}

pub fn insert(
    conn: &mut AnyConnection,
    new: &NewUnit,
    now: NaiveDateTime,
) -> Result<Unit, AppError> {
    let id: UnitId = diesel::insert_into(units::table)
        .values((
            units::name.eq(&new.name),
            units::kind.eq(new.kind.as_str()),
            units::district.eq(&new.district),
            units::active.eq(true),
            units::created_at.eq(now),
            units::updated_at.eq(now),
        ))
        .returning(units::id)
        .get_result(conn)
        .map_err(name_conflict)?;
    find(conn, id, Scope::City)
}

fn name_conflict(e: diesel::result::Error) -> AppError {
    if super::is_unique_violation(&e) {
        AppError::conflict_field(
            "name",
            "unit_name_taken",
            "已有同名单位",
            "a unit with this name exists",
        )
    } else {
        e.into()
    }
}

/// The unit if it exists within `scope`; otherwise `NotFound`.
pub fn find(conn: &mut AnyConnection, id: UnitId, scope: Scope) -> Result<Unit, AppError> {
    let filter = UnitFilter::default();
    filtered(&filter, scope)
        .filter(units::id.eq(id))
        .select(UnitRow::as_select())
        .first(conn)?
        .try_into()
}

pub fn list(
    conn: &mut AnyConnection,
    filter: &UnitFilter,
    scope: Scope,
    page: PageRequest,
) -> Result<Page<Unit>, AppError> {
    list_sorted(conn, filter, scope, UnitSort::Oldest, page)
}

/// How a list of units is sorted; each ends with the unit's id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UnitSort {
    /// In the order they were added.
    #[default]
    Oldest,
    /// The last added first.
    Newest,
    Name,
    /// The district, then the name.
    District,
}

/// One page of the units in `scope` under `filter`, sorted by the database, with the total.
pub fn list_sorted(
    conn: &mut AnyConnection,
    filter: &UnitFilter,
    scope: Scope,
    sort: UnitSort,
    page: PageRequest,
) -> Result<Page<Unit>, AppError> {
    let total: i64 = filtered(filter, scope).count().get_result(conn)?;
    let q = filtered(filter, scope);
    let q = match sort {
        UnitSort::Oldest => q.order(units::id.asc()),
        UnitSort::Newest => q.order(units::id.desc()),
        UnitSort::Name => q.order((units::name.asc(), units::id.asc())),
        UnitSort::District => q.order((units::district.asc(), units::name.asc(), units::id.asc())),
    };
    let rows: Vec<UnitRow> = q
        .limit(page.per_page)
        .offset(page.offset())
        .select(UnitRow::as_select())
        .load(conn)?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(Unit::try_from)
            .collect::<Result<_, _>>()?,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

pub fn update(
    conn: &mut AnyConnection,
    id: UnitId,
    changes: &UnitChanges,
    now: NaiveDateTime,
) -> Result<Unit, AppError> {
    diesel::update(units::table.filter(units::id.eq(id)))
        .set((
            changes.name.as_ref().map(|n| units::name.eq(n)),
            changes.kind.map(|k| units::kind.eq(k.as_str())),
            changes.district.as_ref().map(|d| units::district.eq(d)),
            changes.active.map(|a| units::active.eq(a)),
            units::updated_at.eq(now),
        ))
        .execute(conn)
        .map_err(name_conflict)?;
    find(conn, id, Scope::City)
}

/// True when an active unit with this id exists in `scope`.
pub fn exists_active(conn: &mut AnyConnection, id: UnitId, scope: Scope) -> Result<bool, AppError> {
    let filter = UnitFilter {
        active: Some(true),
        ..Default::default()
    };
    let n: i64 = filtered(&filter, scope)
        .filter(units::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Every unit's kind and district (benefit eligibility): `id -> (kind, district)`.
pub fn all_facts(
    conn: &mut AnyConnection,
) -> Result<std::collections::HashMap<UnitId, (UnitKind, Option<String>)>, AppError> {
    let rows: Vec<(UnitId, String, Option<String>)> = units::table
        .select((units::id, units::kind, units::district))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, kind, district)| {
            let kind = kind
                .parse()
                .map_err(|_| AppError::internal(anyhow::anyhow!("bad kind in unit {id}")))?;
            Ok((id, (kind, district)))
        })
        .collect()
}

/// Every unit (active or retired), for the imports that name units by their name: a city has a
/// few hundred, read in one query.
pub fn all(conn: &mut AnyConnection) -> Result<Vec<Unit>, AppError> {
    let rows: Vec<UnitRow> = units::table
        .order(units::id.asc())
        .select(UnitRow::as_select())
        .load(conn)?;
    rows.into_iter().map(Unit::try_from).collect()
}
