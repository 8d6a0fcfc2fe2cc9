#!/bin/sh
# help, version, usage errors, each command's help and options, global
# options after the command, calendar, config discovery.
. "$(dirname "$0")/lib.sh"
CONF="$TOP/tests/data/good/almanac.conf"

t_help_and_version() {
	run --help
	expect_rc 0
	expect_out "usage: almanac"
	for c in preview lint calendar; do expect_out "  $c "; done
	run --version
	expect_rc 0
	grep -Eq '^almanac [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/out" || fail "bad version line"
	run help preview
	expect_rc 0
	expect_out "usage: almanac preview [--date"
	expect_out "--all-days"
	run help nosuch
	expect_rc 2
}

t_usage_errors() {
	run
	expect_rc 2
	run -c "$CONF" frobnicate
	expect_rc 2
	expect_err "almanac: unknown command \"frobnicate\"; see almanac --help"
	run -c "$CONF" preview --date 2026-02-30
	expect_rc 2
	expect_err "expected a date as YYYY-MM-DD or MM-DD, got \"2026-02-30\""
	run -c "$CONF" calendar --days 0
	expect_rc 2
	expect_err "--days takes a whole number from 1 to 3660"
}

# commands: the commands "almanac --help" lists, help included.
commands() {
	"$ALMANAC" --help | sed -n '/^commands:/,/^$/p' |
	    sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'
}

t_every_command_has_help_and_h() {
	# No config is needed (none is here): the help comes first.
	[ "$(commands | wc -l)" -ge 10 ] || fail "too few commands: $(commands)"
	for c in $(commands); do
		"$ALMANAC" help "$c" > want 2>&1 || fail "almanac help $c failed"
		grep -q "^usage: almanac $c" want || fail "help $c: $(head -1 want)"
		for h in --help -h; do
			run "$c" "$h"
			expect_rc 0
			cmp -s want "$TMP/out" ||
			    fail "almanac $c $h is not almanac help $c: $(head -3 "$TMP/out")"
			[ -s "$TMP/err" ] && fail "almanac $c $h: stderr: $(head -3 "$TMP/err")"
		done
	done
	# Wherever it stands among the command's options and operands.
	run publish --date 11-12 --dry-run --help
	expect_rc 0
	expect_out "usage: almanac publish [--date"
	run -c "$CONF" lint posts -h
	expect_rc 0
	expect_out "usage: almanac lint [PATH]..."
	# The help command has its own help; with no command, the overview.
	run help help
	expect_rc 0
	expect_out "usage: almanac help [COMMAND]"
	run help
	expect_rc 0
	expect_out "commands:"
	expect_out "  publish "
}

t_bad_option_prints_usage_line() {
	for c in $(commands); do
		"$ALMANAC" help "$c" | head -1 > usage
		run "$c" --bogus
		expect_rc 2
		expect_err "almanac: $c: unknown option \"--bogus\""
		grep -qxF "$(cat usage)" "$TMP/err" ||
		    fail "$c --bogus: no usage line \"$(cat usage)\" on stderr: $(cat "$TMP/err")"
		[ -s "$TMP/out" ] && fail "$c --bogus: stdout: $(head -3 "$TMP/out")"
	done
	run preview -x
	expect_rc 2
	expect_err "almanac: preview: unknown option \"-x\""
	expect_err "usage: almanac preview [--date"
	run preview --date
	expect_rc 2
	expect_err "almanac: preview: --date needs a value"
	expect_err "usage: almanac preview [--date"
	run preview -o
	expect_rc 2
	expect_err "almanac: preview: -o needs a value"
	run publish --dry-run=yes
	expect_rc 2
	expect_err "almanac: publish: --dry-run takes no value"
	run -c "$CONF" status --d 11-12
	expect_rc 2
	expect_err "almanac: status: \"--d\" is ambiguous (--date, --days)"
	run -c "$CONF" pause now
	expect_rc 2
	expect_err "almanac: pause: unexpected \"now\""
	expect_err "usage: almanac pause"
	# Before the command: the whole help.
	run --bogus publish
	expect_rc 2
	expect_err "almanac: unknown option \"--bogus\""
	expect_err "usage: almanac [-c FILE]"
}

t_unknown_command_suggests_the_nearest() {
	run pubish
	expect_rc 2
	expect_err 'almanac: unknown command "pubish"; did you mean publish?'
	run -c "$CONF" calender --days 3
	expect_rc 2
	expect_err 'almanac: unknown command "calender"; did you mean calendar?'
	run statsu
	expect_rc 2
	expect_err 'did you mean status?'
	run Preview
	expect_rc 2
	expect_err 'did you mean preview?'
	run help pubish
	expect_rc 2
	expect_err 'almanac: unknown command "pubish"; did you mean publish?'
	# Nothing close: no guess.
	run xyzzy
	expect_rc 2
	expect_err 'almanac: unknown command "xyzzy"; see almanac --help'
	grep -q "did you mean" "$TMP/err" && fail "guessed for xyzzy: $(cat "$TMP/err")"
	true
}

t_global_options_after_the_command() {
	# -c after the command (no config here otherwise).
	run preview --date 11-12 -c "$CONF"
	expect_rc 0
	expect_out "11-12-trotsky"
	run preview --date 11-12 --config="$CONF"
	expect_rc 0
	expect_out "11-12-trotsky"
	# The later -c counts.
	run -c missing.conf preview --date 11-12 -c "$CONF"
	expect_rc 0
	# -v among a command's operands.
	run -c "$CONF" lint "$TOP/tests/data/good/posts/11" -v
	expect_rc 0
	expect_out "files checked: 0 errors"
	run -c "$CONF" preview --date 11-12 -v
	expect_rc 0
	expect_err "post files"
	run -c "$CONF" preview -v --date 11-12 -q
	expect_rc 0
	[ -s "$TMP/err" ] && fail "-q after the command: stderr: $(cat "$TMP/err")"
	# --log-format and --now after the command.
	run -c "$CONF" preview --platform nosuch --log-format json
	expect_rc 2
	expect_err '{"level":"error","msg":"no platform \"nosuch\"'
	run -c "$CONF" preview --log-format xml
	expect_rc 2
	expect_err "--log-format takes text or json, not \"xml\""
	run -c "$CONF" calendar --days 1 --now 2026-11-12T08:00
	expect_rc 0
	expect_out "2026-11-12 Thu  2 posts"
	run -c "$CONF" calendar --now 2026-11-12T08 --days 1
	expect_rc 2
	expect_err "--now takes local time"
	# After "--" nothing is an option.
	run -c "$CONF" lint -- -v
	expect_rc 65
}

t_config_errors_exit_78() {
	must_write bad.conf printf 'posts_dir = "p";\nbogus = 1;\n'
	run -c bad.conf preview
	expect_rc 78
	expect_err "bad.conf:2:"
	run -c missing.conf preview
	expect_rc 78
	expect_err "missing.conf"
}

t_config_from_env_and_cwd() {
	ALMANAC_CONFIG="$CONF" "$ALMANAC" preview --date 2026-11-12 > out 2>&1 || fail "ALMANAC_CONFIG not used"
	grep -q "11-12-trotsky" out || fail "ALMANAC_CONFIG not used"
	must mkdir -p config
	must cp "$CONF" config/almanac.conf
	must cp -r "$TOP/tests/data/good/posts" config/
	"$ALMANAC" preview --date 2026-11-12 > out2 2>&1 || fail "./config/almanac.conf not used: $(cat out2)"
	grep -q "11-12-trotsky" out2 || fail "./config/almanac.conf not used"
}

t_calendar() {
	run -c "$CONF" calendar --from 2026-11-11 --days 3
	expect_rc 0
	expect_out "2026-11-11 Wed  EMPTY: no post goes out (0 candidates)"
	expect_out "2026-11-12 Thu  2 posts (of 4): 09:00 11-12-second, 10:30 11-12-trotsky"
	expect_out "2026-11-13 Fri  EMPTY"
	expect_out "3 days, 2 empty"
}

t_status_shows_coming_days() {
	must_write s.conf sed \
	    -e 's|posts_dir = "posts"|posts_dir = "'"$TOP"'/tests/data/good/posts"|' \
	    -e 's|state_dir = "var"|state_dir = "'"$PWD"'/var"|' \
	    -e 's|path = "var/feed.atom"|path = "'"$PWD"'/var/feed.atom"|' "$CONF"
	# the default stays today, the ledger's only
	run -c s.conf --now 2026-11-11T08:00 status
	expect_rc 0
	expect_out "nothing in the ledger from 2026-11-11 to 2026-11-11"
	expect_no_out "planned"
	run -c s.conf --now 2026-11-11T08:00 status --from 11-11 --to 11-13
	expect_rc 0
	expect_out "nothing in the ledger from 2026-11-11 to 2026-11-13"
	expect_out "2026-11-12 feed      planned    11-12-second at 09:00"
	expect_out "2026-11-12 feed      planned    11-12-trotsky at 10:30"
	# --to a coming day alone: from today
	run -c s.conf --now 2026-11-11T08:00 status --to 11-12
	expect_rc 0
	expect_out "nothing in the ledger from 2026-11-11 to 2026-11-12"
	expect_out "2026-11-12 feed      planned    11-12-second at 09:00"
	# disabled platforms plan nothing
	expect_no_out "twitter"
	n=$(grep -c planned "$TMP/out")
	[ "$n" -eq 2 ] || fail "$n planned pairs"
	# a pair the ledger holds is shown as the ledger says, not planned
	run -c s.conf --now 2026-11-12T11:00 publish
	expect_rc 0
	run -c s.conf --now 2026-11-11T08:00 status --from 11-11 --to 11-12
	expect_rc 0
	expect_out "2026-11-12 feed      published  11-12-second"
	expect_no_out "planned"
	# ranges that make no sense
	run -c s.conf status --from 11-14 --to 11-13
	expect_rc 2
	expect_err "status: --from 2026-11-14 is after --to 2026-11-13"
	run -c s.conf status --from 11-14 --days 2
	expect_rc 2
	expect_err "status: give --from or --days, not both"
}

run_tests
