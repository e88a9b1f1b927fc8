#!/usr/bin/env python3
"""How well the `.txt` reader finds the structure of generated listings.

    python3 tests/bench/listings.py [--files 200] [--seed 10] [--bin target/release/imprint]
    python3 tests/bench/listings.py --speed [--megabytes 7]
    python3 tests/bench/listings.py --check ...   (exit 1 below the targets)

Generates listings in every layout (gen_listings.py), runs `imprint normalise`
on each and compares with the expected model: titles exact, entry counts,
authors, series, kind, contents entries; then builds the digests and EPUBs
and counts repeated entries and dead-link sentences left in them.
Also scores the fixtures in tests/fixtures/listings/ (their `.json`).

--speed times `imprint normalise` of one ~7 MB listing (gen_corpus.py with
many papers), pinned to one core when `taskset` is there, best of three, by
CPU time (user + system, robust on a busy machine) and by wall time.
"""
import argparse
import glob
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen_corpus as gc  # noqa: E402
import gen_listings as gl  # noqa: E402

DEAD_LINK = ["follow the link", "full access to", "click here", "available here"]


def normalise(binary, path):
    out = subprocess.run([binary, "normalise", path], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return json.loads(out.stdout)


def score(pairs):
    """pairs: (model or None, expected). Returns the counts."""
    s = dict(files=0, counts=0, titles=0, expected=0, authors=0, series=0, kind=0, contents=0, owner=0)
    for model, expected in pairs:
        s["files"] += 1
        want = expected["publications"]
        got = model["publications"] if model else []
        s["expected"] += len(want)
        s["counts"] += len(got) == len(want)
        s["owner"] += bool(model) and model.get("owner") == expected.get("owner")
        unused = list(got)
        for w in want:
            match = next((g for g in unused if g["title"] == w["title"]), None)
            if match is None:
                continue
            unused.remove(match)
            s["titles"] += 1
            s["authors"] += match["authors"] == w["authors"]
            s["series"] += match["series"] == w["series"]
            s["kind"] += match["kind"] == w["kind"]
            s["contents"] += len(match["contents"]) == w["contents"]
    return s


def report(name, s):
    pct = lambda n, d: f"{100.0 * n / d:5.1f} %" if d else "  n/a"
    e = s["expected"]
    print(f"{name}: {s['files']} files, {e} publications")
    print(f"  titles exact          {pct(s['titles'], e)}  ({s['titles']}/{e})")
    print(f"  files, right count    {pct(s['counts'], s['files'])}  ({s['counts']}/{s['files']})")
    for field in ["authors", "series", "kind", "contents"]:
        print(f"  {field:<21} {pct(s[field], e)}  ({s[field]}/{e})")
    print(f"  owner                 {pct(s['owner'], s['files'])}")


def leftovers(binary, folder, pairs_by_stem):
    """Repeats and dead-link sentences left in the digests and EPUBs.
    pairs_by_stem: stem -> (model, expected); distinct entries that happen
    to share a title are not repeats."""
    out = tempfile.mkdtemp(prefix="imprint-listings-out-")
    try:
        subprocess.run([binary, "-q", "build", "--format", "txt,epub", "--out", out, folder],
                       capture_output=True, env=dict(os.environ, SOURCE_DATE_EPOCH="0"))
        repeats = dead = 0
        for stem, (model, expected) in pairs_by_stem.items():
            if model:
                titles = [p["title"] for p in model["publications"]]
                want = [p["title"] for p in expected["publications"]]
                repeats += max(0, (len(titles) - len(set(titles))) - (len(want) - len(set(want))))
            texts = []
            digest = os.path.join(out, stem + ".txt")
            if os.path.exists(digest):
                texts.append(open(digest, encoding="utf-8").read())
            epub = os.path.join(out, stem + ".epub")
            if os.path.exists(epub):
                with zipfile.ZipFile(epub) as z:
                    texts += [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml")]
            for text in texts:
                flat = " ".join(text.lower().split())
                dead += sum(flat.count(p) for p in DEAD_LINK)
        return repeats, dead
    finally:
        shutil.rmtree(out)


TARGETS = {"titles": 0.98, "authors": 0.95, "series": 0.95, "kind": 0.95}


def misses(name, s, repeats, dead):
    """What falls short of the issue's targets."""
    out = [f"{name}: {field} below {int(100 * t)} %" for field, t in TARGETS.items()
           if s["expected"] and s[field] < t * s["expected"]]
    if s["files"] and s["counts"] < 0.95 * s["files"]:
        out.append(f"{name}: right entry count in fewer than 95 % of files")
    if repeats or dead:
        out.append(f"{name}: {repeats} repeats and {dead} dead-link sentences left")
    return out


def accuracy(binary, files, seed):
    failures = []
    folder = tempfile.mkdtemp(prefix="imprint-listings-")
    try:
        by_stem = {}
        pairs = []
        for i in range(files):
            text, expected = gl.make(seed, i)
            path = os.path.join(folder, f"{i:04d}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            model = normalise(binary, path)
            by_stem[f"{i:04d}"] = (model, expected)
            pairs.append((model, expected))
        s = score(pairs)
        report(f"generated (seed {seed})", s)
        repeats, dead = leftovers(binary, folder, by_stem)
        print(f"  repeats left {repeats}, dead-link sentences in digests and EPUBs {dead}")
        failures += misses("generated", s, repeats, dead)
    finally:
        shutil.rmtree(folder)
    fixtures = os.path.join(ROOT, "tests", "fixtures", "listings")
    pairs = []
    by_stem = {}
    for path in sorted(glob.glob(os.path.join(fixtures, "*.txt"))):
        expected = json.load(open(path[:-4] + ".json", encoding="utf-8"))
        model = normalise(binary, path)
        by_stem[os.path.basename(path)[:-4]] = (model, expected)
        pairs.append((model, expected))
    if pairs:
        s = score(pairs)
        report("layout fixtures", s)
        repeats, dead = leftovers(binary, fixtures, by_stem)
        print(f"  repeats left {repeats}, dead-link sentences in digests and EPUBs {dead}")
        failures += misses("fixtures", s, repeats, dead)
    return failures


def speed(binary, megabytes):
    folder = tempfile.mkdtemp(prefix="imprint-speed-")
    try:
        papers = int(megabytes * 1e6 / 1760)
        author, series, entries = gc.make_file("42", 0, papers, 1.0)
        text = gc.to_txt(author, series, entries).encode("utf-8")
        path = os.path.join(folder, "big.txt")
        with open(path, "wb") as f:
            f.write(text)
        pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
        best = cpu = None
        for _ in range(3):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            out = subprocess.run(pin + [binary, "normalise", path], stdout=subprocess.DEVNULL)
            seconds = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if out.returncode != 0:
                sys.exit("imprint normalise failed")
            used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            best = seconds if best is None else min(best, seconds)
            cpu = used if cpu is None else min(cpu, used)
        mb = len(text) / 1e6
        # CPU time is what one core spends; wall time also counts waiting
        # for a core on a busy machine.
        print(f"normalise {mb:.1f} MB ({len(entries)} entries) on one core: "
              f"{mb / cpu:.1f} MB/s by CPU time ({cpu:.2f} s), "
              f"{mb / best:.1f} MB/s by wall time ({best:.2f} s), best of 3")
    finally:
        shutil.rmtree(folder)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--seed", default="10")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "imprint"))
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--megabytes", type=float, default=7.0)
    ap.add_argument("--no-build", action="store_true", help="use --bin as it is")
    ap.add_argument("--check", action="store_true", help="exit 1 when below the issue's targets")
    a = ap.parse_args()
    if not a.no_build and a.bin == os.path.join(ROOT, "target", "release", "imprint"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if a.speed:
        speed(a.bin, a.megabytes)
    else:
        failures = accuracy(a.bin, a.files, a.seed)
        for failure in failures:
            print(failure, file=sys.stderr)
        if a.check and failures:
            return 1


if __name__ == "__main__":
    sys.exit(main())
