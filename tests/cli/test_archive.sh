#!/bin/sh
# The shipped archive: every calendar day has at least two posts that go
# out, in common and leap years; lint is clean; ids are unique.
. "$(dirname "$0")/lib.sh"

# The shipped config with every post of a day chosen.
all_conf() {
	must_write all.conf sed \
	    -e 's|posts_dir *= *"[^"]*"|posts_dir = "'"$TOP"'/posts"|' \
	    -e 's|state_dir *= *"[^"]*"|state_dir = "'"$PWD"'/var"|' \
	    -e 's|max_per_day *= *[0-9]*|max_per_day = 0|' \
	    "$TOP/config/almanac.conf"
	grep -q 'max_per_day = 0' all.conf ||
	    must_sed 's|schedule *= *{|schedule = { max_per_day = 0;|' all.conf
}

t_two_posts_every_day_for_five_years() {
	all_conf
	run -c all.conf calendar --from 2026-01-01 --days 1826
	expect_rc 0
	# 2026-01-01 .. 2030-12-31, 2028 a leap year
	awk '/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / {
		if ($3 == "EMPTY:" || $3 + 0 < 2) { print "too few: " $0; bad = 1 }
		n++
	} END { if (n < 1826) { print "only " n " days"; bad = 1 } exit bad }' \
	    "$TMP/out" > short.txt || fail "$(head -20 short.txt)"
	grep -q '^2028-02-29 ' "$TMP/out" || fail "no 2028-02-29 line"
}

t_lint_clean_and_ids_unique() {
	must cd "$TOP"
	run -c config/almanac.conf lint posts
	expect_rc 0
	grep -Eq '^[0-9]+ files checked: 0 errors, 0 warnings$' "$TMP/out" ||
	    fail "lint not clean: $(tail -5 "$TMP/out")"
	n=$(find posts -name '*.json' | wc -l)
	[ "$n" -ge 732 ] || fail "only $n post files"
	# ids default to file names; explicit ids must not collide either
	dups=$(find posts -name '*.json' -exec basename {} .json \; | sort | uniq -d)
	[ -z "$dups" ] || fail "duplicate ids: $dups"
}

t_files_in_month_folders() {
	must cd "$TOP"
	bad=$(find posts -name '*.json' | grep -Ev '^posts/(0[1-9]|1[0-2])/(0[1-9]|1[0-2])-[0-3][0-9]-[a-z0-9-]+\.json$' | head -5)
	[ -z "$bad" ] || fail "misnamed files: $bad"
	wrong=$(for f in posts/*/*.json; do
		m=$(basename "$(dirname "$f")"); b=$(basename "$f")
		[ "${b%%-*}" = "$m" ] || echo "$f"
	done | head -5)
	[ -z "$wrong" ] || fail "files in the wrong month folder: $wrong"
}

run_tests
