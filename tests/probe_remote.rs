//! The probe's remote transports against a fake HTTP server (`tests/fake_http_server.py`): one
//! test per server behaviour, checking both the outcome and what the probe sent on the wire.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mcpcheck::probe::session::{ConnectLayer, Phase, ProbeErrorKind, ProbeOptions, ProbeOutcome};
use mcpcheck::probe::target::{ProbeTarget, RemoteKind, RemoteTarget, probe};
use serde_json::Value;

const SECRET_TOKEN: &str = "sk-test-SECRET-token-123";
const SECRET_KEY: &str = "key-SECRET-value-456";

/// A running fake server, killed when dropped.
struct Fake {
    child: Child,
    port: u16,
}

impl Fake {
    fn start(mode: &str) -> Self {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fake_http_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(mode)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the fake server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line.trim().parse().expect("the fake prints its port first");
        Self { child, port }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// What the fake received, in order.
    fn log(&self) -> Vec<Value> {
        let mut response = ureq::get(self.url("/_log")).call().unwrap();
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
    }

    fn requests(&self, method: &str) -> Vec<Value> {
        self.log().into_iter().filter(|entry| entry["method"] == method).collect()
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn options() -> ProbeOptions {
    ProbeOptions {
        initialize_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(2),
        shutdown_grace: Duration::from_millis(300),
        max_pages: 10,
        ..ProbeOptions::default()
    }
}

fn secret_headers() -> Vec<(String, String)> {
    vec![
        ("Authorization".to_owned(), format!("Bearer {SECRET_TOKEN}")),
        ("X-Api-Key".to_owned(), SECRET_KEY.to_owned()),
    ]
}

fn probe_url(url: String, kind: Option<RemoteKind>) -> ProbeOutcome {
    probe_with(url, kind, &options())
}

fn probe_with(url: String, kind: Option<RemoteKind>, options: &ProbeOptions) -> ProbeOutcome {
    let target = ProbeTarget::Remote(RemoteTarget { url, headers: secret_headers(), kind });
    let outcome = probe(&target, options);
    let printed = format!("{outcome:?}");
    assert!(!printed.contains("SECRET"), "a configured header value leaked: {printed}");
    outcome
}

fn tool_names(outcome: &ProbeOutcome) -> Vec<&str> {
    outcome.tools.iter().filter_map(|tool| tool["name"].as_str()).collect()
}

fn assert_listed(outcome: &ProbeOutcome, transport: RemoteKind) {
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.phase_reached, Phase::Complete);
    assert_eq!(outcome.remote_transport, Some(transport));
    assert_eq!(outcome.protocol_version.as_deref(), Some("2025-06-18"));
    assert_eq!(outcome.server_info.as_ref().unwrap().name, "fake-http");
    assert_eq!(tool_names(outcome), ["echo", "add"]);
}

fn header<'a>(entry: &'a Value, name: &str) -> Option<&'a str> {
    entry["headers"][name].as_str()
}

fn post_for<'a>(posts: &'a [Value], method: &str) -> &'a Value {
    posts.iter().find(|post| post["body"]["method"] == method).unwrap_or_else(|| panic!("no {method} POST"))
}

fn error_kind(outcome: &ProbeOutcome) -> &ProbeErrorKind {
    &outcome.error.as_ref().expect("the probe failed").kind
}

#[test]
fn lists_tools_over_json_answers_with_the_required_headers() {
    let fake = Fake::start("json");
    let outcome = probe_url(fake.url("/mcp"), None);
    assert_listed(&outcome, RemoteKind::Http);

    let posts = fake.requests("POST");
    for post in &posts {
        assert_eq!(header(post, "accept"), Some("application/json, text/event-stream"));
        assert_eq!(header(post, "content-type"), Some("application/json"));
        assert_eq!(header(post, "x-api-key"), Some(SECRET_KEY), "the configured headers are sent");
    }
    let initialize = post_for(&posts, "initialize");
    assert_eq!(header(initialize, "mcp-protocol-version"), None);
    assert_eq!(header(post_for(&posts, "notifications/initialized"), "mcp-protocol-version"), Some("2025-06-18"));
    assert_eq!(header(post_for(&posts, "tools/list"), "mcp-protocol-version"), Some("2025-06-18"));
    assert!(fake.requests("GET").iter().all(|get| get["path"] == "/_log"), "no fallback GET");
    assert!(fake.requests("DELETE").is_empty(), "no DELETE without a session");
}

#[test]
fn lists_tools_over_event_stream_answers() {
    let fake = Fake::start("sse");
    assert_listed(&probe_url(fake.url("/mcp"), Some(RemoteKind::Http)), RemoteKind::Http);
}

#[test]
fn echoes_the_session_id_and_deletes_the_session() {
    let fake = Fake::start("session");
    let outcome = probe_url(fake.url("/mcp"), None);
    assert_listed(&outcome, RemoteKind::Http);
    let posts = fake.requests("POST");
    let session_id = header(post_for(&posts, "tools/list"), "mcp-session-id").expect("the session id is echoed");
    assert!(session_id.starts_with("session-"));
    assert_eq!(header(post_for(&posts, "notifications/initialized"), "mcp-session-id"), Some(session_id));
    assert_eq!(header(post_for(&posts, "initialize"), "mcp-session-id"), None);
    let deletes = fake.requests("DELETE");
    assert_eq!(deletes.len(), 1);
    assert_eq!(header(&deletes[0], "mcp-session-id"), Some(session_id));
}

#[test]
fn falls_back_to_legacy_sse_when_post_is_refused() {
    let fake = Fake::start("legacy");
    let outcome = probe_url(fake.url("/mcp"), None);
    assert_listed(&outcome, RemoteKind::Sse);
    let log = fake.log();
    // The modern `server/discover` is refused too (the session then tries the handshake), and
    // the refused `initialize` POST is what sends the probe to the legacy GET.
    let first: Vec<_> = log[..3].iter().map(|e| (e["method"].as_str(), e["body"]["method"].as_str())).collect();
    assert_eq!(
        first,
        [(Some("POST"), Some("server/discover")), (Some("POST"), Some("initialize")), (Some("GET"), None)]
    );
    assert_eq!(log[2]["path"], "/mcp");
    assert_eq!(header(&log[2], "accept"), Some("text/event-stream"));
    let message_posts: Vec<_> =
        log.iter().filter(|entry| entry["path"].as_str().unwrap().starts_with("/messages?sessionId=")).collect();
    let methods: Vec<_> = message_posts.iter().map(|post| post["body"]["method"].as_str().unwrap()).collect();
    assert_eq!(methods, ["initialize", "notifications/initialized", "tools/list"]);
}

#[test]
fn configured_sse_goes_straight_to_the_event_stream() {
    let fake = Fake::start("legacy");
    let outcome = probe_url(fake.url("/mcp"), Some(RemoteKind::Sse));
    assert_listed(&outcome, RemoteKind::Sse);
    assert_eq!(fake.log()[0]["method"], "GET");
}

#[test]
fn configured_http_does_not_fall_back() {
    let fake = Fake::start("legacy");
    let outcome = probe_url(fake.url("/mcp"), Some(RemoteKind::Http));
    assert!(matches!(error_kind(&outcome), ProbeErrorKind::HttpStatus { status: 405, .. }), "{outcome:?}");
    assert!(fake.requests("GET").iter().all(|get| get["path"] == "/_log"));
}

fn auth_report(outcome: &ProbeOutcome) -> &mcpcheck::probe::auth::AuthReport {
    match error_kind(outcome) {
        ProbeErrorKind::NeedsAuth(report) => report,
        other => panic!("expected NeedsAuth, got {other:?}"),
    }
}

#[test]
fn a_401_reports_the_oauth_metadata() {
    let fake = Fake::start("auth");
    let outcome = probe_url(fake.url("/mcp"), None);
    let report = auth_report(&outcome);
    assert_eq!(report.status, 401);
    assert_eq!(report.scope.as_deref(), Some("mcp:read"));
    let metadata_url = fake.url("/.well-known/oauth-protected-resource/mcp");
    assert_eq!(report.resource_metadata.as_deref(), Some(metadata_url.as_str()));
    assert_eq!(report.metadata_url.as_deref(), Some(metadata_url.as_str()));
    assert_eq!(report.resource.as_deref(), Some(fake.url("/mcp").as_str()));
    assert_eq!(report.issuer.as_deref(), Some(fake.url("/tenant1").as_str()));
    assert_eq!(report.pkce_s256, Some(true));
    assert!(report.client_id_metadata_documents);
    assert_eq!(report.registration_endpoint.as_deref(), Some(fake.url("/tenant1/register").as_str()));
    assert_eq!(report.problems, Vec::<String>::new());
    // Metadata is fetched without the configured headers, and nothing is retried.
    for get in fake.requests("GET").iter().filter(|get| get["path"] != "/_log") {
        assert_eq!(header(get, "authorization"), None);
        assert_eq!(header(get, "x-api-key"), None);
    }
    assert_eq!(fake.requests("POST").len(), 1);
}

#[test]
fn metadata_without_pkce_is_a_problem() {
    let fake = Fake::start("auth-nopkce");
    let outcome = probe_url(fake.url("/mcp"), None);
    let report = auth_report(&outcome);
    assert_eq!(report.pkce_s256, Some(false));
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(report.problems[0].contains("PKCE"), "{:?}", report.problems);
}

#[test]
fn a_bare_challenge_uses_the_well_known_urls_and_checks_the_resource() {
    let fake = Fake::start("auth-wellknown");
    let outcome = probe_url(fake.url("/mcp"), None);
    let report = auth_report(&outcome);
    assert_eq!(report.resource_metadata, None);
    assert_eq!(report.metadata_url.as_deref(), Some(fake.url("/.well-known/oauth-protected-resource/mcp").as_str()));
    assert_eq!(report.issuer.as_deref(), Some(fake.url("").as_str()));
    assert_eq!(report.pkce_s256, Some(false));
    assert!(report.problems.iter().any(|problem| problem.contains("elsewhere.example")), "{:?}", report.problems);
    assert!(report.problems.iter().any(|problem| problem.contains("S256")), "{:?}", report.problems);
}

#[test]
fn same_origin_redirects_are_followed() {
    let fake = Fake::start("redirect");
    for path in ["/mcp", "/old"] {
        let outcome = probe_url(fake.url(path), None);
        assert_listed(&outcome, RemoteKind::Http);
    }
    let posts = fake.requests("POST");
    // Per probe: server/discover, initialize, notifications/initialized, tools/list.
    assert_eq!(posts.iter().filter(|post| post["path"] == "/real").count(), 8);
    assert_eq!(post_for(&posts, "tools/list")["path"], "/real");
}

#[test]
fn redirects_to_another_origin_are_not_followed() {
    let fake = Fake::start("redirect-other");
    let outcome = probe_url(fake.url("/mcp"), Some(RemoteKind::Http));
    match error_kind(&outcome) {
        ProbeErrorKind::HttpStatus { status: 307, detail } => assert!(detail.contains("localhost"), "{detail}"),
        other => panic!("expected a 307 failure, got {other:?}"),
    }
    let log = fake.log();
    assert!(log.iter().all(|entry| !header(entry, "host").unwrap_or_default().starts_with("localhost")), "{log:?}");
}

/// The JSON-RPC method of each logged request, in order.
fn methods(requests: &[Value]) -> Vec<&str> {
    requests.iter().map(|request| request["body"]["method"].as_str().unwrap_or_default()).collect()
}

#[test]
fn a_404_is_not_retried() {
    let fake = Fake::start("notfound");
    let outcome = probe_url(fake.url("/mcp"), None);
    assert!(matches!(error_kind(&outcome), ProbeErrorKind::HttpStatus { status: 404, .. }), "{outcome:?}");
    assert_eq!(methods(&fake.requests("POST")), ["server/discover", "initialize"], "each sent once");
}

#[test]
fn a_500_is_not_retried() {
    let fake = Fake::start("status500");
    let outcome = probe_url(fake.url("/mcp"), None);
    match error_kind(&outcome) {
        ProbeErrorKind::HttpStatus { status: 500, detail } => assert_eq!(detail, "internal trouble"),
        other => panic!("expected a 500 failure, got {other:?}"),
    }
    assert_eq!(methods(&fake.requests("POST")), ["server/discover", "initialize"], "each sent once");
}

#[test]
fn a_503_is_retried_with_backoff() {
    let fake = Fake::start("flaky503");
    let started = Instant::now();
    let outcome = probe_url(fake.url("/mcp"), None);
    assert_listed(&outcome, RemoteKind::Http);
    // A 503 stops the attempt (it is no sign of a legacy server); the third attempt gets in.
    let requests = fake.requests("POST");
    let posts = methods(&requests);
    assert_eq!(posts[..4], ["server/discover", "server/discover", "server/discover", "initialize"], "{posts:?}");
    assert!(started.elapsed() >= Duration::from_millis(600), "200 ms then 400 ms of backoff");
}

#[test]
fn an_endless_event_stream_costs_at_most_the_timeout() {
    let fake = Fake::start("endless");
    let options = ProbeOptions { request_timeout: Duration::from_millis(800), ..options() };
    let started = Instant::now();
    let outcome = probe_with(fake.url("/mcp"), None, &options);
    assert_eq!(*error_kind(&outcome), ProbeErrorKind::Timeout { phase: Phase::ListTools });
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
}

#[test]
fn a_huge_body_is_rejected() {
    let fake = Fake::start("huge");
    let outcome = probe_url(fake.url("/mcp"), None);
    let error = outcome.error.as_ref().expect("the probe failed");
    assert!(matches!(error.kind, ProbeErrorKind::Protocol { .. }), "{error:?}");
    assert!(error.message.contains("larger than"), "{}", error.message);
    assert!(outcome.tools.is_empty());
}

#[test]
fn a_huge_event_is_rejected() {
    let fake = Fake::start("huge-event");
    let outcome = probe_url(fake.url("/mcp"), None);
    let error = outcome.error.as_ref().expect("the probe failed");
    assert_eq!(outcome.phase_reached, Phase::ListTools);
    assert!(error.message.contains("event larger than"), "{}", error.message);
}

#[test]
fn an_echoed_secret_is_masked_in_the_error() {
    let fake = Fake::start("echo-secret");
    // probe_url asserts that no header value appears in the outcome.
    let outcome = probe_url(fake.url("/mcp"), Some(RemoteKind::Http));
    match error_kind(&outcome) {
        ProbeErrorKind::HttpStatus { status: 400, detail } => assert!(detail.contains("[redacted]"), "{detail}"),
        other => panic!("expected a 400 failure, got {other:?}"),
    }
}

#[test]
fn an_unreachable_port_is_a_tcp_failure() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let outcome = probe_url(format!("http://127.0.0.1:{port}/mcp"), None);
    assert_eq!(outcome.phase_reached, Phase::Connect);
    assert!(matches!(error_kind(&outcome), ProbeErrorKind::Connect { layer: ConnectLayer::Tcp, .. }), "{outcome:?}");
}

#[test]
fn an_unknown_host_is_a_dns_failure() {
    let outcome = probe_url("http://mcpcheck-probe-test.invalid/mcp".to_owned(), None);
    assert!(matches!(error_kind(&outcome), ProbeErrorKind::Connect { layer: ConnectLayer::Dns, .. }), "{outcome:?}");
}

#[test]
fn unusable_urls_and_websocket_are_url_failures() {
    for (url, kind) in [("ftp://example.com/mcp", None), ("ws://127.0.0.1:1/mcp", Some(RemoteKind::Ws))] {
        let outcome = probe_url(url.to_owned(), kind);
        assert!(matches!(error_kind(&outcome), ProbeErrorKind::Connect { layer: ConnectLayer::Url, .. }), "{url}");
    }
}
