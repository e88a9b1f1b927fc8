#!/bin/sh
# PDF brief benchmark: the sample, one ~300-page document, and the generated
# corpus (1000 sources x 5 papers), each built with `--format pdf` by the
# release binary (the corpus with all cores, one and two threads). Prints
# wall and CPU time, peak RSS and pages per second.
#
#   sh tests/bench/pdf.sh            (from the project root)
#   IMPRINT=/path/to/imprint sh tests/bench/pdf.sh   (another build, e.g. an older one)
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ -n "${IMPRINT:-}" ]; then
    bin=$IMPRINT
else
    cargo build --release --quiet
    bin="$root/target/release/imprint"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000

python3 tests/bench/gen_corpus.py -n 1 -p 330 -o "$work/long" >/dev/null
python3 tests/bench/gen_corpus.py -n 1000 -p 5 -o "$work/corpus" >/dev/null

# Runs `imprint build` on the given sources; prints wall and CPU seconds
# (CPU time is the steadier figure on a shared machine), pages per second
# and peak RSS.
measure() {
    name=$1
    shift
    out="$work/out-$name"
    mkdir -p "$out"
    start=$(date +%s.%N)
    if /usr/bin/time -v true >/dev/null 2>&1; then
        /usr/bin/time -v "$bin" build --quiet --format pdf --out "$out" "$@" 2>"$work/time-$name"
        end=$(date +%s.%N)
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time-$name")
        cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time-$name")
    else
        command time -f "%M %U %S" -o "$work/time-$name" "$bin" build --quiet --format pdf --out "$out" "$@"
        end=$(date +%s.%N)
        rss=$(awk '{ print $1 }' "$work/time-$name")
        cpu=$(awk '{ print $2 + $3 }' "$work/time-$name")
    fi
    pages=0
    for pdf in "$out"/*.pdf; do
        n=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
        pages=$((pages + ${n:-0}))
    done
    files=$(ls "$out"/*.pdf | wc -l)
    kb=$(du -sk "$out" | cut -f1)
    awk -v name="$name" -v s="$start" -v e="$end" -v p="$pages" -v f="$files" -v rss="$rss" -v cpu="$cpu" -v kb="$kb" 'BEGIN {
        t = e - s
        printf "%-7s %5d files %6d pages  wall %6.2f s (%5.0f pages/s)  CPU %6.2f s (%5.0f pages/CPU-s)  peak RSS %5.1f MB  output %5.1f MB\n",
            name, f, p, t, (t > 0 ? p / t : 0), cpu, (cpu > 0 ? p / cpu : 0), rss / 1024, kb / 1024
    }'
}

measure sample sources/000_8901f2c4af71a182.txt
measure long "$work"/long/txt/*.txt
measure corpus "$work"/corpus/txt
measure jobs-1 --jobs 1 "$work"/corpus/txt
measure jobs-2 --jobs 2 "$work"/corpus/txt
