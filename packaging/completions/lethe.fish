# fish completion for lethe(1): its commands, each command's options and their values, rule ids
# and dataset names (from the lethe on the PATH). tests/tools/package_test.sh checks that it
# names every option the installed lethe's --help lists.

function __lethe_rule_ids
    command -q lethe; or return
    lethe rules list 2>/dev/null | awk 'NR > 1 { print $1 }'
end

function __lethe_datasets
    command -q lethe; or return
    lethe schema 2>/dev/null | sed -n 's/^\([a-z_][a-z0-9_]*\): .*/\1/p'
end

# Whether the first word after lethe (and after rules, the second) is this command.
function __lethe_command
    set -l words (commandline -opc)
    set -e words[1]
    set -l names
    for word in $words
        string match -q -- '-*' $word; or set -a names $word
    end
    test "$names[1]" = "$argv[1]"; or return 1
    test (count $argv) -eq 1; or test "$names[2]" = "$argv[2]"
end

set -l commands init inspect schema scan rules test verify
complete -c lethe -f
complete -c lethe -s h -l help -d 'Print the help message and exit'
complete -c lethe -n "not __fish_seen_subcommand_from $commands" -l version -d 'Print the version, the rule pack and its digest'
complete -c lethe -n "not __fish_seen_subcommand_from $commands" -a init -d 'Propose a starter manifest for an export'
complete -c lethe -n "not __fish_seen_subcommand_from $commands" -a inspect -d 'Load an export and show what each dataset read'
complete -c lethe -n "not __fish_seen_subcommand_from $commands" -a schema -d 'Print the canonical datasets and fields'
complete -c lethe -n "not __fish_seen_subcommand_from $commands" -a scan -d 'Audit an export and report the violations'
complete -c lethe -n "not __fish_seen_subcommand_from $commands" -a rules -d 'Validate, list and explain rules'
complete -c lethe -n "not __fish_seen_subcommand_from $commands" -a test -d 'Run the test cases beside each rule'
complete -c lethe -n "not __fish_seen_subcommand_from $commands" -a verify -d 'Run the audit a JSON report records again'

for command in inspect scan
    complete -c lethe -n "__lethe_command $command" -l manifest -r -F -d 'The manifest (lethe.yaml) to use'
    complete -c lethe -n "__lethe_command $command" -l store -r -F -d 'Keep the SQLite store in this file'
end
for command in init inspect scan
    complete -c lethe -n "__lethe_command $command" -F
    complete -c lethe -n "__lethe_command $command" -l max-field-size -x -d 'Bytes of one field value (16 MiB)'
    complete -c lethe -n "__lethe_command $command" -l max-record-size -x -d 'Bytes of one record (256 MiB)'
    complete -c lethe -n "__lethe_command $command" -l max-nesting-depth -x -d 'Levels of JSON nesting in one record (64)'
    complete -c lethe -n "__lethe_command $command" -l max-glob-files -x -d 'Files one manifest pattern may match (10000)'
    complete -c lethe -n "__lethe_command $command" -l max-archive-members -x -d 'Members of one archive (50000)'
    complete -c lethe -n "__lethe_command $command" -l max-archive-depth -x -d 'Levels of archives within archives (2)'
    complete -c lethe -n "__lethe_command $command" -l max-decompressed-size -x -d 'Bytes a compressed file may decompress to (64 GiB)'
    complete -c lethe -n "__lethe_command $command" -l max-compression-ratio -x -d 'Decompressed bytes per stored byte (200)'
end
for command in init inspect schema scan
    complete -c lethe -n "__lethe_command $command" -l rules -r -F -d 'Rule files, folders or packs'
end
complete -c lethe -n '__lethe_command init' -s o -l output -r -F -d 'Write the manifest to FILE (outside the export)'
complete -c lethe -n '__lethe_command init' -l force -d 'Replace the --output file if it exists'
complete -c lethe -n '__lethe_command init' -l sample-rows -x -d 'Rows read from the start of each file (200)'
complete -c lethe -n '__lethe_command inspect' -l format -x -a 'text json' -d 'Output format'
complete -c lethe -n '__lethe_command schema' -l format -x -a 'text json' -d 'Output format'

complete -c lethe -n '__lethe_command scan' -l statement-timeout -x -d "With a database: seconds each rule's query may run"
complete -c lethe -n '__lethe_command scan' -l select -x -a '(__lethe_rule_ids)' -d 'Run only rules whose id matches this glob'
complete -c lethe -n '__lethe_command scan' -l exclude -x -a '(__lethe_rule_ids)' -d 'Skip rules whose id matches this glob'
complete -c lethe -n '__lethe_command scan' -l as-of -x -d 'Audit instant: a date or an ISO 8601 date-time'
complete -c lethe -n '__lethe_command scan' -l as-of-timezone -x -d 'Zone of an --as-of without an offset and of waiver dates'
complete -c lethe -n '__lethe_command scan' -l param -x -d 'Override a rule parameter: ID.NAME=VALUE'
complete -c lethe -n '__lethe_command scan' -l format -x -a 'text json sarif junit github markdown csv html' -d 'Report format on stdout'
complete -c lethe -n '__lethe_command scan' -l report -r -d 'Also write a report: FORMAT=PATH'
complete -c lethe -n '__lethe_command scan' -s o -l output -r -F -d 'Write the report to FILE instead of stdout'
complete -c lethe -n '__lethe_command scan' -l color -x -a 'auto always never' -d 'Colours in the text report'
complete -c lethe -n '__lethe_command scan' -l sarif-max-results -x -d 'SARIF: results written at most (5000; 0: every finding)'
complete -c lethe -n '__lethe_command scan' -l fail-on -x -a 'info low medium high critical never' -d 'Lowest severity that fails the run'
complete -c lethe -n '__lethe_command scan' -l reveal-pii -d 'Show fields marked pii instead of ***'
complete -c lethe -n '__lethe_command scan' -l max-per-rule -x -d 'Findings shown per rule in text (20)'
complete -c lethe -n '__lethe_command scan' -s v -l verbose -d "Text on stdout: list every input's SHA-256"
complete -c lethe -n '__lethe_command scan' -l progress -d 'Show progress on stderr even when not a terminal'
complete -c lethe -n '__lethe_command scan' -l no-progress -d 'Never show progress'
complete -c lethe -n '__lethe_command scan' -l timings -d 'Print the wall time of each phase to stderr'
complete -c lethe -n '__lethe_command scan' -l waivers -r -F -d 'Waivers file (YAML)'
complete -c lethe -n '__lethe_command scan' -l baseline -r -F -d 'A previous JSON report: mark findings new or existing'
complete -c lethe -n '__lethe_command scan' -l fail-on-new-only -d 'Only findings not in the baseline fail the run'
complete -c lethe -n '__lethe_command scan' -l config -r -F -d 'Config file (default: lethe.config.yaml)'
complete -c lethe -n '__lethe_command scan' -l require-dataset -x -a '(__lethe_datasets)' -d 'A dataset that must be in the export with rows'
complete -c lethe -n '__lethe_command scan' -l fail-on-not-applicable -d 'A rule not applicable leaves the audit incomplete'
complete -c lethe -n '__lethe_command scan' -l max-rejected-rows -x -d 'Rejected rows accepted without exit 3: N or P%'

complete -c lethe -n '__lethe_command rules; and not __fish_seen_subcommand_from validate list explain' -a validate -d 'Parse and type-check rules'
complete -c lethe -n '__lethe_command rules; and not __fish_seen_subcommand_from validate list explain' -a list -d 'List rules: id, severity, datasets, title'
complete -c lethe -n '__lethe_command rules; and not __fish_seen_subcommand_from validate list explain' -a explain -d 'Show a rule, its parameters and compiled SQL'
complete -c lethe -n '__lethe_command rules validate' -F
for sub in list explain
    complete -c lethe -n "__lethe_command rules $sub" -l rules -r -F -d 'Rule files or folders'
end
complete -c lethe -n '__lethe_command rules list' -l format -x -a 'text json markdown' -d 'Output format'
complete -c lethe -n '__lethe_command rules explain' -a '(__lethe_rule_ids)' -d 'Rule id'
complete -c lethe -n '__lethe_command rules explain' -l param -x -d 'Override a parameter: ID.NAME=VALUE'
complete -c lethe -n '__lethe_command rules explain' -l as-of -x -d 'Audit instant'
complete -c lethe -n '__lethe_command rules explain' -l dialect -x -a 'sqlite postgresql' -d 'SQL to show'

complete -c lethe -n '__lethe_command test' -F
complete -c lethe -n '__lethe_command test' -s v -l verbose -d 'List passing cases too'
complete -c lethe -n '__lethe_command test' -l format -x -a 'text junit' -d 'Report format'
complete -c lethe -n '__lethe_command test' -s o -l output -r -F -d 'Write the report to FILE instead of stdout'

complete -c lethe -n '__lethe_command verify' -F
complete -c lethe -n '__lethe_command verify' -l digests-only -d 'Only check the digests'
