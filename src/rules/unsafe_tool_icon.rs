//! `unsafe-tool-icon`: a tool icon whose URI is neither `https:` nor `data:`.

use serde_json::Value;

use super::probed_tools::{at_server, named_tools, show};
use super::{Rule, RuleMeta};
use crate::finding::Finding;
use crate::probe::context::ProbeContext;

declare_rule! {
    /// ## What it does
    /// Reads the `icons` of each tool (MCP 2025-11-25 and later) and reports an icon whose
    /// `src` does not start with `https:` or `data:` — `javascript:`, `file:`, `http:`,
    /// `ftp:`, `ws:`, a relative path — or that has no string `src` at all.
    ///
    /// ## Why is this bad?
    /// The spec says consumers MUST reject icon URIs with any other scheme. A `file:` icon
    /// points the client at a file on your machine, `javascript:` at script, and `http:` can
    /// be altered on the way; a client that follows the spec drops the icon, one that does
    /// not may load it.
    ///
    /// ## Example
    /// `"icons": [{"src": "file:///etc/passwd"}]`.
    ///
    /// ## Use instead
    /// `"icons": [{"src": "https://example.com/icon.png", "mimeType": "image/png"}]`, or a
    /// `data:` URI.
    ///
    /// ## Options
    /// None.
    ///
    /// ## Known limitations
    /// The icons of the server itself (`serverInfo.icons`) and of resources and prompts are
    /// not checked; same-origin checks are not made.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/basic#icons>
    pub UnsafeToolIcon {
        id: "unsafe-tool-icon",
        summary: "A tool icon whose URI is not `https:` or `data:`, which clients must reject",
        severity: Error,
        category: Security,
        needs: Probe,
    }
}

/// The `src` of an icon a client must reject, as text to show (`None` when it is acceptable).
fn unsafe_src(icon: &Value) -> Option<String> {
    match icon.get("src") {
        Some(Value::String(src)) => {
            let lower = src.trim_start().to_ascii_lowercase();
            if lower.starts_with("https:") || lower.starts_with("data:") {
                None
            } else {
                Some(format!("`{}`", show(src)))
            }
        }
        _ => Some("an icon without a string `src`".to_owned()),
    }
}

impl Rule for UnsafeToolIcon {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            for (tool, name) in named_tools(probed) {
                let Some(icons) = tool.get("icons").and_then(Value::as_array) else { continue };
                let Some(bad) = icons.iter().find_map(unsafe_src) else { continue };
                let message = format!(
                    "tool `{}` of server `{}` has an icon {bad}: the spec says clients must reject icon URIs other than `https:` and `data:`",
                    show(name),
                    show(probed.server.name)
                );
                let f = at_server(probed, &Self::META, message, format!("tool `{}`", show(name)))
                    .help("Ask the server's maintainers to serve the icon over `https:` or inline it as a `data:` URI; distrust a server that points clients at local files or scripts");
                out.push(f.build(&probed.cx.file));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::probed_tools::test_support::{messages, silent_on_real_servers};
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(unsafe_src(&json!({ "src": "https://example.com/i.png" })), None);
        assert_eq!(unsafe_src(&json!({ "src": "data:image/png;base64,AAAA" })), None);
        assert_eq!(unsafe_src(&json!({ "src": "HTTPS://EXAMPLE.COM/i.png" })), None);
        for bad in ["file:///etc/passwd", "javascript:alert(1)", "http://example.com/i.png", "icon.png"] {
            assert!(unsafe_src(&json!({ "src": bad })).is_some(), "{bad}");
        }
        assert!(unsafe_src(&json!({})).unwrap().contains("without a string"));
        let found = messages(
            &UnsafeToolIcon,
            json!([{ "name": "t", "icons": [{ "src": "https://a/i.png" }, { "src": "file:///x" }] }]),
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("`file:///x`"), "{found:#?}");
    }

    #[test]
    fn silent_on_real_servers_tools() {
        silent_on_real_servers(&UnsafeToolIcon);
    }
}
