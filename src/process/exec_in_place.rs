//! Unix: `ksm` becomes the command (`execve`). Nothing of `ksm` stays resident, so signals,
//! the exit status, stdin and the terminal are the command's own.

use super::{command, Child, ProcessError};
use std::io::Write;
use std::os::unix::process::CommandExt;

/// Returns only when the command could not be started.
pub fn exec(child: &Child) -> ProcessError {
    // Whatever `ksm` buffered would vanish with its process image.
    let _ = std::io::stdout().flush();
    let error = command(child).exec();
    ProcessError::starting(&child.program, error)
}
