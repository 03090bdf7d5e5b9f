//! The `[email]` and `[jobs]` sections: how e-mail leaves the service and when jobs run.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{ConfigError, RunEnv, Secret, Settings};

/// Where e-mail goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailTransportKind {
    Smtp,
    File,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpTls {
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: String,
    /// Only from `PEIDAI_EMAIL__SMTP__PASSWORD`; a configuration file may not hold it.
    #[serde(default)]
    pub password: Secret,
    pub timeout_secs: u64,
    pub pool_max: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSettings {
    pub transport: EmailTransportKind,
    pub from: String,
    pub file_dir: PathBuf,
    pub public_url: String,
    pub max_attempts: u32,
    pub retry_base_secs: u64,
    pub retry_max_secs: u64,
    pub lease_secs: u64,
    pub batch_size: u32,
    pub concurrency: usize,
    pub smtp: SmtpSettings,
}

/// One job's timer.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct JobSettings {
    /// Cron expression with seconds; empty switches the timer off.
    pub schedule: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct JobsSettings {
    pub enabled: bool,
    pub timezone: String,
    pub send_emails: JobSettings,
    pub purge_expired_tokens: JobSettings,
    pub selection_reminders: JobSettings,
    pub expire_appointments: JobSettings,
    pub complete_cycles: JobSettings,
    pub mentoring_reminders: JobSettings,
    pub assessment_reminders: JobSettings,
    pub revoke_unqualified: JobSettings,
    pub benefit_reminders: JobSettings,
    pub city_admin_reminders: JobSettings,
    pub city_admin_digest: JobSettings,
}

impl JobsSettings {
    /// The city's time zone (validated at start-up).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai)
    }
}

impl Settings {
    pub(super) fn validate_email(&self) -> Result<(), ConfigError> {
        let e = &self.email;
        if self.env == RunEnv::Production && e.transport != EmailTransportKind::Smtp {
            return Err(ConfigError::new(
                "email.transport",
                "production sends e-mail over SMTP; set it to \"smtp\"",
            ));
        }
        e.from
            .parse::<lettre::message::Mailbox>()
            .map_err(|err| ConfigError::new("email.from", format!("not a mailbox: {err}")))?;
        let url = url::Url::parse(&e.public_url)
            .map_err(|err| ConfigError::new("email.public_url", err.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ConfigError::new(
                "email.public_url",
                "must be an http(s) URL",
            ));
        }
        if e.max_attempts == 0 || e.batch_size == 0 || e.concurrency == 0 {
            return Err(ConfigError::new(
                "email.max_attempts/batch_size/concurrency",
                "must be at least 1",
            ));
        }
        if e.retry_base_secs == 0 || e.retry_base_secs > e.retry_max_secs {
            return Err(ConfigError::new(
                "email.retry_base_secs",
                "must be at least 1 and not above retry_max_secs",
            ));
        }
        if e.lease_secs <= e.smtp.timeout_secs {
            return Err(ConfigError::new(
                "email.lease_secs",
                "must be longer than email.smtp.timeout_secs",
            ));
        }
        if e.transport == EmailTransportKind::Smtp && e.smtp.host.trim().is_empty() {
            return Err(ConfigError::new("email.smtp.host", "must not be empty"));
        }
        if e.smtp.pool_max == 0 {
            return Err(ConfigError::new(
                "email.smtp.pool_max",
                "must be at least 1",
            ));
        }
        Ok(())
    }

    pub(super) fn validate_jobs(&self) -> Result<(), ConfigError> {
        self.jobs.timezone.parse::<chrono_tz::Tz>().map_err(|_| {
            ConfigError::new(
                "jobs.timezone",
                "is not a time zone name such as Asia/Shanghai",
            )
        })?;
        for (name, job) in [
            ("send_emails", &self.jobs.send_emails),
            ("purge_expired_tokens", &self.jobs.purge_expired_tokens),
            ("selection_reminders", &self.jobs.selection_reminders),
            ("expire_appointments", &self.jobs.expire_appointments),
            ("complete_cycles", &self.jobs.complete_cycles),
            ("mentoring_reminders", &self.jobs.mentoring_reminders),
            ("assessment_reminders", &self.jobs.assessment_reminders),
            ("revoke_unqualified", &self.jobs.revoke_unqualified),
            ("benefit_reminders", &self.jobs.benefit_reminders),
            ("city_admin_reminders", &self.jobs.city_admin_reminders),
            ("city_admin_digest", &self.jobs.city_admin_digest),
        ] {
            if !job.schedule.trim().is_empty() {
                job.schedule.parse::<cron::Schedule>().map_err(|e| {
                    ConfigError::new(
                        format!("jobs.{name}.schedule"),
                        format!("not a cron expression with seconds (e.g. \"0 0 8 * * *\"): {e}"),
                    )
                })?;
            }
        }
        Ok(())
    }
}
