#!/bin/sh
# preview --format html: a day's page as each platform shows it, and the
# year as a site (index.html and MM-DD.html), checked against the HTML
# contract by tests/tools/html_check.py.
. "$(dirname "$0")/lib.sh"
CONF="$TOP/tests/data/good/almanac.conf"
CHECK="$TOP/tests/tools/html_check.py"

# posts_setup: the test posts in ./posts and a.conf reading them
posts_setup() {
	must mkdir -p posts
	must cp "$TOP"/tests/data/good/posts/11/*.json "$TOP"/tests/data/good/posts/03/*.json posts/
	must_write a.conf sed \
	    -e 's|posts_dir = "posts"|posts_dir = "'"$PWD"'/posts"|' \
	    -e 's|state_dir = "var"|state_dir = "'"$PWD"'/var"|' \
	    -e 's|path = "var/feed.atom"|path = "'"$PWD"'/var/feed.atom"|' "$CONF"
}

# page FILE: html_check's summary of FILE in page.json, or fail
page() {
	python3 "$CHECK" page "$1" >page.json 2>check.err ||
	    fail "$(cat check.err)"
}

t_day_page_keeps_the_contract() {
	posts_setup
	run -c a.conf preview --date 2026-11-12 --format html
	expect_rc 0
	page "$TMP/out"
	python3 - <<'PY' || fail "the day's elements"
import json
d = json.load(open("page.json"))["days"]
assert len(d) == 1 and d[0]["date"] == "2026-11-12", d
assert d[0]["h1"] == "Thursday, 12 November 2026", d[0]["h1"]
posts = {p["id"]: p for p in d[0]["posts"]}
assert list(posts) == ["11-12-second", "11-12-trotsky", "11-12-third",
                       "11-12-draft"], list(posts)
t = posts["11-12-trotsky"]
assert t["chosen"] and t["why_not"] is None
cards = {c["platform"]: c for c in t["cards"]}
assert list(cards) == ["twitter", "linkedin", "facebook", "instagram",
                       "pinterest", "feed"], list(cards)
assert cards["feed"]["enabled"] and not cards["twitter"]["enabled"]
assert cards["instagram"] == {"platform": "instagram", "enabled": False,
                              "skipped": True}, cards["instagram"]
assert cards["twitter"]["count"] == "75 / 280", cards["twitter"]["count"]
assert cards["twitter"]["slot"] == "10:30"
assert cards["twitter"]["text"] == ("99 years ago today Stalin's party "
    "expelled Trotsky. https://en.wikipedia.org/wiki/Left_Opposition")
assert cards["twitter"]["requests"].startswith(
    "POST https://api.x.com/2/tweets\nAuthorization: (redacted)\n")
pin = cards["pinterest"]
assert pin["image"] == "https://example.org/trotsky.jpg", pin
assert pin["alt"] == "Leon Trotsky at his desk", pin
assert "/v5/pins" in pin["requests"] and '"board_id": "987654321"' in \
    pin["requests"].replace("\t", " ").replace(":  ", ": "), pin["requests"]
assert cards["feed"]["count"].endswith(" / no limit"), cards["feed"]
assert "<entry" in cards["feed"]["requests"], cards["feed"]["requests"]
dr = posts["11-12-draft"]
assert not dr["chosen"] and dr["why_not"] == "draft: shown here, never published", dr
assert len(dr["cards"]) == 6
th = posts["11-12-third"]
assert not th["chosen"] and th["why_not"].startswith("left out: "), th
assert th["cards"] == []
PY
	# the headings, the link card and the alt placeholder
	expect_out '<h3>X <span class="badge">disabled</span></h3>'
	expect_out '<div class="link-host">en.wikipedia.org</div>'
	expect_out '<figcaption class="image-alt" aria-hidden="true">Leon Trotsky at his desk</figcaption>'
	expect_out '<section class="card card-twitter" data-platform="twitter" data-enabled="false">'
}

t_every_platform_of_the_shipped_config() {
	run -c "$TOP/config/almanac.conf" preview --date 2026-11-12 --format html -o day.html
	expect_rc 0
	page day.html
	python3 - <<'PY' || fail "not every platform has its card"
import json
d = json.load(open("page.json"))["days"][0]
t = [p for p in d["posts"] if "trotsky" in p["id"]][0]
names = [c["platform"] for c in t["cards"]]
assert names == ["twitter", "linkedin", "facebook", "instagram", "pinterest",
                 "feed", "mastodon", "bluesky", "threads"], names
for c in t["cards"]:
    assert "error" not in c, c
    n, lim = c["count"].split(" / ")
    assert lim == "no limit" or int(n) <= int(lim), c
    assert c["slot"], c
ig = [c for c in t["cards"] if c["platform"] == "instagram"][0]
assert ig["image"].startswith("https://") and ig["alt"], ig
PY
}

t_hostile_text_is_text() {
	must mkdir -p posts
	must_write posts/11-12-x.json printf '%s\n' '{ "date": "1927-11-12", "title": "A <script>alert(1)</script> & <img src=x onerror=alert(2)>", "summary": "\"><style>body{display:none}</style>", "image": { "url": "https://example.org/a.jpg?x=\"><script>", "alt": "alt \"><script>alert(3)</script>" }, "url": "https://example.org/a?b=<i>" }'
	must_write a.conf sed 's|posts_dir = "posts"|posts_dir = "'"$PWD"'/posts"|' "$CONF"
	run -c a.conf preview --date 2026-11-12 --format html
	expect_rc 0
	# html_check refuses any <script>, a second <style>, any <img> but a
	# post image, any attribute holding a URL but that image's src
	page "$TMP/out"
	expect_no_out "<script"
	expect_no_out "<img src=x"
	expect_out "<h2>A &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;</h2>"
	python3 - <<'PY' || fail "the hostile text does not come back as it was"
import json
p = json.load(open("page.json"))["days"][0]["posts"][0]
assert p["title"] == "A <script>alert(1)</script> & <img src=x onerror=alert(2)>"
pin = [c for c in p["cards"] if c["platform"] == "pinterest"][0]
assert pin["image"] == 'https://example.org/a.jpg?x="><script>', pin["image"]
assert pin["alt"] == 'alt "><script>alert(3)</script>', pin["alt"]
PY
}

t_no_outside_url_but_images() {
	posts_setup
	run -c a.conf preview --date 2026-11-12 --format html -o p.html
	expect_rc 0
	page p.html
	# what the checker refuses, it refuses: a page that loads a font
	must_write bad.html sed 's|</head>|<link rel="stylesheet" href="https://fonts.example/f.css"></head>|' p.html
	! python3 "$CHECK" page bad.html >/dev/null 2>&1 || fail "an outside stylesheet passed"
	must_write bad.html sed 's|<section class="day"|<a href="https://example.org/">x</a><section class="day"|' p.html
	! python3 "$CHECK" page bad.html >/dev/null 2>&1 || fail "an outside link passed"
	must_write bad.html sed 's|<h2>|<h2><script>1</script>|' p.html
	! python3 "$CHECK" page bad.html >/dev/null 2>&1 || fail "a script passed"
	grep -q 'name="viewport" content="width=device-width, initial-scale=1"' p.html || fail "no viewport"
	grep -q 'prefers-color-scheme:dark' p.html || fail "no dark scheme"
	grep -q 'overflow-wrap:anywhere' p.html || fail "long words do not wrap"
	grep -q 'white-space:pre-wrap' p.html || fail "pre does not wrap"
	grep -q 'img{max-width:100%}' p.html || fail "images may be wider than the screen"
}

t_broken_post_shown_in_place() {
	posts_setup
	must_write posts/11-12-broken.json printf '{ "date": "1927-11-12", "title": 5 }\n'
	must_write posts/03-15-broken.json printf '{ "date": "1927-03-15", "title": "x", }\n'
	must_write posts/undated.json printf '{ "date": "1927-11-12"\n'
	run -c a.conf preview --date 2026-11-12 --format html
	expect_rc 65
	expect_err "11-12-broken.json:1:25: \"title\": expected text, got 5"
	page "$TMP/out"
	# (files named as the log names them: relative to the working folder)
	python3 - posts <<'PY' || fail "broken posts not shown in place"
import json, sys
d = json.load(open("page.json"))["days"][0]
b = {x["file"]: x["errors"] for x in d["broken"]}
p = sys.argv[1]
assert sorted(b) == [p + "/11-12-broken.json", p + "/undated.json"], b
assert b[p + "/11-12-broken.json"] == [p + '/11-12-broken.json:1:25: "title": expected text, got 5'], b
assert b[p + "/undated.json"][0].startswith(p + "/undated.json:2:1: "), b
assert [x["id"] for x in d["posts"]][:2] == ["11-12-second", "11-12-trotsky"]
PY
	# in the site, each on its own day, the undated one on the index
	run -c a.conf --now 2026-06-01T12:00 preview --all-days --format html -o site
	expect_rc 65
	python3 "$CHECK" site site >site.json 2>check.err || fail "$(cat check.err)"
	python3 - posts <<'PY' || fail "broken posts not on their days"
import json, sys
s = json.load(open("site.json"))["pages"]
p = sys.argv[1]
assert [x["file"] for x in s["11-12"]["broken"]] == [p + "/11-12-broken.json"], s["11-12"]["broken"]
assert [x["file"] for x in s["03-15"]["broken"]] == [p + "/03-15-broken.json"], s["03-15"]["broken"]
assert all(not v["broken"] for k, v in s.items() if k not in ("11-12", "03-15"))
PY
	grep -q "undated.json:2:1: " site/index.html || fail "undated broken file not on the index"
	grep -q '<a href="03-15.html">15 March</a>' site/index.html || fail "no link to the broken file's day"
}

t_cut_and_pair_errors_said() {
	must mkdir -p posts
	long=$(python3 -c 'print(" ".join(["word"] * 120))')
	must_write posts/11-12-long.json printf '{ "date": "1927-11-12", "title": "Long", "summary": "%s", "tags": ["One", "Two"] }\n' "$long"
	must_write a.conf sed -e 's|posts_dir = "posts"|posts_dir = "'"$PWD"'/posts"|' \
	    -e 's|default_image = "https://example.org/card.jpg"; default_image_alt = "On this day card"; };|};|' "$CONF"
	run -c a.conf preview --date 2026-11-12 --format html
	expect_rc 0
	page "$TMP/out"
	python3 - <<'PY' || fail "what was cut, or a pair's error, not said"
import json
p = json.load(open("page.json"))["days"][0]["posts"][0]
c = {x["platform"]: x for x in p["cards"]}
assert c["twitter"]["cut"] == "summary cut from 599 to 240 characters, at a word boundary", c["twitter"].get("cut")
n, lim = c["twitter"]["count"].split(" / ")
assert int(n) <= int(lim) == 280, c["twitter"]["count"]
assert "cut" not in c["facebook"], c["facebook"]
# Instagram takes only an address; Pinterest uploads the card
assert c["instagram"]["error"].startswith("instagram needs an image"), c["instagram"]
assert "requests" not in c["instagram"] and "image" not in c["instagram"], c["instagram"]
assert "error" not in c["pinterest"], c["pinterest"]
assert "(the card in base64, drawn when it is published)" in c["pinterest"]["requests"], c["pinterest"]
PY
	expect_out '<figcaption class="image-alt">no image</figcaption>'
	# without cards, Pinterest has no picture either
	must_write -a a.conf printf 'cards = { enabled = false; };\n'
	run -c a.conf preview --date 2026-11-12 --format html
	page "$TMP/out"
	python3 - <<'PY' || fail "pinterest without a picture not said"
import json
p = json.load(open("page.json"))["days"][0]["posts"][0]
c = {x["platform"]: x for x in p["cards"]}
assert c["pinterest"]["error"].startswith("pinterest needs an image"), c["pinterest"]
assert "requests" not in c["pinterest"] and "image" not in c["pinterest"], c["pinterest"]
PY
}

t_the_year_as_a_site() {
	posts_setup
	# a hundredth anniversary alone on its day, and a day of 2028's
	must_write posts/07-04-round.json printf '{ "date": "1926-07-04", "title": "A hundred years" }\n'
	must_write posts/02-29-leap.json printf '{ "date": "1904-02-29", "title": "Leap day" }\n'
	run -c a.conf --now 2026-06-01T12:00 preview --all-days --format html -o site
	expect_rc 0
	[ ! -s "$TMP/out" ] || fail "stdout not empty with -o DIR"
	n=$(ls site | wc -l)
	[ "$n" -eq 368 ] || fail "$n files in the site, expected 367 and pictures/"
	# the pages' pictures are files of site/pictures, each named by its
	# content, written once however many pages and platforms show it
	/usr/bin/python3 - <<'PY' || fail "the site's pictures"
import glob, hashlib, os, re
from PIL import Image
used = set()
for page in glob.glob("site/*.html"):
    for src in re.findall(r'<img class="post-image" src="([^"]*)"', open(page).read()):
        if src.startswith("pictures/"):
            used.add(src[len("pictures/"):])
have = set(os.listdir("site/pictures"))
assert used and used == have, (sorted(used), sorted(have))
for name in have:
    data = open("site/pictures/" + name, "rb").read()
    assert name.split(".")[0] == hashlib.sha256(data).hexdigest()[:32], name
    im = Image.open("site/pictures/" + name); im.load()
    assert im.size in ((1200, 628), (1080, 1080), (1000, 1500)), (name, im.size)
PY
	python3 "$CHECK" site site >site.json 2>check.err || fail "$(cat check.err)"
	python3 - <<'PY' || fail "the calendar's flags"
import json
s = json.load(open("site.json"))
c = s["cells"]
assert c["11-12"] == {"posts": 4, "class": []}, c["11-12"]
assert c["03-15"] == {"posts": 1, "class": ["thin"]}, c["03-15"]
assert c["07-04"] == {"posts": 1, "class": ["round", "thin"]}, c["07-04"]
assert c["01-02"] == {"posts": 0, "class": ["empty"]}, c["01-02"]
# February 29 of a common year: the page of the next leap year; its
# post goes out on the 28th this year (leap_day = "feb28")
assert s["pages"]["02-29"]["date"] == "2028-02-29", s["pages"]["02-29"]["date"]
assert c["02-29"]["posts"] == 1 and c["02-28"]["posts"] == 1, (c["02-29"], c["02-28"])
assert s["pages"]["07-04"]["posts"][0]["title"] == "A hundred years"
assert sum(1 for v in c.values() if "empty" in v["class"]) == 366 - 5
PY
	grep -q '<a rel="prev" href="12-31.html">' site/01-01.html || fail "01-01's prev"
	grep -q '<a rel="next" href="01-01.html">' site/12-31.html || fail "12-31's next"
	# schedule.min_per_day moves the line
	must_sed 's|max_per_day = 2;|max_per_day = 2; min_per_day = 5;|' a.conf
	run -c a.conf --now 2026-06-01T12:00 preview --all-days --format html -o site
	expect_rc 0
	python3 "$CHECK" site site 5 >site.json 2>check.err || fail "$(cat check.err)"
	python3 -c 'import json; c = json.load(open("site.json"))["cells"]; assert c["11-12"]["class"] == ["thin"], c["11-12"]' ||
	    fail "min_per_day = 5 does not make 4 posts thin"
}

t_all_days_html_without_dir_is_one_document() {
	posts_setup
	run -c a.conf --now 2026-06-01T12:00 preview --all-days --format html
	expect_rc 0
	page "$TMP/out"
	python3 -c 'import json; d = json.load(open("page.json"))["days"]; assert len(d) == 365 and d[0]["date"] == "2026-01-01", len(d)' ||
	    fail "not one document of the year"
	run -c a.conf --now 2026-06-01T12:00 preview --all-days --format html -o year.html
	expect_rc 0
	[ -f year.html ] && python3 "$CHECK" page year.html >/dev/null || fail "-o FILE.html is not one document"
}

t_site_folder_cannot_be_made() {
	posts_setup
	must_write file :
	run -c a.conf preview --all-days --format html -o file/site
	expect_rc 73
	expect_err "file/site: cannot make the folder: Not a directory"
	run -c a.conf preview --all-days --format html -o file
	expect_rc 73
	expect_err "file/01-01.html: cannot write: Not a directory"
}

t_min_per_day_checked() {
	posts_setup
	must_sed 's|max_per_day = 2;|max_per_day = 2; min_per_day = -1;|' a.conf
	run -c a.conf preview --date 2026-11-12 --format html
	expect_rc 78
	expect_err "min_per_day"
}

run_tests
