//! The foot of a page: the footnotes marked on it, under a short rule. A
//! note too long for the room left continues at the foot of the next page.

use super::layout::{line_marks, Mark};
use super::style::Brief;
use super::tagging::SpanTag;
use super::text::Line;

/// The space between the text and the footnotes, where the rule is drawn.
pub fn rule_gap(brief: &Brief) -> f32 {
    brief.sizes.small * 1.2
}

/// The footnotes of the page being filled.
#[derive(Default)]
pub struct Foot {
    /// Lines placed at this page's foot, in order.
    lines: Vec<Line>,
    /// Lines of a note that did not fit on the previous page.
    carry: Vec<Line>,
}

impl Foot {
    /// Height taken at the bottom of the page, the rule's gap included.
    pub fn height(&self, gap: f32) -> f32 {
        let lines: f32 = self.lines.iter().map(|l| l.height).sum();
        if lines > 0.0 {
            lines + gap
        } else {
            0.0
        }
    }

    /// Starts a page: what did not fit on the last one comes first.
    pub fn new_page(&mut self) {
        self.lines = std::mem::take(&mut self.carry);
    }

    /// Extra height a line's notes need at the foot (all of them: a note is
    /// kept with its mark when it can be).
    pub fn needed(&self, line: &Line, notes: &[Vec<Line>], gap: f32, has_notes: bool) -> f32 {
        let extra: f32 = line
            .notes
            .iter()
            .filter_map(|&n| notes.get(n))
            .flatten()
            .map(|l| l.height)
            .sum();
        if extra > 0.0 && !has_notes {
            extra + gap
        } else {
            extra
        }
    }

    /// Adds the notes marked on `line`; lines beyond `room` wait for the next page.
    pub fn add(&mut self, line: &Line, notes: &[Vec<Line>], room: f32) {
        let mut used = 0.0;
        for note in line.notes.iter().filter_map(|&n| notes.get(n)) {
            for note_line in note {
                if self.carry.is_empty() && used + note_line.height <= room + 0.01 {
                    used += note_line.height;
                    self.lines.push(note_line.clone());
                } else {
                    self.carry.push(note_line.clone());
                }
            }
        }
    }

    /// Draws the page's notes above the bottom margin.
    pub fn draw(&mut self, marks: &mut Vec<Mark>, brief: &Brief, gap: f32) {
        if self.lines.is_empty() {
            return;
        }
        let page = brief.page;
        let mut y = page.bottom + self.height(gap) - gap;
        marks.push(Mark::Rule {
            x0: page.left,
            x1: page.left + page.text_width() * 0.3,
            y: y + gap * 0.5,
            colour: brief.colours.rule,
        });
        for line in std::mem::take(&mut self.lines) {
            // A footnote's spans name their elements (`Layout::footnote`).
            line_marks(marks, &line, page.left, y, |tag| match tag {
                SpanTag::Node(node) => Some(node),
                _ => None,
            });
            y -= line.height;
        }
    }

    /// Whether anything waits for the next page.
    pub fn has_carry(&self) -> bool {
        !self.carry.is_empty()
    }
}
