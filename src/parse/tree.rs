//! The span-keeping document tree: every key and every value carries the byte span of its
//! source text. Built by [`super::parse`]; read by dialects, the schema validator and rules
//! through [`Pointer`] lookups. It knows nothing about MCP.

use std::collections::{HashMap, HashSet};

use crate::pointer::{Pointer, Segment};
use crate::source::Span;

/// A parsed settings file: its root value and the syntax facts seen on the way.
#[derive(Debug, Clone)]
pub struct Document {
    /// The root value (usually an object).
    pub root: Node,
    /// Comments, trailing commas, duplicate keys and other non-JSON syntax found in the text.
    pub facts: super::SyntaxFacts,
}

/// A value with the span of its text (for a string: including the quotes).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value's text is.
    pub span: Span,
    /// The value itself.
    pub value: Value,
    /// For objects with many members: key → index of its last occurrence, so lookups stay
    /// O(1) and a huge file with a finding per entry stays linear.
    index: Option<Box<KeyIndex>>,
}

/// Key → index of its last occurrence in an object's members (boxed: most nodes have none,
/// and a `HashMap` inline would grow every node).
#[derive(Debug, Clone, PartialEq)]
struct KeyIndex(HashMap<String, usize>);

/// Objects with more members than this get a key index.
const INDEX_THRESHOLD: usize = 16;

/// The kinds of JSON (JSON5) values.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, kept as written (`42`, `0x2A`, `+1`, `.5`, `Infinity`).
    Number(String),
    /// A string, with escapes decoded.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object's members in source order, duplicates included.
    Object(Vec<Member>),
}

/// One `key: value` member of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key, with escapes decoded.
    pub key: String,
    /// Where the key's text is (including quotes when quoted).
    pub key_span: Span,
    /// The member's value.
    pub value: Node,
}

impl Value {
    /// The JSON type name used in messages: `object`, `array`, `string`, `number`,
    /// `boolean`, `null`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

impl Node {
    /// A node for `value` at `span` (objects with many members get a key index).
    pub fn new(span: Span, value: Value) -> Self {
        let index = match &value {
            Value::Object(members) if members.len() > INDEX_THRESHOLD => {
                let mut index = HashMap::with_capacity(members.len());
                for (i, m) in members.iter().enumerate() {
                    index.insert(m.key.clone(), i);
                }
                Some(Box::new(KeyIndex(index)))
            }
            _ => None,
        };
        Self { span, value, index }
    }

    /// The string value, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean value, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number as `f64` (decimal, hex, `+`, bare decimal point, `Infinity`, `NaN`).
    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Value::Number(raw) => parse_number(raw),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The member named `key`. With duplicate keys the last one wins, as in `JSON.parse`.
    pub fn member(&self, key: &str) -> Option<&Member> {
        let members = self.as_object()?;
        match &self.index {
            Some(index) => index.0.get(key).map(|&i| &members[i]),
            None => members.iter().rev().find(|m| m.key == key),
        }
    }

    /// The value of the member named `key` (last duplicate wins).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// The members of an object with duplicates removed (last wins, first position kept), in
    /// source order. This is what a client that uses `JSON.parse` sees.
    pub fn effective_members(&self) -> Vec<&Member> {
        let Some(members) = self.as_object() else { return Vec::new() };
        // Index of the last occurrence of each key; one pass, so large maps stay linear.
        let mut last: HashMap<&str, usize> = HashMap::with_capacity(members.len());
        for (i, m) in members.iter().enumerate() {
            last.insert(&m.key, i);
        }
        let mut out: Vec<(usize, &Member)> = Vec::with_capacity(last.len());
        let mut placed: HashSet<&str> = HashSet::with_capacity(last.len());
        for m in members {
            if placed.insert(&m.key) {
                out.push((last[m.key.as_str()], m));
            }
        }
        // Keep the first position of each key but the last occurrence's member.
        out.into_iter().map(|(i, _)| &members[i]).collect()
    }

    /// Follow one pointer segment. Index segments also match object keys made of digits.
    fn step(&self, segment: &Segment) -> Option<&Node> {
        match (segment, &self.value) {
            (Segment::Key(k), Value::Object(_)) => self.get(k),
            (Segment::Index(i), Value::Array(items)) => items.get(*i),
            (Segment::Index(i), Value::Object(_)) => self.get(&i.to_string()),
            _ => None,
        }
    }

    /// The node a pointer leads to, starting from this node.
    pub fn lookup(&self, pointer: &Pointer) -> Option<&Node> {
        pointer.segments().iter().try_fold(self, |node, segment| node.step(segment))
    }

    /// The object member a pointer ends at (for key spans), or `None` when the pointer ends at
    /// an array element or the root.
    pub fn lookup_member(&self, pointer: &Pointer) -> Option<&Member> {
        let parent = self.lookup(&pointer.parent()?)?;
        match pointer.last()? {
            Segment::Key(k) => parent.member(k),
            Segment::Index(i) => parent.member(&i.to_string()),
        }
    }

    /// Convert to a `serde_json::Value` (duplicate keys: last wins; non-finite numbers become
    /// `null` because JSON cannot hold them).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(raw) => number_to_json(raw),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => serde_json::Value::Array(items.iter().map(Node::to_json).collect()),
            Value::Object(members) => {
                let mut map = serde_json::Map::with_capacity(members.len());
                for m in members {
                    // Remove first so a duplicate moves to its last position, as JSON.parse does.
                    map.shift_remove(&m.key);
                    map.insert(m.key.clone(), m.value.to_json());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

impl Document {
    /// The node a pointer leads to from the root.
    pub fn lookup(&self, pointer: &Pointer) -> Option<&Node> {
        self.root.lookup(pointer)
    }

    /// The object member a pointer ends at.
    pub fn lookup_member(&self, pointer: &Pointer) -> Option<&Member> {
        self.root.lookup_member(pointer)
    }

    /// Turn RFC 6901 text from elsewhere (e.g. a JSON Schema error's instance location) into
    /// a [`Pointer`] that matches this tree — a numeric step is an index only where the tree
    /// has an array, so an `env` key named `8080` stays a key — and the node it leads to.
    pub fn follow(&self, text: &str) -> (Pointer, Option<&Node>) {
        let Some(parsed) = Pointer::parse(text) else { return (Pointer::root(), None) };
        let mut pointer = Pointer::root();
        let mut node = Some(&self.root);
        for segment in parsed.segments() {
            let in_array = node.and_then(Node::as_array).is_some();
            let step = match segment {
                Segment::Index(i) if in_array => Segment::Index(*i),
                Segment::Index(i) => Segment::Key(i.to_string()),
                Segment::Key(k) => Segment::Key(k.clone()),
            };
            node = node.and_then(|n| n.step(&step));
            pointer = match step {
                Segment::Index(i) => pointer.index(i),
                Segment::Key(k) => pointer.key(k),
            };
        }
        (pointer, node)
    }
}

/// Parse a number as written in JSON5 or TOML into `f64` (TOML adds `_` between digits,
/// `0o`/`0b` prefixes, `inf` and `nan`).
pub fn parse_number(raw: &str) -> Option<f64> {
    let (negative, body) = match raw.as_bytes().first() {
        Some(b'-') => (true, &raw[1..]),
        Some(b'+') => (false, &raw[1..]),
        _ => (false, raw),
    };
    // JSON and JSON5 have no `_` in numbers, so removing it changes nothing for them.
    let owned;
    let body = if body.contains('_') {
        owned = body.replace('_', "");
        owned.as_str()
    } else {
        body
    };
    let prefixed = [("0x", 16), ("0X", 16), ("0o", 8), ("0b", 2)]
        .into_iter()
        .find_map(|(prefix, radix)| body.strip_prefix(prefix).map(|digits| (digits, radix)));
    let magnitude = if let Some((digits, radix)) = prefixed {
        u64::from_str_radix(digits, radix).ok()? as f64
    } else {
        match body {
            "Infinity" | "inf" => f64::INFINITY,
            "NaN" | "nan" => f64::NAN,
            _ => body.parse::<f64>().ok()?,
        }
    };
    Some(if negative { -magnitude } else { magnitude })
}

fn number_to_json(raw: &str) -> serde_json::Value {
    if let Ok(n) = raw.parse::<i64>() {
        return n.into();
    }
    if let Ok(n) = raw.parse::<u64>() {
        return n.into();
    }
    match parse_number(raw) {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => (f as i64).into(),
        Some(f) => serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into),
        None => serde_json::Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: lookups in big objects were a linear scan per finding, so a 12 MB file with
    /// a finding per server took minutes. Big objects now carry an index; it must give the
    /// same answers as the scan, duplicates (last wins) included.
    #[test]
    fn indexed_lookup_matches_linear_semantics() {
        let mut text = String::from("{");
        for i in 0..100 {
            text.push_str(&format!("\"k{i}\": {i}, "));
        }
        text.push_str("\"k7\": \"last\"}");
        let doc = crate::parse::parse(&crate::source::SourceFile::new("x", text)).unwrap();
        assert!(doc.root.index.is_some());
        assert_eq!(doc.root.get("k7").and_then(Node::as_str), Some("last"));
        assert_eq!(doc.root.get("k99").and_then(Node::as_f64), Some(99.0));
        assert!(doc.root.get("k100").is_none());
        let effective = doc.root.effective_members();
        assert_eq!(effective.len(), 100);
        assert_eq!(effective[7].key, "k7");
        assert_eq!(effective[7].value.as_str(), Some("last"));
    }

    #[test]
    fn follow_keeps_numeric_object_keys_as_keys() {
        let text = r#"{"env": {"8080": "x", "07": 1}, "args": ["a", "b"]}"#;
        let doc = crate::parse::parse(&crate::source::SourceFile::new("x", text)).unwrap();
        let (p, node) = doc.follow("/env/8080");
        assert_eq!(p, crate::ptr!["env", "8080"]);
        assert_eq!(p.dotted(), "env.8080");
        assert_eq!(node.and_then(Node::as_str), Some("x"));
        assert_eq!(doc.follow("/env/07").0, crate::ptr!["env", "07"]);
        let (p, node) = doc.follow("/args/1");
        assert_eq!(p, crate::ptr!["args", 1usize]);
        assert_eq!(node.and_then(Node::as_str), Some("b"));
        assert!(doc.follow("/nope/0").1.is_none());
        assert!(doc.follow("no-slash").1.is_none());
    }

    #[test]
    fn numbers_in_every_json5_spelling() {
        assert_eq!(parse_number("0x1F"), Some(31.0));
        assert_eq!(parse_number("-0x10"), Some(-16.0));
        assert_eq!(parse_number("+1.5"), Some(1.5));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("5."), Some(5.0));
        assert_eq!(parse_number("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(parse_number("NaN").unwrap().is_nan());
        assert_eq!(number_to_json("0x10"), serde_json::json!(16));
        assert_eq!(number_to_json("1e3"), serde_json::json!(1000));
        assert_eq!(number_to_json("NaN"), serde_json::Value::Null);
        // TOML spellings.
        assert_eq!(parse_number("1_000"), Some(1000.0));
        assert_eq!(parse_number("0o17"), Some(15.0));
        assert_eq!(parse_number("0b101"), Some(5.0));
        assert_eq!(parse_number("-inf"), Some(f64::NEG_INFINITY));
        assert!(parse_number("+nan").unwrap().is_nan());
        assert_eq!(parse_number("6.626e-34"), Some(6.626e-34));
        assert_eq!(number_to_json("1_000"), serde_json::json!(1000));
    }
}
