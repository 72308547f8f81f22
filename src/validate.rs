//! JSON Schema validation (placeholder until the schema stage lands).

use crate::dialect::Dialect;
use crate::finding::{FileRef, Finding};
use crate::parse::Document;

/// Validate a document against its dialect's schema; one finding per problem, at the value.
pub fn validate(_dialect: &'static Dialect, _file: &FileRef<'_>, _doc: &Document) -> Vec<Finding> {
    Vec::new()
}

/// The embedded JSON Schema text of a dialect, by dialect id.
pub fn schema_text(_dialect_id: &str) -> Option<&'static str> {
    None
}
