#!/bin/sh
# tests/bad/posts and tests/bad/config: every broken post and config file
# (tests/bad/make-files.py says how each is broken) gets exactly its
# message in tests/bad/expected.txt, and every message names the file and,
# where the trouble has a line, the line (tests/bad/mistakes: test_lint).
# Files git cannot hold (symlink loops, a FIFO, a dangling link, an
# unreadable file) are made here. With all of them in the day's folder
# beside good posts, preview still shows the good ones and publish still
# publishes them, exiting 65.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

CONF="$TOP/tests/data/good/almanac.conf"
BAD=tests/bad

# lint_bad: lint of tests/bad/posts, then of each config in tests/bad/config
# (from the top, so messages name tests/bad/...), each followed by its exit
# code, into $TMP/got, as expected.txt holds it; once for the script
lint_bad() {
	[ -s "$TMP/got" ] && return
	(
		must cd "$TOP"
		timeout 300 "$ALMANAC" -c "$CONF" lint $BAD/posts 2>&1
		echo "exit $?"
		for c in $BAD/config/*.conf; do
			timeout 60 "$ALMANAC" -c "$c" lint 2>&1
			echo "exit $?"
		done
	) >"$TMP/got"
}

# hostile_entries DIR: what git cannot hold, in DIR: symlink loops (a file
# linked to itself, two linked to each other, a folder linking to its
# parent), a dangling link, a link to a folder, a FIFO (reading it would
# block forever)
hostile_entries() {
	must mkdir -p "$1/sub"
	must ln -s loop.json "$1/loop.json"
	must ln -s ping.json "$1/pong.json"
	must ln -s pong.json "$1/ping.json"
	must ln -s .. "$1/sub/up"
	must ln -s nowhere.json "$1/dangling.json"
	must ln -s sub "$1/folder.json"
	must mkfifo "$1/fifo.json"
}

HOSTILE_MESSAGES='DIR/dangling.json: a link that does not lead to a file is not read
DIR/folder.json: a link that does not lead to a file is not read
DIR/loop.json: a link that does not lead to a file is not read
DIR/ping.json: a link that does not lead to a file is not read
DIR/pong.json: a link that does not lead to a file is not read
DIR/fifo.json: not a regular file'

t_every_file_has_its_exact_message() {
	lint_bad
	diff -u "$TOP/$BAD/expected.txt" "$TMP/got" >diff ||
	    fail "messages differ from tests/bad/expected.txt: $(head -40 diff)"
}

t_at_least_40_files_each_reported() {
	lint_bad
	n=0
	for f in "$TOP/$BAD"/posts/*.json "$TOP/$BAD"/config/*.conf; do
		n=$((n + 1))
		rel=${f#"$TOP/"}
		grep -qF -- "$rel:" "$TMP/got" || fail "no message for $rel"
	done
	[ "$n" -ge 40 ] || fail "only $n broken files"
	# posts: 65 (bad data); each config: 78 (bad config)
	[ "$(grep -c '^exit 65$' "$TMP/got")" -eq 1 ] || fail "lint of the posts did not exit 65"
	c=$(ls "$TOP/$BAD"/config/*.conf | wc -l)
	[ "$(grep -c '^exit 78$' "$TMP/got")" -eq "$c" ] || fail "not every config exited 78"
}

t_every_message_names_file_and_line() {
	lint_bad
	grep -v -e '^exit [0-9]*$' -e '^[0-9]* files checked: ' "$TMP/got" >msgs
	while IFS= read -r m; do
		case "$m" in
		"$BAD"/posts/*.json:*|"almanac: $BAD"/config/*.conf:*) ;;
		*) fail "does not name its file: $m"; continue ;;
		esac
		# only a file without lines (empty) has none to name
		case "$m" in
		"$BAD/posts/31-empty.json: file is empty; "*) continue ;;
		"$BAD/posts/32-whitespace.json: file is empty; "*) continue ;;
		esac
		echo "$m" | grep -Eq '^(almanac: )?tests/bad/[a-z]+/[^:]+\.(json|conf):[1-9][0-9]*(:[1-9][0-9]*)?: ' ||
		    fail "names no line: $m"
	done <msgs
	[ -s msgs ] || fail "no messages"
}

t_hostile_entries_said_and_nothing_hangs() {
	must mkdir p
	must cp "$TOP/tests/data/publish/posts/11-12-alpha.json" p/sub-alpha.json
	hostile_entries p
	must cp "$TOP/tests/data/publish/posts/11-12-beta.json" p/sub/
	run -c "$CONF" lint p
	[ "$rc" -eq 65 ] || fail "lint exited $rc, expected 65"
	echo "$HOSTILE_MESSAGES" | sed 's|^DIR/|p/|' >want
	grep -v 'files checked' "$TMP/out" >got
	diff -u want got >diff || fail "messages: $(cat diff)"
	# the folder loop was not followed: beta was read once
	expect_out "3 files checked: 6 errors, 0 warnings"
}

# unreadable_file: a post file of mode 000 is said and skipped. Root reads
# it all the same, so as root lint runs as nobody; prints its TAP line.
unreadable_file() {
	must mkdir -p "$TMP/u/p"
	must_write "$TMP/u/p/locked.json" \
	    printf '{ "date": "1927-11-12", "title": "Locked" }\n'
	must chmod 000 "$TMP/u/p/locked.json"
	as=""
	if [ "$(id -u)" -eq 0 ]; then
		must chmod 755 "$TMP" "$TMP/u" "$TMP/u/p"
		if ! ALMANAC_VALGRIND_LOGS= setpriv --reuid=nobody \
		    --regid=nogroup --clear-groups "$ALMANAC" --version \
		    >/dev/null 2>&1; then
			echo "ok - unreadable_file # SKIP running as root, which" \
			    "reads a file of mode 000, and nobody cannot run" \
			    "$ALMANAC"
			chmod 700 "$TMP"
			return
		fi
		as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	fi
	# (valgrind's log folder is root's: nobody's report goes to stderr)
	(cd "$TMP/u" && ALMANAC_VALGRIND_LOGS= $as "$ALMANAC" -c "$CONF" lint p \
	    >out 2>err)
	rc=$?
	chmod 700 "$TMP"
	if [ "$rc" -eq 65 ] && grep -qxF "p/locked.json: cannot open the file: Permission denied" "$TMP/u/out"; then
		echo "ok - unreadable_file${as:+ (as nobody)}"
	else
		echo "not ok - unreadable_file${as:+ (as nobody)}"
		echo "    exit $rc; stdout: $(cat "$TMP/u/out"); stderr: $(head -5 "$TMP/u/err")"
	fi
}

# day_folder: the publish posts (alpha, beta), every broken post and the
# hostile entries in posts/ of a publish setup
day_folder() {
	fake_reset
	setup_publish
	must cp "$TOP/$BAD"/posts/*.json posts/
	hostile_entries posts
}

t_preview_shows_the_good_posts() {
	day_folder
	run -c almanac.conf --now 2026-11-12T12:00 preview --format json
	python3 - "$TMP/out" <<'PY' || fail "preview: $(head -c 600 "$TMP/out")"
import json, sys
day = json.load(open(sys.argv[1]))
if isinstance(day, list):
    day = day[0]
ids = [p["id"] for p in day["posts"]]
assert ids == ["11-12-alpha", "11-12-beta"], ids
for p in day["posts"]:
    assert p["chosen"], p["id"]
    pfs = {x["platform"]: x for x in p["platforms"]}
    assert set(pfs) == {"feed", "twitter", "linkedin", "facebook",
                        "instagram", "pinterest"}, set(pfs)
    for x in pfs.values():
        assert x["fits"] and x["text"] and x["error"] is None, x
PY
	# the broken files are named on stderr, with lines
	expect_err "posts/03-title-60k.json:3:3: \"title\": expected text of 1 to 200 characters, got 60000"
	expect_err "posts/fifo.json: not a regular file"
	expect_err "posts/loop.json: a link that does not lead to a file is not read"
}

t_publish_publishes_the_good_posts() {
	day_folder
	publish
	expect_rc 65
	n=$(ledger "select count(*) from pairs where state='published'")
	[ "$n" -eq 12 ] || fail "$n pairs published, expected 12"
	for p in twitter linkedin facebook instagram pinterest; do
		[ "$(nposts $p)" -eq 2 ] || fail "$p has $(nposts $p) posts"
	done
	expect_err "posts/14-nul-byte.json:3:16: not valid JSON"
	expect_err "posts/fifo.json: not a regular file"
	expect_err "run 2026-11-12: 12 published, 0 failed (0 to retry), 0 unknown"
}

run_tests
unreadable_file
