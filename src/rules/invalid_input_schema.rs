//! `invalid-input-schema`: a tool whose `inputSchema` is missing, not an object schema, or not
//! a valid JSON Schema under its dialect.

use serde_json::Value;

use super::probed_tools::{at_server, named_tools, show};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, Severity, shorten};
use crate::probe::context::ProbeContext;

declare_rule! {
    /// ## What it does
    /// Checks each tool's `inputSchema` as the MCP specification requires it:
    ///
    /// - it is present and a JSON object (not `null`), with `"type": "object"` at the root;
    /// - it is a valid JSON Schema under the dialect its `$schema` names, or 2020-12 when it
    ///   names none (checked against the dialect's meta-schema, offline);
    /// - its `$schema`, if any, is a dialect clients know (drafts 4, 6, 7, 2019-09, 2020-12);
    /// - every `$ref` points inside the schema: a reference to another document would have to
    ///   be fetched, and the 2026-07-28 spec forbids fetching network references and says a
    ///   schema with an unresolved external `$ref` should be rejected.
    ///
    /// Schemas deeper than 64 levels or with more than 20,000 values are reported and not
    /// validated: the 2026-07-28 spec warns that such schemas are a denial-of-service vector.
    ///
    /// ## Why is this bad?
    /// Clients hand the schema to the model API, which validates it: one bad schema can make
    /// every request of the session fail, or the client drops the tool (or the whole server)
    /// with a message that does not say why. A schema that is not `type: object` cannot
    /// describe named arguments.
    ///
    /// ## Example
    /// A server listing `{"name": "search", "inputSchema": {"type": "object", "properties":
    /// {"q": {"type": "strng"}}}}`.
    ///
    /// ## Use instead
    /// `{"type": "object", "properties": {"q": {"type": "string"}}}`; for a tool without
    /// parameters, `{"type": "object", "additionalProperties": false}`.
    ///
    /// ## Options
    /// None.
    ///
    /// ## Known limitations
    /// `$ref`s to anchors (`#name`) and to `$id`s inside the schema are not followed; only
    /// `#/…` pointers are checked. `outputSchema` is not checked.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool>
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/basic#json-schema-usage>
    pub InvalidInputSchema {
        id: "invalid-input-schema",
        summary: "A tool whose `inputSchema` is missing, not `type: object`, or not a valid JSON Schema",
        severity: Error,
        category: Structure,
        needs: Probe,
    }
}

/// The deepest schema validated.
const MAX_DEPTH: usize = 64;
/// The most values (objects, arrays, scalars) in a schema validated.
const MAX_VALUES: usize = 20_000;
/// The most meta-schema errors named in one message.
const SHOWN_ERRORS: usize = 3;

/// What is wrong with one schema, most serious first; `None` when nothing is.
fn problem(schema: Option<&Value>) -> Option<(Severity, String)> {
    let Some(schema) = schema else {
        return Some((Severity::Error, "has no `inputSchema`, which the spec requires".to_owned()));
    };
    let Some(object) = schema.as_object() else {
        return Some((Severity::Error, format!("has an `inputSchema` that is {}, not an object", kind(schema))));
    };
    if let Some(problem) = too_big(schema) {
        return Some((Severity::Warning, problem));
    }
    match object.get("type") {
        Some(Value::String(t)) if t == "object" => {}
        Some(other) => {
            let shown = shorten(&other.to_string(), 40);
            return Some((
                Severity::Error,
                format!("has an `inputSchema` whose root `type` is {shown}, not \"object\""),
            ));
        }
        None => {
            return Some((
                Severity::Error,
                "has an `inputSchema` without `\"type\": \"object\"` at its root".to_owned(),
            ));
        }
    }
    match object.get("$schema") {
        None | Some(Value::String(_)) => {}
        Some(other) => return Some((Severity::Error, format!("has a `$schema` that is {}, not a URI", kind(other)))),
    }
    if jsonschema::Draft::default().detect(schema) == jsonschema::Draft::Unknown {
        let uri = object.get("$schema").and_then(Value::as_str).unwrap_or_default();
        return Some((
            Severity::Warning,
            format!(
                "declares `$schema` `{}`, which is not a JSON Schema dialect clients know (2020-12, 2019-09, draft 7, 6 or 4); the spec lets clients refuse such a schema",
                show(uri)
            ),
        ));
    }
    if let Some(problem) = bad_reference(schema) {
        return Some((Severity::Error, problem));
    }
    let validator = match jsonschema::meta::validator_for(schema) {
        Ok(validator) => validator,
        Err(error) => {
            return Some((
                Severity::Error,
                format!("has a schema whose dialect cannot be checked: {}", shorten(&error.to_string(), 120)),
            ));
        }
    };
    let errors: Vec<String> = validator
        .iter_errors(schema)
        .take(SHOWN_ERRORS + 1)
        .map(|error| {
            let at = error.instance_path().as_str().to_owned();
            let at = if at.is_empty() { "the root".to_owned() } else { format!("`{at}`") };
            format!("{} at {at}", shorten(&error.to_string(), 100))
        })
        .collect();
    if errors.is_empty() {
        return None;
    }
    let more = if errors.len() > SHOWN_ERRORS { " (and more)" } else { "" };
    let shown: Vec<&str> = errors.iter().take(SHOWN_ERRORS).map(String::as_str).collect();
    let dialect = match object.get("$schema") {
        Some(_) => "its declared dialect",
        None => "JSON Schema 2020-12, the default",
    };
    Some((
        Severity::Error,
        format!("has an `inputSchema` that is not valid under {dialect}: {}{more}", shown.join("; ")),
    ))
}

/// A JSON value's kind for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Why a schema is too big to validate safely, if it is.
fn too_big(schema: &Value) -> Option<String> {
    let mut stack: Vec<(&Value, usize)> = vec![(schema, 1)];
    let mut values = 0;
    while let Some((value, depth)) = stack.pop() {
        values += 1;
        if depth > MAX_DEPTH {
            return Some(format!(
                "has an `inputSchema` nested more than {MAX_DEPTH} levels deep; it was not validated, and deep schemas can stall clients that do"
            ));
        }
        if values > MAX_VALUES {
            return Some(format!(
                "has an `inputSchema` of more than {MAX_VALUES} values; it was not validated, and schemas this large can stall clients that do"
            ));
        }
        match value {
            Value::Object(map) => stack.extend(map.values().map(|v| (v, depth + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    None
}

/// The first `$ref` that leaves the schema or points at nothing in it.
fn bad_reference(schema: &Value) -> Option<String> {
    let mut stack = vec![schema];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    if let Some(problem) = reference_problem(schema, reference) {
                        return Some(problem);
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    None
}

/// What is wrong with one `$ref` value.
fn reference_problem(schema: &Value, reference: &str) -> Option<String> {
    let shown = show(reference);
    if reference.starts_with("http://") || reference.starts_with("https://") {
        return Some(format!(
            "has a `$ref` to `{shown}` on the network; clients must not fetch it (MCP 2026-07-28), so the schema cannot be resolved"
        ));
    }
    let Some(fragment) = reference.strip_prefix('#') else {
        return Some(format!("has a `$ref` to `{shown}`, another document that clients cannot resolve"));
    };
    if fragment.is_empty() || !fragment.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(fragment);
    match schema.pointer(&decoded) {
        Some(_) => None,
        None => Some(format!("has a `$ref` to `{shown}`, which points at nothing in the schema")),
    }
}

/// `%XX` escapes in a URI fragment decoded (invalid escapes kept as written).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Rule for InvalidInputSchema {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            for (tool, name) in named_tools(probed) {
                let Some((severity, what)) = problem(tool.get("inputSchema")) else { continue };
                let message = format!("tool `{}` of server `{}` {what}", show(name), show(probed.server.name));
                let f = at_server(probed, &Self::META, message, format!("tool `{}`", show(name)))
                    .severity(severity)
                    .help("Fix the tool's schema in the server (an object schema, valid JSON Schema 2020-12, no external `$ref`), or hide the tool with the client's tool filter until it is fixed");
                out.push(f.build(&probed.cx.file));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::probed_tools::test_support::{messages, real_tools, silent_on_real_servers};
    use super::*;

    fn what(schema: Value) -> String {
        problem(Some(&schema)).map(|(_, what)| what).unwrap_or_default()
    }

    #[test]
    fn shape() {
        assert!(problem(None).unwrap().1.contains("no `inputSchema`"));
        assert!(what(Value::Null).contains("null, not an object"));
        assert!(what(json!({ "type": "string" })).contains("root `type` is \"string\""));
        assert!(what(json!({ "properties": {} })).contains("without `\"type\": \"object\"`"));
        assert_eq!(problem(Some(&json!({ "type": "object" }))), None);
        assert_eq!(problem(Some(&json!({ "type": "object", "additionalProperties": false }))), None);
    }

    #[test]
    fn meta_validation_names_the_places() {
        let schema = json!({ "type": "object", "properties": { "a": { "type": "strng" }, "b": { "minimum": "x" } }, "required": "a" });
        let found = what(schema);
        assert!(found.contains("2020-12"), "{found}");
        assert!(found.contains("`/properties/a/type`") && found.contains("`/required`"), "{found}");
        // Draft 7 is detected: a boolean `exclusiveMinimum` is draft 4 syntax.
        let draft7 = json!({ "$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": { "n": { "exclusiveMinimum": true } } });
        assert!(what(draft7).contains("declared dialect"));
    }

    #[test]
    fn unknown_dialects_and_external_references_do_not_panic() {
        let unknown = json!({ "$schema": "https://example.com/custom", "type": "object" });
        assert_eq!(problem(Some(&unknown)).unwrap().0, Severity::Warning);
        assert!(what(json!({ "$schema": 7, "type": "object" })).contains("a number, not a URI"));
        let network = json!({ "type": "object", "properties": { "a": { "$ref": "https://example.com/a.json" } } });
        assert!(what(network).contains("on the network"));
        assert!(
            what(json!({ "type": "object", "properties": { "a": { "$ref": "other.json#/x" } } }))
                .contains("another document")
        );
        let local = json!({ "type": "object", "$defs": { "a b": { "type": "string" } }, "properties": { "a": { "$ref": "#/$defs/a%20b" } } });
        assert_eq!(problem(Some(&local)), None);
        assert!(
            what(json!({ "type": "object", "properties": { "a": { "$ref": "#/$defs/missing" } } }))
                .contains("points at nothing")
        );
    }

    #[test]
    fn hostile_schemas_are_bounded() {
        let mut deep = json!({ "type": "string" });
        for _ in 0..100 {
            deep = json!({ "type": "object", "properties": { "a": deep } });
        }
        assert!(what(deep).contains("more than 64 levels"));
        let wide: serde_json::Map<String, Value> = (0..25_000).map(|i| (format!("p{i}"), json!(i))).collect();
        assert!(what(json!({ "type": "object", "properties": wide })).contains("more than 20000 values"));
    }

    #[test]
    fn reports_each_bad_tool() {
        let found = messages(
            &InvalidInputSchema,
            json!([{ "name": "a" }, { "name": "b", "inputSchema": { "type": "object" } }]),
        );
        assert_eq!(found, ["tool `a` of server `s` has no `inputSchema`, which the spec requires"]);
    }

    #[test]
    fn silent_on_real_servers_tools() {
        assert!(real_tools().iter().all(|(_, tool)| tool.get("inputSchema").is_some()));
        silent_on_real_servers(&InvalidInputSchema);
    }
}
