//! `invalid-quantity`: a size or duration in a policy block that cannot be read, or is not
//! greater than zero.

use super::{Rule, RuleMeta};
use crate::dialect::{DocumentContext, mcp_settings};
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::parse::{Node, Value};
use crate::pointer::Pointer;
use crate::policy::quantity::BareUnit;
use crate::policy::{duration_of, size_of};

declare_rule! {
    /// ## What it does
    /// Reports a size or duration in an extended `mcp_settings.json` that cannot be read, or is
    /// zero or negative:
    ///
    /// * sizes: `security.maxRequestSize`;
    /// * durations: `security.rateLimit.window`, `globalSettings.connectionTimeout` and
    ///   `globalSettings.cacheTTL`; per server, `security.query_timeout` and the
    ///   `interval`, `intervalMs`, `timeout` and `timeoutMs` of `health_check` / `healthCheck`.
    ///
    /// A size is a number with an optional unit, case-insensitive, with or without a space:
    /// `B`; `KB`, `MB`, `GB`, `TB` (powers of 1000); `KiB`, `MiB`, `GiB`, `TiB` (powers of
    /// 1024). A bare number is a number of bytes. A duration is a number with `ms`, `s`, `m`
    /// (minutes), `h` or `d`; a bare number — a JSON number or a string without a unit — is
    /// milliseconds, in every field (the convention of the JavaScript tools this format comes
    /// from: `"connectionTimeout": 30000` is 30 seconds). Decimals are allowed (`1.5m`);
    /// exponents, thousands separators and combined units (`1h30m`) are not.
    ///
    /// Only strings and numbers are checked: a value of another type is reported by
    /// `schema-violation`, which also covers `security.rateLimit.requests` (a whole number of
    /// at least 1).
    ///
    /// ## Why is this bad?
    /// Whatever is meant to apply the limit either rejects the value or reads it as something
    /// else: `"10 megabytes"` is no size, a timeout of `0` times out at once or never, and a
    /// negative window means nothing. A limit that cannot be read limits nothing.
    ///
    /// ## Example
    /// ```jsonc
    /// {
    ///   "security": { "maxRequestSize": "10 megabytes", "rateLimit": { "requests": 100, "window": "1 minute" } },
    ///   "globalSettings": { "connectionTimeout": 0 }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```jsonc
    /// {
    ///   "security": { "maxRequestSize": "10MB", "rateLimit": { "requests": 100, "window": "1m" } },
    ///   "globalSettings": { "connectionTimeout": 30000 }
    /// }
    /// ```
    pub InvalidQuantity {
        id: "invalid-quantity",
        summary: "A size or duration in a policy block that cannot be read or is not greater than zero",
        severity: Error,
        category: Security,
        needs: Offline,
    }
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Size,
    Duration,
}

/// Top-level fields, by path.
const TOP_LEVEL: &[(&[&str], Kind)] = &[
    (&["security", "maxRequestSize"], Kind::Size),
    (&["security", "rateLimit", "window"], Kind::Duration),
    (&["globalSettings", "connectionTimeout"], Kind::Duration),
    (&["globalSettings", "cacheTTL"], Kind::Duration),
];

/// Server-entry fields, by path below the entry.
const PER_SERVER: &[(&[&str], Kind)] = &[
    (&["security", "query_timeout"], Kind::Duration),
    (&["health_check", "interval"], Kind::Duration),
    (&["health_check", "intervalMs"], Kind::Duration),
    (&["health_check", "timeout"], Kind::Duration),
    (&["health_check", "timeoutMs"], Kind::Duration),
    (&["healthCheck", "interval"], Kind::Duration),
    (&["healthCheck", "intervalMs"], Kind::Duration),
    (&["healthCheck", "timeout"], Kind::Duration),
    (&["healthCheck", "timeoutMs"], Kind::Duration),
];

impl Rule for InvalidQuantity {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id != mcp_settings::DIALECT.id {
            return;
        }
        for &(path, kind) in TOP_LEVEL {
            check(cx, &cx.doc.root, &Pointer::root(), path, kind, "", out);
        }
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id != mcp_settings::DIALECT.id {
            return;
        }
        let prefix = format!("server `{}`: ", server.name);
        for &(path, kind) in PER_SERVER {
            check(cx, server.node, &server.pointer, path, kind, &prefix, out);
        }
    }
}

/// Check the value at `path` below `node` (whose pointer is `base`).
fn check(
    cx: &DocumentContext<'_>,
    node: &Node,
    base: &Pointer,
    path: &[&str],
    kind: Kind,
    prefix: &str,
    out: &mut Vec<Finding>,
) {
    let Some(value) = path.iter().try_fold(node, |n, key| n.get(key)) else { return };
    let Some(reason) = problem(value, kind) else { return };
    let field = path.join(".");
    let shown = match &value.value {
        Value::String(s) => serde_json::Value::String(shortened(s)).to_string(),
        Value::Number(raw) => shortened(raw),
        _ => return,
    };
    let what = match kind {
        Kind::Size => "size",
        Kind::Duration => "duration",
    };
    let help = match kind {
        Kind::Size => "Write a size greater than zero such as `10MB` (KB, MB, GB, TB count in 1000s; KiB, MiB, GiB, TiB in 1024s) or a number of bytes such as `1048576`".to_owned(),
        Kind::Duration if field.ends_with("Ms") => {
            "Write a number of milliseconds greater than zero, such as `30000` for 30 seconds".to_owned()
        }
        Kind::Duration => "Write a duration greater than zero such as `30s`, `500ms`, `5m`, `1h` or `1d`, or a number of milliseconds such as `30000`".to_owned(),
    };
    let pointer = path.iter().fold(base.clone(), |p, key| p.key(*key));
    let f = cx
        .finding(&InvalidQuantity::META, format!("{prefix}`{field}` (`{shown}`) is not a usable {what}: {reason}"))
        .at(pointer, Target::Value, Some(format!("not a {what}")))
        .help(help);
    out.push(cx.build(f));
}

/// The value as written, cut short if it is long (it is a literal, never a secret).
fn shortened(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// What is wrong with the value, or `None` when it reads as a quantity greater than zero (or
/// is of a type the schema reports).
fn problem(value: &Node, kind: Kind) -> Option<String> {
    if let Some(text) = value.as_str() {
        if !crate::resolve::env::scan(text).references.is_empty() {
            return Some("nothing expands variables in this block, so the value is the literal text".to_owned());
        }
    }
    let result = match kind {
        Kind::Size => size_of(value)?.map(|_| ()),
        Kind::Duration => duration_of(value, BareUnit::Milliseconds)?.map(|_| ()),
    };
    result.err()
}

#[cfg(test)]
mod tests {
    use crate::dialect::mcp_settings;
    use crate::pipeline::check_source;
    use crate::source::SourceFile;

    /// `rateLimit.requests` must be a whole number of at least 1; the schema says so, and this
    /// rule must not say it a second time.
    #[test]
    fn leaves_rate_limit_requests_to_the_schema() {
        let text = r#"{ "security": { "rateLimit": { "requests": 0, "window": "1m" } }, "mcpServers": {} }"#;
        let report = check_source(SourceFile::new("mcp_settings.json", text), Some(&mcp_settings::DIALECT)).unwrap();
        let rules: Vec<_> = report.findings.iter().map(|f| f.rule.id).collect();
        assert!(rules.contains(&"schema-violation"), "{rules:?}");
        assert!(!rules.contains(&"invalid-quantity"), "{rules:?}");
    }
}
