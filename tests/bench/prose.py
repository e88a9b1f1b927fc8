#!/usr/bin/env python3
"""Real prose for the repair benchmark, as clean publication listings.

    python3 tests/bench/prose.py devil DEVIL_DICT_DZ OUT_DIR
    python3 tests/bench/prose.py licences OUT_DIR

`devil`: Ambrose Bierce, "The Devil's Dictionary" (1911, public domain), from
Debian's dict-devil package (`apt-get download dict-devil && dpkg -x
dict-devil_*.deb /tmp/devil`; the file is usr/share/dictd/devil.dict.dz): one
entry per headword, 40 a file. Old American prose full of coinages and names:
a hard test of leaving words alone.
`licences`: the licence texts every Debian system has in
/usr/share/common-licenses (GPL-3, LGPL-3, Apache-2.0, MPL-2.0, GFDL-1.3,
Artistic; verbatim copies are allowed), ten paragraphs an entry: modern formal
English.
"""
import gzip
import os
import re
import sys

KINDS = {"paper", "report", "policy brief", "policy paper", "working paper", "book",
         "book chapter", "article", "tool kit", "toolkit", "handbook", "guide",
         "guidance note", "case study", "briefing", "note", "contents", "table of contents"}


def paragraphs(text):
    out = []
    for para in re.split(r"\n\s*\n", text):
        words = para.split()
        if words and " ".join(words).lower() not in KINDS:
            out.append(" ".join(words))
    return out


def write(out, stem, owner, series, entries, per_file):
    os.makedirs(out, exist_ok=True)
    for n in range(0, len(entries), per_file):
        lines = [owner, "", series, ""]
        for title, paras in entries[n:n + per_file]:
            lines += [title, ""]
            for p in paras:
                lines += [p, ""]
            lines += ["Note", ""]
        with open(os.path.join(out, f"{stem}_{n // per_file:03d}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines))


def devil(source, out):
    text = gzip.open(source, "rt", encoding="utf-8", errors="replace").read()
    entries, seen = [], set()
    for block in re.split(r"\n(?=[A-Z][A-Z' -]+, [a-z.]+ )", text):
        head = re.match(r"([A-Z][A-Z' -]+), ([a-z.]+) +(.*)", block, re.S)
        if not head:
            continue
        paras = paragraphs(head.group(3))
        key = (head.group(1), tuple(paras))
        if paras and key not in seen:     # the source repeats a few entries
            seen.add(key)
            entries.append((head.group(1).title(), paras))
    write(out, "devil", "Ambrose Bierce", "The Devil's Dictionary", entries, 40)


def licences(out):
    entries = []
    for name in ["GPL-3", "LGPL-3", "Apache-2.0", "MPL-2.0", "GFDL-1.3", "Artistic"]:
        paras = paragraphs(open(f"/usr/share/common-licenses/{name}", encoding="utf-8").read())
        for n in range(0, len(paras), 10):
            entries.append((f"{name}, part {n // 10 + 1}", paras[n:n + 10]))
    write(out, "licence", "Debian", "Common Licences", entries, 8)


if __name__ == "__main__":
    if sys.argv[1] == "devil":
        devil(sys.argv[2], sys.argv[3])
    else:
        licences(sys.argv[2])
