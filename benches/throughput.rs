//! Performance against DESIGN.md §8, printed as figures and ratios (a benchmark, not a test:
//! nothing here fails on a slow machine).
//!
//! 1. Lint throughput: every `*.json` file of the corpus (`../shared/corpus` or
//!    `$MCPCHECK_CORPUS`) is loaded once, then `pipeline::check_source` runs over all of them
//!    repeatedly for at least two seconds. Target: at least 100 MB/s of config text.
//! 2. Process wall time of `mcpcheck check` on one typical file
//!    (`fixtures/bench/typical.mcp.json`), 50 runs, median and p90. Target: at most 5 ms.
//! 3. Wall time of one `mcpcheck check` of a generated 50 MB settings file.
//!
//! Run with `cargo bench --bench throughput`. MB here are 10^6 bytes.

#![allow(clippy::print_stdout, reason = "a benchmark's report is its output")]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mcpcheck::pipeline;
use mcpcheck::source::SourceFile;

const BIN: &str = env!("CARGO_BIN_EXE_mcpcheck");
const TARGET_MB_PER_S: f64 = 100.0;
const TARGET_MS: f64 = 5.0;
const RUNS: usize = 50;
const MIN_LINT_TIME: Duration = Duration::from_secs(2);

fn main() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    print_machine();

    let corpus = match std::env::var_os("MCPCHECK_CORPUS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => manifest_dir.join("../shared/corpus"),
    };
    if corpus.is_dir() {
        lint_throughput(&corpus);
    } else {
        println!("SKIPPED lint throughput: corpus not found at {} (set MCPCHECK_CORPUS)", corpus.display());
    }

    process_wall_time(&manifest_dir.join("fixtures/bench/typical.mcp.json"));
    large_file(50 * 1000 * 1000);
}

fn print_machine() {
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    println!("machine: {cpus} CPUs (nproc), {model}, {} {}", std::env::consts::OS, std::env::consts::ARCH);
}

fn lint_throughput(corpus: &Path) {
    let mut files = Vec::new();
    let mut skipped = 0;
    for path in json_files(corpus) {
        match String::from_utf8(std::fs::read(&path).expect("read a corpus file")) {
            Ok(text) => files.push((path, text)),
            Err(_) => skipped += 1,
        }
    }
    let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();

    let pass = || {
        for (path, text) in &files {
            let source = SourceFile::new(path.clone(), text.clone());
            let _ = black_box(pipeline::check_source(source, None));
        }
    };
    pass(); // warm-up
    let started = Instant::now();
    let mut passes = 0u32;
    while started.elapsed() < MIN_LINT_TIME {
        pass();
        passes += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mb_per_s = bytes as f64 * f64::from(passes) / elapsed / 1e6;
    println!(
        "lint throughput: {mb_per_s:.1} MB/s over {} files ({:.3} MB), target >= {TARGET_MB_PER_S} MB/s, ratio {:.2} ({passes} passes in {elapsed:.2} s{})",
        files.len(),
        bytes as f64 / 1e6,
        mb_per_s / TARGET_MB_PER_S,
        if skipped > 0 { format!("; {skipped} non-UTF-8 files left out") } else { String::new() },
    );
}

fn process_wall_time(file: &Path) {
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    run_check(file); // warm-up: page cache, dynamic loader
    let mut times: Vec<f64> = (0..RUNS).map(|_| run_check(file).as_secs_f64() * 1e3).collect();
    times.sort_by(f64::total_cmp);
    let median = (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2.0;
    let p90 = times[(RUNS * 9).div_ceil(10) - 1];
    println!(
        "process wall time, `mcpcheck check` on {} ({size} bytes), {RUNS} runs: median {median:.2} ms, p90 {p90:.2} ms, min {:.2} ms, target <= {TARGET_MS} ms, ratio {:.2} (median / target)",
        file.file_name().unwrap_or_default().to_string_lossy(),
        times[0],
        median / TARGET_MS,
    );
}

fn large_file(min_bytes: usize) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(".mcp.json");
    let mut text = String::with_capacity(min_bytes + 1024);
    text.push_str("{\n  \"mcpServers\": {\n");
    let mut servers = 0;
    while text.len() < min_bytes {
        if servers > 0 {
            text.push_str(",\n");
        }
        text.push_str(&format!(
            "    \"server-{servers}\": {{\"command\": \"npx\", \"args\": [\"-y\", \"@example/mcp-{servers}@1.2.3\", \"--port\", \"{}\"], \"env\": {{\"LOG_LEVEL\": \"info\"}}}}",
            3000 + servers % 1000
        ));
        servers += 1;
    }
    text.push_str("\n  }\n}\n");
    std::fs::write(&path, &text).expect("write the large file");
    let elapsed = run_check(&path).as_secs_f64();
    println!(
        "large file: one `mcpcheck check` of {:.1} MB ({servers} servers): {elapsed:.2} s wall, {:.1} MB/s",
        text.len() as f64 / 1e6,
        text.len() as f64 / 1e6 / elapsed
    );
}

/// Run `mcpcheck check FILE` once and return its wall time. Findings (exit 1) are fine, e.g.
/// an unset `${VAR}` of the typical file; a tool error or a crash is not.
fn run_check(file: &Path) -> Duration {
    let started = Instant::now();
    let status = Command::new(BIN)
        .arg("check")
        .arg(file)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("start mcpcheck");
    let elapsed = started.elapsed();
    assert!(matches!(status.code(), Some(0 | 1)), "mcpcheck check {} exited with {status}", file.display());
    elapsed
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("list a corpus directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
