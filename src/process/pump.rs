//! Copying one of the command's output pipes to ours, through a masker, written promptly.

use super::mask::Masker;
use std::io::{self, Write};

/// Our stdout or stderr, behind a masker.
pub struct MaskedOutput<W: Write> {
    sink: W,
    masker: Masker,
    buffer: Vec<u8>,
}

impl<W: Write> MaskedOutput<W> {
    pub fn new(sink: W, masker: Masker) -> Self {
        Self { sink, masker, buffer: Vec::new() }
    }

    /// Writes (and flushes) all of `chunk` that cannot be the start of a secret.
    pub fn write(&mut self, chunk: &[u8]) -> io::Result<()> {
        self.buffer.clear();
        self.masker.feed(chunk, &mut self.buffer);
        self.sink.write_all(&self.buffer)?;
        self.sink.flush()
    }

    /// End of the stream: writes what was held back.
    pub fn finish(mut self) -> io::Result<()> {
        self.buffer.clear();
        self.masker.finish(&mut self.buffer);
        self.sink.write_all(&self.buffer)?;
        self.sink.flush()
    }
}

/// Our stdout, or with `hold` our stdout written only once the command ended.
pub fn our_stdout(hold: bool) -> Box<dyn Write + Send> {
    if hold {
        Box::new(HeldUntilEnd::new(io::stdout()))
    } else {
        Box::new(io::stdout())
    }
}

/// Output kept in memory and written to `sink` only when dropped, after the command ended
/// (`exec --capture-output`).
struct HeldUntilEnd<W: Write> {
    sink: W,
    held: Vec<u8>,
}

impl<W: Write> HeldUntilEnd<W> {
    fn new(sink: W) -> Self {
        Self { sink, held: Vec::new() }
    }
}

impl<W: Write> Write for HeldUntilEnd<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.held.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Drop for HeldUntilEnd<W> {
    fn drop(&mut self) {
        // Nowhere to report a failure from here; a closed stdout loses the output either way.
        let _ = self.sink.write_all(&self.held).and_then(|()| self.sink.flush());
    }
}

const CHUNK: usize = 64 * 1024;

/// What one read from the command's pipe led to.
enum Step {
    Copied,
    /// End of file, or the pipe failed: flush what is held back and stop.
    Ended,
    /// Our side cannot be written any more: stop reading, so that the command gets a broken
    /// pipe as it would have writing there itself.
    OutputClosed,
}

/// Reads one chunk (retrying an interrupted read) and passes it through the masker.
fn copy_chunk(source: &mut impl io::Read, output: &mut MaskedOutput<impl Write>, chunk: &mut [u8]) -> Step {
    loop {
        return match source.read(chunk) {
            Ok(0) => Step::Ended,
            Ok(read) if output.write(&chunk[..read]).is_err() => Step::OutputClosed,
            Ok(_) => Step::Copied,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => Step::Ended,
        };
    }
}

/// Copies until end of file.
#[cfg(not(unix))]
pub fn copy_until_eof(mut source: impl io::Read, mut output: MaskedOutput<impl Write>) {
    let mut chunk = vec![0; CHUNK];
    loop {
        match copy_chunk(&mut source, &mut output, &mut chunk) {
            Step::Copied => continue,
            Step::Ended => break,
            Step::OutputClosed => return,
        }
    }
    let _ = output.finish();
}

#[cfg(unix)]
pub use unix::{exit_notice, Pump};

#[cfg(unix)]
mod unix {
    use super::{copy_chunk, MaskedOutput, Step, CHUNK};
    use std::io::{self, Read, Write};
    use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
    use std::os::unix::net::UnixStream;
    use std::sync::mpsc;
    use std::thread::JoinHandle;
    use std::time::Duration;

    /// After the command exits, a process it left running in the background may keep the pipe
    /// open: stop once nothing came for this long (a pipe still full of data is drained first).
    const IDLE_AFTER_EXIT: Duration = Duration::from_millis(500);

    /// Dropped by the waiting thread when the command has exited.
    pub struct ExitNotice {
        _stream: UnixStream,
    }

    /// Readable (end of file) once the `ExitNotice` is dropped.
    pub struct ExitListener(UnixStream);

    pub fn exit_notice() -> io::Result<(ExitNotice, ExitListener)> {
        let (notice, listener) = UnixStream::pair()?;
        Ok((ExitNotice { _stream: notice }, ExitListener(listener)))
    }

    impl ExitListener {
        pub fn try_clone(&self) -> io::Result<Self> {
            self.0.try_clone().map(Self)
        }
    }

    /// A thread started before the command (so that failing to start it cannot leave the
    /// command running unattended), waiting for the pipe it will copy.
    pub struct Pump<R> {
        source: mpsc::Sender<R>,
        thread: JoinHandle<()>,
    }

    impl<R: Read + AsFd + Send + 'static> Pump<R> {
        pub fn start<W: Write + Send + 'static>(
            name: &str,
            output: MaskedOutput<W>,
            exited: ExitListener,
        ) -> io::Result<Self> {
            let (source, receive) = mpsc::channel::<R>();
            let thread = std::thread::Builder::new().name(format!("ksm-exec-{name}")).spawn(move || {
                if let Ok(source) = receive.recv() {
                    copy(source, output, &exited);
                }
            })?;
            Ok(Self { source, thread })
        }

        pub fn copy_from(&self, source: R) {
            let _ = self.source.send(source);
        }

        /// Waits until the copy is done (at once if it never got a pipe).
        pub fn join(self) {
            drop(self.source);
            let _ = self.thread.join();
        }
    }

    fn copy(mut source: impl Read + AsFd, mut output: MaskedOutput<impl Write>, exited: &ExitListener) {
        block_sigpipe();
        let mut chunk = vec![0; CHUNK];
        let mut child_exited = false;
        loop {
            match wait_readable(source.as_fd(), (!child_exited).then(|| exited.0.as_fd())) {
                Ready::Source => {}
                Ready::ChildExited => {
                    child_exited = true;
                    continue;
                }
                Ready::Idle | Ready::Failed => break,
            }
            match copy_chunk(&mut source, &mut output, &mut chunk) {
                Step::Copied => {}
                Step::Ended => break,
                // Dropping `source` closes our end: the command gets the broken pipe.
                Step::OutputClosed => return,
            }
        }
        let _ = output.finish();
    }

    enum Ready {
        Source,
        ChildExited,
        /// Nothing to read for `IDLE_AFTER_EXIT` after the command exited.
        Idle,
        Failed,
    }

    fn wait_readable(source: BorrowedFd<'_>, exited: Option<BorrowedFd<'_>>) -> Ready {
        let mut fds = [
            libc::pollfd { fd: source.as_raw_fd(), events: libc::POLLIN, revents: 0 },
            // poll(2) skips negative descriptors.
            libc::pollfd { fd: exited.map_or(-1, |fd| fd.as_raw_fd()), events: libc::POLLIN, revents: 0 },
        ];
        let timeout = if exited.is_some() { -1 } else { IDLE_AFTER_EXIT.as_millis() as libc::c_int };
        loop {
            // SAFETY: `fds` is a valid array of two pollfd for the duration of the call.
            let ready = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout) };
            if ready < 0 {
                if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Ready::Failed;
            }
            if ready == 0 {
                return Ready::Idle;
            }
            if fds[0].revents & libc::POLLNVAL != 0 {
                return Ready::Failed;
            }
            if fds[0].revents != 0 {
                return Ready::Source;
            }
            return Ready::ChildExited;
        }
    }

    /// A write to a closed pipe then fails with EPIPE instead of killing `ksm` (which restores
    /// the default SIGPIPE action): the signal is raised in the writing thread, where it stays
    /// blocked and pending.
    fn block_sigpipe() {
        // SAFETY: changes this thread's signal mask only.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGPIPE);
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::process::mask::Masker;
        use std::sync::{Arc, Mutex};
        use std::time::Instant;

        /// A sink the test can read while the pump writes to it.
        #[derive(Clone, Default)]
        struct Shared(Arc<Mutex<Vec<u8>>>);

        impl Write for Shared {
            fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }

        impl Shared {
            fn text(&self) -> String {
                String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
            }

            fn wait_for(&self, expected: &str) {
                let deadline = Instant::now() + Duration::from_secs(5);
                while self.text() != expected {
                    assert!(Instant::now() < deadline, "got {:?}, want {expected:?}", self.text());
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        }

        fn pump(secrets: &[&str]) -> (Pump<UnixStream>, Shared, ExitNotice) {
            let sink = Shared::default();
            let (notice, listener) = exit_notice().unwrap();
            let output = MaskedOutput::new(sink.clone(), Masker::new(secrets));
            (Pump::start("test", output, listener).unwrap(), sink, notice)
        }

        #[test]
        fn copies_promptly_and_masks_across_writes() {
            let (pump, sink, _notice) = pump(&["hunter2"]);
            let (mut writer, reader) = UnixStream::pair().unwrap();
            pump.copy_from(reader);
            writer.write_all(b"Password: ").unwrap();
            sink.wait_for("Password: ");
            writer.write_all(b"hun").unwrap();
            writer.write_all(b"ter2 ok").unwrap();
            sink.wait_for("Password: **** ok");
            drop(writer);
            pump.join();
            assert_eq!(sink.text(), "Password: **** ok");
        }

        #[test]
        fn writes_the_held_back_bytes_at_end_of_file() {
            let (pump, sink, _notice) = pump(&["hunter2"]);
            let (mut writer, reader) = UnixStream::pair().unwrap();
            pump.copy_from(reader);
            writer.write_all(b"hunt").unwrap();
            drop(writer);
            pump.join();
            assert_eq!(sink.text(), "hunt");
        }

        #[test]
        fn stops_when_a_background_process_keeps_the_pipe_open_after_exit() {
            let (pump, sink, notice) = pump(&[]);
            let (mut writer, reader) = UnixStream::pair().unwrap();
            pump.copy_from(reader);
            writer.write_all(b"last words").unwrap();
            drop(notice);
            let started = Instant::now();
            pump.join();
            assert!(started.elapsed() < IDLE_AFTER_EXIT * 4, "{:?}", started.elapsed());
            assert_eq!(sink.text(), "last words");
            drop(writer);
        }

        #[test]
        fn drains_what_is_left_after_exit_before_giving_up_on_an_open_pipe() {
            let (pump, sink, notice) = pump(&[]);
            let (mut writer, reader) = UnixStream::pair().unwrap();
            writer.write_all(&[b'x'; 20_000]).unwrap();
            drop(notice);
            pump.copy_from(reader);
            pump.join();
            assert_eq!(sink.text().len(), 20_000);
            drop(writer);
        }

        #[test]
        fn a_pump_that_never_got_a_pipe_ends_on_join() {
            let (pump, sink, _notice) = pump(&[]);
            pump.join();
            assert_eq!(sink.text(), "");
        }

        #[test]
        fn stops_reading_when_our_output_is_closed() {
            struct Closed;
            impl Write for Closed {
                fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                    Err(io::ErrorKind::BrokenPipe.into())
                }
                fn flush(&mut self) -> io::Result<()> {
                    Ok(())
                }
            }
            let (_notice, listener) = exit_notice().unwrap();
            let pump = Pump::start("test", MaskedOutput::new(Closed, Masker::new(&[""])), listener).unwrap();
            let (mut writer, reader) = UnixStream::pair().unwrap();
            pump.copy_from(reader);
            writer.write_all(b"x").unwrap();
            pump.join();
            assert_eq!(writer.write(b"more").map_err(|e| e.kind()), Err(io::ErrorKind::BrokenPipe));
        }
    }
}
