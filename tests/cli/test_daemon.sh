#!/bin/sh
# daemon: publishing at each slot, SIGHUP, SIGTERM with requests in flight,
# no lock held while sleeping. Waits are bounded polls, never timings.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'daemon_kill; fake_stop_all; tmp_cleanup' EXIT

# daemon_start ARGS...: the daemon in the background (in the test's
# folder), with -v; its pid in $dpid, its log in ./derr
daemon_start() {
	must_write derr :	# there before the child opens it
	"$ALMANAC" -v -c almanac.conf "$@" daemon >dout 2>derr &
	dpid=$!
	must_write "$TMP/daemon.pid" echo "$dpid"
}

# daemon_kill: kills a daemon a failed test left behind
daemon_kill() {
	if [ -f "$TMP/daemon.pid" ]; then
		kill -9 "$(cat "$TMP/daemon.pid")" 2>/dev/null
		rm -f "$TMP/daemon.pid"
	fi
}

# poll CMD...: true as soon as CMD succeeds, false after ~30 s (slow
# under valgrind)
poll() {
	i=0
	while [ $i -lt 300 ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

alive() { kill -0 "$dpid" 2>/dev/null; }
dead() { ! kill -0 "$dpid" 2>/dev/null; }
# log_has N STRING: the daemon's log has STRING at least N times
log_has() { [ "$(grep -cF -- "$2" derr)" -ge "$1" ]; }
sleeping() { log_has "$1" "daemon: sleeping"; }
state_is() { [ "$(state "$1" "$2")" = "$3" ]; }	# state_is POST PF STATE
requests_arrived() { [ "$(nreq "$1")" -ge "$2" ]; }	# PLATFORM N

# daemon_stop SIGNAL: sends it, waits for the exit; its code in $drc
daemon_stop() {
	kill "-$1" "$dpid"
	if poll dead; then
		wait "$dpid"
		drc=$?
	else
		fail "the daemon did not exit within 30 s of SIG$1"
		kill -9 "$dpid"
		wait "$dpid"
		drc=-1
	fi
	rm -f "$TMP/daemon.pid"
}

# only PLATFORM...: the setup_publish config with only these enabled
only() {
	fake_reset
	setup_publish
	must_sed 's/enabled = true/enabled = false/' almanac.conf
	for p in "$@"; do
		must_sed "/^ *$p = {/s/enabled = false/enabled = true/" almanac.conf
	done
}

t_publishes_at_the_slot_reloads_and_stops() {
	only feed
	# 5 s before the slot: room to see that nothing went out early
	daemon_start --now 2026-11-12T08:59:55
	poll sleeping 1 || fail "never slept: $(cat derr)"
	[ -z "$(state 11-12-alpha feed)" ] || fail "alpha went out before 09:00"
	expect_log_first="run 2026-11-12: 0 published, 0 failed (0 to retry), 0 unknown, 0 missed, 0 skipped, 2 not due yet"
	grep -qF "$expect_log_first" derr || fail "first run line missing: $(cat derr)"
	poll state_is 11-12-alpha feed published ||
	    fail "alpha not published at its slot: $(cat derr)"
	# the feed file is written at the end of the run, after the ledger
	poll grep -sqF "tag:almanac,2026-11-12:11-12-alpha" var/feed.atom ||
	    fail "alpha not in the feed"
	[ -z "$(state 11-12-beta feed)" ] || fail "beta (10:00) went out early"
	poll sleeping 2 || fail "did not sleep after the slot"

	# enable twitter and reload: the due post goes out there too
	must_sed '/^ *twitter = {/s/enabled = false/enabled = true/' almanac.conf
	kill -HUP "$dpid"
	poll log_has 1 "almanac: reloaded almanac.conf" ||
	    fail "no reloaded line: $(cat derr)"
	poll state_is 11-12-alpha twitter published ||
	    fail "twitter not published after the reload: $(cat derr)"
	[ "$(nposts twitter)" -eq 1 ] || fail "twitter has $(nposts twitter) posts"
	poll sleeping 3 || fail "did not sleep after the reload"

	# while it sleeps, a publish from another process takes the lock
	timeout 20 "$ALMANAC" -c almanac.conf --now 2026-11-12T09:01 \
	    publish >pout 2>perr
	prc=$?
	[ "$prc" -eq 0 ] || fail "publish beside the daemon exited $prc: $(cat perr)"
	! grep -qF "waiting for another almanac run" perr ||
	    fail "publish waited for the sleeping daemon's lock"
	grep -qF "run 2026-11-12: 0 published" perr || fail "publish: $(cat perr)"

	alive || fail "the daemon died"
	daemon_stop TERM
	[ "$drc" -eq 0 ] || fail "daemon exited $drc after SIGTERM"
	grep -qF "daemon stopped" derr || fail "no stopped line"
	s=$(ledger "select count(*) from pairs where state='sending'")
	[ "$s" -eq 0 ] || fail "$s pairs left sending"
}

t_sigterm_lets_the_request_in_flight_finish() {
	only twitter
	must_sed 's/max_parallel = 8;/max_parallel = 1;/' almanac.conf
	# alpha's request hangs past http.timeout (6 s: room for the checks
	# below, each a Python start, to see it in flight on a busy machine);
	# beta waits its turn
	must_sed "s/{ timeout = $((3 * TF));/{ timeout = $((6 * TF));/" almanac.conf
	grep -qF "{ timeout = $((6 * TF));" almanac.conf || fail "http.timeout not set"
	script twitter "[{\"action\": \"timeout\", \"seconds\": $((12 * TF))}]"
	daemon_start --now 2026-11-12T10:00
	poll requests_arrived twitter 1 || fail "no request arrived"
	sleep 0.3
	[ "$(state 11-12-alpha twitter)" = sending ] ||
	    fail "alpha is $(state 11-12-alpha twitter), not sending"
	daemon_stop TERM
	[ "$drc" -eq 0 ] || fail "daemon exited $drc after SIGTERM"
	# it waited for the answer (the timeout) and recorded it
	[ "$(state 11-12-alpha twitter)" = unknown ] ||
	    fail "alpha is $(state 11-12-alpha twitter), not unknown"
	grep -qF "unknown twitter 11-12-alpha: no answer from twitter after sending (timed out)" derr ||
	    fail "no unknown line: $(cat derr)"
	# the queued one was not sent, stays retryable and was not retried
	[ "$(nreq twitter)" -eq 1 ] || fail "$(nreq twitter) twitter requests, expected 1"
	[ "$(state 11-12-beta twitter)" = failed ] ||
	    fail "beta is $(state 11-12-beta twitter), not failed"
	r=$(ledger "select retryable from pairs where post_id='11-12-beta'")
	[ "$r" = 1 ] || fail "beta not retryable"
	grep -qF "failed twitter 11-12-beta: not sent to twitter: the run was stopped" derr ||
	    fail "no stopped line for beta: $(cat derr)"
	! grep -qF "trying again" derr || fail "a stopped pair was retried"
	s=$(ledger "select count(*) from pairs where state='sending'")
	[ "$s" -eq 0 ] || fail "$s pairs left sending"
	grep -qF "run 2026-11-12: 0 published, 1 failed (1 to retry), 1 unknown, 0 missed, 0 skipped, 0 not due yet" derr ||
	    fail "summary: $(grep 'run 2026' derr)"
	[ "$(grep -c '^almanac: run 2026' derr)" -eq 1 ] ||
	    fail "more than one run after SIGTERM"
}

t_bad_config_on_sighup_is_ignored_then_sigint_stops() {
	only feed
	daemon_start --now 2026-11-12T11:00
	poll sleeping 1 || fail "never slept: $(cat derr)"
	must_write almanac.conf echo 'posts_dir = 5;'
	kill -HUP "$dpid"
	poll log_has 1 "keeping the config read before" ||
	    fail "no keeping line: $(cat derr)"
	grep -qF "almanac.conf:1:" derr || fail "the error has no file:line: $(cat derr)"
	! grep -qF "reloaded" derr || fail "reloaded a bad config"
	# the old config still works: the run after the signal published
	poll sleeping 2 || fail "did not sleep again: $(cat derr)"
	[ "$(grep -c '^almanac: run 2026-11-12: ' derr)" -eq 2 ] ||
	    fail "runs: $(grep 'run 2026' derr)"
	[ "$(state 11-12-beta feed)" = published ] || fail "beta not published"
	alive || fail "the daemon died on a bad config"
	daemon_stop INT
	[ "$drc" -eq 0 ] || fail "daemon exited $drc after SIGINT"
}

# A reload that moves state_dir would start a new ledger and send the
# day again: refused, the daemon goes on with its ledger.
t_state_dir_change_on_sighup_is_refused() {
	only feed
	daemon_start --now 2026-11-12T11:00
	poll sleeping 1 || fail "never slept: $(cat derr)"
	must_sed 's|^state_dir = "var";|state_dir = "var2";|' almanac.conf
	grep -q '^state_dir = "var2";' almanac.conf || fail "the test did not change state_dir"
	kill -HUP "$dpid"
	poll log_has 1 "state_dir changed from" || fail "no refusal: $(cat derr)"
	grep -qF "keeping the config read before" derr || fail "no keeping line: $(cat derr)"
	poll sleeping 2 || fail "did not sleep again: $(cat derr)"
	[ ! -e var2 ] || fail "a new state folder was made: $(ls var2)"
	[ "$(state 11-12-beta feed)" = published ] || fail "beta not published"
	daemon_stop TERM
	[ "$drc" -eq 0 ] || fail "daemon exited $drc after SIGTERM"
}

# A config that became a FIFO: the reload says it cannot read it (at once,
# never waiting for a writer), the daemon goes on, and SIGTERM stops it.
t_fifo_config_on_sighup_is_refused_then_sigterm_stops() {
	only feed
	daemon_start --now 2026-11-12T11:00
	poll sleeping 1 || fail "never slept: $(cat derr)"
	must mv almanac.conf real.conf
	must mkfifo almanac.conf
	kill -HUP "$dpid"
	poll log_has 1 "keeping the config read before" ||
	    fail "no keeping line: $(cat derr)"
	grep -qF "almanac: almanac.conf: cannot read config: not a regular file" derr ||
	    fail "the reload's error: $(cat derr)"
	poll sleeping 2 || fail "did not sleep again: $(cat derr)"
	daemon_stop TERM
	[ "$drc" -eq 0 ] || fail "daemon exited $drc after SIGTERM"
	grep -qF "daemon stopped" derr || fail "no stopped line: $(cat derr)"
	rm -f almanac.conf
}

t_wakes_at_midnight_for_the_next_day() {
	only feed
	daemon_start --now 2026-11-12T23:59:58
	poll log_has 1 "run 2026-11-13: 0 published" ||
	    fail "no run on the next day: $(cat derr)"
	grep -qF "missed feed 11-12-beta" derr || fail "the late slots were not marked missed"
	daemon_stop TERM
	[ "$drc" -eq 0 ] || fail "daemon exited $drc"
}

t_retries_a_retryable_failure_after_a_nap() {
	only feed twitter
	must_sed 's/retries = 1;/retries = 0;/' almanac.conf
	script twitter '[{"status": 503, "headers": {"Retry-After": "0"}, "body": {"title": "busy", "detail": "busy", "status": 503}, "repeat": 2}]'
	daemon_start --now 2026-11-12T12:00
	poll sleeping 1 || fail "never slept: $(cat derr)"
	[ "$(state 11-12-alpha twitter)" = failed ] || fail "alpha not failed"
	# no slot is left today: without the failure it would sleep until
	# midnight; a retryable failure brings the next run 15 min closer
	# (a second or two may pass during the run)
	grep -qE "daemon: sleeping (15 min|14 min 5[0-9] s); next run at 2026-11-12 12:15:0[0-3]\$" derr ||
	    fail "sleep: $(grep sleeping derr)"
	daemon_stop TERM
	[ "$drc" -eq 0 ] || fail "daemon exited $drc"
}

t_sleeps_until_the_next_slot() {
	only feed
	daemon_start --now 2026-11-12T09:30
	poll sleeping 1 || fail "never slept: $(cat derr)"
	grep -qF "daemon: sleeping 15 min; next run at 2026-11-12 10:00:00" derr ||
	    fail "sleep: $(grep sleeping derr)"
	daemon_stop TERM
	rm derr
	daemon_start --now 2026-11-12T09:55:20
	poll sleeping 1 || fail "never slept: $(cat derr)"
	# beta at 10:00 is 280 s away (a second may pass before the look)
	grep -qE "daemon: sleeping 4 min (40|39|38) s; next run at 2026-11-12 10:00:00" derr ||
	    fail "sleep: $(grep sleeping derr)"
	daemon_stop TERM
	[ "$drc" -eq 0 ] || fail "daemon exited $drc"
	rm derr
	daemon_start --now 2026-11-12T16:00
	poll sleeping 1 || fail "never slept: $(cat derr)"
	grep -qF "daemon: sleeping 15 min; next run at 2026-11-13 00:00:00" derr ||
	    fail "sleep: $(grep sleeping derr)"
	daemon_stop TERM
}

# A pair waiting for a rate limit's reset (past http.max_wait, 5 s, so
# the run does not wait in place): the daemon wakes at the reset, not at
# the next slot (10:00) or after its 15-minute nap.
t_wakes_for_a_rate_limit_reset() {
	only twitter
	script twitter "[{\"action\": \"rate_limited\", \"reset\": $(unix 09:00:08)}]"
	daemon_start --now 2026-11-12T09:00
	poll sleeping 1 || fail "never slept: $(cat derr)"
	grep -qF "waiting for twitter's rate limit until 09:00" derr ||
	    grep -qF "the first run after 09:00" derr ||
	    fail "no rate-limit line: $(cat derr)"
	grep -qE "daemon: sleeping [0-9] s; next run at 2026-11-12 09:00:08\$" derr ||
	    fail "sleep: $(grep sleeping derr)"
	poll state_is 11-12-alpha twitter published ||
	    fail "not sent after the reset: $(cat derr)"
	[ "$(nposts twitter)" -eq 1 ] || fail "twitter has $(nposts twitter) posts"
	[ "$(nreq twitter)" -eq 2 ] || fail "$(nreq twitter) twitter requests"
	daemon_stop TERM
}

t_real_clock_without_now() {
	only feed
	"$ALMANAC" -v -c almanac.conf daemon >dout 2>derr &
	dpid=$!
	must_write "$TMP/daemon.pid" echo "$dpid"
	poll sleeping 1 || fail "never slept: $(cat derr)"
	today=$(TZ=Europe/London date +%Y-%m-%d)
	grep -qF "run $today: " derr || fail "not today's run: $(cat derr)"
	daemon_stop TERM
	[ "$drc" -eq 0 ] || fail "daemon exited $drc"
}

t_unexpected_argument_is_usage() {
	only feed
	run -c almanac.conf daemon extra
	expect_rc 2
	expect_err 'daemon: unexpected "extra"'
	run -c almanac.conf daemon --bogus
	expect_rc 2
}

run_tests
