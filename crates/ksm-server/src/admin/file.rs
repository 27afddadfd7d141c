//! `ksm-server file attach`.

use super::{as_owner, print_created};
use crate::cli::FileCommand;
use crate::datadir::DataDir;
use crate::owner::NewFile;
use anyhow::Context;

/// Refuse attachments larger than this from the command line (the API has its own limit).
const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;

pub fn run(dir: &DataDir, command: &FileCommand) -> anyhow::Result<()> {
    let FileCommand::Attach { record, path, title, mime, json } = command;
    let size = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?.len();
    anyhow::ensure!(
        size <= MAX_ATTACHMENT_BYTES,
        "{} is {size} bytes; the limit is {MAX_ATTACHMENT_BYTES}",
        path.display()
    );
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.file_name().and_then(|n| n.to_str()).context("the file name is not valid UTF-8")?;
    let mime_type = mime.clone().unwrap_or_else(|| guess_mime(name).to_string());
    let file = NewFile { name, title: title.as_deref().unwrap_or(name), mime_type: &mime_type, bytes: &bytes };
    let uid = as_owner(dir, |owner| owner.attach_file(record, &file))?;
    print_created("file", &uid, *json)
}

/// The MIME type from the file name's extension (the table `ksm secret upload` uses).
fn guess_mime(name: &str) -> &'static str {
    let extension = std::path::Path::new(name).extension().map(|e| e.to_string_lossy()).unwrap_or_default();
    ksm_proto::mime::from_extension(&extension)
}
