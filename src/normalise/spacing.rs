//! Invisible damage: odd spaces, zero-width characters, soft hyphens, stray
//! control characters, doubled and trailing spaces.

use encoding_rs::WINDOWS_1252;

/// What cleaning one piece of text changed, counted by kind.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    /// Spacing changes: (what, how many).
    pub spacing: Vec<(&'static str, usize)>,
    /// Windows-1252 punctuation that arrived as C1 control characters
    /// (a legacy file read as Latin-1 somewhere upstream).
    pub recoded: usize,
}

fn bump(counts: &mut Vec<(&'static str, usize)>, what: &'static str) {
    match counts.iter_mut().find(|(w, _)| *w == what) {
        Some((_, n)) => *n += 1,
        None => counts.push((what, 1)),
    }
}

/// What a character is, for cleaning: kept, read as a plain space, or dropped.
enum Class {
    Keep,
    Space(&'static str),
    Drop(&'static str),
}

fn class(c: char) -> Class {
    match c {
        ' ' | '\n' => Class::Keep,
        '\t' => Class::Space("tab"),
        '\u{a0}' | '\u{202f}' | '\u{2007}' => Class::Space("no-break space"),
        '\u{2000}'..='\u{200a}' | '\u{205f}' | '\u{3000}' | '\u{1680}' => {
            Class::Space("typographic space")
        }
        '\u{2028}' | '\u{2029}' => Class::Space("line separator"),
        '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{180e}' => Class::Drop("zero-width space"),
        '\u{ad}' => Class::Drop("soft hyphen"),
        // Read as a space: dropping one between two words would glue them.
        c if c.is_control() => Class::Space("control character"),
        _ => Class::Keep,
    }
}

/// The Windows-1252 character a C1 control stands for, when it stands for one.
fn windows_1252(c: char) -> Option<char> {
    let code = u32::from(c);
    if !(0x80..=0x9f).contains(&code) {
        return None;
    }
    let byte = [code as u8];
    let (text, _, had_errors) = WINDOWS_1252.decode(&byte);
    let mapped = text.chars().next()?;
    (!had_errors && !mapped.is_control()).then_some(mapped)
}

/// Cleans `text`; trims leading and trailing spaces only where asked (a
/// piece of text between two inlines keeps its edge spaces). `None` when
/// nothing needed changing.
pub fn clean(text: &str, trim_start: bool, trim_end: bool) -> Option<Cleaned> {
    // Most text is ASCII with no control character but the line feed:
    // then only its spaces can need work.
    let plain_ascii = text
        .bytes()
        .all(|b| (b' '..0x7f).contains(&b) || b == b'\n');
    let needs_work = if plain_ascii {
        text.contains("  ")
            || (trim_start && text.starts_with(' '))
            || (trim_end && text.ends_with(' '))
    } else {
        text.chars()
            .any(|c| !matches!(class(c), Class::Keep) || windows_1252(c).is_some())
            || text.contains("  ")
            || (trim_start && text.starts_with(' '))
            || (trim_end && text.ends_with(' '))
    };
    if !needs_work {
        return None;
    }
    let mut cleaned = Cleaned::default();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if let Some(mapped) = windows_1252(c) {
            cleaned.recoded += 1;
            out.push(mapped);
            continue;
        }
        match class(c) {
            Class::Keep => out.push(c),
            Class::Space(what) => {
                bump(&mut cleaned.spacing, what);
                out.push(' ');
            }
            Class::Drop(what) => bump(&mut cleaned.spacing, what),
        }
    }
    // Runs of spaces, then the edges.
    let mut collapsed = String::with_capacity(out.len());
    let mut doubled = 0;
    for c in out.chars() {
        if c == ' ' && collapsed.ends_with(' ') {
            doubled += 1;
            continue;
        }
        collapsed.push(c);
    }
    if doubled > 0 {
        cleaned.spacing.push(("doubled space", doubled));
    }
    let mut text = collapsed.as_str();
    if trim_start && text.starts_with(' ') {
        text = text.trim_start_matches(' ');
        cleaned.spacing.push(("leading space", 1));
    }
    if trim_end && text.ends_with(' ') {
        text = text.trim_end_matches(' ');
        cleaned.spacing.push(("trailing space", 1));
    }
    cleaned.text = text.to_string();
    Some(cleaned)
}

/// A short stretch of `text` around its first invisible or odd character,
/// with those characters shown as `<U+00A0>`, for the repair log.
pub fn visible_excerpt(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let first = chars
        .iter()
        .position(|&c| !matches!(class(c), Class::Keep) || windows_1252(c).is_some())
        .or_else(|| text.find("  ").map(|b| text[..b].chars().count()))
        .unwrap_or(0);
    let start = first.saturating_sub(20);
    let end = (first + 20).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    for &c in &chars[start..end] {
        if c == ' ' || matches!(class(c), Class::Keep) && windows_1252(c).is_none() {
            out.push(c);
        } else {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        }
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_spaces_and_invisibles() {
        let c = clean(" a\u{a0}b\u{200b}c  d\u{ad}e\u{1}f\u{92}s ", true, true).unwrap();
        assert_eq!(c.text, "a bc de f\u{2019}s");
        assert_eq!(c.recoded, 1);
        let kinds: Vec<&str> = c.spacing.iter().map(|(w, _)| *w).collect();
        for kind in [
            "no-break space",
            "zero-width space",
            "soft hyphen",
            "control character",
            "doubled space",
            "leading space",
            "trailing space",
        ] {
            assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
        }
    }

    #[test]
    fn leaves_clean_text_and_inner_edges_alone() {
        assert_eq!(
            clean("world\u{2019}s “quoted” text – fine", true, true),
            None
        );
        assert_eq!(clean(" between inlines ", false, false), None);
    }

    #[test]
    fn excerpt_shows_invisible_characters() {
        assert_eq!(visible_excerpt("a\u{a0}b"), "a<U+00A0>b");
    }
}
