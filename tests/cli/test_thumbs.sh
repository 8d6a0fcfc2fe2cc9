#!/bin/sh
# Picture uploads for LinkedIn (initializeUpload, the PUT of the bytes,
# the article's thumbnail) and Bluesky (uploadBlob, the card's thumb)
# against the fake platforms over real HTTPS: each flow end to end with
# its alt text, the upload kept in the ledger's step and reused after a
# failure, a lost upload answer redone, and every post once whatever
# fails (a lost answer, a 5xx, a 429, a 401, an ended session).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

INIT=/rest/images
PUT=/li-upload
POSTS=/rest/posts
BLOB=/xrpc/com.atproto.repo.uploadBlob
CREATE=/xrpc/com.atproto.repo.createRecord
GET=/xrpc/com.atproto.repo.getRecord

# A small PNG and JPEG (their first bytes are what the fakes check)
PNG='\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001\000\000\000\001\010\002\000\000\000\220wS\336alpha'
JPEG='\377\330\377\340\000\020JFIF\000\001beta picture\377\331'

# reset [PLATFORM]: the fake forgets everything; config, credentials and
# the two test posts with pictures of their own (image.file: alpha a PNG,
# beta a JPEG) and alt texts; bluesky enabled against the fake too; the
# public folder set (the post's own picture is public)
reset() {
	fake_reset
	setup_publish
	must_sed "s/upload_pictures = false/upload_pictures = true/" almanac.conf
	must_sed "s|^platforms = {|platforms = {\n  bluesky = { enabled = true; api = \"https://127.0.0.1:$PORT_main\"; handle = \"almanac-test.bsky.social\"; };|" almanac.conf
	must_write -a almanac.conf <<'CONF'
cards = { enabled = false; public_dir = "var/public"; public_url = "https://pics.example.org/p/"; };
CONF
	must mkdir -p posts/images
	must_write posts/images/alpha.png printf "$PNG"
	must_write posts/images/beta.jpg printf "$JPEG"
	for p in alpha:png beta:jpg; do
		must python3 - "posts/11-12-${p%:*}.json" "${p%:*}" "${p#*:}" <<'PY'
import json, sys
path, name, ext = sys.argv[1:]
d = json.load(open(path))
d["image"] = {"file": f"images/{name}.{ext}", "alt": f"The alt text of {name}",
              "credit": "Photo: Me"}
json.dump(d, open(path, "w"), indent=2)
PY
	done
}

# retries N: http.retries N
retries() {
	must_sed "s/retries = 1;/retries = $1;/" almanac.conf
}

# at HH:MM ARGS: almanac publish at that time of the test day (both
# posts are due from 10:00 to 12:00)
at() {
	_at=$1
	shift
	run -c almanac.conf --now "2026-11-12T$_at" publish "$@"
}

# li ARGS / sky ARGS: almanac publish of one platform at 10:00
li() {
	at 10:00 --platform linkedin "$@"
}
sky() {
	at 10:00 --platform bluesky "$@"
}

# on METHOD PATH RESPONSES: scripts the answers to those requests
on() {
	must ctl POST script "{\"path\": \"$1 $2\", \"responses\": $3}" >/dev/null
}

# n PATH [METHOD]: requests to PATH
n() {
	ctl GET "requests?path=$1${2:+&method=$2}" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# outcomes PATH WORD: requests to PATH whose outcome starts with WORD
outcomes() {
	ctl GET "requests?path=$1" | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin) if (r["outcome"] or "").startswith(sys.argv[1])))' "$2"
}

# uploads PLATFORM: the pictures the fake holds (LinkedIn's with bytes)
uploads() {
	ctl GET thumbs | python3 -c '
import json, sys
u = json.load(sys.stdin)[sys.argv[1]]
print(sum(1 for v in u.values() if v.get("bytes", 1)))' "$1"
}

# step POST PLATFORM: the ledger's kept progress of a pair
step() {
	ledger "select step from pairs where day='2026-11-12' and post_id='$1' and platform='$2'"
}

# once PLATFORM: both posts there once each, published in the ledger
once() {
	[ "$(nposts "$1")" -eq 2 ] || fail "$1 has $(nposts "$1") posts, expected 2"
	for p in 11-12-alpha 11-12-beta; do
		[ "$(state $p "$1")" = published ] ||
		    fail "$p on $1 is $(state $p "$1")"
	done
}

# li_thumbs: every LinkedIn post shows an uploaded picture of its own
# post, with its alt text and description
li_thumbs() {
	ctl GET posts | python3 -c '
import json, sys, urllib.request
posts = json.load(sys.stdin)["linkedin"]
assert len(posts) == 2, posts
seen = set()
for p in posts:
    a = p["article"]
    assert a["thumbnail"].startswith("urn:li:image:"), a
    name = "alpha" if "Alpha" in a["title"] else "beta"
    assert a["thumbnailAltText"] == "The alt text of " + name, a
    assert "summary" in a["description"], a
    seen.add(a["thumbnail"])
assert len(seen) == 2, seen' || fail "the LinkedIn posts do not show their pictures"
	ctl GET thumbs | python3 -c '
import json, sys
u = json.load(sys.stdin)["linkedin"]
types = sorted(v["type"] for v in u.values() if v["bytes"])
assert types == ["image/jpeg", "image/png"], u' || fail "the uploaded pictures are not the posts'"
}

t_linkedin_uploads_the_picture_as_the_thumbnail() {
	reset
	li
	expect_rc 0
	once linkedin
	li_thumbs
	[ "$(n $INIT)" -eq 2 ] || fail "$(n $INIT) initializeUploads"
	[ "$(uploads linkedin)" -eq 2 ] || fail "$(uploads linkedin) uploads"
	# the PUT carries the token and the picture's type; initializeUpload
	# the versioned headers and the author as owner
	ctl GET "requests?path=$PUT" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    h = r["headers"]
    assert r["method"] == "PUT", r["method"]
    assert h["authorization"].startswith("Bearer "), h
    assert h["content-type"] in ("image/png", "image/jpeg"), h
' || fail "PUT headers"
	ctl GET "requests?path=$INIT" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    assert r["query"] == {"action": "initializeUpload"}, r["query"]
    assert r["json"] == {"initializeUploadRequest": {"owner": "urn:li:organization:123"}}, r["json"]
    assert r["headers"]["linkedin-version"] == "202511", r["headers"]
    assert r["headers"]["x-restli-protocol-version"] == "2.0.0", r["headers"]
' || fail "initializeUpload request"
	# nothing left in progress once published
	for p in 11-12-alpha 11-12-beta; do
		[ -z "$(step $p linkedin)" ] || fail "$p keeps step $(step $p linkedin)"
	done
}

t_linkedin_without_a_picture_posts_as_before() {
	reset
	must rm posts/images/alpha.png
	must python3 -c '
import json
d = json.load(open("posts/11-12-alpha.json"))
d["image"] = {"url": "https://example.org/alpha.jpg", "alt": "x"}
json.dump(d, open("posts/11-12-alpha.json", "w"))'
	li
	expect_rc 0
	once linkedin
	[ "$(n $INIT)" -eq 1 ] || fail "$(n $INIT) initializeUploads, expected beta's only"
	ctl GET posts | python3 -c '
import json, sys
for p in json.load(sys.stdin)["linkedin"]:
    a = p["article"]
    assert ("thumbnail" in a) == ("Beta" in a["title"]), a
' || fail "alpha has a thumbnail"
}

t_linkedin_lost_upload_answers_are_redone() {
	reset
	# initializeUpload made, its answer lost; the PUT stored, its answer
	# lost: each is done again in the same run
	on POST $INIT '[{"action": "drop"}]'
	on PUT $PUT '[{"action": "drop"}]'
	li
	expect_rc 0
	once linkedin
	li_thumbs
	[ "$(n $INIT)" -eq 3 ] || fail "$(n $INIT) initializeUploads, expected 3"
	[ "$(n $PUT)" -eq 3 ] || fail "$(n $PUT) PUTs, expected 3"
	[ "$(n $POSTS POST)" -eq 2 ] || fail "$(n $POSTS POST) posts sent"
}

t_linkedin_upload_failures_publish_nothing() {
	reset
	retries 0
	# a 500, a 429 and an unanswered PUT: nothing published, nothing
	# unknown; each pair failed and tried again by the next run
	on POST $INIT '[{"status": 500}]'
	on PUT $PUT '[{"action": "drop_before"}]'
	li
	expect_rc 75
	[ "$(nposts linkedin)" -eq 0 ] || fail "posted"
	[ "$(ledger "select count(*) from pairs where platform='linkedin' and state='failed' and retryable=1")" -eq 2 ] ||
	    fail "not two retryable failures: $(ledger "select post_id, state, error from pairs")"
	expect_err "nothing was published"
	at 10:05 --platform linkedin
	expect_rc 0
	once linkedin
	li_thumbs
	[ "$(n $POSTS POST)" -eq 2 ] || fail "$(n $POSTS POST) posts sent"
}

t_linkedin_refused_post_reuses_the_picture() {
	reset
	retries 0
	on POST $POSTS '[{"status": 503, "headers": {"Retry-After": "1"}, "repeat": 2}]'
	li
	expect_rc 75
	[ "$(nposts linkedin)" -eq 0 ] || fail "posted"
	[ "$(uploads linkedin)" -eq 2 ] || fail "$(uploads linkedin) uploads"
	case "$(step 11-12-alpha linkedin)" in "uploaded urn:li:image:"*) ;;
	*) fail "step: $(step 11-12-alpha linkedin)" ;; esac
	at 10:05 --platform linkedin
	expect_rc 0
	once linkedin
	li_thumbs
	[ "$(n $INIT)" -eq 2 ] || fail "uploaded again: $(n $INIT) initializeUploads"
	[ "$(uploads linkedin)" -eq 2 ] || fail "$(uploads linkedin) uploads"
	[ "$(n $POSTS GET)" -eq 2 ] || fail "$(n $POSTS GET) reads of the latest posts"
}

t_linkedin_open_post_is_checked_not_sent_twice() {
	reset
	retries 0
	# alpha's post made but answered 500; beta's made, its answer lost
	on POST $POSTS '[{"action": "created_then_500"}, {"action": "drop"}]'
	li
	expect_rc 1
	[ "$(nposts linkedin)" -eq 2 ] || fail "$(nposts linkedin) posts"
	for p in 11-12-alpha 11-12-beta; do
		[ "$(state $p linkedin)" = unknown ] || fail "$p is $(state $p linkedin)"
		case "$(step $p linkedin)" in "posting urn:li:image:"*) ;;
		*) fail "$p step: $(step $p linkedin)" ;; esac
	done
	# the next run reads the author's latest posts, finds both, sends
	# nothing
	at 10:05 --platform linkedin
	expect_rc 0
	expect_err "linkedin 11-12-alpha: unknown, with progress kept: asking linkedin"
	once linkedin
	[ "$(n $POSTS POST)" -eq 2 ] || fail "$(n $POSTS POST) posts sent"
	[ "$(outcomes $POSTS duplicate)" -eq 0 ] || fail "a post was sent again"
	[ "$(uploads linkedin)" -eq 2 ] || fail "$(uploads linkedin) uploads"
}

t_linkedin_open_post_not_made_goes_once() {
	reset
	retries 0
	# the post's answer lost before it was made: the next run does not
	# find it among the latest posts and sends it, with the kept picture
	on POST $POSTS '[{"action": "drop_before", "repeat": 2}]'
	li
	expect_rc 1
	[ "$(nposts linkedin)" -eq 0 ] || fail "posted"
	at 10:05 --platform linkedin
	expect_rc 0
	once linkedin
	li_thumbs
	[ "$(n $INIT)" -eq 2 ] || fail "uploaded again: $(n $INIT)"
}

t_linkedin_unreadable_check_leaves_it_unknown() {
	reset
	retries 0
	on POST $POSTS '[{"action": "created_then_500", "repeat": 2}]'
	li
	expect_rc 1
	# the token may post but not read posts: whether it is there is not
	# known, and nothing is sent again on its own
	on GET $POSTS '[{"status": 403, "repeat": 2}]'
	at 10:05 --platform linkedin
	expect_rc 1
	expect_err "to the read of the author's latest posts"
	for p in 11-12-alpha 11-12-beta; do
		[ "$(state $p linkedin)" = unknown ] || fail "$p is $(state $p linkedin)"
		[ -z "$(step $p linkedin)" ] || fail "$p keeps $(step $p linkedin)"
	done
	at 10:10 --platform linkedin
	[ "$(n $POSTS POST)" -eq 2 ] || fail "$(n $POSTS POST) posts sent"
	[ "$(nposts linkedin)" -eq 2 ] || fail "$(nposts linkedin) posts"
}

t_linkedin_refused_token_on_upload() {
	reset
	retries 0
	# a 401 to initializeUpload and to the PUT: nothing made; the next
	# run uploads and posts once
	on POST $INIT '[{"status": 401}]'
	on PUT $PUT '[{"status": 401}]'
	li
	[ "$(nposts linkedin)" -eq 0 ] || fail "posted"
	# a refused token is failed for good: --retry-failed once it is put
	# right
	for p in 11-12-alpha 11-12-beta; do
		[ "$(state $p linkedin)" = failed ] || fail "$p is $(state $p linkedin)"
	done
	at 10:05 --platform linkedin --retry-failed
	expect_rc 0
	once linkedin
	li_thumbs
	[ "$(n $POSTS POST)" -eq 2 ] || fail "$(n $POSTS POST) posts sent"
}

# Bluesky

# sky_thumbs: every Bluesky post's card shows an uploaded blob of the
# post's own picture
sky_thumbs() {
	ctl GET posts | python3 -c '
import json, sys
u = json.load(sys.stdin)["bluesky"]
assert len(u) == 2, u
for p in u:
    t = p["record"]["embed"]["external"]["thumb"]
    assert t["$type"] == "blob" and t["ref"]["$link"].startswith("bafkrei"), t
    want = "image/png" if "Alpha" in p["record"]["embed"]["external"]["title"] else "image/jpeg"
    assert t["mimeType"] == want, t
' || fail "the Bluesky posts do not show their pictures"
}

t_bluesky_uploads_the_picture_as_the_thumb() {
	reset
	sky
	expect_rc 0
	once bluesky
	sky_thumbs
	[ "$(n $BLOB)" -eq 2 ] || fail "$(n $BLOB) uploadBlobs"
	ctl GET "requests?path=$BLOB" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    h = r["headers"]
    assert h["authorization"].startswith("Bearer "), h
    assert h["content-type"] in ("image/png", "image/jpeg"), h
' || fail "uploadBlob headers"
	case "$(step 11-12-alpha bluesky)" in *" bafkrei"*" image/png "*) ;;
	*) fail "step: $(step 11-12-alpha bluesky)" ;; esac
}

t_bluesky_lost_upload_answer_is_redone() {
	reset
	on POST $BLOB '[{"action": "drop"}, {"action": "timeout", "seconds": 8, "then": "close"}]'
	sky
	expect_rc 0
	once bluesky
	sky_thumbs
	[ "$(n $BLOB)" -eq 4 ] || fail "$(n $BLOB) uploadBlobs"
	[ "$(n $CREATE)" -eq 2 ] || fail "$(n $CREATE) creates"
}

t_bluesky_refused_create_reuses_the_blob() {
	reset
	retries 0
	on POST $CREATE '[{"status": 503, "headers": {"Retry-After": "1"}}, {"action": "rate_limited", "reset": 1}]'
	sky
	expect_rc 75
	[ "$(nposts bluesky)" -eq 0 ] || fail "posted"
	[ "$(n $BLOB)" -eq 2 ] || fail "$(n $BLOB) uploadBlobs"
	at 10:05 --platform bluesky
	expect_rc 0
	once bluesky
	sky_thumbs
	[ "$(n $BLOB)" -eq 2 ] || fail "uploaded again: $(n $BLOB) uploadBlobs"
}

t_bluesky_old_blob_is_uploaded_again() {
	reset
	retries 0
	on POST $CREATE '[{"status": 503, "headers": {"Retry-After": "1"}, "repeat": 2}]'
	sky
	expect_rc 75
	# uploaded more than an hour ago (the time kept with it set back):
	# the PDS may have dropped it, so it is uploaded again
	must python3 - var/almanac.db <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for day, post, step in db.execute("select day, post_id, step from pairs where platform = 'bluesky'").fetchall():
    f = step.split(" ")
    assert len(f) == 7, step
    f[6] = str(int(f[6]) - 3700)
    db.execute("update pairs set step = ? where day = ? and post_id = ? and platform = 'bluesky'", (" ".join(f), day, post))
db.commit()
PY
	at 10:05 --platform bluesky
	expect_rc 0
	once bluesky
	sky_thumbs
	[ "$(n $BLOB)" -eq 4 ] || fail "$(n $BLOB) uploadBlobs, expected 4"
}

t_bluesky_open_create_after_upload_goes_once() {
	reset
	retries 0
	# alpha made but answered 500; beta's answer lost before it was made
	on POST $CREATE '[{"action": "created_then_500"}, {"action": "drop_before"}]'
	sky
	once bluesky
	sky_thumbs
	[ "$(n $BLOB)" -eq 2 ] || fail "$(n $BLOB) uploadBlobs"
	[ "$(outcomes $CREATE "rkey taken")" -eq 0 ] || fail "a record was created twice"
}

t_bluesky_upload_failures_publish_nothing() {
	reset
	retries 0
	on POST $BLOB '[{"status": 500}, {"action": "rate_limited", "reset": 1}]'
	sky
	expect_rc 75
	[ "$(nposts bluesky)" -eq 0 ] || fail "posted"
	[ "$(ledger "select count(*) from pairs where platform='bluesky' and state='failed' and retryable=1")" -eq 2 ] ||
	    fail "not two retryable failures: $(ledger "select post_id, state, error from pairs")"
	at 10:05 --platform bluesky
	expect_rc 0
	once bluesky
	sky_thumbs
	[ "$(n $CREATE)" -eq 2 ] || fail "$(n $CREATE) creates"
}

t_bluesky_ended_session_on_upload() {
	reset
	# a session kept (alpha's run), then ended: beta's upload is answered
	# 400 ExpiredToken, the session renewed, the upload sent again
	must mv posts/11-12-beta.json beta.json
	sky
	expect_rc 0
	must mv beta.json posts/11-12-beta.json
	must ctl POST bluesky '{"expire": true}' >/dev/null
	at 10:05 --platform bluesky
	expect_rc 0
	once bluesky
	sky_thumbs
	[ "$(outcomes $BLOB "access token expired")" -eq 1 ] ||
	    fail "$(outcomes $BLOB "access token expired") uploads refused as expired"
}

run_tests
