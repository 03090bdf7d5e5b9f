//! The sender: claims due outbox messages under a lease, delivers them a few at a time over the
//! pooled transport, and records each outcome as soon as the server has answered it. Delivery is
//! at least once: the only window for a duplicate is "the server accepted it, then we crashed
//! before recording that", which at any instant holds at most `email.concurrency` messages; both
//! copies then carry the same Message-ID.

use std::time::Duration;

use chrono::NaiveDateTime;
use futures_util::StreamExt;
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, header};
use serde::Serialize;
use tokio::sync::{Notify, Semaphore, mpsc};

use super::catalogue::Email;
use super::render::Renderer;
use super::send_error::SendError;
use super::transport::Transport;
use crate::auth::account_token::TokenKey;
use crate::clock::Clock;
use crate::config::EmailSettings;
use crate::db::Db;
use crate::db::outbox::{self, OutboxRow};
use crate::domain::ids::EmailId;
use crate::error::AppError;
use crate::i18n::Locale;

/// The idempotency key, carried in each message so a receiving end can spot a duplicate.
#[derive(Clone)]
struct IdempotencyKey(String);

impl header::Header for IdempotencyKey {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Peidai-Key")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// Everything needed to send: the transport, the templates, the sender address and the rules.
pub struct Mailer {
    transport: Transport,
    renderer: Renderer,
    from: Mailbox,
    domain: String,
    settings: EmailSettings,
    /// Woken after an e-mail is enqueued, so the scheduler can send it without waiting a tick.
    pub wake: Notify,
}

/// What one drain did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DrainReport {
    pub claimed: i64,
    pub sent: i64,
    pub retried: i64,
    pub dead: i64,
}

/// The wait before attempt `attempts + 1`: `base · 2^(attempts-1)`, capped at `max`, then spread by
/// ±20 % (`jitter` in [0, 1)) so that many failures do not retry in step; never above `max`;
/// rounded to whole seconds.
pub fn backoff(attempts: i32, base_secs: u64, max_secs: u64, jitter: f64) -> Duration {
    let exp = u32::try_from(attempts.max(1) - 1).unwrap_or(0).min(30);
    let raw = base_secs.saturating_mul(1u64 << exp).min(max_secs) as f64;
    let spread = raw * (0.8 + 0.4 * jitter.clamp(0.0, 1.0));
    // Whole seconds: both databases then store the due time exactly as computed.
    Duration::from_secs(spread.min(max_secs as f64).max(1.0).round() as u64)
}

fn random_unit() -> f64 {
    let mut b = [0u8; 8];
    aws_lc_rs::rand::fill(&mut b).expect("the system random source works");
    (u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64
}

impl Mailer {
    pub fn new(
        settings: &EmailSettings,
        tokens: TokenKey,
        zone: chrono_tz::Tz,
    ) -> anyhow::Result<Self> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| anyhow::anyhow!("email.from: {e}"))?;
        let domain = from.email.domain().to_owned();
        Ok(Self {
            transport: Transport::from_settings(settings)?,
            renderer: Renderer::new(&settings.public_url, tokens, zone)?,
            from,
            domain,
            settings: settings.clone(),
            wake: Notify::new(),
        })
    }

    /// The domain of the sender address (used in Message-IDs).
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// What an outbox row says (subject, text and HTML bodies) as it is or was sent, for the
    /// city admin's outbox page.
    pub fn preview(&self, row: &OutboxRow) -> anyhow::Result<super::render::Rendered> {
        let email: Email = serde_json::from_str(&row.data)?;
        let locale = Locale::parse(&row.locale).unwrap_or_default();
        self.renderer.render(&email, locale)
    }

    /// Builds the message of an outbox row; an error here is permanent.
    fn build(&self, row: &OutboxRow) -> Result<Message, SendError> {
        let permanent =
            |what: &str, e: &dyn std::fmt::Display| SendError::Permanent(format!("{what}: {e}"));
        let email: Email =
            serde_json::from_str(&row.data).map_err(|e| permanent("stored data", &e))?;
        let locale = Locale::parse(&row.locale).unwrap_or_default();
        let rendered = self
            .renderer
            .render(&email, locale)
            .map_err(|e| permanent("template", &e))?;
        let to = Mailbox::new(
            Some(row.recipient_name.clone()),
            row.recipient_email
                .parse()
                .map_err(|e| permanent("recipient", &e))?,
        );
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(rendered.subject)
            .message_id(Some(row.message_id.clone()))
            .header(IdempotencyKey(row.idempotency_key.clone()))
            .multipart(MultiPart::alternative_plain_html(
                rendered.text,
                rendered.html,
            ))
            .map_err(|e| permanent("message", &e))
    }

    async fn deliver(&self, row: &OutboxRow) -> Result<(), SendError> {
        let message = self.build(row)?;
        let result = self.transport.send(message).await;
        // The SMTP pool takes a connection back in a task of its own; let it run before this
        // slot starts the next message, so that the next one reuses the connection.
        tokio::task::yield_now().await;
        result
    }

    /// Sends every due message; returns what happened. Safe to run concurrently with itself.
    pub async fn drain(&self, db: &Db, clock: &Clock) -> Result<DrainReport, AppError> {
        let worker = TokenKey::new_nonce()[..16].to_owned();
        let s = &self.settings;
        let mut report = DrainReport::default();
        loop {
            let now = clock.now_naive();
            let lease_until = now + chrono::Duration::seconds(s.lease_secs as i64);
            let (w, limit) = (worker.clone(), i64::from(s.batch_size));
            let batch = db
                .write_each(move |c| outbox::claim(c, &w, now, lease_until, limit))
                .await?;
            if batch.is_empty() {
                break;
            }
            let full = batch.len() as i64 == limit;
            report.claimed += batch.len() as i64;
            self.send_batch(db, clock, &worker, &batch, &mut report)
                .await?;
            if !full {
                break;
            }
        }
        if report.dead > 0 || report.retried > 0 {
            tracing::warn!(
                sent = report.sent,
                retried = report.retried,
                dead = report.dead,
                "some e-mails were not delivered"
            );
        }
        Ok(report)
    }

    /// Sends one claimed batch, recording each outcome as soon as the server has answered.
    ///
    /// A message holds one of `email.concurrency` slots from the moment it starts until its
    /// outcome is committed. A writer records whatever outcomes have arrived in one transaction
    /// (the deliveries among them in one statement) while the other messages are being sent, then
    /// gives their slots back. So at any instant at most `email.concurrency` messages are in
    /// flight or answered but unrecorded: the most a crash can make the next run send twice.
    async fn send_batch(
        &self,
        db: &Db,
        clock: &Clock,
        worker: &str,
        batch: &[OutboxRow],
        report: &mut DrainReport,
    ) -> Result<(), AppError> {
        let concurrency = self.settings.concurrency.max(1);
        let slots = Semaphore::new(concurrency);
        let (tx, mut rx) = mpsc::unbounded_channel::<(EmailId, i32, Result<(), SendError>)>();
        let senders = async {
            // Owned here, so the writer's channel closes once every message has been sent.
            let tx = tx;
            futures_util::stream::iter(batch)
                .for_each_concurrent(concurrency, |row| {
                    let (tx, slots) = (&tx, &slots);
                    async move {
                        // The writer gives the slot back once this outcome is committed.
                        if let Ok(slot) = slots.acquire().await {
                            slot.forget();
                        }
                        let result = self.deliver(row).await;
                        let _ = tx.send((row.id, row.attempts, result));
                    }
                })
                .await;
            Ok::<(), AppError>(())
        };
        let writer = async {
            while let Some(first) = rx.recv().await {
                let mut arrived = vec![first];
                while let Ok(next) = rx.try_recv() {
                    arrived.push(next);
                }
                let done = clock.now_naive();
                let plan: Vec<(EmailId, Outcome)> = arrived
                    .into_iter()
                    .map(|(id, attempts, result)| (id, self.outcome(attempts, result, done)))
                    .collect();
                let answered = plan.len();
                let w = worker.to_owned();
                let counts = db.write(move |c| record(c, &plan, &w, done)).await?;
                report.sent += counts.sent;
                report.retried += counts.retried;
                report.dead += counts.dead;
                slots.add_permits(answered);
            }
            Ok::<(), AppError>(())
        };
        futures_util::future::try_join(senders, writer).await?;
        Ok(())
    }

    fn outcome(&self, attempts: i32, result: Result<(), SendError>, now: NaiveDateTime) -> Outcome {
        let s = &self.settings;
        match result {
            Ok(()) => Outcome::Sent,
            Err(SendError::Permanent(e)) => Outcome::Dead(truncate(&e)),
            Err(SendError::Transient(e)) if attempts >= s.max_attempts as i32 => {
                Outcome::Dead(truncate(&format!("gave up after {attempts} attempts: {e}")))
            }
            Err(SendError::Transient(e)) => {
                let wait = backoff(attempts, s.retry_base_secs, s.retry_max_secs, random_unit());
                let wait = chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
                Outcome::Retry(now + wait, truncate(&e))
            }
        }
    }
}

enum Outcome {
    Sent,
    Retry(NaiveDateTime, String),
    Dead(String),
}

/// Records the outcomes of `plan` for `worker` (the deliveries in one statement); returns how
/// many of each kind there were.
fn record(
    c: &mut crate::db::AnyConnection,
    plan: &[(EmailId, Outcome)],
    worker: &str,
    done: NaiveDateTime,
) -> Result<DrainReport, AppError> {
    let mut counts = DrainReport::default();
    let mut sent = Vec::new();
    for (id, o) in plan {
        match o {
            Outcome::Sent => sent.push(*id),
            Outcome::Retry(at, err) => {
                outbox::mark_retry(c, *id, worker, *at, err)?;
                counts.retried += 1;
            }
            Outcome::Dead(err) => {
                outbox::mark_dead(c, *id, worker, err)?;
                counts.dead += 1;
            }
        }
    }
    outbox::mark_sent_many(c, &sent, worker, done)?;
    counts.sent = sent.len() as i64;
    Ok(counts)
}

fn truncate(s: &str) -> String {
    s.chars().take(500).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_jitter_stays_within_twenty_percent() {
        let mut previous = Duration::ZERO;
        for attempts in 1..=20 {
            let mid = backoff(attempts, 30, 3600, 0.5);
            assert!(mid >= previous, "non-decreasing before jitter");
            assert!(mid <= Duration::from_secs(3600), "capped");
            previous = mid;
            for j in [0.0, 0.25, 0.999] {
                let d = backoff(attempts, 30, 3600, j).as_secs_f64();
                let m = mid.as_secs_f64();
                assert!(
                    d >= m * 0.8 - 1e-6 && d <= (m * 1.2).min(3600.0) + 1e-6,
                    "{attempts} {j} {d} {m}"
                );
            }
        }
        assert_eq!(backoff(1, 30, 3600, 0.5), Duration::from_secs(30));
        assert_eq!(backoff(2, 30, 3600, 0.5), Duration::from_secs(60));
        assert_eq!(backoff(30, 30, 3600, 0.999).as_secs(), 3600);
        let r = random_unit();
        assert!((0.0..1.0).contains(&r));
    }
}
