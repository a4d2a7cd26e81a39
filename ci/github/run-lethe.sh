#!/usr/bin/env bash
# The steps of the Lethe GitHub Action (action.yml), one subcommand each:
#
#   install  puts a lethe on the runner: LETHE_BIN if set, else the .deb LETHE_DEB (a path or
#            URL, installed with apt), else a Release build of this source tree into
#            LETHE_BUILD_DIR (default $RUNNER_TEMP/lethe-build); output `lethe`.
#   scan     runs `lethe scan LETHE_EXPORT` (LETHE_BIN) in $GITHUB_WORKSPACE, writing the SARIF,
#            Markdown and JSON reports (LETHE_SARIF, LETHE_MARKDOWN, LETHE_JSON), appends the
#            Markdown to $GITHUB_STEP_SUMMARY (LETHE_SUMMARY), and sets the outputs exit-code,
#            sarif, json and findings. It succeeds whatever the scan's exit code, so that the
#            SARIF upload and the summary still happen; `gate` fails the job afterwards.
#   gate     exits with LETHE_EXIT_CODE (the scan's), saying why: 1 findings, 2 nothing was
#            audited, 3 incomplete all fail the step.
#
# The settings come as LETHE_* environment variables (action.yml maps the inputs to them): no
# input is ever spliced into shell code.
set -euo pipefail
# shellcheck source=ci/lethe-ci.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lethe-ci.sh"

# output NAME VALUE: a step output, in the delimited form, which holds any value (a newline too).
output() {
  local delimiter
  delimiter="lethe_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf '%s<<%s\n%s\n%s\n' "$1" "$delimiter" "$2" "$delimiter" >>"$GITHUB_OUTPUT"
  fi
}

# escape TEXT: TEXT as the data of a workflow command (::error::), which ends at a newline.
escape() {
  local text=$1
  text=${text//'%'/'%25'}
  text=${text//$'\r'/'%0D'}
  text=${text//$'\n'/'%0A'}
  printf '%s' "$text"
}

# The step summary takes at most 1 MiB a step and drops everything beyond: a report of
# thousands of findings is cut, at a line, with a note, so that its head still shows.
summary_limit=$((1000 * 1024))

# summary FILE JSON: appends FILE to the step summary, cut to summary_limit (naming the JSON
# report, which has it all).
summary() {
  local file=$1 json=$2
  if [ "$(wc -c <"$file")" -le "$summary_limit" ]; then
    cat "$file" >>"$GITHUB_STEP_SUMMARY"
  else
    head -c "$summary_limit" "$file" | sed '$d' >>"$GITHUB_STEP_SUMMARY"
    printf '\n\n*The report is cut here: GitHub shows at most 1 MiB of a step summary. The JSON report (%s) has every finding.*\n' \
      "$json" >>"$GITHUB_STEP_SUMMARY"
  fi
}

install() {
  local lethe
  if [ -n "${LETHE_BIN:-}" ]; then
    lethe=$(command -v -- "$LETHE_BIN") || lethe_ci_die "no lethe at $LETHE_BIN"
  elif [ -n "${LETHE_DEB:-}" ]; then
    lethe=$(lethe_ci_install_deb "$LETHE_DEB" "${RUNNER_TEMP:-/tmp}")
  else
    lethe=$(lethe_ci_build "${LETHE_BUILD_DIR:-${RUNNER_TEMP:-/tmp}/lethe-build}")
  fi
  "$lethe" --version
  output lethe "$lethe"
}

scan() {
  [ -n "${LETHE_EXPORT:-}" ] || lethe_ci_die "the input export is required"
  local lethe=${LETHE_BIN:-lethe}
  command -v -- "$lethe" >/dev/null 2>&1 || lethe_ci_die "no lethe at $lethe (the install step failed?)"
  lethe=$(command -v -- "$lethe")
  # Relative paths (export, rules, reports) are the repository's, and SARIF locations are
  # relative to the folder lethe runs in: code scanning then finds the export's files.
  cd "${GITHUB_WORKSPACE:-.}"
  local export=$LETHE_EXPORT
  if lethe_ci_is_url "$export"; then
    export=$(lethe_ci_download "$export" "${RUNNER_TEMP:-/tmp}/lethe-export")
  fi
  local sarif json markdown
  sarif=$(lethe_ci_abs "${LETHE_SARIF:-lethe.sarif}")
  json=$(lethe_ci_abs "${LETHE_JSON:-lethe.json}")
  markdown=$(lethe_ci_abs "${LETHE_MARKDOWN:-lethe.md}")
  lethe_ci_scan_args "$export"
  lethe_scan_args+=(--report "sarif=$sarif" --report "markdown=$markdown" --report "json=$json")
  local report
  for report in "$sarif" "$json" "$markdown"; do
    lethe_ci_report_dir "$report"
    # A report left by an earlier run must not pass for this one's when lethe writes none.
    rm -f "$report"
  done

  local errors rc=0
  errors=$(mktemp)
  printf 'lethe'
  printf ' %q' "${lethe_scan_args[@]}"
  printf '\n'

  # || keeps the exit code: under set -e a failing lethe would end the script here.
  "$lethe" "${lethe_scan_args[@]}" 2>"$errors" || rc=$?
  cat "$errors" >&2
  echo "lethe scan: exit $rc: $(lethe_ci_exit_reason "$rc")"

  output exit-code "$rc"
  [ ! -f "$sarif" ] || output sarif "$sarif"
  [ ! -f "$json" ] || output json "$json"
  output findings "$(lethe_ci_findings "$json")"

  if [ ! -f "$markdown" ]; then
    # Nothing was audited (exit 2): the message is lethe's, as an annotation and in the summary.
    local message
    message=$(cat "$errors")
    [ -n "$message" ] || message="lethe scan exited $rc and wrote no report"
    echo "::error title=Lethe: exit $rc::$(escape "$message")"
  fi
  if lethe_ci_true summary "${LETHE_SUMMARY:-true}" && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    if [ -f "$markdown" ]; then
      summary "$markdown" "${LETHE_JSON:-lethe.json}"
    else
      {
        printf '## ❌ Lethe audit: exit %s (%s)\n\n```\n' "$rc" "$(lethe_ci_exit_reason "$rc")"
        cat "$errors"
        printf '```\n'
      } >>"$GITHUB_STEP_SUMMARY"
    fi
  fi
  rm -f "$errors"
}

gate() {
  local rc=${LETHE_EXIT_CODE:-}
  case "$rc" in
    '' | *[!0-9]*) lethe_ci_die "the scan step set no exit code: it did not run" ;;
  esac
  if [ "$rc" -eq 0 ]; then
    echo "Lethe: $(lethe_ci_exit_reason "$rc")"
  else
    echo "::error title=Lethe::exit $rc: $(lethe_ci_exit_reason "$rc")"
  fi
  exit "$rc"
}

case "${1:-}" in
  install | scan | gate) "$1" ;;
  *)
    echo "usage: $0 install|scan|gate (settings in LETHE_* variables)" >&2
    exit 2
    ;;
esac
