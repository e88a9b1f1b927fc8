//! SVG pictures: rasterised for the PDF (resvg) and cleaned for the EPUB,
//! where a reader might otherwise run what the file carries.

use std::fmt::Write as _;

use anyhow::{anyhow, bail, Result};
use resvg::{tiny_skia, usvg};

use crate::render::epub::xhtml::escape;

/// Resolution the PDF gets: print quality.
const DPI: f32 = 300.0;
/// Longest side of a raster, in pixels, whatever size the file claims:
/// a 100,000-pixel-wide drawing must not take gigabytes.
const MAX_SIDE: f32 = 4000.0;
/// Attributes of `<a>` that a group does not take.
const LINK_ONLY: [&str; 8] = [
    "href",
    "target",
    "download",
    "rel",
    "hreflang",
    "type",
    "referrerpolicy",
    "ping",
];
/// Deepest element nesting read; deeper files are refused, not recursed into.
const MAX_DEPTH: usize = 256;

/// Whether the bytes look like an SVG file (XML whose first element is `svg`).
pub fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with("<?xml") || text.starts_with("<!--") || text.starts_with('<'))
        && text.contains("<svg")
}

/// An SVG drawn at 300 dpi: RGBA pixels (premultiplied alpha), the size in
/// pixels and how many points one pixel covers.
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
    pub points_per_px: f32,
}

/// Draws an SVG. Nothing outside the file is read: external pictures and
/// fonts are left out.
pub fn rasterise(bytes: &[u8]) -> Result<Raster> {
    let mut options = usvg::Options::default();
    options.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
        resolve_string: Box::new(|_, _| None),
    };
    let tree = usvg::Tree::from_data(bytes, &options)
        .map_err(|e| anyhow!("not a readable SVG file ({e})"))?;
    let size = tree.size();
    // SVG sizes are CSS pixels (1/96 in); a point is 1/72 in.
    let mut scale = DPI / 96.0;
    let longest = size.width().max(size.height()) * scale;
    if longest > MAX_SIDE {
        scale *= MAX_SIDE / longest;
    }
    let width = (size.width() * scale).ceil().max(1.0) as u32;
    let height = (size.height() * scale).ceil().max(1.0) as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| anyhow!("the SVG has no drawable size"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(Raster {
        width,
        height,
        rgba: pixmap.take(),
        points_per_px: 0.75 / scale,
    })
}

/// The SVG rewritten without what could act or reach out: scripts, event
/// handlers, `foreignObject`, animations that set links or handlers, and
/// references to anything outside the file (links, external pictures,
/// style sheets). Comments, processing instructions and the DOCTYPE go too.
pub fn sanitise(bytes: &[u8]) -> Result<Vec<u8>> {
    let text = std::str::from_utf8(bytes).map_err(|_| anyhow!("the SVG file is not UTF-8"))?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| anyhow!("not a readable SVG file ({e})"))?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        bail!(
            "not an SVG file (its first element is `{}`)",
            root.tag_name().name()
        );
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_element(root, None, 0, &mut out)?;
    out.push('\n');
    Ok(out.into_bytes())
}

fn write_element(
    node: roxmltree::Node,
    parent: Option<roxmltree::Node>,
    depth: usize,
    out: &mut String,
) -> Result<()> {
    if depth > MAX_DEPTH {
        bail!("the SVG nests elements more than {MAX_DEPTH} deep");
    }
    // A link in a picture cannot be followed from an <img>: it becomes a
    // plain group, its drawing kept.
    let is_link = node.tag_name().name() == "a";
    let local = if is_link { "g" } else { node.tag_name().name() };
    let name = qualified(node, node.tag_name().namespace(), local);
    out.push('<');
    out.push_str(&name);
    // Namespaces declared here: those in scope that the parent lacks.
    for ns in node.namespaces() {
        let declared_above = parent.is_some_and(|p| {
            p.namespaces()
                .any(|q| q.name() == ns.name() && q.uri() == ns.uri())
        });
        if !declared_above {
            match ns.name() {
                Some(prefix) => write!(out, " xmlns:{prefix}=\"").expect("a string"),
                None => out.push_str(" xmlns=\""),
            }
            out.push_str(&escape(ns.uri()));
            out.push('"');
        }
    }
    for attribute in node.attributes() {
        if !safe_attribute(node, &attribute) || (is_link && LINK_ONLY.contains(&attribute.name())) {
            continue;
        }
        write!(
            out,
            " {}=\"",
            qualified(node, attribute.namespace(), attribute.name())
        )
        .expect("a string");
        out.push_str(&escape(attribute.value()));
        out.push('"');
    }
    let children: Vec<_> = node
        .children()
        .filter(|child| child.is_text() || (child.is_element() && safe_element(*child)))
        .collect();
    if children.is_empty() {
        out.push_str("/>");
        return Ok(());
    }
    out.push('>');
    for child in children {
        if child.is_text() {
            let text = child.text().unwrap_or_default();
            if node.tag_name().name() == "style" && !safe_style(text) {
                continue;
            }
            out.push_str(&escape(text));
        } else {
            write_element(child, Some(node), depth + 1, out)?;
        }
    }
    write!(out, "</{name}>").expect("a string");
    Ok(())
}

fn safe_element(node: roxmltree::Node) -> bool {
    let name = node.tag_name().name();
    if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("foreignObject") {
        return false;
    }
    // `<set attributeName="href" to="javascript:…">` and friends.
    if matches!(
        name,
        "set" | "animate" | "animateTransform" | "animateMotion"
    ) {
        let target = node.attribute("attributeName").unwrap_or_default();
        let target = target.rsplit(':').next().unwrap_or_default();
        return !(target.eq_ignore_ascii_case("href") || is_handler(target));
    }
    true
}

fn safe_attribute(node: roxmltree::Node, attribute: &roxmltree::Attribute) -> bool {
    let name = attribute.name();
    let value = attribute.value().trim();
    if is_handler(name) {
        return false;
    }
    // A reference may point inside the file (`#id`), nowhere else.
    if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
        return value.starts_with('#');
    }
    if name == "style" || node.tag_name().name() == "style" {
        return safe_style(value);
    }
    // Presentation attributes such as fill="url(https://…)".
    !value.to_ascii_lowercase().contains("url(") || safe_style(value)
}

fn is_handler(name: &str) -> bool {
    // By bytes: a name may start with a character of several (`\u{feff}x`).
    name.len() > 2 && name.as_bytes()[..2].eq_ignore_ascii_case(b"on")
}

/// CSS that neither imports nor fetches anything: `url(#id)` only.
fn safe_style(css: &str) -> bool {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") || lower.contains("expression(") {
        return false;
    }
    lower.match_indices("url(").all(|(at, _)| {
        lower[at + 4..]
            .trim_start_matches([' ', '"', '\''])
            .starts_with('#')
    })
}

/// `prefix:name` for a name in a namespace that has a prefix, else `name`.
fn qualified(node: roxmltree::Node, namespace: Option<&str>, name: &str) -> String {
    match namespace.and_then(|uri| node.lookup_prefix(uri)) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{name}"),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = r##"<?xml version="1.0"?>
<!DOCTYPE svg>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20" onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(https://evil.example/a.css); rect { fill: red }</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <a xlink:href="javascript:alert(3)"><rect width="10" height="10" fill="url(#g)" onclick="alert(4)"/></a>
  <image href="https://evil.example/pixel.png" width="1" height="1"/>
  <use xlink:href="#g"/>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
  <set attributeName="xlink:href" to="javascript:alert(5)"/>
  <text x="1" y="15">Kept &amp; safe</text>
</svg>"##;

    #[test]
    fn scripts_handlers_and_outside_references_are_removed() {
        let clean = String::from_utf8(sanitise(HOSTILE.as_bytes()).unwrap()).unwrap();
        for gone in [
            "script",
            "alert",
            "onload",
            "onclick",
            "evil",
            "foreignObject",
            "@import",
            "<set",
        ] {
            assert!(!clean.contains(gone), "{gone} is still in:\n{clean}");
        }
        for kept in [
            "fill=\"url(#g)\"",
            "xlink:href=\"#g\"",
            "Kept &amp; safe",
            "<g><rect",
            "xmlns=\"http://www.w3.org/2000/svg\"",
        ] {
            assert!(clean.contains(kept), "{kept} is missing from:\n{clean}");
        }
        // What is left is well-formed and still an SVG.
        roxmltree::Document::parse(&clean).unwrap();
        assert!(is_svg(clean.as_bytes()));
    }

    /// An attribute name that starts with a character of several bytes
    /// (found by the fuzzer: a byte-order mark inside a tag) is kept or
    /// dropped like any other, without a panic.
    #[test]
    fn attribute_names_beyond_ascii_are_weighed_whole() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\">\
                   <rect \u{feff}x=\"1\" \u{f8}nclick=\"a\" onclick=\"b\" width=\"2\" height=\"2\"/></svg>";
        let clean = String::from_utf8(sanitise(svg.as_bytes()).unwrap()).unwrap();
        assert!(clean.contains("\u{feff}x=\"1\""), "{clean}");
        assert!(clean.contains("\u{f8}nclick"), "{clean}");
        assert!(!clean.contains("onclick"), "{clean}");
        assert!(is_handler("onClick") && !is_handler("\u{feff}on") && !is_handler("on"));
    }

    #[test]
    fn a_drawing_is_rasterised_at_300_dpi() {
        let raster = rasterise(HOSTILE.as_bytes()).unwrap();
        // 40 × 20 CSS pixels at 300/96.
        assert_eq!((raster.width, raster.height), (125, 63));
        assert!((raster.width as f32 * raster.points_per_px - 30.0).abs() < 0.5);
        assert!(
            raster.rgba.chunks(4).any(|p| p[3] > 0),
            "something is drawn"
        );
    }

    #[test]
    fn a_huge_drawing_is_capped() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="10"/>"#;
        let raster = rasterise(svg.as_bytes()).unwrap();
        assert!(raster.width <= MAX_SIDE as u32 + 1);
        assert!((raster.width as f32 * raster.points_per_px - 75_000.0).abs() < 100.0);
    }

    /// The committed hostile drawings (also the fuzzer's seeds): cleaned or
    /// refused, drawn or refused, quickly and without a panic.
    #[test]
    fn the_fixture_drawings_are_handled() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/svg");
        for entry in std::fs::read_dir(folder).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let started = std::time::Instant::now();
            if let Ok(clean) = sanitise(&bytes) {
                let clean = String::from_utf8(clean).unwrap();
                assert!(!clean.contains("alert"), "{clean}");
                roxmltree::Document::parse(&clean).unwrap();
            }
            let _ = rasterise(&bytes);
            assert!(started.elapsed().as_secs() < 5);
        }
    }

    #[test]
    fn broken_files_are_errors() {
        assert!(sanitise(b"<svg><g></svg>").is_err());
        assert!(rasterise(b"not svg").is_err());
        assert!(sanitise(b"<html/>").is_err());
    }
}
