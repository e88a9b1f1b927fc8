#!/usr/bin/env bash
# A short fuzz run for CI: each target for FUZZ_SECONDS (default 12 s; nine
# targets, about 110 s in all once built), starting from the committed
# seed corpus. New inputs go to a scratch folder, so the corpus in git stays
# small; a crash, a leak or a slow input is saved under
# tests/fuzz/artifacts/<target>/ and fails the run.
#
# A longer hunt: FUZZ_SECONDS=600 tests/fuzz/run.sh read_md
# FUZZ_TIMEOUT is the seconds one input may take (default 10).
# FUZZ_BUILD_FLAGS adds cargo-fuzz build options: CI uses "--dev --sanitizer
# none", which builds in a few minutes (Rust code needs no AddressSanitizer
# to report a panic, a hang or runaway memory; a long hunt may want it).
# The first build compiles every dependency with nightly and the fuzzing
# instrumentation (about 40 minutes on two busy cores); later runs reuse
# tests/fuzz/target.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --locked
fi
fuzz=(cargo +nightly fuzz)
seconds=${FUZZ_SECONDS:-12}
if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <("${fuzz[@]}" list --fuzz-dir tests/fuzz)
fi

read -r -a build_flags <<<"${FUZZ_BUILD_FLAGS:-}"
"${fuzz[@]}" build --fuzz-dir tests/fuzz "${build_flags[@]}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in "${targets[@]}"; do
  mkdir -p "$scratch/$target"
  echo "fuzz: $target for ${seconds} s"
  status=0
  "${fuzz[@]}" run --fuzz-dir tests/fuzz "${build_flags[@]}" "$target" "$scratch/$target" "tests/fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
    >"$scratch/$target.log" 2>&1 || status=$?
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|fuzz: )' "$scratch/$target.log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$scratch/$target.log" >&2
    echo "fuzz: $target found a failing input (saved in tests/fuzz/artifacts/$target/)" >&2
    exit 1
  fi
done
