//! SMTP delivery over a small pool of connections with `TCP_NODELAY` set.
//!
//! lettre's own pool leaves Nagle's algorithm on. It writes a message's body and its closing
//! `.` in two writes and then waits for the answer, so the closing dot waits for the server's
//! delayed acknowledgement of the body: about 40 ms a message on Linux, some 23 messages/s per
//! connection however fast both ends are. This pool connects the socket itself, sets
//! `TCP_NODELAY`, and hands it to lettre's connection, which then speaks SMTP (and STARTTLS) as
//! before. Implicit TLS (`smtp.tls = "tls"`) still uses lettre's pool, because lettre only
//! wraps a socket in TLS when it opens the socket itself.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use lettre::Message;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

use super::send_error::SendError;

/// An idle connection older than this is closed rather than reused: servers drop idle clients
/// after a few minutes, and a message sent down a dropped connection would fail.
const IDLE_FOR_AT_MOST: Duration = Duration::from_secs(60);

/// Where and how to connect.
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    /// Upgrade with STARTTLS after the greeting (required when set).
    pub starttls: bool,
    pub credentials: Option<Credentials>,
    /// Bounds connecting and each message's whole exchange.
    pub timeout: Duration,
    /// Connections open at once.
    pub max_size: usize,
}

/// Pooled SMTP connections, at most `max_size` in use at once.
pub struct SmtpPool {
    target: SmtpTarget,
    hello: ClientId,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    slots: Semaphore,
}

impl SmtpPool {
    pub fn new(target: SmtpTarget) -> Self {
        let slots = Semaphore::new(target.max_size.max(1));
        Self {
            target,
            hello: ClientId::default(),
            idle: Mutex::new(Vec::new()),
            slots,
        }
    }

    /// Delivers one message. A reused connection that fails without an SMTP reply (the server
    /// closed it while idle) is replaced by a new one, once.
    pub async fn send(&self, message: &Message) -> Result<(), SendError> {
        let _slot = self
            .slots
            .acquire()
            .await
            .map_err(|e| SendError::Transient(e.to_string()))?;
        let body = message.formatted();
        if let Some(conn) = self.take_idle() {
            match self.send_on(conn, message, &body).await {
                // No reply code: the connection was gone, not the message refused.
                Err(Failure::Smtp(e)) if e.status().is_none() => {}
                other => return other.map_err(Failure::into_send_error),
            }
        }
        let conn = self.connect().await.map_err(Failure::into_send_error)?;
        self.send_on(conn, message, &body)
            .await
            .map_err(Failure::into_send_error)
    }

    fn take_idle(&self) -> Option<AsyncSmtpConnection> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        // Stale ones are dropped; a server that has already closed them needs no QUIT.
        idle.retain(|(_, since)| since.elapsed() < IDLE_FOR_AT_MOST);
        idle.pop().map(|(conn, _)| conn)
    }

    async fn send_on(
        &self,
        mut conn: AsyncSmtpConnection,
        message: &Message,
        body: &[u8],
    ) -> Result<(), Failure> {
        let sent = tokio::time::timeout(self.target.timeout, conn.send(message.envelope(), body))
            .await
            .map_err(|_| Failure::TimedOut)?;
        match sent {
            Ok(_) if !conn.has_broken() => {
                self.idle
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((conn, Instant::now()));
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(e) => {
                conn.abort().await;
                Err(Failure::Smtp(e))
            }
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, Failure> {
        let t = &self.target;
        let open = async {
            let tcp = TcpStream::connect((t.host.as_str(), t.port))
                .await
                .map_err(|e| Failure::Connect(e.to_string()))?;
            tcp.set_nodelay(true)
                .map_err(|e| Failure::Connect(e.to_string()))?;
            let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello)
                .await
                .map_err(Failure::Smtp)?;
            if t.starttls {
                let tls = TlsParameters::new(t.host.clone()).map_err(Failure::Smtp)?;
                conn.starttls(tls, &self.hello)
                    .await
                    .map_err(Failure::Smtp)?;
            }
            if let Some(credentials) = &t.credentials {
                conn.auth(DEFAULT_MECHANISMS, credentials)
                    .await
                    .map_err(Failure::Smtp)?;
            }
            Ok(conn)
        };
        tokio::time::timeout(t.timeout, open)
            .await
            .map_err(|_| Failure::TimedOut)?
    }
}

/// Why one attempt failed.
enum Failure {
    Connect(String),
    TimedOut,
    Smtp(SmtpError),
}

impl Failure {
    fn into_send_error(self) -> SendError {
        match self {
            Self::Connect(e) => SendError::Transient(format!("connection failed: {e}")),
            Self::TimedOut => SendError::Transient("the SMTP server did not answer in time".into()),
            Self::Smtp(e) if e.is_permanent() => SendError::Permanent(e.to_string()),
            Self::Smtp(e) => SendError::Transient(e.to_string()),
        }
    }
}
