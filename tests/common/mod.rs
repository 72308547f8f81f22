//! Shared harness for the integration tests: a builder that runs the real `mcpcheck` binary in
//! a scrubbed environment (no CI or colour variables, no client or MCP variables, `HOME` in a
//! fresh temporary directory, stdin closed, a time limit), the path scrubbing used before
//! snapshotting output, and the location of the regression corpus.
//!
//! Each test crate uses a different part of this module, hence the `dead_code` allowance.

#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The binary under test.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_mcpcheck");

/// How long one run may take before the test fails (a hang is a bug too).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Environment variables removed from every run, besides every `MCP*` and `CLAUDE*` one.
const SCRUBBED: &[&str] = &["CI", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "COLUMNS", "XDG_CONFIG_HOME", "APPDATA"];

/// A run of `mcpcheck` to be configured and started.
#[derive(Debug)]
pub(crate) struct Mcpcheck {
    args: Vec<OsString>,
    cwd: Option<PathBuf>,
    env: Vec<(OsString, OsString)>,
    timeout: Duration,
}

/// What one run produced.
#[derive(Debug)]
pub(crate) struct Run {
    /// The exit code; `None` when a signal ended the process.
    pub(crate) code: Option<i32>,
    /// Standard output, decoded lossily.
    pub(crate) stdout: String,
    /// Standard error, decoded lossily.
    pub(crate) stderr: String,
    /// The temporary directory that was `HOME` for this run (already deleted).
    pub(crate) home: PathBuf,
}

/// Start configuring a run of `mcpcheck`.
pub(crate) fn mcpcheck() -> Mcpcheck {
    Mcpcheck { args: Vec::new(), cwd: None, env: Vec::new(), timeout: DEFAULT_TIMEOUT }
}

impl Mcpcheck {
    /// Add one argument.
    pub(crate) fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// Add several arguments.
    pub(crate) fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args.extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Run in this directory (default: a fresh empty temporary directory).
    pub(crate) fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.cwd = Some(dir.as_ref().to_owned());
        self
    }

    /// Set one environment variable after scrubbing (e.g. to test `NO_COLOR` on purpose).
    pub(crate) fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env.push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Fail the run if it takes longer than this.
    pub(crate) fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Run to completion and collect the exit code and output. Panics if the process cannot be
    /// started or outlives the timeout (it is killed first).
    pub(crate) fn run(self) -> Run {
        let home = tempfile::Builder::new().prefix("mcpcheck-home").tempdir().expect("temporary HOME");
        let scratch;
        let cwd = match &self.cwd {
            Some(dir) => dir.clone(),
            None => {
                scratch = tempfile::Builder::new().prefix("mcpcheck-cwd").tempdir().expect("temporary cwd");
                scratch.path().to_owned()
            }
        };

        let mut command = Command::new(BIN);
        command.args(&self.args).current_dir(&cwd);
        for (key, _) in std::env::vars_os() {
            if is_scrubbed(&key) {
                command.env_remove(&key);
            }
        }
        command.env("HOME", home.path());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());

        let mut child = command.spawn().unwrap_or_else(|e| panic!("cannot start {BIN}: {e}"));
        let stdout = drain(child.stdout.take().expect("piped stdout"));
        let stderr = drain(child.stderr.take().expect("piped stderr"));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for mcpcheck") {
                break status;
            }
            if started.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                panic!("mcpcheck {:?} did not finish within {:?}", self.args, self.timeout);
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        let stdout = stdout.join().expect("stdout reader");
        let stderr = stderr.join().expect("stderr reader");
        Run {
            code: status.code(),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
            home: home.path().to_owned(),
        }
    }
}

/// Whether a variable must not reach the binary: CI and colour switches, terminal width, and
/// anything an MCP client or mcpcheck itself might read, including every variable that moves
/// a client's files during discovery (`CODEX_HOME`, `GEMINI_CLI_HOME`…).
fn is_scrubbed(key: &OsStr) -> bool {
    let key = key.to_string_lossy();
    let upper = key.to_ascii_uppercase();
    SCRUBBED.contains(&key.as_ref())
        || mcpcheck::discover::matrix::env_vars().contains(&key.as_ref())
        || upper.starts_with("MCP")
        || upper.starts_with("CLAUDE")
}

/// Read a pipe to its end on a thread, so a chatty child never blocks on a full pipe.
fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

impl Run {
    /// Whether the process panicked (Rust's panic exit code or the panic message).
    pub(crate) fn panicked(&self) -> bool {
        self.code == Some(101) || self.stderr.contains("panicked")
    }

    /// Standard output with absolute paths replaced (see [`scrub_paths`]).
    pub(crate) fn stdout_scrubbed(&self, temp_dirs: &[&Path]) -> String {
        scrub_paths(&self.stdout, temp_dirs)
    }

    /// Standard error with absolute paths replaced (see [`scrub_paths`]).
    pub(crate) fn stderr_scrubbed(&self, temp_dirs: &[&Path]) -> String {
        scrub_paths(&self.stderr, temp_dirs)
    }
}

/// The repository's `fixtures/` directory.
pub(crate) fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Where the corpus is expected: `$MCPCHECK_CORPUS`, else `../shared/corpus` beside the
/// repository (CI clones `shared/` next to it).
pub(crate) fn corpus_path() -> PathBuf {
    match std::env::var_os("MCPCHECK_CORPUS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    }
}

/// The corpus directory, or `None` after printing a loud `SKIPPED` line when it is absent.
pub(crate) fn corpus_dir() -> Option<PathBuf> {
    corpus_dir_at(corpus_path())
}

/// `path` if it is a directory; else `None`, after a `SKIPPED: corpus not found …` line
/// written straight to the process's stderr, so that the test harness does not swallow it.
pub(crate) fn corpus_dir_at(path: PathBuf) -> Option<PathBuf> {
    if path.is_dir() {
        Some(path)
    } else {
        let _ = writeln!(std::io::stderr(), "SKIPPED: corpus not found at {} (set MCPCHECK_CORPUS)", path.display());
        None
    }
}

/// Replace absolute paths in `text` so that output can be snapshotted on any machine: the
/// fixtures directory becomes `@@FIXTURES@@`, the corpus directory `@@CORPUS@@`, and each of
/// `temp_dirs` (and any other `tempfile` directory under the system temporary directory)
/// `@@TMP@@`. Both the spelled and the canonical form of each directory are replaced.
pub(crate) fn scrub_paths(text: &str, temp_dirs: &[&Path]) -> String {
    let mut replacements: Vec<(String, &str)> = Vec::new();
    let mut add = |dir: &Path, marker: &'static str| {
        for form in [Some(dir.to_owned()), dir.canonicalize().ok()].into_iter().flatten() {
            let form = form.to_string_lossy().trim_end_matches('/').to_owned();
            if !form.is_empty() && !replacements.iter().any(|(f, _)| *f == form) {
                replacements.push((form, marker));
            }
        }
    };
    for dir in temp_dirs {
        add(dir, "@@TMP@@");
    }
    add(&fixtures_dir(), "@@FIXTURES@@");
    add(&corpus_path(), "@@CORPUS@@");
    // Longest first, so a directory inside another is replaced before its parent.
    replacements.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    let mut out = text.to_owned();
    for (from, to) in &replacements {
        out = out.replace(from.as_str(), to);
    }

    // Temporary directories the caller did not name (e.g. created inside a helper).
    let mut patterns = Vec::new();
    for base in [std::env::temp_dir(), std::env::temp_dir().canonicalize().unwrap_or_default()] {
        let base = base.to_string_lossy().trim_end_matches('/').to_owned();
        if !base.is_empty() && !patterns.contains(&base) {
            patterns.push(base);
        }
    }
    for base in patterns {
        let re = regex::Regex::new(&format!(r"{}/(\.tmp|mcpcheck-)[A-Za-z0-9_-]+", regex::escape(&base)))
            .expect("valid pattern");
        out = re.replace_all(&out, "@@TMP@@").into_owned();
    }
    out
}

/// Every file under `dir` (recursively) whose name ends with `.{ext}`, sorted.
pub(crate) fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A path relative to `base`, with `/` separators, for display and sorting.
pub(crate) fn relative(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Copy a fixture tree to `to`, replacing `@@PROJECT@@` in every file with `project` (the key
/// of local-scope entries in `~/.claude.json` is the project's absolute path, which a fixture
/// cannot know).
pub(crate) fn copy_tree(from: &Path, to: &Path, project: &Path) {
    copy_tree_replacing(from, to, &[("@@PROJECT@@", project.display().to_string())]);
}

/// Copy a fixture tree to `to`, replacing each `(placeholder, value)` in every file, in order
/// (`@@PROJECT@@`, `@@HOME@@`, the paths of installed servers… which a fixture cannot know).
pub(crate) fn copy_tree_replacing(from: &Path, to: &Path, replacements: &[(&str, String)]) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree_replacing(&entry.path(), &target, replacements);
        } else {
            let mut text = std::fs::read_to_string(entry.path()).unwrap();
            for (placeholder, value) in replacements {
                text = text.replace(placeholder, value);
            }
            std::fs::write(target, text).unwrap();
        }
    }
}

/// Where `scripts/probe-deps` installed the real servers and tools the tests run
/// (`MCPCHECK_PROBE_DEPS`, else `target/probe-deps`), after checking that each of `needed`
/// (paths relative to it) exists. `None`, after printing SKIPPED for `what`, when
/// `MCPCHECK_SKIP_REAL_SERVERS=1`; a panic saying what to run when something is missing.
pub(crate) fn probe_deps(what: &str, needed: &[&str]) -> Option<PathBuf> {
    if std::env::var_os("MCPCHECK_SKIP_REAL_SERVERS").is_some_and(|value| value == "1") {
        let _ = writeln!(std::io::stderr(), "SKIPPED: MCPCHECK_SKIP_REAL_SERVERS=1, {what} not run");
        return None;
    }
    let root = match std::env::var_os("MCPCHECK_PROBE_DEPS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/probe-deps"),
    };
    for path in needed.iter().map(|needed| root.join(needed)) {
        assert!(
            path.exists(),
            "{} is missing: run scripts/probe-deps to install what these tests run (or set \
             MCPCHECK_SKIP_REAL_SERVERS=1 to skip them)",
            path.display()
        );
    }
    Some(root)
}
