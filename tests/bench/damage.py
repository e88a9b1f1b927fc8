#!/usr/bin/env python3
"""Damages clean publication listings the way copying damaged the sample, and
keeps the truth: which words were glued or split, where.

    python3 tests/bench/damage.py CLEAN_DIR OUT_DIR [--seed S]

Reads every CLEAN_DIR/*.txt (listing format: owner, series, entries ending in a
kind label), writes OUT_DIR/damaged/*.txt and OUT_DIR/truth.json. Damage, in half
of the paragraphs: words glued at a lost line break (3 % of gaps), words split
by a stray space (1.5 % of words over 7 letters), no-break and zero-width spaces,
soft hyphens, doubled and trailing spaces; glues in some titles and contents
lines; entries repeated (verbatim or re-damaged); dead-link boilerplate; and
some files written as Windows-1252, UTF-16 or with CRLF line ends.
Only the listing's text is damaged, never its structure.
"""
import argparse
import json
import os
import random
import sys

KINDS = {"paper", "report", "policy brief", "policy paper", "working paper", "book",
         "book chapter", "article", "tool kit", "toolkit", "handbook", "guide",
         "guidance note", "case study", "briefing", "note"}
BOILERPLATE = [
    "For full access to the report, {title}, please follow the link.",
    "Read more \u00bb",
    "Click here to download the full report.",
]


def groups(text):
    out, cur = [], []
    for line in text.split("\n"):
        if line.strip():
            cur.append(line)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def parse(text):
    """-> owner, series, entries [{title, paras, toc: [lines], kind}]"""
    gs = groups(text)
    owner, series, rest = gs[0][0], gs[1][0], gs[2:]
    entries, cur, in_toc = [], None, False
    for g in rest:
        if len(g) == 1 and g[0].strip().lower() in KINDS:
            cur["kind"] = g[0]
            entries.append(cur)
            cur, in_toc = None, False
        elif cur is None:
            cur = {"title": " ".join(g), "paras": [], "toc": [], "kind": None}
        elif g[0].strip().lower() in ("table of contents", "contents"):
            in_toc = True
            cur["toc"].append(g[1:])
        elif in_toc:
            cur["toc"].append(g)
        else:
            cur["paras"].append(" ".join(l.strip() for l in g))
    return owner, series, entries


def wordlike(token):
    return any(c.isalnum() for c in token)


def damage_words(rng, words, rate):
    """-> text, glued gap indices, split word indices, spacing-damaged word indices"""
    glued, split, spaced = set(), set(), set()
    pieces = [w for w in words]
    seps = [" "] * (len(words) - 1)
    for i in range(len(words) - 1):
        # Words only: a lone mark (`*`, `&`, `©`, `===`) run into a word is
        # not two words glued.
        if rng.random() < 0.03 * rate and i not in split and (i - 1) not in glued \
                and wordlike(words[i]) and wordlike(words[i + 1]):
            seps[i] = ""
            glued.add(i)
    for i, w in enumerate(words):
        busy = i in glued or (i - 1) in glued
        letters = sum(c.isalpha() for c in w)
        if not busy and letters > 7 and w.isalpha() and rng.random() < 0.015 * rate:
            k = rng.randint(3, len(w) - 3)
            pieces[i] = w[:k] + " " + w[k:]
            split.add(i)
        elif not busy and i not in split and rng.random() < 0.004 * rate and len(w) > 3:
            k = rng.randint(1, len(w) - 1)
            pieces[i] = w[:k] + rng.choice(["\u200b", "\u00ad"]) + w[k:]
            spaced.add(i)
    for i in range(len(seps)):
        if seps[i] == " " and rng.random() < 0.01 * rate:
            seps[i] = rng.choice(["\u00a0", "  ", " \u200b"])
            spaced.update((i, i + 1))
    out = pieces[0]
    for sep, piece in zip(seps, pieces[1:]):
        out += sep + piece
    if rng.random() < 0.2 * rate:
        out += " "
    return out, glued, split, spaced


def glue_one(rng, line, rate):
    """A title or contents line with one glued gap, sometimes."""
    words = line.split(" ")
    if len(words) < 3 or rng.random() > 0.08 * rate:
        return line, []
    i = rng.randrange(1, len(words) - 1)
    if not (wordlike(words[i]) and wordlike(words[i + 1])):
        return line, []
    return " ".join(words[:i]) + " " + words[i] + words[i + 1] + "".join(" " + w for w in words[i + 2:]), [i]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("clean")
    ap.add_argument("out")
    ap.add_argument("--seed", default="7")
    a = ap.parse_args()
    os.makedirs(os.path.join(a.out, "damaged"), exist_ok=True)
    truth = {}
    for name in sorted(os.listdir(a.clean)):
        if not name.endswith(".txt"):
            continue
        rng = random.Random(f"{a.seed}:{name}")
        owner, series, entries = parse(open(os.path.join(a.clean, name), encoding="utf-8").read())
        file_truth = []
        out_entries = []
        for e in entries:
            rate = 1.0
            rec = {"paras": [], "title": [], "toc": {}}
            title, rec["title"] = glue_one(rng, e["title"], rate)
            paras = []
            for p in e["paras"]:
                words = p.split()
                if rng.random() < 0.5:
                    paras.append(" ".join(words))
                    rec["paras"].append({"glued": [], "split": [], "spaced": []})
                    continue
                text, glued, split, spaced = damage_words(rng, words, rate)
                paras.append(text)
                rec["paras"].append({"glued": sorted(glued), "split": sorted(split), "spaced": sorted(spaced)})
            extra = None
            if rng.random() < 0.1:
                b = rng.choice(BOILERPLATE).format(title=e["title"])
                if b.startswith("Click") and paras:
                    paras[-1] = paras[-1].rstrip() + " " + b
                else:
                    extra = b
            toc = []
            n = 0
            for g in e["toc"]:
                lines = []
                for l in g:
                    l2, gl = glue_one(rng, l, rate)
                    if gl:
                        rec["toc"][str(n)] = gl
                    lines.append(l2)
                    n += 1
                toc.append(lines)
            file_truth.append(rec)
            out_entries.append({"title": title, "paras": paras + ([extra] if extra else []),
                                "toc": toc, "kind": e["kind"]})
        if len(out_entries) > 1 and rng.random() < 0.3:
            j = rng.randrange(len(out_entries))
            copy = dict(out_entries[j])
            if rng.random() < 0.5:   # a near-exact repeat: the same text, damaged differently
                copy["paras"] = [damage_words(rng, p.split(), 1.0)[0] for p in copy["paras"]]
            out_entries.insert(j + 1, copy)
        lines = [owner, "", series, ""]
        for e in out_entries:
            lines += [e["title"], ""]
            for p in e["paras"]:
                lines += [p, ""]
            if e["toc"]:
                lines += ["Table of Contents", ""]
                for g in e["toc"]:
                    lines += g + [""]
            lines += [e["kind"], ""]
        text = "\n".join(lines)
        style = rng.random()
        path = os.path.join(a.out, "damaged", name)
        if style < 0.1:
            data = text.replace("\n", "\r\n").encode("utf-8")
        elif style < 0.2:
            data = "\ufeff".encode("utf-8") + text.encode("utf-8")
        elif style < 0.3:
            data = b"\xff\xfe" + text.encode("utf-16-le")
        elif style < 0.4:
            try:
                data = text.encode("cp1252")
            except UnicodeEncodeError:
                data = text.encode("utf-8")
        else:
            data = text.encode("utf-8")
        open(path, "wb").write(data)
        truth[name] = file_truth
    json.dump(truth, open(os.path.join(a.out, "truth.json"), "w"), indent=1)


if __name__ == "__main__":
    sys.exit(main())
