//! `peidai backup`: a consistent copy of the SQLite database, checked before it is trusted; and
//! `peidai restore`: such a copy put back in the database's place while nothing uses it.

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl, SqliteConnection, sql_query};

use super::{AnyConnection, Db};

#[derive(QueryableByName)]
struct IntegrityRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// Why `backup` refuses a PostgreSQL database, and what to use instead.
pub const POSTGRES_REFUSAL: &str = "backup copies SQLite databases only; for PostgreSQL use \
     pg_dump, e.g. `pg_dump -Fc -f peidai.dump \"$PEIDAI_DATABASE__URL\"`";

/// Why `restore` refuses a PostgreSQL database, and what to use instead.
pub const POSTGRES_RESTORE_REFUSAL: &str = "restore replaces SQLite databases only; for \
     PostgreSQL use pg_restore, e.g. `pg_restore --clean --if-exists -d \"$PEIDAI_DATABASE__URL\" \
     peidai.dump`";

/// Why `restore` refuses a database that a process has open.
pub const IN_USE_REFUSAL: &str = "the database is in use (a running `peidai serve` or another \
     command has it open); stop it first, then restore";

/// Copies the live SQLite database to `target` with `VACUUM INTO` (safe while the service runs),
/// then runs `PRAGMA integrity_check` on the copy. PostgreSQL is backed up with `pg_dump`.
pub fn backup_to(db: &Db, target: &Path) -> anyhow::Result<()> {
    if target.exists() {
        anyhow::bail!("{} already exists; choose a new file", target.display());
    }
    if let Some(parent) = target.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)?;
    }
    let mut conn = db.get()?;
    match &mut *conn {
        AnyConnection::Postgresql(_) => anyhow::bail!("{POSTGRES_REFUSAL}"),
        AnyConnection::Sqlite(c) => {
            let path = target.to_string_lossy().replace('\'', "''");
            diesel::RunQueryDsl::execute(sql_query(format!("VACUUM INTO '{path}'")), c)?;
        }
    }
    check_integrity(target)
}

/// Runs `PRAGMA integrity_check` on the SQLite file at `path`.
fn check_integrity(path: &Path) -> anyhow::Result<()> {
    let mut copy = SqliteConnection::establish(&path.to_string_lossy())?;
    let rows: Vec<IntegrityRow> = sql_query("PRAGMA integrity_check").load(&mut copy)?;
    match rows.as_slice() {
        [row] if row.integrity_check == "ok" => Ok(()),
        _ => anyhow::bail!(
            "the copy at {} failed its integrity check: {}",
            path.display(),
            rows.iter()
                .map(|r| r.integrity_check.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// Where the database that was replaced is kept (none when there was none).
    pub replaced: Option<PathBuf>,
}

/// Puts the backup `source` in the place of the SQLite database `target`.
///
/// Refused while any process has `target` open: SQLite's own exclusive lock is asked for, and
/// every open connection of a server (each holds a shared lock in WAL mode) makes it fail. The
/// backup is copied next to the database and checked (`PRAGMA integrity_check`) before anything
/// is moved; the replaced database is renamed, never deleted, with its `-wal` and `-shm` files,
/// so that no journal of the old database is ever applied to the restored one; then the copy is
/// renamed into place (one atomic step) and checked again.
pub fn restore_from(target: &Path, source: &Path) -> anyhow::Result<Restored> {
    if !source.is_file() {
        anyhow::bail!("{} is not a file", source.display());
    }
    if target.exists() && std::fs::canonicalize(target)? == std::fs::canonicalize(source)? {
        anyhow::bail!("{} is the database itself", source.display());
    }
    let staged = with_suffix(target, ".restoring");
    std::fs::copy(source, &staged)?;
    std::fs::File::open(&staged)?.sync_all()?;
    if let Err(e) = check_integrity(&staged) {
        let _ = std::fs::remove_file(&staged);
        return Err(e);
    }
    let replaced = if target.exists() {
        if let Err(e) = quiesce(target) {
            let _ = std::fs::remove_file(&staged);
            return Err(e);
        }
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let aside = with_suffix(target, &format!(".replaced-{stamp}"));
        for part in ["", "-wal", "-shm"] {
            let from = with_suffix(target, part);
            if from.exists() {
                std::fs::rename(&from, with_suffix(&aside, part))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&staged, target)?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    check_integrity(target)?;
    Ok(Restored { replaced })
}

/// Proves that no other process has the database open (else [`IN_USE_REFUSAL`]) and folds its
/// write-ahead log into the file, so the file alone is the whole database.
fn quiesce(target: &Path) -> anyhow::Result<()> {
    let mut conn = SqliteConnection::establish(&target.to_string_lossy())?;
    conn.batch_execute("PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE;")?;
    conn.batch_execute("BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_master; COMMIT;")
        .map_err(|e| anyhow::anyhow!("{IN_USE_REFUSAL} ({e})"))?;
    conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(())
}

/// `path` with `suffix` added to its file name (`peidai.db` → `peidai.db-wal`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
