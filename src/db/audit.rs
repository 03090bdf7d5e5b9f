//! The append-only audit log: who changed what, when and from where; every login attempt.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::AnyConnection;
use super::schema::audit_events;
use crate::domain::ids::{UnitId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;

/// Where a change came from.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub client_ip: Option<String>,
    pub request_id: Option<String>,
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub actor: Option<UserId>,
    /// Dotted verb, e.g. `user.create`, `auth.login_failed`.
    pub action: &'a str,
    pub object_type: Option<&'a str>,
    pub object_id: Option<String>,
    /// The unit the object belongs to, so that a unit's history can be scoped.
    pub unit_id: Option<UnitId>,
    /// Before/after summary; never passwords or tokens.
    pub summary: serde_json::Value,
}

impl<'a> Entry<'a> {
    /// An event about one user, with no further summary.
    pub fn about_user(
        actor: Option<UserId>,
        action: &'a str,
        user: UserId,
        unit_id: Option<UnitId>,
    ) -> Self {
        Entry {
            actor,
            action,
            object_type: Some("user"),
            object_id: Some(user.to_string()),
            unit_id,
            summary: serde_json::json!({}),
        }
    }
}

/// An audit event as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEvent {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub unit_id: Option<UnitId>,
    #[schema(value_type = Object)]
    pub summary: serde_json::Value,
    pub client_ip: Option<String>,
    pub request_id: Option<String>,
}

/// Appends one event, in the caller's transaction.
pub fn record(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    origin: &Origin,
    entry: Entry<'_>,
) -> Result<(), AppError> {
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::occurred_at.eq(now),
            audit_events::actor_id.eq(entry.actor),
            audit_events::action.eq(entry.action),
            audit_events::object_type.eq(entry.object_type),
            audit_events::object_id.eq(entry.object_id),
            audit_events::unit_id.eq(entry.unit_id),
            audit_events::summary.eq(entry.summary.to_string()),
            audit_events::client_ip.eq(&origin.client_ip),
            audit_events::request_id.eq(&origin.request_id),
        ))
        .execute(conn)?;
    Ok(())
}

/// Filters of the audit log (`GET /api/v1/audit-events` and the operations page), each
/// optional; `from`/`until` bound `occurred_at`.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor_id: Option<UserId>,
    /// Part of the actor's name or e-mail, matched as the people list's search matches them.
    pub actor_search: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
    pub client_ip: Option<String>,
}

type Row = (
    i64,
    NaiveDateTime,
    Option<UserId>,
    String,
    Option<String>,
    Option<String>,
    Option<UnitId>,
    String,
    Option<String>,
    Option<String>,
);

fn filtered(f: &AuditFilter) -> audit_events::BoxedQuery<'_, super::MultiBackend> {
    let mut q = audit_events::table.into_boxed();
    if let Some(a) = &f.action {
        q = q.filter(audit_events::action.eq(a));
    }
    if let Some(a) = f.actor_id {
        q = q.filter(audit_events::actor_id.eq(a));
    }
    if let Some(s) = &f.actor_search {
        use super::schema::users;
        use super::units::contains_pattern;
        q = q.filter(
            audit_events::actor_id.eq_any(
                users::table
                    .filter(
                        users::name
                            .like(contains_pattern(s))
                            .escape('\\')
                            .or(users::email
                                .like(contains_pattern(&s.to_lowercase()))
                                .escape('\\')),
                    )
                    .select(users::id.nullable()),
            ),
        );
    }
    if let Some(t) = &f.object_type {
        q = q.filter(audit_events::object_type.eq(t));
    }
    if let Some(o) = &f.object_id {
        q = q.filter(audit_events::object_id.eq(o));
    }
    if let Some(v) = f.from {
        q = q.filter(audit_events::occurred_at.ge(v));
    }
    if let Some(v) = f.until {
        q = q.filter(audit_events::occurred_at.lt(v));
    }
    if let Some(v) = &f.client_ip {
        q = q.filter(audit_events::client_ip.eq(v));
    }
    q
}

/// How the audit log is sorted; each ends with the event's id, so that a page is the same rows
/// every time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AuditSort {
    /// The latest event first.
    #[default]
    Newest,
    /// The earliest event first.
    Oldest,
    /// The action's code, then the latest first.
    Action,
    /// The actor's number (the service's own events last), then the latest first.
    Actor,
}

/// Newest first.
pub fn list(
    conn: &mut AnyConnection,
    filter: &AuditFilter,
    page: PageRequest,
) -> Result<Page<AuditEvent>, AppError> {
    list_sorted(conn, filter, AuditSort::Newest, page)
}

/// The audit log under `filter`, sorted by `sort`.
pub fn list_sorted(
    conn: &mut AnyConnection,
    filter: &AuditFilter,
    sort: AuditSort,
    page: PageRequest,
) -> Result<Page<AuditEvent>, AppError> {
    use audit_events as e;
    let total: i64 = filtered(filter).count().get_result(conn)?;
    let q = filtered(filter);
    let q = match sort {
        AuditSort::Newest => q.order((e::occurred_at.desc(), e::id.desc())),
        AuditSort::Oldest => q.order((e::occurred_at.asc(), e::id.asc())),
        AuditSort::Action => q.order((e::action.asc(), e::occurred_at.desc(), e::id.desc())),
        AuditSort::Actor => q.order((
            e::actor_id.is_null().asc(),
            e::actor_id.asc(),
            e::occurred_at.desc(),
            e::id.desc(),
        )),
    };
    let rows: Vec<Row> = q.limit(page.per_page).offset(page.offset()).load(conn)?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| AuditEvent {
                id: r.0,
                occurred_at: r.1.and_utc(),
                actor_id: r.2,
                action: r.3,
                object_type: r.4,
                object_id: r.5,
                unit_id: r.6,
                summary: serde_json::from_str(&r.7).unwrap_or(serde_json::Value::String(r.7)),
                client_ip: r.8,
                request_id: r.9,
            })
            .collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// Appends many events at once (an import's created records), in the caller's transaction.
pub fn record_many(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    origin: &Origin,
    entries: Vec<Entry<'_>>,
) -> Result<(), AppError> {
    for part in entries.chunks(500) {
        let values: Vec<_> = part
            .iter()
            .map(|entry| {
                (
                    audit_events::occurred_at.eq(now),
                    audit_events::actor_id.eq(entry.actor),
                    audit_events::action.eq(entry.action),
                    audit_events::object_type.eq(entry.object_type),
                    audit_events::object_id.eq(entry.object_id.clone()),
                    audit_events::unit_id.eq(entry.unit_id),
                    audit_events::summary.eq(entry.summary.to_string()),
                    audit_events::client_ip.eq(origin.client_ip.clone()),
                    audit_events::request_id.eq(origin.request_id.clone()),
                )
            })
            .collect();
        // One statement per slice; the multi-backend connection takes no batch insert, so each
        // backend's own connection runs it.
        let stmt = diesel::insert_into(audit_events::table).values(values);
        match conn {
            AnyConnection::Sqlite(c) => stmt.execute(c),
            AnyConnection::Postgresql(c) => stmt.execute(c),
        }?;
    }
    Ok(())
}
