//! The reads of the city admin's operations pages that the API's lists do not offer: the outbox
//! filtered by recipient and template as well as status and sorted as the page asks, one message
//! with what it said, the outbox's counts by status, and the actions the audit log holds (its
//! list, with every filter and sort, is `db::audit::list_sorted`).

use diesel::prelude::*;

use super::AnyConnection;
use super::outbox::{OutboxRow, OutboxView};
use super::schema::{audit_events as a, email_outbox as o};
use crate::domain::ids::EmailId;
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

/// How the outbox page is sorted; each ends with the message's id, so that a page is the same
/// rows every time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OutboxSort {
    /// The newest message first.
    #[default]
    Newest,
    /// The oldest message first.
    Oldest,
    /// The recipient's address, then the newest first.
    Recipient,
    /// The next attempt, soonest first (the order the sender takes the waiting ones in).
    NextAttempt,
    /// The most attempts first, then the newest.
    Attempts,
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

/// The outbox, filtered and sorted.
pub fn list_outbox(
    conn: &mut AnyConnection,
    filter: &OutboxFilter,
    sort: OutboxSort,
    page: PageRequest,
) -> Result<Page<OutboxView>, AppError> {
    let total: i64 = outbox_filtered(filter).count().get_result(conn)?;
    let q = outbox_filtered(filter);
    let q = match sort {
        OutboxSort::Newest => q.order(o::id.desc()),
        OutboxSort::Oldest => q.order(o::id.asc()),
        OutboxSort::Recipient => q.order((o::recipient_email.asc(), o::id.desc())),
        OutboxSort::NextAttempt => q.order((o::next_attempt_at.asc(), o::id.asc())),
        OutboxSort::Attempts => q.order((o::attempts.desc(), o::id.desc())),
    };
    let rows: Vec<OutboxRow> = q
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

/// The actions recorded in the audit log, for the filter's choices.
pub fn audit_actions(conn: &mut AnyConnection) -> Result<Vec<String>, AppError> {
    Ok(a::table
        .select(a::action)
        .distinct()
        .order(a::action.asc())
        .load(conn)?)
}
