//! Policy vocabulary shared by every place a policy can be written: host allow/block lists
//! ([`domains`]) and sizes and durations ([`quantity`]). Today the rules feed it the
//! `security`, `health_check` and `globalSettings` blocks of the extended `mcp_settings.json`
//! format; mcpcheck's own settings file can feed it the same way.
//!
//! Everything here is pure: strings and parsed values in, decisions and reasons out. It never
//! builds findings and never sees a resolved secret other than a URL it is asked to take the
//! host from (and the host is all it returns).

pub mod domains;
pub mod quantity;

use std::time::Duration;

use crate::parse::{Node, Value};
use quantity::BareUnit;

/// A duration written as a string (`"30s"`) or a bare number (in `bare` units). `None` when the
/// value is neither: a wrong type is the schema's to report.
pub fn duration_of(node: &Node, bare: BareUnit) -> Option<Result<Duration, String>> {
    match &node.value {
        Value::String(text) => Some(quantity::parse_duration_in(text, bare)),
        Value::Number(_) => Some(number(node).and_then(|n| quantity::duration_from_number(n, bare))),
        _ => None,
    }
}

/// A size written as a string (`"10MB"`) or a bare number of bytes. `None` when the value is
/// neither.
pub fn size_of(node: &Node) -> Option<Result<u64, String>> {
    match &node.value {
        Value::String(text) => Some(quantity::parse_size(text)),
        Value::Number(_) => Some(number(node).and_then(quantity::size_from_number)),
        _ => None,
    }
}

fn number(node: &Node) -> Result<f64, String> {
    node.as_f64().ok_or_else(|| "it is not a number".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn node(text: &str) -> Node {
        crate::parse::parse(&SourceFile::new("x", text)).unwrap().root
    }

    #[test]
    fn strings_and_numbers_are_read_other_types_are_left_alone() {
        let ms = BareUnit::Milliseconds;
        assert_eq!(duration_of(&node("\"30s\""), ms), Some(Ok(Duration::from_secs(30))));
        assert_eq!(duration_of(&node("30000"), ms), Some(Ok(Duration::from_secs(30))));
        assert_eq!(duration_of(&node("0x10"), BareUnit::Seconds), Some(Ok(Duration::from_secs(16))));
        assert!(duration_of(&node("-1"), ms).unwrap().is_err());
        assert_eq!(duration_of(&node("true"), ms), None);
        assert_eq!(duration_of(&node("null"), ms), None);
        assert_eq!(size_of(&node("\"10MB\"")), Some(Ok(10_000_000)));
        assert_eq!(size_of(&node("2048")), Some(Ok(2048)));
        assert!(size_of(&node("0")).unwrap().is_err());
        assert_eq!(size_of(&node("[]")), None);
    }
}
