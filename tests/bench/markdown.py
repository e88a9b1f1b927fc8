#!/usr/bin/env python3
"""Markdown nobody here wrote: the README files of the crates in the local
cargo registry, built to all three outputs and measured.

1. Words kept: each output's words against `pandoc -f gfm -t plain` of the
   same file (a multiset: a word counts as often as pandoc has it).
2. Line stretch in the PDF, from word boxes (`pdftotext -bbox-layout`): on
   body lines set full width (justified), the widest gap between words
   against the normal space; and how many non-final body lines end ragged.

The corpus is read at bench time and never committed. pandoc comes from
$PANDOC, the pypandoc-binary package (`pip install pypandoc-binary`) or PATH.

    python3 tests/bench/markdown.py [--imprint target/release/imprint] [--limit N] [--no-repair]
"""

import argparse
import collections
import glob
import hashlib
import html
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORD = re.compile(r"[^\W_]+", re.UNICODE)
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")


def find_pandoc():
    if os.environ.get("PANDOC"):
        return os.environ["PANDOC"]
    try:
        import pypandoc  # noqa: F401

        path = os.path.join(os.path.dirname(pypandoc.__file__), "files", "pandoc")
        if os.path.exists(path):
            return path
    except ImportError:
        pass
    return shutil.which("pandoc")


def corpus(sources, limit):
    """Copies each distinct README (and the local images it names) into `sources`."""
    seen = set()
    files = sorted(glob.glob(os.path.expanduser("~/.cargo/registry/src/*/*/README.md")))
    for path in files:
        text = open(path, "rb").read()
        digest = hashlib.sha256(text).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        crate = os.path.basename(os.path.dirname(path))
        folder = os.path.join(sources, crate)
        os.makedirs(folder)
        shutil.copy(path, os.path.join(folder, "README.md"))
        for src in IMAGE.findall(text.decode("utf-8", "replace")):
            if "://" in src or src.startswith(("/", "data:")):
                continue
            image = os.path.normpath(os.path.join(os.path.dirname(path), src))
            if image.startswith(os.path.dirname(path)) and os.path.isfile(image):
                target = os.path.join(folder, os.path.relpath(image, os.path.dirname(path)))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy(image, target)
        if limit and len(seen) >= limit:
            break
    return sorted(os.listdir(sources))


def words(text, reference=None):
    """Words, lowercased. A hyphen at a line's end is the typesetter's when
    the joined word is one the reference has (`con-\ntent`), else the
    text's own (`non-\nblocking`)."""
    if reference is not None:
        def join(match):
            joined = (match.group(1) + match.group(2)).lower()
            return match.group(0) if reference[joined] == 0 else match.group(1) + match.group(2)

        text = re.sub(r"(\w+)-\n\s*(\w+)", join, text)
    return collections.Counter(w.lower() for w in WORD.findall(text))


def kept(reference, output):
    total = sum(reference.values())
    found = sum(min(n, output[w]) for w, n in reference.items())
    return found, total


def epub_text(path):
    """The chapters' text, with the numbers a reader shows before the items
    of an ordered list (pandoc's plain text has them too)."""
    out = []
    with zipfile.ZipFile(path) as book:
        for name in sorted(book.namelist()):
            if re.search(r"publication-\d+\.xhtml$", name):
                root = ET.fromstring(book.read(name))
                for ol in root.iter("{http://www.w3.org/1999/xhtml}ol"):
                    number = int(ol.get("start", "1"))
                    for li in ol.findall("{http://www.w3.org/1999/xhtml}li"):
                        li.text = f"{number}. {li.text or ''}"
                        number += 1
                out.append(" ".join(root.itertext()))
    return "\n".join(out)


def pdf_layout(pdf):
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    return ET.fromstring(re.sub(r'xmlns="[^"]+"', "", xml, count=1))


def pdf_text(pdf):
    """The PDF's words line by line, from word boxes: plain pdftotext joins
    a line ending in `-` to the next (`single-` `core` → `singlecore`)."""
    return "\n".join(
        " ".join(w.text or "" for w in line.iter("word")) for line in pdf_layout(pdf).iter("line")
    )


# The default brief's code: 10.5 pt × 0.88, DejaVu Sans Mono's advance 0.602 em.
MONO_ADVANCE = 10.5 * 0.88 * 0.602


def monospaced(boxes):
    """A code line: every word as wide as its characters in the code face."""
    return all(
        abs((x1 - x0) / max(len(text), 1) - MONO_ADVANCE) < 0.08 for x0, x1, _, text in boxes
    )


def stretch(pdf, margins):
    """Word gaps on full-width body lines, and ragged non-final body lines.

    A line is full when it ends at one of `margins` (see `right_margins`). A line that is not full is ragged when the next line's
    first word would not have fitted in the room left to the nearest margin
    either (so no forced break explains it): the line was left unjustified."""
    root = pdf_layout(pdf)
    lines = []
    for page_number, page in enumerate(root.iter("page")):
        for block in page.iter("block"):
            block_lines = list(block.iter("line"))
            for index, line in enumerate(block_lines):
                boxes = [
                    (float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMax")) - float(w.get("yMin")), w.text or "")
                    for w in line.iter("word")
                ]
                if boxes:
                    lines.append((boxes, index + 1 == len(block_lines), page_number))
    if not lines:
        return None
    heights = collections.Counter(round(h, 1) for boxes, _, _ in lines for _, _, h, _ in boxes)
    body = heights.most_common(1)[0][0]
    right = max(boxes[-1][1] for boxes, _, _ in lines)
    gaps = [
        b[0] - a[1]
        for boxes, _, _ in lines
        for a, b in zip(boxes, boxes[1:])
        if round(a[2], 1) == body and round(b[2], 1) == body
    ]
    normal = statistics.median(g for g in gaps if g > 0) if gaps else 0
    worst = []
    ragged_lines = []
    justified = wide = ragged = body_lines = 0
    for index, (boxes, last, page) in enumerate(lines):
        if not all(round(h, 1) == body for _, _, h, _ in boxes) or monospaced(boxes):
            continue
        line_gaps = [b[0] - a[1] for a, b in zip(boxes, boxes[1:])]
        if line_gaps and min(line_gaps) < 1.2 * normal and max(line_gaps) > 2 * normal:
            # Gaps both normal and wide: a table row's cells, not a
            # justified line (justifying widens every gap alike).
            continue
        body_lines += 1
        end = boxes[-1][1]
        margin = min((m for m in margins if m >= end - 1.0), default=right)
        full = abs(end - margin) < 1.0
        if full and len(boxes) > 1:
            justified += 1
            widest = max(b[0] - a[1] for a, b in zip(boxes, boxes[1:]))
            ratio = widest / normal if normal else 0
            worst.append((ratio, " ".join(t for _, _, _, t in boxes)))
            if ratio > 3:
                wide += 1
        elif not last and not full and index + 1 < len(lines):
            # Ragged for want of a better break: the next line's first word
            # would not have fitted in the room left (a paragraph's end or a
            # forced break leaves room for it).
            following = lines[index + 1][0][0]
            if following[1] - following[0] + normal > margin - end:
                ragged += 1
                line_text = " ".join(t for _, _, _, t in boxes)
                ragged_lines.append(f"{line_text[-50:]} | {following[3][:40]}")
    worst.sort(reverse=True)
    return {
        "normal": normal,
        "justified": justified,
        "wide": wide,
        "ragged": ragged,
        "body_lines": body_lines,
        "worst": worst[:8],
        "ragged_lines": ragged_lines,
    }


def right_margins(pdfs):
    """Right edges that many lines of the corpus share near the text area's
    right edge: the text area's own, and a quote's, a little narrower (a
    table column's end further left is none: cells are set ragged)."""
    ends = collections.Counter()
    left, right = float("inf"), 0.0
    for pdf in pdfs:
        for line in pdf_layout(pdf).iter("line"):
            words = list(line.iter("word"))
            if words:
                ends[round(float(words[-1].get("xMax")))] += 1
                left = min(left, float(words[0].get("xMin")))
                right = max(right, float(words[-1].get("xMax")))
    return [x for x, n in ends.items() if n >= 20 and x > right - 0.15 * (right - left)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--imprint", default=os.path.join(ROOT, "target/release/imprint"))
    parser.add_argument("--limit", type=int, default=0, help="at most this many READMEs")
    parser.add_argument("--keep", help="build in this folder and keep it")
    parser.add_argument("--show-ragged", type=int, default=0, metavar="N", help="print N ragged lines")
    parser.add_argument("--no-repair", action="store_true", help="build with --no-repair (rendering losses alone)")
    args = parser.parse_args()
    pandoc = find_pandoc()
    if not pandoc:
        sys.exit("pandoc not found: pip install pypandoc-binary, or set PANDOC")
    for tool in ["pdftotext"]:
        if not shutil.which(tool):
            sys.exit(f"{tool} not found: install poppler-utils")
    work = args.keep or tempfile.mkdtemp(prefix="imprint-md-bench-")
    sources = os.path.join(work, "sources")
    if os.path.exists(sources):
        shutil.rmtree(sources)
    os.makedirs(sources)
    crates = corpus(sources, args.limit)
    totals = {f: [0, 0] for f in ("txt", "epub", "pdf")}
    failed = []
    losses = {f: collections.Counter() for f in ("txt", "epub", "pdf")}
    ragged_lines = []
    stretch_total = collections.Counter()
    worst = []
    built = []
    started = time.time()
    for crate in crates:
        folder = os.path.join(sources, crate)
        readme = os.path.join(folder, "README.md")
        out = os.path.join(work, "out", crate)
        build = subprocess.run(
            [args.imprint, "build", "--quiet", "--force", "--layouts", os.path.join(ROOT, "layouts"), "--out", out, readme]
            + (["--no-repair"] if args.no_repair else []),
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
        )
        if build.returncode != 0:
            failed.append((crate, build.stderr.strip().splitlines()[-1:]))
            continue
        reference = words(
            subprocess.run([pandoc, "-f", "gfm", "-t", "plain", readme], capture_output=True, text=True).stdout
        )
        texts = {
            "txt": open(os.path.join(out, "README.txt"), encoding="utf-8").read(),
            "epub": epub_text(os.path.join(out, "README.epub")),
            "pdf": pdf_text(os.path.join(out, "README.pdf")),
        }
        for fmt, text in texts.items():
            found, total = kept(reference, words(text, reference))
            totals[fmt][0] += found
            totals[fmt][1] += total
            output = words(text, reference)
            for w, n in reference.items():
                if output[w] < n:
                    losses[fmt][w] += n - output[w]
        built.append(os.path.join(out, "README.pdf"))
    margins = right_margins(built)
    for pdf in built:
        crate = os.path.basename(os.path.dirname(pdf))
        measured = stretch(pdf, margins)
        if measured:
            for key in ("justified", "wide", "ragged", "body_lines"):
                stretch_total[key] += measured[key]
            worst.extend((r, crate, t, measured["normal"]) for r, t in measured["worst"])
            ragged_lines.extend(f"{crate}: {line}" for line in measured["ragged_lines"])
    seconds = time.time() - started
    print(f"corpus: {len(crates)} README files, {totals['txt'][1]:,} words by pandoc; built in {seconds:.1f} s")
    for crate, reason in failed:
        print(f"  failed: {crate}: {' '.join(reason)}")
    for fmt, (found, total) in totals.items():
        print(f"words kept, {fmt:4}: {found:,} of {total:,} = {100 * found / max(total, 1):.2f} %")
    for fmt, lost in losses.items():
        print(f"most missed, {fmt:4}:", ", ".join(f"{w} ×{n}" for w, n in lost.most_common(12)))
    j = stretch_total["justified"]
    print(
        f"PDF body lines: {stretch_total['body_lines']:,}; full width (justified): {j:,}; "
        f"with a gap > 3× the normal space: {stretch_total['wide']:,} ({100 * stretch_total['wide'] / max(j, 1):.2f} %)"
    )
    print(
        f"non-final body lines ending ragged: {stretch_total['ragged']:,} "
        f"({100 * stretch_total['ragged'] / max(stretch_total['body_lines'], 1):.2f} % of body lines)"
    )
    print("worst justified lines (widest gap ÷ normal space):")
    for ratio, crate, text, normal in sorted(worst, reverse=True)[:10]:
        print(f"  {ratio:5.1f}× ({normal:.1f} pt normal) {crate}: {text[:90]}")
    if args.show_ragged:
        print("ragged lines (line's end | the next line's first word):")
        for line in ragged_lines[: args.show_ragged]:
            print("   ", line)
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
