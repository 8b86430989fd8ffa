#!/usr/bin/env python3
"""Build regions/names.tsv, the GB/T 2260 code -> name table (see regions/NAMES.md).

Usage:
    python3 regions/tools/make_names.py SOURCE [--out regions/names.tsv]

SOURCE is one year's list of county-level-and-above division codes in the
plain `CODE NAME` form, one division per line (a space or a tab between the
six-digit code and the name), e.g. `data/2025.txt` of the CC0 dataset
github.com/yescallop/areacodes. Blank lines and lines starting with `#` are
ignored. Only the codes and names are read; nothing else of the source is
kept.

Output: UTF-8, one line per division, `code<TAB>name<TAB>parent`, sorted by
code, no header, `\n` line ends.

Levels and parents (the rule GB/T 2260 codes follow):
  * province  (`XX0000`)  -> parent `CN`;
  * prefecture (`XXXX00`, not `XX0000`) -> parent `XX0000`;
  * county (any other code) -> `XXXX00` if that prefecture is in the list,
    else `XX0000`. So districts of 北京/天津/上海/重庆 and the county-level
    units directly under a province (省直辖县级行政单位: 419001, 4290xx,
    4690xx, 6590xx) point at the province.
The synthetic MCA rows `XX0100 市辖区` and `500200 县` of the four
municipalities, if the source has them, are dropped (they are not
divisions), so their districts point at the municipality as above.

Provincial units 71 (台湾省), 81 (香港) and 82 (澳门) are left out: the table
serves the mainland 低保 system. Every code must be six digits, appear once,
and have a parent in the table; otherwise the script stops with an error and
writes nothing.
"""

import argparse
import os
import re
import sys

EXCLUDED_PROVINCES = {"71", "81", "82"}
# MCA lists these placeholder rows under the four municipalities; they are
# groupings, not divisions.
PLACEHOLDER_NAMES = {"市辖区", "县"}
MUNICIPALITIES = {"11", "12", "31", "50"}

LINE = re.compile(r"^(\d{6})[ \t]+(\S.*?)\s*$")


def level(code):
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def read_source(path):
    """{code: name} from a `CODE NAME` file; exits on malformed input."""
    names = {}
    errors = []
    with open(path, encoding="utf-8-sig") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = LINE.match(line)
            if not m:
                errors.append(f"{path}:{n}: not `CODE NAME`: {line!r}")
                continue
            code, name = m.group(1), m.group(2)
            if any(c in name for c in "\t "):
                errors.append(f"{path}:{n}: whitespace in name: {name!r}")
            if code in names:
                errors.append(f"{path}:{n}: duplicate code {code}")
            names[code] = name
    if errors:
        sys.exit("\n".join(errors))
    return names


def build(names):
    """Sorted [(code, name, parent)], or exits naming every problem."""
    kept = {}
    for code, name in names.items():
        if code[:2] in EXCLUDED_PROVINCES:
            continue
        if (
            code[:2] in MUNICIPALITIES
            and level(code) == "prefecture"
            and name in PLACEHOLDER_NAMES
        ):
            continue
        kept[code] = name
    rows = []
    errors = []
    for code in sorted(kept):
        lv = level(code)
        if lv == "province":
            parent = "CN"
        elif lv == "prefecture":
            parent = code[:2] + "0000"
        else:
            pref = code[:4] + "00"
            parent = pref if pref in kept else code[:2] + "0000"
        if parent != "CN" and parent not in kept:
            errors.append(f"{code} {kept[code]}: parent {parent} not in the list")
        rows.append((code, kept[code], parent))
    if errors:
        sys.exit("\n".join(errors))
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="a `CODE NAME` list, e.g. areacodes data/2025.txt")
    ap.add_argument(
        "--out",
        default=os.path.join(here, "..", "names.tsv"),
        help="output file (default: regions/names.tsv)",
    )
    args = ap.parse_args()
    rows = build(read_source(args.source))
    text = "".join(f"{c}\t{n}\t{p}\n" for c, n, p in rows)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, args.out)
    counts = {"province": 0, "prefecture": 0, "county": 0}
    for c, _, _ in rows:
        counts[level(c)] += 1
    print(
        f"{os.path.normpath(args.out)}: {len(rows)} divisions "
        f"({counts['province']} provincial, {counts['prefecture']} prefecture-level, "
        f"{counts['county']} county-level)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
