# Starting, scripting and reading the fake platforms (tests/fake/server.py)
# for the tests that publish. Source after lib.sh.

CA="$TMP/ca"
# TF: how many times slower the binary runs (tests/run.sh sets it under
# valgrind, where a first TLS handshake takes seconds). The HTTP timeouts
# grow by it, and so must scripted sleeps meant to outlast them.
TF=${ALMANAC_TEST_FACTOR:-1}
must sh "$TOP/tests/fake/make-ca.sh" "$CA"

# fake_start NAME [CERT-PREFIX]: starts a server; its port in $PORT_NAME
# (a setup step: when the server does not start, setup_failed)
fake_start() {
	name=$1 cert=${2:-server}
	rm -f "$TMP/port.$name"
	python3 "$TOP/tests/fake/server.py" --cert "$CA/$cert.pem" \
	    --key "$CA/$cert.key" --port-file "$TMP/port.$name" \
	    --log "$TMP/fake.$name.log" --max-seconds 900 &
	echo $! > "$TMP/pid.$name"
	i=0
	while [ ! -s "$TMP/port.$name" ] && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	[ -s "$TMP/port.$name" ] ||
	    setup_failed "fake server $name did not start"
	eval "PORT_$name=\$(cat \"\$TMP/port.\$name\")"
}

fake_stop_all() {
	for p in "$TMP"/pid.*; do
		[ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null
	done
	wait 2>/dev/null
}

# ctl METHOD PATH [JSON]: a control request to the main fake; body on
# stdout; exit code 22 when the fake refuses it
ctl() {
	if [ -n "${3:-}" ]; then
		curl -fsS --max-time 10 --cacert "$CA/ca.pem" -X "$1" \
		    -H 'Content-Type: application/json' --data "$3" \
		    "https://127.0.0.1:$PORT_main/_control/$2"
	else
		curl -fsS --max-time 10 --cacert "$CA/ca.pem" -X "$1" \
		    "https://127.0.0.1:$PORT_main/_control/$2"
	fi
}

# fake_reset: the main fake forgets requests, posts and scripts (a setup
# step)
fake_reset() {
	must ctl POST reset >/dev/null
}

# script PLATFORM RESPONSES-JSON: queues behaviours (a setup step)
script() {
	must ctl POST script "{\"platform\": \"$1\", \"responses\": $2}" >/dev/null
}

# unix HH:MM[:SS]: that time of the test day (2026-11-12, UTC) as Unix
# seconds, for the fake's rate-limit resets
unix() {
	python3 -c 'import calendar,sys; h,m,*s=map(int,sys.argv[1].split(":")); print(calendar.timegm((2026,11,12,h,m,s[0] if s else 0)))' "$1"
}

# nreq [PLATFORM]: requests the fake received (for a platform)
nreq() {
	ctl GET "requests${1:+?platform=$1}" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# nposts PLATFORM: posts that exist on the fake platform
nposts() {
	ctl GET posts | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d.get(sys.argv[1], [])))' "$1"
}

# setup_publish [API-PORT]: config, credentials and posts in the current
# folder, every platform enabled against the main fake, the posts' text
# alone (upload_pictures = false: the picture uploads and their failures
# are test_uploads.sh's and test_thumbs.sh's)
setup_publish() {
	port=${1:-$PORT_main}
	must rm -rf posts var
	must cp -r "$TOP/tests/data/publish/posts" posts
	must cp "$TOP/tests/fake/credentials.conf" credentials.conf
	must chmod 600 credentials.conf
	api="https://127.0.0.1:$port"
	must_write almanac.conf <<CONF
posts_dir = "posts";
state_dir = "var";
timezone = "Europe/London";
credentials = "credentials.conf";
schedule = { window = "09:00-17:00"; max_per_day = 5; grace = "3h"; };
http = { timeout = $((3 * TF)); connect_timeout = $((2 * TF)); retries = 1; max_wait = 5;
         max_parallel = 8; ca_file = "$CA/ca.pem"; };
platforms = {
  feed = { enabled = true; path = "var/feed.atom"; title = "On this day";
           link = "https://example.org/"; };
  twitter = { enabled = true; api = "$api"; upload_pictures = false; };
  linkedin = { enabled = true; api = "$api"; author = "urn:li:organization:123";
               version = "202511"; upload_pictures = false; };
  facebook = { enabled = true; api = "$api"; page_id = "1001"; };
  instagram = { enabled = true; api = "$api"; user_id = "2002";
                default_image = "https://example.org/card.jpg"; };
  pinterest = { enabled = true; api = "$api"; board_id = "3003";
                default_image = "https://example.org/card.jpg";
                upload_pictures = false; };
};
CONF
}

# publish ARGS...: almanac publish at 12:00 on the test day
publish() {
	run -c almanac.conf --now 2026-11-12T12:00 publish "$@"
}

# ledger SQL: a query on the ledger, rows on stdout, "|" between columns
ledger() {
	python3 -c '
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))' var/almanac.db "$1"
}

# state POST PLATFORM: the ledger state of a pair on the test day
state() {
	ledger "select state from pairs where day='2026-11-12' and post_id='$1' and platform='$2'"
}

# The token store and the token endpoints (test_tokens, test_auth).

# ntok: requests to Pinterest's token endpoint
ntok() {
	ctl GET "requests?path=/v5/oauth/token" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# stored NAME [COLUMN]: the token store's row of pinterest, or of $PF (value);
# nothing when there is no store
stored() {
	[ -e var/tokens.db ] || return 0
	python3 -c '
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(
        "select " + sys.argv[3] + " from token where platform = ? and name = ?",
        (sys.argv[4], sys.argv[2])):
    print(row[0])' var/tokens.db "$1" "${2:-value}" "${PF:-pinterest}"
}

# sha TEXT: its SHA-256 in hex (what the store keeps of a refresh token of
# the credentials file)
sha() {
	printf '%s' "$1" | sha256sum | cut -d' ' -f1
}

# last_bearer: the bearer token of the last pin request
last_bearer() {
	ctl GET "requests?path=/v5/pins" | python3 -c '
import json, sys
print(json.load(sys.stdin)[-1]["headers"]["authorization"][7:])'
}

epoch() {	# epoch YYYY-MM-DDTHH:MM (UTC)
	python3 -c 'import calendar, sys, time; print(calendar.timegm(time.strptime(sys.argv[1], "%Y-%m-%dT%H:%M")))' "$1"
}
