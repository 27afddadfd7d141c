//! Forwarding the signals sent to `ksm` to the supervised command's process group.
//!
//! The handler may only do async-signal-safe work: it reads the target group from an atomic
//! and calls `kill`. A signal that arrives before the command is started waits in a pending
//! set and is delivered as soon as the group is known, by whichever of the handler and the
//! main thread sees both (so exactly once).

use libc::c_int;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering::SeqCst};

/// What `ksm exec` forwards: termination requests and the user signals.
pub const FORWARDED: [c_int; 6] =
    [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT, libc::SIGUSR1, libc::SIGUSR2];

const NOT_STARTED: i32 = 0;
/// The command was reaped: its group id may belong to someone else by now.
const GONE: i32 = -1;

/// The command's process group, or `NOT_STARTED` / `GONE`.
static TARGET: AtomicI32 = AtomicI32::new(NOT_STARTED);
/// Bit N: signal N arrived and was not forwarded yet.
static PENDING: AtomicU64 = AtomicU64::new(0);

extern "C" fn on_signal(signal: c_int) {
    let saved = errno::get();
    PENDING.fetch_or(1 << signal, SeqCst);
    deliver_pending();
    errno::set(saved);
}

fn deliver_pending() {
    let target = TARGET.load(SeqCst);
    if target <= 0 {
        return;
    }
    let pending = PENDING.swap(0, SeqCst);
    for signal in FORWARDED {
        if pending & (1 << signal) != 0 {
            // SAFETY: kill(2) is async-signal-safe; a negative pid names a process group.
            unsafe { libc::kill(-target, signal) };
        }
    }
}

/// Forwarding handlers, installed until dropped.
pub struct Forwarding {
    /// The signals whose handler we replaced, with the action to restore.
    replaced: Vec<(c_int, libc::sigaction)>,
    /// SIGCHLD was ignored (children reaped by the kernel, so no exit status): set to the
    /// default meanwhile, and restored.
    sigchld: Option<libc::sigaction>,
}

impl Forwarding {
    /// Installs the handlers. Signals that `ksm` was started with ignored (`nohup`, background
    /// jobs of a script) stay ignored, as they would for the command run in place.
    pub fn install() -> Self {
        TARGET.store(NOT_STARTED, SeqCst);
        PENDING.store(0, SeqCst);
        let mut replaced = Vec::new();
        for signal in FORWARDED {
            if current_action(signal).is_some_and(|action| action.sa_sigaction != libc::SIG_IGN) {
                if let Some(previous) = set_action(signal, on_signal as extern "C" fn(c_int) as libc::sighandler_t) {
                    replaced.push((signal, previous));
                }
            }
        }
        let sigchld = match current_action(libc::SIGCHLD) {
            Some(action) if action.sa_sigaction == libc::SIG_IGN => set_action(libc::SIGCHLD, libc::SIG_DFL),
            _ => None,
        };
        Self { replaced, sigchld }
    }

    /// From now on, signals go to this process group, starting with those already received.
    pub fn forward_to(&self, group: libc::pid_t) {
        TARGET.store(group, SeqCst);
        deliver_pending();
    }

    /// The command was reaped: stop forwarding.
    pub fn child_gone(&self) {
        TARGET.store(GONE, SeqCst);
    }

    /// What the command's process must undo between fork and exec.
    pub fn child_setup(&self) -> ChildSignals {
        ChildSignals {
            caught: self.replaced.iter().fold(0, |bits, (signal, _)| bits | 1 << signal),
            sigchld_ignored: self.sigchld.is_some(),
        }
    }
}

impl Drop for Forwarding {
    fn drop(&mut self) {
        for (signal, previous) in &self.replaced {
            // SAFETY: restores an action that sigaction(2) returned for this signal.
            unsafe { libc::sigaction(*signal, previous, std::ptr::null_mut()) };
        }
        if let Some(previous) = &self.sigchld {
            // SAFETY: as above.
            unsafe { libc::sigaction(libc::SIGCHLD, previous, std::ptr::null_mut()) };
        }
        TARGET.store(NOT_STARTED, SeqCst);
        PENDING.store(0, SeqCst);
    }
}

/// Dispositions the command must start with, as if `ksm` had not touched them.
#[derive(Clone, Copy)]
pub struct ChildSignals {
    caught: u64,
    sigchld_ignored: bool,
}

impl ChildSignals {
    /// Runs in the forked child before exec: only async-signal-safe calls. Until now a signal
    /// would have run our handler in the child, and been lost.
    pub fn apply(self) {
        for signal in FORWARDED {
            if self.caught & (1 << signal) != 0 {
                // SAFETY: signal(2) is async-signal-safe.
                unsafe { libc::signal(signal, libc::SIG_DFL) };
            }
        }
        if self.sigchld_ignored {
            // SAFETY: as above.
            unsafe { libc::signal(libc::SIGCHLD, libc::SIG_IGN) };
        }
    }
}

fn current_action(signal: c_int) -> Option<libc::sigaction> {
    // SAFETY: a zeroed sigaction is a valid out-parameter; a null new action only queries.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        (libc::sigaction(signal, std::ptr::null(), &mut action) == 0).then_some(action)
    }
}

/// Sets `handler` (with SA_RESTART, so interrupted system calls resume); returns the previous action.
fn set_action(signal: c_int, handler: libc::sighandler_t) -> Option<libc::sigaction> {
    // SAFETY: the action is fully initialised: zeroed, an empty mask, the handler and flags.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = handler;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        let mut previous: libc::sigaction = std::mem::zeroed();
        (libc::sigaction(signal, &action, &mut previous) == 0).then_some(previous)
    }
}

/// The handler must leave `errno` as it found it: it may interrupt any thread between a
/// failing call and the reading of its error.
mod errno {
    #[cfg(target_os = "android")]
    use libc::__errno as location;
    #[cfg(target_os = "linux")]
    use libc::__errno_location as location;
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    use libc::__error as location;
    use libc::c_int;

    /// Elsewhere errno is not preserved.
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple", target_os = "freebsd")))]
    unsafe fn location() -> *mut c_int {
        std::ptr::null_mut()
    }

    pub fn get() -> c_int {
        // SAFETY: the calling thread's errno (async-signal-safe), or null where unknown.
        unsafe { location().as_ref().copied().unwrap_or(0) }
    }

    pub fn set(value: c_int) {
        // SAFETY: as above.
        if let Some(errno) = unsafe { location().as_mut() } {
            *errno = value;
        }
    }
}
