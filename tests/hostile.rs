//! Hostile and broken input: each case runs the real binary on a bad file
//! next to a good one and checks what a user sees — a message naming the
//! file (and line) and what to do, the exit code, the good source still
//! written, no panic, no partial output, and no text lost without a log.
//!
//! Big inputs are generated into temporary folders, never committed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{copy_tree, have_tool, imprint, root, run_tool, sample, stderr, stdout, temp_dir};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

/// A sources folder holding a copy of the sample as `good.txt`, plus the
/// bad files a case adds, and an output folder beside it.
struct Case {
    dir: tempfile::TempDir,
    sources: PathBuf,
    out: PathBuf,
}

impl Case {
    fn new() -> Case {
        let dir = temp_dir();
        let sources = dir.path().join("sources");
        let out = dir.path().join("out");
        fs::create_dir(&sources).unwrap();
        fs::copy(sample(), sources.join("good.txt")).unwrap();
        Case { dir, sources, out }
    }

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.sources.join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    /// `imprint build` of the whole sources folder, in `formats()`.
    fn build(&self, extra: &[&str]) -> Output {
        let formats = formats();
        let mut args = vec![
            "build",
            "--format",
            &formats,
            "--out",
            self.out.to_str().unwrap(),
            self.sources.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let output = imprint(&args);
        assert_no_panic(&output);
        output
    }

    fn output(&self, stem: &str) -> Option<String> {
        fs::read_to_string(self.out.join(format!("{stem}.txt"))).ok()
    }

    /// The build exits 1 with a line naming the bad file and `reason`,
    /// writes the good source, leaves no output for the bad one and no
    /// temporary file.
    fn fails_alone(&self, output: &Output, bad: &Path, reason: &str) -> String {
        let messages = stderr(output);
        assert_eq!(output.status.code(), Some(1), "{messages}");
        let name = format!("{}: ", bad.display());
        let line = messages
            .lines()
            .find(|l| l.contains(&name))
            .unwrap_or_else(|| panic!("no message naming {name}:\n{messages}"));
        assert!(line.starts_with("imprint: error: "), "{line}");
        assert!(line.contains(reason), "expected `{reason}` in {line:?}");
        assert!(
            self.output("good").is_some(),
            "the good source was not written"
        );
        let stem = bad.file_stem().unwrap().to_str().unwrap();
        for format in formats().split(',') {
            let path = self.out.join(format!("{stem}.{format}"));
            assert!(!path.is_file(), "{stem} left an output: {}", path.display());
        }
        assert_no_temp_files(&self.out);
        line.to_string()
    }

    /// The build succeeds and the bad file's outputs are written; returns
    /// its digest.
    fn builds(&self, output: &Output, stem: &str) -> String {
        assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
        assert!(self.output("good").is_some());
        for format in formats().split(',') {
            let path = self.out.join(format!("{stem}.{format}"));
            assert!(path.exists(), "{} was not written", path.display());
        }
        assert_no_temp_files(&self.out);
        self.output(stem)
            .unwrap_or_else(|| panic!("{stem}.txt was not written"))
    }
}

/// The formats the cases build: the digest, plus any named in
/// `IMPRINT_HOSTILE_FORMATS` (`pdf,epub` once those backends are merged,
/// to run the whole catalogue through them too).
fn formats() -> String {
    match std::env::var("IMPRINT_HOSTILE_FORMATS") {
        Ok(extra) if !extra.trim().is_empty() => {
            let mut formats = vec!["txt".to_string()];
            formats.extend(
                extra
                    .split(',')
                    .map(|f| f.trim().to_string())
                    .filter(|f| f != "txt"),
            );
            formats.join(",")
        }
        _ => "txt".to_string(),
    }
}

fn assert_no_panic(output: &Output) {
    let messages = stderr(output);
    assert!(!messages.contains("panicked"), "{messages}");
    assert!(!messages.contains("RUST_BACKTRACE"), "{messages}");
}

/// No `.imprint-*.tmp` file is left behind: nothing half-written.
fn assert_no_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "a temporary file was left: {name}");
    }
}

fn assert_within_width(text: &str, width: usize) {
    for line in text.lines() {
        assert!(line.width() <= width, "wider than {width}: {line:?}");
    }
}

/// Occurrences of `word` as a whole word.
fn count_word(text: &str, word: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| *w == word)
        .count()
}

/// `imprint` run in `dir` (not the project root), killed after `limit`,
/// for cases that could hang or need their own current folder.
fn imprint_in(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let logs = temp_dir();
    let out_path = logs.path().join("stdout");
    let err_path = logs.path().join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_imprint"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("the imprint binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("imprint {args:?} did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = Output {
        status,
        stdout: fs::read(out_path).unwrap(),
        stderr: fs::read(err_path).unwrap(),
    };
    assert_no_panic(&output);
    output
}

fn layouts() -> String {
    root().join("layouts").display().to_string()
}

/// A small listing in the sample's layout with `title` and `summary`.
fn listing(title: &str, summary: &str) -> String {
    format!("Owner Name\n\nSeries Name\n\n{title}\n\n{summary}\n\nPaper\n")
}

/// Deterministic pseudo-random bytes (xorshift), so a failure repeats.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

// ---------------------------------------------------------------- empty

#[test]
fn an_empty_file_fails_alone() {
    let case = Case::new();
    let bad = case.file("empty.txt", "");
    let output = case.build(&[]);
    let line = case.fails_alone(&output, &bad, "the file is empty");
    assert!(line.contains("no text to build from"), "{line}");
}

#[test]
fn a_file_of_only_whitespace_fails_alone() {
    let case = Case::new();
    let bad = case.file("blank.md", " \n\t\n\r\n   \n");
    let output = case.build(&[]);
    case.fails_alone(&output, &bad, "the file is empty");
}

// ---------------------------------------------------------------- binary

#[test]
fn a_png_named_as_a_source_is_refused_as_binary() {
    let case = Case::new();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0".to_vec();
    png.extend(noise(600, 7));
    let bad = case.file("picture.txt", png);
    let output = case.build(&[]);
    let line = case.fails_alone(&output, &bad, "looks like binary data");
    assert!(line.contains("give imprint a .txt, .md or .json"), "{line}");
}

#[test]
fn random_bytes_are_refused_in_every_source_format() {
    let case = Case::new();
    let bad: Vec<PathBuf> = ["noise.txt", "noise2.md", "noise3.json"]
        .iter()
        .enumerate()
        .map(|(seed, name)| case.file(name, noise(4096, 99 + seed as u64)))
        .collect();
    let output = case.build(&[]);
    for file in &bad {
        case.fails_alone(&output, file, "binary data");
    }
}

// ---------------------------------------------------------------- encodings

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = (bom.then_some(0xfeff))
        .into_iter()
        .chain(text.encode_utf16());
    for unit in units {
        if big_endian {
            bytes.extend(unit.to_be_bytes());
        } else {
            bytes.extend(unit.to_le_bytes());
        }
    }
    bytes
}

#[test]
fn utf16_with_and_without_a_byte_order_mark_is_read() {
    let case = Case::new();
    let text = listing("Café Society in Zürich", "Naïve façades — “quoted”.");
    let cases = [
        ("le_bom", false, true, "UTF-16LE (byte-order mark)"),
        ("be_bom", true, true, "UTF-16BE (byte-order mark)"),
        ("le_plain", false, false, "UTF-16LE (no byte-order mark)"),
        ("be_plain", true, false, "UTF-16BE (no byte-order mark)"),
    ];
    for (stem, big, bom, _) in cases {
        case.file(&format!("{stem}.txt"), utf16(&text, big, bom));
    }
    let output = case.build(&[]);
    let messages = stderr(&output);
    for (stem, _, _, note) in cases {
        let digest = case.builds(&output, stem);
        assert!(
            digest.contains("Café Society in Zürich"),
            "{stem}: {digest}"
        );
        assert!(
            digest.contains("Naïve façades — “quoted”."),
            "{stem}: {digest}"
        );
        assert!(
            messages.contains(&format!("{stem}.txt: decoded as {note}")),
            "{stem}: no warning saying how it was read:\n{messages}"
        );
    }
}

#[test]
fn windows_1252_and_latin_1_are_decoded_with_a_warning() {
    let case = Case::new();
    // Windows-1252: curly quotes 0x93/0x94, en dash 0x96, é 0xE9.
    case.file(
        "cp1252.txt",
        b"Owner\n\nSeries\n\n\x93Quoted\x94 caf\xe9 \x96 title\n\nSome text.\n\nPaper\n",
    );
    // Latin-1: the same bytes for é, ï, ü, £, ©.
    case.file(
        "latin1.txt",
        b"Owner\n\nSeries\n\nNa\xefve r\xe9sum\xe9\n\nM\xfcller paid \xa35 \xa9.\n\nPaper\n",
    );
    let output = case.build(&[]);
    let digest = case.builds(&output, "cp1252");
    assert!(digest.contains("“Quoted” café – title"), "{digest}");
    let digest = case.builds(&output, "latin1");
    assert!(digest.contains("Naïve résumé"), "{digest}");
    assert!(digest.contains("Müller paid £5 ©."), "{digest}");
    let messages = stderr(&output);
    for name in ["cp1252.txt", "latin1.txt"] {
        assert!(
            messages.contains(&format!("{name}: not valid UTF-8; decoded as Windows-1252")),
            "{messages}"
        );
    }
}

// ---------------------------------------------------------------- control characters

#[test]
fn stray_nul_and_control_characters_are_never_written_to_the_digest() {
    let case = Case::new();
    let padding = "Plain words keep this paragraph long enough to be text. ".repeat(10);
    let summary = format!("{padding}Nul\0here, escape\x1b[31mred\x1b[0m, bell\x07, tab\there.");
    let path = case.file("controls.txt", listing("Control Title", &summary));
    let output = case.build(&[]);
    let digest = case.builds(&output, "controls");
    let controls: Vec<char> = digest
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(
        controls.is_empty(),
        "control characters in the digest: {controls:?}"
    );
    for word in ["Nul", "here", "escape", "31mred", "bell", "tab"] {
        assert!(count_word(&digest, word) >= 1, "lost `{word}`: {digest}");
    }
    assert_within_width(&digest, 72);
    // Each control character is either still in the model (for the digest
    // to show as U+FFFD) or its removal is counted in the repair log, which
    // shows them as `<U+0000>`.
    let model = model_text(&path, &[]);
    let log = repair_log(&path);
    let removed = ['\0', '\x1b', '\x07', '\x1b']
        .iter()
        .filter(|&&c| !model.contains(c))
        .count();
    let logged = log.iter().any(|r| {
        r["before"].as_str().unwrap().contains("<U+0000>")
            && r["why"]
                .as_str()
                .unwrap()
                .contains(&format!("control character ×{removed}"))
    });
    assert!(
        removed == 0 || logged,
        "controls removed without a log entry: {log:?}"
    );
}

#[test]
fn a_file_mostly_of_nul_bytes_is_refused_as_binary() {
    let case = Case::new();
    let bytes: Vec<u8> = listing("Title", "Some text")
        .bytes()
        .flat_map(|b| [b, 0, 0])
        .collect();
    let bad = case.file("nul.txt", bytes);
    let output = case.build(&[]);
    case.fails_alone(&output, &bad, "binary data");
}

/// The text of the model `imprint normalise` prints, as one string.
fn model_text(path: &Path, extra: &[&str]) -> String {
    let mut args = vec!["normalise", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = imprint(&args);
    assert_no_panic(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    let model: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut text = String::new();
    collect_strings(&model, &mut text);
    text
}

fn collect_strings(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// The repairs `imprint check --json` lists for one source.
fn repair_log(path: &Path) -> Vec<Value> {
    let output = imprint(&["check", "--json", path.to_str().unwrap()]);
    assert_no_panic(&output);
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", stderr(&output)));
    report["repairs"].as_array().unwrap().clone()
}

fn findings(path: &Path) -> (Option<i32>, String) {
    let output = imprint(&["check", path.to_str().unwrap()]);
    assert_no_panic(&output);
    (output.status.code(), stdout(&output))
}

// ---------------------------------------------------------------- size

/// A listing of `entries` entries whose summaries are `paragraph` twice,
/// each entry title numbered and each paragraph ending in `sentinel`.
fn big_listing(entries: usize, paragraph: &str) -> String {
    let mut text = String::from("Owner Name\n\nSeries Name\n\n");
    for n in 0..entries {
        text.push_str(&format!(
            "Entry Number {n}\n\n{paragraph} sentinel.\n\n{paragraph} sentinel.\n\nPaper\n\n"
        ));
    }
    text
}

fn words(count: usize) -> String {
    const WORDS: [&str; 8] = [
        "security",
        "governance",
        "trafficking",
        "policy",
        "analysis",
        "Europe",
        "prevention",
        "reform",
    ];
    (0..count)
        .map(|n| WORDS[(n * 7 + n / 3) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// 50 MB when the binary is optimised; 12 MB in a debug build, where the
/// digest's per-character width lookups run unoptimised (about 0.35 s per
/// MB on this machine) — still large enough to show linear behaviour.
#[test]
fn a_very_large_file_is_built_completely() {
    let megabytes = if cfg!(debug_assertions) { 12 } else { 50 };
    let paragraph = words(4000); // about 40 KB
    let entries = megabytes * 1024 * 1024 / (2 * paragraph.len());
    let case = Case::new();
    let text = big_listing(entries, &paragraph);
    case.file("big.txt", &text);
    let started = Instant::now();
    let output = case.build(&[]);
    let seconds = started.elapsed().as_secs_f64();
    let digest = case.builds(&output, "big");
    assert!(seconds < 120.0, "{megabytes} MB took {seconds:.1} s");
    assert!(digest.contains(&format!("{entries} publications")));
    assert!(digest.contains(&format!("Entry Number {}", entries - 1)));
    assert_eq!(
        count_word(&digest, "sentinel"),
        2 * entries,
        "text was lost"
    );
    assert_eq!(
        count_word(&digest, "governance"),
        count_word(&text, "governance")
    );
    assert_within_width(&digest, 72);
    eprintln!("{megabytes} MB ({entries} entries) built in {seconds:.1} s");
}

#[test]
fn a_single_five_megabyte_line_is_wrapped_without_loss() {
    let case = Case::new();
    let line = words(5 * 1024 * 1024 / 9);
    assert!(line.len() >= 5 * 1024 * 1024);
    case.file("line.txt", listing("One Long Line", &line));
    let output = case.build(&[]);
    let digest = case.builds(&output, "line");
    assert_within_width(&digest, 72);
    for word in ["security", "Europe", "reform"] {
        assert_eq!(count_word(&digest, word), count_word(&line, word), "{word}");
    }
}

/// Tokens the glue rules look into (dashes, brackets, quotes, digits,
/// capitals), a million bytes of them: built in linear time, nothing lost.
#[test]
fn a_megabyte_of_glue_like_tokens_is_repaired_in_linear_time() {
    let case = Case::new();
    let tokens = [
        "reforms\u{2013}notably",
        "budget).Despite",
        "of\u{2018}Security",
        "the2019",
        "UNpeacekeeping",
        "WITHREGARD",
        "derive(Error)",
        "1990\u{2013}2000",
    ];
    let line: Vec<&str> = (0..90_000).map(|n| tokens[n % tokens.len()]).collect();
    let line = line.join(" ");
    assert!(line.len() > 1_000_000);
    let source = case.file("glue.txt", listing("Glue Everywhere", &line));
    let started = Instant::now();
    let output = imprint_in(
        case.dir.path(),
        &["normalise", source.to_str().unwrap()],
        Duration::from_secs(60),
    );
    assert_no_panic(&output);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    // No spaced dash in the file, and a token written 11,250 times is the
    // file's own: all stay as written.
    for token in [
        "reforms\u{2013}notably",
        "budget).Despite",
        "WITHREGARD",
        "1990\u{2013}2000",
    ] {
        assert_eq!(text.matches(token).count(), 11_250, "{token}");
    }
    eprintln!(
        "1 MB of glue-like tokens in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn ten_thousand_entries_in_one_file_are_all_built() {
    let case = Case::new();
    let mut text = String::from("Owner Name\n\nSeries Name\n\n");
    for n in 0..10_000 {
        text.push_str(&format!("Title {n}\n\nSummary of entry {n}.\n\nReport\n\n"));
    }
    case.file("many.txt", text);
    let output = case.build(&[]);
    let digest = case.builds(&output, "many");
    assert!(digest.contains("10000 publications"));
    assert!(digest.contains("10000. Title 9999"));
    assert_eq!(count_word(&digest, "Summary"), 10_000);
}

// ---------------------------------------------------------------- structure

#[test]
fn an_entry_without_a_kind_label_is_kept_and_reported_with_its_line() {
    let case = Case::new();
    let path = case.file(
        "nokind.txt",
        "Owner\n\nSeries\n\nFirst Title\n\nText one.\n\nPaper\n\nLast Title\n\nText two.\n",
    );
    let output = case.build(&[]);
    let digest = case.builds(&output, "nokind");
    assert!(digest.contains("Last Title") && digest.contains("Text two."));
    let (code, report) = findings(&path);
    assert_eq!(code, Some(1), "check must ask for attention");
    assert!(
        report.contains(&format!(
            "{}:11: entry `Last Title` has no kind label",
            path.display()
        )),
        "{report}"
    );
}

/// Regression: the heading was dropped without a word.
#[test]
fn a_table_of_contents_with_nothing_after_it_is_reported() {
    let case = Case::new();
    let path = case.file(
        "toc.txt",
        "Owner\n\nSeries\n\nTitle\n\nSome text.\n\nTable of Contents\n\nPaper\n\nOther\n\nMore.\n\nContents:\n",
    );
    let output = case.build(&[]);
    let digest = case.builds(&output, "toc");
    assert!(digest.contains("Some text.") && digest.contains("More."));
    let (code, report) = findings(&path);
    assert_eq!(code, Some(1));
    for line in [9, 17] {
        assert!(
            report.contains(&format!(
                "{}:{line}: `Table of Contents` heading with no entries after it",
                path.display()
            )),
            "line {line}: {report}"
        );
    }
}

#[test]
fn numbering_that_skips_levels_is_kept_as_written() {
    let case = Case::new();
    let path = case.file(
        "skip.txt",
        "Owner\n\nSeries\n\nTitle\n\nText.\n\nTable of Contents\n\n1. Start\n2. Middle\n2.1.1. Deep\n7. Late\n\nPaper\n",
    );
    let output = case.build(&[]);
    let digest = case.builds(&output, "skip");
    assert!(digest.contains("\n      2.1.1. Deep\n"), "{digest}");
    assert!(digest.contains("\n  7. Late\n"), "{digest}");
    let model = imprint(&["normalise", path.to_str().unwrap()]);
    let model: Value = serde_json::from_slice(&model.stdout).unwrap();
    let contents = &model["publications"][0]["contents"];
    assert_eq!(contents[2]["number"], "2.1.1");
    assert_eq!(contents[2]["level"], 3);
    assert_eq!(contents[3]["number"], "7");
}

#[test]
fn a_title_of_two_thousand_characters_is_wrapped_whole() {
    let case = Case::new();
    let title = words(220);
    let title = &title[..title[..2000].rfind(' ').unwrap()];
    let unbroken = "x".repeat(2000);
    case.file("long.txt", listing(title, "Short."));
    case.file("unbroken.txt", listing(&unbroken, "Short."));
    let output = case.build(&[]);
    let digest = case.builds(&output, "long");
    assert_within_width(&digest, 72);
    assert_eq!(
        count_word(&digest, "governance"),
        count_word(title, "governance")
    );
    let digest = case.builds(&output, "unbroken");
    assert_within_width(&digest, 72);
    let xs: usize = digest.matches('x').count();
    assert!(xs >= 2000, "the long word lost letters ({xs})");
}

// ---------------------------------------------------------------- specials

const SPECIALS: &str = r#"& < > " ' ]]> ( ) \ &amp; <b>x</b> %PDF ${x} {{title}}"#;

/// A model with the specials in every field that holds text.
fn specials_model() -> Value {
    let s = SPECIALS;
    serde_json::json!({
        "title": format!("Title {s}"),
        "owner": format!("Owner {s}"),
        "language": "en-GB",
        "date": format!("Date {s}"),
        "publications": [{
            "title": format!("Entry {s}"),
            "subtitle": format!("Subtitle {s}"),
            "authors": [format!("Author {s}")],
            "series": format!("Series {s}"),
            "kind": format!("Kind {s}"),
            "summary": [
                {"type": "paragraph", "inlines": [
                    {"type": "text", "text": format!("Text {s}")},
                    {"type": "emphasis", "inlines": [{"type": "text", "text": format!("Em {s}")}]},
                    {"type": "strong", "inlines": [{"type": "text", "text": format!("Strong {s}")}]},
                    {"type": "code", "text": format!("Code {s}")},
                    {"type": "link", "url": "https://example.org/?a=1&b=<2>\"'", "inlines": [{"type": "text", "text": format!("Link {s}")}]},
                ]},
                {"type": "heading", "level": 2, "inlines": [{"type": "text", "text": format!("Heading {s}")}]},
                {"type": "list", "ordered": false, "items": [[{"type": "paragraph", "inlines": [{"type": "text", "text": format!("Item {s}")}]}]]},
                {"type": "quote", "blocks": [{"type": "paragraph", "inlines": [{"type": "text", "text": format!("Quote {s}")}]}]},
            ],
            "contents": [{"number": "1", "level": 1, "title": format!("Section {s}")}],
            "notes": [format!("Note {s}")],
        }]
    })
}

const SPECIAL_FIELDS: [&str; 16] = [
    "Title", "Owner", "Date", "Entry", "Subtitle", "Author", "Series", "Kind", "Text", "Em",
    "Strong", "Code", "Link", "Heading", "Item", "Quote",
];

#[test]
fn xml_and_pdf_specials_in_every_field_reach_the_digest_verbatim() {
    let case = Case::new();
    case.file(
        "specials.json",
        serde_json::to_string_pretty(&specials_model()).unwrap(),
    );
    let s = SPECIALS;
    case.file(
        "specials_listing.txt",
        format!("Owner {s}\n\nSeries {s}\n\nEntry {s}\n\nText {s}\n\nTable of Contents\n\n1. Section {s}\n\nPaper\n"),
    );
    // Wide enough that no special is wrapped away from its field's name.
    let output = case.build(&["--width", "1000"]);
    let digest = case.builds(&output, "specials");
    for field in SPECIAL_FIELDS.iter().chain(&["Section", "Note"]) {
        assert!(
            digest.contains(&format!("{field} {s}")),
            "{field} lost its specials:\n{digest}"
        );
    }
    let digest = case.builds(&output, "specials_listing");
    for field in ["Owner", "Series", "Entry", "Text", "Section"] {
        assert!(
            digest.contains(&format!("{field} {s}")),
            "{field}:\n{digest}"
        );
    }
}

#[test]
fn xml_and_pdf_specials_are_escaped_in_the_epub_and_the_pdf() {
    let case = Case::new();
    case.file(
        "specials.json",
        serde_json::to_string_pretty(&specials_model()).unwrap(),
    );
    let output = imprint(&[
        "build",
        "--format",
        "pdf,epub",
        "--out",
        case.out.to_str().unwrap(),
        case.sources.to_str().unwrap(),
    ]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pdf = case.out.join("specials.pdf");
    let epub = case.out.join("specials.epub");
    if have_tool("pdftotext", "poppler-utils") {
        let text = run_tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in ["&", "<b>x</b>", "]]>", "( )", "\\", "%PDF", "{{title}}"] {
            assert!(flat.contains(needle), "pdf lost {needle:?}:\n{flat}");
        }
    }
    if have_tool("qpdf", "qpdf") {
        run_tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    }
    if have_tool("epubcheck", "epubcheck") {
        // epubcheck parses every XHTML file: an unescaped `<` or `&` fails it.
        run_tool(
            "java",
            &["-jar", "/usr/bin/epubcheck", epub.to_str().unwrap()],
        );
    }
}

#[test]
fn right_to_left_cjk_and_emoji_are_kept_and_fit_the_width() {
    let case = Case::new();
    let summary = "مرحبا بالعالم. שלום עולם. 漢字かな交じり文、한국어 텍스트。 Emoji: 😀🎉👩\u{200d}👩\u{200d}👧 🦀 ❤\u{fe0f} 🇬🇧.";
    case.file("scripts.txt", listing("عنوان 标题 🦀", &summary.repeat(6)));
    let output = case.build(&["--width", "40"]);
    let digest = case.builds(&output, "scripts");
    assert!(digest.contains("عنوان 标题 🦀"));
    let flat: String = digest.split_whitespace().collect();
    let expected: String = summary.split_whitespace().collect();
    assert!(flat.contains(&expected), "{digest}");
    assert_within_width(&digest, 40);
}

#[test]
fn characters_no_font_has_are_warned_about_in_the_pdf_not_dropped() {
    let case = Case::new();
    case.file(
        "scripts.txt",
        listing("Emoji 🦀 and 漢字", "Text with 😀 and שלום."),
    );
    let output = imprint(&[
        "build",
        "--format",
        "pdf,epub",
        "--out",
        case.out.to_str().unwrap(),
        case.sources.to_str().unwrap(),
    ]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let messages = stderr(&output);
    assert!(
        messages.contains("warning") && messages.contains("scripts.txt"),
        "a glyph no font has must be warned about, naming the source:\n{messages}"
    );
    assert!(case.out.join("scripts.pdf").exists());
    assert!(case.out.join("scripts.epub").exists());
}

// ---------------------------------------------------------------- markdown

#[test]
fn a_markdown_image_that_leaves_the_sources_folder_is_refused() {
    let case = Case::new();
    let up = case.file("up.md", "# Up\n\nText.\n\n![secret](../../etc/passwd)\n");
    let absolute = case.file("absolute.md", "# Abs\n\n![secret](/etc/passwd)\n");
    let nested = case.file(
        "nested.md",
        "# Nested\n\n> - ![x](sub/../../../outside.png)\n",
    );
    let output = case.build(&[]);
    for bad in [&up, &absolute, &nested] {
        case.fails_alone(&output, bad, "is outside the sources folder");
    }
}

#[test]
fn a_markdown_image_linked_to_a_file_outside_is_refused() {
    let case = Case::new();
    let outside = case.dir.path().join("outside.png");
    fs::write(&outside, b"\x89PNG\r\n\x1a\n").unwrap();
    std::os::unix::fs::symlink(&outside, case.sources.join("inside.png")).unwrap();
    let bad = case.file("linked.md", "# Linked\n\n![x](inside.png)\n");
    let output = case.build(&[]);
    case.fails_alone(&output, &bad, "leads outside the sources folder");
}

/// Regression: model JSON's images were not checked at all, so a model
/// could point a backend at any file on the machine.
#[test]
fn a_model_json_image_that_leaves_the_sources_folder_is_refused() {
    let case = Case::new();
    let model = serde_json::json!({
        "title": "T",
        "publications": [{"title": "P", "summary": [
            {"type": "list", "ordered": false, "items": [[
                {"type": "image", "src": "../../../../etc/passwd", "alt": "secret"}
            ]]}
        ]}]
    });
    let bad = case.file("model.json", model.to_string());
    let output = case.build(&[]);
    case.fails_alone(&output, &bad, "is outside the sources folder");
}

/// Regression: a Markdown file given by a bare name (`notes.md`, folder "")
/// failed with a bare "No such file or directory" for an image beside it.
#[test]
fn a_markdown_image_beside_a_source_in_the_current_folder_is_found() {
    let case = Case::new();
    fs::write(case.sources.join("pic.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    case.file("notes.md", "# Notes\n\nText.\n\n![a picture](pic.png)\n");
    let layouts = layouts();
    let output = imprint_in(
        &case.sources,
        &[
            "build",
            "--format",
            "txt",
            "--layouts",
            &layouts,
            "--out",
            "../out",
            "notes.md",
        ],
        Duration::from_secs(30),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let digest = case.output("notes").unwrap();
    assert!(digest.contains("[image: a picture]"), "{digest}");
}

/// A picture that is missing or cannot be decoded does not fail the
/// source: a warning names the reference's file and line, and every format
/// shows the description instead; --strict makes it fail the source.
#[test]
fn a_missing_or_broken_image_is_a_warning_with_its_line() {
    let case = Case::new();
    fs::write(case.sources.join("broken.png"), noise(300, 5)).unwrap();
    fs::write(case.sources.join("broken.svg"), "<svg><g></svg>").unwrap();
    // Entities that would expand to gigabytes.
    let mut laughs =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a0 \"lol\">\n");
    for i in 1..10 {
        let previous = format!("&a{};", i - 1);
        laughs.push_str(&format!("<!ENTITY a{i} \"{}\">\n", previous.repeat(10)));
    }
    laughs.push_str("]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>&a9;</text></svg>\n");
    fs::write(case.sources.join("laughs.svg"), laughs).unwrap();
    let source = case.file(
        "pictures.md",
        "# Pictures\n\nText.\n\n![gone](missing.png)\n\n![noise](broken.png)\n\n![bad drawing](broken.svg)\n\n![laughing](laughs.svg)\n",
    );
    let project = root().join("layouts");
    let args = [
        "build",
        "--format",
        "txt,pdf,epub",
        "--layouts",
        project.to_str().unwrap(),
        "--out",
        case.out.to_str().unwrap(),
        source.to_str().unwrap(),
    ];
    let output = imprint_in(case.dir.path(), &args, Duration::from_secs(120));
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{messages}");
    let file = source.display().to_string();
    for (line, src) in [(5, "missing.png"), (7, "broken.png"), (9, "broken.svg")] {
        let expected = format!("{file}:{line}: image `{src}`");
        assert!(messages.contains(&expected), "{expected}:\n{messages}");
    }
    let digest = case.output("pictures").unwrap();
    for alt in ["gone", "noise", "bad drawing", "laughing"] {
        assert!(digest.contains(&format!("[image: {alt}]")), "{digest}");
    }
    if have_tool("pdftotext", "poppler-utils") {
        let pdf = case.out.join("pictures.pdf");
        let text = run_tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        for alt in ["gone", "noise", "bad drawing"] {
            assert!(text.contains(&format!("[image: {alt}]")), "{text}");
        }
    }
    assert!(case.out.join("pictures.epub").is_file());

    let mut strict = args.to_vec();
    strict.push("--strict");
    fs::remove_dir_all(&case.out).unwrap();
    let output = imprint_in(case.dir.path(), &strict, Duration::from_secs(120));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!case.out.join("pictures.txt").exists());
}

/// Standard input is a source like any other: binary data is refused with
/// `stdin` named.
#[test]
fn binary_data_on_standard_input_is_refused_naming_stdin() {
    let dir = temp_dir();
    let mut child = Command::new(env!("CARGO_BIN_EXE_imprint"))
        .args(["build", "-", "--format", "txt"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &noise(5000, 9)).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("imprint: error: stdin: "),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("output/stdin.txt").exists());
}

/// Raw HTML that never closes, marks to missing notes, a note that marks
/// itself, table rows of the wrong length, an endless comment: the text is
/// kept, the markup is not, and `check` names what was removed.
#[test]
fn broken_markdown_markup_keeps_its_text() {
    let case = Case::new();
    fs::copy(
        root().join("tests/fixtures/hostile/markup.md"),
        case.sources.join("markup.md"),
    )
    .unwrap();
    let output = case.build(&[]);
    let digest = case.builds(&output, "markup");
    let joined = digest.replace('\n', " ");
    for kept in [
        "An ^unclosed superscript and a bold that never ends.",
        "A closing with no opening, a script link,", // one space where a tag was
        "alert(\"kept as text\") element.",
        "A mark to nothing[^missing] and a mark to itself[1].",
        "[1] This note points at itself[^self] and stays text.",
    ] {
        assert!(joined.contains(kept), "{kept:?} not in\n{digest}");
    }
    for cell in ["a", "b", "c", "d", "e"] {
        assert!(
            digest
                .lines()
                .any(|l| l.split_whitespace().any(|w| w == cell)),
            "cell {cell} lost:\n{digest}"
        );
    }
    for markup in ["<", "never ends\n\nA closing", "comment that never ends"] {
        assert!(!digest.contains(markup), "{markup:?} in\n{digest}");
    }
    let check = imprint(&["check", case.sources.join("markup.md").to_str().unwrap()]);
    let found = stdout(&check) + &stderr(&check);
    assert!(
        found.contains("markup.md:5: HTML tag <script> removed"),
        "{found}"
    );
    assert!(found.contains("HTML comment dropped"), "{found}");
}

/// Huge constructs stay linear: a 1 MB code line, a table 5,000 columns
/// wide, 20,000 footnotes and HTML tags nested 20,000 deep.
#[test]
fn huge_markdown_constructs_are_read_and_rendered_in_time() {
    let case = Case::new();
    case.file(
        "code.md",
        format!("# Code\n\n```\n{}\n```\n", "x = y; ".repeat(150_000)),
    );
    let columns = 5_000;
    case.file(
        "table.md",
        format!(
            "# Table\n\n|{}\n|{}\n|{}\n",
            "h |".repeat(columns),
            "--|".repeat(columns),
            "cell |".repeat(columns)
        ),
    );
    let notes: String = (0..20_000).map(|i| format!("word[^n{i}] ")).collect();
    let definitions: String = (0..20_000)
        .map(|i| format!("[^n{i}]: note {i}\n\n"))
        .collect();
    case.file("notes.md", format!("# Notes\n\n{notes}\n\n{definitions}"));
    case.file(
        "nested.md",
        format!(
            "# Nested\n\n{}deep{}\n",
            "<sup>".repeat(20_000),
            "</sup>".repeat(20_000)
        ),
    );
    let args = [
        "build",
        "--format",
        "txt",
        "--layouts",
        &layouts(),
        "--out",
        case.out.to_str().unwrap(),
        case.sources.to_str().unwrap(),
    ];
    let output = imprint_in(case.dir.path(), &args, Duration::from_secs(60));
    let digest = case.builds(&output, "code");
    // The long line is cut at the width, each piece after the first marked `↪`.
    let code: String = digest
        .lines()
        .filter_map(|l| l.strip_prefix("    "))
        .map(|l| l.strip_prefix("↪ ").unwrap_or(l))
        .collect();
    assert_eq!(code, "x = y; ".repeat(150_000).trim_end());
    let digest = case.builds(&output, "table");
    assert_eq!(digest.matches("cell").count(), columns);
    let digest = case.builds(&output, "notes");
    assert!(
        digest.contains("[20000] note 19999"),
        "{}",
        &digest[digest.len() - 200..]
    );
    let digest = case.builds(&output, "nested");
    assert!(digest.contains("deep"));
}

/// Regression: an image alone in a tight list item was dropped (and so
/// never checked against the sources folder).
#[test]
fn a_markdown_image_alone_in_a_list_item_is_kept() {
    let case = Case::new();
    fs::write(case.sources.join("pic.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    case.file(
        "items.md",
        "# Items\n\n- ![first picture](pic.png)\n- text\n\n> - ![quoted picture](pic.png)\n",
    );
    let output = case.build(&[]);
    let digest = case.builds(&output, "items");
    assert!(digest.contains("- [image: first picture]"), "{digest}");
    assert!(digest.contains("> - [image: quoted picture]"), "{digest}");
}

/// Regression: lists nested deeper than the reader keeps were flattened
/// with their items' words glued together (`item25item26`).
#[test]
fn a_thousand_nested_lists_and_quotes_keep_every_word_apart() {
    let case = Case::new();
    let lists: String = (0..1000)
        .map(|n| format!("{}- item{n}\n", "  ".repeat(n)))
        .collect();
    let quotes = format!("{}deep quote\n", "> ".repeat(1000));
    let mixed: String = (0..1000)
        .map(|n| format!("{}word{n}\n", "> - ".repeat(n % 50 + 1)))
        .collect();
    case.file("lists.md", format!("# Lists\n\n{lists}"));
    case.file(
        "quotes.md",
        format!("# Quotes\n\n{quotes}\n\n# Mixed\n\n{mixed}"),
    );
    // `item0` is left alone: the repairs would rightly split a word glued to a number.
    let output = case.build(&["--no-repair"]);
    let digest = case.builds(&output, "lists");
    for n in 0..1000 {
        assert_eq!(
            count_word(&digest, &format!("item{n}")),
            1,
            "item{n}:\n{digest}"
        );
    }
    let digest = case.builds(&output, "quotes");
    assert!(digest.contains("deep quote"));
    assert_within_width(&digest, 72);
    for n in (0..1000).step_by(37) {
        assert!(
            count_word(&digest, &format!("word{n}")) >= 1,
            "word{n} lost"
        );
    }
}

#[test]
fn malformed_front_matter_is_named_with_its_line() {
    let case = Case::new();
    let syntax = case.file(
        "syntax.md",
        "---\ntitle: ok\nauthor: [unclosed\n---\n# T\n\nx\n",
    );
    let types = case.file("types.md", "---\ntitle: {nested: map}\n---\n# T\n\nx\n");
    let open = case.file("open.md", "---\ntitle: never closed\n\n# T\n\nx\n");
    let tabs = case.file("tabs.md", "---\ntitle: x\n\tauthor: y\n---\n# T\n\nx\n");
    let output = case.build(&[]);
    let line = case.fails_alone(&output, &syntax, "malformed front matter");
    assert!(line.contains("line "), "{line}");
    let line = case.fails_alone(&output, &types, "line 2: malformed front matter");
    assert!(line.contains("expected a string"), "{line}");
    // Regression: the parser's own positions counted from the line after
    // `---`, one less than the file's (`line 2: ... at line 1 column 8`).
    assert!(line.contains("at line 2 column 8"), "{line}");
    let line = case.fails_alone(
        &output,
        &open,
        "line 1: front matter opened with `---` is never closed",
    );
    assert!(line.contains("end it with a `---` line"), "{line}");
    case.fails_alone(&output, &tabs, "malformed front matter");
}

// ---------------------------------------------------------------- model JSON

#[test]
fn model_json_with_wrong_types_or_extra_fields_is_named_with_line_and_column() {
    let case = Case::new();
    let wrong = case.file(
        "wrong.json",
        "{\n  \"title\": \"T\",\n  \"publications\": 5\n}",
    );
    let inner = case.file(
        "inner.json",
        "{\"title\": \"T\", \"publications\": [{\"title\": \"P\", \"summary\": [{\"type\": \"paragraph\", \"inlines\": \"text\"}]}]}",
    );
    let extra = case.file(
        "extra.json",
        "{\"title\": \"T\", \"colour\": \"red\", \"publications\": []}",
    );
    let extra_inner = case.file(
        "extra_inner.json",
        "{\"title\": \"T\", \"publications\": [{\"title\": \"P\", \"rating\": 5}]}",
    );
    let truncated = case.file(
        "truncated.json",
        "{\"title\": \"T\", \"publications\": [{\"ti",
    );
    let empty = case.file("nothing.json", "{\"title\": \"T\", \"publications\": []}");
    let output = case.build(&[]);
    let line = case.fails_alone(&output, &wrong, "not imprint model JSON: invalid type");
    assert!(line.contains("line 3 column"), "{line}");
    case.fails_alone(&output, &inner, "not imprint model JSON");
    case.fails_alone(&output, &extra, "unknown field `colour`");
    case.fails_alone(&output, &extra_inner, "unknown field `rating`");
    case.fails_alone(&output, &truncated, "not imprint model JSON: EOF");
    let line = case.fails_alone(&output, &empty, "no publications found");
    assert!(line.contains("`publications` list is empty"), "{line}");
}

#[test]
fn deeply_nested_model_json_is_refused_not_a_stack_overflow() {
    let case = Case::new();
    let depth = 100_000;
    let deep = format!(
        "{{\"title\": \"T\", \"publications\": [{{\"title\": \"P\", \"summary\": {}{}}}]}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let bad = case.file("deep.json", deep);
    let blocks = format!(
        "{{\"title\": \"T\", \"publications\": [{{\"title\": \"P\", \"summary\": [{}{}]}}]}}",
        "{\"type\": \"quote\", \"blocks\": [".repeat(200),
        "]}".repeat(200)
    );
    let quotes = case.file("quotes.json", blocks);
    let output = case.build(&[]);
    case.fails_alone(&output, &bad, "not imprint model JSON");
    case.fails_alone(&output, &quotes, "recursion limit exceeded");
}

// ---------------------------------------------------------------- folders and files

/// Regression: a `.txt` that is a symlink loop was skipped without a word.
#[test]
fn a_symlink_loop_in_the_sources_folder_is_named_and_the_rest_built() {
    let case = Case::new();
    let sources = case.sources.clone();
    std::os::unix::fs::symlink("loop-b.txt", sources.join("loop-a.txt")).unwrap();
    std::os::unix::fs::symlink("loop-a.txt", sources.join("loop-b.txt")).unwrap();
    fs::create_dir(sources.join("folder")).unwrap();
    std::os::unix::fs::symlink("..", sources.join("folder/up")).unwrap();
    std::os::unix::fs::symlink(".", sources.join("self.txt")).unwrap();
    let args = [
        "build",
        "--format",
        "txt",
        "--layouts",
        &layouts(),
        "--out",
        case.out.to_str().unwrap(),
        sources.to_str().unwrap(),
    ];
    let output = imprint_in(case.dir.path(), &args, Duration::from_secs(60));
    for name in ["loop-a.txt", "loop-b.txt"] {
        let line = case.fails_alone(&output, &sources.join(name), "cannot read the file");
        assert!(line.contains("symbolic links"), "{line}");
    }
    assert!(
        !stderr(&output).contains("self.txt"),
        "a folder link is no source"
    );
}

/// Regression: a device or pipe given as a source was read forever.
#[test]
fn a_device_given_as_a_source_is_refused_not_read_forever() {
    let case = Case::new();
    std::os::unix::fs::symlink("/dev/zero", case.sources.join("zero.txt")).unwrap();
    let args = [
        "build",
        "--format",
        "txt",
        "--layouts",
        &layouts(),
        "--out",
        case.out.to_str().unwrap(),
        case.sources.to_str().unwrap(),
    ];
    let output = imprint_in(case.dir.path(), &args, Duration::from_secs(60));
    case.fails_alone(
        &output,
        &case.sources.join("zero.txt"),
        "not a regular file",
    );
    let output = imprint_in(
        case.dir.path(),
        &["normalise", "--from", "txt", "/dev/zero"],
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("/dev/zero: not a regular file"),
        "{}",
        stderr(&output)
    );
}

/// Whether this process can write where permissions forbid it (root).
fn permissions_are_ignored(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    fs::create_dir(&probe).unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o555)).unwrap();
    let ignored = fs::write(probe.join("x"), "x").is_ok();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o755)).unwrap();
    ignored
}

#[test]
fn an_output_folder_that_cannot_be_written_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let case = Case::new();
    // An output path that is a regular file stops writes even for root.
    let file = case.dir.path().join("a-file");
    fs::write(&file, "keep me").unwrap();
    let output = imprint(&[
        "build",
        "--format",
        "txt",
        "--out",
        file.to_str().unwrap(),
        case.sources.to_str().unwrap(),
    ]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
    let messages = stderr(&output);
    assert!(
        messages.contains(&format!(
            "{}: cannot create the output folder",
            file.display()
        )),
        "{messages}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");

    // A read-only folder, where permissions count.
    if permissions_are_ignored(case.dir.path()) {
        eprintln!("skipped the read-only folder part: this user writes through permissions (root)");
        return;
    }
    fs::create_dir(&case.out).unwrap();
    fs::set_permissions(&case.out, fs::Permissions::from_mode(0o555)).unwrap();
    let output = case.build(&[]);
    fs::set_permissions(&case.out, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot write in this folder"),
        "{}",
        stderr(&output)
    );
    assert_no_temp_files(&case.out);
}

#[test]
fn an_output_name_taken_by_a_folder_fails_that_source_alone() {
    let case = Case::new();
    let bad = case.file("taken.txt", listing("Title", "Text."));
    fs::create_dir_all(case.out.join("taken.txt")).unwrap();
    let output = case.build(&[]);
    let line = case.fails_alone(&output, &bad, "cannot write");
    assert!(line.contains("taken.txt"), "{line}");
}

#[test]
fn an_output_symlink_is_replaced_never_written_through() {
    let case = Case::new();
    let outside = case.dir.path().join("outside.txt");
    let manifest_outside = case.dir.path().join("outside.json");
    fs::write(&outside, "must not change").unwrap();
    fs::write(&manifest_outside, "must not change either").unwrap();
    fs::create_dir(&case.out).unwrap();
    std::os::unix::fs::symlink(&outside, case.out.join("good.txt")).unwrap();
    std::os::unix::fs::symlink(&manifest_outside, case.out.join(".imprint-manifest.json")).unwrap();
    let output = case.build(&[]);
    case.builds(&output, "good");
    assert_eq!(fs::read_to_string(&outside).unwrap(), "must not change");
    assert_eq!(
        fs::read_to_string(&manifest_outside).unwrap(),
        "must not change either"
    );
    let written = fs::symlink_metadata(case.out.join("good.txt")).unwrap();
    assert!(
        written.file_type().is_file(),
        "the output is a file of its own"
    );
}

// ---------------------------------------------------------------- layouts

fn broken_layouts(template: &str) -> tempfile::TempDir {
    let dir = temp_dir();
    copy_tree(&root().join("layouts"), dir.path());
    fs::write(dir.path().join("digest.txt.hbs"), template).unwrap();
    dir
}

/// Layout files missing from a layouts folder are the built-in ones, file
/// by file; a folder that was named but is not there stops the build.
#[test]
fn an_empty_layouts_folder_builds_with_the_built_in_files() {
    let case = Case::new();
    let layouts = temp_dir();
    let output = case.build(&["--layouts", layouts.path().to_str().unwrap()]);
    let digest = case.builds(&output, "good");
    assert!(digest.contains("publication"), "{digest}");
}

#[test]
fn a_layouts_folder_that_does_not_exist_stops_the_build_before_any_output() {
    let case = Case::new();
    let layouts = case.dir.path().join("no-such-layouts");
    let output = case.build(&["--layouts", layouts.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let messages = stderr(&output);
    assert!(
        messages.contains(&format!(
            "{}: the layouts folder does not exist",
            layouts.display()
        )),
        "{messages}"
    );
    assert!(
        !case.out.exists(),
        "nothing is created when the layouts folder is missing"
    );
}

#[test]
fn a_broken_layout_template_is_named_with_its_line() {
    let case = Case::new();
    let layouts = broken_layouts("{{title}}\n{{#each publications}}\n{{title}\n{{/each}}\n");
    let output = case.build(&["--layouts", layouts.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let messages = stderr(&output);
    let template = layouts.path().join("digest.txt.hbs");
    assert!(
        messages.contains(&format!(
            "{}: cannot load the digest template",
            template.display()
        )),
        "{messages}"
    );
    assert!(
        messages.contains(":3:"),
        "the line of the mistake: {messages}"
    );
    assert!(!case.out.exists());
}

#[test]
fn a_layout_template_that_fails_while_rendering_leaves_no_output() {
    let case = Case::new();
    let layouts = broken_layouts("{{title}}\n{{> no_such_partial}}\n");
    let output = case.build(&["--layouts", layouts.path().to_str().unwrap()]);
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{messages}");
    let good = case.sources.join("good.txt");
    assert!(
        messages.contains(&format!(
            "{}: cannot render txt: the digest template failed",
            good.display()
        )),
        "{messages}"
    );
    assert!(case.output("good").is_none());
    assert_no_temp_files(&case.out);
}

// ---------------------------------------------------------------- fonts and covers

/// An imprint project (sources, layouts, fonts) in a temporary folder, to
/// damage without touching the repository.
fn project_copy() -> tempfile::TempDir {
    let dir = temp_dir();
    for folder in ["layouts", "fonts"] {
        copy_tree(&root().join(folder), &dir.path().join(folder));
    }
    fs::create_dir(dir.path().join("sources")).unwrap();
    fs::copy(sample(), dir.path().join("sources/good.txt")).unwrap();
    dir
}

#[test]
fn a_missing_font_file_is_named_before_any_output() {
    let project = project_copy();
    let font = project.path().join("fonts/NotoSerif-Regular.ttf");
    fs::remove_file(&font).unwrap();
    let output = imprint_in(
        project.path(),
        &["build", "--format", "pdf"],
        Duration::from_secs(120),
    );
    assert_eq!(output.status.code(), Some(1));
    let messages = stderr(&output);
    assert!(messages.contains("NotoSerif-Regular.ttf"), "{messages}");
    assert!(!project.path().join("output/good.pdf").exists());

    // A font file that is not a font.
    fs::write(&font, noise(5000, 3)).unwrap();
    let output = imprint_in(
        project.path(),
        &["build", "--format", "pdf"],
        Duration::from_secs(120),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("NotoSerif-Regular.ttf"),
        "{}",
        stderr(&output)
    );
    assert!(!project.path().join("output/good.pdf").exists());
}

/// A user's cover sits beside the source as `<stem>.cover.png|.jpg`; here
/// both hold corrupt image bytes. A corrupt cover is either named in an error,
/// or warned about with the generated cover used instead.
#[test]
fn a_corrupt_cover_image_is_named_or_replaced() {
    let project = project_copy();
    for name in ["good.cover.png", "good.cover.jpg"] {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend(noise(2000, 11));
        fs::write(project.path().join("sources").join(name), bytes).unwrap();
    }
    let output = imprint_in(
        project.path(),
        &["build", "--format", "epub,pdf"],
        Duration::from_secs(120),
    );
    let messages = stderr(&output);
    match output.status.code() {
        Some(0) => {
            assert!(
                messages.contains("cover"),
                "a corrupt cover must be warned about: {messages}"
            );
            assert!(project.path().join("output/good.epub").exists());
        }
        Some(1) => {
            assert!(messages.contains("cover"), "{messages}");
            assert!(!project.path().join("output/good.epub").exists());
        }
        other => panic!("exit {other:?}: {messages}"),
    }
}

// ---------------------------------------------------------------- links and reach

#[test]
fn javascript_and_file_links_are_kept_as_text_only_in_the_digest() {
    let case = Case::new();
    case.file(
        "links.md",
        "# Links\n\nSee [the report](javascript:alert(1)) and [the file](file:///etc/passwd) and <javascript:alert(2)>.\n",
    );
    let output = case.build(&[]);
    let digest = case.builds(&output, "links");
    assert!(
        digest.contains("See the report and the file and"),
        "{digest}"
    );
    assert!(!digest.contains("root:"), "a file: link was followed");
}

#[test]
fn javascript_and_file_links_are_not_clickable_in_the_pdf_or_the_epub() {
    let case = Case::new();
    case.file(
        "links.md",
        "# Links\n\nSee [the report](javascript:alert(1)), [the file](file:///etc/passwd), [data](data:text/html,x) and [a site](https://example.org/).\n",
    );
    let output = imprint(&[
        "build",
        "--format",
        "pdf,epub",
        "--out",
        case.out.to_str().unwrap(),
        case.sources.to_str().unwrap(),
    ]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    if have_tool("qpdf", "qpdf") {
        // Uncompressed, with no object streams, every link action is text.
        let plain = case.dir.path().join("links-plain.pdf");
        let pdf = case.out.join("links.pdf");
        run_tool(
            "qpdf",
            &[
                "--qdf",
                "--object-streams=disable",
                pdf.to_str().unwrap(),
                plain.to_str().unwrap(),
            ],
        );
        let pdf = String::from_utf8_lossy(&fs::read(plain).unwrap()).to_lowercase();
        // A link is a `/URI (...)` action; its text may still be printed.
        for scheme in ["javascript:", "file:", "data:"] {
            let action = format!("/uri ({scheme}");
            assert!(!pdf.contains(&action), "the pdf links {scheme}");
        }
        assert!(
            !pdf.contains("/javascript") && !pdf.contains("/launch"),
            "the pdf runs something"
        );
        assert!(
            pdf.contains("https://example.org/"),
            "an ordinary link is kept"
        );
    }
    let epub = fs::File::open(case.out.join("links.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(epub).unwrap();
    let mut pages = String::new();
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).unwrap();
        if entry.name().ends_with("html") {
            std::io::Read::read_to_string(&mut entry, &mut pages).unwrap();
        }
    }
    let pages = pages.to_lowercase();
    for scheme in ["javascript:", "file:", "data:"] {
        assert!(
            !pages.contains(&format!("href=\"{scheme}")),
            "the epub links {scheme}"
        );
    }
    assert!(
        pages.contains("https://example.org/"),
        "an ordinary link is kept"
    );
    assert!(pages.contains("the report") && pages.contains("the file"));
}

#[test]
fn source_and_output_names_cannot_climb_out_of_the_output_folder() {
    let case = Case::new();
    // File names that look like paths once their extension is cut.
    case.file("..txt", listing("Dots", "Text."));
    case.file("...txt", listing("More Dots", "Text."));
    let output = case.build(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let parent = case.dir.path();
    let mut names: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["out", "sources"],
        "something was written beside the output folder"
    );
    // A model whose source span names another file is only text.
    let model = serde_json::json!({
        "title": "T",
        "publications": [{"title": "P", "source": {"file": "/etc/passwd", "first_line": 1, "last_line": 2}}]
    });
    case.file("span.json", model.to_string());
    let output = case.build(&[]);
    let digest = case.builds(&output, "span");
    assert!(!digest.contains("root:"));
}

// ---------------------------------------------------------------- logged removals

#[test]
fn a_repeated_entry_is_dropped_only_with_a_log_entry() {
    let case = Case::new();
    let path = case.file(
        "repeat.txt",
        "Owner\n\nSeries\n\nSame Title\n\nSame text.\n\nPaper\n\nSame Title\n\nSame text.\n\nPaper\n\nOther\n\nOther text.\n\nPaper\n",
    );
    let output = case.build(&[]);
    let digest = case.builds(&output, "repeat");
    assert_eq!(
        count_word(&digest, "Same"),
        2,
        "one title, one summary: {digest}"
    );
    let log = repair_log(&path);
    assert!(
        log.iter()
            .any(|r| r["before"].as_str().unwrap().contains("Same Title") && r["line"] == 11),
        "the dropped entry is not in the repair log: {log:?}"
    );
    let raw = model_text(&path, &["--no-repair"]);
    assert_eq!(count_word(&raw, "Same"), 4, "--no-repair keeps both");
}

#[test]
fn usage_errors_exit_2_and_never_panic() {
    for args in [
        &["build", "--format", "docx"][..],
        &["build", "--width", "-3"],
        &["build", "--jobs", "0"],
        &["build", "--shard", "0/0"],
        &["build", "--from", "rtf"],
        &["normalise"],
    ] {
        let output = imprint(args);
        assert_no_panic(&output);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let output = imprint(&[
        "build",
        "--width",
        "0",
        "--format",
        "txt",
        "--out",
        temp_dir().path().to_str().unwrap(),
    ]);
    assert_no_panic(&output);
}

/// Regression (found by the properties): a Markdown block whose last
/// character is more than one byte panicked while finding its last line.
#[test]
fn a_markdown_block_ending_in_a_multibyte_character_does_not_panic() {
    let case = Case::new();
    case.file("exclaim.md", "¡");
    case.file("heading.md", "# Título ¡\n\nTexto ¿qué?\n\n> citação ñ");
    let output = case.build(&[]);
    assert!(case.builds(&output, "exclaim").contains('¡'));
    let digest = case.builds(&output, "heading");
    assert!(
        digest.contains("Texto ¿qué?") && digest.contains("> citação ñ"),
        "{digest}"
    );
}

/// Regression (found by the properties): a contents entry indented deeper
/// than half the width, and emoji written with U+FE0F, overflowed the width.
#[test]
fn deep_contents_and_emoji_sequences_keep_to_a_narrow_width() {
    let case = Case::new();
    let model = serde_json::json!({
        "title": "❤\u{fe0f}".repeat(40),
        "publications": [{
            "title": "Deep",
            "summary": [{"type": "paragraph", "inlines": [{"type": "text", "text": "I ❤\u{fe0f} ".repeat(30)}]}],
            "contents": [
                {"number": "0.00.0", "level": 7, "title": "a"},
                {"number": "1.2.3.4.5.6.7.8.9", "level": 9, "title": "a long section title in many words"},
            ],
        }]
    });
    case.file("narrow.json", model.to_string());
    let output = case.build(&["--width", "20"]);
    let digest = case.builds(&output, "narrow");
    assert_within_width(&digest, 20);
    assert!(digest.contains("0.00.0. a"), "{digest}");
    assert_eq!(digest.matches('❤').count(), 70, "{digest}");
}

/// The small committed fixtures (also the fuzzers' seeds) in one build:
/// the broken ones fail alone with their reason, the rest are written.
#[test]
fn the_hostile_fixtures_build_or_fail_with_their_reason() {
    let fixtures = root().join("tests/fixtures/hostile");
    let out = temp_dir();
    let output = imprint(&[
        "build",
        "--format",
        "txt",
        "--out",
        out.path().to_str().unwrap(),
        fixtures.to_str().unwrap(),
    ]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
    let messages = stderr(&output);
    let failing = [
        ("front-matter-bad.md", "malformed front matter"),
        ("image-outside.md", "is outside the sources folder"),
        ("wrong-types.json", "not imprint model JSON"),
        ("extra-fields.json", "unknown field `colour`"),
    ];
    for entry in fs::read_dir(&fixtures).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stem = name.rsplit_once('.').unwrap().0;
        let written = out.path().join(format!("{stem}.txt")).exists();
        match failing.iter().find(|(file, _)| *file == name) {
            Some((_, reason)) => {
                let named = format!("imprint: error: {}: ", entry.path().display());
                assert!(
                    messages
                        .lines()
                        .any(|l| l.starts_with(&named) && l.contains(reason)),
                    "{name}: {reason}:\n{messages}"
                );
                assert!(!written, "{name} left an output");
            }
            None => assert!(written, "{name} was not written:\n{messages}"),
        }
    }
}

/// Regression (found while fuzzing by hand): `**` nested 30,000 deep made
/// an inline tree whose walk overflowed the stack: an abort, no message.
#[test]
fn deeply_nested_emphasis_and_links_do_not_overflow_the_stack() {
    let case = Case::new();
    let n = 30_000;
    case.file(
        "strong.md",
        format!("# T\n\n{}core{}\n", "**".repeat(n), "**".repeat(n)),
    );
    case.file(
        "links.md",
        format!("# T\n\n{}core{}\n", "[a".repeat(n), "](u)".repeat(n)),
    );
    case.file(
        "mixed.md",
        format!(
            "# T\n\n{}core{}\n",
            "*_[**".repeat(n / 4),
            "**](u)_*".repeat(n / 4)
        ),
    );
    let output = case.build(&[]);
    for stem in ["strong", "links", "mixed"] {
        let digest = case.builds(&output, stem);
        assert!(digest.contains("core"), "{stem}: {digest}");
    }
    // Brackets that make no link stay text: every `a` is kept.
    assert!(case.output("links").unwrap().matches('a').count() >= n);
}

/// Regression: the Markdown reader counted lines from the start of the
/// file for every block, so 30,000 nested images took 94 s and a contents
/// section of 40,000 lines 63 s (debug build); now well under a second.
#[test]
fn thousands_of_markdown_blocks_are_read_in_linear_time() {
    let case = Case::new();
    fs::write(case.sources.join("pic.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let n = 30_000;
    case.file(
        "images.md",
        format!("# T\n\n{}x{}\n", "![a".repeat(n), "](pic.png)".repeat(n)),
    );
    let contents: String = (0..40_000)
        .map(|i| {
            if i % 2 == 1 {
                format!("{i}. Section\n\n")
            } else {
                format!("Para {i}\n\n")
            }
        })
        .collect();
    case.file(
        "contents.md",
        format!("# T\n\n## Table of Contents\n\n{contents}"),
    );
    let args = [
        "build",
        "--format",
        "txt",
        "--layouts",
        &layouts(),
        "--out",
        case.out.to_str().unwrap(),
        case.sources.to_str().unwrap(),
    ];
    let output = imprint_in(case.dir.path(), &args, Duration::from_secs(60));
    let digest = case.builds(&output, "images");
    // Images stay in their sentence, so a line may break inside `[image: a]`.
    assert_eq!(digest.matches("[image:").count(), n);
    let digest = case.builds(&output, "contents");
    assert!(digest.contains("39999. Section"), "{digest}");
}

#[test]
fn a_broken_settings_file_is_named_with_its_line() {
    let case = Case::new();
    let settings = [
        ("syntax.toml", "title = [\n", "line 1, column 11"),
        ("types.toml", "\nwidth = \"wide\"\n", "line 2, column 9"),
        ("unknown.toml", "colour = 1\n", "unknown field `colour`"),
        (
            "formats.toml",
            "formats = [\"txt\", \"docx\"]\n",
            "unknown format `docx`",
        ),
    ];
    for (name, text, reason) in settings {
        let path = case.dir.path().join(name);
        fs::write(&path, text).unwrap();
        let output = imprint(&[
            "--config",
            path.to_str().unwrap(),
            "build",
            "--out",
            case.out.to_str().unwrap(),
            case.sources.to_str().unwrap(),
        ]);
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(1), "{name}");
        let messages = stderr(&output);
        assert!(
            messages.contains(name) && messages.contains(reason),
            "{name}: {messages}"
        );
        assert!(
            case.output("good").is_none(),
            "{name}: built with broken settings"
        );
    }
}

/// Regression: front matter of 100,000 nested `[` kept the YAML parser
/// busy for minutes (its time grows with the square of the nesting).
#[test]
fn deeply_nested_front_matter_is_refused_quickly() {
    let case = Case::new();
    let n = 100_000;
    let deep = case.file(
        "deep.md",
        format!(
            "---\ndate: {}{}\n---\n# T\n\nx\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    let moderate = case.file(
        "moderate.md",
        format!(
            "---\ndate: {}{}\n---\n# T\n\nx\n",
            "{a: ".repeat(500),
            "}".repeat(500)
        ),
    );
    let args = [
        "build",
        "--format",
        "txt",
        "--layouts",
        &layouts(),
        "--out",
        case.out.to_str().unwrap(),
        case.sources.to_str().unwrap(),
    ];
    let output = imprint_in(case.dir.path(), &args, Duration::from_secs(30));
    case.fails_alone(
        &output,
        &deep,
        "line 2: malformed front matter: brackets nested more than 1000 deep",
    );
    case.fails_alone(
        &output,
        &moderate,
        "malformed front matter: recursion limit exceeded",
    );
}

/// Regression: one file named twice (through its folder and by name) was
/// refused as two sources with one output name, "rename one".
#[test]
fn a_source_named_twice_is_built_once() {
    let case = Case::new();
    let good = case.sources.join("good.txt");
    let dotted = case.sources.join(".").join("good.txt");
    let output = imprint(&[
        "build",
        "--format",
        "txt",
        "--out",
        case.out.to_str().unwrap(),
        case.sources.to_str().unwrap(),
        good.to_str().unwrap(),
        dotted.to_str().unwrap(),
    ]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 1, "{}", stdout(&output));
    assert!(case.output("good").is_some());
}

/// Pictures inside sentences wherever Markdown allows them, of extreme
/// shapes, by the hundred, and one that is no picture: every one is drawn
/// or described, none lost, and the broken one is named with its line.
#[test]
fn inline_pictures_anywhere_are_drawn_or_described() {
    let case = Case::new();
    let png = |width: u32, height: u32, name: &str| {
        image::RgbImage::from_pixel(width, height, image::Rgb([200, 40, 40]))
            .save(case.sources.join(name))
            .unwrap();
    };
    png(3000, 4, "wide.png");
    png(4, 3000, "tall.png");
    png(16, 16, "dot.png");
    case.file("broken.png", "this is no picture");
    let many = "![d](dot.png) ".repeat(500);
    case.file(
        "pictures.md",
        format!(
            "# Pictures ![d](dot.png) in a heading\n\n\
             A wide ![w](wide.png) and a tall ![t](tall.png) one.\n\n\
             - in an item ![d](dot.png) too\n\n\
             | cell ![d](dot.png) | [linked ![d](dot.png)](https://example.org) |\n|---|---|\n| a | b |\n\n\
             A note[^n] and one that is broken ![broken one](broken.png) here.\n\n\
             [^n]: With ![d](dot.png) a picture.\n\n\
             {many}\n"
        ),
    );
    let output = imprint(&[
        "build",
        "--format",
        "txt,pdf",
        "--out",
        case.out.to_str().unwrap(),
        case.sources.to_str().unwrap(),
    ]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("pictures.md:11") && stderr(&output).contains("broken.png"),
        "{}",
        stderr(&output)
    );
    let pdf = case.out.join("pictures.pdf");
    if have_tool("pdfimages", "poppler-utils") {
        let list = run_tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
        // Every picture but the broken one and the heading's (a title is
        // plain text): 506 placed.
        assert_eq!(list.lines().skip(2).count(), 506, "{list}");
        let text = run_tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        assert!(text.contains("[image: broken one]"), "{text}");
        assert!(text.contains("A wide") && text.contains("one."), "{text}");
    }
}
