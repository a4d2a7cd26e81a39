#!/usr/bin/env bash
# Checks that the HTML report prints as a clean PDF: renders the report of samples/alexa-household
# (with a config file's engagement header and zone) to PDF with headless Chromium and checks the
# PDF's pages and text: a sane page count, the engagement header, the failed rules' remediation
# even when their <details> were collapsed, no filter controls, no exit-code wording, no absolute
# path of the source tree, and no dark page backgrounds.
# Usage: check_html_pdf.sh LETHE_BINARY SOURCE_DIR
set -euo pipefail
lethe=$1
source=$2
chromium=/usr/bin/chromium
[ -x "$chromium" ] || { echo "missing $chromium: apt-get install -y chromium" >&2; exit 1; }
for tool in pdfinfo pdftotext pdftoppm; do
  command -v "$tool" >/dev/null ||
    { echo "missing $tool: apt-get install -y poppler-utils (scripts/setup --test)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source "$source/tests/tools/check.sh"

cat >"$work/lethe.config.yaml" <<'EOF'
version: 1
as_of_timezone: America/Los_Angeles
report:
  client: Northwind Household Devices
  engagement: Q4 2026 COPPA review (ENG-0042)
  auditor: Jane Auditor
  notes: Printed for the client's privacy team.
EOF

report=$work/report.html
status=0
(cd "$source" && "$lethe" scan samples/alexa-household --as-of 2026-11-01T00:00:00Z \
  --config "$work/lethe.config.yaml" --report "html=$report" --format json --no-progress \
  >/dev/null) || status=$?
[ "$status" -eq 1 ] || { echo "FAIL  lethe scan exited $status, expected 1" >&2; exit 1; }
[ -s "$report" ] || { echo "FAIL  lethe scan wrote no $report" >&2; exit 1; }
echo "ok    lethe scan exited 1 and wrote $(wc -c <"$report") bytes of HTML"
# The same report with every rule's <details> collapsed, and without its script (which opens them
# before printing): the print stylesheet alone must expand them.
sed -e 's/<details class="rule-detail"\([^>]*\) open>/<details class="rule-detail"\1>/' \
  -e '/^<script>$/,/^<\/script>$/d' "$report" >"$work/collapsed.html"
check "the collapsed copy has no open <details> and no script" \
  bash -c '! grep -q "<details[^>]* open>\|<script>" "$1" && grep -q "<details" "$1"' _ \
  "$work/collapsed.html"

print_pdf() {  # print_pdf HTML PDF: headless Chromium, a fresh profile, no header and footer
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" --no-pdf-header-footer --print-to-pdf="$2" \
    "file://$1" 2>"$work/chromium.log" >/dev/null ||
    { cat "$work/chromium.log" >&2; echo "FAIL  chromium --print-to-pdf $1" >&2; exit 1; }
}
print_pdf "$report" "$work/report.pdf"
print_pdf "$work/collapsed.html" "$work/collapsed.pdf"

pdf=$work/report.pdf
check "the PDF starts with %PDF" bash -c '[ "$(head -c 5 "$1")" = "%PDF-" ]' _ "$pdf"
pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
check "the PDF has 2 to 40 pages ($pages)" test "${pages:-0}" -ge 2 -a "${pages:-0}" -le 40
pdftotext -layout "$pdf" "$work/report.txt"
pdftotext -layout "$work/collapsed.pdf" "$work/collapsed.txt"
text=$work/report.txt
has() { grep -qF -- "$1" "$2"; }
lacks() { ! grep -qiF -- "$1" "$2"; }
check "the client's name is in the PDF" has "Northwind Household Devices" "$text"
check "the engagement is in the PDF" has "Q4 2026 COPPA review (ENG-0042)" "$text"
check "the verdict is in words" has "findings at or above low severity" "$text"
check "the as-of shows the audit's zone" has "2026-10-31 17:00 America/Los_Angeles" "$text"
check "a failed rule's remediation is printed" has "Complete the deletion across every store" "$text"
check "collapsed <details> print expanded" has "Complete the deletion across every store" "$work/collapsed.txt"
check "collapsed <details> print every citation" \
  test "$(grep -c "16 CFR 312" "$work/collapsed.txt")" -eq "$(grep -c "16 CFR 312" "$text")"
check "no filter controls are printed" lacks "All severities" "$text"
check "no exit-code wording" lacks "exit code" "$text"
check "no --fail-on wording" lacks "--fail-on" "$text"
check "no absolute path of the source tree" lacks "$source/" "$text"
check "no file:// URL (no page header or footer)" lacks "file://" "$text"

# No dark backgrounds: on every page, few pixels are dark (text and chart bars are thin).
pdftoppm -r 30 -gray "$pdf" "$work/page"
dark_pages() {
  python3 - "$work" <<'EOF'
import glob, sys
bad = []
for name in sorted(glob.glob(sys.argv[1] + "/page-*.pgm")):
    data = open(name, "rb").read()
    # Binary PGM: P5, width, height, maxval, then one byte a pixel.
    parts = data.split(maxsplit=4)
    width, height = int(parts[1]), int(parts[2])
    pixels = parts[4][: width * height]
    dark = sum(1 for p in pixels if p < 96) / len(pixels)
    if dark > 0.08:
        bad.append(f"{name.rsplit('/', 1)[1]} {dark:.0%} dark")
if bad:
    print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
}
check "no page has a dark background" dark_pages

if [ "$failures" -gt 0 ]; then
  kept=${TMPDIR:-/tmp}/lethe-report-failed.pdf
  cp "$pdf" "$kept"
  echo "$failures check(s) failed; the PDF is kept at $kept" >&2
  exit 1
fi
echo "all HTML print checks passed"
