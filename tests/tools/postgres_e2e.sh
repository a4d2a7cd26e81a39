#!/usr/bin/env bash
# Audits a real PostgreSQL server: starts a throwaway cluster (initdb in a temporary folder, a
# free port on 127.0.0.1, password authentication; stopped and removed at the end, also on
# failure), loads each bundled sample into it three times (native column types, all text, epoch
# integers), and checks that `lethe scan postgresql://...` gives exactly the findings (rule, key)
# and rule outcomes of the file scan of the same sample. Then the failures: a wrong password, an
# unreachable server, a password in the URL, a missing table, a missing column, a role without
# SELECT, a statement timeout and a view that would write. Waivers, baselines and SARIF too.
# Usage: postgres_e2e.sh LETHE_BINARY SOURCE_DIR
set -euo pipefail
# The checks read whole lines of the text report: never wrapped.
export COLUMNS=0
lethe=$1
source=$2
source "$source/tests/tools/pg_cluster.sh"
work=$(mktemp -d)
chmod 755 "$work"  # the server (another user when run as root) reaches its folder through it
trap 'pg_cluster_stop "$work/cluster"; rm -rf "$work"' EXIT
# A signal (a ctest timeout, ^C) would skip the EXIT trap: exit instead, so that it runs.
trap 'exit 1' INT TERM
pg_cluster_start "$work/cluster" lethe-admin
port=$PGPORT
url="postgresql://lethe_admin@127.0.0.1:$port/postgres"
psql() { command psql -q -X -v ON_ERROR_STOP=1 "$@"; }

source "$source/tests/tools/check.sh"

# same_audit FILE_JSON DATABASE_JSON: the same findings (rule, key) and rule outcomes.
same_audit() {
  python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
findings = lambda r: sorted((f["rule"], f.get("key") or "") for f in r["findings"])
outcomes = lambda r: [(x["id"], x["outcome"]) for x in r["rules"]]
ok = findings(a) == findings(b) and outcomes(a) == outcomes(b) and a["summary"]["exit_code"] == b["summary"]["exit_code"]
if not ok:
    print("file:", findings(a), outcomes(a), file=sys.stderr)
    print("database:", findings(b), outcomes(b), file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}

# scan_db MANIFEST ARGS...: a database scan; exit code in $rc, output in $work/out, $work/err.
scan_db() {
  local manifest=$1
  shift
  rc=0
  "$lethe" scan "$url" --manifest "$manifest" --as-of 2026-11-01 --no-progress "$@" \
    >"$work/out" 2>"$work/err" || rc=$?
}

# compare_sample NAME EXPORT MODES [OPTIONS...]: the file scan of EXPORT, then its store loaded
# into PostgreSQL with each kind of column in MODES, scanned with the same OPTIONS: the same
# audit each time.
compare_sample() {
  local sample=$1 export=$2 modes=$3 store mode schema
  shift 3
  store=$work/$sample.db
  "$lethe" scan "$export" --as-of 2026-11-01 --store "$store" --output /dev/null "$@" || true
  "$lethe" scan "$export" --as-of 2026-11-01 --format json --output "$work/$sample.file.json" \
    "$@" || true
  for mode in $modes; do
    schema=$(echo "${sample}_$mode" | tr '-' '_')
    python3 "$source/tests/tools/postgres_load.py" "$store" "$schema" "$mode" \
      "$work/$schema.yaml" >"$work/$schema.sql"
    psql -f "$work/$schema.sql"
    scan_db "$work/$schema.yaml" --format json "$@"
    cp "$work/out" "$work/$schema.json"
    check "$sample ($mode columns): the same findings and outcomes as the file scan" \
      same_audit "$work/$sample.file.json" "$work/$schema.json"
  done
}

for sample in alexa-household ring-doorbell compliant-home; do
  compare_sample "$sample" "$source/samples/$sample" "native text epoch"
done
# A rule pack with a schema of its own, and rules that count, match (RE2 in the store, its POSIX
# translation on the server) and use between.
# The column conversions are the samples' above: text columns, which the server converts most, do.
compare_sample custom-pack "$source/samples/custom-pack/export" text \
  --rules "$source/samples/custom-pack/rules"
# Every construct of the language, nulls, newlines and non-ASCII text included.
compare_sample constructs "$source/tests/fixtures/constructs/export" text \
  --rules "$source/tests/fixtures/constructs/rules"
check "constructs: counts joined on a server, a row without a time among them" python3 -c "
import json, sys
for name in ('constructs.file', 'constructs_text'):
    r = json.load(open('$work/%s.json' % name))
    keys = sorted(f['key'] for f in r['findings'] if f['rule'] == 'constructs.windows')
    if keys != ['A02', 'A07', 'A09']:
        sys.exit('%s: %s' % (name, keys))"
check "custom-pack: the database scan finds the four planted findings" python3 -c "
import json, sys
r = json.load(open('$work/custom_pack_text.json'))
keys = sorted((f['rule'], f['key']) for f in r['findings'])
sys.exit(0 if keys == [('client.access-outside-ticket-window', 'VA-008'),
                       ('client.bulk-video-viewing', 'VA-005'),
                       ('client.unmanaged-actor-account', 'VA-010'),
                       ('client.unmanaged-actor-account', 'VA-012')] else 1)"

manifest=$work/ring_doorbell_native.yaml
# SARIF: locations relative to the database's URL, the key in the message; the multitool agrees.
scan_db "$manifest" --format sarif
cp "$work/out" "$work/ring.sarif"
check "SARIF: URL/schema.table locations with the key in the message" python3 -c "
import json, sys
run = json.load(open('$work/ring.sarif'))['runs'][0]
result = [r for r in run['results'] if r['ruleId'] == 'ring.account-without-mfa'][0]
ok = (run['originalUriBaseIds']['EXPORTROOT']['uri'] == 'postgresql://127.0.0.1:$port/postgres/'
      and result['locations'][0]['physicalLocation']['artifactLocation']['uri'] == 'ring_doorbell_native.accounts'
      and result['message']['text'].endswith(' (key 31877402)'))
sys.exit(0 if ok else 1)"
multitool=$source/build/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ -x "$multitool" ]; then
  "$multitool" validate "$work/ring.sarif" >"$work/sarif.txt" 2>&1 || true
  check "SARIF: the multitool validates it" bash -c \
    "! grep -q ': error ' '$work/sarif.txt' && grep -q 'Analysis completed successfully' '$work/sarif.txt'"
fi

# Waivers and baselines work on a database scan as on a file scan.
cat >"$work/waivers.yaml" <<'YAML'
version: 1
waivers:
  - rule: ring.account-without-mfa
    key: "*"
    reason: Hardware keys are being rolled out
    approved_by: security@example.com
    expires: 2027-01-31
  - rule: ring.pre-2018-video
    key: "*"
    reason: Deletion scheduled
    approved_by: dpo@example.com
    expires: 2027-01-31
  - rule: ring.pre-2018-face-embedding
    key: "*"
    reason: Deletion scheduled
    approved_by: dpo@example.com
    expires: 2027-01-31
  - rule: ring.data-product-from-pre-2018-video
    key: "*"
    reason: Model retraining scheduled
    approved_by: dpo@example.com
    expires: 2027-01-31
  - rule: ring.data-product-from-unauthorized-review
    key: "*"
    reason: Model retraining scheduled
    approved_by: dpo@example.com
    expires: 2027-01-31
YAML
scan_db "$manifest" --format json --waivers "$work/waivers.yaml" --fail-on critical
check "waivers: the waived findings stay, marked, and no longer fail the run (exit 0)" python3 -c "
import json, sys
r = json.load(open('$work/out'))
waived = [f for f in r['findings'] if f['status'] == 'waived']
sys.exit(0 if $rc == 0 and len(waived) == 14 and r['summary']['waived'] == 14 else 1)"
scan_db "$manifest" --format json --baseline "$work/ring_doorbell_native.json" --fail-on-new-only
check "a baseline of the same scan: every finding existing, exit 0" python3 -c "
import json, sys
r = json.load(open('$work/out'))
sys.exit(0 if $rc == 0 and r['summary']['new'] == 0 and r['summary']['existing'] == 20 else 1)"

PGPASSWORD=wrong scan_db "$manifest"
check "a wrong password: exit 2, the server's reason" \
  grep -q "^postgresql://127.0.0.1:$port/postgres: cannot connect: .*password authentication failed for user \"lethe_admin\"" "$work/err"
check "  ... and exit 2" test "$rc" -eq 2

rc=0
"$lethe" scan "postgresql://lethe_admin@127.0.0.1:1/postgres" --manifest "$manifest" \
  --as-of 2026-11-01 >"$work/out" 2>"$work/err" || rc=$?
check "an unreachable server: exit 2, connection refused" \
  grep -q '^postgresql://127.0.0.1:1/postgres: cannot connect: .*Connection refused' "$work/err"
check "  ... and exit 2" test "$rc" -eq 2

rc=0
"$lethe" scan "postgresql://lethe_admin:secret@127.0.0.1:$port/postgres" --manifest "$manifest" \
  >"$work/out" 2>"$work/err" || rc=$?
check "a password in the URL is refused (exit 2) and not repeated" \
  bash -c "[ $rc -eq 2 ] && grep -q 'the database URL holds a password' '$work/err' && ! grep -q secret '$work/err'"

sed 's/table: ring_doorbell_native.accounts/table: ring_doorbell_native.no_such_table/' "$manifest" \
  >"$work/missing-table.yaml"
scan_db "$work/missing-table.yaml" --format json
check "a missing table: exit 3, the rule reading it ends in error" \
  python3 -c "
import json, sys
r = json.load(open('$work/out'))
rule = [x for x in r['rules'] if x['id'] == 'ring.account-without-mfa'][0]
sys.exit(0 if $rc == 3 and rule['outcome'] == 'error' and 'no table or view ring_doorbell_native.no_such_table' in open('$work/out').read() else 1)"

cat "$manifest" >"$work/missing-column.yaml"
python3 - "$work/missing-column.yaml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read().replace(
    "    table: ring_doorbell_native.accounts\n",
    "    table: ring_doorbell_native.accounts\n    columns:\n      mfa_enabled: no_such_column\n")
open(path, "w").write(text)
PY
scan_db "$work/missing-column.yaml"
check "a missing column: exit 3, the rule reading it ends in error" \
  bash -c "[ $rc -eq 3 ] && grep -q 'error  *ring.account-without-mfa  *missing field accounts.mfa_enabled' '$work/out'"

psql -c "CREATE ROLE outsider LOGIN PASSWORD 'outsider'"
rc=0
PGPASSWORD=outsider "$lethe" scan "postgresql://outsider@127.0.0.1:$port/postgres" \
  --manifest "$manifest" --as-of 2026-11-01 >"$work/out" 2>"$work/err" || rc=$?
check "a role without SELECT: exit 3, permission denied" \
  bash -c "[ $rc -eq 3 ] && grep -q 'permission denied for schema ring_doorbell_native' '$work/out'"

# A view that takes 3 s, and one that would write: each rule still ends, in error.
psql -c "CREATE SCHEMA traps;
  CREATE TABLE traps.written (n int);
  CREATE FUNCTION traps.sleepy() RETURNS boolean LANGUAGE sql AS 'SELECT pg_sleep(3) IS NULL';
  CREATE FUNCTION traps.writer() RETURNS boolean LANGUAGE plpgsql AS
    'BEGIN INSERT INTO traps.written VALUES (1); RETURN true; END';
  CREATE VIEW traps.slow_accounts AS SELECT * FROM ring_doorbell_native.accounts WHERE traps.sleepy();
  CREATE VIEW traps.writing_accounts AS SELECT * FROM ring_doorbell_native.accounts WHERE traps.writer();"
sed 's/table: ring_doorbell_native.accounts/table: traps.slow_accounts/' "$manifest" >"$work/slow.yaml"
scan_db "$work/slow.yaml" --select ring.account-without-mfa --statement-timeout 1
check "--statement-timeout 1 stops a 3 s query: exit 3, the rule in error" \
  bash -c "[ $rc -eq 3 ] && grep -q 'canceling statement due to statement timeout' '$work/out'"
sed 's/table: ring_doorbell_native.accounts/table: traps.writing_accounts/' "$manifest" >"$work/writing.yaml"
scan_db "$work/writing.yaml" --select ring.account-without-mfa
check "a view that writes cannot: READ ONLY transaction, exit 3, nothing written" \
  bash -c "[ $rc -eq 3 ] && grep -q 'cannot execute INSERT in a read-only transaction' '$work/out' &&
    [ \"\$(command psql -X -At -c 'SELECT count(*) FROM traps.written')\" = 0 ]"

# Rows a file scan would reject are unreadable in a database too: a value outside its field's
# vocabulary, a row without its key. They are counted (exit 3) and left out of the rules.
psql -c "CREATE TABLE traps.accounts (account_id text, created_at text, closed_at text,
    account_type text, mfa_enabled text);
  INSERT INTO traps.accounts VALUES ('A1', '2020-01-01', NULL, 'Customer', 'no'),
    (NULL, '2020-01-01', NULL, 'customer', 'no'), ('A3', '2020-01-01', NULL, 'customer', 'no')"
printf 'version: 1\ndatasets:\n  accounts:\n    table: traps.accounts\n' >"$work/dirty.yaml"
scan_db "$work/dirty.yaml" --select ring.account-without-mfa
table_uri="postgresql://127.0.0.1:$port/postgres/traps.accounts"
check "a value outside the vocabulary and a null key: exit 3, each row named, the rest audited" \
  bash -c "[ $rc -eq 3 ] &&
    grep -qxF '  $table_uri: key A1: account_type: \"Customer\" is not one of customer, employee (did you mean \"customer\"?)' '$work/out' &&
    grep -qxF '  $table_uri: key null: account_id: missing or null; every row needs its key' '$work/out' &&
    grep -qF 'customer account A3 has no multi-factor' '$work/out' &&
    ! grep -qF 'account A1 has' '$work/out'"
psql -c "UPDATE traps.accounts SET account_type = 'customer' WHERE account_id = 'A1';
  UPDATE traps.accounts SET account_id = 'A2' WHERE account_id IS NULL"
scan_db "$work/dirty.yaml" --select ring.account-without-mfa
check "  ... and fixed, the three accounts are found (exit 1)" \
  bash -c "[ $rc -eq 1 ] && grep -qF 'ring.account-without-mfa: Open account without multi-factor authentication (3 findings)' '$work/out'"

# Local wall times: the same instants as a file scan, at New York's autumn hour (the earlier
# instant, where the server alone would take the later) and spring gap, for text, `timestamp
# without time zone` and pattern columns; vendor codes and null tokens as the file readers read them.
zones=$work/zones
mkdir -p "$zones/export" "$zones/rules"
cat >"$zones/rules/all.yaml" <<'YAML'
id: tz.every-recording
severity: low
from: voice_recordings v
where: v.recorded_at is not null or v.device_id is null
message: "{v.recording_id} {v.recorded_at} {v.device_id}"
YAML
{ echo RecordingId,Recorded,Local,Pattern,Device && printf '%s\n' \
  'r1,2026-11-01 01:30:00,2026-11-01 01:30:00,11/01/2026 01:30,ECHO' \
  'r2,2026-03-08 02:30:00,2026-03-08 02:30:00,03/08/2026 02:30,N/A' \
  'r3,2026-07-01 12:00:00,2026-07-01 12:00:00,07/01/2026 12:00,DOT' \
  'r4,2026-11-01T01:30:00-05:00,2026-11-01 01:30:00,11/01/2026 01:30,ECHO' \
  'r5,2026-11-01 00:59:59,2026-11-01 00:59:59,11/01/2026 00:59,ECHO' \
  'r6,2026-11-01 02:00:00,2026-11-01 02:00:00,11/01/2026 02:00,ECHO'; } >"$zones/export/voice.csv"
zone_manifest() {  # zone_manifest COLUMN [FORMAT]: the manifest of the export or of the table
  printf 'version: 1\ntimezone: America/New_York\ndatasets:\n  voice_recordings:\n'
  [ "$3" = files ] && printf '    files: voice.csv\n' || printf '    table: tz.voice\n'
  printf '    null_values: ["N/A"]\n    columns:\n      recording_id: RecordingId\n'
  printf '      device_id: {column: Device, values: {ECHO: echo-1, DOT: dot-2}}\n'
  printf '      recorded_at: {column: %s%s}\n' "$1" "${2:+, format: \"$2\"}"
}
psql -c "CREATE SCHEMA tz; CREATE TABLE tz.voice (\"RecordingId\" text, \"Recorded\" text,
  \"Local\" timestamp without time zone, \"Pattern\" text, \"Device\" text);"
psql -c "\\copy tz.voice FROM '$zones/export/voice.csv' CSV HEADER"
for column in Recorded Local Pattern; do
  format=
  [ "$column" = Pattern ] && format="%m/%d/%Y %H:%M"
  zone_manifest "$column" "$format" files >"$zones/export/lethe.yaml"
  zone_manifest "$column" "$format" table >"$zones/$column.yaml"
  "$lethe" scan "$zones/export" --rules "$zones/rules" --as-of 2026-12-01 --format json \
    --output "$zones/$column.file.json" || true
  scan_db "$zones/$column.yaml" --rules "$zones/rules" --format json
  cp "$work/out" "$zones/$column.db.json"
  check "time zones ($column): the same instants and wall-time warnings as the file scan" python3 -c "
import json, re, sys
messages = lambda p: sorted(f['message'] for f in json.load(open(p))['findings'])
warnings = lambda p: sorted(re.sub('; the first at line [0-9]+', '', w) for d in json.load(open(p))['datasets'] for f in d['files'] for w in f['warnings'])
a, b = messages('$zones/$column.file.json'), messages('$zones/$column.db.json')
wa, wb = warnings('$zones/$column.file.json'), warnings('$zones/$column.db.json')
r1 = [m for m in a if m.startswith('r1 ')]
ok = a == b and len(a) == 6 and r1 == ['r1 2026-11-01T05:30:00Z echo-1'] and any(m.startswith('r2 2026-03-08T07:30:00Z null') for m in a)
ok = ok and wa == wb and len(wa) == 2 and any('does not occur in America/New_York' in w for w in wa)
print('file:', a, wa, '\ndatabase:', b, wb, file=sys.stderr) if not ok else None
sys.exit(0 if ok else 1)"
done

echo "postgresql: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
