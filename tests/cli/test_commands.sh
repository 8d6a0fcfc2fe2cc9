#!/bin/sh
# help, version, usage errors, calendar, config discovery.
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
	expect_err "no command \"frobnicate\""
	run -c "$CONF" preview --date 2026-02-30
	expect_rc 2
	expect_err "expected a date as YYYY-MM-DD or MM-DD, got \"2026-02-30\""
	run -c "$CONF" calendar --days 0
	expect_rc 2
	expect_err "--days takes a whole number from 1 to 3660"
}

t_config_errors_exit_78() {
	printf 'posts_dir = "p";\nbogus = 1;\n' > bad.conf
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
	mkdir -p config && cp "$CONF" config/almanac.conf && cp -r "$TOP/tests/data/good/posts" config/
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

run_tests
