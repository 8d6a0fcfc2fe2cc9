#!/bin/sh
# A platform that repeats the token it was sent in its error (the fake's
# "echo_token"): the token appears nowhere almanac writes: not in the
# log, the ledger's bytes, status or doctor; "[redacted]" stands in its
# place (publish.c's on_answer and doctor.c pass what platforms answer
# through redact.h).
#
# The tokens are never written into this test's folder (test_zz_secrets
# scans it) and no failure message quotes what almanac printed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
TOK=$(mktemp "${TMPDIR:-/tmp}/almanac-tokens.XXXXXX") ||	# outside $TMP
    setup_failed "mktemp failed"
trap 'fake_stop_all; rm -f "$TOK"; tmp_cleanup' EXIT
must_write "$TOK" python3 -c '
import json, sys
for p in json.load(open(sys.argv[1])).values():
    for v in p.values():
        print(v)' "$TOP/tests/fake/secrets.json"
[ -s "$TOK" ] || setup_failed "no token in tests/fake/secrets.json"

HTTP_PLATFORMS="twitter linkedin facebook instagram pinterest"

# no_token WHAT FILE...: none of the tokens is in the files' bytes
no_token() {
	what=$1
	shift
	if grep -qaFf "$TOK" "$@" 2>/dev/null; then
		fail "$what has a token ($(grep -aoFf "$TOK" "$@" | wc -l) times)"
	fi
}

# has_mark WHAT FILE...: "[redacted]" is in the files' bytes
has_mark() {
	what=$1
	shift
	grep -qaF "[redacted]" "$@" 2>/dev/null || fail "$what has no [redacted]"
}

# nechoed: how many answers of the fake echoed the credentials
nechoed() {
	ctl GET requests | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin)
          if (r["outcome"] or "").startswith("echoed the credentials")))'
}

# echoed N: the fake echoed the credentials N times
echoed() {
	n=$(nechoed)
	[ "$n" -eq "$1" ] || fail "the fake echoed the credentials $n times, expected $1"
}

# echo_everywhere RESPONSE: a fresh fake and folder, every platform's
# next requests answered with RESPONSE (an "echo_token" one)
echo_everywhere() {
	fake_reset
	setup_publish
	for p in $HTTP_PLATFORMS; do
		script $p "[$1]"
	done
}

t_publish_log_ledger_and_status() {
	echo_everywhere '{"action": "echo_token", "status": 401}'
	publish
	expect_rc 1
	# every platform's first request was answered with its credentials
	echoed 5
	no_token "publish's log" "$TMP/err"
	has_mark "publish's log" "$TMP/err"
	for p in $HTTP_PLATFORMS; do
		grep -q "^almanac: failed $p 11-12-[a-z]*: the $p token was refused: renew it (Invalid credentials: .*\[redacted\]" "$TMP/err" ||
		    fail "no redacted refusal logged for $p"
	done
	# the ledger's bytes, journal included
	no_token "the ledger" var/almanac.db*
	has_mark "the ledger" var/almanac.db*
	run -c almanac.conf --now 2026-11-12T12:00 status
	no_token "status" "$TMP/out" "$TMP/err"
	has_mark "status" "$TMP/out"
	run -c almanac.conf --log-format json --now 2026-11-12T12:00 status
	no_token "status (JSON log)" "$TMP/out" "$TMP/err"
}

# A retryable failure that echoes the token is logged ("trying again")
# before it is retried: redacted there too.
t_retry_line() {
	fake_reset
	setup_publish
	script pinterest '[{"action": "echo_token", "status": 429}]'
	publish --platform pinterest
	expect_rc 0
	echoed 1
	grep -q "^almanac: pinterest 11-12-[a-z]*: pinterest is rate limiting (429): Invalid credentials: Authorization: Bearer \[redacted\]; trying again" "$TMP/err" ||
	    fail "no redacted retry line"
	no_token "publish's log" "$TMP/err"
	no_token "the ledger" var/almanac.db*
}

t_doctor() {
	echo_everywhere '{"action": "echo_token", "status": 401, "repeat": 4}'
	run -c almanac.conf --now 2026-11-12T12:00 doctor
	expect_rc 1
	n=$(nechoed)
	[ "$n" -ge 5 ] || fail "the fake echoed the credentials $n times, expected 5 or more"
	no_token "doctor" "$TMP/out" "$TMP/err"
	has_mark "doctor" "$TMP/out"
	grep -q "^FAIL    linkedin: .*Invalid credentials: Authorization: Bearer \[redacted\]" "$TMP/out" ||
	    fail "no redacted linkedin line"
	grep -q "^FAIL    twitter: .*oauth_token=\"\[redacted\]\"" "$TMP/out" ||
	    fail "no redacted twitter line"
}

run_tests
