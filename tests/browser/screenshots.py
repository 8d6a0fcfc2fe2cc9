#!/usr/bin/python3
"""Screenshots of the HTML preview and the site, for docs/images/.

  /usr/bin/python3 tests/browser/screenshots.py DAY.html SITE-DIR OUT-DIR

Writes OUT-DIR/preview-1280.png (the day page in a 1280 px window, its
top, scaled down), preview-390.png and preview-390-dark.png (a phone's
width, light and dark), site-index-1280.png (the calendar) and
site-day-390.png (the site's page of the same day, with its navigation).
Network beyond file:// is blocked: a post's image shows its placeholder.
A page that is missing is said on stderr and its pictures left out; the
others are still made. Exits 1 when a page was missing, the browser could
not be started or a page not loaded. tests/browser/screenshots.sh runs it (make screenshots).
"""

import os
import pathlib
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    day, site, out = sys.argv[1:]
    m = re.search(r'data-date="\d{4}-(\d\d-\d\d)"', open(day, encoding="utf-8").read())
    site_day = os.path.join(site, (m.group(1) if m else "01-01") + ".html")
    os.makedirs(out, exist_ok=True)
    try:
        d = browser.start(30)
    except browser.BrowserError as e:
        print(f"screenshots: {e}", file=sys.stderr)
        return 1
    try:
        d.execute_cdp_cmd("Network.enable", {})
        d.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*"]})
        shots = [  # (page, file, width, height shown, scale, dark)
            (day, "preview-1280.png", 1280, 1000, 0.6, False),
            (day, "preview-390.png", 390, 760, 0.8, False),
            (day, "preview-390-dark.png", 390, 760, 0.8, True),
            (os.path.join(site, "index.html"), "site-index-1280.png", 1280, 1000, 0.6, False),
            (site_day, "site-day-390.png", 390, 760, 0.8, False),
        ]
        missing = 0
        for page, name, width, height, scale, dark in shots:
            if not os.path.isfile(page):
                print(f"screenshots: {page}: no such file; {name} not made",
                      file=sys.stderr)
                missing = 1
                continue
            d.get(pathlib.Path(page).resolve().as_uri())
            browser.set_width(d, width, height, dark)
            browser.shot(d, os.path.join(out, name), width, height, scale)
            print(f"{os.path.join(out, name)}: {page}, {width} px wide"
                  f"{', dark' if dark else ''}")
    except Exception as e:
        print(f"screenshots: {str(e).strip()[:300]}", file=sys.stderr)
        return 1
    finally:
        browser.close(d)
    return missing


if __name__ == "__main__":
    sys.exit(main())
