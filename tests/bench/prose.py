#!/usr/bin/env python3
"""Real prose for the repair benchmark, as clean publication listings.

    python3 tests/bench/prose.py devil DEVIL_DICT_DZ OUT_DIR
    python3 tests/bench/prose.py licences OUT_DIR
    python3 tests/bench/prose.py crates OUT_DIR [REGISTRY_SRC]
    python3 tests/bench/prose.py crates-md OUT_DIR [REGISTRY_SRC]
    python3 tests/bench/prose.py crates-docs OUT_DIR [REGISTRY_SRC]
    python3 tests/bench/prose.py npm-md OUT_DIR [NODE_MODULES]
    python3 tests/bench/prose.py system-md OUT_DIR
    python3 tests/bench/prose.py folder TEXT_DIR OUT_DIR

`devil`: Ambrose Bierce, "The Devil's Dictionary" (1911, public domain), from
Debian's dict-devil package (`apt-get download dict-devil && dpkg -x
dict-devil_*.deb /tmp/devil`; the file is usr/share/dictd/devil.dict.dz): one
entry per headword, 40 a file. Old American prose full of coinages and names:
a hard test of leaving words alone.
`licences`: the licence texts every Debian system has in
/usr/share/common-licenses (GPL-3, LGPL-3, Apache-2.0, MPL-2.0, GFDL-1.3,
Artistic; verbatim copies are allowed), ten paragraphs an entry: modern formal
English.
`crates`: the README and licence files of the crates Cargo unpacked under
~/.cargo/registry/src (real prose by many hands: manuals, changelogs, licences),
read at bench time and never committed. Prose paragraphs only (no code, tables,
HTML, URLs or code spans; Markdown links and emphasis reduced to their text),
each paragraph once, six paragraphs an entry under the README's headings.
`crates-md`: the same READMEs as Markdown files, one per crate (the newest
version), for counting changes the repairs make to clean hand-written Markdown;
pictures become their alt text (the badges' pictures are remote).
`crates-docs`: the crates' other Markdown files (changelogs, guides under
docs/), of the newest version of each crate, as they are: Markdown the repairs
were never tuned on, for counting changes to clean text held out from
`crates-md`.
`npm-md`: the READMEs of the npm packages under NODE_MODULES (by default the
DAISY Ace install the tests use, ~/.cache/imprint-ace/node_modules), one per
package: hand-written Markdown of another ecosystem, held out too.
`system-md`: the Markdown files that the system's packages install
(`SYSTEM_MD_DIRS`: Node.js's API documents, changelogs and guides, npm's
manual, the Google Cloud SDK's tools, the JDK's notices, Rust's release notes,
git's, systemd's and zstd's notes), whichever are there: a third set held out,
of release notes and reference manuals by many hands.
`folder`: any folder of plain-text files (TEXT_DIR/*.txt; a SOURCES.txt listing
where they came from is skipped), each a title line and paragraphs apart by
blank lines: one entry per file, eight a listing. For real prose kept outside
the repository, such as abstracts and report summaries read from public pages.
"""
import glob
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


def crate_dirs(registry):
    """The newest unpacked version of each crate, by name."""
    newest = {}
    for path in sorted(glob.glob(os.path.join(registry, "*", "*"))):
        name = re.sub(r"-\d[^-]*(-[^-]*)?$", "", os.path.basename(path))
        newest[name] = path
    return sorted(newest.items())


def readme(path):
    for name in sorted(os.listdir(path)):
        if name.lower().startswith("readme") and name.lower().endswith((".md", ".markdown", ".mkd")):
            return open(os.path.join(path, name), encoding="utf-8", errors="replace").read()
    return None


IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
NOT_PROSE = re.compile(r"`|https?:|www\.|<|>|\||\\|\{|\}|@|\w_\w|::|\[\^|\]:")


def markdown_prose(text):
    """(heading, paragraph) pairs: the prose of a README, Markdown reduced to text."""
    text = re.sub(r"```.*?```|~~~.*?~~~", "\n\n", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    heading, out = None, []
    for block in re.split(r"\n\s*\n", text):
        lines = block.split("\n")
        if lines[0].startswith("#"):
            heading = lines[0].strip("# ").strip()
            lines = lines[1:]
        if not lines or any(l.startswith("    ") or l.startswith("\t") for l in lines):
            continue
        para = " ".join(re.sub(r"^\s*(?:[-*+]|\d+\.|>)\s+", "", l) for l in lines).strip()
        para = LINK.sub(lambda m: m.group(1) or m.group(2) or "", IMAGE.sub("", para))
        para = re.sub(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)", "", para)
        words = para.split()
        if len(words) >= 8 and not NOT_PROSE.search(para) and sum(w[0].isalpha() for w in words) > 0.8 * len(words):
            out.append((heading, " ".join(words)))
    return out


def licence_prose(text):
    return [(None, p) for p in paragraphs(text) if len(p.split()) >= 8 and not NOT_PROSE.search(p)]


def crates(out, registry):
    entries, seen = [], set()
    for name, path in crate_dirs(registry):
        found = markdown_prose(readme(path) or "")
        for licence in sorted(glob.glob(os.path.join(path, "LICEN[CS]E*")) + glob.glob(os.path.join(path, "COPYING*"))):
            found += licence_prose(open(licence, encoding="utf-8", errors="replace").read())
        paras = []
        for heading, para in found:
            if para.lower() not in seen:
                seen.add(para.lower())
                paras.append((heading, para))
        for n in range(0, len(paras), 6):
            chunk = paras[n:n + 6]
            heading = chunk[0][0]
            words = (heading or "").split()
            title = heading if heading and 3 <= len(words) <= 12 and not NOT_PROSE.search(heading) else f"Notes on {name}, part {n // 6 + 1}"
            entries.append((title, [p for _, p in chunk]))
    write(out, "crates", "Crate Authors", "Crate Readmes", entries, 8)


def crates_md(out, registry):
    os.makedirs(out, exist_ok=True)
    for name, path in crate_dirs(registry):
        text = readme(path)
        if text:
            with open(os.path.join(out, f"{name}.md"), "w", encoding="utf-8") as f:
                f.write(IMAGE.sub(lambda m: m.group(1), text))


def crates_docs(out, registry):
    os.makedirs(out, exist_ok=True)
    for name, path in crate_dirs(registry):
        for doc in sorted(glob.glob(os.path.join(path, "**", "*.md"), recursive=True)):
            base = os.path.basename(doc).lower()
            if base.startswith("readme") or "/target/" in doc:
                continue
            stem = os.path.relpath(doc, path).replace(os.sep, "__")
            text = open(doc, encoding="utf-8", errors="replace").read()
            with open(os.path.join(out, f"{name}__{stem}"), "w", encoding="utf-8") as f:
                f.write(IMAGE.sub(lambda m: m.group(1), text))


def npm_md(out, modules):
    """One README per package name (nested copies of a package are alike)."""
    os.makedirs(out, exist_ok=True)
    seen = set()
    for doc in sorted(glob.glob(os.path.join(modules, "**", "node_modules", "**", "[Rr][Ee][Aa][Dd][Mm][Ee].md"),
                                recursive=True)
                      + sorted(glob.glob(os.path.join(modules, "**", "[Rr][Ee][Aa][Dd][Mm][Ee].md"),
                                         recursive=True))):
        package = os.path.relpath(os.path.dirname(doc), modules).split("node_modules" + os.sep)[-1]
        name = package.replace(os.sep, "__") or "root"
        if name in seen:
            continue
        seen.add(name)
        text = open(doc, encoding="utf-8", errors="replace").read()
        with open(os.path.join(out, f"{name}.md"), "w", encoding="utf-8") as f:
            f.write(IMAGE.sub(lambda m: m.group(1), text))


SYSTEM_MD_DIRS = ["/usr/share/doc/nodejs", "/usr/lib/node_modules/npm/docs", "/usr/lib/google-cloud-sdk/platform",
                  "/usr/lib/jvm", "/usr/share/doc/python3-pip", "~/.rustup/toolchains", "/usr/share/doc/git",
                  "/usr/share/doc/systemd", "/usr/share/doc/zstd"]


def system_md(out):
    os.makedirs(out, exist_ok=True)
    for top in SYSTEM_MD_DIRS:
        top = os.path.expanduser(top)
        for doc in sorted(glob.glob(os.path.join(top, "**", "*.md"), recursive=True)):
            if not os.path.isfile(doc):
                continue
            name = doc.strip(os.sep).replace(os.sep, "__")
            text = open(doc, encoding="utf-8", errors="replace").read()
            with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                f.write(IMAGE.sub(lambda m: m.group(1), text))


def folder(src, out):
    entries = []
    for name in sorted(os.listdir(src)):
        if not name.endswith(".txt") or name == "SOURCES.txt":
            continue
        paras = paragraphs(open(os.path.join(src, name), encoding="utf-8").read())
        if len(paras) >= 2:
            entries.append((paras[0], paras[1:]))
    write(out, "texts", "Various Authors", "Collected Texts", entries, 8)


if __name__ == "__main__":
    registry = sys.argv[3] if len(sys.argv) > 3 else os.path.expanduser("~/.cargo/registry/src")
    if sys.argv[1] == "devil":
        devil(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "crates":
        crates(sys.argv[2], registry)
    elif sys.argv[1] == "folder":
        folder(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "crates-md":
        crates_md(sys.argv[2], registry)
    elif sys.argv[1] == "crates-docs":
        crates_docs(sys.argv[2], registry)
    elif sys.argv[1] == "system-md":
        system_md(sys.argv[2])
    elif sys.argv[1] == "npm-md":
        modules = sys.argv[3] if len(sys.argv) > 3 else os.path.expanduser("~/.cache/imprint-ace/node_modules")
        npm_md(sys.argv[2], modules)
    else:
        licences(sys.argv[2])
