#!/bin/sh
# Runs the fuzz targets built by "make fuzz-build" (build/fuzz/fuzz_NAME).
#
#   fuzz.sh run SECONDS NAME...    fuzz each target for SECONDS
#   fuzz.sh merge 0 NAME...        fold build/fuzz/corpus/NAME into a
#                                  minimal tests/fuzz/corpus/NAME
#
# A run reads tests/fuzz/corpus/NAME (the committed seeds) and keeps what it
# finds in build/fuzz/corpus/NAME; crashers go to tests/fuzz/crashers/NAME/.
# Targets that read JSON get tests/fuzz/json.dict. Each run ends with a line
# "NAME: N executions, N crashers".
set -u
cd "$(dirname "$0")/../.." || exit 1
mode=$1
secs=$2
shift 2
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0
status=0

dict() {	# dict NAME: the dictionary option for a target
	case $1 in
	post|json|response|format) echo "-dict=tests/fuzz/json.dict" ;;
	config) echo "-dict=tests/fuzz/config.dict" ;;
	esac
}

for name in "$@"; do
	bin=build/fuzz/fuzz_$name
	seeds=tests/fuzz/corpus/$name
	work=build/fuzz/corpus/$name
	crash=tests/fuzz/crashers/$name
	mkdir -p "$seeds" "$work" "$crash"
	case $mode in
	run)
		log=build/fuzz/$name.log
		before=$(ls "$crash" | wc -l)
		# shellcheck disable=SC2046
		"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		    -print_final_stats=1 -artifact_prefix="$crash/" \
		    $(dict "$name") "$work" "$seeds" >"$log" 2>&1
		rc=$?
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
		    tail -1)
		found=$(($(ls "$crash" | wc -l) - before))
		echo "$name: ${runs:-?} executions, $found crashers (log $log)"
		if [ "$rc" -ne 0 ]; then
			grep -m 5 -E 'ERROR|SUMMARY|invariant' "$log"
			status=1
		fi
		;;
	merge)
		new=build/fuzz/merge-$name
		rm -rf "$new"
		mkdir -p "$new"
		"$bin" -merge=1 -timeout=10 "$new" "$seeds" "$work" \
		    >"build/fuzz/$name.merge.log" 2>&1 || { status=1; continue; }
		rm -f "$seeds"/*
		cp "$new"/* "$seeds"/ 2>/dev/null
		echo "$name: $(ls "$seeds" | wc -l) inputs in $seeds"
		;;
	*)
		echo "usage: fuzz.sh run|merge SECONDS NAME..." >&2
		exit 2
		;;
	esac
done
exit $status
