#!/bin/sh
# Symbolic links among the post files: one leading to a file outside
# posts_dir (a token, a password file) is refused unread, naming the link,
# so that nothing of what it leads to reaches lint, preview, publish or
# the journal; a link to a folder outside is refused the same way; links
# that stay inside posts_dir are read as before. A file that is no JSON at
# all is quoted a few characters at most.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

SECRET=ghp_SECRETSECRETSECRET
LIMIT=$((60 * ${ALMANAC_TEST_FACTOR:-1}))

# trun ARGS...: run, killed after $LIMIT s
trun() {
	timeout -k 2 "$LIMIT" "$ALMANAC" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ -n "${ALMANAC_TEST_KEEP:-}" ]; then	# for test_zz_secrets
		cat "$TMP/out" "$TMP/err" >>"$TMP/outputs.log"
	fi
}

# no_secret: neither output holds any part of the secret longer than
# three characters ("ghp_", "SECR" ...), nor the folder outside
no_secret() {
	for part in ghp_ SECR ECRE CRET RETS; do
		! grep -qF -- "$part" "$TMP/out" "$TMP/err" ||
		    fail "\"$part\" shown: $(grep -hF -- "$part" "$TMP/out" "$TMP/err" | head -3)"
	done
	! grep -qF -- "outside/" "$TMP/out" "$TMP/err" ||
	    fail "the link's target is named: $(grep -hF outside/ "$TMP/out" "$TMP/err" | head -3)"
}

# links_setup: the publish setup, its handful of posts not counted thin
# (schedule.min_per_day = 0: the year's thin days are test_lint's)
links_setup() {
	fake_reset
	setup_publish
	must_sed 's|max_per_day = 5;|max_per_day = 5; min_per_day = 0;|' almanac.conf
}

# leaky_setup: the publish setup, plus posts/11/11-12-leak.json, a link to
# a file outside posts_dir that holds a token
leaky_setup() {
	links_setup
	must mkdir -p outside posts/11
	echo "$SECRET" | must_write outside/token
	must ln -s ../../outside/token posts/11/11-12-leak.json
}

LEAK_MSG="posts/11/11-12-leak.json: a symbolic link to a file outside posts_dir; refused"

t_lint_refuses_a_link_leading_outside() {
	leaky_setup
	trun -c almanac.conf lint
	expect_rc 65
	expect_out "$LEAK_MSG"
	expect_out "2 files checked: 1 error, 0 warnings"
	no_secret
	# named on the command line, from the top and from beside it
	trun -c almanac.conf lint posts/11/11-12-leak.json
	expect_rc 65
	expect_out "$LEAK_MSG"
	no_secret
	(cd posts/11 && timeout -k 2 "$LIMIT" "$ALMANAC" -c ../../almanac.conf \
	    lint 11-12-leak.json >"$TMP/out" 2>"$TMP/err")
	rc=$?
	expect_rc 65
	expect_out "11-12-leak.json: a symbolic link to a file outside posts_dir; refused"
	no_secret
}

t_preview_and_publish_refuse_it_too() {
	leaky_setup
	trun -c almanac.conf --now 2026-11-12T12:00 preview
	expect_rc 65
	expect_err "$LEAK_MSG"
	expect_out "11-12-alpha"
	no_secret
	trun -c almanac.conf --now 2026-11-12T12:00 preview --format json
	no_secret
	trun -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 65
	expect_err "$LEAK_MSG"
	expect_err "run 2026-11-12: 12 published"
	no_secret
	! grep -qaF "SECR" var/almanac.db var/feed.atom ||
	    fail "the secret is in the ledger or the feed"
}

t_a_link_to_a_folder_outside_is_refused() {
	links_setup
	must mkdir -p outside/more
	must_write outside/more/11-12-gamma.json \
	    sed 's/Alpha/Gamma/' posts/11-12-alpha.json
	echo "$SECRET" | must_write outside/more/11-12-token.json
	must ln -s ../outside/more posts/more
	trun -c almanac.conf lint
	expect_rc 65
	expect_out "posts/more: a symbolic link to a folder outside posts_dir; refused"
	expect_out "2 files checked: 1 error, 0 warnings"
	no_secret
	trun -c almanac.conf lint posts/more
	expect_rc 65
	expect_out "posts/more: a symbolic link to a folder outside posts_dir; refused"
	no_secret
}

t_links_inside_posts_dir_still_work() {
	links_setup
	must mkdir -p posts/11 posts/common
	must mv posts/11-12-beta.json posts/common/beta.json
	must ln -s ../common/beta.json posts/11/11-12-beta.json
	trun -c almanac.conf lint
	expect_rc 0
	expect_out "3 files checked: 0 errors, 0 warnings"
	trun -c almanac.conf lint posts/11/11-12-beta.json
	expect_rc 0
	expect_out "1 file checked: 0 errors, 0 warnings"
	trun -c almanac.conf --now 2026-11-12T12:00 preview
	expect_rc 0
	expect_out "11-12-beta"
	trun -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 0
	[ "$(state 11-12-beta feed)" = published ] || fail "beta not published"
}

t_a_file_that_is_no_json_is_quoted_short() {
	links_setup
	echo "$SECRET" | must_write posts/11-12-token.json
	trun -c almanac.conf lint
	expect_rc 65
	expect_out "posts/11-12-token.json:1:1: not valid JSON: expected a value (text in double quotes, a number, true, false, null, [ or {), got ghp..."
	for part in ghp_ SECR; do
		! grep -qF -- "$part" "$TMP/out" || fail "\"$part\" shown"
	done
}

run_tests
