//! Tables: column widths from the content (each column's longest word as
//! its minimum, its text on one line as its preference, as browsers do),
//! cells wrapped and aligned as the delimiter row says, a rule under the
//! header. The header lines are repeated when a table goes on to a new page.

use super::style::Brief;
use super::tagging::{NodeId, SpanTag};
use super::text::{Line, Run, Setting, Target, Typesetter};
use crate::model::Alignment;

/// A cell ready to set: its runs and the targets its links point to.
pub struct Cell {
    pub runs: Vec<Run>,
    pub links: Vec<Target>,
    /// Its structure element (TH or TD).
    pub tag: NodeId,
}

/// A table set as lines: the header's, then the body's.
pub struct SetTable {
    pub header: Vec<Line>,
    pub body: Vec<Line>,
}

/// Sets `head` and `rows` in `width` points from `indent`.
pub fn set_table(
    ts: &mut Typesetter,
    brief: &Brief,
    alignments: &[Alignment],
    head: &[Cell],
    rows: &[Vec<Cell>],
    indent: f32,
    width: f32,
    place: &str,
) -> SetTable {
    let columns = std::iter::once(head.len())
        .chain(rows.iter().map(Vec::len))
        .max()
        .unwrap_or(0);
    if columns == 0 {
        return SetTable {
            header: Vec::new(),
            body: Vec::new(),
        };
    }
    let gap = brief.sizes.body * 0.9;
    let all_rows = || std::iter::once(head).chain(rows.iter().map(Vec::as_slice));
    let mut preferred = vec![0.0f32; columns];
    let mut minimum = vec![0.0f32; columns];
    for row in all_rows() {
        for (c, cell) in row.iter().enumerate() {
            let (min, pref) = measure(ts, cell, place);
            minimum[c] = minimum[c].max(min);
            // A hair more than measured: setting sums its pieces a little differently.
            preferred[c] = preferred[c].max(pref + 0.5);
        }
    }
    let room = (width - gap * (columns - 1) as f32).max(columns as f32);
    let widths = column_widths(&preferred, &minimum, room);
    let mut xs = Vec::with_capacity(columns);
    let mut x = indent;
    for w in &widths {
        xs.push(x);
        x += w + gap;
    }
    let table_width = x - gap - indent;
    let rule = |line: &mut Line, weight: f32| {
        let below = -(line.height - line.baseline) + weight;
        line.strikes
            .push((indent, indent + table_width, below, brief.colours.rule));
    };
    let mut header = set_row(ts, brief, alignments, head, &xs, &widths, place);
    if let Some(last) = header.last_mut() {
        rule(last, 0.0);
    }
    let mut body = Vec::new();
    for row in rows {
        body.extend(set_row(ts, brief, alignments, row, &xs, &widths, place));
    }
    if let Some(last) = body.last_mut() {
        rule(last, 0.0);
    }
    SetTable { header, body }
}

/// A cell's minimum width (its widest word) and preferred width (all on one line).
fn measure(ts: &mut Typesetter, cell: &Cell, place: &str) -> (f32, f32) {
    let mut min: f32 = 0.0;
    let mut preferred = 0.0;
    for run in &cell.runs {
        if let Some(picture) = run.style.picture {
            min = min.max(picture.width);
            preferred += picture.width;
            continue;
        }
        preferred += ts.width(&run.text, run.style, place);
        for word in run.text.split_whitespace() {
            min = min.max(ts.width(word, run.style, place));
        }
    }
    (min, preferred)
}

/// Widths within `room`: the preferred widths when they fit; else each
/// column's minimum plus a share of what is left in proportion to what it
/// wants more; minimums too wide are scaled down (their words are broken).
fn column_widths(preferred: &[f32], minimum: &[f32], room: f32) -> Vec<f32> {
    let preferred: Vec<f32> = preferred.iter().map(|w| w.max(1.0)).collect();
    if preferred.iter().sum::<f32>() <= room {
        return preferred;
    }
    let min_total: f32 = minimum.iter().sum();
    if min_total >= room {
        return minimum
            .iter()
            .map(|m| (m * room / min_total.max(1.0)).max(1.0))
            .collect();
    }
    let spare = room - min_total;
    let wants: f32 = preferred
        .iter()
        .zip(minimum)
        .map(|(p, m)| (p - m).max(0.0))
        .sum();
    preferred
        .iter()
        .zip(minimum)
        .map(|(p, m)| m + (p - m).max(0.0) * spare / wants.max(1.0))
        .collect()
}

/// One row as lines: line k holds every cell's line k. All but the last
/// are joined to the next, so a row is never split by a page break.
fn set_row(
    ts: &mut Typesetter,
    brief: &Brief,
    alignments: &[Alignment],
    row: &[Cell],
    xs: &[f32],
    widths: &[f32],
    place: &str,
) -> Vec<Line> {
    let mut cells: Vec<Vec<Line>> = Vec::with_capacity(row.len());
    for (c, cell) in row.iter().enumerate().take(xs.len()) {
        let setting = Setting {
            width: widths[c],
            indent: 0.0,
            justify: false,
            hyphenate: false,
            leading: brief.sizes.leading,
            links: &cell.links,
        };
        let mut lines = ts.set(&cell.runs, &setting, place);
        for line in &mut lines {
            let used = line_width(line);
            let shift = xs[c]
                + match alignments.get(c).copied().unwrap_or_default() {
                    Alignment::Right => (widths[c] - used).max(0.0),
                    Alignment::Center => ((widths[c] - used) / 2.0).max(0.0),
                    Alignment::Left | Alignment::Default => 0.0,
                };
            shift_line(line, shift);
            for span in &mut line.spans {
                span.tag = SpanTag::Node(cell.tag);
            }
            for link in &mut line.links {
                link.tag = SpanTag::Node(cell.tag);
            }
        }
        cells.push(lines);
    }
    let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut out = Vec::with_capacity(height);
    for k in 0..height {
        let mut line = Line::default();
        for cell in &cells {
            if let Some(part) = cell.get(k) {
                line.height = line.height.max(part.height);
                line.baseline = line.baseline.max(part.baseline);
                line.spans.extend(part.spans.iter().cloned());
                line.links.extend(part.links.iter().cloned());
                line.strikes.extend(part.strikes.iter().cloned());
                line.notes.extend(part.notes.iter().copied());
                line.pictures.extend(part.pictures.iter().copied());
            }
        }
        if line.height == 0.0 {
            line.height = brief.sizes.body * brief.sizes.leading;
            line.baseline = brief.sizes.body;
        }
        line.joined = k + 1 < height;
        out.push(line);
    }
    // A little air between rows.
    if let Some(first) = out.first_mut() {
        first.height += brief.sizes.body * 0.2;
        first.baseline += brief.sizes.body * 0.2;
    }
    out
}

fn line_width(line: &Line) -> f32 {
    line.spans
        .iter()
        .map(|s| {
            s.x + s.shaped.glyphs[s.glyphs.clone()]
                .iter()
                .map(|g| g.advance)
                .sum::<f32>()
                * s.size
                / 1000.0
        })
        .chain(line.pictures.iter().map(|(x, p)| x + p.width))
        .fold(0.0, f32::max)
}

fn shift_line(line: &mut Line, by: f32) {
    for span in &mut line.spans {
        span.x += by;
    }
    for link in &mut line.links {
        link.x0 += by;
        link.x1 += by;
    }
    for strike in &mut line.strikes {
        strike.0 += by;
        strike.1 += by;
    }
    for (x, _) in &mut line.pictures {
        *x += by;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_get_their_preference_when_it_fits() {
        assert_eq!(
            column_widths(&[50.0, 30.0], &[10.0, 10.0], 100.0),
            vec![50.0, 30.0]
        );
    }

    #[test]
    fn a_table_too_wide_is_fitted_never_clipped() {
        let widths = column_widths(&[300.0, 40.0], &[30.0, 40.0], 200.0);
        assert!(
            (widths.iter().sum::<f32>() - 200.0).abs() < 0.01,
            "{widths:?}"
        );
        assert!(widths[1] >= 40.0 && widths[0] >= 30.0, "{widths:?}");
        let widths = column_widths(&[300.0, 300.0], &[150.0, 150.0], 200.0);
        assert!(widths.iter().sum::<f32>() <= 200.01, "{widths:?}");
    }
}
