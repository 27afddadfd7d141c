//! Unix: the command as a supervised child, so that its output can be masked. It runs in its
//! own process group, gets the terminal when `ksm` has it, receives the signals sent to `ksm`,
//! and its exit status becomes ours.

use super::mask::Masker;
use super::pump::{exit_notice, our_stdout, MaskedOutput, Pump};
use super::signals::Forwarding;
use super::terminal::{self, Handover, Terminal};
use super::{command, Child, ProcessError};
use std::io;
use std::os::unix::process::CommandExt;
use std::process::Stdio;

/// Runs the command to its end; returns its exit code, or 128+N if signal N killed it.
pub fn supervise(child: &Child, masker: &Masker, hold_stdout: bool) -> Result<u8, ProcessError> {
    let failed = |error: io::Error| ProcessError::starting(&child.program, error);
    let (exited, listener) = exit_notice().map_err(failed)?;
    let stdout_listener = listener.try_clone().map_err(failed)?;
    let stdout = Pump::start("stdout", MaskedOutput::new(our_stdout(hold_stdout), masker.clone()), stdout_listener);
    let stderr = Pump::start("stderr", MaskedOutput::new(io::stderr(), masker.clone()), listener);
    let (stdout, stderr) = (stdout.map_err(failed)?, stderr.map_err(failed)?);

    let terminal = Terminal::foreground();
    let forwarding = Forwarding::install();
    let mut command = command(child);
    command.stdin(Stdio::inherit()).stdout(Stdio::piped()).stderr(Stdio::piped()).process_group(0);
    let child_signals = forwarding.child_setup();
    let claim_terminal = terminal.is_some();
    // SAFETY: the closure makes only async-signal-safe calls (signal, pthread_sigmask, tcsetpgrp).
    unsafe {
        command.pre_exec(move || {
            child_signals.apply();
            if claim_terminal {
                terminal::claim_in_child();
            }
            Ok(())
        });
    }
    let mut process = match command.spawn() {
        Ok(process) => process,
        Err(error) => {
            if let Some(terminal) = &terminal {
                terminal.reclaim();
            }
            return Err(failed(error));
        }
    };

    // The pid is the group id (process_group(0)); the group exists once spawn returns, since
    // std waits until the exec succeeded.
    let group = process.id() as libc::pid_t;
    forwarding.forward_to(group);
    let mut handover = terminal.map(|terminal| Handover::new(terminal, group));
    if let Some(pipe) = process.stdout.take() {
        stdout.copy_from(pipe);
    }
    if let Some(pipe) = process.stderr.take() {
        stderr.copy_from(pipe);
    }

    let status = wait_for_exit(group, handover.as_mut());
    forwarding.child_gone();
    drop(handover);
    drop(exited);
    stdout.join();
    stderr.join();
    drop(forwarding);
    status
        .map_err(|error| ProcessError::Spawn(format!("{}: lost track of it: {error}", child.program.to_string_lossy())))
}

/// Reaps the command; with a terminal, stops and continues with it as a shell job would.
fn wait_for_exit(pid: libc::pid_t, mut handover: Option<&mut Handover>) -> io::Result<u8> {
    loop {
        let mut status = 0;
        // SAFETY: waitpid(2) on our own child, with a valid out-pointer.
        if unsafe { libc::waitpid(pid, &mut status, libc::WUNTRACED) } < 0 {
            let error = io::Error::last_os_error();
            if error.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(error);
        }
        if let Some(code) = exit_code(status) {
            return Ok(code);
        }
        if libc::WIFSTOPPED(status) {
            if let Some(handover) = handover.as_deref_mut() {
                handover.on_child_stopped(libc::WSTOPSIG(status));
            }
        }
    }
}

/// The exit code a shell reports for a wait status: the code, or 128+N for signal N; `None`
/// while the process lives (stopped or continued).
fn exit_code(status: libc::c_int) -> Option<u8> {
    if libc::WIFEXITED(status) {
        Some(libc::WEXITSTATUS(status) as u8)
    } else if libc::WIFSIGNALED(status) {
        Some(u8::try_from(128 + libc::WTERMSIG(status)).unwrap_or(u8::MAX))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::exit_code;

    #[test]
    fn exit_codes_follow_the_shell() {
        // Encoded as Linux and the BSDs do: code << 8, or the signal number in the low bits.
        assert_eq!(exit_code(0), Some(0));
        assert_eq!(exit_code(42 << 8), Some(42));
        assert_eq!(exit_code(255 << 8), Some(255));
        assert_eq!(exit_code(libc::SIGTERM), Some(143));
        assert_eq!(exit_code(libc::SIGINT), Some(130));
        assert_eq!(exit_code(libc::SIGKILL | 0x80), Some(137), "core dumped");
        assert_eq!(exit_code((libc::SIGTSTP << 8) | 0x7f), None, "stopped");
    }
}
