//! Keeps the secrets in `ksm`'s memory out of core dumps: its soft core size limit is 0 and,
//! on Linux, the process is not dumpable (which also keeps other processes of the same user
//! from reading its memory with ptrace or /proc/PID/mem). Commands that `ksm exec` starts get
//! the soft limit `ksm` was started with back, and the kernel makes them dumpable again when
//! they exec, so their own core dumps behave as without `ksm`.
#![allow(unsafe_code, reason = "process limits and prctl through libc")]

#[cfg(unix)]
use std::sync::OnceLock;

/// The soft core limit `ksm` was started with, for the commands it runs.
#[cfg(unix)]
static INHERITED_SOFT_LIMIT: OnceLock<libc::rlim_t> = OnceLock::new();

/// Call first thing in `main`. Failures are ignored: a system without these controls cannot
/// dump `ksm`'s memory through them either.
pub fn disable() {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit(2) writes into the rlimit we own.
        if unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) } == 0 {
            let _ = INHERITED_SOFT_LIMIT.set(limit.rlim_cur);
            // The hard limit stays, so the commands `ksm exec` runs can have their soft limit back.
            let none = libc::rlimit { rlim_cur: 0, rlim_max: limit.rlim_max };
            // SAFETY: setrlimit(2) reads the rlimit we own; lowering a soft limit is always allowed.
            unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) };
        }
    }
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(2) with PR_SET_DUMPABLE and plain integer arguments touches no memory.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Gives the command the soft core limit `ksm` was started with.
#[cfg(unix)]
pub fn restore_for(command: &mut std::process::Command) {
    use std::os::unix::process::CommandExt;
    let Some(&soft) = INHERITED_SOFT_LIMIT.get() else { return };
    // SAFETY: the closure makes only async-signal-safe calls (getrlimit, setrlimit).
    unsafe {
        command.pre_exec(move || {
            let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            if libc::getrlimit(libc::RLIMIT_CORE, &mut limit) == 0 {
                limit.rlim_cur = soft.min(limit.rlim_max);
                libc::setrlimit(libc::RLIMIT_CORE, &limit);
            }
            Ok(())
        });
    }
}
