//! The reads of the city admin's operations pages that the API's lists do not offer: the outbox
//! filtered by recipient and template as well as status, one message with what it said, the
//! outbox's counts by status, and the audit log filtered by when and from where as well.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::AnyConnection;
use super::audit::AuditEvent;
use super::outbox::{OutboxRow, OutboxView};
use super::schema::{audit_events as a, email_outbox as o};
use crate::domain::ids::{EmailId, UnitId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;

/// What the outbox page filters by (each optional).
#[derive(Debug, Clone, Default)]
pub struct OutboxFilter {
    pub status: Option<String>,
    /// A part of the recipient's address or name.
    pub recipient: Option<String>,
    pub template: Option<String>,
}

fn outbox_filtered(f: &OutboxFilter) -> o::BoxedQuery<'_, super::MultiBackend> {
    let mut q = o::table.into_boxed();
    if let Some(s) = &f.status {
        q = q.filter(o::status.eq(s));
    }
    if let Some(t) = &f.template {
        q = q.filter(o::template.eq(t));
    }
    if let Some(r) = &f.recipient {
        let like = format!("%{}%", r.replace(['\\', '%', '_'], ""));
        q = q.filter(
            o::recipient_email
                .like(like.clone())
                .or(o::recipient_name.like(like)),
        );
    }
    q
}

/// The outbox, newest first, filtered.
pub fn list_outbox(
    conn: &mut AnyConnection,
    filter: &OutboxFilter,
    page: PageRequest,
) -> Result<Page<OutboxView>, AppError> {
    let total: i64 = outbox_filtered(filter).count().get_result(conn)?;
    let rows: Vec<OutboxRow> = outbox_filtered(filter)
        .order(o::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(OutboxRow::as_select())
        .load(conn)?;
    Ok(Page {
        items: rows.into_iter().map(OutboxView::from).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// One message of the outbox with its stored data (404 when there is none).
pub fn find_message(conn: &mut AnyConnection, id: EmailId) -> Result<OutboxRow, AppError> {
    Ok(o::table
        .find(id)
        .select(OutboxRow::as_select())
        .first(conn)?)
}

/// The number of messages in each status.
pub fn outbox_counts(conn: &mut AnyConnection) -> Result<Vec<(String, i64)>, AppError> {
    Ok(o::table
        .group_by(o::status)
        .select((o::status, diesel::dsl::count_star()))
        .load(conn)?)
}

/// The templates that have messages in the outbox, for the filter's choices.
pub fn outbox_templates(conn: &mut AnyConnection) -> Result<Vec<String>, AppError> {
    Ok(o::table
        .select(o::template)
        .distinct()
        .order(o::template.asc())
        .load(conn)?)
}

/// What the audit page filters by (each optional); `from`/`until` bound `occurred_at`.
#[derive(Debug, Clone, Default)]
pub struct AuditPageFilter {
    pub action: Option<String>,
    pub actor_id: Option<UserId>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
    pub client_ip: Option<String>,
}

fn audit_filtered(f: &AuditPageFilter) -> a::BoxedQuery<'_, super::MultiBackend> {
    let mut q = a::table.into_boxed();
    if let Some(v) = &f.action {
        q = q.filter(a::action.eq(v));
    }
    if let Some(v) = f.actor_id {
        q = q.filter(a::actor_id.eq(v));
    }
    if let Some(v) = &f.object_type {
        q = q.filter(a::object_type.eq(v));
    }
    if let Some(v) = &f.object_id {
        q = q.filter(a::object_id.eq(v));
    }
    if let Some(v) = f.from {
        q = q.filter(a::occurred_at.ge(v));
    }
    if let Some(v) = f.until {
        q = q.filter(a::occurred_at.lt(v));
    }
    if let Some(v) = &f.client_ip {
        q = q.filter(a::client_ip.eq(v));
    }
    q
}

type AuditRow = (
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

/// The audit log, newest first, filtered; the same rows as the API's list.
pub fn list_audit(
    conn: &mut AnyConnection,
    filter: &AuditPageFilter,
    page: PageRequest,
) -> Result<Page<AuditEvent>, AppError> {
    let total: i64 = audit_filtered(filter).count().get_result(conn)?;
    let rows: Vec<AuditRow> = audit_filtered(filter)
        .order((a::occurred_at.desc(), a::id.desc()))
        .limit(page.per_page)
        .offset(page.offset())
        .load(conn)?;
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

/// The actions recorded in the audit log, for the filter's choices.
pub fn audit_actions(conn: &mut AnyConnection) -> Result<Vec<String>, AppError> {
    Ok(a::table
        .select(a::action)
        .distinct()
        .order(a::action.asc())
        .load(conn)?)
}
