//! `unused-input`: an entry of `inputs` that no `${input:id}` refers to.

use super::undeclared_input::{declared_inputs, referenced_inputs};
use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::pointer::Pointer;
use crate::resolve::env::Form;

declare_rule! {
    /// ## What it does
    /// Reports an entry of the top-level `inputs` array of VS Code's `mcp.json` whose `id` no
    /// `${input:<id>}` in the file's servers refers to (ids match exactly, including case).
    ///
    /// ## Why is this bad?
    /// VS Code asks for an input only when a server that refers to it starts, so this one is
    /// never asked for: it does nothing. Often the server refers to the value under another
    /// id (then `undeclared-input` reports the reference, and the server does not start), or
    /// the server it belonged to was removed.
    ///
    /// ## Example
    /// ```jsonc
    /// {
    ///   "servers": { "docs": { "type": "http", "url": "https://docs.example.com/mcp" } },
    ///   "inputs": [{ "id": "docs-token", "type": "promptString", "description": "Docs token", "password": true }]
    /// }
    /// ```
    ///
    /// ## Use instead
    /// Refer to it where the value is needed, or remove it:
    /// ```jsonc
    /// {
    ///   "servers": {
    ///     "docs": { "type": "http", "url": "https://docs.example.com/mcp", "headers": { "Authorization": "Bearer ${input:docs-token}" } }
    ///   },
    ///   "inputs": [{ "id": "docs-token", "type": "promptString", "description": "Docs token", "password": true }]
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://code.visualstudio.com/docs/agents/reference/mcp-configuration> ("Input variables for sensitive data")
    pub UnusedInput {
        id: "unused-input",
        summary: "An entry of VS Code's `inputs` that no `${input:id}` refers to, so it is never asked for",
        severity: Info,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for UnusedInput {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        if !cx.dialect.substitution.forms.contains(&Form::Input) {
            return;
        }
        let client = cx.dialect.client;
        let used = referenced_inputs(cx);
        for (id, index) in declared_inputs(cx) {
            if used.contains(&id) {
                continue;
            }
            let f = cx
                .finding(
                    &Self::META,
                    format!("input `{id}` is declared but no server refers to it as `${{input:{id}}}`, so {client} never asks for it"),
                )
                .at(Pointer::root().key("inputs").index(index).key("id"), Target::Value, Some("not used".to_owned()))
                .help(format!(
                    "Refer to it as `${{input:{id}}}` where a server needs the value (ids match exactly, including case), or remove this entry"
                ));
            out.push(cx.build(f));
        }
    }
}
