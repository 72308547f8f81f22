//! Client dialects: which files each MCP client reads, where its servers live in them, how
//! strictly it parses them, how it picks a transport, and which JSON Schema describes them.
//!
//! Every dialect module exposes the same items (`DIALECT`, a [`Dialect`] value). Detection goes
//! by path first, then by shape; `--dialect` overrides both. This module never reads files.

pub mod claude_code;
pub mod claude_code_settings;
pub mod claude_desktop;
pub mod cline;
pub mod codex;
pub mod cursor;
pub mod gemini;
pub mod kiro;
pub mod mcp_settings;
pub mod roo;
pub mod vscode;
pub mod windsurf;
pub mod zed;

use std::path::Path;

use crate::finding::{FileRef, Finding, FindingBuilder};
use crate::model::{Scope, ServerEntry, TransportChoice};
use crate::parse::{Document, Node};
use crate::pointer::Pointer;
use crate::resolve::env::Environment;
use crate::resolve::server::ResolvedServer;
use crate::rules::RuleMeta;

/// How strictly a client parses its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// RFC 8259 JSON (`JSON.parse`): a comment or trailing comma makes the client reject the
    /// whole file.
    StrictJson,
    /// JSON with comments but no trailing commas (comments stripped, then `JSON.parse`: Gemini
    /// CLI).
    JsonWithComments,
    /// JSON with comments and trailing commas.
    Jsonc,
    /// TOML (Codex).
    Toml,
}

impl Syntax {
    /// Whether `//` and `/* */` comments are accepted.
    pub fn allows_comments(self) -> bool {
        !matches!(self, Syntax::StrictJson)
    }

    /// Whether a comma after the last element is accepted.
    pub fn allows_trailing_commas(self) -> bool {
        matches!(self, Syntax::Jsonc | Syntax::Toml)
    }

    /// How the format is called in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Syntax::StrictJson => "strict JSON",
            Syntax::JsonWithComments => "JSON with comments but no trailing commas",
            Syntax::Jsonc => "JSON with comments (JSONC)",
            Syntax::Toml => "TOML",
        }
    }
}

/// Where a dialect's servers sit in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A top-level object of servers under this key (`mcpServers`, VS Code's `servers`, Zed's
    /// `context_servers`, Codex's `mcp_servers`).
    Map(&'static str),
    /// `~/.claude.json`: top-level `mcpServers` (user scope) and `projects["<abs
    /// path>"].mcpServers` (local scope).
    ClaudeJson,
    /// A settings file: no servers, only settings about them.
    Settings,
}

/// The layout of most clients' files: a top-level `mcpServers` object.
pub const MCP_SERVERS: Layout = Layout::Map("mcpServers");

/// What one file is for its client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Role {
    /// A short description, e.g. "project `.mcp.json`".
    pub label: &'static str,
    /// Scope of the servers at the top level of this file.
    pub scope: Option<Scope>,
    /// Where the servers are.
    pub layout: Layout,
}

/// Where a file was found, which decides its scope where the name alone does not (the same
/// `.claude/settings.json` is user scope under the home directory and project scope in a
/// repository).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Under the project root.
    Project,
    /// Under the home directory.
    Home,
    /// In the managed (administrator) directory.
    Managed,
    /// In a machine-wide system directory (`/etc/codex`, `/etc/gemini-cli`, …).
    System,
    /// Named on the command line.
    Explicit,
}

/// How the dialect of a file was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Detection {
    /// From the file's name and place.
    Path,
    /// From the file's contents.
    Shape,
    /// From `--dialect`.
    Flag,
}

/// Everything mcpcheck knows about one client's settings format.
#[derive(Debug)]
pub struct Dialect {
    /// Kebab-case id, e.g. `claude-code` (used by `--dialect` and `mcpcheck schema`).
    pub id: &'static str,
    /// The client's product name for messages, e.g. "Claude Code".
    pub client: &'static str,
    /// One line about the format.
    pub summary: &'static str,
    /// How strictly the client parses.
    pub syntax: Syntax,
    /// The role of a file recognised by its path (and where it was found), if this dialect
    /// owns that path.
    pub role_for_path: fn(&Path, Origin) -> Option<Role>,
    /// The role of a file recognised by its contents (root node), if it fits this dialect.
    pub role_for_shape: fn(&Node) -> Option<Role>,
    /// The role used with `--dialect` when neither path nor shape say more.
    pub default_role: Role,
    /// How the client chooses a transport for one entry.
    pub transport: fn(&Node) -> TransportChoice,
    /// How the client substitutes variables, and in which fields.
    pub substitution: crate::resolve::env::Substitution,
    /// How it substitutes in files of plugin scope, when it has plugins.
    pub plugin_substitution: Option<crate::resolve::env::Substitution>,
    /// Whether an entry with `url` but no `type` is rejected (Claude Code since v2.1.202).
    pub url_requires_type: bool,
    /// Server-entry keys this client spells differently from Claude Code, as (key in this
    /// format, the field it stands for): Windsurf's `("serverUrl", "url")`, Codex's
    /// `("http_headers", "headers")`. Rules ask for the common name (`url`, `headers`,
    /// `command`, `args`, `env`) and get this format's field.
    pub field_aliases: &'static [(&'static str, &'static str)],
    /// The JSON Schema of the format (`schemas/<id>.schema.json`, embedded), if any.
    pub schema: Option<&'static str>,
    /// What the client does with what its schema does not allow, for schema messages.
    pub wording: Wording,
    /// Server-entry fields that this format defines but no MCP client reads.
    pub unread_server_fields: &'static [UnreadField],
    /// Top-level fields that this format defines but no MCP client reads.
    pub unread_top_level_fields: &'static [UnreadField],
}

/// How schema messages say what the client does with a problem.
#[derive(Debug, Clone, Copy)]
pub struct Wording {
    /// After a field the client does not know: "Claude Code ignores it".
    pub ignored: &'static str,
    /// After a value of the wrong type: "Claude Code rejects the entry, so the server does not
    /// start".
    pub rejected: &'static str,
}

/// A field a format defines that no client reads, and what to tell the user about it.
#[derive(Debug)]
pub struct UnreadField {
    /// The field name.
    pub name: &'static str,
    /// How much it matters that nothing reads it (a `security` block that protects nothing is
    /// worse than a `description` nobody shows).
    pub severity: crate::finding::Severity,
    /// What the user believes it does and what really happens.
    pub message: &'static str,
    /// What to do instead.
    pub help: &'static str,
}

/// Every dialect, in the order shape detection tries them (most specific first).
pub static ALL: &[&Dialect] = &[
    &cline::DIALECT,
    &roo::DIALECT,
    &kiro::DIALECT,
    &mcp_settings::DIALECT,
    &claude_code_settings::DIALECT,
    &cursor::DIALECT,
    &vscode::DIALECT,
    &claude_desktop::DIALECT,
    &windsurf::DIALECT,
    &codex::DIALECT,
    &gemini::DIALECT,
    &zed::DIALECT,
    &claude_code::DIALECT,
];

/// Look a dialect up by id.
pub fn by_id(id: &str) -> Option<&'static Dialect> {
    ALL.iter().copied().find(|d| d.id == id)
}

/// Ids of every dialect, for messages.
pub fn ids() -> Vec<&'static str> {
    let mut ids: Vec<_> = ALL.iter().map(|d| d.id).collect();
    ids.sort_unstable();
    ids
}

/// The dialect and role of a file from its path alone.
pub fn detect_by_path(path: &Path, origin: Origin) -> Option<(&'static Dialect, Role)> {
    ALL.iter().find_map(|d| (d.role_for_path)(path, origin).map(|role| (*d, role)))
}

/// The dialect and role of a file from its contents alone.
pub fn detect_by_shape(root: &Node) -> Option<(&'static Dialect, Role)> {
    ALL.iter().find_map(|d| (d.role_for_shape)(root).map(|role| (*d, role)))
}

/// The role a forced dialect gives a file: its path role if the path is the dialect's, else
/// its shape role, else the dialect's default.
pub fn role_when_forced(dialect: &'static Dialect, path: &Path, origin: Origin, root: Option<&Node>) -> Role {
    (dialect.role_for_path)(path, origin)
        .or_else(|| root.and_then(dialect.role_for_shape))
        .unwrap_or(dialect.default_role)
}

/// Whether a node looks like a server entry of any client (an object with `command`, `url`,
/// `serverUrl`, or `httpUrl`).
pub fn looks_like_server(node: &Node) -> bool {
    node.as_object().is_some() && ["command", "url", "serverUrl", "httpUrl"].iter().any(|k| node.get(k).is_some())
}

/// Whether every server entry among `servers` is an object whose keys are all in `keys` (for
/// shape detection: a file that mixes several clients' fields belongs to none of them).
pub fn only_keys(servers: &[crate::parse::Member], keys: &[&str]) -> bool {
    servers.iter().all(|s| s.value.as_object().is_some_and(|m| m.iter().all(|f| keys.contains(&f.key.as_str()))))
}

/// The server entries of a `mcpServers` object at `pointer` (duplicates: last wins).
pub fn servers_at<'a>(
    doc: &'a Document,
    pointer: &Pointer,
    scope: Option<Scope>,
    transport: fn(&Node) -> TransportChoice,
    aliases: &'static [(&'static str, &'static str)],
) -> Vec<ServerEntry<'a>> {
    let Some(map) = doc.lookup(pointer) else { return Vec::new() };
    map.effective_members()
        .into_iter()
        .map(|m| ServerEntry {
            name: &m.key,
            pointer: pointer.key(&m.key),
            node: &m.value,
            scope,
            transport: transport(&m.value),
            aliases,
            resolved: Default::default(),
        })
        .collect()
}

/// The server entries of a document for a role.
pub fn servers<'a>(dialect: &Dialect, doc: &'a Document, role: Role) -> Vec<ServerEntry<'a>> {
    if role.layout == Layout::Settings {
        return Vec::new();
    }
    let key = match role.layout {
        Layout::Map(key) => key,
        Layout::ClaudeJson | Layout::Settings => "mcpServers",
    };
    let top = Pointer::root().key(key);
    let mut out = servers_at(doc, &top, role.scope, dialect.transport, dialect.field_aliases);
    if role.layout == Layout::ClaudeJson {
        if let Some(projects) = doc.root.get("projects") {
            for project in projects.effective_members() {
                let pointer = Pointer::root().key("projects").key(&project.key).key("mcpServers");
                out.extend(servers_at(doc, &pointer, Some(Scope::Local), dialect.transport, dialect.field_aliases));
            }
        }
    }
    out
}

/// What a rule sees of all the files of one run: every parsed file, the project root
/// (absolute) that local-scope entries in `~/.claude.json` are keyed by, and views derived
/// from them that several rules need — computed once per run, on first use.
#[derive(Debug)]
pub struct ProjectContext<'a> {
    /// Every file that parsed and matched a dialect, in input order.
    pub files: &'a [DocumentContext<'a>],
    /// The project root, absolute, when known.
    pub project_root: Option<&'a std::path::Path>,
    /// mcpcheck's settings (rule options, policy).
    pub settings: &'a crate::config::Settings,
    claude_code: std::cell::OnceCell<crate::resolve::layering::ClaudeCodeLayers<'a>>,
    claude_code_layered: std::cell::OnceCell<crate::resolve::layering::Layered<'a>>,
    claude_code_policy: std::cell::OnceCell<crate::resolve::policy::Policy<'a>>,
}

impl<'a> ProjectContext<'a> {
    /// The context of a run's files.
    pub fn new(files: &'a [DocumentContext<'a>], project_root: Option<&'a std::path::Path>) -> Self {
        Self {
            files,
            project_root,
            settings: &crate::config::NONE,
            claude_code: Default::default(),
            claude_code_layered: Default::default(),
            claude_code_policy: Default::default(),
        }
    }

    /// The same context under these settings.
    pub fn with_settings(mut self, settings: &'a crate::config::Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Claude Code's files of this run, by scope.
    pub fn claude_code(&self) -> &crate::resolve::layering::ClaudeCodeLayers<'a> {
        self.claude_code.get_or_init(|| crate::resolve::layering::ClaudeCodeLayers::new(self))
    }

    /// Claude Code's scope layering of this run: effective, shadowed and suppressed entries.
    pub fn claude_code_layered(&self) -> &crate::resolve::layering::Layered<'a> {
        self.claude_code_layered.get_or_init(|| self.claude_code().layer())
    }

    /// The merged MCP policy of this run's Claude Code settings files.
    pub fn claude_code_policy(&self) -> &crate::resolve::policy::Policy<'a> {
        self.claude_code_policy.get_or_init(|| crate::resolve::policy::Policy::new(&self.claude_code().settings))
    }
}

/// What a rule sees of one parsed file.
#[derive(Debug)]
pub struct DocumentContext<'a> {
    /// The file's text and tree, for resolving locations.
    pub file: FileRef<'a>,
    /// The parsed tree.
    pub doc: &'a Document,
    /// The client format the file is in.
    pub dialect: &'static Dialect,
    /// What the file is for its client.
    pub role: Role,
    /// How the dialect was decided.
    pub detection: Detection,
    /// The server entries the client reads from this file, resolved against `env`.
    pub servers: Vec<ServerEntry<'a>>,
    /// The variables references resolve against.
    pub env: &'a Environment,
    /// mcpcheck's settings (rule options, policy).
    pub settings: &'a crate::config::Settings,
}

impl<'a> DocumentContext<'a> {
    /// Build the context: the dialect's view of the document's servers.
    pub fn new(
        file: FileRef<'a>,
        doc: &'a Document,
        dialect: &'static Dialect,
        role: Role,
        detection: Detection,
        env: &'a Environment,
    ) -> Self {
        let mut servers = servers(dialect, doc, role);
        let plugin = dialect.plugin_substitution.filter(|_| role.scope == Some(Scope::Plugin));
        match plugin {
            Some(rules) => {
                let root = file.source.path().parent().unwrap_or(std::path::Path::new("."));
                let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
                let env = env.for_plugin(&root, None);
                for server in &mut servers {
                    server.resolved = ResolvedServer::new(server, &rules, &env);
                }
            }
            None => {
                for server in &mut servers {
                    server.resolved = ResolvedServer::new(server, &dialect.substitution, env);
                }
            }
        }
        Self { file, doc, dialect, role, detection, servers, env, settings: &crate::config::NONE }
    }

    /// The same context under these settings.
    pub fn with_settings(mut self, settings: &'a crate::config::Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Start a finding for `rule`.
    pub fn finding(&self, rule: &'static RuleMeta, message: impl Into<String>) -> FindingBuilder {
        FindingBuilder::new(rule, message)
    }

    /// Resolve a finding against this file.
    pub fn build(&self, builder: FindingBuilder) -> Finding {
        builder.build(&self.file)
    }
}

/// Whether a path's final component is `name`.
pub fn file_name_is(path: &Path, name: &str) -> bool {
    path.file_name().is_some_and(|n| n == name)
}

/// Whether the directory holding `path` is named `dir`.
pub fn parent_dir_is(path: &Path, dir: &str) -> bool {
    path.parent().and_then(Path::file_name).is_some_and(|n| n == dir)
}

/// The root node of `text`, for the dialects' unit tests.
#[cfg(test)]
pub(crate) fn test_root(text: &str) -> Node {
    crate::parse::parse(&crate::source::SourceFile::new("x", text)).expect("test input parses").root
}
