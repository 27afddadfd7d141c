//! `ksm man --output-dir DIR`: one roff man page per command and subcommand (`ksm.1`,
//! `ksm-secret.1`, `ksm-secret-get.1`, …), generated from the command tree, for packagers.
//! Needs no profile: it runs before (and without) any credential or network code.

use super::man_sections::extra_sections;
use crate::cli::{Cli, ManArgs, BIN_NAME};
use clap::CommandFactory;
use clap_mangen::Man;
use ksm_client::error::{fail, ErrorKind};
use std::path::Path;

pub fn run(args: ManArgs) -> anyhow::Result<()> {
    let dir = &args.output_dir;
    std::fs::create_dir_all(dir)
        .map_err(|e| fail(ErrorKind::Usage, format!("cannot create {}: {e}", dir.display())))?;
    // `help` is a command of its own only for clap; it gets no page.
    let mut command = Cli::command().bin_name(BIN_NAME).disable_help_subcommand(true);
    command.build();
    write_pages(&command, dir)
}

/// Writes the page of `command`, then those of its visible subcommands.
fn write_pages(command: &clap::Command, dir: &Path) -> anyhow::Result<()> {
    // Every page names the program and its version, not just the subcommand.
    let man = Man::new(command.clone()).source(format!("{BIN_NAME} {}", env!("CARGO_PKG_VERSION")));
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if command.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut page)?;
    }
    let name = man.get_filename();
    page.extend_from_slice(extra_sections(name.trim_end_matches(".1")).as_bytes());
    if command.get_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    let path = dir.join(name);
    // Documentation, not secrets: plain files with the usual permissions.
    std::fs::write(&path, page).map_err(|e| fail(ErrorKind::Usage, format!("cannot write {}: {e}", path.display())))?;
    for subcommand in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(subcommand, dir)?;
    }
    Ok(())
}
