//! E-mail: a typed catalogue of messages, rendered from `emails/`, written to an outbox in the same
//! transaction as the change that causes them, and sent by the `send_emails` job. No request ever
//! waits on SMTP.

pub mod account_emails;
pub mod bulk;
pub mod catalogue;
pub mod outbox;
pub mod render;
pub mod send_error;
pub mod sender;
pub mod smtp_pool;
pub mod transport;
