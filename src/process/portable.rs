//! Not Unix: no `execve`, process groups or signals to forward. The command runs as a child
//! that shares our console (in place) or whose output is masked, and we exit with its code.

use super::mask::Masker;
use super::pump::{copy_until_eof, our_stdout, MaskedOutput};
use super::{command, Child, ProcessError};
use std::io;
use std::process::Stdio;

/// With `supervised`, the output passes through the masker, stdout held until the end if asked.
pub fn run(child: &Child, supervised: Option<(Masker, bool)>) -> Result<u8, ProcessError> {
    let mut command = command(child);
    if supervised.is_some() {
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    let mut process = command.spawn().map_err(|error| ProcessError::starting(&child.program, error))?;
    let mut pumps = Vec::new();
    if let Some((masker, hold_stdout)) = supervised {
        if let Some(pipe) = process.stdout.take() {
            let output = MaskedOutput::new(our_stdout(hold_stdout), masker.clone());
            pumps.push(std::thread::Builder::new().spawn(move || copy_until_eof(pipe, output)));
        }
        if let Some(pipe) = process.stderr.take() {
            let output = MaskedOutput::new(io::stderr(), masker);
            pumps.push(std::thread::Builder::new().spawn(move || copy_until_eof(pipe, output)));
        }
    }
    let status = process.wait();
    for pump in pumps.into_iter().flatten() {
        let _ = pump.join();
    }
    let status = status.map_err(|error| {
        ProcessError::Spawn(format!("{}: lost track of it: {error}", child.program.to_string_lossy()))
    })?;
    // Windows exit codes are 32 bits; a shell sees the low byte.
    Ok(status.code().map_or(1, |code| code as u8))
}
