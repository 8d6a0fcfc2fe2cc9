#!/usr/bin/python3
"""Checks almanac's HTML preview and site in headless Chromium.

  /usr/bin/python3 tests/browser/check_pages.py --day FILE --date YYYY-MM-DD
      --enabled P,P... [--disabled P,P...] [--broken NAME] [--title TEXT]
      [--site DIR] [--min-per-day N] [--shots DIR] [--timeout SECONDS]

FILE is "almanac preview --date D --format html" of the day YYYY-MM-DD;
DIR is "almanac preview --all-days --format html -o DIR". Prints one TAP
line per check ("ok - NAME", or "not ok - NAME" and indented reasons) and
exits 1 when one failed, 2 on bad arguments. One browser session for all:
the day page and a sample of the site's pages (the index, 01-01, 02-29,
12-31, the busiest day, the day of --date), each at 1280 and 390 px wide,
light and dark. The site's files are read without the browser for what
concerns all 366 days (prev/next, links). Network beyond file:// is
blocked in the browser: a post's image fails to load, and its alt text
must show instead. Screenshots (day and index, 1280 and 390 px) go to
--shots.
"""

import argparse
import datetime
import html.parser
import json
import os
import pathlib
import re
import signal
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tools"))
import browser  # noqa: E402
import html_check  # noqa: E402

PROBE = open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "probe.js")).read()
DAYS = [d.strftime("%m-%d") for d in
        (datetime.date(2024, 1, 1) + datetime.timedelta(n) for n in range(366))]
HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
COUNT = re.compile(r"^\d+ / \S")

results = []


def report(name, reasons):
    """One TAP line for check NAME: ok when REASONS is empty."""
    reasons = [r for r in reasons if r]
    results.append(not reasons)
    if reasons:
        print(f"not ok - {name}")
        for r in reasons[:12]:
            print(f"    {r}")
        if len(reasons) > 12:
            print(f"    ... and {len(reasons) - 12} more")
    else:
        print(f"ok - {name}")
    sys.stdout.flush()


# ---- the site's files, without the browser ----

class Links(html.parser.HTMLParser):
    """A page's links and ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href") is not None:
            self.hrefs.append(a["href"])


def parse(path):
    p = Links()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p


def link_target(base, href, pages):
    """Why HREF in page BASE does not resolve, or None. Links with a scheme
    (a post's source) are not followed; relative ones must name a file of
    the site, and a fragment an id in it."""
    u = urllib.parse.urlsplit(href)
    if u.scheme or u.netloc:
        return None
    target = base if not u.path else os.path.normpath(
        os.path.join(os.path.dirname(base), urllib.parse.unquote(u.path)))
    if not os.path.isfile(target):
        return f"{os.path.basename(base)}: link {href!r}: no such file"
    if u.fragment:
        ids = pages[target].ids if target in pages else parse(target).ids
        if u.fragment not in ids:
            return f"{os.path.basename(base)}: link {href!r}: no id {u.fragment!r} there"
    return None


def check_site(site, min_per_day):
    """The site's files against html_check's contract (index.html and the
    366 day pages, the calendar in order with each day's count and
    classes, each page's prev/index/next), then every relative link;
    returns the parsed pages."""
    try:
        html_check.check_site(site, min_per_day)
        why = []
    except (html_check.Bad, OSError, ValueError, KeyError) as e:
        why = [f"{site}: {e}"]
    report("site_contract", why)
    if why:
        report("links_resolve", ["the site breaks its contract (see site_contract)"])
        return {}
    index = os.path.join(site, "index.html")
    pages = {index: parse(index)}
    for d in DAYS:
        pages[os.path.join(site, d + ".html")] = parse(os.path.join(site, d + ".html"))
    why = []
    for path, p in pages.items():
        for h in p.hrefs:
            why.append(link_target(path, h, pages))
    report("links_resolve", why)
    return pages


# ---- in the browser ----

class Session:
    def __init__(self, driver):
        self.d = driver
        self.failures = {}	# check name -> reasons
        self.driver_logs()

    def fail(self, name, reason):
        self.failures.setdefault(name, []).append(reason)

    def fail_all(self, name, page, found):
        """Fails check NAME with each of the elements probe.js FOUND (its
        "out" or "low", the first few of "nout" or "nlow")."""
        shown, total = (found["out"], found["nout"]) if "out" in found else (found["low"], found["nlow"])
        for w in shown:
            self.fail(name, f"{page}: {w}")
        if total > len(shown):
            self.fail(name, f"{page}: ... {total} elements in all")

    def driver_logs(self):
        return self.d.get_log("browser"), self.d.get_log("performance")

    def load(self, path):
        """Loads PATH (a file) and returns what probe.js reads of it, the
        console entries and the URLs requested."""
        self.driver_logs()
        uri = pathlib.Path(path).resolve().as_uri()
        self.d.get(uri)
        browser.set_width(self.d, 1280)
        page = self.d.execute_script(PROBE, "page")
        console, perf = self.driver_logs()
        urls = []
        for e in perf:
            m = json.loads(e["message"])["message"]
            # (the page's own requests, not the browser's)
            if m.get("method") == "Network.requestWillBeSent" and \
                    m["params"].get("documentURL") == uri:
                urls.append(m["params"]["request"]["url"])
        return page, console, urls

    def check_page(self, path, shots=None, shot_name=None):
        """The checks every page gets; returns probe.js's reading."""
        name = os.path.basename(path)
        page, console, urls = self.load(path)
        images = {i["src"] for i in page["imgs"] if "post-image" in i["cls"].split()}

        why = []
        if page["lang"] != "en":
            why.append(f"<html lang={page['lang']!r}>, expected \"en\"")
        if page["charset"] != "UTF-8":
            why.append(f"read as {page['charset']}: no <meta charset=\"utf-8\">")
        if "width=device-width" not in page["viewport"]:
            why.append(f"viewport meta {page['viewport']!r} lacks width=device-width")
        if page["scripts"]:
            why.append(f"{page['scripts']} <script> elements")
        if page["styles"] != 1:
            why.append(f"{page['styles']} <style> elements, expected one")
        why += [f"<link {x}>" for x in page["links"]]
        why += [f"event handler attribute: {x}" for x in page["onattr"]]
        for w in why:
            self.fail("self_contained", f"{name}: {w}")

        for u in urls:
            if not (u.startswith("file:") or u.startswith("data:") or u in images):
                self.fail("no_outside_requests", f"{name}: requested {u}")
        for e in console:
            if e.get("level") != "SEVERE":
                continue
            msg = e.get("message", "")
            if any(msg.startswith(u + " ") for u in images) and "Failed to load resource" in msg:
                continue
            self.fail("no_console_errors", f"{name}: {msg[:200]}")

        for i in page["imgs"]:
            if not (i["alt"] or "").strip():
                self.fail("images_have_alt", f"{name}: <img src={i['src'][:80]!r}> has no alt text")

        heads = page["heads"]
        if not heads or heads[0][0] != 1:
            self.fail("headings_in_order", f"{name}: the first heading is "
                      f"{'h%d' % heads[0][0] if heads else 'missing'}, expected h1")
        for (a, _), (b, t) in zip(heads, heads[1:]):
            if b > a + 1:
                self.fail("headings_in_order", f"{name}: h{b} {t!r} follows h{a}")

        if shots and shot_name:
            browser.shot(self.d, os.path.join(shots, f"{shot_name}-1280.png"), 1280, 2400)

        # (the requests folded away are read too)
        self.d.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        light = self.d.execute_script(PROBE, "colours")
        self.fail_all("light_contrast", name, light)
        if light["n"] == 0:
            self.fail("light_contrast", f"{name}: no text found")

        browser.set_width(self.d, 1280, dark=True)
        dark = self.d.execute_script(PROBE, "colours")
        if not self.d.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches"):
            self.fail("dark_mode", f"{name}: the dark colour scheme could not be emulated")
        if dark["body"][:3] == light["body"][:3]:
            self.fail("dark_mode", f"{name}: the background is rgb{tuple(dark['body'][:3])} "
                      "in both schemes")
        elif sum(dark["body"][:3]) / 3 > 100:
            self.fail("dark_mode", f"{name}: the dark scheme's background rgb"
                      f"{tuple(dark['body'][:3])} is not dark")
        self.fail_all("dark_mode", name, dark)

        browser.set_width(self.d, 390, 844)
        lay = self.d.execute_script(PROBE, "layout")
        if lay["innerWidth"] != 390:
            self.fail("fits_390px", f"{name}: laid out {lay['innerWidth']} px wide in a "
                      "390 px window (the viewport meta?)")
        if lay["scrollWidth"] > lay["innerWidth"]:
            self.fail("fits_390px", f"{name}: {lay['scrollWidth']} px wide in a "
                      f"{lay['innerWidth']} px window")
        self.fail_all("fits_390px", name, lay)
        if shots and shot_name:
            self.d.execute_script("document.querySelectorAll('details').forEach(d => d.open = false)")
            browser.shot(self.d, os.path.join(shots, f"{shot_name}-390.png"), 390, 2400)
        return page


def check_day(page, a):
    """The checks of the day page's contract: the day, its posts, cards."""
    enabled = [p for p in a.enabled.split(",") if p]
    disabled = [p for p in (a.disabled or "").split(",") if p]
    why = []
    if [x["date"] for x in page["days"]] != [a.date]:
        why.append(f"<section class=\"day\"> data-date {[x['date'] for x in page['days']]}, "
                   f"expected [{a.date!r}]")
    why += [f"the day {x['date']} has no <h1>" for x in page["days"] if not x["h1"]]
    report("day_section", why)

    why = []
    chosen = [p for p in page["posts"] if p["chosen"] == "true"]
    if not chosen:
        why.append("no <article class=\"post\" data-chosen=\"true\">")
    for p in page["posts"]:
        if p["chosen"] not in ("true", "false"):
            why.append(f"post {p['id']}: data-chosen={p['chosen']!r}")
        if p["domid"] != f"post-{p['id']}":
            why.append(f"post {p['id']}: id={p['domid']!r}, expected post-{p['id']}")
        if p["title"] is None:
            why.append(f"post {p['id']}: no <h2>")
    for p in chosen:
        cards = {c["platform"]: c for c in p["cards"]}
        for name in enabled + disabled:
            c = cards.get(name)
            want = "true" if name in enabled else "false"
            if c is None:
                why.append(f"post {p['id']}: no card data-platform=\"{name}\"")
            elif c["enabled"] != want:
                why.append(f"post {p['id']}: card {name} data-enabled={c['enabled']!r}, expected {want}")
            elif not c["h3"]:
                why.append(f"post {p['id']}: card {name} has no <h3>")
            elif not c["error"]:	# a pair that can go out
                if not c["text"]:
                    why.append(f"post {p['id']}: card {name} has no <div class=\"card-text\">")
                if not HHMM.match((c["slot"] or "").strip()):
                    why.append(f"post {p['id']}: card {name}: <time class=\"slot\"> "
                               f"{c['slot']!r}, expected HH:MM")
                if not COUNT.match((c["count"] or "").strip()):
                    why.append(f"post {p['id']}: card {name}: <p class=\"count\"> "
                               f"{c['count']!r}, expected \"N / LIMIT\"")
    report("cards_of_every_platform", why)

    why = []
    on = [c for p in chosen for c in p["cards"] if c["enabled"] == "true"]
    off = [c for p in chosen for c in p["cards"] if c["enabled"] == "false"]
    if disabled and not off:
        why.append("no card with data-enabled=\"false\"")
    for c in off:
        if on and c["style"] == on[0]["style"]:
            why.append(f"card {c['platform']} (disabled) looks like card {on[0]['platform']}"
                       f" (enabled): {c['style']}")
    report("disabled_cards_dimmed", why)

    why = []
    left = [p for p in page["posts"] if p["chosen"] == "false"]
    why += [f"post {p['id']} (not chosen): no <p class=\"why-not\"> with a reason"
            for p in left if not (p["whynot"] or "").strip()]
    why += [f"post {p['id']} (chosen): has a why-not" for p in chosen if p["whynot"] is not None]
    report("why_not_chosen", why)

    if a.broken:
        pat = re.compile(r"(^|/)" + re.escape(a.broken) + r":\d+:\d+: \S")
        b = [x for x in page["broken"] if (x["file"] or "").endswith(a.broken)]
        why = []
        if not b:
            why.append(f"no <article class=\"post broken\" data-file=\"...{a.broken}\">"
                       f" (broken ones: {[x['file'] for x in page['broken']]})")
        for x in b:
            if not x["shown"]:
                why.append(f"{x['file']}: the article is not visible")
            if not pat.search(x["error"] or ""):
                why.append(f"{x['file']}: <p class=\"error\"> says {x['error']!r}, expected "
                           f"\"PATH:LINE:COL: message\"")
        report("broken_post_shown", why)

    if a.title is not None:
        titles = [p["title"] for p in page["posts"]]
        report("hostile_title_is_text", [] if any(a.title in (t or "") for t in titles) else [
            f"no <h2> reads {a.title!r} as text; the titles: {titles}"])

    why = []
    posts_imgs = [i for i in page["imgs"] if "post-image" in i["cls"].split()]
    if not posts_imgs:
        why.append("no <img class=\"post-image\">")
    outside = [i for i in posts_imgs if i["src"].startswith(("http:", "https:"))]
    if not outside:
        why.append("no <img class=\"post-image\"> with an outside address")
    for i in posts_imgs:
        if i not in outside:
            # a picture the page carries (a card drawn, a post's own
            # file): it loads, at its size
            if i["broken"] or not i["complete"]:
                why.append(f"{i['src'][:60]}: the page's own picture does not load")
            continue
        if not i["broken"]:
            why.append(f"{i['src']}: loaded (the test's image URL should not)")
        elif not (i["alt"] or "").strip():
            why.append(f"{i['src']}: no alt text to show")
        elif i["alt"].strip() not in i["shown"]:
            why.append(f"{i['src']}: the alt text {i['alt']!r} is not visible in "
                       f"{i['holder']} (it shows {i['shown'][:80]!r})")
    report("image_placeholder_shows_alt", why)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--day", required=True, help="the day page (a file)")
    ap.add_argument("--date", required=True, help="its day, YYYY-MM-DD")
    ap.add_argument("--enabled", required=True, help="platforms enabled, comma-separated")
    ap.add_argument("--disabled", default="", help="platforms present but disabled")
    ap.add_argument("--broken", help="the name of a broken post file of the day")
    ap.add_argument("--title", help="a title that must read as text")
    ap.add_argument("--site", help="the site's folder")
    ap.add_argument("--min-per-day", type=int, default=2)
    ap.add_argument("--shots", help="a folder for the screenshots")
    ap.add_argument("--timeout", type=float, default=30,
                    help="seconds for everything (a page: a third of it)")
    a = ap.parse_args()
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", a.date):
        ap.error(f"--date {a.date!r}: expected YYYY-MM-DD")
    if not os.path.isfile(a.day):
        ap.error(f"--day {a.day}: no such file")

    def timed_out(*_):
        print(f"not ok - browser_checks_finish\n    still running after {a.timeout:g} s")
        sys.stdout.flush()
        browser.kill_all()
        os._exit(1)
    signal.signal(signal.SIGALRM, timed_out)
    signal.alarm(int(a.timeout) + 1)

    report("day_links_resolve", [link_target(a.day, h, {}) for h in parse(a.day).hrefs])
    pages = check_site(a.site, a.min_per_day) if a.site else {}
    if a.shots:
        os.makedirs(a.shots, exist_ok=True)
    try:
        driver = browser.start(max(a.timeout / 3, 5))
    except browser.BrowserError as e:
        report("browser_starts", [str(e)])
        return 1
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {
            "urls": ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]})
        s = Session(driver)
        checks = ["pages_load", "self_contained", "no_outside_requests",
                  "no_console_errors", "images_have_alt", "headings_in_order",
                  "light_contrast", "dark_mode", "fits_390px"]
        todo = [(a.day, "day")]
        if a.site and pages:
            busiest = max(DAYS, key=lambda d: len(pages[os.path.join(a.site, d + ".html")].hrefs))
            sample = ["index", "01-01", "02-29", "12-31", busiest, a.date[5:]]
            todo += [(os.path.join(a.site, n + ".html"), "index" if n == "index" else None)
                     for n in dict.fromkeys(sample)]
        day = None
        for path, shot_name in todo:
            try:
                page = s.check_page(path, a.shots, shot_name)
            except Exception as e:	# a timeout, a page the browser refused
                s.fail("pages_load", f"{os.path.basename(path)}: {str(e).strip()[:200]}")
                continue
            day = page if path == a.day else day
    finally:
        browser.close(driver)
    for c in checks:
        report(c, s.failures.get(c, []))
    if a.shots:
        want = ["day-1280.png", "day-390.png"] + (
            ["index-1280.png", "index-390.png"] if a.site and pages else [])
        report("screenshots_taken", [f"{a.shots}/{f}: not made" for f in want
                                     if not os.path.isfile(os.path.join(a.shots, f))])
    if day is not None:
        check_day(day, a)
    else:
        report("day_page_checks", ["the day page could not be read (see pages_load)"])
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
