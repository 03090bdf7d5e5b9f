//! Queueing e-mails to many users at once, for the jobs that remind thousands: the recipients
//! are looked up and the rows stored per batch of 2,000, not with two statements per e-mail.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::catalogue::Email;
use super::outbox::{self, Recipient};
use crate::db::{AnyConnection, outbox as store, users};
use crate::domain::ids::UserId;
use crate::error::AppError;
use crate::i18n::Locale;

/// One e-mail waiting for its recipient to be looked up.
struct Due<'a> {
    to: UserId,
    subject: String,
    email: Box<dyn FnOnce(&Recipient) -> Email + 'a>,
}

/// E-mails queued in batches, in the caller's transaction; memory stays flat however many.
pub struct BulkQueue<'a> {
    now: NaiveDateTime,
    domain: &'a str,
    due: Vec<Due<'a>>,
    queued: usize,
}

impl<'a> BulkQueue<'a> {
    /// E-mails looked up and stored together: one recipient query and, on PostgreSQL, one insert.
    const BATCH: usize = 2_000;

    pub fn new(now: NaiveDateTime, domain: &'a str) -> Self {
        Self {
            now,
            domain,
            due: Vec::new(),
            queued: 0,
        }
    }

    /// Queues for `to` the e-mail that `email` makes (it gets the recipient, for their name),
    /// under `subject` (see [`outbox::row`]); an e-mail whose key is stored already is skipped.
    pub fn push(
        &mut self,
        c: &mut AnyConnection,
        to: UserId,
        subject: String,
        email: impl FnOnce(&Recipient) -> Email + 'a,
    ) -> Result<(), AppError> {
        self.due.push(Due {
            to,
            subject,
            email: Box::new(email),
        });
        if self.due.len() >= Self::BATCH {
            self.flush(c)?;
        }
        Ok(())
    }

    /// Stores what is left; returns how many of all the e-mails pushed were new.
    pub fn finish(mut self, c: &mut AnyConnection) -> Result<usize, AppError> {
        self.flush(c)?;
        Ok(self.queued)
    }

    fn flush(&mut self, c: &mut AnyConnection) -> Result<(), AppError> {
        if self.due.is_empty() {
            return Ok(());
        }
        let ids: Vec<UserId> = self.due.iter().map(|d| d.to).collect();
        let people = recipients(c, &ids)?;
        let mut rows = Vec::with_capacity(self.due.len());
        for d in self.due.drain(..) {
            let person = people.get(&d.to).ok_or(AppError::NotFound)?;
            let email = (d.email)(person);
            rows.push(outbox::row(
                self.now,
                self.domain,
                person,
                &email,
                &d.subject,
            )?);
        }
        self.queued += store::insert_many_ignoring_duplicates(c, rows)?;
        Ok(())
    }
}

/// Who the e-mails to many users go to, loaded at once: `id -> recipient`.
fn recipients(
    c: &mut AnyConnection,
    ids: &[UserId],
) -> Result<HashMap<UserId, Recipient>, AppError> {
    Ok(users::contacts(c, ids)?
        .into_iter()
        .map(|(id, email, name, locale)| {
            let recipient = Recipient {
                user_id: Some(id),
                email,
                name,
                locale: Locale::parse(&locale).unwrap_or_default(),
            };
            (id, recipient)
        })
        .collect())
}
