//! Properties over generated input (proptest, a modest number of cases so
//! the file runs in seconds): readers never panic, repairing is idempotent
//! and loses no letter without a log entry, every backend renders any
//! model, and the digest keeps to its width.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use imprint::model::{
    Alignment, Block, Collection, ContentsEntry, Definition, Inline, Publication, SourceSpan,
};
use imprint::normalise::{self, Lexicon, Repair};
use imprint::read::{self, KindLabels, SourceFormat};
use imprint::render::{self, Backend, Document, Format, RenderOptions};
use proptest::collection::vec;
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

const FORMATS: [SourceFormat; 3] = [SourceFormat::Txt, SourceFormat::Md, SourceFormat::Json];

fn kinds() -> &'static KindLabels {
    static KINDS: OnceLock<KindLabels> = OnceLock::new();
    KINDS.get_or_init(|| KindLabels::new(&[]))
}

/// A path in a folder that does not exist, so an image a generated source
/// names can never resolve to a real file.
fn source_path(format: SourceFormat) -> PathBuf {
    let name = match format {
        SourceFormat::Txt => "generated.txt",
        SourceFormat::Md => "generated.md",
        SourceFormat::Json => "generated.json",
    };
    Path::new("/nonexistent-imprint-properties").join(name)
}

fn options(width: usize) -> RenderOptions {
    RenderOptions {
        layouts: Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts"),
        width,
        date: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        publisher: Some("Publisher & <Co>".to_string()),
        identifier: None,
        pdf_standard: None,
    }
}

// ------------------------------------------------------------------ sources

/// Pieces of listings and Markdown, so generated sources reach past the
/// readers' first checks into their structure.
fn source_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("Paper\n".to_string()),
        Just("Policy Brief\n".to_string()),
        Just("Table of Contents\n".to_string()),
        Just("2.1. ".to_string()),
        Just("1. ".to_string()),
        Just("# ".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("  ".to_string()),
        Just("---\n".to_string()),
        Just("title: ".to_string()),
        Just("*Paper*".to_string()),
        Just("![alt](pic.png)".to_string()),
        Just("[link](javascript:x)".to_string()),
        Just("`code`".to_string()),
        Just("{\"title\": \"t\", \"publications\": [".to_string()),
        Just("{\"title\": \"p\"}".to_string()),
        Just("]}".to_string()),
        "[a-zA-Z ]{1,12}",
        ".{1,6}",
    ]
}

fn source_text() -> impl Strategy<Value = String> {
    vec(source_piece(), 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic_a_reader(bytes in vec(any::<u8>(), 0..2048)) {
        for format in FORMATS {
            let _ = read::read_bytes(&source_path(format), bytes.clone(), Some(format), kinds());
        }
    }

    #[test]
    fn structured_text_never_panics_a_reader(text in source_text()) {
        for format in FORMATS {
            let _ = read::read_bytes(&source_path(format), text.clone().into_bytes(), Some(format), kinds());
        }
    }
}

// ------------------------------------------------------------------ repair

/// Words as scrapers leave them: glued, split at a line-end hyphen, with
/// odd spaces, boilerplate, non-Latin letters.
fn listing_word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,9}",
        1 => "[A-Z][a-z]{1,8}",
        1 => Just("increasingconcern".to_string()),
        1 => Just("theEU".to_string()),
        1 => Just("gover- nance".to_string()),
        1 => Just("level,and".to_string()),
        1 => Just("word.Word".to_string()),
        1 => Just("  ".to_string()),
        1 => Just("\u{a0}".to_string()),
        1 => Just("For full access to the report, please follow the link.".to_string()),
        1 => Just("café naïve Zürich".to_string()),
        1 => Just("漢字 שלום".to_string()),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    vec(listing_word(), 1..30).prop_map(|words| words.join(" "))
}

/// A listing in the sample's layout; titles are numbered so that no two
/// entries are the same (a repeat is a logged removal of its own, tested
/// in hostile.rs).
fn listing() -> impl Strategy<Value = String> {
    let entry = (
        paragraph(),
        vec(paragraph(), 1..4),
        proptest::option::of(vec("[1-4](\\.[1-4]){0,2}\\. [A-Z][a-z]{2,9}", 1..5)),
    );
    vec(entry, 1..6).prop_map(|entries| {
        let mut text = String::from("Owner Name\n\nSeries Name\n\n");
        for (n, (title, summary, contents)) in entries.into_iter().enumerate() {
            text.push_str(&format!("Entry {n} {title}\n\n"));
            for paragraph in summary {
                text.push_str(&paragraph);
                text.push_str("\n\n");
            }
            if let Some(lines) = contents {
                text.push_str("Table of Contents\n\n");
                text.push_str(&lines.join("\n"));
                text.push_str("\n\n");
            }
            text.push_str("Paper\n\n");
        }
        text
    })
}

fn read_listing(text: &str) -> Collection {
    read::read_bytes(
        &source_path(SourceFormat::Txt),
        text.as_bytes().to_vec(),
        Some(SourceFormat::Txt),
        kinds(),
    )
    .expect("a generated listing reads")
    .collection
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::load(&[]).expect("an empty lexicon loads"))
}

fn letters(text: &str, counts: &mut BTreeMap<char, isize>, sign: isize) {
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        *counts.entry(c).or_default() += sign;
    }
}

/// Every string in the model, as JSON sees it.
fn model_text(collection: &Collection) -> String {
    fn walk(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    walk(&serde_json::to_value(collection).unwrap(), &mut out);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn repairing_is_idempotent(text in listing()) {
        let mut collection = read_listing(&text);
        normalise::repair(&mut collection, lexicon());
        let once = serde_json::to_string_pretty(&collection).unwrap();
        let mut again = read::read_bytes(
            &source_path(SourceFormat::Json),
            once.clone().into_bytes(),
            Some(SourceFormat::Json),
            kinds(),
        )
        .expect("the repaired model reads back as model JSON")
        .collection;
        let second: Vec<Repair> = normalise::repair(&mut again, lexicon());
        let twice = serde_json::to_string_pretty(&again).unwrap();
        prop_assert_eq!(&once, &twice, "second repair: {:?}", second);
    }

    #[test]
    fn no_letter_is_lost_except_in_logged_removals(text in listing()) {
        let raw = read_listing(&text);
        let mut repaired = raw.clone();
        let log = normalise::repair(&mut repaired, lexicon());
        let mut counts = BTreeMap::new();
        for publication in &raw.publications {
            letters(&publication.summary_text(), &mut counts, 1);
        }
        letters(&model_text(&repaired), &mut counts, -1);
        for repair in &log {
            letters(&repair.before, &mut counts, -1);
        }
        let lost: Vec<(char, isize)> = counts.into_iter().filter(|(_, n)| *n > 0).collect();
        prop_assert!(lost.is_empty(), "letters lost without a log entry: {:?}\nlog: {:?}", lost, log);
    }
}

// ------------------------------------------------------------------ models

/// Any text, control characters, right-to-left, emoji and specials included.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z ]{0,20}",
        1 => ".{0,12}",
        1 => Just("& < > \" ' ]]> ( ) \\ %PDF {{title}}".to_string()),
        1 => Just("שלום 漢字 😀👩\u{200d}👩\u{200d}👧 ❤\u{fe0f}".to_string()),
        1 => Just("\t\0\u{1b}[31m\r".to_string()),
        1 => Just(String::new()),
        1 => Just("x".repeat(300)),
    ]
}

fn inline() -> impl Strategy<Value = Inline> {
    let leaf = prop_oneof![
        any_text().prop_map(|text| Inline::Text { text }),
        any_text().prop_map(|text| Inline::Code { text }),
        Just(Inline::LineBreak),
        (any::<bool>(), any_text()).prop_map(|(display, tex)| Inline::Math { display, tex }),
        any_text().prop_map(|text| Inline::Footnote {
            blocks: vec![Block::paragraph(text, 0)]
        }),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(|inlines| Inline::Emphasis { inlines }),
            vec(inner.clone(), 0..3).prop_map(|inlines| Inline::Strong { inlines }),
            vec(inner.clone(), 0..3).prop_map(|inlines| Inline::Strikeout { inlines }),
            vec(inner.clone(), 0..3).prop_map(|inlines| Inline::Superscript { inlines }),
            vec(inner.clone(), 0..3).prop_map(|inlines| Inline::Subscript { inlines }),
            (
                prop_oneof![
                    Just("https://example.org/?a=1&b=<2>".to_string()),
                    Just("javascript:alert(1)".to_string()),
                    Just("file:///etc/passwd".to_string()),
                    any_text(),
                ],
                vec(inner, 0..3)
            )
                .prop_map(|(url, inlines)| Inline::Link { url, inlines }),
        ]
    })
}

fn block() -> impl Strategy<Value = Block> {
    let leaf = prop_oneof![
        4 => (vec(inline(), 0..4), any::<usize>(), any::<bool>())
            .prop_map(|(inlines, line, from_html)| Block::Paragraph { inlines, line, from_html }),
        1 => (any::<u8>(), vec(inline(), 0..3), any_text())
            .prop_map(|(level, inlines, id)| Block::Heading { level, inlines, id }),
        1 => (any_text(), any_text()).prop_map(|(src, alt)| Block::Image { src, alt, line: 0 }),
        1 => (any_text(), any_text()).prop_map(|(language, text)| Block::CodeBlock { language, text, line: 0 }),
        1 => Just(Block::Rule),
        1 => (
            vec(prop_oneof![Just(Alignment::Default), Just(Alignment::Right), Just(Alignment::Center)], 0..4),
            vec(vec(inline(), 0..2), 0..4),
            vec(vec(vec(inline(), 0..2), 0..5), 0..4),
        )
            .prop_map(|(alignments, head, rows)| Block::Table { alignments, head, rows, line: 0 }),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (
                any::<bool>(),
                vec(vec(inner.clone(), 0..3), 0..3),
                vec(proptest::option::of(any::<bool>()), 0..3)
            )
                .prop_map(|(ordered, items, tasks)| Block::List {
                    ordered,
                    items,
                    tasks
                }),
            vec(
                (vec(inline(), 0..3), vec(vec(inner.clone(), 0..2), 0..2)),
                0..3
            )
            .prop_map(|items| {
                Block::DefinitionList {
                    items: items
                        .into_iter()
                        .map(|(term, definitions)| Definition { term, definitions })
                        .collect(),
                }
            }),
            vec(inner, 0..3).prop_map(|blocks| Block::Quote { blocks }),
        ]
    })
}

fn contents_entry() -> impl Strategy<Value = ContentsEntry> {
    (
        "[0-9.]{0,8}",
        prop_oneof![0..12usize, Just(usize::MAX)],
        any_text(),
        any::<usize>(),
    )
        .prop_map(|(number, level, title, line)| ContentsEntry {
            number,
            level,
            title,
            line,
        })
}

fn publication() -> impl Strategy<Value = Publication> {
    (
        (
            any_text(),
            proptest::option::of(any_text()),
            vec(any_text(), 0..3),
            proptest::option::of(any_text()),
            proptest::option::of(any_text()),
        ),
        (
            vec(block(), 0..4),
            vec(contents_entry(), 0..4),
            vec(any_text(), 0..2),
            (any_text(), any::<usize>(), any::<usize>()),
            proptest::option::of(any_text()),
        ),
    )
        .prop_map(
            |(
                (title, subtitle, authors, series, kind),
                (summary, contents, notes, source, url),
            )| {
                Publication {
                    title,
                    subtitle,
                    authors,
                    series,
                    kind,
                    summary,
                    contents,
                    notes,
                    url,
                    source: SourceSpan {
                        file: source.0,
                        first_line: source.1,
                        last_line: source.2,
                    },
                }
            },
        )
}

fn collection() -> impl Strategy<Value = Collection> {
    (
        any_text(),
        proptest::option::of(any_text()),
        prop_oneof![Just("en-GB".to_string()), any_text()],
        proptest::option::of(any_text()),
        vec(publication(), 0..4),
    )
        .prop_map(|(title, owner, language, date, publications)| Collection {
            title,
            owner,
            language,
            date,
            publications,
        })
}

/// A format's backend, or why it could not be built.
type Built = (Format, Result<Box<dyn Backend>, String>);

/// One backend per format, built once; an error while a backend cannot be
/// built yet.
fn backends() -> &'static Vec<Built> {
    static BACKENDS: OnceLock<Vec<Built>> = OnceLock::new();
    BACKENDS.get_or_init(|| {
        Format::ALL
            .into_iter()
            .map(|format| {
                let backend = render::backend(format, &options(72)).map_err(|e| format!("{e:#}"));
                (format, backend)
            })
            .collect()
    })
}

/// Whether the model names an image (which the source folder, here one
/// that does not exist, cannot hold: a backend may rightly refuse it).
fn has_image(collection: &Collection) -> bool {
    collection
        .publications
        .iter()
        .any(|p| !imprint::model::images(&p.summary).is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_backend_renders_any_model(collection in collection()) {
        let doc = Document {
            collection: &collection,
            stem: "generated",
            source_dir: Path::new("/nonexistent-imprint-properties"),
        };
        for (format, backend) in backends() {
            let backend = match backend {
                Ok(backend) => backend,
                // The pdf and epub backends are stubs on this branch until
                // the merge; then this line is never reached and the
                // property covers them too.
                Err(message) if message.contains("not built yet") => continue,
                Err(message) => panic!("the {format:?} backend cannot be built: {message}"),
            };
            match backend.render(&doc) {
                Ok(rendered) => prop_assert!(!rendered.bytes.is_empty(), "{:?} rendered nothing", format),
                Err(error) => prop_assert!(
                    has_image(&collection) && format!("{error:#}").contains("image"),
                    "{:?} refused a model: {:#}", format, error
                ),
            }
        }
    }

    #[test]
    fn the_digest_never_exceeds_its_width(collection in collection(), width in 0usize..100) {
        let digest = render::backend(Format::Txt, &options(width)).unwrap();
        let doc = Document {
            collection: &collection,
            stem: "generated",
            source_dir: Path::new("/nonexistent-imprint-properties"),
        };
        let text = String::from_utf8(digest.render(&doc).unwrap().bytes).unwrap();
        // Widths under 20 are raised to 20.
        let limit = width.max(20);
        for line in text.lines() {
            prop_assert!(line.width() <= limit, "wider than {}: {:?}", limit, line);
        }
    }
}
