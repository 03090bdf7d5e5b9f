//! The reminder e-mails one person was sent, read from the outbox for that person's own pages
//! (the mentee's home shows the last few). Scoped by the recipient: nobody reads another's.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::AnyConnection;
use super::schema::email_outbox as o;
use crate::domain::ids::UserId;
use crate::error::AppError;

/// One e-mail sent to the person: its stored `{template, data}` JSON and when it went out.
#[derive(Debug, Clone)]
pub struct SentEmail {
    pub data: String,
    pub sent_at: NaiveDateTime,
}

/// The last `limit` e-mails of the given templates sent to `person`, newest first. Only sent ones
/// (a queued message has not reached the person yet).
pub fn sent_to(
    conn: &mut AnyConnection,
    person: UserId,
    templates: &[&str],
    limit: i64,
) -> Result<Vec<SentEmail>, AppError> {
    let rows: Vec<(String, Option<NaiveDateTime>)> = o::table
        .filter(o::recipient_user_id.eq(Some(person)))
        .filter(o::status.eq("sent"))
        .filter(o::template.eq_any(templates))
        .filter(o::sent_at.is_not_null())
        .order((o::sent_at.desc(), o::id.desc()))
        .limit(limit)
        .select((o::data, o::sent_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(data, sent_at)| sent_at.map(|sent_at| SentEmail { data, sent_at }))
        .collect())
}
