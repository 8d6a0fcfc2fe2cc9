#!/bin/sh
# The files almanac reads whole, when they are not what they should be:
# - a FIFO as the config, the credentials, the index or the CA file is
#   refused at once, naming the file ("not a regular file"): never waited
#   on, so no run hangs holding the run lock (test_daemon: a daemon whose
#   config became a FIFO says its reload failed and stops on SIGTERM);
# - credentials owned by another user than the one running almanac (root
#   excepted) are refused, naming the owner; credentials refused through a
#   symbolic link name the file it leads to, the one to chmod.
# Every command that could hang runs under timeout, and every wait is
# bounded, so that a regression fails instead of hanging the suite.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

LIMIT=$((10 * TF))	# seconds a command may take before it counts as hung

# trun ARGS...: run, killed after $LIMIT s (then $rc is 124 or 137)
trun() {
	timeout -k 2 "$LIMIT" "$ALMANAC" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ -n "${ALMANAC_TEST_KEEP:-}" ]; then	# for test_zz_secrets
		cat "$TMP/out" "$TMP/err" >>"$TMP/outputs.log"
	fi
	[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] ||
	    fail "almanac $* did not end within $LIMIT s"
}

# tpublish ARGS...: publish at 12:00 on the test day, under timeout
tpublish() {
	trun -c almanac.conf --now 2026-11-12T12:00 publish "$@"
}

# feed_only: the feed's two pairs published, nothing sent to the fake
feed_only() {
	[ "$(nreq)" -eq 0 ] || fail "$(nreq) requests were sent"
	f=$(ledger "select count(*) from pairs where platform='feed' and state='published'")
	[ "$f" -eq 2 ] || fail "$f feed pairs published, expected 2"
}

t_config_fifo_is_refused_at_once() {
	setup_publish
	must mv almanac.conf real.conf
	must mkfifo almanac.conf
	tpublish
	expect_rc 78
	expect_err "almanac: almanac.conf: cannot read config: not a regular file"
	trun -c almanac.conf lint
	expect_rc 78
	expect_err "almanac.conf: cannot read config: not a regular file"
	rm almanac.conf
}

t_credentials_fifo_is_refused_the_feed_goes() {
	fake_reset
	setup_publish
	must mv credentials.conf real.conf
	must mkfifo credentials.conf
	tpublish
	expect_rc 78
	expect_err "$PWD/credentials.conf: cannot read credentials: not a regular file"
	feed_only
	# the run lock was let go: the next run does not wait
	tpublish
	expect_rc 78
	! grep -qF "waiting for another almanac run" "$TMP/err" ||
	    fail "the second run waited for the lock"
	trun -c almanac.conf doctor
	grep -qF "credentials.conf: cannot read credentials: not a regular file" "$TMP/out" "$TMP/err" ||
	    fail "doctor: $(cat "$TMP/out" "$TMP/err")"
	rm credentials.conf
}

t_index_fifo_is_passed_over() {
	setup_publish
	must mkdir -m 700 var
	trun -c almanac.conf --now 2026-11-12T12:00 preview
	expect_rc 0
	[ -f var/catalog.index ] || fail "no index: $(ls var)"
	rm -f var/catalog.index
	must mkfifo var/catalog.index
	trun -c almanac.conf --now 2026-11-12T12:00 preview
	expect_rc 0
	expect_out "11-12-alpha"
	rm -f var/catalog.index
}

t_ca_file_fifo_is_refused() {
	fake_reset
	setup_publish
	must mkfifo ca.pem
	must_sed "s|ca_file = \"[^\"]*\"|ca_file = \"$PWD/ca.pem\"|" almanac.conf
	tpublish
	[ "$rc" -ne 0 ] || fail "publish exited 0"
	expect_err "cannot read http.ca_file $PWD/ca.pem: not a regular file"
	[ "$(nreq)" -eq 0 ] || fail "$(nreq) requests were sent"
	rm ca.pem
}

t_credentials_of_another_user_are_refused() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "(skipped: not root, cannot give a file away)"
		return
	fi
	fake_reset
	setup_publish
	must chown 65534:65534 credentials.conf
	tpublish
	expect_rc 78
	expect_err "$PWD/credentials.conf: credentials are owned by uid 65534, not by uid 0 that runs almanac (nor by root); run: chown 0 $PWD/credentials.conf"
	feed_only
	# root's (as systemd's LoadCredential= hands them) are read
	rm -rf var
	must chown 0:0 credentials.conf
	tpublish
	expect_rc 0
	[ "$(nposts twitter)" -eq 2 ] || fail "twitter has $(nposts twitter) posts"
}

t_credentials_link_names_the_file_to_chmod() {
	fake_reset
	setup_publish
	here=$(pwd -P)
	must mkdir secret
	must mv credentials.conf secret/real.conf
	must chmod 644 secret/real.conf
	must ln -s secret/real.conf credentials.conf
	tpublish
	expect_rc 78
	expect_err "$PWD/credentials.conf -> $here/secret/real.conf: credentials are readable by others (mode 0644); run: chmod 600 $here/secret/real.conf"
	feed_only
	must chmod 600 secret/real.conf
	rm -rf var
	tpublish
	expect_rc 0
}

run_tests
