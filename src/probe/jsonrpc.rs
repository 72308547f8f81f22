//! JSON-RPC 2.0 messages as the probe sends and receives them, one per line.
//!
//! Outgoing messages are built as `serde_json::Value`s and serialised to a single line. Incoming
//! lines are classified, never trusted: a reply to the request we wait for, a reply nobody asked
//! for, a request or notification from the server, JSON that is not JSON-RPC, or not JSON at all.

use serde_json::{Map, Value, json};

/// The longest excerpt of a bad line kept for a report, in characters.
pub const EXCERPT_CHARS: usize = 200;

/// Hands out request ids: integers, increasing, never reused within a session.
#[derive(Debug, Default)]
pub struct IdAllocator {
    next: i64,
}

impl IdAllocator {
    /// A fresh allocator whose first id is 1.
    pub fn new() -> Self {
        Self { next: 1 }
    }

    /// The next unused id.
    pub fn allocate(&mut self) -> i64 {
        let id = self.next;
        self.next += 1;
        id
    }
}

/// A request line: `{"jsonrpc":"2.0","id":…,"method":…,"params":…}`.
pub fn request_line(id: i64, method: &str, params: Option<Value>) -> String {
    let mut message = json!({ "jsonrpc": "2.0", "id": id, "method": method });
    if let Some(params) = params {
        message["params"] = params;
    }
    message.to_string()
}

/// A notification line: a request without an id, which gets no answer.
pub fn notification_line(method: &str, params: Option<Value>) -> String {
    let mut message = json!({ "jsonrpc": "2.0", "method": method });
    if let Some(params) = params {
        message["params"] = params;
    }
    message.to_string()
}

/// A successful reply to a request the server sent us (e.g. `ping`).
pub fn result_line(id: &Value, result: Value) -> String {
    json!({ "jsonrpc": "2.0", "id": id, "result": result }).to_string()
}

/// An error reply to a request the server sent us.
pub fn error_line(id: &Value, code: i64, message: &str) -> String {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } }).to_string()
}

/// JSON-RPC error code: the method does not exist or is not available.
pub const METHOD_NOT_FOUND: i64 = -32601;

/// JSON-RPC error code: invalid params (a modern server's answer to a request without `_meta`).
pub const INVALID_PARAMS: i64 = -32602;

/// MCP error code (2026-07-28): the requested protocol version is not supported; `data.supported`
/// lists the versions the server speaks (PROTOCOL.md §1.2).
pub const UNSUPPORTED_PROTOCOL_VERSION: i64 = -32022;

/// The `error` member of a response.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RpcError {
    /// The error code (an integer in valid JSON-RPC; 0 when the server sent something else).
    pub code: i64,
    /// The error message (empty when the server sent none).
    pub message: String,
    /// Optional extra data.
    pub data: Option<Value>,
}

/// What one line from the server is.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// A response carrying the id we are waiting for.
    Response {
        /// `Ok(result)` or `Err(error)`.
        outcome: Result<Value, RpcError>,
    },
    /// A response whose id is not the one we are waiting for (or that has no usable id).
    UnexpectedResponse {
        /// The id the server sent (`Value::Null` when missing).
        id: Value,
    },
    /// A message that carries the id we are waiting for but is not a valid JSON-RPC response
    /// (no `"jsonrpc": "2.0"`, both `result` and `error`, a malformed `error`): the server tried
    /// to answer and broke the protocol doing so.
    InvalidResponse {
        /// The line, shortened to [`EXCERPT_CHARS`].
        excerpt: String,
        /// Why it is not a valid response.
        reason: &'static str,
    },
    /// A request from the server to us; it expects an answer.
    ServerRequest {
        /// The request id, echoed in our answer.
        id: Value,
        /// The method, e.g. `ping`.
        method: String,
        /// The params, if any.
        params: Option<Value>,
    },
    /// A notification from the server, e.g. `notifications/message`.
    Notification {
        /// The method.
        method: String,
        /// The params, if any.
        params: Option<Value>,
    },
    /// Valid JSON that is not a JSON-RPC 2.0 message.
    NotJsonRpc {
        /// The line, shortened to [`EXCERPT_CHARS`].
        excerpt: String,
        /// Why it is not JSON-RPC.
        reason: &'static str,
    },
    /// A line that is not JSON at all.
    NotJson {
        /// The line, shortened to [`EXCERPT_CHARS`].
        excerpt: String,
    },
}

/// Classifies one line from the server while we wait for the response with id `awaiting`.
pub fn classify(line: &str, awaiting: i64) -> Incoming {
    let value: Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(_) => return Incoming::NotJson { excerpt: shorten(line, EXCERPT_CHARS) },
    };
    let not_jsonrpc = |reason| Incoming::NotJsonRpc { excerpt: shorten(line, EXCERPT_CHARS), reason };
    let Value::Object(object) = value else {
        return not_jsonrpc("it is not a JSON object");
    };
    let answers_awaited = !object.contains_key("method") && object.get("id").and_then(Value::as_i64) == Some(awaiting);
    match classify_object(&object, awaiting) {
        Ok(incoming) => incoming,
        Err(reason) if answers_awaited => Incoming::InvalidResponse { excerpt: shorten(line, EXCERPT_CHARS), reason },
        Err(reason) => not_jsonrpc(reason),
    }
}

/// Classifies a JSON object; `Err` says why it is not JSON-RPC.
fn classify_object(object: &Map<String, Value>, awaiting: i64) -> Result<Incoming, &'static str> {
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err("it lacks \"jsonrpc\": \"2.0\"");
    }
    if let Some(method) = object.get("method") {
        let Some(method) = method.as_str() else {
            return Err("its \"method\" is not a string");
        };
        let params = object.get("params").cloned();
        return match object.get("id") {
            Some(id) if is_valid_id(id) => {
                Ok(Incoming::ServerRequest { id: id.clone(), method: method.to_owned(), params })
            }
            Some(_) => Err("its \"id\" is neither a string nor an integer"),
            None => Ok(Incoming::Notification { method: method.to_owned(), params }),
        };
    }
    classify_response(object, awaiting)
}

fn classify_response(object: &Map<String, Value>, awaiting: i64) -> Result<Incoming, &'static str> {
    let outcome = match (object.get("result"), object.get("error")) {
        (Some(result), None) => Ok(result.clone()),
        (None, Some(error)) => Err(parse_error(error)?),
        (Some(_), Some(_)) => return Err("it has both \"result\" and \"error\""),
        (None, None) => return Err("it has no \"method\", \"result\" or \"error\""),
    };
    let id = object.get("id").cloned().unwrap_or(Value::Null);
    if id.as_i64() == Some(awaiting) {
        Ok(Incoming::Response { outcome })
    } else {
        Ok(Incoming::UnexpectedResponse { id })
    }
}

/// The outcome a response line carries (`result` or `error`), whatever its id; `None` when the
/// line is not a well-formed response.
pub fn response_outcome(line: &str) -> Option<Result<Value, RpcError>> {
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(line) else {
        return None;
    };
    match (object.get("result"), object.get("error")) {
        (Some(result), None) => Some(Ok(result.clone())),
        (None, Some(error)) => parse_error(error).ok().map(Err),
        _ => None,
    }
}

fn parse_error(error: &Value) -> Result<RpcError, &'static str> {
    let Value::Object(error) = error else {
        return Err("its \"error\" is not an object");
    };
    Ok(RpcError {
        code: error.get("code").and_then(Value::as_i64).unwrap_or(0),
        message: error.get("message").and_then(Value::as_str).unwrap_or_default().to_owned(),
        data: error.get("data").cloned(),
    })
}

fn is_valid_id(id: &Value) -> bool {
    id.is_string() || id.is_i64() || id.is_u64()
}

/// `text` cut to at most `max_chars` characters, with `…` appended when cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_increase_from_one() {
        let mut ids = IdAllocator::new();
        assert_eq!((ids.allocate(), ids.allocate()), (1, 2));
    }

    #[test]
    fn request_and_notification_are_single_lines() {
        let request = request_line(7, "tools/list", Some(json!({"cursor": "a\nb"})));
        assert!(!request.contains('\n'));
        let value: Value = serde_json::from_str(&request).unwrap();
        assert_eq!(value["id"], 7);
        assert_eq!(value["params"]["cursor"], "a\nb");
        let notification: Value = serde_json::from_str(&notification_line("notifications/initialized", None)).unwrap();
        assert!(notification.get("id").is_none());
        assert!(notification.get("params").is_none());
    }

    #[test]
    fn classifies_responses_by_id() {
        let ok = classify(r#"{"jsonrpc":"2.0","id":3,"result":{"x":1}}"#, 3);
        assert_eq!(ok, Incoming::Response { outcome: Ok(json!({"x": 1})) });
        let err = classify(r#"{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"no"}}"#, 3);
        assert!(matches!(err, Incoming::Response { outcome: Err(RpcError { code: -32602, .. }) }));
        let wrong = classify(r#"{"jsonrpc":"2.0","id":4,"result":{}}"#, 3);
        assert_eq!(wrong, Incoming::UnexpectedResponse { id: json!(4) });
        let string_id = classify(r#"{"jsonrpc":"2.0","id":"3","result":{}}"#, 3);
        assert!(matches!(string_id, Incoming::UnexpectedResponse { .. }));
    }

    #[test]
    fn classifies_server_messages() {
        let ping = classify(r#"{"jsonrpc":"2.0","id":"p1","method":"ping"}"#, 1);
        assert!(matches!(ping, Incoming::ServerRequest { ref method, .. } if method == "ping"));
        let log = classify(r#"{"jsonrpc":"2.0","method":"notifications/message","params":{}}"#, 1);
        assert!(matches!(log, Incoming::Notification { .. }));
    }

    #[test]
    fn malformed_answers_to_the_awaited_id_are_invalid_responses() {
        let no_version = classify(r#"{"id":1,"result":{}}"#, 1);
        assert!(matches!(no_version, Incoming::InvalidResponse { reason, .. } if reason.contains("jsonrpc")));
        let both = classify(r#"{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}}"#, 1);
        assert!(matches!(both, Incoming::InvalidResponse { reason, .. } if reason.contains("both")));
        let other_id = classify(r#"{"id":2,"result":{}}"#, 1);
        assert!(matches!(other_id, Incoming::NotJsonRpc { .. }));
    }

    #[test]
    fn classifies_non_protocol_lines() {
        assert!(matches!(classify("[1,2]", 1), Incoming::NotJsonRpc { .. }));
        assert!(matches!(classify(r#"{"id":1,"result":{}}"#, 2), Incoming::NotJsonRpc { .. }));
        assert!(matches!(classify(r#"{"jsonrpc":"2.0","id":1}"#, 2), Incoming::NotJsonRpc { .. }));
        let not_json = classify("Server listening on port 3000", 1);
        assert_eq!(not_json, Incoming::NotJson { excerpt: "Server listening on port 3000".into() });
    }

    #[test]
    fn shortens_on_char_boundaries() {
        assert_eq!(shorten("héllo", 2), "hé…");
        assert_eq!(shorten("abc", 3), "abc");
    }
}
