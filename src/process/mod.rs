//! Starting the command of `ksm exec`: in place of `ksm` (Unix `execve`), or as a supervised
//! child whose output is masked or held until it exits.

#![allow(unsafe_code, reason = "process control: fork/exec, signals, process groups and the terminal through libc")]

#[cfg(unix)]
mod exec_in_place;
mod mask;
#[cfg(not(unix))]
mod portable;
mod pump;
#[cfg(unix)]
mod signals;
#[cfg(unix)]
mod supervise;
#[cfg(unix)]
mod terminal;

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io;
use std::path::Path;
use std::process::Command;

/// The command to start.
pub struct Child {
    pub program: OsString,
    /// Passed one by one, exactly as given: never joined into a shell string.
    pub args: Vec<OsString>,
    /// The command's complete environment: nothing else of `ksm`'s is inherited.
    pub env: Vec<(OsString, OsString)>,
}

pub enum Mode {
    /// On Unix `ksm` becomes the command: signals, exit code, stdin/TTY and PID 1 behaviour are
    /// the command's own. Elsewhere the command runs as a child that shares `ksm`'s console.
    InPlace,
    /// The command runs as a child whose stdout and stderr pass through `ksm`, every one of
    /// `secrets` replaced by `****`; signals sent to `ksm` are forwarded to it. With
    /// `hold_stdout`, its stdout is written only once it has exited.
    Supervised { secrets: Vec<String>, hold_stdout: bool },
}

/// The command could not be started. Messages name the program, never a value of its
/// environment or arguments.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    #[error("command not found: {0}")]
    NotFound(String),
    #[error("cannot execute {0}: {1}")]
    NotExecutable(String, String),
    /// The program and what failed.
    #[error("cannot start {0}")]
    Spawn(String),
}

impl ProcessError {
    /// Classifies the error of an `exec` or `spawn` of `program`.
    fn starting(program: &OsStr, error: io::Error) -> Self {
        let name = program.to_string_lossy().into_owned();
        match error.raw_os_error().and_then(not_executable_reason) {
            Some(reason) => ProcessError::NotExecutable(name, reason.to_string()),
            None if error.kind() == io::ErrorKind::NotFound && is_path(program) && Path::new(program).is_file() => {
                // The file is there: what is missing is its `#!` interpreter.
                ProcessError::NotExecutable(name, "its interpreter (#! line) was not found".to_string())
            }
            None if error.kind() == io::ErrorKind::NotFound => ProcessError::NotFound(name),
            None => ProcessError::Spawn(format!("{name}: {error}")),
        }
    }
}

#[cfg(unix)]
fn not_executable_reason(errno: i32) -> Option<&'static str> {
    match errno {
        libc::EACCES => Some("permission denied"),
        libc::EPERM => Some("operation not permitted"),
        libc::ENOEXEC => Some("not an executable format"),
        libc::EISDIR => Some("is a directory"),
        libc::ETXTBSY => Some("the file is busy (being written)"),
        _ => None,
    }
}

#[cfg(not(unix))]
fn not_executable_reason(_errno: i32) -> Option<&'static str> {
    None
}

/// A program named with a directory is not looked up in `PATH`.
fn is_path(program: &OsStr) -> bool {
    Path::new(program).components().count() > 1
}

/// Starts the command. In place on Unix, returns only if it could not be started; otherwise
/// returns the exit code to exit with: the command's own, or 128+N if signal N killed it.
pub fn run(child: Child, mode: Mode) -> Result<u8, ProcessError> {
    match mode {
        #[cfg(unix)]
        Mode::InPlace => Err(exec_in_place::exec(&child)),
        #[cfg(unix)]
        Mode::Supervised { secrets, hold_stdout } => {
            supervise::supervise(&child, &mask::Masker::new(&secrets), hold_stdout)
        }
        #[cfg(not(unix))]
        Mode::InPlace => portable::run(&child, None),
        #[cfg(not(unix))]
        Mode::Supervised { secrets, hold_stdout } => {
            portable::run(&child, Some((mask::Masker::new(&secrets), hold_stdout)))
        }
    }
}

/// The command with its arguments and nothing but its own environment. The program is looked
/// up in the `PATH` of that environment.
fn command(child: &Child) -> Command {
    let mut command = Command::new(&child.program);
    command.args(&child.args).env_clear().envs(child.env.iter().map(|(name, value)| (name, value)));
    #[cfg(unix)]
    crate::core_dumps::restore_for(&mut command);
    command
}

impl fmt::Debug for Child {
    /// Names only: argument and environment values may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Child")
            .field("program", &self.program)
            .field("args", &format_args!("[{} arguments]", self.args.len()))
            .field("env", &self.env.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .finish()
    }
}

impl fmt::Debug for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mode::InPlace => f.write_str("InPlace"),
            Mode::Supervised { secrets, hold_stdout } => {
                write!(f, "Supervised {{ {} secrets, hold_stdout: {hold_stdout} }}", secrets.len())
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests;
