# Sourced by the shell checks of tests/tools: `check DESCRIPTION COMMAND...` runs the command and
# prints "ok    DESCRIPTION", or "FAIL  DESCRIPTION" on stderr; `checks` counts them and `failures`
# the failed ones, for the script's summary and exit status.
failures=0
checks=0
check() {
  local description=$1
  shift
  checks=$((checks + 1))
  if "$@"; then
    echo "ok    $description"
  else
    echo "FAIL  $description" >&2
    failures=$((failures + 1))
  fi
}
