//! What the rules about failed probes share: where their findings go, how they quote the
//! configured URL and the server's own output, and what each client offers to fix a failure
//! (its start-up timeout setting, its OAuth support). Not a rule itself.

use crate::dialect::{Dialect, claude_code, claude_code_settings, claude_desktop, cline, codex, gemini, roo, zed};
use crate::finding::{FindingBuilder, Target, shorten};
use crate::model::{ServerEntry, Transport};
use crate::probe::context::ProbedServer;
use crate::probe::session::ProbeErrorKind;

/// The kind of failure that stopped the probe of this server, if one did.
pub(super) fn error_kind<'a>(probed: &ProbedServer<'a>) -> Option<&'a ProbeErrorKind> {
    probed.outcome.error.as_ref().map(|error| &error.kind)
}

/// Puts the finding at `field` of the entry (its common name: `command`, `url`) when the entry
/// has it, else at the entry's key.
pub(super) fn at_field(
    builder: FindingBuilder,
    server: &ServerEntry<'_>,
    field: &str,
    label: impl Into<Option<String>>,
) -> FindingBuilder {
    if server.field(field).is_some() {
        builder.at(server.pointer_to(field), Target::Value, label)
    } else {
        builder.at(server.pointer.clone(), Target::Key, label)
    }
}

/// Puts the finding at the entry's key.
pub(super) fn at_key(
    builder: FindingBuilder,
    server: &ServerEntry<'_>,
    label: impl Into<Option<String>>,
) -> FindingBuilder {
    builder.at(server.pointer.clone(), Target::Key, label)
}

/// Whether the client reaches this server over the network.
pub(super) fn is_remote(server: &ServerEntry<'_>) -> bool {
    match server.transport.transport() {
        Some(transport) => transport.is_remote(),
        None => server.field("url").is_some() && server.field("command").is_none(),
    }
}

/// The server's name for messages (names are not secrets, but may be long or odd).
pub(super) fn name(server: &ServerEntry<'_>) -> String {
    clean(&shorten(server.name, 40))
}

/// The configured `url` as written in the file, for messages: never the resolved URL, and
/// without userinfo, query or fragment, which may hold a token.
pub(super) fn shown_url(server: &ServerEntry<'_>) -> Option<String> {
    server.str_field("url").map(strip_url_secrets).filter(|url| !url.is_empty())
}

/// `url` without userinfo, query and fragment, shortened and safe to put between backticks.
pub(super) fn strip_url_secrets(url: &str) -> String {
    let url = url.trim();
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, url),
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let joined = match scheme {
        Some(scheme) => format!("{scheme}://{host}{path}"),
        None => format!("{host}{path}"),
    };
    clean(&shorten(&joined, 100))
}

/// The key that holds the entry's URL in the file (`url`, Gemini CLI's `httpUrl`, Windsurf's
/// `serverUrl`), quoted for help text.
pub(super) fn url_key(server: &ServerEntry<'_>) -> String {
    format!("`{}`", server.key_of("url"))
}

/// The path of the configured `url` (`/mcp`, or "" when it has none), as written.
pub(super) fn url_path(server: &ServerEntry<'_>) -> Option<String> {
    let url = server.str_field("url")?.trim();
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    Some(rest.find('/').map_or(String::new(), |at| rest[at..].to_owned()))
}

/// Text from a server (stderr, stdout, an error message) made safe to quote in one line
/// between backticks: ANSI escape sequences and control characters removed, backticks replaced.
pub(super) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // CSI: ESC [ parameters final-byte; other escapes: ESC plus one character.
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                } else {
                    chars.next();
                }
            }
            '\t' => out.push(' '),
            '`' => out.push('\''),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.trim_end().to_owned()
}

/// The last `count` non-blank lines of `text`, cleaned and shortened to `width` characters.
pub(super) fn last_lines(text: &str, count: usize, width: usize) -> Vec<String> {
    let lines: Vec<String> =
        text.lines().map(clean).map(|line| line.trim().to_owned()).filter(|line| !line.is_empty()).collect();
    let skip = lines.len().saturating_sub(count);
    lines.into_iter().skip(skip).map(|line| shorten(&line, width)).collect()
}

/// Lines quoted for a message: "`a`", "`a` / `b`".
pub(super) fn quote_lines(lines: &[String]) -> String {
    lines.iter().map(|line| format!("`{line}`")).collect::<Vec<_>>().join(" / ")
}

/// `text` with every `scheme://…` word replaced by `<url>`: for messages from the network
/// stack, which may name the resolved URL (and a token in it).
pub(super) fn without_urls(text: &str) -> String {
    let words: Vec<String> =
        text.split(' ').map(|word| if word.contains("://") { "<url>".to_owned() } else { word.to_owned() }).collect();
    clean(&words.join(" "))
}

/// Whether the client is a GUI application, which starts servers with the `PATH` it was
/// launched with rather than the one a terminal's shell profile builds.
pub(super) fn is_gui_client(dialect: &Dialect) -> bool {
    !matches!(dialect.id, id if id == claude_code::DIALECT.id
        || id == claude_code_settings::DIALECT.id
        || id == codex::DIALECT.id
        || id == gemini::DIALECT.id
        || id == "mcp-settings")
}

/// Whether the dialect is Claude Code's (either of its file kinds).
pub(super) fn is_claude_code(dialect: &Dialect) -> bool {
    dialect.id == claude_code::DIALECT.id || dialect.id == claude_code_settings::DIALECT.id
}

/// The setting with which the client waits longer for a server, when it has one, as a phrase
/// to append to help ("raise … ").
pub(super) fn client_timeout_setting(dialect: &Dialect) -> Option<&'static str> {
    Some(match dialect.id {
        _ if is_claude_code(dialect) => {
            "`MCP_TIMEOUT` in the environment Claude Code starts in (milliseconds, default 30000; e.g. `MCP_TIMEOUT=60000 claude`)"
        }
        id if id == codex::DIALECT.id => "the entry's `startup_timeout_sec` (Codex waits 10 seconds by default)",
        id if id == gemini::DIALECT.id => "the entry's `timeout` (milliseconds; Gemini CLI's default is 600000)",
        id if id == cline::DIALECT.id => "the entry's `timeout` (seconds, 1 to 3600; Cline's default is 60)",
        id if id == roo::DIALECT.id => "the entry's `timeout` (seconds, 1 to 3600; Roo Code's default is 60)",
        id if id == zed::DIALECT.id => "the entry's `timeout` (seconds; Zed's default is 60)",
        _ => return None,
    })
}

/// The entry field holding the client's own start-up timeout, which `mcpcheck probe` uses in
/// place of `--timeout` when the entry sets it (Codex, Gemini CLI, Cline, Roo Code).
pub(super) fn entry_timeout_field(dialect: &Dialect) -> Option<&'static str> {
    match dialect.id {
        id if id == codex::DIALECT.id => Some("startup_timeout_sec"),
        id if id == gemini::DIALECT.id || id == cline::DIALECT.id || id == roo::DIALECT.id => Some("timeout"),
        _ => None,
    }
}

/// Whether and how the client signs in to a server that needs OAuth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OAuthSupport {
    /// The client runs the OAuth flow itself; the text says how to start it (`{name}` stands
    /// for the server's name).
    Yes(&'static str),
    /// The client cannot sign in for this entry; the text says why and what to do.
    No(&'static str),
    /// Not known for this client.
    Unknown,
}

/// What the client does for a remote server that needs OAuth.
pub(super) fn oauth_support(dialect: &Dialect, server: &ServerEntry<'_>) -> OAuthSupport {
    let transport = server.transport.transport();
    match dialect.id {
        _ if is_claude_code(dialect) && transport == Some(Transport::Ws) => OAuthSupport::No(
            "Claude Code has no OAuth sign-in for `ws` servers: use the server's `http` endpoint, or a token in `headers`",
        ),
        _ if is_claude_code(dialect) => {
            OAuthSupport::Yes("run `/mcp` in Claude Code, choose `{name}` and then Authenticate")
        }
        id if id == claude_desktop::DIALECT.id => OAuthSupport::No(
            "Claude Desktop does not connect to remote servers from this file: add the server under Settings → Connectors, which signs in with OAuth",
        ),
        id if id == codex::DIALECT.id => OAuthSupport::Yes("run `codex mcp login {name}`"),
        id if id == gemini::DIALECT.id => OAuthSupport::Yes("run `/mcp auth {name}` in Gemini CLI"),
        "cursor" => OAuthSupport::Yes("Cursor offers the sign-in next to the server in its MCP settings"),
        "vscode" => OAuthSupport::Yes("VS Code asks you to sign in when the server starts"),
        "windsurf" => OAuthSupport::Yes("Windsurf asks you to sign in when it connects"),
        id if id == cline::DIALECT.id => OAuthSupport::Yes("Cline offers the sign-in in its MCP Servers view"),
        id if id == zed::DIALECT.id => OAuthSupport::Yes("Zed asks you to sign in when the server starts"),
        _ => OAuthSupport::Unknown,
    }
}

/// The entry field that holds a pre-registered OAuth client ID in this client, as a path
/// (`oauth.clientId`), when the client has one.
pub(super) fn client_id_field(dialect: &Dialect) -> Option<(&'static str, &'static str)> {
    match dialect.id {
        _ if is_claude_code(dialect) => Some(("oauth", "clientId")),
        "vscode" => Some(("oauth", "clientId")),
        id if id == gemini::DIALECT.id => Some(("oauth", "clientId")),
        id if id == zed::DIALECT.id => Some(("oauth", "client_id")),
        "cursor" => Some(("auth", "CLIENT_ID")),
        _ => None,
    }
}

/// Whether the entry sends an `Authorization` header of its own (a static token), in any of
/// the ways clients spell it.
pub(super) fn has_static_authorization(server: &ServerEntry<'_>) -> bool {
    let in_headers = ["headers", "http_headers", "env_http_headers"].iter().any(|field| {
        server
            .field(field)
            .and_then(|node| node.as_object())
            .is_some_and(|members| members.iter().any(|m| m.key.eq_ignore_ascii_case("authorization")))
    });
    in_headers || server.field("bearer_token_env_var").is_some()
}

/// What to install for a well-known launcher or runtime, by program name (`npx` → Node.js).
pub(super) fn runtime(program: &str) -> Option<&'static str> {
    Some(match program {
        "npx" | "npm" | "node" | "corepack" => "Node.js (it includes `npm` and `npx`)",
        "pnpm" | "pnpx" => "pnpm",
        "yarn" => "Yarn",
        "uvx" | "uv" => "uv (https://docs.astral.sh/uv/, it includes `uvx`)",
        "pipx" => "pipx",
        "bun" | "bunx" => "Bun",
        "deno" => "Deno",
        "docker" => "Docker",
        "podman" => "Podman",
        "java" => "a Java runtime",
        "dotnet" | "dnx" => "the .NET SDK",
        name if name == "py" || name.starts_with("python") => "Python",
        _ => return None,
    })
}

#[cfg(test)]
pub(super) mod testing {
    //! Runs one probe rule over a config text and recorded outcomes.

    use crate::dialect::Dialect;
    use crate::finding::Finding;
    use crate::probe::session::ProbeOutcome;
    use crate::rules::Rule;

    /// The findings of `rule` for `config` (in `dialect`) with `outcomes` as JSON
    /// (`{"server": <ProbeOutcome>}`, as in a fixture's `probe.json`).
    pub(crate) fn run(rule: &dyn Rule, dialect: &'static Dialect, config: &str, outcomes: &str) -> Vec<Finding> {
        let recorded: Vec<(String, ProbeOutcome)> =
            serde_json::from_str::<std::collections::BTreeMap<String, ProbeOutcome>>(outcomes)
                .unwrap()
                .into_iter()
                .collect();
        let recorded: Vec<(&str, ProbeOutcome)> =
            recorded.iter().map(|(name, outcome)| (name.as_str(), outcome.clone())).collect();
        crate::rules::probed_tools::test_support::run(rule, dialect, config, &recorded, None)
    }

    /// The messages of [`run`].
    pub(crate) fn messages(rule: &dyn Rule, dialect: &'static Dialect, config: &str, outcomes: &str) -> Vec<String> {
        run(rule, dialect, config, outcomes).into_iter().map(|f| f.message).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_userinfo_query_and_fragment() {
        assert_eq!(strip_url_secrets("https://user:pw@mcp.example.com/mcp?key=abc#x"), "https://mcp.example.com/mcp");
        assert_eq!(strip_url_secrets("https://${HOST}/v1/mcp"), "https://${HOST}/v1/mcp");
        assert_eq!(strip_url_secrets("localhost:3000/sse?token=1"), "localhost:3000/sse");
        assert_eq!(without_urls("error sending to https://a:b@h/x?t=1: refused"), "error sending to <url> refused");
    }

    #[test]
    fn server_text_is_cleaned_for_quoting() {
        assert_eq!(clean("\u{1b}[31mError\u{1b}[0m: `x`\tbad\r"), "Error: 'x' bad");
        let tail = "one\n\n  two  \nthree\n";
        assert_eq!(last_lines(tail, 2, 100), ["two", "three"]);
        assert_eq!(last_lines("abcdef", 1, 3), ["abc…"]);
        assert_eq!(quote_lines(&["a".to_owned(), "b".to_owned()]), "`a` / `b`");
    }
}
