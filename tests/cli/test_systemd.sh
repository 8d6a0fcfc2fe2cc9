#!/bin/sh
# The systemd units: "systemd-analyze verify" prints nothing about them
# (it exits 0 even for a misspelled key, so any output fails), and the
# service's exposure score stays at or below 1.5.
. "$(dirname "$0")/lib.sh"

if ! command -v systemd-analyze >/dev/null 2>&1; then
	for t in $(grep -o '^t_[a-z0-9_]*' "$0"); do
		echo "ok - ${t#t_} # SKIP systemd-analyze is not installed" \
		    "(Debian package systemd)"
	done
	exit 0
fi

# units DIR: the units as "make install" writes them (the Makefile's own
# substitution), with ExecStart= the binary under test, which verify
# requires to exist. The man pages go to DIR/man for Documentation=.
units() {
	bindir=$(cd "$(dirname "$ALMANAC")" && pwd) ||
	    setup_failed "no folder $(dirname "$ALMANAC")"
	must mkdir -p "$1/man/man1" "$1/man/man5"
	old_ifs=$IFS
	IFS='
'
	set -- "$1" $(printf 'unit-sed:\n\t@printf "%%s\\n" $(UNIT_SED)\n' |
	    env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
	    make -s --no-print-directory -C "$TOP" -f Makefile -f - unit-sed \
	    BINDIR="$bindir" SYSCONFDIR=/etc)
	IFS=$old_ifs
	dir=$1
	shift
	[ $# -ge 2 ] || fail "no UNIT_SED in the Makefile"
	must_write "$dir/almanac.service" sed "$@" "$TOP/systemd/almanac.service.in"
	must cp "$TOP/systemd/almanac.timer" "$TOP/systemd/almanac-alert@.service" \
	    "$dir/"
	must cp "$TOP/man/almanac.1" "$dir/man/man1/"
	must cp "$TOP/man/almanac.conf.5" "$TOP/man/almanac-post.5" "$dir/man/man5/"
}

# verify FILE...: systemd-analyze verify, output in $TMP/verify
verify() {
	if command -v man >/dev/null 2>&1; then
		MANPATH="$PWD/u/man" systemd-analyze verify "$@" \
		    >"$TMP/verify" 2>&1
	else
		systemd-analyze verify --man=no "$@" >"$TMP/verify" 2>&1
	fi
	vrc=$?
}

t_verify_prints_nothing() {
	units u
	grep -n '@[A-Z_]*@' u/almanac.service &&
	    fail "a placeholder is left in almanac.service"
	grep -qx "ExecStart=$bindir/almanac -c /etc/almanac/almanac.conf publish" \
	    u/almanac.service || fail "ExecStart= is not the binary: $(grep ExecStart u/almanac.service)"
	verify "$PWD/u/almanac.service" "$PWD/u/almanac.timer" \
	    "$PWD/u/almanac-alert@.service"
	[ "$vrc" -eq 0 ] || fail "verify exited $vrc"
	[ -s "$TMP/verify" ] && fail "verify printed: $(cat "$TMP/verify")"
	true
}

t_verify_output_is_caught() {
	# The check above can fail: a misspelled key makes verify talk.
	units u
	sed 's/^ProtectSystem=strict/ProtectSytem=strict/' u/almanac.service \
	    > u/x.service
	grep -q ProtectSytem u/x.service || fail "no ProtectSystem= to misspell"
	verify "$PWD/u/x.service"
	grep -q "Unknown key 'ProtectSytem'" "$TMP/verify" ||
	    fail "verify said nothing of a misspelled key: $(cat "$TMP/verify")"
}

t_security_exposure_at_most_1_5() {
	units u
	systemd-analyze security --offline=true "$PWD/u/almanac.service" \
	    > sec 2>&1
	e=$(sed -n 's/.*Overall exposure level for almanac\.service: \([0-9][0-9.]*\).*/\1/p' sec)
	[ -n "$e" ] || fail "no exposure level in: $(tail -3 sec)"
	[ -n "$e" ] && ! awk -v x="$e" 'BEGIN { exit !(x <= 1.5) }' &&
	    fail "exposure $e is above 1.5: $(grep '✗' sec)"
	true
}

t_service_settings() {
	units u
	for want in Type=oneshot TimeoutStartSec=15min DynamicUser=yes \
	    StateDirectory=almanac ConfigurationDirectory=almanac \
	    LoadCredential=almanac:/etc/almanac/credentials.conf \
	    OnFailure=almanac-alert@%n.service ProtectSystem=strict \
	    ProtectHome=yes NoNewPrivileges=yes \
	    'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
	    SystemCallFilter=@system-service \
	    'SystemCallFilter=~@privileged @resources' CapabilityBoundingSet= \
	    UMask=0077 PrivateUsers=yes MemoryDenyWriteExecute=yes \
	    'Wants=network-online.target time-sync.target' \
	    'After=network-online.target time-sync.target'; do
		grep -qxF -- "$want" u/almanac.service ||
		    fail "almanac.service lacks $want"
	done
	grep -q '^Environment=.*\(TOKEN\|SECRET\|KEY\)' u/almanac.service &&
	    fail "a secret in Environment="
	true
}

t_timer_every_15_minutes() {
	for want in Persistent=true RandomizedDelaySec=60 Unit=almanac.service \
	    WantedBy=timers.target; do
		grep -qxF "$want" "$TOP/systemd/almanac.timer" ||
		    fail "almanac.timer lacks $want"
	done
	cal=$(sed -n 's/^OnCalendar=//p' "$TOP/systemd/almanac.timer")
	systemd-analyze calendar "$cal" > cal 2>&1 ||
	    fail "OnCalendar=$cal: $(cat cal)"
	grep -q 'Normalized form: \*-\*-\* \*:00/15:00$' cal ||
	    fail "OnCalendar=$cal is not every 15 minutes: $(cat cal)"
}

run_tests
