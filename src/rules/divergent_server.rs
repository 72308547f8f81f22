//! `divergent-server`: one server name that means different servers in two clients' files of
//! the same project.

use super::{Rule, RuleMeta};
use crate::dialect::{DocumentContext, ProjectContext};
use crate::finding::{Finding, FindingBuilder, Target};
use crate::launch::{Identity, Launch, program_name};
use crate::model::{Scope, ServerEntry};
use crate::redact;
use crate::resolve::env::scan;

declare_rule! {
    /// ## What it does
    /// Reports a server name that two MCP clients' project files define differently: for
    /// example `github` in `.mcp.json` (Claude Code) running one version of a package and
    /// `github` in `.cursor/mcp.json` (Cursor) running another, or the two entries reaching
    /// different URLs, different packages, different programs or different transports. Both
    /// locations are shown.
    ///
    /// Differences that come only from the clients' own syntax are not reported: variable
    /// references are left out of the comparison (Cursor's `${env:TOKEN}` and Claude Code's
    /// `${TOKEN}` are the same value), as are `./` and the `${workspaceFolder}/` prefix of a
    /// path, a trailing `/` of a URL, and environment and header values, which each client
    /// spells its own way. A stdio bridge such as `npx mcp-remote <url>` in one client and the
    /// same `<url>` as a remote server in another are the same server.
    ///
    /// ## Why is this bad?
    /// A team that keeps one server list per client expects `github` to be the same server
    /// everywhere. When the copies drift, the same prompt gets different tools (or a stale,
    /// unpatched version) depending on which editor a teammate uses, and nobody notices
    /// because each file is valid on its own.
    ///
    /// ## Example
    /// `.mcp.json`:
    /// ```json
    /// { "mcpServers": { "github": { "command": "npx", "args": ["-y", "@acme/github-mcp@1.4.0"] } } }
    /// ```
    /// `.cursor/mcp.json`:
    /// ```json
    /// { "mcpServers": { "github": { "command": "npx", "args": ["-y", "@acme/github-mcp@1.2.0"] } } }
    /// ```
    ///
    /// ## Use instead
    /// The same package and version (or the same URL) in every client's file, or different
    /// names for servers that really are different.
    pub DivergentServer {
        id: "divergent-server",
        summary: "A server name that two clients' project files define differently",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for DivergentServer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        // Every project-scope entry of a client's file, in input order.
        let entries: Vec<(&DocumentContext<'_>, &ServerEntry<'_>)> = cx
            .files
            .iter()
            .filter(|file| file.dialect.id != "mcp-settings" && file.role.scope == Some(Scope::Project))
            .flat_map(|file| file.servers.iter().map(move |server| (file, server)))
            .collect();
        // For each name, the clients seen so far and the first entry of each (linear: a file
        // may hold many thousands of servers).
        let mut first_by_name: std::collections::HashMap<&str, Vec<(&'static str, usize)>> =
            std::collections::HashMap::new();
        for (i, (file, server)) in entries.iter().enumerate() {
            let seen = first_by_name.entry(server.name).or_default();
            let client = file.dialect.client;
            if seen.iter().any(|(c, _)| *c == client) {
                continue;
            }
            // Compare with the first entry of that name in another client's file, once.
            let first = seen.first().map(|&(_, at)| at);
            seen.push((client, i));
            let Some(at) = first else { continue };
            let (other_file, other) = entries[at];
            let Some(difference) = difference(server, other) else { continue };
            let other_path = other_file.file.source.path().display();
            let builder = FindingBuilder::new(
                &Self::META,
                format!(
                    "server `{}` is defined differently for {} in `{other_path}`: {difference}; the same name gives different tools depending on the client",
                    server.name, other_file.dialect.client,
                ),
            )
            .at(server.pointer.clone(), Target::Key, Some(format!("{}'s `{}`", file.dialect.client, server.name)))
            .related_location(other_file.file.locate(
                &other.pointer,
                &Target::Key,
                Some(format!("{}'s `{}`", other_file.dialect.client, other.name)),
            ))
            .help(format!(
                "Make both entries start the same package and version (or reach the same URL), or rename one of them if they are different servers (e.g. `{}-{}`)",
                server.name,
                file.dialect.id,
            ));
            out.push(builder.build(&file.file));
        }
    }
}

/// What a server entry runs or reaches, written so that two clients' spellings of the same
/// thing compare equal.
#[derive(Debug, PartialEq, Eq)]
enum Endpoint {
    /// A remote server's URL (references removed, no trailing `/`).
    Url(String),
    /// A stdio server that runs packages from a registry.
    Packages(Vec<Identity>),
    /// A stdio server that runs a program with arguments (references and `./` removed).
    Program(String, Vec<String>),
}

impl Endpoint {
    fn of(server: &ServerEntry<'_>) -> Option<Self> {
        let transport = server.transport.transport()?;
        if transport.is_remote() {
            return server.str_field("url").map(|url| Endpoint::Url(neutral_url(url)));
        }
        let launch = Launch::of(server)?;
        if !launch.packages.is_empty() {
            let mut identities: Vec<Identity> = launch.packages.iter().map(|p| p.identity()).collect();
            identities.sort();
            return Some(Endpoint::Packages(identities));
        }
        let program = program_name(server.str_field("command")?);
        let args = server
            .field("args")
            .and_then(|a| a.as_array())
            .unwrap_or_default()
            .iter()
            .map(|a| neutral_path(a.as_str().unwrap_or("")))
            .collect();
        Some(Endpoint::Program(program, args))
    }

    /// Whether a stdio entry bridges to this URL (`npx mcp-remote <url>` and the like).
    fn bridges_to(server: &ServerEntry<'_>, url: &str) -> bool {
        server
            .field("args")
            .and_then(|a| a.as_array())
            .unwrap_or_default()
            .iter()
            .any(|a| a.as_str().is_some_and(|a| neutral_url(a) == url))
    }

    fn describe(&self) -> String {
        match self {
            Endpoint::Url(url) => {
                let masked = redact::mask_tokens(&redact::mask(url, &redact::url_secrets(url)));
                format!("`{}`", crate::finding::shorten(&masked, 80))
            }
            Endpoint::Packages(ids) => ids.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(" and "),
            Endpoint::Program(program, _) => format!("`{program}`"),
        }
    }
}

/// How `here` differs from `there`, or `None` when they are the same server (or either
/// cannot be told: a broken entry is other rules' business).
fn difference(here: &ServerEntry<'_>, there: &ServerEntry<'_>) -> Option<String> {
    let (a, b) = (Endpoint::of(here)?, Endpoint::of(there)?);
    if a == b {
        return None;
    }
    Some(match (&a, &b) {
        (Endpoint::Url(_), Endpoint::Url(_)) => {
            format!("it connects to {} here and to {} there", a.describe(), b.describe())
        }
        (Endpoint::Url(url), _) if Endpoint::bridges_to(there, url) => return None,
        (_, Endpoint::Url(url)) if Endpoint::bridges_to(here, url) => return None,
        (Endpoint::Url(_), _) => format!(
            "it is reached over the network here ({}) and started as a local process there ({})",
            a.describe(),
            b.describe()
        ),
        (_, Endpoint::Url(_)) => format!(
            "it is started as a local process here ({}) and reached over the network there ({})",
            a.describe(),
            b.describe()
        ),
        (Endpoint::Packages(x), Endpoint::Packages(y)) if same_names(x, y) => {
            format!("it runs {} here and {} there (different versions)", a.describe(), b.describe())
        }
        (Endpoint::Packages(_), Endpoint::Packages(_)) => {
            format!("it runs {} here and {} there", a.describe(), b.describe())
        }
        (Endpoint::Program(p, _), Endpoint::Program(q, _)) if p == q => {
            format!("both start {} but with different arguments", a.describe())
        }
        _ => format!("it starts {} here and {} there", a.describe(), b.describe()),
    })
}

/// Whether two package lists name the same packages (versions aside).
fn same_names(a: &[Identity], b: &[Identity]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.ecosystem == y.ecosystem && x.name == y.name)
}

/// The text without its variable references.
fn without_references(text: &str) -> String {
    let found = scan(text);
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for r in &found.references {
        out.push_str(&text[cursor..r.range.start]);
        cursor = r.range.end;
    }
    out.push_str(&text[cursor..]);
    out
}

fn neutral_url(url: &str) -> String {
    without_references(url.trim()).trim_end_matches('/').to_owned()
}

fn neutral_path(arg: &str) -> String {
    let text = without_references(arg);
    let mut text = text.as_str();
    loop {
        let next = text.trim_start_matches("./").trim_start_matches(['/', '\\']);
        if next == text {
            break;
        }
        text = next;
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_differences_are_not_differences() {
        assert_eq!(neutral_path("${workspaceFolder}/server.js"), "server.js");
        assert_eq!(neutral_path("./server.js"), "server.js");
        assert_eq!(neutral_path("${CLAUDE_PROJECT_DIR:-.}/server.js"), "server.js");
        assert_eq!(neutral_url("https://${env:HOST}/mcp/"), neutral_url("https://${HOST}/mcp"));
        assert_ne!(neutral_path("dist/server.js"), neutral_path("server.js"));
    }
}
