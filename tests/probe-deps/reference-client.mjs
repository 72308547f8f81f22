// A minimal MCP client built on the official TypeScript SDK: connect, list tools (all pages),
// close. mcpcheck's probe is compared against it, for correctness (tests/probe_real.rs checks
// that both see the same tools) and speed (scripts/bench-probe, DESIGN.md §8).
//
// scripts/probe-deps copies this file next to the installed node_modules, so run that copy:
//   node target/probe-deps/npm/reference-client.mjs stdio <command> [args...]
//   node target/probe-deps/npm/reference-client.mjs http <url>
//   node target/probe-deps/npm/reference-client.mjs sse <url>
//
// Prints one JSON line on stdout:
//   {"ms_to_tools": <start of connect to tools/list answered>, "ms_total": <… to closed>,
//    "server": {"name", "version"}, "tools": ["name", ...]}
// and exits 0; on failure prints the error on stderr and exits 1.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";

function transportFor(mode, rest) {
  switch (mode) {
    case "stdio":
      if (rest.length < 1) throw new Error("stdio needs a command");
      // stderr is ignored rather than inherited so the JSON line is all a caller reads.
      return new StdioClientTransport({ command: rest[0], args: rest.slice(1), stderr: "ignore" });
    case "http":
      return new StreamableHTTPClientTransport(new URL(rest[0]));
    case "sse":
      return new SSEClientTransport(new URL(rest[0]));
    default:
      throw new Error(`unknown mode ${JSON.stringify(mode)}: use stdio, http or sse`);
  }
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  const started = performance.now();
  const transport = transportFor(mode, rest);
  const client = new Client({ name: "mcpcheck-reference-client", version: "1.0.0" });
  await client.connect(transport);
  const tools = [];
  let cursor;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor });
    tools.push(...page.tools.map((tool) => tool.name));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const msToTools = performance.now() - started;
  const server = client.getServerVersion() ?? {};
  await client.close();
  const msTotal = performance.now() - started;
  process.stdout.write(
    JSON.stringify({
      ms_to_tools: Math.round(msToTools * 10) / 10,
      ms_total: Math.round(msTotal * 10) / 10,
      server: { name: server.name ?? null, version: server.version ?? null },
      tools,
    }) + "\n",
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`reference-client: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
