#!/bin/sh
# The index of post files (state_dir/catalog.index): preview and publish
# say exactly what they say without it (ALMANAC_NO_INDEX=1).
. "$(dirname "$0")/lib.sh"

# setup: the shipped archive, the test posts and the broken ones, with a
# config whose state folder exists
setup() {
	must mkdir -p posts/good posts/zz-bad var
	must cp -r "$TOP/posts/." posts/
	must cp -r "$TOP/tests/data/good/posts/." posts/good/
	must cp -r "$TOP/tests/bad/mistakes/posts/." posts/zz-bad/
	must_write almanac.conf sed 's/^state_dir.*/state_dir = "var";/' \
	    "$TOP/tests/data/good/almanac.conf"
}

# same NAME ARGS...: almanac ARGS without the index, then twice with it
# (built, then used): stdout, stderr and exit code must be identical. The
# clock is fixed (the feed's request carries the time).
same() {
	name=$1
	shift
	set -- --now 2026-11-12T12:00 "$@"
	ALMANAC_NO_INDEX=1 "$ALMANAC" "$@" >"$name.plain" 2>"$name.plain.err"
	prc=$?
	for k in 1 2; do
		"$ALMANAC" "$@" >"$name.$k" 2>"$name.$k.err"
		irc=$?
		[ "$irc" -eq "$prc" ] || fail "$name run $k: exit $irc, without the index $prc"
		cmp -s "$name.plain" "$name.$k" || fail "$name run $k: stdout differs: $(diff "$name.plain" "$name.$k" | head -5)"
		cmp -s "$name.plain.err" "$name.$k.err" || fail "$name run $k: stderr differs: $(diff "$name.plain.err" "$name.$k.err" | head -5)"
	done
	[ -s "$name.plain" ] || fail "$name: no output"
}

t_preview_is_byte_identical() {
	setup
	same a -c almanac.conf preview --date 2026-11-12 --format json
	[ -f var/catalog.index ] || fail "no var/catalog.index"
	same b -c almanac.conf preview --date 2026-11-12
	same c -c almanac.conf preview --date 2027-02-28 --format json
	same d -c almanac.conf preview --date 2028-02-29 --format json
	same e -c almanac.conf preview --date 2026-03-15 --format html
	same f -c almanac.conf preview --all-days --format json
	grep -q '"11-12-trotsky"' a.1 || fail "trotsky not in the preview"
	[ "$prc" -eq 65 ] || fail "the broken posts should make preview exit 65, not $prc"
}

t_index_is_used_and_kept_fresh() {
	setup
	run -v -c almanac.conf preview --date 2026-11-12
	expect_err "read (index built)"
	# files changed in the last two seconds are read again (index.h:
	# "racy"); these were all just copied
	sleep 3
	run -v -c almanac.conf preview --date 2026-11-12
	expect_err "read (index updated)"
	run -v -c almanac.conf preview --date 2026-11-12
	expect_err "read (index fresh)"
	# the archive's files are not read again: only that day's and the
	# broken ones
	n=$(sed -n 's/.* post files, \([0-9]*\) read .*/\1/p' "$TMP/err")
	all=$(sed -n 's/.*: \([0-9]*\) post files, .*/\1/p' "$TMP/err")
	[ -n "$n" ] && [ "$n" -lt 30 ] && [ "$all" -gt 800 ] ||
	    fail "read $n of $all files on a warm run"
	before=$(stat -c %Y.%i var/catalog.index)
	run -c almanac.conf preview --date 2026-11-12
	[ "$(stat -c %Y.%i var/catalog.index)" = "$before" ] ||
	    fail "the index was rewritten though nothing changed"
}

t_edited_post_shows_at_once() {
	setup
	same a -c almanac.conf preview --date 2026-07-04 --format json
	# a post moves to another day, keeping its size
	f=$(ls posts/01/01-01-*.json | head -1)
	sed 's/"date": "\(-*[0-9]*\)-01-01"/"date": "\1-07-04"/' "$f" > x && mv x "$f"
	grep -q -- '-07-04"' "$f" || fail "the edit did not take"
	same b -c almanac.conf preview --date 2026-07-04 --format json
	id=$(basename "$f" .json)
	grep -q "\"$id\"" b.1 || fail "$id is not on July 4 after the edit"
	# a file removed disappears
	rm "$f"
	same c -c almanac.conf preview --date 2026-07-04 --format json
	grep -q "\"$id\"" c.1 && fail "$id is still there after its file was removed"
	cmp -s c.1 a.1 || fail "removing the moved post did not restore July 4"
}

t_damaged_index_is_rebuilt() {
	setup
	same a -c almanac.conf preview --date 2026-11-12 --format json
	printf 'garbage' |
	    must dd of=var/catalog.index bs=1 seek=5000 conv=notrunc 2>/dev/null
	same b -c almanac.conf preview --date 2026-11-12 --format json
	cmp -s a.1 b.1 || fail "output changed after the damage"
	must_write var/catalog.index echo nonsense
	same c -c almanac.conf preview --date 2026-11-12 --format json
	cmp -s a.1 c.1 || fail "output changed after the damage"
}

t_lint_and_no_index_never_write_it() {
	setup
	run -c almanac.conf lint
	[ -e var/catalog.index ] && fail "lint wrote an index"
	ALMANAC_NO_INDEX=1 "$ALMANAC" -c almanac.conf preview >/dev/null 2>&1
	[ -e var/catalog.index ] && fail "ALMANAC_NO_INDEX=1 wrote an index"
	# without a state folder, nothing is written and nothing is said
	rm -rf var
	run -c almanac.conf preview --date 2026-11-12
	[ -e var ] && fail "preview made the state folder"
	expect_rc 65
	true
}

run_tests
