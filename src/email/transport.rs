//! Where messages go: SMTP (production) or `.eml` files (development default, so that a demo runs
//! with no mail server).

use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::send_error::SendError;
use super::smtp_pool::{SmtpPool, SmtpTarget};
use crate::config::{EmailSettings, EmailTransportKind, SmtpTls};

/// A configured transport. SMTP connections are pooled, so a burst of messages reuses a few
/// connections.
pub enum Transport {
    /// Plain or STARTTLS: our pool, with `TCP_NODELAY` (see [`super::smtp_pool`]).
    Pooled(SmtpPool),
    /// Implicit TLS: lettre's pool.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
}

impl Transport {
    pub fn from_settings(s: &EmailSettings) -> anyhow::Result<Self> {
        Ok(match s.transport {
            EmailTransportKind::File => {
                std::fs::create_dir_all(&s.file_dir)
                    .map_err(|e| anyhow::anyhow!("email.file_dir {}: {e}", s.file_dir.display()))?;
                Self::File(AsyncFileTransport::<Tokio1Executor>::new(&s.file_dir))
            }
            EmailTransportKind::Smtp => {
                let smtp = &s.smtp;
                let credentials = (!smtp.username.is_empty()).then(|| {
                    Credentials::new(smtp.username.clone(), smtp.password.expose().to_owned())
                });
                let timeout = Duration::from_secs(smtp.timeout_secs);
                match smtp.tls {
                    SmtpTls::None | SmtpTls::Starttls => Self::Pooled(SmtpPool::new(SmtpTarget {
                        host: smtp.host.clone(),
                        port: smtp.port,
                        starttls: smtp.tls == SmtpTls::Starttls,
                        credentials,
                        timeout,
                        max_size: smtp.pool_max as usize,
                    })),
                    SmtpTls::Tls => {
                        let mut b = AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)?
                            .port(smtp.port)
                            .timeout(Some(timeout))
                            .pool_config(PoolConfig::new().max_size(smtp.pool_max));
                        if let Some(c) = credentials {
                            b = b.credentials(c);
                        }
                        Self::Smtp(b.build())
                    }
                }
            }
        })
    }

    /// Delivers one message.
    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Self::Pooled(p) => p.send(&message).await,
            Self::Smtp(t) => t.send(message).await.map(drop).map_err(|e| {
                let text = e.to_string();
                if e.is_permanent() {
                    SendError::Permanent(text)
                } else {
                    SendError::Transient(text)
                }
            }),
            Self::File(t) => t
                .send(message)
                .await
                .map(drop)
                .map_err(|e| SendError::Transient(e.to_string())),
        }
    }
}
