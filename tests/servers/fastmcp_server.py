"""A small FastMCP server for mcpcheck's real-server probe tests (tests/probe_real.rs).

Runs over stdio. Its tools are declared with the FastMCP decorator, so their names, descriptions
and input schemas are what FastMCP itself generates; the test reads the expected names from
`--list-tools` (which asks FastMCP, not a list kept here) and compares them with the probe's.
"""

import asyncio
import json
import sys

from fastmcp import FastMCP

mcp = FastMCP("mcpcheck-fastmcp-test")


@mcp.tool
def add(a: int, b: int) -> int:
    """Add two integers and return the sum."""
    return a + b


@mcp.tool
def reverse_text(text: str) -> str:
    """Return the text reversed, character by character."""
    return text[::-1]


@mcp.tool(name="word-count")
def word_count(text: str, unique: bool = False) -> int:
    """Count the words in the text (only distinct words when `unique` is true)."""
    words = text.split()
    return len(set(words)) if unique else len(words)


if __name__ == "__main__":
    if sys.argv[1:] == ["--list-tools"]:
        tools = asyncio.run(mcp.list_tools())
        print(json.dumps([tool.name for tool in tools]))
    else:
        mcp.run(transport="stdio", show_banner=False)
