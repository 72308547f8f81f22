"""A fake remote MCP server for tests/probe_remote.rs (Python standard library only).

Usage: python3 fake_http_server.py MODE
Prints the port it listens on (127.0.0.1, chosen by the system) as the first stdout line, then
serves until killed. Every request except GET /_log is recorded; GET /_log returns the records
as JSON (method, path, lower-cased headers), so that tests can check what the probe sent.

Modes:
  json            streamable HTTP answering application/json
  sse             streamable HTTP answering text/event-stream (priming event, a notification,
                  then the response)
  session         like json, but requires Mcp-Session-Id and MCP-Protocol-Version after
                  initialize (400 otherwise); DELETE ends the session
  legacy          legacy HTTP+SSE only: POST to /mcp is 405, GET /mcp is the event stream whose
                  first event is `endpoint` (/messages?sessionId=...)
  auth            401 with WWW-Authenticate resource_metadata, PRM and AS metadata with PKCE
  auth-nopkce     the same, AS metadata without code_challenge_methods_supported
  auth-wellknown  401 with a bare `Bearer` challenge; PRM only at the path well-known URL
  redirect        POST /mcp is 307 to /real (and /old is 301 to /real); /real is like json
  redirect-other  POST /mcp is 307 to the same server under the name localhost (another origin)
  status500       every request gets 500 with a text body
  flaky503        the first two POSTs get 503, then like json
  notfound        every request gets 404
  endless         initialize as json; tools/list answers an event stream of keep-alives forever
  huge            initialize as json; tools/list answers a 6 MiB JSON body
  huge-event      initialize as json; tools/list answers an event stream with a 6 MiB event
  echo-secret     400 with a text body that echoes the request's Authorization and X-Api-Key
"""

import json
import queue
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODE = sys.argv[1] if len(sys.argv) > 1 else "json"
LOG = []
LOG_LOCK = threading.Lock()
STATE = {"posts": 0, "session": None}
LEGACY_QUEUES = {}

TOOLS = [
    {"name": "echo", "description": "Echoes its input.", "inputSchema": {"type": "object"}},
    {"name": "add", "description": "Adds two numbers.", "inputSchema": {"type": "object"}},
]


def answer(message):
    """The response to one JSON-RPC request."""
    method, request_id = message.get("method"), message.get("id")
    if method == "initialize":
        result = {
            "protocolVersion": "2025-06-18",
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "fake-http", "version": "2.0.0"},
        }
    elif method == "tools/list":
        result = {"tools": TOOLS}
    else:
        return {"jsonrpc": "2.0", "id": request_id, "error": {"code": -32601, "message": "Method not found"}}
    return {"jsonrpc": "2.0", "id": request_id, "result": result}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def record(self, body=None):
        entry = {"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}}
        if body is not None:
            entry["body"] = body
        with LOG_LOCK:
            LOG.append(entry)

    def read_body(self):
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return None

    def send(self, status, body=b"", content_type="application/json", headers=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        if body:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def start_stream(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

    def event(self, data, event=None, event_id=None):
        text = ""
        if event_id is not None:
            text += "id: %s\n" % event_id
        if event is not None:
            text += "event: %s\n" % event
        for line in data.split("\n"):
            text += "data: %s\n" % line
        self.wfile.write((text + "\n").encode())
        self.wfile.flush()

    # --- GET -------------------------------------------------------------------------------
    def do_GET(self):
        if self.path == "/_log":
            with LOG_LOCK:
                return self.send(200, list(LOG))
        self.record()
        port = self.server.server_address[1]
        base = "http://127.0.0.1:%d" % port
        if MODE in ("auth", "auth-nopkce") and self.path == "/.well-known/oauth-protected-resource/mcp":
            return self.send(200, {"resource": base + "/mcp", "authorization_servers": [base + "/tenant1"]})
        if MODE == "auth-wellknown" and self.path == "/.well-known/oauth-protected-resource/mcp":
            return self.send(200, {"resource": "http://elsewhere.example/mcp", "authorization_servers": [base]})
        if MODE == "auth-wellknown" and self.path == "/.well-known/oauth-authorization-server":
            return self.send(200, {"issuer": base, "code_challenge_methods_supported": ["plain"]})
        if MODE in ("auth", "auth-nopkce") and self.path == "/.well-known/oauth-authorization-server/tenant1":
            metadata = {
                "issuer": base + "/tenant1",
                "authorization_endpoint": base + "/tenant1/authorize",
                "token_endpoint": base + "/tenant1/token",
                "registration_endpoint": base + "/tenant1/register",
                "client_id_metadata_document_supported": True,
            }
            if MODE == "auth":
                metadata["code_challenge_methods_supported"] = ["S256"]
            return self.send(200, metadata)
        if MODE == "legacy" and self.path == "/mcp":
            return self.legacy_stream()
        if MODE == "status500":
            return self.send(500, "internal trouble", "text/plain")
        if MODE == "notfound":
            return self.send(404, "not found", "text/plain")
        return self.send(405, "GET not allowed", "text/plain")

    def legacy_stream(self):
        session = uuid.uuid4().hex
        messages = queue.Queue()
        LEGACY_QUEUES[session] = messages
        self.start_stream()
        try:
            self.event("/messages?sessionId=" + session, event="endpoint")
            while True:
                try:
                    message = messages.get(timeout=0.5)
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                    continue
                self.event(json.dumps(message), event="message")
        except (BrokenPipeError, ConnectionResetError):
            pass

    # --- DELETE ----------------------------------------------------------------------------
    def do_DELETE(self):
        self.record()
        if MODE == "session":
            STATE["session"] = None
            return self.send(200)
        return self.send(405, "DELETE not allowed", "text/plain")

    # --- POST ------------------------------------------------------------------------------
    def do_POST(self):
        message = self.read_body()
        self.record(message)
        STATE["posts"] += 1
        port = self.server.server_address[1]
        if MODE == "legacy":
            if self.path.startswith("/messages?sessionId="):
                messages = LEGACY_QUEUES.get(self.path.split("=", 1)[1])
                if messages is None:
                    return self.send(404, "no such session", "text/plain")
                if isinstance(message, dict) and "id" in message and "method" in message:
                    messages.put(answer(message))
                return self.send(202, "Accepted", "text/plain")
            return self.send(405, "Method Not Allowed", "text/plain")
        if MODE in ("auth", "auth-nopkce"):
            challenge = 'Bearer resource_metadata="http://127.0.0.1:%d/.well-known/oauth-protected-resource/mcp", scope="mcp:read"' % port
            return self.send(401, {"error": "invalid_token"}, headers=[("WWW-Authenticate", challenge)])
        if MODE == "auth-wellknown":
            return self.send(401, "", headers=[("WWW-Authenticate", "Bearer")])
        if MODE == "status500":
            return self.send(500, "internal trouble", "text/plain")
        if MODE == "notfound":
            return self.send(404, "not found", "text/plain")
        if MODE == "flaky503" and STATE["posts"] <= 2:
            return self.send(503, "warming up", "text/plain")
        if MODE == "echo-secret":
            echoed = "denied for %s / %s" % (self.headers.get("authorization"), self.headers.get("x-api-key"))
            return self.send(400, echoed, "text/plain")
        if MODE == "redirect" and self.path in ("/mcp", "/old"):
            return self.send(307 if self.path == "/mcp" else 301, headers=[("Location", "/real")])
        if MODE == "redirect-other":
            return self.send(307, headers=[("Location", "http://localhost:%d/mcp" % port)])
        return self.streamable(message)

    def streamable(self, message):
        if not isinstance(message, dict):
            return self.send(400, {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}})
        if "method" not in message or "id" not in message:
            return self.send(202)
        method = message["method"]
        headers = []
        if MODE == "session":
            if method == "initialize":
                STATE["session"] = "session-" + uuid.uuid4().hex
                headers.append(("Mcp-Session-Id", STATE["session"]))
            else:
                if STATE["session"] is None or self.headers.get("mcp-session-id") != STATE["session"]:
                    error = {"code": -32000, "message": "Bad Request: Mcp-Session-Id header is required"}
                    return self.send(400, {"jsonrpc": "2.0", "id": None, "error": error})
                if self.headers.get("mcp-protocol-version") != "2025-06-18":
                    error = {"code": -32000, "message": "Bad Request: missing or wrong MCP-Protocol-Version"}
                    return self.send(400, {"jsonrpc": "2.0", "id": None, "error": error})
        if MODE == "endless" and method == "tools/list":
            self.start_stream()
            try:
                while True:
                    self.wfile.write(b": still thinking\n\n")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                return
        if MODE == "huge" and method == "tools/list":
            filler = "x" * (6 * 1024 * 1024)
            tools = [{"name": "big", "description": filler, "inputSchema": {"type": "object"}}]
            return self.send(200, {"jsonrpc": "2.0", "id": message["id"], "result": {"tools": tools}})
        if MODE == "huge-event" and method == "tools/list":
            self.start_stream()
            try:
                self.event("x" * (6 * 1024 * 1024))
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if MODE == "sse":
            self.start_stream()
            self.event("", event_id="prime-1")
            log = {"jsonrpc": "2.0", "method": "notifications/message", "params": {"level": "info", "data": "working"}}
            self.event(json.dumps(log), event_id="2")
            self.event(json.dumps(answer(message)), event_id="3")
            return
        return self.send(200, answer(message), headers=headers)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
