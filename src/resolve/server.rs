//! One server entry as its client resolves it: every string in an expanded field after
//! substitution, with the provenance of each reference, and every string elsewhere in the
//! entry that holds a reference the client will leave as written.

use crate::model::ServerEntry;
use crate::parse::{Node, Value};
use crate::pointer::Pointer;
use crate::resolve::env::{Environment, Expanded, Field, Scan, Substitution, expand, scan};

/// A string in a field the client expands.
#[derive(Debug, Clone)]
pub struct ResolvedValue<'a> {
    /// The field it belongs to (`command`, `args`, `env`, `url`, `headers`).
    pub field: &'static str,
    /// Where it is.
    pub pointer: Pointer,
    /// Its node.
    pub node: &'a Node,
    /// The string as written.
    pub raw: &'a str,
    /// After substitution. `expanded.value` may hold a secret: never print it.
    pub expanded: Expanded,
}

/// A string (or, with `is_key`, a map key) outside the expanded fields that contains references.
#[derive(Debug, Clone)]
pub struct Unexpanded<'a> {
    /// Where it is.
    pub pointer: Pointer,
    /// Whether the references are in the key of the member at `pointer` (keys are never
    /// expanded) rather than in its value.
    pub is_key: bool,
    /// The text.
    pub raw: &'a str,
    /// What is in it.
    pub scan: Scan,
}

/// A server entry after substitution.
#[derive(Debug, Clone, Default)]
pub struct ResolvedServer<'a> {
    /// Every string in the expanded fields, in field order.
    pub values: Vec<ResolvedValue<'a>>,
    /// Strings and keys elsewhere that hold references.
    pub unexpanded: Vec<Unexpanded<'a>>,
}

impl<'a> ResolvedServer<'a> {
    /// Resolve `entry` with `rules` against `env`.
    pub fn new(entry: &ServerEntry<'a>, rules: &Substitution, env: &Environment) -> Self {
        let mut out = Self::default();
        let Some(members) = entry.node.as_object() else { return out };
        for member in members {
            let pointer = entry.pointer.key(&member.key);
            let field = rules.fields.iter().copied().find(|f| f.name() == member.key);
            // Rules see the common name (`url` for Windsurf's `serverUrl`).
            let field = field.map(|f| match f {
                Field::Scalar(n) => Field::Scalar(entry.common_name(n)),
                Field::Items(n) => Field::Items(entry.common_name(n)),
                Field::Values(n) => Field::Values(entry.common_name(n)),
                Field::Tree(n) => Field::Tree(entry.common_name(n)),
            });
            match field {
                Some(Field::Scalar(name)) => out.push_value(name, pointer, &member.value, rules, env),
                Some(Field::Items(name)) => {
                    for (i, item) in member.value.as_array().unwrap_or_default().iter().enumerate() {
                        out.push_value(name, pointer.index(i), item, rules, env);
                    }
                }
                Some(Field::Values(name)) => {
                    for m in member.value.as_object().unwrap_or_default() {
                        out.note_key(pointer.key(&m.key), &m.key);
                        out.push_value(name, pointer.key(&m.key), &m.value, rules, env);
                    }
                }
                Some(Field::Tree(name)) => out.push_tree(name, pointer, &member.value, rules, env),
                None => out.walk_unexpanded(pointer, &member.value),
            }
        }
        out
    }

    fn push_value(
        &mut self,
        field: &'static str,
        pointer: Pointer,
        node: &'a Node,
        rules: &Substitution,
        env: &Environment,
    ) {
        match &node.value {
            Value::String(raw) => {
                let expanded = expand(raw, rules, env);
                self.values.push(ResolvedValue { field, pointer, node, raw, expanded });
            }
            // A wrong type is the schema's to report; nested strings are not expanded.
            _ => self.walk_unexpanded(pointer, node),
        }
    }

    /// Every string below `node` as a value of `field`; keys stay unexpanded.
    fn push_tree(
        &mut self,
        field: &'static str,
        pointer: Pointer,
        node: &'a Node,
        rules: &Substitution,
        env: &Environment,
    ) {
        self.each_string(pointer, node, |out, pointer, node, _| out.push_value(field, pointer, node, rules, env));
    }

    /// Call `on_string` for every string below `node`, in document order, and note every key
    /// that holds a reference (an explicit stack: depth is bounded by the parser, but this
    /// keeps the frame flat).
    fn each_string(
        &mut self,
        pointer: Pointer,
        node: &'a Node,
        mut on_string: impl FnMut(&mut Self, Pointer, &'a Node, &'a str),
    ) {
        let mut stack = vec![(pointer, node)];
        while let Some((pointer, node)) = stack.pop() {
            match &node.value {
                Value::String(raw) => on_string(self, pointer, node, raw),
                Value::Array(items) => {
                    stack.extend(items.iter().enumerate().rev().map(|(i, n)| (pointer.index(i), n)));
                }
                Value::Object(members) => {
                    for m in members.iter().rev() {
                        self.note_key(pointer.key(&m.key), &m.key);
                        stack.push((pointer.key(&m.key), &m.value));
                    }
                }
                _ => {}
            }
        }
    }

    fn note_key(&mut self, pointer: Pointer, key: &'a str) {
        let found = scan(key);
        if !found.references.is_empty() || !found.malformed.is_empty() {
            self.unexpanded.push(Unexpanded { pointer, is_key: true, raw: key, scan: found });
        }
    }

    /// Record every string below `node` that holds a reference.
    fn walk_unexpanded(&mut self, pointer: Pointer, node: &'a Node) {
        self.each_string(pointer, node, |out, pointer, _, raw| {
            let found = scan(raw);
            if !found.references.is_empty() || !found.malformed.is_empty() {
                out.unexpanded.push(Unexpanded { pointer, is_key: false, raw, scan: found });
            }
        });
    }

    /// The resolved value of a scalar field (`command`, `url`).
    pub fn scalar(&self, field: &str) -> Option<&ResolvedValue<'a>> {
        self.values.iter().find(|v| v.field == field)
    }

    /// The resolved values of one field (each `args` item, each `env` value...).
    pub fn field<'s>(&'s self, field: &'s str) -> impl Iterator<Item = &'s ResolvedValue<'a>> {
        self.values.iter().filter(move |v| v.field == field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::{self, claude_code};
    use crate::parse::parse;
    use crate::resolve::env::{CLAUDE_CODE, Status, VarOrigin};
    use crate::source::SourceFile;

    #[test]
    fn cline_expands_every_nested_string_but_no_key() {
        let text = r#"{"mcpServers": {"a": {"transport": {"type": "stdio", "command": "${env:BIN}", "args": ["${env:X}"], "env": {"${env:K}": "v"}}}}}"#;
        let doc = parse(&SourceFile::new("x", text)).unwrap();
        let servers = dialect::servers(&crate::dialect::cline::DIALECT, &doc, crate::dialect::cline::SETTINGS);
        let r = ResolvedServer::new(&servers[0], &crate::dialect::cline::SUBSTITUTION, &Environment::empty());
        let expanded: Vec<_> = r.field("transport").map(|v| v.pointer.to_string()).collect();
        assert_eq!(
            expanded,
            [
                "/mcpServers/a/transport/type",
                "/mcpServers/a/transport/command",
                "/mcpServers/a/transport/args/0",
                "/mcpServers/a/transport/env/${env:K}"
            ]
        );
        assert_eq!(r.unexpanded.len(), 1);
        assert!(r.unexpanded[0].is_key);
    }

    #[test]
    fn resolves_expanded_fields_and_lists_the_rest() {
        let text = r#"{"mcpServers": {"a": {
            "command": "${BIN:-npx}", "args": ["-y", "${PKG}"], "env": {"T": "${TOKEN}", "${K}": "v"},
            "url": "https://${HOST}/mcp", "headers": {"A": "Bearer ${TOKEN}"}, "cwd": "${HOME}/x", "oauth": {"clientId": "${ID}"}
        }}}"#;
        let doc = parse(&SourceFile::new("x", text)).unwrap();
        let servers = dialect::servers(&claude_code::DIALECT, &doc, claude_code::PROJECT);
        let mut env = Environment::empty();
        env.set("TOKEN", "secret", VarOrigin::Flag);
        let r = ResolvedServer::new(&servers[0], &CLAUDE_CODE, &env);
        let command = r.scalar("command").unwrap();
        assert_eq!(command.expanded.value, "npx");
        assert_eq!(command.expanded.references[0].status, Status::Default);
        assert_eq!(r.field("args").count(), 2);
        assert_eq!(r.field("env").next().unwrap().expanded.value, "secret");
        assert_eq!(r.scalar("url").unwrap().expanded.references[0].status, Status::Unset);
        let unexpanded: Vec<_> = r.unexpanded.iter().map(|u| (u.pointer.to_string(), u.is_key)).collect();
        assert_eq!(
            unexpanded,
            vec![
                ("/mcpServers/a/env/${K}".to_owned(), true),
                ("/mcpServers/a/cwd".to_owned(), false),
                ("/mcpServers/a/oauth/clientId".to_owned(), false)
            ]
        );
    }

    #[test]
    fn tree_fields_expand_every_nested_string_but_no_key() {
        let text = r#"{"servers": {"a": {"command": "x", "sandbox": {"filesystem": {"allowWrite": ["${workspaceFolder}/out", 3]}, "${K}": "v"}}}}"#;
        let doc = parse(&SourceFile::new("x", text)).unwrap();
        let servers = dialect::servers(&dialect::vscode::DIALECT, &doc, dialect::vscode::WORKSPACE);
        let r = ResolvedServer::new(&servers[0], &dialect::vscode::SUBSTITUTION, &Environment::empty());
        let sandbox: Vec<_> = r
            .field("sandbox")
            .filter(|v| !v.expanded.references.is_empty())
            .map(|v| (v.pointer.to_string(), v.expanded.references[0].status.clone()))
            .collect();
        assert_eq!(sandbox, vec![("/servers/a/sandbox/filesystem/allowWrite/0".to_owned(), Status::Supplied)]);
        let keys: Vec<_> = r.unexpanded.iter().map(|u| (u.pointer.to_string(), u.is_key)).collect();
        assert_eq!(keys, vec![("/servers/a/sandbox/${K}".to_owned(), true)]);
    }
}
