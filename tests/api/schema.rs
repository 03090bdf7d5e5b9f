//! Migrations: both backends end with the same tables and columns; SQLite's pragmas hold on every
//! pooled connection.

use std::collections::BTreeSet;

use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection, sql_query};

use peidai::db::{AnyConnection, Db};

use crate::helpers::settings_for;

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = BigInt)]
    not_null: i64,
}

type Columns = BTreeSet<(String, String, bool)>;

fn collect(rows: Vec<ColumnRow>) -> Columns {
    rows.into_iter()
        .filter(|r| r.table_name != "__diesel_schema_migrations")
        .map(|r| (r.table_name, r.column_name, r.not_null != 0))
        .collect()
}

fn sqlite_columns(path: &std::path::Path) -> Columns {
    let url = format!("sqlite://{}", path.display());
    let db = Db::connect(&settings_for(&url, &[]).database).unwrap();
    db.migrate().unwrap();
    let mut conn = SqliteConnection::establish(&path.to_string_lossy()).unwrap();
    collect(
        sql_query(
            "SELECT m.name AS table_name, p.name AS column_name, p.\"notnull\" AS not_null \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
        )
        .load(&mut conn)
        .unwrap(),
    )
}

#[test]
#[ignore = "needs PostgreSQL: set TEST_DATABASE_URL and pass --include-ignored (.ci/run does)"]
fn both_backends_migrate_to_the_same_tables_and_columns() {
    let pg_url = crate::helpers::test_database_url()
        .expect("this test compares with PostgreSQL: set TEST_DATABASE_URL");
    let dir = tempfile::tempdir().unwrap();
    let sqlite = sqlite_columns(&dir.path().join("schema.db"));

    let name = format!("peidai_schema_{}", std::process::id());
    let mut admin = PgConnection::establish(&pg_url).unwrap();
    // Separate statements: PostgreSQL runs a multi-statement string in one transaction.
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\""))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .unwrap();
    let mut url = url::Url::parse(&pg_url).unwrap();
    url.set_path(&name);
    let postgres = {
        let db = Db::connect(&settings_for(url.as_str(), &[]).database).unwrap();
        db.migrate().unwrap();
        let mut conn = PgConnection::establish(url.as_str()).unwrap();
        collect(
            sql_query(
                "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                 (CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END)::bigint AS not_null \
                 FROM information_schema.columns WHERE table_schema = 'public'",
            )
            .load(&mut conn)
            .unwrap(),
        )
    };
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .unwrap();
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_pg: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "schemas differ: only in SQLite {only_sqlite:?}; only in PostgreSQL {only_pg:?}"
    );
    assert!(
        sqlite
            .iter()
            .any(|(t, c, _)| t == "users" && c == "token_version")
    );
}

#[derive(QueryableByName)]
struct Pragma {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(QueryableByName)]
struct BusyTimeout {
    #[diesel(sql_type = BigInt)]
    timeout: i64,
}

fn pragma(conn: &mut SqliteConnection, name: &str) -> String {
    if name == "busy_timeout" {
        // No table-valued form for this one.
        return sql_query("PRAGMA busy_timeout")
            .get_result::<BusyTimeout>(conn)
            .unwrap()
            .timeout
            .to_string();
    }
    sql_query(format!(
        "SELECT CAST({name} AS TEXT) AS value FROM pragma_{name}"
    ))
    .get_result::<Pragma>(conn)
    .unwrap()
    .value
}

#[test]
fn sqlite_pragmas_hold_on_every_pooled_connection() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}",
        dir.path().join("nested/folder/p.db").display()
    );
    let settings = settings_for(&url, &[("database.max_connections", "4")]);
    let db = Db::connect(&settings.database).unwrap();
    assert!(
        dir.path().join("nested/folder").is_dir(),
        "the folder is created"
    );
    let mut held: Vec<_> = (0..4).map(|_| db.get_reader().unwrap()).collect();
    held.push(db.get().unwrap());
    for conn in &mut held {
        let AnyConnection::Sqlite(c) = &mut **conn else {
            panic!("expected SQLite");
        };
        assert_eq!(pragma(c, "journal_mode"), "wal");
        assert_eq!(pragma(c, "synchronous"), "2", "FULL");
        assert_eq!(pragma(c, "foreign_keys"), "1");
        assert_eq!(pragma(c, "busy_timeout"), "5000");
    }
}

#[test]
fn on_sqlite_only_the_writer_connection_writes_and_a_write_on_a_reader_fails() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let db =
        Db::connect(&settings_for(&url, &[("database.max_connections", "2")]).database).unwrap();
    let mut writer = db.get().unwrap();
    let AnyConnection::Sqlite(w) = &mut *writer else {
        panic!("expected SQLite");
    };
    assert_eq!(pragma(w, "query_only"), "0");
    w.batch_execute("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(writer);
    let mut reader = db.get_reader().unwrap();
    let AnyConnection::Sqlite(r) = &mut *reader else {
        panic!("expected SQLite");
    };
    assert_eq!(pragma(r, "query_only"), "1");
    let refused = r.batch_execute("INSERT INTO t VALUES (2)").unwrap_err();
    assert!(
        refused.to_string().contains("readonly"),
        "a stray write fails loudly: {refused}"
    );
}

#[test]
fn migrations_run_once_and_a_second_run_applies_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("m.db").display());
    let db = Db::connect(&settings_for(&url, &[]).database).unwrap();
    assert!(!db.migrate().unwrap().is_empty());
    assert!(db.migrate().unwrap().is_empty());
}
