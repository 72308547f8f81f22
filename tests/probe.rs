//! The probe's legacy lifecycle against a fake stdio server (`tests/fake_mcp_server.py`), one
//! test per server behaviour, each also checking that nothing the server started survives.
#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::time::Duration;

use mcpcheck::probe::process::{ServerCommand, SpawnError};
use mcpcheck::probe::session::{EraChoice, Phase, ProbeErrorKind, ProbeOptions, ProbeOutcome, probe_stdio};

fn fake_server(mode: &str, extra: &[&Path]) -> ServerCommand {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fake_mcp_server.py");
    let mut args = vec![script.into_os_string(), mode.into()];
    args.extend(extra.iter().map(|path| path.as_os_str().to_owned()));
    ServerCommand { program: "python3".into(), args, ..ServerCommand::default() }
}

fn options() -> ProbeOptions {
    ProbeOptions {
        era: EraChoice::Auto,
        discover_timeout: Duration::from_secs(1),
        initialize_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(2),
        shutdown_grace: Duration::from_millis(500),
        max_pages: 10,
        max_output_bytes: 1024 * 1024,
    }
}

fn probe(mode: &str) -> ProbeOutcome {
    probe_stdio(&fake_server(mode, &[]), &options())
}

/// Whether `pid` is a running process (a zombie waiting to be reaped counts as gone).
fn is_running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name, which is in parentheses.
        Ok(stat) => stat.rsplit_once(')').is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

fn tool_names(outcome: &ProbeOutcome) -> Vec<&str> {
    outcome.tools.iter().filter_map(|tool| tool["name"].as_str()).collect()
}

#[test]
fn ok_server_lists_tools_across_pages() {
    let outcome = probe("ok");
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.phase_reached, Phase::Complete);
    assert_eq!(outcome.protocol_version.as_deref(), Some("2025-11-25"));
    let info = outcome.server_info.as_ref().unwrap();
    assert_eq!((info.name.as_str(), info.version.as_str()), ("fake", "1.0.0"));
    assert_eq!(tool_names(&outcome), ["echo", "add", "time"]);
    assert_eq!(outcome.resource_count, None);
    assert_eq!(outcome.prompt_count, None);
    assert!(outcome.non_json_lines.is_empty());
}

#[test]
fn garbage_on_stdout_is_recorded_not_fatal() {
    let outcome = probe("garbage");
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.non_json_lines, ["Starting fake server v1.0 on stdio"]);
    assert_eq!(outcome.tools.len(), 3);
}

#[test]
fn silent_server_times_out_in_initialize() {
    let outcome = probe("hang-initialize");
    let error = outcome.error.unwrap();
    assert_eq!(error.kind, ProbeErrorKind::Timeout { phase: Phase::Initialize });
    assert_eq!(outcome.phase_reached, Phase::Initialize);
}

#[test]
fn early_exit_reports_code_and_stderr() {
    let outcome = probe("exit-early");
    let error = outcome.error.unwrap();
    assert_eq!(error.kind, ProbeErrorKind::ExitedEarly { code: Some(3) });
    assert!(error.message.contains("code 3"), "{}", error.message);
    assert!(outcome.stderr_tail.contains("API_TOKEN is not set"), "{}", outcome.stderr_tail);
}

#[test]
fn response_with_wrong_id_is_a_protocol_error() {
    let outcome = probe("wrong-id");
    let error = outcome.error.unwrap();
    assert!(matches!(error.kind, ProbeErrorKind::Protocol { ref detail } if detail.contains("9999")), "{error:?}");
    assert_eq!(outcome.server_info, None);
}

#[test]
fn shutdown_kills_the_whole_process_group() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile: PathBuf = dir.path().join("pids");
    let outcome = probe_stdio(&fake_server("fork-grandchild", &[&pidfile]), &options());
    assert!(matches!(outcome.error.unwrap().kind, ProbeErrorKind::Timeout { phase: Phase::Initialize }));
    let pids: Vec<u32> =
        std::fs::read_to_string(&pidfile).unwrap().split_whitespace().map(|pid| pid.parse().unwrap()).collect();
    assert_eq!(pids.len(), 2);
    assert!(outcome.stderr_tail.contains(&format!("grandchild {}", pids[1])));
    for pid in pids {
        assert!(!is_running(pid), "process {pid} survived the shutdown");
    }
}

#[test]
fn missing_program_is_a_spawn_error() {
    let command = ServerCommand { program: "mcpcheck-no-such-server".into(), ..ServerCommand::default() };
    let outcome = probe_stdio(&command, &options());
    assert_eq!(outcome.phase_reached, Phase::Spawn);
    let error = outcome.error.unwrap();
    assert!(matches!(error.kind, ProbeErrorKind::Spawn(SpawnError::NotFound { .. })), "{error:?}");
}
