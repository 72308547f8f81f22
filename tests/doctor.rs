//! `mcpcheck doctor` end to end, on fake machines: a home directory, a project and a system root
//! copied from `fixtures/doctor/machine/` to a temporary directory, with the real reference
//! servers `scripts/probe-deps` installs into `target/probe-deps/` (server-everything run by
//! `node`, `mcp-server-time` from the venv), and one of each problem doctor must explain:
//!
//! | what | where (client, scope) | server |
//! |---|---|---|
//! | real servers | Claude Code project and local, VS Code project, Gemini CLI user | `everything`, `notes`, `clock`, `time`, `search` |
//! | a command not on `PATH` | Codex user `~/.codex/config.toml` | `broken` |
//! | a variable referenced but unset | Gemini CLI user `~/.gemini/settings.json` | `search` (`DOCTOR_MISSING_KEY`) |
//! | a URL nothing listens on (a closed localhost port) | Cursor user `~/.cursor/mcp.json` | `remote-down` |
//! | an entry shadowed by another scope | Claude Code user `~/.claude.json`, shadowed by `.mcp.json` | `notes` |
//! | a server a managed deny list blocks | Claude Code `.mcp.json`, denied in `/etc/claude-code/managed-settings.json` | `blocked` |
//! | a server that prints its secret and exits | VS Code project | `leaky` |
//!
//! Secrets are planted in the environment (`DOCTOR_TOKEN`, passed to two servers' `env`) and in a
//! header (`DOCTOR_HEADER_TOKEN` in `remote-down`'s `Authorization`); no output may show them.
//! `PATH` is a temporary directory holding only `node` and `python3` (links to the real
//! interpreters), so that "searched …" lists are the same on every machine, and `COLUMNS=1000`
//! keeps human output from wrapping (a wrapped path cannot be scrubbed, and where lines wrap
//! depends on the length of this machine's paths).
//!
//! Snapshots are taken after post-processing (not insta filters), by [`Machine::scrub`] and
//! [`Machine::scrub_json`]: the temporary directories become `@@HOME@@`, `@@PROJECT@@`,
//! `@@SYSTEM@@`, `@@TRAP@@`, `@@BIN@@`, the installed servers' directory `@@DEPS@@`, the closed
//! port `@@PORT@@`; this machine's Node.js and Python versions (asked from the interpreters)
//! `<node-version>` and `<python-version>`; durations (`1.3s`, `250ms`) `<time>` and every
//! `*_ms` number in JSON 0; and in JSON each probed server's `tools` (the pinned servers' own
//! definitions, long and not doctor's behaviour) is shortened to the tools' names.
//!
//! When the real servers are missing the tests fail and say to run `scripts/probe-deps`;
//! `MCPCHECK_SKIP_REAL_SERVERS=1` makes the tests that need them print SKIPPED instead.
#![cfg(target_os = "linux")]

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{Run, mcpcheck};
use serde_json::Value;

/// Planted in the environment; reaches `everything` and `leaky` through their `env`.
const TOKEN: &str = "PLANTEDDOCTORTOKEN4242";
/// Planted in the environment; reaches `remote-down`'s `Authorization` header.
const HEADER_TOKEN: &str = "PLANTEDHEADERTOKEN9191";
/// The fake user: `USER`, `LOGNAME` and the last component of the fake home directory.
const USER: &str = "doctorbob";

/// Where `scripts/probe-deps` installed the real servers.
struct Deps {
    root: PathBuf,
}

impl Deps {
    fn everything_js(&self) -> PathBuf {
        self.root.join("npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js")
    }

    fn venv(&self) -> PathBuf {
        self.root.join("venv")
    }
}

/// The installed servers, or `None` (after printing SKIPPED) when
/// `MCPCHECK_SKIP_REAL_SERVERS=1`. Panics, saying what to run, when they are missing.
fn deps() -> Option<Deps> {
    let needed = ["npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js", "venv/bin/mcp-server-time"];
    common::probe_deps("doctor on real servers", &needed).map(|root| Deps { root })
}

/// What an interpreter prints for `args`, trimmed.
fn ask(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(out.status.success(), "{program} {args:?} failed");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A fake machine in a temporary directory.
struct Machine {
    _root: tempfile::TempDir,
    home: PathBuf,
    project: PathBuf,
    system: PathBuf,
    trap: PathBuf,
    bin: PathBuf,
    deps_root: PathBuf,
    port: u16,
    /// `(exact text, placeholder)` for this machine's interpreter versions.
    versions: Vec<(String, &'static str)>,
}

/// How to lay out a fake machine.
#[derive(Clone, Copy)]
enum Layout {
    /// Home and project side by side.
    Apart,
    /// The project under the home directory (`~/code/project`), as on most machines.
    ProjectInHome,
}

impl Machine {
    /// Copy `fixtures/doctor/<name>/{home,project,system}` (each optional) into a new temporary
    /// machine, placeholders replaced.
    fn new(name: &str, deps: Option<&Deps>, layout: Layout) -> Machine {
        let root = tempfile::Builder::new().prefix("mcpcheck-doctor").tempdir().unwrap();
        let home = root.path().join("home").join(USER);
        let project = match layout {
            Layout::Apart => root.path().join("work/project"),
            Layout::ProjectInHome => home.join("code/project"),
        };
        let system = root.path().join("system");
        let trap = root.path().join("trap");
        let bin = root.path().join("bin");
        for dir in [&home, &project, &system, &trap, &bin] {
            std::fs::create_dir_all(dir).unwrap();
        }
        // PATH holds only the two interpreters, linked to their real files (not shims).
        let node = ask("node", &["-p", "process.execPath"]);
        let python = ask("python3", &["-c", "import sys; print(sys.executable)"]);
        std::os::unix::fs::symlink(&node, bin.join("node")).unwrap();
        std::os::unix::fs::symlink(&python, bin.join("python3")).unwrap();
        let node_version = ask(&node, &["--version"]).trim_start_matches('v').to_owned();
        let python_version = ask(&python, &["--version"]).trim_start_matches("Python ").to_owned();

        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);

        let deps_root = deps.map(|d| d.root.clone()).unwrap_or_else(|| PathBuf::from("/nonexistent-probe-deps"));
        let replacements = [
            ("@@PROJECT@@", project.display().to_string()),
            ("@@HOME@@", home.display().to_string()),
            ("@@TRAP@@", trap.display().to_string()),
            ("@@CLOSED_PORT@@", port.to_string()),
            ("@@EVERYTHING_JS@@", deps.map(|d| d.everything_js().display().to_string()).unwrap_or_default()),
            ("@@VENV@@", deps.map(|d| d.venv().display().to_string()).unwrap_or_default()),
        ];
        let fixture = common::fixtures_dir().join("doctor").join(name);
        for (part, to) in [("home", &home), ("project", &project), ("system", &system)] {
            if fixture.join(part).is_dir() {
                common::copy_tree_replacing(&fixture.join(part), to, &replacements);
            }
        }
        Machine {
            _root: root,
            home,
            project,
            system,
            trap,
            bin,
            deps_root,
            port,
            versions: vec![(node_version, "<node-version>"), (python_version, "<python-version>")],
        }
    }

    /// Run `mcpcheck doctor` on this machine: `--home`, `--project`, `--system-root` given, the
    /// fake user, `PATH` and `COLUMNS` set, the secrets planted, then `args`.
    fn doctor(&self, args: &[&str]) -> Run {
        self.mcpcheck("doctor", args)
    }

    /// Run `mcpcheck SUBCOMMAND` on this machine, as [`Self::doctor`] does.
    fn mcpcheck(&self, subcommand: &str, args: &[&str]) -> Run {
        mcpcheck()
            .current_dir(&self.project)
            .env("HOME", &self.home)
            .env("USER", USER)
            .env("LOGNAME", USER)
            .env("PATH", &self.bin)
            // No wrapping: a wrapped path could not be scrubbed, and where lines wrap depends on
            // the length of this machine's paths.
            .env("COLUMNS", "1000")
            .env("DOCTOR_TOKEN", TOKEN)
            .env("DOCTOR_HEADER_TOKEN", HEADER_TOKEN)
            .arg(subcommand)
            .arg("--home")
            .arg(&self.home)
            .arg("--project")
            .arg(&self.project)
            .arg("--system-root")
            .arg(&self.system)
            .args(args)
            .run()
    }

    /// `text` with this machine's paths, port, interpreter versions and durations replaced.
    fn scrub(&self, text: &str) -> String {
        let mut pairs: Vec<(String, &str)> = Vec::new();
        for (dir, marker) in [
            (&self.home, "@@HOME@@"),
            (&self.project, "@@PROJECT@@"),
            (&self.system, "@@SYSTEM@@"),
            (&self.trap, "@@TRAP@@"),
            (&self.bin, "@@BIN@@"),
            (&self.deps_root, "@@DEPS@@"),
        ] {
            for form in [Some(dir.clone()), dir.canonicalize().ok()].into_iter().flatten() {
                let form = form.display().to_string();
                // Also as a JSON Pointer token (`/` escaped as `~1`): the key of a local-scope
                // entry in `~/.claude.json` is the project's path.
                let token = form.replace('~', "~0").replace('/', "~1");
                for (form, marker) in [(form, marker), (token, pointer_marker(marker))] {
                    if !pairs.iter().any(|(f, _)| *f == form) {
                        pairs.push((form, marker));
                    }
                }
            }
        }
        pairs.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let mut out = text.to_owned();
        for (from, to) in &pairs {
            out = out.replace(from.as_str(), to);
        }
        out = out.replace(&format!("127.0.0.1:{}", self.port), "127.0.0.1:@@PORT@@");
        // The closed port also stands alone: `nc -vz 127.0.0.1 <port>` in help, `"port": <port>`.
        let port = regex::Regex::new(&format!(r"\b{}\b", self.port)).expect("a number is a valid regex");
        out = port.replace_all(&out, "@@PORT@@").into_owned();
        for (version, marker) in &self.versions {
            out = out.replace(version.as_str(), marker);
        }
        out = common::scrub_paths(&out, &[]);
        scrub_durations(&out)
    }

    /// The JSON report, scrubbed like [`Self::scrub`] string by string, every `*_ms` and
    /// `offset` number 0,
    /// the closed port's number `"@@PORT@@"`,
    /// and each `tools` array of a probe outcome shortened to the tools' names.
    fn scrub_json(&self, doc: &Value) -> String {
        let mut doc = doc.clone();
        self.scrub_value(&mut doc);
        if let Some(probes) = doc.get_mut("probes").and_then(Value::as_array_mut) {
            for probe in probes {
                if let Some(tools) = probe.pointer_mut("/outcome/tools") {
                    *tools = Value::Array(tool_names_of(tools).into_iter().map(Value::String).collect());
                }
            }
        }
        serde_json::to_string_pretty(&doc).unwrap()
    }

    fn scrub_value(&self, value: &mut Value) {
        match value {
            Value::String(text) => *text = self.scrub(text),
            Value::Array(items) => items.iter_mut().for_each(|item| self.scrub_value(item)),
            Value::Object(map) => {
                for (key, item) in map.iter_mut() {
                    if (key.ends_with("_ms") || key == "offset") && item.is_number() {
                        // Durations vary, and byte offsets depend on the length of the paths
                        // substituted into the fixture files (the checkout's location).
                        *item = Value::from(0);
                    } else if key == "port" && item.as_u64() == Some(u64::from(self.port)) {
                        // The closed port, chosen at random: `machine[].facts.remote.port`.
                        *item = Value::String("@@PORT@@".to_owned());
                    } else {
                        self.scrub_value(item);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The marker of a directory inside a JSON Pointer token (`~1` for `/`).
fn pointer_marker(marker: &'static str) -> &'static str {
    match marker {
        "@@HOME@@" => "~1@@HOME@@",
        "@@PROJECT@@" => "~1@@PROJECT@@",
        "@@SYSTEM@@" => "~1@@SYSTEM@@",
        "@@TRAP@@" => "~1@@TRAP@@",
        "@@BIN@@" => "~1@@BIN@@",
        _ => "~1@@DEPS@@",
    }
}

/// Durations as the probe prints them (`1.3s`, `0.0s`, `250ms`) become `<time>`; the status
/// table's right-aligned `time` column is re-aligned to one space, so that a probe taking ten
/// seconds or more on a slow machine does not move the header.
fn scrub_durations(text: &str) -> String {
    let column = regex::Regex::new(r"(?m) +(\d+(\.\d+)?m?s|time)$").unwrap();
    let text = column.replace_all(
        text,
        |caps: &regex::Captures<'_>| {
            if &caps[1] == "time" { " time".to_owned() } else { " <time>".to_owned() }
        },
    );
    let inline = regex::Regex::new(r"\b\d+\.\d+s\b|\b\d+ms\b").unwrap();
    inline.replace_all(&text, "<time>").into_owned()
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

/// The names of a tools array as the server sent it.
fn tool_names_of(tools: &Value) -> Vec<String> {
    tools
        .as_array()
        .map(|tools| tools.iter().filter_map(|t| t["name"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// The `probes` record of `server` (by name, of `client` when given).
fn probe_of<'a>(doc: &'a Value, server: &str) -> &'a Value {
    doc["probes"]
        .as_array()
        .expect("`probes` is an array")
        .iter()
        .find(|p| p["server"] == server)
        .unwrap_or_else(|| panic!("no probe record for `{server}`:\n{:#}", doc["probes"]))
}

/// The `machine` record of `server`.
fn machine_of<'a>(doc: &'a Value, server: &str) -> &'a Value {
    doc["machine"]
        .as_array()
        .expect("`machine` is an array")
        .iter()
        .find(|m| m["server"] == server)
        .unwrap_or_else(|| panic!("no machine record for `{server}`:\n{:#}", doc["machine"]))
}

/// The findings of `rule` (every rule when `None`) whose message or help mentions `text`.
fn findings_mentioning<'a>(doc: &'a Value, rule: Option<&str>, text: &str) -> Vec<&'a Value> {
    doc["findings"]
        .as_array()
        .expect("`findings` is an array")
        .iter()
        .filter(|f| rule.is_none_or(|rule| f["rule"] == rule))
        .filter(|f| {
            f["message"].as_str().unwrap_or_default().contains(text)
                || f["help"].as_str().unwrap_or_default().contains(text)
        })
        .collect()
}

/// The clients of the `config` view, whether `config` is the `mcpcheck config` document
/// (`{"clients": [...]}`) or its `clients` array itself.
fn config_clients(doc: &Value) -> &Vec<Value> {
    let config = &doc["config"];
    config["clients"]
        .as_array()
        .or_else(|| config.as_array())
        .unwrap_or_else(|| panic!("`config` holds no clients: {config:#}"))
}

/// No planted secret anywhere in what a run printed.
fn assert_no_secrets(run: &Run, what: &str) {
    for secret in [TOKEN, HEADER_TOKEN] {
        assert!(!run.stdout.contains(secret), "{what}: stdout shows a planted secret:\n{}", run.stdout);
        assert!(!run.stderr.contains(secret), "{what}: stderr shows a planted secret:\n{}", run.stderr);
    }
}

/// The human report on the fake machine: snapshot, plus the facts that matter asserted
/// directly. Exit 1: the machine has errors.
#[test]
fn human_report_on_a_fake_machine() {
    let Some(deps) = deps() else { return };
    let machine = Machine::new("machine", Some(&deps), Layout::Apart);
    let run = machine.doctor(&["--yes", "--timeout", "60s", "--no-color"]);
    assert!(!run.panicked(), "{}", run.stderr);
    assert_no_secrets(&run, "doctor (human)");
    let out = machine.scrub(&run.stdout);
    let err = machine.scrub(&run.stderr);
    insta::assert_snapshot!("human_stdout", out);
    insta::assert_snapshot!("human_stderr", err);
    assert_eq!(run.code, Some(1), "errors on this machine make exit 1:\n{out}\n{err}");

    // Clients and files found.
    for client in ["Claude Code", "Cursor", "VS Code", "Gemini CLI", "Codex"] {
        assert!(out.contains(client), "client {client} not reported:\n{out}");
    }
    for file in [".mcp.json", ".vscode/mcp.json", "@@HOME@@/.claude.json", "@@HOME@@/.cursor/mcp.json"] {
        assert!(out.contains(file), "file {file} not reported:\n{out}");
    }
    for file in ["@@HOME@@/.gemini/settings.json", "@@HOME@@/.codex/config.toml"] {
        assert!(out.contains(file), "file {file} not reported:\n{out}");
    }
    assert!(out.contains("@@SYSTEM@@/etc/claude-code/managed-settings.json"), "managed settings not reported:\n{out}");

    // The status table: the real servers connected, the broken ones failed.
    for server in ["everything", "notes", "clock", "time", "search"] {
        let row = out
            .lines()
            .find(|l| l.contains(&format!(" {server} ")) && (l.contains("connected") || l.contains("failed")))
            .unwrap_or_else(|| panic!("no status row for {server}:\n{out}"));
        assert!(row.contains("connected"), "{server} should connect: {row}");
    }
    for server in ["broken", "remote-down", "leaky"] {
        let row = out
            .lines()
            .find(|l| l.contains(&format!(" {server} ")) && (l.contains("connected") || l.contains("failed")))
            .unwrap_or_else(|| panic!("no status row for {server}:\n{out}"));
        assert!(row.contains("failed"), "{server} should fail: {row}");
    }

    // Each problem, with its next step.
    assert!(out.contains("mcpcheck-doctor-no-such-command"), "{out}");
    assert!(out.contains("DOCTOR_MISSING_KEY"), "the missing variable is not named:\n{out}");
    assert!(out.contains("TCP"), "the failing network layer (TCP connect) is not named:\n{out}");
    assert!(out.contains("shadowed"), "the shadowed entry is not reported:\n{out}");
    assert!(out.contains("deniedMcpServers"), "the deny list is not reported:\n{out}");
    assert!(out.contains("help:"), "findings come with help:\n{out}");
}

/// The JSON report on the fake machine: snapshot, plus the facts that matter asserted on the
/// document (`findings`, `machine`, `probes`, `config`).
#[test]
fn json_report_on_a_fake_machine() {
    let Some(deps) = deps() else { return };
    let machine = Machine::new("machine", Some(&deps), Layout::Apart);
    let run = machine.doctor(&["--yes", "--timeout", "60s", "--format", "json"]);
    assert!(!run.panicked(), "{}", run.stderr);
    assert_no_secrets(&run, "doctor --format json");
    let doc = json(&run.stdout);
    insta::assert_snapshot!("json_stdout", machine.scrub_json(&doc));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["failed"], true);

    // The real servers connected, with the tools they offer.
    for (server, tool) in
        [("everything", "echo"), ("search", "echo"), ("notes", "get_current_time"), ("clock", "get_current_time")]
    {
        let probe = probe_of(&doc, server);
        assert_eq!(probe["status"], "connected", "{server}: {probe:#}");
        let tools = tool_names_of(&probe["outcome"]["tools"]);
        assert!(tools.iter().any(|t| t == tool), "{server} offers {tool}: {tools:?}");
    }
    assert_eq!(probe_of(&doc, "time")["status"], "connected");

    // The broken command: failed to spawn, a finding in the Codex file with a next step.
    let broken = probe_of(&doc, "broken");
    assert_eq!(broken["status"], "failed", "{broken:#}");
    assert_eq!(broken["outcome"]["error"]["kind"]["kind"], "spawn", "{broken:#}");
    let found = findings_mentioning(&doc, None, "mcpcheck-doctor-no-such-command");
    let in_codex: Vec<_> = found
        .iter()
        .filter(|f| f["location"]["path"].as_str().unwrap_or_default().ends_with(".codex/config.toml"))
        .collect();
    assert!(!in_codex.is_empty(), "no finding in config.toml names the missing command: {found:#?}");
    assert!(
        in_codex.iter().all(|f| f["help"].as_str().is_some_and(|h| !h.is_empty())),
        "the missing command's findings need a next step: {in_codex:#?}"
    );
    assert_eq!(machine_of(&doc, "broken")["client"], "Codex");

    // The missing variable: named (never its value) in a finding.
    let search = machine_of(&doc, "search");
    assert_eq!(search["client"], "Gemini CLI");
    assert_eq!(search["scope"], "user");
    assert!(!findings_mentioning(&doc, None, "DOCTOR_MISSING_KEY").is_empty(), "no finding names DOCTOR_MISSING_KEY");

    // The unreachable URL: the probe failed at the TCP connect, and a finding says so.
    let down = probe_of(&doc, "remote-down");
    assert_eq!(down["status"], "failed", "{down:#}");
    assert_eq!(down["outcome"]["phase_reached"], "connect", "{down:#}");
    assert_eq!(down["outcome"]["error"]["kind"]["layer"], "tcp", "the failing layer is named: {down:#}");
    let unreachable = findings_mentioning(&doc, Some("remote-unreachable"), "remote-down");
    assert!(!unreachable.is_empty(), "no remote-unreachable finding about remote-down");

    // The shadowed entry: a finding at the user entry, and listed as not loading.
    let shadowed: Vec<_> = findings_mentioning(&doc, Some("shadowed-server"), "notes");
    assert!(
        shadowed.iter().any(|f| f["location"]["path"].as_str().unwrap_or_default().ends_with("/.claude.json")),
        "no shadowed-server finding at ~/.claude.json: {shadowed:#?}"
    );
    let claude = config_clients(&doc).iter().find(|c| c["client"] == "Claude Code").expect("Claude Code in config");
    let not_loaded = claude["not_loaded"].as_array().expect("not_loaded");
    assert!(
        not_loaded.iter().any(|n| n["name"] == "notes" && n["origin"]["scope"] == "user"),
        "the user-scope `notes` is not listed as not loading: {not_loaded:#?}"
    );

    // The blocked server: the deny list is reported.
    assert!(!findings_mentioning(&doc, Some("blocked-server"), "blocked").is_empty(), "no blocked-server finding");

    // One machine record per server the clients would use, with its place.
    let mut servers: Vec<(&str, &str)> = doc["machine"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["client"].as_str().unwrap(), m["server"].as_str().unwrap()))
        .collect();
    servers.sort_unstable();
    for expected in [
        ("Claude Code", "clock"),
        ("Claude Code", "everything"),
        ("Claude Code", "notes"),
        ("Codex", "broken"),
        ("Cursor", "remote-down"),
        ("Gemini CLI", "search"),
        ("VS Code", "leaky"),
        ("VS Code", "time"),
    ] {
        assert!(servers.contains(&expected), "no machine record for {expected:?}: {servers:?}");
    }
    let clock = machine_of(&doc, "clock");
    assert_eq!(clock["scope"], "local");
    assert_eq!(clock["dialect"], "claude-code");
    assert!(clock["line"].as_u64().is_some_and(|l| l > 0));
    assert!(clock["file"].as_str().unwrap_or_default().ends_with("/.claude.json"));

    // The leaky server printed its token: the failure is kept, the token masked.
    let leaky = probe_of(&doc, "leaky");
    assert_eq!(leaky["status"], "failed");
    let tail = leaky["outcome"]["stderr_tail"].as_str().unwrap_or_default();
    assert!(tail.contains("token=***"), "the stderr tail is kept, masked: {tail}");
}

/// A server the managed deny list blocks never runs: Claude Code would not start it, so
/// doctor must not either (its command would create a file); the deny entry is reported, and
/// the `config` view does not list it among the servers that load.
#[test]
fn a_blocked_server_is_reported_and_not_run() {
    let Some(deps) = deps() else { return };
    let machine = Machine::new("machine", Some(&deps), Layout::Apart);
    let run = machine.doctor(&["--yes", "--timeout", "60s", "--server", "blocked", "--format", "json"]);
    assert!(!run.panicked(), "{}", run.stderr);
    let doc = json(&run.stdout);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let blocked: Vec<_> = findings_mentioning(&doc, Some("blocked-server"), "blocked");
    assert!(!blocked.is_empty(), "no blocked-server finding:\n{:#}", doc["findings"]);
    assert!(
        blocked.iter().any(|f| f["related"].to_string().contains("managed-settings.json")),
        "the finding points at the managed deny entry: {blocked:#?}"
    );
    let claude = config_clients(&doc).iter().find(|c| c["client"] == "Claude Code").expect("Claude Code in config");
    let loads: Vec<&str> = claude["servers"].as_array().unwrap().iter().filter_map(|s| s["name"].as_str()).collect();
    assert!(!loads.contains(&"blocked"), "the config view lists the denied server as loading: {loads:?}");
    let probe = probe_of(&doc, "blocked");
    assert_eq!(probe["status"], "not-probed", "a denied server must not be probed: {probe:#}");
    assert!(!machine.trap.join("blocked-ran").exists(), "doctor ran a server the managed policy denies");
}

/// No MCP configuration anywhere (empty home, project and system root): a clear message on
/// stderr listing where doctor looked, and exit 3.
#[test]
fn an_empty_machine_has_no_configuration_and_exits_3() {
    let machine = Machine::new("empty", None, Layout::Apart);
    let run = machine.doctor(&["--yes"]);
    assert!(!run.panicked(), "{}", run.stderr);
    let err = machine.scrub(&run.stderr);
    insta::assert_snapshot!("empty_stderr", err);
    insta::assert_snapshot!("empty_stdout", machine.scrub(&run.stdout));
    assert_eq!(run.code, Some(3), "{}\n{err}", run.stdout);
    assert!(err.to_ascii_lowercase().contains("no mcp configuration"), "stderr does not say so:\n{err}");
    for place in
        ["@@PROJECT@@/.mcp.json", "@@HOME@@/.claude.json", "@@HOME@@/.cursor/mcp.json", "@@HOME@@/.codex/config.toml"]
    {
        let short = place.replace("@@PROJECT@@/", "").replace("@@HOME@@/", "~/");
        assert!(err.contains(place) || err.contains(&short), "stderr does not list {place}:\n{err}");
    }

    let run = machine.doctor(&["--yes", "--format", "json"]);
    assert_eq!(run.code, Some(3), "JSON too:\n{}{}", run.stdout, run.stderr);
}

/// `--no-probe` starts nothing, even with `--yes`: the trap server's command would create a
/// file. The static part of the report is still there.
#[test]
fn no_probe_runs_nothing() {
    let machine = Machine::new("no-probe", None, Layout::Apart);
    let run = machine.doctor(&["--yes", "--no-probe", "--format", "json"]);
    assert!(!run.panicked(), "{}", run.stderr);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(!machine.trap.join("ran").exists(), "doctor --no-probe ran a server's command");
    assert!(matches!(run.code, Some(0 | 1)), "--no-probe is no consent problem: {:?}\n{}", run.code, run.stderr);
    let doc = json(&run.stdout);
    for probe in doc["probes"].as_array().expect("`probes` is an array") {
        assert_eq!(probe["status"], "not-probed", "{probe:#}");
    }
    assert_eq!(machine_of(&doc, "trap")["client"], "Claude Code", "the machine facts are still gathered");

    let run = machine.doctor(&["--yes", "--no-probe"]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(!machine.trap.join("ran").exists(), "doctor --no-probe ran a server's command (human)");
    assert!(run.stdout.contains("trap"), "the server is still reported:\n{}", run.stdout);
}

/// `--redact-paths`: neither the home directory nor the user name appears, in either format
/// (the project lives under the home directory here, as on most machines); no secret either.
#[test]
fn redact_paths_hides_home_and_user() {
    let Some(deps) = deps() else { return };
    let machine = Machine::new("machine", Some(&deps), Layout::ProjectInHome);
    let home = machine.home.display().to_string();
    let canonical = machine.home.canonicalize().unwrap().display().to_string();
    for format in ["human", "json"] {
        let run = machine.doctor(&["--yes", "--timeout", "60s", "--redact-paths", "--format", format]);
        assert!(!run.panicked(), "{}", run.stderr);
        assert_no_secrets(&run, &format!("doctor --redact-paths --format {format}"));
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(!all.contains(&home) && !all.contains(&canonical), "--format {format} shows the home path:\n{all}");
        assert!(!all.contains(USER), "--format {format} shows the user name:\n{all}");
        assert!(all.contains("~/.claude.json"), "--format {format}: home paths are shown as ~/…:\n{all}");
        if format == "json" {
            json(&run.stdout);
        }
    }
}

/// The fake machine itself, through `probe --all` (which exists before `doctor`): the real
/// servers connect, the broken ones fail as planned, and scrubbing leaves no temporary path,
/// port, or machine-specific version behind. If this fails, the doctor tests' premises do.
#[test]
fn the_fake_machine_is_what_the_doctor_tests_expect() {
    let Some(deps) = deps() else { return };
    let machine = Machine::new("machine", Some(&deps), Layout::Apart);
    let run = machine.mcpcheck("probe", &["--all", "--yes", "--timeout", "60s", "--format", "json"]);
    assert!(!run.panicked(), "{}", run.stderr);
    assert_no_secrets(&run, "probe --all");
    let doc = json(&run.stdout);
    let statuses: Vec<(&str, &str, &str)> = doc["probes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["client"].as_str().unwrap(), p["server"].as_str().unwrap(), p["status"].as_str().unwrap()))
        .collect();
    for expected in [
        ("Claude Code", "everything", "connected"),
        ("Claude Code", "notes", "connected"),
        ("Claude Code", "clock", "connected"),
        ("VS Code", "time", "connected"),
        ("VS Code", "leaky", "failed"),
        ("Cursor", "remote-down", "failed"),
        ("Gemini CLI", "search", "connected"),
        ("Codex", "broken", "failed"),
    ] {
        assert!(statuses.contains(&expected), "{expected:?} not in {statuses:?}");
    }
    let rules: Vec<&str> = doc["findings"].as_array().unwrap().iter().filter_map(|f| f["rule"].as_str()).collect();
    for rule in ["blocked-server", "shadowed-server", "unresolved-env-var", "remote-unreachable", "server-spawn-failed"]
    {
        assert!(rules.contains(&rule), "no {rule} finding: {rules:?}");
    }
    let scrubbed = machine.scrub_json(&doc);
    let tmp = std::env::temp_dir().display().to_string();
    assert!(!scrubbed.contains(&tmp), "a temporary path survives scrubbing:\n{scrubbed}");
    assert!(!scrubbed.contains(&format!(":{}/", machine.port)), "the closed port survives scrubbing:\n{scrubbed}");
    assert!(!scrubbed.contains(env!("CARGO_MANIFEST_DIR")), "the repository path survives scrubbing:\n{scrubbed}");
    let human = machine.mcpcheck("probe", &["--all", "--yes", "--timeout", "60s"]);
    let scrubbed = machine.scrub(&human.stdout);
    assert!(!scrubbed.contains(&tmp) && !scrubbed.contains(env!("CARGO_MANIFEST_DIR")), "{scrubbed}");
    assert!(scrubbed.contains(" <time>"), "durations are scrubbed:\n{scrubbed}");
    assert!(!regex::Regex::new(r"\d\.\ds\b").unwrap().is_match(&scrubbed), "{scrubbed}");
}

/// Issue 7 §3: the probe part shows "a `/mcp`-style status table and the tools per server".
/// The human report must name the real servers' tools (server-everything's `echo`,
/// mcp-server-time's `convert_time`) outside of findings that happen to quote them.
#[test]
fn human_report_lists_the_tools_per_server() {
    let Some(deps) = deps() else { return };
    let machine = Machine::new("machine", Some(&deps), Layout::Apart);
    let run = machine.doctor(&["--yes", "--timeout", "60s", "--no-color"]);
    assert!(!run.panicked(), "{}", run.stderr);
    let out = machine.scrub(&run.stdout);
    // The probe section, up to the findings (findings quote tool names of their own).
    let probe = out.split("== Probe").nth(1).unwrap_or_else(|| panic!("no probe section:\n{out}"));
    let probe = probe.split("== Findings").next().unwrap_or(probe);
    assert!(probe.contains("echo"), "server-everything's tools are not listed:\n{probe}");
    assert!(probe.contains("convert_time"), "mcp-server-time's tools are not listed:\n{probe}");
}

/// Issue 7 §2: per server, the variables referenced but unset (names only) and, for a remote
/// server, DNS, TCP, TLS and HTTP separately, so that the failing layer is named: here the
/// TCP connect to a closed port. Both in the facts (`machine[].facts`) and in the human
/// section "This machine, per server".
#[test]
fn machine_facts_name_the_unset_variable_and_the_failing_layer() {
    let Some(deps) = deps() else { return };
    let machine = Machine::new("machine", Some(&deps), Layout::Apart);
    let run = machine.doctor(&["--no-probe", "--format", "json"]);
    assert!(!run.panicked(), "{}", run.stderr);
    assert_no_secrets(&run, "doctor --no-probe --format json");
    let doc = json(&run.stdout);
    let search = machine_of(&doc, "search")["facts"].to_string();
    assert!(search.contains("DOCTOR_MISSING_KEY"), "facts lack the unset variable: {search}");
    assert!(!search.contains(TOKEN), "{search}");
    let down = machine_of(&doc, "remote-down")["facts"].to_string().to_ascii_lowercase();
    assert!(down.contains("tcp"), "the failing layer is not named in the facts: {down}");
    let broken = machine_of(&doc, "broken")["facts"].to_string();
    assert!(
        broken.contains("mcpcheck-doctor-no-such-command"),
        "the command's PATH lookup is not in the facts: {broken}"
    );

    let run = machine.doctor(&["--no-probe", "--no-color"]);
    let out = machine.scrub(&run.stdout);
    let section =
        out.split("== This machine, per server").nth(1).unwrap_or_else(|| panic!("no machine section:\n{out}"));
    assert!(section.contains("DOCTOR_MISSING_KEY"), "{section}");
    assert!(section.contains("TCP"), "{section}");
    assert!(!section.contains("nothing to check\nCodex / broken"), "{section}");
}
