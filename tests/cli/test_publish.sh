#!/bin/sh
# publish: the built binary against the fake platforms over real HTTPS.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

PAIRS=12	# 2 posts x (5 HTTP platforms + the feed)

reset() { fake_reset; setup_publish; }

t_every_platform_succeeds() {
	reset
	publish
	expect_rc 0
	n=$(grep -c '^almanac: published ' "$TMP/err")
	[ "$n" -eq $PAIRS ] || fail "$n published lines, expected $PAIRS"
	expect_err "published twitter 11-12-alpha https://x.com/i/web/status/"
	expect_err "published linkedin 11-12-alpha https://www.linkedin.com/feed/update/urn:li:share:"
	expect_err "published facebook 11-12-alpha https://www.facebook.com/1001_"
	expect_err "published pinterest 11-12-alpha https://www.pinterest.com/pin/"
	expect_err "run 2026-11-12: 12 published, 0 failed (0 to retry), 0 unknown, 0 missed, 0 skipped"
	rows=$(ledger "select count(*) from pairs where state='published' and remote_id is not null")
	[ "$rows" -eq $PAIRS ] || fail "$rows published rows with ids"
	perm=$(ledger "select count(*) from pairs where permalink is not null")
	[ "$perm" -ge 10 ] || fail "only $perm permalinks"
	for p in twitter linkedin facebook instagram pinterest; do
		[ "$(nposts $p)" -eq 2 ] || fail "$p has $(nposts $p) posts"
	done
	python3 - var/feed.atom <<'PY' || fail "feed not valid Atom"
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == A + "feed"
entries = root.findall(A + "entry")
assert len(entries) == 2, len(entries)
ids = {e.find(A + "id").text for e in entries}
assert ids == {"tag:almanac,2026-11-12:11-12-alpha", "tag:almanac,2026-11-12:11-12-beta"}, ids
for e in entries:
    assert e.find(A + "title").text and e.find(A + "updated").text
PY
	before=$(nreq)
	publish
	expect_rc 0
	[ "$(nreq)" -eq "$before" ] || fail "the second run sent requests"
	expect_err "0 published"
}

t_retry_after_429_then_success() {
	reset
	script twitter '[{"status": 429, "headers": {"Retry-After": "1"}, "body": {"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429}}]'
	publish --platform twitter
	expect_rc 0
	expect_err "trying again in 1 s"
	[ "$(nreq twitter)" -eq 3 ] || fail "$(nreq twitter) twitter requests, expected 3"
	[ "$(state 11-12-alpha twitter)" = published ] || fail "alpha not published"
	[ "$(nposts twitter)" -eq 2 ] || fail "twitter posts: $(nposts twitter)"
}

t_503_three_times_is_retryable() {
	reset
	must_sed 's/retries = 1;/retries = 2;/' almanac.conf
	# three 503s for each of the two pins: every try of the run fails
	script pinterest '[{"status": 503, "headers": {"Retry-After": "0"}, "body": {"code": 1, "message": "busy"}, "repeat": 6}]'
	publish --platform pinterest
	expect_rc 75
	[ "$(nreq pinterest)" -eq 6 ] || fail "$(nreq pinterest) requests, expected 6"
	f=$(ledger "select count(*) from pairs where platform='pinterest' and state='failed' and retryable=1")
	[ "$f" -eq 2 ] || fail "$f retryable failures"
	expect_err "the next run tries again"
	publish --platform pinterest
	expect_rc 0
	[ "$(nposts pinterest)" -eq 2 ] || fail "pinterest posts: $(nposts pinterest)"
}

t_unknown_outcomes_not_resent() {
	reset
	script twitter '[{"status": 500, "body": {"title": "Internal Error", "detail": "boom", "status": 500}}, {"action": "garbage"}]'
	script linkedin '[{"action": "drop"}]'
	script facebook "[{\"action\": \"timeout\", \"seconds\": $((6 * TF))}]"
	publish --platform twitter --platform linkedin --platform facebook
	expect_rc 1
	u=$(ledger "select count(*) from pairs where state='unknown'")
	[ "$u" -eq 4 ] || fail "$u unknown pairs, expected 4 (twitter x2, linkedin, facebook)"
	expect_err "it may have been posted"
	before=$(nreq)
	publish --platform twitter --platform linkedin --platform facebook
	expect_rc 0
	[ "$(nreq)" -eq "$before" ] || fail "unknown pairs were sent again"
	publish --platform twitter --retry-unknown
	expect_rc 0
	[ "$(state 11-12-alpha twitter)" = published ] || fail "retry-unknown did not publish"
}

t_refused_connection_and_401_do_not_stop_others() {
	reset
	closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
	must_sed "/twitter = {/s|api = \"[^\"]*\"|api = \"https://127.0.0.1:$closed\"|" almanac.conf
	must_sed 's/fake-linkedin-token/wrong-token/' credentials.conf
	publish
	expect_rc 1
	expect_err "the linkedin token was refused: renew it"
	[ "$(state 11-12-alpha twitter)" = failed ] || fail "twitter not failed"
	r=$(ledger "select retryable from pairs where platform='twitter' limit 1")
	[ "$r" = 1 ] || fail "refused connection not retryable"
	for p in facebook instagram pinterest feed; do
		[ "$(state 11-12-alpha $p)" = published ] || fail "$p not published"
	done
}

t_duplicates_count_as_published() {
	reset
	publish --platform twitter --platform linkedin
	expect_rc 0
	rm -rf var
	publish --platform twitter --platform linkedin
	expect_rc 0
	expect_err "it was already there"
	[ "$(state 11-12-alpha twitter)" = published ] || fail "twitter duplicate not published"
	[ "$(state 11-12-alpha linkedin)" = published ] || fail "linkedin duplicate not published"
	[ "$(nposts twitter)" -eq 2 ] || fail "duplicate created a post"
	id=$(ledger "select remote_id from pairs where post_id='11-12-alpha' and platform='linkedin'")
	case "$id" in urn:li:share:*) ;; *) fail "linkedin duplicate urn: $id" ;; esac
}

t_instagram_publish_failure_resumes_without_duplicate() {
	reset
	must_sed 's/retries = 1;/retries = 0;/' almanac.conf
	# Retry-After 0: the next run, at the same instant, may send again
	must ctl POST script '{"path": "POST /v24.0/2002/media_publish", "responses": [{"status": 503, "headers": {"Retry-After": "0"}, "body": {"error": {"message": "busy", "code": 2}}, "repeat": 2}]}' >/dev/null
	publish --platform instagram
	expect_rc 75
	c=$(ctl GET containers | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	[ "$c" -eq 2 ] || fail "$c containers after the first run"
	[ "$(nposts instagram)" -eq 0 ] || fail "published despite failures"
	publish --platform instagram
	expect_rc 0
	c=$(ctl GET containers | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	[ "$c" -eq 2 ] || fail "$c containers: a retry made a new one"
	[ "$(nposts instagram)" -eq 2 ] || fail "instagram posts: $(nposts instagram)"
}

t_killed_mid_request_becomes_unknown() {
	reset
	script twitter "[{\"action\": \"timeout\", \"seconds\": $((8 * TF))}]"
	"$ALMANAC" -c almanac.conf --now 2026-11-12T12:00 publish --platform twitter >out 2>err &
	pid=$!
	i=0
	while [ "$(nreq twitter)" -lt 1 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 0.3
	kill -9 $pid
	wait $pid 2>/dev/null
	s=$(ledger "select count(*) from pairs where state='sending'")
	[ "$s" -ge 1 ] || fail "no pair in sending after the kill"
	# the fake holds whichever request came first: alpha's or beta's
	sid=$(ledger "select post_id from pairs where state='sending' order by post_id limit 1")
	before=$(nreq twitter)
	publish --platform twitter
	# each named, counted in the summary, and the run alerts (exit 1)
	expect_err "unknown twitter $sid (2026-11-12): an earlier run stopped before its answer came"
	expect_err ", $s unknown,"
	expect_rc 1
	u=$(ledger "select count(*) from pairs where platform='twitter' and state='unknown'")
	[ "$u" -eq "$s" ] || fail "$u unknown, expected $s"
	# the killed pair is not sent again; only the one never claimed may go
	sent=$(( $(nreq twitter) - before ))
	[ "$sent" -le $((2 - s)) ] || fail "$sent requests after recovery"
}

t_two_runs_at_once_send_each_pair_once() {
	reset
	( "$ALMANAC" -c almanac.conf --now 2026-11-12T12:00 publish >o1 2>e1 ) &
	( "$ALMANAC" -c almanac.conf --now 2026-11-12T12:00 publish >o2 2>e2 ) &
	wait
	for p in twitter linkedin facebook instagram pinterest; do
		[ "$(nposts $p)" -eq 2 ] || fail "$p has $(nposts $p) posts"
	done
	n=$(ctl GET requests | python3 -c '
import json, sys
reqs = [r for r in json.load(sys.stdin) if r["method"] == "POST"]
print(len(reqs))')
	# 2 posts x (twitter, linkedin, facebook, pinterest, instagram's 2 steps)
	[ "$n" -eq 12 ] || fail "$n POSTs, expected 12"
}

t_unknown_ca_sends_nothing() {
	fake_start other other-server
	reset
	setup_publish "$PORT_other"
	publish --platform twitter
	expect_rc 75
	expect_err "certificate"
	n=$(curl -sS --cacert "$CA/other-ca.pem" "https://127.0.0.1:$PORT_other/_control/requests" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	[ "$n" -eq 0 ] || fail "$n requests reached the server"
}

t_http_to_remote_host_is_a_config_error() {
	reset
	must_sed '/twitter = {/s|api = "[^"]*"|api = "http://example.org"|' almanac.conf
	publish
	expect_rc 78
	expect_err "almanac.conf:"
	[ "$(nreq)" -eq 0 ] || fail "requests were sent"
}

t_redirect_not_followed() {
	reset
	script pinterest '[{"action": "redirect", "location": "/elsewhere"}]'
	publish --platform pinterest
	expect_rc 1
	n=$(ctl GET 'requests?path=/elsewhere' | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	[ "$n" -eq 0 ] || fail "the redirect was followed"
	u=$(ledger "select count(*) from pairs where platform='pinterest' and state='unknown'")
	[ "$u" -eq 1 ] || fail "$u unknown"
}

t_broken_post_others_publish() {
	reset
	must_write posts/11-12-broken.json printf '{ "date": "1927-11-12", "title": 5 }\n'
	publish --platform twitter
	expect_rc 65
	expect_err "11-12-broken.json:1:25:"
	[ "$(nposts twitter)" -eq 2 ] || fail "others not published"
}

t_missing_credentials_others_publish() {
	reset
	must_sed '/^pinterest/d' credentials.conf
	publish
	expect_rc 78
	expect_err "pinterest"
	[ "$(nposts twitter)" -eq 2 ] || fail "others not published"
	[ "$(nposts pinterest)" -eq 0 ] || fail "pinterest published"
}

t_paused_sends_nothing() {
	reset
	run -c almanac.conf pause
	expect_rc 0
	publish
	expect_rc 0
	expect_err "publishing is paused"
	[ "$(nreq)" -eq 0 ] || fail "requests while paused"
	run -c almanac.conf resume
	publish --platform twitter
	[ "$(nposts twitter)" -eq 2 ] || fail "not published after resume"
}

t_slots_not_due_and_missed() {
	reset
	run -c almanac.conf --now 2026-11-12T09:30 publish --platform twitter
	expect_rc 0
	[ "$(nposts twitter)" -eq 1 ] || fail "$(nposts twitter) posted at 09:30, expected alpha only"
	expect_err "1 not due yet"
	run -c almanac.conf --now 2026-11-12T13:30 publish --platform twitter
	expect_rc 0
	expect_err "missed twitter 11-12-beta"
	[ "$(state 11-12-beta twitter)" = missed ] || fail "beta not missed"
	[ "$(nposts twitter)" -eq 1 ] || fail "a missed slot was sent"
}

t_no_secret_anywhere() {
	reset
	script twitter '[{"status": 401, "body": {"title": "Unauthorized", "detail": "Unauthorized", "status": 401}}]'
	publish
	cat "$TMP/err" >> all.txt
	run -c almanac.conf --log-format json --now 2026-11-12T12:00 publish --retry-failed
	cat "$TMP/err" >> all.txt
	run -c almanac.conf --now 2026-11-12T12:00 preview --format json
	cat "$TMP/out" >> all.txt
	run -c almanac.conf --now 2026-11-12T12:00 status
	cat "$TMP/out" "$TMP/err" >> all.txt
	ledger "select * from pairs" >> all.txt
	cat var/feed.atom >> all.txt
	run -c almanac.conf -v --now 2026-11-12T12:00 publish --dry-run
	cat "$TMP/out" "$TMP/err" >> all.txt
	for s in fake-consumer-secret fake-access-token-secret 1234567890-fake-access-token \
	    fake-linkedin-token fake-facebook-page-token fake-instagram-token fake-pinterest-token; do
		grep -q -- "$s" all.txt && fail "secret $s appears"
	done
	true
}

# a post's "sources" are never published: no request to any platform
# carries one, nor the feed
t_sources_never_published() {
	reset
	python3 -c '
import json, sys
f = sys.argv[1]
d = json.load(open(f))
d["sources"] = ["https://checked.example.net/srcmark-page", "Srcmark Citation, p. 12"]
json.dump(d, open(f, "w"))' posts/11-12-alpha.json || fail "could not add sources"
	publish
	expect_rc 0
	expect_err "run 2026-11-12: 12 published, 0 failed"
	# read from the fake, never kept in a file: the requests carry tokens
	ctl GET requests | python3 -c '
import json, sys
reqs = [r for r in json.load(sys.stdin) if r["method"] == "POST"]
assert len(reqs) == 12, len(reqs)
seen = json.dumps(reqs).lower()
# the control: the post itself went out
assert "alpha" in seen, "no request for the alpha post"
assert "srcmark" not in seen, "a source was sent"
' || fail "sources in a request"
	grep -q "alpha" var/feed.atom || fail "alpha not in the feed"
	! grep -qi srcmark var/feed.atom || fail "a source in the feed"
}

run_tests
