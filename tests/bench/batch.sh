#!/usr/bin/env bash
# Batch benchmark: wall and CPU time, peak RSS, outputs/s and pages/s for imprint on
# generated corpora, per format set and thread count; a warm incremental
# rebuild; and pandoc on the same corpus when it is installed.
#
#   tests/bench/batch.sh                 # corpora 1x3, 100x5, 1000x5
#   SIZES="100x5" FORMATS="txt pdf" tests/bench/batch.sh   # a subset
#   IMPRINT=/tmp/imprint-old SIZES="1000x5" tests/bench/batch.sh   # another build
set -euo pipefail
cd "$(dirname "$0")/../.."

SIZES=${SIZES:-"1x3 100x5 1000x5"}
FORMATS=${FORMATS:-"txt,pdf,epub txt pdf epub"}
CORES=$(nproc)
# The corpora and outputs go under $TMPDIR (default /tmp): TMPDIR=/dev/shm keeps
# the file system's own costs out of the figures.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/imprint-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# IMPRINT=/path/to/imprint measures another build (nothing is built then).
if [ -n "${IMPRINT:-}" ]; then
  BIN=$IMPRINT
else
  cargo build --release --quiet
  BIN=$PWD/target/release/imprint
fi

# run LABEL CMD...: prints wall seconds, peak RSS and CPU seconds (user and
# system) of one command. On a shared machine the CPU time is the steadier
# figure for comparing builds.
run() {
  local label=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/time" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || {
    echo "$label: failed"; cat "$WORK/stderr"; return 1; }
  read -r secs kb user sys <"$WORK/time"
  echo "$secs $kb $(echo "$user + $sys" | bc)"
}

# Wall times mean little when other work shares the cores: say how loaded they were.
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $CORES cores"
printf '%-8s %-14s %-5s %8s %8s %8s %10s %10s\n' corpus formats jobs wall_s cpu_s rss_MB outputs/s pages/s
for size in $SIZES; do
  files=${size%x*}; papers=${size#*x}
  corpus=$WORK/corpus-$size
  python3 tests/bench/gen_corpus.py -n "$files" -p "$papers" -o "$corpus" >/dev/null
  for formats in $FORMATS; do
    for jobs in 1 "$CORES"; do
      out=$WORK/out-$size-$formats-$jobs
      read -r secs kb cpu < <(run "$size $formats" "$BIN" build "$corpus/txt" --format "$formats" \
        --jobs "$jobs" --force --out "$out" --report json)
      outputs=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; print(t["written"], t["pages"])' "$WORK/stdout")
      read -r written pages <<<"$outputs"
      awk -v s="$size" -v f="$formats" -v j="$jobs" -v t="$secs" -v c="$cpu" -v k="$kb" -v w="$written" -v p="$pages" \
        'BEGIN { t = (t < 0.01 ? 0.01 : t); printf "%-8s %-14s %-5s %8.2f %8.2f %8.1f %10.0f %10.0f\n", s, f, j, t, c, k/1024, w/t, p/t }'
    done
  done
  out=$WORK/out-$size-${FORMATS%% *}-$CORES
  read -r secs kb cpu < <(run "warm" "$BIN" build "$corpus/txt" --format "${FORMATS%% *}" --out "$out")
  printf '%-8s %-14s %-5s %8.2f %8.2f %8.1f   (warm rebuild, nothing changed)\n' "$size" "${FORMATS%% *}" "$CORES" "$secs" "$cpu" "$(awk -v k="$kb" 'BEGIN{print k/1024}')"

  # pandoc on the same content (its md/ folder), one call per file and
  # format as a script would: EPUB and plain text, and the PDF through Typst
  # when a `typst` command is on PATH (../shared/bench/typst_wrapper.py).
  if command -v pandoc >/dev/null && [[ " ${PANDOC_SIZES:-1x3 100x5} " == *" $size "* ]]; then
    compare=txt,epub
    command -v typst >/dev/null && compare=txt,pdf,epub
    # imprint's fraction of a second varies by a fifth from run to run, far
    # more than pandoc's half minute: its median of five runs is compared.
    imprint_runs=()
    for _ in 1 2 3 4 5; do
      read -r secs _ _ < <(run "imprint md" "$BIN" build "$corpus/md" --format "$compare" --force --out "$WORK/md-out")
      imprint_runs+=("$secs")
    done
    imprint_secs=$(printf '%s\n' "${imprint_runs[@]}" | sort -n | sed -n 3p)
    start=$(date +%s.%N)
    for md in "$corpus"/md/*.md; do
      pandoc "$md" -o "$WORK/p.epub" && pandoc "$md" -t plain -o "$WORK/p.txt"
      if [ "$compare" = txt,pdf,epub ]; then
        pandoc "$md" --pdf-engine=typst -o "$WORK/p.pdf"
      fi
    done
    end=$(date +%s.%N)
    awk -v s="$size" -v f="$compare" -v p="$(echo "$end - $start" | bc)" -v i="$imprint_secs" \
      'BEGIN { i = (i < 0.01 ? 0.01 : i); printf "%-8s pandoc %s %.2f s, imprint md/ %s %.2f s (median of 5): imprint %.0fx faster\n", s, f, p, f, i, p/i }'
  fi
done
