//! Claude Code's scope layering: which server entries apply to one project, which one wins
//! when a name repeats, and which are suppressed by an exclusive `managed-mcp.json`.
//!
//! Precedence, highest first: local (`~/.claude.json` → `projects["<project>"]`) > project
//! (`.mcp.json`) > user (`~/.claude.json` top level). The winner is used whole, without
//! merging fields. When a `managed-mcp.json` exists, only its servers load.
//!
//! See: <https://code.claude.com/docs/en/mcp> ("Scope hierarchy and precedence"),
//! <https://code.claude.com/docs/en/managed-mcp>

use std::collections::HashMap;
use std::path::Path;

use crate::dialect::{DocumentContext, Layout, ProjectContext};
use crate::finding::{Location, Target};
use crate::model::{Scope, ServerEntry};
use crate::pointer::Segment;

/// A server entry and the file it is in.
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    /// The file.
    pub file: &'a DocumentContext<'a>,
    /// The entry.
    pub server: &'a ServerEntry<'a>,
}

impl<'a> Placed<'a> {
    /// The entry's scope (project when the file has none).
    pub fn scope(&self) -> Scope {
        self.server.scope.unwrap_or(Scope::Project)
    }

    /// A location of this entry, for related locations of findings in other files.
    pub fn locate(&self, target: Target, label: impl Into<String>) -> Location {
        self.file.file.locate(&self.server.pointer, &target, Some(label.into()))
    }

    /// The file's path for messages.
    pub fn path(&self) -> &'a Path {
        self.file.file.source.path()
    }
}

/// Claude Code's view of one project: its server entries from every scope, the managed
/// files present, and the settings files that steer MCP.
#[derive(Debug, Default)]
pub struct ClaudeCodeLayers<'a> {
    /// Every entry that applies to this project (local entries of other projects left out).
    pub servers: Vec<Placed<'a>>,
    /// `managed-mcp.json` files in the run (present ⇒ exclusive).
    pub managed_files: Vec<&'a DocumentContext<'a>>,
    /// Settings files (`managed-settings.json`, `.claude/settings*.json`, `~/.claude/settings.json`).
    pub settings: Vec<&'a DocumentContext<'a>>,
}

/// The outcome of layering.
#[derive(Debug, Default)]
pub struct Layered<'a> {
    /// The entries Claude Code uses, one per name (before allow/deny policy).
    pub effective: Vec<Placed<'a>>,
    /// Entries hidden by a same-named entry of a higher scope: (loser, winner).
    pub shadowed: Vec<(Placed<'a>, Placed<'a>)>,
    /// Entries that never load because a `managed-mcp.json` has exclusive control.
    pub suppressed_by_managed: Vec<Placed<'a>>,
}

impl<'a> ClaudeCodeLayers<'a> {
    /// Collect Claude Code's files of a run.
    pub fn new(project: &ProjectContext<'a>) -> Self {
        let mut layers = Self::default();
        for file in project.files {
            match file.dialect.id {
                "claude-code" => {
                    if file.role.scope == Some(Scope::Managed) {
                        layers.managed_files.push(file);
                    }
                    for server in &file.servers {
                        if server.scope == Some(Scope::Local) && !is_this_project(server, project.project_root) {
                            continue;
                        }
                        layers.servers.push(Placed { file, server });
                    }
                }
                "claude-code-settings" if file.role.layout == Layout::Settings => layers.settings.push(file),
                _ => {}
            }
        }
        layers
    }

    /// Apply managed exclusivity and scope precedence.
    pub fn layer(&self) -> Layered<'a> {
        let mut out = Layered::default();
        if !self.managed_files.is_empty() {
            for placed in &self.servers {
                if placed.scope() == Scope::Managed {
                    out.effective.push(*placed);
                } else {
                    out.suppressed_by_managed.push(*placed);
                }
            }
            return out;
        }
        let (plugins, named): (Vec<Placed<'a>>, Vec<Placed<'a>>) =
            self.servers.iter().partition(|p| p.scope() == Scope::Plugin);
        // Name → position in `effective`, so a file with many servers stays linear.
        let mut by_name: HashMap<&'a str, usize> = HashMap::with_capacity(named.len());
        for placed in &named {
            let rank = precedence(placed.scope());
            match by_name.get(placed.server.name) {
                None => {
                    by_name.insert(placed.server.name, out.effective.len());
                    out.effective.push(*placed);
                }
                Some(&i) if rank < precedence(out.effective[i].scope()) => {
                    let loser = std::mem::replace(&mut out.effective[i], *placed);
                    out.shadowed.push((loser, *placed));
                }
                Some(&i) => out.shadowed.push((*placed, out.effective[i])),
            }
        }
        // Entries shadowed earlier by a winner that later lost point at the final winner.
        for (_, winner) in &mut out.shadowed {
            if let Some(&i) = by_name.get(winner.server.name) {
                *winner = out.effective[i];
            }
        }
        // Plugin servers are namespaced (`plugin:<plugin>:<server>`): a name clash does not
        // shadow them, but a server of a higher scope with the same endpoint does.
        let named_count = out.effective.len();
        for placed in plugins {
            match out.effective[..named_count].iter().find(|w| same_endpoint(w, &placed)) {
                Some(winner) => out.shadowed.push((placed, *winner)),
                None => out.effective.push(placed),
            }
        }
        out
    }
}

/// Whether two entries start the same command (with the same arguments) or reach the same
/// URL, after substitution.
pub fn same_endpoint(a: &Placed<'_>, b: &Placed<'_>) -> bool {
    let value = |p: &Placed<'_>, field: &str| p.server.resolved.scalar(field).map(|v| v.expanded.value.clone());
    let args = |p: &Placed<'_>| p.server.resolved.field("args").map(|v| v.expanded.value.clone()).collect::<Vec<_>>();
    match (value(a, "url"), value(b, "url")) {
        (Some(x), Some(y)) => x == y,
        (None, None) => {
            value(a, "command").is_some() && value(a, "command") == value(b, "command") && args(a) == args(b)
        }
        _ => false,
    }
}

/// Lower is stronger: local > project > user (managed never competes: it is exclusive).
pub fn precedence(scope: Scope) -> u8 {
    match scope {
        Scope::Managed => 0,
        Scope::Local => 1,
        Scope::Project => 2,
        Scope::User => 3,
        Scope::Plugin => 4,
    }
}

/// Whether a local-scope entry (`/projects/<key>/mcpServers/<name>`) belongs to this project:
/// its key is the project root's absolute path (compared as text, trailing separator ignored;
/// no file system access, so rules stay pure).
fn is_this_project(server: &ServerEntry<'_>, root: Option<&Path>) -> bool {
    let (Some(root), Some(Segment::Key(key))) = (root, server.pointer.segments().get(1)) else { return false };
    Path::new(key.trim_end_matches(['/', '\\'])) == root
}
