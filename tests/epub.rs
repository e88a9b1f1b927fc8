//! The EPUB backend, end to end: the real binary builds books from the
//! sample, a Markdown fixture, a generated corpus and hostile sources; the
//! books are checked with epubcheck, an XML parser and by reading them back.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{gen_corpus, have_tool, imprint, imprint_ok, root, sample, stderr, temp_dir};

const HOSTILE: &str = "Costs & <Benefits> \"2024\" ]]>";

fn fixture() -> PathBuf {
    root().join("tests/fixtures/epub/links.md")
}

/// Builds `sources` to EPUB in `out` and returns the books' paths.
fn build(sources: &[&Path], out: &Path) -> Vec<PathBuf> {
    let mut args = vec![
        "build",
        "--quiet",
        "--format",
        "epub",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(sources.iter().map(|s| s.to_str().unwrap()));
    imprint_ok(&args);
    let mut books: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "epub"))
        .collect();
    books.sort();
    assert!(!books.is_empty(), "no EPUB written in {}", out.display());
    books
}

/// The build failed, and its message names `what`.
fn assert_fails_naming(output: &std::process::Output, what: &str) {
    assert!(!output.status.success());
    assert!(stderr(output).contains(what), "{}", stderr(output));
}

/// Every entry of a book, by name, in archive order.
fn entries(book: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(book).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().to_string(), bytes)
        })
        .collect()
}

/// Parses every XHTML, OPF and NCX file of the books with Python's XML
/// parser (one process for all) and returns each book's text (with image
/// descriptions), whitespace collapsed.
fn parse_books(books: &[PathBuf]) -> BTreeMap<PathBuf, String> {
    let script = r#"
import sys, zipfile, json, xml.etree.ElementTree as ET
texts = {}
for book in sys.argv[1:]:
    parts = []
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if name.endswith(('.xhtml', '.opf', '.ncx', '.xml')):
                try:
                    root = ET.fromstring(z.read(name))
                except ET.ParseError as e:
                    sys.exit(f'{book}: {name}: {e}')
                if name.endswith('.xhtml'):
                    parts.append(''.join(root.itertext()))
                    # Image descriptions are text too.
                    parts.extend(e.get('alt') for e in root.iter() if e.get('alt'))
    texts[book] = ' '.join(' '.join(parts).split())
print(json.dumps(texts))
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(books)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "an XML file does not parse: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let texts: BTreeMap<String, String> = serde_json::from_slice(&output.stdout).unwrap();
    texts
        .into_iter()
        .map(|(k, v)| (PathBuf::from(k), v))
        .collect()
}

/// Every word of every summary in the model of `source` (as `imprint
/// normalise` prints it) must be somewhere in `text`.
fn assert_summary_words_kept(source: &Path, text: &str) {
    let output = imprint_ok(&["normalise", source.to_str().unwrap()]);
    let model: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let collection: imprint::model::Collection = serde_json::from_value(model).unwrap();
    for publication in &collection.publications {
        for word in publication.summary_text().split_whitespace() {
            assert!(
                text.contains(word),
                "{}: summary word `{word}` of `{}` is not in the book",
                source.display(),
                publication.title
            );
        }
    }
}

/// Runs epubcheck over all `books` in one JVM when the JVM can run a
/// source file, else once per book. Fails on any error or warning.
fn epubcheck_all(books: &[PathBuf]) {
    if !have_tool("java", "default-jre") {
        return;
    }
    if !Path::new("/usr/bin/epubcheck").is_file() {
        if std::env::var_os("CI").is_some() {
            panic!("/usr/bin/epubcheck is required in CI: install epubcheck");
        }
        eprintln!("skipped: install epubcheck");
        return;
    }
    let one_jvm = Command::new("java")
        .arg("--list-modules")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("jdk.compiler"))
        .unwrap_or(false);
    let runs: Vec<Vec<String>> = if one_jvm {
        let mut args = vec![
            "-cp".to_string(),
            "/usr/bin/epubcheck".to_string(),
            root()
                .join("tests/fixtures/epub/CheckMany.java")
                .display()
                .to_string(),
        ];
        args.extend(books.iter().map(|b| b.display().to_string()));
        vec![args]
    } else {
        books
            .iter()
            .map(|b| {
                ["-jar", "/usr/bin/epubcheck", "--failonwarnings"]
                    .iter()
                    .map(|s| s.to_string())
                    .chain([b.display().to_string()])
                    .collect()
            })
            .collect()
    };
    for args in runs {
        let output = Command::new("java")
            .args(&args)
            .output()
            .expect("java runs");
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.status.success(), "epubcheck failed:\n{report}");
        assert!(
            !report.contains("WARNING") && !report.contains("ERROR"),
            "{report}"
        );
    }
}

#[test]
fn books_pass_epubcheck_parse_as_xml_and_keep_every_summary_word() {
    let work = temp_dir();
    let corpus = work.path().join("corpus");
    assert!(
        gen_corpus(&corpus, 20, 5, "1"),
        "the corpus generator failed"
    );
    let out = work.path().join("out");
    let corpus_books = build(&[&corpus.join("txt")], &out.join("corpus"));
    assert_eq!(corpus_books.len(), 20);
    let sample_book = build(&[&sample()], &out.join("sample")).remove(0);
    let fixture_book = build(&[&fixture()], &out.join("md")).remove(0);

    let mut all = corpus_books.clone();
    all.extend([sample_book.clone(), fixture_book.clone()]);
    let texts = parse_books(&all);
    assert_summary_words_kept(&sample(), &texts[&sample_book]);
    assert_summary_words_kept(&fixture(), &texts[&fixture_book]);
    for book in &corpus_books {
        let source = corpus
            .join("txt")
            .join(book.file_stem().unwrap())
            .with_extension("txt");
        assert_summary_words_kept(&source, &texts[book]);
    }

    // The Markdown fixture: structure kept, the image embedded, only safe links live.
    let files: BTreeMap<String, Vec<u8>> = entries(&fixture_book).into_iter().collect();
    let page = String::from_utf8(files["OEBPS/publication-1.xhtml"].clone()).unwrap();
    for needle in [
        "<em>emphasis</em>",
        "<strong>strong words</strong>",
        "<code>inline code</code>",
        "<blockquote>",
        "<ol>",
        "<ul>",
        "href=\"https://example.org/papers?id=1&amp;lang=en\"",
        "href=\"mailto:office@example.org\"",
        "alt=\"A small chart of results\"",
    ] {
        assert!(page.contains(needle), "`{needle}` missing:\n{page}");
    }
    assert!(!page.contains("javascript:"), "{page}");
    assert!(page.contains("hostile link"));
    let chart = std::fs::read(root().join("tests/fixtures/epub/figures/chart.png")).unwrap();
    assert_eq!(files["OEBPS/images/image-1.png"], chart);
    let opf = String::from_utf8(files["OEBPS/content.opf"].clone()).unwrap();
    assert!(
        opf.contains("media-type=\"image/png\" id=\"id_images_image-1.png\""),
        "{opf}"
    );

    // Navigation: every publication, its contents nested, each link resolving.
    let nav = String::from_utf8(files["OEBPS/nav.xhtml"].clone()).unwrap();
    assert!(
        nav.contains("href=\"publication-1.xhtml#contents-2\">1.1 Scope<"),
        "{nav}"
    );
    assert!(nav.contains("href=\"publication-2.xhtml\">A Second Paper Without Contents<"));
    assert!(page.contains("id=\"contents-2\""));
    assert!(
        nav.contains("epub:type=\"bodymatter\" href=\"publication-1.xhtml\""),
        "{nav}"
    );

    // A handful of corpus books is enough for epubcheck; all parse above.
    let mut checked = vec![sample_book, fixture_book];
    checked.extend(corpus_books.iter().step_by(7).cloned());
    epubcheck_all(&checked);
}

#[test]
fn metadata_and_cover_follow_the_model_and_the_layout() {
    let out = temp_dir();
    let book = build(&[&sample()], out.path()).remove(0);
    let files: BTreeMap<String, Vec<u8>> = entries(&book).into_iter().collect();
    let opf = String::from_utf8(files["OEBPS/content.opf"].clone()).unwrap();
    for needle in [
        "<dc:title>Policy and Research Papers</dc:title>",
        "<dc:creator id=\"epub-creator-0\">Karin Grimm</dc:creator>",
        "<dc:language>en-GB</dc:language>",
        "<dc:identifier id=\"epub-id-1\">urn:uuid:",
        "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>",
        "<dc:subject>Policy and Research Papers</dc:subject>",
        "<dc:description>",
        "<meta property=\"schema:accessMode\">textual</meta>",
        "<meta property=\"schema:accessModeSufficient\">textual</meta>",
        "<meta property=\"schema:accessibilityFeature\">",
        "<meta property=\"schema:accessibilityHazard\">none</meta>",
        "<meta property=\"schema:accessibilitySummary\">",
        "properties=\"cover-image\"",
    ] {
        assert!(opf.contains(needle), "`{needle}` missing:\n{opf}");
    }

    // The NCX for older readers: the package's identifier, the real depth.
    let ncx = String::from_utf8(files["OEBPS/toc.ncx"].clone()).unwrap();
    assert!(
        ncx.contains("<meta name=\"dtb:depth\" content=\"3\" />"),
        "{ncx}"
    );
    let identifier = opf
        .split("<dc:identifier id=\"epub-id-1\">")
        .nth(1)
        .unwrap();
    let identifier = &identifier[..identifier.find('<').unwrap()];
    assert!(ncx.contains(&format!(
        "<meta name=\"dtb:uid\" content=\"{identifier}\" />"
    )));

    let layout: toml::Value =
        toml::from_str(&std::fs::read_to_string(root().join("layouts/epub/cover.toml")).unwrap())
            .unwrap();
    let cover =
        image::load_from_memory_with_format(&files["OEBPS/cover.png"], image::ImageFormat::Png)
            .expect("the cover is a valid PNG");
    assert_eq!(
        (cover.width() as i64, cover.height() as i64),
        (
            layout["width"].as_integer().unwrap(),
            layout["height"].as_integer().unwrap()
        )
    );
    // Something is drawn on it: not one flat colour.
    let pixels = cover.to_rgb8();
    let first = pixels.get_pixel(0, 0);
    assert!(pixels.pixels().any(|p| p != first));
}

#[test]
fn rebuilds_are_byte_identical_whatever_else_is_built() {
    let first = temp_dir();
    let second = temp_dir();
    let alone = build(&[&sample()], first.path());
    let together = build(&[&fixture(), &sample()], second.path());
    let again = temp_dir();
    let fixture_alone = build(&[&fixture()], again.path());
    // Sorted by name: the sample's book comes first.
    assert!(
        std::fs::read(&alone[0]).unwrap() == std::fs::read(&together[0]).unwrap(),
        "the sample's book changed when built with another source"
    );
    assert!(
        std::fs::read(&fixture_alone[0]).unwrap() == std::fs::read(&together[1]).unwrap(),
        "the Markdown book changed when built with another source"
    );
    // The path as typed is not content: a relative one gives the same book.
    let relative = temp_dir();
    imprint_ok(&[
        "build",
        "--quiet",
        "--format",
        "epub",
        "--out",
        relative.path().to_str().unwrap(),
        "sources/000_8901f2c4af71a182.txt",
    ]);
    assert!(
        std::fs::read(&alone[0]).unwrap()
            == std::fs::read(relative.path().join("000_8901f2c4af71a182.epub")).unwrap(),
        "the book depends on how the source path was written"
    );

    // `mimetype` first, stored, exactly the media type.
    let file = std::fs::File::open(&alone[0]).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut mimetype = archive.by_index(0).unwrap();
    assert_eq!(mimetype.name(), "mimetype");
    assert_eq!(mimetype.compression(), zip::CompressionMethod::Stored);
    let mut text = String::new();
    mimetype.read_to_string(&mut text).unwrap();
    assert_eq!(text, "application/epub+zip");
    drop(mimetype);

    // Text is deflated; PNG pictures (the cover, the Markdown book's chart),
    // compressed already, are stored.
    for book in [&alone[0], &fixture_alone[0]] {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
        let mut pictures = 0;
        for index in 1..archive.len() {
            let entry = archive.by_index_raw(index).unwrap();
            let expected = if entry.name().ends_with(".png") {
                pictures += 1;
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            assert_eq!(entry.compression(), expected, "{}", entry.name());
        }
        assert!(pictures > 0, "{}: no picture", book.display());
    }
}

#[test]
fn a_hostile_title_stays_text() {
    let dir = temp_dir();
    let source = dir.path().join("hostile.json");
    let collection = serde_json::json!({
        "title": HOSTILE,
        "owner": HOSTILE,
        "publications": [{
            "title": HOSTILE,
            // A control character XML forbids, which must not break the package file.
            "authors": [HOSTILE, "Bell\u{7}Ringer"],
            "series": HOSTILE,
            "kind": HOSTILE,
            "summary": [{"type": "paragraph", "inlines": [{"type": "text", "text": HOSTILE}]}],
            "contents": [{"number": "1", "level": 1, "title": HOSTILE}],
            "notes": [HOSTILE]
        }]
    });
    std::fs::write(&source, serde_json::to_vec(&collection).unwrap()).unwrap();
    let book = build(&[&source], &dir.path().join("out")).remove(0);
    let texts = parse_books(std::slice::from_ref(&book));
    let text = &texts[&book];
    // Title page, heading, authors, series, kind, summary, contents, note.
    assert!(text.matches(HOSTILE).count() >= 8, "{text}");
    epubcheck_all(&[book]);
}

#[test]
fn a_user_cover_is_used_and_a_broken_one_is_named() {
    let dir = temp_dir();
    let sources = dir.path().join("sources");
    std::fs::create_dir_all(sources.join("figures")).unwrap();
    std::fs::copy(fixture(), sources.join("links.md")).unwrap();
    let chart = root().join("tests/fixtures/epub/figures/chart.png");
    std::fs::copy(&chart, sources.join("figures/chart.png")).unwrap();
    std::fs::copy(&chart, sources.join("links.cover.png")).unwrap();
    let book = build(&[&sources.join("links.md")], &dir.path().join("out")).remove(0);
    let files: BTreeMap<String, Vec<u8>> = entries(&book).into_iter().collect();
    assert_eq!(files["OEBPS/cover.png"], std::fs::read(&chart).unwrap());

    std::fs::write(
        sources.join("links.cover.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
    let out = dir.path().join("out2");
    let output = imprint(&[
        "build",
        "--format",
        "epub",
        "--out",
        out.to_str().unwrap(),
        sources.join("links.md").to_str().unwrap(),
    ]);
    assert_fails_naming(&output, "links.cover.png");
}

#[test]
fn pictures_are_numbered_in_the_order_the_book_first_shows_them() {
    // Pages are made on all cores, a batch at a time; those with pictures
    // in order. Publications past the first batch use two pictures, one
    // again later and one inside a footnote only.
    let dir = temp_dir();
    let sources = dir.path().join("sources");
    std::fs::create_dir_all(&sources).unwrap();
    for name in ["chart.png", "logo.png"] {
        let from = match name {
            "chart.png" => root().join("tests/fixtures/epub/figures/chart.png"),
            _ => root().join("tests/fixtures/markdown/logo.png"),
        };
        std::fs::copy(from, sources.join(name)).unwrap();
    }
    let mut text = String::new();
    for n in 1..=600 {
        text.push_str(&format!(
            "# Publication {n}\n\nWords of publication {n}.\n\n"
        ));
        match n {
            300 => text.push_str("A note.[^n]\n\n[^n]: See ![The logo](logo.png).\n\n"),
            420 | 550 => text.push_str("![A chart](chart.png)\n\n"),
            _ => {}
        }
    }
    std::fs::write(sources.join("many.md"), text).unwrap();
    let book = build(&[&sources.join("many.md")], &dir.path().join("out")).remove(0);
    let files: BTreeMap<String, Vec<u8>> = entries(&book).into_iter().collect();
    let logo = std::fs::read(sources.join("logo.png")).unwrap();
    let chart = std::fs::read(sources.join("chart.png")).unwrap();
    assert_eq!(files["OEBPS/images/image-1.png"], logo);
    assert_eq!(files["OEBPS/images/image-2.png"], chart);
    assert!(!files.contains_key("OEBPS/images/image-3.png"));
    let page = |n: usize| {
        String::from_utf8(files[&format!("OEBPS/publication-{n}.xhtml")].clone()).unwrap()
    };
    assert!(page(300).contains("images/image-1.png"), "{}", page(300));
    for n in [420, 550] {
        assert!(page(n).contains("images/image-2.png"), "{}", page(n));
    }
    assert!(page(599).contains("Words of publication 599."));
    assert!(!page(299).contains("<img"));
    epubcheck_all(&[book]);
}

#[test]
fn images_outside_the_sources_folder_are_refused() {
    let dir = temp_dir();
    let sources = dir.path().join("sources");
    std::fs::create_dir_all(&sources).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/epub/figures/chart.png"),
        dir.path().join("secret.png"),
    )
    .unwrap();
    std::fs::write(
        sources.join("escape.md"),
        "# Escape\n\n![x](../secret.png)\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = imprint(&[
        "build",
        "--format",
        "epub",
        "--out",
        out.to_str().unwrap(),
        sources.join("escape.md").to_str().unwrap(),
    ]);
    assert_fails_naming(&output, "outside the sources folder");
}

#[test]
fn a_missing_template_is_the_built_in_one_and_a_broken_one_is_named() {
    let dir = temp_dir();
    let layouts = dir.path().join("layouts");
    std::fs::create_dir_all(layouts.join("epub")).unwrap();
    for entry in std::fs::read_dir(root().join("layouts/epub")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, layouts.join("epub").join(path.file_name().unwrap())).unwrap();
    }
    std::fs::remove_file(layouts.join("epub/publication.xhtml.hbs")).unwrap();
    // Font paths in cover.toml are relative to it: point them back at the project.
    let toml = std::fs::read_to_string(layouts.join("epub/cover.toml"))
        .unwrap()
        .replace("../../fonts", root().join("fonts").to_str().unwrap());
    std::fs::write(layouts.join("epub/cover.toml"), toml).unwrap();
    let out = dir.path().join("out");
    let args = [
        "build",
        "--format",
        "epub",
        "--layouts",
        layouts.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    // A template missing from the layouts folder is the built-in one.
    let mut verbose = vec!["-v"];
    verbose.extend(args);
    let output = imprint_ok(&verbose);
    assert!(
        stderr(&output).contains("using <built in>/layouts/epub/publication.xhtml.hbs"),
        "{}",
        stderr(&output)
    );

    // A template that does not parse is named.
    std::fs::write(layouts.join("epub/publication.xhtml.hbs"), "{{#if title}}").unwrap();
    let output = imprint(&args);
    assert_fails_naming(&output, "publication.xhtml.hbs");
}

#[test]
fn publisher_and_identifier_come_from_the_config() {
    let dir = temp_dir();
    let config = dir.path().join("imprint.toml");
    std::fs::write(
        &config,
        "publisher = \"Rock & Roll <Press>\"\nidentifier = \"6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    imprint_ok(&[
        "build",
        "--quiet",
        "--format",
        "epub",
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        sample().to_str().unwrap(),
    ]);
    let book = out.join("000_8901f2c4af71a182.epub");
    let files: BTreeMap<String, Vec<u8>> = entries(&book).into_iter().collect();
    let opf = String::from_utf8(files["OEBPS/content.opf"].clone()).unwrap();
    assert!(
        opf.contains("<dc:publisher>Rock &amp; Roll &lt;Press&gt;</dc:publisher>"),
        "{opf}"
    );
    assert!(opf.contains(">urn:uuid:6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b</dc:identifier>"));
    let ncx = String::from_utf8(files["OEBPS/toc.ncx"].clone()).unwrap();
    assert!(ncx.contains("content=\"urn:uuid:6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b\""));

    std::fs::write(&config, "identifier = \"not-a-uuid\"\n").unwrap();
    let output = imprint(&[
        "build",
        "--format",
        "epub",
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        sample().to_str().unwrap(),
    ]);
    assert_fails_naming(&output, "not-a-uuid");
}
