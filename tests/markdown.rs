//! Markdown as people write it: one fixture holding every construct the
//! reader knows (code, tables, footnotes, task lists, strikeout, definition
//! lists, rules, heading ids, internal links, math, inline images, raw
//! HTML), built by the real binary and checked in all three outputs.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::{epubcheck, have_tool, imprint_ok, root, run_tool, stdout, temp_dir};

fn fixture() -> PathBuf {
    root().join("tests/fixtures/markdown/constructs.md")
}

/// Builds the fixture in `out` in `format`; the output's path.
fn build(out: &Path, format: &str) -> PathBuf {
    imprint_ok(&[
        "build",
        "--quiet",
        "--format",
        format,
        "--out",
        out.to_str().unwrap(),
        fixture().to_str().unwrap(),
    ]);
    out.join(format!("constructs.{format}"))
}

#[test]
fn the_digest_keeps_code_tables_and_footnotes_in_shape() {
    let out = temp_dir();
    let digest = std::fs::read_to_string(build(out.path(), "txt")).unwrap();
    // The first heading titles a file without a top-level one.
    assert!(digest.starts_with("Setting up the field kit\n"), "{digest}");
    // Code: verbatim, indented, never re-wrapped; tabs as spaces.
    assert!(digest.contains("\n    fn main() {\n        let content = std::fs::read_to_string(\"field.txt\").unwrap();\n"), "{digest}");
    assert!(
        digest.contains("\n    indented code keeps   its   spacing\n"),
        "{digest}"
    );
    // A table: aligned columns, right-aligned numbers, a rule under the header.
    let lines: Vec<&str> = digest.lines().collect();
    let north = lines.iter().find(|l| l.starts_with("North")).unwrap();
    let south = lines.iter().find(|l| l.starts_with("South")).unwrap();
    assert_eq!(
        north.find("12").unwrap() + 1,
        south.find('7').unwrap(),
        "{digest}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("-----") && l.contains("  -")),
        "{digest}"
    );
    // Footnotes: a mark in the text, the note after the publication.
    assert!(digest.contains("settings.[1]"), "{digest}");
    assert!(
        digest.contains("\n[1] The tool only reads the store; it never writes to it.\n"),
        "{digest}"
    );
    // Task items, strikeout with combining strokes, math as TeX, definitions.
    assert!(digest.contains("- [x] Charge the batteries"), "{digest}");
    assert!(digest.contains("- [ ] Pack the spare cables"), "{digest}");
    assert!(
        digest.contains("O\u{336}l\u{336}d\u{336} p\u{336}"),
        "{digest}"
    );
    assert!(!digest.contains("~~"), "{digest}");
    assert!(digest.contains("$\\hat{p} = x / n$"), "{digest}");
    assert!(
        digest.contains("Sampling frame\n\n    The list of sites"),
        "{digest}"
    );
    // Raw HTML: allow-listed tags become text, others are dropped, text kept.
    assert!(
        digest.contains("Press Ctrl+S to save; water is H2O"),
        "{digest}"
    );
    assert!(digest.contains("wrapped in a span and stay"), "{digest}");
    assert!(digest.contains("Block HTML keeps its text."), "{digest}");
    // Never repaired, though the same words in a paragraph would be.
    assert!(
        digest.contains("a slip like therisk ofsmuggling."),
        "{digest}"
    );
    // An HTML picture is a picture, with its description.
    assert!(
        digest.contains("[image: the kit logo, once more]"),
        "{digest}"
    );
    for markup in ["<", "-->", "reviewer", "[^sync]", "{#"] {
        assert!(!digest.contains(markup), "{markup} in {digest}");
    }
    // An inline image stays in its sentence.
    assert!(
        digest.contains("An inline picture [image: kit logo] sits"),
        "{digest}"
    );
    // Code and identifiers were not "repaired".
    assert!(
        digest.contains("config/field_kit.toml::defaults"),
        "{digest}"
    );
    assert!(digest.lines().all(|l| unicode_width(l) <= 72), "{digest}");
}

fn unicode_width(line: &str) -> usize {
    // Combining strokes take no column.
    line.chars().filter(|&c| c != '\u{336}').count()
}

#[test]
fn the_epub_holds_the_elements_and_validates() {
    let out = temp_dir();
    let book = build(out.path(), "epub");
    let file = std::fs::File::open(&book).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut page = String::new();
    archive
        .by_name("OEBPS/publication-1.xhtml")
        .unwrap()
        .read_to_string(&mut page)
        .unwrap();
    for element in [
        "<pre><code class=\"language-rust\">fn main() {\n    let content",
        "<thead>",
        "<th scope=\"col\" style=\"text-align: right\">Sites</th>",
        "<td style=\"text-align: right\">12</td>",
        "epub:type=\"noteref\" role=\"doc-noteref\"",
        "epub:type=\"footnote\" role=\"doc-footnote\"",
        "<del>Old procedure</del>",
        "<dl>",
        "<dt>Stratum</dt>",
        "<hr/>",
        "H<sub>2</sub>O",
        "m<sup>2</sup>",
        "<code>Ctrl</code>",
        "<h2 id=\"h-method\">Method</h2>",
        "<a href=\"publication-1.xhtml#h-method\">the method section</a>",
        "aria-label=\"done\">☑</span>",
        "<math alttext=\"\\hat{p} = x / n\" display=\"inline\" xmlns=\"http://www.w3.org/1998/Math/MathML\">",
        "display=\"block\"",
        "<msqrt>",
        "<code class=\"math\">\\nosuchmacro{k}</code>",
        "An inline picture <img class=\"inline\"",
        "<p>Block HTML keeps its <em>text</em>.</p>",
    ] {
        assert!(page.contains(element), "{element} not in\n{page}");
    }
    assert!(!page.contains("&lt;span"), "{page}");
    // The chapter with MathML says so in the package.
    let mut package = String::new();
    archive
        .by_name("OEBPS/content.opf")
        .unwrap()
        .read_to_string(&mut package)
        .unwrap();
    assert!(
        package.contains("href=\"publication-1.xhtml\" properties=\"mathml\"/>"),
        "{package}"
    );
    assert!(!page.contains("reviewer"), "{page}");
    epubcheck(&book);
}

#[test]
fn the_pdf_sets_code_tables_and_footnotes() {
    if !have_tool("pdftotext", "poppler-utils") {
        return;
    }
    let out = temp_dir();
    let pdf = build(out.path(), "pdf");
    let pdf = pdf.to_str().unwrap();
    let fonts = run_tool("pdffonts", &[pdf]);
    assert!(fonts.contains("DejaVuSansMono"), "{fonts}");
    let text = run_tool("pdftotext", &["-layout", pdf, "-"]);
    // Code lines stay lines, indentation and all, never hyphenated.
    assert!(text.contains("\n    fn main() {\n"), "{text}");
    assert!(
        text.contains("        let content = std::fs::read_to_string(\"field.txt\").unwrap();"),
        "{text}"
    );
    assert!(text.contains("            println!(\"{line}\");"), "{text}");
    assert!(!text.contains("con-\ntent"), "{text}");
    // Table rows stay rows; the long cell wraps or fits, the numbers align right.
    let row = |name: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no {name} row in {text}"))
            .to_string()
    };
    let (north, south) = (row("North"), row("South"));
    assert!(north.contains("12") && north.contains("40 %"), "{north}");
    assert_eq!(
        north.find("12").unwrap() + 1,
        south.find('7').unwrap(),
        "{text}"
    );
    // The footnote's mark is in the text and its note at the page foot,
    // after everything else on the page.
    let note = text
        .find("The tool only reads the store")
        .expect("the footnote");
    assert!(
        note > text.find("Block HTML keeps its text").unwrap(),
        "{text}"
    );
    assert!(text.contains("for the settings.1"), "{text}");
    // Task boxes, math source, no markup.
    assert!(text.contains("☑ Charge the batteries"), "{text}");
    assert!(text.contains("☐ Pack the spare cables"), "{text}");
    assert!(text.contains("\\hat{p} = x / n"), "{text}");
    for markup in ["~~", "[^sync]", "<kbd>", "<span", "<!--", "{#method}"] {
        assert!(!text.contains(markup), "{markup} in {text}");
    }
    // The internal link goes to a place in the document: besides the
    // contents line's link, one more that is no web link.
    if have_tool("qpdf", "qpdf") {
        let expanded = out.path().join("expanded.pdf");
        run_tool(
            "qpdf",
            &[
                "--qdf",
                "--object-streams=disable",
                pdf,
                expanded.to_str().unwrap(),
            ],
        );
        let raw = String::from_utf8_lossy(&std::fs::read(&expanded).unwrap()).into_owned();
        assert_eq!(raw.matches("/S /GoTo").count(), 2, "internal links");
        assert_eq!(raw.matches("/S /URI").count(), 1, "web links");
        // The inline picture is drawn no taller than its line (the body is
        // 10.5 pt), as a figure with its description.
        let placed = raw
            .lines()
            .zip(raw.lines().skip(1))
            .find(|(_, next)| next.ends_with(" Do") && next.starts_with("/Im"))
            .map(|(cm, _)| {
                cm.split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .expect("a picture drawn");
        let height: f32 = placed[3].parse().unwrap();
        assert!(height > 5.0 && height <= 10.5 * 1.2 + 0.01, "{placed:?}");
        assert!(raw.contains("/Alt (kit logo)"), "no figure description");
    }
    // It sits in its sentence, between the words around it.
    assert!(
        text.lines()
            .any(|l| l.contains("An inline picture") && l.contains("sits in this sentence")),
        "{text}"
    );
    assert!(!text.contains("[image: kit logo]"), "{text}");
}

#[test]
fn json_written_before_the_model_grew_still_loads() {
    // The model JSON as the previous version printed it: headings without
    // ids, lists without tasks, images without lines.
    let out = temp_dir();
    let old = out.path().join("old.json");
    std::fs::write(
        &old,
        r#"{"title":"Old","owner":null,"language":"en-GB","date":null,"publications":[{"title":"P","subtitle":null,"authors":[],"series":null,"kind":null,"summary":[{"type":"heading","level":2,"inlines":[{"type":"text","text":"Head"}]},{"type":"list","ordered":false,"items":[[{"type":"paragraph","inlines":[{"type":"code","text":"x"}],"line":3}]]},{"type":"image","src":"pic.png","alt":"A picture"}],"contents":[],"notes":[],"source":{"file":"old.md","first_line":1,"last_line":9}}]}"#,
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/fixtures/pdf/chart.png"),
        out.path().join("pic.png"),
    )
    .unwrap();
    let model = stdout(&imprint_ok(&["normalise", old.to_str().unwrap()]));
    assert!(model.contains("\"type\": \"heading\""), "{model}");
    // And what this version prints loads back to the same model.
    let again = out.path().join("again.json");
    std::fs::write(&again, &model).unwrap();
    let reprinted = stdout(&imprint_ok(&["normalise", again.to_str().unwrap()]));
    assert_eq!(model.replace("old.md", ""), reprinted.replace("old.md", ""));
}

#[test]
fn the_new_constructs_round_trip_through_model_json() {
    let out = temp_dir();
    let model = stdout(&imprint_ok(&["normalise", fixture().to_str().unwrap()]));
    for kind in [
        "\"code_block\"",
        "\"table\"",
        "\"definition_list\"",
        "\"rule\"",
        "\"footnote\"",
        "\"strikeout\"",
        "\"superscript\"",
        "\"subscript\"",
        "\"math\"",
        "\"tasks\"",
        "\"id\": \"method\"",
        "\"from_html\": true",
    ] {
        assert!(model.contains(kind), "{kind} not in {model}");
    }
    let json = out.path().join("constructs.json");
    std::fs::write(&json, &model).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/markdown/logo.png"),
        out.path().join("logo.png"),
    )
    .unwrap();
    let again = stdout(&imprint_ok(&["normalise", json.to_str().unwrap()]));
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("\"file\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&model), strip(&again));
}
