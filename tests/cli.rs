//! The pipeline end to end through the real binary: readers, model JSON,
//! digest, CLI behaviour and bad input.

mod common;

use std::fs;

use common::*;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

fn normalise(path: &str) -> Value {
    normalise_with(&[], path)
}

/// `imprint [options] normalise PATH`, parsed.
fn normalise_with(options: &[&str], path: &str) -> Value {
    let output = imprint_ok(&[options, &["normalise", path]].concat());
    serde_json::from_slice(&output.stdout).expect("normalise prints JSON")
}

fn text_of(value: &Value) -> String {
    // Every string under "text" keys, in order: the words of a summary.
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(key, v)| match (key.as_str(), v) {
                ("text", Value::String(s)) => s.clone(),
                _ => text_of(v),
            })
            .collect::<Vec<_>>()
            .join(" "),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(" "),
        _ => String::new(),
    }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_sample_reads_as_two_papers() {
    let model = normalise("sources/000_8901f2c4af71a182.txt");
    assert_eq!(model["owner"], "Karin Grimm");
    let publications = model["publications"].as_array().unwrap();
    assert_eq!(publications.len(), 2);
    assert_eq!(
        publications[0]["title"],
        "Security Sector Responses to Trafficking in Human Beings"
    );
    assert_eq!(
        publications[1]["title"],
        "Sexual Violence in Armed Conflict: Global Overview and Implications for the Security Sector"
    );
    for p in publications {
        assert_eq!(p["kind"], "Paper");
        assert_eq!(p["series"], "Policy and Research Papers");
        assert_eq!(p["authors"], serde_json::json!(["Karin Grimm"]));
    }
    let contents: Vec<(String, u64)> = publications[0]["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["number"].as_str().unwrap().to_string(),
                e["level"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("1", 1),
        ("2", 1),
        ("2.1", 2),
        ("2.2", 2),
        ("2.3", 2),
        ("2.4", 2),
        ("3", 1),
        ("4", 1),
        ("4.1", 2),
        ("4.2", 2),
        ("4.3", 2),
        ("4.4", 2),
        ("4.5", 2),
        ("5", 1),
        ("", 1),
    ];
    let expected: Vec<(String, u64)> = expected.iter().map(|(n, l)| (n.to_string(), *l)).collect();
    assert_eq!(contents, expected);
    assert_eq!(publications[0]["contents"][14]["title"], "Appendix");
    assert!(publications[1]["contents"].as_array().unwrap().is_empty());
    assert_eq!(publications[0]["source"]["first_line"], 5);
}

#[test]
fn the_digest_keeps_every_word_within_the_width() {
    let out = temp_dir();
    let model = normalise("sources/000_8901f2c4af71a182.txt");
    for width in ["72", "40"] {
        imprint_ok(&[
            "build",
            "sources/000_8901f2c4af71a182.txt",
            "--format",
            "txt",
            "--width",
            width,
            "--out",
            out.path().to_str().unwrap(),
        ]);
        let digest = fs::read_to_string(out.path().join("000_8901f2c4af71a182.txt")).unwrap();
        let width: usize = width.parse().unwrap();
        for line in digest.lines() {
            assert!(line.width() <= width, "line wider than {width}: {line:?}");
        }
        let digest_words = words(&digest).join(" ");
        for p in model["publications"].as_array().unwrap() {
            let summary = words(&text_of(&p["summary"])).join(" ");
            assert!(
                digest_words.contains(&summary),
                "the digest lost summary words of {}",
                p["title"]
            );
            for entry in p["contents"].as_array().unwrap() {
                assert!(digest_words.contains(&words(entry["title"].as_str().unwrap()).join(" ")));
            }
        }
        assert!(digest.starts_with("Policy and Research Papers\n"));
        if width == 72 {
            assert!(digest.contains("\nPaper · Policy and Research Papers · Karin Grimm\n"));
        }
    }
}

#[test]
fn model_json_builds_the_same_digest_as_its_text_source() {
    let dir = temp_dir();
    let json = imprint_ok(&["normalise", "sources/000_8901f2c4af71a182.txt"]).stdout;
    let json_source = dir.path().join("from-json.json");
    fs::write(&json_source, json).unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    imprint_ok(&[
        "build",
        "sources/000_8901f2c4af71a182.txt",
        "--format",
        "txt",
        "--out",
        out,
    ]);
    imprint_ok(&[
        "build",
        json_source.to_str().unwrap(),
        "--format",
        "txt",
        "--out",
        out,
    ]);
    let from_text = fs::read(dir.path().join("out/000_8901f2c4af71a182.txt")).unwrap();
    let from_json = fs::read(dir.path().join("out/from-json.txt")).unwrap();
    assert_eq!(
        String::from_utf8(from_text).unwrap(),
        String::from_utf8(from_json).unwrap()
    );
}

#[test]
fn markdown_keeps_front_matter_sections_and_inline_structure() {
    let model = normalise("tests/fixtures/handbook.md");
    assert_eq!(model["title"], "Field Handbooks");
    assert_eq!(model["date"], "2024-03-01");
    let publications = model["publications"].as_array().unwrap();
    assert_eq!(publications.len(), 2);
    let first = &publications[0];
    assert_eq!(first["title"], "Oversight in Practice");
    assert_eq!(
        first["authors"],
        serde_json::json!(["Ana Lima", "Ben Okafor"])
    );
    assert_eq!(first["series"], "Practice Notes");
    assert_eq!(first["kind"], "Handbook");
    let summary = first["summary"].to_string();
    assert!(
        summary.contains(r#"{"inlines":[{"text":"independent","type":"text"}],"type":"emphasis"}"#),
        "{summary}"
    );
    assert!(summary.contains(r#""type":"strong""#));
    assert!(summary.contains(r#""url":"https://example.org/toolkit""#));
    assert_eq!(first["summary"][1]["type"], "list");
    assert_eq!(first["summary"][2]["type"], "quote");
    let second = &publications[1];
    assert_eq!(second["kind"], "Guide");
    assert_eq!(second["summary"][0]["ordered"], true);
    let contents: Vec<(&str, u64, &str)> = second["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["number"].as_str().unwrap(),
                e["level"].as_u64().unwrap(),
                e["title"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        contents,
        vec![
            ("1", 1, "Introduction"),
            ("1.1", 2, "Scope"),
            ("", 1, "Annex")
        ]
    );
}

#[test]
fn check_reports_unplaced_lines_with_file_and_line() {
    let dir = temp_dir();
    let source = dir.path().join("dangling.txt");
    fs::write(
        &source,
        "Ann Author\n\nSeries\n\nTitle\n\nText.\n\nPaper\n\nPaper\n\nLast Title\n\nNo label.\n",
    )
    .unwrap();
    let output = imprint(&["check", source.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let report = stdout(&output);
    assert!(
        report.contains("dangling.txt:11: kind label `Paper` with no entry before it"),
        "{report}"
    );
    assert!(
        report.contains("dangling.txt:13: entry `Last Title` has no kind label"),
        "{report}"
    );
    // A front-matter key imprint does not read is named, not lost.
    let front = dir.path().join("front.md");
    fs::write(&front, "---\ntitle: Notes\nautor: Ann Author\nurl: https://example.org/n\n---\n\n# Notes\n\nText.\n").unwrap();
    let output = imprint(&["check", front.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let report = stdout(&output);
    assert!(
        report.contains("front.md:3: front matter key `autor` is not read"),
        "{report}"
    );
    assert!(!report.contains("`url`"), "{report}");
    let clean = imprint(&["check", "tests/fixtures/handbook.md"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
}

#[test]
fn bad_sources_fail_alone_with_a_named_reason() {
    let dir = temp_dir();
    let src = dir.path().join("src");
    fs::create_dir(&src).unwrap();
    fs::copy(sample(), src.join("good.txt")).unwrap();
    let bad: &[(&str, &[u8], &str)] = &[
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\n\t\n", "the file is empty"),
        (
            "binary.txt",
            &[
                0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0,
            ],
            "binary data",
        ),
        (
            "front.md",
            b"---\ntitle: [unclosed\n---\n\n# T\n\nx\n",
            "malformed front matter",
        ),
        ("open.md", b"---\ntitle: x\n\n# T\n", "never closed"),
        ("model.json", b"{\"title\": 3}", "not imprint model JSON"),
        (
            "extra.json",
            b"{\"title\": \"t\", \"colour\": 1, \"publications\": []}",
            "unknown field `colour`",
        ),
        ("nothing.txt", b"Owner\n\nSeries\n", "no publications found"),
    ];
    for (name, bytes, _) in bad {
        fs::write(src.join(name), bytes).unwrap();
    }
    let out = dir.path().join("out");
    let output = imprint(&[
        "build",
        src.to_str().unwrap(),
        "--format",
        "txt",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let messages = stderr(&output);
    for (name, _, reason) in bad {
        let line = messages
            .lines()
            .find(|l| l.contains(&format!("{name}:")))
            .unwrap_or_else(|| panic!("no message for {name}:\n{messages}"));
        assert!(
            line.contains(reason),
            "{name}: expected `{reason}` in {line:?}"
        );
        let stem = name.split('.').next().unwrap();
        assert!(
            !out.join(format!("{stem}.txt")).exists(),
            "{name} left an output"
        );
    }
    assert!(!messages.contains("panicked"));
    assert!(
        out.join("good.txt").exists(),
        "the good source was not built"
    );
}

#[test]
fn paths_and_formats_that_do_not_exist_are_named() {
    let output = imprint(&["build", "no/such/file.txt"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no/such/file.txt"),
        "{}",
        stderr(&output)
    );

    let dir = temp_dir();
    let output = imprint(&["build", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no sources in this folder"));

    let odd = dir.path().join("notes.rtf");
    fs::write(&odd, "{\\rtf1 hello}").unwrap();
    let output = imprint(&[
        "build",
        odd.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("notes.rtf: unknown source extension"),
        "{}",
        stderr(&output)
    );

    let output = imprint(&["build", "--format", "docx"]);
    assert_eq!(output.status.code(), Some(2), "a usage error exits 2");
}

#[test]
fn windows_1252_is_decoded_with_a_warning() {
    let dir = temp_dir();
    let source = dir.path().join("legacy.txt");
    // "Café’s review" in Windows-1252: é = 0xE9, ’ = 0x92.
    fs::write(
        &source,
        b"Ren\xe9 Owner\n\nSeries\n\nCaf\xe9\x92s review\n\nText.\n\nReport\n",
    )
    .unwrap();
    let output = imprint_ok(&[
        "build",
        source.to_str().unwrap(),
        "--format",
        "txt",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(stderr(&output).contains("legacy.txt: not valid UTF-8; decoded as Windows-1252"));
    let digest = fs::read_to_string(dir.path().join("legacy.txt")).unwrap();
    assert!(digest.contains("Café’s review"));
    assert!(digest.contains("René Owner"));
}

#[test]
fn the_version_and_help_are_there() {
    let output = imprint_ok(&["--version"]);
    assert!(stdout(&output).starts_with("imprint "));
    for command in ["build", "normalise", "check"] {
        let output = imprint_ok(&[command, "--help"]);
        assert!(stdout(&output).contains("Usage: imprint"));
    }
}

#[test]
fn the_configured_language_applies_where_a_source_gives_none() {
    let dir = temp_dir();
    let config = dir.path().join("imprint.toml");
    fs::write(&config, "language = \"de-CH\"\n").unwrap();
    let config = config.to_str().unwrap();
    let listing = normalise_with(&["--config", config], "sources/000_8901f2c4af71a182.txt");
    assert_eq!(listing["language"], "de-CH");
    // Front matter that names a language keeps it.
    let markdown = normalise_with(&["--config", config], "tests/fixtures/handbook.md");
    assert_eq!(markdown["language"], "en-GB");
    assert_eq!(
        normalise("sources/000_8901f2c4af71a182.txt")["language"],
        "en-GB"
    );
}
