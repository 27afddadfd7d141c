//! `ksm-server file attach|download`.

use super::{as_owner, print_created, Target};
use crate::cli::FileCommand;
use crate::owner::NewFile;
use anyhow::Context;
use std::io::{Read, Write};
use std::path::Path;

/// Refuse attachments larger than this from the command line (the API has its own limit).
const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;

pub fn run(target: &Target, command: &FileCommand) -> anyhow::Result<()> {
    match command {
        FileCommand::Attach { record, path, title, mime, json } => {
            attach(target, record, path, title.as_deref(), mime.as_deref(), *json)
        }
        FileCommand::Download { uid, out } => download(target, uid, out),
    }
}

fn attach(
    target: &Target,
    record: &str,
    path: &Path,
    title: Option<&str>,
    mime: Option<&str>,
    json: bool,
) -> anyhow::Result<()> {
    let bytes = read_capped(path, MAX_ATTACHMENT_BYTES)?;
    let name = path.file_name().and_then(|n| n.to_str()).context("the file name is not valid UTF-8")?;
    let mime_type = mime.map_or_else(|| guess_mime(name).to_string(), str::to_string);
    let file = NewFile { name, title: title.unwrap_or(name), mime_type: &mime_type, bytes: &bytes };
    let uid = as_owner(target, |owner| owner.attach_file(record, &file))?;
    print_created("file", &uid, json)
}

fn download(target: &Target, uid: &str, out: &Path) -> anyhow::Result<()> {
    if out != Path::new("-") && out.exists() {
        anyhow::bail!("{} already exists; choose another --out", out.display());
    }
    let (meta, content) = as_owner(target, |owner| owner.download_file(uid))?;
    if out == Path::new("-") {
        return std::io::stdout().write_all(&content).context("cannot write to stdout");
    }
    ksm_files::write_private(out, &content).with_context(|| format!("cannot write {}", out.display()))?;
    println!("Wrote {} ({} bytes) to {}", meta.name, content.len(), out.display());
    Ok(())
}

/// The file's bytes, refused past `cap`: counted while reading, since a FIFO, a device or a
/// growing file has no size to trust beforehand.
fn read_capped(path: &Path, cap: u64) -> anyhow::Result<Vec<u8>> {
    let cannot_read = || format!("cannot read {}", path.display());
    let file = std::fs::File::open(path).with_context(cannot_read)?;
    let too_large = || anyhow::anyhow!("{} is over the limit of {cap} bytes for an attachment", path.display());
    if file.metadata().with_context(cannot_read)?.len() > cap {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes).with_context(cannot_read)?;
    if bytes.len() as u64 > cap {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The MIME type from the file name's extension (the table `ksm secret upload` uses).
fn guess_mime(name: &str) -> &'static str {
    let extension = std::path::Path::new(name).extension().map(|e| e.to_string_lossy()).unwrap_or_default();
    ksm_proto::mime::from_extension(&extension)
}
