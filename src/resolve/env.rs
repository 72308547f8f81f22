//! Variable substitution as each client does it, with provenance.
//!
//! [`scan`] splits a string into literal text and every `$…` reference in it — the forms the
//! client expands and the forms it does not (so they can be reported), plus malformed `${`.
//! [`expand`] applies a client's [`Substitution`] rules against an [`Environment`] and records
//! for each reference where its value came from. Nothing here reads the process environment:
//! an [`Environment`] is data, built once by the caller.
//!
//! See: <https://code.claude.com/docs/en/mcp> ("Environment variable expansion in .mcp.json")

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where a variable's value came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VarOrigin {
    /// The environment mcpcheck was started in.
    Process,
    /// A `--env-file`.
    EnvFile(PathBuf),
    /// A `--env KEY=VALUE` flag.
    Flag,
    /// Set by the client for a plugin's servers (`CLAUDE_PLUGIN_ROOT`…).
    Plugin,
}

/// The variables references resolve against.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    vars: BTreeMap<String, (String, VarOrigin)>,
}

impl Environment {
    /// No variables at all (`--no-env`).
    pub fn empty() -> Self {
        Self::default()
    }

    /// The process environment (names and values that are not UTF-8 are skipped).
    pub fn from_process() -> Self {
        let mut env = Self::empty();
        for (key, value) in std::env::vars_os() {
            if let (Ok(key), Ok(value)) = (key.into_string(), value.into_string()) {
                env.vars.insert(key, (value, VarOrigin::Process));
            }
        }
        env
    }

    /// Set one variable (later sets override earlier ones).
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>, origin: VarOrigin) {
        self.vars.insert(name.into(), (value.into(), origin));
    }

    /// Add the variables of a dotenv file (`KEY=value`, `export KEY=value`, `#` comments,
    /// single- or double-quoted values; no interpolation). Errors name the line.
    pub fn load_env_file(&mut self, path: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let line = line.strip_prefix("export ").unwrap_or(line);
            let Some((key, value)) = line.split_once('=') else {
                return Err(format!("{}:{}: expected KEY=VALUE", path.display(), i + 1));
            };
            let key = key.trim();
            if !is_name(key) {
                return Err(format!("{}:{}: `{key}` is not a variable name", path.display(), i + 1));
            }
            self.set(key, unquote(value.trim()), VarOrigin::EnvFile(path.to_path_buf()));
        }
        Ok(())
    }

    /// This environment plus the variables Claude Code sets for a plugin's servers: the
    /// plugin's root, its data directory (not known without the plugin's id, so a
    /// placeholder) and the project directory (a placeholder when not known).
    pub fn for_plugin(&self, plugin_root: &Path, project: Option<&Path>) -> Self {
        let mut env = self.clone();
        env.set("CLAUDE_PLUGIN_ROOT", plugin_root.display().to_string(), VarOrigin::Plugin);
        env.set("CLAUDE_PLUGIN_DATA", "<plugin data directory>", VarOrigin::Plugin);
        let project = project.map_or_else(|| "<project directory>".to_owned(), |p| p.display().to_string());
        env.set("CLAUDE_PROJECT_DIR", project, VarOrigin::Plugin);
        env
    }

    /// A variable's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|(v, _)| v.as_str())
    }

    /// A variable's value and origin.
    pub fn lookup(&self, name: &str) -> Option<(&str, &VarOrigin)> {
        self.vars.get(name).map(|(v, o)| (v.as_str(), o))
    }
}

/// Parse `KEY=VALUE` from `--env`.
pub fn parse_assignment(text: &str) -> Result<(String, String), String> {
    let (key, value) = text.split_once('=').ok_or_else(|| format!("`{text}`: expected KEY=VALUE"))?;
    if !is_name(key) {
        return Err(format!("`{key}` is not a variable name"));
    }
    Ok((key.to_owned(), value.to_owned()))
}

fn unquote(value: &str) -> String {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            return value[1..value.len() - 1].to_owned();
        }
    }
    // An unquoted value ends at ` #` (a trailing comment).
    value.split(" #").next().unwrap_or(value).trim_end().to_owned()
}

/// Whether `name` is a portable variable name: `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The spellings of a variable reference that clients use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// `${VAR}`.
    Braced,
    /// `${VAR:-default}`.
    BracedDefault,
    /// `$VAR`.
    Bare,
    /// `${env:VAR}` (VS Code, Cursor, Windsurf, Cline).
    EnvPrefixed,
    /// `${input:id}` (VS Code).
    Input,
    /// Any other `${word:…}` or `${…}` that is not a plain name, e.g. `${workspaceFolder}` is a
    /// plain name but `${config:x}` or `${env.HOME}` are not.
    Other,
}

impl Form {
    /// How the form is written, for messages.
    pub fn example(self) -> &'static str {
        match self {
            Form::Braced => "${VAR}",
            Form::BracedDefault => "${VAR:-default}",
            Form::Bare => "$VAR",
            Form::EnvPrefixed => "${env:VAR}",
            Form::Input => "${input:id}",
            Form::Other => "${…}",
        }
    }
}

/// One reference found in a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Byte range in the (decoded) string, e.g. `7..15` for `${TOKEN}` in `Bearer ${TOKEN}`.
    pub range: Range<usize>,
    /// The reference as written.
    pub text: String,
    /// The variable name (for `${env:X}`, `X`; for `${input:id}`, `id`).
    pub name: String,
    /// The default of `${VAR:-default}`.
    pub default: Option<String>,
    /// How it is spelt.
    pub form: Form,
}

/// A `${` the client cannot make sense of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// `${` with no closing `}`.
    Unclosed,
    /// `${}` or `${:-x}`.
    EmptyName,
    /// `${A:-${B}}`: a reference inside a default, which Claude Code does not expand.
    NestedDefault,
    /// `${1A}`, `${A B}`: not a variable name.
    InvalidName,
}

impl Malformed {
    /// What is wrong, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Malformed::Unclosed => "`${` is never closed with `}`",
            Malformed::EmptyName => "`${}` names no variable",
            Malformed::NestedDefault => "a reference inside a default (`${A:-${B}}`) is not expanded",
            Malformed::InvalidName => "the text between `${` and `}` is not a variable name",
        }
    }
}

/// What [`scan`] finds in one string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Well-formed references of any form, in order.
    pub references: Vec<Reference>,
    /// Malformed `${`, with the byte range from the `$` to where the problem ends.
    pub malformed: Vec<(Range<usize>, Malformed)>,
}

/// Find every reference in `s`, whatever client would expand it.
pub fn scan(s: &str) -> Scan {
    let bytes = s.as_bytes();
    let mut out = Scan::default();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        // `$$` is an escaped dollar in several tools; skip both.
        if bytes.get(i + 1) == Some(&b'$') {
            i += 2;
            continue;
        }
        if bytes.get(i + 1) == Some(&b'{') {
            i = scan_braced(s, i, &mut out);
            continue;
        }
        let name_len = bytes[i + 1..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
        if name_len > 0 && (bytes[i + 1].is_ascii_alphabetic() || bytes[i + 1] == b'_') {
            let end = i + 1 + name_len;
            out.references.push(Reference {
                range: i..end,
                text: s[i..end].to_owned(),
                name: s[i + 1..end].to_owned(),
                default: None,
                form: Form::Bare,
            });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Scan `${…}` starting at `start` (the `$`); returns where scanning continues.
fn scan_braced(s: &str, start: usize, out: &mut Scan) -> usize {
    let body_start = start + 2;
    // Find the matching `}`, counting nested `${`.
    let bytes = s.as_bytes();
    let mut depth = 1;
    let mut j = body_start;
    let mut nested = false;
    while j < bytes.len() {
        if bytes[j] == b'$' && bytes.get(j + 1) == Some(&b'{') {
            depth += 1;
            nested = true;
            j += 2;
            continue;
        }
        if bytes[j] == b'}' {
            depth -= 1;
            if depth == 0 {
                break;
            }
        }
        j += 1;
    }
    if j >= bytes.len() {
        out.malformed.push((start..s.len(), Malformed::Unclosed));
        return s.len();
    }
    let end = j + 1;
    let body = &s[body_start..j];
    let (head, default) = match body.split_once(":-") {
        Some((head, default)) => (head, Some(default)),
        None => (body, None),
    };
    if nested {
        out.malformed.push((start..end, Malformed::NestedDefault));
        return end;
    }
    let (form, name) = if let Some(name) = head.strip_prefix("env:") {
        (Form::EnvPrefixed, name)
    } else if let Some(name) = head.strip_prefix("input:") {
        (Form::Input, name)
    } else if head.is_empty() {
        out.malformed.push((start..end, Malformed::EmptyName));
        return end;
    } else if is_name(head) {
        (if default.is_some() { Form::BracedDefault } else { Form::Braced }, head)
    } else if head.contains(':') || head.chars().all(|c| c.is_ascii_alphanumeric() || "_.-/".contains(c)) {
        // `${config:x}`, `${/}`, `${env.HOME}`: another client's variable, not a name.
        (Form::Other, head)
    } else {
        out.malformed.push((start..end, Malformed::InvalidName));
        return end;
    };
    out.references.push(Reference {
        range: start..end,
        text: s[start..end].to_owned(),
        name: name.to_owned(),
        default: if form == Form::BracedDefault { default.map(str::to_owned) } else { None },
        form,
    });
    end
}

/// A client's substitution rules: which forms it expands, in which fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Substitution {
    /// Forms the client replaces.
    pub forms: &'static [Form],
    /// What happens to `${VAR}` when VAR is unset and there is no default.
    pub unset: UnsetBehaviour,
    /// The server-entry fields it expands (keys as spelt in the file); strings anywhere else
    /// stay as written.
    pub fields: &'static [Field],
    /// Variables the client fills in itself rather than from the environment, by the text
    /// between `${` and `}`: `workspaceFolder`, `userHome`, `/` for VS Code and Cursor. An
    /// entry ending in `:` stands for every name with that prefix (`config:` for VS Code's
    /// `${config:editor.fontSize}`).
    pub builtins: &'static [&'static str],
}

impl Substitution {
    /// Whether the client fills in `${name}` itself (see [`Substitution::builtins`]).
    pub fn is_builtin(&self, name: &str) -> bool {
        self.builtins.iter().any(|b| match b.strip_suffix(':') {
            Some(prefix) => {
                name.strip_prefix(prefix).and_then(|rest| rest.strip_prefix(':')).is_some_and(|r| !r.is_empty())
            }
            None => *b == name,
        })
    }

    /// How this client writes a reference to the environment variable `name` in its own
    /// syntax (`${NAME}` for Claude Code, `${env:NAME}` for Windsurf), for advice in
    /// messages; `None` for a client that expands no variables at all (Claude Desktop).
    pub fn reference(&self, name: &str) -> Option<String> {
        let braced = self.forms.iter().find_map(|form| match form {
            Form::Braced | Form::BracedDefault => Some(format!("${{{name}}}")),
            Form::EnvPrefixed => Some(format!("${{env:{name}}}")),
            _ => None,
        });
        braced.or_else(|| self.forms.contains(&Form::Bare).then(|| format!("${name}")))
    }

    /// Whether the client expands no variables anywhere (Claude Desktop).
    pub fn expands_nothing(&self) -> bool {
        self.forms.is_empty()
    }

    /// Whether the client fills in a `${name:-default}` itself.
    pub fn has_defaults(&self) -> bool {
        self.forms.contains(&Form::BracedDefault)
    }
}

/// A server-entry field that a client expands, and which of its strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The field's own string value (`command`, `url`).
    Scalar(&'static str),
    /// Each string of the field's array (`args`).
    Items(&'static str),
    /// Each string value of the field's map, never its keys (`env`, `headers`).
    Values(&'static str),
    /// Every string anywhere below the field, never a key (VS Code's `sandbox` paths; Cline
    /// expands every string value of an entry, also inside `oauth` and its nested `transport`;
    /// Gemini CLI expands every string of its file, also in `oauth`).
    Tree(&'static str),
}

impl Field {
    /// The field name.
    pub fn name(self) -> &'static str {
        match self {
            Field::Scalar(n) | Field::Items(n) | Field::Values(n) | Field::Tree(n) => n,
        }
    }
}

/// What a client does with an unset variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsetBehaviour {
    /// The reference stays as written (Claude Code, with a warning).
    KeepLiteral,
    /// The reference becomes the empty string.
    Empty,
    /// Not documented (a closed-source client): the reference is kept as written here, and
    /// messages say that the client may pass either the text or an empty value.
    Undocumented,
}

/// Claude Code: `${VAR}` and `${VAR:-default}` in `command`, `args`, `env` values, `url` and
/// `headers` values; unset without default stays literal (and Claude Code warns).
pub const CLAUDE_CODE: Substitution = Substitution {
    forms: &[Form::Braced, Form::BracedDefault],
    unset: UnsetBehaviour::KeepLiteral,
    fields: &[
        Field::Scalar("command"),
        Field::Items("args"),
        Field::Values("env"),
        Field::Scalar("url"),
        Field::Values("headers"),
    ],
    builtins: &[],
};

/// Claude Code for a plugin's servers: the same forms, and `headersHelper` is expanded too
/// (since v2.1.195); `${CLAUDE_PLUGIN_ROOT}`, `${CLAUDE_PLUGIN_DATA}` and
/// `${CLAUDE_PROJECT_DIR}` are set by Claude Code (see [`Environment::for_plugin`]).
pub const CLAUDE_CODE_PLUGIN: Substitution = Substitution {
    forms: &[Form::Braced, Form::BracedDefault],
    unset: UnsetBehaviour::KeepLiteral,
    fields: &[
        Field::Scalar("command"),
        Field::Items("args"),
        Field::Values("env"),
        Field::Scalar("url"),
        Field::Values("headers"),
        Field::Scalar("headersHelper"),
    ],
    builtins: &[],
};

/// Where a reference's value came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The variable is set (value from this origin).
    Set(VarOrigin),
    /// Unset; the default was used.
    Default,
    /// Unset and no default: the client leaves it as written (or empties it).
    Unset,
    /// A form this client does not expand: it reaches the server as written.
    NotExpanded,
    /// The client fills it in itself (a built-in variable such as `${workspaceFolder}`, or an
    /// input it prompts for such as VS Code's `${input:id}`); mcpcheck leaves it as written.
    Supplied,
}

/// A reference and what the client makes of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The reference.
    pub reference: Reference,
    /// What happened to it.
    pub status: Status,
}

/// A string after substitution. `value` may hold secrets: never print it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    /// The string as the client passes it on.
    pub value: String,
    /// Every reference, with its status.
    pub references: Vec<Resolved>,
    /// Malformed `${` in the string.
    pub malformed: Vec<(Range<usize>, Malformed)>,
}

/// Apply `rules` to `s` against `env`.
pub fn expand(s: &str, rules: &Substitution, env: &Environment) -> Expanded {
    let found = scan(s);
    let mut value = String::with_capacity(s.len());
    let mut cursor = 0;
    let mut references = Vec::with_capacity(found.references.len());
    for reference in found.references {
        value.push_str(&s[cursor..reference.range.start]);
        cursor = reference.range.end;
        let builtin = matches!(reference.form, Form::Braced | Form::Other) && rules.is_builtin(&reference.name);
        let status = if builtin || (reference.form == Form::Input && rules.forms.contains(&Form::Input)) {
            value.push_str(&reference.text);
            Status::Supplied
        } else if !rules.forms.contains(&reference.form) {
            value.push_str(&reference.text);
            Status::NotExpanded
        } else if let Some((v, origin)) = env.lookup(&reference.name) {
            value.push_str(v);
            Status::Set(origin.clone())
        } else if let Some(default) = &reference.default {
            value.push_str(default);
            Status::Default
        } else {
            if rules.unset != UnsetBehaviour::Empty {
                value.push_str(&reference.text);
            }
            Status::Unset
        };
        references.push(Resolved { reference, status });
    }
    value.push_str(&s[cursor..]);
    Expanded { value, references, malformed: found.malformed }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Environment {
        let mut env = Environment::empty();
        env.set("TOKEN", "t0k", VarOrigin::Flag);
        env.set("HOME", "/home/u", VarOrigin::Process);
        env
    }

    #[test]
    fn claude_code_expands_braced_forms_only() {
        let e = expand("Bearer ${TOKEN} $HOME ${env:HOME} ${NOPE} ${PORT:-8080}", &CLAUDE_CODE, &env());
        assert_eq!(e.value, "Bearer t0k $HOME ${env:HOME} ${NOPE} 8080");
        let statuses: Vec<_> = e.references.iter().map(|r| (r.reference.name.as_str(), &r.status)).collect();
        assert_eq!(
            statuses,
            vec![
                ("TOKEN", &Status::Set(VarOrigin::Flag)),
                ("HOME", &Status::NotExpanded),
                ("HOME", &Status::NotExpanded),
                ("NOPE", &Status::Unset),
                ("PORT", &Status::Default),
            ]
        );
        assert_eq!(e.references[0].reference.range, 7..15);
    }

    #[test]
    fn references_are_written_in_the_clients_spelling() {
        assert_eq!(CLAUDE_CODE.reference("TOKEN").as_deref(), Some("${TOKEN}"));
        let env_only = Substitution {
            forms: &[Form::EnvPrefixed],
            unset: UnsetBehaviour::KeepLiteral,
            fields: &[],
            builtins: &[],
        };
        assert_eq!(env_only.reference("TOKEN").as_deref(), Some("${env:TOKEN}"));
        assert!(CLAUDE_CODE.has_defaults() && !env_only.has_defaults());
    }

    #[test]
    fn empty_default_and_empty_rules() {
        let e = expand("${X:-}", &CLAUDE_CODE, &Environment::empty());
        assert_eq!(e.value, "");
        assert_eq!(e.references[0].status, Status::Default);
        let e = expand(
            "a${X}b",
            &Substitution { forms: &[Form::Braced], unset: UnsetBehaviour::Empty, fields: &[], builtins: &[] },
            &Environment::empty(),
        );
        assert_eq!(e.value, "ab");
    }

    #[test]
    fn builtins_and_inputs_are_supplied_by_the_client() {
        let rules = Substitution {
            forms: &[Form::EnvPrefixed, Form::Input],
            unset: UnsetBehaviour::KeepLiteral,
            fields: &[],
            builtins: &["workspaceFolder", "/"],
        };
        let e = expand("${workspaceFolder}${/}x ${input:tok} ${env:TOKEN} ${userHome}", &rules, &env());
        assert_eq!(e.value, "${workspaceFolder}${/}x ${input:tok} t0k ${userHome}");
        let statuses: Vec<_> = e.references.iter().map(|r| r.status.clone()).collect();
        assert_eq!(
            statuses,
            [Status::Supplied, Status::Supplied, Status::Supplied, Status::Set(VarOrigin::Flag), Status::NotExpanded]
        );
    }

    #[test]
    fn builtin_prefixes_and_references() {
        let rules = Substitution {
            forms: &[Form::EnvPrefixed],
            unset: UnsetBehaviour::Undocumented,
            fields: &[],
            builtins: &["userHome", "config:"],
        };
        assert!(rules.is_builtin("userHome") && rules.is_builtin("config:editor.tabSize"));
        assert!(!rules.is_builtin("config:") && !rules.is_builtin("configX"));
        let e = expand("${config:a.b} ${env:NOPE} ${TOKEN}", &rules, &env());
        // An undocumented unset behaviour keeps the text, like Claude Code.
        assert_eq!(e.value, "${config:a.b} ${env:NOPE} ${TOKEN}");
        let statuses: Vec<_> = e.references.iter().map(|r| r.status.clone()).collect();
        assert_eq!(statuses, [Status::Supplied, Status::Unset, Status::NotExpanded]);
    }

    #[test]
    fn references_in_each_clients_syntax() {
        assert_eq!(CLAUDE_CODE.reference("TOKEN").as_deref(), Some("${TOKEN}"));
        let env_only = Substitution { forms: &[Form::EnvPrefixed], ..CLAUDE_CODE };
        assert_eq!(env_only.reference("TOKEN").as_deref(), Some("${env:TOKEN}"));
        let bare_first = Substitution { forms: &[Form::Bare, Form::Braced], ..CLAUDE_CODE };
        assert_eq!(bare_first.reference("TOKEN").as_deref(), Some("${TOKEN}"));
        let nothing = Substitution { forms: &[], ..CLAUDE_CODE };
        assert_eq!(nothing.reference("TOKEN"), None);
        assert!(nothing.expands_nothing() && !CLAUDE_CODE.expands_nothing());
    }

    #[test]
    fn malformed_references() {
        let kinds = |s| scan(s).malformed.into_iter().map(|(_, k)| k).collect::<Vec<_>>();
        assert_eq!(kinds("${TOKEN"), vec![Malformed::Unclosed]);
        assert_eq!(kinds("x ${} y"), vec![Malformed::EmptyName]);
        assert_eq!(kinds("${A:-${B}}"), vec![Malformed::NestedDefault]);
        assert_eq!(kinds("${A B}"), vec![Malformed::InvalidName]);
        assert_eq!(kinds("$$HOME ${A} $1 $ cost"), vec![]);
        assert_eq!(
            scan("${config:x} ${/} ${input:tok}").references.iter().map(|r| r.form).collect::<Vec<_>>(),
            vec![Form::Other, Form::Other, Form::Input]
        );
    }

    #[test]
    fn env_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "# c\nexport A=1\nB=\"two words\"\nC='x'\nD=plain # note\n\n").unwrap();
        let mut env = Environment::empty();
        env.load_env_file(&path).unwrap();
        assert_eq!(env.get("A"), Some("1"));
        assert_eq!(env.get("B"), Some("two words"));
        assert_eq!(env.get("C"), Some("x"));
        assert_eq!(env.get("D"), Some("plain"));
        std::fs::write(&path, "A=1\nnot an assignment\n").unwrap();
        let err = Environment::empty().load_env_file(&path).unwrap_err();
        assert!(err.ends_with(":2: expected KEY=VALUE"), "{err}");
        assert_eq!(parse_assignment("K=a=b"), Ok(("K".into(), "a=b".into())));
        assert!(parse_assignment("1K=a").is_err());
    }
}
