#!/usr/bin/env bash
# Builds the Debian package (`cmake --build BUILD --target package`) of a build without
# sanitizers, installs it with dpkg into an empty root, and audits two bundled samples with the
# installed lethe and its installed rules: samples/compliant-home passes (exit 0),
# samples/alexa-household has its 42 findings (exit 1). Also checks what the package holds and
# says: its Depends (libsqlite3), its man pages (found by man, rendered without a groff warning,
# a NAME line for whatis) and completions (bash run, fish asked, zsh parsed), and that every
# command and every long option each command's --help lists is in the bash, fish and zsh
# completions and in the command's man page, so that none of them can drift from the program.
#
# dpkg --root on a fresh root rather than `dpkg-deb -x`: dpkg itself unpacks the package, checks
# its control data and that its Depends are satisfied (the root's database is a copy of this
# system's status, whose libraries the installed lethe then runs with), records its files, and
# purges it again without leftovers. A debootstrapped root would run lethe against only the
# declared dependencies, but costs minutes and a mirror; dpkg-shlibdeps derived them from the
# binary's own NEEDED libraries.
# Usage: package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
for tool in dpkg dpkg-deb dpkg-shlibdeps man lexgrog groff fish zsh python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing (scripts/setup --test)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source "$source/tests/tools/check.sh"

# The package, as a user makes it. CPack names the file it wrote.
if ! cmake --build "$build" --target package >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  echo "FAIL  cmake --build $build --target package" >&2
  exit 1
fi
deb=$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' "$work/cpack.log")
[ -f "$deb" ] || { cat "$work/cpack.log" >&2; echo "FAIL  no .deb in the CPack output" >&2; exit 1; }
echo "ok    built $deb"

# What the package says and holds.
dpkg-deb -I "$deb" >"$work/info"
dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' >"$work/contents"
check "Package: lethe" grep -qx " Package: lethe" "$work/info"
check "Depends names libsqlite3" grep -qE "^ Depends: (.*, )?libsqlite3-0( \(>= [^)]+\))?(,|$)" "$work/info"
check "Depends names tzdata" grep -qE "^ Depends: (.*, )?tzdata(,|$)" "$work/info"
check "Maintainer is a name and an address" grep -qE "^ Maintainer: .+ <.+@.+>$" "$work/info"
check "Description has a summary and a long text" grep -qE "^ Description: .+" "$work/info"
check "Version is the project's" grep -qE "^ Version: [0-9]+\.[0-9]+\.[0-9]+$" "$work/info"
pages=(lethe lethe-init lethe-inspect lethe-schema lethe-scan lethe-rules lethe-test lethe-verify)
listed=(/usr/bin/lethe /usr/share/lethe/rules/schema.yaml /usr/share/doc/lethe/copyright
  /usr/share/bash-completion/completions/lethe /usr/share/zsh/vendor-completions/_lethe
  /usr/share/fish/vendor_completions.d/lethe.fish)
for page in "${pages[@]}"; do
  listed+=("/usr/share/man/man1/$page.1.gz")
done
for path in "${listed[@]}"; do
  check "dpkg-deb -c lists $path" grep -qx "$path" "$work/contents"
done

# Installed by dpkg into an empty root whose database knows this system's packages. (Paths a
# host's dpkg.cfg.d leaves out, as slim container images do with man pages, are put back.)
root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
cp /var/lib/dpkg/status "$root/var/lib/dpkg/status"
touch "$root/var/lib/dpkg/available"
dpkg=(dpkg "--root=$root" --log=/dev/null "--path-include=/usr/share/man/*"
  "--path-include=/usr/share/doc/lethe/*")
if [ "$(id -u)" -ne 0 ]; then
  command -v fakeroot >/dev/null 2>&1 || { echo "fakeroot is missing (scripts/setup --test)" >&2; exit 1; }
  dpkg=(fakeroot "${dpkg[@]}" --force-not-root)
fi
if ! "${dpkg[@]}" --install "$deb" >"$work/dpkg.log" 2>&1; then
  cat "$work/dpkg.log" >&2
  echo "FAIL  dpkg --install (its Depends are not satisfied here, or the package is malformed)" >&2
  exit 1
fi
echo "ok    dpkg --root --install, dependencies satisfied"
check "dpkg records lethe as installed" \
  grep -qx "install ok installed" <("${dpkg[@]}" --status lethe | sed -n 's/^Status: //p')

# The installed lethe, run from an empty folder on copies of the samples: nothing of the source
# tree is read, and the rules are the installed ones (--version prints the folder a scan reads
# without --rules; the source tree's is only the fallback of a lethe that finds none beside it).
lethe=$root/usr/bin/lethe
cp -r "$source/samples/compliant-home" "$source/samples/alexa-household" "$work/"
mkdir "$work/cwd"
run() { (cd "$work/cwd" && env -i PATH=/usr/bin:/bin HOME="$work/cwd" "$lethe" "$@"); }
check "lethe --version reads the installed rules" \
  grep -qE "^rules: $root/usr/share/lethe/rules \([0-9]+ rule files, sha256 [0-9a-f]{64}\)$" <(run --version)
# The installed pack is the source tree's, byte for byte: the same digest.
check "lethe --version: the installed pack's digest is the source tree's" \
  test "$(run --version | sed -n 's/.*sha256 \([0-9a-f]*\)).*/\1/p')" = \
  "$(cd "$source/rules" && find . -type f | sed 's|^\./||' | LC_ALL=C sort |
    while read -r f; do printf '%s %s\n' "$f" "$(sha256sum "$f" | cut -d' ' -f1)"; done |
    sha256sum | cut -d' ' -f1)"
check "lethe rules validate: the installed pack is valid" \
  grep -qE "^[0-9]+ rules valid$" <(run rules validate)
scan() { # scan EXPECTED_EXIT SAMPLE: the JSON report in $work/SAMPLE.json
  local expected=$1 sample=$2 rc=0
  run scan "$work/$sample" --as-of 2026-11-01 --no-progress --format json \
    --output "$work/$sample.json" 2>"$work/$sample.err" || rc=$?
  [ "$rc" -eq "$expected" ] || { cat "$work/$sample.err" >&2; echo "exit $rc" >&2; return 1; }
}
findings() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"]["findings"])' "$1"; }
check "lethe scan compliant-home exits 0" scan 0 compliant-home
check "compliant-home: 0 findings" test "$(findings "$work/compliant-home.json")" = 0
check "lethe scan alexa-household exits 1" scan 1 alexa-household
check "alexa-household: 42 findings" test "$(findings "$work/alexa-household.json")" = 42

# The commands, and each command's long options, as the installed lethe's --help lists them.
# options HELP_TEXT: the long options of the Options: and Limits: sections.
options() {
  awk '/^[A-Za-z]+:$/ { block = $1; next }
       /^$/ { block = "" }
       (block == "Options:" || block == "Limits:") && match($0, /^ +(-[a-zA-Z],)?--[a-z][a-z-]*/) {
         option = substr($0, RSTART, RLENGTH); sub(/^ +(-[a-zA-Z],)?/, "", option); print option }' <<<"$1"
}
subcommands() {
  awk '/^[A-Za-z]+:$/ { block = $1; next } /^$/ { block = "" }
       block == "Subcommands:" { print $1 }' <<<"$1"
}
top_help=$(run --help)
mapfile -t commands < <(subcommands "$top_help")
mapfile -t rules_commands < <(subcommands "$(run rules --help)")
check "lethe --help lists the seven commands" test "${#commands[@]}" -eq 7
check "lethe rules --help lists validate, list and explain" test "${#rules_commands[@]}" -eq 3
paths=("")
for command in "${commands[@]}"; do
  paths+=("$command")
done
for command in "${rules_commands[@]}"; do
  paths+=("rules $command")
done

# The bash completion, run as bash runs it: COMPREPLY for the words before the cursor.
bash_completion=$root/usr/share/bash-completion/completions/lethe
# The installed lethe is the one on the PATH: the completions ask it for rule ids and datasets.
complete_bash() { # complete_bash WORD...: the completions of the last word
  PATH=$root/usr/bin:$PATH bash -c 'source "$1"; shift; COMP_WORDS=(lethe "$@"); COMP_CWORD=$#; _lethe
           printf "%s\n" "${COMPREPLY[@]}"' bash "$bash_completion" "$@"
}
fish_completion=$root/usr/share/fish/vendor_completions.d/lethe.fish
complete_fish() { # complete_fish LINE: the completions fish offers at its end
  # shellcheck disable=SC2016 # $argv is fish's
  PATH=$root/usr/bin:$PATH fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$fish_completion" "$1" | cut -f1
}
zsh_completion=$root/usr/share/zsh/vendor-completions/_lethe
check "the bash completion parses" bash -n "$bash_completion"
check "the zsh completion parses" zsh -n "$zsh_completion"
check "the fish completion parses" fish --no-execute "$fish_completion"
check "bash completes every command" \
  diff <(printf '%s\n' "${commands[@]}" | sort) <(complete_bash "" | sort)
check "bash completes every rules command" \
  diff <(printf '%s\n' "${rules_commands[@]}" | sort) <(complete_bash rules "" | sort)
check "fish completes every command" \
  diff <(printf '%s\n' "${commands[@]}" | sort) <(complete_fish "lethe " | sort)
check "fish completes every rules command" \
  diff <(printf '%s\n' "${rules_commands[@]}" | sort) <(complete_fish "lethe rules " | sort)
check "bash completes rule ids" grep -qx "amazon.inactive-child-profile-recording" \
  <(complete_bash rules explain amazon.inactive)
check "fish completes rule ids" grep -qx "coppa.indefinite-retention-policy" \
  <(complete_fish "lethe scan --select coppa.indef")
check "bash completes datasets" grep -qx "legal_holds" <(complete_bash scan --require-dataset legal_)
check "bash completes report formats" grep -qx "sarif=" <(complete_bash scan --report sa)
for command in "${commands[@]}"; do
  check "zsh completion names command $command" grep -q "'$command:" "$zsh_completion"
done

# The man pages as installed: found by man, no groff warning, a NAME line whatis can read.
manpath=$root/usr/share/man
render() { LC_ALL=C MANWIDTH=100 man --manpath="$manpath" "$1" 2>/dev/null; }
for page in "${pages[@]}"; do
  file=$manpath/man1/$page.1.gz
  check "man finds $page" test "$(man --manpath="$manpath" -w "$page" 2>/dev/null)" = "$file"
  check "man -l $page renders without warnings" \
    test -z "$(LC_ALL=C MANWIDTH=80 man --warnings=w -l "$file" 2>&1 >/dev/null)"
  check "$page: whatis line" grep -q "^$file: \"$page - " <(lexgrog "$file")
  check "$page: EXIT STATUS section" grep -qx "EXIT STATUS" <(render "$page")
done
for command in "${commands[@]}"; do
  check "lethe(1) names command $command" grep -qw "lethe-$command" <(render lethe)
done

# Each long option of each command, in the completions and the command's man page.
for path in "${paths[@]}"; do
  read -ra words <<<"$path"
  help=$(run "${words[@]}" --help)
  mapfile -t opts < <(options "$help")
  [ "${#opts[@]}" -gt 0 ] || { check "lethe${path:+ $path} --help lists options" false; continue; }
  page=lethe${words[0]:+-${words[0]}}
  page_text=$(render "$page")
  bash_words=$(complete_bash "${words[@]}" --)
  fish_words=$(complete_fish "lethe $path --")
  missing=()
  for option in "${opts[@]}"; do
    grep -qx -- "$option" <<<"$bash_words" || missing+=("bash:$option")
    grep -qx -- "$option" <<<"$fish_words" || missing+=("fish:$option")
    grep -qE -- "(^|[^a-z-])$option([^a-z-]|\$)" "$zsh_completion" || missing+=("zsh:$option")
    grep -qE -- "(^|[^a-z-])$option([^a-z-]|\$)" <<<"$page_text" || missing+=("$page(1):$option")
  done
  check "lethe${path:+ $path}: ${#opts[@]} options in the completions and $page(1)${missing[*]:+ (missing: ${missing[*]})}" \
    test "${#missing[@]}" -eq 0
done

# Purged again, it leaves nothing behind.
"${dpkg[@]}" --purge lethe >"$work/dpkg.log" 2>&1 || cat "$work/dpkg.log" >&2
check "dpkg --purge leaves no file" test -z "$(find "$root/usr" -type f 2>/dev/null)"

echo "package: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
