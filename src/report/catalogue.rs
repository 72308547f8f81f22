//! The rule catalogue for people and scripts: `mcpcheck rules` (a table, or a versioned JSON
//! document) and `mcpcheck explain RULE` (one rule's documentation, from its doc comment).
//! Reads only the static catalogue.

use std::io::{self, Write};

use serde::Serialize;

use crate::rules::{CATALOGUE, Needs, RuleMeta};

/// The version of the `rules --format json` document's shape.
pub const VERSION: u32 = 1;

/// A rule's documentation as Markdown: the doc comment without the one space `///` leaves.
pub fn docs(meta: &RuleMeta) -> String {
    let mut out = String::new();
    for line in meta.docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// The table: id, default severity, category, offline or probe, summary.
pub fn human(out: &mut dyn Write) -> io::Result<()> {
    let width = CATALOGUE.iter().map(|m| m.id.len()).max().unwrap_or(0);
    writeln!(out, "{:<width$}  {:<8} {:<12} {:<8} SUMMARY", "RULE", "SEVERITY", "CATEGORY", "RUNS")?;
    for meta in CATALOGUE {
        writeln!(
            out,
            "{:<width$}  {:<8} {:<12} {:<8} {}",
            meta.id,
            meta.default_severity.as_str(),
            meta.category.as_str(),
            meta.needs.as_str(),
            meta.summary
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{} rules. `mcpcheck explain RULE` shows one rule's documentation.", CATALOGUE.len())
}

#[derive(Serialize)]
struct Document {
    version: u32,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
struct Rule {
    id: &'static str,
    severity: &'static str,
    category: &'static str,
    needs: &'static str,
    summary: &'static str,
    /// Markdown.
    docs: String,
}

/// The catalogue as one JSON document.
pub fn json(out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        version: VERSION,
        rules: CATALOGUE
            .iter()
            .map(|m| Rule {
                id: m.id,
                severity: m.default_severity.as_str(),
                category: m.category.as_str(),
                needs: m.needs.as_str(),
                summary: m.summary,
                docs: docs(m),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// One rule's page.
pub fn explain(meta: &RuleMeta, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# {}", meta.id)?;
    writeln!(out)?;
    writeln!(out, "{}", meta.summary)?;
    writeln!(out)?;
    writeln!(
        out,
        "Default severity: {}. Category: {}. Runs: {}.",
        meta.default_severity.as_str(),
        meta.category.as_str(),
        match meta.needs {
            Needs::Offline => "offline, in `check`",
            Needs::Probe => "only when probing (`probe`, `doctor`)",
            Needs::Machine => "only in `doctor` (it looks at this machine)",
        }
    )?;
    writeln!(out)?;
    writeln!(out, "{}", docs(meta))?;
    writeln!(out)?;
    writeln!(
        out,
        "Configure it in mcpcheck.json: `\"rules\": {{ \"{}\": \"off\" | \"error\" | \"warning\" | \"info\" }}`; ignore one finding with an `ignore` entry (rule, file, server or pointer, reason).",
        meta.id
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_lose_the_doc_comment_space_only() {
        let meta = crate::rules::by_id("url-without-type").unwrap();
        let text = docs(meta);
        assert!(text.starts_with("## What it does\n"), "{text}");
        assert!(text.contains("\n```json\n"), "{text}");
    }
}
