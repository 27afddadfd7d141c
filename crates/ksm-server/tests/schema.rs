//! The schema version a vault carries in its `meta` table, in SQLite and in PostgreSQL alike
//! (`KSM_TEST_DATABASE=postgres` runs this suite on PostgreSQL): a vault made by this binary
//! opens again unchanged, and a vault of a newer schema (or, in PostgreSQL, of one that never
//! existed there) is refused by every command with one line and left exactly as it was.
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
