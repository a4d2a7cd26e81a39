#!/usr/bin/env python3
"""How often `lethe init` proposes what the bundled samples' own manifests say.

For each sample under samples/ with a manifest (a lethe.yaml at an export's root, or an
auditor-manifest.yaml beside an archive), the export is copied to a temporary folder without its
manifest, `lethe init` proposes one, and both manifests are read by `lethe inspect`: a dataset is
assigned correctly when the proposal reads exactly the sample's files for it, and a field is
mapped correctly when, for every file of each of the sample's sources, the proposal reads it from
the same column. Prints the counts per sample and overall; with --min-fields and --min-datasets,
fails when a count is below its floor (the figures measured, so that they never drop unseen).

usage: init_accuracy.py LETHE SOURCE_DIR [--min-fields N] [--min-datasets N]
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml


def samples(source_dir):
    """(name, export, manifest or None for the export's own lethe.yaml, extra args) of each."""
    found = []
    root = source_dir / "samples"
    for manifest in sorted(root.glob("**/lethe.yaml")):
        if "fixtures" in manifest.parts:
            continue  # a rule pack's test fixtures, not a delivered export
        export = manifest.parent
        name = export.relative_to(root).parts[0]
        extra = []
        rules = export.parent / "rules"
        if (rules / "schema.yaml").exists():
            extra = ["--rules", str(rules)]
        found.append((name, export, None, extra))
    for manifest in sorted(root.glob("*/auditor-manifest.yaml")):
        archives = [p for p in sorted(manifest.parent.iterdir())
                    if p.suffix in (".zip", ".tgz") or p.name.endswith((".tar.gz", ".tar"))]
        if len(archives) == 1:
            found.append((manifest.parent.name, archives[0], manifest, []))
    return sorted(found, key=lambda s: s[0])


def run(args, ok_codes=(0,)):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode not in ok_codes:
        sys.exit(f"{' '.join(map(str, args))}: exit {result.returncode}\n{result.stderr}")
    return result.stdout


def inspect(lethe, export, manifest, extra):
    args = [lethe, "inspect", str(export), "--format", "json", *extra]
    if manifest:
        args += ["--manifest", str(manifest)]
    return json.loads(run(args, ok_codes=(0, 3)))


def mappings(manifest_path):
    """dataset -> source name ("" for a dataset of one store) -> {field: column}."""
    manifest = yaml.safe_load(Path(manifest_path).read_text(encoding="utf-8"))
    result = {}
    for dataset, entry in (manifest.get("datasets") or {}).items():
        stores = entry.get("sources") or [dict(entry, name="")]
        result[dataset] = {}
        for store in stores:
            columns = {}
            for field, column in (store.get("columns") or {}).items():
                columns[field] = str(column["column"] if isinstance(column, dict) else column)
            result[dataset][store["name"]] = columns
    return result


def files_by_dataset(report):
    """dataset -> {path: source name}."""
    return {d["name"]: {f["path"]: f.get("source", "") for f in d["files"]}
            for d in report["datasets"]}


def present_fields(report):
    return {d["name"]: [f["name"] for f in d["fields"] if f["present"]] for d in report["datasets"]}


def compare(real_report, real_map, proposed_report, proposed_map):
    """(datasets right, datasets, fields right, fields, lines about what differs)."""
    real_files = files_by_dataset(real_report)
    proposed_files = files_by_dataset(proposed_report)
    datasets_right = fields_right = fields_total = 0
    notes = []
    for dataset, files in sorted(real_files.items()):
        proposed = proposed_files.get(dataset, {})
        if set(files) == set(proposed):
            datasets_right += 1
        else:
            notes.append(f"  {dataset}: files {sorted(files)} proposed as {sorted(proposed)}")
        by_source = {}
        for path, source in files.items():
            by_source.setdefault(source, []).append(path)
        for field in present_fields(real_report)[dataset]:
            for source, paths in sorted(by_source.items()):
                fields_total += 1
                want = real_map[dataset][source].get(field, field)
                got = []
                for path in paths:
                    if path not in proposed:
                        got.append(None)
                        continue
                    columns = proposed_map[dataset][proposed[path]]
                    got.append(columns.get(field, field))
                if all(column == want for column in got):
                    fields_right += 1
                else:
                    notes.append(f"  {dataset}.{field}: {want!r} proposed as "
                                 f"{sorted(set(map(repr, got)))}")
    return datasets_right, len(real_files), fields_right, fields_total, notes


def measure(lethe, name, export, manifest, extra, scratch):
    real_report = inspect(lethe, export, manifest, extra)
    copy = scratch / name / export.name
    copy.parent.mkdir(parents=True)
    if export.is_dir():
        shutil.copytree(export, copy, ignore=shutil.ignore_patterns("lethe.yaml"))
    else:
        shutil.copy2(export, copy)
    proposed_manifest = scratch / name / "proposed.yaml"
    run([lethe, "init", str(copy), "-o", str(proposed_manifest), *extra])
    proposed_report = inspect(lethe, copy, proposed_manifest, extra)
    return compare(real_report, mappings(manifest or export / "lethe.yaml"), proposed_report,
                   mappings(proposed_manifest))


def share(right, total):
    return f"{right}/{total} ({100.0 * right / total:.1f}%)" if total else "0/0"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("lethe")
    parser.add_argument("source_dir", type=Path)
    parser.add_argument("--min-fields", type=int, default=0)
    parser.add_argument("--min-datasets", type=int, default=0)
    parser.add_argument("--verbose", action="store_true", help="list every difference")
    options = parser.parse_args()
    totals = [0, 0, 0, 0]
    with tempfile.TemporaryDirectory(prefix="lethe-init-accuracy-") as scratch:
        for name, export, manifest, extra in samples(options.source_dir):
            d_right, d_total, f_right, f_total, notes = measure(
                options.lethe, name, export, manifest, extra, Path(scratch))
            print(f"{name}: datasets {share(d_right, d_total)}, fields {share(f_right, f_total)}")
            if options.verbose:
                print("\n".join(notes))
            for i, value in enumerate((d_right, d_total, f_right, f_total)):
                totals[i] += value
    print(f"overall: datasets {share(totals[0], totals[1])}, fields {share(totals[2], totals[3])}")
    failed = False
    if totals[2] < options.min_fields:
        print(f"fields mapped as the samples map them: {totals[2]}, below the floor "
              f"{options.min_fields}", file=sys.stderr)
        failed = True
    if totals[0] < options.min_datasets:
        print(f"datasets assigned as the samples assign them: {totals[0]}, below the floor "
              f"{options.min_datasets}", file=sys.stderr)
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
