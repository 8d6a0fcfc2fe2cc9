#!/bin/sh
# The man pages: groff renders them without a warning, and they stay true
# to the program: every command and option the binary's help lists, every
# exit code, environment variable, config setting and post field the
# sources accept is described.
. "$(dirname "$0")/lib.sh"
MAN=$TOP/man

# section FILE NAME: the roff source of ".SS NAME" (or ".SH NAME") up to
# the next heading.
section() {
	awk -v n="$2" '
	    /^\.S[HS] / { on = (substr($0, 5) == n) ; next }
	    on { print }' "$1"
}

# roff OPTION: the option as the roff source writes it ("\-\-dry\-run").
roff() {
	printf '%s\n' "$1" | sed 's/-/\\-/g'
}

# opts FILE: the options a help text lists ("--date", "-o"), one a line.
opts() {
	grep -oE '(^|[][ ,|])--?[a-zA-Z][a-zA-Z-]*' "$1" |
	    sed 's/^[][ ,|]//' | sort -u
}

t_groff_renders_without_warnings() {
	for f in almanac.1 almanac.conf.5 almanac-post.5; do
		[ -f "$MAN/$f" ] || { fail "no man/$f"; continue; }
		groff -man -ww -z -Tutf8 "$MAN/$f" > g 2>&1
		[ -s g ] && fail "$f: $(head -5 g)"
		# The page has its name and sections.
		for h in NAME SYNOPSIS DESCRIPTION 'SEE ALSO'; do
			grep -q "^\.SH $h\$" "$MAN/$f" || fail "$f has no $h"
		done
	done
	true
}

t_warnings_are_caught() {
	# The check above can fail: groff warns of a bad escape on stderr.
	must_write bad.1 printf '.TH X 1\n.SH NAME\nx \\(u2026 y\n'
	groff -man -ww -z -Tutf8 bad.1 > g 2>&1
	grep -q "warning" g || fail "groff did not warn: $(cat g)"
}

t_every_command_and_option_in_almanac_1() {
	run --help
	expect_rc 0
	cmds=$(sed -n '/^commands:/,/^$/p' "$TMP/out" |
	    sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
	[ -n "$cmds" ] || fail "no commands in almanac --help"
	for c in $cmds; do
		grep -q "^\.SS $c\$" "$MAN/almanac.1" ||
		    { fail "almanac.1 has no section for $c"; continue; }
		[ "$c" = help ] && continue
		"$ALMANAC" help "$c" > h 2>&1 || fail "almanac help $c failed"
		section "$MAN/almanac.1" "$c" > sec
		for o in $(opts h); do
			grep -qF -- "$(roff "$o")" sec ||
			    fail "almanac.1 section $c lacks $o"
		done
		# And nothing more: an option the man page names exists.
		for o in $(grep -oE '(^|[^a-zA-Z])\\-(\\-)?[a-z]([a-z]|\\-[a-z])*' sec |
		    sed 's/^[^\\]//; s/\\-/-/g' | sort -u); do
			grep -qE -- "(^|[][ ,|])$o([] ,|=]|$)" h ||
			    fail "almanac.1 section $c names $o, which" \
			    "\"almanac help $c\" does not list"
		done
	done
	section "$MAN/almanac.1" OPTIONS > sec
	sed -n '/^options:/,$p' "$TMP/out" > g
	for o in $(opts g); do
		grep -qF -- "$(roff "$o")" sec || fail "almanac.1 OPTIONS lacks $o"
	done
	true
}

t_exit_codes_in_almanac_1() {
	section "$MAN/almanac.1" "EXIT STATUS" > sec
	codes=$(sed -n 's/^[[:space:]]*EXIT_[A-Z]* = \([0-9]*\).*/\1/p' \
	    "$TOP/src/app.h")
	[ -n "$codes" ] || fail "no EXIT_ codes in src/app.h"
	for n in $codes; do
		grep -qx "\.B $n" sec || fail "EXIT STATUS lacks $n"
	done
	for n in $(sed -n 's/^\.B \([0-9][0-9]*\)$/\1/p' sec); do
		printf '%s\n' $codes | grep -qx "$n" ||
		    fail "EXIT STATUS names $n, which src/app.h lacks"
	done
	true
}

t_environment_in_almanac_1() {
	section "$MAN/almanac.1" ENVIRONMENT > sec
	vars=$( (grep -rhoE 'getenv\("[A-Z_]+"\)' "$TOP/src" |
	    sed 's/getenv("\(.*\)")/\1/'
	    printf '%s\n' ALMANAC_CONFIG NO_COLOR JOURNAL_STREAM \
	    CREDENTIALS_DIRECTORY STATE_DIRECTORY CONFIGURATION_DIRECTORY) |
	    sort -u)
	for v in $vars; do
		grep -qx "\.B $v" sec || fail "ENVIRONMENT lacks $v"
	done
	true
}

t_config_settings_in_almanac_conf_5() {
	c=$TOP/src/config.c
	pl=$TOP/src/platforms
	# config.c's own settings, those every platform group takes, and
	# each platform's own (its entry's settings in src/platforms/)
	keys=$( (grep -oE 'strcmp\(name, "[a-z_]+"\)' "$c"
	    grep -oE '\{ "[a-z_]+", offsetof\(struct http_conf' "$c"
	    sed -n '/common_names\[C_N\] = {/,/};/p' "$c" |
	    grep -oE '"[a-z_]+"'
	    grep -ohE '\.name = "[a-z_]+", \.kind' "$pl"/*.c "$pl"/*.h) |
	    sed 's/[^"]*"\([a-z_]*\)".*/\1/' | sort -u)
	[ "$(printf '%s\n' $keys | wc -l)" -ge 30 ] ||
	    fail "found too few settings: $keys"
	for k in $keys; do
		grep -qE "^\.(B|BR|SS) $k( |\$)" "$MAN/almanac.conf.5" ||
		    fail "almanac.conf.5 does not describe $k"
	done
	# The credentials' groups and keys: each platform's cred_keys, and
	# those of the platforms without an adapter yet (list.h).
	creds=$( (awk '/_keys\[\] = \{/,/\};/' "$pl"/*.c
	    grep -E '^(PLATFORM|LATER)\(' "$pl/list.h" | grep -v '(FEED,') |
	    grep -oE '"[a-z_]+"|\(([A-Z]+, )?[a-z]+' | tr -d '"(' |
	    sed 's/^[A-Z]*, //' | sort -u)
	[ "$(printf '%s\n' $creds | wc -l)" -ge 12 ] ||
	    fail "found too few credential groups and keys: $creds"
	for k in $creds; do
		grep -qE "^\.(B|BR) .*$k" "$MAN/almanac.conf.5" ||
		    fail "almanac.conf.5 does not describe the credential $k"
	done
	true
}

t_post_fields_in_almanac_post_5() {
	p=$TOP/src/post_fields.c
	pl=$TOP/src/platforms
	# the names arrays of post_fields.c, and the post settings of the
	# platform entries
	fields=$( (awk '/const char \*(const )?names\[.*\] = \{/,/\};/' "$p" |
	    grep -oE '"[a-z_]+"'
	    grep -A1 -h 'struct post_setting [a-z_]* = {' "$pl"/*.c |
	    grep -oE '"[a-z_]+"') | tr -d '"' | sort -u)
	[ "$(printf '%s\n' $fields | wc -l)" -ge 18 ] ||
	    fail "found too few fields: $fields"
	section "$MAN/almanac-post.5" FIELDS > sec
	for f in $fields; do
		grep -qE "(^\.(B|BR) $f( |\$)|\"$f\")" sec ||
		    fail "almanac-post.5 FIELDS does not describe $f"
	done
	names=$(grep -E '^(PLATFORM|LATER)\(' "$pl/list.h" |
	    sed -E 's/^PLATFORM\([A-Z]+, ([a-z]+)\).*/\1/; s/^LATER\(([a-z]+).*/\1/')
	[ "$(printf '%s\n' $names | wc -l)" -ge 9 ] ||
	    fail "found too few platforms in list.h: $names"
	for f in $names; do
		grep -qE "^\.(B|BR|RB) (\( )?$f( |,|;|\$)" sec ||
		    fail "almanac-post.5 does not name the platform $f"
	done
	true
}

t_error_format_documented() {
	# The message format the man pages show is the one lint prints.
	must cd "$TOP"
	run -c tests/data/good/almanac.conf lint tests/bad/mistakes/posts/08-month13.json
	expect_rc 65
	expect_out 'tests/bad/mistakes/posts/08-month13.json:2:3: "date": expected YYYY-MM-DD or --MM-DD, got "1927-13-01" (no month 13)'
	for f in almanac.1 almanac-post.5; do
		grep -qF 'posts/11\-12\-trotsky.json:4:3: "date": expected YYYY\-MM\-DD or \-\-MM\-DD, got "1927\-13\-12" (no month 13)' \
		    "$MAN/$f" || fail "$f does not show the message format"
	done
	true
}

run_tests
