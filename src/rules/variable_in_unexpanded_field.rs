//! `variable-in-unexpanded-field`: a `${VAR}` in a field the client does not expand.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::pointer::Segment;
use crate::resolve::env::Form;

declare_rule! {
    /// ## What it does
    /// Reports a variable reference (`${VAR}`, `${VAR:-default}`, `${env:VAR}`,
    /// `${input:id}`) in a part of a server entry that the client never expands: a map key
    /// (`env` and `headers` keys are never expanded), or a field outside the expanded ones
    /// (for Claude Code: anything but `command`, `args`, `env` values, `url` and `headers`
    /// values — e.g. `cwd` or `oauth.clientId`). `headersHelper` is a shell command, so its
    /// shell expands variables itself, and it is not reported. In the file of a client that
    /// expands no variables at all (Claude Desktop) only keys are reported here:
    /// `unsupported-variable-syntax` reports references in the fields it passes to the server,
    /// and its other fields are not read.
    ///
    /// ## Why is this bad?
    /// The field gets the literal text `${VAR}`. A `cwd` of `${HOME}/project` is a directory
    /// whose name starts with a dollar sign; an OAuth client id of `${CLIENT_ID}` is rejected
    /// by the authorization server.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "api": { "type": "http", "url": "https://api.example.com/mcp", "oauth": { "clientId": "${API_CLIENT_ID}" } } } }
    /// ```
    ///
    /// ## Use instead
    /// Write the value itself in fields that are not expanded:
    /// `"oauth": { "clientId": "api-cli" }`.
    pub VariableInUnexpandedField {
        id: "variable-in-unexpanded-field",
        summary: "A `${VAR}` in a field or key the client never expands",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for VariableInUnexpandedField {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        let client = cx.dialect.client;
        let expanded: Vec<_> = cx.dialect.substitution.fields.iter().map(|f| format!("`{}`", f.name())).collect();
        for u in &server.resolved.unexpanded {
            let top = u.pointer.segments().get(server.pointer.segments().len());
            let field = match top {
                Some(Segment::Key(k)) => k.as_str(),
                _ => continue,
            };
            // A shell expands headersHelper; blocks no client reads are reported as such.
            if field == "headersHelper" || cx.dialect.unread_server_fields.iter().any(|f| f.name == field) {
                continue;
            }
            // Claude Desktop expands nothing and reads no field but `command`, `args` and `env`,
            // which `unsupported-variable-syntax` covers.
            if !u.is_key && cx.dialect.id == crate::dialect::claude_desktop::DIALECT.id {
                continue;
            }
            let Some(reference) = u.scan.references.iter().find(|r| r.form != Form::Bare && r.form != Form::Other)
            else {
                continue;
            };
            let (message, target) = if u.is_key {
                (
                    format!(
                        "`{}` is in a key: {client} never expands variables in keys, so the key is the text `{}`",
                        reference.text, u.raw
                    ),
                    Target::Key,
                )
            } else if cx.dialect.substitution.forms.is_empty() {
                (
                    format!(
                        "{client} expands no variables in this file: `{}` is the text `{}` as written",
                        u.pointer.dotted(),
                        reference.text
                    ),
                    Target::Within(reference.text.clone()),
                )
            } else {
                let only = if cx.dialect.substitution.forms.is_empty() {
                    "it expands variables nowhere".to_owned()
                } else {
                    format!("only in {}", expanded.join(", "))
                };
                (
                    format!(
                        "{client} does not expand variables in `{}` ({only}): the value is the text as written",
                        u.pointer.dotted(),
                    ),
                    Target::Within(reference.text.clone()),
                )
            };
            let f = cx
                .finding(&Self::META, message)
                .at(u.pointer.clone(), target, Some("not expanded here".to_owned()))
                .help(if u.is_key {
                    "Write the key itself; only values can hold variables"
                } else if cx.dialect.substitution.forms.is_empty() {
                    "Write the value itself (keep secrets out of shared files)"
                } else {
                    "Write the value itself here, or move the variable into a field that is expanded"
                });
            out.push(cx.build(f));
        }
    }
}
