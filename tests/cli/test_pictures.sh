#!/bin/sh
# A pair's picture when publishing and previewing: a post without a
# picture of its own gets its drawn card (kept in state_dir/cards, named by
# its content), put in the public folder for the platforms that fetch an
# address (Instagram's 1080x1080 JPEG, Pinterest's 1000x1500, the feed's
# 1200x628 PNG), with the card's alt text; a post's own file wins unless
# cards.always; no public folder, or cards.enabled = false: default_image
# as before; a public folder that cannot be written holds the pair, and
# the next run sends it. Cards are decoded with Debian's PIL
# (/usr/bin/python3).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

PY=/usr/bin/python3

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

JPEG='\377\330\377\340\000\020JFIF\000\001own picture\377\331'

# site [CARDS-SETTINGS]: Instagram, Pinterest and the feed against the
# fake, the fake's tokens, a public folder, and an empty posts folder
site() {
	must rm -rf posts var
	must mkdir -p posts/images
	must cp "$TOP/tests/fake/credentials.conf" credentials.conf
	must chmod 600 credentials.conf
	must_write almanac.conf <<CONF
posts_dir = "posts";
state_dir = "var";
timezone = "UTC";
credentials = "credentials.conf";
schedule = { min_per_day = 0; };
http = { timeout = $((5 * TF)); connect_timeout = $((2 * TF)); ca_file = "$CA/ca.pem"; };
cards = { site_name = "On This Day"; ${1:-}
          public_dir = "var/public"; public_url = "https://pics.example.org/p";
};
platforms = {
  feed = { enabled = true; path = "var/feed.atom"; link = "https://example.org/"; };
  instagram = { enabled = true; api = "https://127.0.0.1:$PORT_main"; user_id = "2002";
                default_image = "https://example.org/default.jpg"; };
  pinterest = { enabled = true; api = "https://127.0.0.1:$PORT_main"; board_id = "3003";
                default_image = "https://example.org/default.jpg"; };
};
CONF
}

# post NAME [IMAGE-JSON]: a post of 1927-11-12, with that image or none
post() {
	must_write "posts/$1.json" <<POST
{
  "date": "1927-11-12",
  "title": "Trotsky and Zinoviev expelled from the Communist Party",
  "summary": "The summary of $1."${2:+,
  \"image\": $2}
}
POST
}

# sent PATH KEY...: the value at KEY... (form field, or JSON keys) of the
# one request the fake had at PATH
sent() {
	_path=$1
	shift
	ctl GET "requests?path=$_path" | "$PY" -c '
import json, sys
r = json.load(sys.stdin)
assert len(r) == 1, r
v = r[0].get("form") or r[0].get("json")
for k in sys.argv[1:]:
    v = v[k]
print(v)' "$@" 2>"$TMP/py.err"
}

# card_of URL FORMAT WxH: the public file of URL is such an image, under
# 1,000,000 bytes, and the same file is in var/cards
card_of() {
	f=var/public/${1##*/}
	[ -f "$f" ] || { fail "no $f for $1 (public: $(ls var/public 2>&1))"; return; }
	cmp -s "$f" "var/cards/${1##*/}" || fail "$f is not the card in var/cards"
	m=$("$PY" -c 'import os, sys
from PIL import Image
im = Image.open(sys.argv[1]); im.load()
print(im.format, "%dx%d" % im.size, os.path.getsize(sys.argv[1]))' "$f") ||
	    { fail "$f: PIL cannot read it"; return; }
	set -- "$1" "$2" "$3" $m
	[ "$4 $5" = "$2 $3" ] || fail "$1: $4 $5, expected $2 $3"
	[ "$6" -lt 1000000 ] || fail "$1: $6 bytes"
	[ "$(stat -c %a "var/public/${1##*/}")" = 644 ] || fail "$1: mode"
}

ALT='12 November 1927, 99 years ago today: Trotsky and Zinoviev expelled from the Communist Party (On This Day)'

t_a_post_without_a_picture_gets_its_cards() {
	fake_reset
	site
	post a
	run -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 0
	ig=$(sent /v24.0/2002/media image_url) || fail "instagram: $(cat "$TMP/py.err")"
	case $ig in https://pics.example.org/p/*.jpg) ;; *) fail "instagram image_url $ig" ;; esac
	card_of "$ig" JPEG 1080x1080
	[ "$(sent /v24.0/2002/media alt_text)" = "$ALT" ] || fail "instagram alt_text: $(sent /v24.0/2002/media alt_text)"
	# Pinterest takes the card's bytes (image_base64), not its address
	pin=$(sent /v5/pins media_source data) || fail "pinterest: $(cat "$TMP/py.err")"
	m=$(printf %s "$pin" | "$PY" -c 'import base64, glob, io, sys
from PIL import Image
b = base64.b64decode(sys.stdin.read())
same = [f for f in glob.glob("var/cards/*") if open(f, "rb").read() == b]
im = Image.open(io.BytesIO(b)); im.load()
print(im.format, "%dx%d" % im.size, len(b), len(same))') ||
	    fail "pinterest: its image_base64 is no picture"
	set -- $m
	[ "$1 $2" = "PNG 1000x1500" ] || fail "pinterest: $m, expected a PNG 1000x1500"
	[ "$3" -lt 1000000 ] || fail "pinterest: $3 bytes"
	[ "$4" = 1 ] || fail "pinterest: its picture is not the card in var/cards"
	[ "$(sent /v5/pins alt_text)" = "$ALT" ] || fail "pinterest alt_text: $(sent /v5/pins alt_text)"
	feed=$(sed -n 's/.*<link rel="enclosure" type="image\/png" href="\([^"]*\)".*/\1/p' var/feed.atom)
	[ -n "$feed" ] || fail "no enclosure in the feed: $(cat var/feed.atom)"
	card_of "$feed" PNG 1200x628
	[ "$(ls var/cards | wc -l)" = 3 ] || fail "var/cards: $(ls var/cards)"
	# the next day's run draws the same cards again: kept, not rewritten
	must touch -d 2000-01-01 var/cards/*
	run -c almanac.conf --now 2026-11-12T13:00 publish
	expect_rc 0
	[ "$(find var/cards -type f -newer credentials.conf | wc -l)" = 0 ] ||
	    fail "cards written again: $(find var/cards -type f -newer credentials.conf)"
	[ "$(nposts instagram)" = 1 ] || fail "instagram has $(nposts instagram) posts"
}

# Pinterest told not to upload (upload_pictures = false) takes the
# picture's address, as Instagram does: the card's, and the card is put
# in the public folder; the own file's likewise
t_pinterest_without_uploads_takes_the_public_address() {
	fake_reset
	site
	must_sed "s|board_id = \"3003\";|board_id = \"3003\"; upload_pictures = false;|" almanac.conf
	post a
	must_write posts/images/own.jpg printf "$JPEG"
	post b '{"file": "images/own.jpg", "alt": "An own picture", "credit": "Photo: Me"}'
	# both slots of the day passed
	run -c almanac.conf --now 2026-11-12T16:59 publish --late --platform pinterest
	expect_rc 0
	ctl GET "requests?path=/v5/pins" | "$PY" -c '
import json, sys
for r in json.load(sys.stdin):
    m = r["json"]["media_source"]
    print(m["source_type"], m.get("url", "-"))' >pins || fail "no pins read"
	[ "$(grep -c "^image_url https://pics.example.org/p/" pins)" = 2 ] ||
	    fail "pins not by their public address: $(cat pins)"
	for u in $(cut -d" " -f2 pins); do
		[ -f "var/public/${u##*/}" ] || fail "$u is not in the public folder"
	done
	card=$(grep -v "/$(printf "$JPEG" | sha256sum | cut -c1-32).jpg" pins | cut -d" " -f2)
	card_of "$card" PNG 1000x1500
}

t_an_own_picture_wins_unless_cards_always() {
	fake_reset
	site
	must_write posts/images/own.jpg printf "$JPEG"
	name=$(printf "$JPEG" | sha256sum | cut -c1-32).jpg
	post a '{ "file": "images/own.jpg", "credit": "Photo: Me", "alt": "My picture" }'
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform instagram
	expect_rc 0
	[ "$(sent /v24.0/2002/media image_url)" = "https://pics.example.org/p/$name" ] ||
	    fail "instagram image_url: $(sent /v24.0/2002/media image_url)"
	[ "$(sent /v24.0/2002/media alt_text)" = "My picture" ] || fail "alt_text"
	[ ! -e var/cards ] || fail "a card was drawn: $(ls var/cards)"

	fake_reset
	site 'always = true;'
	must_write posts/images/own.jpg printf "$JPEG"
	post a '{ "file": "images/own.jpg", "credit": "Photo: Me", "alt": "My picture" }'
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform instagram
	expect_rc 0
	ig=$(sent /v24.0/2002/media image_url) || fail "instagram: $(cat "$TMP/py.err")"
	card_of "$ig" JPEG 1080x1080
	[ "$(sent /v24.0/2002/media alt_text)" = "$ALT" ] || fail "alt_text $(sent /v24.0/2002/media alt_text)"
}

t_without_public_folder_or_cards_the_default_stands_in() {
	fake_reset
	site 'enabled = false;'
	post a
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform instagram
	expect_rc 0
	[ "$(sent /v24.0/2002/media image_url)" = https://example.org/default.jpg ] ||
	    fail "instagram image_url: $(sent /v24.0/2002/media image_url)"
	[ ! -e var/cards ] || fail "a card was drawn"
	fake_reset
	site
	must_sed -e '/public_dir/d' almanac.conf
	post a
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform instagram
	expect_rc 0
	[ "$(sent /v24.0/2002/media image_url)" = https://example.org/default.jpg ] ||
	    fail "instagram image_url: $(sent /v24.0/2002/media image_url)"
}

t_an_unwritable_public_folder_holds_the_card() {
	fake_reset
	site
	must_sed -e 's|var/public|blocked/p|' almanac.conf
	must_write blocked printf 'a file, not a folder\n'
	post a
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform instagram
	[ "$rc" -ne 0 ] || fail "exit 0"
	expect_err "not sent instagram a: cards.public_dir"
	[ "$(nreq instagram)" = 0 ] || fail "instagram asked $(nreq instagram) times"
	[ -z "$(state a instagram)" ] || fail "ledger: $(state a instagram)"
	must rm blocked
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform instagram
	expect_rc 0
	[ "$(nposts instagram)" = 1 ] || fail "instagram has $(nposts instagram) posts"
	[ "$(state a instagram)" = published ] || fail "ledger: $(state a instagram)"
	ig=$(sent /v24.0/2002/media image_url) || fail "instagram: $(cat "$TMP/py.err")"
	[ -f "blocked/p/${ig##*/}" ] || fail "not in the public folder: $ig"
}

# preview names each pair's picture and shows a stand-in for the card's
# public address; its HTML page shows the pictures themselves
t_preview_names_the_picture() {
	site
	post a
	must_write posts/images/own.jpg printf "$JPEG"
	must_write posts/b.json printf '{ "date": "1950-11-12", "title": "B", "image": { "file": "images/own.jpg", "credit": "Me" } }\n'
	run -c almanac.conf --now 2026-11-12T08:00 preview
	expect_rc 0
	# Instagram's three lines, in order
	grep -A2 -F "picture: card 1080×1080 JPEG, drawn" "$TMP/out" | tr '\n' '|' |
	    grep -qxF "    picture: card 1080×1080 JPEG, drawn|    image: https://pics.example.org/p/card-of-a.jpg|    alt: $ALT|" ||
	    fail "instagram's picture: $(grep -A2 -F 'picture: card 1080' "$TMP/out")"
	expect_out "    picture: card 1000×1500 PNG, drawn"
	expect_out "    picture: card 1200×628 PNG, drawn"
	expect_out "    picture: images/own.jpg (the post's own file)"
	[ ! -e var/cards ] || fail "preview drew cards: $(ls var/cards)"
	# the HTML page embeds each picture: the cards drawn, in each
	# platform's shape, and the own file as it is; no stand-in address
	run -c almanac.conf --now 2026-11-12T08:00 preview --format html -o day.html
	expect_rc 0
	! grep -q 'src="[^"]*card-of-' day.html || fail "the page loads a stand-in: $(grep -o 'src="[^"]*card-of-[^"]*"' day.html)"
	[ ! -e var/cards ] || fail "the page kept cards: $(ls var/cards)"
	"$PY" "$TOP/tests/tools/html_check.py" page day.html >page.json 2>check.err ||
	    fail "$(cat check.err)"
	ALT="$ALT" "$PY" - <<'PY' || fail "the page's pictures"
import base64, io, json, os
from PIL import Image
posts = {p["id"]: p for p in json.load(open("page.json"))["days"][0]["posts"]}
def picture(post, platform):
    c = {x["platform"]: x for x in posts[post]["cards"]}[platform]
    head, _, b64 = c["image"].partition(",")
    return head, base64.b64decode(b64, validate=True), c["alt"]
for platform, head, fmt, size in (
        ("instagram", "data:image/jpeg;base64", "JPEG", (1080, 1080)),
        ("pinterest", "data:image/png;base64", "PNG", (1000, 1500)),
        ("feed", "data:image/png;base64", "PNG", (1200, 628))):
    h, data, alt = picture("a", platform)
    im = Image.open(io.BytesIO(data)); im.load()
    assert (h, im.format, im.size) == (head, fmt, size), (platform, h, im.format, im.size)
    assert alt == os.environ["ALT"], (platform, alt)
# the post's own file, as it is (the test's stand-in JPEG)
h, data, _ = picture("b", "pinterest")
assert h == "data:image/jpeg;base64" and data == open("posts/images/own.jpg", "rb").read(), (h, data[:20])
PY
	site 'enabled = false;'
	post a
	run -c almanac.conf --now 2026-11-12T08:00 preview --platform instagram
	expect_rc 0
	expect_out "    picture: default_image https://example.org/default.jpg"
}

# Threads: an IMAGE container with the card's public address and alt
# text; without a public folder, a TEXT one as before
t_threads_gets_an_image_container() {
	fake_reset
	site
	must_sed "s|^  feed = |  threads = { enabled = true; api = \"https://127.0.0.1:$PORT_main\"; user_id = \"6006\"; };\n  feed = |" almanac.conf
	must ctl POST clock "{\"now\": $(epoch 2026-11-12T12:00)}" >/dev/null
	must ctl POST oauth "{\"platform\": \"threads\", \"issued_at\": $(epoch 2026-11-12T11:00)}" >/dev/null
	post a
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform threads
	expect_rc 0
	[ "$(sent /v1.0/6006/threads media_type)" = IMAGE ] || fail "media_type: $(sent /v1.0/6006/threads media_type)"
	th=$(sent /v1.0/6006/threads image_url) || fail "threads: $(cat "$TMP/py.err")"
	card_of "$th" PNG 1200x628
	[ "$(sent /v1.0/6006/threads alt_text)" = "$ALT" ] || fail "alt_text"
	[ "$(nposts threads)" = 1 ] || fail "threads has $(nposts threads) posts"

	fake_reset
	must ctl POST clock "{\"now\": $(epoch 2026-11-12T12:00)}" >/dev/null
	must ctl POST oauth "{\"platform\": \"threads\", \"issued_at\": $(epoch 2026-11-12T11:00)}" >/dev/null
	must rm -rf var
	must_sed -e '/public_dir/d' almanac.conf
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform threads
	expect_rc 0
	[ "$(sent /v1.0/6006/threads media_type)" = TEXT ] || fail "media_type: $(sent /v1.0/6006/threads media_type)"
}

run_tests
