#!/bin/sh
# What a fault-injection run found around the ledger and the clock: the
# day's choice must not drift across the timer's runs; a ledger that cannot
# record, is locked or was lost must never pass for a good run; a clock
# that went back must not lose the day; missing credentials are said once
# per platform.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

# feed_site N [MAX] [TIME]: a config with only the feed, and N posts of
# 11-12 (a, b, c, ...) of the same year, so only the rotation and the ids
# rank them; TIME ("09:00") gives each that slot, else they are untimed.
feed_site() {
	n=$1 max=${2:-2} time=${3:-}
	must rm -rf posts var
	must mkdir -p posts
	for id in $(echo a b c d e f g h | cut -d' ' -f1-"$n"); do
		must_write "posts/11-12-$id.json" <<POST
{ "date": "1927-11-12", "title": "Event $id", "summary": "Summary $id.",
  "url": "https://example.org/$id"${time:+, \"time\": \"$time\"} }
POST
	done
	must_write almanac.conf <<CONF
posts_dir = "posts";
state_dir = "var";
timezone = "Europe/London";
schedule = { window = "09:00-17:00"; max_per_day = $max; grace = "3h"; };
platforms = {
  feed = { enabled = true; path = "var/feed.atom"; title = "On this day";
           link = "https://example.org/"; };
};
CONF
}

reset() { fake_reset; }

# at HH:MM ARGS...: almanac publish at that time of the test day
at() {
	t=$1
	shift
	run -c almanac.conf --now "2026-11-12T$t" publish "$@"
}

# published: the ids published on the test day, sorted, on one line
published() {
	ledger "select post_id from pairs where day='2026-11-12' and state='published' order by post_id" | tr '\n' ' '
}

# The timer runs every 15 minutes all day: what goes out is what preview
# showed in the morning, and no more than max_per_day.
t_max_per_day_holds_across_timer_runs() {
	feed_site 8 2
	run -c almanac.conf --now 2026-11-12T08:00 preview --format json
	expect_rc 0
	chosen=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
days = d if isinstance(d, list) else [d]
ids = sorted(p["id"] for day in days for p in day["posts"] if p["chosen"])
print(" ".join(ids))' "$TMP/out" 2>/dev/null)
	[ -n "$chosen" ] || fail "no chosen posts in the preview: $(head -c 300 "$TMP/out")"
	for h in 09 10 11 12 13 14 15 16 17; do
		for m in 00 15 30 45; do
			at "$h:$m"
			[ "$rc" -eq 0 ] || fail "the run at $h:$m exited $rc: $(head -3 "$TMP/err")"
		done
	done
	got=$(published)
	[ "$got" = "$chosen " ] || fail "published: $got; preview chose: $chosen"
	n=$(ledger "select count(*) from pairs where state='published'")
	[ "$n" -eq 2 ] || fail "$n pairs published with max_per_day = 2"
}

# Rotation looks at earlier years: what went out last year waits this year.
t_rotation_reads_earlier_years_only() {
	feed_site 3 1
	run -c almanac.conf --now 2025-11-12T12:00 publish
	expect_rc 0
	last=$(ledger "select post_id from pairs where day='2025-11-12' and state='published'")
	[ "$last" = "11-12-a" ] || fail "2025 published '$last', expected 11-12-a"
	at 12:00
	expect_rc 0
	at 12:15
	at 16:00
	[ "$(published)" = "11-12-b " ] || fail "2026 published: $(published)"
}

# A damaged ledger page: every failure is counted, exit 73, nothing sent.
t_damaged_ledger_exits_73() {
	feed_site 2 5
	at 12:00
	expect_rc 0
	must cp var/feed.atom feed.before
	# page 2 holds the pairs table: fill it with garbage
	python3 -c '
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(4096); f.write(b"\xa5" * 4096)' var/almanac.db
	run -c almanac.conf --now 2026-11-13T12:00 publish --date 2026-11-12 --force --retry-unknown
	expect_rc 73
	expect_err "almanac.db: the database is damaged"
	expect_err "ledger error"
	cmp -s var/feed.atom feed.before || fail "the feed changed"
}

# A disk that is full (writes past a file size limit fail): exit 73.
t_full_disk_exits_73() {
	feed_site 2 5
	at 09:00
	expect_rc 0
	must cp var/feed.atom feed.before
	( trap '' XFSZ; ulimit -f 2; "$ALMANAC" -c almanac.conf --now 2026-11-12T14:00 publish ) >out 2>err
	rc=$?
	[ "$rc" -eq 73 ] || fail "exit $rc with writes failing, expected 73: $(head -5 err)"
	grep -q "the ledger cannot be opened: nothing was sent" err || fail "no word that nothing was sent: $(head -5 err)"
	[ "$(published)" = "11-12-a " ] || fail "published with a full disk: $(published)"
	cmp -s var/feed.atom feed.before || fail "the feed changed"
}

# holder SECONDS [STATE]: a process holding the ledger's write lock in the
# background (once a pair is in STATE, when given) until ./release exists
# or SECONDS pass; its pid in $holder. It returns once the process watches
# the ledger (./ready), so that a run started next cannot pass STATE
# before it looks; the process exits 1, without the lock, when STATE does
# not come within SECONDS or before ./release.
holder() {
	rm -f release held ready
	python3 -c '
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
end = time.time() + float(sys.argv[2])
open("ready", "w").close()
while True:
    n = c.execute("select count(*) from pairs where state = ?", (sys.argv[3],)).fetchone()[0] if sys.argv[3] else 1
    if n: break
    if time.time() > end or os.path.exists("release"):
        sys.exit(1)
    time.sleep(0.02)
c.execute("BEGIN IMMEDIATE")
open("held", "w").close()
end = time.time() + float(sys.argv[2])
while time.time() < end and not os.path.exists("release"):
    time.sleep(0.05)
c.execute("ROLLBACK")' var/almanac.db "$1" "${2:-}" &
	holder=$!
	i=0
	while [ ! -e ready ] && [ $i -lt $((100 * TF)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e ready ] || setup_failed "the holder did not start within $((10 * TF)) s"
}

# Another program holds the ledger: one bounded wait, exit 75, nothing sent.
t_locked_ledger_one_wait() {
	feed_site 8 8
	at 08:00
	holder $((60 * TF))
	i=0
	while [ ! -e held ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ -e held ] || fail "the holder did not take the lock"
	run -c almanac.conf --now 2026-11-12T12:00 publish --date 2026-11-12
	kill -0 "$holder" 2>/dev/null || fail "the run outlasted the holder (one wait per pair?)"
	must touch release
	wait "$holder"
	expect_rc 75
	n=$(grep -c "(waited 10 s)" "$TMP/err")
	[ "$n" -eq 1 ] || fail "$n waits for the lock, expected 1"
	expect_err "nothing more is sent in this run; the next run tries again"
	[ "$(published)" = "" ] || fail "published while locked: $(published)"
	at 12:00
	expect_rc 0
}

# The answer came but the ledger could not record it: the pair is named
# with its remote id, exit 73, and it is never sent again.
t_outcome_not_recorded_is_named() {
	reset
	setup_publish
	script twitter '[{"action": "timeout", "seconds": 2}, {"action": "timeout", "seconds": 2}]'
	must_write -a almanac.conf <<CONF
http = { timeout = $((20 * TF)); connect_timeout = $((5 * TF)); retries = 0; ca_file = "$CA/ca.pem"; };
CONF
	must_sed '/^http = { timeout = [0-9]*; connect_timeout = [0-9]*; retries = 1/,+1d' almanac.conf
	publish --platform feed
	holder $((40 * TF)) sending
	publish --platform twitter
	must touch release
	wait "$holder" || fail "the holder never saw a pair sending"
	expect_rc 73
	expect_err "not recorded: 2026-11-12 twitter 11-12-"
	expect_err "was published, remote id "
	expect_err "do not send it again with --retry-unknown"
	publish --platform twitter
	expect_rc 1
	expect_err "an earlier run stopped before its answer came"
	[ "$(nposts twitter)" -eq 2 ] || fail "twitter has $(nposts twitter) posts, expected 2"
}

# A clock that ran ahead marked the morning missed; the corrected clock's
# first run says so, sends and marks nothing, exits 75; --late sends it.
t_clock_back_exits_75() {
	feed_site 2 5 09:00
	at 23:00
	expect_rc 0
	[ "$(ledger "select count(*) from pairs where state='missed'")" -eq 2 ] || fail "the 23:00 run did not mark the pairs missed"
	python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("delete from pairs where post_id = ?", ("11-12-b",))
c.commit()' var/almanac.db
	at 09:30
	expect_rc 75
	expect_err "the clock reads 2026-11-12 09:30 UTC, earlier than the last run recorded in the ledger (2026-11-12 23:00 UTC)"
	[ "$(ledger "select count(*) from pairs where post_id='11-12-b'")" -eq 0 ] || fail "the run with the clock gone back recorded 11-12-b"
	at 09:45
	expect_rc 0
	[ "$(state 11-12-b feed)" = published ] || fail "11-12-b is $(state 11-12-b feed) at 09:45"
	[ "$(state 11-12-a feed)" = missed ] || fail "11-12-a is $(state 11-12-a feed)"
	at 09:50 --late
	expect_rc 0
	expect_err "published feed 11-12-a"
	[ "$(state 11-12-a feed)" = published ] || fail "--late did not send 11-12-a"
}

# --late also sends a slot past the grace instead of marking it missed.
t_late_sends_past_grace() {
	feed_site 1 5 09:00
	at 15:00 --late
	expect_rc 0
	expect_err "late feed 11-12-a: its slot 09:00 was 6 h ago; sent now (--late)"
	[ "$(state 11-12-a feed)" = published ] || fail "not sent with --late"
}

# A lost ledger (cut to nothing, or removed with its -wal left) is not
# started afresh: the whole day would go out again.
t_lost_ledger_refused() {
	feed_site 2 5
	at 12:00
	expect_rc 0
	must cp var/feed.atom feed.before
	must_write var/almanac.db :
	at 12:15
	expect_rc 73
	expect_err "var/almanac.db: the ledger is empty, but a ledger was kept in this folder before"
	expect_err "--new-ledger"
	cmp -s var/feed.atom feed.before || fail "the feed changed"
	[ -s var/almanac.db ] && fail "a new ledger was written"
	rm -f var/almanac.db
	must_write var/almanac.db-wal echo "not a log"
	at 12:30
	expect_rc 73
	expect_err "the ledger is missing"
	expect_err "var/almanac.db-wal"
	# the feed alone is a sign too
	rm -f var/almanac.db-wal var/almanac.lock
	at 12:45
	expect_rc 73
	expect_err "var/feed.atom is there"
	at 13:00 --new-ledger
	expect_rc 0
	expect_err "published feed 11-12-b"
	at 13:15
	expect_rc 0
}

# A first run in a new state folder just starts.
t_new_folder_starts() {
	feed_site 1 5
	at 12:00
	expect_rc 0
	[ "$(state 11-12-a feed)" = published ] || fail "not published"
	run -c almanac.conf --now 2026-11-12T12:00 status
	expect_rc 0
	expect_out "published"
}

# A dry run changes nothing: no ledger, no lock (which would later pass
# for a sign of a lost ledger), and then a first real run just starts.
t_dry_run_leaves_nothing() {
	feed_site 1 5
	at 10:00 --dry-run
	expect_rc 0
	expect_err "would publish feed 11-12-a"
	[ ! -e var/almanac.db ] || fail "a dry run made a ledger"
	[ ! -e var/almanac.lock ] || fail "a dry run left the run lock"
	at 10:00
	expect_rc 0
	at 10:05 --dry-run
	expect_err "would not publish feed 11-12-a: already published (https://example.org/a)"
	expect_no_err "would publish feed"
}

# status never makes a ledger.
t_status_makes_no_ledger() {
	feed_site 1 5
	run -c almanac.conf --now 2026-11-12T12:00 status
	expect_rc 0
	expect_out "nothing in the ledger"
	[ ! -e var/almanac.db ] || fail "status made a ledger"
}

# Missing credentials: one line per platform, not one per pair.
t_missing_credentials_once_per_platform() {
	reset
	setup_publish
	rm -f credentials.conf
	publish
	expect_rc 78
	n=$(grep -c "no usable credentials" "$TMP/err")
	[ "$n" -eq 5 ] || fail "$n lines about credentials for 5 platforms x 2 posts, expected 5"
	n=$(grep -c "credentials.conf" "$TMP/err")
	[ "$n" -eq 1 ] || fail "the credentials file named $n times, expected once"
	expect_err "published feed 11-12-alpha"
}

run_tests
