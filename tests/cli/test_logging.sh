#!/bin/sh
# Logging: journald priority prefixes (only when JOURNAL_STREAM names
# stderr), JSON lines, -q and -v, and the summary line of a publish run.
. "$(dirname "$0")/lib.sh"

# setup: the feed only (no network); alpha (09:00) is missed at 12:30,
# beta (10:00) goes out, and a broken post file is an error
setup() {
	must rm -rf posts var
	must cp -r "$TOP/tests/data/publish/posts" posts
	must_write posts/11-12-broken.json printf '{ "date": "1927-11-12", "title": 5 }\n'
	must_write almanac.conf <<'CONF'
posts_dir = "posts";
state_dir = "var";
timezone = "Europe/London";
schedule = { window = "09:00-17:00"; max_per_day = 5; grace = "3h"; };
platforms = {
  feed = { enabled = true; title = "On this day"; link = "https://example.org/"; };
};
CONF
}

# publish_to FILE ARGS...: a publish at 12:30 with stderr into FILE
# (opened, not replaced: its inode stays); code in $rc
publish_to() {
	f=$1
	shift
	"$ALMANAC" -c almanac.conf "$@" --now 2026-11-12T12:30 publish \
	    >out 2>>"$f"
	rc=$?
}

MISSED="missed feed 11-12-alpha: its slot 09:00 was 3 h 30 min ago, more than the grace of 3 h"
FIRST="this is the ledger's first run: 1 pair of today whose slot passed before it was recorded missed; publish --late sends today's missed pairs"
PUBLISHED="published feed 11-12-beta https://example.org/beta"
SUMMARY="run 2026-11-12: 1 published, 0 failed (0 to retry), 0 unknown, 1 missed, 0 skipped, 0 not due yet"
BROKEN='posts/11-12-broken.json:1:25: "title": expected text, got 5'

t_journal_stream_of_stderr_gets_priorities() {
	setup
	: > err
	JOURNAL_STREAM=$(stat -c '%d:%i' err) publish_to err
	[ "$rc" -eq 65 ] || fail "exit $rc"
	printf '%s\n' "<3>$BROKEN" "<4>$MISSED" "<6>$PUBLISHED" "<5>$FIRST" \
	    "<4>$SUMMARY" > want
	cmp -s want err || fail "lines differ: $(diff want err)"
}

t_journal_prefix_on_every_line_of_a_clean_run() {
	setup
	rm posts/11-12-broken.json
	: > err
	JOURNAL_STREAM=$(stat -c '%d:%i' err) "$ALMANAC" -c almanac.conf \
	    --now 2026-11-12T10:00 publish 2>>err
	rc=$?
	[ "$rc" -eq 0 ] || fail "exit $rc"
	n=$(wc -l < err)
	[ "$n" -eq 3 ] || fail "$n lines: $(cat err)"
	bad=$(grep -cv '^<6>' err)
	[ "$bad" -eq 0 ] || fail "lines without <6>: $(cat err)"
	grep -qxF "<6>run 2026-11-12: 2 published, 0 failed (0 to retry), 0 unknown, 0 missed, 0 skipped, 0 not due yet" err ||
	    fail "summary: $(tail -1 err)"
}

t_journal_stream_of_another_file_is_plain() {
	setup
	: > err
	: > other
	# the right device, another inode; another device; garbage; stdout's
	ino=$(stat -c '%i' err)
	dev=$(stat -c '%d' err)
	for js in "$dev:$((ino + 1))" "$((dev + 1)):$ino" "garbage" "" \
	    "$(stat -c '%d:%i' other)"; do
		: > err
		JOURNAL_STREAM=$js "$ALMANAC" -c almanac.conf \
		    --now 2026-11-12T12:30 publish >>other 2>>err
		grep -q '^<' err && fail "prefix with JOURNAL_STREAM=$js"
		[ "$(head -1 err)" = "almanac: $BROKEN" ] ||
		    fail "JOURNAL_STREAM=$js: $(head -1 err)"
		rm -rf var
	done
	true
}

t_text_lines_and_the_summary_line() {
	setup
	: > err
	publish_to err
	[ "$rc" -eq 65 ] || fail "exit $rc"
	printf '%s\n' "almanac: $BROKEN" "almanac: $MISSED" "almanac: $PUBLISHED" \
	    "almanac: $FIRST" "almanac: $SUMMARY" > want
	cmp -s want err || fail "lines differ: $(diff want err)"
	# a second run sends nothing, and counts what was done before; a
	# dry run says so in its summary
	: > err
	publish_to err
	[ "$(cat err)" = "almanac: $BROKEN
almanac: run 2026-11-12: 0 published, 0 failed (0 to retry), 0 unknown, 0 missed, 0 skipped, 0 not due yet, 1 already published" ] ||
	    fail "second summary: $(tail -1 err)"
	rm -rf var
	: > err
	"$ALMANAC" -c almanac.conf --now 2026-11-12T09:30 publish --dry-run \
	    >out 2>err
	[ "$(tail -1 err)" = "almanac: dry run 2026-11-12: 0 published, 0 failed (0 to retry), 0 unknown, 0 missed, 0 skipped, 1 not due yet" ] ||
	    fail "dry-run summary: $(tail -1 err)"
	[ ! -e var/almanac.db ] || [ "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from pairs").fetchone()[0])' var/almanac.db)" -eq 0 ] ||
	    fail "the dry run recorded pairs"
}

t_json_lines() {
	setup
	: > err
	publish_to err --log-format json
	[ "$rc" -eq 65 ] || fail "exit $rc"
	python3 - err "$MISSED" "$PUBLISHED" "$FIRST" "$SUMMARY" <<'PY' || fail "json lines: $(cat err)"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
objs = [json.loads(l) for l in lines]
assert [o["level"] for o in objs] == ["error", "warning", "info", "notice",
                                      "warning"], objs
assert objs[0] == {"level": "error", "file": "posts/11-12-broken.json",
                   "line": 1, "col": 25,
                   "msg": "\"title\": expected text, got 5"}, objs[0]
assert [o["msg"] for o in objs[1:]] == sys.argv[2:6], objs
# a pair's lines carry its fields; the others only the message
assert {k: v for k, v in objs[1].items() if k != "msg"} == {
    "level": "warning", "day": "2026-11-12", "post": "11-12-alpha",
    "platform": "feed", "state": "missed"}, objs[1]
assert {k: v for k, v in objs[2].items() if k != "msg"} == {
    "level": "info", "day": "2026-11-12", "post": "11-12-beta",
    "platform": "feed", "state": "published",
    "permalink": "https://example.org/beta"}, objs[2]
assert all(set(o) == {"level", "msg"} for o in objs[3:]), objs
PY
}

t_json_lines_under_the_journal_have_priorities() {
	setup
	: > err
	JOURNAL_STREAM=$(stat -c '%d:%i' err) publish_to err --log-format json
	python3 - err <<'PY' || fail "json journal lines: $(cat err)"
import json, re, sys
want = {"error": 3, "warning": 4, "notice": 5, "info": 6}
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 5, lines
for l in lines:
    m = re.match(r"<(\d)>(\{.*\})$", l)
    assert m, l
    assert want[json.loads(m.group(2))["level"]] == int(m.group(1)), l
PY
}

t_quiet_shows_errors_only() {
	setup
	: > err
	publish_to err -q
	[ "$rc" -eq 65 ] || fail "exit $rc"
	[ "$(cat err)" = "almanac: $BROKEN" ] || fail "stderr: $(cat err)"
	[ -s var/feed.atom ] || fail "quiet did not publish"
}

t_verbose_shows_debug_lines() {
	setup
	: > err
	publish_to err
	! grep -q 'feed: wrote' err || fail "debug line without -v"
	: > err
	publish_to err -v
	grep -qF "almanac: not sent feed 11-12-beta: already published (https://example.org/beta)" err ||
	    fail "no debug line: $(cat err)"
	rm -rf var
	: > err
	publish_to err -v
	grep -qE "^almanac: feed: wrote 1 entries to $PWD/var/feed.atom\$" err ||
	    fail "no feed debug line: $(cat err)"
	grep -qxF "almanac: $SUMMARY" err || fail "summary with -v: $(cat err)"
}

run_tests
