//! What every handler and job can reach: the settings, the database, the clock, the token keys,
//! the login limiter, the mailer, the running-jobs guard and the work left after an answer. Low in the layers: routes, services,
//! jobs and the CLI import it; it imports none of them.

pub mod background;
pub mod jobs;

use std::sync::Arc;

use crate::auth::account_token::TokenKey;
use crate::auth::jwt::TokenKeys;
use crate::auth::rate_limit::LoginLimiter;
use crate::auth::session_cache::SessionCache;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Db;
use crate::email::account_emails::AccountEmails;
use crate::email::sender::Mailer;
use background::AfterAnswer;
use jobs::Running;

/// What every handler and job can reach.
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: Db,
    pub clock: Clock,
    pub tokens: TokenKeys,
    pub login_limiter: LoginLimiter,
    pub mailer: Arc<Mailer>,
    pub account_emails: AccountEmails,
    /// Which jobs are running in this instance (one run of a job at a time).
    pub running_jobs: Running,
    /// Work left running after its answer (a password-reset request's e-mail).
    pub after_answer: AfterAnswer,
    /// The accounts behind recently verified tokens (saves the policy middleware its own hop).
    pub sessions: SessionCache,
}

impl AppState {
    /// Builds the state over a migrated database; the e-mail templates are checked here, so a
    /// broken template refuses to start.
    pub fn new(settings: Settings, db: Db, clock: Clock) -> anyhow::Result<Self> {
        // Never sign with an empty key: the CLI fills a missing one from the data folder first.
        anyhow::ensure!(
            !settings.auth.jwt_secret.is_empty(),
            "configuration error in `auth.jwt_secret`: no signing key is set"
        );
        let token_key = TokenKey::new(settings.auth.jwt_secret.expose().as_bytes());
        let zone = settings.jobs.timezone;
        let mailer = Arc::new(Mailer::new(&settings.email, token_key.clone(), zone)?);
        Ok(Self {
            tokens: TokenKeys::new(&settings.auth),
            login_limiter: LoginLimiter::new(
                settings.auth.login_attempts_per_ip_per_minute,
                settings.auth.login_attempts_per_account_per_minute,
                settings.auth.login_failures_per_account_per_hour,
            ),
            account_emails: AccountEmails {
                key: token_key,
                domain: mailer.domain().to_owned(),
                invitation_ttl: chrono::Duration::hours(settings.auth.invitation_hours),
                reset_ttl: chrono::Duration::minutes(settings.auth.password_reset_minutes),
            },
            mailer,
            running_jobs: Default::default(),
            after_answer: Default::default(),
            sessions: Default::default(),
            settings: Arc::new(settings),
            db,
            clock: clock.in_zone(zone),
        })
    }
}
