#!/bin/sh
# Runs every test against each build folder given (e.g. build/plain
# build/asan): the cmocka unit tests (TAP output) and the scripts in
# tests/cli/ that drive the built binary. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
log=$(mktemp -d "${TMPDIR:-/tmp}/almanac-tests.XXXXXX")
pass=0
fail=0
failed_names=""

count() {	# count OUTPUT-FILE LABEL
	p=$(grep -c '^ok ' "$1")
	f=$(grep -c '^not ok ' "$1")
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		grep '^not ok ' "$1" | sed "s|^|  $2: |"
		failed_names="$failed_names $2"
	fi
}

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
export CMOCKA_MESSAGE_OUTPUT=TAP
export ALMANAC_VECTORS="$top/tests/vectors"
export NO_COLOR=1

# run_one NAME OUT COMMAND...: runs a test program, counts its TAP lines;
# a non-zero exit without a "not ok" line counts as one failure.
run_one() {
	name=$1 out=$2
	shift 2
	"$@" >"$out" 2>&1
	rc=$?
	count "$out" "$name"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$out"; then
		echo "not ok - $name exited $rc"
		tail -20 "$out" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
}

for build in "$@"; do
	b=$(basename "$build")
	echo "== tests on $build"
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		run_one "$b:$(basename "$t")" "$log/$b.$(basename "$t").out" "$t"
	done
	for t in tests/cli/test_*.sh; do
		[ -f "$t" ] || continue
		ALMANAC="$top/$build/almanac" run_one "$b:$(basename "$t" .sh)" \
		    "$log/$b.$(basename "$t").out" sh "$t"
	done
done

if [ "$fail" -gt 0 ]; then
	echo "logs of this run: $log"
else
	rm -rf "$log"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
