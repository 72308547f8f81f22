//! `plaintext-secret`: a credential written literally into a server entry.

use super::command_line::{self, Shape};
use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Severity, Target};
use crate::model::{Scope, ServerEntry};
use crate::pointer::Segment;
use crate::resolve::env::{Form, is_name};
use crate::resolve::server::ResolvedValue;
use crate::secrets::{self, Detection, Kind};

declare_rule! {
    /// ## What it does
    /// Reports a credential written literally in a server entry: in an `env` value, a
    /// `headers` value, an `args` item, the `url`, or Cursor's `auth.CLIENT_SECRET`. It recognises token formats by their
    /// prefixes (GitHub `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`/`github_pat_`, GitLab `glpat-`,
    /// Slack `xoxb-`/`xoxp-`/`xapp-`, OpenAI `sk-`/`sk-proj-`, Anthropic `sk-ant-`, AWS
    /// `AKIA`/`ASIA`, Google `AIza`, Supabase `sbp_`/`sb_secret_` and service-role JWTs, Stripe
    /// `sk_live_`/`sk_test_`/`rk_live_`, npm `npm_`, Notion `ntn_`, Hugging Face `hf_`, Neon
    /// `napi_`, Context7 `ctx7sk-`, other JWTs, PEM private keys); `Bearer <literal>` and `Basic <user:password>` in
    /// `Authorization`; passwords in a URL's userinfo and token-like query parameters; and
    /// random-looking literals under secret-like names (`*_TOKEN`, `*_KEY`, `*SECRET*`,
    /// `--api-key`, `X-API-Key`…), or any literal under a password-like name.
    ///
    /// Not reported: variable references (`${VAR}`, and forms the client does not expand
    /// either), empty strings, placeholders (`your-token-here`, `<token>`, `xxx`, `changeme`,
    /// `...`, `REPLACE_ME`, `YOUR_API_KEY`, one repeated character), booleans, numbers and short
    /// values, paths and URLs under names such as `*_KEY_PATH`, public keys
    /// (`*_PUBLISHABLE_KEY`, Supabase `anon` JWTs) and well-known default passwords
    /// (`postgres://postgres:postgres@localhost`), which protect nothing.
    ///
    /// The finding is an error in files meant to be shared (`.mcp.json`, plugins, managed
    /// files, copies of a client's file kept in a repository) and a warning in a user's own
    /// file (`~/.claude.json`, Claude Desktop's and Windsurf's files at their own places). Messages name the kind of
    /// credential, never its value, and every output masks recognised tokens wherever they are.
    ///
    /// ## Why is this bad?
    /// Settings files are committed, synced, pasted into issues and shared on screen. Anyone
    /// who gets a copy gets the credential, and it stays in the repository's history after the
    /// line is changed.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "github": { "command": "github-mcp-server", "env": { "GITHUB_TOKEN": "ghp_…" } } } }
    /// ```
    ///
    /// ## Use instead
    /// Reference a variable and set it in the environment the client starts in, then revoke
    /// the committed token:
    /// ```json
    /// { "mcpServers": { "github": { "command": "github-mcp-server", "env": { "GITHUB_TOKEN": "${GITHUB_TOKEN}" } } } }
    /// ```
    /// In headers: `"Authorization": "Bearer ${API_TOKEN}"`. For a credential in `args`, see
    /// `secret-in-args`: pass it through `env` when the server reads it from there. Each
    /// client's own syntax is suggested (Windsurf: `${env:GITHUB_TOKEN}`). Claude Desktop
    /// expands no variables, so a token can only be written in its `env`: in Claude Desktop's
    /// own file that is a warning, and a copy kept elsewhere (a repository's example) should
    /// hold a placeholder such as `<YOUR_GITHUB_TOKEN>`. A `url` or `headers` in Claude
    /// Desktop's file is checked too, though Claude Desktop does not read it: what is written
    /// there leaks all the same.
    ///
    /// Zed expands no variables in its settings: there the help says to leave the value out of
    /// the file and set it in the environment Zed starts in, which the server inherits.
    ///
    /// ## Known limitations
    /// Formats without a distinctive prefix are only found under a secret-like name and only
    /// when they look random (16+ characters, digits and letters, high entropy). A
    /// format-valid token is reported even when it is a documentation example: mcpcheck
    /// cannot tell. Servers placed where the client does not read them (reported by
    /// `misplaced-servers`) are not checked, though their values are still masked.
    ///
    /// ## References
    /// - <https://code.claude.com/docs/en/mcp> ("Environment variable expansion in .mcp.json")
    pub PlaintextSecret {
        id: "plaintext-secret",
        summary: "A token, key or password written literally in `env`, `headers`, `args` or `url`",
        severity: Error,
        category: Security,
        needs: Offline,
    }
}

impl Rule for PlaintextSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        let args: Vec<&str> = server.resolved.field("args").map(|v| v.raw).collect();
        let mut arg_index = 0;
        let unread = unread_remote_values(cx, server);
        for value in server.resolved.values.iter().chain(&unread) {
            let (found, shape) = match value.field {
                "env" => (env_secret(key_of(value), value.raw), Shape::Bare),
                "headers" => (header_secret(key_of(value), value.raw), Shape::Bare),
                "url" => (url_secret(value.raw), Shape::Bare),
                // Cursor's static OAuth client: only the secret is one.
                "auth" if key_of(value) == "CLIENT_SECRET" => {
                    (first_token(value.raw).or_else(|| secrets::named_secret("CLIENT_SECRET", value.raw)), Shape::Bare)
                }
                "args" => {
                    arg_index += 1;
                    (arg_secret(&args, arg_index - 1), command_line::shape(&args, arg_index - 1))
                }
                _ => continue,
            };
            let Some(found) = found else { continue };
            out.push(cx.build(finding(cx, server, value, &found, shape)));
        }
    }
}

/// The `url` and `headers` values of an entry whose client does not read them at all (Claude
/// Desktop, which expands nothing and reads no remote servers from its file): a credential
/// written there leaks all the same.
fn unread_remote_values<'a>(cx: &DocumentContext<'_>, server: &ServerEntry<'a>) -> Vec<ResolvedValue<'a>> {
    let rules = &cx.dialect.substitution;
    if !rules.expands_nothing() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut push = |field: &'static str, pointer: crate::pointer::Pointer, node: &'a crate::parse::Node| {
        if let Some(raw) = node.as_str() {
            let expanded = crate::resolve::env::expand(raw, rules, cx.env);
            out.push(ResolvedValue { field, pointer, node, raw, expanded });
        }
    };
    if let Some(node) = server.field("url") {
        push("url", server.pointer_to("url"), node);
    }
    for member in server.field("headers").and_then(crate::parse::Node::as_object).unwrap_or_default() {
        push("headers", server.pointer_to("headers").key(&member.key), &member.value);
    }
    out
}

/// A reference to `var` in the client's syntax (`${VAR}` where it has none, which is only
/// asked for fields such a client does not read).
fn reference(rules: &crate::resolve::env::Substitution, var: &str) -> String {
    rules.reference(var).unwrap_or_else(|| format!("${{{var}}}"))
}

/// The key of an `env` or `headers` value.
fn key_of<'v>(value: &'v ResolvedValue<'_>) -> &'v str {
    match value.pointer.last() {
        Some(Segment::Key(k)) => k,
        _ => "",
    }
}

fn first_token(value: &str) -> Option<Detection> {
    secrets::tokens(value).into_iter().next()
}

fn env_secret(key: &str, value: &str) -> Option<Detection> {
    first_token(value)
        .or_else(|| secrets::url_secrets(value).into_iter().next())
        .or_else(|| secrets::named_secret(key, value))
}

fn header_secret(name: &str, value: &str) -> Option<Detection> {
    first_token(value).or_else(|| secrets::header_secret(name, value))
}

fn url_secret(value: &str) -> Option<Detection> {
    first_token(value).or_else(|| secrets::url_secrets(value).into_iter().next())
}

/// The literal credential in `args[i]` (looking at `args[i - 1]` for the flag it belongs to):
/// a recognised token anywhere in it; a URL's password; or, under a secret-like name, the
/// value of `--api-key=…` or of the argument after `--api-key`, a secret header after
/// `--header`, or `NAME=value` (Docker's `-e`). `secret-in-args` leaves alone every argument
/// this reports.
pub(super) fn arg_secret(args: &[&str], i: usize) -> Option<Detection> {
    let item = args[i];
    if let Some(found) = first_token(item).or_else(|| secrets::url_secrets(item).into_iter().next()) {
        return Some(found);
    }
    let shape = command_line::shape(args, i);
    let (value, offset) = shape.value(item);
    let found = match shape {
        Shape::Flag { flag, separate: true, .. } if !secrets::is_secret_flag(flag) => None,
        Shape::Flag { flag, .. } => secrets::named_secret(flag, value),
        Shape::Assignment { name, .. } => secrets::named_secret(name, value),
        Shape::Header { name, .. } => secrets::header_secret(name, value),
        Shape::Bare => None,
    }?;
    Some(Detection { kind: found.kind, range: found.range.start + offset..found.range.end + offset })
}

fn finding(
    cx: &DocumentContext<'_>,
    server: &ServerEntry<'_>,
    value: &ResolvedValue<'_>,
    found: &Detection,
    shape: Shape<'_>,
) -> crate::finding::FindingBuilder {
    let kind = found.kind;
    let field = server.field_path(&value.pointer);
    let shared = !matches!(server.scope, Some(Scope::User | Scope::Local));
    let fix = if crate::dialect::codex::is_codex(cx.dialect) {
        by_name_fix(cx, server, value, found, shape)
    } else if cx.dialect.id == crate::dialect::zed::DIALECT.id {
        inherited_fix(cx, server, value, kind, shape, shared)
    } else {
        substitution_fix(cx, server, value, found, shape)
    };
    let what = match kind {
        Kind::Password | Kind::UrlPassword | Kind::BasicAuth => "password",
        _ => "credential",
    };
    let rotate = if shared {
        format!("; revoke or rotate this {what}: it has been in a file meant to be shared")
    } else {
        format!("; if this file was ever shared, synced or backed up elsewhere, revoke or rotate this {what}")
    };
    let message = format!("`{field}` of server `{}` holds {}, written in plain text", server.name, kind.describe());
    let text = &value.raw[found.range.clone()];
    cx.finding(&PlaintextSecret::META, message)
        .severity(if shared { Severity::Error } else { Severity::Warning })
        .at(value.pointer.clone(), Target::Within(text.to_owned()), Some(kind.describe().to_owned()))
        .help(format!("{fix}{rotate}"))
}

/// What to write instead, for a client that expands `${VAR}` in this field.
fn substitution_fix(
    cx: &DocumentContext<'_>,
    server: &ServerEntry<'_>,
    value: &ResolvedValue<'_>,
    found: &Detection,
    shape: Shape<'_>,
) -> String {
    let kind = found.kind;
    let client = cx.dialect.client;
    let rules = &cx.dialect.substitution;
    let shared = !matches!(server.scope, Some(Scope::User | Scope::Local));
    let set = |var: &str| format!("and set {var} in the environment {client} starts in");
    let fix = match (value.field, rules.reference("VAR")) {
        // A client that expands no variables (Claude Desktop): the value can only be here.
        ("env", None) if shared => {
            let key = key_of(value);
            let var =
                if is_name(key) { key.to_owned() } else { command_line::variable(server.name, shape, Some(kind)) };
            format!(
                "Replace the value with a placeholder, e.g. `\"{key}\": \"<YOUR_{var}>\"`: {client} expands no variables, so a shared copy can only say what to fill in"
            )
        }
        ("env", None) => format!(
            "{client} expands no variables, so the value has to be written here: keep this file to yourself (out of repositories, backups and synced folders), or let the server read the secret from a file or the system keychain if it can"
        ),
        ("env" | "auth", _) => {
            let key = key_of(value);
            let var = if value.field == "auth" {
                // `CLIENT_SECRET` names no server: prefix the server's name.
                command_line::variable(server.name, Shape::Header { name: key, value: value.raw }, None)
            } else if is_name(key) {
                key.to_owned()
            } else {
                command_line::variable(server.name, shape, Some(kind))
            };
            format!("Write `\"{key}\": \"{}\"` {}", reference(rules, &var), set(&var))
        }
        // Only a client that reads no remote servers has no reference syntax here.
        ("headers", None) => format!(
            "Delete it: {client} reads no remote server from this file (`remote-server-in-desktop-config`); for the `mcp-remote` bridge, pass the header as `\"--header\", \"{}:${{VAR}}\"` and put the value in `env`, where `mcp-remote` finds it",
            key_of(value)
        ),
        ("url", None) => format!(
            "Delete it: {client} reads no remote server from this file (`remote-server-in-desktop-config`); for the `mcp-remote` bridge, send the credential in a header if the server accepts that (`\"--header\", \"Name:${{VAR}}\"` with the value in `env`) rather than in a URL on its command line"
        ),
        ("headers", _) => {
            let name = key_of(value);
            let var = command_line::variable(server.name, Shape::Header { name, value: value.raw }, Some(kind));
            let scheme = value.raw.split_whitespace().next().filter(|_| name.eq_ignore_ascii_case("authorization"));
            let written = match scheme {
                Some(scheme) if value.raw.trim().contains(char::is_whitespace) => {
                    format!("{scheme} {}", reference(rules, &var))
                }
                _ => reference(rules, &var),
            };
            let basic = if kind == Kind::BasicAuth { " (the Base64 of `user:password`)" } else { "" };
            format!("Write `\"{name}\": \"{written}\"` {}{basic}", set(&var))
        }
        ("url", _) => {
            let var = command_line::variable(server.name, shape, Some(kind));
            let r = reference(rules, &var);
            match kind {
                Kind::UrlPassword => format!("Replace the password in the URL with `{r}` {}", set(&var)),
                Kind::UrlQuery => format!(
                    "Send it in `headers` if the server accepts that (e.g. `\"Authorization\": \"Bearer {r}\"`), or replace the value in the URL with `{r}`, {}",
                    set(&var)
                ),
                _ => format!("Replace it in the URL with `{r}` {}", set(&var)),
            }
        }
        _ => {
            let var = command_line::variable(server.name, shape, Some(kind));
            let command = server.str_field("command").unwrap_or_default();
            command_line::instead(cx.dialect, command, value.raw, shape, &var, rules.reference(&var).as_deref())
        }
    };
    // VS Code can ask for the value once and keep it in its secret store.
    if rules.forms.contains(&Form::Input) {
        format!(
            "{fix} (or ask for it once: an `inputs` entry `{{ \"type\": \"promptString\", \"id\": \"…\", \"password\": true }}` and `${{input:…}}`, which {client} stores securely)"
        )
    } else {
        fix
    }
}

/// What to write instead, for a client that expands no variables but reads secrets from its
/// environment by name (Codex: `env_vars`, `bearer_token_env_var`, `env_http_headers`).
fn by_name_fix(
    cx: &DocumentContext<'_>,
    server: &ServerEntry<'_>,
    value: &ResolvedValue<'_>,
    found: &Detection,
    shape: Shape<'_>,
) -> String {
    let kind = found.kind;
    let client = cx.dialect.client;
    let set = |var: &str| format!("and set {var} in the environment {client} starts in");
    match value.field {
        "env" => {
            let key = key_of(value);
            if is_name(key) {
                format!(
                    "Remove `{key}` from `env` and add `\"{key}\"` to `env_vars`, which forwards it from {client}'s own environment, {}",
                    set(key)
                )
            } else {
                let var = command_line::variable(server.name, shape, Some(kind));
                format!(
                    "Remove it from `env`, have the server read `{var}` instead, and forward that with `env_vars = [\"{var}\"]` {}",
                    set(&var)
                )
            }
        }
        "headers" => {
            let name = key_of(value);
            let var = command_line::variable(server.name, Shape::Header { name, value: value.raw }, Some(kind));
            let bearer = name.eq_ignore_ascii_case("authorization")
                && value.raw.trim_start().get(..7).is_some_and(|s| s.eq_ignore_ascii_case("bearer "));
            if bearer {
                format!(
                    "Remove the header and write `bearer_token_env_var = \"{var}\"` ({client} sends `Authorization: Bearer` with its value) {}",
                    set(&var)
                )
            } else {
                let whole = if kind == Kind::BasicAuth {
                    " (the whole value, `Basic` and the Base64 of `user:password`)"
                } else {
                    ""
                };
                format!("Move the header to `env_http_headers = {{ \"{name}\" = \"{var}\" }}` {}{whole}", set(&var))
            }
        }
        "url" => format!(
            "{client} cannot take part of a URL from a variable: if the server accepts the credential in a header, send it with `bearer_token_env_var` or `env_http_headers` instead; otherwise keep this server in your own `~/.codex/config.toml`"
        ),
        _ => {
            let var = command_line::variable(server.name, shape, Some(kind));
            let command = server.str_field("command").unwrap_or_default();
            command_line::instead_by_name(client, command, value.raw, shape, &var)
        }
    }
}

/// What to write instead, for a client that expands no variables but whose servers inherit
/// the environment it starts in (Zed).
fn inherited_fix(
    cx: &DocumentContext<'_>,
    server: &ServerEntry<'_>,
    value: &ResolvedValue<'_>,
    kind: Kind,
    shape: Shape<'_>,
    shared: bool,
) -> String {
    let client = cx.dialect.client;
    match value.field {
        "env" => {
            let key = key_of(value);
            format!(
                "Remove `{key}` from `env` and set it in the environment {client} starts in, which the server inherits ({client} expands no `${{…}}` in its settings)"
            )
        }
        "args" => {
            let var = command_line::variable(server.name, shape, Some(kind));
            format!(
                "If the server reads {var} from its environment, remove this argument and set {var} in the environment {client} starts in, which the server inherits ({client} expands no `${{…}}` in its settings)"
            )
        }
        _ if shared => format!(
            "{client} expands no `${{…}}` in its settings, so this secret cannot come from a variable: keep the server in your user settings rather than a shared project file, or use the server's OAuth sign-in if it offers one"
        ),
        _ => format!(
            "{client} expands no `${{…}}` in its settings, so the secret has to be written here: keep this file out of shared dotfile repositories, or use the server's OAuth sign-in if it offers one"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_credentials() {
        let token = format!("ghp_{}", "Fake0Pat1For2Tests3".repeat(2));
        let random = "Fake0Key1For2Tests3Only4".to_owned();
        let header = format!("Authorization: Bearer {random}");
        let docker = format!("API_KEY={random}");
        let flag = format!("--api-key={random}");
        let args = ["-y", "pkg", token.as_str(), "--api-key", &random, &flag, "--header", &header, "-e", &docker];
        let found: Vec<_> = (0..args.len()).map(|i| arg_secret(&args, i).map(|d| d.kind)).collect();
        assert_eq!(
            found,
            vec![
                None,
                None,
                Some(Kind::GitHubPat),
                None,
                Some(Kind::NamedSecret),
                Some(Kind::NamedSecret),
                None,
                Some(Kind::Bearer),
                None,
                Some(Kind::NamedSecret)
            ]
        );
        assert_eq!(&flag[arg_secret(&args, 5).unwrap().range], random);
        assert_eq!(&header[arg_secret(&args, 7).unwrap().range], random);
        assert_eq!(&docker[arg_secret(&args, 9).unwrap().range], random);
        let clean = ["--api-key", "${API_KEY}", "--api-key=${API_KEY}", "--port", "8080", "--token-file", &random];
        assert!((0..clean.len()).all(|i| arg_secret(&clean, i).is_none()));
    }
}
