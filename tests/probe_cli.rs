//! `mcpcheck probe` end to end, with the real binary and local fake servers: the consent gate
//! (nothing runs without a terminal unless `--yes` or `--trust`), the status table and the
//! JSON `probes` array, and that a secret a server echoes never reaches any output format.
#![cfg(target_os = "linux")]

mod common;

use std::path::Path;

use common::mcpcheck;
use serde_json::Value;

fn fake_server() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fake_mcp_server.py").display().to_string()
}

/// A project whose `.mcp.json` is `config`.
fn project(config: &Value) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".mcp.json"), serde_json::to_string_pretty(config).unwrap()).unwrap();
    dir
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

/// Without a terminal, a server that runs a command is not started unless --yes or --trust
/// allows it: the trap command would create a file. Nothing probed for lack of consent is
/// exit 2, and the message says how to consent.
#[test]
fn without_consent_nothing_runs() {
    let trap_dir = tempfile::tempdir().unwrap();
    let trap = trap_dir.path().join("pwned");
    let script = format!("open('{}', 'w').write('x')", trap.display());
    let dir = project(&serde_json::json!({
        "mcpServers": { "trap": { "command": "python3", "args": ["-c", script] } }
    }));
    let run = mcpcheck().current_dir(dir.path()).args(["probe", "--format", "json"]).run();
    assert_eq!(run.code, Some(2), "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("--yes") && run.stderr.contains("--trust"), "{}", run.stderr);
    let doc = json(&run.stdout);
    assert_eq!(doc["probes"][0]["status"], "not-probed");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!trap.exists(), "probe ran a command without consent");

    let run = mcpcheck().current_dir(dir.path()).args(["probe", "--trust", "trap", "--timeout", "3s"]).run();
    assert!(run.code.is_some(), "{}", run.stderr);
    assert!(trap.exists(), "--trust NAME runs that server");
}

/// --trust runs only the servers it names; the others are listed as not probed.
#[test]
fn trust_names_one_server() {
    let dir = project(&serde_json::json!({ "mcpServers": {
        "good": { "command": "python3", "args": [fake_server(), "ok"] },
        "other": { "command": "python3", "args": [fake_server(), "ok"] },
    }}));
    let run =
        mcpcheck().current_dir(dir.path()).args(["probe", "--trust", "good", "--format", "json", "--no-config"]).run();
    let doc = json(&run.stdout);
    let statuses: Vec<(&str, &str)> = doc["probes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["server"].as_str().unwrap(), p["status"].as_str().unwrap()))
        .collect();
    assert_eq!(statuses, [("good", "connected"), ("other", "not-probed")]);
    assert_eq!(run.code, Some(0), "one server probed cleanly is not an error:\n{}", run.stderr);
    let tools: Vec<&str> =
        doc["probes"][0]["outcome"]["tools"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(tools, ["echo", "add", "time"]);
}

/// The human report opens with the status table: one row per server with its tool count.
#[test]
fn human_output_has_a_status_table() {
    let dir = project(&serde_json::json!({ "mcpServers": {
        "fake": { "command": "python3", "args": [fake_server(), "ok"] },
        "missing": { "command": "no-such-program-for-mcpcheck-tests" },
    }}));
    let run = mcpcheck().current_dir(dir.path()).args(["probe", "--yes", "--no-config"]).run();
    let first = run.stdout.lines().next().unwrap_or_default();
    for column in ["status", "server", "client", "transport", "protocol", "tools", "time"] {
        assert!(first.contains(column), "header lacks {column}: {first}");
    }
    let row = run.stdout.lines().find(|l| l.contains(" fake ")).expect("a row for fake");
    assert!(row.contains("connected") && row.contains("2025-11-25") && row.contains(" 3 "), "{row}");
    let row = run.stdout.lines().find(|l| l.contains(" missing ")).expect("a row for missing");
    assert!(row.contains("failed"), "{row}");
    assert!(run.stdout.contains("2 servers: 1 connected, 1 failed, 0 not probed"), "{}", run.stdout);
}

/// A server that prints its secrets (env value, a header-like argument) to stderr before
/// crashing: the value is masked in every format, though the crash is reported.
#[test]
fn echoed_secrets_never_reach_output() {
    let secret = "PLANTEDPROBESECRET42";
    let argument = "PLANTEDARGSECRET77";
    let echo = "import os, sys; sys.stderr.write('token=' + os.environ['API_TOKEN'] + ' arg=' + sys.argv[2] + '\\n'); print('boot ' + os.environ['API_TOKEN']); sys.exit(4)";
    let dir = project(&serde_json::json!({ "mcpServers": {
        "leaky": {
            "command": "python3",
            "args": ["-c", echo, "--api-key", "${LEAKY_KEY}"],
            "env": { "API_TOKEN": "${LEAKY_TOKEN}" },
        },
    }}));
    for format in ["human", "json"] {
        let run = mcpcheck()
            .current_dir(dir.path())
            .env("LEAKY_TOKEN", secret)
            .env("LEAKY_KEY", argument)
            .args(["probe", "--yes", "--no-config", "--format", format])
            .run();
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(all.contains("failed"), "the crash is reported:\n{all}");
        assert!(!all.contains(secret), "probe --format {format} shows the env secret:\n{all}");
        assert!(!all.contains(argument), "probe --format {format} shows the argument secret:\n{all}");
        if format == "json" {
            let doc = json(&run.stdout);
            let tail = doc["probes"][0]["outcome"]["stderr_tail"].as_str().unwrap();
            assert!(tail.contains("token=***"), "the tail is kept, masked: {tail}");
        }
    }
}

/// `--url` probes one endpoint without any config file; an unreachable one fails fast.
#[test]
fn url_probes_one_endpoint() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}/mcp");
    let run = mcpcheck().current_dir(dir.path()).args(["probe", "--yes", "--format", "json", "--url", &url]).run();
    let doc = json(&run.stdout);
    assert_eq!(doc["probes"].as_array().unwrap().len(), 1, "{}", run.stdout);
    assert_eq!(doc["probes"][0]["status"], "failed");
    assert_eq!(doc["probes"][0]["command"], url);
    assert_eq!(doc["probes"][0]["file"], "(--url)");
    assert!(doc["discovery"].as_array().unwrap().is_empty(), "--url searches no files");
}

/// `--lock` records the tool surface; a later probe reports a tool whose definition changed
/// since (here: the lock's hash of `echo` edited, as if the server had changed it).
#[test]
fn lock_records_tools_and_later_probes_report_changes() {
    let dir = project(&serde_json::json!({ "mcpServers": {
        "fake": { "command": "python3", "args": [fake_server(), "ok"] },
    }}));
    let run = mcpcheck().current_dir(dir.path()).args(["probe", "--yes", "--no-config", "--lock"]).run();
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("wrote") && run.stderr.contains("1 servers, 3 tools"), "{}", run.stderr);
    let path = dir.path().join("mcpcheck.lock");
    let mut lock: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let tools = &lock["servers"]["claude-code"]["fake"]["tools"];
    assert_eq!(tools.as_object().unwrap().keys().collect::<Vec<_>>(), ["add", "echo", "time"]);

    let run = mcpcheck().current_dir(dir.path()).args(["probe", "--yes", "--no-config"]).run();
    assert_eq!(run.code, Some(0), "an unchanged surface is clean:\n{}", run.stdout);

    lock["servers"]["claude-code"]["fake"]["tools"]["echo"] = Value::String("0".repeat(64));
    std::fs::write(&path, serde_json::to_string_pretty(&lock).unwrap()).unwrap();
    let run = mcpcheck().current_dir(dir.path()).args(["probe", "--yes", "--no-config"]).run();
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stdout.contains("tool-surface-changed") && run.stdout.contains("echo"), "{}", run.stdout);
}

/// On a terminal, each server that runs a command is shown and asked about (through `script`,
/// which gives mcpcheck a pseudo-terminal): "y" probes the first, "n" skips the second.
#[test]
fn on_a_terminal_each_server_is_asked_about() {
    let dir = project(&serde_json::json!({ "mcpServers": {
        "first": { "command": "python3", "args": [fake_server(), "ok"] },
        "second": { "command": "python3", "args": [fake_server(), "ok"] },
    }}));
    let command = format!("{} probe --no-config --format json", common::BIN);
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs the probe on a pseudo-terminal");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"y\nn\n").unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).replace('\r', "");
    assert!(text.contains("[1/2] Claude Code server `first`"), "{text}");
    assert!(text.contains("[2/2] Claude Code server `second`"), "{text}");
    assert!(text.contains("probe it? [y]es, [n]o, [a]ll, n[o]ne"), "{text}");
    let json_start = text.find("{\n  \"version\"").unwrap_or_else(|| panic!("no JSON report:\n{text}"));
    let doc: Value = serde_json::Deserializer::from_str(&text[json_start..]).into_iter().next().unwrap().unwrap();
    let statuses: Vec<&str> = doc["probes"].as_array().unwrap().iter().map(|p| p["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["connected", "not-probed"]);
}
