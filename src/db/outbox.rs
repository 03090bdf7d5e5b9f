//! Outbox queries: insert once per key, claim due messages under a lease, record the outcome.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::AnyConnection;
use super::schema::email_outbox as o;
use crate::domain::ids::{EmailId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;

/// A new outbox row.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = o)]
pub struct NewOutboxRow {
    pub idempotency_key: String,
    pub message_id: String,
    pub template: String,
    pub recipient_user_id: Option<UserId>,
    pub recipient_email: String,
    pub recipient_name: String,
    pub locale: String,
    pub data: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

/// A stored outbox row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = o)]
pub struct OutboxRow {
    pub id: EmailId,
    pub idempotency_key: String,
    pub message_id: String,
    pub template: String,
    pub recipient_user_id: Option<UserId>,
    pub recipient_email: String,
    pub recipient_name: String,
    pub locale: String,
    pub data: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub lease_until: Option<NaiveDateTime>,
    pub claimed_by: Option<String>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

/// An outbox message as city admins see it (no template data).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutboxView {
    #[schema(value_type = i64)]
    pub id: EmailId,
    pub template: String,
    pub recipient_email: String,
    /// `pending`, `sending`, `sent` or `dead`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub message_id: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<OutboxRow> for OutboxView {
    fn from(r: OutboxRow) -> Self {
        OutboxView {
            id: r.id,
            template: r.template,
            recipient_email: r.recipient_email,
            status: r.status,
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at.and_utc(),
            last_error: r.last_error,
            message_id: r.message_id,
            created_at: r.created_at.and_utc(),
            sent_at: r.sent_at.map(|t| t.and_utc()),
        }
    }
}

/// Inserts the row unless its key exists; true when inserted. The one statement that differs per
/// backend only in its Rust type, so both arms are the same query.
pub fn insert_ignoring_duplicates(
    conn: &mut AnyConnection,
    row: &NewOutboxRow,
) -> Result<bool, AppError> {
    let n = match conn {
        AnyConnection::Sqlite(c) => diesel::insert_into(o::table)
            .values(row)
            .on_conflict(o::idempotency_key)
            .do_nothing()
            .execute(c)?,
        AnyConnection::Postgresql(c) => diesel::insert_into(o::table)
            .values(row)
            .on_conflict(o::idempotency_key)
            .do_nothing()
            .execute(c)?,
    };
    Ok(n == 1)
}

/// Inserts many rows, skipping keys that exist; returns how many were inserted. PostgreSQL gets
/// multi-row statements (12 columns a row, 2,000 rows a statement), as each statement is a round
/// trip; SQLite, which diesel cannot give a multi-row `ON CONFLICT`, gets one cached statement
/// per row, which costs no round trip inside the caller's transaction.
pub fn insert_many_ignoring_duplicates(
    conn: &mut AnyConnection,
    rows: Vec<NewOutboxRow>,
) -> Result<usize, AppError> {
    const ROWS_PER_STATEMENT: usize = 2_000;
    let mut inserted = 0;
    match conn {
        AnyConnection::Sqlite(_) => {
            for row in &rows {
                inserted += usize::from(insert_ignoring_duplicates(conn, row)?);
            }
        }
        AnyConnection::Postgresql(c) => {
            for part in rows.chunks(ROWS_PER_STATEMENT) {
                inserted += diesel::insert_into(o::table)
                    .values(part)
                    .on_conflict(o::idempotency_key)
                    .do_nothing()
                    .execute(c)?;
            }
        }
    }
    Ok(inserted)
}

/// Claims up to `limit` due messages for `worker`: pending ones whose time has come, and ones
/// whose previous claim's lease ran out (a sender that crashed mid-send). Each claim counts as an
/// attempt. Runs in one write transaction, so two senders never claim the same row.
pub fn claim(
    conn: &mut AnyConnection,
    worker: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<OutboxRow>, AppError> {
    super::write_transaction(conn, |c| {
        let due = o::status
            .eq("pending")
            .and(o::next_attempt_at.le(now))
            .or(o::status.eq("sending").and(o::lease_until.lt(now)));
        let ids: Vec<EmailId> = o::table
            .filter(due)
            .order((o::next_attempt_at.asc(), o::id.asc()))
            .limit(limit)
            .select(o::id)
            .load(c)?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(o::table.filter(o::id.eq_any(&ids)).filter(due))
            .set((
                o::status.eq("sending"),
                o::claimed_by.eq(worker),
                o::lease_until.eq(lease_until),
                o::attempts.eq(o::attempts + 1),
            ))
            .execute(c)?;
        Ok(o::table
            .filter(o::id.eq_any(&ids))
            .filter(o::claimed_by.eq(worker))
            .filter(o::status.eq("sending"))
            .order(o::id.asc())
            .select(OutboxRow::as_select())
            .load(c)?)
    })
}

/// The row `id`, only while `worker` still holds its claim.
macro_rules! owned {
    ($id:expr, $worker:expr) => {
        o::table
            .filter(o::id.eq($id))
            .filter(o::claimed_by.eq($worker))
            .filter(o::status.eq("sending"))
    };
}

/// Records the delivery of many messages in one statement (only those `worker` still holds):
/// the sender records the outcomes that arrive close together at once, one round trip however
/// many.
pub fn mark_sent_many(
    conn: &mut AnyConnection,
    ids: &[EmailId],
    worker: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::update(
        o::table
            .filter(o::id.eq_any(ids))
            .filter(o::claimed_by.eq(worker))
            .filter(o::status.eq("sending")),
    )
    .set((
        o::status.eq("sent"),
        o::sent_at.eq(now),
        o::lease_until.eq(None::<NaiveDateTime>),
        o::last_error.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(())
}

/// Puts the message back for another attempt at `next_at`.
pub fn mark_retry(
    conn: &mut AnyConnection,
    id: EmailId,
    worker: &str,
    next_at: NaiveDateTime,
    error: &str,
) -> Result<(), AppError> {
    diesel::update(owned!(id, worker))
        .set((
            o::status.eq("pending"),
            o::next_attempt_at.eq(next_at),
            o::lease_until.eq(None::<NaiveDateTime>),
            o::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}

/// Gives up on the message: it waits in `dead` for a city admin.
pub fn mark_dead(
    conn: &mut AnyConnection,
    id: EmailId,
    worker: &str,
    error: &str,
) -> Result<(), AppError> {
    diesel::update(owned!(id, worker))
        .set((
            o::status.eq("dead"),
            o::lease_until.eq(None::<NaiveDateTime>),
            o::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}

/// Newest first, optionally of one status.
pub fn list(
    conn: &mut AnyConnection,
    status: Option<&str>,
    page: PageRequest,
) -> Result<Page<OutboxView>, AppError> {
    let filtered = || {
        let mut q = o::table.into_boxed::<super::MultiBackend>();
        if let Some(s) = status {
            q = q.filter(o::status.eq(s.to_owned()));
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<OutboxRow> = filtered()
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

/// Re-queues a dead message with a fresh attempt count; a message in any other state is a 409.
pub fn retry_dead(
    conn: &mut AnyConnection,
    id: EmailId,
    now: NaiveDateTime,
) -> Result<OutboxView, AppError> {
    let row: OutboxRow = o::table
        .find(id)
        .select(OutboxRow::as_select())
        .first(conn)?;
    if row.status != "dead" {
        return Err(AppError::conflict_field(
            "status",
            "not_dead",
            "只有发送失败（dead）的邮件可以重新发送",
            "only dead messages can be retried",
        ));
    }
    diesel::update(o::table.filter(o::id.eq(id)).filter(o::status.eq("dead")))
        .set((
            o::status.eq("pending"),
            o::attempts.eq(0),
            o::next_attempt_at.eq(now),
            o::claimed_by.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(o::table
        .find(id)
        .select(OutboxRow::as_select())
        .first(conn)?
        .into())
}

/// The outbox at a glance, for `/readyz` and `/metrics`.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct OutboxStats {
    pub pending: i64,
    pub sending: i64,
    pub dead: i64,
    /// Seconds the oldest pending or sending message has waited (0 when none).
    pub oldest_pending_age_secs: i64,
}

pub fn stats(conn: &mut AnyConnection, now: NaiveDateTime) -> Result<OutboxStats, AppError> {
    let counts: Vec<(String, i64)> = o::table
        .filter(o::status.ne("sent"))
        .group_by(o::status)
        .select((o::status, diesel::dsl::count_star()))
        .load(conn)?;
    let count = |s: &str| counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
    // One ordered index lookup per status (`email_outbox_age_idx`), not a scan of the backlog.
    let mut oldest: Option<NaiveDateTime> = None;
    for status in ["pending", "sending"] {
        let first: Option<NaiveDateTime> = o::table
            .filter(o::status.eq(status))
            .order(o::created_at.asc())
            .select(o::created_at)
            .first(conn)
            .optional()?;
        oldest = oldest.into_iter().chain(first).min();
    }
    Ok(OutboxStats {
        pending: count("pending"),
        sending: count("sending"),
        dead: count("dead"),
        oldest_pending_age_secs: oldest.map_or(0, |t| (now - t).num_seconds().max(0)),
    })
}
