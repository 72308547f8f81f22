#!/usr/bin/env python3
"""A fake MCP server (legacy era, stdio) for the probe's tests.

Usage: fake_mcp_server.py MODE [PIDFILE]

Modes:
  ok               initialize, then three tools over two tools/list pages
  garbage          prints a line that is not JSON before answering initialize
  hang-initialize  reads initialize and never answers
  exit-early       writes to stderr and exits with code 3
  wrong-id         answers initialize with an id that was never sent
  fork-grandchild  starts a long-sleeping grandchild, writes its own and the
                   grandchild's pid to PIDFILE, then hangs
                   (ignoring stdin EOF and SIGTERM, so only the group SIGKILL ends it)
"""

import json
import os
import signal
import subprocess
import sys
import time

TOOLS = [
    {"name": "echo", "description": "Echo the input", "inputSchema": {"type": "object"}},
    {"name": "add", "description": "Add two numbers", "inputSchema": {"type": "object"}},
    {"name": "time", "description": "Tell the time", "inputSchema": {"type": "object"}},
]


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def reply(request, result):
    send({"jsonrpc": "2.0", "id": request["id"], "result": result})


def initialize_result():
    return {
        "protocolVersion": "2025-11-25",
        "capabilities": {"tools": {}},
        "serverInfo": {"name": "fake", "version": "1.0.0"},
    }


def hang():
    while True:
        time.sleep(60)


def serve(mode):
    for line in sys.stdin:
        request = json.loads(line)
        method = request.get("method")
        if method is None or "id" not in request:  # notifications and our replies
            continue
        if method == "initialize":
            if mode == "hang-initialize":
                hang()
            if mode == "garbage":
                sys.stdout.write("Starting fake server v1.0 on stdio\n")
                sys.stdout.flush()
            if mode == "wrong-id":
                send({"jsonrpc": "2.0", "id": 9999, "result": initialize_result()})
                continue
            # A server-side ping and a log notification the probe must cope with.
            send({"jsonrpc": "2.0", "id": "server-ping", "method": "ping"})
            send({"jsonrpc": "2.0", "method": "notifications/message",
                  "params": {"level": "info", "data": "ready"}})
            reply(request, initialize_result())
        elif method == "tools/list":
            cursor = (request.get("params") or {}).get("cursor")
            if cursor is None:
                reply(request, {"tools": TOOLS[:2], "nextCursor": "page-2"})
            else:
                reply(request, {"tools": TOOLS[2:]})
        else:
            send({"jsonrpc": "2.0", "id": request["id"],
                  "error": {"code": -32601, "message": "Method not found"}})


def main():
    mode = sys.argv[1]
    if mode == "exit-early":
        sys.stderr.write("fatal: API_TOKEN is not set\n")
        sys.stderr.flush()
        sys.exit(3)
    if mode == "fork-grandchild":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        grandchild = subprocess.Popen(["sleep", "300"], stdin=subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(sys.argv[2], "w") as pidfile:
            pidfile.write("%d %d" % (os.getpid(), grandchild.pid))
        sys.stderr.write("grandchild %d\n" % grandchild.pid)
        sys.stderr.flush()
        hang()
    serve(mode)


if __name__ == "__main__":
    main()
