#!/bin/sh
# Picture uploads against the fake, for the platforms that take a
# picture's bytes (X, Mastodon, Pinterest), with a post's own picture
# (image.file): each flow end to end with its alt text; the upload kept as
# the pair's progress and reused by a later attempt, made again once too
# old; a lost upload answer redone; and no double post for any failure
# (no answer, 5xx, 429, 401) at each step. The test day's slots:
# 11-12-alpha 09:00 (the picture), 11-12-beta 10:00 (none).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

JPEG='\377\330\377\340\000\020JFIF\000\001alpha picture\377\331'
ALT="The Saturn V on the pad at dawn"

# reset [PLATFORM-LINE]: the fake forgets everything; the publishing
# config (mastodon added) and alpha with a picture file of its own
reset() {
	fake_reset
	setup_publish
	must_sed "s/upload_pictures = false/upload_pictures = true/" almanac.conf
	# no cards: a post without a picture of its own goes without one
	# (x_card_for_a_post_without_a_picture draws)
	must_write -a almanac.conf <<'CONF'
cards = { enabled = false; };
CONF
	must_sed "s|^platforms = {|platforms = {\\n  mastodon = { enabled = true; api = \"$api\"; };|" almanac.conf
	must mkdir -p posts/images
	must_write posts/images/alpha.jpg printf "$JPEG"
	must_sed "s|\"image\": { \"url\": \"https://example.org/alpha.jpg\"|\"image\": { \"file\": \"images/alpha.jpg\"|" posts/11-12-alpha.json
	must_sed "s|A picture of alpha|$ALT|" posts/11-12-alpha.json
}

# alone: alpha is the day's only post (so that what is scripted meets it)
alone() {
	must rm posts/11-12-beta.json
}

# at HH:MM ARGS...: almanac publish at that time of the test day
at() {
	t=$1
	shift
	run -c almanac.conf --now "2026-11-12T$t" publish "$@"
}

# uploads PLATFORM: the uploads the fake recorded, as JSON lines
uploads() {
	ctl GET uploads | python3 -c '
import json, sys
for u in json.load(sys.stdin):
    if u["platform"] == sys.argv[1]:
        print(json.dumps(u))' "$1"
}

nuploads() {
	uploads "$1" | wc -l | tr -d ' '
}

# media PLATFORM WORD: the media ids of each post of the platform whose
# text holds WORD ("Alpha", "Beta"), one post a line ("-": none)
media() {
	ctl GET posts | python3 -c '
import json, sys
for p in json.load(sys.stdin)[sys.argv[1]]:
    if sys.argv[2] in p["text"]:
        print(",".join(p.get("media_ids") or []) or "-")' "$1" "$2"
}

# step PLATFORM: the progress the ledger keeps for alpha
step() {
	ledger "select step from pairs where post_id='11-12-alpha' and platform='$1'"
}

# on PATH RESPONSES-JSON: queues behaviours for the requests to PATH
on() {
	must ctl POST script "{\"path\": \"POST $1\", \"responses\": $2}" >/dev/null
}

# posted_with_upload PLATFORM: publishes the day on PLATFORM and checks
# that alpha went out with its one upload (its alt text set), beta
# without a picture
posted_with_upload() {
	at 12:00 --platform "$1"
	expect_rc 0
	expect_err "published $1 11-12-alpha"
	[ "$(nuploads "$1")" = 1 ] || fail "$(nuploads "$1") uploads"
	id=$(uploads "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
	uploads "$1" | grep -qF "\"alt\": \"$ALT\"" || fail "alt text not set: $(uploads "$1")"
	[ "$(media "$1" Alpha)" = "$id" ] || fail "alpha went out with media $(media "$1" Alpha), not $id"
	[ "$(media "$1" Beta)" = "-" ] || fail "beta went out with media $(media "$1" Beta)"
}

t_x_uploads_sets_alt_then_posts() {
	reset
	posted_with_upload twitter
	# the upload: multipart, signed, its category; the order of the flow
	ctl GET "requests?platform=twitter" | python3 -c '
import json, sys
rs = json.load(sys.stdin)
paths = [r["path"] for r in rs]
i, k = paths.index("/2/media/upload"), paths.index("/2/media/metadata")
t = [n for n, r in enumerate(rs) if (r["json"] or {}).get("media")]
assert len(t) == 1 and i < k < t[0], paths
up = rs[i]
assert up["headers"]["content-type"].startswith("multipart/form-data; boundary="), up["headers"]
assert up["form"] == {"media_category": "tweet_image"}, up["form"]
assert up["headers"]["authorization"].startswith("OAuth "), up["headers"]
assert up["status"] == 200 and rs[k]["status"] == 200, rs
' || fail "the requests were not as expected"
	[ -z "$(step twitter)" ] || fail "progress left after publishing: $(step twitter)"
}

t_x_lost_upload_answer_is_redone() {
	reset
	alone
	on /2/media/upload '[{"action": "drop"}]'
	at 12:00 --platform twitter
	expect_rc 0
	expect_err "the picture's upload did not go through, nothing was published"
	expect_err "published twitter 11-12-alpha"
	[ "$(nuploads twitter)" = 2 ] || fail "$(nuploads twitter) uploads"
	second=$(uploads twitter | tail -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
	[ "$(media twitter Alpha)" = "$second" ] || fail "alpha posted with $(media twitter Alpha), not $second"
	[ "$(state 11-12-alpha twitter)" = published ] || fail "alpha is $(state 11-12-alpha twitter)"
}

t_x_failure_after_upload_reuses_it() {
	reset
	alone
	# the tweet refused for an hour: the upload is kept (the slot is
	# 09:00, the grace 3 h)
	on /2/tweets '[{"status": 503, "headers": {"Retry-After": "3600"}}]'
	at 09:05 --platform twitter
	expect_err "asks to wait"
	[ "$(state 11-12-alpha twitter)" = failed ] || fail "alpha is $(state 11-12-alpha twitter)"
	id=$(uploads twitter | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
	case $(step twitter) in "upload:$id:"*) ;; *) fail "progress $(step twitter), not upload:$id";; esac
	[ "$(nposts twitter)" = 0 ] || fail "$(nposts twitter) tweets"
	at 10:30 --platform twitter
	expect_rc 0
	expect_err "published twitter 11-12-alpha"
	[ "$(nuploads twitter)" = 1 ] || fail "uploaded again: $(nuploads twitter) uploads"
	[ "$(media twitter Alpha)" = "$id" ] || fail "alpha posted with $(media twitter Alpha), not $id"
	# the alt text is set again before the post (safe to repeat)
	[ "$(ctl GET 'requests?path=/2/media/metadata' | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 2 ] ||
	    fail "the alt text was not set again"
	[ -z "$(step twitter)" ] || fail "progress left: $(step twitter)"
}

t_x_kept_upload_too_old_is_made_again() {
	reset
	alone
	on /2/tweets '[{"status": 503, "headers": {"Retry-After": "3600"}}]'
	at 09:05 --platform twitter
	[ "$(nuploads twitter)" = 1 ] || fail "$(nuploads twitter) uploads"
	# a day old: X no longer has it
	old=$(($(date +%s) - 86400))
	python3 -c '
import sqlite3, sys
c = sqlite3.connect("var/almanac.db")
c.execute("update pairs set step = ? where post_id = ? and platform = ?", (sys.argv[1], "11-12-alpha", "twitter"))
c.commit()' "upload:1:$old"
	at 10:30 --platform twitter
	expect_rc 0
	[ "$(nuploads twitter)" = 2 ] || fail "$(nuploads twitter) uploads"
	second=$(uploads twitter | tail -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
	[ "$(media twitter Alpha)" = "$second" ] || fail "alpha posted with $(media twitter Alpha)"
}

t_x_expired_media_id_uploads_again() {
	reset
	alone
	# X says the media ids are invalid: the kept upload is dropped and
	# the flow starts again (in the same run)
	on /2/tweets '[{"status": 400, "body": {"errors": [{"message": "Your media IDs are invalid."}], "title": "Invalid Request", "detail": "Your media IDs are invalid."}}]'
	at 12:00 --platform twitter
	expect_rc 0
	expect_err "published twitter 11-12-alpha"
	[ "$(nuploads twitter)" = 2 ] || fail "$(nuploads twitter) uploads"
	[ "$(nposts twitter)" = 1 ] || fail "$(nposts twitter) tweets"
}

# once_each PLATFORM PATH STEP-NAME: for each failure kind at PATH, runs
# until nothing is left to do and checks that alpha is posted at most once,
# and published unless the failure was a refused token
once_each() {
	pf=$1 path=$2
	for kind in timeout 500 429 401 drop; do
		reset
		alone
		case $kind in
		timeout) r="[{\"action\": \"timeout\", \"seconds\": $((4 * TF))}]" ;;
		500) r='[{"status": 500}]' ;;
		429) r="[{\"action\": \"rate_limited\", \"reset\": $(unix 10:00)}]" ;;
		401) r='[{"status": 401}]' ;;
		drop) r='[{"action": "drop"}]' ;;
		esac
		on "$path" "$r"
		at 09:05 --platform "$pf"
		at 10:30 --platform "$pf"
		at 11:55 --platform "$pf"
		n=$(media "$pf" Alpha | wc -l | tr -d ' ')
		st=$(state 11-12-alpha "$pf")
		[ "$n" -le 1 ] || fail "$pf $path $kind: posted $n times"
		case $path:$kind in
		*:401) [ "$st" = failed ] && [ "$n" = 0 ] ||
			fail "$pf $path 401: $st, $n posts" ;;
		*/media*:*|*/metadata:*) [ "$st" = published ] && [ "$n" = 1 ] ||
			fail "$pf $path $kind: $st, $n posts" ;;
		*:timeout|*:500|*:drop)
			# the post itself may exist: unknown, never sent again
			[ "$st" = unknown ] || [ "$st" = published ] ||
			    fail "$pf $path $kind: $st" ;;
		*) [ "$st" = published ] && [ "$n" = 1 ] ||
			fail "$pf $path $kind: $st, $n posts" ;;
		esac
		# status shows the pair as the ledger has it
		run -c almanac.conf --now 2026-11-12T11:55 status --date 2026-11-12
		grep -F "11-12-alpha" "$TMP/out" | grep -qF "$st" ||
		    fail "$pf $path $kind: status does not show $st: $(grep -F 11-12-alpha "$TMP/out")"
	done
}

t_x_no_double_post_at_upload() {
	once_each twitter /2/media/upload
}

t_x_no_double_post_at_alt_text() {
	once_each twitter /2/media/metadata
}

t_x_no_double_post_at_post() {
	once_each twitter /2/tweets
}

t_x_picture_too_large() {
	reset
	alone
	python3 -c 'import sys; open("posts/images/alpha.jpg","wb").write(b"\xff\xd8\xff\xe0" + b"x" * 5000000)'
	at 12:00 --platform twitter
	expect_rc 0
	# too large for X: said, and the post goes without it (its card, were
	# cards drawn)
	expect_err "twitter 11-12-alpha: the picture images/alpha.jpg is 5000004 bytes, more than the 5000000 twitter takes; it goes out without a picture"
	[ "$(nreq twitter)" = 1 ] || fail "sent $(nreq twitter) requests"
	[ -z "$(uploads twitter)" ] || fail "uploaded: $(uploads twitter)"
	[ "$(nposts twitter)" = 1 ] || fail "$(nposts twitter) posts"
}

# cards drawn: a post without a picture of its own gets its card uploaded,
# the card's words as alt text
t_x_card_for_a_post_without_a_picture() {
	reset
	must_sed "s/cards = { enabled = false; };//" almanac.conf
	must rm posts/11-12-alpha.json
	at 12:00 --platform twitter
	expect_rc 0
	uploads twitter | python3 -c '
import json, sys
u = [json.loads(l) for l in sys.stdin if l.strip()]
assert len(u) == 1, u
assert u[0]["alt"].startswith("12 November 1950, 76 years ago today: Beta"), u[0]
' || fail "the card was not uploaded with its alt text: $(uploads twitter)"
	[ "$(nposts twitter)" = 1 ] || fail "$(nposts twitter) posts"
	ls var/cards/*.png >/dev/null 2>&1 || fail "no card in var/cards"
}

t_mastodon_uploads_with_description_then_posts() {
	reset
	posted_with_upload mastodon
	ctl GET "requests?path=/api/v2/media" | python3 -c '
import json, sys
r = json.load(sys.stdin)[0]
assert r["headers"]["content-type"].startswith("multipart/form-data; boundary="), r["headers"]
assert r["headers"]["authorization"] == "Bearer fake-mastodon-token"
' || fail "the upload request was not as expected"
	[ -z "$(step mastodon)" ] || fail "progress left: $(step mastodon)"
}

t_mastodon_processing_upload_is_waited_for() {
	reset
	alone
	must ctl POST uploads '{"mastodon_processing": 1}' >/dev/null
	at 12:00 --platform mastodon
	expect_rc 0
	expect_err "not finished processing"
	expect_err "published mastodon 11-12-alpha"
	[ "$(nuploads mastodon)" = 1 ] || fail "$(nuploads mastodon) uploads"
	[ "$(media mastodon Alpha)" != "" ] || fail "not posted"
}

t_mastodon_failure_after_upload_reuses_it() {
	reset
	alone
	on /api/v1/statuses "[{\"action\": \"rate_limited\", \"reset\": $(unix 10:00)}]"
	at 09:05 --platform mastodon
	[ "$(state 11-12-alpha mastodon)" = failed ] || fail "alpha is $(state 11-12-alpha mastodon)"
	at 10:30 --platform mastodon
	expect_err "published mastodon 11-12-alpha"
	[ "$(nuploads mastodon)" = 1 ] || fail "$(nuploads mastodon) uploads"
	[ "$(media mastodon Alpha | wc -l | tr -d ' ')" = 1 ] || fail "posts: $(media mastodon Alpha)"
}

# the instance's own limit on a picture (its image_size_limit, asked with
# its other limits) is what a picture is measured against: one larger is
# not uploaded (the fake would refuse it), and the status goes without it
t_mastodon_instance_image_limit_is_kept_and_used() {
	reset
	alone
	must ctl POST instance '{"image_size_limit": 20}' >/dev/null
	at 12:00 --platform mastodon
	expect_rc 0
	expect_err "the picture images/alpha.jpg is $(printf "$JPEG" | wc -c | tr -d ' ') bytes, more than the 20 mastodon takes; it goes out without a picture"
	expect_err "published mastodon 11-12-alpha"
	[ "$(nuploads mastodon)" = 0 ] || fail "$(nuploads mastodon) uploads"
	[ "$(media mastodon Alpha)" = "-" ] || fail "alpha went out with media $(media mastodon Alpha)"
	grep -q '^image_max 20$' var/mastodon.limits || fail "not kept: $(cat var/mastodon.limits)"
}

t_mastodon_no_double_post_at_upload() {
	once_each mastodon /api/v2/media
}

t_mastodon_no_double_post_at_status() {
	once_each mastodon /api/v1/statuses
}

t_pinterest_sends_the_picture_in_base64() {
	reset
	at 12:00 --platform pinterest
	expect_rc 0
	expect_err "published pinterest 11-12-alpha"
	ctl GET "requests?path=/v5/pins" | python3 -c '
import base64, json, sys
rs = json.load(sys.stdin)
by = {r["json"]["title"][:4]: r["json"] for r in rs}
a, b = by["Alph"], by["Beta"]
ms = a["media_source"]
assert ms["source_type"] == "image_base64" and ms["content_type"] == "image/jpeg", ms
assert base64.b64decode(ms["data"]).startswith(b"\xff\xd8\xff"), ms
assert a["alt_text"] == sys.argv[1], a
assert b["media_source"] == {"source_type": "image_url", "url": "https://example.org/card.jpg"}, b
' "$ALT" || fail "the pins were not as expected"
}

t_pinterest_sends_a_png_as_png() {
	reset
	alone
	must_write posts/images/alpha.jpg printf '\211PNG\r\n\032\nalpha'
	at 12:00 --platform pinterest
	expect_rc 0
	expect_err "published pinterest 11-12-alpha"
	ctl GET "requests?path=/v5/pins" | grep -qF '"content_type": "image/png"' ||
	    fail "not sent as a PNG"
}

# without default_image, a post without a picture of its own goes to
# Pinterest as its card in base64 (preview shows a stand-in for the bytes);
# without cards it cannot go, and the run says why
t_pinterest_sends_the_card_without_default_image() {
	reset
	alone
	must rm posts/11-12-alpha.json
	must_write posts/11-12-gamma.json printf '{ "date": "1950-11-12", "title": "Gamma", "summary": "Gamma happens." }\n'
	must_sed '/default_image = "https:\/\/example.org\/card.jpg";$/d' almanac.conf
	must_sed "s/cards = { enabled = false; };//" almanac.conf
	run -c almanac.conf --now 2026-11-12T08:00 preview --requests
	expect_rc 0
	expect_out '"source_type":"image_base64","content_type":"image/png","data":"(the card in base64, drawn when it is published)"'
	expect_no_out "pinterest needs an image"
	# (X, Mastodon: the post's request, and a note for the upload)
	[ "$(grep -cF '(when it is published, the card is drawn and uploaded before this request, which then carries it)' "$TMP/out")" = 2 ] ||
	    fail "no note of the card's upload on X's and Mastodon's requests"
	at 12:00 --platform pinterest
	expect_rc 0
	expect_err "published pinterest 11-12-gamma"
	ctl GET "requests?path=/v5/pins" | /usr/bin/python3 -c '
import base64, io, json, sys
from PIL import Image
rs = json.load(sys.stdin)
assert len(rs) == 1, rs
ms = rs[0]["json"]["media_source"]
assert ms["source_type"] == "image_base64" and ms["content_type"] == "image/png", ms
im = Image.open(io.BytesIO(base64.b64decode(ms["data"])))
assert (im.format, im.size) == ("PNG", (1000, 1500)), (im.format, im.size)
assert rs[0]["json"]["alt_text"].startswith("12 November 1950, 76 years ago today: Gamma"), rs[0]["json"]
' || fail "the pin did not carry the card"
	[ "$(state 11-12-gamma pinterest)" = published ] || fail "gamma is $(state 11-12-gamma pinterest)"
	# no cards, no default_image: said, and nothing sent
	fake_reset
	must rm -rf var
	must_write -a almanac.conf <<'CONF'
cards = { enabled = false; };
CONF
	at 12:00 --platform pinterest
	expect_err "pinterest needs an image"
	[ "$(nposts pinterest)" = 0 ] || fail "$(nposts pinterest) pins"
}

run_tests
