//! The `[email]` and `[jobs]` sections: how e-mail leaves the service and when jobs run. The
//! city's zone and the jobs' cron expressions are parsed once, while the settings load: a bad one
//! refuses to start, naming its setting, and nothing parses them again.

use std::path::PathBuf;

use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    /// Cron expression with seconds, parsed; `None` (written empty) switches the timer off. The
    /// expression's text stays readable as [`cron::Schedule::source`].
    #[serde(deserialize_with = "cron_schedule", serialize_with = "cron_text")]
    pub schedule: Option<cron::Schedule>,
}

fn cron_schedule<'de, D: Deserializer<'de>>(d: D) -> Result<Option<cron::Schedule>, D::Error> {
    let text = String::deserialize(d)?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|e| {
        serde::de::Error::custom(format!(
            "not a cron expression with seconds (e.g. \"0 0 8 * * *\"): {e}"
        ))
    })
}

fn cron_text<S: Serializer>(schedule: &Option<cron::Schedule>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(schedule.as_ref().map_or("", |c| c.source()))
}

fn time_zone<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
    let name = String::deserialize(d)?;
    name.trim().parse().map_err(|_| {
        serde::de::Error::custom(format!(
            "'{name}' is not a time zone name such as Asia/Shanghai"
        ))
    })
}

fn zone_name<S: Serializer>(zone: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(zone.name())
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct JobsSettings {
    pub enabled: bool,
    /// The city's time zone, parsed (`Asia/Shanghai`).
    #[serde(deserialize_with = "time_zone", serialize_with = "zone_name")]
    pub timezone: Tz,
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
}
