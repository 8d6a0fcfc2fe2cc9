#!/usr/bin/env python3
"""Checks almanac preview's HTML against its contract and summarizes it.

    html_check.py page FILE     one document (preview --format html)
    html_check.py site DIR [MIN] the site (preview --all-days --format html
                                -o DIR): index.html and the 366 day pages

Checks every document: well nested (void elements aside), <!DOCTYPE
html>, <html lang="en">, <meta charset="utf-8">, the viewport meta, one
inline <style> and no <script>, no stylesheet link, no attribute holding
an outside URL but the src of an <img class="post-image"> (links between
the site's own pages only, and to ids that exist in the document); then the elements of the contract: each
<section class="day" data-date> with an <h1>; each <article class="post">
with id="post-ID", data-post, data-chosen and an <h2>, a "why-not" when
not chosen; each broken post with data-file and a <p class="error">
FILE:LINE:...; each <section class="card"> with data-platform (a known
name), data-enabled, an <h3>, and unless skipped a card-text, a count
"N / LIMIT", a slot time HH:MM when the post has a slot, and the requests
in <details class="requests">; every <img class="post-image"> with an alt
inside a <figure class="image"> that also holds a figcaption.image-alt
showing that alt.

For a site, also: 366 pages MM-DD.html, each with a <nav> of rel=prev,
index and next links that name the day before and after (12-31 -> 01-01)
and exist, and index.html with 12 <table class="month"> and a <td
data-posts> per day linking to its page, in calendar order, "empty" exactly on days of no
posts and "thin" on days of fewer posts than MIN (default 2), never
both.

Prints a JSON summary on stdout (page: its days, posts, cards, broken
files; site: the index's cells and each page's summary by MM-DD) for the
test to look into; exits 1 with the first violation on stderr. Standard
library only.
"""
import html.parser
import json
import os
import re
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
PLATFORMS = {"twitter", "linkedin", "facebook", "instagram", "pinterest",
             "feed", "mastodon", "bluesky", "threads"}


class Bad(Exception):
    pass


def need(cond, what):
    if not cond:
        raise Bad(what)


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.kids, self.text = [], []

    def cls(self):
        return (self.attrs.get("class") or "").split()

    def all(self):
        yield self
        for k in self.kids:
            if isinstance(k, Node):
                yield from k.all()

    def find(self, tag=None, cls=None):
        return [n for n in self.all() if n is not self and
                (tag is None or n.tag == tag) and
                (cls is None or cls in n.cls())]

    def string(self):
        return "".join(k if isinstance(k, str) else k.string()
                       for k in self.kids)


class Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root
        self.decl = []

    def handle_decl(self, d):
        self.decl.append(d)

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.kids.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        need(tag not in VOID, f"</{tag}>")
        need(self.cur.tag == tag, f"</{tag}> closes <{self.cur.tag}>")
        self.cur = self.cur.parent

    def handle_data(self, d):
        self.cur.kids.append(d)


def parse(path):
    t = Tree()
    with open(path, encoding="utf-8") as f:
        t.feed(f.read())
    t.close()
    need(t.cur is t.root, f"<{t.cur.tag}> never closed")
    need(t.decl == ["DOCTYPE html"], f"doctype {t.decl}")
    return t.root


def inside(n, tag, cls):
    while n is not None:
        if n.tag == tag and cls in n.cls():
            return True
        n = n.parent
    return False


def check_document(root, local=()):
    """The parts every document has; local: the file names a link may
    name."""
    h = root.find("html")
    need(len(h) == 1 and h[0].attrs.get("lang") == "en", "<html lang=en>")
    metas = root.find("meta")
    need(any(m.attrs.get("charset") == "utf-8" for m in metas), "charset")
    need(any(m.attrs.get("name") == "viewport" and m.attrs.get("content") ==
             "width=device-width, initial-scale=1" for m in metas),
         "viewport meta")
    need(len(root.find("style")) == 1, "one <style>")
    need("prefers-color-scheme" in root.find("style")[0].string(),
         "no dark scheme")
    need(not root.find("script"), "a <script>")
    need(not root.find("link"), "a <link>")
    need(not root.find("base"), "a <base>")
    ids = {n.attrs["id"] for n in root.all() if n.attrs.get("id")}
    for n in root.all():
        for k, v in n.attrs.items():
            v = v or ""
            if k == "src":
                need(n.tag == "img" and "post-image" in n.cls(),
                     f"src on <{n.tag}>")
                continue
            if k == "href":
                need(v in local or v.startswith("#"),
                     f"href to {v!r}")
                need(not v.startswith("#") or v[1:] in ids,
                     f"href {v!r}: no such id in the document")
                continue
            need("://" not in v and not v.startswith("//") and
                 "url(" not in v, f"{k}={v!r} on <{n.tag}>")
    need("url(" not in root.find("style")[0].string() and "@import" not in
         root.find("style")[0].string(), "a URL in the style")
    for img in root.find("img"):
        need("post-image" in img.cls(), "an <img> not a post image")
        need("alt" in img.attrs, "an image without alt")
        fig = img.parent
        need(fig.tag == "figure" and "image" in fig.cls(),
             "an image outside figure.image")
        caps = fig.find("figcaption", "image-alt")
        need(caps and (caps[0].string() == img.attrs["alt"] or
                       not img.attrs["alt"]), "no alt placeholder")


def card_summary(c, slot):
    name = c.attrs.get("data-platform")
    need(name in PLATFORMS, f"card platform {name!r}")
    need(c.attrs.get("data-enabled") in ("true", "false"), "data-enabled")
    need(c.find("h3"), f"{name}: no <h3>")
    s = {"platform": name, "enabled": c.attrs["data-enabled"] == "true"}
    if c.attrs.get("data-skipped") == "true":
        need(c.find("p", "skipped") and not c.find("div", "card-text"),
             f"{name}: skipped")
        s["skipped"] = True
        return s
    t = c.find("div", "card-text")
    need(len(t) == 1, f"{name}: card-text")
    s["text"] = t[0].string()
    cnt = c.find("p", "count")
    need(len(cnt) == 1 and re.fullmatch(r"\d+ / (\d+|no limit)",
                                        cnt[0].string()),
         f"{name}: count {cnt and cnt[0].string()!r}")
    s["count"] = cnt[0].string()
    tm = c.find("time", "slot")
    if slot:
        need(len(tm) == 1 and re.fullmatch(r"\d\d:\d\d", tm[0].string()),
             f"{name}: slot")
        s["slot"] = tm[0].string()
    cut = c.find("p", "cut")
    if cut:
        s["cut"] = cut[0].string()
    err = c.find("p", "error")
    if err:
        s["error"] = err[0].string()
    d = c.find("details", "requests")
    need(len(d) == 1 or err, f"{name}: requests")
    if d:
        s["requests"] = "\n".join(p.string() for p in d[0].find("pre"))
    imgs = c.find("img", "post-image")
    if imgs:
        s["image"] = imgs[0].attrs["src"]
        s["alt"] = imgs[0].attrs["alt"]
    return s


def page_summary(root):
    days = []
    for sec in root.find("section", "day"):
        need(re.fullmatch(r"\d{4}-\d\d-\d\d", sec.attrs.get("data-date", "")),
             "data-date")
        need(sec.find("h1"), "a day without <h1>")
        day = {"date": sec.attrs["data-date"], "h1": sec.find("h1")[0].string(),
               "posts": [], "broken": []}
        for a in sec.find("article", "post"):
            if "broken" in a.cls():
                f = a.attrs.get("data-file")
                need(f, "broken post without data-file")
                errs = [p.string() for p in a.find("p", "error")]
                need(errs and all(e.startswith(f + ":") for e in errs),
                     f"broken {f}: errors {errs}")
                day["broken"].append({"file": f, "errors": errs})
                continue
            pid = a.attrs.get("data-post")
            need(pid and a.attrs.get("id") == "post-" + pid, "post id")
            ch = a.attrs.get("data-chosen")
            need(ch in ("true", "false"), "data-chosen")
            need(a.find("h2"), f"{pid}: no <h2>")
            why = a.find("p", "why-not")
            need(ch == "true" or why, f"{pid}: no why-not")
            slot = ch == "true"
            day["posts"].append({
                "id": pid, "chosen": ch == "true",
                "title": a.find("h2")[0].string(),
                "why_not": why[0].string() if why else None,
                "cards": [card_summary(c, slot)
                          for c in a.find("section", "card")]})
        days.append(day)
    return days


def check_page(path):
    root = parse(path)
    check_document(root)
    return {"days": page_summary(root)}


def mmdd(i):
    import datetime
    d = datetime.date(2000, 1, 1) + datetime.timedelta(days=i % 366)
    return f"{d.month:02d}-{d.day:02d}"


def check_site(d, min_per_day):
    names = [mmdd(i) + ".html" for i in range(366)]
    local = set(names) | {"index.html"}
    have = set(os.listdir(d))
    need(local <= have, f"missing {sorted(local - have)[:5]}")
    pages = {}
    for i, n in enumerate(names):
        root = parse(os.path.join(d, n))
        check_document(root, local)
        nav = root.find("nav")
        need(len(nav) == 1, f"{n}: one <nav>")
        rel = {a.attrs.get("rel"): a.attrs.get("href")
               for a in nav[0].find("a")}
        need(rel == {"prev": names[i - 1], "index": "index.html",
                     "next": names[(i + 1) % 366]}, f"{n}: nav {rel}")
        s = page_summary(root)
        need(len(s) == 1 and s[0]["date"][5:] == n[:5], f"{n}: its day")
        pages[n[:5]] = s[0]
    root = parse(os.path.join(d, "index.html"))
    check_document(root, local)
    tables = root.find("table", "month")
    need(len(tables) == 12, f"{len(tables)} months")
    cells, order = {}, []
    for t in tables:
        for td in t.find("td"):
            if "data-posts" not in td.attrs:
                need(not td.find("a") and not td.string().strip(),
                     "a cell without data-posts holds something")
                continue
            a = td.find("a")
            need(len(a) == 1 and a[0].attrs.get("href") in local,
                 "a day cell's link")
            day = a[0].attrs["href"][:5]
            n = int(td.attrs["data-posts"])
            c = td.cls()
            need(("empty" in c) == (n == 0), f"{day}: empty is {c}, {n}")
            need(("thin" in c) == (0 < n < min_per_day),
                 f"{day}: thin is {c}, {n}")
            need(n == len(pages[day]["posts"]), f"{day}: {n} posts, "
                 f"the page has {len(pages[day]['posts'])}")
            cells[day] = {"posts": n, "class": sorted(c)}
            order.append(day)
    need(sorted(cells) == sorted(p[:5] for p in names), "the index's days")
    need(order == [p[:5] for p in names],
         "the index's day cells are not in calendar order, each once")
    return {"cells": cells, "pages": pages}


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("page", "site"):
        sys.exit(__doc__)
    try:
        if sys.argv[1] == "page":
            out = check_page(sys.argv[2])
        else:
            mn = int(sys.argv[3]) if len(sys.argv) > 3 else 2
            out = check_site(sys.argv[2], mn)
    except Bad as e:
        sys.exit(f"html_check: {sys.argv[2]}: {e}")
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
