//! Runtime versions: `<runtime> --version` for a short list of known runtimes only (never the
//! server itself), with a time limit and bounded output; `docker info` to learn whether the
//! Docker daemon answers; and the minimum Node.js version an installed package declares in its
//! `package.json` (`engines.node`), read offline.

use std::ffi::OsString;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::probe::process::{ServerCommand, ServerProcess, StdoutEvent};

/// How long a `--version` or `docker info` may take.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// The most output read from one of them.
const MAX_OUTPUT: u64 = 64 * 1024;

/// The runtime whose version explains a command, by program name: the program itself for a
/// runtime, the runtime behind a launcher (`npx` runs on `node`).
pub fn runtime_of(program: &str) -> Option<&'static str> {
    Some(match program {
        "node" | "npx" | "npm" => "node",
        "uvx" => "uvx",
        "uv" => "uv",
        "python" => "python",
        "python3" => "python3",
        "docker" => "docker",
        "deno" => "deno",
        "bun" | "bunx" => "bun",
        _ => return None,
    })
}

/// What running a short command gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    /// The exit code, when it exited in time.
    pub code: Option<i32>,
    /// The first non-blank line of stdout, else of stderr, cleaned and shortened.
    pub first_line: String,
    /// It did not finish within the time limit and was killed.
    pub timed_out: bool,
}

/// Run `program args` with `path` as its `PATH` (when given), in its own process group, for at
/// most `timeout`; everything it started is killed afterwards.
pub fn run(program: &Path, args: &[&str], path: Option<&OsString>, timeout: Duration) -> Result<Ran, String> {
    let command = ServerCommand {
        program: program.as_os_str().to_owned(),
        args: args.iter().map(OsString::from).collect(),
        env: path.map(|path| vec![(OsString::from("PATH"), path.clone())]).unwrap_or_default(),
        cwd: None,
    };
    let mut process = ServerProcess::spawn_with_output_limit(&command, MAX_OUTPUT).map_err(|e| e.to_string())?;
    let deadline = Instant::now() + timeout;
    let mut first_line = String::new();
    let mut timed_out = false;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match process.recv(left) {
            Ok(StdoutEvent::Line(line)) => {
                if first_line.is_empty() && !line.trim().is_empty() {
                    first_line = clean_line(&line);
                }
            }
            Ok(_) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                timed_out = true;
                break;
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let status = if timed_out { None } else { process.wait_exit(deadline.saturating_duration_since(Instant::now())) };
    let timed_out = timed_out || status.is_none();
    // stderr is drained by a thread that may still be reading what was written before exit.
    let settle = Instant::now() + Duration::from_millis(200);
    while first_line.is_empty() && !timed_out {
        first_line = process.stderr_tail().lines().find(|l| !l.trim().is_empty()).map(clean_line).unwrap_or_default();
        if Instant::now() >= settle {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    process.shutdown(Duration::from_millis(200));
    Ok(Ran { code: status.and_then(|s| s.code()), first_line, timed_out })
}

/// One line of a program's output, safe to show: control characters dropped, at most 120
/// characters.
fn clean_line(line: &str) -> String {
    let text: String = line.chars().filter(|c| !c.is_control()).collect();
    crate::finding::shorten(text.trim(), 120)
}

/// The version in a `--version` line: the first word that starts with a digit (or `v` and a
/// digit), without trailing punctuation — `v20.20.2`, `3.12.3` from `Python 3.12.3`, `27.1.1`
/// from `Docker version 27.1.1, build 6312585`.
pub fn version_in(line: &str) -> Option<String> {
    line.split_whitespace()
        .map(|word| word.trim_end_matches([',', ';', ')']))
        .find(|word| {
            let digits = word.strip_prefix('v').unwrap_or(word);
            digits.starts_with(|c: char| c.is_ascii_digit())
        })
        .map(str::to_owned)
}

/// `major.minor.patch` of a version string (`v20.1` is 20.1.0); `None` when it does not start
/// with a number.
pub fn parse_version(text: &str) -> Option<(u64, u64, u64)> {
    let text = text.trim().trim_start_matches(['v', '=']);
    let mut parts = text.split(['.', '-', '+']).map(|part| part.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().flatten().unwrap_or(0);
    let patch = parts.next().flatten().unwrap_or(0);
    Some((major, minor, patch))
}

/// Whether `version` meets the npm range `requirement`, for the forms packages use in
/// `engines.node`: alternatives with `||`, each made of `>=x`, `>x`, `<x`, `<=x`, `^x`, `x`
/// (and `x.x`/`x.*` wildcards as `>=`). `None` when the range uses anything else.
pub fn satisfies(version: &str, requirement: &str) -> Option<bool> {
    let have = parse_version(version)?;
    let mut any = false;
    for alternative in requirement.split("||") {
        let mut all = true;
        let mut saw = false;
        for comparator in alternative.split_whitespace() {
            saw = true;
            let ok = if let Some(v) = comparator.strip_prefix(">=") {
                have >= parse_version(v)?
            } else if let Some(v) = comparator.strip_prefix("<=") {
                have <= parse_version(v)?
            } else if let Some(v) = comparator.strip_prefix('>') {
                have > parse_version(v)?
            } else if let Some(v) = comparator.strip_prefix('<') {
                have < parse_version(v)?
            } else if let Some(v) = comparator.strip_prefix('^') {
                let low = parse_version(v)?;
                have >= low && have.0 == low.0
            } else if comparator.starts_with(|c: char| c.is_ascii_digit()) && !comparator.contains(['~', '-']) {
                have >= parse_version(&comparator.replace(['x', '*'], "0"))?
            } else {
                return None;
            };
            all &= ok;
        }
        any |= saw && all;
    }
    Some(any)
}

/// The `engines.node` range of the package `spec` (`@scope/name@1.2`, `name`) when it is
/// installed in `base/node_modules`, with the `package.json` it is read from.
pub fn engines_node(base: &Path, spec: &str) -> Option<(String, std::path::PathBuf)> {
    let name = package_name(spec)?;
    let file = base.join("node_modules").join(name).join("package.json");
    let meta = std::fs::metadata(&file).ok()?;
    if !meta.is_file() || meta.len() > 1024 * 1024 {
        return None;
    }
    let text = std::fs::read_to_string(&file).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let range = json.get("engines")?.get("node")?.as_str()?.trim();
    (!range.is_empty() && range.len() <= 100).then(|| (range.to_owned(), file))
}

/// The package name of an npm spec: `@scope/name@1` → `@scope/name`, `name@latest` → `name`.
/// `None` for anything that is not a registry package (paths, URLs, git specs).
pub fn package_name(spec: &str) -> Option<&str> {
    if spec.starts_with(['.', '/', '~']) || spec.contains(':') {
        return None;
    }
    let (scope, rest) = match spec.strip_prefix('@') {
        Some(rest) => {
            let (scope, rest) = rest.split_once('/')?;
            (Some(scope), rest)
        }
        None => (None, spec),
    };
    let name_len = rest.find('@').unwrap_or(rest.len());
    let valid = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c));
    if !valid(&rest[..name_len]) || scope.is_some_and(|s| !valid(s)) {
        return None;
    }
    let end = scope.map_or(0, |s| s.len() + 2) + name_len;
    Some(&spec[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_version_lines() {
        assert_eq!(version_in("v20.20.2").as_deref(), Some("v20.20.2"));
        assert_eq!(version_in("Python 3.12.3").as_deref(), Some("3.12.3"));
        assert_eq!(version_in("Docker version 27.1.1, build 6312585").as_deref(), Some("27.1.1"));
        assert_eq!(version_in("uv 0.5.1 (Homebrew)").as_deref(), Some("0.5.1"));
        assert_eq!(version_in("no digits"), None);
        assert_eq!(parse_version("v20.1"), Some((20, 1, 0)));
    }

    #[test]
    fn engine_ranges() {
        assert_eq!(satisfies("v18.19.0", ">=20"), Some(false));
        assert_eq!(satisfies("v20.20.2", ">=18.0.0"), Some(true));
        assert_eq!(satisfies("v19.0.0", "^18.17.0 || >=20.3.0"), Some(false));
        assert_eq!(satisfies("v18.18.0", "^18.17.0 || >=20.3.0"), Some(true));
        assert_eq!(satisfies("v22.0.0", ">=18 <21"), Some(false));
        assert_eq!(satisfies("v22.0.0", "~18"), None);
        assert_eq!(satisfies("v22.0.0", "18.x"), Some(true));
    }

    #[test]
    fn package_names_and_installed_engines() {
        assert_eq!(
            package_name("@modelcontextprotocol/server-filesystem@1.2"),
            Some("@modelcontextprotocol/server-filesystem")
        );
        assert_eq!(package_name("mcp-server@latest"), Some("mcp-server"));
        assert_eq!(package_name("./local"), None);
        assert_eq!(package_name("github:me/x"), None);
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("node_modules/@s/pkg");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("package.json"), r#"{"name": "@s/pkg", "engines": {"node": ">=22"}}"#).unwrap();
        let (range, file) = engines_node(tmp.path(), "@s/pkg@1").unwrap();
        assert_eq!((range.as_str(), file), (">=22", dir.join("package.json")));
        assert_eq!(engines_node(tmp.path(), "other"), None);
    }

    #[cfg(unix)]
    #[test]
    fn runs_with_a_time_limit() {
        let ran = run(Path::new("/bin/sh"), &["-c", "echo 'v1.2.3'; exit 3"], None, TIMEOUT).unwrap();
        assert_eq!(ran, Ran { code: Some(3), first_line: "v1.2.3".to_owned(), timed_out: false });
        let started = Instant::now();
        let ran = run(Path::new("/bin/sh"), &["-c", "sleep 30"], None, Duration::from_millis(300)).unwrap();
        assert!(ran.timed_out && ran.code.is_none(), "{ran:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
        let ran = run(Path::new("/bin/sh"), &["-c", "echo 'Python 2.7' >&2"], None, TIMEOUT).unwrap();
        assert_eq!(ran.first_line, "Python 2.7", "stderr when stdout is empty");
    }
}
