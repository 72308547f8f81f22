//! JSON Schema validation: each dialect's schema (in `schemas/`, embedded here) is checked
//! against the parsed document, and every error becomes a finding at the exact key or value.
//!
//! The walk follows taplo's pattern (STYLE.md §4.1): jsonschema reports each error's instance
//! location as a JSON Pointer; that becomes our [`Pointer`], which is walked through the
//! span-keeping tree to the key or value it names, and [`FindingBuilder`] turns that span into
//! a finding. `additionalProperties` errors become one finding per unexpected key, at the key:
//! `foreign-field` when the key is known to belong to another client's format, else
//! `unknown-field` with a "did you mean" suggestion. A value of the wrong type in `env` or
//! `headers` is a `non-string-env-value`; everything else is a `schema-violation` at the value.
//! Messages name paths and types, never values: a value may be a secret.
//!
//! Validators are built once per dialect with jsonschema's default features off, so no `$ref`
//! is ever fetched over the network or from disk.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, OnceLock};

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value as Json;

use crate::dialect::Dialect;
use crate::finding::{FileRef, Finding, FindingBuilder, Severity, Target};
use crate::parse::{Document, Node};
use crate::pointer::{Pointer, Segment};
use crate::rules::foreign_field::{self, Place};
use crate::rules::{ForeignField, NonStringEnvValue, SchemaViolation, UnknownField};

const MCPCHECK_CONFIG: &str = include_str!("../schemas/mcpcheck-config.schema.json");

/// A dialect id and its schema, compiled on first use.
type SchemaCell = (&'static str, OnceLock<Option<Compiled>>);

/// Each dialect's compiled schema, by dialect id.
static COMPILED: LazyLock<Vec<SchemaCell>> =
    LazyLock::new(|| crate::dialect::ALL.iter().map(|d| (d.id, OnceLock::new())).collect());
static MCPCHECK_CONFIG_VALIDATOR: LazyLock<Option<Compiled>> = LazyLock::new(|| Compiled::new(MCPCHECK_CONFIG));

/// Longest key or enum value quoted in a message; longer text is cut with `…`.
const MAX_QUOTED_CHARS: usize = 60;

/// Validate a document against its dialect's schema; one finding per problem, at the value
/// (or at the key, for unknown fields and missing ones). Sorted by position. A dialect
/// without a schema gives no findings.
pub fn validate(dialect: &'static Dialect, file: &FileRef<'_>, doc: &Document) -> Vec<Finding> {
    let Some(compiled) = compiled(dialect) else {
        return Vec::new();
    };
    let wording = Wording {
        ignored: dialect.wording.ignored,
        rejected: dialect.wording.rejected,
        mcp: true,
        other_client: foreign_field::other_client(dialect),
        settings: crate::rules::misplaced_top_level_key::settings_of(dialect),
        toml: dialect.syntax == crate::dialect::Syntax::Toml,
    };
    compiled.findings(wording, file, doc)
}

/// How messages say what the client does with a problem.
#[derive(Debug, Clone, Copy)]
struct Wording {
    /// With a field it does not know: "Claude Code ignores it".
    ignored: &'static str,
    /// With an entry whose value has the wrong type.
    rejected: &'static str,
    /// Whether the file is an MCP client's (then other clients' fields and `env` values get
    /// their own rules); `false` for mcpcheck's own settings.
    mcp: bool,
    /// For `foreign-field` help: `None` when Claude Code's remedies apply, else the client.
    other_client: Option<&'static str>,
    /// The client's own top-level settings: written inside a server entry, they are
    /// `misplaced-top-level-key`'s to report, not `unknown-field`'s.
    settings: &'static [&'static str],
    /// Whether the file is TOML (Codex), so that help shows TOML syntax.
    toml: bool,
}

/// Whether the dialect's schema rejects top-level keys it does not define (then the schema
/// stage reports them; Claude Code's schema accepts any, because `~/.claude.json` holds much
/// unrelated state). A dialect without a schema rejects none.
pub fn rejects_unknown_top_level_keys(dialect: &Dialect) -> bool {
    compiled(dialect).is_some_and(|c| c.schema.get("additionalProperties") == Some(&Json::Bool(false)))
}

/// Whether the dialect's schema defines `field` on server entries, i.e. whether the client
/// reads it there.
pub fn defines_server_field(dialect: &Dialect, field: &str) -> bool {
    compiled(dialect)
        .and_then(|c| c.schema.pointer("/$defs/server/properties"))
        .is_some_and(|props| props.get(field).is_some())
}

/// The values the dialect's schema allows for a server's `type`, in the schema's order (none
/// when the format has no `type` field).
pub fn server_type_values(dialect: &Dialect) -> Vec<&'static str> {
    compiled(dialect)
        .and_then(|c| c.schema.pointer("/$defs/server/properties/type/enum"))
        .and_then(Json::as_array)
        .map(|values| values.iter().filter_map(Json::as_str).collect())
        .unwrap_or_default()
}

/// Spellings of the streamable-HTTP transport across clients.
const STREAMABLE_HTTP_NAMES: &[&str] = &["http", "streamable-http", "streamableHttp", "streamable_http"];

/// The accepted value that names the same transport as `value` in another client's spelling:
/// `streamableHttp` for Claude Code's `http` in Cline's file, `streamable-http` in Roo Code's.
fn same_transport<'a>(value: &str, accepted: &[&'a str]) -> Option<&'a str> {
    STREAMABLE_HTTP_NAMES
        .contains(&value)
        .then(|| accepted.iter().copied().find(|a| STREAMABLE_HTTP_NAMES.contains(a)))
        .flatten()
}

/// The compiled schema of a dialect, if it has one.
fn compiled(dialect: &Dialect) -> Option<&'static Compiled> {
    let text = dialect.schema?;
    let (_, cell) = COMPILED.iter().find(|(id, _)| *id == dialect.id)?;
    cell.get_or_init(|| Compiled::new(text)).as_ref()
}

/// Validate mcpcheck's own settings file against its schema.
pub fn validate_settings(file: &FileRef<'_>, doc: &Document) -> Vec<Finding> {
    match MCPCHECK_CONFIG_VALIDATOR.as_ref() {
        Some(compiled) => compiled.findings(
            Wording {
                ignored: "mcpcheck ignores it",
                rejected: "mcpcheck cannot use this entry",
                mcp: false,
                other_client: None,
                settings: &[],
                toml: false,
            },
            file,
            doc,
        ),
        None => Vec::new(),
    }
}

/// The ids of every embedded schema: the dialects' and mcpcheck's own settings file's.
pub fn schema_ids() -> Vec<&'static str> {
    let dialects = crate::dialect::ALL.iter().filter(|d| d.schema.is_some()).map(|d| d.id);
    dialects.chain([crate::config::SCHEMA_ID]).collect()
}

/// The embedded JSON Schema text of a dialect (or of `mcpcheck-config`), by id.
pub fn schema_text(dialect_id: &str) -> Option<&'static str> {
    if dialect_id == crate::config::SCHEMA_ID {
        return Some(MCPCHECK_CONFIG);
    }
    crate::dialect::by_id(dialect_id).and_then(|d| d.schema)
}

/// A schema and its validator, built once.
struct Compiled {
    schema: Json,
    validator: Validator,
}

/// A finding before it is resolved against the file.
struct Problem {
    rule: &'static crate::rules::RuleMeta,
    /// `None`: the rule's default.
    severity: Option<Severity>,
    pointer: Pointer,
    target: Target,
    label: Option<String>,
    message: String,
    help: Option<String>,
}

impl Problem {
    /// Resolve against the file (a pointer that does not resolve falls back to its nearest
    /// existing ancestor, in [`FindingBuilder::build`]).
    fn build(self, file: &FileRef<'_>) -> Finding {
        let mut builder = FindingBuilder::new(self.rule, self.message).at(self.pointer, self.target, self.label);
        if let Some(severity) = self.severity {
            builder = builder.severity(severity);
        }
        if let Some(help) = self.help {
            builder = builder.help(help);
        }
        builder.build(file)
    }
}

impl Compiled {
    /// Parse and compile a schema; `None` if either fails (tests prove ours do not).
    fn new(text: &str) -> Option<Self> {
        let schema: Json = serde_json::from_str(text).ok()?;
        let validator = jsonschema::options().with_draft(jsonschema::Draft::Draft202012).build(&schema).ok()?;
        Some(Self { schema, validator })
    }

    /// Every problem in `doc`, resolved against `file`, deduplicated and sorted by span.
    /// `wording` says what the client does (unknown-field messages end "Claude Code ignores it").
    fn findings(&self, wording: Wording, file: &FileRef<'_>, doc: &Document) -> Vec<Finding> {
        let instance = doc.root.to_json();
        if self.validator.is_valid(&instance) {
            return Vec::new();
        }
        let mut seen = HashSet::new();
        let mut out: Vec<Finding> = Vec::new();
        for error in self.validator.iter_errors(&instance) {
            for problem in self.describe(&error, wording, doc) {
                if !seen.insert((problem.pointer.to_string(), problem.message.clone())) {
                    continue;
                }
                out.push(problem.build(file));
            }
        }
        out.sort_by(|a, b| {
            (a.primary.span.start, a.primary.span.end, &a.message).cmp(&(
                b.primary.span.start,
                b.primary.span.end,
                &b.message,
            ))
        });
        out
    }

    /// The schema object holding the keyword that failed (the error's schema path minus its
    /// last segment), if it can be found.
    fn keyword_parent(&self, error: &ValidationError<'_>) -> Option<&Json> {
        let path = error.schema_path().as_str();
        let parent = &path[..path.rfind('/')?];
        self.schema.pointer(parent)
    }

    /// Turn one jsonschema error into problems (several for `additionalProperties`).
    fn describe(&self, error: &ValidationError<'_>, wording: Wording, doc: &Document) -> Vec<Problem> {
        let ignored = wording.ignored;
        let (pointer, node) = doc.follow(error.instance_path().as_str());
        let schema = self.keyword_parent(error);
        let path = path_text(&pointer);
        let kind = error.kind();

        if let ValidationErrorKind::AdditionalProperties { unexpected } = kind {
            let known: Vec<&str> = schema
                .and_then(|s| s.get("properties"))
                .and_then(Json::as_object)
                .map(|props| props.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let place = context(&pointer);
            // Server entries at the top level are `misplaced-servers`' to report, and a top-level
            // setting inside a Codex server table is `misplaced-top-level-key`'s.
            let misplaced = |key: &&String| {
                pointer.segments().is_empty()
                    && node.and_then(|n| n.get(key)).is_some_and(crate::dialect::looks_like_server)
            };
            let in_server = server_of(&pointer).is_some();
            return unexpected
                .iter()
                .filter(|key| !misplaced(key))
                .filter(|key| !(in_server && wording.settings.contains(&key.as_str())))
                .map(|key| {
                    foreign(&pointer, node, key, &place, wording)
                        .filter(|_| wording.mcp)
                        .unwrap_or_else(|| unknown_field(&pointer, key, &known, &place, ignored))
                })
                .collect();
        }

        if let ValidationErrorKind::Type { kind: types } = kind
            && wording.mcp
        {
            let expected = expected_types(schema, types);
            if let Some(problem) = non_string_value(&pointer, node, &expected, wording) {
                return vec![problem];
            }
        }

        let (message, label, help) = match kind {
            ValidationErrorKind::Type { kind } => {
                let expected = expected_types(schema, kind);
                let found = found_type(node, &expected);
                let help = type_help(&pointer, &expected, node, wording.toml);
                (
                    format!("{path} must be {}, found {found}", join_or(&expected, with_article)),
                    Some(format!("expected {}", join_or(&expected, with_article))),
                    help,
                )
            }
            ValidationErrorKind::Enum { options } => {
                let listed: Vec<String> =
                    options.as_array().map(|values| values.iter().map(json_code).collect()).unwrap_or_default();
                let mut message = format!("{path} must be one of {}", listed.join(", "));
                let value = node.and_then(Node::as_str);
                if let Some(value) = value.filter(|v| may_echo(&pointer, v)) {
                    message.push_str(&format!("; found {}", code(value)));
                }
                let names: Vec<&str> = options
                    .as_array()
                    .map(|values| values.iter().filter_map(Json::as_str).collect())
                    .unwrap_or_default();
                let help = match value.and_then(|v| suggest(v, &names)) {
                    Some(near) => format!("Did you mean {}?", code(near)),
                    None => match value.and_then(|v| same_transport(v, &names)) {
                        Some(near) => format!("Write {}: that is how this file names the same transport", code(near)),
                        None => "Use one of the listed values".to_owned(),
                    },
                };
                (message, Some("not an accepted value".to_owned()), Some(help))
            }
            ValidationErrorKind::Constant { expected_value } => (
                format!("{path} must be {}", json_code(expected_value)),
                None,
                Some(format!("Write {}", json_code(expected_value))),
            ),
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().map_or_else(|| property.to_string(), str::to_owned);
                let owner = match server_of(&pointer) {
                    Some((server, [])) => format!("server {}", code(server)),
                    _ if pointer.segments().is_empty() => "the file".to_owned(),
                    _ => path.clone(),
                };
                return vec![Problem {
                    rule: &SchemaViolation::META,
                    severity: None,
                    pointer,
                    target: Target::Key,
                    label: Some(format!("missing {}", code(&name))),
                    message: format!("{owner} is missing {}", code(&name)),
                    help: Some(format!("Add `\"{}\"` to this object", escape(&name))),
                }];
            }
            ValidationErrorKind::MinLength { limit } if *limit == 1 => (
                format!("{path} must not be empty"),
                Some("empty".to_owned()),
                Some(format!("Write a value for {}, or remove the field", last_key(&pointer))),
            ),
            ValidationErrorKind::MinLength { limit } => {
                (format!("{path} must be at least {limit} characters long"), None, None)
            }
            ValidationErrorKind::MaxLength { limit } => {
                (format!("{path} must be at most {limit} characters long"), None, None)
            }
            ValidationErrorKind::Pattern { pattern } => {
                let help = match pattern.as_str() {
                    "^https://" => Some("Use an `https://` URL".to_owned()),
                    _ => None,
                };
                (format!("{path} must match `{pattern}`"), Some("does not match".to_owned()), help)
            }
            ValidationErrorKind::Minimum { limit } => {
                (format!("{path} must be at least {limit}"), None, range_help(schema))
            }
            ValidationErrorKind::Maximum { limit } => {
                (format!("{path} must be at most {limit}"), None, range_help(schema))
            }
            ValidationErrorKind::ExclusiveMinimum { limit } => {
                (format!("{path} must be greater than {limit}"), None, None)
            }
            ValidationErrorKind::ExclusiveMaximum { limit } => {
                (format!("{path} must be less than {limit}"), None, None)
            }
            ValidationErrorKind::MinItems { limit } if *limit == 1 => (
                format!("{path} must not be empty"),
                Some("empty".to_owned()),
                Some(format!("Write at least one item in {}, or remove the field", last_key(&pointer))),
            ),
            ValidationErrorKind::MinItems { limit } => {
                (format!("{path} must have at least {limit} {}", plural(*limit, "item")), None, None)
            }
            ValidationErrorKind::MaxItems { limit } => {
                (format!("{path} must have at most {limit} {}", plural(*limit, "item")), None, None)
            }
            ValidationErrorKind::MinProperties { limit } => {
                (format!("{path} must have at least {limit} {}", plural(*limit, "field")), None, None)
            }
            ValidationErrorKind::MaxProperties { limit } => {
                (format!("{path} must have at most {limit} {}", plural(*limit, "field")), None, None)
            }
            ValidationErrorKind::UniqueItems => (format!("{path} must not repeat items"), None, None),
            ValidationErrorKind::MultipleOf { multiple_of } => {
                (format!("{path} must be a multiple of {multiple_of}"), None, None)
            }
            ValidationErrorKind::Format { format } => (format!("{path} must be a valid {format}"), None, None),
            ValidationErrorKind::FalseSchema => {
                (format!("{path} is not allowed here"), None, Some("Remove it".to_owned()))
            }
            other => (format!("{path} does not satisfy the schema keyword `{}`", other.keyword()), None, None),
        };
        vec![Problem {
            rule: &SchemaViolation::META,
            severity: None,
            pointer,
            target: Target::Value,
            label,
            message,
            help,
        }]
    }
}

/// A `foreign-field` problem for `key` in the object at `object` (`node`), when the key is a
/// known field of another client's format written where such fields go: in a server entry or
/// at the top level.
fn foreign(object: &Pointer, node: Option<&Node>, key: &str, place: &str, wording: Wording) -> Option<Problem> {
    let at = match server_of(object) {
        Some((_, [])) => Place::Server,
        None if object.segments().is_empty() => Place::TopLevel,
        _ => return None,
    };
    let field = foreign_field::lookup(at, key)?;
    let value = node?.get(key)?;
    let entry = (at == Place::Server).then_some(node).flatten();
    let d = foreign_field::describe(field, value, entry, place, wording.ignored, wording.other_client);
    Some(Problem {
        rule: &ForeignField::META,
        severity: Some(d.severity),
        pointer: object.key(key),
        target: Target::Key,
        label: Some("another client's field".to_owned()),
        message: d.message,
        help: Some(d.help),
    })
}

/// A `non-string-env-value` problem when `pointer` is a value in a server's `env` or
/// `headers` map (the type error is then about that value). The value is never shown: only
/// booleans, which cannot be secrets, are written back in the help.
fn non_string_value(pointer: &Pointer, node: Option<&Node>, expected: &[&str], wording: Wording) -> Option<Problem> {
    let (server, [Segment::Key(map), Segment::Key(name)]) = server_of(pointer)? else { return None };
    let what = match map.as_str() {
        "env" => "environment variable values",
        "headers" | "http_headers" => "header values",
        "env_http_headers" => "environment variable names",
        _ => return None,
    };
    let node = node?;
    let found = node.value.type_name();
    let name_json = escape(name);
    let help = match &node.value {
        _ if wording.toml => {
            let key = if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                name.clone()
            } else {
                format!("\"{name_json}\"")
            };
            format!("Write the value as a string in double quotes: `{key} = \"…\"`; {what} are always strings")
        }
        crate::parse::Value::Number(_) => {
            format!(
                "Write the number as a string, in double quotes: `\"{name_json}\": \"…\"`; {what} are always strings"
            )
        }
        crate::parse::Value::Bool(b) => format!("Write `\"{name_json}\": \"{b}\"`: {what} are always strings"),
        crate::parse::Value::Null => {
            format!("Write `\"{name_json}\": \"\"` for an empty value, or remove `{}`", truncate(name))
        }
        _ => format!("Write the value as one string: {what} are always strings"),
    };
    let article = if found.starts_with(['a', 'o']) { "an" } else { "a" };
    let found_text = if found == "null" { "null".to_owned() } else { format!("{article} {found}") };
    // VS Code also takes numbers and `null` in `env`.
    let allowed = if expected == ["string"] {
        format!("{what} must be strings")
    } else {
        format!("{what} may only be {}", join_or(expected, with_article))
    };
    Some(Problem {
        rule: &NonStringEnvValue::META,
        severity: None,
        pointer: pointer.clone(),
        target: Target::Value,
        label: Some(format!("{found}, not a string")),
        message: format!(
            "{} in server {} is {found_text}, not a string: {allowed}; {}",
            code(&format!("{map}.{name}")),
            code(server),
            wording.rejected,
        ),
        help: Some(help),
    })
}

/// One `unknown-field` problem for `key` in the object at `object`.
fn unknown_field(object: &Pointer, key: &str, known: &[&str], place: &str, ignored: &str) -> Problem {
    let near = suggest_field(key, known);
    let mut message = format!("unknown field {} {place}; {ignored}", code(key));
    let help = match near {
        Some(near) => {
            message.push_str(&format!("; did you mean {}?", code(near)));
            format!("Rename {} to {}", code(key), code(near))
        }
        None if known.is_empty() => "Remove it, or check its spelling".to_owned(),
        None => {
            let list: Vec<String> = known.iter().map(|k| code(k)).collect();
            format!("Remove it, or check its spelling; the known fields here are {}", list.join(", "))
        }
    };
    Problem {
        rule: &UnknownField::META,
        severity: None,
        pointer: object.key(key),
        target: Target::Key,
        label: Some("unknown field".to_owned()),
        message,
        help: Some(help),
    }
}

/// Where an object sits, for unknown-field messages: "in server `db`", "in `oauth` of server
/// `db`", "at the top level", "in `globalSettings`".
fn context(object: &Pointer) -> String {
    match server_of(object) {
        Some((server, [])) => format!("in server {}", code(server)),
        Some((server, rest)) => {
            format!("in `{}` of server {}", pointer_of(rest).dotted(), code(server))
        }
        None if object.segments().is_empty() => "at the top level".to_owned(),
        None => format!("in {}", path_text(object)),
    }
}

/// Top-level keys that hold server entries in some dialect's schema: `mcpServers`, VS Code's
/// `servers`, Codex's `mcp_servers`, Zed's `context_servers`. (A schema validates a `servers` object only where it is the dialect's own key.)
const SERVER_MAPS: &[&str] = &["mcpServers", "servers", "mcp_servers", "context_servers"];

/// The server a pointer is in and the steps below it: `/mcpServers/<name>/…` (or VS Code's
/// `/servers/<name>/…`) or, in `~/.claude.json`, `/projects/<path>/mcpServers/<name>/…`.
fn server_of(pointer: &Pointer) -> Option<(&str, &[Segment])> {
    match pointer.segments() {
        [Segment::Key(servers), Segment::Key(name), rest @ ..] if SERVER_MAPS.contains(&servers.as_str()) => {
            Some((name, rest))
        }
        [Segment::Key(projects), _, Segment::Key(servers), Segment::Key(name), rest @ ..]
            if projects == "projects" && servers == "mcpServers" =>
        {
            Some((name, rest))
        }
        _ => None,
    }
}

/// A pointer made of these steps.
fn pointer_of(segments: &[Segment]) -> Pointer {
    segments.iter().fold(Pointer::root(), |pointer, segment| match segment {
        Segment::Key(k) => pointer.key(k.as_str()),
        Segment::Index(i) => pointer.index(*i),
    })
}

/// The pointer as `` `mcpServers.db.env.PORT` `` for messages, or "the file" at the root.
/// Keys longer than [`MAX_QUOTED_CHARS`] are cut, so a huge key cannot make a huge message.
fn path_text(pointer: &Pointer) -> String {
    if pointer.segments().is_empty() {
        return "the file".to_owned();
    }
    let shown = pointer.segments().iter().fold(Pointer::root(), |shown, segment| match segment {
        Segment::Key(k) => shown.key(truncate(k)),
        Segment::Index(i) => shown.index(*i),
    });
    format!("`{}`", shown.dotted())
}

/// The last key of a pointer, quoted, for help text.
fn last_key(pointer: &Pointer) -> String {
    match pointer.last() {
        Some(Segment::Key(k)) => code(k),
        _ => path_text(pointer),
    }
}

/// The expected types of a `type` error, in the schema's own order when it can be read.
fn expected_types(schema: Option<&Json>, kind: &TypeKind) -> Vec<&'static str> {
    let from_schema: Option<Vec<&'static str>> = schema.and_then(|s| match s.get("type")? {
        Json::String(t) => Some(vec![static_type_name(t)?]),
        Json::Array(ts) => ts.iter().map(|t| static_type_name(t.as_str()?)).collect(),
        _ => None,
    });
    from_schema.unwrap_or_else(|| match kind {
        TypeKind::Single(t) => vec![t.as_str()],
        TypeKind::Multiple(set) => set.iter().map(|t| t.as_str()).collect(),
    })
}

/// A JSON Schema type name as a `'static` string, if it is one.
fn static_type_name(name: &str) -> Option<&'static str> {
    ["null", "boolean", "integer", "number", "string", "array", "object"].into_iter().find(|t| *t == name)
}

/// What was found instead, without the value: `number`, `string`, a fractional number where
/// an integer was expected, or a non-finite number (which JSON cannot hold).
fn found_type(node: Option<&Node>, expected: &[&str]) -> &'static str {
    let Some(node) = node else { return "nothing" };
    match node.as_f64() {
        Some(n) if !n.is_finite() => "a non-finite number",
        Some(n) if expected.contains(&"integer") && n.fract() != 0.0 => "a number with a fraction",
        _ => node.value.type_name(),
    }
}

/// What to write instead of a value of the wrong type.
fn type_help(pointer: &Pointer, expected: &[&str], node: Option<&Node>, toml: bool) -> Option<String> {
    let field = match pointer.last() {
        Some(Segment::Key(k)) => k.as_str(),
        _ => "",
    };
    let parent = pointer.parent();
    let parent_field = match parent.as_ref().and_then(Pointer::last) {
        Some(Segment::Key(k)) => k.as_str(),
        _ => "",
    };
    let found = node.map(|n| n.value.type_name());
    if toml && let Some(help) = toml_type_help(field, parent_field, expected, found) {
        return Some(help.to_owned());
    }
    let help = match (expected, found) {
        (["string"], Some("array")) if field == "scopes" => {
            "Join the scopes into one space-separated string, e.g. `\"read write\"`"
        }
        (["string"], _) if parent_field == "env" => {
            "Put the value in double quotes: environment variable values are always strings"
        }
        (["string"], _) if parent_field == "headers" => {
            "Put the value in double quotes: header values are always strings"
        }
        (["string"], Some("number" | "boolean" | "null")) => "Put the value in double quotes",
        (["string"], _) => "Write a JSON string",
        (["array"], Some("string")) if field == "args" => {
            "Split the command line into a JSON array with one string per argument, e.g. `[\"-y\", \"some-package\"]`"
        }
        (["array"], _) => "Write a JSON array (`[...]`)",
        (["object"], Some("array")) if field == "servers" && pointer.segments().len() == 1 => {
            "Write `servers` as an object that maps each server's name to its entry: `\"servers\": { \"<name>\": { \"command\": … } }` (move each entry's `name` out to be its key)"
        }
        (["object"], _) if field == "env" || field == "headers" => {
            "Write an object that maps each name to a string value, e.g. `{\"NAME\": \"value\"}`"
        }
        (["object"], _) => "Write a JSON object (`{...}`)",
        (["boolean"], _) => "Write `true` or `false`, without quotes",
        (["number"], _) => "Write a number, without quotes",
        (["integer"], _) => "Write a whole number, without quotes",
        _ => return None,
    };
    Some(help.to_owned())
}

/// What to write instead of a value of the wrong type, in TOML syntax (where the JSON help
/// would show JSON).
fn toml_type_help(field: &str, parent_field: &str, expected: &[&str], found: Option<&str>) -> Option<&'static str> {
    Some(match (expected, found) {
        (["string"], _) if matches!(parent_field, "env" | "http_headers" | "env_http_headers") => {
            "Put the value in double quotes: these values are always strings"
        }
        (["string"], Some("number" | "boolean")) => "Put the value in double quotes",
        (["string"], _) => "Write a string in double quotes",
        (["array"], Some("string")) if field == "args" => {
            "Split the command line into an array with one string per argument, e.g. `args = [\"-y\", \"some-package\"]`"
        }
        (["array"], _) => "Write an array (`[\"a\", \"b\"]`)",
        (["object"], _) if matches!(field, "env" | "http_headers" | "env_http_headers") => {
            "Write a table that maps each name to a string, e.g. `env = { NAME = \"value\" }`"
        }
        (["object"], _) => {
            "Write a table: a `[header]` with its keys on the lines below it, or an inline table `{ key = \"value\" }`"
        }
        _ => return None,
    })
}

/// "Use a value from 1 to 65535" when the schema object gives both bounds.
fn range_help(schema: Option<&Json>) -> Option<String> {
    let schema = schema?;
    match (schema.get("minimum"), schema.get("maximum")) {
        (Some(min), Some(max)) => Some(format!("Use a value from {min} to {max}")),
        (Some(min), None) => Some(format!("Use a value of {min} or more")),
        (None, Some(max)) => Some(format!("Use a value of {max} or less")),
        (None, None) => None,
    }
}

/// Whether an enum value may be quoted back: a short, printable string outside `env` and
/// `headers` (whose values may be secrets).
fn may_echo(pointer: &Pointer, value: &str) -> bool {
    let sensitive = pointer.segments().iter().any(|s| matches!(s, Segment::Key(k) if k == "env" || k == "headers"));
    !sensitive && value.chars().count() < 40 && !value.chars().any(|c| c.is_control() || c == '`')
}

/// "a string", "an object", "null".
fn with_article(type_name: &str) -> String {
    match type_name {
        "null" => "null".to_owned(),
        "integer" | "array" | "object" => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

/// "a string", "a string or a number", "a, b or c".
fn join_or(items: &[&str], each: fn(&str) -> String) -> String {
    let words: Vec<String> = items.iter().map(|t| each(t)).collect();
    match words.split_last() {
        None => "something else".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// `word`, with an `s` unless `n` is 1.
fn plural(n: u64, word: &str) -> String {
    if n == 1 { word.to_owned() } else { format!("{word}s") }
}

/// `text` cut to [`MAX_QUOTED_CHARS`] characters, with `…` when something was cut.
fn truncate(text: &str) -> String {
    let mut shown: String = text.chars().take(MAX_QUOTED_CHARS).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    shown
}

/// Text in backticks for a message, cut to [`MAX_QUOTED_CHARS`] and with control characters
/// escaped.
fn code(text: &str) -> String {
    let mut shown = truncate(text);
    if shown.chars().any(char::is_control) {
        shown = shown.escape_debug().to_string();
    }
    format!("`{shown}`")
}

/// A schema value in backticks: strings bare, anything else as JSON.
fn json_code(value: &Json) -> String {
    match value {
        Json::String(s) => code(s),
        other => code(&other.to_string()),
    }
}

/// A string escaped for use inside a JSON string literal in help text.
fn escape(text: &str) -> String {
    let quoted = Json::String(text.to_owned()).to_string();
    quoted[1..quoted.len() - 1].to_owned()
}

/// Other names people give a field, each with the field they mean; used when no known field
/// is a small edit away from the unknown key.
const ALIASES: &[(&str, &str)] = &[
    ("environment", "env"),
    ("environmentVariables", "env"),
    ("envVars", "env"),
    ("arguments", "args"),
    ("argv", "args"),
    ("cmd", "command"),
    ("endpoint", "url"),
    ("transport", "type"),
    ("timeout_ms", "timeout"),
    ("timeoutMs", "timeout"),
];

/// The known field `key` most likely stands for: a near spelling of a known field
/// (`comand` → `command`), else a near spelling of an alias whose field is known here
/// (`enviroment` → `env`).
fn suggest_field<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    suggest(key, known).or_else(|| {
        // Short aliases only as written: `cwd` is not a misspelt `cmd`.
        let lower = key.to_lowercase();
        let exact = ALIASES.iter().find(|(alias, _)| alias.to_lowercase() == lower).map(|(alias, _)| *alias);
        let long: Vec<&str> = ALIASES.iter().map(|(alias, _)| *alias).filter(|a| a.chars().count() >= 6).collect();
        let alias = exact.or_else(|| suggest(key, &long))?;
        let target = ALIASES.iter().find(|(a, _)| *a == alias)?.1;
        known.iter().copied().find(|k| *k == target)
    })
}

/// The candidate closest to `word`, if it is close enough to be a likely typo: an edit
/// distance of at most 2 and less than half of `word`'s length, ignoring case (a match that
/// differs only in case always counts). Ties go to the earlier candidate.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    let length = word.chars().count();
    candidates
        .iter()
        .filter_map(|candidate| {
            let distance = edit_distance(&word, &candidate.to_lowercase())?;
            (distance == 0 || (distance <= 2 && 2 * distance < length)).then_some((distance, *candidate))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Damerau–Levenshtein distance (insertions, deletions, substitutions and transpositions of
/// adjacent characters, with edits allowed between transposed characters), counted in
/// characters. `None` when the lengths differ by more than 2 or a word is longer than 64
/// characters: such pairs are never suggestions, and this keeps the table small.
fn edit_distance(a: &str, b: &str) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > 2 || n > 64 || m > 64 {
        return None;
    }
    // Lowrance–Wagner: a table with one extra border row and column holding `infinity`.
    let infinity = n + m;
    let width = m + 2;
    let mut d = vec![0usize; (n + 2) * width];
    let at = |i: usize, j: usize| i * width + j;
    d[at(0, 0)] = infinity;
    for i in 0..=n {
        d[at(i + 1, 0)] = infinity;
        d[at(i + 1, 1)] = i;
    }
    for j in 0..=m {
        d[at(0, j + 1)] = infinity;
        d[at(1, j + 1)] = j;
    }
    // The last row (1-based) in which each character of `a` was seen.
    let mut last_row: HashMap<char, usize> = HashMap::new();
    for i in 1..=n {
        let mut last_match_column = 0;
        for j in 1..=m {
            let k = last_row.get(&b[j - 1]).copied().unwrap_or(0);
            let l = last_match_column;
            let cost = if a[i - 1] == b[j - 1] {
                last_match_column = j;
                0
            } else {
                1
            };
            let substitute = d[at(i, j)] + cost;
            let insert = d[at(i + 1, j)] + 1;
            let delete = d[at(i, j + 1)] + 1;
            let transpose = d[at(k, l)] + (i - k - 1) + 1 + (j - l - 1);
            d[at(i + 1, j + 1)] = substitute.min(insert).min(delete).min(transpose);
        }
        last_row.insert(a[i - 1], i);
    }
    Some(d[at(n + 1, m + 1)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::source::SourceFile;

    /// Validate `text` as dialect `id`; the source is returned so spans can be read back.
    fn check(id: &str, text: &str) -> (SourceFile, Vec<Finding>) {
        let source = SourceFile::new("test.json", text);
        let doc = parse(&source).expect("test input parses");
        let dialect = crate::dialect::by_id(id).expect("known dialect");
        let findings = validate(dialect, &FileRef::new(&source, Some(&doc)), &doc);
        (source, findings)
    }

    fn only(id: &str, text: &str) -> (SourceFile, Finding) {
        let (source, mut findings) = check(id, text);
        assert_eq!(findings.len(), 1, "expected one finding, got {findings:#?}");
        (source, findings.remove(0))
    }

    fn underlined<'a>(source: &'a SourceFile, finding: &Finding) -> &'a str {
        source.slice(finding.primary.span)
    }

    fn schemas() -> Vec<(&'static str, Json)> {
        schema_ids()
            .into_iter()
            .map(|id| (id, serde_json::from_str(schema_text(id).unwrap()).expect("schema is JSON")))
            .collect()
    }

    /// Every subschema of `schema` (objects only), depth first, with its JSON Pointer.
    fn walk<'a>(at: String, schema: &'a Json, out: &mut Vec<(String, &'a Json)>) {
        match schema {
            Json::Object(map) => {
                out.push((at.clone(), schema));
                for (key, value) in map {
                    walk(format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), value, out);
                }
            }
            Json::Array(items) => {
                for (i, value) in items.iter().enumerate() {
                    walk(format!("{at}/{i}"), value, out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn schemas_compile_and_meta_validate() {
        for (id, schema) in schemas() {
            let meta = jsonschema::meta::validator_for(&schema).expect("meta-schema is known");
            let errors: Vec<String> =
                meta.iter_errors(&schema).map(|e| format!("{}: {e}", e.instance_path())).collect();
            assert!(errors.is_empty(), "{id}: {errors:#?}");
            assert!(Compiled::new(schema_text(id).unwrap()).is_some(), "{id} compiles");
            assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
            assert_eq!(schema["$id"], format!("urn:mcpcheck:schema:{id}"));
        }
        for dialect in crate::dialect::ALL {
            assert!(compiled(dialect).is_some(), "{} compiles", dialect.id);
        }
        assert!(MCPCHECK_CONFIG_VALIDATOR.is_some());
    }

    #[test]
    fn every_dialect_has_a_schema() {
        for dialect in crate::dialect::ALL {
            assert!(schema_text(dialect.id).is_some(), "{} has no schema", dialect.id);
        }
        assert_eq!(schema_text("no-such-client"), None);
    }

    #[test]
    fn every_property_has_a_title_and_description() {
        for (id, schema) in schemas() {
            let mut nodes = Vec::new();
            walk(String::new(), &schema, &mut nodes);
            let mut properties = 0;
            for (at, node) in &nodes {
                let Some(props) = node.get("properties").and_then(Json::as_object) else {
                    continue;
                };
                for (name, prop) in props {
                    properties += 1;
                    for field in ["title", "description"] {
                        let text = prop.get(field).and_then(Json::as_str).unwrap_or("");
                        assert!(!text.trim().is_empty(), "{id}: {at}/properties/{name} has no {field}");
                    }
                }
            }
            // The walk must reach nested schemas (`$defs`, items), not just the top level.
            assert!(properties >= 10, "{id}: the walk found only {properties} properties");
            assert!(schema["title"].is_string() && schema["description"].is_string(), "{id}");
        }
    }

    #[test]
    fn schemas_avoid_one_of_and_any_of_and_refs_resolve_locally() {
        for (id, schema) in schemas() {
            let mut nodes = Vec::new();
            walk(String::new(), &schema, &mut nodes);
            for (at, node) in &nodes {
                assert!(node.get("oneOf").is_none() && node.get("anyOf").is_none(), "{id}: {at}");
                if let Some(reference) = node.get("$ref").and_then(Json::as_str) {
                    let target = reference.strip_prefix("#/$defs/").map(|r| format!("/$defs/{r}"));
                    assert!(target.is_some_and(|t| schema.pointer(&t).is_some()), "{id}: {at}: {reference}");
                }
            }
        }
    }

    #[test]
    fn mcp_settings_extension_fields_say_no_client_reads_them() {
        let schema: Json = serde_json::from_str(schema_text("mcp-settings").unwrap()).unwrap();
        let server = &schema["$defs"]["server"]["properties"];
        let blocks = [
            &schema["properties"]["version"],
            &schema["properties"]["environment"],
            &schema["properties"]["globalSettings"],
            &schema["properties"]["security"],
            &schema["properties"]["monitoring"],
            &server["scope"],
            &server["description"],
            &server["enabled"],
            &server["cwd"],
            &server["security"],
            &server["health_check"],
            &server["healthCheck"],
            &server["performance"],
            &server["features"],
        ];
        for block in blocks {
            let mut nodes = Vec::new();
            walk(String::new(), block, &mut nodes);
            for (at, node) in nodes.iter().filter(|(_, n)| n.get("title").is_some()) {
                let text = node["description"].as_str().unwrap();
                assert!(text.contains("No MCP client reads"), "{at}: {text}");
            }
        }
    }

    #[test]
    fn wrong_type_in_env_underlines_the_value_without_echoing_it() {
        let (source, f) = only("claude-code", r#"{"mcpServers":{"db":{"command":"x","env":{"PORT":5432}}}}"#);
        assert_eq!(f.rule.id, "non-string-env-value");
        assert_eq!(underlined(&source, &f), "5432");
        assert!(f.message.starts_with("`env.PORT` in server `db` is a number, not a string"), "{}", f.message);
        assert!(!f.message.contains("5432"));
        assert!(f.help.as_deref().unwrap().contains("double quotes"));
        assert_eq!(f.primary.pointer, Some(crate::ptr!["mcpServers", "db", "env", "PORT"]));
    }

    #[test]
    fn misspelt_field_is_unknown_at_the_key_with_a_suggestion() {
        let (source, f) = only("claude-code", r#"{"mcpServers":{"db":{"command":"x","evn":{"A":"b"}}}}"#);
        assert_eq!(f.rule.id, "unknown-field");
        assert_eq!(underlined(&source, &f), "\"evn\"");
        assert_eq!(f.message, "unknown field `evn` in server `db`; Claude Code ignores it; did you mean `env`?");
        assert_eq!(f.help.as_deref(), Some("Rename `evn` to `env`"));
    }

    #[test]
    fn unknown_field_without_a_near_name_lists_the_known_ones() {
        let (_, f) = only("claude-code", r#"{"mcpServers":{"db":{"command":"x","link":"/srv"}}}"#);
        assert_eq!(f.message, "unknown field `link` in server `db`; Claude Code ignores it");
        let help = f.help.unwrap();
        assert!(help.starts_with("Remove it") && help.contains("`command`") && help.contains("`alwaysLoad`"), "{help}");
    }

    #[test]
    fn each_unexpected_key_is_its_own_finding() {
        let (source, findings) =
            check("claude-code", r#"{"mcpServers":{"db":{"command":"x","arg":[],"enviroment":{}}}}"#);
        let keys: Vec<&str> = findings.iter().map(|f| underlined(&source, f)).collect();
        assert_eq!(keys, ["\"arg\"", "\"enviroment\""]);
        assert!(findings[0].message.ends_with("did you mean `args`?"));
        assert!(findings[1].message.ends_with("did you mean `env`?"));
    }

    #[test]
    fn enum_lists_the_values_and_echoes_only_short_strings() {
        let (source, f) = only("claude-code", r#"{"mcpServers":{"a":{"type":"websocket","url":"wss://x"}}}"#);
        assert_eq!(underlined(&source, &f), "\"websocket\"");
        assert_eq!(
            f.message,
            "`mcpServers.a.type` must be one of `stdio`, `sse`, `http`, `streamable-http`, `ws`; found `websocket`"
        );
        assert_eq!(f.help.as_deref(), Some("Use one of the listed values"));

        let (_, f) = only("claude-code", r#"{"mcpServers":{"a":{"type":"streamableHttp","url":"https://x"}}}"#);
        assert_eq!(f.help.as_deref(), Some("Did you mean `streamable-http`?"));

        let long = "sk-live-0123456789abcdef0123456789abcdef0123";
        let (_, f) = only("claude-code", &format!(r#"{{"mcpServers":{{"a":{{"type":"{long}"}}}}}}"#));
        assert!(!f.message.contains(long) && !f.message.contains("found"), "{}", f.message);
    }

    #[test]
    fn missing_required_field_points_at_the_parent_key() {
        let schema = r#"{
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["mcpServers"],
            "properties": {
                "mcpServers": { "type": "object", "additionalProperties": { "required": ["command"] } },
                "other": { "type": "object", "required": ["x"] }
            }
        }"#;
        let compiled = Compiled::new(schema).unwrap();
        let run = |text: &str| {
            let source = SourceFile::new("t.json", text);
            let doc = parse(&source).unwrap();
            let wording = crate::dialect::claude_code::DIALECT.wording;
            let wording = Wording {
                ignored: wording.ignored,
                rejected: wording.rejected,
                mcp: true,
                other_client: None,
                settings: &[],
                toml: false,
            };
            let findings = compiled.findings(wording, &FileRef::new(&source, Some(&doc)), &doc);
            let spans: Vec<String> = findings.iter().map(|f| source.slice(f.primary.span).to_owned()).collect();
            (findings, spans)
        };
        let (findings, spans) = run(r#"{"mcpServers":{"gh":{"url":"https://x"}}}"#);
        assert_eq!(findings[0].message, "server `gh` is missing `command`");
        assert_eq!(findings[0].help.as_deref(), Some("Add `\"command\"` to this object"));
        assert_eq!(spans, ["\"gh\""]);
        let (findings, _) = run(r#"{"other":{}}"#);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages, ["the file is missing `mcpServers`", "`other` is missing `x`"]);
    }

    #[test]
    fn empty_command_must_not_be_empty() {
        let (source, f) = only("claude-code", r#"{"mcpServers":{"db":{"command":""}}}"#);
        assert_eq!(f.message, "`mcpServers.db.command` must not be empty");
        assert_eq!(underlined(&source, &f), "\"\"");
        assert_eq!(f.help.as_deref(), Some("Write a value for `command`, or remove the field"));
    }

    #[test]
    fn empty_policy_command_must_not_be_empty() {
        let (source, f) = only("claude-code-settings", r#"{"deniedMcpServers":[{"serverCommand":[]}]}"#);
        assert_eq!(f.message, "`deniedMcpServers[0].serverCommand` must not be empty");
        assert_eq!(underlined(&source, &f), "[]");
        assert_eq!(f.help.as_deref(), Some("Write at least one item in `serverCommand`, or remove the field"));
    }

    #[test]
    fn oauth_block_is_checked_field_by_field() {
        let text = r#"{"mcpServers":{"api":{"type":"http","url":"https://x","oauth":{
            "callbackPort": 70000,
            "authServerMetadataUrl": "http://auth.example.com/secret-path",
            "scopes": ["read", "write"],
            "clientID": "abc"
        }}}}"#;
        let (source, findings) = check("claude-code", text);
        let got: Vec<(&str, &str, &str)> =
            findings.iter().map(|f| (f.rule.id, f.message.as_str(), underlined(&source, f))).collect();
        assert_eq!(
            got,
            [
                ("schema-violation", "`mcpServers.api.oauth.callbackPort` must be at most 65535", "70000"),
                (
                    "schema-violation",
                    "`mcpServers.api.oauth.authServerMetadataUrl` must match `^https://`",
                    "\"http://auth.example.com/secret-path\""
                ),
                (
                    "schema-violation",
                    "`mcpServers.api.oauth.scopes` must be a string, found array",
                    "[\"read\", \"write\"]"
                ),
                (
                    "unknown-field",
                    "unknown field `clientID` in `oauth` of server `api`; Claude Code ignores it; did you mean `clientId`?",
                    "\"clientID\""
                ),
            ]
        );
        assert_eq!(findings[0].help.as_deref(), Some("Use a value from 1 to 65535"));
        assert_eq!(findings[1].help.as_deref(), Some("Use an `https://` URL"));
        assert!(findings[2].help.as_deref().unwrap().contains("space-separated"));

        let (_, f) = only("claude-code", r#"{"mcpServers":{"api":{"oauth":{"callbackPort":8080.5}}}}"#);
        assert_eq!(f.message, "`mcpServers.api.oauth.callbackPort` must be an integer, found a number with a fraction");
    }

    #[test]
    fn values_never_reach_messages_or_help() {
        let secret = "sk-live-SECRET";
        let text = format!(
            r#"{{"mcpServers":{{"a":{{"type":"http","url":"https://x","headers":{{"Authorization":["Bearer {secret}"]}},
               "headersHelper":["{secret}"],"oauth":{{"authServerMetadataUrl":"{secret}"}}}}}}}}"#
        );
        let (_, findings) = check("claude-code", &text);
        assert_eq!(findings.len(), 3, "{findings:#?}");
        for f in &findings {
            assert!(!f.message.contains(secret) && !f.help.as_deref().unwrap_or("").contains(secret), "{f:#?}");
        }
    }

    #[test]
    fn wrong_container_types_get_specific_help() {
        let (_, f) = only("claude-code", r#"{"mcpServers":{"db":"npx db-mcp"}}"#);
        assert_eq!(f.message, "`mcpServers.db` must be an object, found string");
        let (_, f) = only("claude-code", r#"{"mcpServers":{"db":{"command":"npx","args":"-y db-mcp"}}}"#);
        assert!(f.help.as_deref().unwrap().starts_with("Split the command line"));
        let (_, f) = only("claude-code", r#"{"mcpServers":{"db":{"command":"npx","env":["A=b"]}}}"#);
        assert_eq!(f.message, "`mcpServers.db.env` must be an object, found array");
        let (_, f) = only("claude-code", "[]");
        assert_eq!(f.message, "the file must be an object, found array");
    }

    #[test]
    fn numeric_keys_stay_keys() {
        let (source, f) = only("claude-code", r#"{"mcpServers":{"db":{"command":"x","env":{"8080":true}}}}"#);
        assert!(f.message.starts_with("`env.8080` in server `db` is a boolean"), "{}", f.message);
        assert_eq!(underlined(&source, &f), "true");
        let (_, f) = only("claude-code", r#"{"mcpServers":{"db":{"command":"x","args":["a",2]}}}"#);
        assert_eq!(f.message, "`mcpServers.db.args[1]` must be a string, found number");
    }

    #[test]
    fn servers_are_named_by_position_not_by_key_text() {
        let (_, f) = only("claude-code", r#"{"mcpServers":{"mcpServers":{"command":"x","evn":{}}}}"#);
        assert!(f.message.contains("in server `mcpServers`"), "{}", f.message);
        let (_, f) = only(
            "mcp-settings",
            r#"{"globalSettings":{"x":{"mcpServers":1}},"mcpServers":{},"security":{"rateLimit":{"rate":1}}}"#,
        );
        assert_eq!(f.message, "unknown field `rate` in `security.rateLimit`; no MCP client reads it");
    }

    #[test]
    fn claude_json_allows_unrelated_keys_and_checks_local_servers() {
        let (_, findings) =
            check("claude-code", r#"{"numStartups":3,"projects":{"/p":{"allowedTools":[],"mcpServers":{}}}}"#);
        assert!(findings.is_empty(), "{findings:#?}");
        let (source, f) =
            only("claude-code", r#"{"projects":{"/home/me/p":{"mcpServers":{"x":{"command":"a","arg":[]}}}}}"#);
        assert_eq!(f.message, "unknown field `arg` in server `x`; Claude Code ignores it; did you mean `args`?");
        assert_eq!(underlined(&source, &f), "\"arg\"");
    }

    #[test]
    fn a_complete_claude_code_file_is_clean() {
        let text = r#"{
          "$schema": "./claude-code.schema.json",
          "mcpServers": {
            "fs": {"type": "stdio", "command": "npx", "args": ["-y", "pkg"], "env": {"A": "${A:-x}"}, "timeout": 60000, "alwaysLoad": true},
            "api": {"type": "streamable-http", "url": "https://api/mcp", "headers": {"X": "y"}, "headersHelper": "print-headers",
                    "oauth": {"clientId": "c", "callbackPort": 8080, "authServerMetadataUrl": "https://auth/.well-known/x", "scopes": "read write", "xaa": false},
                    "request_timeout_ms": 5000},
            "old": {"type": "sse", "url": "https://x/sse"},
            "sock": {"type": "ws", "url": "wss://x"}
          }
        }"#;
        let (_, findings) = check("claude-code", text);
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn mcp_settings_with_every_extension_block_is_clean() {
        let text = r#"{
          // JSONC is fine in this format
          "$schema": "./mcp-settings.schema.json",
          "version": "1.0",
          "environment": {"name": "production"},
          "globalSettings": {"maxConcurrentConnections": 5, "connectionTimeout": "30s", "retryAttempts": 3,
                             "logLevel": "warning", "cacheEnabled": true, "cacheTTL": 300, "custom": 1},
          "security": {"enableSandbox": true, "allowedDomains": ["example.com"], "blockedDomains": [],
                       "maxRequestSize": "10MB", "rateLimit": {"requests": 100, "window": "1m"}, "other": true},
          "monitoring": {"enabled": true, "metrics": ["latency"]},
          "mcpServers": {
            "postgres": {
              "command": "npx", "args": ["-y", "pg-mcp"], "env": {"PGURL": "${PGURL}"},
              "scope": "project", "description": "Database", "enabled": true, "timeout": 30000, "cwd": "/srv",
              "security": {"readOnly": true, "allowedTables": ["users"], "deniedTables": ["secrets"],
                           "read_only_mode": true, "allowed_operations": ["SELECT"], "blocked_operations": ["DROP"],
                           "query_timeout": "30s", "max_result_rows": 1000},
              "health_check": {"enabled": true, "intervalMs": 30000, "timeoutMs": "5s", "maxFailures": 3},
              "healthCheck": {"enabled": false, "interval": "30s", "timeout": 5000, "maxFailures": 0},
              "performance": {"poolSize": 4}, "features": {"streaming": true},
            },
            "remote": {"type": "http", "url": "https://x/mcp", "oauth": {"scopes": "a b"}}
          }
        }"#;
        let (_, findings) = check("mcp-settings", text);
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn mcp_settings_reports_typos_in_its_blocks_and_at_the_top() {
        let text = r#"{"mcpServer": {}, "globalSettings": {"logLevel": "verbose"},
                       "mcpServers": {"db": {"command": "x", "security": {"readonly": true}, "health_check": {"maxFailures": -1}}}}"#;
        let (source, findings) = check("mcp-settings", text);
        let got: Vec<(&str, &str)> = findings.iter().map(|f| (f.message.as_str(), underlined(&source, f))).collect();
        assert_eq!(
            got,
            [
                (
                    "unknown field `mcpServer` at the top level; no MCP client reads it; did you mean `mcpServers`?",
                    "\"mcpServer\""
                ),
                (
                    "`globalSettings.logLevel` must be one of `debug`, `info`, `warn`, `warning`, `error`; found `verbose`",
                    "\"verbose\""
                ),
                (
                    "unknown field `readonly` in `security` of server `db`; no MCP client reads it; did you mean `readOnly`?",
                    "\"readonly\""
                ),
                ("`mcpServers.db.health_check.maxFailures` must be at least 0", "-1"),
            ]
        );
    }

    #[test]
    fn non_finite_numbers_are_named_as_such() {
        let (_, f) = only("mcp-settings", r#"{"mcpServers": {"a": {"command": "x", "timeout": Infinity}}}"#);
        assert_eq!(f.message, "`mcpServers.a.timeout` must be a number, found a non-finite number");
    }

    #[test]
    fn findings_are_sorted_and_unique() {
        let text = r#"{"mcpServers":{"b":{"command":1,"evn":{}},"a":{"command":"","type":"x"}}}"#;
        let (_, findings) = check("claude-code", text);
        let starts: Vec<usize> = findings.iter().map(|f| f.primary.span.start).collect();
        let mut sorted = starts.clone();
        sorted.sort_unstable();
        assert_eq!(starts, sorted);
        let unique: HashSet<(String, &str)> =
            findings.iter().map(|f| (format!("{:?}", f.primary.pointer), f.message.as_str())).collect();
        assert_eq!(unique.len(), findings.len());
        assert_eq!(findings.len(), 4);
    }

    #[test]
    fn huge_and_deep_documents_do_not_panic() {
        let depth = crate::parse::MAX_NESTING - 16;
        let deep = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        for (id, text) in [
            (
                "claude-code",
                format!(r#"{{"x":{deep},"mcpServers":{{"a":{{"command":"x","args":{deep},"env":{{"A":{deep}}}}}}}}}"#),
            ),
            (
                "claude-code",
                format!(r#"{{"projects":{{"/p":{{"y":{deep},"mcpServers":{{"a":{{"oauth":{deep}}}}}}}}}}}"#),
            ),
            (
                "mcp-settings",
                format!(
                    r#"{{"monitoring":{{"m":{deep}}},"mcpServers":{{"a":{{"performance":{{"p":{deep}}},"security":{deep}}}}}}}"#
                ),
            ),
        ] {
            let (_, findings) = check(id, &text);
            assert!(!findings.is_empty(), "{id}");
        }

        let servers: Vec<String> =
            (0..5_000).map(|i| format!(r#""s{i}":{{"command":"x","env":{{"P":{i}}},"evn":1}}"#)).collect();
        // One server per line: column numbers are counted from the start of the line.
        let text = format!("{{\"mcpServers\":{{\n{}\n}}}}", servers.join(",\n"));
        let (_, findings) = check("claude-code", &text);
        assert_eq!(findings.len(), 10_000);

        let long_key = "k".repeat(100_000);
        let (_, f) = only("claude-code", &format!(r#"{{"mcpServers":{{"a":{{"command":"x","{long_key}":1}}}}}}"#));
        assert!(f.message.len() < 300, "{}", f.message.len());
        let (_, f) = only("claude-code", &format!(r#"{{"mcpServers":{{"{long_key}":{{"command":1}}}}}}"#));
        assert!(f.message.len() < 300, "{}", f.message.len());
    }

    #[test]
    fn edit_distance_counts_transpositions() {
        let d = |a, b| edit_distance(a, b).unwrap();
        assert_eq!(d("", ""), 0);
        assert_eq!(d("env", "env"), 0);
        assert_eq!(d("evn", "env"), 1);
        assert_eq!(d("arg", "args"), 1);
        assert_eq!(d("comand", "command"), 1);
        assert_eq!(d("commnad", "command"), 1);
        assert_eq!(d("ca", "abc"), 2); // restricted (OSA) distance would be 3
        assert_eq!(d("headrs", "heders"), 2);
        assert_eq!(d("ab", ""), 2);
        assert_eq!(edit_distance("kitten", "sitting").map(|_| ()), Some(()));
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(edit_distance("a", "abcd"), None);
        assert_eq!(edit_distance(&"x".repeat(65), &"x".repeat(65)), None);
    }

    #[test]
    fn suggestions_need_a_close_and_long_enough_word() {
        let known = ["type", "command", "args", "env", "url", "headers", "oauth", "timeout"];
        assert_eq!(suggest("evn", &known), Some("env"));
        assert_eq!(suggest("URL", &known), Some("url"));
        assert_eq!(suggest("Command", &known), Some("command"));
        assert_eq!(suggest("headrs", &known), Some("headers"));
        assert_eq!(suggest("timout", &known), Some("timeout"));
        assert_eq!(suggest("cmd", &known), None);
        assert_eq!(suggest("ur", &known), None); // distance 1 is not less than half of 2
        assert_eq!(suggest("cwd", &known), None);
        assert_eq!(suggest("", &known), None);
    }

    #[test]
    fn field_suggestions_cover_typos_and_other_names() {
        let known = ["type", "command", "args", "env", "url", "headers", "headersHelper", "oauth", "timeout"];
        for (typo, field) in [
            ("comand", "command"),
            ("commmand", "command"),
            ("arg", "args"),
            ("ARGS", "args"),
            ("header", "headers"),
            ("environment", "env"),
            ("enviroment", "env"),
            ("environmentVariables", "env"),
            ("evn", "env"),
            ("cmd", "command"),
            ("arguments", "args"),
            ("transport", "type"),
            ("timeout_ms", "timeout"),
            ("uri", "url"),
            ("headerHelper", "headersHelper"),
        ] {
            assert_eq!(suggest_field(typo, &known), Some(field), "{typo}");
        }
        assert_eq!(suggest_field("description", &known), None);
        assert_eq!(suggest_field("cwd", &known), None);
        assert_eq!(suggest_field("argv", &known), Some("args"));
        assert_eq!(suggest_field("link", &known), None);
        // An alias only counts where its field is known.
        assert_eq!(suggest_field("environment", &["maxConcurrentConnections"]), None);
    }

    #[test]
    fn foreign_fields_replace_unknown_field() {
        let (source, f) = only("claude-code", r#"{"mcpServers":{"a":{"command":"x","disabled":true}}}"#);
        assert_eq!(f.rule.id, "foreign-field");
        assert_eq!(underlined(&source, &f), "\"disabled\"");
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.contains("Cline") && f.message.ends_with("so the server still starts"), "{}", f.message);
        // A value that does nothing anywhere is only worth knowing.
        let (_, f) = only("claude-code", r#"{"mcpServers":{"a":{"command":"x","autoApprove":[]}}}"#);
        assert_eq!((f.rule.id, f.severity), ("foreign-field", Severity::Info));
        // The address only in another client's field: the entry cannot load.
        let (_, f) = only("claude-code", r#"{"mcpServers":{"a":{"serverUrl":"https://x/mcp"}}}"#);
        assert_eq!((f.rule.id, f.severity), ("foreign-field", Severity::Error));
        assert!(f.help.unwrap().contains("\"type\": \"http\""));
        // Whatever the `type` says (`missing-transport` leaves a stdio entry to this rule).
        let (_, f) = only("claude-code", r#"{"mcpServers":{"a":{"type":"stdio","serverUrl":"https://x/mcp"}}}"#);
        assert_eq!((f.rule.id, f.severity), ("foreign-field", Severity::Error));
        // Below the server level a foreign name is just unknown.
        let (_, f) =
            only("claude-code", r#"{"mcpServers":{"a":{"type":"http","url":"https://x","oauth":{"disabled":true}}}}"#);
        assert_eq!(f.rule.id, "unknown-field");
        // At the top level only where the schema rejects unknown keys (the rule's hook does the rest).
        let (_, f) = only("mcp-settings", r#"{"mcpServers":{},"inputs":[{"id":"t","type":"promptString"}]}"#);
        assert_eq!(f.rule.id, "foreign-field");
        assert!(rejects_unknown_top_level_keys(crate::dialect::by_id("mcp-settings").unwrap()));
        assert!(!rejects_unknown_top_level_keys(crate::dialect::by_id("claude-code").unwrap()));
    }

    #[test]
    fn non_string_env_and_header_values_have_their_own_rule() {
        let text = r#"{"mcpServers":{"a":{"command":"x","env":{"PORT":3000,"DEBUG":true,"EMPTY":null,"LIST":["a"]}},
                       "b":{"type":"http","url":"https://x","headers":{"X-Retries":3}}}}"#;
        let (source, findings) = check("claude-code", text);
        let got: Vec<(&str, &str)> = findings.iter().map(|f| (f.rule.id, underlined(&source, f))).collect();
        assert_eq!(
            got,
            [
                ("non-string-env-value", "3000"),
                ("non-string-env-value", "true"),
                ("non-string-env-value", "null"),
                ("non-string-env-value", "[\"a\"]"),
                ("non-string-env-value", "3"),
            ]
        );
        assert_eq!(
            findings[0].message,
            "`env.PORT` in server `a` is a number, not a string: environment variable values must be strings; Claude Code rejects the entry, so the server does not start"
        );
        assert_eq!(
            findings[0].help.as_deref(),
            Some(
                "Write the number as a string, in double quotes: `\"PORT\": \"…\"`; environment variable values are always strings"
            )
        );
        assert_eq!(
            findings[1].help.as_deref(),
            Some("Write `\"DEBUG\": \"true\"`: environment variable values are always strings")
        );
        assert!(findings[2].help.as_deref().unwrap().contains("\"EMPTY\": \"\""));
        assert!(findings[4].message.contains("header values must be strings"));
        for f in &findings {
            assert!(!f.message.contains("3000") && !f.help.as_deref().unwrap().contains("3000"), "{f:#?}");
        }
        // Elsewhere a wrong type is still a schema violation.
        let (_, f) = only("claude-code", r#"{"mcpServers":{"a":{"command":"x","args":["a",2]}}}"#);
        assert_eq!(f.rule.id, "schema-violation");
    }

    #[test]
    fn quoted_text_is_short_and_escaped() {
        assert_eq!(code("env"), "`env`");
        assert_eq!(code("a\nb"), "`a\\nb`");
        assert_eq!(code(&"x".repeat(100)).chars().count(), MAX_QUOTED_CHARS + 3);
        assert_eq!(escape("a\"b"), "a\\\"b");
    }
}
