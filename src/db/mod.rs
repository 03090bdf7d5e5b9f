//! The database: one code path for SQLite (embedded default) and PostgreSQL, chosen by URL scheme.
//! Diesel is synchronous, so handlers reach it only through [`Db::run`] and [`Db::write`], which
//! run the closure on the blocking pool.

pub mod activities;
pub mod assessment_rounds;
pub mod assessments;
pub mod audit;
pub mod backup;
pub mod benefits;
pub mod city_reports;
pub mod contracts;
pub mod credentials;
pub mod dashboard_counts;
pub mod evidence_files;
pub mod export_reads;
pub mod group_commit;
pub mod job_locks;
pub mod job_runs;
pub mod lineage;
pub mod mentee_candidates;
pub mod mentor_record;
pub mod mentoring_facts;
pub mod mentors;
pub mod nominations;
pub mod objections;
pub mod operations_pages;
pub mod outbox;
pub mod plans;
pub mod reminders_sent;
pub mod review;
pub mod rounds;
pub mod schema;
pub mod session_check;
pub mod tokens;
pub mod trial;
pub mod unit_progress;
pub mod units;
pub mod users;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::AppError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// One connection to either backend; every query in the service is written once against it.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which database engine a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parsed database URL: `sqlite://PATH` or `postgres://...` (`postgresql://` too).
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }
}

impl FromStr for DatabaseUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(path) = s.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("sqlite:// needs a file path, e.g. sqlite://data/peidai.db".into());
            }
            Ok(Self::Sqlite(PathBuf::from(path)))
        } else if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            url::Url::parse(s).map_err(|e| format!("not a valid PostgreSQL URL: {e}"))?;
            Ok(Self::Postgres(s.to_owned()))
        } else {
            Err("the URL must start with sqlite:// or postgres://".into())
        }
    }
}

/// Prints the URL with any password masked.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            Self::Postgres(raw) => match url::Url::parse(raw) {
                Ok(mut u) if u.password().is_some() => {
                    let _ = u.set_password(Some("****"));
                    f.write_str(u.as_str())
                }
                _ => f.write_str(raw),
            },
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

impl<'de> Deserialize<'de> for DatabaseUrl {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

impl Serialize for DatabaseUrl {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// The `[database]` settings: owned here, where they are used; `config` loads them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    pub url: DatabaseUrl,
    pub max_connections: u32,
    pub connection_timeout_secs: u64,
    pub sqlite_busy_timeout_ms: u32,
}

/// Opens connections of the backend the URL names and sets SQLite's pragmas on each one. Chosen
/// explicitly by scheme, so a PostgreSQL connection error is reported as itself.
#[derive(Debug)]
pub struct ConnectionManager {
    url: DatabaseUrl,
    busy_timeout_ms: u32,
    /// SQLite readers are opened with `PRAGMA query_only = ON`: a write that bypassed the writer
    /// lane fails loudly instead of colliding with the writer in SQLite's busy back-off.
    read_only: bool,
    /// Counts the SQL statements the manager's connections run (see [`Db::statements`]).
    statements: StatementCounter,
}

/// How many SQL statements a [`Db`]'s connections have run, `BEGIN` and `COMMIT` included: a
/// figure that does not depend on the machine's load, which the tests of the read paths bound.
/// Each connection reports to it through its [`Watch`]; one atomic increment per statement.
#[derive(Debug, Clone, Default)]
pub struct StatementCounter(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Installs a [`Watch`] reporting to this counter on a freshly opened connection.
    fn attach(&self, conn: &mut impl Connection) {
        conn.set_instrumentation(Watch {
            statements: self.clone(),
            closed: false,
        });
    }
}

/// What a pooled connection's instrumentation keeps: it counts the statements, and it notes a
/// statement that failed because the server closed the connection, so that the pool drops that
/// connection when it comes back ([`ConnectionManager::has_broken`]) instead of each checkout
/// paying a `SELECT 1` to find out.
struct Watch {
    statements: StatementCounter,
    closed: bool,
}

impl diesel::connection::Instrumentation for Watch {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        use diesel::connection::InstrumentationEvent as E;
        use diesel::result::{DatabaseErrorKind, Error};
        match event {
            E::StartQuery { .. } => {
                self.statements
                    .0
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            E::FinishQuery {
                error: Some(Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _)),
                ..
            } => self.closed = true,
            _ => {}
        }
    }
}

/// True when the connection's [`Watch`] saw the server close it.
fn closed(conn: &mut AnyConnection) -> bool {
    conn.instrumentation()
        .downcast_mut::<Watch>()
        .is_some_and(|w| w.closed)
}

/// The PostgreSQL URL with GSSAPI encryption switched off unless the URL itself asks for a
/// `gssencmode`. libpq otherwise tries GSSAPI first wherever Kerberos is installed, which costs a
/// round trip on every connection and has crashed a short-lived command at exit inside the
/// Kerberos library while a connection was still being opened.
pub fn without_gssapi(url: &str) -> std::borrow::Cow<'_, str> {
    if url.contains("gssencmode=") {
        return url.into();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}gssencmode=disable").into()
}

impl ManageConnection for ConnectionManager {
    type Connection = AnyConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let path = path.to_string_lossy();
                let mut conn =
                    SqliteConnection::establish(&path).map_err(r2d2::Error::ConnectionError)?;
                self.statements.attach(&mut conn);
                // busy_timeout first: switching to WAL may itself wait for a lock.
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                    self.busy_timeout_ms
                ))
                .map_err(r2d2::Error::QueryError)?;
                if self.read_only {
                    conn.batch_execute("PRAGMA query_only = ON;")
                        .map_err(r2d2::Error::QueryError)?;
                }
                Ok(AnyConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => {
                let mut conn = PgConnection::establish(&without_gssapi(url))
                    .map_err(r2d2::Error::ConnectionError)?;
                self.statements.attach(&mut conn);
                Ok(AnyConnection::Postgresql(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        closed(conn)
            || match conn {
                AnyConnection::Sqlite(c) => c.is_broken(),
                AnyConnection::Postgresql(c) => c.is_broken(),
            }
    }
}

/// The shared handle to the database.
///
/// Requests wait for a connection asynchronously (a semaphore with one permit per pooled
/// connection) rather than in blocked threads, which on a small machine spend their time waking
/// each other. On SQLite, which allows one writer at a time, write transactions go to the writer
/// lane (one connection, one thread, group commit: see [`group_commit`]) instead of colliding in
/// SQLite's busy back-off; the other connections are read-only (`query_only`), so a write on them
/// is an error.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<ConnectionManager>,
    /// SQLite: the writer lane.
    writer: Option<group_commit::GroupWriter<AnyConnection>>,
    /// SQLite: write-capable connections for synchronous callers outside the request path, opened
    /// when first asked for (see [`Db::get`]).
    direct: Option<r2d2::Pool<ConnectionManager>>,
    readers: std::sync::Arc<tokio::sync::Semaphore>,
    backend: Backend,
    statements: StatementCounter,
}

impl Db {
    /// Builds the pool; for SQLite the file's folder is created when absent.
    pub fn connect(settings: &DatabaseSettings) -> anyhow::Result<Self> {
        Self::open(settings, settings.max_connections, Some(1))
    }

    /// A database for a command that runs once and exits (`migrate`, `backup`, `create-admin`,
    /// `jobs run`): one connection, opened when first used, and no idle connection kept or
    /// replenished in the background, so nothing is still connecting when the command returns.
    pub fn connect_once(settings: &DatabaseSettings) -> anyhow::Result<Self> {
        Self::open(settings, 1, Some(0))
    }

    fn open(
        settings: &DatabaseSettings,
        max_connections: u32,
        min_idle: Option<u32>,
    ) -> anyhow::Result<Self> {
        if let DatabaseUrl::Sqlite(path) = &settings.url
            && let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)?;
        }
        let backend = settings.url.backend();
        let statements = StatementCounter::default();
        let manager = |read_only: bool| ConnectionManager {
            url: settings.url.clone(),
            busy_timeout_ms: settings.sqlite_busy_timeout_ms,
            read_only,
            statements: statements.clone(),
        };
        let build = |size: u32, min_idle: Option<u32>, manager: ConnectionManager| {
            // No `SELECT 1` at each checkout (r2d2's default): it was two of a read's
            // statements (the authentication's connection and the handler's). A connection
            // whose server went away is found by `has_broken` when it returns to the pool, so
            // a PostgreSQL restart costs the requests in flight their answer, not every later
            // one.
            r2d2::Pool::builder()
                .max_size(size)
                .min_idle(min_idle)
                .test_on_check_out(false)
                .connection_timeout(Duration::from_secs(settings.connection_timeout_secs.max(1)))
                .build(manager)
                .map_err(|e| anyhow::anyhow!("cannot connect to {}: {e}", settings.url))
        };
        let (pool, writer, direct) = match backend {
            Backend::Sqlite => (
                build(max_connections, min_idle, manager(true))?,
                Some(group_commit::GroupWriter::start(WriterPool(build(
                    1,
                    min_idle,
                    manager(false),
                )?))?),
                Some(build(max_connections, Some(0), manager(false))?),
            ),
            Backend::Postgres => (
                build(max_connections, min_idle, manager(false))?,
                None,
                None,
            ),
        };
        Ok(Self {
            pool,
            writer,
            direct,
            readers: std::sync::Arc::new(tokio::sync::Semaphore::new(max_connections as usize)),
            backend,
            statements,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// How many SQL statements this handle's connections have run since it was opened.
    pub fn statements(&self) -> u64 {
        self.statements.get()
    }

    /// A connection for synchronous callers outside the request path (CLI commands, start-up,
    /// the demo seed, tests), which may write. On SQLite it is not the writer lane (a caller may
    /// hold it while the service runs) but a connection of its own, ordered against the writer by
    /// SQLite's busy timeout; the service's own requests and jobs never use it.
    pub fn get(&self) -> Result<r2d2::PooledConnection<ConnectionManager>, AppError> {
        checkout(self.direct.as_ref().unwrap_or(&self.pool))
    }

    /// A connection of the reader pool for synchronous callers that only read; on SQLite it
    /// refuses writes.
    pub fn get_reader(&self) -> Result<r2d2::PooledConnection<ConnectionManager>, AppError> {
        checkout(&self.pool)
    }

    /// Runs `f` with a connection on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        self.hop(Lane::Read, f).await
    }

    /// Runs `f` in a write transaction: on SQLite in the writer lane's next batch, in a
    /// savepoint of its own inside the batch's `BEGIN IMMEDIATE`, answered once the batch is
    /// committed (see [`group_commit`]); on PostgreSQL in a transaction of its own on the blocking
    /// pool.
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        self.hop(Lane::Write, f).await
    }

    /// Runs `f` on the writer lane (SQLite: alone on the writer connection, between batches)
    /// without a transaction around it: for a job that commits item by item with
    /// [`write_transaction`], so one item's failure rolls back that item only.
    pub async fn write_each<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        self.hop(Lane::WriteEach, f).await
    }

    /// One hop for `f` to where it runs (the blocking pool, or SQLite's writer lane), after the
    /// session check the current request still owes (see [`session_check`]), on the same
    /// connection and, for a write, inside the same transaction. A request whose session has
    /// ended gets 401 and `f` does not run.
    async fn hop<T, F>(&self, lane: Lane, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let claim = match session_check::due() {
            session_check::Due::Nothing => None,
            session_check::Due::Check(claim) => Some(claim),
            session_check::Due::Refuse => return Err(AppError::Unauthorized),
        };
        let body = move |conn: &mut AnyConnection| -> Result<Option<T>, AppError> {
            if let Some(claim) = claim
                && !session_holds(conn, claim)?
            {
                return Ok(None);
            }
            f(conn).map(Some)
        };
        let done = match (lane, &self.writer) {
            (Lane::Write, Some(writer)) => writer.grouped(body).await?,
            (Lane::WriteEach, Some(writer)) => writer.alone(body).await?,
            (Lane::Read, _) | (_, None) => {
                let _permit = self.readers.acquire().await.map_err(AppError::internal)?;
                let write = lane == Lane::Write;
                Self::block(self.pool.clone(), move |conn| {
                    if write {
                        write_transaction(conn, body)
                    } else {
                        body(conn)
                    }
                })
                .await?
            }
        };
        if claim.is_some() {
            session_check::record(done.is_some());
        }
        done.ok_or(AppError::Unauthorized)
    }

    async fn block<T, F>(pool: r2d2::Pool<ConnectionManager>, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        actix_web::web::block(move || f(&mut *checkout(&pool)?))
            .await
            .map_err(|e| AppError::internal(anyhow::anyhow!("blocking task failed: {e}")))?
    }

    /// Applies the pending migrations of this backend; returns the versions applied.
    pub fn migrate(&self) -> anyhow::Result<Vec<String>> {
        let mut conn = self.get()?;
        migrate(&mut conn)
    }
}

/// True when the account a session names exists, is active and is at the token's version: what
/// a request recognised from the session cache still checks (see [`session_check`]). One row by
/// primary key. (Here rather than in `credentials`, which imports this module, so that the
/// handle's hop can run it without a cycle.)
pub fn session_holds(
    conn: &mut AnyConnection,
    claim: session_check::SessionClaim,
) -> Result<bool, AppError> {
    use diesel::prelude::*;
    let found: Option<(String, i32)> = schema::users::table
        .filter(schema::users::id.eq(claim.user))
        .select((schema::users::status, schema::users::token_version))
        .first(conn)
        .optional()?;
    Ok(found.is_some_and(|(status, v)| {
        v == claim.version && status == crate::domain::user::UserStatus::Active.as_str()
    }))
}

/// The SQLite writer connection, as the writer lane takes it.
struct WriterPool(r2d2::Pool<ConnectionManager>);

impl group_commit::Writer for WriterPool {
    type Conn = AnyConnection;
    type Held = Pooled;

    fn connection(&self) -> Result<Pooled, AppError> {
        checkout(&self.0)
    }

    fn begin(conn: &mut AnyConnection) -> diesel::QueryResult<()> {
        begin_immediate(conn)
    }

    fn finish(conn: &mut AnyConnection, commit: bool) -> diesel::QueryResult<()> {
        finish(conn, commit)
    }
}

/// Where a hop runs its closure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lane {
    /// A reader connection of the pool.
    Read,
    /// A write transaction (SQLite: the writer lane's batch).
    Write,
    /// The writer lane without a transaction (SQLite: alone on the writer connection).
    WriteEach,
}

/// A connection checked out of one of the pools.
pub type Pooled = r2d2::PooledConnection<ConnectionManager>;

/// A connection from `pool`; none free within the pool's timeout answers 503.
fn checkout(
    pool: &r2d2::Pool<ConnectionManager>,
) -> Result<r2d2::PooledConnection<ConnectionManager>, AppError> {
    pool.get().map_err(|e| {
        tracing::warn!(error = %e, "no database connection available");
        AppError::Unavailable
    })
}

/// Applies the pending migrations of the connection's backend.
pub fn migrate(conn: &mut AnyConnection) -> anyhow::Result<Vec<String>> {
    let applied = match conn {
        AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        AnyConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// Runs `f` inside a transaction that takes the write lock up front on SQLite (`BEGIN
/// IMMEDIATE`), so a read-modify-write never fails half-way on a lock upgrade.
pub fn write_transaction<T, E, F>(conn: &mut AnyConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    begin_immediate(conn)?;
    let result = f(conn);
    match result {
        Ok(value) => match finish(conn, true) {
            Ok(()) => Ok(value),
            Err(e) => {
                let _ = finish(conn, false);
                Err(e.into())
            }
        },
        Err(e) => {
            let _ = finish(conn, false);
            Err(e)
        }
    }
}

/// Opens a transaction that holds the write lock from its start on SQLite (`BEGIN IMMEDIATE`).
fn begin_immediate(conn: &mut AnyConnection) -> diesel::QueryResult<()> {
    match conn {
        AnyConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
        }
        AnyConnection::Postgresql(c) => AnsiTransactionManager::begin_transaction(c),
    }
}

/// Commits (`true`) or rolls back the transaction [`begin_immediate`] opened.
fn finish(conn: &mut AnyConnection, commit: bool) -> diesel::QueryResult<()> {
    match (conn, commit) {
        (AnyConnection::Sqlite(c), true) => AnsiTransactionManager::commit_transaction(c),
        (AnyConnection::Sqlite(c), false) => AnsiTransactionManager::rollback_transaction(c),
        (AnyConnection::Postgresql(c), true) => AnsiTransactionManager::commit_transaction(c),
        (AnyConnection::Postgresql(c), false) => AnsiTransactionManager::rollback_transaction(c),
    }
}

/// True when a diesel error is a unique-constraint violation (both backends).
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// True when a query's error, passed up as an [`AppError`], is a unique-constraint violation.
pub fn violates_unique(e: &AppError) -> bool {
    matches!(e, AppError::Internal(err)
        if err.downcast_ref::<diesel::result::Error>().is_some_and(is_unique_violation))
}

/// The most ids one `IN (...)` list carries: SQLite allows 32,766 bound parameters per statement,
/// PostgreSQL 65,535, so a list of a whole dataset's ids is split.
pub const IDS_PER_QUERY: usize = 10_000;

/// Runs `f` on the distinct `ids` in slices of at most [`IDS_PER_QUERY`] and joins the results.
/// Repeated ids are dropped first: they would only lengthen the `IN (...)` lists. Generic over
/// the id type, so each caller keeps its own typed ids.
pub fn in_chunks<I: Copy + Ord, T, E>(
    ids: &[I],
    mut f: impl FnMut(&[I]) -> Result<Vec<T>, E>,
) -> Result<Vec<T>, E> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::new();
    for part in ids.chunks(IDS_PER_QUERY) {
        out.extend(f(part)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gssapi_is_off_unless_the_url_asks_for_it() {
        assert_eq!(
            without_gssapi("postgres://u@h:5432/db"),
            "postgres://u@h:5432/db?gssencmode=disable"
        );
        assert_eq!(
            without_gssapi("postgres://u@h/db?sslmode=require"),
            "postgres://u@h/db?sslmode=require&gssencmode=disable"
        );
        assert_eq!(
            without_gssapi("postgres://u@h/db?gssencmode=require"),
            "postgres://u@h/db?gssencmode=require"
        );
    }

    #[test]
    fn urls_are_chosen_by_scheme_and_unknown_schemes_refused() {
        assert_eq!(
            "sqlite://data/peidai.db".parse::<DatabaseUrl>().unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("data/peidai.db"))
        );
        assert_eq!(
            "postgres://postgres@127.0.0.1:5432/test"
                .parse::<DatabaseUrl>()
                .unwrap()
                .backend(),
            Backend::Postgres
        );
        assert!("mysql://x".parse::<DatabaseUrl>().is_err());
        assert!("sqlite://".parse::<DatabaseUrl>().is_err());
        assert!("data/peidai.db".parse::<DatabaseUrl>().is_err());
    }

    #[test]
    fn a_postgres_password_is_masked_when_printed() {
        let url: DatabaseUrl = "postgres://app:hunter2@db:5432/peidai".parse().unwrap();
        assert_eq!(url.to_string(), "postgres://app:****@db:5432/peidai");
    }
}
