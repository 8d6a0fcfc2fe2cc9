#!/bin/sh
# Runs every test against each build folder given (e.g. build/plain
# build/asan): the cmocka unit tests (TAP output) and the scripts in
# tests/cli/ that drive the built binary. Ends with "N passed, N failed".
# "valgrind:DIR" runs the scripts of tests/cli/ only, with DIR's binary
# under valgrind (tests/valgrind-almanac.sh): a memory error or a leak
# gives exit code 99, and each process's report is checked at the end.
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

for arg in "$@"; do
	build=${arg#valgrind:}
	b=$(basename "$build")
	bin="$top/$build/almanac"
	unit=yes
	if [ "$build" != "$arg" ]; then
		b=valgrind unit=no bin="$top/$build/almanac-valgrind"
		ln -sf "$top/tests/valgrind-almanac.sh" "$bin"
		mkdir -p "$log/valgrind"
		export ALMANAC_VALGRIND_LOGS="$log/valgrind"
		export ALMANAC_TEST_FACTOR=3	# timeouts and bounded waits grow
	fi
	# every test's scratch folder is kept here, for test_zz_secrets
	export ALMANAC_TEST_KEEP="$log/keep.$b" ALMANAC_TEST_LOGS="$log"
	echo "== tests on $arg"
	for t in "$build"/tests/test_*; do
		[ "$unit" = yes ] && [ -x "$t" ] || continue
		run_one "$b:$(basename "$t")" "$log/$b.$(basename "$t").out" "$t"
	done
	for t in tests/cli/test_*.sh; do
		[ -f "$t" ] || continue
		ALMANAC="$bin" run_one "$b:$(basename "$t" .sh)" \
		    "$log/$b.$(basename "$t").out" sh "$t"
	done
	unset ALMANAC_VALGRIND_LOGS ALMANAC_TEST_FACTOR
done

# valgrind's reports: one file per process, empty when it was clean
if [ -d "$log/valgrind" ]; then
	n=$(ls "$log/valgrind" | wc -l)
	bad=$(find "$log/valgrind" -type f -size +0 | sort)
	if [ -z "$bad" ] && [ "$n" -gt 0 ]; then
		echo "ok - valgrind: $n processes, no errors, no leaks"
		pass=$((pass + 1))
	else
		echo "not ok - valgrind: $n processes, reports in $log/valgrind"
		for f in $bad; do
			echo "  $f"
			head -30 "$f" | sed 's/^/    /'
		done
		fail=$((fail + 1))
	fi
fi

if [ "$fail" -gt 0 ]; then
	echo "logs of this run: $log"
else
	rm -rf "$log"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
