#!/usr/bin/env bash
# Validates every SARIF report the suite can produce with Microsoft's SARIF multitool: the scan
# fixture (plain, with waivers and a baseline), every bundled sample, and a big audit whose
# results are capped. Any error fails.
# Usage: validate_sarif.sh LETHE_BINARY SOURCE_DIR [MULTITOOL]
# The multitool is MULTITOOL when given (CMake passes LETHE_SARIF_MULTITOOL), else
# $SARIF_MULTITOOL, else the first found of: build/tools below the source tree (where
# scripts/setup --test installs it), tools/ in or beside the build folder of LETHE_BINARY, and
# Sarif.Multitool or sarif on the PATH.
set -euo pipefail
lethe=$1
source=$2
multitool=${3:-${SARIF_MULTITOOL:-}}
if [ -n "$multitool" ]; then
  [ -x "$multitool" ] || { echo "the SARIF multitool $multitool is not an executable file" >&2; exit 1; }
else
  package=node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
  build=$(cd "$(dirname "$lethe")" 2>/dev/null && pwd || dirname "$lethe")
  candidates=("$source/build/tools/$package" "$build/tools/$package" "$(dirname "$build")/tools/$package")
  for candidate in "${candidates[@]}"; do
    if [ -x "$candidate" ]; then
      multitool=$candidate
      break
    fi
  done
  if [ -z "$multitool" ]; then
    multitool=$(command -v Sarif.Multitool || command -v sarif || true)
  fi
  if [ -z "$multitool" ]; then
    {
      echo "the SARIF multitool was not found; looked for:"
      printf '  %s\n' "${candidates[@]}" "Sarif.Multitool or sarif on the PATH"
      echo "install it with scripts/setup --test, or name it with SARIF_MULTITOOL=... (or cmake -DLETHE_SARIF_MULTITOOL=...)"
    } >&2
    exit 1
  fi
fi
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
  # A delivered sample is a zip audited with the auditor's manifest beside it.
  if [ -f "$sample/auditor-manifest.yaml" ]; then
    scan "sample-$(basename "$sample")" "$sample"*.zip --manifest "$sample/auditor-manifest.yaml"
  elif [ -d "$sample/rules" ]; then
    # A rule pack with its export: audited with its own rules and schema.
    scan "sample-$(basename "$sample")" "${sample}export" --rules "${sample}rules"
  else
    scan "sample-$(basename "$sample")" "${sample%/}"
  fi
done

# A big audit: 30,100 findings, more than the 25,000 results GitHub code scanning accepts in a
# run. The default cap keeps the 5,000 most severe (the 100 critical ones first), counts the
# rest, and keeps the file far under GitHub's 10 MB gzipped limit.
mkdir -p "$work/big"
awk 'BEGIN { print "account_id,created_at,closed_at,account_type,mfa_enabled";
             for (i = 0; i < 30000; i++) printf "A%05d,2020-01-01T00:00:00Z,,customer,false\n", i }' \
  >"$work/big/accounts.csv"
awk 'BEGIN { print "video_id,account_id,device_id,captured_at";
             for (i = 0; i < 100; i++) printf "V%03d,A%05d,D1,2017-06-01T00:00:00Z\n", i, i }' \
  >"$work/big/videos.csv"
scan big "$work/big" --report "json=$work/big.json"
python3 - "$work/big.sarif" <<'PY' || { echo "big.sarif: not capped as expected" >&2; exit 1; }
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
results = run["results"]
ok = (len(results) == 5000
      and [r["ruleId"] for r in results[:100]] == ["ring.pre-2018-video"] * 100
      and run["properties"]["results_omitted"] == 25100
      and any(n["message"]["text"].startswith("25100 of 30100 findings are not in this file")
              for n in run["invocations"][0]["toolExecutionNotifications"]))
sys.exit(0 if ok else 1)
PY
size=$(gzip -c "$work/big.sarif" | wc -c)
[ "$size" -lt 10000000 ] || { echo "big.sarif: $size bytes gzipped, over GitHub's 10 MB" >&2; exit 1; }
echo "big.sarif: 5000 of 30100 results, $size bytes gzipped"

# One run of the multitool for every report (each start of it costs seconds); its messages name
# the file they are about.
reports=("$work"/*.sarif)
output=$("$multitool" validate "${reports[@]}" 2>&1 || true)
failed=0
if ! grep -q 'Analysis completed successfully' <<<"$output" ||
  ! grep -q "Done. ${#reports[@]} files scanned" <<<"$output"; then
  echo "the multitool did not finish validating ${#reports[@]} reports:"
  echo "$output"
  failed=1
fi
for report in "${reports[@]}"; do
  messages=$(grep -F "$report(" <<<"$output" || true)
  if grep -q ': error ' <<<"$messages"; then
    echo "INVALID $(basename "$report")"
    echo "$messages"
    failed=1
  else
    echo "valid   $(basename "$report") ($(grep -c ': warning ' <<<"$messages" || true) warnings)"
  fi
done
exit $failed
