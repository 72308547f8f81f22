//! `contradictory-security-policy`: a server's `security` block that allows and forbids the
//! same thing.

use super::{Rule, RuleMeta};
use crate::dialect::{DocumentContext, mcp_settings};
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::parse::Node;
use crate::pointer::Pointer;

declare_rule! {
    /// ## What it does
    /// Reports a per-server `security` block of an extended `mcp_settings.json` that says two
    /// opposite things:
    ///
    /// * a table in both `allowedTables` and `deniedTables`;
    /// * an operation in both `allowed_operations` and `blocked_operations`;
    /// * `readOnly: true` or `read_only_mode: true` while `allowed_operations` lists a write:
    ///   `INSERT`, `UPDATE`, `DELETE`, `UPSERT`, `MERGE`, `CREATE`, `DROP`, `ALTER`,
    ///   `TRUNCATE`, `GRANT`, `REVOKE`, `REPLACE`, `WRITE`, or `ALL` / `*`;
    /// * `readOnly` and `read_only_mode` both set, to different values.
    ///
    /// Names are compared without regard to case (SQL keywords and unquoted table names are
    /// case-insensitive). The finding is on the later of the two entries, with the earlier one
    /// as a related location.
    ///
    /// ## Why is this bad?
    /// Whoever enforces the block — the server, a wrapper, a reviewer — has to guess which of
    /// the two statements wins, and different tools guess differently. A "read-only" server
    /// that is allowed to `DELETE` is not read-only.
    ///
    /// ## Example
    /// ```jsonc
    /// "security": {
    ///   "readOnly": true,
    ///   "allowedTables": ["orders", "users"], "deniedTables": ["users"],
    ///   "allowed_operations": ["SELECT", "DELETE"], "blocked_operations": ["DELETE"]
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```jsonc
    /// "security": {
    ///   "readOnly": true,
    ///   "allowedTables": ["orders"], "deniedTables": ["users"],
    ///   "allowed_operations": ["SELECT"], "blocked_operations": ["DELETE"]
    /// }
    /// ```
    pub ContradictorySecurityPolicy {
        id: "contradictory-security-policy",
        summary: "A server's `security` block allows and forbids the same table or operation",
        severity: Error,
        category: Security,
        needs: Offline,
    }
}

/// Operations that change data or rights (compared in upper case).
const WRITES: &[&str] = &[
    "INSERT", "UPDATE", "DELETE", "UPSERT", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE",
    "REPLACE", "WRITE", "ALL", "*",
];

/// The two spellings of the read-only switch.
const READ_ONLY_FLAGS: &[&str] = &["readOnly", "read_only_mode"];

/// A list whose entries must not appear in another.
struct Opposites {
    allow: &'static str,
    deny: &'static str,
    /// What an entry is, for messages: "table", "operation".
    what: &'static str,
    /// The participle for the deny list: "denied", "blocked".
    denied: &'static str,
}

const OPPOSITES: &[Opposites] = &[
    Opposites { allow: "allowedTables", deny: "deniedTables", what: "table", denied: "denied" },
    Opposites { allow: "allowed_operations", deny: "blocked_operations", what: "operation", denied: "blocked" },
];

/// One string entry of a list: its index, node and text.
struct Entry<'a> {
    index: usize,
    node: &'a Node,
    text: &'a str,
}

fn entries<'a>(security: &'a Node, key: &str) -> Vec<Entry<'a>> {
    let items = security.get(key).and_then(Node::as_array).unwrap_or_default();
    items.iter().enumerate().filter_map(|(index, node)| Some(Entry { index, node, text: node.as_str()? })).collect()
}

impl Rule for ContradictorySecurityPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id != mcp_settings::DIALECT.id {
            return;
        }
        let Some(security) = server.field("security").filter(|s| s.as_object().is_some()) else { return };
        let base = server.pointer_to("security");
        for pair in OPPOSITES {
            both_lists(cx, server, security, &base, pair, out);
        }
        read_only(cx, server, security, &base, out);
    }
}

/// An entry in both lists of `pair`: one finding per name, at the later occurrence.
fn both_lists(
    cx: &DocumentContext<'_>,
    server: &ServerEntry<'_>,
    security: &Node,
    base: &Pointer,
    pair: &Opposites,
    out: &mut Vec<Finding>,
) {
    let allowed = entries(security, pair.allow);
    let denied = entries(security, pair.deny);
    let mut reported: Vec<String> = Vec::new();
    for d in &denied {
        let key = d.text.to_lowercase();
        if reported.contains(&key) {
            continue;
        }
        let Some(a) = allowed.iter().find(|a| a.text.to_lowercase() == key) else { continue };
        reported.push(key);
        let a_place = (base.key(pair.allow).index(a.index), "allowed here".to_owned());
        let d_place = (base.key(pair.deny).index(d.index), format!("{} here", pair.denied));
        let (later, earlier, shown) =
            if d.node.span.start > a.node.span.start { (d_place, a_place, d.text) } else { (a_place, d_place, a.text) };
        let f = cx
            .finding(
                &ContradictorySecurityPolicy::META,
                format!(
                    "server `{}`: {} `{shown}` is both allowed (`{}`) and {} (`{}`)",
                    server.name, pair.what, pair.allow, pair.denied, pair.deny
                ),
            )
            .at(later.0, Target::Value, Some(later.1))
            .related(earlier.0, Target::Value, Some(earlier.1))
            .help(format!(
                "Remove `{shown}` from `{}` or from `{}`: in both, nothing says which one wins",
                pair.allow, pair.deny
            ));
        out.push(cx.build(f));
    }
}

/// A read-only switch contradicted by the other spelling or by allowed write operations.
fn read_only(
    cx: &DocumentContext<'_>,
    server: &ServerEntry<'_>,
    security: &Node,
    base: &Pointer,
    out: &mut Vec<Finding>,
) {
    let name = server.name;
    let flags: Vec<(&str, bool, usize)> = READ_ONLY_FLAGS
        .iter()
        .filter_map(|&key| {
            let member = security.member(key)?;
            Some((key, member.value.as_bool()?, member.key_span.start))
        })
        .collect();
    if let [a, b] = flags.as_slice() {
        // The finding goes on the later of the two.
        let ((k1, v1, _), (k2, v2, _)) = if a.2 < b.2 { (a, b) } else { (b, a) };
        if v1 != v2 {
            let f = cx
                .finding(
                    &ContradictorySecurityPolicy::META,
                    format!(
                        "server `{name}`: `{k1}` is {v1} but `{k2}` is {v2}; both say whether the server is read-only"
                    ),
                )
                .at(base.key(*k2), Target::Member, Some(format!("`{v2}` here")))
                .related(base.key(*k1), Target::Member, Some(format!("`{v1}` here")))
                .help("Keep one of the two switches, set to the value you mean");
            out.push(cx.build(f));
        }
    }
    let writes: Vec<Entry<'_>> = entries(security, "allowed_operations")
        .into_iter()
        .filter(|e| WRITES.contains(&e.text.trim().to_uppercase().as_str()))
        .collect();
    let Some(first) = writes.first() else { return };
    let listed = writes.iter().map(|e| format!("`{}`", e.text)).collect::<Vec<_>>().join(", ");
    let ops = base.key("allowed_operations");
    for &(flag, on, flag_at) in &flags {
        if !on {
            continue;
        }
        let mut f = cx
            .finding(
                &ContradictorySecurityPolicy::META,
                format!("server `{name}`: `{flag}` is true, but `allowed_operations` allows writing: {listed}"),
            )
            .help(format!(
                "Remove the write operations from `allowed_operations` (keep reads such as `SELECT`), or set `{flag}` to `false` if the server must write"
            ));
        if flag_at > first.node.span.start {
            f = f.at(base.key(flag), Target::Member, Some("read-only here".to_owned()));
            for w in &writes {
                f = f.related(ops.index(w.index), Target::Value, Some("a write".to_owned()));
            }
        } else {
            f = f.at(ops.index(first.index), Target::Value, Some("a write, allowed".to_owned()));
            f = f.related(base.key(flag), Target::Member, Some("read-only here".to_owned()));
            for w in &writes[1..] {
                f = f.related(ops.index(w.index), Target::Value, Some("a write".to_owned()));
            }
        }
        out.push(cx.build(f));
    }
}
