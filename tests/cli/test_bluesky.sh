#!/bin/sh
# bluesky: the session kept in the token store and refreshed, posts
# created under a record key every attempt shares, and exactly once
# through 500s, timeouts, dropped connections, a kill and reruns, against
# the fake PDS (tests/fake/server.py) over real HTTPS.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

CREATE=/xrpc/com.atproto.repo.createRecord
GET=/xrpc/com.atproto.repo.getRecord
LOGIN=/xrpc/com.atproto.server.createSession
REFRESH=/xrpc/com.atproto.server.refreshSession

# reset: the fake forgets everything; config and credentials with bluesky
# enabled against it (the other platforms are left out with --platform);
# its posts as text alone (the picture uploads: test_thumbs.sh)
reset() {
	fake_reset
	setup_publish
	must_sed "s|^platforms = {|platforms = {\n  bluesky = { enabled = true; api = \"https://127.0.0.1:$PORT_main\"; handle = \"almanac-test.bsky.social\"; language = \"en\"; upload_pictures = false; };|" almanac.conf
}

# sky ARGS...: almanac publish --platform bluesky at 12:00 on the test day
sky() {
	publish --platform bluesky "$@"
}

# n PATH: requests to PATH
n() {
	ctl GET "requests?path=$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# stored NAME: the token store's row of bluesky
stored() {
	python3 -c '
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(
        "select value from token where platform = ? and name = ?",
        ("bluesky", sys.argv[2])):
    print(row[0])' var/tokens.db "$1"
}

# on_create RESPONSES: scripts the answers to createRecord
on_create() {
	must ctl POST script "{\"path\": \"POST $CREATE\", \"responses\": $1}" >/dev/null
}

# two_posts: both test posts are on the fake PDS, once each, with the
# ledger saying published with their permalinks
two_posts() {
	[ "$(nposts bluesky)" -eq 2 ] || fail "bluesky has $(nposts bluesky) posts, expected 2"
	for p in 11-12-alpha 11-12-beta; do
		[ "$(state $p bluesky)" = published ] || fail "$p is $(state $p bluesky)"
	done
	perm=$(ledger "select count(*) from pairs where platform='bluesky' and permalink like 'https://bsky.app/profile/almanac-test.bsky.social/post/%'")
	[ "$perm" -eq 2 ] || fail "$perm permalinks"
}

t_publishes_with_a_session_kept() {
	reset
	sky
	expect_rc 0
	expect_err "published bluesky 11-12-alpha https://bsky.app/profile/almanac-test.bsky.social/post/"
	two_posts
	[ "$(n $LOGIN)" -eq 1 ] || fail "$(n $LOGIN) logins"
	[ "$(stored account)" = did:plc:fakealmanactest1234567 ] || fail "did: $(stored account)"
	[ -n "$(stored access_token)" ] || fail "no access token kept"
	[ -n "$(stored refresh_token)" ] || fail "no refresh token kept"
	id=$(ledger "select remote_id from pairs where post_id='11-12-alpha' and platform='bluesky'")
	case "$id" in at://did:plc:fakealmanactest1234567/app.bsky.feed.post/*) ;;
	*) fail "remote id $id" ;; esac
	# the record as sent: repo the did, a TID key, facets and the card
	ctl GET "requests?path=$CREATE" | python3 -c '
import json, re, sys
for r in json.load(sys.stdin):
    b = r["json"]
    assert b["repo"] == "did:plc:fakealmanactest1234567", b["repo"]
    assert re.fullmatch(r"[2-7a-j][2-7a-z]{12}", b["rkey"]), b["rkey"]
    rec = b["record"]
    assert rec["langs"] == ["en"], rec
    assert rec["embed"]["$type"] == "app.bsky.embed.external", rec
    assert rec["embed"]["external"]["uri"].startswith("https://"), rec
    raw = rec["text"].encode()
    for f in rec["facets"]:
        s = raw[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode()
        ft = f["features"][0]
        if ft["$type"].endswith("#tag"):
            assert s == "#" + ft["tag"], (s, ft)
' || fail "the record sent is not as expected"
}

t_a_second_run_reuses_the_session() {
	reset
	sky --date 2026-11-11 --force
	sky
	expect_rc 0
	[ "$(n $LOGIN)" -eq 1 ] || fail "$(n $LOGIN) logins for two runs"
	[ "$(n $REFRESH)" -eq 0 ] || fail "refreshed a session that was good"
	[ "$(nposts bluesky)" -ge 2 ] || fail "$(nposts bluesky) posts"
}

t_an_expired_access_token_is_refreshed_without_a_login() {
	reset
	sky --date 2026-11-11 --force
	rt=$(stored refresh_token)
	must ctl POST bluesky '{"expire": true}' >/dev/null
	sky
	expect_rc 0
	two_posts
	[ "$(n $LOGIN)" -eq 1 ] || fail "$(n $LOGIN) logins: logged in again"
	[ "$(n $REFRESH)" -eq 1 ] || fail "$(n $REFRESH) refreshes"
	[ "$(stored refresh_token)" != "$rt" ] || fail "the rotated refresh token was not kept"
	expect_err "renewed bluesky's access token"
}

t_a_refused_refresh_token_logs_in_once() {
	reset
	sky --date 2026-11-11 --force
	must ctl POST bluesky '{"expire": true}' >/dev/null
	# the kept refresh token was rotated away: the server refuses it
	python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("update token set value = value || \"x\" where platform = ? and name = ?", ("bluesky", "refresh_token"))
c.commit()' var/tokens.db
	sky
	expect_rc 0
	expect_err "bluesky refused the kept refresh token"
	two_posts
	[ "$(n $LOGIN)" -eq 2 ] || fail "$(n $LOGIN) logins, expected 2"
	[ "$(n $REFRESH)" -eq 1 ] || fail "$(n $REFRESH) refreshes"
}

t_a_wrong_app_password_sends_nothing() {
	reset
	must_sed 's/fake-bluesky-app-password/wrong-password/' credentials.conf
	sky
	expect_rc 78
	expect_err "bluesky refused the handle and app password (401"
	expect_err "bluesky.app_password in the credentials file is put right"
	[ "$(nposts bluesky)" -eq 0 ] || fail "posted"
	[ "$(n $LOGIN)" -eq 1 ] || fail "$(n $LOGIN) logins"
	f=$(ledger "select count(*) from pairs where platform='bluesky' and state='failed' and retryable=1")
	[ "$f" -eq 2 ] || fail "$f retryable failures"
}

# createRecord answered 500 after the record was made: getRecord finds it
t_500_after_create_is_found_by_get_record() {
	reset
	on_create '[{"action": "created_then_500"}]'
	sky
	expect_rc 0
	two_posts
	[ "$(n $GET)" -eq 1 ] || fail "$(n $GET) getRecord requests"
	[ "$(n $CREATE)" -eq 2 ] || fail "$(n $CREATE) creates: sent again"
}

# a 500 that created nothing: getRecord says so, and it goes again under
# the same key
t_500_without_create_is_sent_again() {
	reset
	on_create '[{"status": 500}]'
	sky
	expect_rc 0
	two_posts
	[ "$(n $GET)" -eq 1 ] || fail "$(n $GET) getRecord requests"
	[ "$(n $CREATE)" -eq 3 ] || fail "$(n $CREATE) creates"
	ctl GET "requests?path=$CREATE" | python3 -c '
import json, sys
keys = {}
for r in json.load(sys.stdin):
    keys.setdefault(r["json"]["record"]["text"], set()).add(r["json"]["rkey"])
assert all(len(k) == 1 for k in keys.values()), keys
' || fail "an attempt used another record key"
}

t_timeout_after_create() {
	reset
	on_create "[{\"action\": \"timeout\", \"create_first\": true, \"seconds\": $((6 * TF))}]"
	sky
	expect_rc 0
	two_posts
	[ "$(n $GET)" -ge 1 ] || fail "no getRecord"
}

t_connection_dropped_after_create() {
	reset
	on_create '[{"action": "drop"}]'
	sky
	expect_rc 0
	two_posts
	[ "$(n $GET)" -eq 1 ] || fail "$(n $GET) getRecord requests"
}

# getRecord itself fails: the pair stays unknown with its key kept; the
# next run asks first and finds it
t_unknown_is_resumed_by_the_next_run() {
	reset
	on_create '[{"action": "created_then_500"}]'
	must ctl POST script "{\"path\": \"GET $GET\", \"responses\": [{\"status\": 502}]}" >/dev/null
	sky
	expect_rc 1
	[ "$(nposts bluesky)" -eq 2 ] || fail "$(nposts bluesky) posts"
	u=$(ledger "select count(*) from pairs where platform='bluesky' and state='unknown'")
	[ "$u" -eq 1 ] || fail "$u unknown"
	before=$(n $CREATE)
	sky
	expect_rc 0
	expect_err "unknown, with progress kept: asking bluesky"
	two_posts
	[ "$(n $CREATE)" -eq "$before" ] || fail "created again"
}

t_rerun_sends_nothing() {
	reset
	sky
	before=$(nreq bluesky)
	sky
	expect_rc 0
	[ "$(nreq bluesky)" -eq "$before" ] || fail "a rerun sent $(( $(nreq bluesky) - before )) requests"
	# the state folder lost: a new login, the same keys again, refused
	# by the PDS, and the posts found there
	rm -rf var
	sky
	expect_rc 0
	two_posts
	expect_err "it was already there"
	[ "$(n $LOGIN)" -eq 2 ] || fail "$(n $LOGIN) logins"
}

t_killed_mid_request_then_retry_unknown() {
	reset
	sky --date 2026-11-11 --force
	# the HTTP timeout longer than the fake holds its answers: the kill,
	# not a timeout, ends the run, while both records exist
	must_sed "s/timeout = $((3 * TF));/timeout = $((30 * TF));/" almanac.conf
	on_create "[{\"action\": \"timeout\", \"create_first\": true, \"seconds\": 20, \"repeat\": 2}]"
	"$ALMANAC" -c almanac.conf --now 2026-11-12T12:00 publish --platform bluesky >out 2>err &
	pid=$!
	sleep $((2 * TF))
	kill -9 $pid
	wait $pid 2>/dev/null
	s=$(ledger "select count(*) from pairs where state='sending' and platform='bluesky'")
	[ "$s" -eq 2 ] || fail "$s pairs sending after the kill"
	# the next run lists them as unknown and sends nothing
	before=$(n $CREATE)
	sky
	expect_rc 1
	expect_err "an earlier run stopped before its answer came"
	[ "$(n $CREATE)" -eq "$before" ] || fail "sent again on its own"
	# sent again on purpose: the same keys, so the PDS has them once
	sky --retry-unknown
	expect_rc 0
	two_posts
	expect_err "it was already there"
}

t_rate_limit_sets_not_before() {
	reset
	reset_at=$(python3 -c 'import calendar; print(calendar.timegm((2026,11,12,11,0,0)))')
	must ctl POST script "{\"path\": \"POST $CREATE\", \"responses\": [{\"action\": \"rate_limited\", \"reset\": $reset_at, \"repeat\": 2}]}" >/dev/null
	run -c almanac.conf --now 2026-11-12T10:00 publish --platform bluesky
	expect_rc 75
	expect_err "the first run after 11:00 tries again"
	nb=$(ledger "select count(*) from pairs where platform='bluesky' and not_before=$reset_at")
	[ "$nb" -eq 2 ] || fail "$nb pairs wait until the reset"
	[ "$(nposts bluesky)" -eq 0 ] || fail "posted"
}

t_a_record_the_pds_refuses_is_failed() {
	reset
	on_create '[{"status": 400, "body": {"error": "InvalidRequest", "message": "Invalid app.bsky.feed.post record"}}]'
	sky
	expect_rc 1
	expect_err "bluesky refused the request (400): Invalid app.bsky.feed.post record (InvalidRequest)"
	f=$(ledger "select count(*) from pairs where platform='bluesky' and state='failed' and retryable=0")
	[ "$f" -eq 1 ] || fail "$f failed"
}

# doctor: without a kept session it logs in to check the app password;
# with one it asks getSession and shows when the session ends
t_doctor_checks_the_login_then_the_session() {
	reset
	run -c almanac.conf --now 2026-11-12T12:00 doctor
	expect_out "bluesky: token of @almanac-test.bsky.social (did:plc:fakealmanactest1234567)"
	[ "$(n $LOGIN)" -eq 1 ] || fail "$(n $LOGIN) logins"
	[ ! -e var/tokens.db ] || [ -z "$(stored access_token)" ] || fail "doctor kept a session"
	sky --date 2026-11-11 --force
	run -c almanac.conf --now 2026-11-12T12:00 doctor
	expect_rc 0
	expect_out "bluesky: token of @almanac-test.bsky.social (did:plc:fakealmanactest1234567)"
	expect_out "bluesky: the refresh token expires in"
	[ "$(n $LOGIN)" -eq 2 ] || fail "$(n $LOGIN) logins: doctor logged in with a session kept"
	[ "$(n /xrpc/com.atproto.server.getSession)" -eq 1 ] || fail "getSession not asked"
	must ctl POST bluesky '{"expire": true}' >/dev/null
	run -c almanac.conf --now 2026-11-12T12:00 doctor
	expect_out "the session's access token has ended; the next publish run refreshes it"
	must_sed 's/fake-bluesky-app-password/wrong-password/' credentials.conf
	rm -f var/tokens.db
	run -c almanac.conf --now 2026-11-12T12:00 doctor
	expect_rc 1
	expect_out "FAIL"
}

# a 408 reads as a 5xx (the key is asked for, then sent again); another
# 4xx is a refusal, not sent again until --retry-failed
t_408_is_asked_and_409_refused() {
	reset
	on_create '[{"status": 408}, {"status": 409, "body": {"error": "Conflict", "message": "no"}}]'
	sky
	expect_rc 1
	[ "$(n $GET)" -eq 1 ] || fail "$(n $GET) getRecord requests after the 408"
	[ "$(nposts bluesky)" -eq 1 ] || fail "$(nposts bluesky) posts"
	expect_err "bluesky refused the request (409): no (Conflict)"
	f=$(ledger "select count(*) from pairs where platform='bluesky' and state='failed' and retryable=0")
	[ "$f" -eq 1 ] || fail "$f refused"
	sky --retry-failed
	expect_rc 0
	two_posts
}

run_tests
