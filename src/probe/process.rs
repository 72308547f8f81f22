//! A server child process: spawned in its own process group, read with bounds, always reaped.
//!
//! stdout is split into lines by a reader thread (each line at most [`MAX_LINE_BYTES`], all of
//! stdout at most a total cap, [`DEFAULT_MAX_OUTPUT_BYTES`] unless told otherwise) and handed
//! over a channel, so every read takes a timeout: a server that drips a byte at a time never
//! completes a line and is stopped by the caller's deadline. stderr is drained by another thread
//! into a ring that keeps only the last [`STDERR_TAIL_BYTES`]. Shutdown follows the spec: close
//! stdin, wait, SIGTERM the whole group, wait, SIGKILL the group (PROTOCOL.md §1.1, §2.10). A
//! [`ServerProcess`] that is dropped without [`ServerProcess::shutdown`] shuts down on drop, so
//! no spawned server outlives the probe (DESIGN.md §5).

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The longest stdout line accepted, in bytes; a longer line is an error, not an allocation.
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// The most stdout bytes read from one server unless the caller says otherwise; past it the
/// reader stops (a server flooding stdout with lines costs memory and time, not just one line).
pub const DEFAULT_MAX_OUTPUT_BYTES: u64 = 64 * 1024 * 1024;

/// How much of the end of stderr is kept, in bytes.
pub const STDERR_TAIL_BYTES: usize = 64 * 1024;

/// How many stdout lines may wait in the channel before the reader thread blocks.
const LINE_QUEUE: usize = 64;

/// How often shutdown checks whether the child has exited.
const POLL_INTERVAL: Duration = Duration::from_millis(20);

/// What to run: taken from a config entry, already resolved.
#[derive(Debug, Clone, Default)]
pub struct ServerCommand {
    /// The program, looked up on `PATH` when it has no slash.
    pub program: OsString,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// Variables added to (or replacing those in) the inherited environment.
    pub env: Vec<(OsString, OsString)>,
    /// The working directory; the probe's own when `None`.
    pub cwd: Option<PathBuf>,
}

/// Why a server could not be started.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum SpawnError {
    /// The program does not exist; `searched` lists the `PATH` directories looked in (empty when
    /// the program was given as a path).
    NotFound {
        /// The program as configured.
        program: String,
        /// The `PATH` directories searched.
        searched: Vec<PathBuf>,
    },
    /// The program exists but may not be executed.
    PermissionDenied {
        /// The program as configured.
        program: String,
    },
    /// Any other failure (the message comes from the operating system).
    Other {
        /// The program as configured.
        program: String,
        /// What went wrong.
        message: String,
    },
}

impl std::fmt::Display for SpawnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound { program, searched } if searched.is_empty() => {
                write!(f, "`{program}` was not found")
            }
            Self::NotFound { program, searched } => {
                let dirs: Vec<_> = searched.iter().map(|dir| dir.display().to_string()).collect();
                write!(f, "`{program}` was not found on PATH (searched {})", dirs.join(", "))
            }
            Self::PermissionDenied { program } => {
                write!(f, "`{program}` may not be executed (permission denied)")
            }
            Self::Other { program, message } => write!(f, "`{program}` could not be started: {message}"),
        }
    }
}

impl std::error::Error for SpawnError {}

/// One event from the stdout reader thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StdoutEvent {
    /// A complete line, without its `\n` (and `\r`); invalid UTF-8 is replaced.
    Line(String),
    /// A line went past [`MAX_LINE_BYTES`]; the reader stopped.
    LineTooLong,
    /// stdout went past the total cap; the reader stopped.
    OutputTooLarge {
        /// The cap, in bytes.
        limit: u64,
    },
    /// stdout reached end of file.
    Closed,
    /// Reading stdout failed; the reader stopped.
    ReadFailed(String),
}

/// A running server. Shut it down with [`ServerProcess::shutdown`]; dropping it does the same.
#[derive(Debug)]
pub struct ServerProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Receiver<StdoutEvent>,
    stderr: Arc<Mutex<StderrRing>>,
    exit_status: Option<ExitStatus>,
    shut_down: bool,
}

impl ServerProcess {
    /// Starts `command` in a new process group with stdin and stdout piped and stderr captured,
    /// reading at most [`DEFAULT_MAX_OUTPUT_BYTES`] of stdout.
    pub fn spawn(command: &ServerCommand) -> Result<Self, SpawnError> {
        Self::spawn_with_output_limit(command, DEFAULT_MAX_OUTPUT_BYTES)
    }

    /// Like [`ServerProcess::spawn`], reading at most `max_output_bytes` of stdout in total.
    pub fn spawn_with_output_limit(command: &ServerCommand, max_output_bytes: u64) -> Result<Self, SpawnError> {
        let program = command.program.to_string_lossy().into_owned();
        if let Some(cwd) = &command.cwd
            && !cwd.is_dir()
        {
            let message = format!("the working directory {} does not exist", cwd.display());
            return Err(SpawnError::Other { program, message });
        }
        let mut process = Command::new(&command.program);
        process
            .args(&command.args)
            .envs(command.env.iter().map(|(key, value)| (key, value)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(cwd) = &command.cwd {
            process.current_dir(cwd);
        }
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut process, 0);
        let mut child = process.spawn().map_err(|error| classify_spawn_error(command, &error))?;

        let stdin = child.stdin.take();
        let (sender, stdout) = mpsc::sync_channel(LINE_QUEUE);
        if let Some(pipe) = child.stdout.take() {
            thread::spawn(move || read_lines(pipe, &sender, max_output_bytes));
        }
        let stderr = Arc::new(Mutex::new(StderrRing::default()));
        if let Some(pipe) = child.stderr.take() {
            let ring = Arc::clone(&stderr);
            thread::spawn(move || drain_stderr(pipe, &ring));
        }
        Ok(Self { child, stdin, stdout, stderr, exit_status: None, shut_down: false })
    }

    /// The process id of the server, which is also its process group id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Writes `line` and a newline to the server's stdin.
    pub fn send_line(&mut self, line: &str) -> io::Result<()> {
        let stdin = self.stdin.as_mut().ok_or_else(|| io::Error::from(io::ErrorKind::BrokenPipe))?;
        stdin.write_all(line.as_bytes())?;
        stdin.write_all(b"\n")?;
        stdin.flush()
    }

    /// The next stdout event, waiting at most `timeout`.
    pub fn recv(&self, timeout: Duration) -> Result<StdoutEvent, RecvTimeoutError> {
        self.stdout.recv_timeout(timeout)
    }

    /// The exit status, waiting at most `timeout` for the server to exit.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_exit_status() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(POLL_INTERVAL);
        }
    }

    /// The last [`STDERR_TAIL_BYTES`] of stderr, lossily decoded.
    ///
    /// This is raw server output and may hold secrets: redact it before it reaches any report.
    pub fn stderr_tail(&self) -> String {
        let ring = self.stderr.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        ring.text()
    }

    /// Stops the server and everything it started: close stdin, wait up to `grace`, SIGTERM
    /// the process group, wait up to `grace`, SIGKILL the group, reap the child.
    ///
    /// The group is signalled even when the server itself exits in time, if anything it
    /// started is still running. Calling it again does nothing.
    pub fn shutdown(&mut self, grace: Duration) -> Option<ExitStatus> {
        if self.shut_down {
            return self.exit_status;
        }
        self.shut_down = true;
        drop(self.stdin.take());
        self.wait_exit(grace);
        let group = self.child.id();
        if group_is_alive(group) {
            signal_group(group, GroupSignal::Terminate);
            wait_for_group(group, &mut self.child, grace);
        }
        let killed = group_is_alive(group);
        if killed {
            signal_group(group, GroupSignal::Kill);
        }
        if self.exit_status.is_none() {
            self.exit_status = self.child.wait().ok();
        }
        if killed {
            // SIGKILL is delivered asynchronously: give the rest of the group a moment to die,
            // so that nothing is still running when this returns.
            wait_for_group(group, &mut self.child, grace);
        }
        self.exit_status
    }

    fn try_exit_status(&mut self) -> Option<ExitStatus> {
        if self.exit_status.is_none() {
            self.exit_status = self.child.try_wait().ok().flatten();
        }
        self.exit_status
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.shutdown(DEFAULT_GRACE);
    }
}

/// The wait between shutdown steps when none is given (the TS SDK waits 2 s too).
pub const DEFAULT_GRACE: Duration = Duration::from_secs(2);

fn classify_spawn_error(command: &ServerCommand, error: &io::Error) -> SpawnError {
    let program = command.program.to_string_lossy().into_owned();
    match error.kind() {
        io::ErrorKind::NotFound => {
            let searched = if program.contains('/') { Vec::new() } else { path_dirs(command) };
            SpawnError::NotFound { program, searched }
        }
        io::ErrorKind::PermissionDenied => SpawnError::PermissionDenied { program },
        _ => SpawnError::Other { program, message: error.to_string() },
    }
}

/// The `PATH` the child was started with: the command's own if it sets one, else ours; each
/// directory once.
fn path_dirs(command: &ServerCommand) -> Vec<PathBuf> {
    let path = command
        .env
        .iter()
        .rev()
        .find(|(key, _)| key == "PATH")
        .map(|(_, value)| value.clone())
        .or_else(|| std::env::var_os("PATH"))
        .unwrap_or_default();
    // Each directory once, in search order (shell profiles often add one twice).
    let mut seen = std::collections::HashSet::new();
    std::env::split_paths(&path).filter(|dir| !dir.as_os_str().is_empty() && seen.insert(dir.clone())).collect()
}

/// Splits `pipe` into lines of at most [`MAX_LINE_BYTES`] and sends them until EOF, an error,
/// or `max_total` bytes read.
fn read_lines(pipe: impl Read, sender: &SyncSender<StdoutEvent>, max_total: u64) {
    let mut reader = BufReader::new(pipe);
    let mut line = Vec::new();
    let mut total: u64 = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok([]) => {
                if !line.is_empty() {
                    let _ = sender.send(StdoutEvent::Line(finish_line(&line)));
                }
                let _ = sender.send(StdoutEvent::Closed);
                return;
            }
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => {
                let _ = sender.send(StdoutEvent::ReadFailed(error.to_string()));
                return;
            }
        };
        let (chunk, complete) = match available.iter().position(|&byte| byte == b'\n') {
            Some(end) => (&available[..end], true),
            None => (available, false),
        };
        if line.len() + chunk.len() > MAX_LINE_BYTES {
            let _ = sender.send(StdoutEvent::LineTooLong);
            return;
        }
        let consumed = chunk.len() + usize::from(complete);
        total = total.saturating_add(u64::try_from(consumed).unwrap_or(u64::MAX));
        if total > max_total {
            let _ = sender.send(StdoutEvent::OutputTooLarge { limit: max_total });
            return;
        }
        line.extend_from_slice(chunk);
        reader.consume(consumed);
        if complete {
            if sender.send(StdoutEvent::Line(finish_line(&line))).is_err() {
                return;
            }
            line.clear();
        }
    }
}

fn finish_line(bytes: &[u8]) -> String {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

/// The last [`STDERR_TAIL_BYTES`] bytes written to stderr.
#[derive(Debug, Default)]
struct StderrRing {
    bytes: VecDeque<u8>,
}

impl StderrRing {
    fn push(&mut self, chunk: &[u8]) {
        let chunk = &chunk[chunk.len().saturating_sub(STDERR_TAIL_BYTES)..];
        let overflow = (self.bytes.len() + chunk.len()).saturating_sub(STDERR_TAIL_BYTES);
        self.bytes.drain(..overflow);
        self.bytes.extend(chunk);
    }

    fn text(&self) -> String {
        let (front, back) = self.bytes.as_slices();
        String::from_utf8_lossy(&[front, back].concat()).into_owned()
    }
}

fn drain_stderr(mut pipe: impl Read, ring: &Mutex<StderrRing>) {
    let mut buffer = [0_u8; 8192];
    loop {
        match pipe.read(&mut buffer) {
            Ok(0) => return,
            Ok(read) => {
                ring.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(&buffer[..read]);
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// Waits up to `grace` for every process of the group to be gone, reaping the leader.
fn wait_for_group(group: u32, leader: &mut Child, grace: Duration) {
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        let _ = leader.try_wait();
        if !group_is_alive(group) {
            return;
        }
        thread::sleep(POLL_INTERVAL);
    }
}

#[derive(Debug, Clone, Copy)]
enum GroupSignal {
    Terminate,
    Kill,
}

#[cfg(unix)]
fn to_pid(group: u32) -> Option<rustix::process::Pid> {
    i32::try_from(group).ok().and_then(rustix::process::Pid::from_raw)
}

/// Whether any process (zombies included) of the group still exists.
#[cfg(unix)]
fn group_is_alive(group: u32) -> bool {
    to_pid(group).is_some_and(|pid| rustix::process::test_kill_process_group(pid).is_ok())
}

#[cfg(unix)]
fn signal_group(group: u32, signal: GroupSignal) {
    use rustix::process::{Signal, kill_process_group};
    let signal = match signal {
        GroupSignal::Terminate => Signal::TERM,
        GroupSignal::Kill => Signal::KILL,
    };
    if let Some(pid) = to_pid(group) {
        // ESRCH (the group is already gone) is the outcome we want anyway.
        let _ = kill_process_group(pid, signal);
    }
}

// Without process groups (Windows) only the direct child can be stopped; a Job Object would be
// needed to reach its descendants (PROTOCOL.md §1.4).
#[cfg(not(unix))]
fn group_is_alive(_group: u32) -> bool {
    true
}

#[cfg(not(unix))]
fn signal_group(_group: u32, _signal: GroupSignal) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stderr_ring_keeps_the_tail() {
        let mut ring = StderrRing::default();
        ring.push(&vec![b'a'; STDERR_TAIL_BYTES]);
        ring.push(b"end");
        let text = ring.text();
        assert_eq!(text.len(), STDERR_TAIL_BYTES);
        assert!(text.ends_with("aend"));
        ring.push(&vec![b'b'; STDERR_TAIL_BYTES * 2]);
        assert_eq!(ring.text(), "b".repeat(STDERR_TAIL_BYTES));
    }

    fn lines_of(input: &[u8]) -> Vec<StdoutEvent> {
        let (sender, receiver) = mpsc::sync_channel(16);
        read_lines(input, &sender, DEFAULT_MAX_OUTPUT_BYTES);
        drop(sender);
        receiver.iter().collect()
    }

    #[test]
    fn splits_lines_and_strips_carriage_returns() {
        let events = lines_of(b"one\r\ntwo\nthree");
        let expected = ["one", "two", "three"].map(|line| StdoutEvent::Line(line.into()));
        assert_eq!(events[..3], expected);
        assert_eq!(events[3], StdoutEvent::Closed);
    }

    #[test]
    fn an_overlong_line_stops_the_reader() {
        let mut input = vec![b'x'; MAX_LINE_BYTES + 1];
        input.push(b'\n');
        assert_eq!(lines_of(&input), vec![StdoutEvent::LineTooLong]);
    }

    #[test]
    fn many_short_lines_stop_at_the_total_cap() {
        let (sender, receiver) = mpsc::sync_channel(1024);
        read_lines("line\n".repeat(100).as_bytes(), &sender, 50);
        drop(sender);
        let events: Vec<_> = receiver.iter().collect();
        assert_eq!(events.len(), 11, "{events:?}");
        assert_eq!(events[..10], vec![StdoutEvent::Line("line".into()); 10][..]);
        assert_eq!(events[10], StdoutEvent::OutputTooLarge { limit: 50 });
    }

    #[test]
    fn missing_program_lists_the_path_searched_once_each() {
        let command = ServerCommand {
            program: "mcpcheck-no-such-program".into(),
            env: vec![("PATH".into(), "/nonexistent-a:/nonexistent-b:/nonexistent-a".into())],
            ..ServerCommand::default()
        };
        let error = ServerProcess::spawn(&command).unwrap_err();
        let searched = vec![PathBuf::from("/nonexistent-a"), PathBuf::from("/nonexistent-b")];
        let program = "mcpcheck-no-such-program".to_owned();
        assert_eq!(error, SpawnError::NotFound { program, searched });
    }

    #[cfg(unix)]
    #[test]
    fn non_executable_program_is_permission_denied() {
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("server");
        std::fs::write(&program, "#!/bin/sh\n").unwrap();
        let command = ServerCommand { program: program.clone().into(), ..ServerCommand::default() };
        let error = ServerProcess::spawn(&command).unwrap_err();
        let program = program.to_string_lossy().into_owned();
        assert_eq!(error, SpawnError::PermissionDenied { program });
    }
}
