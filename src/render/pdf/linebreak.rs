//! Total-fit line breaking in the manner of Knuth and Plass: every way of
//! breaking a paragraph is weighed at once and the one with the least total
//! demerits wins, so one tight line does not push a loose one further down.

/// A piece of text that is never broken inside, and what follows it.
#[derive(Clone, Copy, Debug)]
pub struct Item {
    /// Width in points.
    pub width: f32,
    pub after: After,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum After {
    /// A space of this natural width; a line may break here (the space vanishes).
    Space(f32),
    /// A hyphenation point; breaking here adds a hyphen this wide.
    Hyphen(f32),
    /// After a hyphen or dash already in the word (`long-term`): a break
    /// like a hyphenation point, justified, that adds nothing.
    Dash,
    /// A break without a hyphen (after `/` in a URL, inside inline code or
    /// a word too long for any line).
    Break,
    /// No break possible (a style change inside a word).
    Join,
    /// The paragraph ends (a forced break).
    End,
}

/// How far spaces may stretch and shrink, as fractions of their width.
const STRETCH: f32 = 0.6;
const SHRINK: f32 = 0.28;
const LINE_PENALTY: f32 = 10.0;
const HYPHEN_PENALTY: f32 = 50.0;
const BREAK_PENALTY: f32 = 120.0;
const DOUBLE_HYPHEN: f32 = 3000.0;
const MAX_BADNESS: f32 = 10_000.0;
const LEAST_DEMERITS: f32 = LINE_PENALTY * LINE_PENALTY;

/// The line ends (exclusive item indices) that give the least demerits.
/// With `justify`, inner lines are stretched to the width; otherwise lines
/// are ragged and kept near equal length. The last line, and a line that
/// ends at a `Break` (inside a URL, inline code or an over-long token), are always
/// ragged; a line that ends after a word's own hyphen (`Dash`) is not.
///
/// Every start s is weighed for every possible end j, from the line of the
/// lone item j to the first line too long, and the least total wins (the
/// latest start among equal totals). Justified lines so loose that their
/// badness is the cap all cost the same, so for them only the least best
/// total before the start matters: those are found in `Loose` lists rather
/// than one by one, which leaves a few starts per end to weigh.
pub fn break_lines(items: &[Item], width: f32, justify: bool) -> Vec<usize> {
    let n = items.len();
    if n == 0 {
        return Vec::new();
    }
    let lines = Lines::new(items, justify);
    // Whether a line may start at item k, and whether the line before it
    // then ends with a hyphen.
    let starts: Vec<bool> = (0..n)
        .map(|k| k == 0 || breakable(items[k - 1].after))
        .collect();
    let after_hyphen: Vec<bool> = (0..n)
        .map(|k| k > 0 && matches!(items[k - 1].after, After::Hyphen(_) | After::Dash))
        .collect();
    // What a line at the cap costs when it ends at a space, and at a hyphen
    // (the last line is never at the cap: its badness is 0).
    let capped = (LINE_PENALTY + MAX_BADNESS).powi(2);
    let capped_at_hyphen = capped + HYPHEN_PENALTY.powi(2);
    let mut loose_at_space = Loose::default();
    let mut loose_at_hyphen = Loose::default();
    // best[k]: least demerits for items[..k] set, with a break after item k-1.
    let mut best = vec![f32::INFINITY; n + 1];
    let mut from = vec![0usize; n + 1];
    best[0] = 0.0;
    let (mut first_fitting, mut first_capped) = (0, 0);
    for j in 0..n {
        // best[j] is final now: j joins the starts of later lines.
        if starts[j] && best[j].is_finite() {
            loose_at_space.push(j, best[j] + capped);
            let double = if after_hyphen[j] { DOUBLE_HYPHEN } else { 0.0 };
            loose_at_hyphen.push(j, best[j] + (capped_at_hyphen + double));
        }
        let last = j == n - 1;
        if !last && !breakable(items[j].after) {
            continue;
        }
        let (tail, penalty, hyphen) = line_end(items[j].after, last);
        // A line broken inside a word (a URL, an over-long token) is set
        // ragged: stretching its few spaces would gape.
        let justified = justify && items[j].after != After::Break;
        let line = |s: usize| lines.line(s, j, tail);
        // The starts weighed: down to the first whose line does not fit
        // even shrunk (the lone item j is always weighed).
        first_fitting = boundary(first_fitting, 0, j + 1, |s| lines.fits(s, j, tail, width));
        let longest = first_fitting.saturating_sub(1).min(j);
        // Of those, the starts from `first_capped` on give lines at the cap.
        first_capped = if justified && !last {
            boundary(first_capped, longest, j + 1, |s| {
                let (natural, spaces) = line(s);
                at_cap(natural, spaces, width)
            })
        } else {
            j + 1
        };
        // A line's demerits are at least these (the line penalty's, and
        // the break's): a start that cannot beat the best so far even then
        // is not weighed. Added in the order a line's demerits are, and
        // rounding keeps order, so no start that would win is skipped.
        let least = LEAST_DEMERITS + penalty;
        let (mut total_here, mut from_here) = (f32::INFINITY, 0);
        for s in (longest..first_capped).rev() {
            if !starts[s] || best[s] + least >= total_here {
                continue;
            }
            let (natural, spaces) = line(s);
            if let Some(badness) = badness(natural, spaces, width, justified, last, s == j) {
                let mut demerits = (LINE_PENALTY + badness).powi(2) + penalty;
                if hyphen && after_hyphen[s] {
                    demerits += DOUBLE_HYPHEN;
                }
                let total = best[s] + demerits;
                if total < total_here {
                    (total_here, from_here) = (total, s);
                }
            }
        }
        // The loose lines start later: they win ties.
        if first_capped <= j {
            let loose = if hyphen {
                &mut loose_at_hyphen
            } else {
                &mut loose_at_space
            };
            if let Some((s, total)) = loose.least_from(first_capped) {
                if total <= total_here {
                    (total_here, from_here) = (total, s);
                }
            }
        }
        best[j + 1] = total_here;
        from[j + 1] = from_here;
    }
    let mut ends = Vec::new();
    let mut k = n;
    while k > 0 {
        ends.push(k);
        k = from[k];
    }
    ends.reverse();
    ends
}

/// Line widths from running sums (in f64, so long paragraphs keep their
/// precision): any line's width is a difference, not a walk over its items.
struct Lines {
    /// Before item k: its items' widths and the spaces after them.
    natural: Vec<f64>,
    /// The same with the spaces shrunk as far as they go (justified text).
    shrunk: Vec<f64>,
    /// Before item k: the spaces after its items.
    spaces: Vec<f64>,
    /// The space after each item (none after a line's last).
    space_after: Vec<f64>,
    /// How much of a space is left when shrunk.
    kept: f64,
}

impl Lines {
    fn new(items: &[Item], justify: bool) -> Lines {
        let kept = if justify {
            1.0 - f64::from(SHRINK)
        } else {
            1.0
        };
        let space_after: Vec<f64> = items
            .iter()
            .map(|item| match item.after {
                After::Space(w) => f64::from(w),
                _ => 0.0,
            })
            .collect();
        let running = |part: &dyn Fn(usize) -> f64| {
            let mut sum = 0.0;
            let mut sums = Vec::with_capacity(items.len() + 1);
            sums.push(0.0);
            for k in 0..items.len() {
                sum += part(k);
                sums.push(sum);
            }
            sums
        };
        let width = |k: usize| f64::from(items[k].width);
        Lines {
            natural: running(&|k| width(k) + space_after[k]),
            shrunk: running(&|k| width(k) + kept * space_after[k]),
            spaces: running(&|k| space_after[k]),
            space_after,
            kept,
        }
    }

    /// The natural width and the space of the line of items s..=j, which
    /// ends in `tail` (a hyphen's width, or nothing).
    fn line(&self, s: usize, j: usize, tail: f32) -> (f32, f32) {
        let natural = self.natural[j + 1] - self.natural[s] - self.space_after[j] + f64::from(tail);
        let spaces = self.spaces[j] - self.spaces[s.min(j)];
        (natural as f32, spaces as f32)
    }

    /// Whether the line of items s..=j fits once its spaces shrink (when
    /// justified). Shorter lines fit whenever a longer one does.
    fn fits(&self, s: usize, j: usize, tail: f32, width: f32) -> bool {
        let shrunk =
            self.shrunk[j + 1] - self.shrunk[s] - self.kept * self.space_after[j] + f64::from(tail);
        shrunk <= f64::from(width)
    }
}

/// Whether a justified inner line of this natural width and space is so
/// loose that its badness is surely `MAX_BADNESS` (a margin above the cube
/// root of 100 keeps rounding on the safe side). Shorter lines are looser.
fn at_cap(natural: f32, spaces: f32, width: f32) -> bool {
    let slack = width - natural;
    let stretch = spaces * STRETCH;
    slack >= 0.0 && (stretch <= 0.0 || slack >= 4.65 * stretch)
}

/// The least k in lo..hi for which `holds` is true (hi when none), where
/// `holds` is false then true along the range; searched from `guess`, the
/// answer for the item before, which is seldom more than a step away.
fn boundary(guess: usize, lo: usize, hi: usize, holds: impl Fn(usize) -> bool) -> usize {
    let mut k = guess.clamp(lo, hi);
    if k == hi || holds(k) {
        while k > lo && holds(k - 1) {
            k -= 1;
        }
    } else {
        while k < hi && !holds(k) {
            k += 1;
        }
    }
    k
}

/// The starts so far with the total a line at the cap from each would
/// reach, kept as the least of each suffix: the entries' starts and
/// totals both rise, and a later start with no greater total drops the
/// entries before it that it beats or equals.
#[derive(Default)]
struct Loose {
    entries: Vec<(usize, f32)>,
    /// Where the last search ended: the next one starts near it.
    cursor: usize,
}

impl Loose {
    fn push(&mut self, start: usize, total: f32) {
        while self.entries.last().is_some_and(|&(_, t)| t >= total) {
            self.entries.pop();
        }
        self.entries.push((start, total));
    }

    /// The least total of the starts from `first` on (the latest start
    /// among equal totals).
    fn least_from(&mut self, first: usize) -> Option<(usize, f32)> {
        let entries = &self.entries;
        let mut k = self.cursor.min(entries.len());
        while k > 0 && entries[k - 1].0 >= first {
            k -= 1;
        }
        while k < entries.len() && entries[k].0 < first {
            k += 1;
        }
        self.cursor = k;
        entries.get(k).copied()
    }
}

/// What a line that ends with an item followed by `after` adds: the
/// hyphen's width, the break's penalty, and whether it ends in a hyphen.
fn line_end(after: After, last: bool) -> (f32, f32, bool) {
    match after {
        After::Hyphen(w) if !last => (w, HYPHEN_PENALTY.powi(2), true),
        After::Hyphen(w) => (w, 0.0, true),
        After::Dash if !last => (0.0, HYPHEN_PENALTY.powi(2), true),
        After::Dash => (0.0, 0.0, true),
        After::Break if !last => (0.0, BREAK_PENALTY.powi(2), false),
        _ => (0.0, 0.0, false),
    }
}

fn breakable(after: After) -> bool {
    matches!(
        after,
        After::Space(_) | After::Hyphen(_) | After::Dash | After::Break
    )
}

/// The badness of a line of `natural` width with `spaces` of stretchable
/// space, or None when it cannot be made to fit. A lone item is always
/// accepted: callers split anything wider than a line beforehand.
fn badness(
    natural: f32,
    spaces: f32,
    width: f32,
    justify: bool,
    last: bool,
    alone: bool,
) -> Option<f32> {
    let slack = width - natural;
    if slack < 0.0 {
        let shrink = spaces * SHRINK;
        if -slack <= shrink && justify {
            let ratio = -slack / shrink;
            return Some(100.0 * ratio.powi(3));
        }
        return alone.then_some(MAX_BADNESS);
    }
    if last {
        return Some(0.0);
    }
    if justify {
        let stretch = spaces * STRETCH;
        if stretch <= 0.0 {
            return Some(MAX_BADNESS);
        }
        Some((100.0 * (slack / stretch).powi(3)).min(MAX_BADNESS))
    } else {
        // Ragged: prefer lines near the full width, gently.
        Some((100.0 * (2.0 * slack / width).powi(3)).min(MAX_BADNESS))
    }
}

/// How much each unit of natural space width grows (or, negative, shrinks)
/// so the line fills `width` exactly.
pub fn space_factor(natural: f32, spaces: f32, width: f32) -> f32 {
    if spaces <= 0.0 {
        return 0.0;
    }
    ((width - natural) / spaces).max(-SHRINK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(widths: &[f32]) -> Vec<Item> {
        let mut items: Vec<Item> = widths
            .iter()
            .map(|&width| Item {
                width,
                after: After::Space(3.0),
            })
            .collect();
        items.last_mut().unwrap().after = After::End;
        items
    }

    /// A break after a word's own hyphen (`long-` `term`) is weighed as a
    /// justified line, like a hyphenation point that adds nothing: not as a
    /// ragged one, as a URL's break is (which once left `address long-` on
    /// a short line of a justified paragraph).
    #[test]
    fn a_break_after_a_words_own_hyphen_is_weighed_like_a_hyphenation_point() {
        let paragraph = |after_long: After| {
            let mut items = words(&[
                30.0, 22.0, 41.0, 18.0, 35.0, 27.0, 12.0, 44.0, 20.0, 33.0, 16.0, 38.0, 25.0, 14.0,
                31.0,
            ]);
            items[6].after = after_long;
            items
        };
        let mut differs = false;
        for width in (80..=200).step_by(4) {
            let width = width as f32;
            let dash = break_lines(&paragraph(After::Dash), width, true);
            assert_eq!(
                dash,
                break_lines(&paragraph(After::Hyphen(0.0)), width, true),
                "width {width}"
            );
            differs |= dash != break_lines(&paragraph(After::Break), width, true);
        }
        assert!(differs, "no width tells a word's hyphen from a URL's break");
    }

    #[test]
    fn every_line_fits_and_all_items_are_used() {
        let items = words(&[20.0, 35.0, 12.0, 50.0, 8.0, 30.0, 44.0, 10.0, 25.0, 60.0]);
        let ends = break_lines(&items, 100.0, true);
        assert_eq!(*ends.last().unwrap(), items.len());
        let mut start = 0;
        for end in ends {
            let natural: f32 = items[start..end].iter().map(|i| i.width).sum::<f32>()
                + 3.0 * (end - start - 1) as f32;
            assert!(natural - 3.0 * SHRINK * (end - start - 1) as f32 <= 100.0);
            start = end;
        }
    }

    #[test]
    fn an_item_wider_than_the_line_gets_a_line_of_its_own() {
        let items = words(&[20.0, 150.0, 20.0]);
        assert_eq!(break_lines(&items, 100.0, true), vec![1, 2, 3]);
    }

    /// Every start weighed with its own badness, from the lone item to the
    /// first line too long: the plain search that `break_lines` shortens.
    fn weighed_one_by_one(items: &[Item], width: f32, justify: bool) -> Vec<usize> {
        let n = items.len();
        let lines = Lines::new(items, justify);
        let mut best = vec![f32::INFINITY; n + 1];
        let mut from = vec![0usize; n + 1];
        best[0] = 0.0;
        for j in 0..n {
            let last = j == n - 1;
            if !last && !breakable(items[j].after) {
                continue;
            }
            let (tail, penalty, hyphen) = line_end(items[j].after, last);
            let justified = justify && items[j].after != After::Break;
            for s in (0..=j).rev() {
                let (natural, spaces) = lines.line(s, j, tail);
                let starts = s == 0 || breakable(items[s - 1].after);
                let badness = badness(natural, spaces, width, justified, last, s == j);
                if let (true, Some(badness)) = (starts, badness) {
                    let mut demerits = (LINE_PENALTY + badness).powi(2) + penalty;
                    if hyphen
                        && s > 0
                        && matches!(items[s - 1].after, After::Hyphen(_) | After::Dash)
                    {
                        demerits += DOUBLE_HYPHEN;
                    }
                    if best[s] + demerits < best[j + 1] {
                        best[j + 1] = best[s] + demerits;
                        from[j + 1] = s;
                    }
                }
                if !lines.fits(s, j, tail, width) {
                    break;
                }
            }
        }
        let mut ends = vec![n];
        while let Some(&k) = ends.last().filter(|&&k| from[k] > 0) {
            ends.push(from[k]);
        }
        ends.reverse();
        ends
    }

    proptest::proptest! {
        /// The shortened search picks the same breaks, ties included:
        /// widths from a few values make equal totals common, and narrow
        /// lines make loose lines at the cap common.
        #[test]
        fn the_breaks_are_those_of_every_start_weighed(
            pieces in proptest::collection::vec((0u8..12, 0u8..7), 1..80),
            width in 20u8..140,
            justify in proptest::bool::ANY,
        ) {
            let mut items: Vec<Item> = pieces
                .iter()
                .map(|&(size, kind)| Item {
                    width: 3.5 * f32::from(size) + 1.0,
                    after: match kind {
                        0 => After::Hyphen(2.5),
                        1 => After::Break,
                        2 => After::Join,
                        3 => After::Dash,
                        _ => After::Space(3.0),
                    },
                })
                .collect();
            items.last_mut().unwrap().after = After::End;
            let width = f32::from(width);
            proptest::prop_assert_eq!(
                break_lines(&items, width, justify),
                weighed_one_by_one(&items, width, justify)
            );
        }
    }
}
