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
	# five posts cannot fill the year: thin days are not looked for here
	must_write g.conf sed -e 's|posts_dir = "posts"|posts_dir = "'"$TOP"'/tests/data/good/posts"|' \
	    -e 's|max_per_day = 2;|max_per_day = 2; min_per_day = 0;|' "$CONF"
	run -c g.conf lint
	expect_rc 0
	expect_out "5 files checked: 0 errors, 0 warnings"
	# with the default, the thin days are all there is to say
	run -c "$CONF" lint
	expect_rc 0
	expect_out "5 files checked: 0 errors, 11 warnings"
	expect_out "and 354 more days with fewer than schedule.min_per_day (2) posts"
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

t_name_or_folder_disagrees_with_date() {
	must mkdir -p p/12 p/06
	must_write p/12/12-06-x.json printf '{\n  "date": "1865-06-12", "title": "Misfiled" }\n'
	must_write p/06/06-12-y.json printf '{ "date": "1865-06-12", "title": "Right" }\n'
	# only names that follow the archive's pattern are judged
	must_write p/06/free-name.json printf '{ "date": "1865-06-12", "title": "Free" }\n'
	must_write p/12/06-12.json printf '{ "date": "1865-06-12", "title": "Folder" }\n'
	run -c "$CONF" lint p
	expect_rc 0
	expect_out "p/12/12-06-x.json:2:3: warning: the file name says 12-06 but \"date\" says 06-12; rename the file 06-12-x.json"
	expect_out "p/12/12-06-x.json:2:3: warning: the file is in folder 12 but \"date\" says month 06; move it to folder 06"
	expect_out "p/12/06-12.json:1:3: warning: the file is in folder 12 but \"date\" says month 06; move it to folder 06"
	expect_no_out "06-12-y.json"
	expect_no_out "free-name.json"
	expect_out "4 files checked: 0 errors, 3 warnings"
}

t_summary_past_house_length() {
	must mkdir p
	long=$(python3 -c 'print("Word " * 81)')
	must_write p/06-12-long.json printf '{ "date": "1865-06-12", "title": "Long",\n  "summary": "%s" }\n' "$long"
	run -c "$CONF" lint p
	expect_rc 0
	expect_out "p/06-12-long.json:2:3: warning: \"summary\" is 405 characters, more than lint.summary_max (400); shorten it"
	must_write l.conf sed 's|^schedule|lint = { summary_max = 405; };\nschedule|' "$CONF"
	run -c l.conf lint p
	expect_rc 0
	expect_out "0 errors, 0 warnings"
	must_write l.conf sed 's|^schedule|lint = { summary_max = 0; };\nschedule|' "$CONF"
	run -c l.conf lint p
	expect_rc 78
	expect_err "l.conf:6: lint.summary_max: 0 is out of range (1..100000)"
}

t_text_losing_half_its_summary() {
	must mkdir p
	must_write p/11-12-long.json printf '%s\n' '{ "date": "1870-11-12", "title": "A long day",' '  "summary": "The siege of Paris went on through the autumn of 1870, and the city ate its horses, its dogs and at last the animals of the zoo. Balloons carried letters out over the Prussian lines, some 2,500,000 of them in all. Gambetta himself left by balloon to raise new armies in the provinces. The Franco-Prussian War would end in January, with the German Empire proclaimed at Versailles and Paris starving.", "url": "https://example.org/siege", "tags": ["OnThisDay", "History"] }'
	# a disabled platform is not warned of
	run -c "$CONF" lint p
	expect_rc 0
	expect_out "0 errors, 0 warnings"
	must_write t.conf sed 's|twitter   = { enabled = false; };|twitter = { enabled = true; };|' "$CONF"
	run -c t.conf lint p
	expect_rc 0
	expect_out "p/11-12-long.json:2:3: warning: twitter: summary cut from 398 to 128 characters, at the end of a sentence, less than half of it; write platforms.twitter.text for this post"
	expect_out "1 file checked: 0 errors, 1 warning"
}

t_thin_days_over_the_whole_archive() {
	must mkdir -p posts/01
	must_write posts/01/01-01-a.json printf '{ "date": "2000-01-01", "title": "A" }\n'
	must_write posts/01/01-01-b.json printf '{ "date": "2001-01-01", "title": "B" }\n'
	must_write posts/01/01-02-a.json printf '{ "date": "2000-01-02", "title": "A" }\n'
	must_write posts/01/01-03-a.json printf '{ "date": "2000-01-03", "title": "A", "draft": true }\n'
	must_write m.conf sed -e 's|posts_dir = "posts"|posts_dir = "'"$PWD"'/posts"|' "$CONF"
	run -c m.conf lint
	expect_rc 0
	expect_out "$PWD/posts/01: warning: 01-02 has 1 post, fewer than schedule.min_per_day (2)"
	expect_out "$PWD/posts/01: warning: 01-03 has 0 posts, fewer than schedule.min_per_day (2)"
	expect_no_out "01-01 has"
	expect_no_out "02-29 has"
	# ten days one by one, then the rest in one line
	n=$(grep -c "fewer than schedule.min_per_day (2)$" "$TMP/out")
	[ "$n" -eq 10 ] || fail "$n thin days listed"
	expect_out "$PWD/posts: warning: and 354 more days with fewer than schedule.min_per_day (2) posts"
	# only over the whole archive, not for some files
	run -c m.conf lint posts/01/01-02-a.json
	expect_no_out "has 1 post"
	# calendar flags them
	run -c m.conf calendar --from 2026-01-01 --days 3
	expect_rc 0
	expect_out "2026-01-01 Thu  2 posts: "
	expect_out "2026-01-02 Fri  THIN: 1 post: 09:00 01-02-a"
	expect_out "2026-01-03 Sat  EMPTY: no post goes out"
	expect_out "3 days, 1 empty, 1 with fewer than 2 posts (schedule.min_per_day)"
}

t_yes_is_not_a_boolean() {
	must_write y.conf sed 's|feed      = { enabled = true;|feed = { enabled = yes;|' "$CONF"
	run -c y.conf lint
	expect_rc 78
	expect_err "y.conf:8: enabled = yes: a setting is true or false, not yes; write true or false"
	must_write y.conf sed 's|feed      = { enabled = true;|feed = { enabled = Off;|' "$CONF"
	run -c y.conf lint
	expect_err "y.conf:8: enabled = Off: a setting is true or false, not Off; write true or false"
	# another syntax error keeps libconfig's words
	must_write y.conf sed 's|feed      = { enabled = true;|feed = { enabled = maybe;|' "$CONF"
	run -c y.conf lint
	expect_err "y.conf:8: syntax error"
}

# lint.require_sources: a post without "sources" is a warning at its first
# line, only when the config asks; -v lists each post's sources
t_sources_required_when_asked() {
	must mkdir p
	must_write p/06-12-bare.json printf '%s\n' '{ "date": "1865-06-12",' '  "title": "Bare", "summary": "No sources." }'
	must_write p/06-12-sourced.json printf '%s\n' '{ "date": "1865-06-12",' '  "title": "Sourced", "summary": "Two sources.",' '  "sources": ["https://example.org/checked", "A. Author, A Book (1999), p. 12"] }'
	must_write p/06-12-empty.json printf '%s\n' '{ "date": "1865-06-12",' '  "title": "Empty", "summary": "Empty sources.", "sources": [] }'
	run -c "$CONF" lint p
	expect_rc 0
	expect_out "3 files checked: 0 errors, 0 warnings"
	expect_no_out "sources"
	must_write r.conf sed 's|^schedule|lint = { require_sources = true; };\nschedule|' "$CONF"
	run -c r.conf lint p
	expect_rc 0
	expect_out "p/06-12-bare.json:1: warning: no \"sources\": write where the date and facts were checked (lint.require_sources)"
	expect_out "p/06-12-empty.json:1: warning: no \"sources\": write where the date and facts were checked (lint.require_sources)"
	expect_no_out "06-12-sourced.json:1: warning"
	expect_out "3 files checked: 0 errors, 2 warnings"
	expect_no_out "https://example.org/checked"
	# -v (before or after the command): each post's sources, as written
	for v in "-v lint" "lint -v"; do
		# shellcheck disable=SC2086
		run -c r.conf $v p
		expect_rc 0
		expect_block "p/06-12-sourced.json:3: sources:" \
		    "  https://example.org/checked" \
		    "  A. Author, A Book (1999), p. 12"
		expect_no_out "06-12-bare.json:1: sources"
		expect_out "3 files checked: 0 errors, 2 warnings"
	done
	must_write r.conf sed 's|^schedule|lint = { require_sources = 1; };\nschedule|' "$CONF"
	run -c r.conf lint p
	expect_rc 78
	expect_err "r.conf:6: lint.require_sources"
}

run_tests
