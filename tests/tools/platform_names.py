#!/usr/bin/env python3
"""Prints where code in SRC outside SRC/platforms/ names a platform.

    platform_names.py SRC

The platforms are the PLATFORM(ID, name) and LATER(name, ...) lines of
SRC/platforms/list.h. Outside SRC/platforms/, a string literal holding a
platform's name as a word (any case: "twitter", "feed: wrote", "X-Twitter")
or a constant PF_ID is a finding; comments are not code and are skipped, as
is the name of the twitter-text algorithm ("twitter-text", COUNT_TWITTER
is the counter's name). Prints FILE:LINE: WHAT per finding and exits 1
when there is any, 0 otherwise. Standard library only.
"""
import os
import re
import sys


def platforms(src):
    names, ids = [], []
    with open(os.path.join(src, "platforms", "list.h"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*PLATFORM\((\w+),\s*(\w+)\)", line)
            if m:
                ids.append(m.group(1))
                names.append(m.group(2))
            m = re.match(r"\s*LATER\((\w+)", line)
            if m:
                names.append(m.group(1))
    return names, ids


def code_only(text):
    """text with comments blanked (newlines kept), strings kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def findings(src):
    names, ids = platforms(src)
    word = re.compile(r"(?<![A-Za-z0-9_])(%s)(?![A-Za-z0-9_])" %
                      "|".join(names), re.I)
    const = re.compile(r"\bPF_(%s)\b" % "|".join(ids))
    string = re.compile(r'"(?:[^"\\\n]|\\.)*"')
    for f in sorted(os.listdir(src)):
        if not f.endswith((".c", ".h")):
            continue
        with open(os.path.join(src, f), encoding="utf-8") as fh:
            code = code_only(fh.read())
        for no, line in enumerate(code.split("\n"), 1):
            for m in const.finditer(line):
                yield "%s:%d: %s" % (f, no, m.group(0))
            for s in string.finditer(line):
                lit = s.group(0).replace("twitter-text", "")
                if word.search(lit):
                    yield "%s:%d: %s" % (f, no, s.group(0))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    found = list(findings(sys.argv[1]))
    for f in found:
        print(f)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
