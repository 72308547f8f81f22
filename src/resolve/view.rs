//! The effective-servers view behind `mcpcheck config`: for each client and project, which
//! entries load, from which file and scope, what they shadow, which never load and why, and
//! for every `${…}` reference whether it is set, defaulted or unset.
//!
//! Only names, scopes, transports and text as written appear here, with literal parts of
//! `env` and `headers` values, URL passwords, token-like query parameters and secret-looking
//! arguments replaced by `***`. Resolved values never do.

use crate::dialect::ProjectContext;
use crate::finding::Target;
use crate::redact;
use crate::resolve::env::{Status, VarOrigin};
use crate::resolve::layering::Placed;

/// What `mcpcheck config` shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ConfigView {
    /// One entry per client with configuration in the run.
    pub clients: Vec<ClientView>,
}

/// One client's servers for one project.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ClientView {
    /// The client, e.g. "Claude Code".
    pub client: String,
    /// The project root whose local-scope entries were used.
    pub project: Option<String>,
    /// The entries the client uses, one per name.
    pub servers: Vec<ServerView>,
    /// Entries that do not load, each with its reason.
    pub not_loaded: Vec<NotLoaded>,
}

/// Where an entry is written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    /// The scope (managed, local, project, user).
    pub scope: String,
    /// The file.
    pub file: String,
    /// 1-based line of the entry's key.
    pub line: usize,
    /// 1-based column of the entry's key.
    pub column: usize,
}

/// A `${…}` reference and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Variable {
    /// The variable name.
    pub name: String,
    /// `set`, `default`, `unset`, `not-expanded` or `supplied-by-client`.
    pub status: &'static str,
    /// For `set`: where the value came from (`environment`, `env-file`, `flag`).
    pub source: Option<String>,
    /// The field it is in, e.g. `env.GITHUB_TOKEN`.
    pub field: String,
}

/// One effective server.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ServerView {
    /// The server's name.
    pub name: String,
    /// Where the winning entry is.
    pub origin: Origin,
    /// `stdio`, `http`, `sse`, `ws`, or `invalid` when the client rejects the entry.
    pub transport: String,
    /// The command as written (stdio).
    pub command: Option<String>,
    /// The arguments as written, secret-looking ones masked.
    pub args: Vec<String>,
    /// The identity of each package a launcher fetches (`npm:name@1.2.3`...), as
    /// `policy.servers.allowed` in mcpcheck.json lists them; credentials in git URLs masked.
    pub packages: Vec<String>,
    /// The URL as written, password and token-like parameters masked (remote).
    pub url: Option<String>,
    /// `env` names with their values as written, literal text masked.
    pub env: Vec<(String, String)>,
    /// `headers` names with their values as written, literal text masked.
    pub headers: Vec<(String, String)>,
    /// Every reference in the expanded fields.
    pub variables: Vec<Variable>,
    /// Entries of the same name this one hides.
    pub shadows: Vec<Origin>,
}

/// An entry that does not load.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NotLoaded {
    /// The server's name.
    pub name: String,
    /// Where it is.
    pub origin: Origin,
    /// Why it does not load.
    pub reason: String,
}

impl ConfigView {
    /// Build the view for the files of one run.
    pub fn new(project: &ProjectContext<'_>) -> Self {
        let mut clients: Vec<ClientView> = claude_code(project).into_iter().collect();
        clients.extend(other_clients(project));
        Self { clients }
    }
}

/// The other clients' views: for each client (in the order its files came), the entries of
/// all its files, one per name, the strongest scope winning (local > project > user).
fn other_clients(project: &ProjectContext<'_>) -> Vec<ClientView> {
    let mut names: Vec<&'static str> = Vec::new();
    for file in project.files {
        let client = file.dialect.client;
        let skip = file.dialect.id.starts_with("claude-code") || file.dialect.id == "mcp-settings";
        if !skip && !names.contains(&client) {
            names.push(client);
        }
    }
    names
        .into_iter()
        .map(|client| {
            let mut placed: Vec<Placed<'_>> = project
                .files
                .iter()
                .filter(|f| f.dialect.client == client)
                .flat_map(|file| file.servers.iter().map(move |server| Placed { file, server }))
                .collect();
            placed.sort_by_key(|p| crate::resolve::layering::precedence(p.scope()));
            let mut servers: Vec<ServerView> = Vec::new();
            let mut not_loaded = Vec::new();
            let mut winners: Vec<Placed<'_>> = Vec::new();
            let mut by_name: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for p in placed {
                match by_name.get(p.server.name).copied() {
                    Some(i) => {
                        let winner = winners[i];
                        servers[i].shadows.push(origin(&p));
                        not_loaded.push(NotLoaded {
                            name: p.server.name.to_owned(),
                            origin: origin(&p),
                            reason: format!(
                                "shadowed by the {}-scope entry in {}",
                                winner.scope().as_str(),
                                winner.path().display()
                            ),
                        });
                    }
                    None => {
                        by_name.insert(p.server.name, winners.len());
                        winners.push(p);
                        servers.push(server_view(&p, Vec::new()));
                    }
                }
            }
            ClientView { client: client.to_owned(), project: None, servers, not_loaded }
        })
        .collect()
}

/// Claude Code's view, when the run has any of its servers or managed files.
fn claude_code(project: &ProjectContext<'_>) -> Option<ClientView> {
    let layers = project.claude_code();
    if layers.servers.is_empty() && layers.managed_files.is_empty() {
        return None;
    }
    let layered = project.claude_code_layered();
    // The entries each winner hides, keyed by the winner's identity (linear in the count).
    let mut hidden: std::collections::HashMap<*const crate::model::ServerEntry<'_>, Vec<Origin>> =
        std::collections::HashMap::new();
    for (loser, winner) in &layered.shadowed {
        hidden.entry(std::ptr::from_ref(winner.server)).or_default().push(origin(loser));
    }
    // Entries Claude Code's settings keep from loading (deny list, allowlist, disabled .mcp.json
    // servers) are listed with the reason, not as loading.
    let policy = project.claude_code_policy();
    let mut blocked: Vec<NotLoaded> = Vec::new();
    let servers = layered
        .effective
        .iter()
        .filter(|winner| match policy.why_not_loaded(winner) {
            Some(reason) => {
                blocked.push(NotLoaded { name: winner.server.name.to_owned(), origin: origin(winner), reason });
                false
            }
            None => true,
        })
        .map(|winner| server_view(winner, hidden.remove(&std::ptr::from_ref(winner.server)).unwrap_or_default()))
        .collect();
    let mut not_loaded: Vec<NotLoaded> = layered
        .shadowed
        .iter()
        .map(|(loser, winner)| NotLoaded {
            name: loser.server.name.to_owned(),
            origin: origin(loser),
            reason: format!("shadowed by the {}-scope entry in {}", winner.scope().as_str(), winner.path().display()),
        })
        .collect();
    if let Some(managed) = layers.managed_files.first() {
        not_loaded.extend(layered.suppressed_by_managed.iter().map(|p| NotLoaded {
            name: p.server.name.to_owned(),
            origin: origin(p),
            reason: format!("{} has exclusive control", managed.file.source.path().display()),
        }));
    }
    not_loaded.extend(blocked);
    not_loaded.sort_by(|a, b| (&a.origin.file, a.origin.line).cmp(&(&b.origin.file, b.origin.line)));
    Some(ClientView {
        client: "Claude Code".to_owned(),
        project: project.project_root.map(|p| p.display().to_string()),
        servers,
        not_loaded,
    })
}

fn origin(placed: &Placed<'_>) -> Origin {
    let location = placed.locate(Target::Key, "");
    Origin {
        scope: placed.scope().as_str().to_owned(),
        file: placed.path().display().to_string(),
        line: location.start.line,
        column: location.start.column,
    }
}

fn server_view(placed: &Placed<'_>, shadows: Vec<Origin>) -> ServerView {
    let server = placed.server;
    let resolved = &server.resolved;
    let masked_map = |field: &str| -> Vec<(String, String)> {
        resolved
            .field(field)
            .map(|v| {
                let key = match v.pointer.last() {
                    Some(crate::pointer::Segment::Key(k)) => k.clone(),
                    _ => String::new(),
                };
                (key, redact::mask_value(v.raw))
            })
            .collect()
    };
    let variables = resolved
        .values
        .iter()
        .flat_map(|v| {
            let field = v.pointer.segments()[server.pointer.segments().len()..]
                .iter()
                .fold(crate::pointer::Pointer::root(), |p, s| match s {
                    crate::pointer::Segment::Key(k) => p.key(k.as_str()),
                    crate::pointer::Segment::Index(i) => p.index(*i),
                })
                .dotted();
            v.expanded.references.iter().map(move |r| {
                let (status, source) = match &r.status {
                    Status::Set(origin) => ("set", Some(origin_name(origin))),
                    Status::Default => ("default", None),
                    Status::Unset => ("unset", None),
                    Status::NotExpanded => ("not-expanded", None),
                    Status::Supplied => ("supplied-by-client", None),
                };
                Variable { name: r.reference.name.clone(), status, source, field: field.clone() }
            })
        })
        .collect();
    ServerView {
        name: server.name.to_owned(),
        origin: origin(placed),
        transport: server.transport.transport().map_or("invalid", |t| t.as_str()).to_owned(),
        command: resolved.scalar("command").map(|v| redact::mask_tokens(v.raw)),
        args: {
            let raw: Vec<&str> = resolved.field("args").map(|v| v.raw).collect();
            raw.iter().enumerate().map(|(i, a)| mask_argument(a, i > 0 && redact::is_secret_flag(raw[i - 1]))).collect()
        },
        packages: crate::launch::Launch::of(server)
            .map(|l| {
                l.packages
                    .iter()
                    .map(|p| {
                        let identity = p.identity().to_string();
                        redact::mask(&identity, &redact::url_secrets(&identity))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        url: resolved.scalar("url").map(|v| mask_url(v.raw)),
        env: masked_map("env"),
        headers: masked_map("headers"),
        variables,
        shadows,
    }
}

fn origin_name(origin: &VarOrigin) -> String {
    match origin {
        VarOrigin::Process => "environment".to_owned(),
        VarOrigin::EnvFile(path) => format!("env-file {}", path.display()),
        VarOrigin::Flag => "flag".to_owned(),
        VarOrigin::Plugin => "Claude Code (plugin)".to_owned(),
    }
}

/// An argument as written, masked when it looks like a secret (`--api-key=…`, any argument
/// after `--token`, a recognised token or a URL's password anywhere in it).
fn mask_argument(raw: &str, after_secret_flag: bool) -> String {
    if after_secret_flag {
        return redact::mask_value(raw);
    }
    match redact::argument_secret(raw) {
        Some(range) => format!("{}{}", &raw[..range.start], redact::mask_value(&raw[range])),
        None => redact::mask(raw, &redact::url_secrets(raw)),
    }
}

/// A URL as written, its password and token-like parameters masked.
fn mask_url(raw: &str) -> String {
    redact::mask(raw, &redact::url_secrets(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secrets_but_keeps_references() {
        assert_eq!(mask_argument("--api-key=abc123", false), "--api-key=***");
        assert_eq!(mask_argument("--token=${T}", false), "--token=${T}");
        assert_eq!(mask_argument("--port=8080", false), "--port=8080");
        assert_eq!(mask_argument("abc123", true), "***");
        let token = format!("xoxb-{}", "1234-Fake5Slack6".repeat(3));
        assert_eq!(mask_argument(&format!("--slack={token}"), false), "--slack=***");
        assert_eq!(
            mask_url("https://u:pw@h.example/mcp?api_key=zz&x=1"),
            "https://u:***@h.example/mcp?api_key=***&x=1"
        );
        assert_eq!(mask_url("https://h.example/mcp"), "https://h.example/mcp");
    }
}
