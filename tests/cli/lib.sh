# Shared helpers for the tests that drive the built binary.
# A test script defines functions named t_NAME, then ends with "run_tests".
# Each prints TAP lines "ok - NAME" or "not ok - NAME" with the reason.
# $ALMANAC is the binary under test; $TOP the repository; $TMP a scratch
# folder removed at the end.

TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${ALMANAC:=$TOP/almanac}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/almanac-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
unset ALMANAC_CONFIG CREDENTIALS_DIRECTORY JOURNAL_STREAM

fail() {	# fail MESSAGE...: mark the current test failed
	echo "    $*" >>"$TMP/why"
}

# run ARGS...: runs almanac, output in $TMP/out and $TMP/err, code in $rc
run() {
	"$ALMANAC" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
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
