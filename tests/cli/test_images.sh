#!/bin/sh
# A post's pictures against the fake: a remote picture (image.url) fetched
# once into the cache in state_dir/images by "almanac images", then served
# from there; a 50 MiB answer cut off and nothing kept; an HTML page, one
# said to be a JPEG and a 404 refused; the cache's total capped, the
# picture used longest ago dropped first. A picture file of the post's own
# (image.file): its rules (below posts_dir, no link leading out, a JPEG or
# PNG by its bytes, there), its place in the public folder (cards.public_dir,
# mode 0644, named by its content) and its address there in the Instagram
# request and the Atom entry; default_image without a public folder. The
# credit in the Instagram, Pinterest and feed texts, and lint's warning of
# a picture without one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

# A small JPEG, and the name its content gets (the first 32 hex digits of
# its SHA-256)
JPEG='\377\330\377\340\000\020JFIF\000\001own picture\377\331'

# site: a config (cache capped at MB MiB, 64 unless given) with Instagram,
# Pinterest and the feed against the fake, and an empty posts folder
site() {
	must rm -rf posts var
	must mkdir -p posts/images
	must_write almanac.conf <<CONF
posts_dir = "posts";
state_dir = "var";
timezone = "UTC";
schedule = { min_per_day = 0; };
http = { timeout = $((5 * TF)); connect_timeout = $((2 * TF)); ca_file = "$CA/ca.pem"; };
images = { cache_max_mb = ${1:-64}; };
platforms = {
  feed = { enabled = true; path = "var/feed.atom"; link = "https://example.org/"; };
  instagram = { enabled = true; api = "https://127.0.0.1:$PORT_main"; user_id = "2002";
                default_image = "https://example.org/card.jpg"; };
  pinterest = { enabled = true; api = "https://127.0.0.1:$PORT_main"; board_id = "3003";
                default_image = "https://example.org/card.jpg"; };
};
CONF
}

# public: the public folder set in the config
public() {
	must_write -a almanac.conf <<'CONF'
cards = { public_dir = "var/public"; public_url = "https://pics.example.org/p/"; };
CONF
}

# credentials: the fake's tokens, for publishing
credentials() {
	must cp "$TOP/tests/fake/credentials.conf" credentials.conf
	must chmod 600 credentials.conf
	must_write -a almanac.conf printf 'credentials = "credentials.conf";\n'
}

# post NAME MM-DD IMAGE-JSON: a post of 1927 on that day with that image
post() {
	must_write "posts/$1.json" <<POST
{
  "date": "1927-$2",
  "title": "Post $1",
  "summary": "The summary of $1.",
  "image": $3
}
POST
}

# remote NAME MM-DD PATH: a post whose picture is the fake's PATH
remote() {
	post "$1" "$2" "{ \"url\": \"https://127.0.0.1:$PORT_main$3\", \"credit\": \"Photo: Fake\" }"
}

# images [ARGS]: almanac images on the test day
images() {
	run -c almanac.conf --now 2026-11-12T08:00 images "$@"
}

# fetches PATH: how many times the fake was asked for PATH
fetches() {
	ctl GET "requests?path=$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# cached: the files of the cache, one a line
cached() {
	ls -A var/images 2>/dev/null
}

t_a_picture_is_fetched_once_then_served_from_the_cache() {
	fake_reset
	site
	remote a 11-12 /images/photo.jpg
	images --days 1
	expect_rc 0
	expect_out "2026-11-12 a: https://127.0.0.1:$PORT_main/images/photo.jpg: fetched, image/jpeg, 22 bytes"
	expect_out "1 picture good, 0 not"
	[ "$(fetches /images/photo.jpg)" = 1 ] || fail "asked $(fetches /images/photo.jpg) times"
	[ "$(cached | wc -l)" -eq 1 ] || fail "cache: $(cached)"
	cached | grep -Eqx '[0-9a-f]{32}\.jpg' || fail "named $(cached)"
	head -c 3 var/images/*.jpg | od -An -tx1 | grep -q 'ff d8 ff' ||
	    fail "the kept file is no JPEG"
	images --days 1
	expect_rc 0
	expect_out "a: https://127.0.0.1:$PORT_main/images/photo.jpg: cached, image/jpeg, 22 bytes"
	[ "$(fetches /images/photo.jpg)" = 1 ] ||
	    fail "asked again: $(fetches /images/photo.jpg) times"
	# a PNG too
	remote b 11-12 /images/photo.png
	images --days 1
	expect_out "b: https://127.0.0.1:$PORT_main/images/photo.png: fetched, image/png"
	cached | grep -Eqx '[0-9a-f]{32}\.png' || fail "no PNG in $(cached)"
}

t_fifty_megabytes_are_cut_off_and_not_kept() {
	fake_reset
	site
	remote big 11-12 /images/huge.jpg
	images --days 1
	expect_rc 1
	expect_out "big: https://127.0.0.1:$PORT_main/images/huge.jpg: FAIL: "
	expect_out "the picture is larger than 8388608 bytes; refused, nothing kept"
	expect_out "0 pictures good, 1 not"
	[ -z "$(cached)" ] || fail "kept: $(cached)"
}

t_an_html_page_is_refused() {
	fake_reset
	site
	remote page 11-12 /images/page.jpg
	images --days 1
	expect_rc 1
	expect_out 'expected a JPEG or PNG picture (image/jpeg, image/png), got "text/html; charset=utf-8"'
	# said to be a JPEG, but an HTML page by its bytes
	rm -f posts/page.json
	remote liar 11-12 /images/liar.jpg
	images --days 1
	expect_rc 1
	expect_out "the answer says image/jpeg but is no JPEG or PNG picture (by its first bytes)"
	[ -z "$(cached)" ] || fail "kept: $(cached)"
}

t_a_missing_picture_is_said() {
	fake_reset
	site
	remote gone 11-12 /images/gone.jpg
	images --days 1
	expect_rc 1
	expect_out "gone: https://127.0.0.1:$PORT_main/images/gone.jpg: FAIL: "
	expect_out "the server answered HTTP 404, not the picture"
	[ -z "$(cached)" ] || fail "kept: $(cached)"
}

# 1 MiB of cache, pictures of 400,000 bytes: the third fetched drops the
# one used longest ago; a use from the cache counts as a use.
t_the_cache_is_capped_oldest_first() {
	fake_reset
	site 1
	remote a 11-12 /images/size/400000/a.jpg
	remote b 11-13 /images/size/400000/b.jpg
	remote c 11-14 /images/size/400000/c.jpg
	remote d 11-15 /images/size/400000/d.jpg
	for d in 11-12 11-13; do
		images --from "$d" --days 1
		expect_rc 0
	done
	[ "$(cached | wc -l)" -eq 2 ] || fail "after a, b: $(cached)"
	images --from 11-12 --days 1		# a used again: b is the oldest
	expect_out "a: https://127.0.0.1:$PORT_main/images/size/400000/a.jpg: cached"
	images --from 11-14 --days 1
	expect_out "c: https://127.0.0.1:$PORT_main/images/size/400000/c.jpg: fetched"
	[ "$(cached | wc -l)" -eq 2 ] || fail "after c: $(cached)"
	total=$(du -cb var/images/* | tail -1 | cut -f1)
	[ "$total" -le 1048576 ] || fail "the cache holds $total bytes"
	images --from 11-12 --days 3
	expect_out "a: https://127.0.0.1:$PORT_main/images/size/400000/a.jpg: cached"
	expect_out "b: https://127.0.0.1:$PORT_main/images/size/400000/b.jpg: fetched"
	[ "$(fetches /images/size/400000/b.jpg)" = 2 ] || fail "b asked $(fetches /images/size/400000/b.jpg) times"
	[ "$(fetches /images/size/400000/a.jpg)" = 1 ] || fail "a asked $(fetches /images/size/400000/a.jpg) times"
}

t_image_file_rules() {
	site
	must mkdir outside
	must_write outside/secret.jpg printf "$JPEG"
	must ln -s ../../outside/secret.jpg posts/images/link.jpg
	must_write posts/images/page.jpg printf '<!DOCTYPE html>\n'
	must_write posts/images/own.jpg printf "$JPEG"
	post ok 11-12 '{ "file": "images/own.jpg", "credit": "Photo: Me" }'
	post out 11-12 '{ "file": "images/link.jpg", "credit": "Photo: Me" }'
	post up 11-12 '{ "file": "../outside/secret.jpg", "credit": "Photo: Me" }'
	post abs 11-12 '{ "file": "/etc/passwd", "credit": "Photo: Me" }'
	post page 11-12 '{ "file": "images/page.jpg", "credit": "Photo: Me" }'
	post gone 11-12 '{ "file": "images/gone.jpg", "credit": "Photo: Me" }'
	post both 11-12 '{ "file": "images/own.jpg", "url": "https://example.org/a.jpg" }'
	run -c almanac.conf --now 2026-11-12T08:00 lint
	expect_rc 65
	expect_out 'posts/out.json:5:14: image.file "images/link.jpg" is a symbolic link (or goes through one) to a file outside posts_dir; refused'
	expect_out 'posts/up.json:5:14: "image"."file" must not have "..": it must stay below posts_dir, got "../outside/secret.jpg"'
	expect_out 'posts/abs.json:5:14: "image"."file" must be a path below posts_dir, not one starting with "/", got "/etc/passwd"'
	expect_out 'posts/page.json:5:14: image.file "images/page.jpg" is not a JPEG or PNG picture (by its first bytes)'
	expect_out 'posts/gone.json:5:14: image.file "images/gone.jpg" does not exist in posts_dir'
	expect_out 'posts/both.json:5:14: "image" has both "url" and "file": give one'
	expect_out "7 files checked: 6 errors, 0 warnings"
	expect_no_out "posts/ok.json"
	! grep -qF "$PWD/outside" "$TMP/out" "$TMP/err" ||
	    fail "the link's target is named: $(grep -hF "$PWD/outside" "$TMP/out" "$TMP/err")"
	# preview and publish refuse the pair, and say why
	run -c almanac.conf --now 2026-11-12T08:00 preview --format json
	python3 - "$TMP/out" >"$TMP/py.out" 2>&1 <<'PY' || fail "preview: $(cat "$TMP/py.out")"
import json, sys
d = json.load(open(sys.argv[1]))
errs = {p["id"]: q["error"] for p in d["posts"] for q in p["platforms"]
        if q["platform"] == "instagram"}
assert errs["ok"] is None, errs
assert errs["gone"] == 'image.file "images/gone.jpg" does not exist in posts_dir', errs
assert "outside posts_dir" in errs["out"], errs
PY
}

t_the_credit_is_in_the_texts() {
	site
	post a 11-12 '{ "url": "https://example.org/a.jpg", "credit": "Photo: NASA, public domain" }'
	run -c almanac.conf --now 2026-11-12T08:00 preview --format json
	expect_rc 0
	python3 - "$TMP/out" >"$TMP/py.out" 2>&1 <<'PY' || fail "$(cat "$TMP/py.out")"
import json, sys
d = json.load(open(sys.argv[1]))
texts = {q["platform"]: q["text"] for q in d["posts"][0]["platforms"]}
assert texts["instagram"] == ("November 12, 1927: Post a\n\nThe summary of a."
                              "\n\nPhoto: NASA, public domain"), texts
assert texts["pinterest"] == ("November 12, 1927. The summary of a.\n\n"
                              "Photo: NASA, public domain"), texts
assert texts["feed"] == "The summary of a.\n\nPhoto: NASA, public domain", texts
PY
	# lint says nothing of it
	run -c almanac.conf --now 2026-11-12T08:00 lint
	expect_rc 0
	expect_out "1 file checked: 0 errors, 0 warnings"
}

t_lint_warns_of_a_picture_without_credit() {
	site
	post a 11-12 '{ "url": "https://example.org/a.jpg" }'
	must_write posts/images/own.jpg printf "$JPEG"
	must_write posts/b.json <<'POST'
{
  "date": "1927-11-12",
  "title": "Post b",
  "image": { "file": "images/own.jpg", "credit": "Photo: Me" },
  "platforms": { "pinterest": { "image": { "file": "images/own.jpg" } } }
}
POST
	run -c almanac.conf --now 2026-11-12T08:00 lint
	expect_rc 0
	expect_out 'posts/a.json:5:3: warning: the post'"'"'s picture has no "credit": say whose it is and its licence, as "Photo: NASA, public domain"'
	expect_out 'posts/b.json:5:33: warning: platforms.pinterest'"'"'s picture has no "credit"'
	expect_out "2 files checked: 0 errors, 2 warnings"
}

t_the_public_folder() {
	site
	public
	must_write posts/images/own.jpg printf "$JPEG"
	name=$(printf "$JPEG" | sha256sum | cut -c1-32).jpg
	post a 11-12 '{ "file": "images/own.jpg", "alt": "Mine", "credit": "Photo: Me" }'
	# the addresses, before anything is written
	run -c almanac.conf --now 2026-11-12T08:00 preview --format json
	expect_rc 0
	python3 - "$TMP/out" "$name" >"$TMP/py.out" 2>&1 <<'PY' || fail "$(cat "$TMP/py.out")"
import json, sys, urllib.parse
d = json.load(open(sys.argv[1]))
url = "https://pics.example.org/p/" + sys.argv[2]
q = {q["platform"]: q for q in d["posts"][0]["platforms"]}
ig = urllib.parse.parse_qs(q["instagram"]["request"]["body"])
assert ig["image_url"] == [url], ig
# Pinterest takes the file's bytes, public folder or not
pin = q["pinterest"]["request"]["body"]
assert pin["media_source"]["source_type"] == "image_base64", pin
assert pin["media_source"]["content_type"] == "image/jpeg", pin
xml = q["feed"]["entry"]["xml"]
assert '<link rel="enclosure" type="image/jpeg" href="%s"/>' % url in xml, xml
PY
	[ ! -e var/public ] || fail "preview wrote the public folder"
	# almanac images puts it there: its name, mode 0644, the same bytes,
	# nothing else beside it
	images --days 1
	expect_rc 0
	expect_out "a: images/own.jpg: image/jpeg, public at https://pics.example.org/p/$name"
	[ "$(ls -A var/public)" = "$name" ] || fail "the public folder: $(ls -A var/public)"
	[ "$(stat -c %a "var/public/$name")" = 644 ] ||
	    fail "mode $(stat -c %a "var/public/$name")"
	cmp -s posts/images/own.jpg "var/public/$name" || fail "not the same bytes"
	images --days 1
	expect_rc 0
	[ "$(ls -A var/public)" = "$name" ] || fail "again: $(ls -A var/public)"
}

# publish puts the picture in the public folder before Instagram and
# Pinterest are sent its address, and the feed file links it (an
# enclosure kept in the ledger, so the file written again still has it)
t_publish_makes_the_picture_public() {
	fake_reset
	site
	public
	credentials
	must_write posts/images/own.jpg printf "$JPEG"
	name=$(printf "$JPEG" | sha256sum | cut -c1-32).jpg
	url=https://pics.example.org/p/$name
	post a 11-12 '{ "file": "images/own.jpg", "credit": "Photo: Me" }'
	run -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 0
	[ "$(ls -A var/public)" = "$name" ] || fail "the public folder: $(ls -A var/public)"
	[ "$(stat -c %a "var/public/$name")" = 644 ] ||
	    fail "mode $(stat -c %a "var/public/$name")"
	cmp -s posts/images/own.jpg "var/public/$name" || fail "not the same bytes"
	ctl GET "requests?path=/v24.0/2002/media" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert len(r) == 1 and r[0]["form"]["image_url"] == sys.argv[1], r
assert r[0]["form"]["caption"].endswith("\n\nPhoto: Me"), r[0]["form"]' "$url" \
	    >"$TMP/py.out" 2>&1 || fail "instagram: $(tail -3 "$TMP/py.out")"
	ctl GET "requests?path=/v5/pins" | python3 -c '
import base64, json, sys
r = json.load(sys.stdin)
ms = r[0]["json"]["media_source"] if len(r) == 1 else None
assert ms and ms["source_type"] == "image_base64", r
assert base64.b64decode(ms["data"]) == open("posts/images/own.jpg", "rb").read(), ms' \
	    >"$TMP/py.out" 2>&1 || fail "pinterest: $(tail -3 "$TMP/py.out")"
	grep -qF "<link rel=\"enclosure\" type=\"image/jpeg\" href=\"$url\"/>" var/feed.atom ||
	    fail "no enclosure in the feed: $(cat var/feed.atom)"
	# written again from the ledger: the enclosure stays
	post b 11-13 '{ "url": "https://example.org/b.png" }'
	run -c almanac.conf --now 2026-11-13T12:00 publish --platform feed
	expect_rc 0
	grep -qF "<link rel=\"enclosure\" type=\"image/jpeg\" href=\"$url\"/>" var/feed.atom ||
	    fail "the enclosure is gone: $(cat var/feed.atom)"
	grep -qF '<link rel="enclosure" type="image/png" href="https://example.org/b.png"/>' var/feed.atom ||
	    fail "no enclosure for b: $(cat var/feed.atom)"
}

# a public folder that cannot be written: the pair is not sent, and is
# sent by the next run once it can
t_an_unwritable_public_folder_holds_the_pair() {
	fake_reset
	site
	credentials
	must_write -a almanac.conf printf 'cards = { public_dir = "blocked/p"; public_url = "https://pics.example.org/p"; };\n'
	must_write blocked printf 'a file, not a folder\n'
	must_write posts/images/own.jpg printf "$JPEG"
	post a 11-12 '{ "file": "images/own.jpg", "credit": "Photo: Me" }'
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform instagram
	[ "$rc" -ne 0 ] || fail "exit 0"
	expect_err "not sent instagram a: cards.public_dir"
	[ "$(nreq instagram)" = 0 ] || fail "instagram asked $(nreq instagram) times"
	must rm blocked
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform instagram
	expect_rc 0
	[ "$(nposts instagram)" = 1 ] || fail "instagram has $(nposts instagram) posts"
	[ "$(nreq instagram)" -gt 0 ] || fail "no request counted for instagram"
}

t_without_a_public_folder_the_default_stands_in() {
	site
	must_write posts/images/own.jpg printf "$JPEG"
	post a 11-12 '{ "file": "images/own.jpg", "credit": "Photo: Me" }'
	run -c almanac.conf --now 2026-11-12T08:00 preview --format json
	expect_rc 0
	python3 - "$TMP/out" >"$TMP/py.out" 2>&1 <<'PY' || fail "$(cat "$TMP/py.out")"
import json, sys, urllib.parse
d = json.load(open(sys.argv[1]))
q = {q["platform"]: q for q in d["posts"][0]["platforms"]}
ig = urllib.parse.parse_qs(q["instagram"]["request"]["body"])
assert ig["image_url"] == ["https://example.org/card.jpg"], ig
assert "enclosure" not in q["feed"]["entry"]["xml"], q["feed"]["entry"]
PY
	images --days 1
	expect_rc 0
	expect_out "a: images/own.jpg: image/jpeg, not public (no cards.public_dir)"
}

t_public_dir_and_url_go_together() {
	site
	must_write -a almanac.conf <<'CONF'
cards = { public_dir = "var/public"; };
CONF
	run -c almanac.conf lint
	expect_rc 78
	expect_err "almanac.conf:14: cards: public_dir and public_url go together"
}

run_tests
