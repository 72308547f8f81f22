//! The probe's lifecycle (both eras) against a fake stdio server (`tests/fake_mcp_server.py`),
//! one test per server behaviour, each also checking that nothing the server started survives
//! and that the probe ended within its timeouts.
#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::time::Duration;

use mcpcheck::probe::process::{ServerCommand, SpawnError};
use mcpcheck::probe::session::{Era, EraChoice, Phase, ProbeErrorKind, ProbeOptions, ProbeOutcome, probe_stdio};

/// The discover timeout the tests use.
/// Generous: the start-up of Python counts, and the machine may be loaded.
const DISCOVER: Duration = Duration::from_millis(2500);
/// The initialize and request timeouts the tests use.
const TIMEOUT: Duration = Duration::from_secs(4);
/// Slack for start-up, shutdown and a loaded machine in elapsed-time bounds (never tight).
const SLACK: Duration = Duration::from_secs(3);

fn fake_server(mode: &str, extra: &[&Path]) -> ServerCommand {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fake_mcp_server.py");
    let mut args = vec![script.into_os_string(), mode.into()];
    args.extend(extra.iter().map(|path| path.as_os_str().to_owned()));
    ServerCommand { program: "python3".into(), args, ..ServerCommand::default() }
}

fn options() -> ProbeOptions {
    ProbeOptions {
        era: EraChoice::Auto,
        discover_timeout: DISCOVER,
        initialize_timeout: TIMEOUT,
        request_timeout: TIMEOUT,
        shutdown_grace: Duration::from_millis(500),
        max_pages: 10,
        max_output_bytes: 1024 * 1024,
    }
}

fn probe(mode: &str) -> ProbeOutcome {
    probe_with(fake_server(mode, &[]), &options())
}

/// Probes, then checks that the server (which logs "pid N" to stderr first) is gone.
fn probe_with(command: ServerCommand, options: &ProbeOptions) -> ProbeOutcome {
    let outcome = probe_stdio(&command, options);
    let pid = outcome
        .stderr_tail
        .lines()
        .find_map(|line| line.strip_prefix("pid "))
        .and_then(|pid| pid.trim().parse::<u32>().ok());
    let pid = pid.unwrap_or_else(|| panic!("the fake server logged no pid: {:?}", outcome.stderr_tail));
    assert!(!is_running(pid), "the server {pid} survived the probe");
    outcome
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

/// The methods the fake server logged as received, in order.
fn received(outcome: &ProbeOutcome) -> Vec<&str> {
    outcome.stderr_tail.lines().filter_map(|line| line.strip_prefix("recv ")).collect()
}

fn assert_elapsed_below(outcome: &ProbeOutcome, limit: Duration) {
    assert!(outcome.elapsed < limit + SLACK, "took {:?}, limit {limit:?} + {SLACK:?}", outcome.elapsed);
}

fn protocol_detail(outcome: &ProbeOutcome) -> &str {
    match &outcome.error.as_ref().expect("an error").kind {
        ProbeErrorKind::Protocol { detail } => detail,
        other => panic!("not a protocol error: {other:?}"),
    }
}

#[test]
fn ok_server_lists_tools_across_pages() {
    let outcome = probe("ok");
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.phase_reached, Phase::Complete);
    assert_eq!(outcome.era, Some(Era::Legacy));
    assert_eq!(outcome.protocol_version.as_deref(), Some("2025-11-25"));
    let info = outcome.server_info.as_ref().unwrap();
    assert_eq!((info.name.as_str(), info.version.as_str()), ("fake", "1.0.0"));
    assert_eq!(tool_names(&outcome), ["echo", "add", "time"]);
    assert_eq!(outcome.resource_count, None);
    assert_eq!(outcome.prompt_count, None);
    assert!(outcome.non_json_lines.is_empty());
    // "Method not found" for server/discover is the legacy answer.
    assert_eq!(received(&outcome), ["server/discover", "initialize", "tools/list", "tools/list"]);
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
    let error = outcome.error.clone().unwrap();
    assert_eq!(error.kind, ProbeErrorKind::Timeout { phase: Phase::Initialize });
    assert_eq!(outcome.phase_reached, Phase::Initialize);
    assert_elapsed_below(&outcome, TIMEOUT);
}

#[test]
fn early_exit_reports_code_and_stderr() {
    let outcome = probe("exit-early");
    let error = outcome.error.clone().unwrap();
    assert_eq!(error.kind, ProbeErrorKind::ExitedEarly { code: Some(3) });
    assert!(error.message.contains("code 3"), "{}", error.message);
    assert!(outcome.stderr_tail.contains("API_TOKEN is not set"), "{}", outcome.stderr_tail);
    assert_eq!(outcome.phase_reached, Phase::Discover, "an exit stops the probe in discover: no fallback");
}

#[test]
fn response_with_wrong_id_is_a_protocol_error() {
    let outcome = probe("wrong-id");
    assert!(protocol_detail(&outcome).contains("9999"), "{:?}", outcome.error);
    assert_eq!(outcome.server_info, None);
}

#[test]
fn shutdown_kills_the_whole_process_group() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile: PathBuf = dir.path().join("pids");
    let outcome = probe_with(fake_server("fork-grandchild", &[&pidfile]), &options());
    // It never answers: the discover timeout falls back to initialize, which times out too.
    assert_eq!(outcome.error.clone().unwrap().kind, ProbeErrorKind::Timeout { phase: Phase::Initialize });
    assert_elapsed_below(&outcome, DISCOVER + TIMEOUT);
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
    let error = outcome.error.clone().unwrap();
    assert!(matches!(error.kind, ProbeErrorKind::Spawn(SpawnError::NotFound { .. })), "{error:?}");
}

// The modern era.

#[test]
fn modern_server_is_probed_without_the_handshake() {
    let outcome = probe("modern");
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.phase_reached, Phase::Complete);
    assert_eq!(outcome.era, Some(Era::Modern));
    assert_eq!(outcome.protocol_version.as_deref(), Some("2026-07-28"));
    let info = outcome.server_info.as_ref().unwrap();
    assert_eq!((info.name.as_str(), info.version.as_str()), ("fake-modern", "2.0.0"));
    assert_eq!(tool_names(&outcome), ["echo", "add", "time"]);
    assert_eq!((outcome.resource_count, outcome.prompt_count), (Some(1), None));
    // The fake rejects requests without _meta, so reaching Complete proves they carried it.
    assert_eq!(received(&outcome), ["server/discover", "tools/list", "tools/list", "resources/list"]);
}

#[test]
fn modern_server_refuses_the_legacy_handshake() {
    let options = ProbeOptions { era: EraChoice::Legacy, ..options() };
    let outcome = probe_with(fake_server("modern", &[]), &options);
    let offered = vec!["2026-07-28".to_owned()];
    assert_eq!(outcome.error.clone().unwrap().kind, ProbeErrorKind::UnsupportedVersion { offered });
    assert_eq!(outcome.phase_reached, Phase::Initialize);
    assert_eq!(received(&outcome), ["initialize"]);
}

#[test]
fn legacy_server_fails_forced_modern_without_fallback() {
    let options = ProbeOptions { era: EraChoice::Modern, ..options() };
    let outcome = probe_with(fake_server("ok", &[]), &options);
    let kind = outcome.error.clone().unwrap().kind;
    assert!(matches!(kind, ProbeErrorKind::ErrorResponse { ref error } if error.code == -32601), "{kind:?}");
    assert_eq!(outcome.phase_reached, Phase::Discover);
    assert_eq!(outcome.era, None);
    assert_eq!(received(&outcome), ["server/discover"]);
}

#[test]
fn modern_server_with_only_newer_versions_is_unsupported_without_fallback() {
    let outcome = probe("modern-only-newer");
    let offered = vec!["2099-01-01".to_owned()];
    assert_eq!(outcome.error.clone().unwrap().kind, ProbeErrorKind::UnsupportedVersion { offered });
    assert_eq!(outcome.era, Some(Era::Modern));
    assert_eq!(outcome.phase_reached, Phase::Discover);
    assert_eq!(received(&outcome), ["server/discover"], "a -32022 error must not fall back to initialize");
}

// Era fallback.

#[test]
fn legacy_server_ignoring_discover_falls_back_after_the_discover_timeout() {
    let outcome = probe("legacy-silent-discover");
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.era, Some(Era::Legacy));
    assert_eq!(tool_names(&outcome), ["echo", "add", "time"]);
    assert!(outcome.elapsed >= DISCOVER, "fell back after {:?}", outcome.elapsed);
    assert_elapsed_below(&outcome, DISCOVER);
}

#[test]
fn late_answer_to_the_abandoned_discover_is_ignored() {
    let outcome = probe("legacy-late-discover");
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.era, Some(Era::Legacy));
    assert_eq!(outcome.phase_reached, Phase::Complete);
    assert_eq!(tool_names(&outcome), ["echo", "add", "time"]);
}

#[test]
fn empty_result_to_discover_falls_back_to_legacy() {
    let outcome = probe("legacy-empty-discover");
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.era, Some(Era::Legacy));
    assert_eq!(received(&outcome), ["server/discover", "initialize", "tools/list", "tools/list"]);
}

// Hangs, floods and crashes.

#[test]
fn server_hanging_after_initialize_times_out_in_tools_list() {
    let outcome = probe("hang-after-initialize");
    assert_eq!(outcome.error.clone().unwrap().kind, ProbeErrorKind::Timeout { phase: Phase::ListTools });
    assert_eq!(outcome.phase_reached, Phase::ListTools);
    assert_eq!(outcome.era, Some(Era::Legacy));
    assert_elapsed_below(&outcome, TIMEOUT);
}

#[test]
fn slow_drip_ends_at_the_phase_timeout() {
    let outcome = probe("slow-drip");
    assert_eq!(outcome.error.clone().unwrap().kind, ProbeErrorKind::Timeout { phase: Phase::ListTools });
    assert_eq!(outcome.phase_reached, Phase::ListTools);
    assert_elapsed_below(&outcome, TIMEOUT);
}

#[test]
fn one_enormous_line_stops_the_probe() {
    // The default total cap (64 MiB), so that the 4 MiB line cap is what trips.
    let options = ProbeOptions { max_output_bytes: ProbeOptions::default().max_output_bytes, ..options() };
    let outcome = probe_with(fake_server("huge-output", &[]), &options);
    assert_eq!(outcome.error.clone().unwrap().kind, ProbeErrorKind::LineTooLong);
    assert_eq!(outcome.phase_reached, Phase::Discover, "no fallback after an overlong line");
    assert_eq!(received(&outcome), ["server/discover"]);
    assert_elapsed_below(&outcome, TIMEOUT);
}

#[test]
fn endless_lines_stop_at_the_output_cap() {
    let outcome = probe("huge-output-lines");
    assert_eq!(outcome.error.clone().unwrap().kind, ProbeErrorKind::OutputTooLarge { limit: 1024 * 1024 });
    assert_eq!(outcome.phase_reached, Phase::Discover);
    assert_eq!(received(&outcome), ["server/discover"]);
    assert_eq!(outcome.non_json_lines.len(), 16, "lines before the cap are recorded, shortened");
    assert_elapsed_below(&outcome, TIMEOUT);
}

#[test]
fn crash_while_listing_reports_exit_code_and_traceback() {
    let outcome = probe("crash-mid-list");
    let error = outcome.error.clone().unwrap();
    assert_eq!(error.kind, ProbeErrorKind::ExitedEarly { code: Some(1) });
    assert!(error.message.contains("code 1") && error.message.contains("tools/list"), "{}", error.message);
    assert_eq!(outcome.phase_reached, Phase::ListTools);
    assert!(outcome.stderr_tail.contains("Traceback (most recent call last):"), "{}", outcome.stderr_tail);
    assert_eq!(outcome.non_json_lines.len(), 1, "the half-written response: {:?}", outcome.non_json_lines);
}

// Bad data.

#[test]
fn invalid_tools_are_kept_raw_for_the_rules() {
    let outcome = probe("invalid-tools");
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.phase_reached, Phase::Complete);
    assert_eq!(outcome.tools.len(), 15);
    assert_eq!(outcome.tools[4]["name"], 42);
    let by_name = |name: &str| outcome.tools.iter().find(|tool| tool["name"] == name).unwrap();
    assert!(by_name("no_schema").get("inputSchema").is_none());
    assert!(by_name("null_schema")["inputSchema"].is_null());
    assert_eq!(by_name("string_schema")["inputSchema"], "object");
    assert_eq!(by_name("bad_keywords")["inputSchema"]["required"], "path");
    assert_eq!(tool_names(&outcome).iter().filter(|name| **name == "dup").count(), 2);
    assert!(by_name("verbose")["description"].as_str().unwrap().len() > 6000);
    assert!(by_name("invisible")["description"].as_str().unwrap().contains('\u{200b}'));
}

#[test]
fn tools_page_that_is_not_an_array_is_invalid() {
    let outcome = probe("invalid-tools-page");
    assert!(protocol_detail(&outcome).starts_with("tools/list invalid"), "{:?}", outcome.error);
    assert_eq!(outcome.phase_reached, Phase::ListTools);
}

#[test]
fn response_without_jsonrpc_version_is_a_protocol_error() {
    let outcome = probe("bad-jsonrpc");
    let detail = protocol_detail(&outcome);
    assert!(detail.contains("initialize") && detail.contains("\"jsonrpc\""), "{detail}");
    assert_eq!(outcome.phase_reached, Phase::Initialize);
    assert!(outcome.elapsed < TIMEOUT, "reported at once, not after a timeout: {:?}", outcome.elapsed);
}

#[test]
fn response_with_result_and_error_is_a_protocol_error() {
    let outcome = probe("bad-jsonrpc-both");
    let detail = protocol_detail(&outcome);
    assert!(detail.contains("both \"result\" and \"error\""), "{detail}");
    assert_eq!(outcome.phase_reached, Phase::Initialize);
}

#[test]
fn unknown_protocol_version_is_unsupported() {
    let outcome = probe("unsupported-version");
    let offered = vec!["1999-01-01".to_owned()];
    assert_eq!(outcome.error.clone().unwrap().kind, ProbeErrorKind::UnsupportedVersion { offered });
    assert_eq!(outcome.protocol_version.as_deref(), Some("1999-01-01"));
    assert_eq!(outcome.era, Some(Era::Legacy));
    assert_eq!(outcome.phase_reached, Phase::Initialize);
}
