#!/bin/sh
# bash completion: commands, their options, platform names, formats and
# files, checked against what the binary's help lists.
. "$(dirname "$0")/lib.sh"
COMPLETION=$TOP/completion/almanac.bash

# comp WORD...: the completions bash offers for the command line WORD...
# (the last word is the one under the cursor), one a line in $TMP/c.
must_write "$TMP/comp.bash" <<'EOF'
. "$COMPLETION" || exit 1
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
_almanac
[ "${#COMPREPLY[@]}" -gt 0 ] && printf '%s\n' "${COMPREPLY[@]}"
exit 0
EOF
comp() {
	COMPLETION=$COMPLETION bash "$TMP/comp.bash" "$@" > "$TMP/c" 2>&1 ||
	    fail "bash failed: $(cat "$TMP/c")"
}

# expect_comp "WANT ..." WORD...: the completions are exactly WANT.
expect_comp() {
	want=$1
	shift
	comp "$@"
	got=$(sort "$TMP/c" | tr '\n' ' ' | sed 's/ $//')
	want=$(printf '%s\n' $want | sort | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] ||
	    fail "almanac completion of [$*]: got [$got], expected [$want]"
}

# help_opts FILE: the options a help text lists, one a line.
help_opts() {
	grep -oE '(^|[][ ,|])--?[a-zA-Z][a-zA-Z-]*' "$1" |
	    sed 's/^[][ ,|]//' | sort -u
}

t_registered() {
	COMPLETION=$COMPLETION bash -c '. "$COMPLETION" && complete -p almanac' \
	    > out 2>&1
	grep -qx 'complete -F _almanac almanac' out ||
	    fail "not registered: $(cat out)"
}

t_commands() {
	expect_comp "preview" almanac pre
	expect_comp "pause preview publish" almanac p
	expect_comp "status" almanac -c x.conf st
	expect_comp "status" almanac --config = x.conf st
	expect_comp "status" almanac --now 2026-11-12T16 : 00 st
	expect_comp "publish" almanac -v help pu
	expect_comp "" almanac help publish ""
	# Every command of --help is offered, and every one offered is in
	# the man page.
	run --help
	comp almanac ""
	for c in $(sed -n '/^commands:/,/^$/p' "$TMP/out" |
	    sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'); do
		grep -qx "$c" "$TMP/c" || fail "command $c is not completed"
	done
	for c in $(cat "$TMP/c"); do
		grep -q "^\.SS $c\$" "$TOP/man/almanac.1" ||
		    fail "completes $c, which almanac.1 does not describe"
	done
	true
}

# Each command's options are the ones its help lists, and -h and --help,
# which every command takes (test_commands: they print its help).
t_options_of_each_command() {
	expect_comp "--date --force --platform --dry-run --retry-unknown --retry-failed --late --new-ledger --help" \
	    almanac publish --
	expect_comp "--dry-run" almanac publish --dr
	run --help
	for c in $(sed -n '/^commands:/,/^$/p' "$TMP/out" |
	    sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'); do
		"$ALMANAC" help "$c" > h 2>&1
		comp almanac "$c" -
		got=$(sort "$TMP/c" | tr '\n' ' ')
		want=$({ help_opts h | grep -v -- '^--now$'
		    printf '%s\n' -h --help; } | sort -u | tr '\n' ' ')
		[ "$got" = "$want" ] ||
		    fail "$c: completes [$got], help lists [$want] (and -h --help)"
	done
	true
}

# -h and --help after any command, wherever the cursor is among its
# options and operands; what lint and help complete otherwise is kept.
t_help_after_each_command() {
	run --help
	for c in $(sed -n '/^commands:/,/^$/p' "$TMP/out" |
	    sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'); do
		expect_comp "--help" almanac "$c" --h
		expect_comp "-h" almanac -c x.conf "$c" -h
	done
	expect_comp "--help" almanac publish --date 11-12 --dry-run --he
	expect_comp "--help" almanac -v preview --format json --h
	expect_comp "-h --help" almanac lint posts -
	expect_comp "-h --help" almanac help publish -
	expect_comp "publish" almanac help pu
	must mkdir sub
	expect_file "sub" almanac lint su
}

t_global_options() {
	run --help
	sed -n '/^options:/,$p' "$TMP/out" > g
	comp almanac -
	got=$(sort "$TMP/c" | tr '\n' ' ')
	want=$(help_opts g | tr '\n' ' ')
	[ "$got" = "$want" ] || fail "global: completes [$got], --help lists [$want]"
}

t_values() {
	expect_comp "twitter" almanac preview --platform tw
	expect_comp "threads twitter" almanac preview --platform t
	expect_comp "twitter linkedin facebook instagram pinterest feed mastodon bluesky threads" \
	    almanac publish --platform ""
	expect_comp "text json html" almanac preview --date 11-12 --format ""
	expect_comp "json" almanac preview --format = j
	expect_comp "json" almanac --log-format j
	expect_comp "" almanac preview --date ""
	expect_comp "" almanac calendar --days ""
	# auth's operand is a platform it can authorize; its port and
	# timeout are numbers
	expect_comp "pinterest" almanac auth pin
	expect_comp "linkedin pinterest threads" almanac auth ""
	expect_comp "threads" almanac auth th
	expect_comp "" almanac auth pinterest ""
	expect_comp "" almanac auth pinterest --port ""
	expect_comp "" almanac auth --timeout ""
	expect_comp "--no-browser" almanac auth pinterest --no
}

# expect_file NAME WORD...: the only completion is the file NAME.
expect_file() {
	want=$1
	shift
	comp "$@"
	[ "$(cat "$TMP/c")" = "$want" ] ||
	    fail "almanac completion of [$*]: got [$(cat "$TMP/c")], expected [$want]"
}

t_files() {
	must mkdir -p "posts dir" sub
	must_write my.conf :
	must_write "my other.conf" :
	expect_file "my.conf" almanac -c my.c
	expect_file "my other.conf" almanac --config "my o"
	expect_file "my.conf" almanac preview -o my.c
	expect_file "posts dir" almanac lint pos
	expect_file "sub" almanac -c my.conf lint su
}

run_tests
