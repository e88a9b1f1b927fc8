#!/bin/sh
# PDF brief benchmark: the sample, one ~300-page document, and the generated
# corpus (1000 sources x 5 papers), each built with `--format pdf` by the
# release binary. Prints wall time, peak RSS and pages per second.
#
#   sh tests/bench/pdf.sh            (from the project root)
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cargo build --release --quiet
bin="$root/target/release/imprint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000

python3 tests/bench/gen_corpus.py -n 1 -p 330 -o "$work/long" >/dev/null
python3 tests/bench/gen_corpus.py -n 1000 -p 5 -o "$work/corpus" >/dev/null

# Runs `imprint build` on the given sources; prints seconds, peak KB.
measure() {
    name=$1
    shift
    out="$work/out-$name"
    mkdir -p "$out"
    if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
        /usr/bin/time -v "$bin" build --quiet --format pdf --out "$out" "$@" 2>"$work/time-$name"
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time-$name")
    else
        start=$(date +%s.%N)
        command time -f %M -o "$work/time-$name" "$bin" build --quiet --format pdf --out "$out" "$@"
        rss=$(tail -n 1 "$work/time-$name")
    fi
    # Wall time from a second, untimed-by-time(1) run for a clean figure.
    start=$(date +%s.%N)
    "$bin" build --quiet --format pdf --out "$out" "$@"
    end=$(date +%s.%N)
    pages=0
    for pdf in "$out"/*.pdf; do
        n=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
        pages=$((pages + ${n:-0}))
    done
    files=$(ls "$out"/*.pdf | wc -l)
    bytes=$(du -sk "$out" | cut -f1)
    awk -v name="$name" -v s="$start" -v e="$end" -v p="$pages" -v f="$files" -v rss="$rss" -v kb="$bytes" 'BEGIN {
        t = e - s
        printf "%-8s %5d files %6d pages  %7.3f s  %8.0f pages/s  peak RSS %6.1f MB  output %.1f MB\n",
            name, f, p, t, (t > 0 ? p / t : 0), rss / 1024, kb / 1024
    }'
}

measure sample sources/000_8901f2c4af71a182.txt
measure long "$work"/long/txt/*.txt
measure corpus "$work"/corpus/txt
