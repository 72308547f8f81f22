//! The rule catalogue checks itself: ids are unique, kebab-case and sorted; each rule lives in
//! `src/rules/<id_in_snake_case>.rs`, has bad and good fixtures in `fixtures/rules/<id>/`, and
//! documents itself under the fixed headings; no fixture folder is left without a rule.

use std::collections::BTreeSet;
use std::path::Path;

use mcpcheck::rules::{ALL, CATALOGUE};

const HEADINGS: &[&str] = &["## What it does", "## Why is this bad?", "## Example", "## Use instead"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn ids_are_unique_kebab_case_and_sorted() {
    let ids: Vec<_> = CATALOGUE.iter().map(|m| m.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "CATALOGUE must be sorted by id, without duplicates");
    for id in &ids {
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !id.starts_with('-')
                && !id.ends_with('-')
                && !id.contains("--"),
            "`{id}` is not kebab-case"
        );
        assert!(!id.starts_with("no-"), "`{id}`: ids name the hazard, not the fix");
    }
    let hooks: Vec<_> = ALL.iter().map(|r| r.meta().id).collect();
    let mut hooks_sorted = hooks.clone();
    hooks_sorted.sort_unstable();
    assert_eq!(hooks, hooks_sorted, "ALL must be sorted by id");
    for id in hooks {
        assert!(ids.contains(&id), "`{id}` runs but is missing from CATALOGUE");
    }
}

#[test]
fn every_rule_has_a_file_fixtures_and_docs() {
    for meta in CATALOGUE {
        let file = root().join("src/rules").join(format!("{}.rs", meta.id.replace('-', "_")));
        assert!(file.is_file(), "{}: expected {}", meta.id, file.display());
        let dir = root().join("fixtures/rules").join(meta.id);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: no fixtures at {}: {e}", meta.id, dir.display()))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().any(|n| n.starts_with("bad")), "{}: no bad fixture", meta.id);
        assert!(names.iter().any(|n| n.starts_with("good")), "{}: no good fixture", meta.id);
        for heading in HEADINGS {
            assert!(meta.docs.contains(heading), "{}: docs lack `{heading}`", meta.id);
        }
        assert!(!meta.summary.is_empty() && !meta.summary.ends_with('.'), "{}: summary", meta.id);
    }
}

#[test]
fn no_fixture_folder_without_a_rule() {
    let ids: BTreeSet<_> = CATALOGUE.iter().map(|m| m.id.to_owned()).collect();
    for entry in std::fs::read_dir(root().join("fixtures/rules")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(ids.contains(&name), "fixtures/rules/{name} has no rule");
    }
}
