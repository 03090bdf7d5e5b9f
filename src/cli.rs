//! The command line: `serve [--demo]`, `migrate`, `create-admin`, `backup --to FILE`,
//! `restore --from FILE`, `config check`, `import KIND FILE`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde_json::json;

use crate::auth::password::{self, Password};
use crate::clock::Clock;
use crate::config::{RunEnv, Settings, StoredKey};
use crate::db::audit::{self, Entry, Origin};
use crate::db::{Db, users, write_transaction};
use crate::demo::{self, Seeded};
use crate::domain::profile::Profile;
use crate::domain::role::Role;
use crate::domain::user::{Email, NewUser, UserStatus};
use crate::i18n::Locale;
use crate::jobs::{self, JobName, Trigger};
use crate::startup::Application;
use crate::state::AppState;

/// 培带 peidai: the city's 1-to-5 talent mentor program service.
#[derive(Debug, Parser)]
#[command(name = "peidai", version, about)]
pub struct Cli {
    /// Folder of the configuration files (`<PEIDAI_ENV>.toml` in it is read). Without it only the
    /// built-in defaults and `PEIDAI_*` variables apply.
    #[arg(long, env = "PEIDAI_CONFIG_DIR", global = true)]
    config_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database and serve the API until Ctrl-C.
    Serve {
        /// Seed a demo city into an empty database and print its logins (not in production).
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an active city admin. The password comes from PEIDAI_ADMIN_PASSWORD or a prompt.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Copy the SQLite database to FILE and check the copy's integrity.
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
    /// Put a backup in the SQLite database's place (refused while a process has the database
    /// open); the replaced database is kept beside it.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
    /// Inspect the configuration.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// List the scheduled jobs, or run one now.
    Jobs {
        #[command(subcommand)]
        action: JobsAction,
    },
    /// Import a spreadsheet (XLSX, or CSV in UTF-8 or GB18030); a dry run unless --apply.
    Import(crate::import_command::ImportArgs),
}

impl Command {
    /// Whether the command builds the service's state, which signs tokens and e-mail links: only
    /// these fill a missing signing key from the data folder (creating the key file).
    fn signs_tokens(&self) -> bool {
        matches!(
            self,
            Command::Serve { .. }
                | Command::Import(_)
                | Command::Jobs {
                    action: JobsAction::Run { .. }
                }
        )
    }
}

#[derive(Debug, Subcommand)]
enum JobsAction {
    /// Show every job with its schedule.
    List,
    /// Run one job once, exactly as the scheduler would.
    Run {
        /// e.g. send_emails
        name: String,
        /// The moment the job runs "at", RFC 3339 (e.g. 2026-06-01T08:00:00+08:00); default now.
        #[arg(long)]
        now: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum ConfigAction {
    /// Load and validate the configuration, and print it with secrets masked.
    Check,
}

/// Parses the command line, runs the command, and turns failures into a message and exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn load(config_dir: Option<&Path>) -> anyhow::Result<Settings> {
    let env = RunEnv::from_env()?;
    Ok(Settings::load(env, config_dir)?)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = load(cli.config_dir.as_deref())?;
    if let Command::Config {
        action: ConfigAction::Check,
    } = cli.command
    {
        println!("{}", serde_json::to_string_pretty(&settings)?);
        println!("configuration OK ({:?})", settings.env);
        return Ok(());
    }
    crate::telemetry::init(&settings.log);
    if cli.command.signs_tokens()
        && let StoredKey::Created(path) = settings.use_stored_signing_key()?
    {
        tracing::info!(file = %path.display(), "signing key created (kept for later starts)");
    }
    match cli.command {
        Command::Serve { demo } => serve(settings, demo),
        Command::Migrate => {
            let db = Db::connect_once(&settings.database)?;
            let applied = db.migrate()?;
            println!(
                "{}: {} migration(s) applied",
                settings.database.url,
                applied.len()
            );
            Ok(())
        }
        Command::CreateAdmin { email, name } => create_admin(&settings, &email, &name),
        Command::Backup { to } => {
            // Refused before any connection is opened: this command copies SQLite files only.
            if settings.database.url.backend() == crate::db::Backend::Postgres {
                anyhow::bail!("{}", crate::db::backup::POSTGRES_REFUSAL);
            }
            let db = Db::connect_once(&settings.database)?;
            crate::db::backup::backup_to(&db, &to)?;
            println!(
                "backup written to {} and checked (integrity ok)",
                to.display()
            );
            Ok(())
        }
        Command::Restore { from } => {
            let crate::db::DatabaseUrl::Sqlite(target) = &settings.database.url else {
                anyhow::bail!("{}", crate::db::backup::POSTGRES_RESTORE_REFUSAL);
            };
            let restored = crate::db::backup::restore_from(target, &from)?;
            println!(
                "{} restored from {} and checked (integrity ok)",
                target.display(),
                from.display()
            );
            if let Some(aside) = restored.replaced {
                println!("the database it replaced is kept at {}", aside.display());
            }
            Ok(())
        }
        Command::Jobs { action } => jobs_command(settings, action),
        Command::Import(args) => crate::import_command::run(settings, args),
        Command::Config { .. } => unreachable!("handled above"),
    }
}

fn serve(settings: Settings, demo: bool) -> anyhow::Result<()> {
    if demo && settings.env == RunEnv::Production {
        anyhow::bail!("--demo is refused in production");
    }
    let db = Db::connect(&settings.database)?;
    let applied = db.migrate()?;
    tracing::info!(count = applied.len(), "migrations applied");
    let clock = Clock::system();
    let (host, url) = (
        settings.server.host.clone(),
        settings.database.url.to_string(),
    );
    let demo_password = settings.demo.password.expose().to_owned();
    actix_web::rt::System::new().block_on(async move {
        // The demo is told through the services before the server listens, so nobody sees
        // the clock stepping through the program's past.
        let seeded = if demo {
            let state = crate::state::AppState::new(settings.clone(), db.clone(), clock.clone())?;
            Some(demo::seed(&state, &demo_password).await?)
        } else {
            None
        };
        let app = Application::start(settings, db, clock)?;
        stop_on_signals(app.handle())?;
        let base = format!("http://{host}:{}", app.port());
        let mut out = std::io::stdout().lock();
        writeln!(out, "peidai is serving {base} (database {url})")?;
        writeln!(
            out,
            "API docs: {base}/api/docs/   OpenAPI: {base}/api/v1/openapi.json"
        )?;
        match seeded {
            Some(Seeded::Created(logins)) | Some(Seeded::AlreadyPresent(logins)) => {
                write!(out, "{}", demo::login_table(&logins, &demo_password))?;
                writeln!(
                    out,
                    "the other demo accounts (more mentees, unit admins and reviewers) have the same password"
                )?;
            }
            Some(Seeded::NotEmpty) => writeln!(
                out,
                "--demo: the database already has users, so no demo city was added"
            )?,
            None => {}
        }
        writeln!(out, "press Ctrl-C to stop")?;
        drop(out);
        app.run_until_stopped().await?;
        tracing::info!("stopped");
        Ok(())
    })
}

fn jobs_command(settings: Settings, action: JobsAction) -> anyhow::Result<()> {
    match action {
        JobsAction::List => {
            for job in JobName::ALL {
                let timer = match job.schedule(&settings) {
                    _ if !settings.jobs.enabled => "timers off".to_owned(),
                    None => "no timer".to_owned(),
                    Some(schedule) => {
                        format!("\"{}\" ({})", schedule.source(), settings.jobs.timezone)
                    }
                };
                println!(
                    "{:<22} {timer}\n{:<22} {}",
                    job.as_str(),
                    "",
                    job.description()
                );
            }
            Ok(())
        }
        JobsAction::Run { name, now } => {
            let job = JobName::parse(&name).ok_or_else(|| {
                let names: Vec<&str> = JobName::ALL.iter().map(|j| j.as_str()).collect();
                anyhow::anyhow!("no job named {name}; the jobs are {}", names.join(", "))
            })?;
            let clock = match now {
                Some(t) => Clock::fixed(
                    chrono::DateTime::parse_from_rfc3339(&t)
                        .map_err(|e| anyhow::anyhow!("--now {t}: {e}"))?
                        .with_timezone(&chrono::Utc),
                ),
                None => Clock::system(),
            };
            let db = Db::connect(&settings.database)?;
            db.migrate()?;
            actix_web::rt::System::new().block_on(async move {
                let state = AppState::new(settings, db, clock)?;
                let run = jobs::run(&state, job, Trigger::Cli, None).await?;
                println!("{}", serde_json::to_string_pretty(&run)?);
                if run.status == "failed" {
                    anyhow::bail!("the job failed: {}", run.error.unwrap_or_default());
                }
                Ok(())
            })
        }
    }
}

/// Stops the server gracefully on Ctrl-C or SIGTERM. The handlers are registered before this
/// returns, so a signal sent right after the address is printed is never lost.
fn stop_on_signals(handle: actix_web::dev::ServerHandle) -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    actix_web::rt::spawn(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
        tracing::info!("stopping: finishing requests in flight");
        handle.stop(true).await;
    });
    Ok(())
}

fn admin_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("PEIDAI_ADMIN_PASSWORD") {
        return Ok(p);
    }
    let first = rpassword::prompt_password("password for the new admin: ")?;
    let again = rpassword::prompt_password("the same password again: ")?;
    if first != again {
        anyhow::bail!("the two passwords differ");
    }
    Ok(first)
}

fn create_admin(settings: &Settings, email: &str, name: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email: {}", e.message.en))?;
    let name = crate::domain::text::required(name, 100)
        .map_err(|e| anyhow::anyhow!("--name: {}", e.message.en))?;
    let password = Password::parse(&admin_password()?)
        .map_err(|e| anyhow::anyhow!("password: {}", e.message.en))?;
    let hash = password::hash(&password)?;
    let db = Db::connect_once(&settings.database)?;
    db.migrate()?;
    let now = Clock::system().now_naive();
    let mut conn = db.get()?;
    let new = NewUser {
        email: email.clone(),
        name,
        roles: vec![Role::CityAdmin],
        unit_id: None,
        locale: Locale::ZhCn,
        profile: Profile::default(),
    };
    let id = write_transaction(&mut conn, |c| {
        let id = users::insert(c, &new, UserStatus::Active, Some(&hash), now)?;
        audit::record(
            c,
            now,
            &Origin::default(),
            Entry {
                actor: None,
                action: "user.create",
                object_type: Some("user"),
                object_id: Some(id.to_string()),
                unit_id: None,
                summary: json!({ "via": "cli create-admin", "after": { "email": email.as_str(), "roles": ["city_admin"] } }),
            },
        )?;
        Ok::<_, crate::error::AppError>(id)
    })
    .map_err(|e| match e {
        crate::error::AppError::Conflict { .. } => {
            anyhow::anyhow!("a user with e-mail {} already exists", email.as_str())
        }
        other => anyhow::anyhow!("{other}"),
    })?;
    println!("city admin {} created (id {id})", email.as_str());
    Ok(())
}
