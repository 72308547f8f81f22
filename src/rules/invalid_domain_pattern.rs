//! `invalid-domain-pattern`: an `allowedDomains` / `blockedDomains` entry that can match no host.

use super::{Rule, RuleMeta};
use crate::dialect::{DocumentContext, mcp_settings};
use crate::finding::{Finding, Target};
use crate::policy::domains::DomainPattern;

declare_rule! {
    /// ## What it does
    /// Reports an entry of the top-level `security.allowedDomains` or
    /// `security.blockedDomains` of an extended `mcp_settings.json` that is not a host pattern
    /// mcpcheck can match: a URL (`https://api.example.com`), a host with a port
    /// (`example.com:443`) or a path, a leading dot (`.example.com`), a `*` anywhere but as the
    /// whole first label (`a*.example.com`, `*.*.example.com`), whitespace, an empty label, or a
    /// non-ASCII name.
    ///
    /// A pattern is an exact host (`api.example.com`, `127.0.0.1`, `[::1]`), `*.` and a domain
    /// for every subdomain at any depth (`*.example.com` matches `a.example.com` and
    /// `a.b.example.com` but **not** `example.com` itself), or `*` for every host. Case and a
    /// trailing dot do not matter.
    ///
    /// ## Why is this bad?
    /// An entry that matches nothing fails silently: in `blockedDomains` it blocks nothing, in
    /// `allowedDomains` it allows nothing, so the policy is not the one that was written down.
    /// mcpcheck's `blocked-domain` check uses these lists.
    ///
    /// ## Example
    /// ```jsonc
    /// { "security": { "blockedDomains": ["https://pastebin.com", ".ngrok.io", "evil.example:443"] } }
    /// ```
    ///
    /// ## Use instead
    /// ```jsonc
    /// { "security": { "blockedDomains": ["pastebin.com", "*.ngrok.io", "ngrok.io", "evil.example"] } }
    /// ```
    pub InvalidDomainPattern {
        id: "invalid-domain-pattern",
        summary: "An `allowedDomains` / `blockedDomains` entry that can never match a host",
        severity: Error,
        category: Security,
        needs: Offline,
    }
}

impl Rule for InvalidDomainPattern {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id != mcp_settings::DIALECT.id {
            return;
        }
        let Some(security) = cx.doc.root.get("security") else { return };
        for (list, effect) in [("allowedDomains", "allows nothing"), ("blockedDomains", "blocks nothing")] {
            let Some(items) = security.get(list).and_then(|n| n.as_array()) else { continue };
            for (i, item) in items.iter().enumerate() {
                // A non-string entry is the schema's to report.
                let Some(text) = item.as_str() else { continue };
                let Err(reason) = DomainPattern::parse(text) else { continue };
                let f = cx
                    .finding(
                        &Self::META,
                        format!(
                            "`{}` in `security.{list}` can never match a host, so it {effect}: {reason}",
                            shown(text)
                        ),
                    )
                    .at(crate::ptr!["security", list, i], Target::Value, Some("matches no host".to_owned()))
                    .help(help_for(text));
                out.push(cx.build(f));
            }
        }
    }
}

/// The entry as written, shortened for a message (an entry has no secrets, but may be long).
fn shown(text: &str) -> String {
    const MAX: usize = 60;
    if text.is_empty() {
        return "\"\"".to_owned();
    }
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

fn help_for(text: &str) -> String {
    if !text.is_ascii() {
        return "Write the international name in its ASCII form (`xn--…`, as an IDNA converter gives it): mcpcheck compares host names as written".to_owned();
    }
    let repaired: Vec<String> = DomainPattern::repair(text).iter().map(|p| format!("`{p}`")).collect();
    match repaired.as_slice() {
        [one] => format!("Write {one}: a pattern is a bare host name, `*.domain` for its subdomains, or `*`"),
        [wild, apex] => format!(
            "Write {wild} for the subdomains, and add {apex} as well if the domain itself is meant (`*.` does not match it)"
        ),
        _ => "Write a bare host name (`api.example.com`), `*.` and a domain for its subdomains at any depth (`*.example.com`, which does not match `example.com` itself), or `*` for every host".to_owned(),
    }
}
