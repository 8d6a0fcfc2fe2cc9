# Shared helpers for the tests that drive the built binary.
# A test script defines functions named t_NAME, then ends with "run_tests".
# Each prints TAP lines "ok - NAME" or "not ok - NAME" with the reason.
# $ALMANAC is the binary under test; $TOP the repository; $TMP a scratch
# folder removed at the end.

TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${ALMANAC:=$TOP/almanac}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/almanac-cli.XXXXXX")

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

run_tests() {
	for t in $(grep -o '^t_[a-z0-9_]*' "$0"); do
		rm -f "$TMP/why"
		mkdir -p "$TMP/$t"
		( cd "$TMP/$t" && "$t" ) >"$TMP/t.out" 2>&1
		if [ ! -s "$TMP/why" ]; then
			echo "ok - ${t#t_}"
		else
			echo "not ok - ${t#t_}"
			cat "$TMP/why"
			sed 's/^/    | /' "$TMP/t.out" | head -20
		fi
	done
}
