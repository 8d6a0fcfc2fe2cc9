#!/bin/sh
# lint: every problem of every file in one run, exact messages, exit codes.
. "$(dirname "$0")/lib.sh"
CONF="$TOP/tests/data/good/almanac.conf"

t_bad_folder_exact_messages() {
	must cd "$TOP"
	run -c "$CONF" lint tests/bad/mistakes/posts
	expect_rc 65
	diff -u tests/bad/mistakes/expected.txt "$TMP/out" > "$TMP/diff" ||
	    fail "lint output differs: $(head -30 "$TMP/diff")"
}

t_every_message_names_file_and_line() {
	must cd "$TOP"
	run -c "$CONF" lint tests/bad/mistakes/posts
	n=$(grep -c '^tests/bad/mistakes/posts/' "$TMP/out")
	[ "$n" -eq 21 ] || fail "expected 21 problems, got $n"
	# all but the oversized file name a line
	m=$(grep -Ec '^tests/bad/mistakes/posts/[^:]+\.json:[0-9]+(:[0-9]+)?: ' "$TMP/out")
	[ "$m" -eq 20 ] || fail "expected 20 messages with a line, got $m"
	grep -q '20-fine' "$TMP/out" && fail "the valid file was reported"
	true
}

t_good_posts_clean() {
	run -c "$CONF" lint
	expect_rc 0
	expect_out "5 files checked: 0 errors, 0 warnings"
}

t_shipped_archive_clean() {
	must cd "$TOP"
	run -c config/almanac.conf lint posts
	expect_rc 0
	grep -Eq '^[0-9]+ files checked: 0 errors, 0 warnings$' "$TMP/out" ||
	    fail "shipped archive not clean: $(tail -5 "$TMP/out")"
}

t_warnings_do_not_fail() {
	must mkdir p
	must_write p/03-17-feast.json printf '{ "date": "--03-17", "title": "A feast",\n  "platforms": { "twitter": { "text": "{years_ago} years of {title}" } } }\n'
	run -c "$CONF" lint p
	expect_rc 0
	expect_out "p/03-17-feast.json:2: warning: twitter: the template uses {year}, {years_ago} or {anniversary}, which stay empty for a post without a year"
	expect_out "1 file checked: 0 errors, 1 warning"
}

t_post_that_cannot_fit() {
	must mkdir p
	long=$(python3 -c 'print("x" * 290)')
	must_write p/long.json printf '{ "date": "1927-11-12", "title": "Long",\n  "platforms": { "twitter": { "text": "%s {title}" } } }\n' "$long"
	run -c "$CONF" lint p
	expect_rc 65
	expect_out "p/long.json:2: twitter: the text is 295 long, more than the 280 twitter allows even after shortening"
}

t_config_template_error() {
	must_write c.conf sed 's|twitter   = { enabled = false; };|twitter = { enabled = false; template = "{oops}"; };|' "$CONF"
	must_sed 's|posts_dir = "posts"|posts_dir = "'"$TOP"'/tests/data/good/posts"|' c.conf
	run -c c.conf lint
	expect_rc 78
	expect_out "c.conf:9: platforms.twitter.template: unknown placeholder {oops}"
	# reported once, not again for every post
	n=$(grep -c "unknown placeholder" "$TMP/out")
	[ "$n" -eq 1 ] || fail "reported $n times"
}

run_tests
