//! Shared by the integration tests: run the real binary, find validators.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root: tests run the binary from here so `sources/`,
/// `layouts/` and `fonts/` resolve as they do for a user.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample() -> PathBuf {
    root().join("sources/000_8901f2c4af71a182.txt")
}

/// `imprint` with `args`, run in the project root, with a fixed build date.
pub fn imprint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_imprint"))
        .args(args)
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("the imprint binary runs")
}

/// Like `imprint`, but the command must succeed.
pub fn imprint_ok(args: &[&str]) -> Output {
    let output = imprint(args);
    assert!(
        output.status.success(),
        "imprint {args:?} failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh output folder for one test.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("imprint-test-")
        .tempdir()
        .expect("a temporary folder")
}

/// Whether an outside validator can be run. Without it the test is skipped
/// with a message, except in CI (`CI` set), where a missing one fails.
pub fn have_tool(program: &str, package: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        if std::env::var_os("CI").is_some() {
            panic!("{program} is required in CI: install {package}");
        }
        eprintln!("skipped: install {package} (for {program})");
    }
    found
}

/// Runs a program that must succeed and returns its stdout.
pub fn run_tool(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Generates a corpus with the shared bench generator into `dir`
/// (`txt/` and `md/` folders). The generator lives beside the project
/// in `../shared/bench`, or in `tests/bench` when vendored.
pub fn gen_corpus(dir: &Path, files: usize, papers: usize, noise: &str) -> bool {
    let script = root().join("tests/bench/gen_corpus.py");
    let status = Command::new("python3")
        .arg(&script)
        .args([
            "-n",
            &files.to_string(),
            "-p",
            &papers.to_string(),
            "--noise",
            noise,
            "-o",
        ])
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs");
    status.success()
}

/// Copies a file or a folder with everything under it.
pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

/// epubcheck's verdict on one book: 0 errors and 0 warnings, when installed.
pub fn epubcheck(book: &Path) {
    if !have_tool("epubcheck", "epubcheck") {
        return;
    }
    let output = Command::new("java")
        .args(["-jar", "/usr/bin/epubcheck"])
        .arg(book)
        .output()
        .expect("java runs");
    let said = format!("{}{}", stdout(&output), stderr(&output));
    assert!(output.status.success(), "{said}");
    assert!(
        said.contains("0 errors / 0 warnings") || said.contains("No errors or warnings"),
        "{said}"
    );
}

/// File name → bytes of every output in `dir` (the manifest aside).
pub fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .map(|name| (name.clone(), fs::read(dir.join(&name)).unwrap()))
        .collect()
}
