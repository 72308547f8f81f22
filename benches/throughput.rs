//! Performance against DESIGN.md §8, printed as ratios (a benchmark, not a timed test):
//! lint throughput over the real-world corpus (target ≥ 100 MB/s), the process wall time of
//! checking one typical file (target ≤ 5 ms), and one check of a generated 50 MB file.
//! Run with `cargo bench --bench throughput`.

// Printing the figures is this program's whole job.
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use mcpcheck::pipeline;
use mcpcheck::source::SourceFile;

fn main() {
    machine();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var_os("MCPCHECK_CORPUS").map_or_else(|| root.join("../shared/corpus"), PathBuf::from);
    match corpus_files(&corpus) {
        files if !files.is_empty() => throughput(&files),
        _ => println!("lint throughput: SKIPPED (no corpus at {})", corpus.display()),
    }
    wall_time(&root.join("fixtures/bench/typical.mcp.json"));
    huge_file();
}

fn machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("machine: {cpu}, {cores} cores");
}

fn corpus_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    out.push((path, text));
                }
            }
        }
    }
    out.sort();
    out
}

/// In-process: parse, detect, validate and run every rule over every corpus file, repeatedly.
fn throughput(files: &[(PathBuf, String)]) {
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let check_all = || {
        for (path, text) in files {
            let _ = std::hint::black_box(pipeline::check_source(SourceFile::new(path, text.clone()), None));
        }
    };
    check_all(); // warm up: schema validators are built on first use
    let start = Instant::now();
    let mut rounds = 0u32;
    while start.elapsed() < Duration::from_secs(3) {
        check_all();
        rounds += 1;
    }
    let mb_per_s = (bytes as f64 * f64::from(rounds)) / start.elapsed().as_secs_f64() / 1e6;
    println!(
        "lint throughput: {mb_per_s:.1} MB/s over {} files ({:.2} MB, {rounds} rounds); target >= 100 MB/s, ratio {:.2}",
        files.len(),
        bytes as f64 / 1e6,
        mb_per_s / 100.0
    );
}

/// The whole process, as a pre-commit hook runs it: 50 runs on one typical file.
fn wall_time(file: &Path) {
    let bin = env!("CARGO_BIN_EXE_mcpcheck");
    let run = || {
        let start = Instant::now();
        let status = Command::new(bin).args(["check", "--no-env"]).arg(file).output().expect("runs");
        assert!(matches!(status.status.code(), Some(0 | 1)));
        start.elapsed()
    };
    run();
    let mut times: Vec<Duration> = (0..50).map(|_| run()).collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let median = ms(times[25]);
    println!(
        "check one typical file (process wall, 50 runs): median {median:.2} ms, p90 {:.2} ms; target <= 5 ms, ratio {:.2}",
        ms(times[45]),
        median / 5.0
    );
}

/// One check of a generated 50 MB settings file (parse, validate, rules; in process).
fn huge_file() {
    let mut text = String::from("{\"mcpServers\": {\n");
    let mut i = 0;
    while text.len() < 50_000_000 {
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&format!(
            "  \"server-{i}\": {{\"command\": \"npx\", \"args\": [\"-y\", \"pkg-{i}@1.0.{i}\", \"--flag\"], \"env\": {{\"TOKEN\": \"${{TOKEN_{i}}}\"}}}}"
        ));
        i += 1;
    }
    text.push_str("\n}}\n");
    let mb = text.len() as f64 / 1e6;
    let start = Instant::now();
    let report = pipeline::check_source(SourceFile::new("huge.mcp.json", text), None).expect("a claude-code file");
    let elapsed = start.elapsed();
    println!(
        "check a generated {mb:.0} MB file ({i} servers, {} findings): {:.2} s, {:.1} MB/s",
        report.findings.len(),
        elapsed.as_secs_f64(),
        mb / elapsed.as_secs_f64()
    );
}
