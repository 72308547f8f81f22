//! `misplaced-servers`: servers written where the client does not look for them — under
//! another client's key (a file that sits at one client's path in another client's format),
//! or without any wrapper.

use super::{Rule, RuleMeta};
use crate::dialect::{Dialect, DocumentContext, Layout, looks_like_server};
use crate::finding::{Finding, Target};
use crate::pointer::Pointer;

/// One client format's top-level servers key, whose format it is, and where that format's
/// files live. A file whose client reads another key (its role's [`Layout::Map`]) but holds
/// this one is in the wrong format for its place.
#[derive(Debug)]
pub(crate) struct ServersKey {
    /// The top-level key.
    pub key: &'static str,
    /// Whose format it is, as the subject of "this is …".
    pub format: &'static str,
    /// Who reads it, for "if it is meant for …".
    pub clients: &'static str,
    /// Where that format's files go.
    pub home: &'static str,
    /// What else to change when renaming the key into another format.
    pub also: &'static str,
    /// A note for files read through one particular other key: (that key, the note).
    pub history: Option<(&'static str, &'static str)>,
}

/// Every servers key a client format uses (checked against the dialects' layouts by a test).
pub(crate) const SERVERS_KEYS: &[ServersKey] = &[
    ServersKey {
        key: "mcpServers",
        format: "the `mcpServers` format of Claude Code, Cursor and most other clients",
        clients: "one of those clients",
        home: "`.mcp.json` (Claude Code) or `.cursor/mcp.json` (Cursor)",
        also: "",
        // microsoft/vscode configMcpDiscovery.ts, older versions (DIALECTS.md §4).
        history: Some((
            "servers",
            " (VS Code once moved `mcpServers` into `servers` by itself; the versions that read `mcp.json` do not)",
        )),
    },
    ServersKey {
        key: "servers",
        format: "VS Code's `servers` format",
        clients: "VS Code",
        home: "`.vscode/mcp.json`",
        also: " (and drop VS Code-only fields such as `inputs`)",
        history: None,
    },
    ServersKey {
        key: "context_servers",
        format: "Zed's `context_servers` format",
        clients: "Zed",
        home: "`.zed/settings.json`",
        also: "",
        history: None,
    },
    ServersKey {
        key: "mcp_servers",
        format: "Codex's `mcp_servers` format",
        clients: "Codex",
        home: "`.codex/config.toml` (written as TOML tables)",
        also: "",
        history: None,
    },
];

declare_rule! {
    /// ## What it does
    /// Reports server definitions the client will never read because they are written in
    /// another client's format: VS Code's `servers` in a file read through `mcpServers`
    /// (`.mcp.json`, `.cursor/mcp.json`), Claude-style `mcpServers` in a file read through
    /// `servers` (`.vscode/mcp.json`), Zed's `context_servers` or Codex's `mcp_servers`
    /// elsewhere; VS Code's old `"mcp": { "servers": … }` settings block; and server entries
    /// written at the top level without any wrapper. The file's client is known from its path
    /// (or `--dialect`), the format from the key.
    ///
    /// ## Why is this bad?
    /// The client finds no servers and loads nothing. Claude Code reports a `.mcp.json` with
    /// `servers` as a configuration error; other clients say nothing at all.
    ///
    /// ## Example
    /// ```json
    /// { "servers": { "github": { "command": "github-mcp-server", "args": ["stdio"] } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "github": { "command": "github-mcp-server", "args": ["stdio"] } } }
    /// ```
    pub MisplacedServers {
        id: "misplaced-servers",
        summary: "Servers under another client's key (`servers` where `mcpServers` is read, or the reverse) or without a wrapper",
        severity: Error,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for MisplacedServers {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        let Layout::Map(expected) = cx.role.layout else { return };
        let reads = reads(cx.dialect);
        let root = Pointer::root();
        let has_expected = cx.doc.root.get(expected).is_some();
        let beside = if has_expected { format!(" (beside `{expected}`)") } else { String::new() };
        for other in SERVERS_KEYS.iter().filter(|k| k.key != expected) {
            if cx.doc.root.get(other.key).is_none() {
                continue;
            }
            let key = other.key;
            let history = other.history.filter(|(read_as, _)| *read_as == expected).map_or("", |(_, note)| note);
            let help = if has_expected {
                format!("Move these entries into `{expected}`, or delete them")
            } else {
                format!(
                    "Rename `{key}` to `{expected}`{}, or move the file to {} if it is meant for {}",
                    other.also, other.home, other.clients
                )
            };
            let f = cx
                .finding(
                    &Self::META,
                    format!(
                        "this is {}; {reads} `{expected}`, so the servers under `{key}`{beside} never load{history}",
                        other.format
                    ),
                )
                .at(root.key(key), Target::Key, Some("not read".to_owned()))
                .help(help);
            out.push(cx.build(f));
        }
        if cx.doc.root.get("mcp").and_then(|m| m.get("servers")).is_some() {
            let f = if expected == "servers" {
                // VS Code's own file: the settings.json block pasted into `mcp.json`.
                cx.finding(&Self::META, format!("`mcp.servers` is the block of VS Code's settings.json; in `mcp.json` {reads} a top-level `servers`{beside}"))
                    .help("Move the entries of `\"mcp\": { \"servers\": {…} }` to a top-level `\"servers\": {…}` (and `mcp.inputs` to a top-level `inputs`)")
            } else {
                cx.finding(
                    &Self::META,
                    format!(
                        "`mcp.servers` is VS Code's old settings.json block; {reads} a top-level `{expected}`{beside}"
                    ),
                )
                .help(format!("Move the entries of `\"mcp\": {{ \"servers\": {{…}} }}` into `\"{expected}\": {{…}}`"))
            };
            out.push(cx.build(f.at(root.key("mcp"), Target::Key, Some("not read".to_owned()))));
        }
        if has_expected {
            return;
        }
        let bare: Vec<_> =
            cx.doc.root.effective_members().into_iter().filter(|m| looks_like_server(&m.value)).collect();
        if let Some((first, rest)) = bare.split_first() {
            let names = bare.iter().map(|m| format!("`{}`", m.key)).collect::<Vec<_>>().join(", ");
            let mut f = cx
                .finding(
                    &Self::META,
                    format!(
                        "server entries without the `{expected}` wrapper ({names}): {} finds no servers in this file",
                        finder(cx.dialect)
                    ),
                )
                .at(root.key(&first.key), Target::Key, Some(format!("not inside `{expected}`")))
                .help(format!("Wrap the entries: `{{ \"{expected}\": {{ … }} }}`"));
            for m in rest {
                f = f.related(root.key(&m.key), Target::Key, Some(format!("also outside `{expected}`")));
            }
            out.push(cx.build(f));
        }
    }
}

/// "Cursor reads servers only from", for the file's dialect.
fn reads(dialect: &Dialect) -> String {
    if dialect.id == "mcp-settings" {
        "the extended `mcp_settings.json` format keeps servers only in".to_owned()
    } else {
        format!("{} reads servers only from", dialect.client)
    }
}

/// Who finds no servers in the file.
fn finder(dialect: &Dialect) -> &'static str {
    if dialect.id == "mcp-settings" { "a tool reading this format" } else { dialect.client }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::{Detection, Role, claude_code};
    use crate::finding::FileRef;
    use crate::parse::parse;
    use crate::resolve::env::Environment;
    use crate::source::SourceFile;

    /// A stand-in for a client whose dialect is built on another branch: Claude Code's
    /// behaviour, this name, this servers key.
    macro_rules! client {
        ($name:ident, $client:literal, $key:literal) => {
            static $name: Dialect = Dialect {
                id: "test-client",
                client: $client,
                summary: "",
                syntax: crate::dialect::Syntax::Jsonc,
                role_for_path: |_, _| None,
                role_for_shape: |_| None,
                default_role: Role { label: "test", scope: None, layout: Layout::Map($key) },
                transport: claude_code::transport,
                substitution: crate::resolve::env::CLAUDE_CODE,
                plugin_substitution: None,
                url_requires_type: false,
                field_aliases: &[],
                schema: None,
                wording: crate::dialect::Wording { ignored: "", rejected: "" },
                unread_server_fields: &[],
                unread_top_level_fields: &[],
            };
        };
    }
    client!(CURSOR, "Cursor", "mcpServers");
    client!(VSCODE, "VS Code", "servers");
    client!(ZED, "Zed", "context_servers");
    client!(CODEX, "Codex", "mcp_servers");

    fn findings(dialect: &'static Dialect, text: &str) -> Vec<Finding> {
        let source = SourceFile::new("x.json", text);
        let doc = parse(&source).unwrap();
        let env = Environment::empty();
        let cx = DocumentContext::new(
            FileRef::new(&source, Some(&doc)),
            &doc,
            dialect,
            dialect.default_role,
            Detection::Path,
            &env,
        );
        let mut out = Vec::new();
        MisplacedServers.check_document(&cx, &mut out);
        out
    }

    fn messages(dialect: &'static Dialect, text: &str) -> Vec<String> {
        findings(dialect, text).into_iter().map(|f| f.message).collect()
    }

    const SERVER: &str = r#"{"gh": {"command": "gh-mcp"}}"#;

    #[test]
    fn another_clients_key_names_both_formats() {
        let servers = format!(r#"{{"servers": {SERVER}}}"#);
        assert_eq!(
            messages(&CURSOR, &servers),
            [
                "this is VS Code's `servers` format; Cursor reads servers only from `mcpServers`, so the servers under `servers` never load"
            ]
        );
        assert_eq!(
            messages(&VSCODE, &format!(r#"{{"mcpServers": {SERVER}}}"#)),
            [
                "this is the `mcpServers` format of Claude Code, Cursor and most other clients; VS Code reads servers only from `servers`, so the servers under `mcpServers` never load (VS Code once moved `mcpServers` into `servers` by itself; the versions that read `mcp.json` do not)"
            ]
        );
        assert_eq!(
            messages(&claude_code::DIALECT, &format!(r#"{{"context_servers": {SERVER}}}"#)),
            [
                "this is Zed's `context_servers` format; Claude Code reads servers only from `mcpServers`, so the servers under `context_servers` never load"
            ]
        );
        assert_eq!(
            messages(&ZED, &format!(r#"{{"mcp_servers": {SERVER}, "theme": "One Dark"}}"#)),
            [
                "this is Codex's `mcp_servers` format; Zed reads servers only from `context_servers`, so the servers under `mcp_servers` never load"
            ]
        );
        assert_eq!(
            messages(&CODEX, &format!(r#"{{"mcpServers": {SERVER}}}"#))[0],
            "this is the `mcpServers` format of Claude Code, Cursor and most other clients; Codex reads servers only from `mcp_servers`, so the servers under `mcpServers` never load"
        );
        // The help says where the other format's files go.
        let help = findings(&CURSOR, &servers)[0].help.clone().unwrap();
        assert!(help.contains("Rename `servers` to `mcpServers`") && help.contains("`.vscode/mcp.json`"), "{help}");
        let help = findings(&VSCODE, &format!(r#"{{"mcpServers": {SERVER}}}"#))[0].help.clone().unwrap();
        assert!(help.contains("Rename `mcpServers` to `servers`") && help.contains("`.cursor/mcp.json`"), "{help}");
    }

    #[test]
    fn beside_the_right_key_only_the_stray_entries_are_reported() {
        let text = format!(r#"{{"servers": {SERVER}, "mcpServers": {SERVER}}}"#);
        let found = findings(&CURSOR, &text);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("(beside `mcpServers`)"), "{}", found[0].message);
        assert_eq!(found[0].help.as_deref(), Some("Move these entries into `mcpServers`, or delete them"));
        assert!(messages(&VSCODE, &format!(r#"{{"servers": {SERVER}, "inputs": []}}"#)).is_empty());
        // VS Code's settings.json block pasted into its own `mcp.json`, and elsewhere.
        let block = format!(r#"{{"mcp": {{"servers": {SERVER}}}}}"#);
        let in_vscode = findings(&VSCODE, &block);
        assert!(in_vscode[0].message.starts_with("`mcp.servers` is the block of VS Code's settings.json; in `mcp.json` VS Code reads servers only from a top-level `servers`"), "{}", in_vscode[0].message);
        assert!(in_vscode[0].help.as_deref().unwrap().contains("`mcp.inputs` to a top-level `inputs`"));
        assert_eq!(
            messages(&CURSOR, &block),
            [
                "`mcp.servers` is VS Code's old settings.json block; Cursor reads servers only from a top-level `mcpServers`"
            ]
        );
    }

    #[test]
    fn bare_entries_name_the_clients_key() {
        assert_eq!(
            messages(&VSCODE, SERVER),
            ["server entries without the `servers` wrapper (`gh`): VS Code finds no servers in this file"]
        );
        assert!(messages(&ZED, r#"{"theme": "One Dark", "context_servers": {}}"#).is_empty());
    }

    /// A dialect that keeps its servers under a key nobody has listed would make this rule
    /// silent about files in that format: every dialect's key must be in the table.
    #[test]
    fn every_dialects_servers_key_is_in_the_table() {
        for dialect in crate::dialect::ALL {
            if let Layout::Map(key) = dialect.default_role.layout {
                assert!(SERVERS_KEYS.iter().any(|k| k.key == key), "{}: add `{key}` to SERVERS_KEYS", dialect.id);
            }
        }
        for (i, k) in SERVERS_KEYS.iter().enumerate() {
            assert!(SERVERS_KEYS[..i].iter().all(|e| e.key != k.key), "`{}` twice", k.key);
        }
    }
}
