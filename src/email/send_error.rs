//! How a delivery failed, as the sender's retry rules need it: shared by the transports and the
//! SMTP pool, which both report it, and the sender, which acts on it.

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The server refused it for good (5xx): retrying will not help.
    Permanent(String),
    /// A 4xx answer, a timeout, a connection failure: try again later.
    Transient(String),
}
