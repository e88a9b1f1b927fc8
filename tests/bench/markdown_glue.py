#!/usr/bin/env python3
"""Glue repaired in real Markdown as it is written: wrapped paragraphs,
code blocks, lists and links around the prose.

    cargo build --release
    python3 tests/bench/markdown_glue.py [--bin BIN] [--seed S] [--show]

Takes the crates' READMEs as Markdown (`prose.py crates-md`, read at bench
time, never committed), glues about one gap in thirty between two words of
letters on prose lines (not in code blocks, tables, HTML or lines with code
spans or links), and counts the glued tokens that `imprint check --json`
splits back exactly. Gaps at the start of a wrapped line and inside one are
counted apart: the first word of a line is where a reader that keeps the
parser's pieces apart misses glue.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(BENCH))
WORD = re.compile(r"[A-Za-z]+$")


def prose_line(line):
    stripped = line.strip()
    return (stripped
            and not stripped.startswith(("#", "|", "<", ">", "[", "!", "```", "~~~"))
            and not line.startswith(("    ", "\t"))
            and not any(mark in line for mark in ("`", "](", "http", "<", "|")))


def damage(text, rng):
    """-> damaged text, [(glued token, words, at line start)]"""
    out, glued, fenced, html = [], [], False, False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        # (Raw HTML runs to a blank line; the repairs leave it alone.)
        html = line.strip() != "" and (html or line.lstrip().startswith("<"))
        if fenced or html or not prose_line(line):
            out.append(line)
            continue
        words = line.split(" ")
        for i in range(len(words) - 1):
            left, right = words[i], words[i + 1]
            # (No run of three words glued.)
            after_glue = i > 0 and words[i - 1] == ""
            if not after_glue and WORD.match(left) and WORD.match(right) and rng.random() < 1 / 30:
                words[i + 1] = left + right
                words[i] = ""  # (then skipped, and no glue follows it)
                glued.append((left + right, f"{left} {right}", i == 0 and out and out[-1].strip() != ""))
        out.append(" ".join(w for w in words if w))
    return "\n".join(out), glued


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, "target/release/imprint"))
    parser.add_argument("--seed", default="7")
    parser.add_argument("--show", action="store_true")
    a = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        clean = os.path.join(work, "clean")
        subprocess.run([sys.executable, os.path.join(BENCH, "prose.py"), "crates-md", clean], check=True)
        damaged = os.path.join(work, "damaged")
        os.mkdir(damaged)
        counts = {True: [0, 0], False: [0, 0]}
        missed = []
        for name in sorted(os.listdir(clean)):
            rng = random.Random(f"{a.seed}:{name}")
            with open(os.path.join(clean, name), encoding="utf-8") as f:
                text, glued = damage(f.read(), rng)
            if not glued:
                continue
            path = os.path.join(damaged, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            log = subprocess.run([a.bin, "check", "--json", path], capture_output=True, text=True)
            if log.returncode not in (0, 1):
                continue
            repairs = {}
            for r in json.loads(log.stdout)["repairs"]:
                if r["kind"] == "glued-words":
                    key = (r["before"].strip(".,;:"), r["after"].strip(".,;:"))
                    repairs[key] = repairs.get(key, 0) + 1
            for token, words, line_start in glued:
                counts[line_start][1] += 1
                if repairs.get((token, words), 0) > 0:
                    repairs[(token, words)] -= 1
                    counts[line_start][0] += 1
                else:
                    missed.append(f"{name}: {words} -> {token}")
    for line_start, label in ((True, "at a wrapped line's start"), (False, "inside a line")):
        done, total = counts[line_start]
        print(f"glue {label}: {done} of {total} repaired = {done / max(total, 1):.3f}")
    done = counts[True][0] + counts[False][0]
    total = counts[True][1] + counts[False][1]
    print(f"glue in all: {done} of {total} = {done / max(total, 1):.3f}")
    if a.show:
        for line in missed:
            print("   ", line)


if __name__ == "__main__":
    main()
