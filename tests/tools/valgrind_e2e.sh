#!/usr/bin/env bash
# Runs the end-to-end commands on one bundled sample (samples/ring-doorbell) under Valgrind's
# memcheck with a build that has no sanitizers: every report format, a kept store and its
# re-scan, inspect, verify, rules explain, the custom pack's rule tests and two hostile inputs.
# Each must end with its documented exit code, with no memory error and no leak (memcheck exits
# 99 then).
# Usage: valgrind_e2e.sh LETHE_BINARY SOURCE_DIR
set -euo pipefail
lethe=$1
source=$2
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is missing (scripts/setup --test)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample=$source/samples/ring-doorbell
memcheck=(valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
  --errors-for-leak-kinds=definite,indirect --track-fds=no
  --suppressions="$source/tests/tools/valgrind.supp")

failures=0
runs=0
# run EXPECTED_EXIT ARGS...: lethe ARGS under memcheck, from the source folder.
run() {
  local expected=$1
  shift
  local rc=0
  runs=$((runs + 1))
  (cd "$source" && "${memcheck[@]}" "$lethe" "$@") >"$work/out" 2>"$work/err" || rc=$?
  if [ "$rc" -eq "$expected" ]; then
    echo "ok    exit $rc  lethe $*"
  else
    echo "FAIL  exit $rc (expected $expected)  lethe $*" >&2
    cat "$work/err" >&2
    failures=$((failures + 1))
  fi
}

scan=(scan "$sample" --as-of 2026-11-01 --no-progress)
# Every report format from one scan (a run under memcheck costs seconds).
reports=()
for format in json sarif junit markdown html csv github; do
  reports+=(--report "$format=$work/report.$format")
done
run 1 "${scan[@]}" --format text --output "$work/report.text" "${reports[@]}"
run 1 "${scan[@]}" --store "$work/store.db" --output /dev/null
run 1 "${scan[@]}" --store "$work/store.db" --output /dev/null
run 0 verify "$work/report.json" "$sample"
run 0 inspect "$sample"
# (rules explain loads every rule file, as rules validate and list do.)
run 0 rules explain amazon.voice-recording-after-deletion-request --as-of 2026-11-01
# The custom pack's tests: a pack schema, fixture exports, RE2 patterns, count and between, in
# 12 cases (the bundled pack's hundred cases would cost a minute here).
run 0 test samples/custom-pack/rules
# Two hostile inputs: a damaged SQLite file and a CSV file cut inside a quoted field.
for hostile in sqlite-corrupt csv-truncated-quoted-field; do
  cp -r "$source/tests/hostile/$hostile/export" "$work/$hostile"
  run 3 scan "$work/$hostile" --as-of 2026-11-01 --no-progress --select ring.account-without-mfa
done
echo "valgrind: $runs runs, $failures failed"
[ "$failures" -eq 0 ]
