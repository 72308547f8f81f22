//! `undeclared-input`: a `${input:id}` that no entry of the file's `inputs` declares.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::pointer::Pointer;
use crate::resolve::env::{Form, Status};

declare_rule! {
    /// ## What it does
    /// Reports a `${input:<id>}` reference in a server entry of VS Code's `mcp.json` whose
    /// `<id>` no entry of the file's top-level `inputs` array declares. Ids match exactly,
    /// including case. When the file declares an input that nothing refers to, and its id is a
    /// near spelling or it is the only one left over for the only undeclared id, the help
    /// names it.
    ///
    /// ## Why is this bad?
    /// VS Code fills in the server's variables before it starts the server, and stops at an
    /// input it cannot find: "Undefined input variable 'github_pat' encountered. Remove or
    /// define 'github_pat' to continue." The server never starts. The usual causes are a server
    /// entry copied from documentation without its `inputs` block, and an input renamed on one
    /// side only.
    ///
    /// ## Example
    /// ```jsonc
    /// {
    ///   "servers": {
    ///     "github": {
    ///       "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
    ///       "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${input:github_pat}" }
    ///     }
    ///   },
    ///   "inputs": [{ "id": "token", "type": "promptString", "description": "GitHub token", "password": true }]
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```jsonc
    /// {
    ///   "servers": {
    ///     "github": {
    ///       "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
    ///       "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${input:github_pat}" }
    ///     }
    ///   },
    ///   "inputs": [{ "id": "github_pat", "type": "promptString", "description": "GitHub token", "password": true }]
    /// }
    /// ```
    ///
    /// ## Known limitations
    /// Only references in the fields VS Code fills in are checked (`command`, `args`, `env`,
    /// `envFile`, `cwd`, `url`, `headers`, `sandbox`); a reference elsewhere is
    /// `variable-in-unexpanded-field`'s.
    ///
    /// ## References
    /// - <https://code.visualstudio.com/docs/agents/reference/mcp-configuration> ("Input variables for sensitive data")
    /// - <https://code.visualstudio.com/docs/reference/variables-reference> ("Input variables")
    /// - microsoft/vscode `src/vs/workbench/services/configurationResolver/browser/baseConfigurationResolverService.ts`
    pub UndeclaredInput {
        id: "undeclared-input",
        summary: "A `${input:id}` whose id no entry of `inputs` declares, so VS Code cannot start the server",
        severity: Error,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for UndeclaredInput {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        // Only clients with inputs (VS Code) supply `${input:…}`.
        if !cx.dialect.substitution.forms.contains(&Form::Input) {
            return;
        }
        let client = cx.dialect.client;
        let declared = declared_inputs(cx);
        let used = referenced_inputs(cx);
        // Declared ids nothing refers to: the likely intended ones.
        let unused: Vec<&str> = declared.iter().map(|(id, _)| *id).filter(|id| !used.contains(id)).collect();
        let inputs_key = cx.doc.root.get("inputs").map(|_| Pointer::root().key("inputs"));
        let undeclared = |r: &&crate::resolve::env::Resolved| {
            r.reference.form == Form::Input
                && r.status == Status::Supplied
                && !declared.iter().any(|(d, _)| *d == r.reference.name)
        };
        let mut missing: Vec<&str> = cx
            .servers
            .iter()
            .flat_map(|s| s.resolved.values.iter())
            .flat_map(|v| v.expanded.references.iter().filter(undeclared))
            .map(|r| r.reference.name.as_str())
            .collect();
        missing.sort_unstable();
        missing.dedup();
        for server in &cx.servers {
            for value in &server.resolved.values {
                for r in value.expanded.references.iter().filter(undeclared) {
                    let id = r.reference.name.as_str();
                    let password = if crate::secrets::is_secret_name(id) { ", \"password\": true" } else { "" };
                    let entry = format!(
                        "`{{ \"id\": \"{id}\", \"type\": \"promptString\", \"description\": \"…\"{password} }}`"
                    );
                    let declare = match &inputs_key {
                        Some(_) => format!("add {entry} to `inputs`"),
                        None => format!("add a top-level `\"inputs\": [ {} ]`", entry.trim_matches('`')),
                    };
                    // A declared input nothing uses is likely the one meant: certainly when its
                    // id is a near spelling, probably when it is the only one left over for the
                    // only undeclared id.
                    let help = if let Some(near) = crate::validate::suggest(id, &unused) {
                        format!(
                            "Did you mean `${{input:{near}}}`? `{near}` is declared and used nowhere else. Otherwise declare `{id}`: {declare}"
                        )
                    } else if let ([only], [_]) = (unused.as_slice(), missing.as_slice()) {
                        format!(
                            "If the input `{only}` (declared, used nowhere) holds this value, write `${{input:{only}}}`; otherwise declare `{id}`: {declare}"
                        )
                    } else {
                        format!("Declare it: {declare}")
                    };
                    let mut f = cx
                        .finding(
                            &Self::META,
                            format!(
                                "`{}` in `{}` of server `{}` names an input that `inputs` does not declare: {client} stops with \"Undefined input variable '{id}'\" and does not start the server",
                                r.reference.text,
                                server.field_path(&value.pointer),
                                server.name
                            ),
                        )
                        .at(value.pointer.clone(), Target::Within(r.reference.text.clone()), Some("not declared".to_owned()))
                        .help(help);
                    if let Some(key) = &inputs_key {
                        f = f.related(key.clone(), Target::Key, Some("declared inputs".to_owned()));
                    }
                    out.push(cx.build(f));
                }
            }
        }
    }
}

/// The `id` of every entry of the top-level `inputs` array, with the entry's index.
pub(super) fn declared_inputs<'d>(cx: &'d DocumentContext<'_>) -> Vec<(&'d str, usize)> {
    let items = cx.doc.root.get("inputs").and_then(|i| i.as_array()).unwrap_or_default();
    items.iter().enumerate().filter_map(|(i, item)| Some((item.get("id")?.as_str()?, i))).collect()
}

/// Every `<id>` of a `${input:<id>}` anywhere in the file's server entries, expanded field
/// or not.
pub(super) fn referenced_inputs<'d>(cx: &'d DocumentContext<'_>) -> Vec<&'d str> {
    let mut used = Vec::new();
    for server in &cx.servers {
        let expanded = server.resolved.values.iter().flat_map(|v| v.expanded.references.iter().map(|r| &r.reference));
        let elsewhere = server.resolved.unexpanded.iter().flat_map(|u| u.scan.references.iter());
        for reference in expanded.chain(elsewhere) {
            if reference.form == Form::Input {
                used.push(reference.name.as_str());
            }
        }
    }
    used
}
