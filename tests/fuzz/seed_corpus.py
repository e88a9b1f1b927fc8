#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (tests/fuzz/corpus/<target>/) from the
sample, the fixtures (the repairs' glue cases among them) and two models
printed by `imprint normalise`.
Run from the repository root after changing the fixtures:
    cargo run -q -- normalise sources/*.txt > /tmp/sample.json
    cargo run -q -- normalise tests/fixtures/handbook.md > /tmp/handbook.json
    python3 tests/fuzz/seed_corpus.py /tmp/sample.json /tmp/handbook.json
"""
import glob
import hashlib
import os
import sys

FORMATS = {".txt": 0, ".md": 1, ".json": 2}  # the targets' selector byte

sources = sorted(glob.glob("sources/*.txt")) + sorted(glob.glob("tests/fixtures/*.md"))
sources += sorted(glob.glob("tests/fixtures/markdown/*.md")) + sorted(glob.glob("tests/fixtures/pdf/*.md"))
sources += sorted(glob.glob("tests/fixtures/hostile/*")) + sorted(glob.glob("tests/fixtures/normalise/*"))
sources += sys.argv[1:]
seeds = [(os.path.splitext(p)[1], open(p, "rb").read()) for p in sources]


def write(target, items):
    # Seeds are only added, never removed: some were put in by hand (a
    # model with every construct, inputs a fuzzer found).
    folder = os.path.join("tests/fuzz/corpus", target)
    os.makedirs(folder, exist_ok=True)
    for data in items:
        name = hashlib.sha1(data).hexdigest()
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


for ext, target in [(".txt", "read_txt"), (".md", "read_md"), (".json", "read_json")]:
    write(target, [data for e, data in seeds if e == ext])
selected = [bytes([FORMATS[e]]) + data for e, data in seeds]
for target in ["normalise", "render_pdf", "render_epub"]:
    write(target, selected)
# render_txt: a width byte first (20 + byte % 64 columns), then the selector.
write("render_txt", [bytes([w]) + data for data in selected for w in (0, 52)])
# svg: the drawings of tests/fixtures/svg, hostile ones included.
write("svg", [open(p, "rb").read() for p in sorted(glob.glob("tests/fixtures/svg/*.svg"))])
# unhinted: three small hinted font subsets, committed as they are (this
# script leaves that folder alone).
