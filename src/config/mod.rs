//! Layered settings: the built-in defaults (`config/default.toml`, embedded in the binary), then
//! `<PEIDAI_ENV>.toml` in the configuration folder when one is given (`--config-dir` or
//! `PEIDAI_CONFIG_DIR`; no folder is read otherwise), then `PEIDAI_<SECTION>__<KEY>` environment
//! variables. Parsed into typed values once at start-up; anything wrong refuses to start with a
//! message that names the setting. The defaults alone are enough to start outside production.

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize, Serializer};

use crate::db::DatabaseSettings;
use crate::domain::policy::Policy;

mod imports;
mod mail;
mod signing_key;

pub use imports::ImportSettings;
pub use mail::{
    EmailSettings, EmailTransportKind, JobSettings, JobsSettings, SmtpSettings, SmtpTls,
};
pub use signing_key::{SIGNING_KEY_FILE, StoredKey};

/// The signing key that ships in the repository's `config/development.toml`; production refuses it.
pub const DEVELOPMENT_JWT_SECRET: &str = "development-only-secret-do-not-use-in-production";

const DEFAULT_TOML: &str = include_str!("../../config/default.toml");

/// Which file of the configuration folder applies, from `PEIDAI_ENV`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunEnv {
    Development,
    Test,
    Production,
}

impl FromStr for RunEnv {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "development" | "" => Ok(Self::Development),
            "test" => Ok(Self::Test),
            "production" => Ok(Self::Production),
            other => Err(ConfigError::new(
                "PEIDAI_ENV",
                format!("'{other}' is not one of development, test, production"),
            )),
        }
    }
}

impl RunEnv {
    /// Reads `PEIDAI_ENV` (default development).
    pub fn from_env() -> Result<Self, ConfigError> {
        std::env::var("PEIDAI_ENV").unwrap_or_default().parse()
    }

    fn file_stem(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Test => "test",
            Self::Production => "production",
        }
    }
}

/// A configuration problem, naming the setting at fault.
#[derive(Debug, thiserror::Error)]
#[error("configuration error in `{setting}`: {reason}")]
pub struct ConfigError {
    pub setting: String,
    pub reason: String,
}

impl ConfigError {
    pub(crate) fn new(setting: impl Into<String>, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        // A value outside a closed set carries its allowed values for the API's messages
        // (`domain::choice`); an operator reads them as a plain list.
        let reason = match crate::domain::choice::decode(&reason) {
            Some((_, codes)) => format!("expected one of: {codes}"),
            None => reason,
        };
        Self {
            setting: setting.into(),
            reason,
        }
    }
}

/// A secret value: never printed, never logged.
#[derive(Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if self.0.is_empty() {
            "(not set)"
        } else {
            "********"
        })
    }
}

/// Every setting, typed.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub env: RunEnv,
    pub server: ServerSettings,
    pub storage: StorageSettings,
    pub database: DatabaseSettings,
    pub auth: AuthSettings,
    pub log: LogSettings,
    pub demo: DemoSettings,
    pub email: EmailSettings,
    pub jobs: JobsSettings,
    pub policy: Policy,
    pub selection: SelectionSettings,
    pub imports: ImportSettings,
}

/// How the selection's pages are published.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionSettings {
    /// The public notice (公示) pages `/notice…` are readable without signing in; `false` keeps
    /// them behind login (a sign-in redirect), for a city that publishes the notice elsewhere.
    pub public_notice_public: bool,
    /// The issuing department printed on the documents the city signs and seals (聘书, notices).
    #[serde(default = "default_issuing_department")]
    pub issuing_department: String,
}

/// The department the printed documents name when the settings name none.
fn default_issuing_department() -> String {
    "市委组织部".to_owned()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub workers: usize,
    pub max_body_bytes: usize,
    pub trusted_proxies: Vec<IpAddr>,
    pub shutdown_timeout_secs: u64,
}

/// Where uploaded files live.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSettings {
    pub files_dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    pub jwt_secret: Secret,
    pub access_token_minutes: i64,
    pub jwt_audience: String,
    pub jwt_issuer: String,
    pub login_attempts_per_ip_per_minute: u32,
    /// Failed logins allowed per account from one client address per minute.
    pub login_attempts_per_account_per_minute: u32,
    /// Failed logins allowed per account from all addresses together per hour.
    pub login_failures_per_account_per_hour: u32,
    pub invitation_hours: i64,
    pub password_reset_minutes: i64,
    /// Minutes after a reset e-mail during which another request for the address sends none.
    pub reset_email_interval_minutes: i64,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub format: LogFormat,
    pub level: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DemoSettings {
    pub password: Secret,
}

/// The raw shape of the files, before the environment is known.
#[derive(Deserialize)]
struct RawSettings {
    server: ServerSettings,
    storage: StorageSettings,
    database: DatabaseSettings,
    auth: AuthSettings,
    log: LogSettings,
    demo: DemoSettings,
    email: EmailSettings,
    jobs: JobsSettings,
    policy: Policy,
    selection: SelectionSettings,
    #[serde(default)]
    imports: ImportSettings,
}

impl Settings {
    /// Loads the settings for `env`: the built-in defaults, `<env>.toml` in `config_dir` when one
    /// is given, and the process environment.
    pub fn load(env: RunEnv, config_dir: Option<&Path>) -> Result<Self, ConfigError> {
        if let Some(dir) = config_dir.filter(|d| !d.is_dir()) {
            return Err(ConfigError::new(
                "--config-dir",
                format!("{} is not a folder", dir.display()),
            ));
        }
        Self::load_layers(env, config_dir, true, &[])
    }

    /// Loads the settings from `config_dir` with explicit overrides (`("server.port", "0")`),
    /// optionally ignoring the process environment: the test harness uses this so that tests do
    /// not depend on the shell.
    pub fn load_with(
        env: RunEnv,
        config_dir: &Path,
        read_process_env: bool,
        overrides: &[(&str, &str)],
    ) -> Result<Self, ConfigError> {
        Self::load_layers(env, Some(config_dir), read_process_env, overrides)
    }

    fn load_layers(
        env: RunEnv,
        config_dir: Option<&Path>,
        read_process_env: bool,
        overrides: &[(&str, &str)],
    ) -> Result<Self, ConfigError> {
        let mut builder = config::Config::builder().add_source(config::File::from_str(
            DEFAULT_TOML,
            config::FileFormat::Toml,
        ));
        if let Some(dir) = config_dir {
            let env_file: PathBuf = dir.join(format!("{}.toml", env.file_stem()));
            builder = builder.add_source(config::File::from(env_file).required(false));
        }
        let files_only = builder
            .build_cloned()
            .map_err(|e| ConfigError::new(setting_of(&e), e.to_string()))?;
        if files_only
            .get_string("email.smtp.password")
            .is_ok_and(|p| !p.is_empty())
        {
            return Err(ConfigError::new(
                "email.smtp.password",
                "must not be written in a configuration file; set PEIDAI_EMAIL__SMTP__PASSWORD",
            ));
        }
        if read_process_env {
            builder = builder.add_source(
                config::Environment::with_prefix("PEIDAI")
                    .prefix_separator("_")
                    .separator("__")
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("server.trusted_proxies")
                    .with_list_parse_key("policy.bus_card_districts")
                    .with_list_parse_key("policy.skills_awards")
                    .with_list_parse_key("policy.bus_card_unit_kinds")
                    .with_list_parse_key("policy.urban_districts")
                    .with_list_parse_key("policy.urban_unit_kinds")
                    .with_list_parse_key("policy.cycle_end_reminder_days"),
            );
        }
        for (key, value) in overrides {
            builder = builder
                .set_override(*key, *value)
                .map_err(|e| ConfigError::new(*key, e.to_string()))?;
        }
        let raw: RawSettings = builder
            .build()
            .and_then(|c| c.try_deserialize())
            .map_err(|e| ConfigError::new(setting_of(&e), e.to_string()))?;
        let settings = Settings {
            env,
            server: raw.server,
            storage: raw.storage,
            database: raw.database,
            auth: raw.auth,
            log: raw.log,
            demo: raw.demo,
            email: raw.email,
            jobs: raw.jobs,
            policy: raw.policy,
            selection: raw.selection,
            imports: raw.imports,
        };
        settings.validate()?;
        Ok(settings)
    }

    /// Checks what types alone cannot: ranges, relations between settings, production rules.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let secret = self.auth.jwt_secret.expose();
        // Outside production an empty key is filled from the data folder's key file before the
        // service starts (`use_stored_signing_key`).
        if secret.is_empty() && self.env == RunEnv::Production {
            return Err(ConfigError::new(
                "auth.jwt_secret",
                "no signing key is set; set PEIDAI_AUTH__JWT_SECRET (at least 32 bytes)",
            ));
        }
        if !secret.is_empty() && secret.len() < 32 {
            return Err(ConfigError::new(
                "auth.jwt_secret",
                "the signing key must be at least 32 bytes long",
            ));
        }
        if self.env == RunEnv::Production && secret == DEVELOPMENT_JWT_SECRET {
            return Err(ConfigError::new(
                "auth.jwt_secret",
                "production refuses the development signing key; set PEIDAI_AUTH__JWT_SECRET",
            ));
        }
        if !(1..=24 * 60).contains(&self.auth.access_token_minutes) {
            return Err(ConfigError::new(
                "auth.access_token_minutes",
                "must be between 1 and 1440",
            ));
        }
        if self.auth.login_attempts_per_ip_per_minute == 0
            || self.auth.login_attempts_per_account_per_minute == 0
        {
            return Err(ConfigError::new(
                "auth.login_attempts_per_*_per_minute",
                "must be at least 1",
            ));
        }
        if self.auth.login_failures_per_account_per_hour == 0 {
            return Err(ConfigError::new(
                "auth.login_failures_per_account_per_hour",
                "must be at least 1",
            ));
        }
        if !(1..=60).contains(&self.auth.reset_email_interval_minutes) {
            return Err(ConfigError::new(
                "auth.reset_email_interval_minutes",
                "must be between 1 and 60",
            ));
        }
        if !(1..=24 * 30).contains(&self.auth.invitation_hours) {
            return Err(ConfigError::new(
                "auth.invitation_hours",
                "must be between 1 and 720",
            ));
        }
        if !(5..=24 * 60).contains(&self.auth.password_reset_minutes) {
            return Err(ConfigError::new(
                "auth.password_reset_minutes",
                "must be between 5 and 1440",
            ));
        }
        self.validate_email()?;
        if self.server.host.trim().is_empty() {
            return Err(ConfigError::new("server.host", "must not be empty"));
        }
        if self.server.max_body_bytes < 1024 {
            return Err(ConfigError::new(
                "server.max_body_bytes",
                "must be at least 1024",
            ));
        }
        if self.database.max_connections == 0 {
            return Err(ConfigError::new(
                "database.max_connections",
                "must be at least 1",
            ));
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log.level).is_err() {
            return Err(ConfigError::new(
                "log.level",
                "is not a valid filter (e.g. info, warn, peidai=debug)",
            ));
        }
        self.policy
            .validate()
            .map_err(|e| ConfigError::new(format!("policy.{}", e.setting), e.reason))
    }
}

/// Pulls the setting's key out of a `config` error message ("... for key `server.port`").
fn setting_of(e: &config::ConfigError) -> String {
    let text = e.to_string();
    text.split("key `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .map(str::to_owned)
        .unwrap_or_else(|| "config".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(env: RunEnv, overrides: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        Settings::load_with(env, Path::new("config"), false, overrides)
    }

    #[test]
    fn development_defaults_load_and_name_the_sqlite_default() {
        let s = load(RunEnv::Development, &[]).unwrap();
        assert_eq!(s.server.port, 8080);
        assert_eq!(s.server.host, "127.0.0.1");
        assert_eq!(s.database.url.to_string(), "sqlite://data/peidai.db");
        assert_eq!(s.policy.max_nomination_age, 55);
        assert_eq!(s.policy.bus_card_districts, vec!["红山区", "松山区"]);
    }

    #[test]
    fn the_printed_documents_name_the_city_organization_department_unless_told_otherwise() {
        let s = load(RunEnv::Development, &[]).unwrap();
        assert_eq!(s.selection.issuing_department, "市委组织部");
        let s = load(
            RunEnv::Development,
            &[("selection.issuing_department", "中共赤峰市委组织部")],
        )
        .unwrap();
        assert_eq!(s.selection.issuing_department, "中共赤峰市委组织部");
    }

    #[test]
    fn the_public_notice_is_public_unless_the_city_keeps_it_behind_login() {
        let s = load(RunEnv::Development, &[]).unwrap();
        assert!(s.selection.public_notice_public);
        let s = load(
            RunEnv::Development,
            &[("selection.public_notice_public", "false")],
        )
        .unwrap();
        assert!(!s.selection.public_notice_public);
    }

    #[test]
    fn production_refuses_the_development_secret_and_names_the_setting() {
        let err = load(
            RunEnv::Production,
            &[("auth.jwt_secret", DEVELOPMENT_JWT_SECRET)],
        )
        .unwrap_err();
        assert_eq!(err.setting, "auth.jwt_secret");
        let err = load(RunEnv::Production, &[]).unwrap_err();
        assert_eq!(err.setting, "auth.jwt_secret");
        assert!(err.reason.contains("PEIDAI_AUTH__JWT_SECRET"));
    }

    #[test]
    fn a_bad_value_names_its_setting() {
        let err = load(RunEnv::Development, &[("server.port", "70000")]).unwrap_err();
        assert_eq!(err.setting, "server.port", "{err}");
        let err = load(
            RunEnv::Development,
            &[("database.url", "mysql://root@localhost/x")],
        )
        .unwrap_err();
        assert_eq!(err.setting, "database.url", "{err}");
        let err = load(RunEnv::Development, &[("policy.min_cycle_months", "40")]).unwrap_err();
        assert_eq!(err.setting, "policy.min_cycle_months", "{err}");
        let err = load(
            RunEnv::Development,
            &[("policy.nomination_deadline", "13-40")],
        )
        .unwrap_err();
        assert_eq!(err.setting, "policy.nomination_deadline", "{err}");
        let err = ConfigError::new(
            "policy.bus_card_unit_kinds[0]",
            crate::domain::choice::encode::<crate::domain::unit::UnitKind>(),
        );
        assert!(
            err.reason
                .starts_with("expected one of: banner_county_district, city_department"),
            "a plain list for the operator: {err}"
        );
        assert!(!err.reason.contains('\u{1}'), "{err}");
    }

    #[test]
    fn production_refuses_a_non_smtp_transport_and_bad_schedules_are_named() {
        let err = load(
            RunEnv::Production,
            &[
                ("auth.jwt_secret", &"p".repeat(40)),
                ("email.transport", "file"),
            ],
        )
        .unwrap_err();
        assert_eq!(err.setting, "email.transport");
        let err = load(
            RunEnv::Development,
            &[("jobs.send_emails.schedule", "* * * *")],
        )
        .unwrap_err();
        assert_eq!(err.setting, "jobs.send_emails.schedule", "{err}");
        let ok = load(RunEnv::Development, &[("jobs.send_emails.schedule", "")]).unwrap();
        assert!(ok.jobs.send_emails.schedule.is_none());
        let err = load(RunEnv::Development, &[("jobs.timezone", "Mars/Olympus")]).unwrap_err();
        assert_eq!(err.setting, "jobs.timezone");
    }

    #[test]
    fn secrets_are_masked_when_printed() {
        let s = load(RunEnv::Development, &[]).unwrap();
        let printed = serde_json::to_string(&s).unwrap();
        assert!(!printed.contains(DEVELOPMENT_JWT_SECRET));
        assert!(printed.contains("********"));
        assert!(!format!("{s:?}").contains(DEVELOPMENT_JWT_SECRET));
    }
}
