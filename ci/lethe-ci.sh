# shellcheck shell=bash
# What the GitHub Action (ci/github/run-lethe.sh) and the GitLab CI template
# (ci/gitlab/run-lethe.sh) share: getting a lethe (a .deb, or a build of this source tree) and
# turning the LETHE_* settings into the arguments of `lethe scan`. Sourced, never run; the
# caller has set -euo pipefail.
#
# Both CI systems hand their settings over as LETHE_* environment variables rather than as
# text spliced into a shell command, so that no value (a path with spaces or quotes, a `$(...)`)
# is ever read as shell code.

# Functions run in $(...) stop at their first failing command too, as under set -e everywhere.
shopt -s inherit_errexit

lethe_ci_source=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# lethe_ci_die MESSAGE: the message on stderr, and exit 2 (the action or job is set up wrongly:
# nothing was audited, as lethe's own exit 2 says).
lethe_ci_die() {
  echo "lethe: $1" >&2
  exit 2
}

# lethe_ci_sudo: "sudo" when not root (a GitHub-hosted runner), nothing as root (a container).
lethe_ci_sudo() {
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || lethe_ci_die "not root and no sudo: cannot install packages"
    echo sudo
  fi
}

# lethe_ci_is_url TEXT: whether TEXT is a URL to download (http or https).
lethe_ci_is_url() {
  case "$1" in
    http://* | https://*) return 0 ;;
    *) return 1 ;;
  esac
}

# lethe_ci_download URL DIR: downloads URL into DIR under its own file name (without a query or
# fragment: lethe tells an archive by its extension) and prints the file's path.
lethe_ci_download() {
  local url=$1 dir=$2 name
  name=${url%%[?#]*}
  name=${name##*/}
  [ -n "$name" ] || name=download
  mkdir -p "$dir"
  command -v curl >/dev/null 2>&1 || lethe_ci_die "curl is needed to download $url"
  curl --fail --silent --show-error --location --retry 3 --output "$dir/$name" -- "$url" >&2 ||
    lethe_ci_die "could not download $url"
  printf '%s\n' "$dir/$name"
}

# lethe_ci_install_deb PATH_OR_URL WORK_DIR: installs a lethe .deb with apt (which installs its
# dependencies too) and prints the installed lethe's path.
lethe_ci_install_deb() {
  local deb=$1 work=$2 sudo
  if lethe_ci_is_url "$deb"; then
    deb=$(lethe_ci_download "$deb" "$work/lethe-deb")
  fi
  [ -f "$deb" ] || lethe_ci_die "no such .deb: $deb"
  # apt installs a local package only when it is named by a path, never by a bare file name.
  deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
  sudo=$(lethe_ci_sudo)
  # A fresh runner's or image's package lists may be stale or missing: the dependencies would
  # not be found.
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2
  $sudo apt-get install -y -qq --no-install-recommends "$deb" >&2
  command -v lethe || lethe_ci_die "$deb installed no lethe on the PATH"
}

# lethe_ci_build BUILD_DIR: builds lethe (Release, no tests) from this source tree into
# BUILD_DIR, after scripts/setup, and prints its path. An existing BUILD_DIR (restored from a
# cache) is built incrementally.
lethe_ci_build() {
  local build=$1
  "$lethe_ci_source/scripts/setup" >&2
  # A cached build folder configured for a source tree elsewhere (another runner's checkout)
  # would stop cmake: it is made afresh.
  if [ -f "$build/CMakeCache.txt" ] &&
    ! grep -qxF "CMAKE_HOME_DIRECTORY:INTERNAL=$lethe_ci_source" "$build/CMakeCache.txt"; then
    rm -rf "$build"
  fi
  cmake -S "$lethe_ci_source" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLETHE_TESTS=OFF >&2
  cmake --build "$build" --parallel "$(nproc)" --target lethe >&2
  [ -x "$build/lethe" ] || lethe_ci_die "the build wrote no $build/lethe"
  printf '%s\n' "$build/lethe"
}

# lethe_ci_true NAME VALUE: whether a boolean setting is true ("true"/"false", as GitHub passes
# them; also 1/0 and yes/no). Anything else is a mistake worth stopping for.
lethe_ci_true() {
  case "$2" in
    true | True | TRUE | 1 | yes) return 0 ;;
    false | False | FALSE | 0 | no | "") return 1 ;;
    *) lethe_ci_die "$1 must be true or false, not '$2'" ;;
  esac
}

# lethe_ci_scan_args EXPORT: sets the array lethe_scan_args to `scan EXPORT` and the options the
# LETHE_* settings ask for. LETHE_RULES holds one path a line (a path may have spaces);
# LETHE_ARGS is split as xargs splits its input: on blanks, with '...', "..." and backslash
# quoting, and no expansion of any kind.
lethe_ci_scan_args() {
  lethe_scan_args=(scan "$1" --no-progress)
  local line split extra=()
  [ -z "${LETHE_MANIFEST:-}" ] || lethe_scan_args+=(--manifest "$LETHE_MANIFEST")
  while IFS= read -r line; do
    [ -z "$line" ] || lethe_scan_args+=(--rules "$line")
  done <<<"${LETHE_RULES:-}"
  [ -z "${LETHE_AS_OF:-}" ] || lethe_scan_args+=(--as-of "$LETHE_AS_OF")
  [ -z "${LETHE_FAIL_ON:-}" ] || lethe_scan_args+=(--fail-on "$LETHE_FAIL_ON")
  [ -z "${LETHE_WAIVERS:-}" ] || lethe_scan_args+=(--waivers "$LETHE_WAIVERS")
  [ -z "${LETHE_BASELINE:-}" ] || lethe_scan_args+=(--baseline "$LETHE_BASELINE")
  if lethe_ci_true fail-on-new-only "${LETHE_FAIL_ON_NEW_ONLY:-false}"; then
    lethe_scan_args+=(--fail-on-new-only)
  fi
  [ -z "${LETHE_CONFIG:-}" ] || lethe_scan_args+=(--config "$LETHE_CONFIG")
  if [ -n "${LETHE_ARGS:-}" ]; then
    # Through a file, not a process substitution, so that xargs's complaint about unbalanced
    # quotes stops the scan; -r: no empty argument for blank input.
    split=$(mktemp)
    if ! printf '%s' "$LETHE_ARGS" | xargs -r printf '%s\0' >"$split"; then
      rm -f "$split"
      lethe_ci_die "args: cannot split (unbalanced quotes?): $LETHE_ARGS"
    fi
    mapfile -d '' -t extra <"$split"
    rm -f "$split"
    lethe_scan_args+=("${extra[@]}")
  fi
}

# lethe_ci_report_dir PATH: makes the folder a report is to be written in.
lethe_ci_report_dir() {
  mkdir -p "$(dirname "$1")"
}

# lethe_ci_abs PATH: PATH made absolute (from the current folder); it need not exist.
lethe_ci_abs() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$PWD/$1" ;;
  esac
}

# lethe_ci_findings JSON: the JSON report's summary.findings, or nothing. awk rather than python3
# or jq: the debian:12 image and a minimal runner have neither, and lethe writes its JSON one
# member a line, the summary's members indented by four spaces.
lethe_ci_findings() {
  [ -f "$1" ] || return 0
  awk '/^  "summary": \{/ { in_summary = 1; next }
       in_summary && /^  [}]/ { exit }
       in_summary && match($0, /^    "findings": [0-9]+/) {
         value = substr($0, RSTART, RLENGTH); sub(/.*: /, "", value); print value; exit }' "$1"
}

# lethe_ci_exit_reason CODE: what a lethe scan exit code means (docs/ci.md).
lethe_ci_exit_reason() {
  case "$1" in
    0) echo "the audit passed" ;;
    1) echo "findings at or above --fail-on, or an expired waiver" ;;
    2) echo "usage error or invalid input: nothing was audited" ;;
    3) echo "the audit is incomplete" ;;
    *) echo "unexpected exit code" ;;
  esac
}
