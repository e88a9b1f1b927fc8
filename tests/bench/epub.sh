#!/bin/sh
# EPUB benchmark: 1000 generated sources x 5 papers, built in release.
# Prints the wall time and the peak resident memory of the build.
# Usage: tests/bench/epub.sh [FILES] [PAPERS]
set -eu
cd "$(dirname "$0")/../.."
files=${1:-1000}
papers=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 tests/bench/gen_corpus.py -n "$files" -p "$papers" -o "$work/corpus" >/dev/null
cargo build --release --quiet

SOURCE_DATE_EPOCH=1700000000 /usr/bin/time -v target/release/imprint build --quiet \
    --format epub --out "$work/out" "$work/corpus/txt" 2>"$work/time.txt"

books=$(find "$work/out" -name '*.epub' | wc -l)
size=$(du -sh "$work/out" | cut -f1)
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
user=$(sed -n 's/.*User time (seconds): //p' "$work/time.txt")
system=$(sed -n 's/.*System time (seconds): //p' "$work/time.txt")
echo "epub: $files sources x $papers papers -> $books books ($size)"
echo "wall time: $wall (CPU: user $user s, system $system s; load average $(cut -d' ' -f1 /proc/loadavg))"
echo "peak RSS:  $((rss / 1024)) MB"
