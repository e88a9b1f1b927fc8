//! imprint as a new user meets it: the binary alone, run in an empty
//! temporary folder (no layouts/, no fonts/, no imprint.toml), on a file of
//! their own; one file in and one out; pipes; forgiving images; SVG; watch.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{epubcheck, have_tool, run_tool, stderr, stdout, temp_dir};

const NOTES: &str = "---
title: Field Notes
author: Ada Example
---

# Harbour Survey

The survey counted boats in the northern harbour over three weeks.

![A map of the harbour](map.svg)

![The tide chart that was never drawn](tides.png)

*Paper*
";

/// A drawing with everything a reader could be tricked into running.
const MAP: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="240" height="120" onload="alert('svg')">
  <script type="text/javascript">alert('script')</script>
  <rect x="4" y="4" width="232" height="112" fill="#2a6f97" onclick="alert('click')"/>
  <a xlink:href="javascript:alert('link')"><circle cx="120" cy="60" r="40" fill="#f4d35e"/></a>
  <image xlink:href="https://tracker.example/pixel.png" width="1" height="1"/>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">hidden</div></foreignObject>
</svg>
"##;

/// The line of `NOTES` that names the missing picture.
const MISSING_LINE: usize = 12;

/// An empty folder holding only `notes.md` and its drawing.
fn folder() -> tempfile::TempDir {
    let dir = temp_dir();
    fs::write(dir.path().join("notes.md"), NOTES).unwrap();
    fs::write(dir.path().join("map.svg"), MAP).unwrap();
    dir
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_imprint"));
    command
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000");
    command
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let output = command(dir, args).stdin(Stdio::null()).output().unwrap();
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    output
}

fn run_with_input(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = command(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The text of the first entry of the book whose name `wanted` accepts.
fn epub_entry(book: &Path, wanted: impl Fn(&str) -> bool) -> String {
    let mut archive = zip::ZipArchive::new(fs::File::open(book).unwrap()).unwrap();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        if wanted(entry.name()) {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
            return text;
        }
    }
    panic!("no such entry in {}", book.display())
}

#[test]
fn a_markdown_file_builds_in_every_format_with_no_project_around_it() {
    let dir = folder();
    let output = run(dir.path(), &["build", "notes.md"]);
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{messages}");
    let out = dir.path().join("output");
    for name in ["notes.txt", "notes.pdf", "notes.epub"] {
        assert!(out.join(name).is_file(), "{name} missing: {messages}");
    }
    // Nothing but the outputs appeared: no layouts or fonts written out.
    assert_eq!(files_in(dir.path()), ["map.svg", "notes.md", "output"]);

    let digest = fs::read_to_string(out.join("notes.txt")).unwrap();
    assert!(digest.contains("Harbour Survey"), "{digest}");
    assert!(
        digest.contains("[image: The tide chart that was never drawn]"),
        "{digest}"
    );

    // The missing picture: a warning with its file and line, alt text shown.
    assert!(
        messages.contains(&format!(
            "notes.md:{MISSING_LINE}: image `tides.png` is missing"
        )),
        "{messages}"
    );

    let pdf = out.join("notes.pdf");
    if have_tool("pdffonts", "poppler-utils") {
        let fonts = run_tool("pdffonts", &[pdf.to_str().unwrap()]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{fonts}");
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            let n = columns.len();
            assert_eq!(
                columns[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "embedded, subset, ToUnicode: {row}"
            );
        }
        let text = run_tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        assert!(text.contains("northern harbour"), "{text}");
        assert!(
            text.contains("The tide chart that was never drawn"),
            "{text}"
        );
        // The SVG is drawn: one picture, at print resolution.
        let images = run_tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
        let rows: Vec<&str> = images.lines().skip(2).collect();
        assert_eq!(rows.len(), 1, "{images}");
        assert!(rows[0].contains(" 300 "), "rasterised at 300 dpi: {images}");
    }

    let book = out.join("notes.epub");
    let page = epub_entry(&book, |n| n == "OEBPS/publication-1.xhtml");
    assert!(
        page.contains("[image: The tide chart that was never drawn]"),
        "{page}"
    );
    assert!(page.contains("alt=\"A map of the harbour\""), "{page}");
    let svg = epub_entry(&book, |n| n.ends_with(".svg"));
    assert!(svg.contains("<circle"), "the drawing is kept: {svg}");
    for gone in [
        "alert",
        "script",
        "onload",
        "onclick",
        "tracker.example",
        "foreignObject",
        "hidden",
    ] {
        assert!(
            !svg.contains(gone),
            "`{gone}` is still in the EPUB's SVG:\n{svg}"
        );
    }
    epubcheck(&book);
}

#[test]
fn strict_fails_a_source_with_a_missing_image_and_writes_nothing() {
    let dir = folder();
    let output = run(dir.path(), &["build", "--strict", "notes.md"]);
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{messages}");
    assert!(
        messages.contains("imprint: error: notes.md: --strict"),
        "{messages}"
    );
    assert!(messages.contains("tides.png"), "{messages}");
    for name in ["notes.txt", "notes.pdf", "notes.epub"] {
        assert!(
            !dir.path().join("output").join(name).exists(),
            "{name} was written"
        );
    }
    // With the picture there, --strict passes.
    fs::copy(dir.path().join("map.svg"), dir.path().join("tides.png")).unwrap();
    let output = run(
        dir.path(),
        &["build", "--strict", "--format", "txt", "notes.md"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn dash_o_writes_exactly_the_file_named() {
    let dir = folder();
    let output = run(dir.path(), &["build", "notes.md", "-o", "out/handout.pdf"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(files_in(&dir.path().join("out")), ["handout.pdf"]);
    assert!(
        !dir.path().join("output").exists(),
        "no output folder besides"
    );
    let bytes = fs::read(dir.path().join("out/handout.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));

    // Usage mistakes exit 2 and say why.
    fs::write(dir.path().join("more.md"), "# More\n\nText.\n").unwrap();
    for (args, reason) in [
        (&["build", "notes.md", "-o", "handout.doc"][..], "extension"),
        (
            &["build", "notes.md", "more.md", "-o", "a.pdf"][..],
            "2 sources",
        ),
        (
            &["build", "notes.md", "--format", "txt", "-o", "a.pdf"][..],
            "--format",
        ),
        (
            &["build", "notes.md", "-o", "-"][..],
            "choose it with --format",
        ),
        (
            &[
                "build", "notes.md", "-o", "-", "--format", "txt", "--report", "json",
            ][..],
            "--report json",
        ),
    ] {
        let output = run(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(reason),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn standard_input_to_standard_output() {
    let dir = temp_dir();
    let listing = b"Harbour Institute\n\nCoastal Papers\n\nCounting Boats\n\nA method for counting boats from the quay.\n\nPaper\n";
    let output = run_with_input(
        dir.path(),
        &["build", "-", "-o", "-", "--format", "txt"],
        listing,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let digest = stdout(&output);
    assert!(digest.contains("Counting Boats"), "{digest}");
    assert!(digest.contains("counting boats from the quay"), "{digest}");

    let output = run_with_input(
        dir.path(),
        &["build", "-", "-o", "-", "--format", "pdf"],
        listing,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.starts_with(b"%PDF-"));
    assert!(files_in(dir.path()).is_empty(), "nothing written beside");

    // Markdown on standard input, outputs named `stdin` in the output folder;
    // a mistake names `stdin`.
    let output = run_with_input(
        dir.path(),
        &["build", "-", "--from", "md", "--format", "txt"],
        b"# Piped\n\nFrom a pipe.\n",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let digest = fs::read_to_string(dir.path().join("output/stdin.txt")).unwrap();
    assert!(digest.contains("From a pipe."), "{digest}");
    let output = run_with_input(dir.path(), &["build", "-", "--format", "txt"], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("imprint: error: stdin: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_project_file_overrides_the_built_in_one_file_by_file() {
    let dir = folder();
    fs::create_dir_all(dir.path().join("layouts/epub")).unwrap();
    fs::write(
        dir.path().join("layouts/epub/style.css"),
        "body { margin: 0 } /* ours */\n",
    )
    .unwrap();
    let output = run(
        dir.path(),
        &["-v", "build", "--format", "epub,txt", "notes.md"],
    );
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{messages}");
    assert!(
        messages.contains("using layouts/epub/style.css"),
        "{messages}"
    );
    assert!(
        messages.contains("using <built in>/layouts/digest.txt.hbs"),
        "{messages}"
    );
    let css = epub_entry(&dir.path().join("output/notes.epub"), |n| {
        n == "OEBPS/stylesheet.css"
    });
    assert!(css.contains("/* ours */"), "{css}");

    // Which files were used is part of the incremental key: removing the
    // project's stylesheet rebuilds the EPUB.
    fs::remove_file(dir.path().join("layouts/epub/style.css")).unwrap();
    let output = run(dir.path(), &["build", "--format", "epub,txt", "notes.md"]);
    assert!(
        stdout(&output).contains("wrote output/notes.epub"),
        "{}",
        stdout(&output)
    );

    // A named layouts folder that is not there is still an error.
    let output = run(dir.path(), &["build", "--layouts", "no-such", "notes.md"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no-such: the layouts folder does not exist"));
}

/// Waits for `done` to hold, at most `limit`.
fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    done()
}

struct Watching(Child);

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn watch_rebuilds_an_edited_source_and_stops_on_ctrl_c() {
    let dir = folder();
    let logs = temp_dir();
    let log = logs.path().join("watch.log");
    let child = command(dir.path(), &["watch", "--format", "txt", "notes.md"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut watching = Watching(child);
    let digest = dir.path().join("output/notes.txt");
    let read = |path: &Path| fs::read_to_string(path).unwrap_or_default();
    assert!(
        wait_for(Duration::from_secs(10), || read(&log).contains("watching")),
        "no first build: {}",
        read(&log)
    );
    assert!(read(&digest).contains("northern harbour"));

    fs::write(
        dir.path().join("notes.md"),
        NOTES.replace("northern", "southern"),
    )
    .unwrap();
    assert!(
        wait_for(Duration::from_secs(10), || read(&digest)
            .contains("southern harbour")),
        "the edit was not rebuilt: {}",
        read(&log)
    );
    assert!(
        wait_for(Duration::from_secs(2), || read(&log)
            .contains("ms after the save")),
        "{}",
        read(&log)
    );

    // Deleted and written again, as some editors save.
    fs::remove_file(dir.path().join("notes.md")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    fs::write(
        dir.path().join("notes.md"),
        NOTES.replace("northern", "eastern"),
    )
    .unwrap();
    assert!(
        wait_for(Duration::from_secs(10), || read(&digest)
            .contains("eastern harbour")),
        "not rebuilt after re-creation: {}",
        read(&log)
    );

    let pid = watching.0.id().to_string();
    run_tool("kill", &["-INT", &pid]);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = watching.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "watch did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(130), "{}", read(&log));
    let leftovers: Vec<String> = files_in(&dir.path().join("output"))
        .into_iter()
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
