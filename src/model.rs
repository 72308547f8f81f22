//! The client-neutral view of a server entry that dialects produce and rules read.
//!
//! A [`ServerEntry`] borrows the parsed node it came from, so every field keeps its span;
//! part of the normalisation (transport inference) is the dialect's, recorded here.

use crate::parse::Node;
use crate::pointer::Pointer;

/// Where a server definition applies, in the client's own terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// An administrator's file (`managed-mcp.json`).
    Managed,
    /// One user, one project (`~/.claude.json` → `projects[<path>]`).
    Local,
    /// Shared with the repository (`.mcp.json`).
    Project,
    /// One user, every project (`~/.claude.json` top level).
    User,
    /// Provided by an installed plugin (its `.mcp.json`); lowest precedence, and deduplicated
    /// by endpoint rather than by name.
    Plugin,
}

impl Scope {
    /// Lowercase name for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Managed => "managed",
            Scope::Local => "local",
            Scope::Project => "project",
            Scope::User => "user",
            Scope::Plugin => "plugin",
        }
    }
}

/// How the client talks to a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Transport {
    /// A child process over stdin/stdout.
    Stdio,
    /// Legacy HTTP+SSE (deprecated in the protocol since 2025-03-26).
    Sse,
    /// Streamable HTTP.
    Http,
    /// WebSocket.
    Ws,
}

impl Transport {
    /// Lowercase name for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Stdio => "stdio",
            Transport::Sse => "sse",
            Transport::Http => "http",
            Transport::Ws => "ws",
        }
    }

    /// Whether the server is reached over the network.
    pub fn is_remote(self) -> bool {
        !matches!(self, Transport::Stdio)
    }
}

/// What the client decides about a server's transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportChoice {
    /// Chosen from an explicit `type`.
    Declared(Transport),
    /// Inferred from the fields present (e.g. no `type` ⇒ stdio).
    Inferred(Transport),
    /// The client rejects the entry (e.g. `url` without `type` in Claude Code).
    Rejected,
    /// The `type` value is not one the client knows (the schema reports it).
    Unknown,
}

impl TransportChoice {
    /// The transport, when the client settles on one.
    pub fn transport(self) -> Option<Transport> {
        match self {
            TransportChoice::Declared(t) | TransportChoice::Inferred(t) => Some(t),
            TransportChoice::Rejected | TransportChoice::Unknown => None,
        }
    }
}

/// One server definition in one file.
#[derive(Debug, Clone)]
pub struct ServerEntry<'a> {
    /// The server's name (its key in the servers map).
    pub name: &'a str,
    /// Pointer to the entry, e.g. `/mcpServers/github`.
    pub pointer: Pointer,
    /// The entry's node (an object when well-formed; rules must not assume it).
    pub node: &'a Node,
    /// The scope the entry belongs to, where the client has scopes.
    pub scope: Option<Scope>,
    /// What the client makes of the transport fields.
    pub transport: TransportChoice,
    /// The dialect's spellings of common fields, as (key in the file, common name); see
    /// [`crate::dialect::Dialect::field_aliases`].
    pub aliases: &'static [(&'static str, &'static str)],
    /// The entry after the client's variable substitution (filled in by the document context).
    pub resolved: crate::resolve::server::ResolvedServer<'a>,
}

impl<'a> ServerEntry<'a> {
    /// The value of one of the entry's fields, by its common name (`url`, `headers`…): the
    /// field itself, else the first of this dialect's spellings of it that is present.
    pub fn field(&self, key: &str) -> Option<&'a Node> {
        self.node.get(key).or_else(|| self.aliases_of(key).find_map(|alias| self.node.get(alias)))
    }

    /// The string value of one of the entry's fields, by its common name.
    pub fn str_field(&self, key: &str) -> Option<&'a str> {
        self.field(key).and_then(Node::as_str)
    }

    /// Pointer to one of the entry's fields, by its common name: to the key present in the
    /// file (an alias when only the alias is there).
    pub fn pointer_to(&self, key: &str) -> Pointer {
        self.pointer.key(self.key_of(key))
    }

    /// The key in the file that holds the field with this common name (the name itself when
    /// neither it nor an alias is present).
    pub fn key_of<'k>(&self, key: &'k str) -> &'k str
    where
        'static: 'k,
    {
        if self.node.get(key).is_some() {
            return key;
        }
        self.aliases_of(key).find(|alias| self.node.get(alias).is_some()).unwrap_or(key)
    }

    /// The common name of a key in the file (`serverUrl` → `url` for Windsurf).
    pub fn common_name<'k>(&self, key: &'k str) -> &'k str
    where
        'static: 'k,
    {
        self.aliases.iter().find(|(alias, _)| *alias == key).map_or(key, |(_, common)| common)
    }

    fn aliases_of<'k>(&self, common: &'k str) -> impl Iterator<Item = &'static str> + use<'k, 'a> {
        self.aliases.iter().filter(move |(_, c)| *c == common).map(|(alias, _)| *alias)
    }

    /// Where `pointer` is inside this entry, for messages: `env.GITHUB_TOKEN`, `args[2]`.
    pub fn field_path(&self, pointer: &Pointer) -> String {
        let inner = pointer.segments().get(self.pointer.segments().len()..).unwrap_or_default();
        inner
            .iter()
            .fold(Pointer::root(), |p, s| match s {
                crate::pointer::Segment::Key(k) => p.key(k.as_str()),
                crate::pointer::Segment::Index(i) => p.index(*i),
            })
            .dotted()
    }
}
