#!/usr/bin/env python3
"""Prints the per-package mutation table of docs/reliability.md from PIT's mutations.xml files.

  scripts/pit-table.py sdk-api/target/pit-reports/mutations.xml sdk-core/target/pit-reports/mutations.xml

Score = detected / generated; test strength = detected / (generated - no coverage), as PIT reports
them. "Detected" is PIT's own flag: killed, timed out, memory error or run error.
"""
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

rows = defaultdict(lambda: {"total": 0, "killed": 0, "survived": 0, "nocov": 0})
for path in sys.argv[1:]:
    for m in ET.parse(path).getroot().iter("mutation"):
        cls = m.findtext("mutatedClass")
        pkg = cls.rsplit(".", 1)[0]
        r = rows[pkg]
        r["total"] += 1
        status = m.get("status")
        if m.get("detected") == "true":
            r["killed"] += 1
        elif status == "NO_COVERAGE":
            r["nocov"] += 1
        else:
            r["survived"] += 1

def pct(a, b):
    return f"{round(100 * a / b)}%" if b else "—"

print("| package | mutations | killed | survived | no coverage | score | test strength |")
print("|---|---:|---:|---:|---:|---:|---:|")
for pkg in sorted(rows):
    r = rows[pkg]
    print(f"| `{pkg}` | {r['total']} | {r['killed']} | {r['survived']} | {r['nocov']} | "
          f"{pct(r['killed'], r['total'])} | {pct(r['killed'], r['total'] - r['nocov'])} |")
