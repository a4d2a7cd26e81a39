# bash completion for lethe(1): its commands, each command's options and their values, rule ids
# and dataset names (from the lethe on the PATH). It needs nothing but bash's compgen, so it works
# with or without the bash-completion package. tests/tools/package_test.sh checks that it offers
# every command and every option the installed lethe's --help lists.

_lethe_words() {
  mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

_lethe_files() {
  compopt -o filenames 2>/dev/null
  mapfile -t COMPREPLY < <(compgen -f -- "$1")
}

_lethe_rule_ids() {
  lethe rules list 2>/dev/null | awk 'NR > 1 { print $1 }'
}

_lethe_datasets() {
  lethe schema 2>/dev/null | sed -n 's/^\([a-z_][a-z0-9_]*\): .*/\1/p'
}

_lethe() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=''
  ((COMP_CWORD > 1)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  local limits="--max-field-size --max-record-size --max-nesting-depth --max-glob-files
    --max-archive-members --max-archive-depth --max-decompressed-size --max-compression-ratio"
  local report_formats="text json sarif junit github markdown csv html"

  # The command, and the rules subcommand, are the first words that are not options (no option
  # before the command takes a value).
  local command='' sub='' i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) ;;
      *)
        if [ -z "$command" ]; then
          command=${COMP_WORDS[i]}
        elif [ "$command" = rules ] && [ -z "$sub" ]; then
          sub=${COMP_WORDS[i]}
        fi
        ;;
    esac
  done

  # The value of the option before the cursor. Readline splits --report json=PATH at the "=" (in
  # COMP_WORDBREAKS): the path is the word after it.
  if [ "$prev" = "=" ] && ((COMP_CWORD > 3)) && [ "${COMP_WORDS[COMP_CWORD - 3]}" = --report ]; then
    _lethe_files "$cur"
    return
  fi
  case $prev in
    --format)
      case $command/$sub in
        scan/) _lethe_words "$report_formats" "$cur" ;;
        rules/list) _lethe_words "text json markdown" "$cur" ;;
        test/) _lethe_words "text junit" "$cur" ;;
        *) _lethe_words "text json" "$cur" ;;
      esac
      return
      ;;
    --fail-on)
      _lethe_words "info low medium high critical never" "$cur"
      return
      ;;
    --dialect)
      _lethe_words "sqlite postgresql" "$cur"
      return
      ;;
    --report)
      if [[ $cur == *=* ]]; then
        compopt -o filenames 2>/dev/null
        local path
        mapfile -t COMPREPLY < <(compgen -f -- "${cur#*=}")
        for i in "${!COMPREPLY[@]}"; do
          path=${COMPREPLY[i]}
          COMPREPLY[i]=${cur%%=*}=$path
        done
      else
        compopt -o nospace 2>/dev/null
        # shellcheck disable=SC2086 # one word per format
        _lethe_words "$(printf '%s= ' $report_formats)" "$cur"
      fi
      return
      ;;
    --select | --exclude)
      _lethe_words "$(_lethe_rule_ids)" "$cur"
      return
      ;;
    --param)
      compopt -o nospace 2>/dev/null
      _lethe_words "$(_lethe_rule_ids | sed 's/$/./')" "$cur"
      return
      ;;
    --require-dataset)
      _lethe_words "$(_lethe_datasets)" "$cur"
      return
      ;;
    --manifest | --store | --output | -o | --waivers | --baseline | --config | --rules)
      _lethe_files "$cur"
      return
      ;;
    --color)
      _lethe_words "auto always never" "$cur"
      return
      ;;
    --as-of | --as-of-timezone | --statement-timeout | --max-per-rule | --max-rejected-rows | \
      --sarif-max-results | --sample-rows | \
      --max-field-size | --max-record-size | --max-nesting-depth | --max-glob-files | \
      --max-archive-members | --max-archive-depth | --max-decompressed-size | \
      --max-compression-ratio)
      COMPREPLY=()
      return
      ;;
  esac

  local options=
  case $command/$sub in
    /) options="--help --version" ;;
    inspect/) options="--help --manifest --format --store --rules $limits" ;;
    schema/) options="--help --format --rules" ;;
    scan/)
      options="--help --manifest --statement-timeout --rules --select --exclude --as-of
        --as-of-timezone --param --format --report --output -o --color --fail-on --store --reveal-pii
        --max-per-rule --sarif-max-results --verbose -v --progress --no-progress --timings --waivers --baseline
        --fail-on-new-only
        --config --require-dataset --fail-on-not-applicable --max-rejected-rows $limits"
      ;;
    rules/) options="--help" ;;
    rules/validate) options="--help" ;;
    rules/list) options="--help --rules --format" ;;
    rules/explain) options="--help --rules --param --as-of --dialect" ;;
    test/) options="--help --verbose --format --output -o" ;;
    init/) options="--help --output -o --force --sample-rows --rules $limits" ;;
    verify/) options="--help --digests-only" ;;
  esac
  if [[ $cur == -* ]]; then
    _lethe_words "$options" "$cur"
    return
  fi

  # A positional argument.
  case $command/$sub in
    /) _lethe_words "init inspect schema scan rules test verify" "$cur" ;;
    rules/) _lethe_words "validate list explain" "$cur" ;;
    rules/explain) _lethe_words "$(_lethe_rule_ids)" "$cur" ;;
    *) _lethe_files "$cur" ;;
  esac
}

complete -F _lethe lethe
