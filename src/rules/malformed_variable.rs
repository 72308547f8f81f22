//! `malformed-variable`: a `${` the client cannot read as a variable reference.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;

declare_rule! {
    /// ## What it does
    /// Reports a `${` in a field the client expands that is not a well-formed reference: never
    /// closed (`${TOKEN`), naming nothing (`${}`), not a variable name (`${API KEY}`), or with a
    /// reference inside its default (`${A:-${B}}`), which Claude Code does not expand.
    ///
    /// ## Why is this bad?
    /// The text reaches the server as written, or half-expanded, and the server fails with an
    /// unrelated-looking error (a bad token, a wrong path).
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "api": { "type": "http", "url": "https://${API_HOST/mcp" } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "api": { "type": "http", "url": "https://${API_HOST}/mcp" } } }
    /// ```
    pub MalformedVariable {
        id: "malformed-variable",
        summary: "A `${` that is not a well-formed variable reference (unclosed, empty, nested)",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for MalformedVariable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        for value in &server.resolved.values {
            for (range, kind) in &value.expanded.malformed {
                let text = value.raw.get(range.clone()).unwrap_or_default();
                let f = cx
                    .finding(&Self::META, format!("in `{}`, {}", value.pointer.dotted(), kind.describe()))
                    .at(value.pointer.clone(), Target::Within(text.to_owned()), Some("malformed".to_owned()))
                    .help(help(&cx.dialect.substitution));
                out.push(cx.build(f));
            }
        }
    }
}

/// How to write a reference in this client: `${NAME}` or `${NAME:-default}` where defaults
/// exist, else the one spelling it expands.
fn help(rules: &crate::resolve::env::Substitution) -> String {
    if rules.has_defaults() {
        "Write `${NAME}` or `${NAME:-default}`, with a plain default; or escape a literal `$` as the server expects"
            .to_owned()
    } else {
        match rules.reference("NAME") {
            Some(reference) => format!("Write `{reference}`; or escape a literal `$` as the server expects"),
            // A client that expands nothing passes the text on: the server decides what `${` means.
            None => "Write the value itself; or escape a literal `$` as the server expects".to_owned(),
        }
    }
}
