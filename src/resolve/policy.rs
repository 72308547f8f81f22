//! Claude Code's MCP policy: the allow and deny lists and the `.mcp.json` approvals of the
//! settings files, merged as Claude Code merges them, and the decision for each server entry
//! that layering left in effect. Pure: it reads parsed settings files and resolved server
//! entries, never the disk or the process environment.
//!
//! * `allowedMcpServers` / `deniedMcpServers`: arrays of single-key entries (`serverName`,
//!   `serverCommand`, `serverUrl`). Lists merge across every settings file;
//!   `allowManagedMcpServersOnly: true` in managed settings keeps only the managed allowlist;
//!   denylists always merge. Deny beats allow. An unset allowlist allows everything, `[]`
//!   nothing. Once the allowlist has a `serverCommand` entry, stdio servers must match a command
//!   entry; once it has a `serverUrl` entry, remote servers must match a URL entry (a
//!   `serverName` match no longer admits them).
//! * `.mcp.json` approvals: `disabledMcpjsonServers` (any file) rejects and wins over
//!   `enableAllProjectMcpServers` and `enabledMcpjsonServers`; a server neither rejected nor
//!   approved is pending: interactive sessions ask on first use.
//!
//! See: <https://code.claude.com/docs/en/managed-mcp> ("Policy-based control"),
//! <https://code.claude.com/docs/en/settings>, <https://code.claude.com/docs/en/mcp>

use std::path::Path;

use crate::dialect::DocumentContext;
use crate::finding::{Location, Target};
use crate::model::{Scope, Transport};
use crate::parse::Node;
use crate::pointer::Pointer;
use crate::resolve::env::{CLAUDE_CODE, Environment, Status, expand};
use crate::resolve::layering::Placed;

/// `allowManagedMcpServersOnly`.
pub const MANAGED_ONLY: &str = "allowManagedMcpServersOnly";
/// `enableAllProjectMcpServers`.
pub const ENABLE_ALL: &str = "enableAllProjectMcpServers";
/// `enabledMcpjsonServers`.
pub const ENABLED: &str = "enabledMcpjsonServers";
/// `disabledMcpjsonServers`.
pub const DISABLED: &str = "disabledMcpjsonServers";

/// Which of the two server lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// `allowedMcpServers`.
    Allow,
    /// `deniedMcpServers`.
    Deny,
}

impl List {
    /// The settings key.
    pub fn key(self) -> &'static str {
        match self {
            List::Allow => "allowedMcpServers",
            List::Deny => "deniedMcpServers",
        }
    }
}

/// The three forms of a list entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `serverName`: the exact name.
    Name,
    /// `serverCommand`: the exact argv of a stdio server.
    Command,
    /// `serverUrl`: a URL pattern with `*` wildcards.
    Url,
}

impl Kind {
    /// Every kind, in the order the keys are documented.
    pub const ALL: [Kind; 3] = [Kind::Name, Kind::Command, Kind::Url];

    /// The entry key.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Name => "serverName",
            Kind::Command => "serverCommand",
            Kind::Url => "serverUrl",
        }
    }
}

/// A value in a settings file: the file and a pointer into it.
#[derive(Debug, Clone)]
pub struct Setting<'a> {
    /// The settings file.
    pub file: &'a DocumentContext<'a>,
    /// Where the value is.
    pub pointer: Pointer,
}

impl<'a> Setting<'a> {
    /// A location of this value, for related locations of findings in other files.
    pub fn locate(&self, target: Target, label: impl Into<String>) -> Location {
        self.file.file.locate(&self.pointer, &target, Some(label.into()))
    }

    /// The file's path for messages.
    pub fn path(&self) -> &'a Path {
        self.file.file.source.path()
    }

    /// The file's scope (managed, local, project or user settings).
    pub fn scope(&self) -> Scope {
        self.file.role.scope.unwrap_or(Scope::Project)
    }

    /// Whether the file is a managed settings file.
    pub fn is_managed(&self) -> bool {
        self.scope() == Scope::Managed
    }
}

/// What a valid entry matches. Command and URL values are `${VAR}`-expanded (they may hold
/// secrets: never print them); names are never expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// `serverName`.
    Name(String),
    /// `serverCommand`, expanded.
    Command(Vec<String>),
    /// `serverUrl`, expanded.
    Url(String),
}

impl Matcher {
    /// The entry's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Matcher::Name(_) => Kind::Name,
            Matcher::Command(_) => Kind::Command,
            Matcher::Url(_) => Kind::Url,
        }
    }
}

/// A valid list entry and where it is.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The entry (`/allowedMcpServers/2`).
    pub at: Setting<'a>,
    /// What it matches.
    pub matcher: Matcher,
}

impl<'a> Entry<'a> {
    /// The entry's one member (`/allowedMcpServers/2/serverName`).
    pub fn member(&self) -> Setting<'a> {
        Setting { file: self.at.file, pointer: self.at.pointer.key(self.matcher.kind().key()) }
    }

    /// Whether the entry matches a server.
    pub fn matches(&self, server: &Subject<'_>) -> bool {
        match &self.matcher {
            Matcher::Name(name) => name == server.name,
            Matcher::Command(argv) => server.transport == Some(Transport::Stdio) && server.argv.as_ref() == Some(argv),
            Matcher::Url(pattern) => {
                server.transport.is_some_and(Transport::is_remote)
                    && server.url.as_deref().is_some_and(|url| url_matches(pattern, url))
            }
        }
    }
}

/// Why Claude Code drops a list entry or can never match it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not an object, a value of the wrong type, an empty value, or an unknown key: the schema
    /// stage reports it (`schema-violation`, `unknown-field`).
    Schema,
    /// None of `serverName`, `serverCommand`, `serverUrl`.
    NoKey,
    /// More than one of them (in documented order).
    SeveralKeys(Vec<Kind>),
    /// An allowlist `serverName` with characters outside `[A-Za-z0-9_-]` (other than `*`).
    NameCharacters,
    /// An allowlist `serverName` with `*`: names take no wildcards and `*` is not allowed.
    NameWildcard,
    /// `serverCommand` whose first element is empty (after substitution).
    EmptyCommand,
    /// `serverUrl` without `://` (after substitution, when `substituted`).
    UrlWithoutScheme {
        /// Whether the pattern holds `${…}` references.
        substituted: bool,
    },
    /// `serverUrl` with whitespace (after substitution, when `substituted`).
    UrlWithSpace {
        /// Whether the pattern holds `${…}` references.
        substituted: bool,
    },
    /// An allowlist `serverUrl` where a variable's value brings URL structure (`/`, `:`, `?`,
    /// `#`, `@`, `*`): since v2.1.219 Claude Code ignores an allowlist entry whose expansion
    /// would change its scheme, host or path scope.
    UrlScopeFromVariable {
        /// The reference as written, e.g. `${MCP_BASE:-https://mcp.example.com}`.
        reference: String,
    },
}

/// Read one list entry as Claude Code does: the matcher it uses, or why it is dropped.
/// `${VAR}` references in commands and URLs are expanded against `env`.
pub fn read_entry(node: &Node, list: List, env: &Environment) -> Result<Matcher, Problem> {
    let members = node.as_object().ok_or(Problem::Schema)?;
    let kinds: Vec<Kind> = Kind::ALL.into_iter().filter(|k| node.get(k.key()).is_some()).collect();
    // An unknown key is `unknown-field`'s; the entry is judged by its known keys, and one with
    // none but unknown keys is left to that finding.
    if kinds.is_empty() && !members.is_empty() {
        return Err(Problem::Schema);
    }
    let kind = match kinds.as_slice() {
        [] => return Err(Problem::NoKey),
        [one] => *one,
        _ => return Err(Problem::SeveralKeys(kinds)),
    };
    let value = node.get(kind.key()).ok_or(Problem::Schema)?;
    match kind {
        Kind::Name => {
            let name = value.as_str().filter(|s| !s.is_empty()).ok_or(Problem::Schema)?;
            if list == List::Allow {
                if name.contains('*') {
                    return Err(Problem::NameWildcard);
                }
                if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                    return Err(Problem::NameCharacters);
                }
            }
            Ok(Matcher::Name(name.to_owned()))
        }
        Kind::Command => {
            let items = value.as_array().filter(|a| !a.is_empty()).ok_or(Problem::Schema)?;
            let raw: Vec<&str> = items.iter().map(Node::as_str).collect::<Option<_>>().ok_or(Problem::Schema)?;
            let argv: Vec<String> = raw.iter().map(|s| expand(s, &CLAUDE_CODE, env).value).collect();
            if argv[0].trim().is_empty() {
                return Err(Problem::EmptyCommand);
            }
            Ok(Matcher::Command(argv))
        }
        Kind::Url => {
            let raw = value.as_str().filter(|s| !s.is_empty()).ok_or(Problem::Schema)?;
            let expanded = expand(raw, &CLAUDE_CODE, env);
            let substituted = !expanded.references.is_empty();
            if list == List::Allow {
                for r in &expanded.references {
                    let value = match &r.status {
                        Status::Set(_) => env.get(&r.reference.name),
                        Status::Default => r.reference.default.as_deref(),
                        Status::Unset | Status::NotExpanded | Status::Supplied => None,
                    };
                    if value.is_some_and(|v| v.contains(['/', ':', '?', '#', '@', '*'])) {
                        return Err(Problem::UrlScopeFromVariable { reference: r.reference.text.clone() });
                    }
                }
            }
            if !expanded.value.contains("://") {
                return Err(Problem::UrlWithoutScheme { substituted });
            }
            if expanded.value.chars().any(char::is_whitespace) {
                return Err(Problem::UrlWithSpace { substituted });
            }
            Ok(Matcher::Url(expanded.value))
        }
    }
}

/// A `.mcp.json` server name in `enabledMcpjsonServers` or `disabledMcpjsonServers`.
#[derive(Debug, Clone)]
pub struct Named<'a> {
    /// The name.
    pub name: String,
    /// The list element.
    pub at: Setting<'a>,
}

/// A boolean setting and where it is.
#[derive(Debug, Clone)]
pub struct Flag<'a> {
    /// Its value.
    pub value: bool,
    /// The member (`/enableAllProjectMcpServers`).
    pub at: Setting<'a>,
}

/// The merged policy of every settings file in a run.
#[derive(Debug, Default)]
pub struct Policy<'a> {
    /// The valid allowlist entries that count; `None` when no counted file sets
    /// `allowedMcpServers` (everything is allowed).
    pub allow: Option<Vec<Entry<'a>>>,
    /// The `allowedMcpServers` members that count.
    pub allow_lists: Vec<Setting<'a>>,
    /// `allowedMcpServers` members ignored because of `allowManagedMcpServersOnly`.
    pub ignored_allow_lists: Vec<Setting<'a>>,
    /// `allowManagedMcpServersOnly: true` in managed settings, when it is in effect.
    pub managed_only: Option<Setting<'a>>,
    /// The valid denylist entries of every file.
    pub deny: Vec<Entry<'a>>,
    /// Every `enableAllProjectMcpServers`, strongest first (managed > local > project > user;
    /// within one scope the later file wins). The first is the one in effect.
    pub enable_all: Vec<Flag<'a>>,
    /// Every `enabledMcpjsonServers` element.
    pub enabled: Vec<Named<'a>>,
    /// Every `disabledMcpjsonServers` element.
    pub disabled: Vec<Named<'a>>,
    /// The `enabledMcpjsonServers` members.
    pub enabled_lists: Vec<Setting<'a>>,
}

/// What Claude Code needs from a server to apply the lists to it.
#[derive(Debug, Clone)]
pub struct Subject<'s> {
    /// The server's name.
    pub name: &'s str,
    /// Its transport, when Claude Code settles on one.
    pub transport: Option<Transport>,
    /// `command` then each of `args`, after substitution (never print).
    pub argv: Option<Vec<String>>,
    /// `url` after substitution (never print).
    pub url: Option<String>,
}

impl<'s> Subject<'s> {
    /// The subject of a placed server entry.
    pub fn of(placed: &Placed<'s>) -> Self {
        let server = placed.server;
        let argv = server.resolved.scalar("command").map(|command| {
            std::iter::once(command.expanded.value.clone())
                .chain(server.resolved.field("args").map(|a| a.expanded.value.clone()))
                .collect()
        });
        Subject {
            name: server.name,
            transport: server.transport.transport(),
            argv,
            url: server.resolved.scalar("url").map(|u| u.expanded.value.clone()),
        }
    }
}

/// Why the allowlist does not admit a server.
#[derive(Debug, Clone)]
pub struct NotAllowed<'p, 'a> {
    /// The kind of entry the server had to match: `Command` for a stdio server once the list
    /// has a command entry, `Url` for a remote server once it has a URL entry, else `Name`.
    pub required: Kind,
    /// The first entry of the required kind, when that is not `Name` (it made the kind required).
    pub first_required: Option<&'p Entry<'a>>,
    /// A `serverName` entry that names the server but no longer admits it.
    pub name_match: Option<&'p Entry<'a>>,
}

/// Who approved a `.mcp.json` server.
#[derive(Debug, Clone, Copy)]
pub enum Approval<'p, 'a> {
    /// `enableAllProjectMcpServers: true` (the one in effect).
    All(&'p Flag<'a>),
    /// Its name in `enabledMcpjsonServers`.
    Named(&'p Named<'a>),
}

/// What Claude Code does with one server entry.
#[derive(Debug, Clone)]
pub enum Decision<'p, 'a> {
    /// It loads (a `.mcp.json` server: approved, with who approved it).
    Loads(Option<Approval<'p, 'a>>),
    /// A denylist entry matches it.
    Denied(&'p Entry<'a>),
    /// The allowlist does not admit it.
    NotAllowed(NotAllowed<'p, 'a>),
    /// A `.mcp.json` server named in `disabledMcpjsonServers`.
    Disabled(&'p Named<'a>),
    /// A `.mcp.json` server nothing approves or rejects: interactive sessions ask first.
    Pending,
}

impl<'a> Policy<'a> {
    /// Why these settings keep `placed` from loading — a deny entry, an allowlist that does not
    /// admit it, or `disabledMcpjsonServers` — in a few words; `None` when it loads (or waits
    /// for approval, which an interactive session asks for).
    pub fn why_not_loaded(&self, placed: &Placed<'_>) -> Option<String> {
        match self.decide(placed) {
            Decision::Denied(entry) => Some(format!("`deniedMcpServers` in {} blocks it", entry.at.path().display())),
            Decision::NotAllowed(_) => Some("`allowedMcpServers` does not admit it".to_owned()),
            Decision::Disabled(named) => {
                Some(format!("`disabledMcpjsonServers` in {} disables it", named.at.path().display()))
            }
            Decision::Loads(_) | Decision::Pending => None,
        }
    }

    /// Merge the settings files of a run.
    pub fn new(settings: &[&'a DocumentContext<'a>]) -> Self {
        let mut policy = Policy::default();
        let root = Pointer::root();
        // Managed first, then by input order (managed-settings.json before its drop-ins).
        let mut managed_only: Option<Flag<'a>> = None;
        for &file in settings.iter().filter(|f| f.role.scope == Some(Scope::Managed)) {
            if let Some(value) = file.doc.root.get(MANAGED_ONLY).and_then(Node::as_bool) {
                managed_only = Some(Flag { value, at: Setting { file, pointer: root.key(MANAGED_ONLY) } });
            }
        }
        policy.managed_only = managed_only.filter(|f| f.value).map(|f| f.at);
        let mut allow = Vec::new();
        for &file in settings {
            let root_node = &file.doc.root;
            let managed = file.role.scope == Some(Scope::Managed);
            for list in [List::Allow, List::Deny] {
                let Some(items) = root_node.get(list.key()).and_then(Node::as_array) else { continue };
                let at = Setting { file, pointer: root.key(list.key()) };
                if list == List::Allow {
                    if policy.managed_only.is_some() && !managed {
                        policy.ignored_allow_lists.push(at);
                        continue;
                    }
                    policy.allow_lists.push(at);
                }
                for (i, item) in items.iter().enumerate() {
                    let Ok(matcher) = read_entry(item, list, file.env) else { continue };
                    let entry = Entry { at: Setting { file, pointer: root.key(list.key()).index(i) }, matcher };
                    match list {
                        List::Allow => allow.push(entry),
                        List::Deny => policy.deny.push(entry),
                    }
                }
            }
            if let Some(value) = root_node.get(ENABLE_ALL).and_then(Node::as_bool) {
                policy.enable_all.push(Flag { value, at: Setting { file, pointer: root.key(ENABLE_ALL) } });
            }
            for (key, out) in [(ENABLED, &mut policy.enabled), (DISABLED, &mut policy.disabled)] {
                let Some(items) = root_node.get(key).and_then(Node::as_array) else { continue };
                for (i, item) in items.iter().enumerate() {
                    if let Some(name) = item.as_str().filter(|s| !s.is_empty()) {
                        out.push(Named {
                            name: name.to_owned(),
                            at: Setting { file, pointer: root.key(key).index(i) },
                        });
                    }
                }
            }
            if root_node.get(ENABLED).and_then(Node::as_array).is_some() {
                policy.enabled_lists.push(Setting { file, pointer: root.key(ENABLED) });
            }
        }
        if !policy.allow_lists.is_empty() {
            policy.allow = Some(allow);
        }
        // Stable: within one scope the later file comes first, as it overrides the earlier.
        policy.enable_all.reverse();
        policy.enable_all.sort_by_key(|f| f.at.scope());
        policy
    }

    /// The `enableAllProjectMcpServers` in effect.
    pub fn enable_all(&self) -> Option<&Flag<'a>> {
        self.enable_all.first()
    }

    /// What Claude Code does with an entry that layering left in effect.
    pub fn decide(&self, placed: &Placed<'_>) -> Decision<'_, 'a> {
        let subject = Subject::of(placed);
        if let Some(entry) = self.deny.iter().find(|e| e.matches(&subject)) {
            return Decision::Denied(entry);
        }
        if let Err(not_allowed) = self.admit(&subject) {
            return Decision::NotAllowed(not_allowed);
        }
        if !is_project_server(placed) {
            return Decision::Loads(None);
        }
        if let Some(named) = self.disabled.iter().find(|n| n.name == subject.name) {
            return Decision::Disabled(named);
        }
        if let Some(flag) = self.enable_all().filter(|f| f.value) {
            return Decision::Loads(Some(Approval::All(flag)));
        }
        match self.enabled.iter().find(|n| n.name == subject.name) {
            Some(named) => Decision::Loads(Some(Approval::Named(named))),
            None => Decision::Pending,
        }
    }

    /// Whether the allowlist admits a server.
    fn admit(&self, subject: &Subject<'_>) -> Result<(), NotAllowed<'_, 'a>> {
        let Some(entries) = &self.allow else { return Ok(()) };
        let first_of = |kind: Kind| entries.iter().find(|e| e.matcher.kind() == kind);
        let required = match subject.transport {
            Some(Transport::Stdio) if first_of(Kind::Command).is_some() => Kind::Command,
            Some(t) if t.is_remote() && first_of(Kind::Url).is_some() => Kind::Url,
            _ => Kind::Name,
        };
        if entries.iter().any(|e| e.matcher.kind() == required && e.matches(subject)) {
            return Ok(());
        }
        let (first_required, name_match) = if required == Kind::Name {
            (None, None)
        } else {
            (first_of(required), entries.iter().find(|e| e.matcher.kind() == Kind::Name && e.matches(subject)))
        };
        Err(NotAllowed { required, first_required, name_match })
    }
}

/// Whether an entry is a project-scope `.mcp.json` server (the ones that need approval).
pub fn is_project_server(placed: &Placed<'_>) -> bool {
    placed.file.dialect.id == "claude-code" && placed.server.scope == Some(Scope::Project)
}

/// Whether `url` matches a `serverUrl` pattern: `*` matches any run of characters in any part;
/// scheme and host compare case-insensitively, a trailing dot on the host and a default port
/// are ignored; the path is case-sensitive; a pattern without a path matches any path (and a
/// pattern's path is compared with the URL's path, plus its query when the pattern has `?`).
pub fn url_matches(pattern: &str, url: &str) -> bool {
    let (Some(p), Some(u)) = (UrlParts::new(pattern, false), UrlParts::new(url, true)) else { return false };
    if !glob(&p.scheme, &u.scheme) || !glob(&p.host, &u.host) {
        return false;
    }
    if p.rest.is_empty() {
        return true;
    }
    let rest = if p.rest.contains('?') { u.rest } else { u.rest.split('?').next().unwrap_or("") };
    let rest = if rest.is_empty() || rest.starts_with('?') { format!("/{rest}") } else { rest.to_owned() };
    glob(p.rest, &rest)
}

/// A URL (or pattern) cut into the parts Claude Code compares.
struct UrlParts<'s> {
    /// Lowercase scheme.
    scheme: String,
    /// Lowercase `host[:port]`, without a trailing dot or a default port.
    host: String,
    /// Path and query as written (fragment removed).
    rest: &'s str,
}

impl<'s> UrlParts<'s> {
    fn new(text: &'s str, is_url: bool) -> Option<Self> {
        let (scheme, after) = text.split_once("://")?;
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let (mut authority, rest) = after.split_at(end);
        if is_url {
            // Credentials in a URL never take part in matching.
            authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        }
        let rest = rest.split('#').next().unwrap_or("");
        let scheme = scheme.to_lowercase();
        let authority = authority.to_lowercase();
        // `host:port`; in `[::1]` the last `:` is inside the brackets and ends no port.
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !host.is_empty() && port.chars().all(|c| c.is_ascii_digit() || c == '*') => {
                (host.to_owned(), Some(port.to_owned()))
            }
            _ => (authority.clone(), None),
        };
        let host = host.strip_suffix('.').unwrap_or(&host).to_owned();
        let default =
            matches!((scheme.as_str(), port.as_deref()), ("http" | "ws", Some("80")) | ("https" | "wss", Some("443")));
        let host = match port {
            Some(port) if !default => format!("{host}:{port}"),
            _ => host,
        };
        Some(Self { scheme, host, rest })
    }
}

/// `*` matches any run of characters (none included); everything else, `?` too, matches itself.
fn glob(pattern: &str, text: &str) -> bool {
    crate::config::glob::wildcard(pattern, text, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::{Detection, Dialect, ProjectContext, Role, claude_code, claude_code_settings};
    use crate::finding::FileRef;
    use crate::parse::{Document, parse};
    use crate::resolve::env::VarOrigin;
    use crate::source::SourceFile;

    #[test]
    fn glob_star_anywhere() {
        assert!(glob("abc", "abc"));
        assert!(!glob("abc", "abcd"));
        assert!(glob("*", ""));
        assert!(glob("a*c", "abbbc"));
        assert!(glob("*.example.com", "mcp.example.com"));
        assert!(!glob("*.example.com", "example.com"));
        assert!(glob("a*b*c", "a-b-b-c"));
        assert!(!glob("a*b*c", "a-c-b"));
        assert!(glob("ab**", "ab"));
    }

    #[test]
    fn url_patterns() {
        let m = url_matches;
        // Host: case-insensitive, trailing dot ignored, default port ignored.
        assert!(m("https://mcp.example.com/mcp", "https://MCP.Example.COM./mcp"));
        assert!(m("https://mcp.example.com./mcp", "https://mcp.example.com:443/mcp"));
        assert!(!m("https://mcp.example.com/mcp", "https://mcp.example.com:8443/mcp"));
        assert!(m("https://mcp.example.com:*/mcp", "https://mcp.example.com:8443/mcp"));
        // Scheme wildcards and case.
        assert!(m("*://mcp.example.com", "http://mcp.example.com/x"));
        assert!(m("HTTPS://mcp.example.com", "https://mcp.example.com"));
        assert!(!m("https://mcp.example.com", "http://mcp.example.com"));
        // No path: any path. A path: case-sensitive, exact apart from `*`.
        assert!(m("https://mcp.example.com", "https://mcp.example.com/a/b?c=d"));
        assert!(m("https://mcp.example.com/v1/*", "https://mcp.example.com/v1/mcp"));
        assert!(!m("https://mcp.example.com/v1/*", "https://mcp.example.com/V1/mcp"));
        assert!(!m("https://mcp.example.com/mcp", "https://mcp.example.com/mcp/"));
        assert!(m("https://mcp.example.com/", "https://mcp.example.com"));
        // Query: ignored unless the pattern has one.
        assert!(m("https://mcp.example.com/mcp", "https://mcp.example.com/mcp?token=x#frag"));
        assert!(!m("https://mcp.example.com/mcp?a=1", "https://mcp.example.com/mcp?a=2"));
        assert!(m("https://mcp.example.com/mcp?a=*", "https://mcp.example.com/mcp?a=2"));
        // Subdomain wildcards do not match the bare domain; a `*` in the host stays in the host.
        assert!(m("https://*.example.com/*", "https://a.b.example.com/mcp"));
        assert!(!m("https://*.example.com/*", "https://example.com/mcp"));
        assert!(!m("https://*.example.com", "https://example.com.evil.test/"));
        assert!(m("https://example.com*", "https://example.com.evil.test/"));
        // Credentials never take part.
        assert!(m("https://mcp.example.com/mcp", "https://user:pw@mcp.example.com/mcp"));
        // IPv6 literals keep their brackets; ports still split off.
        assert!(m("http://[::1]:8080/*", "http://[::1]:8080/mcp"));
        assert!(!m("http://[::1]/*", "http://[::1]:8080/mcp"));
        // Neither side parses without `://`.
        assert!(!m("mcp.example.com", "https://mcp.example.com"));
        assert!(!m("*", "https://mcp.example.com"));
    }

    fn entry(text: &str, list: List) -> Result<Matcher, Problem> {
        let doc = parse(&SourceFile::new("x.json", text)).unwrap();
        let mut env = Environment::empty();
        env.set("NODE", "/usr/bin/node", VarOrigin::Flag);
        env.set("HOST", "mcp.example.com", VarOrigin::Flag);
        env.set("BASE", "https://mcp.example.com", VarOrigin::Flag);
        read_entry(&doc.root, list, &env)
    }

    #[test]
    fn entries_as_claude_code_reads_them() {
        use Problem::*;
        let name = |s: &str| Ok(Matcher::Name(s.to_owned()));
        assert_eq!(entry(r#"{"serverName": "git-hub_2"}"#, List::Allow), name("git-hub_2"));
        assert_eq!(entry(r#"{"serverName": "claude.ai Slack"}"#, List::Deny), name("claude.ai Slack"));
        assert_eq!(entry(r#"{"serverName": "claude.ai Slack"}"#, List::Allow), Err(NameCharacters));
        assert_eq!(entry(r#"{"serverName": "git*"}"#, List::Allow), Err(NameWildcard));
        assert_eq!(entry(r#"{"serverName": "git*"}"#, List::Deny), name("git*"));
        // Names are never expanded.
        assert_eq!(entry(r#"{"serverName": "${HOST}"}"#, List::Deny), name("${HOST}"));
        assert_eq!(entry("{}", List::Allow), Err(NoKey));
        assert_eq!(
            entry(r#"{"serverUrl": "https://x", "serverName": "x"}"#, List::Deny),
            Err(SeveralKeys(vec![Kind::Name, Kind::Url]))
        );
        // Left to the schema stage: wrong types, empty values, unknown keys alone.
        for text in [
            "[]",
            r#"{"serverName": 1}"#,
            r#"{"serverName": ""}"#,
            r#"{"serverCommand": []}"#,
            r#"{"serverCommand": ["a", 1]}"#,
            r#"{"serverUrl": ""}"#,
            r#"{"servername": "x"}"#,
        ] {
            assert_eq!(entry(text, List::Allow), Err(Schema), "{text}");
        }
        // An unknown key beside a known one: the known one counts.
        assert_eq!(entry(r#"{"serverName": "x", "note": "y"}"#, List::Allow), name("x"));
        assert_eq!(
            entry(r#"{"serverCommand": ["${NODE}", "server.js"]}"#, List::Allow),
            Ok(Matcher::Command(vec!["/usr/bin/node".into(), "server.js".into()]))
        );
        assert_eq!(entry(r#"{"serverCommand": ["", "x"]}"#, List::Deny), Err(EmptyCommand));
        assert_eq!(entry(r#"{"serverCommand": ["${UNSET:-}"]}"#, List::Deny), Err(EmptyCommand));
        assert_eq!(
            entry(r#"{"serverUrl": "https://${HOST}/mcp"}"#, List::Allow),
            Ok(Matcher::Url("https://mcp.example.com/mcp".into()))
        );
        assert_eq!(
            entry(r#"{"serverUrl": "${BASE}/mcp"}"#, List::Allow),
            Err(UrlScopeFromVariable { reference: "${BASE}".into() })
        );
        assert_eq!(
            entry(r#"{"serverUrl": "${BASE}/mcp"}"#, List::Deny),
            Ok(Matcher::Url("https://mcp.example.com/mcp".into()))
        );
        assert_eq!(
            entry(r#"{"serverUrl": "${U:-https://a.test}/mcp"}"#, List::Allow),
            Err(UrlScopeFromVariable { reference: "${U:-https://a.test}".into() })
        );
        assert_eq!(
            entry(r#"{"serverUrl": "mcp.example.com"}"#, List::Allow),
            Err(UrlWithoutScheme { substituted: false })
        );
        assert_eq!(entry(r#"{"serverUrl": "${UNSET}/mcp"}"#, List::Allow), Err(UrlWithoutScheme { substituted: true }));
        assert_eq!(entry(r#"{"serverUrl": "https://a b.test"}"#, List::Deny), Err(UrlWithSpace { substituted: false }));
    }

    /// One file of a test machine: what it is and its text.
    struct File {
        dialect: &'static Dialect,
        role: Role,
        source: SourceFile,
        doc: Document,
    }

    fn file(kind: &str, text: &str) -> File {
        let (dialect, role, path) = match kind {
            "mcp" => (&claude_code::DIALECT, claude_code::PROJECT, "/r/.mcp.json"),
            "claude" => (&claude_code::DIALECT, claude_code::USER, "/h/.claude.json"),
            "managed-mcp" => (&claude_code::DIALECT, claude_code::MANAGED, "/m/managed-mcp.json"),
            "managed" => (&claude_code_settings::DIALECT, claude_code_settings::MANAGED, "/m/managed-settings.json"),
            "drop-in" => {
                (&claude_code_settings::DIALECT, claude_code_settings::MANAGED, "/m/managed-settings.d/a.json")
            }
            "local" => (&claude_code_settings::DIALECT, claude_code_settings::LOCAL, "/r/.claude/settings.local.json"),
            "project" => (&claude_code_settings::DIALECT, claude_code_settings::PROJECT, "/r/.claude/settings.json"),
            "user" => (&claude_code_settings::DIALECT, claude_code_settings::USER, "/h/.claude/settings.json"),
            _ => unreachable!("{kind}"),
        };
        let source = SourceFile::new(path, text);
        let doc = parse(&source).unwrap();
        File { dialect, role, source, doc }
    }

    /// Decide every effective server of a machine: `name: outcome` lines.
    fn decide(files: &[(&str, &str)]) -> Vec<String> {
        let mut env = Environment::empty();
        env.set("PKG", "@acme/fs", VarOrigin::Flag);
        let files: Vec<File> = files.iter().map(|(kind, text)| file(kind, text)).collect();
        let contexts: Vec<DocumentContext<'_>> = files
            .iter()
            .map(|f| {
                let file = FileRef::new(&f.source, Some(&f.doc));
                DocumentContext::new(file, &f.doc, f.dialect, f.role, Detection::Path, &env)
            })
            .collect();
        let project = ProjectContext::new(&contexts, None);
        let layers = project.claude_code();
        let policy = project.claude_code_policy();
        let at = |s: &Setting<'_>| format!("{} {}", s.scope().as_str(), s.pointer);
        layers
            .layer()
            .effective
            .iter()
            .map(|placed| {
                let outcome = match policy.decide(placed) {
                    Decision::Loads(None) => "loads".to_owned(),
                    Decision::Loads(Some(Approval::All(f))) => format!("loads, approved by {}", at(&f.at)),
                    Decision::Loads(Some(Approval::Named(n))) => format!("loads, approved by {}", at(&n.at)),
                    Decision::Denied(e) => format!("denied by {}", at(&e.at)),
                    Decision::NotAllowed(n) => format!(
                        "not allowed: needs {}{}{}",
                        n.required.key(),
                        n.first_required.map(|e| format!(" (required by {})", at(&e.at))).unwrap_or_default(),
                        n.name_match.map(|e| format!(" (name matched by {})", at(&e.at))).unwrap_or_default(),
                    ),
                    Decision::Disabled(n) => format!("disabled by {}", at(&n.at)),
                    Decision::Pending => "pending".to_owned(),
                };
                format!("{}: {outcome}", placed.server.name)
            })
            .collect()
    }

    const MCP: &str = r#"{"mcpServers": {
        "gh": {"type": "http", "url": "https://api.example.com/mcp/"},
        "fs": {"command": "npx", "args": ["-y", "${PKG}"]}
    }}"#;

    #[test]
    fn no_settings_everything_pending() {
        assert_eq!(decide(&[("mcp", MCP)]), ["gh: pending", "fs: pending"]);
    }

    #[test]
    fn deny_by_name_command_and_url_beats_allow() {
        let deny = r#"{"deniedMcpServers": [
            {"serverUrl": "https://API.example.com./*"},
            {"serverCommand": ["npx", "-y", "@acme/fs"]}
        ]}"#;
        let allow = r#"{"allowedMcpServers": [{"serverName": "gh"}, {"serverName": "fs"}], "enableAllProjectMcpServers": true}"#;
        assert_eq!(
            decide(&[("mcp", MCP), ("user", deny), ("project", allow)]),
            ["gh: denied by user /deniedMcpServers/0", "fs: denied by user /deniedMcpServers/1"]
        );
        let by_name = r#"{"deniedMcpServers": [{"serverName": "gh"}, {"serverName": "FS"}]}"#;
        assert_eq!(
            decide(&[("mcp", MCP), ("local", by_name), ("project", allow)]),
            ["gh: denied by local /deniedMcpServers/0", "fs: loads, approved by project /enableAllProjectMcpServers"]
        );
    }

    #[test]
    fn command_match_is_exact_argv() {
        for (argv, denied) in [
            (r#"["npx", "-y", "@acme/fs"]"#, true),
            (r#"["npx", "@acme/fs", "-y"]"#, false),
            (r#"["npx", "-y"]"#, false),
            (r#"["npx", "-y", "@acme/fs", "--x"]"#, false),
            (r#"["${BIN:-npx}", "-y", "${PKG}"]"#, true),
        ] {
            let deny = format!(r#"{{"deniedMcpServers": [{{"serverCommand": {argv}}}]}}"#);
            let out = decide(&[("mcp", MCP), ("user", &deny)]);
            assert_eq!(out[1].contains("denied"), denied, "{argv}: {out:?}");
        }
    }

    #[test]
    fn allowlist_unset_empty_and_by_name() {
        assert_eq!(decide(&[("mcp", MCP), ("user", r#"{"deniedMcpServers": []}"#)]), ["gh: pending", "fs: pending"]);
        let empty = r#"{"allowedMcpServers": []}"#;
        assert_eq!(
            decide(&[("mcp", MCP), ("managed", empty)]),
            ["gh: not allowed: needs serverName", "fs: not allowed: needs serverName"]
        );
        // Lists merge: an entry in any file admits.
        let gh = r#"{"allowedMcpServers": [{"serverName": "gh"}]}"#;
        assert_eq!(decide(&[("mcp", MCP), ("managed", empty), ("user", gh)])[0], "gh: pending");
        // Only invalid entries: the list is still set, and allows nothing.
        let invalid = r#"{"allowedMcpServers": [{}, {"serverName": "g*"}]}"#;
        assert_eq!(decide(&[("mcp", MCP), ("user", invalid)])[0], "gh: not allowed: needs serverName");
    }

    #[test]
    fn command_and_url_entries_take_over_from_names() {
        let allow = r#"{"allowedMcpServers": [
            {"serverName": "gh"}, {"serverName": "fs"}, {"serverCommand": ["uvx", "other"]}
        ]}"#;
        assert_eq!(
            decide(&[("mcp", MCP), ("user", allow)]),
            [
                "gh: pending",
                "fs: not allowed: needs serverCommand (required by user /allowedMcpServers/2) (name matched by user /allowedMcpServers/1)"
            ]
        );
        let allow = r#"{"allowedMcpServers": [
            {"serverName": "gh"}, {"serverName": "fs"}, {"serverUrl": "https://other.example.com"}
        ]}"#;
        assert_eq!(
            decide(&[("mcp", MCP), ("user", allow)]),
            [
                "gh: not allowed: needs serverUrl (required by user /allowedMcpServers/2) (name matched by user /allowedMcpServers/0)",
                "fs: pending"
            ]
        );
        let allow = r#"{"allowedMcpServers": [
            {"serverUrl": "*://api.example.com"}, {"serverCommand": ["npx", "-y", "@acme/fs"]}
        ]}"#;
        assert_eq!(decide(&[("mcp", MCP), ("user", allow)]), ["gh: pending", "fs: pending"]);
    }

    #[test]
    fn managed_only_keeps_the_managed_allowlist_and_every_denylist() {
        let managed = r#"{"allowManagedMcpServersOnly": true, "allowedMcpServers": [{"serverName": "fs"}]}"#;
        let user = r#"{"allowedMcpServers": [{"serverName": "gh"}]}"#;
        assert_eq!(
            decide(&[("mcp", MCP), ("managed", managed), ("user", user)]),
            ["gh: not allowed: needs serverName", "fs: pending"]
        );
        // In a drop-in too; and a later drop-in may turn it off again.
        let only = r#"{"allowManagedMcpServersOnly": true}"#;
        assert_eq!(decide(&[("mcp", MCP), ("drop-in", only), ("user", user)])[0], "gh: pending");
        let off = r#"{"allowManagedMcpServersOnly": false}"#;
        assert_eq!(
            decide(&[("mcp", MCP), ("managed", managed), ("drop-in", off), ("user", user)]),
            ["gh: pending", "fs: pending"]
        );
        // Outside managed settings it counts for nothing.
        assert_eq!(decide(&[("mcp", MCP), ("project", only), ("user", user)])[1], "fs: not allowed: needs serverName");
        // Denylists still merge.
        let deny = r#"{"deniedMcpServers": [{"serverName": "fs"}]}"#;
        assert_eq!(
            decide(&[("mcp", MCP), ("managed", managed), ("local", deny)])[1],
            "fs: denied by local /deniedMcpServers/0"
        );
    }

    #[test]
    fn managed_servers_obey_the_lists() {
        let managed = r#"{"mcpServers": {"docs": {"type": "http", "url": "https://docs.example.com/mcp"}}}"#;
        let deny = r#"{"deniedMcpServers": [{"serverName": "docs"}]}"#;
        assert_eq!(decide(&[("mcp", MCP), ("managed-mcp", managed)]), ["docs: loads"]);
        assert_eq!(decide(&[("managed-mcp", managed), ("user", deny)]), ["docs: denied by user /deniedMcpServers/0"]);
        let allow = r#"{"allowedMcpServers": [{"serverUrl": "https://docs.example.com/*"}]}"#;
        assert_eq!(decide(&[("managed-mcp", managed), ("managed", allow)]), ["docs: loads"]);
    }

    #[test]
    fn approvals_disabled_wins() {
        let claude = r#"{"mcpServers": {"gh": {"command": "gh-mcp"}}}"#;
        let local = r#"{"enabledMcpjsonServers": ["gh", "fs"]}"#;
        let project = r#"{"disabledMcpjsonServers": ["fs"], "enableAllProjectMcpServers": true}"#;
        // The user-scope `gh` is shadowed by the project's, which needs approval.
        assert_eq!(
            decide(&[("mcp", MCP), ("claude", claude), ("local", local), ("project", project)]),
            [
                "gh: loads, approved by project /enableAllProjectMcpServers",
                "fs: disabled by project /disabledMcpjsonServers/0"
            ]
        );
        assert_eq!(
            decide(&[("mcp", MCP), ("local", local)]),
            [
                "gh: loads, approved by local /enabledMcpjsonServers/0",
                "fs: loads, approved by local /enabledMcpjsonServers/1"
            ]
        );
        // A user-scope server needs no approval, even if named in the disabled list.
        let only_claude = decide(&[("claude", claude), ("project", r#"{"disabledMcpjsonServers": ["gh"]}"#)]);
        assert_eq!(only_claude, ["gh: loads"]);
    }

    #[test]
    fn enable_all_takes_the_strongest_file() {
        let on = r#"{"enableAllProjectMcpServers": true}"#;
        let off = r#"{"enableAllProjectMcpServers": false}"#;
        assert_eq!(decide(&[("mcp", MCP), ("project", on), ("local", off)])[0], "gh: pending");
        assert_eq!(
            decide(&[("mcp", MCP), ("local", on), ("project", off)])[0],
            "gh: loads, approved by local /enableAllProjectMcpServers"
        );
        assert_eq!(decide(&[("mcp", MCP), ("user", on), ("managed", off)])[0], "gh: pending");
        assert_eq!(
            decide(&[("mcp", MCP), ("managed", off), ("drop-in", on)])[0],
            "gh: loads, approved by managed /enableAllProjectMcpServers"
        );
        // Named approvals still count when `enableAll` is off.
        let named = r#"{"enableAllProjectMcpServers": false, "enabledMcpjsonServers": ["gh"]}"#;
        assert_eq!(
            decide(&[("mcp", MCP), ("local", named)])[0],
            "gh: loads, approved by local /enabledMcpjsonServers/0"
        );
    }
}
