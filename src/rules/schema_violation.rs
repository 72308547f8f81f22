//! `schema-violation`: a value does not have the type or form the client accepts.

declare_rule! {
    /// ## What it does
    /// Validates the file against the JSON Schema of its dialect (`mcpcheck schema <dialect>`
    /// prints it) and reports each value of the wrong type or form at that value: a number in
    /// `env`, a string where `args` needs an array, an unknown `type`, a missing `command`.
    ///
    /// ## Why is this bad?
    /// Clients validate their settings too, but mostly reject the whole server (or the whole
    /// file) with a terse message, or coerce the value silently. Either way the server does not
    /// run as written.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "db": { "command": "db-mcp", "env": { "PORT": 5432 } } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "db": { "command": "db-mcp", "env": { "PORT": "5432" } } } }
    /// ```
    pub SchemaViolation {
        id: "schema-violation",
        summary: "A value has the wrong type or form for the client's settings schema",
        severity: Error,
        category: Structure,
        needs: Offline,
    }
}
