#!/usr/bin/env bash
# The script of the GitLab CI template's job (.lethe-scan in lethe.gitlab-ci.yml), one
# subcommand a phase:
#
#   install  puts a lethe in the job and prints its path: LETHE_BIN if set, else the .deb
#            LETHE_DEB (a path or URL, installed with apt), else a Release build of this source
#            tree into LETHE_BUILD_DIR (default .lethe-build of $CI_PROJECT_DIR, which a
#            `cache:` can keep); python3 too, for the Code Quality converter.
#   scan     runs `lethe scan LETHE_EXPORT` (LETHE_BIN, default the installed lethe) in the
#            current folder ($CI_PROJECT_DIR), writing the JUnit, JSON, SARIF and HTML reports
#            (LETHE_JUNIT, LETHE_JSON, LETHE_SARIF, LETHE_HTML) and, from the JSON report, the
#            Code Quality report (LETHE_CODEQUALITY, codequality.py), then exits with the scan's
#            exit code: 1 findings, 2 nothing audited, 3 incomplete fail the job.
#
# The settings are the template's LETHE_* variables, read from the environment: no value is
# ever spliced into shell code.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/lethe-ci.sh
. "$here/../lethe-ci.sh"

install() {
  local lethe
  if [ -n "${LETHE_BIN:-}" ]; then
    lethe=$(command -v -- "$LETHE_BIN") || lethe_ci_die "no lethe at $LETHE_BIN"
  else
    local sudo packages=()
    sudo=$(lethe_ci_sudo)
    command -v python3 >/dev/null 2>&1 || packages+=(python3)
    if lethe_ci_is_url "${LETHE_DEB:-}"; then
      command -v curl >/dev/null 2>&1 || packages+=(curl ca-certificates)
    fi
    if [ ${#packages[@]} -gt 0 ]; then
      export DEBIAN_FRONTEND=noninteractive
      $sudo apt-get update -qq >&2
      $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
    fi
    if [ -n "${LETHE_DEB:-}" ]; then
      lethe=$(lethe_ci_install_deb "$LETHE_DEB" "${TMPDIR:-/tmp}")
    else
      # Beside the clone of the source, not in it: a cache restored there before the clone
      # would make git refuse a folder that is not empty.
      lethe=$(lethe_ci_build "${LETHE_BUILD_DIR:-${CI_PROJECT_DIR:-$lethe_ci_source}/.lethe-build}")
    fi
  fi
  "$lethe" --version >&2
  printf '%s\n' "$lethe"
}

scan() {
  [ -n "${LETHE_EXPORT:-}" ] || lethe_ci_die "LETHE_EXPORT is not set: the export to audit"
  local lethe=${LETHE_BIN:-lethe}
  command -v -- "$lethe" >/dev/null 2>&1 || lethe_ci_die "no lethe at $lethe"
  local export=$LETHE_EXPORT
  if lethe_ci_is_url "$export"; then
    export=$(lethe_ci_download "$export" "${TMPDIR:-/tmp}/lethe-export")
  fi
  local junit=${LETHE_JUNIT:-lethe-junit.xml} json=${LETHE_JSON:-lethe.json}
  local sarif=${LETHE_SARIF:-lethe.sarif} html=${LETHE_HTML:-lethe.html}
  local codequality=${LETHE_CODEQUALITY:-gl-code-quality-report.json}
  lethe_ci_scan_args "$export"
  lethe_scan_args+=(--report "junit=$junit" --report "json=$json" --report "sarif=$sarif"
    --report "html=$html")
  local report
  for report in "$junit" "$json" "$sarif" "$html" "$codequality"; do
    lethe_ci_report_dir "$report"
    # A report left by an earlier run must not pass for this one's when lethe writes none.
    rm -f "$report"
  done

  local rc=0
  printf 'lethe'
  printf ' %q' "${lethe_scan_args[@]}"
  printf '\n'
  # || keeps the exit code: under set -e a failing lethe would end the script here.
  "$lethe" "${lethe_scan_args[@]}" || rc=$?
  echo "lethe scan: exit $rc: $(lethe_ci_exit_reason "$rc")"
  if [ -f "$json" ]; then
    local findings
    findings=$(lethe_ci_findings "$json")
    echo "lethe scan: ${findings:-?} findings"
    if ! python3 "$here/codequality.py" "$json" "$codequality"; then
      echo "lethe: the Code Quality report could not be written" >&2
      # A passing audit must not hide a broken report: the job fails, as for invalid input.
      [ "$rc" -ne 0 ] || rc=2
    fi
  fi
  exit "$rc"
}

case "${1:-}" in
  install | scan) "$1" ;;
  *)
    echo "usage: $0 install|scan (settings in LETHE_* variables)" >&2
    exit 2
    ;;
esac
