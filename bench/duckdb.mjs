// Runs the hand-written rules with DuckDB (the @duckdb/node-api package that bench/run installs into
// build/bench/node_modules):
//
//   node bench/duckdb.mjs EXPORT_DIR RULES.sql OUT.tsv
//
// Reads every <dataset>.csv (or .csv.gz) of EXPORT_DIR into an in-memory table of the same name with DuckDB's
// type detection (timestamps become TIMESTAMP WITH TIME ZONE, booleans BOOLEAN, empty values NULL),
// runs the single query of RULES.sql and writes its (rule_id, key) rows to OUT.tsv, one
// "rule<TAB>key" line each. Phase timings and the detected column types go to stderr.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [exportDir, rulesFile, outFile] = process.argv.slice(2);
if (!outFile) {
  console.error('usage: node bench/duckdb.mjs EXPORT_DIR RULES.sql OUT.tsv');
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const moduleDir = process.env.BENCH_NODE_MODULES_PREFIX || join(root, 'build', 'bench');
const { DuckDBInstance } = createRequire(join(moduleDir, 'package.json'))('@duckdb/node-api');

const quote = (text) => `'${text.replaceAll("'", "''")}'`;
const started = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
// Timestamps are compared as instants; the session time zone only matters for display and
// calendar arithmetic, which the rules avoid, but pin it so nothing depends on the machine.
await db.run("SET TimeZone = 'UTC'");

// `<dataset>.csv`, or `<dataset>.csv.gz`, which read_csv decompresses (by its extension).
const files = readdirSync(exportDir).filter((f) => /\.csv(\.gz)?$/.test(f)).sort();
const types = [];
for (const file of files) {
  const table = file.replace(/\.csv(\.gz)?$/, '');
  await db.run(`CREATE TABLE "${table}" AS SELECT * FROM read_csv(${quote(join(exportDir, file))}, ` +
               `auto_detect = true, header = true)`);
  const columns = await db.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${quote(table)} ` +
    'ORDER BY ordinal_position');
  types.push(`${table}(${columns.getRows().map(([name, type]) => `${name} ${type}`).join(', ')})`);
}
const loaded = performance.now();

const result = await db.runAndReadAll(readFileSync(rulesFile, 'utf8'));
const rows = result.getRows();
writeFileSync(outFile, rows.map(([rule, key]) => `${rule}\t${key}\n`).join(''));
const done = performance.now();

if (process.env.BENCH_VERBOSE) console.error(types.join('\n'));
console.error(`duckdb: load ${((loaded - started) / 1000).toFixed(2)} s, rules ` +
              `${((done - loaded) / 1000).toFixed(2)} s, ${rows.length} findings`);
