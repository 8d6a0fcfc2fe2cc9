#!/bin/sh
# fuzz replay: every saved fuzz input (tests/fuzz/corpus/NAME and
# tests/fuzz/crashers/NAME) through its target, built without libFuzzer as
# fuzz-replay-NAME next to the binary under test ($ALMANAC's folder).
. "$(dirname "$0")/lib.sh"
build=$(dirname "$ALMANAC")
export LSAN_OPTIONS="suppressions=$TOP/tests/fuzz/lsan.supp:print_suppressions=0"

for name in post json config format count pe response; do
	bin=$build/fuzz-replay-$name
	set -- "$TOP/tests/fuzz/corpus/$name"
	[ -d "$TOP/tests/fuzz/crashers/$name" ] &&
	    set -- "$@" "$TOP/tests/fuzz/crashers/$name"
	if [ ! -x "$bin" ]; then
		echo "not ok - replay $name: $bin is not built"
		continue
	fi
	"$bin" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	n=$(sed -n 's/^\([0-9]*\) inputs$/\1/p' "$TMP/out")
	if [ "$rc" -eq 0 ] && [ "${n:-0}" -gt 0 ]; then
		echo "ok - replay $name ($n inputs)"
	else
		echo "not ok - replay $name exited $rc after ${n:-?} inputs"
		grep -m 10 -E 'ERROR|SUMMARY|invariant|runtime error' \
		    "$TMP/err" | sed 's/^/    /'
	fi
done
