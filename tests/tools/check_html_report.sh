#!/usr/bin/env bash
# Checks the HTML report in a real browser: renders the scan fixture's report with headless
# Chromium, inspects the DOM after the inline script ran (verdict, finding rows, escaping, filter
# controls, digests, the URL-hash filter) and takes a screenshot.
# Usage: check_html_report.sh LETHE_BINARY SOURCE_DIR
set -euo pipefail
lethe=$1
source=$2
chromium=/usr/bin/chromium
[ -x "$chromium" ] || { echo "missing $chromium: apt-get install -y chromium" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report=$work/report.html
fixture=$source/tests/fixtures/scan

source "$source/tests/tools/check.sh"

status=0
"$lethe" scan "$fixture/export" --rules "$fixture/rules" --as-of 2026-11-01 --reveal-pii \
  --report "html=$report" >/dev/null || status=$?
# The fixture has a rule that ends in error on purpose: the run is incomplete.
[ "$status" -eq 3 ] || { echo "FAIL  lethe scan exited $status, expected 3" >&2; exit 1; }
[ -s "$report" ] || { echo "FAIL  lethe scan wrote no $report" >&2; exit 1; }
echo "ok    lethe scan exited 3 and wrote $(wc -c <"$report") bytes of HTML"

browse() {  # browse ARGS...: headless Chromium with a fresh profile and no network chatter
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>"$work/chromium.log"
}

browse --dump-dom "file://$report" >"$work/dom.html" ||
  { cat "$work/chromium.log" >&2; echo "FAIL  chromium --dump-dom" >&2; exit 1; }
browse --dump-dom "file://$report#rule=t.inactive-child-profile" >"$work/filtered.html" ||
  { cat "$work/chromium.log" >&2; echo "FAIL  chromium --dump-dom (filtered)" >&2; exit 1; }
browse --screenshot="$work/report.png" --window-size=1280,2000 "file://$report" >/dev/null ||
  { cat "$work/chromium.log" >&2; echo "FAIL  chromium --screenshot" >&2; exit 1; }

dom=$work/dom.html
filtered=$work/filtered.html
count() { grep -o -- "$1" "$2" | wc -l; }
equals() { [ "$1" -eq "$2" ] || { echo "      got $1, expected $2" >&2; return 1; }; }

check "the verdict reads INCOMPLETE" grep -Eq '<span id="verdict"[^>]*>INCOMPLETE</span>' "$dom"
check "exactly 6 finding rows" equals "$(count '<tr class="finding"' "$dom")" 6
check "every finding row is visible without a filter" equals "$(count '<tr class="finding"[^>]* hidden' "$dom")" 0
check "the transcript shows as escaped text" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$dom"
check "no <script>alert in the DOM" bash -c '! grep -qF "<script>alert" "$1"' _ "$dom"
check "no <script>alert in the file" bash -c '! grep -qF "<script>alert" "$1"' _ "$report"
check "the rule filter exists" grep -q '<select id="filter-rule"' "$dom"
check "the severity filter exists" grep -q '<select id="filter-severity"' "$dom"
check "the script revealed the filters" bash -c '! grep -q "id=\"filters\" hidden" "$1"' _ "$dom"
for section in outcomes coverage waivers audit; do
  check "section id=\"$section\" exists" grep -q "id=\"$section\"" "$dom"
done
audit=$(sed -n '/<section id="audit">/,/<\/section>/p' "$dom")
check "the audit trail lists SHA-256 digests" equals "$(grep -Eo '<code>[0-9a-f]{64}</code>' <<<"$audit" | wc -l)" 13
check "the file loads nothing over http(s)" bash -c '! grep -Eqi "(src|href|action|url)[[:space:]]*[=(][[:space:]]*[\"'"'"']?[[:space:]]*(https?:)?//" "$1"' _ "$report"
check "the file has no http(s) URL at all" bash -c '! grep -Eqi "https?://" "$1"' _ "$report"
check "a Content-Security-Policy forbids loading anything" grep -q "default-src 'none'" "$report"
check "the file ends with a newline" bash -c '[ "$(tail -c1 "$1" | od -An -c | tr -d " ")" = "\\n" ]' _ "$report"

check "#rule=t.inactive-child-profile shows 2 rows" \
  equals "$(grep -o '<tr class="finding"[^>]*>' "$filtered" | grep -v hidden | grep -c 'data-rule="t.inactive-child-profile"')" 2
check "#rule=t.inactive-child-profile hides the other 4" \
  equals "$(grep -o '<tr class="finding"[^>]*>' "$filtered" | grep -v 'data-rule="t.inactive-child-profile"' | grep -c hidden)" 4
check "#rule=... updates the count" grep -q '2 of 6 findings shown' "$filtered"

# A report of more findings than one page: the table holds the first 1000, the data every one,
# and the filters and pager work on the data.
"$source/bench/gen" 2500 "$work/big" --violations high >/dev/null
status=0
"$lethe" scan "$work/big" --as-of 2026-11-01 --report "html=$work/big.html" \
  --report "json=$work/big.json" >/dev/null || status=$?
[ "$status" -eq 1 ] || { echo "FAIL  lethe scan of the bench export exited $status, expected 1" >&2; exit 1; }
read -r total rule_id rule_count < <(python3 -c '
import json, sys, collections
findings = json.load(open(sys.argv[1]))["findings"]
rule, n = collections.Counter(f["rule"] for f in findings).most_common(1)[0]
print(len(findings), rule, n)' "$work/big.json")
pages=$(( (total + 999) / 1000 ))
browse --dump-dom "file://$work/big.html" >"$work/big-dom.html" ||
  { cat "$work/chromium.log" >&2; echo "FAIL  chromium --dump-dom (paged)" >&2; exit 1; }
browse --dump-dom "file://$work/big.html#rule=$rule_id" >"$work/big-filtered.html" ||
  { cat "$work/chromium.log" >&2; echo "FAIL  chromium --dump-dom (paged, filtered)" >&2; exit 1; }
check "over a page ($total findings): the table holds 1000 rows" \
  equals "$(count '<tr class="finding"' "$work/big-dom.html")" 1000
check "the data holds all $total" equals "$(python3 -c '
import json, re, sys
text = open(sys.argv[1]).read()
data = re.search(r"<script type=\"application/json\" id=\"finding-data\">(.*?)</script>", text, re.S)
print(len(json.loads(data.group(1))["findings"]))' "$work/big.html")" "$total"
check "the pager shows page 1 of $pages" grep -q "id=\"page-of\">page 1 of $pages<" "$work/big-dom.html"
check "the script revealed the pager" bash -c '! grep -q "id=\"pager\" hidden" "$1"' _ "$work/big-dom.html"
check "#rule=$rule_id counts its $rule_count of $total" \
  grep -q "$rule_count of $total findings shown" "$work/big-filtered.html"
shown=$(( rule_count < 1000 ? rule_count : 1000 ))
check "#rule=$rule_id renders $shown rows of that rule only" \
  equals "$(grep -o '<tr class="finding"[^>]*>' "$work/big-filtered.html" | grep -c "data-rule=\"$rule_id\"")" "$shown"
check "... and no other" \
  equals "$(grep -o '<tr class="finding"[^>]*>' "$work/big-filtered.html" | grep -vc "data-rule=\"$rule_id\"")" 0

size=$(stat -c %s "$work/report.png" 2>/dev/null || echo 0)
check "the screenshot exists and is over 10 KB ($size bytes)" test "$size" -gt 10240
if [ -n "${KEEP_SCREENSHOT:-}" ]; then cp "$work/report.png" "$KEEP_SCREENSHOT"; fi

if [ "$failures" -gt 0 ]; then
  kept=${TMPDIR:-/tmp}/lethe-report-failed.html
  cp "$report" "$kept"
  echo "$failures check(s) failed; the report is kept at $kept" >&2
  exit 1
fi
echo "all HTML report checks passed"
