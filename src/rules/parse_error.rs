//! `parse-error`: the file cannot be read as JSON at all.

declare_rule! {
    /// ## What it does
    /// Reports a settings file that cannot be read: broken syntax, a file that ends too early,
    /// bytes that are not UTF-8, nesting deeper than 512 levels, an empty file, or a file too
    /// large to be a settings file.
    ///
    /// ## Why is this bad?
    /// A client that cannot parse its settings file loads none of the servers in it, and
    /// usually says so only in a log nobody reads. Claude Code, for one, reports the whole
    /// file as a configuration error.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "mcpServers": {
    ///     "github": { "command": "npx" "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"] }
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {
    ///   "mcpServers": {
    ///     "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"] }
    ///   }
    /// }
    /// ```
    pub ParseError {
        id: "parse-error",
        summary: "The file cannot be read as JSON (syntax, encoding, truncation, depth or size)",
        severity: Error,
        category: Syntax,
        needs: Offline,
    }
}
