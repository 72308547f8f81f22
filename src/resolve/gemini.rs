//! Gemini CLI's layering: which server entry wins when several settings files name the same
//! server, and which servers `mcp.allowed` and `mcp.excluded` keep from connecting.
//!
//! Files merge in this order, later winning: system defaults, user, workspace, system settings.
//! `mcpServers` merges shallowly: the entry of a name in a later file replaces the earlier
//! entry whole. `mcp.allowed` lists of every file are intersected (names compared ignoring case
//! and surrounding whitespace); a non-empty result lets only those names connect, matched
//! exactly. `mcp.excluded` lists are joined; a listed name never connects.
//!
//! Not modelled: a workspace file is ignored in an untrusted folder, and
//! `--allowed-mcp-server-names` on the command line replaces both lists.
//!
//! See: google-gemini/gemini-cli `packages/cli/src/config/settings.ts` (`mergeSettings`,
//! `getConsolidatedAllowedMcpServers`, `getConsolidatedExcludedMcpServers`),
//! `packages/cli/src/utils/deepMerge.ts` (`SHALLOW_MERGE`) and
//! `packages/core/src/tools/mcp-client-manager.ts` (`isBlockedBySettings`).

use std::collections::HashMap;

use crate::dialect::{DocumentContext, ProjectContext, gemini};
use crate::pointer::Pointer;
use crate::resolve::layering::Placed;

/// The outcome of merging Gemini CLI's files of one run.
#[derive(Debug, Default)]
pub struct Layered<'a> {
    /// The entries Gemini CLI uses, one per name (files of equal rank, e.g. two projects'
    /// workspace files, do not replace each other).
    pub effective: Vec<Placed<'a>>,
    /// Entries replaced by a same-named entry of a later file: (loser, winner).
    pub shadowed: Vec<(Placed<'a>, Placed<'a>)>,
}

/// One `mcp.allowed` or `mcp.excluded` list.
#[derive(Debug, Clone)]
pub struct NameList<'a> {
    /// The file it is in.
    pub file: &'a DocumentContext<'a>,
    /// Pointer to the array.
    pub pointer: Pointer,
    /// Its string items with their indices.
    pub names: Vec<(usize, &'a str)>,
}

/// Gemini CLI's files of a run, in merge order (lowest first).
pub fn files<'a>(project: &ProjectContext<'a>) -> Vec<&'a DocumentContext<'a>> {
    let mut files: Vec<&'a DocumentContext<'a>> =
        project.files.iter().filter(|f| f.dialect.id == gemini::DIALECT.id).collect();
    // Stable: files of one rank keep their input order.
    files.sort_by_key(|f| gemini::rank(&f.role));
    files
}

/// Merge the servers of Gemini CLI's files.
pub fn layer<'a>(project: &ProjectContext<'a>) -> Layered<'a> {
    let mut out = Layered::default();
    let mut by_name: HashMap<&'a str, usize> = HashMap::new();
    for file in files(project) {
        for server in &file.servers {
            let placed = Placed { file, server };
            match by_name.get(server.name) {
                None => {
                    by_name.insert(server.name, out.effective.len());
                    out.effective.push(placed);
                }
                Some(&i) if gemini::rank(&out.effective[i].file.role) < gemini::rank(&file.role) => {
                    let loser = std::mem::replace(&mut out.effective[i], placed);
                    out.shadowed.push((loser, placed));
                }
                // A duplicate key in one file is `duplicate-key`'s; equal ranks are unrelated files.
                Some(_) => {}
            }
        }
    }
    // Entries replaced earlier by a winner that later lost point at the final winner.
    for (_, winner) in &mut out.shadowed {
        if let Some(&i) = by_name.get(winner.server.name) {
            *winner = out.effective[i];
        }
    }
    out
}

/// The `mcp.<key>` lists (`allowed` or `excluded`) of Gemini CLI's files, in merge order.
pub fn lists<'a>(project: &ProjectContext<'a>, key: &str) -> Vec<NameList<'a>> {
    files(project)
        .into_iter()
        .filter_map(|file| {
            let items = file.doc.root.get("mcp")?.get(key)?.as_array()?;
            let names = items.iter().enumerate().filter_map(|(i, n)| Some((i, n.as_str()?))).collect();
            Some(NameList { file, pointer: Pointer::root().key("mcp").key(key), names })
        })
        .collect()
}

/// The names every allowlist shares, as Gemini CLI computes them: the first list's names
/// (in system, system defaults, user, workspace order) that each other list also holds,
/// ignoring case and surrounding whitespace. `None` when no file has an allowlist.
pub fn allowed_names<'a>(allowlists: &[NameList<'a>]) -> Option<Vec<&'a str>> {
    let normal = |s: &str| s.trim().to_lowercase();
    // Gemini CLI reduces over system, system defaults, user, workspace.
    let order = |l: &NameList<'_>| match gemini::rank(&l.file.role) {
        3 => 0,
        r => r + 1,
    };
    let mut sorted: Vec<&NameList<'a>> = allowlists.iter().collect();
    sorted.sort_by_key(|l| order(l));
    let (first, rest) = sorted.split_first()?;
    let names = first
        .names
        .iter()
        .map(|(_, n)| *n)
        .filter(|n| rest.iter().all(|l| l.names.iter().any(|(_, m)| normal(m) == normal(n))))
        .collect();
    Some(names)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::dialect::{Detection, Role};
    use crate::finding::FileRef;
    use crate::parse::{Document, parse};
    use crate::resolve::env::Environment;
    use crate::source::SourceFile;

    /// One Gemini CLI settings file of a test machine.
    pub(crate) struct File {
        pub role: Role,
        pub source: SourceFile,
        pub doc: Document,
    }

    /// A file of role `kind` (`system-defaults`, `user`, `workspace`, `system`) with `text`.
    pub(crate) fn file(kind: &str, text: &str) -> File {
        let (role, path) = match kind {
            "system-defaults" => (gemini::SYSTEM_DEFAULTS, "/etc/gemini-cli/system-defaults.json"),
            "user" => (gemini::USER, "/home/dev/.gemini/settings.json"),
            "workspace" => (gemini::WORKSPACE, "/r/.gemini/settings.json"),
            "system" => (gemini::SYSTEM, "/etc/gemini-cli/settings.json"),
            _ => unreachable!("{kind}"),
        };
        let source = SourceFile::new(path, text);
        let doc = parse(&source).unwrap();
        File { role, source, doc }
    }

    /// The document contexts of `files`.
    pub(crate) fn contexts<'a>(files: &'a [File], env: &'a Environment) -> Vec<DocumentContext<'a>> {
        files
            .iter()
            .map(|f| {
                let file = FileRef::new(&f.source, Some(&f.doc));
                DocumentContext::new(file, &f.doc, &gemini::DIALECT, f.role, Detection::Path, env)
            })
            .collect()
    }

    #[test]
    fn later_files_replace_whole_entries() {
        let env = Environment::empty();
        let files = [
            file("workspace", r#"{"mcpServers": {"gh": {"httpUrl": "https://w"}, "db": {"command": "w"}}}"#),
            file("user", r#"{"mcpServers": {"gh": {"command": "u"}, "fs": {"command": "u"}}}"#),
            file("system", r#"{"mcpServers": {"db": {"command": "s"}}}"#),
            file("system-defaults", r#"{"mcpServers": {"gh": {"command": "d"}}}"#),
        ];
        let contexts = contexts(&files, &env);
        let project = ProjectContext::new(&contexts, None);
        let layered = layer(&project);
        let effective: Vec<String> =
            layered.effective.iter().map(|p| format!("{} {}", p.server.name, p.file.role.label)).collect();
        assert_eq!(
            effective,
            [
                "gh workspace settings `.gemini/settings.json`",
                "fs user settings `~/.gemini/settings.json`",
                "db system settings `settings.json`"
            ]
        );
        let shadowed: Vec<String> = layered
            .shadowed
            .iter()
            .map(|(l, w)| format!("{} {} < {}", l.server.name, l.file.role.label, w.file.role.label))
            .collect();
        assert_eq!(
            shadowed,
            [
                "gh system defaults `system-defaults.json` < workspace settings `.gemini/settings.json`",
                "gh user settings `~/.gemini/settings.json` < workspace settings `.gemini/settings.json`",
                "db workspace settings `.gemini/settings.json` < system settings `settings.json`",
            ]
        );
    }

    #[test]
    fn allowlists_intersect_ignoring_case() {
        let env = Environment::empty();
        let files = [
            file("workspace", r#"{"mcp": {"allowed": ["GH", "db"]}}"#),
            file("user", r#"{"mcp": {"allowed": ["gh", "fs"], "excluded": ["x"]}}"#),
        ];
        let contexts = contexts(&files, &env);
        let project = ProjectContext::new(&contexts, None);
        let allowed = lists(&project, "allowed");
        assert_eq!(allowed.len(), 2);
        // The user's list comes first in Gemini CLI's order, so its spelling is kept.
        assert_eq!(allowed_names(&allowed), Some(vec!["gh"]));
        assert_eq!(lists(&project, "excluded")[0].names, [(0, "x")]);
        assert_eq!(allowed_names(&[]), None);
    }
}
