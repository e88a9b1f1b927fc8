#!/usr/bin/env python3
"""Repair benchmark: how much damage `imprint normalise` repairs, how much clean
text it leaves alone, and how fast.

    cargo build --release
    python3 tests/bench/repair.py [--devil /tmp/devil/usr/share/dictd/devil.dict.dz]

Sets: `generated` (tests/bench/gen_corpus.py --noise 0, policy-style text),
`licences` (the licence texts in /usr/share/common-licenses), `crates` (the prose
of the README and licence files under ~/.cargo/registry/src, see prose.py) and, when the Debian package dict-devil is
unpacked (see prose.py), `devil` (The Devil's Dictionary, 1911, public domain), and with
`--dir DIR` any folder of plain-text files, one text a file (a title line, then
paragraphs; see `prose.py folder`), named after the folder: real prose kept
outside the repository, such as policy abstracts. Each clean set is damaged by damage.py, which keeps
the truth. Prints per set: glued-word recall, split recall, false changes per
1000 undamaged words, clean words in dead-link sentences the boilerplate rule
took out (`dead links`: words, then sentences; found by the rule's log, which
keeps them word for word; a designed removal, counted apart from the word
repairs' false changes), share
of words unchanged when clean text is normalised,
repeated entries and boilerplate left, titles exact, and undamaged words the
listing reader keeps out of the text even without repairs (`unread`: a line
taken for a kind label, say; left out of the false changes). Recall and false
changes are counted over each file's whole word stream (the clean words against
every word of the repaired model, by difflib), so they do not depend on how the
listing reader groups lines into entries and paragraphs. Then `clean markdown`: the
crates' READMEs as Markdown, undamaged, where every word repair is a false
change (per 1000 words of text outside code), and the same count on three sets
held out from tuning when first measured: `clean docs`, the crates' other
Markdown files (changelogs, guides), `clean npm`, the READMEs of the npm
packages the tests install, and `clean system`, the Markdown the system's
packages install (Node.js's manual and changelogs above all); then speed (MB/s of
CPU time in one single-threaded process) and the dictionary load time.
"""
import argparse
import difflib
import json
import os
import random
import re
import subprocess
import sys
import resource
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import damage  # noqa: E402  (its parser: the truth's own reading of a listing)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "target", "release", "imprint")
BENCH = os.path.join(ROOT, "tests", "bench")
BOILER = re.compile(r"follow the link|click here|read more|download the full report", re.I)


def normalise(path, repair=True):
    args = [BIN, "normalise", path] + ([] if repair else ["--no-repair"])
    out = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {out.stderr}")
    return json.loads(out.stdout)


def paragraphs(pub):
    return [" ".join(i.get("text", "") for i in b["inlines"]) for b in pub["summary"] if b["type"] == "paragraph"]


def matched(clean, repaired):
    sm = difflib.SequenceMatcher(None, clean, repaired, autojunk=False)
    got = set()
    for tag, i1, i2, _, _ in sm.get_opcodes():
        if tag == "equal":
            got.update(range(i1, i2))
    return got


def became(clean, repaired):
    """For each clean word that did not come out as it was: the repaired
    words that stand in its place."""
    sm = difflib.SequenceMatcher(None, clean, repaired, autojunk=False)
    out = {}
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            for i in range(i1, i2):
                out[i] = " ".join(repaired[j1:j2]) or "(gone)"
    return out


def key(pub):
    return re.sub(r"\s+", "", pub["title"] + "".join(paragraphs(pub))).lower()


def text_words(pub):
    """A publication's words in file order (metadata, title, summary and
    contents by their lines), whatever role the listing reader gave each line."""
    def words(value):
        out = []
        if isinstance(value, dict):
            if value.get("type") in ("code", "code_block"):
                return out
            for k, v in value.items():
                if k in ("text", "alt") and isinstance(v, str):
                    out.extend(v.split())
                elif k not in ("source", "url", "src", "line"):
                    out.extend(words(v))
        elif isinstance(value, list):
            for v in value:
                out.extend(words(v))
        return out
    first = pub["source"]["first_line"]
    head = []
    for name in pub.get("authors", []):
        head.extend(name.split())
    for field in ("series", "title", "subtitle"):
        head.extend((pub.get(field) or "").split())
    pieces = [(first, 0, head)]
    line = first
    for n, block in enumerate(pub["summary"]):
        line = block.get("line") or line
        pieces.append((line, 1 + n, words(block)))
    for n, entry in enumerate(pub["contents"]):
        pieces.append((entry.get("line") or line, 1 + len(pub["summary"]) + n, entry["title"].split()))
    return [w for _, _, ws in sorted(pieces, key=lambda p: (p[0], p[1])) for w in ws]


NUMBER = re.compile(r"^\d+(\.\d+)*\.?$")


def truth_stream(clean_text, records):
    """The clean words damage.py damaged, in file order, with the global
    positions of its glued gaps, split words and spacing-damaged words."""
    _, _, entries = damage.parse(clean_text)
    words, glued, split, spaced = [], [], [], set()
    for entry, rec in zip(entries, records):
        base = len(words)
        words += entry["title"].split()
        glued += [base + g for g in rec["title"]]
        for para, prec in zip(entry["paras"], rec["paras"]):
            base = len(words)
            words += para.split()
            glued += [base + g for g in prec["glued"]]
            split += [base + w for w in prec["split"]]
            spaced.update(base + w for w in prec["spaced"])
        n = 0
        for group in entry["toc"]:
            for line in group:
                line_words = line.split()
                # The model keeps a contents line's number apart from its title.
                skip = 1 if line_words and NUMBER.match(line_words[0]) else 0
                base = len(words) - skip
                words += line_words[skip:]
                glued += [base + g for g in rec["toc"].get(str(n), [])]
                n += 1
    return words, glued, split, spaced


def measure(name, clean_dir, work, seed):
    """Glue and split recall, and false changes, over each file's whole word
    stream: the clean words damage.py damaged, aligned with every word of the
    repaired model, so the score does not depend on how the listing reader
    groups lines into entries and paragraphs."""
    damaged_root = os.path.join(work, name)
    subprocess.run([sys.executable, os.path.join(BENCH, "damage.py"), clean_dir, damaged_root, "--seed", seed],
                   check=True)
    truth = json.load(open(os.path.join(damaged_root, "truth.json")))
    s = dict(words=0, glued=0, glued_ok=0, split=0, split_ok=0, undamaged=0, false=0, unread=0, titles=0,
             titles_ok=0, repeats_left=0, boiler_left=0, clean_words=0, clean_same=0, dropped=0,
             dropped_sentences=0, missed=[], wrong=[], dropped_list=[])
    for fname, records in sorted(truth.items()):
        clean_path = os.path.join(clean_dir, fname)
        damaged_path = os.path.join(damaged_root, "damaged", fname)
        clean = normalise(clean_path, repair=False)
        repaired = normalise(damaged_path)
        unrepaired = normalise(damaged_path, repair=False)
        # Sentences the boilerplate rule took out as dead links (logged
        # word for word): their words are counted apart from the word
        # repairs' false changes.
        # (Sentences that damage.py added are not the clean text's.)
        dead = dead_link_sentences(damaged_path)
        dead_words = {letters(w) for sentence in dead for w in sentence.split()}
        gone = set()
        clean_repaired = normalise(clean_path)
        # Clean text in: every word must come out as it went in.
        for cp, rp in zip(clean["publications"], clean_repaired["publications"]):
            for a, b in zip(paragraphs(cp) + [cp["title"]], paragraphs(rp) + [rp["title"]]):
                ta, tb = a.split(), b.split()
                s["clean_words"] += len(ta)
                s["clean_same"] += len(matched(ta, tb))
        pubs = repaired["publications"]
        keys = [key(p) for p in pubs]
        s["repeats_left"] += len(keys) - len(set(keys))
        s["boiler_left"] += sum(bool(BOILER.search(p)) for pub in pubs for p in paragraphs(pub))
        for cp, rp in zip(clean["publications"], pubs):
            s["titles"] += 1 + len(cp["contents"])
            s["titles_ok"] += (cp["title"] == rp["title"]) + sum(
                a["title"] == b["title"] for a, b in zip(cp["contents"], rp["contents"]))
        ct, glued, split, spaced = truth_stream(open(clean_path, encoding="utf-8").read(), records)
        s["words"] += len(ct)
        rt = [w for p in pubs for w in text_words(p)]
        ok = matched(ct, rt)
        now = became(ct, rt)
        # Words the reader keeps out of the text even unrepaired (a line
        # read as a kind label, a paragraph taken for boilerplate) are not
        # the repairs' doing: counted apart.
        read = matched(ct, [w for p in unrepaired["publications"] for w in text_words(p)])
        damaged = set(spaced)
        for g in glued:
            s["glued"] += 1
            s["glued_ok"] += g in ok and g + 1 in ok
            if not (g in ok and g + 1 in ok):
                s["missed"].append(f"glue {ct[g]} {ct[g + 1]} -> {now.get(g) or now.get(g + 1)}")
            damaged.update((g, g + 1))
        for w in split:
            s["split"] += 1
            s["split_ok"] += w in ok
            if w not in ok:
                s["missed"].append(f"split {ct[w]} -> {now.get(w)}")
            damaged.add(w)
        for i in range(len(ct)):
            if i in damaged:
                continue
            if i not in read and i not in ok:
                s["unread"] += 1
                continue
            s["undamaged"] += 1
            if i not in ok and now.get(i) == "(gone)" and letters(ct[i]) in dead_words:
                s["dropped"] += 1
                s["dropped_list"].append(ct[i])
                gone.add(letters(ct[i]))
                continue
            s["false"] += i not in ok
            if i not in ok:
                s["wrong"].append(f"{' '.join(ct[max(0, i - 1):i + 2])} -> {now.get(i)}")
        # (A sentence of the clean text: most of its words among those gone.)
        s["dropped_sentences"] += sum(
            2 * sum(letters(w) in gone for w in sentence.split()) >= len(sentence.split()) for sentence in dead)
    return s


def letters(word):
    return re.sub(r"\W", "", word).lower()


def dead_link_sentences(path):
    """The sentences the boilerplate rule removed from `path`, as logged."""
    out = subprocess.run([BIN, "check", "--json", path], capture_output=True, text=True, cwd=ROOT)
    return [r["before"] for r in json.loads(out.stdout)["repairs"] if r["kind"] == "boilerplate"]


def words_in(model):
    """Whitespace-separated words of a model's text, code left out."""
    count = 0

    def walk(value):
        nonlocal count
        if isinstance(value, dict):
            if value.get("type") == "code":
                return
            for k, v in value.items():
                if k in ("text", "title", "subtitle", "alt") and isinstance(v, str):
                    count += len(v.split())
                elif k not in ("source", "url", "src"):
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
    walk(model["publications"])
    return count


CLEAN_SETS = {"markdown": ("crates-md", "clean markdown"), "docs": ("crates-docs", "clean docs"),
              "npm": ("npm-md", "clean npm"), "system": ("system-md", "clean system")}


def clean_markdown(work, show, folder=None, kind="markdown"):
    """Word repairs made to clean Markdown (the crates' READMEs; their other
    Markdown files; npm packages' READMEs; the system's Markdown; or the files
    in `folder`): all of them are false. The READMEs are where the repairs
    were first tuned; the others were held out until measured."""
    source, label = CLEAN_SETS[kind]
    if folder is None:
        folder = os.path.join(work, source)
        subprocess.run([sys.executable, os.path.join(BENCH, "prose.py"), source, folder], check=True)
    if not os.listdir(folder):
        print(f"{label}: no files (for npm, the DAISY Ace install of .ci/run; for system, Node.js's "
              "and npm's documents); skipped")
        return
    words = changes = files = 0
    wrong = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        raw = subprocess.run([BIN, "normalise", "--no-repair", path], capture_output=True, text=True, cwd=ROOT)
        if raw.returncode != 0:
            continue
        files += 1
        words += words_in(json.loads(raw.stdout))
        log = subprocess.run([BIN, "check", "--json", path], capture_output=True, text=True, cwd=ROOT)
        for r in json.loads(log.stdout)["repairs"]:
            if r["kind"] in ("glued-words", "split-word"):
                changes += 1
                wrong.append(f"{name}:{r['line']} {r['before']} -> {r['after']}")
    print(f"{label}: {changes} word repairs in {words} words of {files} files = "
          f"{1000 * changes / max(words, 1):.3f} per 1000 words")
    if show:
        for line in wrong:
            print("   ", line)


def speed(work):
    corpus = os.path.join(work, "speed")
    subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), "-n", "1500", "-p", "6",
                    "--no-md", "-o", corpus], check=True, stdout=subprocess.DEVNULL)
    txt = os.path.join(corpus, "txt")
    size = sum(os.path.getsize(os.path.join(txt, f)) for f in os.listdir(txt))
    best = None
    for _ in range(3):
        # CPU time of the one (single-threaded) process: what one core does,
        # whatever else the machine is running.
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([BIN, "check", "--json", txt], stdout=subprocess.DEVNULL, cwd=ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        dt = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = dt if best is None else min(best, dt)
    tiny = os.path.join(work, "tiny.txt")
    open(tiny, "w").write("A B\n\nSeries\n\nTitle\n\nText.\n\nPaper\n")

    def timed(args, n=30):
        ts = []
        for _ in range(n):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(args, stdout=subprocess.DEVNULL, cwd=ROOT)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            ts.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        return sorted(ts)[n // 2]
    load = timed([BIN, "normalise", tiny]) - timed([BIN, "--version"])
    return size, best, load


def main():
    global BIN
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devil", default="/tmp/devil/usr/share/dictd/devil.dict.dz")
    ap.add_argument("--files", type=int, default=60)
    ap.add_argument("--show", action="store_true", help="list missed repairs and false changes")
    ap.add_argument("--misses", type=int, default=0, metavar="N",
                    help="list N missed repairs per set, a seeded sample (--show lists all)")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--bin", default=BIN, help="the imprint binary (to compare two builds on the same sets)")
    ap.add_argument("--sets", default=None,
                    help="comma-separated sets to run (default: generated,licences,crates,devil,markdown,"
                         "docs,npm,system; "
                         "with --dir, only the folder's set)")
    ap.add_argument("--dir", metavar="DIR",
                    help="also run the plain-text files in DIR (a title line, then paragraphs) as a set "
                         "named after DIR, built by prose.py folder and damaged like the others")
    ap.add_argument("--seed", default="7",
                    help="damage.py's seed: another seed damages other words (to check that gains hold)")
    ap.add_argument("--keep", metavar="DIR",
                    help="build the sets in DIR and keep them (clean and damaged files) to look at")
    ap.add_argument("--reuse", action="store_true",
                    help="with --keep: use the clean sets already in DIR, not new ones (the crates under "
                         "~/.cargo/registry/src change whenever a build unpacks more, so two runs may differ)")
    ap.add_argument("--md", metavar="DIR",
                    help="only count the word repairs made to the clean Markdown files in DIR (every one is false)")
    a = ap.parse_args()
    BIN = a.bin
    if not os.path.exists(BIN):
        raise SystemExit("build the release binary first: cargo build --release")
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    if a.md:
        clean_markdown(None, a.show, a.md)
        return
    with tempfile.TemporaryDirectory(prefix="imprint-repair-") as tmp:
        work = a.keep or tmp
        sets = []
        dir_set = os.path.basename(os.path.normpath(a.dir)) if a.dir else None
        if a.sets is not None:
            want = set(a.sets.split(","))
        else:
            want = set() if a.dir else {"generated", "licences", "crates", "devil", "markdown", "docs", "npm",
                                            "system"}
        if dir_set:
            want.add(dir_set)
        reuse = a.reuse and a.keep

        def build(folder, args):
            # (With --reuse, a set already kept is read as it is.)
            if not (reuse and os.path.isdir(folder)):
                subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        gen = os.path.join(work, "gen")
        if "generated" in want:
            build(gen, [sys.executable, os.path.join(BENCH, "gen_corpus.py"), "-n", str(a.files), "-p", "5",
                        "--noise", "0", "--seed", "bench", "--no-md", "-o", gen])
            sets.append(("generated", os.path.join(gen, "txt")))
        prose = os.path.join(BENCH, "prose.py")
        licences = os.path.join(work, "licences")
        if "licences" in want:
            build(licences, [sys.executable, prose, "licences", licences])
            sets.append(("licences", licences))
        crates = os.path.join(work, "crates")
        if "crates" in want:
            build(crates, [sys.executable, prose, "crates", crates])
            sets.append(("crates", crates))
        if dir_set:
            texts = os.path.join(work, "dir-" + dir_set)
            build(texts, [sys.executable, prose, "folder", a.dir, texts])
            sets.append((dir_set, texts))
        if "devil" in want and os.path.exists(a.devil):
            devil = os.path.join(work, "devil")
            subprocess.run([sys.executable, prose, "devil", a.devil, devil], check=True)
            sets.append(("devil", devil))
        elif "devil" in want:
            print(f"(no {a.devil}: the devil set is skipped; see tests/bench/prose.py)")
        print(f"{'set':10} {'words':>7} {'glued':>12} {'split':>11} {'false/1000':>10} {'dead links':>12} "
              f"{'clean same':>11} {'repeats':>7} {'boiler':>6} {'titles':>13} {'unread':>6}")
        for name, clean_dir in sets:
            if name not in want:
                continue
            s = measure(name, clean_dir, work, a.seed)
            print(f"{name:10} {s['words']:7} {s['glued_ok'] / max(s['glued'], 1):6.4f} ({s['glued']:>4}) "
                  f"{s['split_ok'] / max(s['split'], 1):5.3f} ({s['split']:>3}) "
                  f"{1000 * s['false'] / max(s['undamaged'], 1):10.3f} "
                  f"{s['dropped']:>5} ({s['dropped_sentences']:>3}) "
                  f"{100 * s['clean_same'] / max(s['clean_words'], 1):10.3f}% "
                  f"{s['repeats_left']:7} {s['boiler_left']:6} "
                  f"{s['titles_ok']:>6}/{s['titles']:<6} {s['unread']:6}")
            if a.show:
                for line in s["missed"] + ["--- false changes"] + s["wrong"] + [
                        "--- words of dead-link sentences taken out: " + " ".join(s["dropped_list"])]:
                    print("   ", line)
            elif a.misses:
                # A seeded sample, so runs can be compared.
                sample = random.Random(name).sample(s["missed"], min(a.misses, len(s["missed"])))
                for line in sorted(sample):
                    print("   ", line)
        for kind in CLEAN_SETS:
            if kind in want:
                clean_markdown(work, a.show, kind=kind)
        if a.no_speed:
            return
        size, seconds, load = speed(work)
        print(f"speed: {size / 1e6:.1f} MB in {seconds:.2f} s of CPU = {size / 1e6 / seconds:.1f} MB/s "
              f"(imprint check --json on a folder: one single-threaded process, read + repair + log)")
        print(f"dictionary load: {1000 * load:.1f} ms of CPU (normalise on a tiny file minus --version)")


if __name__ == "__main__":
    main()
