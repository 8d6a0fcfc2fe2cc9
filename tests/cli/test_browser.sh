#!/bin/sh
# The HTML preview and the site in a real browser: the built binary writes
# a day of test posts (an image whose URL cannot load, a disabled platform,
# a broken post file, a hostile title) and the site of the shipped posts/;
# tests/browser/check_pages.py then opens them in headless Chromium (one
# session) and prints a TAP line per check. Without Chromium, chromedriver
# or Debian's python3-selenium the script fails, saying what to install.
# The screenshots it takes stay in $ALMANAC_TEST_LOGS (tests/run.sh sets
# it), else in the test's scratch folder.
. "$(dirname "$0")/lib.sh"

# Debian's python: the one that sees python3-selenium
PY=/usr/bin/python3
TF=${ALMANAC_TEST_FACTOR:-1}
DATE=2026-07-20
TITLE='<script>alert("x")</script><img src=x onerror=alert(1)> & "Tom'"'"'s" </h2>'
PAGES="$TMP/pages"
must mkdir -p "$PAGES"

# A port nothing listens on: the post's image cannot load there.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
    setup_failed "no free port"

must mkdir -p "$PAGES/posts/07"
must_write "$PAGES/posts/07/07-20-apollo.json" <<EOF
{
  "date": "1969-07-20",
  "title": "Apollo 11 lands on the Moon",
  "summary": "Neil Armstrong and Buzz Aldrin land the lunar module Eagle in the Sea of Tranquility.",
  "url": "https://en.wikipedia.org/wiki/Apollo_11",
  "image": { "url": "http://127.0.0.1:$PORT/apollo.jpg", "alt": "Buzz Aldrin on the Moon" },
  "tags": ["OnThisDay", "Apollo11"],
  "priority": 2
}
EOF
# the title, as JSON
JTITLE=$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "$TITLE") ||
    setup_failed "cannot quote the title"
must_write "$PAGES/posts/07/07-20-hostile.json" <<EOF
{
  "date": "1976-07-20",
  "title": $JTITLE,
  "summary": "Viking 1 lands on Mars. <b>not bold</b> &amp; not an entity.",
  "url": "https://en.wikipedia.org/wiki/Viking_1",
  "priority": 1
}
EOF
must_write "$PAGES/posts/07/07-20-left.json" <<EOF
{
  "date": "1944-07-20",
  "title": "The 20 July plot",
  "summary": "A bomb in the Wolf's Lair fails to kill Hitler.",
  "url": "https://en.wikipedia.org/wiki/20_July_plot",
  "priority": -1
}
EOF
must_write "$PAGES/posts/07/07-20-broken.json" <<EOF
{
  "date": "1969-07-20",
  "title": 
}
EOF
must_write "$PAGES/day.conf" <<EOF
posts_dir = "posts";
state_dir = "var";
timezone  = "Europe/London";
schedule  = { window = "09:00-17:00"; max_per_day = 2; };
platforms = {
  feed      = { enabled = true; path = "var/feed.atom"; title = "On this day"; link = "https://example.org/"; };
  twitter   = { enabled = true; };
  linkedin  = { enabled = true; author = "urn:li:organization:123"; version = "202511"; };
  facebook  = { enabled = true; page_id = "1001"; };
  pinterest = { enabled = false; board_id = "3003"; default_image = "https://example.org/card.jpg"; default_image_alt = "On this day card"; };
};
EOF
must_write "$PAGES/site.conf" <<EOF
posts_dir = "$TOP/posts";
state_dir = "var";
timezone  = "Europe/London";
platforms = {
  feed = { enabled = true; path = "var/feed.atom"; title = "On this day"; link = "https://example.org/"; };
};
EOF

# The day page: the broken file is shown in it, whatever the exit code.
t_day_page_written() {
	must cd "$PAGES"
	run -c day.conf preview --date "$DATE" --format html -o day.html
	[ -s day.html ] ||
	    fail "no day.html (exit code $rc); stderr: $(head -5 "$TMP/err")"
}

t_site_written() {
	must cd "$PAGES"
	run -c site.conf preview --all-days --format html -o site
	expect_rc 0
	[ -s site/index.html ] || fail "no site/index.html"
}

run_tests

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] ||
    ! "$PY" -c 'import selenium' 2>/dev/null; then
	echo "not ok - browser: Chromium, chromedriver or Debian's python3-selenium" \
	    "is missing (/usr/bin/chromium, /usr/bin/chromedriver, $PY -c 'import" \
	    "selenium'): install chromium chromium-driver python3-selenium" \
	    "(scripts/deps.sh, make deps)"
	exit 1
fi

if [ -n "${ALMANAC_TEST_LOGS:-}" ]; then
	SHOTS="$ALMANAC_TEST_LOGS/browser-shots.$(basename "$(dirname "$ALMANAC")").$(basename "$ALMANAC")"
else
	SHOTS="$TMP/shots"
fi
echo "# screenshots in $SHOTS"
"$PY" "$TOP/tests/browser/check_pages.py" --day "$PAGES/day.html" \
    --date "$DATE" --enabled feed,twitter,linkedin,facebook \
    --disabled pinterest --broken 07-20-broken.json --title "$TITLE" \
    --site "$PAGES/site" --shots "$SHOTS" --timeout $((60 * TF)) \
    >"$TMP/checks" 2>&1
crc=$?
cat "$TMP/checks"
if [ "$crc" -ne 0 ] && ! grep -q '^not ok ' "$TMP/checks"; then
	echo "not ok - browser: check_pages.py exited $crc"
fi
exit "$crc"
