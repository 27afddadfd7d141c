//! The schema version a vault carries in its `meta` table, in SQLite and in PostgreSQL alike
//! (`KSM_TEST_DATABASE=postgres` runs this suite on PostgreSQL): a vault made by this binary
//! opens again unchanged, and a vault of a newer schema (or, in PostgreSQL, of one that never
//! existed there) is refused by every command with one line and left exactly as it was. And
//! the schema a version makes is kept in `tests/data/schema/ENGINE-VERSION.txt`: a change to
//! it without a new version (and its upgrade step) fails here.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::vault_sql;
use ksm_testkit::postgres::{database_url_of, pg_bin};
use ksm_testkit::Prepared;
use std::path::Path;
use std::process::{Command, Output};

/// `ksm-server` as the owner of the test data directory `data_dir`, on its vault.
fn owner(data_dir: &Path, args: &[&str]) -> Output {
    ksm_testkit::ksm_server_command(Path::new(common::BIN), data_dir)
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--keystore")
        .arg(ksm_testkit::owner_keystore(data_dir))
        .args(args)
        .output()
        .unwrap()
}

/// Everything the vault holds, schema and rows, one line per row: `pg_dump`'s text (without
/// the random key of its `\restrict` lines), or for SQLite each table's `CREATE` statement and
/// its rows, their values tab-separated as in `pg_dump`'s `COPY` lines.
fn dump(data_dir: &Path) -> Vec<String> {
    if let Some(url) = database_url_of(data_dir) {
        let output = Command::new(pg_bin("pg_dump")).args(["--no-owner", &url]).output().unwrap();
        assert!(output.status.success(), "pg_dump: {}", String::from_utf8_lossy(&output.stderr));
        let text = String::from_utf8(output.stdout).unwrap();
        return text
            .lines()
            .filter(|line| !line.starts_with("\\restrict") && !line.starts_with("\\unrestrict"))
            .map(str::to_string)
            .collect();
    }
    let db =
        rusqlite::Connection::open_with_flags(data_dir.join("vault.db"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut schema = db.prepare("SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name").unwrap();
    let objects: Vec<(String, String)> =
        schema.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap().map(Result::unwrap).collect();
    let mut lines = Vec::new();
    for (name, sql) in objects {
        lines.push(sql.clone());
        if !sql.starts_with("CREATE TABLE") {
            continue;
        }
        let mut rows = db.prepare(&format!("SELECT * FROM \"{name}\" ORDER BY 1")).unwrap();
        let columns = rows.column_count();
        let mut query = rows.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let values: Vec<String> = (0..columns)
                .map(|index| match row.get::<_, rusqlite::types::Value>(index).unwrap() {
                    rusqlite::types::Value::Null => "\\N".to_string(),
                    rusqlite::types::Value::Integer(n) => n.to_string(),
                    rusqlite::types::Value::Real(x) => x.to_string(),
                    rusqlite::types::Value::Text(text) => text,
                    rusqlite::types::Value::Blob(bytes) => format!("\\\\x{}", hex(&bytes)),
                })
                .collect();
            lines.push(values.join("\t"));
        }
    }
    lines
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Fails, naming the lines that differ, unless the dumps `before` and `after` are the same.
fn assert_unchanged(before: &[String], after: &[String], what: &str) {
    let gone: Vec<&String> = before.iter().filter(|line| !after.contains(line)).collect();
    let new: Vec<&String> = after.iter().filter(|line| !before.contains(line)).collect();
    assert!(after == before, "{what}: lines gone {gone:?}, lines new {new:?}");
}

fn schema_version(data_dir: &Path) -> String {
    let version = vault_sql(data_dir, "SELECT value FROM meta WHERE key = 'schema_version'");
    let [version] = version.as_slice() else { panic!("one schema version: {version:?}") };
    version.clone()
}

#[test]
fn a_vault_made_by_this_version_opens_again_unchanged() {
    let vault = Prepared::new(Path::new(common::BIN));
    let version = schema_version(&vault.data_dir);
    assert!(version.parse::<u32>().is_ok_and(|v| v >= 3), "{version}");
    let before = dump(&vault.data_dir);
    assert!(before.iter().any(|line| line.starts_with("CREATE TABLE") && line.contains("records")), "{before:?}");

    let records = vault.admin(&["record", "list", "--json"]);
    let mut server = vault.serve(&[]);
    server.stop();
    assert_eq!(server.admin(&["record", "list", "--json"]), records);
    assert_eq!(schema_version(&server.data_dir), version);
    // The owner's commands move the vault revision on (a counter of the devices' answer cache).
    let without_revision =
        |dump: Vec<String>| dump.into_iter().filter(|line| !line.starts_with("vault_revision\t")).collect::<Vec<_>>();
    assert_unchanged(
        &without_revision(before),
        &without_revision(dump(&server.data_dir)),
        "opening a vault of the current schema changes nothing in it",
    );
}

#[test]
fn a_vault_of_a_newer_or_unknown_schema_is_refused_and_left_unchanged() {
    let vault = Prepared::new(Path::new(common::BIN));
    let copy = vault.temp.path().join("copy.db");
    let copy_url = format!("sqlite:{}", copy.display());
    // 99: made by a newer ksm-server. In PostgreSQL also 2, a version no PostgreSQL vault had
    // (SQLite's 2 is a real one, upgraded on open: see store/migrate.rs).
    let mut versions = vec![("99", "database schema 99 is not supported (expected ")];
    if database_url_of(&vault.data_dir).is_some() {
        versions.push(("2", "from schema 2"));
    }
    for (version, message) in versions {
        vault_sql(&vault.data_dir, &format!("UPDATE meta SET value = '{version}' WHERE key = 'schema_version'"));
        let before = dump(&vault.data_dir);
        for args in [
            &["record", "list"][..],
            &["client", "add", "--app", &vault.seed.app, "--hostname", "127.0.0.1:1"],
            &["serve", "--listen", "127.0.0.1:0"],
            &["migrate", "--to", &copy_url],
        ] {
            let refused = owner(&vault.data_dir, args);
            let stderr = String::from_utf8_lossy(&refused.stderr);
            assert_eq!(refused.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(stderr.contains(message) && stderr.lines().count() == 1, "{args:?}: {stderr}");
        }
        assert_unchanged(&before, &dump(&vault.data_dir), &format!("a refused schema {version} is left as it was"));
        assert!(!copy.exists(), "no copy of a vault this binary cannot read");
    }
}

/// The tables, columns, constraints and indexes of the vault, one per line, sorted: the
/// schema as the engine reports it, whatever its text looked like.
fn schema_of(data_dir: &Path) -> Vec<String> {
    let sql = if database_url_of(data_dir).is_some() {
        "SELECT line FROM (
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
                || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END
                || coalesce(' default ' || column_default, '')
                || CASE WHEN is_identity = 'YES' THEN ' identity' ELSE '' END AS line
            FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        ) AS schema ORDER BY line COLLATE \"C\""
    } else {
        "SELECT line FROM (
            SELECT 'column ' || m.name || '.' || c.name || ' ' || c.type
                || CASE WHEN c.\"notnull\" THEN ' not null' ELSE '' END
                || coalesce(' default ' || c.dflt_value, '')
                || CASE WHEN c.pk > 0 THEN ' primary key ' || c.pk ELSE '' END AS line
            FROM sqlite_schema AS m, pragma_table_info(m.name) AS c WHERE m.type = 'table'
            UNION ALL
            SELECT 'index ' || m.name || ' ' || i.name || CASE WHEN i.\"unique\" THEN ' unique' ELSE '' END
                || ' (' || (SELECT group_concat(k.name, ', ') FROM pragma_index_info(i.name) AS k) || ')'
            FROM sqlite_schema AS m, pragma_index_list(m.name) AS i WHERE m.type = 'table'
            UNION ALL
            SELECT 'foreign key ' || m.name || '.' || f.\"from\" || ' references ' || f.\"table\"
                || '.' || coalesce(f.\"to\", '') || ' on delete ' || f.on_delete
            FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table'
            UNION ALL
            SELECT 'table ' || name || CASE WHEN sql LIKE '%WITHOUT ROWID%' THEN ' without rowid' ELSE '' END
            FROM sqlite_schema WHERE type = 'table'
        ) ORDER BY line"
    };
    vault_sql(data_dir, sql)
}

#[test]
fn the_schema_a_version_makes_is_the_one_kept_for_it() {
    let temp = tempfile::tempdir().unwrap();
    let data_dir = temp.path().join("data");
    ksm_testkit::init_data_dir(Path::new(common::BIN), &data_dir);
    let engine = if database_url_of(&data_dir).is_some() { "postgres" } else { "sqlite" };
    let version = schema_version(&data_dir);
    let kept = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/schema/{engine}-{version}.txt"));
    let made = schema_of(&data_dir).join("\n") + "\n";
    assert!(
        std::fs::read_to_string(&kept).is_ok_and(|text| text == made),
        "the {engine} schema of version {version} is not the one kept in {}. A change of the schema needs a new \
         version with its upgrade step (store/migrate.rs), and this text kept as the new version's (keep \
         the old version's file: it records the schema that upgrade step starts from):\n{made}",
        kept.display()
    );
}
