//! Raw HTML met in Markdown: split into tags and text, and each tag sorted
//! into what the model can hold (the allow-list) and what is removed. The
//! text between tags is always kept.

/// A piece of raw HTML.
#[derive(Debug, PartialEq)]
pub enum Piece<'a> {
    /// Text between tags, entities still encoded.
    Text(&'a str),
    /// `<!-- … -->`, also a doctype, processing instruction or CDATA.
    Comment,
    Tag(Tag),
}

#[derive(Debug, PartialEq)]
pub struct Tag {
    /// Lowercase element name.
    pub name: String,
    pub closing: bool,
    /// `href` of an `<a>`.
    pub href: Option<String>,
    /// `src` and `alt` of an `<img>`.
    pub src: Option<String>,
    pub alt: Option<String>,
}

/// What an allow-listed tag becomes in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapped {
    Code,
    Superscript,
    Subscript,
    Emphasis,
    Strong,
    Strikeout,
    Link,
    LineBreak,
}

impl Tag {
    pub fn mapped(&self) -> Option<Mapped> {
        Some(match self.name.as_str() {
            "kbd" | "code" | "samp" | "tt" => Mapped::Code,
            "sup" => Mapped::Superscript,
            "sub" => Mapped::Subscript,
            "em" | "i" => Mapped::Emphasis,
            "strong" | "b" => Mapped::Strong,
            "del" | "s" | "strike" => Mapped::Strikeout,
            "a" if self.closing || self.href.is_some() => Mapped::Link,
            "br" => Mapped::LineBreak,
            _ => return None,
        })
    }

    /// Tags that end a paragraph of text inside an HTML block.
    pub fn breaks_paragraph(&self) -> bool {
        matches!(
            self.name.as_str(),
            "p" | "div"
                | "section"
                | "article"
                | "header"
                | "footer"
                | "details"
                | "summary"
                | "blockquote"
                | "ul"
                | "ol"
                | "li"
                | "dl"
                | "dt"
                | "dd"
                | "table"
                | "thead"
                | "tbody"
                | "tr"
                | "td"
                | "th"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "hr"
                | "figure"
                | "figcaption"
                | "center"
                | "pre"
        )
    }
}

/// Splits raw HTML into text, comments and tags. A `<` that opens no tag
/// (`a < b`) stays text.
pub fn pieces(html: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(at) = rest.find('<') else {
            out.push(Piece::Text(rest));
            break;
        };
        if at > 0 {
            out.push(Piece::Text(&rest[..at]));
            rest = &rest[at..];
        }
        let (piece, len) = if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").map_or(rest.len(), |e| 4 + e + 3);
            (Piece::Comment, end)
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            (Piece::Comment, rest.find('>').map_or(rest.len(), |e| e + 1))
        } else {
            match tag(rest) {
                Some((tag, len)) => (Piece::Tag(tag), len),
                None => (Piece::Text("<"), 1),
            }
        };
        out.push(piece);
        rest = &rest[len..];
    }
    out
}

/// The tag at the start of `text` and its length.
fn tag(text: &str) -> Option<(Tag, usize)> {
    let inner = &text[1..];
    let closing = inner.starts_with('/');
    let inner = inner.trim_start_matches('/');
    let name_len = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(inner.len());
    if name_len == 0 || !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = text.find('>')?;
    let name = inner[..name_len].to_ascii_lowercase();
    let attributes = &text[1 + usize::from(closing) + name_len..end];
    let named = |element: &str, attr: &str| {
        (name == element && !closing)
            .then(|| attribute(attributes, attr))
            .flatten()
    };
    Some((
        Tag {
            href: named("a", "href"),
            src: named("img", "src"),
            alt: named("img", "alt"),
            name,
            closing,
        },
        end + 1,
    ))
}

/// The value of `name="…"` (or `'…'`, or unquoted) among a tag's attributes.
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let lower = attributes.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before_ok = start == 0 || lower[..start].ends_with(char::is_whitespace);
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_at = attributes.len() - after.len() + 1;
        let value = attributes[value_at..].trim_start();
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or(""),
        };
        return Some(decode(value));
    }
    None
}

/// Text with its character references (`&amp;`, `&#233;`) decoded.
pub fn decode(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str, closing: bool) -> Piece<'static> {
        Piece::Tag(Tag {
            name: name.into(),
            closing,
            href: None,
            src: None,
            alt: None,
        })
    }

    #[test]
    fn tags_comments_and_text_are_told_apart() {
        assert_eq!(
            pieces("<kbd>Ctrl</kbd> a < b <!-- note\n more --><br/>"),
            vec![
                tag("kbd", false),
                Piece::Text("Ctrl"),
                tag("kbd", true),
                Piece::Text(" a "),
                Piece::Text("<"),
                Piece::Text(" b "),
                Piece::Comment,
                tag("br", false),
            ]
        );
    }

    #[test]
    fn links_keep_their_target() {
        let pieces = pieces("<a class=x HREF='https://a.example/?a=1&amp;b=2'>");
        let [Piece::Tag(a)] = pieces.as_slice() else {
            panic!("one tag: {pieces:?}");
        };
        assert_eq!(a.href.as_deref(), Some("https://a.example/?a=1&b=2"));
        assert_eq!(a.mapped(), Some(Mapped::Link));
    }

    #[test]
    fn pictures_keep_their_source_and_description() {
        let pieces = pieces("<img width=80 src=\"logo.png\" alt='The &amp; logo'/>");
        let [Piece::Tag(img)] = pieces.as_slice() else {
            panic!("one tag: {pieces:?}");
        };
        assert_eq!(img.src.as_deref(), Some("logo.png"));
        assert_eq!(img.alt.as_deref(), Some("The & logo"));
    }
}
