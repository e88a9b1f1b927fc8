//! The PDF brief, checked with outside readers: poppler's pdftotext,
//! pdffonts and pdfinfo, and qpdf.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::{json, Value};

/// Builds `source` to PDF in `out`, returning the PDF path and stderr.
fn build_pdf(source: &Path, out: &Path, extra: &[&str]) -> (PathBuf, String) {
    let mut args = vec!["build", "--format", "pdf", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push(source.to_str().unwrap());
    let output = imprint_ok(&args);
    let stem = source.file_stem().unwrap().to_str().unwrap();
    (out.join(format!("{stem}.pdf")), stderr(&output))
}

fn have_poppler_and_qpdf() -> bool {
    have_tool("pdftotext", "poppler-utils") && have_tool("qpdf", "qpdf")
}

/// The model's words (`imprint normalise`) in reading order: each
/// publication's title, summary and contents titles.
fn model_words(source: &Path) -> Vec<String> {
    let model: Value = serde_json::from_str(&stdout(&imprint_ok(&[
        "normalise",
        source.to_str().unwrap(),
    ])))
    .expect("normalise prints JSON");
    let mut text = String::new();
    for p in model["publications"].as_array().unwrap() {
        text.push_str(p["title"].as_str().unwrap());
        text.push(' ');
        collect_text(&p["summary"], &mut text);
        for entry in p["contents"].as_array().unwrap() {
            text.push_str(entry["title"].as_str().unwrap());
            text.push(' ');
        }
    }
    comparable_words(&text)
}

fn collect_text(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get("text") {
                out.push_str(text);
            }
            if map.get("type").and_then(Value::as_str) == Some("line_break") {
                out.push(' ');
            }
            for key in ["inlines", "items", "blocks"] {
                if let Some(inner) = map.get(key) {
                    collect_text(inner, out);
                }
            }
            out.push(' ');
        }
        Value::Array(items) => items.iter().for_each(|v| collect_text(v, out)),
        _ => {}
    }
}

/// Words with hyphens and dashes taken out, so a word hyphenated at a line
/// end and joined again compares equal to the model's.
fn comparable_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| !matches!(c, '-' | '‐'))
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// pdftotext's text of each page's text area (no running header or footer).
fn page_texts(pdf: &Path) -> Vec<String> {
    let info = run_tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let size: Vec<f64> = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap()
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let a = text_area(&root().join("layouts"), size[0], size[1]);
    let crop = |v: f64| format!("{}", v.round() as i64);
    let text = run_tool(
        "pdftotext",
        &[
            "-x",
            &crop(a.left - 2.0),
            "-y",
            &crop(a.top - 2.0),
            "-W",
            &crop(a.right - a.left + 4.0),
            "-H",
            &crop(a.bottom - a.top + 4.0),
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    text.split('\u{c}').map(str::to_string).collect()
}

/// The words of the text areas, with words broken at line ends joined again.
fn pdf_words(pdf: &Path) -> Vec<String> {
    comparable_words(&page_texts(pdf).join("\n").replace("-\n", ""))
}

/// The first model word missing from `pdf` (in order), if any.
fn first_missing(model: &[String], pdf: &[String]) -> Option<String> {
    let mut at = 0;
    for word in model {
        match pdf[at..].iter().position(|w| w == word) {
            Some(k) => at += k + 1,
            None => return Some(format!("{word} (after PDF word {at}: {:?})", pdf.get(at))),
        }
    }
    None
}

/// Margins and page size from a brief.toml, in points.
struct Area {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

fn text_area(layouts: &Path, width: f64, height: f64) -> Area {
    let brief: toml::Value =
        toml::from_str(&std::fs::read_to_string(layouts.join("brief.toml")).unwrap()).unwrap();
    let mm = |key: &str| {
        brief["page"][key]
            .as_float()
            .or_else(|| brief["page"][key].as_integer().map(|i| i as f64))
            .unwrap()
            * 72.0
            / 25.4
    };
    Area {
        width,
        height,
        left: mm("margin_left"),
        right: width - mm("margin_right"),
        top: mm("margin_top"),
        bottom: height - mm("margin_bottom"),
    }
}

/// Every word box from `pdftotext -bbox` lies inside the text area, except
/// the running header and footer, which lie in the top and bottom margins
/// and still within the left and right margins.
fn assert_words_inside(pdf: &Path, layouts: &Path) {
    let html = run_tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let number = |tag: &str, key: &str| -> f64 {
        let start = tag.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    let mut area = None;
    let mut words = 0;
    let tolerance = 0.5;
    for part in html.split('<').skip(1) {
        if part.starts_with("page ") {
            area = Some(text_area(
                layouts,
                number(part, "width"),
                number(part, "height"),
            ));
        } else if part.starts_with("word ") {
            let a = area.as_ref().unwrap();
            let word = &part[part.find('>').unwrap() + 1..];
            let (x0, y0, x1, y1) = (
                number(part, "xMin"),
                number(part, "yMin"),
                number(part, "xMax"),
                number(part, "yMax"),
            );
            assert!(
                x0 >= a.left - tolerance && x1 <= a.right + tolerance,
                "`{word}` runs past a side margin: x {x0:.1}..{x1:.1}, text area {:.1}..{:.1} ({})",
                a.left,
                a.right,
                pdf.display()
            );
            let in_text = y0 >= a.top - tolerance && y1 <= a.bottom + tolerance;
            let in_header = y1 <= a.top;
            let in_footer = y0 >= a.bottom && y1 <= a.height;
            assert!(
                in_text || in_header || in_footer,
                "`{word}` crosses the top or bottom margin: y {y0:.1}..{y1:.1}, text area {:.1}..{:.1} ({})",
                a.top,
                a.bottom,
                pdf.display()
            );
            assert!(a.width > 0.0);
            words += 1;
        }
    }
    assert!(words > 50, "too few words in {}", pdf.display());
}

#[test]
fn sample_brief_keeps_every_word_and_passes_the_validators() {
    if !have_poppler_and_qpdf() {
        return;
    }
    let out = temp_dir();
    let (pdf, _) = build_pdf(&sample(), out.path(), &[]);
    let path = pdf.to_str().unwrap();

    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 200_000, "the sample's brief is {size} bytes");

    // Every word of every title, summary and contents entry, in order.
    let model = model_words(&sample());
    let words = pdf_words(&pdf);
    assert!(model.len() > 300);
    if let Some(missing) = first_missing(&model, &words) {
        panic!("pdftotext lost a word: {missing}");
    }

    // Fonts: embedded, subset, with ToUnicode.
    let fonts = run_tool("pdffonts", &[path]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{fonts}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let n = columns.len();
        assert_eq!(
            &columns[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "font not embedded, subset and mapped: {row}"
        );
        assert!(columns[0].as_bytes()[6] == b'+', "no subset tag: {row}");
    }

    let check = run_tool("qpdf", &["--check", path]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );

    let info = run_tool("pdfinfo", &[path]);
    for expected in [
        "Title:           Policy and Research Papers",
        "Author:          Karin Grimm",
        "Subject:         Policy and Research Papers",
        "Producer:        imprint ",
        "CreationDate:    Tue Nov 14 22:13:20 2023 UTC",
        "A4",
    ] {
        assert!(
            info.contains(expected),
            "pdfinfo lacks `{expected}`:\n{info}"
        );
    }

    assert_words_inside(&pdf, &root().join("layouts"));
    assert_outline_and_links(&pdf, 2);

    let text = run_tool("pdftotext", &["-layout", path, "-"]);
    assert!(text.contains("page 2 of"), "no footer:\n{text}");
    assert!(
        text.contains("2 publications"),
        "no count in the title block"
    );
}

/// Bookmarks: one per publication, in reading order, each landing on the
/// page its contents line links to; the contents lines link there too.
fn assert_outline_and_links(pdf: &Path, publications: usize) {
    let json: Value = serde_json::from_str(&run_tool(
        "qpdf",
        &[
            "--json",
            "--json-key=outlines",
            "--json-key=pages",
            "--json-key=qpdf",
            pdf.to_str().unwrap(),
        ],
    ))
    .unwrap();
    let outlines = json["outlines"].as_array().unwrap();
    assert_eq!(outlines.len(), publications, "one bookmark per publication");
    let pages = json["pages"].as_array().unwrap();
    let page_number = |object: &str| {
        pages
            .iter()
            .position(|p| p["object"] == object)
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("{object} is not a page"))
    };
    let mut previous = (0, f64::INFINITY);
    let mut bookmark_pages = Vec::new();
    for outline in outlines {
        let dest = outline["dest"].as_array().unwrap();
        let page = page_number(dest[0].as_str().unwrap());
        let top = dest[3].as_f64().unwrap();
        assert!(
            page > previous.0 || (page == previous.0 && top < previous.1),
            "bookmarks out of reading order at {}",
            outline["title"]
        );
        previous = (page, top);
        bookmark_pages.push(page);
    }
    let objects = json["qpdf"][1].as_object().unwrap();
    let root = objects["trailer"]["value"]["/Root"].as_str().unwrap();
    let catalog = &objects[&format!("obj:{root}")]["value"];
    assert_eq!(catalog["/PageMode"], "/UseOutlines");

    // Contents links, on the pages before the first section, in order, to
    // the bookmarked pages; and the printed numbers agree.
    let contents_pages = bookmark_pages[0] - 1;
    let mut link_pages = Vec::new();
    for page in &pages[..contents_pages] {
        let page = &objects[&format!("obj:{}", page["object"].as_str().unwrap())]["value"];
        for a in page["/Annots"].as_array().unwrap() {
            let annotation = match a.as_str() {
                Some(reference) => &objects[&format!("obj:{reference}")]["value"],
                None => a,
            };
            assert_eq!(
                annotation["/Border"],
                json!([0, 0, 0]),
                "visible link border"
            );
            link_pages.push(page_number(annotation["/A"]["/D"][0].as_str().unwrap()));
        }
    }
    let last = contents_pages.to_string();
    let contents = run_tool(
        "pdftotext",
        &[
            "-f",
            "1",
            "-l",
            &last,
            "-layout",
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    // Entries' last lines: leaders or a wide gap, then the number.
    let printed: Vec<usize> = contents
        .lines()
        .skip_while(|l| l.trim() != "Contents")
        .filter(|l| l.contains(". .") || l.contains("..") || l.contains("   "))
        .filter(|l| !l.trim().starts_with("page "))
        .filter_map(|l| l.split_whitespace().last()?.parse().ok())
        .collect();
    assert_eq!(printed, bookmark_pages, "printed page numbers:\n{contents}");
    let mut bookmarked = bookmark_pages.clone();
    bookmarked.dedup();
    link_pages.dedup();
    assert_eq!(
        link_pages, bookmarked,
        "contents links and bookmarks disagree"
    );
}

/// A model JSON source that strains the layout: 200 publications, words
/// longer than a line, a long URL (as a link and as text), a 3,000-word
/// summary and a character no font has.
fn stress_source(dir: &Path) -> PathBuf {
    let long_word = "a".repeat(500);
    let url = format!("https://example.org/{}", "segment/".repeat(13));
    let mut publications = Vec::new();
    for i in 0..200 {
        let mut summary = vec![json!({
            "type": "paragraph",
            "inlines": [{"type": "text", "text": format!("Publication {i} looks at internationalisation and the counterintelligence of organisations, their responsibilities and accountability.")}],
            "line": 10 + i
        })];
        let mut title = format!("Stress title number {i}");
        if i == 3 {
            let words: Vec<String> = (0..3000).map(|k| format!("word{}", k % 97)).collect();
            summary.push(json!({"type": "paragraph", "inlines": [{"type": "text", "text": words.join(" ")}], "line": 2000}));
        }
        if i == 5 {
            title = format!("A title with {long_word} in it");
            summary.push(json!({"type": "paragraph", "inlines": [
                {"type": "text", "text": format!("See {url} and also ")},
                {"type": "link", "url": url, "inlines": [{"type": "text", "text": url}]},
                {"type": "text", "text": format!(" then {long_word} ends, and the glyph 中 too. Done ✅, not ❌, sure ✔️.")}
            ], "line": 3000}));
        }
        publications.push(json!({
            "title": title,
            "authors": ["A. Author", "B. Writer"],
            "series": "Stress Series",
            "kind": "Paper",
            "summary": summary,
            "contents": [
                {"number": "1", "level": 1, "title": "Introduction", "line": 0},
                {"number": "1.1", "level": 2, "title": format!("A very long contents entry {long_word}"), "line": 0}
            ],
            "notes": ["Full report available from the publisher."],
            "source": {"file": "stress.json", "first_line": 1 + i, "last_line": 2 + i}
        }));
    }
    let collection = json!({
        "title": "Stress Collection",
        "owner": "Test Owner",
        "language": "en-GB",
        "publications": publications
    });
    let path = dir.join("stress.json");
    std::fs::write(&path, serde_json::to_string(&collection).unwrap()).unwrap();
    path
}

#[test]
fn stress_source_stays_inside_the_margins_and_warns_of_missing_glyphs() {
    if !have_poppler_and_qpdf() {
        return;
    }
    let sources = temp_dir();
    let out = temp_dir();
    let source = stress_source(sources.path());
    let (pdf, errors) = build_pdf(&source, out.path(), &[]);
    assert!(
        errors.contains("U+4E2D") && errors.contains("stress.json:3000"),
        "no missing-glyph warning naming the character and line:\n{errors}"
    );
    // Emoji marks no font has are drawn as the plain marks DejaVu has, and
    // a variation selector is no character of its own: no warning.
    for code in ["U+2705", "U+274C", "U+FE0F"] {
        assert!(!errors.contains(code), "{code} warned of:\n{errors}");
    }
    assert_words_inside(&pdf, &root().join("layouts"));
    let check = run_tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    assert_outline_and_links(&pdf, 200);

    // Pages are written in batches as layout fills them, and the running
    // head and foot once the page count is known: every page from the
    // second has both, with its own number.
    let text = run_tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.is_empty()).collect();
    assert!(pages.len() > 100, "only {} pages", pages.len());
    for (index, page) in pages.iter().enumerate().skip(1) {
        let footer = format!("page {} of {}", index + 1, pages.len());
        assert!(
            page.contains(&footer) && page.contains("Stress"),
            "page {} lacks `{footer}` or the running head:\n{page}",
            index + 1
        );
    }
    assert!(
        !pages[0].contains("page 1 of"),
        "a footer on the title page"
    );
    let again = temp_dir();
    let (second, _) = build_pdf(&source, again.path(), &[]);
    assert!(
        std::fs::read(&pdf).unwrap() == std::fs::read(second).unwrap(),
        "two builds of a long document differ"
    );

    // No heading is left at the foot of a page: every page's last line is
    // text, not a kind label, a title or a "Contents" heading.
    for (n, page) in page_texts(&pdf).iter().enumerate() {
        if let Some(last) = page.lines().rev().find(|l| !l.trim().is_empty()) {
            let last = last.trim();
            assert!(
                last != "Paper" && last != "Contents" && !last.starts_with("Stress title"),
                "page {} ends with a heading: {last}",
                n + 1
            );
        }
    }
    // Words too long for a line are broken without a hyphen, so compare
    // against the text with all spaces taken out: each model word in order.
    // The character no font has is drawn (and extracted) as U+FFFD.
    let model: Vec<String> = model_words(&source)
        .into_iter()
        .map(|w| {
            w.replace('中', "\u{FFFD}")
                .replace('✅', "✔")
                .replace('❌', "✘")
                .replace('\u{FE0F}', "")
        })
        .collect();
    let text: String = pdf_words(&pdf).concat();
    let mut at = 0;
    for word in &model {
        match text[at..].find(word.as_str()) {
            Some(k) => at += k + word.len(),
            None => panic!(
                "pdftotext lost `{word}` (after byte {at}: {})",
                &text[at..(at + 300).min(text.len())]
            ),
        }
    }
}

#[test]
fn rebuilds_are_byte_identical() {
    let out = temp_dir();
    let (first, _) = build_pdf(&sample(), out.path(), &[]);
    let first = std::fs::read(first).unwrap();
    let (second, _) = build_pdf(&sample(), out.path(), &[]);
    assert!(first == std::fs::read(second).unwrap(), "two builds differ");
}

#[test]
fn letter_paper_and_a_logo_from_a_modified_layout() {
    if !have_tool("pdfinfo", "poppler-utils") {
        return;
    }
    let layouts = temp_dir();
    copy_tree(&root().join("layouts"), layouts.path());
    let brief = std::fs::read_to_string(layouts.path().join("brief.toml")).unwrap();
    std::fs::write(
        layouts.path().join("brief.toml"),
        brief
            .replace("paper = \"A4\"", "paper = \"Letter\"")
            .replace("logo = \"\"", "logo = \"logo.png\""),
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/fixtures/pdf/chart.png"),
        layouts.path().join("logo.png"),
    )
    .unwrap();
    let out = temp_dir();
    let (pdf, _) = build_pdf(
        &sample(),
        out.path(),
        &["--layouts", layouts.path().to_str().unwrap()],
    );
    let info = run_tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    if have_tool("pdfimages", "poppler-utils") {
        let path = pdf.to_str().unwrap();
        let images = run_tool("pdfimages", &["-list", "-f", "1", "-l", "1", path]);
        assert_eq!(
            images.lines().count(),
            3,
            "the logo is not on page 1:\n{images}"
        );
    }
    if have_tool("pdftotext", "poppler-utils") {
        assert_words_inside(&pdf, layouts.path());
    }
}

#[test]
fn a_missing_font_is_an_error_naming_it() {
    let layouts = temp_dir();
    copy_tree(&root().join("layouts"), layouts.path());
    let brief = std::fs::read_to_string(layouts.path().join("brief.toml")).unwrap();
    std::fs::write(
        layouts.path().join("brief.toml"),
        brief.replace("fonts/NotoSerif-Italic.ttf", "fonts/NoSuchFont.ttf"),
    )
    .unwrap();
    let out = temp_dir();
    let output = imprint(&[
        "build",
        "--format",
        "pdf",
        "--out",
        out.path().to_str().unwrap(),
        "--layouts",
        layouts.path().to_str().unwrap(),
        sample().to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("NoSuchFont.ttf"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn markdown_styles_links_and_pictures() {
    if !have_poppler_and_qpdf() || !have_tool("pdfimages", "poppler-utils") {
        return;
    }
    let source = root().join("tests/fixtures/pdf/markdown.md");
    let out = temp_dir();
    let (pdf, errors) = build_pdf(&source, out.path(), &[]);
    let path = pdf.to_str().unwrap();
    assert!(!errors.contains("warning"), "{errors}");

    let text = run_tool("pdftotext", &[path, "-"]);
    for expected in [
        "“curly quotes” — and dashes – in ‘Zürich’",
        "café, naïve, Ærøskøbing, Łódź, São Paulo",
        "office,",
        "affluent, difficult.",
        "organisations’",
    ] {
        assert!(
            text.contains(expected),
            "pdftotext lacks `{expected}`:\n{text}"
        );
    }

    let fonts = run_tool("pdffonts", &[path]);
    for face in [
        "NotoSerif-Italic",
        "NotoSerif-Bold",
        "NotoSerif-BoldItalic",
        "NotoSans-Regular",
    ] {
        assert!(
            fonts.contains(&format!("+{face} ")),
            "{face} not used:\n{fonts}"
        );
    }

    // Pictures: all four placed (one inside a sentence, one in a table
    // cell), lossless (not DCT/JPX).
    let images = run_tool("pdfimages", &["-list", path]);
    let rows: Vec<&str> = images.lines().skip(2).collect();
    assert_eq!(rows.len(), 4, "{images}");
    for row in rows {
        assert!(
            !row.contains("jpeg") && !row.contains("jpx"),
            "lossy picture: {row}"
        );
    }

    // Links: URI annotations (objects of their own, for the structure tree).
    let json: Value =
        serde_json::from_str(&run_tool("qpdf", &["--json", "--json-key=qpdf", path])).unwrap();
    let uris: Vec<String> = json["qpdf"][1]
        .as_object()
        .unwrap()
        .values()
        .filter(|o| o["value"]["/Subtype"] == "/Link")
        .filter_map(|o| Some(o["value"]["/A"]["/URI"].as_str()?.to_string()))
        .collect();
    assert!(
        uris.iter()
            .any(|u| u.contains("example.org/publications/brief"))
            && uris.iter().any(|u| u.contains("example.org/two")),
        "links: {uris:?}"
    );
    assert_words_inside(&pdf, &root().join("layouts"));
}
