"""Benchmark: importing an ``.ics`` file of 100,000 meetings into the bank example.

A synthetic calendar (fixed seed): 100,000 ``VEVENT``s over 2026, each with a
``DTSTART`` (with a ``TZID``, in UTC, or a whole day), a ``SUMMARY``, an ``ORGANIZER``
and one to three ``ATTENDEE``s, some folded over two lines, some addresses nobody has.
The map is ``examples/cn-bank-core-banking.kam.json`` with e-mails given to its team and
stakeholders. Measured in one process, median of ``--repeats`` runs:

* **baseline**: the bare parse — the file decoded and split into unfolded lines, each
  line split at its first colon, nothing matched or kept — what no importer can beat;
* **ours**: :func:`graphlib_kam.importers.import_activities` — decode, the RFC 5545
  line reader, matching every address to the map, new coverage links, de-duplication
  against the map and the report of unmatched addresses;
* **analysis**: ``coverage_gaps`` of the map with all its activities (the effective last
  contact of every link is one pass over the activities).

The ``icalendar`` package (7.3) took 47 s to parse the same file on this machine
(``Calendar.from_ical`` and a walk of the events), which is why the importer has its own
line reader. Run with ``python benchmarks/bench_ics.py [--events N] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from graphlib_kam.algorithms import coverage_gaps
from graphlib_kam.importers import import_activities
from graphlib_kam.model import parse_map
from graphlib_kam.settings import Settings

sys.path.insert(0, str(Path(__file__).parent))
from timing import median_ms  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def bank_map():
    data = json.loads((ROOT / "examples" / "cn-bank-core-banking.kam.json").read_text("utf-8"))
    for person in data["team"]:
        person["email"] = f"{person['id']}@vendor.example"
    for person in data["stakeholders"]:
        person["email"] = f"{person['id']}@bank.example"
    return parse_map(data)


def calendar(amap, events: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    team = [t.email for t in amap.team]
    people = [s.email for s in amap.stakeholders] + ["guest@elsewhere.example"]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//ics//EN"]
    for n in range(events):
        month, day, hour = rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23)
        start = rng.choice([f"DTSTART;TZID=Asia/Shanghai:2026{month:02}{day:02}T{hour:02}0000",
                            f"DTSTART:2026{month:02}{day:02}T{hour:02}0000Z",
                            f"DTSTART;VALUE=DATE:2026{month:02}{day:02}"])
        lines += ["BEGIN:VEVENT", f"UID:{n}@bench.example", "DTSTAMP:20260101T000000Z", start,
                  f"SUMMARY:Meeting {n}\\, topic {rng.randint(1, 50)}",
                  f"ORGANIZER;CN=\"Organizer {n % 4}\":mailto:{rng.choice(team)}"]
        for address in rng.sample(people, rng.randint(1, 3)):
            line = f"ATTENDEE;CN=Person;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:{address}"
            lines += [line[:60], " " + line[60:]] if n % 5 == 0 else [line]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def bare_parse(raw: bytes) -> int:
    count = 0
    logical = ""
    for line in raw.decode("utf-8").splitlines():
        if line[:1] in (" ", "\t"):
            logical += line[1:]
            continue
        if logical:
            logical.partition(":")
            count += 1
        logical = line
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    amap = bank_map()
    raw = calendar(amap, args.events)
    result = import_activities("ics", [("bench.ics", raw)], amap)
    base_wall, base_cpu = median_ms(lambda: bare_parse(raw), args.repeats)
    ours_wall, ours_cpu = median_ms(
        lambda: import_activities("ics", [("bench.ics", raw)], amap), args.repeats)
    settings = Settings(as_of=__import__("datetime").date(2026, 11, 28))
    gaps_wall, gaps_cpu = median_ms(
        lambda: coverage_gaps(result.map, settings=settings), args.repeats)
    print(f"{args.events:,} events, {len(raw) / 1e6:.1f} MB; {len(result.map.activities):,} "
          f"activities, {len(result.problems):,} problems reported, "
          f"{len(result.map.coverage) - len(amap.coverage)} new coverage links")
    print("| what | median wall ms | median CPU ms | × baseline |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| bare parse (baseline) | {base_wall:,.0f} | {base_cpu:,.0f} | 1.0 |")
    print(f"| import_activities | {ours_wall:,.0f} | {ours_cpu:,.0f} | "
          f"{ours_wall / base_wall:.1f} |")
    print(f"| coverage_gaps with the activities | {gaps_wall:,.0f} | {gaps_cpu:,.0f} | — |")


if __name__ == "__main__":
    main()
