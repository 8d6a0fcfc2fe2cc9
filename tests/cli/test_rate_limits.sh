#!/bin/sh
# Rate limits: each platform's "come back at" read from its rate-limited
# answer (the fake's "rate_limited"), kept in the ledger as the pair's
# not_before, and obeyed by later runs (--now moves the clock). The test
# day's slots: 11-12-alpha 09:00, 11-12-beta 10:00; Europe/London is UTC
# in November.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

reset() { ctl POST reset >/dev/null; setup_publish; }

# at HH:MM ARGS...: almanac publish with the clock at HH:MM on the test day
at() {
	t=$1; shift
	run -c almanac.conf --now "2026-11-12T$t" publish "$@"
}

# A reset past http.max_wait but within the grace: the pair is not sent
# again before it, each run says until when, and the first run after it
# sends it. X's 15-minute window, and Facebook's usage header in minutes.
t_not_sent_again_before_the_reset() {
	reset
	sed -i 's/grace = "3h"/grace = "6h"/' almanac.conf
	script twitter "[{\"action\": \"rate_limited\", \"reset\": $(unix 12:30), \"repeat\": 2}]"
	script facebook '[{"action": "rate_limited", "code": 32, "minutes": 20, "repeat": 2}]'
	at 12:00
	expect_rc 75
	expect_err "failed twitter 11-12-alpha: twitter is rate limiting (429): Rate limit exceeded (429, "
	expect_err "; the first run after 12:30 tries again"
	expect_err "failed facebook 11-12-beta: facebook is rate limiting (400): (#32) Request limit reached (code 32) (400, "
	expect_err "; the first run after 12:20 tries again"
	[ "$(nreq twitter)" -eq 2 ] || fail "$(nreq twitter) twitter requests: waited in place past max_wait"
	[ "$(nreq facebook)" -eq 2 ] || fail "$(nreq facebook) facebook requests"
	n=$(ledger "select count(*) from pairs where platform='twitter' and state='failed' and retryable=1 and not_before=$(unix 12:30)")
	[ "$n" -eq 2 ] || fail "$n twitter rows not before 12:30"
	n=$(ledger "select count(*) from pairs where platform='facebook' and state='failed' and retryable=1 and not_before=$(unix 12:20)")
	[ "$n" -eq 2 ] || fail "$n facebook rows not before 12:20"

	# a dry run says the same and sends nothing
	at 12:10 --dry-run
	expect_err "waiting for twitter's rate limit until 12:30: 11-12-alpha goes out with the first run after it"
	expect_err "waiting for facebook's rate limit until 12:20: 11-12-beta goes out with the first run after it"
	expect_err "4 waiting for a rate limit"
	expect_no_err "would publish twitter"
	expect_no_err "would publish facebook"

	at 12:10
	expect_rc 75
	expect_err "waiting for twitter's rate limit until 12:30: 11-12-alpha goes out with the first run after it"
	expect_err "waiting for twitter's rate limit until 12:30: 11-12-beta goes out with the first run after it"
	expect_err "waiting for facebook's rate limit until 12:20: 11-12-alpha goes out with the first run after it"
	expect_err "0 published, 0 failed (0 to retry), 0 unknown, 0 missed, 0 skipped, 0 not due yet, 8 already published, 4 waiting for a rate limit"
	[ "$(nreq twitter)" -eq 2 ] || fail "twitter was sent before its reset"
	[ "$(nreq facebook)" -eq 2 ] || fail "facebook was sent before its reset"
	run -c almanac.conf --now 2026-11-12T12:10 status
	expect_out "2026-11-12 twitter   failed     11-12-alpha (retried by the first run after 2026-11-12 12:30) [429]: twitter is rate limiting (429): Rate limit exceeded"
	expect_out "2026-11-12 facebook  failed     11-12-beta (retried by the first run after 2026-11-12 12:20) [400]"

	at 12:20
	expect_rc 75
	expect_err "published facebook 11-12-alpha"
	expect_err "published facebook 11-12-beta"
	expect_err "2 published, 0 failed (0 to retry), 0 unknown, 0 missed, 0 skipped, 0 not due yet, 8 already published, 2 waiting for a rate limit"
	[ "$(nreq twitter)" -eq 2 ] || fail "twitter was sent before its reset"
	[ "$(nposts facebook)" -eq 2 ] || fail "facebook posts: $(nposts facebook)"

	at 12:30
	expect_rc 0
	expect_err "published twitter 11-12-alpha"
	expect_err "published twitter 11-12-beta"
	[ "$(nposts twitter)" -eq 2 ] || fail "twitter posts: $(nposts twitter)"
	n=$(ledger "select count(*) from pairs where state='published' and not_before=0")
	[ "$n" -eq 12 ] || fail "$n pairs published"
}

# A reset within http.max_wait (5 s): the run waits for it in place.
t_reset_within_max_wait_is_waited_in_place() {
	reset
	script twitter "[{\"action\": \"rate_limited\", \"reset\": $(unix 12:00:03), \"repeat\": 2}]"
	start=$(date +%s)
	at 12:00 --platform twitter
	took=$(($(date +%s) - start))
	expect_rc 0
	expect_err "twitter 11-12-alpha: twitter is rate limiting (429): Rate limit exceeded; trying again in 3 s (1 of 1)"
	[ "$took" -ge 2 ] || fail "the run took $took s: it did not wait for the reset"
	[ "$(nreq twitter)" -eq 4 ] || fail "$(nreq twitter) twitter requests, expected 4"
	[ "$(nposts twitter)" -eq 2 ] || fail "twitter posts: $(nposts twitter)"
}

# A reset after the slot's grace (LinkedIn's next midnight UTC; grace
# 3 h): the pair is missed with that reason, and no run sends it.
t_reset_past_the_grace_is_missed() {
	reset
	script linkedin '[{"action": "rate_limited", "repeat": 2}]'
	at 12:00 --platform linkedin
	expect_rc 0
	expect_err "missed linkedin 11-12-beta: linkedin asks to wait until 2026-11-13 00:00, more than the grace of 3 h after its slot 10:00: linkedin is rate limiting (429)"
	expect_err "missed linkedin 11-12-alpha: linkedin asks to wait until 2026-11-13 00:00, more than the grace of 3 h after its slot 09:00"
	expect_err "0 published, 0 failed (0 to retry), 0 unknown, 2 missed"
	n=$(ledger "select count(*) from pairs where platform='linkedin' and state='missed' and http_status=429 and error like 'linkedin asks to wait until 2026-11-13 00:00%'")
	[ "$n" -eq 2 ] || fail "$n missed linkedin rows"
	at 12:30 --platform linkedin
	expect_rc 0
	[ "$(nreq linkedin)" -eq 2 ] || fail "$(nreq linkedin) linkedin requests: a missed pair was sent"
	run -c almanac.conf --now 2026-11-12T12:30 status
	expect_out "linkedin asks to wait until 2026-11-13 00:00"
	# --late sends them on purpose: no grace, so limited again they stay
	# retryable failures that wait for midnight
	script linkedin '[{"action": "rate_limited", "repeat": 2}]'
	at 12:30 --platform linkedin --late
	expect_rc 75
	expect_err "; the first run after 2026-11-13 00:00 tries again"
	[ "$(nreq linkedin)" -eq 4 ] || fail "$(nreq linkedin) linkedin requests"
	n=$(ledger "select count(*) from pairs where platform='linkedin' and state='failed' and retryable=1 and not_before=$(unix 23:59:59) + 1")
	[ "$n" -eq 2 ] || fail "$n linkedin rows waiting for midnight"
}

# X's daily window: the user's 24 hours are spent (the 15 minutes are
# not); its reset is the one obeyed.
t_twitter_daily_limit() {
	reset
	sed -i 's/grace = "3h"/grace = "6h"/' almanac.conf
	script twitter "[{\"action\": \"rate_limited\", \"window\": \"user24h\", \"reset\": $(unix 14:05), \"repeat\": 2}]"
	at 12:00 --platform twitter
	expect_rc 75
	expect_err "; the first run after 14:05 tries again"
	at 14:00 --platform twitter
	expect_err "waiting for twitter's rate limit until 14:05"
	[ "$(nreq twitter)" -eq 2 ] || fail "twitter was sent before its reset"
	at 14:05 --platform twitter
	expect_rc 0
	[ "$(nposts twitter)" -eq 2 ] || fail "twitter posts: $(nposts twitter)"
}

# Pinterest documents no header: the engine's backoff, in the run.
t_pinterest_backs_off() {
	reset
	script pinterest '[{"action": "rate_limited", "repeat": 2}]'
	at 12:00 --platform pinterest
	expect_rc 0
	expect_err "pinterest is rate limiting (429): Too Many Requests; trying again in "
	[ "$(nreq pinterest)" -eq 4 ] || fail "$(nreq pinterest) pinterest requests, expected 4"
	[ "$(nposts pinterest)" -eq 2 ] || fail "pinterest posts: $(nposts pinterest)"
}

run_tests
