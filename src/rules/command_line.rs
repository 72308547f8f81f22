//! What an `args` item is, for the two rules about secrets on a server's command line
//! (`plaintext-secret` and `secret-in-args`), and what to write instead. Not a rule itself.

use crate::dialect::Dialect;
use crate::resolve::env::is_name;
use crate::secrets::Kind;

/// What one argument is, given the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape<'a> {
    /// `--flag=value`, or `value` after `--flag`.
    Flag {
        /// The flag, dashes included.
        flag: &'a str,
        /// Its value (a suffix of the argument).
        value: &'a str,
        /// Whether the flag is the argument before (`--flag value`), not `--flag=value`.
        separate: bool,
    },
    /// `NAME=value` with `NAME` a variable name; `docker` when it follows `-e` / `--env`.
    Assignment {
        /// The variable.
        name: &'a str,
        /// Its value (a suffix of the argument).
        value: &'a str,
        /// Whether it follows `-e` or `--env`.
        docker: bool,
    },
    /// `Name: value` after `--header` / `-H`, or `--header=Name: value`.
    Header {
        /// The header name.
        name: &'a str,
        /// Its value (a suffix of the argument).
        value: &'a str,
    },
    /// Anything else.
    Bare,
}

impl<'a> Shape<'a> {
    /// The part of the argument that carries a value, and where it starts in the argument.
    pub(super) fn value(self, item: &'a str) -> (&'a str, usize) {
        match self {
            Shape::Flag { value, .. } | Shape::Assignment { value, .. } | Shape::Header { value, .. } => {
                (value, item.len() - value.len())
            }
            Shape::Bare => (item, 0),
        }
    }
}

/// Flags whose next argument is an HTTP header (`mcp-remote --header`, `curl -H`).
fn is_header_flag(flag: &str) -> bool {
    matches!(flag, "--header" | "-H" | "--headers")
}

/// `Name: value` (or `Name:value`) → (`Name`, `value`).
fn header(item: &str) -> Option<(&str, &str)> {
    let (name, value) = item.split_once(':')?;
    let trimmed = name.trim();
    (!trimmed.is_empty() && !trimmed.contains(char::is_whitespace)).then_some((trimmed, value.trim_start()))
}

/// What `args[i]` is.
pub(super) fn shape<'a>(args: &[&'a str], i: usize) -> Shape<'a> {
    let item = args[i];
    let previous = i.checked_sub(1).map(|p| args[p]).unwrap_or_default();
    if let Some((flag, value)) = item.split_once('=') {
        if flag.starts_with('-') && flag.len() > 1 && !flag.contains(char::is_whitespace) {
            if is_header_flag(flag) {
                return header(value).map_or(Shape::Bare, |(name, value)| Shape::Header { name, value });
            }
            return Shape::Flag { flag, value, separate: false };
        }
        if is_name(flag) {
            return Shape::Assignment { name: flag, value, docker: matches!(previous, "-e" | "--env") };
        }
    }
    if previous.starts_with('-') && !previous.contains('=') && !item.starts_with('-') {
        if is_header_flag(previous) {
            return header(item).map_or(Shape::Bare, |(name, value)| Shape::Header { name, value });
        }
        return Shape::Flag { flag: previous, value: item, separate: true };
    }
    Shape::Bare
}

/// `SCREAMING_CASE` of any name.
fn upper(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect()
}

/// The variable to suggest for a secret of `kind` written in a place of this `shape`, for
/// server `server`: the `NAME` of `NAME=…`; the variable conventional for a known token
/// format (`GITHUB_TOKEN`); else the server's name and the flag's or header's
/// (`search` + `--api-key` → `SEARCH_API_KEY`), as most servers name their variables.
pub(super) fn variable(server: &str, shape: Shape<'_>, kind: Option<Kind>) -> String {
    if let Shape::Assignment { name, .. } = shape {
        return name.to_owned();
    }
    if let Some(conventional) = kind.and_then(Kind::variable) {
        return conventional.to_owned();
    }
    let what = match shape {
        Shape::Flag { flag, .. } => upper(flag.trim_start_matches('-')),
        Shape::Header { name, .. } if !name.eq_ignore_ascii_case("authorization") => {
            let name = name.strip_prefix("X-").or_else(|| name.strip_prefix("x-")).unwrap_or(name);
            upper(name)
        }
        _ => match kind {
            Some(Kind::Password | Kind::UrlPassword) => "PASSWORD".to_owned(),
            Some(Kind::BasicAuth) => "BASIC_AUTH".to_owned(),
            Some(Kind::UrlQuery) => "API_KEY".to_owned(),
            _ => "TOKEN".to_owned(),
        },
    };
    let server = upper(server);
    let server = server.trim_matches('_');
    if server.is_empty() || !server.starts_with(|c: char| c.is_ascii_alphabetic()) || what.starts_with(server) {
        return what;
    }
    // `search-api` + `API_KEY` → `SEARCH_API_KEY`, not `SEARCH_API_API_KEY`.
    let words: Vec<&str> = server.split('_').collect();
    let overlap = (1..=words.len()).rev().find(|&n| what.starts_with(&words[words.len() - n..].join("_"))).unwrap_or(0);
    format!("{}_{what}", words[..words.len() - overlap].join("_")).trim_start_matches('_').to_owned()
}

/// What to write instead of passing a secret in argument `item` (of this `shape`) of
/// `command`, in `dialect`'s file: set `var` in `env` to `value` (`${VAR}` in the client's
/// syntax, or the reference already used), or, for a client that expands no variables
/// (`value` is `None`), to the secret itself, which `env` keeps off the command line.
pub(super) fn instead(
    dialect: &Dialect,
    command: &str,
    item: &str,
    shape: Shape<'_>,
    var: &str,
    value: Option<&str>,
) -> String {
    let client = dialect.client;
    let program = command.rsplit(['/', '\\']).next().unwrap_or(command);
    let docker = matches!(program, "docker" | "docker.exe" | "podman" | "podman.exe");
    let (env_value, literal) = match value {
        Some(value) => (value, String::new()),
        None => ("…", format!(" (the secret itself: {client} expands no variables and passes `env` unchanged)")),
    };
    if shape == Shape::Bare && item.contains("://") {
        return match value {
            Some(value) => format!(
                "If the server can read the URL or the credential from its environment, pass it in `env` (`\"env\": {{ \"{var}\": \"{value}\" }}`) and leave it out of `args`; a `{value}` inside the URL keeps it out of the file but not off the command line"
            ),
            None => format!(
                "If the server can read the URL or the credential from its environment, pass it in `env` (`\"env\": {{ \"{var}\": \"…\" }}`{literal}) and leave it out of `args`"
            ),
        };
    }
    match shape {
        Shape::Assignment { docker: true, .. } if docker => format!(
            "Write `\"-e\", \"{var}\"` (without a value {program} copies {var} from its own environment) and set `\"env\": {{ \"{var}\": \"{env_value}\" }}` on this server{literal}"
        ),
        Shape::Header { name, .. } => {
            let scheme = if name.eq_ignore_ascii_case("authorization") { "Bearer " } else { "" };
            let address = dialect.field_aliases.iter().find(|(_, common)| *common == "url").map(|(alias, _)| *alias);
            if dialect.id == crate::dialect::claude_desktop::DIALECT.id {
                format!(
                    "{client} connects to no remote server itself; if this is `mcp-remote`, write `\"{name}:${{{var}}}\"` here and set `\"env\": {{ \"{var}\": \"{scheme}…\" }}`: `mcp-remote` expands `${{{var}}}` from its own environment, so the secret stays off the command line"
                )
            } else if let Some(address) = address {
                format!(
                    "Let {client} connect to the remote server itself, with its `\"{address}\"` and `\"headers\": {{ \"{name}\": \"{scheme}{env_value}\" }}`: headers are on no command line"
                )
            } else {
                let with_type = super::missing_transport::streamable_type(dialect)
                    .map(|t| format!("`\"type\": \"{t}\"`, "))
                    .unwrap_or_default();
                format!(
                    "Let {client} connect to the remote server itself, with {with_type}its `\"url\"` and `\"headers\": {{ \"{name}\": \"{scheme}{env_value}\" }}`: headers are on no command line"
                )
            }
        }
        Shape::Flag { flag, separate: true, .. } => format!(
            "If the server reads {var} from its environment, remove this argument and the `{flag}` before it and set `\"env\": {{ \"{var}\": \"{env_value}\" }}`{literal}; otherwise see whether it can read the secret from a file"
        ),
        _ => format!(
            "If the server reads {var} from its environment, remove this argument and set `\"env\": {{ \"{var}\": \"{env_value}\" }}`{literal}; otherwise see whether it can read the secret from a file"
        ),
    }
}

/// [`instead`] for a client that expands no variables but forwards them by name (Codex:
/// `env_vars`, `bearer_token_env_var`, `env_http_headers`).
pub(super) fn instead_by_name(client: &str, command: &str, item: &str, shape: Shape<'_>, var: &str) -> String {
    let program = command.rsplit(['/', '\\']).next().unwrap_or(command);
    let docker = matches!(program, "docker" | "docker.exe" | "podman" | "podman.exe");
    let forward = format!(
        "forward {var} to the server with `env_vars = [\"{var}\"]` (set it in the environment {client} starts in)"
    );
    if shape == Shape::Bare && item.contains("://") {
        return format!(
            "If the server can read the URL or the credential from its environment, leave it out of `args` and {forward}; {client} expands no `${{…}}`, so the secret cannot be spliced into an argument"
        );
    }
    match shape {
        Shape::Assignment { docker: true, .. } if docker => format!(
            "Write `\"-e\", \"{var}\"` (without a value {program} copies {var} from its own environment) and {forward}"
        ),
        Shape::Header { name, .. } if name.eq_ignore_ascii_case("authorization") => format!(
            "Let {client} connect to the remote server itself: `url = \"…\"` with `bearer_token_env_var = \"{var}\"` (headers are on no command line)"
        ),
        Shape::Header { name, .. } => format!(
            "Let {client} connect to the remote server itself: `url = \"…\"` with `env_http_headers = {{ \"{name}\" = \"{var}\" }}` (headers are on no command line)"
        ),
        Shape::Flag { flag, separate: true, .. } => format!(
            "If the server reads {var} from its environment, remove this argument and the `{flag}` before it and {forward}; otherwise see whether it can read the secret from a file"
        ),
        _ => format!(
            "If the server reads {var} from its environment, remove this argument and {forward}; otherwise see whether it can read the secret from a file"
        ),
    }
}

/// [`crate::launch::argv_json`] in the file's own syntax: `command = "npx"` and
/// `args = ["-y", "pkg"]` in TOML (meant to sit between backticks, like the JSON form).
pub(super) fn argv(syntax: crate::dialect::Syntax, program: &str, args: &[&str]) -> String {
    let json = crate::launch::argv_json(program, args);
    if syntax != crate::dialect::Syntax::Toml {
        return json;
    }
    // Every quote inside a JSON string is escaped, so the first `, "args": ` is the separator.
    let rest = json.strip_prefix("\"command\": ").unwrap_or(&json);
    match rest.split_once(", \"args\": ") {
        Some((program, args)) => format!("command = {program}` and `args = {args}"),
        None => format!("command = {rest}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let args =
            ["-y", "pkg", "--api-key", "k", "--token=t", "-e", "A_KEY=v", "--header", "Authorization: Bearer b", "x"];
        let shapes: Vec<_> = (0..args.len()).map(|i| shape(&args, i)).collect();
        assert_eq!(shapes[1], Shape::Flag { flag: "-y", value: "pkg", separate: true });
        assert_eq!(shapes[3], Shape::Flag { flag: "--api-key", value: "k", separate: true });
        assert_eq!(shapes[4], Shape::Flag { flag: "--token", value: "t", separate: false });
        assert_eq!(shapes[6], Shape::Assignment { name: "A_KEY", value: "v", docker: true });
        assert_eq!(shapes[8], Shape::Header { name: "Authorization", value: "Bearer b" });
        assert_eq!(shapes[9], Shape::Bare);
        assert_eq!(shapes[8].value(args[8]), ("Bearer b", 15));
        assert_eq!(shapes[4].value(args[4]), ("t", 8));
    }

    #[test]
    fn argv_in_toml() {
        use crate::dialect::Syntax;
        assert_eq!(argv(Syntax::Toml, "npx", &["-y", "a\"b"]), "command = \"npx\"` and `args = [\"-y\", \"a\\\"b\"]");
        assert_eq!(argv(Syntax::Toml, "x", &[]), "command = \"x\"");
        assert_eq!(argv(Syntax::StrictJson, "x", &["a"]), "\"command\": \"x\", \"args\": [\"a\"]");
    }

    #[test]
    fn variables() {
        let flag = Shape::Flag { flag: "--api-key", value: "k", separate: true };
        assert_eq!(variable("search", flag, None), "SEARCH_API_KEY");
        assert_eq!(variable("search-api", flag, None), "SEARCH_API_KEY");
        assert_eq!(variable("supabase", flag, Some(Kind::SupabaseAccessToken)), "SUPABASE_ACCESS_TOKEN");
        assert_eq!(
            variable("x", Shape::Assignment { name: "GH_TOKEN", value: "", docker: false }, Some(Kind::GitHubPat)),
            "GH_TOKEN"
        );
        assert_eq!(variable("maps", Shape::Header { name: "X-Goog-Api-Key", value: "" }, None), "MAPS_GOOG_API_KEY");
        assert_eq!(variable("tickets", Shape::Bare, Some(Kind::Bearer)), "TICKETS_TOKEN");
        assert_eq!(variable("1st", Shape::Bare, None), "TOKEN");
    }
}
