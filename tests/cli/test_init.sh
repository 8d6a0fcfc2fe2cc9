#!/bin/sh
# Starting from nothing: preview and lint on the built-in defaults without
# a config file, other commands still wanting one, and "almanac init DIR"
# laying out a site that lint and preview read.
. "$(dirname "$0")/lib.sh"

DEFAULTS="no config file: using built-in defaults (posts in ./posts, the local time zone,"

# A folder with posts/ and no config: preview and lint run, and say so.
t_preview_and_lint_without_a_config() {
	must cp -r "$TOP/tests/data/good/posts" posts
	run lint
	expect_rc 0
	expect_err "$DEFAULTS"
	[ "$(grep -c 'using built-in defaults' "$TMP/err")" -eq 1 ] ||
	    fail "the defaults line is not said once: $(cat "$TMP/err")"
	expect_out "files checked: 0 errors"
	run preview --date 2026-11-12
	expect_rc 0
	expect_err "$DEFAULTS"
	expect_out "11-12-trotsky"
	# every platform shown, each with its default template and limits
	for p in twitter linkedin facebook instagram pinterest feed mastodon \
	    bluesky threads; do
		grep -q "^  $p[ (]" "$TMP/out" || fail "$p not shown"
	done
	expect_out "twitter (disabled)"
	expect_out "/280"
	# the system's time zone
	TZ=UTC "$ALMANAC" preview --date 2026-11-12 --format json >j 2>/dev/null ||
	    fail "preview --format json failed"
	grep -q '"timezone":.*"system"' j || fail "not the system's zone: $(head -3 j)"
	# -q leaves the line out
	run -q lint
	expect_rc 0
	expect_no_err "built-in defaults"
}

# Without posts/ either, lint says which folder it looked in.
t_lint_without_posts_names_the_folder() {
	run lint
	[ "$rc" -ne 0 ] || fail "lint without ./posts exited 0"
	expect_err "$DEFAULTS"
	grep -q "$PWD/posts" "$TMP/out" "$TMP/err" ||
	    fail "./posts not named: $(cat "$TMP/out" "$TMP/err")"
}

# A bad post is still found on the defaults.
t_lint_on_defaults_finds_errors() {
	must mkdir -p posts/11
	must_write posts/11/11-12-x.json printf '{ "date": "1927-11-12" }\n'
	run lint
	expect_rc 65
	expect_out "posts/11/11-12-x.json"
}

# The other commands still need a config and name what they looked for;
# a -c file or $ALMANAC_CONFIG that is missing is an error for all.
t_other_commands_need_a_config() {
	must cp -r "$TOP/tests/data/good/posts" posts
	for c in publish status calendar doctor pause resume; do
		run "$c"
		expect_rc 78
		expect_err "no config file: looked for ./config/almanac.conf and"
		expect_no_err "built-in defaults"
	done
	[ ! -e var ] || fail "a command without a config made var/"
	for c in lint preview; do
		run -c missing.conf "$c"
		expect_rc 78
		expect_err "missing.conf"
		expect_no_err "built-in defaults"
		ALMANAC_CONFIG=missing2.conf "$ALMANAC" "$c" >out 2>err
		[ $? -eq 78 ] || fail "$c with a missing \$ALMANAC_CONFIG did not exit 78"
		grep -q missing2.conf err || fail "missing2.conf not named: $(cat err)"
	done
}

# init DIR: the files, their modes, then lint, preview and doctor in it.
t_init_lays_out_a_site() {
	run init site
	expect_rc 0
	(cd site && find . ! -name . -printf '%m %y %P\n' | LC_ALL=C sort) >got
	must_write want <<'EOF2'
600 f config/credentials.conf
644 f config/almanac.conf
644 f docs/post-format.md
644 f posts/11/11-12-trotsky-expelled.json
644 f posts/README.md
755 d config
755 d docs
755 d posts
755 d posts/11
EOF2
	diff -u want got >d || fail "the site differs: $(cat d)"
	cmp -s "$TOP/config/credentials.example" site/config/credentials.conf ||
	    fail "the credentials template is not credentials.example"
	cmp -s "$TOP/docs/post-format.md" site/docs/post-format.md ||
	    fail "docs/post-format.md differs"
	cmp -s "$TOP/posts/README.md" site/posts/README.md ||
	    fail "posts/README.md differs"
	cmp -s "$TOP/posts/11/11-12-trotsky-expelled.json" \
	    site/posts/11/11-12-trotsky-expelled.json ||
	    fail "the example post differs"
	# the shipped config, its credentials beside it, the system's zone
	diff "$TOP/config/almanac.conf" site/config/almanac.conf >cd
	[ "$(grep -c '^>' cd)" -eq 2 ] || fail "more than 2 lines changed: $(cat cd)"
	grep -qx 'credentials = "credentials.conf";' site/config/almanac.conf ||
	    fail "credentials path"
	grep -q '^timezone' site/config/almanac.conf && fail "a timezone is set"
	# in the site, without -c
	must cd site
	run lint
	expect_rc 0
	expect_no_err "built-in defaults"
	# one post cannot fill the year: its thin days are all lint says
	expect_out "1 file checked: 0 errors, 11 warnings"
	expect_out "and 355 more days with fewer than schedule.min_per_day (2) posts"
	expect_no_out "11-12-trotsky-expelled.json"
	run preview --date 2026-11-12
	expect_rc 0
	expect_out "11-12-trotsky-expelled"
	expect_no_err "built-in defaults"
	run doctor
	expect_rc 0
	expect_out "ok      config: config/almanac.conf"
	expect_out "0 failed"
	# and from elsewhere, with -c
	must cd ..
	run -c site/config/almanac.conf calendar --from 2026-11-12 --days 1
	expect_rc 0
	expect_out "2026-11-12 Thu  THIN: 1 post"
}

# A umask does not change the modes; DIR may exist already.
t_init_modes_whatever_the_umask() {
	must mkdir site
	(umask 077 && "$ALMANAC" init site) >out 2>&1 || fail "init: $(cat out)"
	[ "$(stat -c %a site/config/almanac.conf)" = 644 ] || fail "almanac.conf mode"
	[ "$(stat -c %a site/config/credentials.conf)" = 600 ] ||
	    fail "credentials.conf mode"
	(umask 0 && "$ALMANAC" init site2) >out 2>&1 || fail "init: $(cat out)"
	[ "$(stat -c %a site2/config/credentials.conf)" = 600 ] ||
	    fail "credentials.conf mode under umask 0"
}

# Nothing is overwritten: each file that exists is named, none written.
t_init_refuses_to_overwrite() {
	must mkdir -p site/posts site/config
	must_write site/posts/README.md echo mine
	must ln -s nowhere site/config/almanac.conf
	run init site
	expect_rc 73
	expect_err "site/posts/README.md exists: init overwrites nothing"
	expect_err "site/config/almanac.conf exists: init overwrites nothing"
	[ "$(cat site/posts/README.md)" = mine ] || fail "README.md overwritten"
	[ ! -e site/config/credentials.conf ] || fail "init wrote a file"
	[ ! -e site/docs ] || fail "init wrote docs/"
	[ ! -e nowhere ] || fail "init followed the link"
	# a second init over a whole site
	run init site2
	expect_rc 0
	run init site2
	expect_rc 73
	[ "$(grep -c 'exists: init overwrites nothing' "$TMP/err")" -eq 5 ] ||
	    fail "not every file named: $(cat "$TMP/err")"
	run init
	expect_rc 2
	expect_err "almanac init DIR"
}

run_tests
