//! The command line: `seed`, `run`, `job` (one timed job, used by `run`) and the hidden `serve`
//! (the service's own command line, so that `run` measures the service's real start-up).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use peidai::config::{RunEnv, Settings};
use peidai::db::Db;

/// The peidai benchmark: seed a database, or measure the service on one.
#[derive(Debug, Parser)]
#[command(name = "peidai-bench", version, about)]
struct Cli {
    /// Folder of the configuration files (none is read without it).
    #[arg(long, env = "PEIDAI_CONFIG_DIR", global = true)]
    config_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    #[command(flatten)]
    Bench(Action),
    /// The server under test, started by `run`: `peidai serve`, run by the library's own
    /// command line.
    #[command(hide = true)]
    Serve,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Fill an empty database with a deterministic program of N mentors (5 mentees each,
    /// contracts, plans, ~2 years of activities, benefits, a past assessment round).
    Seed {
        /// sqlite://PATH or postgres://USER@HOST:PORT/DB; migrated first.
        #[arg(long)]
        db: String,
        #[arg(long, default_value_t = 100_000)]
        mentors: i64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Start the service's server on a seeded database and measure reads, writes, a 90/10 mix,
    /// memory, cold start and each job; print the figures and write them as JSON.
    Run {
        #[arg(long)]
        db: String,
        /// Seconds per load scenario.
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        #[arg(long, default_value_t = 32)]
        connections: usize,
        /// Folder of the JSON results.
        #[arg(long, default_value = "bench/results")]
        out: PathBuf,
        /// Leave the jobs out (they change the dataset).
        #[arg(long)]
        skip_jobs: bool,
        /// The stack's ceiling: a minimal server on the same crates, measured first in the same
        /// run on the same endpoints, for the ratios (needs `--ceiling-db`).
        #[arg(long, requires = "ceiling_db")]
        ceiling: Option<PathBuf>,
        /// The ceiling's seeded database (copied, never changed).
        #[arg(long, requires = "ceiling")]
        ceiling_db: Option<PathBuf>,
    },
    /// Time one job over the whole database (used by `run`; prints one JSON line).
    Job {
        #[arg(long)]
        db: String,
        #[arg(long)]
        name: String,
    },
}

/// Parses the command line, runs the command, and turns failures into a message and exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let action = match cli.command {
        // The service's command line reads the same arguments (`--config-dir DIR serve`).
        Command::Serve => return peidai::cli::main(),
        Command::Bench(action) => action,
    };
    match run(cli.config_dir.as_deref(), action) {
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

fn run(config_dir: Option<&Path>, action: Action) -> anyhow::Result<()> {
    let mut settings = load(config_dir)?;
    peidai::telemetry::init(&settings.log);
    match action {
        Action::Seed { db, mentors, seed } => {
            settings.database.url = db.parse().map_err(|e| anyhow::anyhow!("--db: {e}"))?;
            settings.database.max_connections = 1;
            let pool = Db::connect(&settings.database)?;
            pool.migrate()?;
            let mut conn = pool.get()?;
            let report = crate::seed::seed(
                &mut conn,
                pool.backend(),
                &settings.policy,
                mentors,
                seed,
                &mut |line| eprintln!("{line}"),
            )?;
            println!(
                "seeded {} mentors: {} rows in {:.1} s ({:.0} rows/s)",
                report.mentors, report.rows, report.seconds, report.rows_per_second
            );
            Ok(())
        }
        Action::Run {
            db,
            seconds,
            connections,
            out,
            skip_jobs,
            ceiling,
            ceiling_db,
        } => {
            let options = crate::run::Options {
                db,
                config_dir: config_dir.map(Path::to_owned),
                seconds,
                connections,
                out,
                skip_jobs,
                ceiling: ceiling
                    .zip(ceiling_db)
                    .map(|(bin, db)| crate::ceiling::Ceiling { bin, db }),
            };
            crate::run::run(settings, &options)?;
            Ok(())
        }
        Action::Job { db, name } => {
            settings.database.url = db.parse().map_err(|e| anyhow::anyhow!("--db: {e}"))?;
            // The job's state signs e-mail links, as `peidai jobs run` does.
            settings.use_stored_signing_key()?;
            let now = crate::seed::today()
                .and_hms_opt(1, 0, 0)
                .expect("valid")
                .and_utc();
            let timing = crate::jobs::run(settings, &name, now)?;
            println!("{}", serde_json::to_string(&timing)?);
            Ok(())
        }
    }
}
