//! `ksm secret upload|download|delete-attachment` (docs/files.md): local input is checked before
//! the first request, the record is read once, and nothing is written — on the server or on
//! disk — until every check has passed.

use crate::cli::{DeleteAttachmentArgs, DownloadArgs, UploadArgs};
use indicatif::{ProgressBar, ProgressStyle};
use ksm_client::error::{fail, ErrorKind};
use ksm_client::session::Session;
use ksm_client::transport::Progress;
use ksm_client::vault::{Record, RecordFile};
use ksm_client::writes::{self, NewFile, UpdateKind};
use ksm_proto::crypto::GCM_OVERHEAD;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zeroize::Zeroizing;

/// The largest file `upload` sends: ksm-server's default `--max-file-bytes`.
pub const MAX_UPLOAD_BYTES: u64 = 100 * 1024 * 1024;

pub fn upload(session: &mut Session, args: &UploadArgs) -> anyhow::Result<()> {
    let bytes = read_upload(&args.file)?;
    let name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let record = fetch_record(session, &args.uid)?;
    require_editable(&record)?;
    let file = NewFile {
        name: &name,
        title: args.title.as_deref().unwrap_or(&name),
        mime_type: mime_type(&args.file),
        bytes: &bytes,
    };
    let bar = transfer_bar(session, (bytes.len() + GCM_OVERHEAD) as u64, &format!("uploading {name}"));
    let uploaded = writes::upload_file(session, &record, &file);
    bar.finish_and_clear();
    print!("{}", uploaded?);
    Ok(())
}

pub fn download(session: &mut Session, args: &DownloadArgs) -> anyhow::Result<()> {
    let destination = Destination::parse(&args.file_output);
    if let Destination::Path(path) = &destination {
        check_destination(path, args.create_folders)?;
    }
    let record = fetch_record(session, &args.uid)?;
    let file = match (&args.file_uid, &args.name) {
        (Some(uid), _) => by_uid(&record, uid)
            .ok_or_else(|| fail(ErrorKind::NotFound, format!("{}; {}", no_file(&record, uid), available(&record))))?,
        (None, Some(name)) => by_name(&record, name)?,
        (None, None) => return Err(fail(ErrorKind::Usage, "name the file with --name or --file-uid")),
    };
    if file.url.is_empty() {
        return Err(fail(
            ErrorKind::Server,
            format!("file {} has no download URL yet; the upload may still be in progress, retry shortly", file.uid),
        ));
    }
    let bar = transfer_bar(session, file.meta.size + GCM_OVERHEAD as u64, &format!("downloading {}", file.meta.name));
    let downloaded = session.download(file);
    bar.finish_and_clear();
    let bytes = Zeroizing::new(downloaded?);
    destination.write(&bytes, args.create_folders)
}

pub fn delete_attachment(session: &mut Session, args: &DeleteAttachmentArgs) -> anyhow::Result<()> {
    let record = fetch_record(session, &args.uid)?;
    let mut removed: Vec<(String, String)> = Vec::new();
    for wanted in &args.file {
        let (uid, name) = resolve_for_removal(&record, wanted)?;
        if !removed.iter().any(|(seen, _)| *seen == uid) {
            removed.push((uid, name));
        }
    }
    require_editable(&record)?;
    let uids: Vec<String> = removed.iter().map(|(uid, _)| uid.clone()).collect();
    let mut data = (*record.data).clone();
    // Like the Python SDK: edit the first fileRef field and keep it, even when it ends up empty.
    if let Some(field) = data.fields.iter_mut().find(|field| field.field_type == "fileRef") {
        field.value.retain(|value| value.as_str().is_none_or(|uid| !uids.iter().any(|u| u == uid)));
    }
    writes::update_record(session, &record, &data, UpdateKind::Immediate, &uids)?;
    for (uid, name) in &removed {
        println!("removed {name} ({uid}) from record {}", record.uid);
    }
    Ok(())
}

/// Reads the file to upload, refusing what is missing, not a regular file or over the limit.
fn read_upload(path: &Path) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let shown = path.display();
    let metadata =
        std::fs::metadata(path).map_err(|e| fail(ErrorKind::Usage, format!("cannot upload {shown}: {e}")))?;
    if !metadata.is_file() {
        return Err(fail(ErrorKind::Usage, format!("cannot upload {shown}: not a regular file")));
    }
    check_size(path, metadata.len())?;
    let bytes =
        Zeroizing::new(std::fs::read(path).map_err(|e| fail(ErrorKind::Usage, format!("cannot read {shown}: {e}")))?);
    // The file may have grown since it was measured.
    check_size(path, bytes.len() as u64)?;
    Ok(bytes)
}

fn check_size(path: &Path, size: u64) -> anyhow::Result<()> {
    if size > MAX_UPLOAD_BYTES {
        return Err(fail(
            ErrorKind::Usage,
            format!(
                "cannot upload {}: it is {size} bytes, over the limit of {MAX_UPLOAD_BYTES} bytes (100 MiB)",
                path.display()
            ),
        ));
    }
    Ok(())
}

/// The one record `uid`, from one `get_secret` request.
fn fetch_record(session: &mut Session, uid: &str) -> anyhow::Result<Record> {
    if uid.trim().is_empty() {
        return Err(fail(ErrorKind::Usage, "--uid must not be empty"));
    }
    session.fetch(Some(vec![uid.to_string()]))?.into_shared_record(uid)
}

/// The server would refuse the write too; saying so first sends nothing.
fn require_editable(record: &Record) -> anyhow::Result<()> {
    if record.editable {
        return Ok(());
    }
    Err(fail(
        ErrorKind::Auth,
        format!("record {} is shared read-only with this application; nothing was changed", record.uid),
    ))
}

fn by_uid<'a>(record: &'a Record, uid: &str) -> Option<&'a RecordFile> {
    record.files.iter().find(|file| file.uid == uid)
}

/// The one file whose name or title is `name`.
fn by_name<'a>(record: &'a Record, name: &str) -> anyhow::Result<&'a RecordFile> {
    let matches: Vec<&RecordFile> =
        record.files.iter().filter(|file| file.meta.name == name || file.meta.title == name).collect();
    match matches[..] {
        [file] => Ok(file),
        [] => Err(fail(ErrorKind::NotFound, format!("{}; {}", no_file(record, name), available(record)))),
        _ => Err(fail(
            ErrorKind::NotFound,
            format!(
                "{} files of record {} are named '{name}'; choose one by UID: {}",
                matches.len(),
                record.uid,
                describe(&matches)
            ),
        )),
    }
}

/// A file UID, name or title: the UID to detach and how to call it. A UID that is in the
/// record's fileRef without a file (an upload that never finished) can be detached too.
fn resolve_for_removal(record: &Record, wanted: &str) -> anyhow::Result<(String, String)> {
    if let Some(file) = by_uid(record, wanted) {
        return Ok((file.uid.clone(), file.meta.name.clone()));
    }
    if record.data.file_refs().iter().any(|uid| uid == wanted) {
        return Ok((wanted.to_string(), "a file with no content".to_string()));
    }
    by_name(record, wanted).map(|file| (file.uid.clone(), file.meta.name.clone()))
}

fn no_file(record: &Record, wanted: &str) -> String {
    format!("record {} has no file '{wanted}'", record.uid)
}

fn available(record: &Record) -> String {
    if record.files.is_empty() {
        return "it has no files".to_string();
    }
    format!("its files: {}", describe(&record.files.iter().collect::<Vec<_>>()))
}

fn describe(files: &[&RecordFile]) -> String {
    let names: Vec<String> = files
        .iter()
        .map(|file| match file.meta.title.as_str() {
            title if title.is_empty() || title == file.meta.name => format!("'{}' ({})", file.meta.name, file.uid),
            title => format!("'{}' titled '{title}' ({})", file.meta.name, file.uid),
        })
        .collect();
    names.join(", ")
}

/// Where `download` puts the file.
enum Destination {
    Stdout,
    Stderr,
    Path(PathBuf),
}

impl Destination {
    fn parse(text: &str) -> Self {
        match text {
            "stdout" => Self::Stdout,
            "stderr" => Self::Stderr,
            path => Self::Path(PathBuf::from(path)),
        }
    }

    fn write(&self, bytes: &[u8], create_folders: bool) -> anyhow::Result<()> {
        match self {
            Self::Stdout => write_stream(&mut std::io::stdout().lock(), bytes),
            Self::Stderr => write_stream(&mut std::io::stderr().lock(), bytes),
            Self::Path(path) => {
                let dir = parent_dir(path);
                if create_folders {
                    ksm_files::create_private_dir(dir).map_err(|e| {
                        fail(ErrorKind::Usage, format!("cannot create directory {}: {e}", dir.display()))
                    })?;
                }
                ksm_files::write_private(path, bytes)
                    .map_err(|e| fail(ErrorKind::Usage, format!("cannot write {}: {e}", path.display())))
            }
        }
    }
}

fn write_stream(stream: &mut impl Write, bytes: &[u8]) -> anyhow::Result<()> {
    stream.write_all(bytes).and_then(|()| stream.flush())?;
    Ok(())
}

/// Refuses, before any request, a path that cannot be written.
fn check_destination(path: &Path, create_folders: bool) -> anyhow::Result<()> {
    if path.is_dir() {
        return Err(fail(ErrorKind::Usage, format!("--file-output {} is a directory; name a file", path.display())));
    }
    let dir = parent_dir(path);
    if dir.is_dir() {
        return Ok(());
    }
    if dir.exists() {
        return Err(fail(ErrorKind::Usage, format!("{} is not a directory", dir.display())));
    }
    if !create_folders {
        return Err(fail(
            ErrorKind::Usage,
            format!("directory {} does not exist; pass --create-folders to create it", dir.display()),
        ));
    }
    Ok(())
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A byte bar on stderr while `session` transfers a file, only when stderr is a terminal.
fn transfer_bar(session: &mut Session, total: u64, message: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{bar:25} {bytes}/{total_bytes} {bytes_per_sec} {wide_msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar = ProgressBar::new(total).with_style(style).with_message(message.to_string());
    let shown = bar.clone();
    let progress: Progress = Arc::new(move |done| shown.set_position(done));
    session.report_progress(Some(progress));
    bar
}

/// The MIME type recorded with an upload, from the file's extension.
fn mime_type(path: &Path) -> &'static str {
    ksm_proto::mime::from_extension(&path.extension().map(|e| e.to_string_lossy()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_come_from_the_extension() {
        assert_eq!(mime_type(Path::new("a/b.PDF")), "application/pdf");
        assert_eq!(mime_type(Path::new("key.pem")), "application/x-pem-file");
        assert_eq!(mime_type(Path::new("noext")), "application/octet-stream");
        assert_eq!(mime_type(Path::new("x.unknown")), "application/octet-stream");
    }

    #[test]
    fn outputs_name_streams_or_paths_and_relative_paths_live_in_the_current_directory() {
        assert!(matches!(Destination::parse("stdout"), Destination::Stdout));
        assert!(matches!(Destination::parse("stderr"), Destination::Stderr));
        assert!(matches!(Destination::parse("./stdout"), Destination::Path(_)));
        assert_eq!(parent_dir(Path::new("out.bin")), Path::new("."));
        assert_eq!(parent_dir(Path::new("a/out.bin")), Path::new("a"));
    }
}
