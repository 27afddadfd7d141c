//! `ksm secret …`: reading (list, get, notation, totp), writing (add, update, delete, rotation
//! transactions, files) and tools (password, template). One request per read.

mod add;
mod delete;
mod files;
pub mod password;
mod record_template;
mod totp;
mod update;

use super::Context;
use crate::cli::{GetArgs, ListArgs, SecretCommand};
use crate::output::{self, ViewOptions};
use ksm_client::error::{fail, ErrorKind};
use ksm_client::resolve::{explain, fetch_for, render_notation};
use ksm_client::session::Session;
use ksm_client::vault::{Record, Vault};
use ksm_proto::notation::{Notation, NotationValue};
use std::io::Write;

pub fn run(context: &Context, command: SecretCommand) -> anyhow::Result<()> {
    match command {
        // These need no profile: no credential, keyring or network code runs for them.
        SecretCommand::Password(args) => password::run(&args),
        SecretCommand::Template(command) => record_template::run(context, command),
        SecretCommand::Totp(args) => context.with_session(|session| totp::run(session, &args)),
        SecretCommand::Upload(args) => context.with_session(|session| files::upload(session, &args)),
        SecretCommand::Download(args) => context.with_session(|session| files::download(session, &args)),
        SecretCommand::DeleteAttachment(args) => {
            context.with_session(|session| files::delete_attachment(session, &args))
        }
        SecretCommand::Add(command) => context.with_session(|session| add::run(session, command)),
        SecretCommand::Update(args) => context.with_session(|session| update::update(session, &args)),
        SecretCommand::Delete(args) => context.with_session(|session| delete::delete(session, &args, context.color)),
        SecretCommand::Finalize(args) => context.with_session(|session| update::complete(session, &args.uid, true)),
        SecretCommand::Rollback(args) => context.with_session(|session| update::complete(session, &args.uid, false)),
        SecretCommand::List(args) => context.with_session(|session| {
            let filter = (!args.uid.is_empty()).then(|| args.uid.clone());
            list(context, &session.fetch(filter)?, &args)
        }),
        SecretCommand::Get(args) => context.with_session(|session| {
            let mut uids = args.uid.clone();
            uids.extend(args.extra_uid.iter().cloned());
            let filter = (!uids.is_empty() && args.title.is_empty()).then(|| uids.clone());
            get(context, &session.fetch(filter)?, &uids, &args)
        }),
        SecretCommand::Notation { notation } => context.with_session(|session| print_notation(session, &notation)),
    }
}

/// `ksm secret notation`: the value a notation points at, or the file's bytes.
fn print_notation(session: &mut Session, notation: &str) -> anyhow::Result<()> {
    let parsed = Notation::parse(notation).map_err(|e| fail(ErrorKind::Usage, format!("invalid notation: {e}")))?;
    let vault = fetch_for(session, &[&parsed], &[])?;
    match vault.resolve(&parsed).map_err(|e| fail(ErrorKind::NotFound, explain(&vault, &parsed, &e)))? {
        NotationValue::Values(values) => {
            print!("{}", render_notation(&parsed, &values)?);
            Ok(())
        }
        NotationValue::File { record_uid, file_uid } => {
            let file = vault
                .file(&record_uid, &file_uid)
                .ok_or_else(|| fail(ErrorKind::NotFound, format!("file {file_uid} is not in record {record_uid}")))?;
            std::io::stdout().write_all(&session.download(file)?)?;
            Ok(())
        }
    }
}

fn list(context: &Context, vault: &Vault, args: &ListArgs) -> anyhow::Result<()> {
    // The official CLI matches titles with a case-insensitive search.
    let title = args
        .title
        .as_deref()
        .map(|pattern| regex::RegexBuilder::new(pattern).case_insensitive(true).build())
        .transpose()
        .map_err(|e| fail(ErrorKind::Usage, format!("--title is not a valid regular expression: {e}")))?;
    let records: Vec<&Record> = vault
        .records
        .iter()
        .filter(|record| args.folder.as_deref().is_none_or(|folder| in_folder(record, folder, args.recursive)))
        .filter(|record| title.as_ref().is_none_or(|re| re.is_match(record.data.title())))
        .collect();
    if let Some(query) = &args.query {
        let options = ViewOptions { unmask: true, inflate: true };
        let dicts: Vec<_> = records.iter().map(|record| output::record_dict(record, vault, &options)).collect();
        let matches = output::list_query(&dicts, query).map_err(usage)?;
        if args.json {
            print!("{}", output::list_query_json(&matches, args.show_value));
        } else {
            print!("{}", output::list_query_table(&matches, args.show_value, context.color));
        }
        return Ok(());
    }
    if args.json {
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        output::write_list_json(&records, &mut stdout)?;
        stdout.flush()?;
    } else {
        print!("{}", output::list_table(&records, context.color));
    }
    Ok(())
}

/// In `folder` itself, or with `recursive` anywhere inside the shared folder `folder`. A
/// sub-folder's descendants need the folder tree, which `secret list` does not fetch.
fn in_folder(record: &Record, folder: &str, recursive: bool) -> bool {
    record.folder() == Some(folder) || (recursive && record.folder_uid.as_deref() == Some(folder))
}

fn get(context: &Context, vault: &Vault, uids: &[String], args: &GetArgs) -> anyhow::Result<()> {
    let mut selected: Vec<&Record> = Vec::new();
    for uid in uids {
        selected.push(vault.shared_record(uid)?);
    }
    for title in &args.title {
        let matches: Vec<&Record> = vault.records.iter().filter(|r| r.data.title() == title).collect();
        if matches.is_empty() {
            return Err(fail(ErrorKind::NotFound, format!("no record titled '{title}'")));
        }
        selected.extend(matches);
    }
    if selected.is_empty() {
        return Err(fail(ErrorKind::Usage, "name the records to get with --uid, a UID argument or --title"));
    }
    // In the server's order, each record once, as the official CLI prints them.
    let position = |record: &Record| vault.records.iter().position(|r| std::ptr::eq(r, record));
    selected.sort_by_key(|record| position(record));
    selected.dedup_by(|a, b| std::ptr::eq(*a, *b));
    // Only the text tables mask values; machine output (JSON, a field, a query) is for scripts.
    let unmask = args.unmask || args.json || args.field.is_some() || args.query.is_some();
    let options = ViewOptions { unmask, inflate: args.inflate || !args.deflate };
    let dicts: Vec<_> = selected.iter().map(|record| output::record_dict(record, vault, &options)).collect();
    if let Some(field) = &args.field {
        print!("{}", output::field_value(&dicts, field).map_err(|e| fail(ErrorKind::NotFound, e.to_string()))?);
    } else if let Some(query) = &args.query {
        print!("{}", output::query(&dicts, query, args.force_array, args.raw).map_err(usage)?);
    } else if args.json {
        print!("{}", output::get_json(&dicts, args.force_array));
    } else {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        for mut dict in dicts {
            if args.unmask {
                output::show_totp_codes(&mut dict, now);
            }
            print!("{}", output::record_text(&dict, context.color));
        }
    }
    Ok(())
}

fn usage(error: output::OutputError) -> anyhow::Error {
    fail(ErrorKind::Usage, error.to_string())
}
