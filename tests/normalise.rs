//! The normaliser through the real binary: the sample's damage repaired,
//! clean text untouched, idempotence, encodings, the repair log, `check
//! --strict` and `keep`.

mod common;

use common::{gen_corpus, imprint, imprint_ok, sample, stdout, temp_dir};
use serde_json::Value;
use std::path::Path;

const GLUES: &[(&str, &str)] = &[
    ("increasingconcern", "increasing concern"),
    ("ahuman", "a human"),
    ("underminingnational", "undermining national"),
    ("andcorruption", "and corruption"),
    ("theOrganisation", "the Organisation"),
    ("makeimportant", "make important"),
    ("humantrafficking", "human trafficking"),
    ("andcooperation", "and cooperation"),
    ("concerningcriminalisation", "concerning criminalisation"),
    ("protectionof", "protection of"),
    ("incountries", "in countries"),
    ("securityresponses", "security responses"),
    ("aparticular", "a particular"),
    ("ofhuman", "of human"),
    ("toTrafficking", "to Trafficking"),
    ("Traffickingin", "Trafficking in"),
    ("trafficking.However", "trafficking. However"),
];

const PROTECTED: &[&str] = &[
    "DCAF",
    "Karin Grimm",
    "organised",
    "criminalisation",
    "harmonisation",
    "underreported",
    "policymakers",
    "Policy makers",
    "non governmental",
    "postconflict",
    "world\u{2019}s",
    "conflict-related",
    "commonplace",
];

fn normalised(path: &Path, extra: &[&str]) -> Value {
    let path = path.to_str().unwrap();
    let mut args = vec!["normalise", path];
    args.extend_from_slice(extra);
    serde_json::from_str(&stdout(&imprint_ok(&args))).expect("normalise prints JSON")
}

/// Every piece of text in the model, file names aside.
fn all_text(model: &Value) -> String {
    let mut text = String::new();
    collect(model, &mut text);
    text
}

fn collect(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "file")
            .for_each(|(_, v)| collect(v, out)),
        _ => {}
    }
}

/// The model with the source file names taken out, for comparing sources
/// that differ only in name and bytes.
fn without_files(mut model: Value) -> Value {
    for publication in model["publications"].as_array_mut().unwrap() {
        publication["source"]["file"] = Value::Null;
    }
    model
}

#[test]
fn the_sample_comes_out_repaired() {
    let model = normalised(&sample(), &[]);
    let text = all_text(&model);
    for (glued, words) in GLUES {
        assert!(!text.contains(glued), "`{glued}` is still glued");
        assert!(text.contains(words), "`{words}` missing");
    }
    assert!(text.contains("specific population groups"));
    assert!(!text.contains("popu lation"));
    for word in PROTECTED {
        assert!(text.contains(word), "`{word}` was changed");
    }
    for wrong in [
        "post conflict",
        "under reported",
        "policy makers",
        "nongovernmental",
    ] {
        assert!(!text.contains(wrong), "`{wrong}` appeared");
    }
    let publications = model["publications"].as_array().unwrap();
    assert_eq!(publications.len(), 2);
    let summaries: String = publications
        .iter()
        .map(|p| all_text(&p["summary"]))
        .collect();
    assert!(!summaries.contains("follow the link"));
    // The dead-link sentence is in the repair log only, never in the model.
    assert!(!all_text(&model).contains("follow the link"));
    assert_eq!(publications[1]["notes"], serde_json::json!([]));
    // No empty paragraph is left where the boilerplate was.
    assert_eq!(publications[1]["summary"].as_array().unwrap().len(), 2);
}

#[test]
fn the_repair_log_names_file_line_and_kind() {
    let output = imprint(&["check", "--json", sample().to_str().unwrap()]);
    let log: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let repairs = log["repairs"].as_array().unwrap();
    let find = |before: &str| {
        repairs
            .iter()
            .find(|r| r["before"].as_str().unwrap().starts_with(before))
            .unwrap_or_else(|| panic!("no repair of `{before}`"))
    };
    let glue = find("increasingconcern");
    assert_eq!(glue["kind"], "glued-words");
    assert_eq!(glue["after"], "increasing concern");
    assert_eq!(glue["line"], 7);
    assert!(glue["file"]
        .as_str()
        .unwrap()
        .ends_with("000_8901f2c4af71a182.txt"));
    assert_eq!(find("Traffickingin")["line"], 25);
    assert_eq!(find("popu lation")["kind"], "split-word");
    assert_eq!(find("popu lation")["line"], 73);
    assert_eq!(find("For full access")["kind"], "boilerplate");
    let repeated = find("Security Sector Responses");
    assert_eq!(repeated["kind"], "repeated-entry");
    assert_eq!(repeated["line"], 38);
    let words = repairs
        .iter()
        .filter(|r| r["kind"] == "glued-words" || r["kind"] == "split-word")
        .count();
    assert_eq!(words, 18, "17 glues and one split, each logged once");
    // The table names file:line too.
    let table = stdout(&imprint(&["check", sample().to_str().unwrap()]));
    assert!(
        table.contains("000_8901f2c4af71a182.txt:7\tglued-words"),
        "{table}"
    );
}

#[test]
fn check_strict_fails_on_damage_and_passes_clean_text() {
    let output = imprint(&["check", "--strict", sample().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let dir = temp_dir();
    assert!(gen_corpus(dir.path(), 2, 3, "0"));
    let clean = dir.path().join("txt");
    let output = imprint(&["check", "--strict", clean.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn clean_text_comes_out_as_it_went_in() {
    let dir = temp_dir();
    assert!(gen_corpus(dir.path(), 6, 5, "0"));
    let mut files: Vec<_> = std::fs::read_dir(dir.path().join("txt"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in &files {
        let repaired = normalised(file, &[]);
        let untouched = normalised(file, &["--no-repair"]);
        assert_eq!(repaired, untouched, "{} changed", file.display());
    }
}

#[test]
fn names_addresses_and_compounds_survive() {
    let fixture = common::root().join("tests/fixtures/normalise/clean-words.txt");
    let repaired = normalised(&fixture, &[]);
    let untouched = normalised(&fixture, &["--no-repair"]);
    assert_eq!(repaired, untouched);
    let output = imprint(&["check", "--strict", fixture.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn normalising_twice_changes_nothing() {
    let dir = temp_dir();
    let once = stdout(&imprint_ok(&["normalise", sample().to_str().unwrap()]));
    let json = dir.path().join("once.json");
    std::fs::write(&json, &once).unwrap();
    let twice = stdout(&imprint_ok(&["normalise", json.to_str().unwrap()]));
    assert_eq!(once, twice);
    // The glue cases too, and a fuzzer's finds: a dead-link sentence glued
    // to a form written thrice, split only once another such sentence went;
    // a word's derived form glued to a comma (`ascently,CDF`), left whole
    // by one rule and split by another once the comma was repaired; an
    // entry that the repairs make the same as another, which halves the
    // counts of its words once it goes.
    for name in [
        "glue-cases.txt",
        "dead-link-after-repeats.txt",
        "derived-form-after-comma.txt",
        "repeat-after-repairs.txt",
    ] {
        let fixture = common::root().join("tests/fixtures/normalise").join(name);
        let once = stdout(&imprint_ok(&["normalise", fixture.to_str().unwrap()]));
        std::fs::write(&json, &once).unwrap();
        let twice = stdout(&imprint_ok(&["normalise", json.to_str().unwrap()]));
        assert_eq!(once, twice, "{}", fixture.display());
    }
    // The damaged generated corpus too.
    assert!(gen_corpus(dir.path(), 3, 5, "1"));
    for entry in std::fs::read_dir(dir.path().join("txt")).unwrap() {
        let path = entry.unwrap().path();
        let once = stdout(&imprint_ok(&["normalise", path.to_str().unwrap()]));
        std::fs::write(&json, &once).unwrap();
        let twice = stdout(&imprint_ok(&["normalise", json.to_str().unwrap()]));
        assert_eq!(once, twice, "{}", path.display());
    }
}

#[test]
fn every_encoding_decodes_to_the_same_model() {
    let listing = "Zoë Müller\n\nÉtudes Papers\n\nThe world’s “café” – 50 €\n\nA naïve\u{a0}text, fine.\n\nPaper\n";
    let dir = temp_dir();
    let lf = listing.to_string();
    let crlf = listing.replace('\n', "\r\n");
    let cr = listing.replace('\n', "\r");
    let utf16 = |text: &str, big: bool| -> Vec<u8> {
        let mut bytes = if big {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for unit in text.encode_utf16() {
            bytes.extend(if big {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    };
    let windows_1252 =
        |text: &str| -> Vec<u8> { encoding_rs::WINDOWS_1252.encode(text).0.into_owned() };
    // Latin-1 has no curly quotes, dashes or euro sign.
    let latin = listing
        .replace(['’'], "'")
        .replace(['“', '”'], "\"")
        .replace('–', "-")
        .replace('€', "EUR");
    let latin_1: Vec<u8> = latin.chars().map(|c| c as u32 as u8).collect();
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("utf8.txt", lf.clone().into_bytes()),
        (
            "utf8-bom.txt",
            [&[0xef, 0xbb, 0xbf][..], lf.as_bytes()].concat(),
        ),
        ("utf8-crlf.txt", crlf.clone().into_bytes()),
        ("utf8-cr.txt", cr.into_bytes()),
        ("utf16le.txt", utf16(&lf, false)),
        ("utf16be.txt", utf16(&lf, true)),
        ("utf16le-crlf.txt", utf16(&crlf, false)),
        ("cp1252.txt", windows_1252(&lf)),
        ("cp1252-crlf.txt", windows_1252(&crlf)),
    ];
    let mut reference = None;
    for (name, bytes) in &variants {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let model = without_files(normalised(&path, &[]));
        assert!(all_text(&model).contains("A naïve text, fine."), "{name}");
        match &reference {
            None => reference = Some(model),
            Some(first) => assert_eq!(&model, first, "{name} decodes differently"),
        }
    }
    let latin_path = dir.path().join("latin1.txt");
    std::fs::write(&latin_path, &latin_1).unwrap();
    let utf8_latin = dir.path().join("latin-utf8.txt");
    std::fs::write(&utf8_latin, latin.as_bytes()).unwrap();
    assert_eq!(
        without_files(normalised(&latin_path, &[])),
        without_files(normalised(&utf8_latin, &[]))
    );
}

#[test]
fn keep_in_the_config_protects_a_word() {
    let dir = temp_dir();
    let source = dir.path().join("s.txt");
    std::fs::write(
        &source,
        "Ann Author\n\nSeries\n\nA Title\n\nThe ofhuman report and the humantrafficking study.\n\nPaper\n",
    )
    .unwrap();
    let text = all_text(&normalised(&source, &[]));
    assert!(text.contains("of human report") && text.contains("human trafficking"));
    let config = dir.path().join("imprint.toml");
    std::fs::write(&config, "keep = [\"ofhuman\"]\n").unwrap();
    let path = source.to_str().unwrap();
    let output = imprint_ok(&["--config", config.to_str().unwrap(), "normalise", path]);
    let text = stdout(&output);
    assert!(text.contains("The ofhuman report"), "{text}");
    assert!(text.contains("human trafficking"), "{text}");
}

/// Each kind of glue real prose shows, with what it must become.
#[test]
fn glue_at_punctuation_capitals_digits_and_dashes_is_repaired() {
    let fixture = common::root().join("tests/fixtures/normalise/glue-cases.txt");
    let text = all_text(&normalised(&fixture, &[]));
    for repaired in [
        "(in part). Despite",                // a closing bracket, then a sentence
        "(UN). Member",                      // an acronym in brackets
        "reforms – notably",                 // an en dash the file spaces elsewhere
        "of ‘Security",                      // an opening quote
        "the 2019 review",                   // a common word and a year
        "in 1999 on",                        // a function word and a number
        "The Commission",                    // a function word and a capitalised word
        "UN peacekeeping",                   // an acronym and a word
        "support NATO",                      // a word and an acronym
        "The Security Studies unit",         // the file writes the two words apart
        "Western partners",                  // a capitalised word and a common one
        "as well as",                        // a typo common on the web
        "three areas of law enforcement",    // two ordinary words
        "Its implementation and governance", // split words
        "IMPLIED, INCLUDING FITNESS FOR",    // shouted text
        "Reform in West Africa",             // a contents line
        "Oversight and Accountability",
        "every copyright holder keeps", // two words the file writes apart
        "\"Licence\" means",            // a lone straight quote closing
        "version\" of the text",        // a lone straight quote before a function word
        "Contribution(s) alone",        // a plural marker, then a word
        "tested on encoding_rs and",    // a function word and the file's term
        "on a 32-bit board",
        "one crate. A second",     // a one-letter word opening a sentence
        "\"Notice\" also applies", // glue after a quote, and glue left in the piece
        "authors don't do much",   // contractions glued either side
        "if you're in doubt",
        "operations isn't fast",
        "would like",                       // a glue word before a word ending
        "whereas non-governmental",         // a word before a compound's prefix
        "the underreported cases for NCRs", // a word the web knows; an acronym's plural
        "PDFs that fit",
        "new. 5.2. If it fails", // a section number, then a sentence
        "Kurbo might help",
        // Kept: short content words, a name written whole twice and apart
        // once, CamelCase whose words the file writes only in small letters.
        "seccomp and fastrand",
        "and scopeguard keeps",
        "the ThreadPool type",
    ] {
        assert!(text.contains(repaired), "`{repaired}` missing from\n{text}");
    }
}

/// Glue that policy prose shows (a file without code), and dead-link
/// sentences glued to others: repaired, the dead links gone, a sentence
/// glued to one kept, and a second pass changes nothing.
#[test]
fn glue_in_prose_and_glued_dead_links_are_repaired_once() {
    let fixture = common::root().join("tests/fixtures/normalise/prose-glue-cases.txt");
    let model = normalised(&fixture, &[]);
    let text = all_text(&model);
    for repaired in [
        "from 2019 onwards—and", // a word glued to a number beside an em dash
        "rose to £4 million",    // a word glued to an amount
        "over 100,000 visits",
        "Development Fund (CDF) paid", // a name glued to its gloss
        "Office's Harbour Board",      // a possessive before a capitalised word
        "recently, CDF auditors",      // a comma before an acronym the file writes
        "question: who pays",          // a colon between two small words
        "In 2021, the fund",           // a number, a comma and a word
        "the U.S. partners",           // initials glued to a word
        "to the General Services Administration of the region",
        "to urban areas and",    // a pair the web writes apart
        "where civilian deaths", // two rarer words, in prose
        "a strong job market",   // a word of three letters after a longer one
        "About 40% and more",    // numbers as prose writes them
        "some 100,000 in all",
        "from the 1990s or earlier",
        "The Report 2010 and the UK 2040 plan", // a name or an acronym before a year
        "the European Parliament asked",        // two long, common capitalised words
        "why the European authorities waited until July showed", // a name, then a word
        "the U.S. interference",                // initials before a word in small letters
        "The low-income working-age families",  // two compounds glued
        "wealth\u{2019} to be shared",          // a closing quotation mark before a glue word
        "\u{201c}added,\u{201d} IFPRI noted",   // a mark and a quotation mark
        "levies; 4) repairs",                   // a semicolon before a number
        "Yet some boats",                       // an opener that is no function word
        "after The COVID-19 closures",          // words glued before a name's number
        "as Hamas took the ports in December by force", // names before words
        "the panel examines how the IFPRI\u{2019}s 2020 figures", // the web's cut; a possessive's number
        "the restructurings in the harbour",                      // a plural the dictionary lacks
        "The HDI, Gender figures of 2021: Mobilising", // a comma or a colon before a capital
        "the 20th Anniversary, when the Army had left, MEPs and officials met between Member states",
        "the assessment (IA) of the Department\u{2019}s (HUD) plan", // a gloss after a word
        "The CDF\u{2019}s research showed it", // a possessive of an acronym the file writes
        // Shares, decades, spans of years, days, citations and amounts.
        "About 1% of boats, projected 2% by 2030, were in their 30s; in the 2010-19 period",
        "cover 12\u{2013}14% of costs, ~40 percent in all, and 34% say no",
        "On January 1, 2020, the Report 2022\u{2013}2023 (Crumbaugh 2019; Marr 2020)",
        "the 2016 JRC review",
        "by June 5, 2026, the board had met 16 on the quay",
        // Glosses, items, compounds and quotation marks.
        "Defense (DoD) and the Agency's (EPA's) plan addressed (1) the women (15%)",
        "well-being (high as it was) mattered, an \u{201c}age-old issue of 'high-risk' boats",
        "net zero\u{2019} greenhouse gas. Boats (AI) act as tenders in (FY) 2022.",
        // Names after function words, before words, and words of grammar.
        "Delegates of Toorale met the Sahel, delegates; This WHO note",
        "as Marrick in the log said",
        "the Commission proclaimed that levies had been weak, and the trade-offs that follow",
        "borrowers and/or lenders at the same time. A plain win\u{2013}win deal",
        // Quotations, acronyms with numbers, articles as said, long words.
        "the fees 'unacceptable' risks, and the G7 and the EU watched: presenting 'unacceptable' terms",
        "G7 countries and EU Member states asked for a euro fund and a one-off grant",
        "The U.S. board met after irregular rainfall left people forcibly displaced",
        "its labor and harbor plans were analyzed", // American spellings kept
        "The levy was kept.",    // glued to a dead-link sentence, kept
        "Levies fell. A second", // a dead-link sentence its glue's repair set apart
    ] {
        assert!(text.contains(repaired), "`{repaired}` missing from\n{text}");
    }
    for gone in [
        "follow the link",
        "Read more",
        "is available here",
        "a note",
    ] {
        assert!(!text.contains(gone), "`{gone}` left in\n{text}");
    }
    let dir = temp_dir();
    let json = dir.path().join("once.json");
    let once = stdout(&imprint_ok(&["normalise", fixture.to_str().unwrap()]));
    std::fs::write(&json, &once).unwrap();
    let twice = stdout(&imprint_ok(&["normalise", json.to_str().unwrap()]));
    assert_eq!(once, twice);
}

/// A README with code, where only the repairs that hold beside code run:
/// years before names, sizes, quotations, list markers, names the file
/// writes. A glued word at the start of a wrapped line is repaired too
/// (a soft line break is a space), and American spellings stay.
#[test]
fn glue_beside_code_is_repaired_at_line_starts_too() {
    let fixture = common::root().join("tests/fixtures/normalise/code-glue-cases.md");
    let text = all_text(&normalised(&fixture, &[]));
    for repaired in [
        "Copyright (c) 2018 Harriet Quay, 2017-2024 harrietq.",
        "about 24.5KiB. on disk, less than 64KiB each, and ~2.8MB of memory",
        "the crate uses 32-bit offsets",
        "provided 'as-is', without warranty, and the \"Tested\", \u{201c}Available\u{201d} marks",
        "either (a) the MIT licence",
        "but not (i) both. See LICENSE-APACHE for the text. Mio and the crate",
        "a C caller. may call it",
        "are TrueType or OpenType ones",
        "PROVIDED \"AS IS\" AND WITHOUT", // a lone quotation mark opens, then closes
        "Unless You say otherwise, the color of each table follows its behavior flags.",
        "quayside::Table::open(\"tides.txt\")",
        "Syn operates on streams",
        "because QuickCheck shrinks",
        "via GitHub, under the License.",
        "the notes in CONTRIBUTING.md",
        "are precise). So they fit. The crate supports 128-bit keys. I was told so by Raph Levien.",
        "It builds on Linux, and implements for Write the write trait. The crate has FFI bindings \
         too; it reads a crate. The end.",
    ] {
        assert!(text.contains(repaired), "`{repaired}` missing from\n{text}");
    }
}

/// Hand-written Markdown with names, identifiers, ranges, code, links and
/// the file's own terms: nothing is changed.
#[test]
fn clean_markdown_keeps_its_names_identifiers_and_terms() {
    let fixture = common::root().join("tests/fixtures/normalise/clean-words.md");
    let repaired = normalised(&fixture, &[]);
    assert_eq!(repaired, normalised(&fixture, &["--no-repair"]));
    let text = all_text(&repaired);
    for kept in [
        "init",
        "PowerPoint",
        "GitHub",
        "JavaScript",
        "WebAssembly",
        "ThreadPool",
        "HashSet",
        "utf8",
        "h264",
        "mp4",
        "x86",
        "win32",
        "python3",
        "sha256",
        "base64",
        "Latin1",
        "1990–2000",
        "Franco-German",
        "Kuhn–Munkres",
        "lazy-init",
        "blockquoted",
        "pagebreak",
        "wikilink",
        "seccomp",
        "codepoints",
        "zerocopy",
        "has(object, path)",
        "AsRef",
        "TryFrom",
        "watchOS",
        "visionOS",
        "XCode",
        "crc32fast",
        "noCommittish",
        "8bit",
        "5min",
        "toString",
        "onTimeout",
        "forEach()",
        "toJSON()",
        "isTTY",
        "isUint8Array",
        "SSLError",
        "DOMException",
        "net.Socket",
        "fs.Stats",
        "{stream.Readable}",
        "chmod,chown",
        "test-fs-readfile-tostring-fail",
        "--libdir",
        "-Winconsistent-missing-override",
        "LiviaMedeiros",
        "Pinca",
        "DelBono",
        "Shut down",
    ] {
        assert!(text.contains(kept), "`{kept}` changed");
    }
    let output = imprint(&["check", "--strict", fixture.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}
