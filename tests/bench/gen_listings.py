#!/usr/bin/env python3
"""Seeded generator of scraped listings in every layout the `.txt` reader must
infer, each with the expected model beside it.

    python3 gen_listings.py --files 200 --out /tmp/listings
    -> /tmp/listings/0000.txt, /tmp/listings/0000.expected.json, ...

What varies, file by file (deterministic for a given --seed and file number):

- a page header: none, an owner line, a series line, or both;
- per-entry metadata lines before the title: none, author lines (`Ann Author`,
  `A, B`, `A and B`, `A. B; C. D`, names with particles, one name a line),
  a series line, or both, mixed freely between entries;
- kind labels: the site's own words (none of them known to imprint), the
  built-in ones, in capitals or not;
- contents blocks: numbered with one or two levels, or unnumbered under a
  `Contents` heading; some contents titles glued (`Responses toTrafficking`);
- dead-link boilerplate before the label, in several wordings;
- repeated entries, later in the file, with or without their metadata lines;
- glued and split words in the paragraphs (as gen_corpus.py damages them).

The expected model (`.expected.json`) lists, per publication kept, its title,
authors, series, kind and number of contents entries, and the owner.
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus as gc  # noqa: E402

# Labels a site might use; imprint's code knows none of them.
NEW_LABELS = [
    "Field Memo", "Scoping Study", "Evidence Summary", "Country Profile",
    "Position Statement", "Discussion Draft", "Practice Sheet", "Explainer",
    "Issue Primer", "Data Story", "Working Draft", "Handbook or Manual",
    "Other Document", "Standard Note", "Research Digest", "Brief Analysis",
]
KNOWN_LABELS = ["Paper", "Report", "Policy Brief", "Working Paper", "Briefing"]

ENTRY_SERIES = gc.SERIES + [
    "Chamber Library Standard Notes", "Members' Research Briefings",
    "Strategic Foresight Series", "Regional Security Insights", "Evidence Reviews",
]
ORGS = [
    "Institute for Peace and Governance", "Centre for Democratic Oversight",
    "Ministry of Home Affairs", "Office for Border Studies", "Council on Public Integrity",
]
PARTICLES = ["van", "de", "bin", "van der", "da", "el"]

BOILERPLATE = [
    "For full access to the report, {title}, please follow the link.",
    "For details and full access to the brief {title}, kindly follow the link.",
    "Click here to download the full report.",
    "The full report is available here.",
]


def person(rng, initials=False, particle=False):
    first = rng.choice(gc.FIRST)
    last = rng.choice(gc.LAST).replace("-", " ")
    if particle and " " not in last:
        last = f"{rng.choice(PARTICLES)} {last}"
    if initials:
        first = first[0] + "."
    return f"{first} {last}"


def author_lines(rng):
    """The author lines of one entry and the names they give."""
    style = rng.randrange(6)
    count = rng.randint(1, 3) if style else 1
    names = [person(rng, initials=style == 3, particle=style == 4) for _ in range(count)]
    if style == 5 and count > 1:
        return list(names), names
    if count == 1:
        return [names[0]], names
    if style == 2:
        return [", ".join(names[:-1]) + " and " + names[-1]], names
    if style == 3:
        return ["; ".join(names)], names
    return [", ".join(names)], names


def contents(rng, topic):
    """Contents lines (blocks separated by '') and the number of entries."""
    if rng.random() < 0.65:
        lines = gc.toc(rng, topic)
        return lines, sum(1 for line in lines[2:] if line)
    heading = rng.choice(["Contents", "Table of Contents", "Contents:"])
    titles = rng.sample(gc.SECTION_TITLES, rng.randint(2, 6))
    lines = [heading, ""] + titles
    return lines, len(titles)


def glue_one(rng, lines):
    """Glues two words of one contents title, as copying from PDF does."""
    spots = [i for i, line in enumerate(lines[2:], 2) if line.count(" ") >= 3]
    if not spots:
        return
    i = rng.choice(spots)
    words = lines[i].split(" ")
    k = rng.randrange(1, len(words) - 1)
    lines[i] = " ".join(words[:k]) + " " + words[k] + words[k + 1] + (
        " " + " ".join(words[k + 2:]) if words[k + 2:] else "")


def make(seed, number):
    rng = random.Random(f"{seed}:listing:{number}")
    header = rng.choice(["none", "none", "owner", "series", "both"])
    meta = rng.choice(["none", "authors", "series", "both"] if header != "none"
                      else ["authors", "series", "both", "both"])
    owner = None
    page_series = None
    if header in ("owner", "both"):
        owner = person(rng) if rng.random() < 0.5 else rng.choice(ORGS)
    if header in ("series", "both"):
        page_series = rng.choice(gc.SERIES)
    if rng.random() < 0.7:
        labels = rng.sample(NEW_LABELS, rng.randint(1, 2))
    else:
        labels = rng.sample(KNOWN_LABELS, rng.randint(1, 2))
    capitals = rng.random() < 0.15
    file_series = rng.sample(ENTRY_SERIES, 2)

    entries = []
    for _ in range(rng.randint(3, 9)):
        topic = rng.choice(gc.TOPICS)
        title = gc.paper_title(rng, topic)
        lines, names = [], []
        if meta in ("authors", "both") and rng.random() < 0.8:
            lines, names = author_lines(rng)
        series = None
        if meta in ("series", "both") and rng.random() < 0.8:
            series = rng.choice(file_series)
        paras = [gc.add_noise(rng, gc.paragraph(rng, topic), 1.0) for _ in range(rng.randint(1, 3))]
        toc, toc_count = ([], 0)
        if rng.random() < 0.4:
            toc, toc_count = contents(rng, topic)
            if rng.random() < 0.3:
                glue_one(rng, toc)
        boiler = None
        if rng.random() < 0.3:
            boiler = rng.choice(BOILERPLATE).format(title=title)
        label = rng.choice(labels)
        written = label.upper() if capitals else label
        kind = label if label in KNOWN_LABELS else written
        entries.append({
            "authors_lines": lines, "authors": names, "series": series, "title": title,
            "paras": paras, "toc": toc, "toc_count": toc_count, "boiler": boiler,
            "label": written, "kind": kind,
        })
    # Repeats: later in the file, sometimes without their metadata lines.
    order = list(range(len(entries)))
    for _ in range(rng.choice([0, 0, 1, 2])):
        j = rng.randrange(len(entries))
        at = rng.randint(order.index(j) + 1, len(order))
        order.insert(at, -1 - j if rng.random() < 0.5 else j)

    out = []
    if owner:
        out += [owner, ""]
    if page_series:
        out += [page_series, ""]
    for index in order:
        bare = index < 0
        e = entries[-1 - index if bare else index]
        if not bare:
            for line in e["authors_lines"]:
                out += [line, ""]
            if e["series"]:
                out += [e["series"], ""]
        out += [e["title"], ""]
        for p in e["paras"]:
            out += [p, ""]
        if e["toc"]:
            out += e["toc"] + [""]
        if e["boiler"]:
            out += [e["boiler"], ""]
        out += [e["label"], ""]
    expected = {
        "owner": owner,
        "publications": [
            {
                "title": e["title"],
                "authors": e["authors"] or ([owner] if owner else []),
                "series": e["series"] or page_series,
                "kind": e["kind"],
                "contents": e["toc_count"],
            }
            for e in entries
        ],
        "layout": {"header": header, "metadata": meta, "labels": labels, "repeats": len(order) - len(entries)},
    }
    return "\n".join(out), expected


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", "-n", type=int, default=200)
    ap.add_argument("--seed", default="10")
    ap.add_argument("--out", "-o", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.files):
        text, expected = make(a.seed, i)
        with open(os.path.join(a.out, f"{i:04d}.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(a.out, f"{i:04d}.expected.json"), "w", encoding="utf-8") as f:
            json.dump(expected, f, indent=1, ensure_ascii=False)
    print(f"files={a.files} seed={a.seed} out={a.out}")


if __name__ == "__main__":
    sys.exit(main())
