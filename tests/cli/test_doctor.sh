#!/bin/sh
# doctor: the built binary against the fake platforms over real HTTPS.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

NOW=2026-11-12T12:00
# Unix time of $NOW in Europe/London (UTC in November)
NOW_EPOCH=$(python3 -c 'import calendar; print(calendar.timegm((2026, 11, 12, 12, 0, 0)))')

# Every platform enabled against the main fake, a recent LinkedIn-Version.
reset() {
	fake_reset
	setup_publish
	# no example host left in the config (placeholders_are_flagged)
	must_sed -e 's/version = "202511"/version = "202609"/' \
	    -e 's|https://example\.org/|https://history.test/|g' almanac.conf
}

doctor() {
	run -c almanac.conf --now "$NOW" doctor "$@"
	no_secrets
}

# No token or secret of secrets.json in anything doctor printed.
no_secrets() {
	for s in $(python3 -c '
import json, sys
for p in json.load(open(sys.argv[1])).values():
    for v in p.values():
        print(v)' "$TOP/tests/fake/secrets.json"); do
		! grep -qF -- "$s" "$TMP/out" "$TMP/err" ||
		    fail "a secret is shown: $s"
	done
}

# expect_line LINE: stdout has exactly this line
expect_line() {
	grep -qxF -- "$1" "$TMP/out" ||
	    fail "no line \"$1\"; stdout was: $(cat "$TMP/out")"
}

# expect_prefix START: stdout has a line starting so
expect_prefix() {
	grep -q "^$(printf '%s' "$1" | sed 's/[][\.*^$/]/\\&/g')" "$TMP/out" ||
	    fail "no line starting \"$1\"; stdout was: $(cat "$TMP/out")"
}

expire() {	# expire PLATFORM JSON-FIELDS
	must ctl POST expiry "{\"platform\": \"$1\", $2}" >/dev/null
}

t_all_ok() {
	reset
	doctor
	expect_rc 0
	expect_line "ok      config: almanac.conf"
	expect_line "ok      posts_dir: $PWD/posts can be read"
	expect_line "ok      state_dir: $PWD/var does not exist yet; the first run makes it"
	expect_line "ok      credentials: $PWD/credentials.conf (mode 0600)"
	expect_line "ok      twitter: token of @fakeuser (Fake User)"
	expect_line "ok      linkedin: token of Fake Member (urn:li:person:fAkEmEmBeR1)"
	expect_line "ok      linkedin: LinkedIn-Version 202609 is 2 months old"
	expect_line "ok      facebook: token of almanac test page (1001)"
	expect_line "ok      facebook: the token does not expire (debug_token: expires_at 0)"
	expect_line "ok      instagram: token of @almanac.test (2002)"
	expect_line "ok      pinterest: token of @almanac-test (BUSINESS)"
	expect_line "ok      feed: $PWD/var/feed.atom can be written (its folder is state_dir, which the first run makes)"
	expect_line "13 ok, 0 warnings, 0 failed"
	n=$(grep -c '^ok      [a-z]*: token of ' "$TMP/out")
	[ "$n" -eq 5 ] || fail "$n token lines, expected 5"
	! grep -q '^warn\|^FAIL' "$TMP/out" || fail "a warning or failure"
	# read-only: 8 GETs (Graph asks twice: me and debug_token; LinkedIn
	# twice: userinfo and a versioned find-posts), no post
	[ "$(nreq)" -eq 8 ] || fail "$(nreq) requests, expected 8"
	v=$(ctl GET 'requests?platform=linkedin' | python3 -c '
import json, sys
print(" ".join(sorted(r["path"] + "=" + r["headers"].get("linkedin-version", "-")
    for r in json.load(sys.stdin))))')
	[ "$v" = "/rest/posts=202609 /v2/userinfo=-" ] || fail "linkedin requests: $v"
	m=$(ctl GET requests | python3 -c 'import json,sys; print(" ".join(sorted({r["method"] for r in json.load(sys.stdin)})))')
	[ "$m" = GET ] || fail "methods used: $m"
	for p in twitter linkedin facebook instagram pinterest; do
		[ "$(nposts $p)" -eq 0 ] || fail "$p has a post"
	done
	[ ! -e var ] || fail "doctor made state_dir"
}

t_signed_x_request() {
	reset
	doctor
	ctl GET 'requests?platform=twitter' | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert len(r) == 1, r
r = r[0]
assert (r["method"], r["path"], r["status"]) == ("GET", "/2/users/me", 200), r
assert r["headers"]["authorization"].startswith("OAuth "), r["headers"]
assert r["body"] == "", r["body"]' || fail "the X request is not a signed GET"
	ctl GET 'requests?path=/v24.0/debug_token' | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert sorted(x["platform"] for x in r) == ["facebook", "instagram"], r
for x in r:
    assert x["query"]["input_token"] == x["headers"]["authorization"][7:], x' ||
	    fail "debug_token not asked with the token itself"
}

t_wrong_token_fails_that_platform() {
	reset
	must_sed 's/fake-pinterest-token/wrong-token/' credentials.conf
	doctor
	expect_rc 1
	expect_line "FAIL    pinterest: the token was refused (Authentication failed.); renew it"
	expect_line "ok      twitter: token of @fakeuser (Fake User)"
	expect_line "ok      instagram: token of @almanac.test (2002)"
	expect_line "12 ok, 0 warnings, 1 failed"
}

t_refused_everywhere() {
	reset
	must_sed 's/fake-linkedin-token/x/; s/fake-facebook-page-token/x/; s/fake-access-token-secret/x/' credentials.conf
	doctor
	expect_rc 1
	expect_line "FAIL    twitter: the token was refused (Unauthorized); renew it"
	expect_line "FAIL    linkedin: the token was refused (Invalid access token); renew it"
	expect_line "FAIL    facebook: the token was refused (Invalid OAuth access token - Cannot parse access token (code 190)); renew it"
	expect_no_out "facebook: the token does not expire"
}

t_credentials_readable_by_others() {
	reset
	must chmod 644 credentials.conf
	doctor
	expect_rc 78
	expect_line "FAIL    credentials: $PWD/credentials.conf: credentials are readable by others (mode 0644); run: chmod 600 $PWD/credentials.conf"
	expect_line "FAIL    twitter: not asked: no usable credentials"
	[ "$(nreq)" -eq 0 ] || fail "platforms were asked without credentials"
}

t_no_credentials_file() {
	reset
	rm credentials.conf
	doctor
	expect_rc 78
	expect_prefix "FAIL    credentials: $PWD/credentials.conf"
}

t_missing_credentials_key() {
	reset
	must_sed '/consumer_secret/d' credentials.conf
	doctor
	expect_rc 78
	expect_line "FAIL    twitter: no twitter.consumer_secret in the credentials ($PWD/credentials.conf)"
	expect_line "ok      linkedin: token of Fake Member (urn:li:person:fAkEmEmBeR1)"
	[ "$(nreq twitter)" -eq 0 ] || fail "twitter was asked"
}

t_old_linkedin_version_warns() {
	reset
	must_sed 's/version = "202609"/version = "202501"/' almanac.conf
	doctor
	# the fake has retired it (older than 202508): the versioned request
	# is refused with 426, which fails; the age alone is a warning
	expect_rc 1
	expect_line "FAIL    linkedin: LinkedIn-Version 202501 is retired: LinkedIn answered 426: Requested version 202501 is not active; set platforms.linkedin.version to a recent one"
	expect_line "warn    linkedin: LinkedIn-Version 202501 is 22 months old; versions are retired after about a year (set platforms.linkedin.version to a recent one)"
	expect_line "11 ok, 1 warning, 1 failed"
	# 10 months is still fine, 11 is not: the clock decides
	must_sed 's/version = "202501"/version = "202601"/' almanac.conf
	run -c almanac.conf --now 2026-11-30T23:59 doctor
	expect_rc 0
	expect_line "ok      linkedin: LinkedIn-Version 202601 is 10 months old"
	run -c almanac.conf --now 2026-12-01T00:00 doctor
	expect_rc 0
	expect_prefix "warn    linkedin: LinkedIn-Version 202601 is 11 months old;"
}

t_retired_linkedin_version_fails() {
	reset
	# a version young enough by its age that LinkedIn has retired anyway
	rm -f "$TMP/port.retired"
	python3 "$TOP/tests/fake/server.py" --cert "$CA/server.pem" \
	    --key "$CA/server.key" --port-file "$TMP/port.retired" \
	    --log "$TMP/fake.retired.log" --max-seconds 120 \
	    --linkedin-min-version 202610 &
	echo $! > "$TMP/pid.retired"
	i=0
	while [ ! -s "$TMP/port.retired" ] && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	sed -i "/linkedin = {/s|api = \"[^\"]*\"|api = \"https://127.0.0.1:$(cat "$TMP/port.retired")\"|" almanac.conf
	doctor
	expect_rc 1
	expect_line "FAIL    linkedin: LinkedIn-Version 202609 is retired: LinkedIn answered 426: Requested version 202609 is not active; set platforms.linkedin.version to a recent one"
	expect_line "ok      linkedin: LinkedIn-Version 202609 is 2 months old"
	expect_line "ok      twitter: token of @fakeuser (Fake User)"
	# a live version: the token line again
	sed -i 's/version = "202609"/version = "202610"/' almanac.conf
	doctor
	expect_rc 0
	expect_line "ok      linkedin: token of Fake Member (urn:li:person:fAkEmEmBeR1)"
}

t_expiring_token_warns() {
	reset
	expire instagram "\"expires_at\": $((NOW_EPOCH + 5 * 86400 + 3600))"
	expire facebook "\"expires_at\": $((NOW_EPOCH + 30 * 86400 + 60))"
	doctor
	expect_rc 0
	expect_line "warn    instagram: the token expires in 5 days (on 2026-11-17); renew it before then"
	expect_line "ok      facebook: the token expires in 30 days (on 2026-12-12)"
	# 14 days is a warning, 15 is not
	expire facebook "\"expires_at\": $((NOW_EPOCH + 14 * 86400 + 60))"
	expire instagram "\"expires_at\": $((NOW_EPOCH + 15 * 86400 + 60))"
	doctor
	expect_line "warn    facebook: the token expires in 14 days (on 2026-11-26); renew it before then"
	expect_line "ok      instagram: the token expires in 15 days (on 2026-11-27)"
}

t_data_access_expiry_counts_when_sooner() {
	reset
	expire facebook "\"expires_at\": 0, \"data_access_expires_at\": $((NOW_EPOCH + 3 * 86400 + 60))"
	doctor
	expect_rc 0
	expect_line "warn    facebook: the token's data access expires in 3 days (on 2026-11-15); renew it before then"
}

t_expired_token_fails() {
	reset
	expire instagram "\"expires_at\": $((NOW_EPOCH - 86400))"
	doctor
	expect_rc 1
	expect_line "FAIL    instagram: the token expired on 2026-11-11 (debug_token: expires_at); renew it"
}

t_debug_token_says_invalid() {
	reset
	# "me" is answered as usual: only debug_token says the token is dead
	must ctl POST script '{"path": "/v24.0/debug_token", "platform": "facebook", "responses": [{"status": 200, "body": {"data": {"is_valid": false, "error": {"code": 190, "message": "Error validating access token: Session has expired"}}}}]}' >/dev/null
	doctor
	expect_rc 1
	expect_line "FAIL    facebook: the token was refused (debug_token says it is not valid: Error validating access token: Session has expired (code 190)); renew it"
	expect_no_out "ok      facebook: token of"
}

t_expiry_unknown_is_said() {
	reset
	must ctl POST script '{"path": "/v24.0/debug_token", "platform": "instagram", "responses": [{"status": 400, "body": {"error": {"message": "(#100) You must provide an app access token", "type": "OAuthException", "code": 100}}}]}' >/dev/null
	doctor
	expect_rc 0
	expect_line "ok      instagram: token of @almanac.test (2002)"
	expect_line "info    instagram: when the token expires is not known: debug_token answered 400: (#100) You must provide an app access token (code 100)"
}

t_unreachable_platform() {
	reset
	closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
	must_sed "/linkedin = {/s|api = \"[^\"]*\"|api = \"https://127.0.0.1:$closed\"|" almanac.conf
	doctor
	expect_rc 1
	expect_prefix "FAIL    linkedin: cannot reach https://127.0.0.1:$closed: "
	expect_line "ok      twitter: token of @fakeuser (Fake User)"
	# the version is checked without the network
	expect_line "ok      linkedin: LinkedIn-Version 202609 is 2 months old"
}

t_dropped_answer_is_asked_again() {
	reset
	# handled, then closed unanswered: asked again (http.retries = 1),
	# signed afresh (the fake refuses a nonce it has seen)
	script twitter '[{"action": "drop"}]'
	doctor
	expect_rc 0
	expect_line "ok      twitter: token of @fakeuser (Fake User)"
	[ "$(nreq twitter)" -eq 2 ] || fail "$(nreq twitter) twitter requests, expected 2"
	# libcurl itself sends a GET again (up to 5 times) when a reused
	# connection closes before any answer: enough drops for every try
	script pinterest '[{"action": "drop", "repeat": 20}]'
	doctor
	expect_rc 1
	expect_prefix "FAIL    pinterest: cannot reach https://127.0.0.1:$PORT_main: "
}

t_unknown_ca_cannot_reach() {
	reset
	fake_start other other-server
	must_sed "/pinterest = {/s|api = \"[^\"]*\"|api = \"https://127.0.0.1:$PORT_other\"|" almanac.conf
	doctor
	expect_rc 1
	expect_prefix "FAIL    pinterest: cannot reach https://127.0.0.1:$PORT_other: its TLS certificate was not accepted"
}

t_scope_missing_is_a_warning() {
	reset
	ctl POST script '{"platform": "linkedin", "path": "/v2/userinfo", "responses": [{"status": 403, "body": {"serviceErrorCode": 100, "message": "Not enough permissions to access: GET /userinfo", "status": 403}}]}' >/dev/null
	doctor
	expect_rc 0
	expect_line "warn    linkedin: the token was accepted, but whose it is cannot be read without the openid and profile scopes (403: Not enough permissions to access: GET /userinfo)"
}

t_rate_limited_fails() {
	reset
	script twitter '[{"status": 429, "headers": {"Retry-After": "60"}}]'
	doctor
	expect_rc 1
	expect_line "FAIL    twitter: twitter is rate limiting (429): Too Many Requests; try again later"
	[ "$(nreq twitter)" -eq 1 ] || fail "doctor retried"
}

t_other_members_token_warns() {
	reset
	must_sed 's/urn:li:organization:123/urn:li:person:someoneElse/' almanac.conf
	doctor
	expect_rc 0
	expect_line "warn    linkedin: the token is urn:li:person:fAkEmEmBeR1's, but platforms.linkedin.author is urn:li:person:someoneElse"
}

t_other_page_token_warns() {
	reset
	must_sed 's/page_id = "1001"/page_id = "9999"/' almanac.conf
	doctor
	expect_rc 0
	expect_line "warn    facebook: the token is not page 9999's (platforms.facebook.page_id) but 1001's: posting as the page needs the page's own token"
}

t_wrong_instagram_user() {
	reset
	must_sed 's/user_id = "2002"/user_id = "2003"/' almanac.conf
	doctor
	expect_rc 1
	expect_prefix "FAIL    instagram: instagram answered 400: Unsupported get request. Object with ID '2003' does not exist"
}

t_platforms_asked_at_once() {
	reset
	rm -f "$TMP/port.slow"
	python3 "$TOP/tests/fake/server.py" --cert "$CA/server.pem" \
	    --key "$CA/server.key" --port-file "$TMP/port.slow" \
	    --log "$TMP/fake.slow.log" --max-seconds 120 --latency-ms 1500 &
	must_write "$TMP/pid.slow" echo $!
	i=0
	while [ ! -s "$TMP/port.slow" ] && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	[ -s "$TMP/port.slow" ] || setup_failed "the slow fake did not start"
	must_sed "s|api = \"https://127.0.0.1:$PORT_main\"|api = \"https://127.0.0.1:$(cat "$TMP/port.slow")\"|" almanac.conf
	start=$(date +%s%N)
	doctor
	ms=$((($(date +%s%N) - start) / 1000000))
	expect_rc 0
	# 8 requests of 1.5 s each: about 1.5 s at once, 12 s one by one
	# (under valgrind, TF > 1, the first TLS handshakes take seconds)
	[ "$ms" -lt $((5000 + (TF - 1) * 2000)) ] || fail "doctor took $ms ms"
}

t_paused_is_a_warning() {
	reset
	must mkdir var
	must touch var/PAUSED
	doctor
	expect_rc 0
	expect_line "ok      state_dir: $PWD/var can be written to"
	expect_line "warn    state_dir: publishing is paused ($PWD/var/PAUSED exists); \"almanac resume\" goes on"
}

t_folders() {
	reset
	rm -rf posts
	must_sed 's|path = "var/feed.atom"|path = "out/feed.atom"|' almanac.conf
	doctor
	expect_rc 78
	expect_line "FAIL    posts_dir: $PWD/posts cannot be read: No such file or directory"
	expect_line "FAIL    feed: $PWD/out/feed.atom cannot be written: its folder $PWD/out does not exist"
	must touch state
	must_sed 's|state_dir = "var"|state_dir = "state/var"|' almanac.conf
	doctor
	expect_line "FAIL    state_dir: $PWD/state/var: Not a directory"
}

t_only_the_feed_needs_nothing() {
	reset
	rm credentials.conf
	for p in twitter linkedin facebook instagram pinterest; do
		must_sed "/^  $p = {/s/enabled = true/enabled = false/" almanac.conf
	done
	doctor
	expect_rc 0
	expect_line "info    credentials: not needed: no enabled platform sends anything"
	[ "$(nreq)" -eq 0 ] || fail "a platform was asked"
	n=$(grep -c . "$TMP/out")
	[ "$n" -eq 6 ] || fail "$n lines, expected 6"
}

# The shipped config and credentials.example, every platform enabled:
# each placeholder named, no platform asked (its token is one).
t_placeholders_are_flagged() {
	reset
	cp "$TOP/config/almanac.conf" almanac.conf
	cp "$TOP/config/credentials.example" credentials.conf
	chmod 600 credentials.conf
	sed -i -e 's|^posts_dir = .*|posts_dir = "posts";|' \
	    -e 's|^state_dir = .*|state_dir = "var";|' \
	    -e 's|^credentials = .*|credentials = "credentials.conf";|' \
	    -e 's|path = "../var/feed.atom"|path = "feed.atom"|' \
	    -e 's/enabled = false;/enabled = true;/' almanac.conf
	doctor
	expect_rc 78
	for s in "linkedin.author is \"urn:li:organization:123456\"" \
	    "facebook.page_id is \"100000000000000\"" \
	    "instagram.user_id is \"17841400000000000\"" \
	    "pinterest.board_id is \"1000000000000000000\"" \
	    "bluesky.handle is \"name.bsky.social\"" \
	    "threads.user_id is \"25000000000000000\""; do
		expect_line "FAIL    ${s%%.*}: platforms.$s, the example config's placeholder; set your own"
	done
	for s in instagram.default_image pinterest.default_image; do
		expect_line "warn    ${s%%.*}: platforms.$s is https://example.org/images/on-this-day.jpg, an example host: a placeholder left from the example config; set your own"
	done
	expect_line "warn    feed: platforms.feed.link is https://example.org/, an example host: a placeholder left from the example config; set your own"
	for k in twitter.consumer_key twitter.access_token_secret linkedin.access_token \
	    facebook.access_token instagram.access_token pinterest.access_token \
	    mastodon.access_token bluesky.app_password threads.access_token; do
		expect_line "FAIL    credentials: $k in $PWD/credentials.conf is still a placeholder (\"your-...\"); put the real value there"
	done
	expect_line "FAIL    mastodon: platforms.mastodon.api is https://mastodon.example, an example host: nothing can be sent there; remove the setting or give the real API"
	n=$(grep -c ': not asked: a placeholder is left in its api or credentials$' "$TMP/out")
	[ "$n" -eq 8 ] || fail "$n platforms not asked, expected 8"
	[ "$(nreq)" -eq 0 ] || fail "a platform was asked"
	# the real ones: no placeholder line; api at an example host fails
	reset
	sed -i 's|link = "https://history.test/"|link = "https://history.example.net/"|' almanac.conf
	sed -i "/pinterest = {/s|api = \"[^\"]*\"|api = \"https://api.EXAMPLE.com.\"|" almanac.conf
	doctor
	expect_rc 78
	expect_line "FAIL    pinterest: platforms.pinterest.api is https://api.EXAMPLE.com., an example host: nothing can be sent there; remove the setting or give the real API"
	expect_line "warn    feed: platforms.feed.link is https://history.example.net/, an example host: a placeholder left from the example config; set your own"
	expect_line "FAIL    pinterest: not asked: a placeholder is left in its api or credentials"
	n=$(grep -c "a placeholder left\|an example host\|a placeholder is left" "$TMP/out")
	[ "$n" -eq 3 ] || fail "$n placeholder lines, expected 3: $(cat "$TMP/out")"
}

t_help() {
	run help doctor
	expect_rc 0
	expect_out "usage: almanac doctor"
	expect_out "78 when the config or the credentials are"
	run --help
	expect_out "  doctor     check the config, the credentials and every enabled platform's token"
	run -c /nonexistent/almanac.conf doctor
	expect_rc 78
}

run_tests
