#!/usr/bin/env python3
"""Counts the archive: posts by century, and by region and field.

    scripts/archive-stats.py [--json] [POSTS_DIR]    (default: posts)

Reads every *.json file below POSTS_DIR as almanac does (hidden files and
folders aside) and counts the posts that go out (drafts aside, counted
apart):

- by century, from "date" (and "era": "BC"): "20th century", "1st century
  BC"; a post without a year ("--MM-DD") is "no year";
- by region and by field, from the post's "x-region" and "x-field" (one
  string each, e.g. "Europe", "science"): fields almanac ignores, as it
  ignores every "x-" field; a post without one is counted as "(not said)".

Prints a table for people, or with --json one object
{"posts", "drafts", "unreadable", "century", "region", "field"}, each count
a list of [name, n] pairs, largest first (centuries in time order). A file
that is not a JSON object with a valid "date" is counted as unreadable and
named on stderr; almanac lint says what is wrong with it. Exit 0, or 2 when
POSTS_DIR is not a folder. Python 3 standard library only.
"""
import json
import os
import re
import sys

DATE = re.compile(r"^(?:(\d{4})-|--)(\d{2})-(\d{2})$")
NOT_SAID = "(not said)"


def ordinal(n):
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 21 -> "21st"."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def century(date, era):
    """The century of a "date" as a (sort key, name), or None when the
    date is not one almanac reads."""
    m = DATE.match(date) if isinstance(date, str) else None
    if m is None:
        return None
    if m.group(1) is None:
        return (10**9, "no year")
    year = int(m.group(1))
    if year == 0:
        return None
    n = (year - 1) // 100 + 1
    if era == "BC":
        return (-n, f"{ordinal(n)} century BC")
    return (n, f"{ordinal(n)} century")


def post_files(top):
    """Every *.json file below top, hidden files and folders aside, in
    sorted order."""
    for d, dirs, files in os.walk(top):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        for f in sorted(files):
            if f.endswith(".json") and not f.startswith("."):
                yield os.path.join(d, f)


def label(v):
    """A post's x-region or x-field as a name to count under."""
    if isinstance(v, str) and v.strip():
        return v.strip()
    return NOT_SAID


def count(top):
    """The counts of the archive below top, as the --json object."""
    posts = drafts = unreadable = 0
    cent, cent_key, region, field = {}, {}, {}, {}
    for path in post_files(top):
        try:
            with open(path, encoding="utf-8") as f:
                p = json.load(f)
            c = century(p.get("date"), p.get("era"))
        except (OSError, ValueError, AttributeError) as e:
            c, p = None, e
        if c is None:
            unreadable += 1
            print(f"{path}: not counted: not a post with a valid \"date\" "
                  "(almanac lint says why)", file=sys.stderr)
            continue
        if p.get("draft") is True:
            drafts += 1
            continue
        posts += 1
        cent_key[c[1]] = c[0]
        cent[c[1]] = cent.get(c[1], 0) + 1
        r, fl = label(p.get("x-region")), label(p.get("x-field"))
        region[r] = region.get(r, 0) + 1
        field[fl] = field.get(fl, 0) + 1

    def largest_first(d):
        return [[k, d[k]] for k in sorted(d, key=lambda k: (-d[k], k))]

    return {"posts": posts, "drafts": drafts, "unreadable": unreadable,
            "century": [[k, cent[k]] for k in
                        sorted(cent, key=lambda k: cent_key[k])],
            "region": largest_first(region),
            "field": largest_first(field)}


def table(s):
    """The counts for people."""
    out = [f"{s['posts']} posts ({s['drafts']} drafts and "
           f"{s['unreadable']} unreadable files not counted)"]
    for what in ("century", "region", "field"):
        out.append("")
        out.append(f"by {what}:")
        for name, n in s[what]:
            pct = 100.0 * n / s["posts"] if s["posts"] else 0.0
            out.append(f"  {n:6d}  {pct:5.1f}%  {name}")
    return "\n".join(out) + "\n"


def main(argv):
    args = argv[1:]
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print("usage: archive-stats.py [--json] [POSTS_DIR]",
              file=sys.stderr)
        return 2
    top = args[0] if args else "posts"
    if not os.path.isdir(top):
        print(f"archive-stats.py: {top}: not a folder (expected the posts "
              "folder)", file=sys.stderr)
        return 2
    s = count(top)
    sys.stdout.write(json.dumps(s, indent=1) + "\n" if as_json else table(s))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
