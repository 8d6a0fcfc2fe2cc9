#!/bin/sh
# make install and make uninstall into a temporary DESTDIR: every file
# and its mode, the units verified, the operator's config never
# overwritten, uninstall removing what install put.
. "$(dirname "$0")/lib.sh"

# The files of a DESTDIR=... PREFIX=/usr/local install, with their modes.
must_write "$TMP/tree" <<'EOF'
600 etc/almanac/credentials.conf
644 etc/almanac/almanac.conf
644 etc/almanac/credentials.example
644 lib/systemd/system/almanac-alert@.service
644 lib/systemd/system/almanac.service
644 lib/systemd/system/almanac.timer
644 usr/local/share/bash-completion/completions/almanac
644 usr/local/share/man/man1/almanac.1
644 usr/local/share/man/man5/almanac-post.5
644 usr/local/share/man/man5/almanac.conf.5
755 usr/local/bin/almanac
EOF

# The program installed: the binary under test, or the one beside it when
# $ALMANAC is a wrapper (tests/valgrind-almanac.sh).
BIN=$(dirname "$ALMANAC")/almanac

# mk TARGET VAR=VALUE...: make from the repository top, as a user would
# (not as part of the make that runs this suite), installing the binary
# under test rather than building one; output in $TMP/make.
mk() {
	(cd "$TOP" && env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
	    make -s --no-print-directory "$@" INSTALL_BIN="$BIN") \
	    >"$TMP/make" 2>&1
	mrc=$?
	[ "$mrc" -eq 0 ] || fail "make $* exited $mrc: $(tail -5 "$TMP/make")"
}

# tree DIR: "MODE PATH" of every file and link below DIR, sorted.
tree() {
	(cd "$1" && find . ! -type d -printf '%m %P\n' | LC_ALL=C sort)
}

t_install_tree() {
	mk install DESTDIR="$PWD/root" PREFIX=/usr/local
	tree root > got
	LC_ALL=C sort "$TMP/tree" > want
	diff -u want got > d || fail "installed files differ: $(cat d)"
	find root -type l | grep -q . && fail "install made a symbolic link"
	cmp -s "$BIN" root/usr/local/bin/almanac ||
	    fail "the installed binary is not $BIN"
	root/usr/local/bin/almanac --version | grep -q '^almanac [0-9]' ||
	    fail "the installed binary does not run"
	cmp -s "$TOP/man/almanac.1" root/usr/local/share/man/man1/almanac.1 ||
	    fail "almanac.1 differs"
	cmp -s "$TOP/completion/almanac.bash" \
	    root/usr/local/share/bash-completion/completions/almanac ||
	    fail "the completion differs"
	cmp -s "$TOP/config/credentials.example" \
	    root/etc/almanac/credentials.example ||
	    fail "credentials.example differs"
	cmp -s "$TOP/systemd/almanac.timer" root/lib/systemd/system/almanac.timer ||
	    fail "almanac.timer differs"
	for d in etc/almanac lib/systemd/system usr/local/bin; do
		[ "$(stat -c %a "root/$d")" = 755 ] ||
		    fail "$d is mode $(stat -c %a "root/$d"), not 755"
	done
	true
}

t_installed_unit_paths() {
	mk install DESTDIR="$PWD/root" PREFIX=/usr/local
	s=root/lib/systemd/system/almanac.service
	grep -qx 'ExecStart=/usr/local/bin/almanac -c /etc/almanac/almanac.conf publish' "$s" ||
	    fail "ExecStart: $(grep ExecStart "$s")"
	grep -qx 'LoadCredential=almanac:/etc/almanac/credentials.conf' "$s" ||
	    fail "LoadCredential: $(grep LoadCredential= "$s")"
	grep -n '@[A-Z_]*@' "$s" && fail "a placeholder is left in $s"
	true
}

t_installed_config_is_the_servers() {
	mk install DESTDIR="$PWD/root" PREFIX=/usr/local
	c=root/etc/almanac/almanac.conf
	grep -n '"\.\./' "$c" && fail "a path relative to /etc/almanac is left"
	grep -qx 'posts_dir = "/srv/almanac/posts";' "$c" || fail "posts_dir"
	grep -qx 'state_dir = "/var/lib/almanac";' "$c" || fail "state_dir"
	grep -qx '    path = "/var/lib/almanac/feed.atom";' "$c" ||
	    fail "feed path: $(grep 'path =' "$c")"
	grep -qx 'credentials = "/etc/almanac/credentials.conf";' "$c" ||
	    fail "credentials"
	grep -qx '  public_dir = "/var/lib/almanac/public/cards";' "$c" ||
	    fail "public_dir: $(grep 'public_dir =' "$c")"
	# Apart from those paths it is the shipped config, and almanac reads
	# it (with the server's folders moved here).
	[ "$(diff "$TOP/config/almanac.conf" "$c" | grep -c '^>')" -eq 4 ] ||
	    fail "more than the 4 paths changed: $(diff "$TOP/config/almanac.conf" "$c")"
	must mkdir -p var
	must cp -r "$TOP/tests/data/good/posts" posts
	must_write here.conf sed -e "s|/srv/almanac/posts|$PWD/posts|" \
	    -e "s|/var/lib/almanac|$PWD/var|g" "$c"
	run -c here.conf calendar --from 2026-11-12 --days 1
	expect_rc 0
	expect_out "2026-11-12 Thu  3 posts (of 4): 09:00 11-12-second, 10:30 11-12-trotsky, 13:00 11-12-third"
}

# The installed program lays out a new site with nothing but itself (its
# files are built in: no data folder is installed), and the site passes
# lint and preview with the installed program.
t_installed_init() {
	mk install DESTDIR="$PWD/root" PREFIX=/usr/local
	a=$PWD/root/usr/local/bin/almanac
	must mkdir elsewhere
	(cd elsewhere && "$a" init ../site) >out 2>&1 || fail "init: $(cat out)"
	[ "$(stat -c %a site/config/credentials.conf)" = 600 ] ||
	    fail "credentials.conf mode"
	[ -f site/posts/11/11-12-trotsky-expelled.json ] || fail "no example post"
	(cd site && "$a" lint) >out 2>&1 || fail "lint in the site: $(cat out)"
	# (one post: the thin days of the year are all it says)
	grep -q "1 file checked: 0 errors, 11 warnings" out || fail "lint: $(cat out)"
	(cd site && "$a" preview --date 2026-11-12) >out 2>&1 ||
	    fail "preview in the site: $(cat out)"
	grep -q "11-12-trotsky-expelled" out || fail "preview: $(cat out)"
}

# pause and resume as an operator runs them on the server ("sudo almanac
# pause"): the installed program reads by default the config the unit
# gives the service; as root, the flag gets the state folder's owner (the
# service's user), who can remove it; resume says when nothing was paused.
t_pause_and_resume_installed() {
	mk install DESTDIR="$PWD/root" PREFIX=/usr/local
	a=root/usr/local/bin/almanac
	s=root/lib/systemd/system/almanac.service
	grep -qx 'ExecStart=/usr/local/bin/almanac -c /etc/almanac/almanac.conf publish' \
	    "$s" || fail "ExecStart: $(grep ExecStart "$s")"
	must mkdir empty
	(cd empty && "../$a" pause) >out 2>err
	[ $? -eq 78 ] || fail "pause without a config: not 78"
	grep -qF "looked for ./config/almanac.conf and /etc/almanac/almanac.conf" err ||
	    fail "the installed program does not look for the unit's config: $(cat err)"
	# The installed config, its state folder moved here, as the service
	# leaves it (mode 700, its user's).
	must mkdir -m 700 state
	must_write here.conf sed -e "s|/var/lib/almanac|$PWD/state|g" \
	    -e "s|/srv/almanac/posts|$TOP/tests/data/good/posts|" \
	    root/etc/almanac/almanac.conf
	svc=
	if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
		svc="setpriv --reuid=65534 --regid=65534 --clear-groups"
		must chown 65534:65534 state
		must chmod 711 "$TMP" "$PWD"	# for that user to reach state/
	fi
	"$a" -c here.conf resume >out 2>err || fail "resume exited $?"
	grep -qF "publishing was not paused (no $PWD/state/PAUSED, from here.conf): nothing to resume" err ||
	    fail "resume with nothing paused: $(cat err)"
	"$a" -c here.conf pause >out 2>err || fail "pause exited $?: $(cat err)"
	grep -qF "publishing paused ($PWD/state/PAUSED, from here.conf)" err ||
	    fail "pause: $(cat err)"
	[ -f state/PAUSED ] || fail "no state/PAUSED"
	if [ -n "$svc" ]; then
		[ "$(stat -c %u:%g state/PAUSED)" = 65534:65534 ] ||
		    fail "PAUSED is $(stat -c %u:%g state/PAUSED)'s, not the state folder's owner's"
	fi
	# the service sees it, and sends nothing
	$svc "$a" -c here.conf publish --now 2026-11-12T16:00 >out 2>err ||
	    fail "a paused publish exited $?: $(cat err)"
	grep -qF "publishing is paused" err || fail "publish not paused: $(cat err)"
	[ ! -e state/almanac.db ] || fail "a paused publish opened the ledger"
	# the service's user can resume
	$svc "$a" -c here.conf resume >out 2>err || fail "resume exited $?: $(cat err)"
	grep -qF "publishing resumed ($PWD/state/PAUSED removed, from here.conf)" err ||
	    fail "resume: $(cat err)"
	[ ! -e state/PAUSED ] || fail "state/PAUSED is still there"
	"$a" -c here.conf resume >out 2>err || fail "a second resume exited $?"
	grep -qF "publishing was not paused" err || fail "second resume: $(cat err)"
	# status as root leaves no file of root's in the service's folder
	[ -n "$svc" ] || return 0
	$svc "$a" -c here.conf publish --now 2026-11-12T08:00 >out 2>err ||
	    fail "publish exited $?: $(cat err)"
	[ -f state/almanac.db ] || fail "publish made no ledger: $(cat err)"
	"$a" -c here.conf status --date 2026-11-12 >out 2>err ||
	    fail "status exited $?: $(cat err)"
	find state ! -user 65534 > notsvc
	[ ! -s notsvc ] || fail "files not the service user's: $(cat notsvc)"
}

t_verify_installed_units() {
	command -v systemd-analyze >/dev/null 2>&1 || return 0
	# verify wants ExecStart='s program to exist, so this install goes
	# to its real paths under a temporary PREFIX, without DESTDIR.
	p=$PWD/p
	mk install PREFIX="$p" SYSTEMDDIR="$p/lib/systemd/system" \
	    SYSCONFDIR="$p/etc"
	u=$p/lib/systemd/system
	grep -qx "ExecStart=$p/bin/almanac -c $p/etc/almanac/almanac.conf publish" \
	    "$u/almanac.service" || fail "ExecStart: $(grep ExecStart "$u/almanac.service")"
	if command -v man >/dev/null 2>&1; then
		MANPATH="$p/share/man" systemd-analyze verify "$u/almanac.service" \
		    "$u/almanac.timer" "$u/almanac-alert@.service" > v 2>&1
	else
		systemd-analyze verify --man=no "$u/almanac.service" \
		    "$u/almanac.timer" "$u/almanac-alert@.service" > v 2>&1
	fi
	vrc=$?
	[ "$vrc" -eq 0 ] || fail "verify exited $vrc"
	[ -s v ] && fail "verify printed: $(cat v)"
	true
}

t_install_twice_keeps_the_config() {
	mk install DESTDIR="$PWD/root" PREFIX=/usr/local
	grep -q "^sed .*almanac.conf" "$TMP/make" ||
	    fail "the first install did not write the config: $(cat "$TMP/make")"
	must_write -a root/etc/almanac/almanac.conf \
	    echo 'timezone = "UTC";  # edited'
	must_write -a root/etc/almanac/credentials.conf \
	    echo 'twitter = { access_token = "x"; };'
	must cp root/etc/almanac/almanac.conf conf.edited
	must cp root/etc/almanac/credentials.conf cred.edited
	mk install DESTDIR="$PWD/root" PREFIX=/usr/local
	cmp -s conf.edited root/etc/almanac/almanac.conf ||
	    fail "the second install overwrote almanac.conf"
	cmp -s cred.edited root/etc/almanac/credentials.conf ||
	    fail "the second install overwrote credentials.conf"
	grep -q "kept .*/etc/almanac/almanac.conf" "$TMP/make" ||
	    fail "install did not say it kept the config: $(cat "$TMP/make")"
	[ "$(stat -c %a root/etc/almanac/credentials.conf)" = 600 ] ||
	    fail "credentials.conf mode changed"
	tree root > got
	LC_ALL=C sort "$TMP/tree" > want
	diff -u want got > d || fail "second install: files differ: $(cat d)"
	true
}

t_uninstall_removes_what_install_put() {
	mk install DESTDIR="$PWD/root" PREFIX=/usr/local
	must_write -a root/etc/almanac/almanac.conf echo '# edited'
	mk uninstall DESTDIR="$PWD/root" PREFIX=/usr/local
	tree root > got
	printf '%s\n' '600 etc/almanac/credentials.conf' \
	    '644 etc/almanac/almanac.conf' > want
	diff -u want got > d ||
	    fail "after uninstall, other than the config: $(cat d)"
	tail -1 root/etc/almanac/almanac.conf | grep -qx '# edited' ||
	    fail "uninstall changed the config"
	# Nothing installed: uninstall still succeeds.
	mk uninstall DESTDIR="$PWD/empty" PREFIX=/usr/local
}

run_tests
