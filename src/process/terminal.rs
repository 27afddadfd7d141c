//! Handing the terminal to the supervised command.
//!
//! The command runs in its own process group. When `ksm` is the terminal's foreground job, that
//! group becomes the terminal's foreground group: Ctrl-C then reaches the command once (not
//! once from the terminal and again forwarded by `ksm`), and the command can read the terminal.
//! In return `ksm` must play the job-control part a shell expects: when the command is stopped
//! (Ctrl-Z), stop too, and hand the terminal back on `fg`.

use libc::{c_int, pid_t};

/// The terminal is the one on stdin; the command inherits stdin, so it is its terminal too.
const TTY: c_int = libc::STDIN_FILENO;

/// Stdin is a terminal and `ksm` is in its foreground process group.
pub struct Terminal {
    own_group: pid_t,
}

impl Terminal {
    /// `None` for no terminal on stdin, or when `ksm` runs as a background job.
    pub fn foreground() -> Option<Self> {
        // SAFETY: plain queries on a file descriptor number.
        unsafe {
            let own_group = libc::getpgrp();
            (libc::isatty(TTY) == 1 && libc::tcgetpgrp(TTY) == own_group).then_some(Self { own_group })
        }
    }

    fn foreground_group(&self) -> pid_t {
        // SAFETY: a query on a file descriptor number.
        unsafe { libc::tcgetpgrp(TTY) }
    }

    fn give_to(&self, group: pid_t) {
        // Whoever is not in the foreground group gets SIGTTOU (which stops it) for changing it,
        // unless SIGTTOU is blocked.
        with_sigttou_blocked(|| {
            // SAFETY: tcsetpgrp(3) on a file descriptor number; failure leaves things as they were.
            unsafe { libc::tcsetpgrp(TTY, group) };
        });
    }

    /// After a failed start: the command's process claimed the terminal before its exec failed.
    pub fn reclaim(&self) {
        if self.foreground_group() != self.own_group {
            self.give_to(self.own_group);
        }
    }
}

/// Runs in the forked command before exec (async-signal-safe calls only): its new process
/// group takes the terminal, before the program can read it or the user press Ctrl-C.
pub fn claim_in_child() {
    with_sigttou_blocked(|| {
        // SAFETY: async-signal-safe calls on our own process group and stdin.
        unsafe { libc::tcsetpgrp(TTY, libc::getpgrp()) };
    });
}

/// The terminal lent to the command's group; taken back when dropped.
pub struct Handover {
    terminal: Terminal,
    child_group: pid_t,
    /// The command's group has the terminal (so we must take it back).
    lent: bool,
}

impl Handover {
    /// The command's process took the terminal itself (`claim_in_child`).
    pub fn new(terminal: Terminal, child_group: pid_t) -> Self {
        Self { terminal, child_group, lent: true }
    }

    /// The command was stopped by `signal` (Ctrl-Z, or reading the terminal from the
    /// background): stop as it did, so that the shell gets the terminal and sees a stopped job;
    /// when continued (`fg`, `bg`), continue the command, with the terminal if we got it back.
    pub fn on_child_stopped(&mut self, signal: c_int) {
        if self.terminal.foreground_group() == self.child_group {
            self.terminal.give_to(self.terminal.own_group);
        }
        self.lent = false;
        let stop = if signal == libc::SIGSTOP { libc::SIGSTOP } else { libc::SIGTSTP };
        // SAFETY: kill(2) on our own process group (the shell's job), as Ctrl-Z would have.
        unsafe { libc::kill(0, stop) };
        // Continued.
        if self.terminal.foreground_group() == self.terminal.own_group {
            self.terminal.give_to(self.child_group);
            self.lent = true;
        }
        // SAFETY: kill(2) on the command's process group, which still exists (not reaped).
        unsafe { libc::kill(-self.child_group, libc::SIGCONT) };
    }
}

impl Drop for Handover {
    fn drop(&mut self) {
        if self.lent {
            self.terminal.give_to(self.terminal.own_group);
        }
    }
}

fn with_sigttou_blocked(action: impl FnOnce()) {
    // SAFETY: sigemptyset/sigaddset on a local set; pthread_sigmask changes only this thread's
    // mask and restores it (in the forked child, the only thread).
    unsafe {
        let mut block: libc::sigset_t = std::mem::zeroed();
        let mut previous: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut block);
        libc::sigaddset(&mut block, libc::SIGTTOU);
        libc::pthread_sigmask(libc::SIG_BLOCK, &block, &mut previous);
        action();
        libc::pthread_sigmask(libc::SIG_SETMASK, &previous, std::ptr::null_mut());
    }
}
