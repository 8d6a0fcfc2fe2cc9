#!/bin/sh
# Mastodon against the fake: the status and its permalink, the
# Idempotency-Key of each pair (the same on every attempt, so that a
# repeat within the server's hour makes no second status), the
# exactly-once cases (500, timeout, a connection dropped after the status
# was made, kill -9 mid-request, a rerun), each answer read as it means,
# the rate limit's ISO 8601 reset, and the instance's limits (fetched
# once a day, kept in state_dir, used offline by preview and lint). The
# test day's slots: 11-12-alpha 09:00, 11-12-beta 10:00.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

# reset: the fake forgets everything; the publishing config with mastodon
# enabled against it (the other platforms stay, but the runs name
# mastodon)
reset() {
	fake_reset
	setup_publish
	must_sed "s|^platforms = {|platforms = {\\n  mastodon = { enabled = true; api = \"$api\"; visibility = \"unlisted\"; language = \"en\"; upload_pictures = false; };|" almanac.conf
}

ma() { publish --platform mastodon "$@"; }

# statuses RESPONSES-JSON: queues behaviours for the status requests (not
# the instance's) (a setup step)
statuses() {
	must ctl POST script "{\"path\": \"POST /api/v1/statuses\", \"responses\": $1}" >/dev/null
}

# nstatus: the status requests the fake received
nstatus() {
	ctl GET "requests?path=/api/v1/statuses" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# keys: the Idempotency-Key of each status request the fake received, one
# a line, in order
keys() {
	ctl GET "requests?path=/api/v1/statuses" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    print(r["headers"].get("idempotency-key", "-"), r["json"]["status"][:20] if r["json"] else "")'
}

# unix HH:MM: that time of the test day as Unix seconds
unix() {
	python3 -c 'import calendar,sys; h,m=map(int,sys.argv[1].split(":")); print(calendar.timegm((2026,11,12,h,m,0)))' "$1"
}

t_publishes_with_permalink_and_key() {
	reset
	ma
	expect_rc 0
	expect_err "published mastodon 11-12-alpha https://127.0.0.1:$PORT_main/@almanac/"
	expect_err "published mastodon 11-12-beta https://127.0.0.1:$PORT_main/@almanac/"
	[ "$(nposts mastodon)" -eq 2 ] || fail "mastodon has $(nposts mastodon) posts"
	id=$(ledger "select remote_id from pairs where post_id='11-12-alpha' and platform='mastodon'")
	perm=$(ledger "select permalink from pairs where post_id='11-12-alpha' and platform='mastodon'")
	[ "$perm" = "https://127.0.0.1:$PORT_main/@almanac/$id" ] || fail "permalink $perm for id $id"
	# what was sent: the settings, the text with its link and tags, a key
	# per pair (64 hex digits, two different ones)
	ctl GET "requests?path=/api/v1/statuses" | python3 -c '
import json, re, sys
rs = json.load(sys.stdin)
assert len(rs) == 2, len(rs)
for r in rs:
    j = r["json"]
    assert j["visibility"] == "unlisted" and j["language"] == "en", j
    assert "https://example.org/" in j["status"] and re.search("\n\n#OnThisDay( #Testing)?$", j["status"]), j["status"]
    assert r["headers"]["authorization"] == "Bearer fake-mastodon-token"
    assert re.fullmatch("[0-9a-f]{64}", r["headers"]["idempotency-key"]), r["headers"]
assert rs[0]["headers"]["idempotency-key"] != rs[1]["headers"]["idempotency-key"]
' || fail "the requests were not as expected"
	# a rerun sends nothing
	before=$(nreq)
	ma
	expect_rc 0
	[ "$(nreq)" -eq "$before" ] || fail "the rerun sent requests"
}

# A connection dropped after the status was made: unknown, not sent
# again; --retry-unknown sends the same key, and the server answers with
# the status it made: one status, recorded published.
t_dropped_after_create_then_retry_unknown_same_key() {
	reset
	statuses '[{"action": "drop"}]'
	ma
	expect_rc 1
	expect_err "unknown mastodon"
	[ "$(nposts mastodon)" -eq 2 ] || fail "$(nposts mastodon) statuses"
	u=$(ledger "select post_id from pairs where platform='mastodon' and state='unknown'")
	[ -n "$u" ] || fail "no unknown pair"
	before=$(nstatus)
	ma
	[ "$(nstatus)" -eq "$before" ] || fail "the unknown pair was sent again"
	ma --retry-unknown
	expect_rc 0
	[ "$(nposts mastodon)" -eq 2 ] || fail "the retry made a second status: $(nposts mastodon)"
	[ "$(state "$u" mastodon)" = published ] || fail "$u not published after the retry"
	keys > keys.txt
	[ "$(wc -l < keys.txt)" -eq 3 ] || fail "$(wc -l < keys.txt) status requests"
	dup=$(cut -d' ' -f1 keys.txt | sort | uniq -d)
	[ -n "$dup" ] || fail "the retry had another key: $(cat keys.txt)"
	ctl GET "requests?path=/api/v1/statuses" | grep -q "idempotent " ||
	    fail "the fake did not answer the retry from its key"
}

t_500_and_timeout_are_unknown_and_not_resent() {
	reset
	statuses "[{\"action\": \"created_then_500\"}, {\"action\": \"timeout\", \"seconds\": $((6 * TF))}]"
	ma
	expect_rc 1
	u=$(ledger "select count(*) from pairs where platform='mastodon' and state='unknown'")
	[ "$u" -eq 2 ] || fail "$u unknown pairs, expected 2"
	expect_err "mastodon answered 500"
	expect_err "it may have been posted"
	before=$(nstatus)
	ma
	expect_rc 0
	[ "$(nstatus)" -eq "$before" ] || fail "unknown pairs were sent again"
	# both were made on the server; the same keys find them
	ma --retry-unknown
	expect_rc 0
	[ "$(nposts mastodon)" -eq 2 ] || fail "$(nposts mastodon) statuses after the retry"
	p=$(ledger "select count(*) from pairs where platform='mastodon' and state='published'")
	[ "$p" -eq 2 ] || fail "$p published"
}

t_killed_mid_request_becomes_unknown() {
	reset
	# time enough to see the request arrive on a loaded machine
	must_sed "s/{ timeout = [0-9]*;/{ timeout = $((15 * TF));/" almanac.conf
	statuses "[{\"action\": \"timeout\", \"seconds\": $((15 * TF))}]"
	"$ALMANAC" -c almanac.conf --now 2026-11-12T12:00 publish --platform mastodon >out 2>err &
	pid=$!
	i=0
	while [ "$(nstatus)" -lt 1 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 0.3
	kill -9 $pid
	wait $pid 2>/dev/null
	s=$(ledger "select count(*) from pairs where platform='mastodon' and state='sending'")
	[ "$s" -ge 1 ] || fail "no pair in sending after the kill"
	sid=$(ledger "select post_id from pairs where state='sending' order by post_id limit 1")
	before=$(nstatus)
	ma
	expect_err "unknown mastodon $sid (2026-11-12): an earlier run stopped before its answer came"
	expect_rc 1
	sent=$(( $(nstatus) - before ))
	[ "$sent" -le $((2 - s)) ] || fail "$sent requests after recovery"
	# the fake makes the held status when its sleep ends; the retry's key
	# finds it
	i=0
	while [ "$(nposts mastodon)" -lt 2 ] && [ $i -lt $((40 * TF)) ]; do sleep 0.5; i=$((i + 1)); done
	[ "$(nposts mastodon)" -eq 2 ] || fail "the held status was not made"
	ma --retry-unknown
	expect_rc 0
	[ "$(nposts mastodon)" -eq 2 ] || fail "$(nposts mastodon) statuses"
	[ "$(state "$sid" mastodon)" = published ] || fail "$sid not published"
}

t_refused_answers() {
	reset
	must_sed 's/fake-mastodon-token/wrong-token/' credentials.conf
	ma
	expect_rc 1
	expect_err "the mastodon token was refused: renew it (The access token is invalid)"
	f=$(ledger "select count(*) from pairs where platform='mastodon' and state='failed' and retryable=0")
	[ "$f" -eq 2 ] || fail "$f failed pairs"
	reset
	statuses '[{"status": 422, "body": {"error": "Validation failed: Text character limit of 500 exceeded"}, "repeat": 2}]'
	ma
	expect_rc 1
	expect_err "mastodon refused the request (422): Validation failed: Text character limit of 500 exceeded"
	[ "$(nposts mastodon)" -eq 0 ] || fail "a refused status exists"
}

t_rate_limit_reset_is_obeyed() {
	reset
	must_sed 's/grace = "3h"/grace = "6h"/' almanac.conf
	statuses "[{\"action\": \"rate_limited\", \"reset\": $(unix 12:30), \"repeat\": 2}]"
	ma
	expect_rc 75
	expect_err "mastodon is rate limiting (429): Too many requests"
	expect_err "the first run after 12:30 tries again"
	n=$(ledger "select count(*) from pairs where platform='mastodon' and state='failed' and retryable=1 and not_before=$(unix 12:30)")
	[ "$n" -eq 2 ] || fail "$n rows not before 12:30"
	run -c almanac.conf --now 2026-11-12T12:10 publish --platform mastodon
	expect_err "waiting for mastodon's rate limit until 12:30"
	[ "$(nstatus)" -eq 2 ] || fail "sent before the reset"
	run -c almanac.conf --now 2026-11-12T12:30 publish --platform mastodon
	expect_rc 0
	[ "$(nposts mastodon)" -eq 2 ] || fail "$(nposts mastodon) statuses"
}

# ninstance: the requests for the instance's limits the fake received
ninstance() {
	ctl GET "requests?path=/api/v2/instance" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# The instance's limits: asked once, kept in state_dir for a day, used to
# shorten (the fake refuses a status over its limit, counted as Mastodon
# counts), and used by preview and lint without the network.
t_instance_limits_fetched_once_and_kept() {
	reset
	must ctl POST instance '{"max_characters": 120}' >/dev/null
	# before any run: the defaults, and preview says so
	run -c almanac.conf --now 2026-11-12T12:00 preview --platform mastodon --format json
	expect_rc 0
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for p in d["posts"]:
    m = [x for x in p["platforms"] if x["platform"] == "mastodon"][0]
    assert m["limit"] == 500, m
    assert m["limits_from"].startswith("the default limits"), m
' "$TMP/out" || fail "preview before the first run: not the defaults"
	[ "$(ninstance)" -eq 0 ] || fail "preview asked the instance"
	ma
	expect_rc 0
	[ "$(ninstance)" -eq 1 ] || fail "$(ninstance) instance requests"
	[ "$(nposts mastodon)" -eq 2 ] || fail "$(nposts mastodon) statuses: not shortened to the instance's limit?"
	grep -q '^limit 120$' var/mastodon.limits || fail "not kept: $(cat var/mastodon.limits)"
	grep -q "^api https://127.0.0.1:$PORT_main\$" var/mastodon.limits || fail "api not kept"
	# shortened to 120 as Mastodon counts (the link 23)
	ctl GET "requests?path=/api/v1/statuses" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    t = r["json"]["status"]
    assert "https://example.org/" in t, t
    assert len(t) > 120 - 23, (len(t), t)
' || fail "statuses not as expected"
	# the next run within the day asks nothing of the instance
	run -c almanac.conf --now 2026-11-13T12:00 publish --platform mastodon
	expect_rc 0
	[ "$(ninstance)" -eq 1 ] || fail "asked again within the day"
	# offline: preview and lint count against the kept limits
	must ctl POST instance '{"max_characters": 5000}' >/dev/null
	run -c almanac.conf --now 2026-11-12T12:00 preview --platform mastodon
	expect_rc 0
	expect_out "/120"
	expect_out "(counted against the server's limits, asked "
	run -c almanac.conf lint
	expect_err "mastodon: counted against the server's limits, asked "
	expect_err "(120, a link 23)"
	[ "$(ninstance)" -eq 1 ] || fail "preview or lint asked the instance"
	# a day later it is asked again
	must_sed 's/^fetched .*/fetched 1000000000/' var/mastodon.limits
	run -c almanac.conf --now 2026-11-13T12:00 publish --platform mastodon
	[ "$(ninstance)" -eq 2 ] || fail "an old answer was not asked again"
	grep -q '^limit 5000$' var/mastodon.limits || fail "the new answer was not kept"
}

# The instance cannot be read: the defaults (or what was kept) stand, the
# run says so, and the statuses still go out.
t_instance_unreadable_defaults() {
	reset
	must ctl POST script '{"path": "/api/v2/instance", "responses": [{"status": 500}]}' >/dev/null
	ma
	expect_rc 0
	expect_err "mastodon: the server's limits could not be read from its answer (500)"
	[ ! -e var/mastodon.limits ] || fail "kept a failed answer"
	[ "$(nposts mastodon)" -eq 2 ] || fail "$(nposts mastodon) statuses"
	run -c almanac.conf --now 2026-11-12T12:00 preview --platform mastodon
	expect_out "/500"
	expect_out "(counted against the default limits"
}

t_bad_settings_name_the_setting() {
	reset
	must_sed 's/visibility = "unlisted"/visibility = "everyone"/' almanac.conf
	ma
	expect_rc 78
	expect_err "platforms.mastodon.visibility: expected one of \"public\", \"unlisted\", \"private\", \"direct\", got \"everyone\""
	reset
	must_sed "s|mastodon = { enabled = true; api = \"[^\"]*\";|mastodon = { enabled = true;|" almanac.conf
	ma
	expect_err "no api for mastodon: set platforms.mastodon.api to the address of your instance"
	[ "$(nstatus)" -eq 0 ] || fail "sent without an api"
}

t_doctor_names_the_account() {
	reset
	run -c almanac.conf doctor
	expect_out "mastodon: "
	expect_out "@almanac"
	expect_out "mastodon: the token does not expire (it lasts until it is revoked)"
	must_sed 's/fake-mastodon-token/wrong-token/' credentials.conf
	run -c almanac.conf doctor
	expect_out "mastodon"
	grep "mastodon" "$TMP/out" | grep -q "refused" || fail "doctor did not say the token was refused: $(grep mastodon "$TMP/out")"
}

run_tests
