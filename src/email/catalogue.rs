//! Every e-mail the service can send, with exactly the data its templates need. Only these can be
//! enqueued, and the outbox stores them as `{template, data}` JSON.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One e-mail and its data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "template", content = "data", rename_all = "snake_case")]
pub enum Email {
    /// A new account: set a password through the link.
    Invitation(Invitation),
    /// "Forgot password": choose a new one through the link.
    PasswordReset(PasswordReset),
    /// The password was changed (by the user or through a reset).
    PasswordChanged(PasswordChanged),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invitation {
    pub name: String,
    /// Who opened the account (a person's name or the department).
    pub inviter: String,
    pub unit: Option<String>,
    /// The nonce of the account token; the link's token is derived from it at sending time.
    pub token_nonce: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasswordReset {
    pub name: String,
    pub token_nonce: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasswordChanged {
    pub name: String,
    pub changed_at: DateTime<Utc>,
}

impl Email {
    /// The template folder under `emails/`.
    pub fn template(&self) -> &'static str {
        match self {
            Self::Invitation(_) => "invitation",
            Self::PasswordReset(_) => "password_reset",
            Self::PasswordChanged(_) => "password_changed",
        }
    }

    /// Every template name, for the start-up check and the tests.
    pub const TEMPLATES: [&'static str; 3] = ["invitation", "password_reset", "password_changed"];

    /// Example data for every e-mail: rendered at start-up and in the tests, so that a template
    /// that uses a variable the data lacks fails at once. Includes markup to prove escaping.
    pub fn examples() -> Vec<Email> {
        let at: DateTime<Utc> = "2026-06-01T02:00:00Z".parse().expect("valid");
        vec![
            Email::Invitation(Invitation {
                name: "张三 <b>".into(),
                inviter: "市委组织部人才科".into(),
                unit: Some("红山区".into()),
                token_nonce: "00".repeat(32),
                expires_at: at,
            }),
            Email::Invitation(Invitation {
                name: "李四".into(),
                inviter: "市委组织部人才科".into(),
                unit: None,
                token_nonce: "11".repeat(32),
                expires_at: at,
            }),
            Email::PasswordReset(PasswordReset {
                name: "王五".into(),
                token_nonce: "22".repeat(32),
                expires_at: at,
            }),
            Email::PasswordChanged(PasswordChanged {
                name: "赵六".into(),
                changed_at: at,
            }),
        ]
    }
}
