#!/bin/sh
# auth: a platform's first tokens, from a person who authorizes almanac in
# a browser. The browser is curl: it follows the redirect the platform
# would send to almanac's loopback listener; the code is one registered at
# the fake's token endpoint (POST /_control/oauth), which trades it over
# real HTTPS.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

# reset [CLIENT-ID]: every platform enabled against the main fake;
# pinterest's credentials with the app's client id and secret and a refresh
# token (the fake's first one, which the code's tokens replace)
reset() {
	ctl POST reset >/dev/null
	setup_publish
	must_sed "s/^pinterest = .*/pinterest = { access_token = \"fake-pinterest-token\"; client_id = \"${1:-fake-pinterest-client}\"; client_secret = \"fake-pinterest-client-secret\"; refresh_token = \"fake-pinterest-refresh-0\"; };/" credentials.conf
	PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
	    setup_failed "no free port"
	REDIRECT="http://127.0.0.1:$PORT/callback"
}

# start ARGS...: almanac auth pinterest (or $AUTH_PF) --port $PORT ARGS... in the
# background (pid in $pid, its input from the file $IN or /dev/null,
# output in out and err), then waits (at most
# 10 s) for the URL it prints: in $URL, its state in $STATE
start() {
	"$ALMANAC" -c almanac.conf --now 2026-11-12T08:00 auth \
	    "${AUTH_PF:-pinterest}" --port "$PORT" "$@" <"${IN:-/dev/null}" \
	    >out 2>err &
	pid=$!
	i=0
	while ! grep -q '^https://' out 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	URL=$(grep '^https://' out | head -1)
	[ -n "$URL" ] || { kill "$pid" 2>/dev/null; setup_failed "no URL printed: $(cat err)"; }
	STATE=$(python3 -c '
import sys, urllib.parse
q = urllib.parse.parse_qs(urllib.parse.urlsplit(sys.argv[1]).query)
print(q["state"][0])' "$URL") || setup_failed "no state in $URL"
}

# finish: waits for almanac (at most 20 s) and sets $rc; its output is
# then in $TMP/out and $TMP/err for expect_*
finish() {
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 200 ]; do
		sleep 0.1; i=$((i + 1))
	done
	kill -0 "$pid" 2>/dev/null && { kill "$pid"; fail "almanac auth did not end"; }
	wait "$pid"
	rc=$?
	cp out "$TMP/out"
	cp err "$TMP/err"
}

# code CODE: registers CODE at the fake for the redirect URI
code() {
	must ctl POST oauth "{\"platform\": \"pinterest\", \"code\": \"$1\", \"redirect_uri\": \"$REDIRECT\"}" >/dev/null
}

# browse QUERY [CURL-ARGS...]: the browser sent to the redirect URI with
# QUERY; the status in $status, the page in page
browse() {
	q=$1; shift
	status=$(curl -sS --max-time 10 -o page -w '%{http_code}' "$@" "$REDIRECT${q:+?$q}")
}

# tokreqs: the form of each request to the token endpoint, one a line
tokreqs() {
	ctl GET "requests?path=/v5/oauth/token" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    print(json.dumps(r["form"], sort_keys=True))'
}

# The whole flow: the URL, stray requests answered and ignored, the
# redirect, the code traded, the tokens kept; publish then uses them
# although the credentials file still holds its old refresh token, until
# another one is put there.
t_loopback_flow_keeps_the_tokens_and_publish_uses_them() {
	reset
	start
	case $URL in
	"https://www.pinterest.com/oauth/?client_id=fake-pinterest-client&redirect_uri=$REDIRECT&response_type=code&scope=boards:read,boards:write,pins:read,pins:write&state=$STATE") ;;
	*) fail "the authorization URL: $URL" ;;
	esac
	printf '%s' "$STATE" | grep -qE '^[A-Za-z0-9_-]{43}$' || fail "state: $STATE"
	grep -qF "where almanac waits for 5 min" err || fail "no instructions: $(cat err)"
	# a browser's stray requests: answered, forgotten
	s=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/favicon.ico")
	[ "$s" = 404 ] || fail "favicon: $s"
	browse "code=x&state=$STATE" -X POST
	[ "$status" = 405 ] || fail "POST: $status"
	browse ""
	[ "$status" = 400 ] || fail "no query: $status"
	s=$(printf 'garbage\r\n\r\n' | python3 -c '
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
c.sendall(sys.stdin.buffer.read())
print(c.recv(100).split(b" ")[1].decode())' "$PORT")
	[ "$s" = 400 ] || fail "garbage: $s"
	code code-1
	browse "code=code-1&state=$STATE"
	[ "$status" = 200 ] || fail "redirect: $status"
	grep -q "almanac: authorized" page || fail "page: $(cat page)"
	finish
	expect_rc 0
	[ "$(tokreqs)" = "{\"code\": \"code-1\", \"grant_type\": \"authorization_code\", \"redirect_uri\": \"$REDIRECT\"}" ] ||
	    fail "token requests: $(tokreqs)"
	ctl GET "requests?path=/v5/oauth/token" | python3 -c '
import base64, json, sys
r = json.load(sys.stdin)[0]
assert base64.b64decode(r["headers"]["authorization"][6:]) == \
    b"fake-pinterest-client:fake-pinterest-client-secret"
' || fail "the token request is not authenticated as documented"
	a=$(stored access_token)
	case $a in pinterest-access-*) ;; *) fail "stored access token: $a" ;; esac
	case $(stored refresh_token) in pinterest-refresh-*) ;;
	*) fail "stored refresh token: $(stored refresh_token)" ;; esac
	[ "$(stored access_token expires_at)" -eq $(( $(epoch 2026-11-12T08:00) + 30 * 86400 )) ] ||
	    fail "access token ends at $(stored access_token expires_at)"
	[ "$(stored seed_refresh_token)" = "$(sha fake-pinterest-refresh-0)" ] ||
	    fail "seed: $(stored seed_refresh_token)"
	expect_out "pinterest authorized: the access token is good until 2026-12-12 (30 days left), the refresh token until 2027-01-11 (60 days left); kept in $(pwd)/var/tokens.db"
	! grep -qF -e "$a" -e "$(stored refresh_token)" -e code-1 out err ||
	    fail "a token or the code is in the output"
	[ "$(stat -c %a var/tokens.db)" = 600 ] || fail "tokens.db mode $(stat -c %a var/tokens.db)"
	# publish takes the tokens: no renewal, the pins with the new token
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform pinterest
	expect_rc 0
	[ "$(ntok)" -eq 1 ] || fail "$(ntok) token requests after publish, expected the code's only"
	[ "$(last_bearer)" = "$a" ] || fail "the pin went with $(last_bearer), not the authorized token"
	[ "$(nposts pinterest)" -eq 2 ] || fail "$(nposts pinterest) pins"
	# another refresh token put in the credentials file later wins
	must ctl POST oauth '{"platform": "pinterest", "refresh_token": "operator-new-refresh"}' >/dev/null
	must_sed 's/refresh_token = "fake-pinterest-refresh-0"/refresh_token = "operator-new-refresh"/' credentials.conf
	run -c almanac.conf --now 2026-11-13T12:00 publish --platform pinterest
	expect_rc 0
	[ "$(ntok)" -eq 2 ] || fail "$(ntok) token requests, expected a renewal from the file's new token"
	[ "$(tokreqs | tail -1)" = '{"grant_type": "refresh_token", "refresh_token": "operator-new-refresh"}' ] ||
	    fail "the renewal: $(tokreqs | tail -1)"
	[ "$(stored seed_refresh_token)" = "$(sha operator-new-refresh)" ] ||
	    fail "seed after the new start: $(stored seed_refresh_token)"
}

# With only the app's id and secret in the credentials file: the tokens
# count as current too, and publish and doctor use them.
t_with_only_the_client_in_the_file() {
	reset
	must_sed 's/ refresh_token = "fake-pinterest-refresh-0";//; s/pinterest = { access_token = "fake-pinterest-token";/pinterest = {/' credentials.conf
	start
	code code-2
	browse "code=code-2&state=$STATE"
	finish
	expect_rc 0
	[ "$(stored seed_refresh_token)" = "" ] || fail "seed: $(stored seed_refresh_token)"
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform pinterest
	expect_rc 0
	[ "$(ntok)" -eq 1 ] || fail "renewed although the tokens are new"
	[ "$(last_bearer)" = "$(stored access_token)" ] || fail "the pin went with $(last_bearer)"
	run -c almanac.conf --now 2026-11-12T08:00 doctor
	expect_out "pinterest: token of @almanac-test (BUSINESS)"
	expect_out "pinterest: the token expires in 30 days (on 2026-12-12)"
}

# A redirect with another state is refused, its code never sent; the wait
# goes on, and the right one is taken.
t_wrong_state_is_refused_and_the_wait_goes_on() {
	reset
	start
	code code-w
	code code-r
	browse "code=code-w&state=not-$STATE"
	[ "$status" = 400 ] || fail "wrong state: $status"
	grep -q "refused" page || fail "page: $(cat page)"
	browse "code=code-w"
	[ "$status" = 400 ] || fail "no state: $status"
	browse "error=access_denied&state=other"
	[ "$status" = 400 ] || fail "a denial with another state: $status"
	kill -0 "$pid" 2>/dev/null || fail "almanac stopped waiting"
	browse "code=code-r&state=$STATE"
	[ "$status" = 200 ] || fail "right state: $status"
	finish
	expect_rc 0
	expect_err "refused a redirect to /callback: its state is not the one almanac sent"
	expect_err "refused a redirect to /callback: no state in it"
	[ "$(tokreqs)" = "{\"code\": \"code-r\", \"grant_type\": \"authorization_code\", \"redirect_uri\": \"$REDIRECT\"}" ] ||
	    fail "token requests: $(tokreqs)"
}

t_access_denied_is_said_plainly() {
	reset
	start
	browse "error=access_denied&error_description=The+user+denied+access&state=$STATE"
	[ "$status" = 200 ] || fail "status $status"
	grep -q "not authorized" page || fail "page: $(cat page)"
	finish
	expect_rc 1
	expect_err "pinterest was not authorized: the authorization was refused at the platform (access_denied: The user denied access); nothing was kept"
	[ "$(ntok)" -eq 0 ] || fail "a token request was sent"
	[ -z "$(stored access_token)" ] || fail "something was stored"
}

# --no-browser: nothing listens; the address is pasted on stdin.
t_no_browser_takes_the_pasted_address() {
	reset
	must mkfifo in
	exec 4<>in
	IN=in start --no-browser
	grep -qF "paste the address it shows on the line below" err || fail "no instructions: $(cat err)"
	s=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$REDIRECT")
	[ "$s" = 000 ] || fail "something listens: $s"
	code code-p
	printf '%s\r\n' "$REDIRECT?code=code-p&state=$STATE" >&4
	exec 4>&-
	finish
	expect_rc 0
	expect_out "pinterest authorized: the access token is good until"
	case $(stored access_token) in pinterest-access-*) ;; *) fail "nothing stored" ;; esac
}

# LinkedIn: the member is sent to {oauth}/oauth/v2/authorization with the
# scope the author needs; the code is traded with the client in the form;
# publish then posts with the tokens kept.
t_linkedin_code_keeps_the_tokens() {
	reset
	must_sed "s/^linkedin = .*/linkedin = { client_id = \"fake-linkedin-client\"; client_secret = \"fake-linkedin-client-secret\"; };/" credentials.conf
	must_sed "s|version = \"202511\";|version = \"202609\"; oauth = \"https://127.0.0.1:$PORT_main\";|" almanac.conf
	must ctl POST oauth "{\"platform\": \"linkedin\", \"now\": $(epoch 2026-11-12T08:00)}" >/dev/null
	must mkfifo in
	exec 4<>in
	AUTH_PF=linkedin IN=in start --no-browser
	case $URL in
	"https://127.0.0.1:$PORT_main/oauth/v2/authorization?client_id=fake-linkedin-client&redirect_uri=$REDIRECT&response_type=code&scope=w_organization_social&state=$STATE") ;;
	*) fail "the authorization URL: $URL" ;;
	esac
	must ctl POST oauth "{\"platform\": \"linkedin\", \"code\": \"li-code\", \"redirect_uri\": \"$REDIRECT\"}" >/dev/null
	printf '%s\n' "$REDIRECT?code=li-code&state=$STATE" >&4
	exec 4>&-
	finish
	expect_rc 0
	expect_out "linkedin authorized: the access token is good until 2027-01-11 (60 days left), the refresh token until 2027-11-12 (365 days left)"
	ctl GET "requests?path=/oauth/v2/accessToken" | python3 -c '
import json, sys
r, = json.load(sys.stdin)
assert r["form"] == {"grant_type": "authorization_code", "code": "li-code",
                     "redirect_uri": sys.argv[1],
                     "client_id": "fake-linkedin-client",
                     "client_secret": "fake-linkedin-client-secret"}, r["form"]
assert "authorization" not in r["headers"], r["headers"]
' "$REDIRECT" || fail "the code was not traded as documented"
	a=$(PF=linkedin stored access_token)
	case $a in linkedin-access-*) ;; *) fail "stored access token: $a" ;; esac
	! grep -qF -e "$a" -e li-code -e fake-linkedin-client-secret out err ||
	    fail "a token, the code or the secret is in the output"
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform linkedin
	expect_rc 0
	[ "$(nposts linkedin)" -eq 2 ] || fail "$(nposts linkedin) linkedin posts"
	[ "$(ctl GET "requests?path=/rest/posts" | python3 -c '
import json, sys
print(json.load(sys.stdin)[-1]["headers"]["authorization"][7:])')" = "$a" ] ||
	    fail "the post went without the authorized token"

	# a member author is asked for w_member_social
	must_sed 's/author = "urn:li:organization:123"/author = "urn:li:person:abc"/' almanac.conf
	AUTH_PF=linkedin start
	case $URL in
	*"&scope=w_member_social&state=$STATE") ;;
	*) fail "a member's scope: $URL" ;;
	esac
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# threads_reset: reset, and Threads enabled with the app's client id and
# secret beside the token in the credentials file; the fake's clock at
# the time almanac auth runs
threads_reset() {
	reset
	must_sed "s|^};$|  threads = { enabled = true; api = \"$api\"; user_id = \"6006\"; };\n};|" almanac.conf
	must_sed 's/^threads = .*/threads = { access_token = "fake-threads-token"; client_id = "fake-threads-client"; client_secret = "fake-threads-client-secret"; };/' credentials.conf
	must ctl POST clock "{\"now\": $(epoch 2026-11-12T08:00)}" >/dev/null
}

# threads_flow CODE: almanac auth threads, the browser sent back with CODE
# (registered at the fake unless it is "never-issued"); $rc when it ends
threads_flow() {
	AUTH_PF=threads start
	[ "$1" = never-issued ] ||
	    must ctl POST oauth "{\"platform\": \"threads\", \"code\": \"$1\", \"redirect_uri\": \"$REDIRECT\"}" >/dev/null
	browse "code=$1&state=$STATE"
	[ "$status" = 200 ] || fail "redirect: $status"
	finish
}

# thpaths: "METHOD PATH" of each request to Threads' token endpoints
thpaths() {
	ctl GET "requests?platform=threads" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    if "access_token" in r["path"]:
        print(r["method"], r["path"])'
}

# Threads: the code traded for a short-lived token, that one for the
# long-lived token, which is kept; publish then posts with it.
t_threads_code_then_long_lived_token() {
	threads_reset
	threads_flow th-code
	case $URL in
	"https://threads.com/oauth/authorize?client_id=fake-threads-client&redirect_uri=$REDIRECT&response_type=code&scope=threads_basic,threads_content_publish&state=$STATE") ;;
	*) fail "the authorization URL: $URL" ;;
	esac
	expect_rc 0
	expect_out "threads authorized: the access token is good until 2027-01-11 (60 days left) and renews itself; kept in $(pwd)/var/tokens.db"
	[ "$(thpaths | tr '\n' ';')" = "POST /oauth/access_token;GET /access_token;" ] ||
	    fail "token requests: $(thpaths | tr '\n' ';')"
	ctl GET "requests?platform=threads" | python3 -c '
import json, sys
code, long = json.load(sys.stdin)
assert code["form"] == {"client_id": "fake-threads-client",
                        "client_secret": "fake-threads-client-secret",
                        "grant_type": "authorization_code",
                        "code": "th-code", "redirect_uri": sys.argv[1]}, code["form"]
assert "authorization" not in code["headers"], code["headers"]
q = long["query"]
assert q["grant_type"] == "th_exchange_token", q
assert q["client_secret"] == "fake-threads-client-secret", q
assert q["access_token"].startswith("threads-short-"), q
assert sorted(q) == ["access_token", "client_secret", "grant_type"], q
' "$REDIRECT" || fail "the code and the short-lived token were not traded as documented"
	a=$(PF=threads stored access_token)
	case $a in threads-access-*) ;; *) fail "stored access token: $a" ;; esac
	[ "$(PF=threads stored access_token expires_at)" -eq $(( $(epoch 2026-11-12T08:00) + 60 * 86400 )) ] ||
	    fail "access token ends at $(PF=threads stored access_token expires_at)"
	[ -z "$(PF=threads stored refresh_token)" ] || fail "a refresh token was kept"
	[ "$(PF=threads stored seed_refresh_token)" = "$(sha fake-threads-token)" ] ||
	    fail "seed: $(PF=threads stored seed_refresh_token)"
	! grep -qF -e "$a" -e threads-short- -e th-code -e fake-threads-client-secret out err ||
	    fail "a token, the code or the secret is in the output"
	# publish posts with the kept token, without renewing it
	run -c almanac.conf --now 2026-11-12T12:00 publish --platform threads
	expect_rc 0
	[ "$(nposts threads)" -eq 2 ] || fail "$(nposts threads) threads posts"
	ctl GET "requests?platform=threads" | python3 -c '
import json, sys
rs = [r for r in json.load(sys.stdin) if r["path"].startswith("/v1.0/")]
assert rs and all(r["headers"]["authorization"] == "Bearer " + sys.argv[1] for r in rs), rs
' "$a" || fail "the posts went without the authorized token"
	[ "$(thpaths | wc -l)" -eq 2 ] || fail "renewed although the token is new: $(thpaths | tr '\n' ';')"
}

t_threads_refused_code() {
	threads_reset
	threads_flow never-issued
	expect_rc 1
	expect_err "threads refused the authorization code (400: Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request (code 100)); nothing was kept: run almanac auth threads again"
	[ "$(thpaths | tr '\n' ';')" = "POST /oauth/access_token;" ] ||
	    fail "token requests: $(thpaths | tr '\n' ';')"
	[ -z "$(PF=threads stored access_token)" ] || fail "something was stored"
}

# The second step fails (no answer worth reading, then a refusal): the
# short-lived token is never kept, nor anything else.
t_threads_failing_second_step_keeps_nothing() {
	threads_reset
	must ctl POST script '{"path": "GET /access_token", "responses": [{"status": 500}]}' >/dev/null
	threads_flow th-code-1
	expect_rc 75
	expect_err "threads's token endpoint answered 500"
	expect_err "nothing was kept: run almanac auth threads again"
	[ "$(thpaths | tr '\n' ';')" = "POST /oauth/access_token;GET /access_token;" ] ||
	    fail "token requests: $(thpaths | tr '\n' ';')"
	[ -z "$(PF=threads stored access_token)" ] || fail "stored: $(PF=threads stored access_token)"
	must ctl POST script '{"path": "GET /access_token", "responses": [{"status": 400, "code": 190, "message": "Invalid OAuth access token"}]}' >/dev/null
	threads_flow th-code-2
	expect_rc 1
	expect_err "threads refused the access token (400: Invalid OAuth access token (code 190)), which the code had just granted; nothing was kept: run almanac auth threads again, and check that threads.client_secret is the app's"
	[ -z "$(PF=threads stored access_token)" ] || fail "stored: $(PF=threads stored access_token)"
	! grep -qF threads-short- err || fail "the short-lived token is in the output"
}

t_no_browser_refuses_a_wrong_state_and_bad_input() {
	reset
	code code-p
	must_write paste printf '%s\n' "$REDIRECT?code=code-p&state=forged"
	run -c almanac.conf auth pinterest --port "$PORT" --no-browser <paste
	expect_rc 1
	expect_err "refused the redirect: its state is not the one almanac sent"
	must_write paste printf 'not an address\n'
	run -c almanac.conf auth pinterest --port "$PORT" --no-browser <paste
	expect_rc 65
	expect_err "not a redirect of the authorization: no query: expected the address the platform sent the browser to"
	run -c almanac.conf auth pinterest --port "$PORT" --no-browser </dev/null
	expect_rc 65
	expect_err "standard input ended before a line came: expected the address the browser was sent to, $REDIRECT?code=...&state=...; nothing was kept"
	[ "$(ntok)" -eq 0 ] || fail "a token request was sent"
}

# No redirect: the wait ends by itself.
t_the_wait_is_bounded() {
	reset
	s0=$(date +%s)
	run -c almanac.conf auth pinterest --port "$PORT" --timeout 2
	s1=$(date +%s)
	expect_rc 75
	expect_err "no redirect to $REDIRECT came within 2 s: nothing was kept"
	[ $((s1 - s0)) -le 8 ] || fail "took $((s1 - s0)) s"
	# --no-browser too, with stdin open and silent
	must mkfifo in
	sleep 30 >in &
	holder=$!
	s0=$(date +%s)
	run -c almanac.conf auth pinterest --port "$PORT" --timeout 2 --no-browser <in
	s1=$(date +%s)
	kill "$holder"
	expect_rc 75
	expect_err "no line came on standard input in time (--timeout)"
	[ $((s1 - s0)) -le 8 ] || fail "took $((s1 - s0)) s"
}

t_refused_code() {
	reset
	start
	browse "code=never-issued&state=$STATE"
	[ "$status" = 200 ] || fail "status $status"
	finish
	expect_rc 1
	expect_err "pinterest refused the authorization code (400: Invalid authorization code.); nothing was kept: run almanac auth pinterest again"
	[ "$(ntok)" -eq 1 ] || fail "$(ntok) token requests"
	[ -z "$(stored access_token)" ] || fail "something was stored"
}

t_no_client_credentials() {
	reset
	must_sed 's/ client_id = "fake-pinterest-client";//' credentials.conf
	run -c almanac.conf auth pinterest --port "$PORT"
	expect_rc 78
	expect_err "pinterest: almanac auth needs the app's client id and secret: no pinterest.client_id in the credentials"
	[ ! -s "$TMP/out" ] || fail "a URL was printed: $(cat "$TMP/out")"
	reset
	must_sed 's/ client_secret = "fake-pinterest-client-secret";//' credentials.conf
	run -c almanac.conf auth pinterest --port "$PORT"
	expect_rc 78
	expect_err "no pinterest.client_secret in the credentials"
	must_sed '/^credentials = /d' almanac.conf
	run -c almanac.conf auth pinterest --port "$PORT"
	expect_rc 78
	expect_err "no credentials: set \"credentials\" in"
}

t_platforms_and_usage() {
	reset
	run -c almanac.conf auth twitter
	expect_rc 78
	expect_err "almanac cannot authorize twitter in a browser: put its tokens in the credentials file as twitter.access_token (almanac auth takes: linkedin, pinterest, threads)"
	run -c almanac.conf auth myspace
	expect_rc 2
	expect_err "no platform \"myspace\""
	run -c almanac.conf auth
	expect_rc 2
	expect_err "almanac auth PLATFORM, one of: linkedin, pinterest, threads"
	run -c almanac.conf auth pinterest --port 0
	expect_rc 2
	expect_err "--port takes a whole number from 1 to 65535"
}

t_port_in_use() {
	reset
	start
	run -c almanac.conf auth pinterest --port "$PORT"
	expect_rc 75
	expect_err "cannot listen on 127.0.0.1:$PORT: in use by another program"
	kill "$pid"
	wait "$pid" 2>/dev/null
}

run_tests
