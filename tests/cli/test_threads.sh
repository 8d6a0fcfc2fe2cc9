#!/bin/sh
# threads: Meta's two-step container flow (quota, container, status,
# threads_publish, permalink), sent exactly once through failures, the
# publishing quota obeyed, and the 60-day token renewed by itself, against
# the fake Threads over real HTTPS. The fake's clock follows --now.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

T0=2026-11-12T10:00
U=/v1.0/6006

epoch() {	# epoch YYYY-MM-DDTHH:MM (UTC)
	python3 -c 'import calendar, sys, time; print(calendar.timegm(time.strptime(sys.argv[1], "%Y-%m-%dT%H:%M")))' "$1"
}

# at EPOCH: the fake's clock there
at() {
	must ctl POST clock "{\"now\": $1}" >/dev/null
}

# reset: threads enabled against the main fake; its token issued a minute
# before the test day's noon
reset() {
	fake_reset
	setup_publish
	must_sed "s|^};$|  threads = { enabled = true; api = \"$api\"; user_id = \"6006\"; };\n};|" almanac.conf
	at "$(epoch $T0)"
	must ctl POST oauth "{\"platform\": \"threads\", \"issued_at\": $(( $(epoch $T0) - 60 ))}" >/dev/null
}

# th [NOW] ARGS...: almanac publish --platform threads at NOW (default
# the test day's noon), the fake's clock there too
th() {
	t=$T0
	case ${1:-} in 20*) t=$1; shift ;; esac
	at "$(epoch "$t")"
	run -c almanac.conf --now "$t" publish --platform threads "$@"
}

# reqs [PATH]: "METHOD PATH?QUERY STATUS" of the threads requests
reqs() {
	ctl GET "requests?platform=threads${1:+&path=$1}" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    q = "&".join(k + "=" + v for k, v in sorted(r["query"].items()) if k != "access_token")
    print(r["method"], r["path"] + ("?" + q if q else ""), r["status"])'
}

ncontainers() {
	ctl GET containers | python3 -c 'import json,sys; print(sum(1 for c in json.load(sys.stdin) if c["platform"] == "threads"))'
}

# stored NAME [COLUMN]: the token store's row of threads
stored() {
	python3 -c '
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(
        "select " + sys.argv[3] + " from token where platform = ? and name = ?",
        ("threads", sys.argv[2])):
    print(row[0])' var/tokens.db "$1" "${2:-value}"
}

# pairs CONDITION: how many threads pairs of the ledger meet it
pairs() {
	ledger "select count(*) from pairs where platform='threads' and $1"
}

# posted N: the fake holds N threads posts (else the test fails)
posted() {
	[ "$(nposts threads)" -eq "$1" ] || fail "$(nposts threads) threads posts, expected $1"
}

ntok() {
	reqs /refresh_access_token | wc -l
}

t_two_steps_and_the_permalink() {
	reset
	th
	expect_rc 0
	posted 2
	[ "$(ncontainers)" -eq 2 ] || fail "$(ncontainers) containers"
	# each pair: quota, container, status, publish, permalink, in order
	ctl GET "requests?platform=threads" | python3 -c '
import json, sys
reqs = json.load(sys.stdin)
seq = [(r["method"], r["path"].rsplit("/", 1)[-1], r["query"].get("fields")) for r in reqs]
assert sum(1 for s in seq if s[1] == "threads_publishing_limit") == 2, seq
steps = {}
for r in reqs:
    f = r["form"] or {}
    assert r["headers"]["authorization"] == "Bearer fake-threads-token", r
    if r["path"].endswith("/threads"):
        # alpha has a public picture: an IMAGE container, its alt text,
        # no link_attachment (TEXT only); beta a TEXT one with its link
        if f["text"].startswith("November 12, 1927: Alpha"):
            assert f["media_type"] == "IMAGE", f
            assert f["image_url"] == "https://example.org/alpha.jpg", f
            assert f["alt_text"] == "A picture of alpha", f
            assert "link_attachment" not in f, f
        else:
            assert f["media_type"] == "TEXT", f
            assert "image_url" not in f, f
            assert f["link_attachment"] == "https://example.org/beta", f
        assert f["text"].startswith("November 12, 19"), f
        assert "#" not in f["text"], f
    if r["path"].endswith("/threads_publish"):
        assert list(f) == ["creation_id"], f
' || fail "not the documented requests: $(reqs | tr '\n' ';')"
	[ "$(reqs | awk '{print $1, $3}' | sort | uniq -c | tr -s ' ' | tr '\n' ';')" = " 6 GET 200; 4 POST 200;" ] ||
	    fail "requests: $(reqs | tr '\n' ';')"
	reqs | grep -q "GET /v1.0/18010000000000[0-9]*?fields=status,error_message 200" ||
	    fail "no status asked: $(reqs | tr '\n' ';')"
	expect_err "published threads 11-12-alpha https://www.threads.net/@almanac.threads/post/Fake"
	[ "$(pairs "state='published' and permalink like 'https://www.threads.net/%' and remote_id like '1802%'")" -eq 2 ] ||
	    fail "ledger: $(ledger "select state, remote_id, permalink from pairs where platform='threads'")"
	n=$(nreq threads)
	th
	expect_rc 0
	[ "$(nreq threads)" -eq "$n" ] || fail "the rerun sent requests"
}

# A 500 once the post was made, and a timeout after it: unknown, the
# container kept; the next run asks the container, finds it PUBLISHED,
# publishes nothing twice, and finds the thread it became among the
# profile's latest by its text: its id and permalink are recorded.
t_lost_publish_answers_resolved_by_the_status() {
	reset
	must ctl POST script "{\"path\": \"POST $U/threads_publish\", \"responses\": [{\"action\": \"created_then_500\"}, {\"action\": \"timeout\", \"seconds\": $((6 * TF)), \"create_first\": true, \"then\": \"close\"}]}" >/dev/null
	th
	expect_rc 1
	[ "$(pairs "state='unknown' and step like 'container:%'")" -eq 2 ] ||
	    fail "ledger: $(ledger "select state, step from pairs where platform='threads'")"
	posted 2
	th
	expect_rc 0
	[ "$(pairs "state='published'")" -eq 2 ] ||
	    fail "ledger: $(ledger "select state, step, error from pairs where platform='threads'")"
	posted 2
	[ "$(reqs "$U/threads_publish" | wc -l)" -eq 2 ] || fail "threads_publish sent again"
	[ "$(ncontainers)" -eq 2 ] || fail "$(ncontainers) containers"
	[ "$(reqs "$U/threads" | grep -c "^GET $U/threads?fields=id,text,permalink&limit=25 200$")" -eq 2 ] ||
	    fail "the profile's threads were not asked: $(reqs | tr '\n' ';')"
	ctl GET posts | python3 -c '
import json, sqlite3, sys
posts = {p["id"]: p for p in json.load(sys.stdin)["threads"]}
rows = sqlite3.connect("var/almanac.db").execute(
    "select remote_id, permalink from pairs where platform = ?", ("threads",)).fetchall()
assert len(rows) == 2, rows
for rid, link in rows:
    assert rid in posts, (rid, list(posts))
    assert link == "https://www.threads.net/@almanac.threads/post/Fake" + rid, (rid, link)
' || fail "not the threads' ids and permalinks: $(ledger "select remote_id, permalink from pairs where platform='threads'")"
}

# A container FINISHED whose publish answer was lost before it went out
# (the connection dropped before the fake handled it): unknown; the next
# run finds it FINISHED and publishes it once.
t_unknown_publish_finished_is_published() {
	reset
	must ctl POST script "{\"path\": \"POST $U/threads_publish\", \"responses\": [{\"action\": \"drop_before\", \"repeat\": 2}]}" >/dev/null
	th
	expect_rc 1
	posted 0
	th
	expect_rc 0
	posted 2
	[ "$(ncontainers)" -eq 2 ] || fail "a new container was made: $(ncontainers)"
}

# The connection dropped once the container was made: nothing is
# published and the pair is not sent again without --retry-unknown; with
# it, one post each.
t_dropped_after_the_container_is_not_sent_again() {
	reset
	must ctl POST script "{\"path\": \"POST $U/threads\", \"responses\": [{\"action\": \"drop\", \"repeat\": 2}]}" >/dev/null
	th
	expect_rc 1
	[ "$(pairs "state='unknown'")" -eq 2 ] ||
	    fail "ledger: $(ledger "select state, step from pairs where platform='threads'")"
	n=$(nreq threads)
	th
	expect_rc 0
	[ "$(nreq threads)" -eq "$n" ] || fail "unknown pairs were sent again"
	th --retry-unknown
	expect_rc 0
	posted 2
}

# 500 at the container, then a 429 throttle with Meta's usage header: the
# run's retries, one post each.
t_500_and_throttle_at_the_container() {
	reset
	must_sed 's/retries = 1;/retries = 2;/' almanac.conf
	must ctl POST script "{\"path\": \"POST $U/threads\", \"responses\": [{\"status\": 500, \"code\": 2, \"message\": \"An unexpected error has occurred\"}]}" >/dev/null
	th
	expect_rc 1
	expect_err "it may have been posted"
	posted 1
	reset
	must ctl POST script "{\"path\": \"POST $U/threads\", \"responses\": [{\"action\": \"rate_limited\", \"code\": 4, \"minutes\": 60}]}" >/dev/null
	th
	expect_rc 75
	expect_err "threads is rate limiting"
	[ "$(pairs "state='failed' and retryable=1 and not_before > 0")" -eq 1 ] ||
	    fail "ledger: $(ledger "select state, retryable, not_before from pairs where platform='threads'")"
	th 2026-11-12T11:05
	expect_rc 0
	posted 2
}

# A kill -9 while threads_publish is in flight: unknown after recovery,
# container kept; the next run resolves it by the container's status.
t_killed_mid_publish() {
	reset
	# HTTP timeouts longer than the fake holds the answers: the kill, not
	# a timeout, ends the run
	must_sed "s/timeout = $((3 * TF));/timeout = $((60 * TF));/" almanac.conf
	must ctl POST script "{\"path\": \"POST $U/threads_publish\", \"responses\": [{\"action\": \"timeout\", \"seconds\": $((40 * TF)), \"create_first\": true, \"then\": \"close\", \"repeat\": 2}]}" >/dev/null
	at "$(epoch $T0)"
	"$ALMANAC" -c almanac.conf --now $T0 publish --platform threads >out 2>err &
	pid=$!
	i=0
	while [ "$(reqs "$U/threads_publish" | wc -l)" -lt 2 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	kill -9 $pid
	wait $pid 2>/dev/null
	[ "$(pairs "state='sending' and step like 'container:%'")" -eq 2 ] ||
	    fail "not in sending with the container kept: $(ledger "select state, step from pairs where platform='threads'")"
	th
	expect_rc 1
	expect_err "an earlier run stopped before its answer came"
	th
	expect_rc 0
	[ "$(pairs "state='published'")" -eq 2 ] ||
	    fail "ledger: $(ledger "select state, step, error from pairs where platform='threads'")"
	posted 2
	[ "$(reqs "$U/threads_publish" | wc -l)" -eq 2 ] || fail "threads_publish sent again"
}

# A container IN_PROGRESS through the run's tries: kept, and the next run
# asks it again and publishes it, with no second container.
t_in_progress_container_carried_to_the_next_run() {
	reset
	must ctl POST containers '{"in_progress": 3}' >/dev/null
	th
	expect_rc 75
	expect_err "the threads container"
	expect_err "is still being processed"
	[ "$(pairs "state='failed' and retryable=1 and step like 'container:%'")" -eq 2 ] ||
	    fail "ledger: $(ledger "select state, retryable, step from pairs where platform='threads'")"
	posted 0
	th 2026-11-12T10:10
	expect_rc 0
	posted 2
	[ "$(ncontainers)" -eq 2 ] || fail "$(ncontainers) containers"
}

# The quota used up: no container, no publish; the pairs wait for the
# window (not_before) and go once it has room.
t_quota_obeyed() {
	reset
	must ctl POST quota '{"threads": 0}' >/dev/null
	th
	expect_rc 75
	expect_err "threads' publishing quota is used up (0 of 0 posts in the last 24 hours)"
	[ "$(reqs | grep -c POST)" -eq 0 ] || fail "sent over the quota: $(reqs | tr '\n' ';')"
	[ "$(pairs "state='failed' and not_before = $(( $(epoch $T0) + 3600 ))")" -eq 2 ] ||
	    fail "ledger: $(ledger "select state, not_before from pairs where platform='threads'")"
	must ctl POST quota '{"threads": 250}' >/dev/null
	n=$(nreq threads)
	th 2026-11-12T10:30
	[ "$(nreq threads)" -eq "$n" ] || fail "asked again before the window"
	th 2026-11-12T11:01
	expect_rc 0
	posted 2
	# one left in the window: the first pair goes, the second waits
	reset
	must ctl POST quota '{"threads": 1}' >/dev/null
	must_sed 's/max_parallel = 8;/max_parallel = 1;/' almanac.conf
	th
	posted 1
}

# Text by Threads' rules: 500, an emoji counting its UTF-8 bytes; more
# than 5 distinct links refused before anything is sent.
t_length_and_links() {
	reset
	long=$(python3 -c 'print("x" * 440 + " \U0001F680" * 11)')	# 440 + 11 * 5 = 495
	must_write posts/11-12-alpha.json <<JSON
{ "date": "1927-11-12", "title": "Alpha", "summary": "$long", "url": "https://example.org/alpha", "time": "09:00" }
JSON
	links=$(python3 -c 'print(" ".join("https://example.org/%d" % i for i in range(5)))')
	must_write posts/11-12-beta.json <<JSON
{ "date": "1927-11-12", "title": "Beta", "summary": "See $links.", "url": "https://example.org/beta", "time": "09:00" }
JSON
	run -c almanac.conf lint posts
	expect_rc 65
	expect_out "posts/11-12-beta.json: threads: the post has 6 distinct links (its text's and its url); Threads allows at most 5"
	th
	[ "$(state 11-12-beta threads)" = skipped ] || fail "beta: $(state 11-12-beta threads); $(cat "$TMP/err")"
	posted 1
	ctl GET posts | python3 -c '
import json, sys
t = json.load(sys.stdin)["threads"][0]["text"]
assert "\U0001F680" in t and t.endswith("\u2026"), t
' || fail "alpha was not cut to Threads' count"
}

# The token: first seen on day 0, renewed once a day old, then 7 days
# before each end, unattended across 120 simulated days (the original
# token dies on day 60); never before 24 hours, never an expired one.
t_token_renewed_across_days() {
	reset
	start=$(epoch $T0)
	# days 0 to 2, around each renewal and one past the first token's end
	for d in 0 1 2 30 53 54 55 61 106 107 108 120; do
		now=$(python3 -c 'import sys, time; print(time.strftime("%Y-%m-%dT%H:%M", time.gmtime(int(sys.argv[1]))))' $((start + d * 86400)))
		th "$now"
		[ "$rc" -eq 0 ] || { fail "day $d: exit $rc: $(head -3 "$TMP/err")"; break; }
		case $d in
		0) [ "$(ntok)" -eq 0 ] || fail "renewed a token less than a day old" ;;
		1) [ "$(ntok)" -eq 1 ] || fail "not renewed on day 1" ;;
		53) [ "$(ntok)" -eq 1 ] || fail "renewed before day 54" ;;
		54) [ "$(ntok)" -eq 2 ] || fail "not renewed on day 54" ;;
		esac
	done
	[ "$(reqs /refresh_access_token | awk '{print $3}' | tr '\n' ' ')" = "200 200 200 " ] ||
	    fail "renewals: $(reqs /refresh_access_token | tr '\n' ';')"
	ctl GET "requests?path=/refresh_access_token" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r[0]["query"] == {"grant_type": "th_refresh_token", "access_token": "fake-threads-token"}, r[0]["query"]
assert r[1]["query"]["access_token"].startswith("threads-access-"), r[1]["query"]
' || fail "not the documented renewal"
	# day 1, then 7 days before each 60-day end: days 54 and 107
	[ "$(stored access_token expires_at)" -eq $((start + 107 * 86400 + 60 * 86400)) ] ||
	    fail "last renewal not on day 107: $(stored access_token expires_at)"
	[ "$(stored seed_refresh_token)" = "$(printf %s fake-threads-token | sha256sum | cut -d' ' -f1)" ] ||
	    fail "seed: $(stored seed_refresh_token)"
	posted 2
	! grep -rqF threads-access- "$TMP/err" || fail "a token in the log"
	run -c almanac.conf --now 2027-03-12T12:00 doctor
	expect_out "threads: token of @almanac.threads (6006)"
	expect_out "threads: the token expires in"
}

# A token left unrenewed for its 60 days is dead: the renewal is refused,
# almanac says what to do and exits 78; a new token in the credentials
# file starts again, publishes, and is renewed a day later.
t_dead_token_says_what_to_do() {
	reset
	th 2026-11-10T08:00
	expect_rc 0
	th 2027-01-12T12:00
	expect_rc 78
	expect_err "threads refused the access token (400: Error validating access token: Session has expired. (code 190, subcode 463)); nothing renews threads's access token until someone authorizes almanac again: run almanac auth threads (or put a new access token in the credentials file as threads.access_token)"
	[ "$(ntok)" -eq 1 ] || fail "$(ntok) renewals"
	# the operator authorizes almanac again and puts the new token in
	must ctl POST oauth "{\"platform\": \"threads\", \"token\": \"fake-threads-token-2\", \"issued_at\": $(epoch 2027-01-12T13:00)}" >/dev/null
	must_sed 's/"fake-threads-token"/"fake-threads-token-2"/' credentials.conf
	th 2027-01-12T13:00
	expect_rc 0
	[ "$(ntok)" -eq 1 ] || fail "renewed a token just given"
	[ "$(stored seed_refresh_token)" = "$(printf %s fake-threads-token-2 | sha256sum | cut -d' ' -f1)" ] ||
	    fail "seed: $(stored seed_refresh_token)"
	th 2027-01-13T13:00
	expect_rc 0
	[ "$(reqs /refresh_access_token | tail -1 | awk '{print $3}')" = 200 ] && [ "$(ntok)" -eq 2 ] ||
	    fail "renewals: $(reqs /refresh_access_token | tr '\n' ';')"
	case $(stored access_token) in threads-access-*) ;; *) fail "stored: $(stored access_token)" ;; esac
}

t_code_190_names_the_renewal() {
	reset
	must ctl POST oauth '{"platform": "threads", "expire": true}' >/dev/null
	th
	expect_rc 1
	expect_err "the threads token was refused: renew it: put a new threads.access_token in the credentials file ("
	posted 0
}

t_preview_and_doctor() {
	reset
	run -c almanac.conf --now $T0 preview --platform threads --requests
	expect_rc 0
	expect_out "GET https://127.0.0.1:$PORT_main/v1.0/6006/threads_publishing_limit?fields=quota_usage,config"
	expect_out "POST https://127.0.0.1:$PORT_main/v1.0/6006/threads"
	# alpha's public picture makes an IMAGE container; beta has none
	expect_out "media_type=IMAGE&image_url=https%3A%2F%2Fexample.org%2Falpha.jpg&text=November%2012%2C%201927"
	expect_out "alt_text=A%20picture%20of%20alpha"
	expect_out "media_type=TEXT&text=November%2012%2C%20"
	expect_out "link_attachment=https%3A%2F%2Fexample.org%2Fbeta"
	expect_no_out "link_attachment=https%3A%2F%2Fexample.org%2Falpha"
	run -c almanac.conf --now $T0 preview --platform threads --format json
	expect_rc 0
	run -c almanac.conf --now $T0 doctor
	expect_out "threads: token of @almanac.threads (6006)"
}

run_tests
