//! `blocked-domain`: a remote server whose host the file's own domain policy forbids.

use super::{Rule, RuleMeta};
use crate::dialect::{DocumentContext, mcp_settings};
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::parse::Node;
use crate::pointer::Pointer;
use crate::policy::domains::{Decision, DomainPattern, DomainPolicy, HostError, url_host};
use crate::resolve::env::{Status, UnsetBehaviour};

declare_rule! {
    /// ## What it does
    /// Checks the `url` of every server entry of an extended `mcp_settings.json` against the
    /// file's top-level `security` block: an error when the URL's host matches an entry of
    /// `blockedDomains`, or when `allowedDomains` is present and no entry of it matches. A
    /// block always wins over an allow; without `allowedDomains` every host that is not
    /// blocked is allowed, and an empty `allowedDomains` allows none.
    ///
    /// The host is taken from the URL after `${VAR}` substitution, as the client would see it
    /// (user information, port and path do not matter; case and a trailing dot neither).
    /// Patterns: an exact host, `*.example.com` for every subdomain at any depth — but **not**
    /// `example.com` itself — or `*` for every host.
    ///
    /// A URL whose host still holds an unset variable cannot be decided and is skipped
    /// (`unresolved-env-var` reports the variable); so is a URL that is not `http(s)://` or
    /// `ws(s)://`. A host that is not ASCII is reported when there is a policy, because
    /// mcpcheck does not convert international domain names and so cannot tell what it
    /// matches.
    ///
    /// ## Why is this bad?
    /// No MCP client enforces these lists (see `unread-field`), so a server on a forbidden host
    /// is connected to anyway, and whatever the tools send goes there. Checking the file
    /// against its own policy is the enforcement it was written to have.
    ///
    /// ## Example
    /// ```jsonc
    /// {
    ///   "security": { "allowedDomains": ["*.example.com"], "blockedDomains": ["legacy.example.com"] },
    ///   "mcpServers": {
    ///     "old": { "type": "http", "url": "https://legacy.example.com/mcp" },
    ///     "apex": { "type": "http", "url": "https://example.com/mcp" }
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// Point `url` at an allowed host, remove the server, or change the policy on purpose —
    /// here, add `example.com` next to `*.example.com` if the domain itself is meant.
    pub BlockedDomain {
        id: "blocked-domain",
        summary: "A remote server whose URL host the file's `allowedDomains` / `blockedDomains` forbid",
        severity: Error,
        category: Security,
        needs: Offline,
    }
}

impl Rule for BlockedDomain {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id != mcp_settings::DIALECT.id {
            return;
        }
        let Some(security) = cx.doc.root.get("security") else { return };
        let policy = Policy::read(security);
        if policy.domains.allowed.is_none() && policy.domains.blocked.is_empty() {
            return;
        }
        for server in &cx.servers {
            if let Some(f) = check(cx, &policy, server) {
                out.push(cx.build(f));
            }
        }
    }
}

/// The domain policy of a `security` block, with where each usable pattern was written.
struct Policy {
    domains: DomainPolicy,
    /// Index in `allowedDomains` of each entry of `domains.allowed`.
    allowed_at: Vec<usize>,
    /// Index in `blockedDomains` of each entry of `domains.blocked`.
    blocked_at: Vec<usize>,
    /// The `allowedDomains` entries that are unusable (and so allow nothing): index and text.
    allowed_invalid: Vec<(usize, String)>,
}

impl Policy {
    fn read(security: &Node) -> Self {
        let (allowed, allowed_at, allowed_invalid) = match security.get("allowedDomains").and_then(Node::as_array) {
            Some(items) => {
                let (patterns, at, invalid) = patterns(items);
                (Some(patterns), at, invalid)
            }
            // Absent, or not an array (the schema reports that): no allow list.
            None => (None, Vec::new(), Vec::new()),
        };
        let (blocked, blocked_at, _) =
            security.get("blockedDomains").and_then(Node::as_array).map(patterns).unwrap_or_default();
        Self { domains: DomainPolicy { allowed, blocked }, allowed_at, blocked_at, allowed_invalid }
    }
}

/// The usable patterns of a list, their indices, and the unusable entries
/// (`invalid-domain-pattern` reports those; here they simply match nothing).
fn patterns(items: &[Node]) -> (Vec<DomainPattern>, Vec<usize>, Vec<(usize, String)>) {
    let mut patterns = Vec::new();
    let mut at = Vec::new();
    let mut invalid = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.as_str().map(DomainPattern::parse) {
            Some(Ok(p)) => {
                patterns.push(p);
                at.push(i);
            }
            Some(Err(_)) => invalid.push((i, item.as_str().unwrap_or_default().to_owned())),
            None => {}
        }
    }
    (patterns, at, invalid)
}

fn check(
    cx: &DocumentContext<'_>,
    policy: &Policy,
    server: &ServerEntry<'_>,
) -> Option<crate::finding::FindingBuilder> {
    let url = server.resolved.scalar("url")?;
    let name = server.name;
    // NOTE: with a client that empties unset variables, `https://api.${DOMAIN}` would become a
    // plausible but wrong host; only judge hosts mcpcheck can be sure of.
    let emptied = cx.dialect.substitution.unset == UnsetBehaviour::Empty
        && url.expanded.references.iter().any(|r| r.status == Status::Unset);
    if emptied {
        return None;
    }
    let url_ptr = server.pointer_to("url");
    let host = match url_host(&url.expanded.value) {
        Ok(host) => host,
        Err(HostError::NonAscii(host)) => {
            let f = cx
                .finding(
                    &BlockedDomain::META,
                    format!(
                        "server `{name}` connects to `{host}`, which is not ASCII: mcpcheck cannot check it against `security.allowedDomains` / `blockedDomains`"
                    ),
                )
                .at(url_ptr, Target::Within(host.clone()), Some("host not checked".to_owned()))
                .help("Write the host in its ASCII (`xn--…` punycode) form, which is what the client connects to, so the domain policy can be checked");
            return Some(f);
        }
        // Not a URL mcpcheck can take a host from: nothing to decide.
        Err(HostError::NotHttpOrWs | HostError::Malformed(_)) => return None,
    };
    // Still a variable reference (unset, or a form the client does not expand): undecidable.
    if host.contains('$') {
        return None;
    }
    let security = Pointer::root().key("security");
    match policy.domains.decide(&host) {
        Decision::Allowed(_) => None,
        Decision::Blocked { by, also_allowed } => {
            let pattern = &policy.domains.blocked[by];
            let mut f = cx
                .finding(
                    &BlockedDomain::META,
                    format!("server `{name}` connects to `{host}`, which `security.blockedDomains` blocks (`{pattern}`)"),
                )
                .at(url_ptr, Target::Within(host.clone()), Some(format!("host `{host}` is blocked")))
                .related(security.key("blockedDomains").index(policy.blocked_at[by]), Target::Value, Some(format!("blocks `{host}`")))
                .help(format!(
                    "Point `url` at a host the policy allows, or remove this server; if `{host}` must be reachable, take `{pattern}` out of `blockedDomains`"
                ));
            if let Some(i) = also_allowed {
                f = f.related(
                    security.key("allowedDomains").index(policy.allowed_at[i]),
                    Target::Value,
                    Some("also allowed here, but a block wins".to_owned()),
                );
            }
            Some(f)
        }
        Decision::NotAllowed => {
            let allowed_ptr = security.key("allowedDomains");
            let allowed = policy.domains.allowed.as_deref().unwrap_or_default();
            let apex = allowed.iter().find(|p| p.apex() == Some(host.as_str()));
            // An unusable entry that, written properly, would have allowed this host.
            let meant = policy.allowed_invalid.iter().find_map(|(i, text)| {
                DomainPattern::repair(text).into_iter().find(|p| p.matches(&host)).map(|p| (*i, text, p))
            });
            let not_allowed =
                format!("server `{name}` connects to `{host}`, which is not in `security.allowedDomains`");
            let (message, help) = match (&meant, apex) {
                (Some((_, text, fixed)), _) => (
                    format!("{not_allowed}: the entry `{text}` is meant for it but matches no host"),
                    format!("Write the entry `{text}` as `{fixed}`: a pattern is a bare host name"),
                ),
                (None, Some(wildcard)) => (
                    format!(
                        "server `{name}` connects to `{host}`, which `security.allowedDomains` does not allow: `{wildcard}` matches only the subdomains of `{host}`, not `{host}` itself"
                    ),
                    format!(
                        "Add `{host}` to `allowedDomains` next to `{wildcard}`, or point `url` at an allowed subdomain"
                    ),
                ),
                (None, None) if allowed.is_empty() && policy.allowed_invalid.is_empty() => (
                    format!(
                        "server `{name}` connects to `{host}`, but `security.allowedDomains` is empty, so no remote host is allowed"
                    ),
                    format!(
                        "List the hosts remote servers may use in `allowedDomains` (e.g. `{host}`), remove the empty list to allow every host not blocked, or remove this server"
                    ),
                ),
                (None, None) => {
                    let wider = match parent_domain(&host) {
                        Some(parent) => format!(" (or `*.{parent}` for every subdomain of `{parent}`)"),
                        None => String::new(),
                    };
                    (
                        not_allowed,
                        format!(
                            "Add `{host}` to `allowedDomains`{wider}, point `url` at an allowed host, or remove this server"
                        ),
                    )
                }
            };
            let unusable = policy.allowed_invalid.len();
            let help = match unusable {
                _ if meant.is_some() => help,
                0 => help,
                n => format!(
                    "{help}; {n} `allowedDomains` entr{} can match no host (see `invalid-domain-pattern`)",
                    if n == 1 { "y" } else { "ies" }
                ),
            };
            let mut f = cx.finding(&BlockedDomain::META, message).at(
                url_ptr,
                Target::Within(host.clone()),
                Some(format!("host `{host}` is not allowed")),
            );
            f = match meant {
                Some((i, _, _)) => f.related(
                    allowed_ptr.index(i),
                    Target::Value,
                    Some("matches no host, not even this one".to_owned()),
                ),
                None if allowed.is_empty() && unusable == 0 => {
                    f.related(allowed_ptr, Target::Key, Some("empty: allows no host".to_owned()))
                }
                None => f.related(allowed_ptr, Target::Key, Some("the only hosts allowed".to_owned())),
            };
            Some(f.help(help))
        }
    }
}

/// The domain one label up, when it still has a dot in it (`mcp.example.org` → `example.org`,
/// but not `example.org` → `org`); `None` for IP addresses.
fn parent_domain(host: &str) -> Option<&str> {
    if host.starts_with('[') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let (_, parent) = host.split_once('.')?;
    parent.contains('.').then_some(parent)
}

#[cfg(test)]
mod tests {
    use crate::dialect::mcp_settings;
    use crate::pipeline::check_source_in;
    use crate::resolve::env::{Environment, VarOrigin};
    use crate::source::SourceFile;

    /// The host comes from the resolved URL, and nothing else of it reaches the finding: not
    /// the user information, the path or the query, which may carry secrets.
    #[test]
    fn decides_the_resolved_host_and_prints_only_the_host() {
        let text = r#"{
            "security": { "blockedDomains": ["*.evil.example"] },
            "mcpServers": {
                "a": { "type": "http", "url": "${MCP_URL}" },
                "b": { "type": "http", "url": "https://${UNSET_HOST}/mcp" },
                "c": { "type": "http", "url": "https://ok.example/${UNSET_PATH}" }
            }
        }"#;
        let mut env = Environment::empty();
        env.set("MCP_URL", "https://bob:hunter2@API.Evil.Example:8443/mcp?token=s3cr3t", VarOrigin::Flag);
        let source = SourceFile::new("mcp_settings.json", text);
        let report = check_source_in(source, Some(&mcp_settings::DIALECT), &env).unwrap();
        let found: Vec<_> = report.findings.iter().filter(|f| f.rule.id == "blocked-domain").collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = found[0];
        assert!(f.message.contains("`api.evil.example`"), "{}", f.message);
        let labels = std::iter::once(&f.primary).chain(&f.related).filter_map(|l| l.label.clone());
        let everything = format!("{} {:?} {}", f.message, f.help, labels.collect::<Vec<_>>().join(" "));
        for secret in ["hunter2", "s3cr3t", "bob", "8443", "/mcp?"] {
            assert!(!everything.contains(secret), "`{secret}` leaked: {everything}");
        }
    }
}
