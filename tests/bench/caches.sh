#!/bin/sh
# Cache memory benchmark: one `imprint build --format pdf` process over ever
# larger batches of unusual sources (every token a new made-up word, 8 to
# 60 letters long), printing peak RSS per batch size. With the shape and
# hyphenation caches bounded by bytes the figure levels off; an unbounded
# (or entry-counted) cache keeps growing with the number of new words.
#
#   sh tests/bench/caches.sh                      (from the project root)
#   IMPRINT=/path/to/imprint sh tests/bench/caches.sh   (another build)
#   SIZES="100 400" sh tests/bench/caches.sh
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
sizes=${SIZES:-"100 200 400 800 1600"}

# Writes N Markdown sources of made-up words into DIR (seeded: the same
# files every run; file i is the same in every batch).
generate() {
    python3 - "$1" "$2" <<'PY'
import random, sys
n, out = int(sys.argv[1]), sys.argv[2]
letters = "abcdefghijklmnopqrstuvwxyz"
for i in range(n):
    rng = random.Random(f"cache-bench-{i}")
    def word():
        return "".join(rng.choice(letters) for _ in range(rng.randint(8, 60)))
    paragraphs = [" ".join(word() for _ in range(60)) for _ in range(6)]
    with open(f"{out}/{i:05d}.md", "w") as f:
        f.write(f"---\ntitle: Source {i}\n---\n\n# {word()} {word()}\n\n")
        f.write("\n\n".join(paragraphs) + "\n")
PY
}

printf '%8s %14s %10s %12s\n' sources distinct_words wall_s peak_rss_MB
for n in $sizes; do
    dir="$work/src-$n"
    mkdir -p "$dir"
    generate "$n" "$dir"
    command time -f "%e %M" -o "$work/time" "$bin" build --quiet --force --format pdf \
        --out "$work/out" "$dir"
    read -r secs kb <"$work/time"
    awk -v n="$n" -v s="$secs" -v k="$kb" \
        'BEGIN { printf "%8d %14d %10.2f %12.1f\n", n, n * 362, s, k / 1024 }'
    rm -rf "$work/out" "$dir"
done
