#!/bin/sh
# preview: the built binary on the test posts and the shipped archive.
. "$(dirname "$0")/lib.sh"
CONF="$TOP/tests/data/good/almanac.conf"

t_text_shows_every_platform() {
	run -c "$CONF" preview --date 2026-11-12
	expect_rc 0
	expect_out "2026-11-12 (Europe/London): 4 posts, 2 chosen"
	expect_out "10:30 11-12-trotsky  Trotsky expelled from the Communist Party"
	for p in twitter linkedin facebook instagram pinterest feed; do
		grep -q "^  $p" "$TMP/out" || fail "no $p section"
	done
	expect_out "99 years ago today Stalin's party expelled Trotsky. https://en.wikipedia.org/wiki/Left_Opposition"
	expect_out "skipped: the post says \"skip\": true for this platform"
	expect_out "left out: priority 0, 36th anniversary; 2 posts a day at most"
	expect_out "draft: shown here, never published"
	# quiet by default: the requests only when asked for
	expect_no_out "POST https://api.x.com/2/tweets"
	expect_no_out "Authorization"
}

t_text_requests_when_asked() {
	for how in "preview --requests" "preview -v" "-v preview"; do
		# shellcheck disable=SC2086
		run -c "$CONF" $how --date 2026-11-12
		expect_rc 0
		expect_out "POST https://api.x.com/2/tweets"
		expect_out "Authorization: (redacted)"
		expect_out "99 years ago today Stalin's party expelled Trotsky."
	done
}

# A post whose summary X must cut, with brackets LinkedIn escapes.
long_post() {
	must mkdir -p posts
	must_write posts/11-12-long.json printf '%s' '{ "date": "1870-11-12", "title": "A long day (in Paris)", "summary": "The siege of Paris went on through the autumn of 1870, and the city ate its horses, its dogs and at last the animals of the zoo. Balloons carried letters out over the Prussian lines, some 2,500,000 of them in all. Gambetta himself left by balloon to raise new armies in the provinces. The Franco-Prussian War would end in January, with the German Empire proclaimed at Versailles and Paris starving.", "url": "https://example.org/siege", "tags": ["OnThisDay", "History"] }'
	must_write a.conf sed 's|posts_dir = "posts"|posts_dir = "'"$PWD"'/posts"|' "$CONF"
}

t_cut_said_in_words() {
	long_post
	run -c a.conf preview --date 2026-11-12
	expect_rc 0
	expect_out "    summary cut from 398 to 128 characters, at the end of a sentence"
	expect_out "    | The siege of Paris went on through the autumn of 1870, and the city ate its horses, its dogs and at last the animals of the zoo."
	run -c a.conf preview --date 2026-11-12 --format json
	expect_rc 0
	python3 - "$TMP/out" <<'PY' || fail "cut not said in the json"
import json, sys
d = json.load(open(sys.argv[1]))
pl = {p["platform"]: p for p in d["posts"][0]["platforms"]}
tw = pl["twitter"]
assert tw["cut"] == "summary cut from 398 to 128 characters, at the end of a sentence", tw["cut"]
assert "the animals of the zoo.\n" in tw["text"] and "\u2026" not in tw["text"], tw["text"]
assert tw["shrunk"] == ["summary"]
for name in ("linkedin", "facebook", "feed"):
    assert "cut" in pl[name] and pl[name]["cut"] is None, (name, pl[name].get("cut"))
PY
}

t_linkedin_text_as_readers_see_it() {
	long_post
	run -c a.conf preview --date 2026-11-12 --format json
	expect_rc 0
	python3 - "$TMP/out" <<'PY' || fail "linkedin text not as readers see it"
import json, sys
d = json.load(open(sys.argv[1]))
li = [p for p in d["posts"][0]["platforms"] if p["platform"] == "linkedin"][0]
assert li["text"].startswith("November 12, 1870: A long day (in Paris)\n"), li["text"]
assert "\\(" not in li["text"]
body = li["request"]["body"]["commentary"]
assert body.startswith("November 12, 1870: A long day \\(in Paris\\)\n"), body
PY
	run -c a.conf preview --date 2026-11-12
	expect_out "    | November 12, 1870: A long day (in Paris)"
	expect_no_out "\\("
	run -c a.conf preview --requests --date 2026-11-12
	expect_out "A long day \\\\(in Paris\\\\)"
}

t_json_carries_design_fields() {
	run -c "$CONF" preview --date 2026-11-12 --format json
	expect_rc 0
	python3 - "$TMP/out" <<'PY' || fail "json check failed"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["date"] == "2026-11-12" and d["timezone"] == "Europe/London"
ids = [p["id"] for p in d["posts"]]
assert ids[:2] == ["11-12-second", "11-12-trotsky"], ids  # chosen, by slot
t = d["posts"][1]
for k in ("id", "file", "chosen", "reason", "slot", "years_ago", "platforms"):
    assert k in t, k
assert t["chosen"] is True and t["slot"] == "10:30" and t["years_ago"] == 99
assert t["reason"] == "priority 1, 99th anniversary", t["reason"]
assert t["file"].endswith("posts/11/11-12-trotsky.json")
pl = {p["platform"]: p for p in t["platforms"]}
assert set(pl) == {"twitter", "linkedin", "facebook", "instagram", "pinterest", "feed"}, set(pl)
tw = pl["twitter"]
for k in ("enabled", "text", "length", "limit", "fits", "shrunk", "error", "request"):
    assert k in tw, k
assert tw["enabled"] is False and tw["limit"] == 280 and tw["fits"] is True
assert tw["length"] == 75, tw["length"]
assert tw["request"]["method"] == "POST"
assert tw["request"]["url"] == "https://api.x.com/2/tweets"
assert tw["request"]["headers"]["Authorization"] == "(redacted)"
assert tw["request"]["body"] == {"text": tw["text"]}
assert pl["instagram"]["skipped"] is True
pin = pl["pinterest"]
assert pin["title"] == "Trotsky expelled from the Communist Party"
assert pin["alt"] == "Leon Trotsky at his desk"
assert pin["request"]["body"]["board_id"] == "987654321"
for name in ("linkedin", "facebook", "pinterest", "feed"):
    assert pl[name]["error"] is None, (name, pl[name]["error"])
    assert pl[name]["fits"] is True
assert pl["feed"]["enabled"] is True
left = d["posts"][2]
assert left["chosen"] is False and left["platforms"] == [] and left["slot"] is None
PY
}

t_platform_narrows() {
	run -c "$CONF" preview --date 11-12 --platform twitter --platform feed --format json
	expect_rc 0
	python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
names=[p["platform"] for p in d["posts"][0]["platforms"]]
assert names==["twitter","feed"], names' "$TMP/out" || fail "platforms not narrowed"
	run -c "$CONF" preview --platform myspace
	expect_rc 2
	expect_err "no platform \"myspace\""
}

t_bc_years() {
	run -c "$CONF" preview --date 2026-03-15 --format json
	expect_rc 0
	python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
p=d["posts"][0]
assert p["years_ago"]==2069, p["years_ago"]
assert p["reason"]=="priority 0, 2069th anniversary"
assert "March 15, 44 BC" in p["platforms"][0]["text"], p["platforms"][0]["text"]' "$TMP/out" || fail "BC years wrong"
}

t_now_sets_today() {
	run -c "$CONF" --now 2026-03-15T08:00 preview --format json
	expect_rc 0
	python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert d["date"]=="2026-03-15"' "$TMP/out" || fail "--now not honoured"
	run -c "$CONF" --now 2026-03-15 preview
	expect_rc 2
	expect_err "--now takes local time as YYYY-MM-DDTHH:MM"
}

t_all_days() {
	run -c "$CONF" --now 2026-06-01T12:00 preview --all-days --format json
	expect_rc 0
	python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert len(d)==365, len(d)
assert d[0]["date"]=="2026-01-01" and d[-1]["date"]=="2026-12-31"
n=[x for x in d if x["posts"]]
assert [x["date"] for x in n]==["2026-03-15","2026-11-12"], [x["date"] for x in n]' "$TMP/out" || fail "all-days wrong"
}

t_output_file_and_empty_day() {
	run -c "$CONF" preview --date 2026-01-02 -o "$TMP/p.txt"
	expect_rc 0
	grep -q "no anniversaries on this day" "$TMP/p.txt" || fail "empty day not said"
	[ ! -s "$TMP/out" ] || fail "stdout not empty with -o"
}

t_broken_file_does_not_stop_the_day() {
	must mkdir -p posts
	must cp "$TOP"/tests/data/good/posts/11/*.json posts/
	must_write posts/11-12-broken.json printf '{ "date": "1927-11-12", "title": 5 }\n'
	must_write a.conf sed 's|posts_dir = "posts"|posts_dir = "'"$PWD"'/posts"|' "$CONF"
	run -c a.conf preview --date 2026-11-12 --format json
	expect_rc 65
	expect_err "11-12-broken.json:1:25: \"title\": expected text, got 5"
	python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert [p["id"] for p in d["posts"]][:2]==["11-12-second","11-12-trotsky"]' "$TMP/out" || fail "others not previewed"
}

t_color_only_on_terminal() {
	command -v script >/dev/null || return 0
	env -u NO_COLOR script -qec "$ALMANAC -c $CONF preview --date 2026-11-12" /dev/null > tty.out 2>&1
	grep -q "$(printf '\033')\[1m" tty.out || fail "no colour on a terminal"
	NO_COLOR=1 script -qec "$ALMANAC -c $CONF preview --date 2026-11-12" /dev/null > tty2.out 2>&1
	! grep -q "$(printf '\033')\[" tty2.out || fail "colour despite NO_COLOR"
	run -c "$CONF" preview --date 2026-11-12
	! grep -q "$(printf '\033')\[" "$TMP/out" || fail "colour into a pipe"
}

t_shipped_trotsky_fits_every_platform() {
	run -c "$TOP/config/almanac.conf" preview --date 2026-11-12 --format json
	expect_rc 0
	python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
t=[p for p in d["posts"] if "trotsky" in p["id"]]
assert t, "no Trotsky post"
t=t[0]
assert t["chosen"], t["reason"]
pl={p["platform"]:p for p in t["platforms"]}
assert set(pl)=={"twitter","linkedin","facebook","instagram","pinterest","feed","mastodon","bluesky","threads"}, set(pl)
for name,p in pl.items():
    assert p.get("error") is None, (name,p.get("error"))
    assert p["fits"], name
    assert p["limit"] is None or p["length"]<=p["limit"], name' "$TMP/out" || fail "Trotsky does not fit everywhere"
}

t_html_escaped() {
	must mkdir -p posts
	must_write posts/11-12-x.json printf '{ "date": "1927-11-12", "title": "A <b>bold</b> & \\"quoted\\" title" }\n'
	must_write a.conf sed 's|posts_dir = "posts"|posts_dir = "'"$PWD"'/posts"|' "$CONF"
	run -c a.conf preview --date 2026-11-12 --format html
	expect_rc 0
	expect_out "<!DOCTYPE html>"
	expect_out "A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; title"
	expect_no_out "<b>bold"
	python3 -c '
import sys, html.parser
class P(html.parser.HTMLParser):
    def __init__(s): super().__init__(); s.stack=[]
    def handle_starttag(s, t, a):
        if t not in ("meta",): s.stack.append(t)
    def handle_endtag(s, t):
        assert s.stack and s.stack[-1]==t, (t, s.stack[-3:]); s.stack.pop()
p=P(); p.feed(open(sys.argv[1]).read()); assert p.stack==[], p.stack' "$TMP/out" || fail "html not well nested"
}

t_preview_rotates_as_publish() {
	must_write r.conf sed \
	    -e 's|posts_dir = "posts"|posts_dir = "'"$TOP"'/tests/data/good/posts"|' \
	    -e 's|state_dir = "var"|state_dir = "'"$PWD"'/var"|' \
	    -e 's|path = "var/feed.atom"|path = "'"$PWD"'/var/feed.atom"|' "$CONF"
	run -c r.conf preview --date 2026-11-12 --format json
	python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert [p["id"] for p in d["posts"] if p["chosen"]]==["11-12-second","11-12-trotsky"]' "$TMP/out" || fail "before: wrong choice"
	[ ! -e var/almanac.db ] || fail "preview made a ledger"
	run -c r.conf publish --date 2025-11-12 --force
	expect_rc 0
	# "second" went out last year; "third" never did: it now ranks higher
	run -c r.conf preview --date 2026-11-12 --format json
	expect_rc 0
	python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert [p["id"] for p in d["posts"] if p["chosen"]]==["11-12-third","11-12-trotsky"], [p["id"] for p in d["posts"] if p["chosen"]]' "$TMP/out" || fail "preview does not rotate as publish"
}

# dst_setup: a config in America/New_York and two posts at local times
# that the 2026 DST changes skip (02:30 on 8 March) and repeat (01:30 on
# 1 November), and one at an ordinary time
dst_setup() {
	must mkdir -p posts
	must_write posts/03-08-gap.json printf '{ "date": "1926-03-08", "title": "Skipped hour", "time": "02:30" }\n'
	must_write posts/03-08-plain.json printf '{ "date": "1926-03-08", "title": "Ordinary hour", "time": "04:00" }\n'
	must_write posts/11-01-fold.json printf '{ "date": "1926-11-01", "title": "Twice hour", "time": "01:30" }\n'
	must_write ny.conf sed \
	    -e 's|posts_dir = "posts"|posts_dir = "'"$PWD"'/posts"|' \
	    -e 's|"Europe/London"|"America/New_York"|' "$CONF"
}

GAP="02:30 does not exist on 2026-03-08 in America/New_York (clocks go forward): goes out at 03:30 EDT"
FOLD="01:30 happens twice on 2026-11-01 in America/New_York: goes out at the first, 01:30 EDT"

t_dst_said_in_text() {
	dst_setup
	run -c ny.conf preview --date 2026-03-08
	expect_rc 0
	expect_out "02:30 03-08-gap  Skipped hour"
	expect_out "  $GAP"
	n=$(grep -c 'does not exist\|happens twice' "$TMP/out")
	[ "$n" -eq 1 ] || fail "$n DST notes on 2026-03-08, expected 1"
	run -c ny.conf preview --date 2026-11-01
	expect_rc 0
	expect_out "01:30 11-01-fold  Twice hour"
	expect_out "  $FOLD"
	# the same posts in a zone without those changes: nothing said
	must_sed 's|"America/New_York"|"Asia/Tokyo"|' ny.conf
	run -c ny.conf preview --date 2026-03-08
	expect_rc 0
	expect_no_out "does not exist"
}

t_dst_said_in_json() {
	dst_setup
	run -c ny.conf preview --date 2026-03-08 --format json
	expect_rc 0
	python3 - "$TMP/out" "$GAP" <<'PY' || fail "json: no slot_note for the gap"
import json, sys
d = json.load(open(sys.argv[1]))
p = {x["id"]: x for x in d["posts"]}
assert p["03-08-gap"]["slot"] == "02:30", p["03-08-gap"]
assert p["03-08-gap"]["slot_note"] == sys.argv[2], p["03-08-gap"]["slot_note"]
assert p["03-08-plain"]["slot_note"] is None, p["03-08-plain"]["slot_note"]
PY
	run -c ny.conf preview --date 2026-11-01 --format json
	expect_rc 0
	python3 - "$TMP/out" "$FOLD" <<'PY' || fail "json: no slot_note for the fold"
import json, sys
d = json.load(open(sys.argv[1]))
p = d["posts"][0]
assert p["id"] == "11-01-fold" and p["slot"] == "01:30", p
assert p["slot_note"] == sys.argv[2], p["slot_note"]
PY
}

t_dst_said_in_html() {
	dst_setup
	run -c ny.conf preview --date 2026-03-08 --format html
	expect_rc 0
	expect_out "<p class=\"note\">$GAP</p>"
	run -c ny.conf preview --date 2026-11-01 --format html
	expect_rc 0
	expect_out "<p class=\"note\">$FOLD</p>"
}

# A zone from TZDIR: the config accepts a zone found there, and so does the
# clock (it used to look in /usr/share/zoneinfo only and stop with exit 78)
t_zone_from_tzdir() {
	must mkdir -p zones/Test
	must cp /usr/share/zoneinfo/America/New_York zones/Test/Gotham
	must_write z.conf sed \
	    -e 's|posts_dir = "posts"|posts_dir = "'"$TOP"'/tests/data/good/posts"|' \
	    -e 's|state_dir = "var"|state_dir = "'"$PWD"'/var"|' \
	    -e 's|"Europe/London"|"Test/Gotham"|' "$CONF"
	export TZDIR="$PWD/zones"
	# 23:30 in New York is already the 13th in London
	run -c z.conf --now 2026-11-12T23:30 preview
	expect_rc 0
	expect_out "2026-11-12 (Test/Gotham): 4 posts, 2 chosen"
	run -c z.conf lint
	expect_rc 0
	# without TZDIR the name is unknown, and the config says so
	unset TZDIR
	run -c z.conf preview --date 2026-11-12
	expect_rc 78
	expect_err "unknown time zone \"Test/Gotham\""
}

# "sources" are shown to the editor (text, JSON, HTML), never in a message
# or a request
t_sources_shown_never_sent() {
	must mkdir -p posts
	must_write posts/11-12-src.json printf '%s\n' '{ "date": "1927-11-12", "title": "Sourced",' '  "summary": "A summary.", "url": "https://example.org/sourced",' '  "sources": ["https://checked.example.net/srcmark-page?a=1&b=2", "Srcmark, A <Book> (1999), p. 12"] }'
	must_write posts/11-12-bare.json printf '%s\n' '{ "date": "1927-11-12", "title": "Bare", "summary": "Another." }'
	must_write a.conf sed -e 's|posts_dir = "posts"|posts_dir = "'"$PWD"'/posts"|' \
	    -e 's/enabled = false;/enabled = true;/' "$CONF"
	run -c a.conf preview --date 2026-11-12 --requests
	expect_rc 0
	expect_block "  sources:" \
	    "    https://checked.example.net/srcmark-page?a=1&b=2" \
	    "    Srcmark, A <Book> (1999), p. 12"
	[ "$(grep -c '^  sources:$' "$TMP/out")" -eq 1 ] ||
	    fail "a sources block for the post without sources"
	[ "$(grep -ic srcmark "$TMP/out")" -eq 2 ] ||
	    fail "a source in a message or request: $(grep -i srcmark "$TMP/out")"
	run -c a.conf preview --date 2026-11-12 --format json
	expect_rc 0
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
po = {p["id"]: p for p in d["posts"]}
assert po["11-12-src"]["sources"] == ["https://checked.example.net/srcmark-page?a=1&b=2", "Srcmark, A <Book> (1999), p. 12"], po["11-12-src"]["sources"]
assert po["11-12-bare"]["sources"] == [], po["11-12-bare"]
pl = po["11-12-src"]["platforms"]
assert len(pl) == 6, [p["platform"] for p in pl]
assert "srcmark" not in json.dumps(pl).lower(), "a source in a message"
' "$TMP/out" || fail "json sources"
	run -c a.conf preview --date 2026-11-12 --format html
	expect_rc 0
	expect_out '<details class="sources"><summary>2 sources</summary><ul>'
	expect_out '<li>https://checked.example.net/srcmark-page?a=1&amp;b=2</li>'
	python3 "$TOP/tests/tools/html_check.py" page "$TMP/out" >page.json \
	    2>check.err || fail "the page breaks its contract: $(cat check.err)"
	expect_out '<li>Srcmark, A &lt;Book&gt; (1999), p. 12</li>'
	[ "$(grep -c 'class="sources"' "$TMP/out")" -eq 1 ] ||
	    fail "a sources list for the post without sources"
}

run_tests
