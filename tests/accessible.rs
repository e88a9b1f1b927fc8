//! Accessible and archival outputs, checked with outside tools: poppler
//! reads the PDF's structure tree, Apache PDFBox Preflight judges PDF/A-1b,
//! DAISY Ace the EPUB's accessibility.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

/// Sources with every construct the brief tags: the sample listing, the
/// Markdown fixtures (headings, lists, quotes, links, pictures) and a
/// generated corpus document.
fn sources(corpus: &Path) -> Vec<PathBuf> {
    let mut sources = vec![
        sample(),
        root().join("tests/fixtures/handbook.md"),
        root().join("tests/fixtures/pdf/markdown.md"),
    ];
    if gen_corpus(corpus, 1, 6, "1") {
        sources.push(
            corpus
                .join("md")
                .read_dir()
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .path(),
        );
    }
    sources
}

/// Builds `sources` into `out` in `format`; returns the output paths.
fn build(sources: &[PathBuf], out: &Path, format: &str, extra: &[&str]) -> Vec<PathBuf> {
    let mut args = vec!["build", "--format", format, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    for source in sources {
        args.push(source.to_str().unwrap());
    }
    imprint_ok(&args);
    sources
        .iter()
        .map(|s| {
            out.join(format!(
                "{}.{format}",
                s.file_stem().unwrap().to_str().unwrap()
            ))
        })
        .collect()
}

/// Words for comparing page text with tagged text: hyphens dropped (a
/// word broken at a line end reads `tem-` `plates` on the page and
/// `tem\u{ad}plates`, a soft hyphen, in the tree).
fn words(text: &str) -> Vec<String> {
    text.replace("-\n", "")
        .replace(['-', '\u{ad}'], "")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// The page text a reader should hear: pdftotext's, without each page's
/// running header (first line) and footer (last line) from page 2 on, and
/// without the contents' dot leaders.
fn page_words(pdf: &Path) -> Vec<String> {
    let text = run_tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let mut kept = String::new();
    for (index, page) in text.split('\u{c}').enumerate() {
        let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        let body = if index == 0 || lines.len() < 2 {
            &lines[..]
        } else {
            &lines[1..lines.len() - 1]
        };
        for line in body {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    words(&kept)
        .into_iter()
        .filter(|w| !w.chars().all(|c| c == '.'))
        .collect()
}

/// The text of the structure tree, element by element.
fn tagged_words(pdf: &Path) -> (String, Vec<String>) {
    let tree = run_tool("pdfinfo", &["-struct-text", pdf.to_str().unwrap()]);
    let mut text = String::new();
    for line in tree.lines() {
        let line = line.trim();
        if let Some(quoted) = line.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
            text.push_str(quoted);
            text.push('\n');
        }
    }
    let words = words(&text);
    (tree, words)
}

/// How many of `page`'s words `tagged` has in the same order (each found
/// a little ahead of the last one found).
fn in_order(page: &[String], tagged: &[String]) -> usize {
    let mut at = 0;
    let mut found = 0;
    for word in page {
        if let Some(k) = tagged[at..].iter().take(60).position(|t| t == word) {
            at += k + 1;
            found += 1;
        }
    }
    found
}

#[test]
fn pdf_is_tagged_in_reading_order_without_artifacts() {
    if !have_tool("pdfinfo", "poppler-utils") {
        return;
    }
    let dir = temp_dir();
    let sources = sources(&dir.path().join("corpus"));
    let out = dir.path().join("out");
    let mut roles = String::new();
    for pdf in build(&sources, &out, "pdf", &[]) {
        let info = run_tool("pdfinfo", &[pdf.to_str().unwrap()]);
        assert!(
            info.contains("Tagged:          yes"),
            "{}: {info}",
            pdf.display()
        );
        let raw = std::fs::read(&pdf).unwrap();
        assert!(raw.starts_with(b"%PDF-1.7"), "{}: header", pdf.display());

        let page = page_words(&pdf);
        let (tree, tagged) = tagged_words(&pdf);
        let found = in_order(&page, &tagged);
        assert!(
            found * 100 >= page.len() * 99,
            "{}: {found} of {} page words in the tree in order\n{tree}",
            pdf.display(),
            page.len()
        );
        // Running heads and page numbers are artifacts, not content.
        assert!(
            !tree.contains("page 2 of"),
            "{}: footer tagged",
            pdf.display()
        );
        roles.push_str(&run_tool("pdfinfo", &["-struct", pdf.to_str().unwrap()]));

        // Every link annotation is in the tree, printable and described.
        let json: Value = serde_json::from_str(&run_tool(
            "qpdf",
            &["--json", "--json-key=qpdf", pdf.to_str().unwrap()],
        ))
        .unwrap();
        for object in json["qpdf"][1].as_object().unwrap().values() {
            let value = &object["value"];
            if value["/Subtype"] == "/Link" {
                assert_eq!(value["/F"], 4, "{}: {value}", pdf.display());
                assert!(
                    value["/StructParent"].is_number(),
                    "{}: {value}",
                    pdf.display()
                );
                assert!(value["/Contents"].is_string(), "{}: {value}", pdf.display());
            }
            if value["/Type"] == "/Catalog" {
                assert_eq!(value["/MarkInfo"]["/Marked"], true);
                assert_eq!(value["/ViewerPreferences"]["/DisplayDocTitle"], true);
                assert!(
                    value["/Lang"].as_str().is_some_and(|l| l.contains("en")),
                    "{value}"
                );
            }
            if value["/Type"] == "/Page" {
                assert_eq!(value["/Tabs"], "/S");
            }
        }
    }
    for role in [
        "Document",
        "Sect",
        "H1",
        "H2",
        "H3",
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Figure",
        "Link",
        "TOC",
        "TOCI",
        "BlockQuote",
    ] {
        assert!(
            roles
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{role} ")) || l.trim() == role),
            "no {role} element:\n{roles}"
        );
    }
    // A figure carries its picture's description.
    assert!(roles.contains("Figure"), "{roles}");
}

#[test]
fn figures_have_their_alt_text() {
    if !have_tool("qpdf", "qpdf") {
        return;
    }
    let dir = temp_dir();
    let pdf = &build(
        &[root().join("tests/fixtures/pdf/markdown.md")],
        dir.path(),
        "pdf",
        &[],
    )[0];
    let json = run_tool(
        "qpdf",
        &["--json", "--json-key=qpdf", pdf.to_str().unwrap()],
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    let objects = json["qpdf"][1].as_object().unwrap();
    let alts: Vec<String> = objects
        .values()
        .filter(|o| o["value"]["/S"] == "/Figure")
        .filter_map(|o| Some(o["value"]["/Alt"].as_str()?.to_string()))
        .collect();
    assert!(alts.iter().any(|a| a.contains("A small chart")), "{alts:?}");
    // A picture inside a sentence or a table cell is a figure inside its P or TD.
    for (alt, parent) in [("a colour key", "/P"), ("a key in a cell", "/TD")] {
        let figure = objects
            .values()
            .find(|o| o["value"]["/Alt"].as_str() == Some(&format!("u:{alt}")))
            .unwrap_or_else(|| panic!("no figure `{alt}` among {alts:?}"));
        let up = figure["value"]["/P"].as_str().unwrap();
        assert_eq!(
            objects[&format!("obj:{up}")]["value"]["/S"],
            parent,
            "{alt}"
        );
    }
}

const PREFLIGHT_JARS: &[&str] = &[
    "preflight.jar",
    "pdfbox2.jar",
    "fontbox2.jar",
    "xmpbox.jar",
    "javax.activation.jar",
    "jaxb-api.jar",
    "commons-logging.jar",
];

/// Apache PDFBox Preflight's verdict on one file.
fn preflight(pdf: &Path) -> String {
    let classpath: Vec<String> = PREFLIGHT_JARS
        .iter()
        .map(|jar| format!("/usr/share/java/{jar}"))
        .collect();
    let output = Command::new("java")
        .args([
            "-cp",
            &classpath.join(":"),
            "org.apache.pdfbox.preflight.Validator_A1b",
        ])
        .arg(pdf)
        .output()
        .expect("java runs");
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

fn have_preflight() -> bool {
    const PACKAGES: &str = "libpdfbox2-java libactivation-java libjaxb-api-java";
    if !have_tool("java", PACKAGES) {
        return false;
    }
    let missing = PREFLIGHT_JARS
        .iter()
        .any(|jar| !Path::new("/usr/share/java").join(jar).exists());
    if missing {
        if std::env::var_os("CI").is_some() {
            panic!("PDFBox Preflight is required in CI: install {PACKAGES}");
        }
        eprintln!("skipped: install {PACKAGES} (for PDFBox Preflight)");
    }
    !missing
}

#[test]
fn pdf_a_1b_passes_preflight() {
    if !have_preflight() {
        return;
    }
    let dir = temp_dir();
    let sources = sources(&dir.path().join("corpus"));
    for pdf in build(
        &sources,
        &dir.path().join("a1b"),
        "pdf",
        &["--pdf-standard", "a-1b"],
    ) {
        let verdict = preflight(&pdf);
        assert!(
            verdict.contains("is a valid PDF/A-1b file"),
            "{}:\n{verdict}",
            pdf.display()
        );
        let raw = std::fs::read(&pdf).unwrap();
        assert!(
            raw.starts_with(b"%PDF-1.4"),
            "{}: PDF/A-1 is PDF 1.4",
            pdf.display()
        );
    }
    // The check can fail: the plain brief is not PDF/A.
    let plain = &build(&sources[..1], &dir.path().join("plain"), "pdf", &[])[0];
    assert!(!preflight(plain).contains("is a valid PDF/A-1b file"));
}

#[test]
fn a_long_document_keeps_every_array_within_pdf_a_1_limits() {
    // More links (each a key of the structure's parent tree) than one
    // array of PDF 1.4 may hold: the parent tree must become a tree.
    if !have_preflight() {
        return;
    }
    let dir = temp_dir();
    let mut text = String::from("---\ntitle: Links\nauthor: A. Writer\n---\n\n# Links\n\n");
    for n in 0..4500 {
        text += &format!("See [item {n}](https://example.org/{n}) and more.\n");
        if n % 20 == 19 {
            text += "\n";
        }
    }
    let source = dir.path().join("links.md");
    std::fs::write(&source, text).unwrap();
    let pdf = &build(
        &[source],
        &dir.path().join("out"),
        "pdf",
        &["--pdf-standard", "a-1b"],
    )[0];
    let verdict = preflight(pdf);
    assert!(verdict.contains("is a valid PDF/A-1b file"), "{verdict}");
    let raw = String::from_utf8_lossy(&std::fs::read(pdf).unwrap()).into_owned();
    assert!(raw.contains("/Limits ["), "the parent tree has leaves");
}

/// The uncompressed XMP packet of a PDF.
fn xmp(pdf: &[u8]) -> String {
    let text = String::from_utf8_lossy(pdf);
    let start = text.find("<x:xmpmeta").expect("an XMP packet");
    let end = text[start..].find("</x:xmpmeta>").expect("the packet ends") + start;
    text[start..end].to_string()
}

#[test]
fn pdf_a_2_declares_its_part_level_and_unicode() {
    if !have_tool("pdffonts", "poppler-utils") {
        return;
    }
    let dir = temp_dir();
    let source = [root().join("tests/fixtures/pdf/markdown.md")];
    for (standard, conformance) in [("a-2b", "B"), ("a-2u", "U")] {
        let pdf = &build(
            &source,
            &dir.path().join(standard),
            "pdf",
            &["--pdf-standard", standard],
        )[0];
        let raw = std::fs::read(pdf).unwrap();
        assert!(
            raw.starts_with(b"%PDF-1.7"),
            "{standard}: PDF/A-2 is PDF 1.7"
        );
        let xmp = xmp(&raw);
        assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
        assert!(
            xmp.contains(&format!(
                "<pdfaid:conformance>{conformance}</pdfaid:conformance>"
            )),
            "{xmp}"
        );
        assert!(xmp.contains("Markdown Features in the Brief"), "{xmp}");
        let text = String::from_utf8_lossy(&raw);
        assert!(text.contains("/GTS_PDFA1"), "{standard}: no output intent");
        assert!(text.contains("sRGB IEC61966-2.1"), "{standard}: not sRGB");
        // PDF/A-2u: every font maps its glyphs to Unicode.
        let fonts = run_tool("pdffonts", &[pdf.to_str().unwrap()]);
        for row in fonts.lines().skip(2) {
            let columns: Vec<&str> = row.split_whitespace().collect();
            let uni = columns[columns.len() - 3];
            assert_eq!(uni, "yes", "{standard}: font without ToUnicode: {row}");
        }
    }
    // Without a standard: PDF/UA identification, no PDF/A claim.
    let plain = &build(&source, &dir.path().join("plain"), "pdf", &[])[0];
    let xmp = xmp(&std::fs::read(plain).unwrap());
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(!xmp.contains("pdfaid:part"), "{xmp}");
}

#[test]
fn pdf_standard_from_brief_toml_is_overridden_by_the_flag_and_rebuilds() {
    let dir = temp_dir();
    let layouts = dir.path().join("layouts");
    copy_tree(&root().join("layouts"), &layouts);
    let brief = layouts.join("brief.toml");
    let text = std::fs::read_to_string(&brief).unwrap();
    std::fs::write(&brief, format!("pdf_standard = \"a-2u\"\n{text}")).unwrap();
    let out = dir.path().join("out");
    let source = [root().join("tests/fixtures/handbook.md")];
    let layouts_arg = ["--layouts", layouts.to_str().unwrap()];
    let pdf = &build(&source, &out, "pdf", &layouts_arg)[0];
    let raw = std::fs::read(pdf).unwrap();
    assert!(xmp(&raw).contains("<pdfaid:conformance>U</pdfaid:conformance>"));

    // The flag wins, and a changed standard is not an up-to-date output.
    let args = [&layouts_arg[..], &["--pdf-standard", "a-1b"]].concat();
    build(&source, &out, "pdf", &args);
    let raw = std::fs::read(pdf).unwrap();
    assert!(raw.starts_with(b"%PDF-1.4"));
    assert!(xmp(&raw).contains("<pdfaid:part>1</pdfaid:part>"));

    // Same settings twice: the same bytes.
    let again = dir.path().join("again");
    build(&source, &again, "pdf", &args);
    assert!(
        std::fs::read(again.join("handbook.pdf")).unwrap() == raw,
        "not reproducible"
    );

    // A standard that does not exist: an error naming brief.toml.
    std::fs::write(&brief, format!("pdf_standard = \"a-9z\"\n{text}")).unwrap();
    let output = imprint(&[
        "build",
        "--format",
        "pdf",
        "--out",
        out.to_str().unwrap(),
        "--layouts",
        layouts.to_str().unwrap(),
        source[0].to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("brief.toml"),
        "{}",
        stderr(&output)
    );
}

/// DAISY Ace on one book: its violations, one line each.
fn ace_violations(epub: &Path, reports: &Path) -> Vec<String> {
    let report = reports.join(epub.file_stem().unwrap());
    let chromium = std::env::var("PUPPETEER_EXECUTABLE_PATH").unwrap_or("/usr/bin/chromium".into());
    let output = Command::new("ace-puppeteer")
        .args(["-f", "-s", "-o"])
        .arg(&report)
        .arg(epub)
        .env("PUPPETEER_EXECUTABLE_PATH", chromium)
        .output()
        .expect("ace-puppeteer runs");
    assert!(
        output.status.success(),
        "ace failed on {}: {}",
        epub.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("report.json")).unwrap())
            .unwrap();
    let mut violations = Vec::new();
    for subject in json["assertions"].as_array().unwrap() {
        for check in subject["assertions"].as_array().into_iter().flatten() {
            if check["earl:result"]["earl:outcome"] == "fail" {
                violations.push(format!(
                    "{}: {} {} {}",
                    subject["earl:testSubject"]["url"],
                    check["earl:test"]["earl:impact"],
                    check["earl:test"]["dct:title"],
                    check["earl:result"]["html"]
                ));
            }
        }
    }
    violations
}

#[test]
fn epubs_pass_daisy_ace() {
    // Ace from npm (`npm install --ignore-scripts @daisy/ace`, its
    // node_modules/.bin on PATH) drives Debian's chromium.
    if !have_tool("ace-puppeteer", "@daisy/ace (npm) and chromium") {
        return;
    }
    let dir = temp_dir();
    let mut sources = sources(&dir.path().join("corpus"));
    sources.push(root().join("tests/fixtures/epub/links.md"));
    let reports = dir.path().join("reports");
    let mut violations = Vec::new();
    for epub in build(&sources, &dir.path().join("out"), "epub", &[]) {
        violations.extend(ace_violations(&epub, &reports));
    }
    assert!(
        violations.is_empty(),
        "DAISY Ace:\n{}",
        violations.join("\n")
    );
}
