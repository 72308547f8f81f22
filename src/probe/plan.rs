//! From a config entry to something to probe: the resolved command line or URL exactly as the
//! entry's client would use it, the per-server timeout where the client has one, the redacted
//! description shown before asking for consent, and the secret values that must be masked in
//! whatever the server prints.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::dialect::DocumentContext;
use crate::model::{Scope, ServerEntry, Transport};
use crate::pointer::Segment;
use crate::redact;
use crate::resolve::env::Status;

use super::process::ServerCommand;
use super::target::{ProbeTarget, RemoteKind, RemoteTarget};

/// One server, ready to probe (or the reason it cannot be).
#[derive(Debug, Clone)]
pub struct Plan {
    /// What to start or connect to. Holds resolved secrets: never print it.
    pub target: ProbeTarget,
    /// The command line or URL as written in the file, secrets masked: what the consent
    /// prompt and the status table show.
    pub display: String,
    /// Whether the probe would send values of headers (with variables resolved) to a URL
    /// taken from a project-scope file: gated like running a command.
    pub sends_secrets: bool,
    /// The resolved values that must never appear in output (env and header values, secret
    /// arguments, URL passwords), longest first.
    pub secrets: Vec<String>,
    /// The startup timeout the client itself uses for this server, when its config sets one.
    pub timeout: Option<Duration>,
}

/// Why a server is not probed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unprobeable {
    /// The client rejects the entry or its transport is unknown: the offline findings say why.
    NoTransport,
    /// A required field is missing or not a string (`command`, `url`).
    Missing(&'static str),
    /// A transport the probe does not speak yet (WebSocket).
    Unsupported(&'static str),
}

impl std::fmt::Display for Unprobeable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoTransport => f.write_str("the client cannot tell how to reach it"),
            Self::Missing(field) => write!(f, "it has no usable `{field}`"),
            Self::Unsupported(transport) => write!(f, "mcpcheck cannot probe {transport} servers yet"),
        }
    }
}

/// The plan for `server` of `cx`'s file; relative `cwd`s are taken from `project_root`.
pub fn plan(cx: &DocumentContext<'_>, server: &ServerEntry<'_>, project_root: &Path) -> Result<Plan, Unprobeable> {
    let transport = server.transport.transport().ok_or(Unprobeable::NoTransport)?;
    if transport == Transport::Ws {
        return Err(Unprobeable::Unsupported("WebSocket"));
    }
    let resolved = &server.resolved;
    let mut secrets = Vec::new();
    let mut keep_secret = |value: &str| {
        if value.chars().count() >= 4 && !secrets.iter().any(|known| known == value) {
            secrets.push(value.to_owned());
        }
    };
    let named = |field: &str| -> Vec<(String, String)> {
        resolved
            .field(field)
            .filter_map(|value| match value.pointer.last() {
                Some(Segment::Key(key)) => Some((key.clone(), value.expanded.value.clone())),
                _ => None,
            })
            .collect()
    };
    let target = if transport == Transport::Stdio {
        let program = resolved.scalar("command").ok_or(Unprobeable::Missing("command"))?;
        let args: Vec<String> = resolved.field("args").map(|value| value.expanded.value.clone()).collect();
        for (i, arg) in args.iter().enumerate() {
            if let Some(range) = redact::argument_secret(arg) {
                keep_secret(&arg[range]);
            } else if i > 0 && redact::is_secret_flag(&args[i - 1]) {
                keep_secret(arg);
            }
        }
        let env = named("env");
        for (_, value) in &env {
            keep_secret(value);
        }
        let cwd = server.str_field("cwd").map(|cwd| {
            let cwd = PathBuf::from(cwd);
            if cwd.is_absolute() { cwd } else { project_root.join(cwd) }
        });
        ProbeTarget::Stdio(ServerCommand {
            program: OsString::from(&program.expanded.value),
            args: args.into_iter().map(OsString::from).collect(),
            env: env.into_iter().map(|(key, value)| (OsString::from(key), OsString::from(value))).collect(),
            cwd,
        })
    } else {
        let url = resolved.scalar("url").ok_or(Unprobeable::Missing("url"))?;
        for range in redact::url_secrets(&url.expanded.value) {
            keep_secret(&url.expanded.value[range]);
        }
        let headers = named("headers");
        for (_, value) in &headers {
            keep_secret(value);
            // `Bearer <token>`: the token alone may be echoed too.
            if let Some((_, token)) = value.split_once(' ') {
                keep_secret(token);
            }
        }
        let kind = if transport == Transport::Sse { RemoteKind::Sse } else { RemoteKind::Http };
        // A declared type is what the client uses; an inferred one lets the probe fall back
        // the way clients that infer do (streamable HTTP first, then legacy SSE).
        let kind = matches!(server.transport, crate::model::TransportChoice::Declared(_)).then_some(kind);
        ProbeTarget::Remote(RemoteTarget { url: url.expanded.value.clone(), headers, kind })
    };
    secrets.sort_by_key(|secret| std::cmp::Reverse(secret.len()));
    let sends_secrets = matches!(&target, ProbeTarget::Remote(remote) if !remote.headers.is_empty())
        && resolved
            .field("headers")
            .any(|value| value.expanded.references.iter().any(|reference| matches!(reference.status, Status::Set(_))))
        && !matches!(server.scope, Some(Scope::User | Scope::Local | Scope::Managed));
    Ok(Plan { display: display(server, transport), sends_secrets, secrets, timeout: timeout(cx, server), target })
}

/// The entry as written, secrets masked: `npx -y @scope/server --token ***` or the URL.
fn display(server: &ServerEntry<'_>, transport: Transport) -> String {
    let resolved = &server.resolved;
    if transport == Transport::Stdio {
        let raw: Vec<&str> =
            resolved.scalar("command").into_iter().chain(resolved.field("args")).map(|v| v.raw).collect();
        let words: Vec<String> = raw
            .iter()
            .enumerate()
            .map(|(i, word)| {
                if i > 1 && redact::is_secret_flag(raw[i - 1]) && !word.starts_with("${") {
                    return "***".to_owned();
                }
                let mut ranges = redact::url_secrets(word);
                ranges.extend(redact::argument_secret(word));
                let masked = redact::mask(word, &ranges);
                if masked.contains(char::is_whitespace) { format!("'{masked}'") } else { masked }
            })
            .collect();
        words.join(" ")
    } else {
        let url = resolved.scalar("url").map_or("", |v| v.raw);
        redact::mask(url, &redact::url_secrets(url))
    }
}

/// The startup timeout the client uses for this server, from the fields clients document:
/// Codex `startup_timeout_sec` (or the older `startup_timeout_ms`), Gemini CLI `timeout` (ms),
/// Cline and Roo Code `timeout` (s).
fn timeout(cx: &DocumentContext<'_>, server: &ServerEntry<'_>) -> Option<Duration> {
    let number = |field: &str| server.field(field).and_then(|node| node.as_f64()).filter(|n| n.is_finite() && *n > 0.0);
    let seconds = match cx.dialect.id {
        "codex" => number("startup_timeout_sec").or_else(|| number("startup_timeout_ms").map(|ms| ms / 1000.0)),
        "gemini" => number("timeout").map(|ms| ms / 1000.0),
        "cline" | "roo" => number("timeout"),
        _ => None,
    }?;
    Some(Duration::from_secs_f64(seconds.min(24.0 * 3600.0)))
}

/// `text` with every one of `secrets` replaced by `***` and recognised token formats masked:
/// for the stderr a server printed, which may echo its environment.
pub fn redact_output(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), "***");
        }
    }
    redact::mask_tokens(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::{Detection, claude_code};
    use crate::finding::FileRef;
    use crate::resolve::env::{Environment, VarOrigin};
    use crate::source::SourceFile;

    /// The plan (or why none) of every server of a Claude Code `.mcp.json` text.
    fn plans(text: &str, env: &Environment) -> Vec<Result<Plan, Unprobeable>> {
        let source = SourceFile::new(".mcp.json", text);
        let doc = crate::parse::parse(&source).unwrap();
        let dialect = &claude_code::DIALECT;
        let file = FileRef::new(&source, Some(&doc));
        let cx = DocumentContext::new(file, &doc, dialect, dialect.default_role, Detection::Path, env);
        cx.servers.iter().map(|server| plan(&cx, server, Path::new("/project"))).collect()
    }

    #[test]
    fn resolves_as_the_client_and_keeps_the_secrets_to_mask() {
        let mut env = Environment::empty();
        env.set("TOKEN", "tok-123456", VarOrigin::Flag);
        let text = r#"{"mcpServers": {
            "local": {"command": "srv", "args": ["--api-key", "${TOKEN}", "--x=1"], "env": {"K": "literal-value"}, "cwd": "sub"},
            "remote": {"type": "http", "url": "https://h.example/mcp", "headers": {"Authorization": "Bearer ${TOKEN}"}},
            "plain": {"type": "sse", "url": "https://h.example/sse"},
            "socket": {"type": "ws", "url": "wss://h.example/ws"}
        }}"#;
        let plans = plans(text, &env);
        let [Ok(local), Ok(remote), Ok(plain), Err(socket)] = &plans[..] else { panic!("{plans:?}") };
        let ProbeTarget::Stdio(command) = &local.target else { panic!("stdio") };
        assert_eq!(command.args, ["--api-key", "tok-123456", "--x=1"]);
        assert_eq!(command.cwd.as_deref(), Some(Path::new("/project/sub")));
        assert_eq!(local.secrets, ["literal-value", "tok-123456"]);
        assert_eq!(local.display, "srv --api-key ${TOKEN} --x=1");
        assert!(!local.sends_secrets);
        // A header with a resolved variable, from a project file: gated like a command.
        let ProbeTarget::Remote(target) = &remote.target else { panic!("remote") };
        assert_eq!(target.headers, [("Authorization".to_owned(), "Bearer tok-123456".to_owned())]);
        assert_eq!(target.kind, Some(RemoteKind::Http));
        assert!(remote.sends_secrets);
        assert!(remote.secrets.contains(&"tok-123456".to_owned()));
        assert!(!plain.sends_secrets, "no headers, nothing secret sent");
        assert_eq!(socket, &Unprobeable::Unsupported("WebSocket"));
    }

    #[test]
    fn redacts_echoed_secrets_and_token_formats() {
        let text = plan_output("key=tok-123456 and ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        assert!(!text.contains("tok-123456") && !text.contains("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), "{text}");
    }

    fn plan_output(text: &str) -> String {
        redact_output(text, &["tok-123456".to_owned()])
    }
}
