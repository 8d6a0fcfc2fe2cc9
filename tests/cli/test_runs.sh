#!/bin/sh
# Runs that say what they do: a dry run's reason for every pair it would
# not send, the first run of a ledger, --late exactly once and only for
# today, --date of another day refused without --force, the summary's
# count of pairs already published, durations in words, and the fields
# of a pair's JSON log line. The feed and X against the fake; the test
# day's slots: 11-12-alpha 09:00, 11-12-beta 10:00 (Europe/London is UTC
# in November).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

# setup: the feed and X only, against a fresh fake
setup() {
	fake_reset
	setup_publish
	must python3 - almanac.conf <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
for name in ("linkedin", "facebook", "instagram", "pinterest"):
    s = re.sub(r"(\n  %s = \{ enabled = )true" % name, r"\1false", s)
open(p, "w").write(s)
PY
}

# at [DAY]HH:MM ARGS...: almanac publish at that time (of the test day
# unless a day is given)
at() {
	case $1 in
	*T*) t=$1 ;;
	*) t=2026-11-12T$1 ;;
	esac
	shift
	run -c almanac.conf --now "$t" publish "$@"
}

t_dry_run_says_why_not_for_each_pair() {
	setup
	at 08:30 --dry-run
	expect_rc 0
	expect_err "would not publish twitter 11-12-alpha: not due until 09:00 (in 30 min)"
	expect_err "would not publish feed 11-12-beta: not due until 10:00 (in 1 h 30 min)"
	expect_err "dry run 2026-11-12: 0 published, 0 failed (0 to retry), 0 unknown, 0 missed, 0 skipped, 4 not due yet"
	expect_no_err "would publish"
	[ ! -e var/almanac.db ] || fail "a dry run made a ledger"
	# past alpha's grace, beta due
	at 12:30 --dry-run
	expect_err "would not publish twitter 11-12-alpha: its slot 09:00 was 3 h 30 min ago, more than the grace of 3 h: it would be marked missed (publish --late sends it)"
	expect_err "would publish twitter 11-12-beta: POST "
	expect_err "would publish feed 11-12-beta: add "
	expect_err "dry run 2026-11-12: 0 published, 0 failed (0 to retry), 0 unknown, 2 missed, 0 skipped, 0 not due yet"
	[ "$(nreq twitter)" -eq 0 ] || fail "a dry run sent something"
	at 12:30
	expect_rc 0
	[ "$(nreq twitter)" -eq 1 ] || fail "$(nreq twitter) twitter requests"
	# published and missed pairs are said as such, never "would publish"
	at 12:40 --dry-run
	expect_rc 0
	expect_err "would not publish twitter 11-12-beta: already published (https://x.com/i/web/status/"
	expect_err "would not publish feed 11-12-beta: already published (https://example.org/beta)"
	expect_err "would not publish twitter 11-12-alpha: missed: its slot 09:00 was 3 h 30 min ago, more than the grace of 3 h (publish --late sends it)"
	expect_err "dry run 2026-11-12: 0 published, 0 failed (0 to retry), 0 unknown, 0 missed, 0 skipped, 0 not due yet, 2 already published"
	expect_no_err "would publish"
	# with --late, the missed pairs are what would go
	at 12:40 --dry-run --late
	expect_err "late twitter 11-12-alpha: its slot 09:00 was 3 h 40 min ago; sent now (--late)"
	expect_err "would publish twitter 11-12-alpha: POST "
	expect_err "(ledger: missed)"
	# paused: a run sends nothing; a dry run says it would not
	run -c almanac.conf pause
	expect_rc 0
	at 12:40 --dry-run --late
	expect_rc 0
	expect_err "publishing is paused ("
	expect_err "would not publish twitter 11-12-alpha: publishing is paused"
	expect_err "would not publish feed 11-12-alpha: publishing is paused"
	expect_err "would not publish twitter 11-12-beta: already published"
	expect_no_err "would publish"
	at 12:40 --late
	expect_rc 0
	expect_err "publishing is paused ("
	[ "$(nreq twitter)" -eq 1 ] || fail "sent while paused"
	[ "$(state 11-12-alpha twitter)" = missed ] || fail "alpha changed while paused"
	run -c almanac.conf resume
	# no credentials: the platform's pairs are said not to go
	must_sed 's|^credentials = .*|credentials = "missing.conf";|' almanac.conf
	at 12:40 --dry-run --late
	expect_err "not sent twitter: twitter is enabled but has no usable credentials; none of its posts go out (first: 11-12-alpha)"
	expect_err "would publish feed 11-12-alpha: add "
	expect_no_err "would publish twitter"
}

t_late_sends_todays_missed_pairs_once() {
	setup
	at 12:30
	expect_rc 0
	[ "$(state 11-12-alpha twitter)" = missed ] || fail "alpha is $(state 11-12-alpha twitter)"
	[ "$(nreq twitter)" -eq 1 ] || fail "$(nreq twitter) twitter requests"
	# on their day, --late sends them once
	at 12:45 --late
	expect_rc 0
	expect_err "late twitter 11-12-alpha: its slot 09:00 was 3 h 45 min ago; sent now (--late)"
	expect_err "published twitter 11-12-alpha https://x.com/i/web/status/"
	expect_err "run 2026-11-12: 2 published, 0 failed (0 to retry), 0 unknown, 0 missed, 0 skipped, 0 not due yet, 2 already published"
	[ "$(nreq twitter)" -eq 2 ] || fail "$(nreq twitter) twitter requests"
	[ "$(ledger "select attempts from pairs where post_id='11-12-alpha' and platform='twitter'")" = 1 ] ||
	    fail "alpha claimed more than once"
	grep -q "11-12-alpha" var/feed.atom || fail "alpha not in the feed"
	at 12:50 --late
	expect_rc 0
	expect_err "run 2026-11-12: 0 published, 0 failed (0 to retry), 0 unknown, 0 missed, 0 skipped, 0 not due yet, 4 already published"
	[ "$(nreq twitter)" -eq 2 ] || fail "--late sent a pair again"
}

t_late_leaves_another_days_missed_pairs() {
	setup
	at 12:30
	expect_rc 0
	# --late with --date of another day is refused
	run -c almanac.conf --now 2026-11-13T12:00 publish --late --date 2026-11-12 --force
	expect_rc 2
	expect_err "publish --late sends today's missed pairs only: leave --date out, or give today's date"
	# the next day's --late does not take the day before's missed pairs
	at 2026-11-13T12:00 --late
	expect_rc 0
	[ "$(state 11-12-alpha twitter)" = missed ] || fail "another day's --late took alpha"
	[ "$(state 11-12-alpha feed)" = missed ] || fail "another day's --late took alpha's feed pair"
	[ "$(nreq twitter)" -eq 1 ] || fail "$(nreq twitter) twitter requests"
}

t_first_run_says_how_to_send_the_passed_slots() {
	setup
	at 12:30
	expect_rc 0
	expect_err "missed twitter 11-12-alpha: its slot 09:00 was 3 h 30 min ago, more than the grace of 3 h"
	expect_err "this is the ledger's first run: 2 pairs of today whose slot passed before it were recorded missed; publish --late sends today's missed pairs"
	# a ledger that ran before says nothing of the kind
	setup
	at 08:00
	expect_rc 0
	expect_no_err "first run"
	at 12:30
	expect_err "missed twitter 11-12-alpha"
	expect_no_err "first run"
	# nor does a new ledger started where one was kept: its morning may
	# have gone out already
	setup
	must mkdir var
	must_write var/almanac.lock :
	at 12:30 --new-ledger
	expect_rc 0
	expect_err "missed twitter 11-12-alpha"
	expect_no_err "first run"
}

t_date_of_another_day_needs_force() {
	setup
	must_sed 's|twitter = { enabled = true;|twitter = { enabled = true; template = "{years_ago} years ago today:\\n{title}";|' almanac.conf
	at 2026-11-13T12:00 --date 2026-11-12
	expect_rc 2
	expect_err "publish --date 2026-11-12: that day is not today (2026-11-13): nothing was sent; --force publishes its posts now"
	expect_err "twitter 11-12-alpha says \"today\" of 2026-11-12: \"99 years ago today:\""
	expect_err "twitter 11-12-beta says \"today\" of 2026-11-12: \"76 years ago today:\""
	expect_no_err "feed 11-12-alpha says"
	[ "$(nreq twitter)" -eq 0 ] || fail "sent without --force"
	[ ! -e var/almanac.db ] || fail "a refused run made a ledger"
	# today's date needs nothing more
	at 2026-11-12T12:00 --date 2026-11-12 --dry-run
	expect_rc 0
	expect_no_err "not today"
	# --force sends it, with the same warning
	at 2026-11-13T12:00 --date 2026-11-12 --force
	expect_rc 0
	expect_err "publish --date 2026-11-12: that day is not today (2026-11-13); --force: its posts go out now"
	expect_err "twitter 11-12-alpha says \"today\" of 2026-11-12"
	[ "$(nreq twitter)" -eq 2 ] || fail "$(nreq twitter) twitter requests"
	# --force alone is a usage error
	at 12:00 --force
	expect_rc 2
	expect_err "publish --force goes with --date"
	# no text says "today": said so
	setup
	at 2026-11-13T12:00 --date 11-12
	expect_rc 2
	expect_err "no text of 2026-11-12 says \"today\""
}

t_json_lines_carry_the_pairs_fields() {
	setup
	run -c almanac.conf --log-format json --now 2026-11-12T12:30 publish
	expect_rc 0
	python3 - "$TMP/err" <<'PY' || fail "json: $(cat "$TMP/err")"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
by = {(o.get("platform"), o.get("post")): o for o in objs if "post" in o}
tw = by[("twitter", "11-12-beta")]
assert tw["level"] == "info" and tw["state"] == "published", tw
assert tw["day"] == "2026-11-12" and tw["http_status"] == 201, tw
assert isinstance(tw["ms"], int) and tw["ms"] >= 0, tw
assert tw["permalink"].startswith("https://x.com/i/web/status/"), tw
assert tw["msg"].startswith("published twitter 11-12-beta "), tw
m = by[("twitter", "11-12-alpha")]
assert m["state"] == "missed" and m["level"] == "warning", m
assert "http_status" not in m and "ms" not in m, m
fd = by[("feed", "11-12-beta")]
assert fd["state"] == "published" and "ms" not in fd, fd
assert fd["permalink"] == "https://example.org/beta", fd
summary = objs[-1]
assert set(summary) == {"level", "msg"}, summary
PY
	# a failure's status and time
	script twitter '[{"status": 403}]'
	run -c almanac.conf --log-format json --now 2026-11-12T12:40 publish --late
	python3 - "$TMP/err" <<'PY' || fail "json failure: $(cat "$TMP/err")"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
f = [o for o in objs if o.get("state") == "failed"]
assert len(f) == 1 and f[0]["http_status"] == 403 and f[0]["ms"] >= 0, objs
assert f[0]["platform"] == "twitter" and f[0]["post"] == "11-12-alpha", f
PY
}

run_tests
