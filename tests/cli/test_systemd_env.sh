#!/bin/sh
# The folders systemd gives a service: $STATE_DIRECTORY (StateDirectory=),
# $CONFIGURATION_DIRECTORY (ConfigurationDirectory=) and
# $CREDENTIALS_DIRECTORY (LoadCredential=).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

unset STATE_DIRECTORY CONFIGURATION_DIRECTORY
fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

# conf FILE [LINES...]: a feed-only config with the posts of the publish
# tests (copied beside it) and the extra lines given
conf() {
	f=$1
	shift
	must mkdir -p "$(dirname "$f")"
	must rm -rf "$(dirname "$f")/posts"
	must cp -r "$TOP/tests/data/publish/posts" "$(dirname "$f")/posts"
	{
		echo 'posts_dir = "posts";'
		echo 'timezone = "Europe/London";'
		for l in "$@"; do echo "$l"; done
		echo 'platforms = { feed = { enabled = true; title = "t"; link = "https://example.org/"; }; };'
	} > "$f" || setup_failed "cannot write $f"
}

t_state_directory_without_state_dir_in_the_config() {
	conf almanac.conf
	must mkdir sd
	STATE_DIRECTORY=$PWD/sd run -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 0
	[ -s sd/almanac.db ] || fail "no ledger in \$STATE_DIRECTORY"
	grep -qF "tag:almanac,2026-11-12:11-12-alpha" sd/feed.atom 2>/dev/null ||
	    fail "the feed is not in \$STATE_DIRECTORY"
	[ ! -e var ] || fail "var/ was made beside the config"
	# pause and status use it too
	STATE_DIRECTORY=$PWD/sd run -c almanac.conf pause
	[ -e sd/PAUSED ] || fail "pause did not use \$STATE_DIRECTORY"
	STATE_DIRECTORY=$PWD/sd run -c almanac.conf --now 2026-11-12T12:00 status
	expect_out "2026-11-12 feed      published  11-12-alpha"
	expect_out "publishing is paused ($PWD/sd/PAUSED)"
	# without the variable: var/ beside the config
	run -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 0
	[ -s var/almanac.db ] || fail "no ledger in var/ without the variable"
}

t_state_directory_first_of_several() {
	conf almanac.conf
	must mkdir a b
	STATE_DIRECTORY=$PWD/a:$PWD/b run -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 0
	[ -s a/almanac.db ] || fail "no ledger in the first folder"
	[ -z "$(ls b)" ] || fail "the second folder was used"
}

t_state_dir_in_the_config_wins() {
	conf almanac.conf 'state_dir = "mine";'
	must mkdir sd
	STATE_DIRECTORY=$PWD/sd run -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 0
	[ -s mine/almanac.db ] || fail "no ledger in the config's state_dir"
	[ -s mine/feed.atom ] || fail "no feed in the config's state_dir"
	[ -z "$(ls sd)" ] || fail "\$STATE_DIRECTORY was used: $(ls sd)"
}

t_state_directory_not_absolute_is_ignored() {
	conf almanac.conf
	must mkdir sd
	STATE_DIRECTORY=sd run -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 0
	[ -s var/almanac.db ] || fail "a relative \$STATE_DIRECTORY was used"
}

# which_config: pause with the config found; prints the folder of the
# config that was read (its state_dir "state" holds PAUSED)
which_config() {
	find . -name PAUSED -exec rm {} +
	"$ALMANAC" pause >/dev/null 2>err
	rc=$?
	p=$(find . -path '*/state/PAUSED')
	p=${p%/state/PAUSED}
	echo "${p#./}"
}

t_configuration_directory_comes_before_the_working_folder() {
	conf cfgdir/almanac.conf 'state_dir = "state";'
	conf config/almanac.conf 'state_dir = "state";'
	conf envdir/almanac.conf 'state_dir = "state";'
	conf opt/almanac.conf 'state_dir = "state";'
	w=$(CONFIGURATION_DIRECTORY=$PWD/cfgdir which_config)
	[ "$w" = cfgdir ] || fail "with \$CONFIGURATION_DIRECTORY: read $w"
	w=$(CONFIGURATION_DIRECTORY=$PWD/cfgdir:$PWD/envdir which_config)
	[ "$w" = cfgdir ] || fail "with two folders: read $w"
	w=$(which_config)
	[ "$w" = config ] || fail "without it: read $w"
	w=$(CONFIGURATION_DIRECTORY=$PWD/nothing-here which_config)
	[ "$w" = config ] || fail "with a folder lacking almanac.conf: read $w"
	w=$(CONFIGURATION_DIRECTORY=$PWD/cfgdir ALMANAC_CONFIG=$PWD/envdir/almanac.conf which_config)
	[ "$w" = envdir ] || fail "\$ALMANAC_CONFIG should win: read $w"
	find . -name PAUSED -exec rm {} +
	CONFIGURATION_DIRECTORY=$PWD/cfgdir ALMANAC_CONFIG=$PWD/envdir/almanac.conf \
	    run -c opt/almanac.conf pause
	[ -e opt/state/PAUSED ] || fail "-c should win"
	[ -z "$(find cfgdir envdir config -name PAUSED)" ] || fail "-c did not win"
}

t_help_gives_the_order() {
	run --help
	expect_rc 0
	expect_out '$ALMANAC_CONFIG, else'
	expect_out '$CONFIGURATION_DIRECTORY/almanac.conf, ./config/almanac.conf'
}

t_no_config_names_the_configuration_directory() {
	if [ -e /etc/almanac/almanac.conf ]; then
		echo "skipped: /etc/almanac/almanac.conf exists"
		return
	fi
	CONFIGURATION_DIRECTORY=$PWD/none run status
	expect_rc 78
	expect_err 'no config file: looked for $CONFIGURATION_DIRECTORY/almanac.conf, ./config/almanac.conf and /etc/almanac/almanac.conf'
}

# twitter only against the fake, credentials from the given file
twitter_conf() {
	fake_reset
	conf almanac.conf 'state_dir = "var";' "$@" \
	    "http = { timeout = 3; connect_timeout = 2; retries = 0; ca_file = \"$CA/ca.pem\"; };"
	must_sed "s|^platforms = {|platforms = { twitter = { enabled = true; api = \"https://127.0.0.1:$PORT_main\"; };|" almanac.conf
	must_sed 's/feed = { enabled = true;/feed = { enabled = false;/' almanac.conf
}

t_credentials_directory_is_read_first() {
	# the config's file has a wrong token; LoadCredential's is right
	twitter_conf 'credentials = "bad.conf";'
	must_write bad.conf sed 's/fake-access-token-secret/wrong/' "$TOP/tests/fake/credentials.conf"
	must chmod 600 bad.conf
	must mkdir creds
	must cp "$TOP/tests/fake/credentials.conf" creds/almanac
	must chmod 400 creds/almanac
	CREDENTIALS_DIRECTORY=$PWD/creds run -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 0
	expect_err "published twitter 11-12-alpha https://x.com/i/web/status/"
	[ "$(nposts twitter)" -eq 2 ] || fail "twitter has $(nposts twitter) posts"
	# without the variable, the config's file: refused
	rm -rf var
	fake_reset
	run -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 1
	[ "$(nposts twitter)" -eq 0 ] || fail "published with the wrong token"
}

t_credentials_directory_without_a_credentials_setting() {
	twitter_conf
	must mkdir creds
	must cp "$TOP/tests/fake/credentials.conf" creds/almanac
	must chmod 400 creds/almanac
	run -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 78
	expect_err "no credentials: set \"credentials\" in almanac.conf or run under systemd with LoadCredential=almanac:FILE"
	[ "$(nreq)" -eq 0 ] || fail "requests without credentials"
	rm -rf var
	CREDENTIALS_DIRECTORY=$PWD/creds run -c almanac.conf --now 2026-11-12T12:00 publish
	expect_rc 0
	[ "$(nposts twitter)" -eq 2 ] || fail "twitter has $(nposts twitter) posts"
}

run_tests
