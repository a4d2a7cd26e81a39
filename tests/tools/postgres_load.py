#!/usr/bin/env python3
"""Writes SQL that loads a kept Lethe store (lethe scan --store) into a PostgreSQL schema, and the
manifest that maps its datasets to the new tables.

Usage: postgres_load.py STORE.db SCHEMA MODE MANIFEST_OUT > load.sql

MODE says how the columns are typed, so that each conversion of a database scan is exercised:
  native  timestamp with time zone, boolean, bigint, double precision, text
  text    every column text: ISO 8601 timestamps, booleans as yes/no
  epoch   timestamps as bigint Unix seconds (format: epoch_s), booleans as 0/1 integers
"""
import datetime
import sqlite3
import sys


def literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def main():
    store, schema, mode, manifest_out = sys.argv[1:5]
    db = sqlite3.connect(store)
    types = {}
    for dataset, field, field_type in db.execute(
            "SELECT dataset, field, type FROM lethe_fields WHERE present = 1 "
            "ORDER BY dataset, field"):
        types.setdefault(dataset, {})[field] = field_type
    print(f'CREATE SCHEMA "{schema}";')
    manifest = ["version: 1", f"name: {schema}", "datasets:"]
    for dataset in sorted(types):
        fields = types[dataset]
        names = list(fields)
        columns = []
        for name in names:
            kind = fields[name]
            if mode == "native":
                sql_type = {"timestamp": "timestamp with time zone", "boolean": "boolean",
                            "integer": "bigint", "real": "double precision"}.get(kind, "text")
            elif mode == "epoch":
                sql_type = {"timestamp": "bigint", "boolean": "integer", "integer": "bigint",
                            "real": "double precision"}.get(kind, "text")
            else:
                sql_type = "text"
            columns.append(f'"{name}" {sql_type}')
        print(f'CREATE TABLE "{schema}"."{dataset}" ({", ".join(columns)});')
        manifest += [f"  {dataset}:", f"    table: {schema}.{dataset}"]
        if mode == "epoch" and any(fields[n] == "timestamp" for n in names):
            manifest.append("    columns:")
            for name in names:
                if fields[name] == "timestamp":
                    manifest.append(f"      {name}: {{column: {name}, format: epoch_s}}")
        quoted = ", ".join(f'"{n}"' for n in names)
        rows = db.execute(f'SELECT {quoted} FROM "{dataset}" ORDER BY rowid').fetchall()
        for row in rows:
            values = []
            for name, value in zip(names, row):
                kind = fields[name]
                if value is None:
                    values.append("NULL")
                elif kind == "timestamp" and mode != "epoch":
                    moment = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=value)
                    values.append(literal(moment.strftime("%Y-%m-%dT%H:%M:%SZ")))
                elif kind == "boolean" and mode == "native":
                    values.append("TRUE" if value else "FALSE")
                elif kind == "boolean" and mode == "text":
                    values.append(literal("yes" if value else "no"))
                else:
                    values.append(literal(str(value) if mode == "text" else value))
            print(f'INSERT INTO "{schema}"."{dataset}" VALUES ({", ".join(values)});')
    with open(manifest_out, "w") as out:
        out.write("\n".join(manifest) + "\n")


main()
