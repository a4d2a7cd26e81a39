#!/usr/bin/env python3
"""Writes Alexa-export.zip, the delivery this sample audits, from the rows below: the same bytes
every time (fixed member times, gzip without a name or time), so that the committed zip can be
checked against this script (`make_delivery.py --check`).

The vendor's layout: a US service that writes local wall time without an offset, a European
privacy office that keeps its deletion requests in semicolon CSV in Windows-1252, vendor codes
for account types and request scopes, and a backup SQLite store of voice recordings.
"""
import gzip
import io
import os
import sqlite3
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ZIP = os.path.join(HERE, "Alexa-export.zip")
WHEN = (2026, 12, 1, 9, 0, 0)

CUSTOMERS = """Customer ID,Type,Created,Closed,2FA
A-1,C,2024-01-10 09:00:00,,Y
A-2,C,2024-02-11 10:00:00,,Y
A-3,C,2023-03-12 11:00:00,2026-01-05 17:00:00,N
A-9,E,2023-05-01 08:00:00,,N
"""

PROFILES = """Profile ID,Customer ID,Created,Last Active,Keep,Consent
CP-1,A-1,01/05/2024,03/01/2024,N,01/05/2024 10:00 AM
CP-2,A-2,02/01/2026,11/30/2026 08:15 PM,N,03/08/2026 03:45 AM
CP-3,A-2,03/03/2023,05/05/2024,Y,03/03/2023 09:30 AM
"""

VOICE_PART_1 = [
    '{"id":"V-201","customer":"A-1","profile":null,"device":"ECHO-1","at":"2026-11-01 01:30:00"}',
    '{"id":"V-202","customer":"A-1","profile":null,"device":"ECHO-1","at":"2026-11-01 02:10:00"}',
    '{"id":"V-205","customer":"A-2","profile":null,"device":"ECHO-2","at":"2026-10-30 18:00:00"}',
]
VOICE_PART_2 = [
    '{"id":"V-204","customer":"A-2","profile":"CP-2","device":"ECHO-2","at":"2026-03-08 02:30:00"}',
    '{"id":"V-206","customer":"A-2","profile":"CP-2","device":"ECHO-2","at":"2026-03-08 04:00:00"}',
]

# The backup store keeps UTC epoch seconds: V-201 and V-205 are copies of the primary's rows,
# V-203 is gone from the primary but not from here.
BACKUP = [
    ("V-201", "A-1", None, "ECHO-1", 1793511000),  # 2026-11-01T05:30:00Z
    ("V-203", "A-1", None, "ECHO-1", 1792497600),  # 2026-10-20T12:00:00Z
    ("V-205", "A-2", None, "ECHO-2", 1793397600),  # 2026-10-30T22:00:00Z
]

# Transcripts, New York wall times: T-203's recording is only in the backup, T-207's is in no store.
TRANSCRIPTS = """Transcript,Recording,Customer,Profile,Created
T-203,V-203,A-1,,2026-10-20 08:00:02
T-205,V-205,A-2,,2026-10-30 18:00:02
T-207,V-207,A-2,,2026-09-10 14:00:00
"""

REQUESTS = """Anfrage;Kunde;Kinderprofil;Umfang;Eingang;Erledigt;Bearbeiter
DR-1;A-1;;SPRACHAUFNAHMEN;01.11.2026 07:00;05.11.2026 12:00;J\u00fcrgen M\u00fcller
DR-2;A-2;;STANDORT;02.10.2026 09:00;NULL;Zo\u00eb Br\u00fcckner
DR-3;A-3;;ALLES;20.11.2026 10:00;NULL;Ren\u00e9e Fa\u00dfbender
"""

HOLDS = """Hold,Customer,Profile,Placed,Released,Matter
LH-1,A-3,,2025-01-01 00:00:00,2025-06-01 00:00:00,Warranty claim (settled)
"""


def gzipped(lines):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as z:
        z.write(("\n".join(lines) + "\n").encode())
    return out.getvalue()


def backup_db():
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "backup.db")
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE recordings (rec_id TEXT, cust TEXT, child TEXT, dev TEXT, ts INTEGER)")
        db.executemany("INSERT INTO recordings VALUES (?, ?, ?, ?, ?)", BACKUP)
        db.commit()
        db.execute("VACUUM")
        db.close()
        with open(path, "rb") as f:
            return f.read()


def members():
    return [
        ("Alexa/Account/customers.csv", CUSTOMERS.encode()),
        ("Alexa/Kids/profiles.csv", PROFILES.encode()),
        ("Alexa/VoiceHistory/part-1.ndjson.gz", gzipped(VOICE_PART_1)),
        ("Alexa/VoiceHistory/part-2.ndjson.gz", gzipped(VOICE_PART_2)),
        ("Alexa/Backup/voice-backup.db", backup_db()),
        ("Alexa/VoiceHistory/transcripts.csv", TRANSCRIPTS.encode()),
        ("Alexa/Privacy/loeschantraege.csv", REQUESTS.encode("windows-1252")),
        ("Alexa/Legal/holds.csv", HOLDS.encode()),
    ]


def build():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members():
            info = zipfile.ZipInfo(name, WHEN)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return out.getvalue()


def main():
    data = build()
    if sys.argv[1:] == ["--check"]:
        with open(ZIP, "rb") as f:
            same = f.read() == data
        print("Alexa-export.zip is " + ("up to date" if same else "out of date: run make_delivery.py"))
        sys.exit(0 if same else 1)
    with open(ZIP, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
