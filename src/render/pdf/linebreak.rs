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
    /// A break without a hyphen (after `/` in a URL, inside a word too long
    /// for any line, after a hyphen already in the word).
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
/// ends at a `Break`, are always ragged.
pub fn break_lines(items: &[Item], width: f32, justify: bool) -> Vec<usize> {
    let n = items.len();
    if n == 0 {
        return Vec::new();
    }
    // The inner loop below runs some twenty times per item: it reads these
    // plain arrays rather than matching on each item's `after` again.
    let widths: Vec<f32> = items.iter().map(|i| i.width).collect();
    let spaces_after: Vec<f32> = items
        .iter()
        .map(|i| match i.after {
            After::Space(w) => w,
            _ => 0.0,
        })
        .collect();
    // Whether a line may start at item k, and whether the line before it
    // then ends with a hyphen.
    let starts: Vec<bool> = (0..n)
        .map(|k| k == 0 || breakable(items[k - 1].after))
        .collect();
    let after_hyphen: Vec<bool> = (0..n)
        .map(|k| k > 0 && matches!(items[k - 1].after, After::Hyphen(_)))
        .collect();
    // best[k]: least demerits for items[..k] set, with a break after item k-1.
    let mut best = vec![f32::INFINITY; n + 1];
    let mut from = vec![0usize; n + 1];
    best[0] = 0.0;
    for j in 0..n {
        let last = j == n - 1;
        if !last && !breakable(items[j].after) {
            continue;
        }
        let (tail, penalty, hyphen) = match items[j].after {
            After::Hyphen(w) if !last => (w, HYPHEN_PENALTY.powi(2), true),
            After::Hyphen(w) => (w, 0.0, true),
            After::Break if !last => (0.0, BREAK_PENALTY.powi(2), false),
            _ => (0.0, 0.0, false),
        };
        // A line broken inside a word (a URL, an over-long token) is set
        // ragged: stretching its few spaces would gape.
        let justified = justify && items[j].after != After::Break;
        // A line's demerits are at least these (the line penalty's, and
        // the break's): a start that cannot beat the best so far even then
        // is not weighed. Added in the order a line's demerits are, and
        // rounding keeps order, so no start that would win is skipped.
        let least = LEAST_DEMERITS + penalty;
        let mut natural = tail;
        let mut spaces = 0.0;
        for s in (0..=j).rev() {
            natural += widths[s];
            if s < j {
                natural += spaces_after[s];
                spaces += spaces_after[s];
            }
            if starts[s] && best[s] + least < best[j + 1] {
                if let Some(badness) = badness(natural, spaces, width, justified, last, s == j) {
                    let mut demerits = (LINE_PENALTY + badness).powi(2) + penalty;
                    if hyphen && after_hyphen[s] {
                        demerits += DOUBLE_HYPHEN;
                    }
                    let total = best[s] + demerits;
                    if total < best[j + 1] {
                        best[j + 1] = total;
                        from[j + 1] = s;
                    }
                }
            }
            // Longer lines only get longer: none fits once even shrinking
            // (justified lines only) cannot save this one.
            let shrinkable = if justify { spaces * SHRINK } else { 0.0 };
            if natural - shrinkable > width {
                break;
            }
        }
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

fn breakable(after: After) -> bool {
    matches!(after, After::Space(_) | After::Hyphen(_) | After::Break)
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
}
