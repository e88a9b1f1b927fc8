#!/bin/sh
# One long listing (1000, 4000 and 20,000 papers: the last is 35 MB) built
# to each format separately by the release binary: wall and CPU time,
# pages per second (PDF) and peak RSS, the median of RUNS runs (by wall
# time). Time per paper should stay flat as the listing grows.
#
#   sh tests/bench/large.sh                (from the project root)
#   PAPERS="1000 4000" RUNS=1 FORMATS=pdf sh tests/bench/large.sh
#   IMPRINT=/path/to/imprint sh tests/bench/large.sh   (another build)
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
papers=${PAPERS:-"1000 4000 20000"}
formats=${FORMATS:-"txt epub pdf"}
runs=${RUNS:-3}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, median of $runs run(s)"
printf '%7s %6s %8s %8s %8s %9s %13s %9s\n' papers format wall_s cpu_s pages pages/s cpu_ms/paper rss_MB
for n in $papers; do
    python3 tests/bench/gen_corpus.py -n 1 -p "$n" -o "$work/l$n" >/dev/null
    source=$(ls "$work/l$n/txt/"*.txt)
    for format in $formats; do
        : >"$work/runs"
        i=0
        while [ "$i" -lt "$runs" ]; do
            /usr/bin/time -v "$bin" build --quiet --force --format "$format" \
                --out "$work/out" "$source" 2>"$work/time"
            awk -F': ' '
                /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
                /User time|System time/ { c += $2 }
                /Maximum resident set size/ { r = $2 }
                END { printf "%.2f %.2f %d\n", w, c, r }' "$work/time" >>"$work/runs"
            i=$((i + 1))
        done
        pages=0
        if [ "$format" = pdf ]; then
            pages=$(pdfinfo "$work/out/"*.pdf | sed -n 's/^Pages: *//p')
        fi
        sort -n "$work/runs" | sed -n "$(( (runs + 1) / 2 ))p" | awk -v n="$n" -v f="$format" -v p="$pages" '{
            printf "%7d %6s %8.2f %8.2f %8s %9s %13.2f %9.0f\n", n, f, $1, $2,
                (p > 0 ? p : "-"), (p > 0 ? sprintf("%.0f", p / $1) : "-"), 1000 * $2 / n, $3 / 1024 }'
        rm -rf "$work/out"
    done
    rm -rf "$work/l$n"
done
