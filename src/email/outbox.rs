//! Putting an e-mail into the outbox, inside the caller's transaction. The idempotency key names
//! the kind, the recipient, the subject object and the period, so that the same reminder for the
//! same thing in the same period is stored once, however often the code that sends it runs.

use aws_lc_rs::digest;
use chrono::NaiveDateTime;

use super::catalogue::Email;
use crate::auth::account_token::hex;
use crate::db::AnyConnection;
use crate::db::outbox::{self, NewOutboxRow};
use crate::domain::ids::UserId;
use crate::error::AppError;
use crate::i18n::Locale;

/// Who an e-mail goes to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub user_id: Option<UserId>,
    pub email: String,
    pub name: String,
    pub locale: Locale,
}

impl From<&crate::db::users::User> for Recipient {
    fn from(u: &crate::db::users::User) -> Self {
        Self {
            user_id: Some(u.id),
            email: u.email.clone(),
            name: u.name.clone(),
            locale: u.locale,
        }
    }
}

/// The fixed Message-ID of a key: the same key always gives the same Message-ID, so a message
/// sent twice (a crash after the server accepted it) is recognisable as one.
pub fn message_id(key: &str, domain: &str) -> String {
    let digest = digest::digest(&digest::SHA256, key.as_bytes());
    format!("<{}@{domain}>", &hex(digest.as_ref())[..32])
}

/// The outbox row of `email` for `to`. `subject` names the object and period the e-mail is
/// about, e.g. `token:17` or `2026-06`; with the template and the recipient it makes the key.
pub fn row(
    now: NaiveDateTime,
    domain: &str,
    to: &Recipient,
    email: &Email,
    subject: &str,
) -> Result<NewOutboxRow, AppError> {
    let recipient = match to.user_id {
        Some(id) => format!("user:{id}"),
        None => format!("email:{}", to.email),
    };
    let key = format!("{}:{recipient}:{subject}", email.template());
    let data = serde_json::to_string(email).map_err(AppError::internal)?;
    Ok(NewOutboxRow {
        message_id: message_id(&key, domain),
        idempotency_key: key,
        template: email.template().to_owned(),
        recipient_user_id: to.user_id,
        recipient_email: to.email.clone(),
        recipient_name: to.name.clone(),
        locale: to.locale.as_str().to_owned(),
        data,
        status: "pending".to_owned(),
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
    })
}

/// Stores `email` for `to` unless the same key is already stored; true when it was new.
pub fn enqueue(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    domain: &str,
    to: &Recipient,
    email: &Email,
    subject: &str,
) -> Result<bool, AppError> {
    outbox::insert_ignoring_duplicates(conn, &row(now, domain, to, email, subject)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_fixed_by_the_key() {
        let a = message_id("invitation:user:1:token:1", "peidai.example.cn");
        assert_eq!(
            a,
            message_id("invitation:user:1:token:1", "peidai.example.cn")
        );
        assert_ne!(
            a,
            message_id("invitation:user:1:token:2", "peidai.example.cn")
        );
        assert!(a.starts_with('<') && a.ends_with("@peidai.example.cn>"));
    }
}
