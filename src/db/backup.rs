//! `peidai backup`: a consistent copy of the SQLite database, checked before it is trusted.

use std::path::Path;

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
    let mut copy = SqliteConnection::establish(&target.to_string_lossy())?;
    let rows: Vec<IntegrityRow> = sql_query("PRAGMA integrity_check").load(&mut copy)?;
    match rows.as_slice() {
        [row] if row.integrity_check == "ok" => Ok(()),
        _ => anyhow::bail!(
            "the copy at {} failed its integrity check: {}",
            target.display(),
            rows.iter()
                .map(|r| r.integrity_check.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}
