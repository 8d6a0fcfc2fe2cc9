#!/usr/bin/env python3
"""The selection of one day in plain Python, the benchmarks' reference.

    bench/select_day.py POSTS_DIR YYYY-MM-DD [MAX_PER_DAY]

Reads every *.json file under POSTS_DIR (sorted, hidden files skipped),
keeps the anniversaries of the day (February 29 events on February 28 in
common years), filters drafts, future events and "years", ranks them as
almanac does (priority, round anniversaries, id), chooses MAX_PER_DAY
(default 5), spreads the untimed ones over 09:00-17:00 and prints the day
as JSON. It checks nothing and formats no platform text: it is the floor
of what a straightforward script costs, not a second implementation.
"""

import json
import os
import sys


def is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def roundness(n):
    if n <= 0:
        return 0
    for k, r in ((100, 4), (50, 3), (25, 2), (10, 1)):
        if n % k == 0:
            return r
    return 0


def main(argv):
    top, date = argv[0], argv[1]
    limit = int(argv[2]) if len(argv) > 2 else 5
    y, m, d = (int(x) for x in date.split("-"))
    cands = []
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.endswith(".json"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                p = json.load(f)
            ds = p["date"]
            pm, pd = int(ds[-5:-3]), int(ds[-2:])
            on = (pm, pd) == (m, d) or ((pm, pd) == (2, 29) and
                                        not is_leap(y) and (m, d) == (2, 28))
            if not on:
                continue
            year = None if ds.startswith("--") else int(ds[:4])
            if year is not None and p.get("era") == "BC":
                year = 1 - year
            ago = None if year is None else y - year
            yrs = p.get("years", {})
            ok = not p.get("draft") and (ago is None or ago > 0) and \
                y >= yrs.get("from", y) and y <= yrs.get("until", y) and \
                (ago is None or ago % yrs.get("every", 1) == 0)
            cands.append({"id": p.get("id", name[:-5]), "file": path,
                          "title": p["title"], "eligible": ok,
                          "priority": p.get("priority", 0),
                          "years_ago": ago, "time": p.get("time")})
    cands.sort(key=lambda c: (not c["eligible"], -c["priority"],
                              -roundness(c["years_ago"] or 0), c["id"]))
    chosen = [c for c in cands if c["eligible"]][:limit or None]
    untimed = sorted((c for c in chosen if c["time"] is None),
                     key=lambda c: c["id"])
    for i, c in enumerate(untimed):
        t = 9 * 60 + i * 8 * 60 // len(untimed)
        c["time"] = f"{t // 60:02d}:{t % 60:02d}"
    for c in cands:
        c["chosen"] = c in chosen
        c["slot"] = c["time"] if c["chosen"] else None
        for k in ("eligible", "priority", "time"):
            del c[k]
    json.dump({"date": date, "posts": cands}, sys.stdout, indent=1,
              ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
