//! Domain policy: which hosts remote servers may be reached on.
//!
//! A [`DomainPattern`] is an exact host (`api.example.com`, `127.0.0.1`, `[::1]`), a wildcard
//! over the subdomains of a domain (`*.example.com`: any depth, **not** `example.com` itself),
//! or `*` (every host). Matching ignores case and one trailing FQDN dot; international domain
//! names are not converted (patterns must be ASCII, in `xn--` form if need be). A
//! [`DomainPolicy`] combines an optional allow list with a block list; a block always wins.
//!
//! [`url_host`] takes the host out of an `http(s)://` or `ws(s)://` URL the way a WHATWG URL
//! parser (browsers, Node.js) does for those schemes: tabs and newlines dropped, any run of
//! `/` or `\` after the scheme skipped, `\` ending the authority, the last `@` ending the user
//! information, percent-escapes decoded, IPv4 shorthands (`0x7f.1`, `2130706433`) normalised.
//! Nothing here reads a document; rules feed it strings.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// One entry of an allow or block list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainPattern {
    /// Every host (`*`).
    Any,
    /// Exactly this host (lowercase, no trailing dot; IPv6 in brackets).
    Exact(String),
    /// Any host strictly below this domain, at any depth (`*.example.com` stores
    /// `example.com`; it matches `a.example.com` and `a.b.example.com`, not `example.com`).
    Subdomains(String),
}

/// Where a host stands under a [`DomainPolicy`]. Indices point into the policy's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Allowed: by `allowed[i]`, or by the absence of an allow list (`None`).
    Allowed(Option<usize>),
    /// Blocked by `blocked[by]`; `also_allowed` is an allow-list entry that matched too
    /// (a block wins over it).
    Blocked {
        /// The block-list entry that matched first.
        by: usize,
        /// The allow-list entry that matched first, if any.
        also_allowed: Option<usize>,
    },
    /// There is an allow list and nothing in it matches.
    NotAllowed,
}

/// An allow list and a block list of hosts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DomainPolicy {
    /// The only hosts allowed. `None`: every host not blocked is allowed; `Some(empty)`: none is.
    pub allowed: Option<Vec<DomainPattern>>,
    /// Hosts never allowed, whatever `allowed` says.
    pub blocked: Vec<DomainPattern>,
}

impl DomainPolicy {
    /// Decide `host` (any case, trailing dot or not). The first matching entry of each list
    /// is the one reported.
    pub fn decide(&self, host: &str) -> Decision {
        let host = canonical_case(host);
        let allowed_by = self.allowed.as_ref().and_then(|list| list.iter().position(|p| p.matches_canonical(&host)));
        if let Some(by) = self.blocked.iter().position(|p| p.matches_canonical(&host)) {
            return Decision::Blocked { by, also_allowed: allowed_by };
        }
        match (&self.allowed, allowed_by) {
            (None, _) => Decision::Allowed(None),
            (Some(_), Some(i)) => Decision::Allowed(Some(i)),
            (Some(_), None) => Decision::NotAllowed,
        }
    }
}

impl DomainPattern {
    /// Parse one list entry, or say why it can never match a host.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.is_empty() {
            return Err("it is empty".to_owned());
        }
        if text.chars().any(char::is_whitespace) {
            return Err("it contains whitespace".to_owned());
        }
        if !text.is_ascii() {
            return Err("it is not ASCII; write an international domain name in its `xn--` (punycode) form".to_owned());
        }
        if text == "*" {
            return Ok(Self::Any);
        }
        if let Some(scheme_end) = text.find("://") {
            return Err(format!("it is a URL, not a host name; leave out `{}`", &text[..scheme_end + 3]));
        }
        if let Some(c) = text.chars().find(|c| matches!(c, '/' | '\\' | '?' | '#')) {
            return Err(format!("it has a path, query or fragment (from `{c}`); a pattern names a host only"));
        }
        if text.contains('@') {
            return Err("it has user information (`…@`); a pattern names a host only".to_owned());
        }
        if let Some(inner) = text.strip_prefix('[') {
            let inner = inner.strip_suffix(']').ok_or("it opens `[` for an IPv6 address but does not close it")?;
            let ip = inner.parse::<Ipv6Addr>().map_err(|_| format!("`{inner}` is not an IPv6 address"))?;
            return Ok(Self::Exact(format!("[{ip}]")));
        }
        if let Ok(ip) = text.parse::<Ipv6Addr>() {
            return Ok(Self::Exact(format!("[{ip}]")));
        }
        if text.contains(':') {
            return Err("it has a port (`:…`); a pattern covers every port of a host, so leave the port out".to_owned());
        }
        if text.starts_with('.') {
            return Err("it starts with `.`; write `*.` before a domain for its subdomains".to_owned());
        }
        let (wildcard, rest) = match text.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if rest.contains('*') {
            return Err("`*` may only stand alone or as the whole first label, as in `*.example.com`".to_owned());
        }
        if wildcard && rest.is_empty() {
            return Err("there is nothing after `*.`".to_owned());
        }
        let host = canonical_case(rest);
        if host.is_empty() {
            return Err("it names no host".to_owned());
        }
        if let Some(ip) = ipv4(&host) {
            let ip = ip.map_err(|_| "it looks like an IPv4 address but is not a valid one".to_owned())?;
            if wildcard {
                return Err("an IP address has no subdomains, so `*.` before it matches nothing".to_owned());
            }
            return Ok(Self::Exact(ip.to_string()));
        }
        check_host_name(&host)?;
        Ok(if wildcard { Self::Subdomains(host) } else { Self::Exact(host) })
    }

    /// Whether `host` (any case, trailing dot or not) matches.
    pub fn matches(&self, host: &str) -> bool {
        self.matches_canonical(&canonical_case(host))
    }

    fn matches_canonical(&self, host: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Exact(exact) => host == exact,
            Self::Subdomains(domain) => {
                host.len() > domain.len() + 1
                    && host.ends_with(domain.as_str())
                    && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
            }
        }
    }

    /// For `*.example.com`: the domain `example.com`, which the pattern does not match.
    pub fn apex(&self) -> Option<&str> {
        match self {
            Self::Subdomains(domain) => Some(domain),
            _ => None,
        }
    }

    /// Patterns the writer of an unusable entry probably meant: `https://a.com:443/x` → `a.com`;
    /// `.example.com` → `*.example.com` and `example.com`. Empty when no guess parses.
    pub fn repair(text: &str) -> Vec<Self> {
        let mut s = text.trim();
        if let Some(at) = s.find("://") {
            s = &s[at + 3..];
        }
        if let Some(end) = s.find(['/', '\\', '?', '#']) {
            s = &s[..end];
        }
        if let Some(at) = s.rfind('@') {
            s = &s[at + 1..];
        }
        if s.starts_with('[') {
            if let Some(end) = s.find(']') {
                s = &s[..=end];
            }
        } else if s.parse::<Ipv6Addr>().is_err() {
            if let Some((host, port)) = s.rsplit_once(':') {
                if port.bytes().all(|b| b.is_ascii_digit()) {
                    s = host;
                }
            }
        }
        let candidates: Vec<String> = match (s.strip_prefix('.'), s.strip_prefix("*.")) {
            (Some(domain), _) => vec![format!("*.{domain}"), domain.to_owned()],
            // `*.10.0.0.1`: an address has no subdomains; the address itself was meant.
            (_, Some(ip)) if ipv4(&canonical_case(ip)).is_some_and(|r| r.is_ok()) => vec![ip.to_owned()],
            _ => vec![s.to_owned()],
        };
        let repaired: Vec<Self> = candidates.iter().filter_map(|c| Self::parse(c).ok()).collect();
        // A "repair" that changes nothing is no help.
        if repaired.len() == 1 && Self::parse(text).as_ref() == Ok(&repaired[0]) { Vec::new() } else { repaired }
    }
}

impl fmt::Display for DomainPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Any => f.write_str("*"),
            Self::Exact(host) => f.write_str(host),
            Self::Subdomains(domain) => write!(f, "*.{domain}"),
        }
    }
}

/// Lowercase ASCII, one trailing dot removed.
fn canonical_case(host: &str) -> String {
    let lower = host.to_ascii_lowercase();
    match lower.strip_suffix('.') {
        Some(stripped) if !stripped.is_empty() => stripped.to_owned(),
        _ => lower,
    }
}

/// A host name in a pattern: dot-separated labels of letters, digits, `-` and `_` (underscores
/// appear in real DNS names, e.g. service records), each 1 to 63 characters, 253 in all.
fn check_host_name(host: &str) -> Result<(), String> {
    if host.len() > 253 {
        return Err("it is longer than the 253 characters a host name may have".to_owned());
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err("it has an empty label (`..`)".to_owned());
        }
        if label.len() > 63 {
            return Err(format!("its label `{label}` is longer than the 63 characters a label may have"));
        }
        if let Some(c) = label.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
            return Err(format!("it contains `{c}`, which cannot appear in a host name"));
        }
    }
    Ok(())
}

/// Why a URL gave no host to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostError {
    /// Not an `http`, `https`, `ws` or `wss` URL (including no scheme at all).
    NotHttpOrWs,
    /// A URL of those schemes that a URL parser rejects (the reason).
    Malformed(&'static str),
    /// The host is not ASCII: a client converts it (IDNA) to a name mcpcheck cannot compute.
    NonAscii(String),
}

/// Characters a WHATWG URL parser refuses in a domain (after percent-decoding).
fn forbidden_in_domain(c: char) -> bool {
    c.is_ascii_control()
        || matches!(c, ' ' | '#' | '%' | '/' | ':' | '<' | '>' | '?' | '@' | '[' | '\\' | ']' | '^' | '|')
}

/// The host of an `http(s)://` or `ws(s)://` URL: lowercase, no trailing dot, IPv4 in dotted
/// decimal, IPv6 in brackets (`[::1]`). User information, port, path, query and fragment are
/// dropped, so the result never holds a password.
pub fn url_host(url: &str) -> Result<String, HostError> {
    let cleaned: String = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let trimmed = cleaned.trim_matches(|c: char| c.is_ascii_control() || c == ' ');
    let (scheme, rest) = trimmed.split_once(':').ok_or(HostError::NotHttpOrWs)?;
    if !["http", "https", "ws", "wss"].iter().any(|s| scheme.eq_ignore_ascii_case(s)) {
        return Err(HostError::NotHttpOrWs);
    }
    // These are "special" schemes: every slash or backslash before the authority is skipped.
    let rest = rest.trim_start_matches(['/', '\\']);
    let authority = &rest[..rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len())];
    let host_port = authority.rfind('@').map_or(authority, |at| &authority[at + 1..]);
    if host_port.is_empty() {
        return Err(HostError::Malformed("the URL has no host"));
    }
    if let Some(inner) = host_port.strip_prefix('[') {
        let (inner, after) = inner.split_once(']').ok_or(HostError::Malformed("`[` is never closed with `]`"))?;
        check_port(after)?;
        let ip = inner.parse::<Ipv6Addr>().map_err(|_| HostError::Malformed("the bracketed host is not IPv6"))?;
        return Ok(format!("[{ip}]"));
    }
    let (host, port) = match host_port.find(':') {
        Some(colon) => host_port.split_at(colon),
        None => (host_port, ""),
    };
    check_port(port)?;
    let decoded = percent_decode(host).ok_or(HostError::Malformed("the host's percent-escapes are not UTF-8"))?;
    if !decoded.is_ascii() {
        return Err(HostError::NonAscii(decoded));
    }
    let host = canonical_case(&decoded);
    if host.is_empty() || host == "." {
        return Err(HostError::Malformed("the URL has no host"));
    }
    if host.chars().any(forbidden_in_domain) {
        return Err(HostError::Malformed("the host contains a character no host name may have"));
    }
    match ipv4(&host) {
        Some(Ok(ip)) => Ok(ip.to_string()),
        Some(Err(())) => Err(HostError::Malformed("the host ends in a number but is not an IPv4 address")),
        None => Ok(host),
    }
}

/// `""` or `:digits` (an empty port is allowed, as in `http://host:/`).
fn check_port(after_host: &str) -> Result<(), HostError> {
    match after_host.strip_prefix(':') {
        None if after_host.is_empty() => Ok(()),
        None => Err(HostError::Malformed("unexpected text after the host")),
        Some(port) if port.bytes().all(|b| b.is_ascii_digit()) => {
            let value = port.trim_start_matches('0');
            if value.len() > 5 || value.parse::<u32>().is_ok_and(|p| p > 65_535) {
                Err(HostError::Malformed("the port is larger than 65535"))
            } else {
                Ok(())
            }
        }
        Some(_) => Err(HostError::Malformed("the port is not a number")),
    }
}

/// Decode `%XX` escapes; `None` when the bytes are not UTF-8. A `%` not followed by two hex
/// digits stays as it is (and is then refused as a host character).
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// WHATWG IPv4 parsing: `None` when the host does not end in a number (so it is a domain),
/// `Some(Err)` when it does but is not a valid address, else the address. Accepts the
/// shorthands a URL parser accepts: fewer than four parts, hex (`0x`) and octal (`0`) parts.
fn ipv4(host: &str) -> Option<Result<Ipv4Addr, ()>> {
    let mut parts: Vec<&str> = host.split('.').collect();
    if parts.last() == Some(&"") && parts.len() > 1 {
        parts.pop();
    }
    let last = parts.last()?;
    let ends_in_number = (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())) || ipv4_number(last).is_some();
    if !ends_in_number {
        return None;
    }
    if parts.len() > 4 {
        return Some(Err(()));
    }
    let numbers: Option<Vec<u64>> = parts.iter().map(|p| ipv4_number(p)).collect();
    let Some(numbers) = numbers else { return Some(Err(())) };
    let (last, init) = numbers.split_last()?;
    if init.iter().any(|&n| n > 255) || *last >= 256u64.pow(5 - numbers.len() as u32) {
        return Some(Err(()));
    }
    let mut address = *last;
    for (i, n) in init.iter().enumerate() {
        address += n * 256u64.pow(3 - i as u32);
    }
    Some(u32::try_from(address).map(Ipv4Addr::from).map_err(|_| ()))
}

/// One IPv4 part: decimal, `0x` hex or `0`-prefixed octal; `None` if it is none of them.
fn ipv4_number(part: &str) -> Option<u64> {
    if part.is_empty() {
        return None;
    }
    let (digits, radix) = if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
        (hex, 16)
    } else if part.len() > 1 && part.starts_with('0') {
        (&part[1..], 8)
    } else {
        (part, 10)
    };
    if digits.is_empty() {
        return Some(0);
    }
    // Anything longer overflows u64; it is out of range for an address either way.
    if digits.len() > 16 {
        return digits.chars().all(|c| c.is_digit(radix)).then_some(u64::MAX);
    }
    u64::from_str_radix(digits, radix).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> DomainPattern {
        DomainPattern::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn why(text: &str) -> String {
        DomainPattern::parse(text).unwrap_err()
    }

    #[test]
    fn exact_wildcard_and_any() {
        assert_eq!(p("API.Example.COM."), DomainPattern::Exact("api.example.com".into()));
        assert!(p("api.example.com").matches("API.example.com."));
        assert!(!p("api.example.com").matches("example.com"));
        assert!(!p("api.example.com").matches("xapi.example.com"));

        let wild = p("*.example.com");
        assert_eq!(wild.to_string(), "*.example.com");
        assert!(wild.matches("a.example.com"));
        assert!(wild.matches("a.b.example.com"), "any depth");
        assert!(wild.matches("A.EXAMPLE.COM."));
        assert!(!wild.matches("example.com"), "not the apex");
        assert!(!wild.matches("badexample.com"));
        assert!(!wild.matches("example.com.evil.net"));
        assert!(!wild.matches(".example.com"));
        assert_eq!(wild.apex(), Some("example.com"));

        assert!(p("*").matches("anything.at.all"));
        assert!(p("*").matches("[::1]"));
        assert_eq!(p("my_service.internal"), DomainPattern::Exact("my_service.internal".into()));
    }

    #[test]
    fn ip_patterns_are_canonical() {
        assert_eq!(p("127.0.0.1"), DomainPattern::Exact("127.0.0.1".into()));
        assert_eq!(p("0x7f.1"), DomainPattern::Exact("127.0.0.1".into()));
        assert_eq!(p("[::1]"), DomainPattern::Exact("[::1]".into()));
        assert_eq!(p("::1"), DomainPattern::Exact("[::1]".into()));
        assert_eq!(p("[0:0:0:0:0:0:0:1]"), DomainPattern::Exact("[::1]".into()));
        assert!(why("256.1.1.1").contains("not a valid one"));
        assert!(why("*.0.0.1").contains("no subdomains"));
        assert!(why("[::1").contains("does not close"));
        assert!(why("[nope]").contains("not an IPv6 address"));
    }

    #[test]
    fn unusable_patterns_say_why() {
        assert!(why("").contains("empty"));
        assert!(why(" example.com").contains("whitespace"));
        assert!(why("exa mple.com").contains("whitespace"));
        assert!(why("https://api.example.com").contains("leave out `https://`"));
        assert!(why("example.com/mcp").contains("path"));
        assert!(why("example.com?x").contains("path, query or fragment"));
        assert!(why("user@example.com").contains("user information"));
        assert!(why("example.com:443").contains("port"));
        assert!(why(".example.com").contains("`*.`"));
        assert!(why("a*.com").contains("whole first label"));
        assert!(why("*.*.com").contains("whole first label"));
        assert!(why("*example.com").contains("whole first label"));
        assert!(why("example.*").contains("whole first label"));
        assert!(why("**").contains("whole first label"));
        assert!(why("*.").contains("nothing after"));
        assert!(why("a..com").contains("empty label"));
        assert!(why("ex!ample.com").contains("`!`"));
        assert!(why("bücher.de").contains("xn--"));
        assert!(why(&format!("{}.com", "a".repeat(64))).contains("63"));
        assert!(why(&format!("{}com", "abcdefghi.".repeat(26))).contains("253"));
        assert!(why(".").contains("`*.`"));
    }

    #[test]
    fn repairs_suggest_what_was_meant() {
        let r = |s| DomainPattern::repair(s).iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(r("https://user@API.example.com:8443/mcp?x#y"), vec!["api.example.com"]);
        assert_eq!(r("example.com:443"), vec!["example.com"]);
        assert_eq!(r(".example.com"), vec!["*.example.com", "example.com"]);
        assert_eq!(r(" example.com "), vec!["example.com"]);
        assert_eq!(r("https://[::1]:3000/"), vec!["[::1]"]);
        assert_eq!(r("*.10.0.0.1"), vec!["10.0.0.1"]);
        assert!(r("a*.com").is_empty());
        assert!(r("example.com").is_empty(), "nothing to repair");
    }

    #[test]
    fn blocked_beats_allowed_and_unset_allows_all() {
        let policy = DomainPolicy {
            allowed: Some(vec![p("*.example.com"), p("mcp.example.com")]),
            blocked: vec![p("evil.com"), p("legacy.example.com")],
        };
        assert_eq!(policy.decide("mcp.example.com"), Decision::Allowed(Some(0)), "first match decides");
        assert_eq!(policy.decide("legacy.example.com"), Decision::Blocked { by: 1, also_allowed: Some(0) });
        assert_eq!(policy.decide("EVIL.com."), Decision::Blocked { by: 0, also_allowed: None });
        assert_eq!(policy.decide("example.com"), Decision::NotAllowed);
        assert_eq!(policy.decide("other.org"), Decision::NotAllowed);

        let open = DomainPolicy { allowed: None, blocked: vec![p("*.evil.com")] };
        assert_eq!(open.decide("anything.org"), Decision::Allowed(None));
        assert_eq!(open.decide("x.evil.com"), Decision::Blocked { by: 0, also_allowed: None });

        let closed = DomainPolicy { allowed: Some(Vec::new()), blocked: Vec::new() };
        assert_eq!(closed.decide("example.com"), Decision::NotAllowed, "an empty allow list allows nothing");
        assert_eq!(DomainPolicy::default().decide("x"), Decision::Allowed(None));
    }

    #[test]
    fn hosts_from_urls() {
        let h = |u| url_host(u).unwrap_or_else(|e| panic!("{u}: {e:?}"));
        assert_eq!(h("https://api.example.com/mcp"), "api.example.com");
        assert_eq!(h("HTTPS://API.Example.com./mcp"), "api.example.com");
        assert_eq!(h("http://user:pa:ss@host.example:8080/x"), "host.example");
        assert_eq!(h("wss://a@b@c.example/"), "c.example", "the last `@` ends the user information");
        assert_eq!(h("ws://localhost:3000"), "localhost");
        assert_eq!(h("http://[::1]:3000/mcp"), "[::1]");
        assert_eq!(h("http://[0:0::1]"), "[::1]");
        assert_eq!(h("https://example.com?q=1"), "example.com");
        assert_eq!(h("https://example.com#frag"), "example.com");
        assert_eq!(h("  https://example.com  "), "example.com");
        assert_eq!(h("https://exa\tmple.com"), "example.com");
        assert_eq!(h("http://host:/"), "host");
        assert_eq!(h("http://127.0.0.1:8000"), "127.0.0.1");
        assert_eq!(h("http://2130706433/"), "127.0.0.1");
        assert_eq!(h("http://0x7f.0.0.1/"), "127.0.0.1");
        assert_eq!(h("http://0177.1/"), "127.0.0.1");
        assert_eq!(h("http://ex%61mple.com/"), "example.com");
        // A URL parser reads these the same way; a naive split would not.
        assert_eq!(h("https:example.com/x"), "example.com");
        assert_eq!(h("https:\\\\example.com"), "example.com");
        assert_eq!(h("https://evil.example\\@good.example/"), "evil.example");
        assert_eq!(h("https://${HOST}/mcp"), "${host}");
    }

    #[test]
    fn urls_without_a_host_to_decide() {
        assert_eq!(url_host("npx"), Err(HostError::NotHttpOrWs));
        assert_eq!(url_host("${MCP_URL}"), Err(HostError::NotHttpOrWs));
        assert_eq!(url_host("file:///tmp/x"), Err(HostError::NotHttpOrWs));
        assert_eq!(url_host("ftp://example.com"), Err(HostError::NotHttpOrWs));
        assert!(matches!(url_host("https://"), Err(HostError::Malformed(_))));
        assert!(matches!(url_host("https://user@/x"), Err(HostError::Malformed(_))));
        assert!(matches!(url_host("https://host:http/"), Err(HostError::Malformed(_))));
        assert!(matches!(url_host("https://host:70000/"), Err(HostError::Malformed(_))));
        assert!(matches!(url_host("https://[::1/"), Err(HostError::Malformed(_))));
        assert!(matches!(url_host("https://[::1]x/"), Err(HostError::Malformed(_))));
        assert!(matches!(url_host("https://a%2Fb/"), Err(HostError::Malformed(_))));
        assert!(matches!(url_host("https://a<b/"), Err(HostError::Malformed(_))));
        assert!(matches!(url_host("http://1.2.3.4.5/"), Err(HostError::Malformed(_))));
        assert!(matches!(url_host("http://256.0.0.1/"), Err(HostError::Malformed(_))));
        assert!(matches!(url_host("http://a.09/"), Err(HostError::Malformed(_))));
        assert!(matches!(url_host("http://%ff/"), Err(HostError::Malformed(_))));
        assert_eq!(url_host("https://bücher.de/"), Err(HostError::NonAscii("bücher.de".into())));
        assert_eq!(url_host("https://b%C3%BCcher.de/"), Err(HostError::NonAscii("bücher.de".into())));
    }
}
