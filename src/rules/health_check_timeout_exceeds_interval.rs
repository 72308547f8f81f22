//! `health-check-timeout-exceeds-interval`: a health check allowed to run longer than the
//! time between two checks.

use std::time::Duration;

use super::{Rule, RuleMeta};
use crate::dialect::{DocumentContext, mcp_settings};
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::parse::Node;
use crate::policy::duration_of;
use crate::policy::quantity::{BareUnit, format_duration};

declare_rule! {
    /// ## What it does
    /// Reports a server's `health_check` / `healthCheck` block in an extended
    /// `mcp_settings.json` whose timeout (`timeoutMs` or `timeout`) is not shorter than its
    /// interval (`intervalMs` or `interval`), after reading units: `"timeout": "30s"` and
    /// `"intervalMs": 30000` are equal. A bare number is milliseconds. When a block has both
    /// spellings of one setting, the `…Ms` one is used. Values that cannot be read are
    /// `invalid-quantity`'s to report.
    ///
    /// ## Why is this bad?
    /// A check that may take longer than the gap between checks overlaps the next one: checks
    /// pile up against a slow server, and a hung server is never declared failed before the
    /// next check starts. Usually one of the two values has the wrong unit (`"timeout": 5000`
    /// meant as seconds, or `"interval": "5"` meant as minutes).
    ///
    /// ## Example
    /// ```jsonc
    /// "health_check": { "enabled": true, "intervalMs": 10000, "timeout": "30s" }
    /// ```
    ///
    /// ## Use instead
    /// ```jsonc
    /// "health_check": { "enabled": true, "intervalMs": 30000, "timeout": "5s" }
    /// ```
    pub HealthCheckTimeoutExceedsInterval {
        id: "health-check-timeout-exceeds-interval",
        summary: "A health check whose timeout is not shorter than its interval",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

const BLOCKS: &[&str] = &["health_check", "healthCheck"];

impl Rule for HealthCheckTimeoutExceedsInterval {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id != mcp_settings::DIALECT.id {
            return;
        }
        for &block in BLOCKS {
            let Some(node) = server.field(block) else { continue };
            let (Some((interval_key, interval)), Some((timeout_key, timeout))) =
                (setting(node, "intervalMs", "interval"), setting(node, "timeoutMs", "timeout"))
            else {
                continue;
            };
            if timeout < interval {
                continue;
            }
            let base = server.pointer_to(block);
            let (t, i) = (format_duration(timeout), format_duration(interval));
            let relation = if timeout == interval { "equal to" } else { "longer than" };
            let f = cx
                .finding(
                    &Self::META,
                    format!(
                        "server `{}`: the health-check timeout ({t}) is {relation} the interval ({i}), so one check can still be running when the next starts",
                        server.name
                    ),
                )
                .at(base.key(timeout_key), Target::Value, Some(format!("timeout {t}")))
                .related(base.key(interval_key), Target::Value, Some(format!("interval {i}")))
                .help(format!(
                    "Make `{timeout_key}` shorter than the {i} of `{interval_key}` (or lengthen the interval), and check that both are in the unit you mean: a bare number is milliseconds"
                ));
            out.push(cx.build(f));
        }
    }
}

/// The `…Ms` spelling of a setting if the block has it, else the other, with its duration when
/// it reads as one.
fn setting(block: &Node, ms_key: &'static str, key: &'static str) -> Option<(&'static str, Duration)> {
    let chosen = if block.get(ms_key).is_some() { ms_key } else { key };
    let duration = duration_of(block.get(chosen)?, BareUnit::Milliseconds)?.ok()?;
    Some((chosen, duration))
}
