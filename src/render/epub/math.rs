//! TeX formulas as MathML, which EPUB 3 reading systems render. A formula
//! the converter cannot read whole (an unknown command, an open brace)
//! stays TeX source, so no error message ever ends up in the book.

use pulldown_latex::config::{DisplayMode, RenderConfig};
use pulldown_latex::{push_mathml, Parser, Storage};

/// `tex` as a MathML `<math>` element (namespaced, the source kept as its
/// `alttext`), or `None` when it cannot be read.
pub fn mathml(tex: &str, display: bool) -> Option<String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect();
    if events.iter().any(Result::is_err) {
        return None;
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        xml: true,
        ..RenderConfig::default()
    };
    let mut html = String::new();
    push_mathml(&mut html, events.into_iter(), config).ok()?;
    let mut out = as_xml(&html);
    // Assistive technology that cannot read MathML reads the source.
    let alt = format!(" alttext=\"{}\"", super::xhtml::escape(tex));
    let at = out.find("<math")? + "<math".len();
    out.insert_str(at, &alt);
    // Whatever the converter wrote, only well-formed MathML goes in the book.
    let parsed = roxmltree::Document::parse(&out).ok()?;
    parsed
        .descendants()
        .filter(|node| node.is_element())
        .all(|node| {
            arity(node.tag_name().name())
                .is_none_or(|wanted| node.children().filter(|c| c.is_element()).count() == wanted)
        })
        .then_some(out)
}

/// How many children a MathML element of fixed shape has (`msub` a base
/// and a subscript). The converter sometimes writes more (an
/// `\operatorname` with a subscript), which EPUB checkers refuse.
fn arity(element: &str) -> Option<usize> {
    match element {
        "mfrac" | "mroot" | "msub" | "msup" | "mover" | "munder" => Some(2),
        "msubsup" | "munderover" => Some(3),
        _ => None,
    }
}

/// The converter writes for HTML: operators such as `<` and `&` bare, and
/// `&nbsp;`. XHTML needs them escaped. Its elements hold one character
/// each, so a `<` that starts no tag name (or `/`) is text.
fn as_xml(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut in_tag = false;
    let mut chars = html.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '<' if !in_tag => {
                let next = chars.peek().map(|&(_, n)| n);
                if next.is_some_and(|n| n.is_ascii_alphabetic() || n == '/') {
                    in_tag = true;
                    out.push('<');
                } else {
                    out.push_str("&lt;");
                }
            }
            '>' if in_tag => {
                in_tag = false;
                out.push('>');
            }
            '>' => out.push_str("&gt;"),
            '&' if !in_tag => {
                let rest = &html[at..];
                if rest.starts_with("&nbsp;") {
                    out.push_str("&#160;");
                    chars.nth(4);
                } else if ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| rest.starts_with(e))
                {
                    out.push('&');
                } else {
                    out.push_str("&amp;");
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_namespaced_mathml_with_their_source() {
        let math = mathml(r"\alpha + \beta^2_i \le \frac{a}{b}", false).unwrap();
        assert!(
            math.starts_with("<math alttext=\"\\alpha + \\beta^2_i \\le \\frac{a}{b}\""),
            "{math}"
        );
        assert!(math.contains("xmlns=\"http://www.w3.org/1998/Math/MathML\""));
        assert!(math.contains("<msubsup><mi>β</mi><mi>i</mi><mn>2</mn></msubsup>"));
        assert!(math.contains("<mfrac>") && math.contains("≤"));
        assert!(mathml("x", true).unwrap().contains("display=\"block\""));
    }

    #[test]
    fn what_cannot_be_read_is_refused_not_reported_inside() {
        // The last is read, but written as an `msub` of three children.
        for tex in [
            r"\nosuchcommand{x}",
            r"\frac{a}{b",
            "}",
            r"x^^y",
            r"\left( x \right) \operatorname{argmax}_x",
        ] {
            assert_eq!(mathml(tex, false), None, "{tex}");
        }
    }

    #[test]
    fn markup_in_the_source_is_escaped() {
        let math = mathml(r"a < b \text{ & } c > d \& e", false).unwrap();
        assert!(
            math.contains("alttext=\"a &lt; b \\text{ &amp; } c &gt; d \\&amp; e\""),
            "{math}"
        );
        assert!(
            math.contains("<mo>&lt;</mo>") && math.contains("<mo>&gt;</mo>"),
            "{math}"
        );
        assert!(!math.contains("&nbsp;"), "{math}");
        roxmltree::Document::parse(&math).unwrap();
    }
}
