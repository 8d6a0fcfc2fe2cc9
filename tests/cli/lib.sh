# Shared helpers for the tests that drive the built binary.
# A test script defines functions named t_NAME, then ends with "run_tests".
# Each prints TAP lines "ok - NAME" or "not ok - NAME" with the reason.
# $ALMANAC is the binary under test; $TOP the repository; $TMP a scratch
# folder removed at the end. A setup step (cd, mkdir, cp, a file written
# or edited) goes through must, must_write or must_sed: when it fails, the
# test fails there.

# The script's own output, for a "not ok" line printed by a setup step
# whose output is redirected.
exec 3>&1
TOP=$(cd "$(dirname "$0")/../.." && pwd) ||
    { echo "not ok - $0: no repository around it"; exit 1; }
: "${ALMANAC:=$TOP/almanac}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/almanac-cli.XXXXXX") ||
    { echo "not ok - $0: mktemp -d failed"; exit 1; }

# tmp_cleanup: removes $TMP; with $ALMANAC_TEST_KEEP set (tests/run.sh
# sets it) moves it there instead, so that test_zz_secrets can scan every
# output, ledger and feed of the run. A script with its own EXIT trap
# calls it last.
tmp_cleanup() {
	if [ -n "${ALMANAC_TEST_KEEP:-}" ] && mkdir -p "$ALMANAC_TEST_KEEP" &&
	    mv "$TMP" "$ALMANAC_TEST_KEEP/$(basename "$0" .sh).$$" 2>/dev/null
	then
		return 0
	fi
	rm -rf "$TMP"
}
trap tmp_cleanup EXIT
export NO_COLOR=1
unset ALMANAC_CONFIG CREDENTIALS_DIRECTORY JOURNAL_STREAM

fail() {	# fail MESSAGE...: mark the current test failed
	echo "    $*" >>"$TMP/why"
}

# setup_failed WHY...: a setup step failed. In a test (run_tests runs each
# in a subshell of its own), marks it failed and ends it; in a subshell
# of the test, ends that subshell, the test still marked failed. Outside
# a test, prints "not ok - setup of SCRIPT: WHY" and ends the script with
# exit 1.
setup_failed() {
	if [ -n "${CURRENT_TEST:-}" ]; then
		fail "setup failed: $*"
		exit 1
	fi
	echo "not ok - setup of $(basename "$0" .sh): $*" >&3
	exit 1
}

# must CMD...: runs CMD (in this shell, so "must cd DIR" changes the
# folder) as a setup step: when it fails, setup_failed. "must CMD >FILE"
# catches CMD failing but not FILE: for that, must_write.
must() {
	"$@" && return 0
	setup_failed "$* (exit $?)"
}

# must_write [-a] FILE [CMD...]: CMD's output (without CMD, stdin: a
# here-document) into FILE, or at its end with -a, as a setup step: when
# CMD or the writing fails, setup_failed. ("must_write FILE :" makes an
# empty FILE: the braces keep a failed redirection of ":", a special
# built-in, from ending the shell before setup_failed.)
must_write() {
	if [ "$1" = -a ]; then
		shift
		_must_file=$1
		shift
		[ $# -gt 0 ] || set -- cat
		{ "$@"; } >>"$_must_file" && return 0
	else
		_must_file=$1
		shift
		[ $# -gt 0 ] || set -- cat
		{ "$@"; } >"$_must_file" && return 0
	fi
	setup_failed "$* >$_must_file (exit $?)"
}

# must_sed SED-ARGS... FILE: sed -i SED-ARGS... FILE as a setup step: when
# sed fails or leaves FILE as it was (an edit that no longer matches would
# set up something else than the test means), setup_failed.
must_sed() {
	eval "_must_file=\${$#}"
	_must_sum=$(cksum <"$_must_file") ||
	    setup_failed "must_sed $*: cannot read $_must_file"
	must sed -i "$@"
	[ "$(cksum <"$_must_file")" != "$_must_sum" ] ||
	    setup_failed "sed -i $*: $_must_file unchanged"
}

# run ARGS...: runs almanac, output in $TMP/out and $TMP/err, code in $rc
run() {
	"$ALMANAC" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ -n "${ALMANAC_TEST_KEEP:-}" ]; then	# for test_zz_secrets
		cat "$TMP/out" "$TMP/err" >>"$TMP/outputs.log"
	fi
}

expect_rc() {	# expect_rc N
	[ "$rc" -eq "$1" ] || fail "exit code $rc, expected $1; stderr: $(head -5 "$TMP/err")"
}

expect_out() {	# expect_out FIXED-STRING: stdout contains it
	grep -qF -- "$1" "$TMP/out" || fail "stdout lacks: $1"
}

expect_err() {	# expect_err FIXED-STRING: stderr contains it
	grep -qF -- "$1" "$TMP/err" || fail "stderr lacks: $1; stderr was: $(head -5 "$TMP/err")"
}

expect_no_out() {	# expect_no_out FIXED-STRING: stdout lacks it
	! grep -qF -- "$1" "$TMP/out" || fail "stdout has: $1"
}

# expect_block LINE NEXT...: stdout has the whole line LINE once, followed
# by exactly the lines NEXT
expect_block() {
	grep -A$(($# - 1)) -Fx -- "$1" "$TMP/out" >"$TMP/block"
	printf '%s\n' "$@" | cmp -s - "$TMP/block" ||
	    fail "stdout lacks the lines: $*; it has: $(cat "$TMP/block")"
}

expect_no_err() {	# expect_no_err FIXED-STRING: stderr lacks it
	! grep -qF -- "$1" "$TMP/err" || fail "stderr has: $1"
}

# run_tests: each t_NAME of the script, in order, in a subshell of its
# own whose working folder is $TMP/t_NAME
run_tests() {
	for t in $(grep -o '^t_[a-z0-9_]*' "$0"); do
		# ONLY=PATTERN (a shell pattern of names without t_) runs those
		case ${t#t_} in ${ONLY:-*}) ;; *) continue ;; esac
		rm -f "$TMP/why"
		(
			CURRENT_TEST=$t
			must mkdir -p "$TMP/$t"
			must cd "$TMP/$t"
			"$t"
		) >"$TMP/t.out" 2>&1
		if [ ! -s "$TMP/why" ]; then
			echo "ok - ${t#t_}"
		else
			echo "not ok - ${t#t_}"
			cat "$TMP/why"
			sed 's/^/    | /' "$TMP/t.out" | head -20
		fi
	done
}
