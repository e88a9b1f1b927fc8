#!/bin/sh
# `imprint watch` benchmark: how soon after a save a rebuild starts, and how
# long it takes, over EDITS edits of one source among SOURCES (all three
# formats, release build). imprint measures the delay itself: from the
# saved file's modification time to the start of the rebuild.
# Usage: tests/bench/watch.sh [EDITS] [SOURCES]
set -eu
cd "$(dirname "$0")/../.."
edits=${1:-20}
sources=${2:-20}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

cargo build --release --quiet
bin=$PWD/target/release/imprint
mkdir -p "$work/sources"
i=1
while [ "$i" -le "$sources" ]; do
    printf -- '---\ntitle: Notes %s\n---\n\n# Harbour Survey %s\n\nBoats were counted in the harbour.\n\n*Paper*\n' \
        "$i" "$i" >"$work/sources/notes-$i.md"
    i=$((i + 1))
done

cd "$work"
SOURCE_DATE_EPOCH=1700000000 "$bin" watch sources >/dev/null 2>"$work/watch.log" &
pid=$!

wait_for() { # pattern count
    n=0
    while [ "$(grep -c "$1" "$work/watch.log" || true)" -lt "$2" ]; do
        n=$((n + 1))
        if [ "$n" -gt 200 ]; then echo "timed out waiting for: $1" >&2; cat "$work/watch.log" >&2; exit 1; fi
        sleep 0.05
    done
}
wait_for "watching" 1
i=1
while [ "$i" -le "$edits" ]; do
    printf '\nEdit %s: one more boat.\n' "$i" >>"$work/sources/notes-1.md"
    wait_for "rebuilt" "$i"
    sleep 0.3
    i=$((i + 1))
done
kill -INT "$pid"
status=0
wait "$pid" || status=$?
pid=

delays=$(sed -n 's/.*started \([0-9]*\) ms after the save.*/\1/p' "$work/watch.log" | sort -n)
takes=$(sed -n 's/.*took \([0-9.]*\) s.*/\1/p' "$work/watch.log" | sort -n)
count=$(echo "$delays" | wc -l)
pick() { echo "$1" | sed -n "$2p"; }
echo "watch: $edits edits of 1 source among $sources (txt, pdf, epub), release build, load average $(cut -d' ' -f1 /proc/loadavg)"
echo "save -> rebuild starts: min $(pick "$delays" 1) ms, median $(pick "$delays" $(((count + 1) / 2))) ms, max $(pick "$delays" "$count") ms"
echo "rebuild takes:          min $(pick "$takes" 1) s, median $(pick "$takes" $(((count + 1) / 2))) s, max $(pick "$takes" "$count") s"
echo "Ctrl-C exit status: $status"
