#!/usr/bin/env bash
# Validates every SARIF report the suite can produce with Microsoft's SARIF multitool: the scan
# fixture (plain, with waivers and a baseline) and every bundled sample. Any error fails.
# Usage: validate_sarif.sh LETHE_BINARY SOURCE_DIR
set -euo pipefail
lethe=$1
source=$2
multitool=$source/build/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
[ -x "$multitool" ] || { echo "missing $multitool: run scripts/setup --test" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$source"

scan() {  # scan NAME ARGS...: writes $work/NAME.sarif
  local name=$1
  shift
  local status=0
  "$lethe" scan "$@" --as-of 2026-11-01 --format sarif --output "$work/$name.sarif" || status=$?
  [ "$status" -le 3 ] && [ "$status" -ne 2 ] || { echo "lethe scan failed for $name ($status)" >&2; exit 1; }
}

fixture=(tests/fixtures/scan/export --rules tests/fixtures/scan/rules)
scan fixture "${fixture[@]}"
scan fixture-absolute "$source/tests/fixtures/scan/export" --rules tests/fixtures/scan/rules
cat >"$work/waivers.yaml" <<'YAML'
waivers:
  - {rule: t.inactive-child-profile, key: P1, reason: "Hold <pending>", approved_by: dpo, expires: 2027-01-01}
YAML
"$lethe" scan "${fixture[@]}" --as-of 2026-11-01 --select 't.inactive-*' --format json --output "$work/old.json" || true
scan fixture-waived-baseline "${fixture[@]}" --waivers "$work/waivers.yaml" --baseline "$work/old.json"
for sample in samples/*/; do
  scan "sample-$(basename "$sample")" "${sample%/}"
done

failed=0
for report in "$work"/*.sarif; do
  output=$("$multitool" validate "$report" 2>&1 || true)
  if grep -q ': error ' <<<"$output" || ! grep -q 'Analysis completed successfully' <<<"$output"; then
    echo "INVALID $(basename "$report")"
    echo "$output"
    failed=1
  else
    echo "valid   $(basename "$report") ($(grep -c ': warning ' <<<"$output" || true) warnings)"
  fi
done
exit $failed
