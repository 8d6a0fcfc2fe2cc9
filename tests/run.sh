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
# libconfig's own leak at a syntax error (tests/fuzz/lsan.supp says why)
export LSAN_OPTIONS="suppressions=$top/tests/fuzz/lsan.supp:print_suppressions=0"
export CMOCKA_MESSAGE_OUTPUT=TAP
export ALMANAC_VECTORS="$top/tests/vectors"
export NO_COLOR=1

# tally NAME OUT RC: counts the TAP lines of a test program's output OUT;
# a non-zero exit code RC without a "not ok" line counts as one failure.
tally() {
	count "$2" "$1"
	if [ "$3" -ne 0 ] && ! grep -q '^not ok ' "$2"; then
		echo "not ok - $1 exited $3"
		tail -20 "$2" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
}

# run_one NAME OUT COMMAND...: runs a test program and tallies it.
run_one() {
	name=$1 out=$2
	shift 2
	"$@" >"$out" 2>&1
	tally "$name" "$out" $?
}

# cli_lane SCRIPT...: runs scripts of tests/cli/ one after another with
# $bin as the binary, each output in $log/$b.SCRIPT.out, its exit code in
# $log/$b.SCRIPT.rc.
cli_lane() {
	for t in "$@"; do
		ALMANAC="$bin" sh "$t" >"$log/$b.$(basename "$t").out" 2>&1
		echo $? >"$log/$b.$(basename "$t").rc"
	done
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
	# The scripts in two lanes at once: they mostly wait (for the fake
	# platforms, for timeouts, or for valgrind, one core a process). The
	# test_zz_ ones come after all others: they read what those left.
	l1="" l2="" last="" i=0
	for t in tests/cli/test_*.sh; do
		[ -f "$t" ] || continue
		case $t in
		*/test_zz_*) last="$last $t" ;;
		*) if [ $((i % 2)) -eq 0 ]; then l1="$l1 $t"; else l2="$l2 $t"; fi
		   i=$((i + 1)) ;;
		esac
	done
	cli_lane $l1 &
	cli_lane $l2 &
	wait
	cli_lane $last
	for t in $l1 $l2 $last; do
		o="$log/$b.$(basename "$t").out"
		tally "$b:$(basename "$t" .sh)" "$o" "$(cat "${o%.out}.rc" 2>/dev/null || echo 1)"
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
