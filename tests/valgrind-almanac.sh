#!/bin/sh
# Runs almanac under valgrind with the arguments given: the binary named by
# $ALMANAC_REAL, else the "almanac" in this script's folder (tests/run.sh
# links this script into a build folder as almanac-valgrind, so that tests
# looking beside $ALMANAC find that build's other files).
#
# Any memory error, and any definite or indirect leak, makes the exit code
# 99, so a test expecting another code fails. "exec" keeps the pid: a test
# that signals or kills the binary reaches the program itself.
# With $ALMANAC_VALGRIND_LOGS set, valgrind writes there, one file per
# process (empty when clean; tests/run.sh checks them all at the end);
# otherwise to stderr.
dir=$(dirname "$0")
bin=${ALMANAC_REAL:-$dir/almanac}
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)

set -- --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    --track-fds=no --num-callers=30 --vgdb=no -q \
    --suppressions="$top/tests/valgrind.supp" "$bin" "$@"
if [ -n "${ALMANAC_VALGRIND_LOGS:-}" ]; then
	exec valgrind --log-file="$ALMANAC_VALGRIND_LOGS/vg.%p.log" "$@"
fi
exec valgrind "$@"
