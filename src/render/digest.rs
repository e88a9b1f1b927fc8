//! The plain-text digest: a handlebars template (`layouts/digest.txt.hbs`)
//! fills in logical lines, then every line is wrapped to the width in
//! terminal columns, so no template edit can make a line too long.

use anyhow::{Context as _, Result};
use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::{json, Value};
use textwrap::{Options, WordSeparator, WordSplitter, WrapAlgorithm};
use unicode_width::UnicodeWidthStr;

use crate::model::{inline_text, Block, Collection};
use crate::render::{Backend, Document, Format, RenderOptions, Rendered};

const TEMPLATE: &str = "digest.txt.hbs";

pub struct Digest {
    templates: Handlebars<'static>,
    width: usize,
}

/// `{{underline text "="}}`: a rule as wide as the text, at most the line width.
struct Underline {
    width: usize,
}

impl HelperDef for Underline {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let text = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
        let mark = h.param(1).and_then(|p| p.value().as_str()).unwrap_or("-");
        Ok(ScopedJson::Derived(Value::String(
            mark.repeat(text.width().min(self.width)),
        )))
    }
}

impl Digest {
    pub fn new(options: &RenderOptions) -> Result<Digest> {
        let path = options.layouts.join(TEMPLATE);
        let mut templates = Handlebars::new();
        templates.set_strict_mode(false);
        // Plain text: nothing to escape.
        templates.register_escape_fn(handlebars::no_escape);
        let width = options.width.max(20);
        templates.register_helper("underline", Box::new(Underline { width }));
        templates
            .register_template_file(TEMPLATE, &path)
            .with_context(|| format!("{}: cannot load the digest template", path.display()))?;
        Ok(Digest { templates, width })
    }
}

impl Backend for Digest {
    fn format(&self) -> Format {
        Format::Txt
    }

    fn render(&self, doc: &Document) -> Result<Rendered> {
        let filled = self
            .templates
            .render(TEMPLATE, &template_data(doc.collection))
            .context("the digest template failed")?;
        let filled = visible(&filled);
        let mut text = String::with_capacity(filled.len() + filled.len() / 8);
        for line in filled.lines() {
            wrap_line(line, self.width, &mut text);
        }
        // One blank line at most between paragraphs, one newline at the end.
        while text.contains("\n\n\n") {
            text = text.replace("\n\n\n", "\n\n");
        }
        let text = format!("{}\n", text.trim_end());
        Ok(Rendered {
            bytes: text.into_bytes(),
            ..Rendered::default()
        })
    }
}

/// Tabs become spaces and other control characters (NUL, ESC, ...) a
/// visible U+FFFD: a digest is read in terminals, where they would move the
/// cursor or hide text, and they have no width to wrap by. (The repair
/// removes stray ones earlier and logs it; this is for `--no-repair` and
/// model JSON.)
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' => c,
            '\t' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// What the template sees: the model plus the lines a plain-text reader needs.
fn template_data(collection: &Collection) -> Value {
    let publications: Vec<Value> = collection
        .publications
        .iter()
        .enumerate()
        .map(|(index, p)| {
            let meta: Vec<String> = [p.kind.clone(), p.series.clone(), Some(p.authors.join(", "))]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect();
            let mut summary = Vec::new();
            for block in &p.summary {
                block_lines(block, "", &mut summary);
            }
            let contents: Vec<Value> = p
                .contents
                .iter()
                .map(|e| json!({"indent": "  ".repeat(e.level.clamp(1, 8)), "number": e.number, "title": e.title}))
                .collect();
            json!({
                "number": index + 1,
                "title": p.title,
                "subtitle": p.subtitle,
                "meta": meta.join(" · "),
                "kind": p.kind,
                "series": p.series,
                "authors": p.authors,
                "summary": summary,
                "contents": contents,
                "notes": p.notes,
                "url": p.url,
            })
        })
        .collect();
    json!({
        "title": collection.title,
        "owner": collection.owner,
        "date": collection.date,
        "language": collection.language,
        "count": collection.publications.len(),
        "one": collection.publications.len() == 1,
        "publications": publications,
    })
}

/// A block as logical lines of plain text: list items get `- ` or `N. `,
/// quotes `> `, nested ones more indentation.
fn block_lines(block: &Block, prefix: &str, out: &mut Vec<String>) {
    match block {
        Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
            out.push(format!("{prefix}{}", inline_text(inlines).trim()))
        }
        Block::List { ordered, items } => {
            for (index, item) in items.iter().enumerate() {
                let marker = if *ordered {
                    format!("{}. ", index + 1)
                } else {
                    "- ".to_string()
                };
                let mut item_lines = Vec::new();
                for block in item {
                    block_lines(block, "", &mut item_lines);
                }
                let hang = " ".repeat(marker.width());
                for (n, line) in item_lines.iter().enumerate() {
                    let lead = if n == 0 { &marker } else { &hang };
                    out.push(format!("{prefix}{lead}{line}"));
                }
            }
        }
        Block::Quote { blocks } => {
            for block in blocks {
                block_lines(block, &format!("{prefix}> "), out);
            }
        }
        Block::Image { src, alt } => out.push(format!(
            "{prefix}[image: {}]",
            if alt.is_empty() { src } else { alt }
        )),
    }
}

/// Wraps one logical line; continuation lines hang under the text after
/// the line's indentation and any list marker (`2.1. `, `- `, `> `).
fn wrap_line(line: &str, width: usize, out: &mut String) {
    let line = line.trim_end();
    if line.width() <= width {
        out.push_str(line);
        out.push('\n');
        return;
    }
    let body_start = line.len() - line.trim_start().len();
    let marker_len = list_marker_len(&line[body_start..]);
    let (lead, body) = line.split_at(body_start + marker_len);
    // A lead wider than half the line (deep indentation, a long section
    // number) would leave no room, or overflow as a first-line indent: it
    // is wrapped as text instead.
    let (lead, body) = if lead.width() * 2 <= width {
        (lead, body)
    } else {
        ("", line.trim_start())
    };
    let hang: String = lead
        .chars()
        .map(|c| if c == '>' { '>' } else { ' ' })
        .collect();
    let options = Options::new(width)
        .initial_indent(lead)
        .subsequent_indent(&hang)
        .break_words(true)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation)
        .wrap_algorithm(WrapAlgorithm::FirstFit);
    for wrapped in textwrap::wrap(body, &options) {
        push_fitted(wrapped.trim_end(), width, out);
    }
}

/// textwrap sums the widths of single characters, but a few sequences are
/// wider as a whole (`❤` with U+FE0F is two columns, not one), so a line it
/// made may still be too wide: such a line is cut at the last character
/// that fits.
fn push_fitted(line: &str, width: usize, out: &mut String) {
    let mut rest = line;
    while rest.width() > width {
        let mut end = 0;
        for (index, c) in rest.char_indices() {
            let next = index + c.len_utf8();
            if rest[..next].width() > width {
                break;
            }
            end = next;
        }
        // A single character is at most two columns; the width is at least 20.
        let end = end.max(rest.chars().next().map_or(0, char::len_utf8));
        out.push_str(&rest[..end]);
        out.push('\n');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.push('\n');
}

/// Byte length of a list marker at the start of `text`, with its space.
fn list_marker_len(text: &str) -> usize {
    let quote = text.len() - text.trim_start_matches("> ").len();
    let rest = &text[quote..];
    if rest.starts_with("- ") || rest.starts_with("* ") {
        return quote + 2;
    }
    let number = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(0);
    if number > 0 && rest[..number].ends_with('.') && rest[number..].starts_with(' ') {
        quote + number + 1
    } else {
        quote
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_with_a_hanging_indent() {
        let mut out = String::new();
        wrap_line(
            "  2.1. Overview of Global Patterns in Human Trafficking and more words",
            30,
            &mut out,
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "  2.1. Overview of Global");
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.starts_with("       ") && l.width() <= 30),
            "{lines:?}"
        );
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let mut out = String::new();
        wrap_line(&"x".repeat(50), 20, &mut out);
        assert!(out.lines().all(|l| l.width() <= 20));
        assert_eq!(out.replace('\n', ""), "x".repeat(50));
    }

    #[test]
    fn a_lead_wider_than_half_the_line_is_wrapped_as_text() {
        let mut out = String::new();
        wrap_line("              0.00.0. a", 20, &mut out);
        assert_eq!(out, "0.00.0. a\n");
        let mut out = String::new();
        wrap_line(
            &format!("{}1.2.3.4.5.6.7.8. {}", " ".repeat(8), "word ".repeat(9)),
            20,
            &mut out,
        );
        assert!(out.lines().all(|l| l.width() <= 20), "{out}");
    }

    #[test]
    fn sequences_wider_than_their_characters_still_fit() {
        let mut out = String::new();
        wrap_line(&"❤\u{fe0f}".repeat(30), 20, &mut out);
        assert!(out.lines().all(|l| l.width() <= 20), "{out}");
        assert_eq!(out.replace('\n', ""), "❤\u{fe0f}".repeat(30));
    }

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(
            visible("a\tb\u{1b}[31mc\0d\n"),
            "a b\u{fffd}[31mc\u{fffd}d\n"
        );
    }

    #[test]
    fn width_counts_terminal_columns() {
        let mut out = String::new();
        wrap_line("漢字漢字 漢字漢字 漢字漢字", 10, &mut out);
        assert!(out.lines().all(|l| l.width() <= 10), "{out}");
    }
}
