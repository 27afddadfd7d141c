//! `-o/--output stdout|stderr|FILE`, the official CLI's global option: where a command's output
//! goes. A file is written 0600 beside its final name and put in place only when the command
//! succeeded, so a failure never leaves half an output behind.
#![allow(unsafe_code, reason = "redirects stdout with libc::dup2")]

use ksm_client::error::{fail, ErrorKind};
use ksm_files::StagedFile;
use std::io::Write;
use std::path::Path;

/// Where stdout was sent; [`Redirect::finish`] completes it.
pub enum Redirect {
    Unchanged,
    File(StagedFile),
}

impl Redirect {
    /// Points our stdout at `target`. `exec` becomes its command, so it cannot finish a file.
    pub fn start(target: Option<&Path>, is_exec: bool) -> anyhow::Result<Redirect> {
        let Some(target) = target else {
            return Ok(Redirect::Unchanged);
        };
        if target == Path::new("stdout") {
            return Ok(Redirect::Unchanged);
        }
        if target == Path::new("stderr") {
            point_stdout_at(&std::io::stderr())?;
            return Ok(Redirect::Unchanged);
        }
        if is_exec {
            return Err(fail(
                ErrorKind::Usage,
                "-o FILE does not apply to exec (ksm becomes the command): redirect with the shell, `ksm exec -- cmd > FILE`",
            ));
        }
        let staged = StagedFile::create(target)
            .map_err(|e| fail(ErrorKind::Usage, format!("cannot write {}: {e}", target.display())))?;
        point_stdout_at(staged.file())?;
        Ok(Redirect::File(staged))
    }

    /// Puts the file in place if the command succeeded; otherwise removes it.
    pub fn finish(self, succeeded: bool) -> anyhow::Result<()> {
        std::io::stdout().flush()?;
        match self {
            Redirect::File(staged) if succeeded => {
                staged.commit().map_err(|e| fail(ErrorKind::Usage, format!("cannot write the output file: {e}")))
            }
            _ => Ok(()),
        }
    }
}

#[cfg(unix)]
fn point_stdout_at(to: &impl std::os::fd::AsRawFd) -> anyhow::Result<()> {
    std::io::stdout().flush()?;
    // SAFETY: dup2(2) on two descriptors this process holds open; fd 1 is replaced atomically.
    if unsafe { libc::dup2(to.as_raw_fd(), 1) } < 0 {
        return Err(fail(ErrorKind::Usage, format!("cannot redirect the output: {}", std::io::Error::last_os_error())));
    }
    Ok(())
}

#[cfg(not(unix))]
fn point_stdout_at<T>(_to: &T) -> anyhow::Result<()> {
    Err(fail(ErrorKind::Usage, "-o/--output works on Unix only here: redirect with the shell (> FILE)"))
}
