#!/bin/sh
# DST and publish: a post whose time a DST change skips (02:30 on 8 March
# 2026 in New York) goes out at 03:30 EDT, one whose time happens twice
# (01:30 on 1 November) at the first 01:30 (EDT), and the log says so in
# one line per post, once: the run that finds the pairs done says nothing.
# (preview's side of it is in test_preview.sh.)
. "$(dirname "$0")/lib.sh"
CONF="$TOP/tests/data/good/almanac.conf"

GAP="02:30 does not exist on 2026-03-08 in America/New_York (clocks go forward): goes out at 03:30 EDT"
FOLD="01:30 happens twice on 2026-11-01 in America/New_York: goes out at the first, 01:30 EDT"

# setup: posts at the skipped and the repeated time and at ordinary ones,
# a New York config with the feed (no network) in this folder
setup() {
	must mkdir -p posts
	must_write posts/03-08-gap.json printf '{ "date": "1926-03-08", "title": "Skipped hour", "time": "02:30" }\n'
	must_write posts/03-08-plain.json printf '{ "date": "1926-03-08", "title": "Ordinary hour", "time": "04:00" }\n'
	must_write posts/11-01-fold.json printf '{ "date": "1926-11-01", "title": "Twice hour", "time": "01:30" }\n'
	must_write posts/11-01-after.json printf '{ "date": "1926-11-01", "title": "After it", "time": "02:30" }\n'
	must_write ny.conf sed \
	    -e 's|posts_dir = "posts"|posts_dir = "'"$PWD"'/posts"|' \
	    -e 's|state_dir = "var"|state_dir = "'"$PWD"'/var"|' \
	    -e 's|path = "var/feed.atom"|path = "'"$PWD"'/var/feed.atom"|' \
	    -e 's|"Europe/London"|"America/New_York"|' "$CONF"
}

# notes: how many lines of stderr say something about DST
notes() {
	grep -c 'does not exist\|happens twice' "$TMP/err"
}

t_gap_goes_out_after_the_change_and_says_so() {
	setup
	# 03:29 EDT: not due yet (02:30 is not read as 02:30 EST = 03:30 EDT
	# before its time, nor as 01:30 EST)
	run -c ny.conf --now 2026-03-08T03:29 publish
	expect_rc 0
	grep -q "published feed 03-08-gap" "$TMP/err" && fail "sent before 03:30 EDT"
	[ "$(notes)" -eq 0 ] || fail "a DST note before the slot: $(grep 'does not' "$TMP/err")"
	run -c ny.conf --now 2026-03-08T03:30 publish
	expect_rc 0
	expect_err "published feed 03-08-gap"
	expect_err "slot 03-08-gap: $GAP"
	[ "$(notes)" -eq 1 ] || fail "$(notes) DST notes at 03:30, expected 1"
	grep -q "published feed 03-08-plain" "$TMP/err" && fail "04:00 sent at 03:30"
	# the next run finds the pair done: nothing more is said of it
	run -c ny.conf --now 2026-03-08T03:45 publish
	expect_rc 0
	[ "$(notes)" -eq 0 ] || fail "the note again once the pair was sent"
	run -c ny.conf --now 2026-03-08T04:00 publish
	expect_rc 0
	expect_err "published feed 03-08-plain"
	[ "$(notes)" -eq 0 ] || fail "a DST note for the ordinary 04:00"
}

t_fold_goes_out_at_the_first_and_says_so() {
	setup
	run -c ny.conf --now 2026-11-01T01:29 publish
	expect_rc 0
	grep -q "published feed 11-01-fold" "$TMP/err" && fail "sent before 01:30 EDT"
	# --now's 01:30 is the first one, EDT, as the slot's is
	run -c ny.conf --now 2026-11-01T01:30 publish
	expect_rc 0
	expect_err "published feed 11-01-fold"
	expect_err "slot 11-01-fold: $FOLD"
	[ "$(notes)" -eq 1 ] || fail "$(notes) DST notes at 01:30, expected 1"
	run -c ny.conf --now 2026-11-01T02:30 publish
	expect_rc 0
	expect_err "published feed 11-01-after"
	[ "$(notes)" -eq 0 ] || fail "a DST note after the fold"
}

# Two platforms of one post: still one line.
t_one_line_per_post() {
	setup
	must cp "$TOP/tests/fake/credentials.conf" credentials.conf
	must chmod 600 credentials.conf
	must_sed -e 's|twitter   = { enabled = false; };|twitter = { enabled = true; };|' \
	    -e 's|^state_dir|credentials = "credentials.conf";\nstate_dir|' ny.conf
	grep -q 'twitter = { enabled = true; }' ny.conf || fail "twitter not enabled"
	run -c ny.conf --now 2026-03-08T03:40 publish --dry-run
	expect_rc 0
	expect_err "would publish twitter 03-08-gap"
	expect_err "would publish feed 03-08-gap"
	expect_err "slot 03-08-gap: $GAP"
	[ "$(notes)" -eq 1 ] || fail "$(notes) DST notes for two pairs of one post, expected 1"
}

run_tests
