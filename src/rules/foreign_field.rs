//! `foreign-field`: a field from another client's dialect, which this client ignores.
//!
//! The table of such fields lives here. The schema stage ([`crate::validate`]) asks
//! [`describe`] about every key its schema does not define, so a key known to belong to
//! another client becomes this rule's finding instead of an `unknown-field`; the hook below
//! covers the one top-level key (`inputs`) that the Claude Code schema cannot reject, because
//! `~/.claude.json` holds much unrelated state at its top level.

use super::{Rule, RuleMeta};
use crate::dialect::{DocumentContext, Layout};
use crate::finding::{Finding, Severity, Target};
use crate::parse::{Node, Value};
use crate::pointer::Pointer;

declare_rule! {
    /// ## What it does
    /// Reports fields that belong to another MCP client's settings format, written where this
    /// file's client does not read them: Cline's, Roo Code's and Kiro's `autoApprove`,
    /// `alwaysAllow`, `disabled` and `disabledTools`; Windsurf's `serverUrl`; Gemini CLI's
    /// `httpUrl`, `trust`, `includeTools` and `excludeTools`; Cline's old `transportType`; VS
    /// Code's and Cursor's `envFile`, `cwd`, `dev`, `sandbox`, `sandboxEnabled` and `auth`; Zed's
    /// and Codex's `enabled`; and VS Code's top-level `inputs`. In another client's settings
    /// file it also reports, as info, Claude Code's MCP settings keys written at the top level
    /// (`enableAllProjectMcpServers`, `allowedMcpServers`…), which only Claude Code's
    /// `.claude/settings.json` holds.
    ///
    /// The message names the client the field belongs to and what this file's client does
    /// instead; the help says what to write. A field with a value that changes nothing even
    /// where it is read (`"disabled": false`, `"autoApprove": []`) is reported as info.
    ///
    /// ## Why is this bad?
    /// The field does nothing here, but it looks as if it does: `"disabled": true` does not stop
    /// Claude Code from starting the server, `"sandboxEnabled": true` sandboxes nothing, and a
    /// server whose address is only in `serverUrl` or `httpUrl` has no `url` at all, so Claude
    /// Code cannot load it. Such fields arrive when a configuration is copied from another
    /// client's documentation.
    ///
    /// ## Example
    /// ```jsonc
    /// {
    ///   "mcpServers": {
    ///     "docs": { "serverUrl": "https://docs.example.com/mcp" },
    ///     "db": { "command": "db-mcp", "disabled": true, "autoApprove": ["query"] }
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```jsonc
    /// {
    ///   "mcpServers": {
    ///     "docs": { "type": "http", "url": "https://docs.example.com/mcp" }
    ///     // "db" removed here, or turned off with `/mcp` or `disabledMcpjsonServers`;
    ///     // tools allowed with `"mcp__db__query"` in `permissions.allow` of `.claude/settings.json`
    ///   }
    /// }
    /// ```
    ///
    /// ## Known limitations
    /// VS Code's `${input:…}` references are reported by `unsupported-variable-syntax`, and VS
    /// Code's `servers` key by `misplaced-servers`. An auto-approval field that is foreign here
    /// is also looked at by `blanket-auto-approval`, which says what it would approve in the
    /// clients that read it.
    ///
    /// ## References
    /// - <https://code.claude.com/docs/en/mcp>
    pub ForeignField {
        id: "foreign-field",
        summary: "A field from another client's format (`disabled`, `autoApprove`, `serverUrl`…) that this client ignores",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

/// Where a foreign field is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// In a server entry.
    Server,
    /// At the top level of the file.
    TopLevel,
}

/// A field of another client's dialect.
#[derive(Debug)]
pub(crate) struct Foreign {
    /// The field name.
    pub name: &'static str,
    /// Where it is written.
    pub place: Place,
    /// The clients that read it, for messages: "Cline and Kiro".
    pub owner: &'static str,
    /// What it does there.
    pub meaning: &'static str,
    /// What follows here from its being ignored, when its value would have done something.
    /// It is said in every client's files, so it names no client; remedies specific to Claude
    /// Code belong in `help`, which other clients' files replace.
    pub consequence: &'static str,
    /// Whether a value changes nothing even where the field is read.
    pub inert: fn(&Node) -> bool,
    /// What to write instead.
    pub help: &'static str,
}

fn never(_: &Node) -> bool {
    false
}

fn empty_array(node: &Node) -> bool {
    node.as_array().is_some_and(<[Node]>::is_empty)
}

fn is_false(node: &Node) -> bool {
    node.as_bool() == Some(false)
}

fn is_true(node: &Node) -> bool {
    node.as_bool() == Some(true)
}

const APPROVE_HELP: &str = "Remove it: Claude Code asks before each tool call unless a permission rule allows it; to allow a tool, add `\"mcp__<server>__<tool>\"` to `permissions.allow` in `.claude/settings.json`";
const DISABLE_HELP: &str = "Remove it, and turn the server off in Claude Code with `/mcp`, by listing it in `disabledMcpjsonServers` in `.claude/settings.json` (for `.mcp.json` servers), or by removing the entry";
const URL_HELP_SERVER_URL: &str =
    "Write `\"type\": \"http\"` and `\"url\"` instead (`\"type\": \"sse\"` for a server-sent-events endpoint)";
const URL_HELP_HTTP_URL: &str = "Write `\"type\": \"http\"` and `\"url\"` instead";
const TOOLS_HELP: &str = "Remove it; to keep the model from using a tool in Claude Code, add `\"mcp__<server>__<tool>\"` to `permissions.deny` in `.claude/settings.json`";

/// Every known foreign field.
pub(crate) const FIELDS: &[Foreign] = &[
    Foreign {
        name: "alwaysAllow",
        place: Place::Server,
        owner: "Roo Code's",
        meaning: "tools it runs without asking; Cline's name for it until 2025",
        consequence: ", so these tools are not approved in advance",
        inert: empty_array,
        help: APPROVE_HELP,
    },
    Foreign {
        name: "autoApprove",
        place: Place::Server,
        owner: "Cline's and Kiro's",
        meaning: "tools it runs without asking",
        consequence: ", so these tools are not approved in advance",
        inert: empty_array,
        help: APPROVE_HELP,
    },
    Foreign {
        name: "disabled",
        place: Place::Server,
        owner: "Cline's, Roo Code's and Kiro's",
        meaning: "turns the server off",
        consequence: ", so the server still starts",
        inert: is_false,
        help: DISABLE_HELP,
    },
    Foreign {
        name: "enabled",
        place: Place::Server,
        owner: "Zed's and Codex's",
        meaning: "turns the server on or off",
        consequence: ", so `\"enabled\": false` does not stop the server from starting",
        inert: is_true,
        help: DISABLE_HELP,
    },
    Foreign {
        name: "disabledTools",
        place: Place::Server,
        owner: "Roo Code's and Kiro's",
        meaning: "tools hidden from the model",
        consequence: ", so the model still sees these tools",
        inert: empty_array,
        help: TOOLS_HELP,
    },
    Foreign {
        name: "includeTools",
        place: Place::Server,
        owner: "Gemini CLI's",
        meaning: "the only tools offered to the model",
        consequence: ", so the model sees every tool of the server",
        inert: never,
        help: TOOLS_HELP,
    },
    Foreign {
        name: "excludeTools",
        place: Place::Server,
        owner: "Gemini CLI's",
        meaning: "tools hidden from the model",
        consequence: ", so the model still sees these tools",
        inert: empty_array,
        help: TOOLS_HELP,
    },
    Foreign {
        name: "trust",
        place: Place::Server,
        owner: "Gemini CLI's",
        meaning: "runs every tool without asking",
        consequence: ", so tool calls still ask for approval",
        inert: is_false,
        help: "Remove it: Claude Code asks before each tool call unless a permission rule allows it (`\"mcp__<server>\"` in `permissions.allow` allows every tool of a server)",
    },
    Foreign {
        name: "serverUrl",
        place: Place::Server,
        owner: "Windsurf's",
        meaning: "the address of a remote server",
        consequence: "",
        inert: never,
        help: URL_HELP_SERVER_URL,
    },
    Foreign {
        name: "httpUrl",
        place: Place::Server,
        owner: "Gemini CLI's",
        meaning: "the address of a streamable-HTTP server",
        consequence: "",
        inert: never,
        help: URL_HELP_HTTP_URL,
    },
    Foreign {
        name: "transportType",
        place: Place::Server,
        owner: "Cline's",
        meaning: "its old name for `type`",
        consequence: "",
        inert: never,
        help: "Rename it to `type` (`\"stdio\"`, `\"http\"` or `\"sse\"`)",
    },
    Foreign {
        name: "envFile",
        place: Place::Server,
        owner: "VS Code's and Cursor's",
        meaning: "a dotenv file loaded into the server's environment",
        consequence: ", so the variables in that file never reach the server",
        inert: never,
        help: "List each variable in `env` as `\"NAME\": \"${NAME}\"` and set it in the environment Claude Code starts in",
    },
    Foreign {
        name: "cwd",
        place: Place::Server,
        owner: "VS Code's, Gemini CLI's, Cline's and Codex's",
        meaning: "the server's working directory",
        consequence: ", so the server starts in the client's own working directory",
        inert: never,
        help: "Remove it (`claude mcp add-json` drops it too): the server starts in the directory Claude Code runs in, so use absolute paths in `command` and `args`, or start the server through a command that changes directory first",
    },
    Foreign {
        name: "dev",
        place: Place::Server,
        owner: "VS Code's",
        meaning: "restarts the server on file changes and attaches a debugger",
        consequence: "",
        inert: never,
        help: "Remove it; keep development settings in `.vscode/mcp.json`",
    },
    Foreign {
        name: "sandboxEnabled",
        place: Place::Server,
        owner: "VS Code's",
        meaning: "runs the server in a sandbox",
        consequence: ", so the server runs without that sandbox",
        inert: is_false,
        help: "Remove it; confine the server by its own arguments, a container (`docker run` with limited mounts), or Claude Code's sandbox settings",
    },
    Foreign {
        name: "sandbox",
        place: Place::Server,
        owner: "VS Code's",
        meaning: "the file and network limits of the server's sandbox",
        consequence: ", so the server runs without these limits",
        inert: never,
        help: "Remove it; confine the server by its own arguments, a container (`docker run` with limited mounts), or Claude Code's sandbox settings",
    },
    Foreign {
        name: "auth",
        place: Place::Server,
        owner: "Cursor's",
        meaning: "a static OAuth client",
        consequence: "",
        inert: never,
        help: "Write `\"oauth\": { \"clientId\": \"…\" }` instead; Claude Code reads the client secret from the system keychain or `MCP_CLIENT_SECRET`, never from this file",
    },
    Foreign {
        name: "watchPaths",
        place: Place::Server,
        owner: "Roo Code's",
        meaning: "restarts the server when these files change",
        consequence: "",
        inert: empty_array,
        help: "Remove it; restart the server with `/mcp` after changing it",
    },
    Foreign {
        name: "inputs",
        place: Place::TopLevel,
        owner: "VS Code's",
        meaning: "values asked for on first start, referenced as `${input:…}`",
        consequence: ", and `${input:…}` references reach the server as written",
        inert: empty_array,
        help: "Remove `inputs` and read such values from environment variables (`${NAME}`) set where Claude Code starts",
    },
];

/// `None` when help may give Claude Code's remedies (Claude Code's files and the tutorial
/// format its users write), else the client's name.
pub(crate) fn other_client(dialect: &crate::dialect::Dialect) -> Option<&'static str> {
    (!matches!(dialect.id, "claude-code" | "claude-code-settings" | "mcp-settings")).then_some(dialect.client)
}

/// This client's own name for another client's field, where it has the same meaning: the
/// auto-approval list is `autoApprove` in Cline (since January 2025; `alwaysAllow` before) and
/// Kiro, `alwaysAllow` in Roo Code.
fn own_name(client: &str, field: &str) -> Option<&'static str> {
    match (client, field) {
        ("Cline" | "Kiro", "alwaysAllow") => Some("autoApprove"),
        ("Roo Code", "autoApprove") => Some("alwaysAllow"),
        _ => None,
    }
}

/// The foreign field `key` written at `place`, if it is one.
pub(crate) fn lookup(place: Place, key: &str) -> Option<&'static Foreign> {
    FIELDS.iter().find(|f| f.place == place && f.name == key)
}

/// What to report about a foreign field.
#[derive(Debug)]
pub(crate) struct Described {
    /// The message.
    pub message: String,
    /// The severity (the rule's default unless the value is inert or the entry is unusable).
    pub severity: Severity,
    /// What to write instead.
    pub help: String,
}

/// Describe `field` (value `value`) in `entry` (the server entry, for server fields) at
/// `place_text` ("in server `db`", "at the top level"); `ignored` says what the client does
/// with fields it does not know ("Claude Code ignores it"). The help names Claude Code's own
/// remedies only when `other_client` is `None`; for another client's file it says to remove
/// the field.
pub(crate) fn describe(
    field: &Foreign,
    value: &Node,
    entry: Option<&Node>,
    place_text: &str,
    ignored: &str,
    other_client: Option<&str>,
) -> Described {
    let inert = (field.inert)(value);
    let mut message = format!("`{}` {place_text} is {} field ({}); {ignored}", field.name, field.owner, field.meaning);
    let mut severity = ForeignField::META.default_severity;
    // The address only in `serverUrl` or `httpUrl`: the entry has nothing the client can use.
    let no_transport = entry.is_some_and(|e| e.get("url").is_none() && e.get("command").is_none());
    if matches!(field.name, "serverUrl" | "httpUrl") && no_transport {
        message.push_str(", so this entry has neither `url` nor `command` and the server cannot load");
        severity = Severity::Error;
    } else if inert {
        severity = Severity::Info;
    } else if other_client.is_none() || !field.consequence.contains("Claude Code") {
        // A consequence told in Claude Code's terms (`cwd`) is left out for other clients.
        message.push_str(field.consequence);
    }
    let help = if inert && severity == Severity::Info {
        "Remove it: with this value it does nothing in any client".to_owned()
    } else if let Some(own) = other_client.and_then(|client| own_name(client, field.name)) {
        format!("Rename it to `{own}`, the name {} gives this field", other_client.unwrap_or_default())
    } else if let Some(client) = other_client {
        format!("Remove it: {client} has no such field, so it only misleads readers of this file")
    } else {
        field.help.to_owned()
    };
    Described { message, severity, help }
}

impl Rule for ForeignField {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Top-level foreign keys where the schema accepts any top-level key (otherwise the schema
    /// stage reports them).
    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        if cx.role.layout == Layout::Settings || crate::validate::rejects_unknown_top_level_keys(cx.dialect) {
            return;
        }
        // VS Code's own file shape: `misplaced-servers` already says to drop `inputs` with it.
        if cx.doc.root.get("servers").is_some() {
            return;
        }
        let Value::Object(members) = &cx.doc.root.value else { return };
        for member in members {
            // Claude Code's settings keys in another client's settings file.
            if other_client(cx.dialect).is_some()
                && crate::dialect::claude_code_settings::MCP_KEYS.contains(&member.key.as_str())
            {
                let client = cx.dialect.client;
                let f = cx
                    .finding(
                        &Self::META,
                        format!(
                            "`{}` at the top level is a Claude Code setting (read from `.claude/settings.json`); {client} ignores it",
                            member.key
                        ),
                    )
                    .severity(Severity::Info)
                    .at(Pointer::root().key(&member.key), Target::Key, Some(format!("not read by {client}")))
                    .help("Remove it from this file; if Claude Code should read it, put it in `.claude/settings.json`");
                out.push(cx.build(f));
                continue;
            }
            let Some(field) = lookup(Place::TopLevel, &member.key) else { continue };
            let ignored = format!("{} ignores it", cx.dialect.client);
            let d = describe(field, &member.value, None, "at the top level", &ignored, other_client(cx.dialect));
            let f = cx
                .finding(&Self::META, d.message)
                .severity(d.severity)
                .at(Pointer::root().key(&member.key), Target::Key, Some(format!("not read by {}", cx.dialect.client)))
                .help(d.help);
            out.push(cx.build(f));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_per_place() {
        for (i, a) in FIELDS.iter().enumerate() {
            for b in &FIELDS[i + 1..] {
                assert!(!(a.name == b.name && a.place == b.place), "{} twice", a.name);
            }
        }
    }
}
