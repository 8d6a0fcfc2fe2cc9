#!/bin/sh
# Secrets and state files, last of the suite (hence "zz"):
# - credentials that group or others may read are refused, and nothing is
#   sent with them;
# - a line break (CR or LF) in any value that goes into a header (a token,
#   the User-Agent, LinkedIn-Version) is refused before anything is sent;
# - the state files are 0600 and state_dir 0700 under umask 022 and 077
#   (the Atom feed is public by design: 0644);
# - no token of tests/fake/secrets.json appears in any output, log line,
#   ledger, preview or feed: this test's own run against every platform,
#   and, under tests/run.sh, every earlier test's kept scratch folder
#   ($ALMANAC_TEST_KEEP) and TAP output ($ALMANAC_TEST_LOGS).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

reset() { fake_reset; setup_publish; }

HTTP_PLATFORMS="twitter linkedin facebook instagram pinterest"

# feed_only_published: the feed's pairs went out, no other platform's did
# and nothing reached the fake
feed_only_published() {
	[ "$(nreq)" -eq 0 ] || fail "$(nreq) requests were sent"
	f=$(ledger "select count(*) from pairs where platform='feed' and state='published'")
	[ "$f" -eq 2 ] || fail "$f feed pairs published, expected 2"
	o=$(ledger "select count(*) from pairs where platform!='feed' and state='published'")
	[ "$o" -eq 0 ] || fail "$o other pairs published"
}

t_credentials_others_can_read_are_refused() {
	for mode in 640 604 660 620 602; do
		reset
		must chmod $mode credentials.conf
		publish
		expect_rc 78
		case $mode in
		620|602) what=accessible ;;
		*) what=readable ;;
		esac
		expect_err "$(pwd)/credentials.conf: credentials are $what by others (mode 0$mode); run: chmod 600 $(pwd)/credentials.conf"
		feed_only_published
	done
	reset
	must chmod 400 credentials.conf
	publish
	expect_rc 0
}

t_line_break_in_a_credential_is_refused() {
	for brk in '\n' '\r' '\r\n'; do
		reset
		must_sed "s|\"fake-linkedin-token\"|\"fake-linkedin-token${brk}X-Injected: 1\"|" credentials.conf
		grep -qF 'X-Injected' credentials.conf || fail "sed did not change the file"
		publish
		expect_rc 78
		expect_err "credentials.conf:10: linkedin.access_token: the value contains a line break (CR or LF); remove it"
		! grep -qF 'X-Injected' "$TMP/err" || fail "the value was shown"
		feed_only_published
	done
	# a raw line break inside the quotes
	reset
	must_sed '/^linkedin/d' credentials.conf
	must_write -a credentials.conf printf 'linkedin = { access_token = "fake-linkedin-token\nX-Injected: 1"; };\n'
	publish
	expect_rc 78
	[ "$(nreq)" -eq 0 ] || fail "$(nreq) requests were sent"
}

t_line_break_in_a_header_setting_is_refused() {
	reset
	must_sed 's|max_parallel = 8;|max_parallel = 8; user_agent = "almanac\\r\\nX-Injected: 1";|' almanac.conf
	publish
	expect_rc 78
	grep -qE '^almanac: .*almanac\.conf:[0-9]+: http\.user_agent: expected a non-empty line of text$' "$TMP/err" ||
	    fail "no line for user_agent: $(head -3 "$TMP/err")"
	[ "$(nreq)" -eq 0 ] || fail "$(nreq) requests were sent"
	[ ! -e var/almanac.db ] || fail "a ledger was made for a bad config"
	reset
	must_sed 's|version = "202511"|version = "202511\\nX-Injected: 1"|' almanac.conf
	publish
	expect_rc 78
	grep -qE '^almanac: .*almanac\.conf:[0-9]+: platforms\.linkedin\.version: expected a LinkedIn-Version "YYYYMM" such as "[0-9]{6}", got "202511\?X-Injected: 1"$' "$TMP/err" ||
	    fail "no line for the version: $(head -3 "$TMP/err")"
	[ "$(nreq)" -eq 0 ] || fail "$(nreq) requests were sent"
}

# modes_after_publish UMASK: publish, pause and preview -o under UMASK;
# every file of state_dir 0600 but the feed (0644), state_dir 0700
modes_after_publish() {
	reset
	(
		umask "$1"
		"$ALMANAC" -c almanac.conf --now 2026-11-12T12:00 publish 2>err.publish
		echo $? >rc.publish
		"$ALMANAC" -c almanac.conf pause 2>/dev/null
	)
	[ "$(cat rc.publish)" -eq 0 ] || fail "umask $1: publish exited $(cat rc.publish): $(head -3 err.publish)"
	[ "$(stat -c %a var)" = 700 ] || fail "umask $1: state_dir is $(stat -c %a var)"
	for f in almanac.db almanac.lock PAUSED feed.atom; do
		[ -e "var/$f" ] || fail "umask $1: no var/$f"
	done
	for f in var/* var/.[!.]*; do
		[ -e "$f" ] || continue
		m=$(stat -c %a "$f")
		case $f in
		var/feed.atom) want=644 ;;
		*) want=600 ;;
		esac
		[ "$m" = "$want" ] || fail "umask $1: $f is $m, expected $want"
	done
}

t_state_files_0600_under_umask_022() { modes_after_publish 022; }
t_state_files_0600_under_umask_077() { modes_after_publish 077; }

# The whole run against every platform, with every way almanac speaks:
# refusals (401 everywhere), retries, verbose and JSON logs, dry runs,
# preview in each format, status, calendar, doctor, lint.
t_own_run_says_every_thing() {
	reset
	for p in $HTTP_PLATFORMS; do
		script $p '[{"status": 401}, {"status": 429, "headers": {"Retry-After": "0"}}]'
	done
	at="--now 2026-11-12T12:00"
	{
		"$ALMANAC" -c almanac.conf -v $at publish
		"$ALMANAC" -c almanac.conf -v --log-format json $at publish --retry-failed
		"$ALMANAC" -c almanac.conf -v $at publish --retry-failed --retry-unknown
		"$ALMANAC" -c almanac.conf -v $at publish --dry-run --date 2026-11-12
		"$ALMANAC" -c almanac.conf -v $at preview
		"$ALMANAC" -c almanac.conf -v $at preview --format json
		"$ALMANAC" -c almanac.conf -v $at preview --format html -o preview.html
		"$ALMANAC" -c almanac.conf -v $at status --days 3
		"$ALMANAC" -c almanac.conf -v $at calendar --days 3
		"$ALMANAC" -c almanac.conf -v $at doctor
		"$ALMANAC" -c almanac.conf -v --log-format json $at doctor
		"$ALMANAC" -c almanac.conf -v lint
	} >said.txt 2>&1
	n=$(ledger "select count(*) from pairs where state='published'")
	[ "$n" -eq 12 ] || fail "$n pairs published after the retries, expected 12"
	grep -qF "the linkedin token was refused" said.txt ||
	    fail "no refusal was logged: $(head -5 said.txt)"
	[ -s preview.html ] && [ -s var/feed.atom ] || fail "no preview or feed"
}

# secrets: every value of tests/fake/secrets.json, one a line,
# but the public identifiers among them: an OAuth client's id (the
# authorization URL that almanac auth prints carries it, as RFC 6749 has
# it), and a Bluesky account's handle and did (the post's permalink and
# record URI carry them)
secrets() {
	python3 -c '
import json, sys
for p in json.load(open(sys.argv[1])).values():
    for k, v in p.items():
        if k not in ("client_id", "handle", "did"):
            print(v)' "$TOP/tests/fake/secrets.json"
}

# is_input FILE: FILE holds the tokens as input, not as something almanac
# said: a credentials file (as the tests write them, under any name), or
# the fake platforms' own log or keys
is_input() {
	case "$1" in
	*/fake.*.log|*.pem|*.key) return 0 ;;
	esac
	grep -qaE '^[[:space:]]*(consumer_key|consumer_secret|access_token|access_token_secret|app_password)[[:space:]]*=' "$1"
}

t_no_token_in_any_output() {
	# this test's own scratch folder; under tests/run.sh also the run's
	# log folder: every TAP output and every earlier test's scratch
	# folder (keep.BUILD/), with the outputs.log of each "run" there
	dirs="$TMP"
	must="said.txt almanac.db feed.atom preview.html"
	if [ -n "${ALMANAC_TEST_LOGS:-}" ] && [ -d "$ALMANAC_TEST_LOGS" ]; then
		dirs="$dirs $ALMANAC_TEST_LOGS"
		must="$must outputs.log"
	fi
	tok=$(mktemp)	# outside the folders scanned
	secrets >"$tok"
	[ "$(wc -l <"$tok")" -ge 8 ] || fail "only $(wc -l <"$tok") tokens"
	# shellcheck disable=SC2086
	find $dirs -type f >files 2>/dev/null
	# what must be among the files, or the scan proves nothing
	for f in $must; do
		grep -q "/$f\$" files || fail "no $f was scanned"
	done
	n=$(wc -l <files)
	[ "$n" -ge 20 ] || fail "only $n files scanned"
	# shellcheck disable=SC2086
	grep -rlaFf "$tok" $dirs 2>/dev/null | while IFS= read -r f; do
		is_input "$f" ||
		    fail "a token in $f: $(grep -aoFf "$tok" "$f" | sort -u | tr '\n' ' ')"
	done
	rm -f "$tok"
	echo "$n files scanned in: $dirs"
}

run_tests
