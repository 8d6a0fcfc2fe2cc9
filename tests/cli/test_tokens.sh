#!/bin/sh
# tokens: access tokens renewed unattended with a refresh token (the
# token store, state_dir/tokens.db), against the fake platforms' token
# endpoints over real HTTPS.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

# Every platform enabled against the main fake; pinterest's credentials
# with what renewal needs (refresh_token: the fake's first one, or $1).
reset() {
	ctl POST reset >/dev/null
	setup_publish
	sed -i "s/^pinterest = .*/pinterest = { access_token = \"fake-pinterest-token\"; client_id = \"fake-pinterest-client\"; client_secret = \"fake-pinterest-client-secret\"; refresh_token = \"${1:-fake-pinterest-refresh-0}\"; };/" credentials.conf
}

# slow: HTTP timeouts longer than the fake holds an answer in these tests
# (40 s), so that the kill, not a timeout, ends the run
slow() {
	sed -i "s/timeout = $((3 * TF));/timeout = $((60 * TF));/" almanac.conf
}

# pin NOW ARGS...: almanac publish --platform pinterest at NOW
pin() {
	t=$1; shift
	run -c almanac.conf --now "$t" publish --platform pinterest "$@"
}

# reqs PATH: "METHOD STATUS" of each request to PATH, one a line
reqs() {
	ctl GET "requests?path=$1" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    print(r["method"], r["status"])'
}

t_first_run_renews_stores_and_publishes() {
	reset
	pin 2026-11-12T12:00
	expect_rc 0
	[ "$(ntok)" -eq 1 ] || fail "$(ntok) token requests, expected 1"
	ctl GET "requests?path=/v5/oauth/token" | python3 -c '
import base64, json, sys
r = json.load(sys.stdin)[0]
assert r["form"] == {"grant_type": "refresh_token",
                     "refresh_token": "fake-pinterest-refresh-0"}, r["form"]
assert base64.b64decode(r["headers"]["authorization"][6:]) == \
    b"fake-pinterest-client:fake-pinterest-client-secret"
' || fail "the token request is not the documented one"
	a=$(stored access_token)
	case $a in pinterest-access-*) ;; *) fail "stored access token: $a" ;; esac
	case $(stored refresh_token) in pinterest-refresh-*) ;;
	*) fail "stored refresh token: $(stored refresh_token)" ;; esac
	[ "$(stored access_token expires_at)" -eq $(( $(epoch 2026-11-12T12:00) + 30 * 86400 )) ] ||
	    fail "access token ends at $(stored access_token expires_at)"
	[ "$(stored refresh_token expires_at)" -eq $(( $(epoch 2026-11-12T12:00) + 60 * 86400 )) ] ||
	    fail "refresh token ends at $(stored refresh_token expires_at)"
	[ "$(stat -c %a var/tokens.db)" = 600 ] || fail "tokens.db mode $(stat -c %a var/tokens.db)"
	[ "$(last_bearer)" = "$a" ] || fail "the pin went with $(last_bearer), not the renewed token"
	[ "$(nposts pinterest)" -eq 2 ] || fail "$(nposts pinterest) pins"
	expect_err "renewed pinterest's access token: good until 2026-12-12 (30 days left); the refresh token until 2027-01-11 (60 days left)"
	# no token in what almanac said
	! grep -qF -e "$a" -e "$(stored refresh_token)" -e fake-pinterest-refresh-0 "$TMP/err" ||
	    fail "a token is in the log"
	# the credentials file is only read
	[ "$(stat -c %a credentials.conf)" = 600 ] && grep -q fake-pinterest-refresh-0 credentials.conf ||
	    fail "credentials.conf changed"
	# the next day: nothing to renew
	pin 2026-11-13T12:00
	expect_rc 0
	[ "$(ntok)" -eq 1 ] || fail "renewed again the next day"
}

t_renewed_unattended_across_90_days() {
	reset
	start=$(epoch 2026-11-12T12:00)
	d=0
	while [ $d -le 90 ]; do
		now=$(python3 -c 'import sys, time; print(time.strftime("%Y-%m-%dT%H:%M", time.gmtime(int(sys.argv[1]))))' $((start + d * 86400)))
		pin "$now"
		[ "$rc" -eq 0 ] || { fail "day $d: exit $rc: $(head -3 "$TMP/err")"; break; }
		d=$((d + 1))
	done
	# renewed with 7 days left: days 0, 23, 46 and 69; each answer
	# rotated the refresh token and each next one was taken
	[ "$(reqs /v5/oauth/token | tr '\n' ' ')" = "POST 200 POST 200 POST 200 POST 200 " ] ||
	    fail "token requests: $(reqs /v5/oauth/token | tr '\n' ' ')"
	[ "$(stored access_token expires_at)" -eq $((start + 69 * 86400 + 30 * 86400)) ] ||
	    fail "the last renewal was not on day 69"
	[ "$(reqs /v5/pins | tr '\n' ' ')" = "POST 201 POST 201 " ] ||
	    fail "pins: $(reqs /v5/pins | tr '\n' ' ')"
}

t_expired_token_answered_401_is_renewed_and_sent_again() {
	reset
	pin 2026-11-12T08:00	# before the window: only the renewal
	expect_rc 0
	[ "$(ntok)" -eq 1 ] || fail "no renewal before the window"
	[ "$(reqs /v5/pins)" = "" ] || fail "a pin went before its slot"
	old=$(stored access_token)
	ctl POST oauth '{"platform": "pinterest", "expire": true}' >/dev/null
	pin 2026-11-12T12:00
	expect_rc 0
	[ "$(reqs /v5/pins | sort | tr '\n' ' ')" = "POST 201 POST 201 POST 401 POST 401 " ] ||
	    fail "pins: $(reqs /v5/pins | tr '\n' ' ')"
	[ "$(ntok)" -eq 2 ] || fail "$(ntok) token requests, expected one renewal for both 401s"
	[ "$(stored access_token)" != "$old" ] || fail "the store kept the expired token"
	[ "$(last_bearer)" = "$(stored access_token)" ] || fail "sent again with another token"
	[ "$(nposts pinterest)" -eq 2 ] || fail "$(nposts pinterest) pins"
	[ "$(state 11-12-alpha pinterest)" = published ] || fail "alpha: $(state 11-12-alpha pinterest)"
}

t_refused_refresh_token_says_what_to_do() {
	reset fake-pinterest-refresh-stale
	ctl POST oauth '{"platform": "pinterest", "expire": true}' >/dev/null
	pin 2026-11-12T12:00
	expect_rc 78
	expect_err "pinterest refused the refresh token (400: Invalid refresh token.); nothing renews pinterest's access token until someone authorizes almanac again: run almanac auth pinterest (or put a new refresh token in the credentials file as pinterest.refresh_token)"
	expect_err "failed pinterest 11-12-alpha: pinterest refused the access token and it could not be renewed (its refresh token was refused: run almanac auth pinterest (or put a new refresh token in the credentials file as pinterest.refresh_token)); the next run tries again"
	[ "$(nposts pinterest)" -eq 0 ] || fail "a pin was made"
	[ "$(state 11-12-alpha pinterest)" = failed ] || fail "alpha: $(state 11-12-alpha pinterest)"
	[ ! -e var/tokens.db ] || [ -z "$(stored access_token)" ] || fail "something was stored"
}

# The store's chain is refused (it was replaced elsewhere); the operator
# authorizes almanac again and puts the new refresh token in the
# credentials file: the next run leaves the stored tokens aside, renews
# from the file's token and publishes; the run after it uses the store.
t_new_refresh_token_in_the_credentials_starts_again() {
	reset
	pin 2026-11-12T08:00
	expect_rc 0
	[ "$(ntok)" -eq 1 ] || fail "no first renewal"
	[ "$(stored seed_refresh_token)" = "$(sha fake-pinterest-refresh-0)" ] ||
	    fail "seed: $(stored seed_refresh_token)"
	ctl POST oauth '{"platform": "pinterest", "expire": true, "refresh_token": "operator-new-refresh"}' >/dev/null
	pin 2026-11-12T11:00
	expect_rc 78
	expect_err "authorizes almanac again: run almanac auth pinterest (or put a new refresh token in the credentials file as pinterest.refresh_token)"
	must_sed 's/refresh_token = "fake-pinterest-refresh-0"/refresh_token = "operator-new-refresh"/' credentials.conf
	pin 2026-11-12T11:30
	expect_rc 0
	[ "$(ntok)" -eq 3 ] || fail "$(ntok) token requests, expected a renewal from the new refresh token"
	[ "$(stored seed_refresh_token)" = "$(sha operator-new-refresh)" ] ||
	    fail "seed after the new start: $(stored seed_refresh_token)"
	[ "$(stored refresh_token)" != operator-new-refresh ] ||
	    fail "the rotated refresh token was not kept"
	[ "$(last_bearer)" = "$(stored access_token)" ] || fail "sent with another token"
	[ "$(state 11-12-alpha pinterest)" = published ] ||
	    fail "alpha: $(state 11-12-alpha pinterest); $(cat "$TMP/err")"
	pin 2026-11-13T12:00
	expect_rc 0
	[ "$(ntok)" -eq 3 ] || fail "the store was not used the day after: $(ntok) token requests"
}

# A kill -9 once the renewal's answer has come: the fake holds both pins,
# which go out only after the store is written. The next run publishes
# with the stored token, and asks for none (the refresh token of the
# credentials is refused by then).
t_killed_after_the_renewal_keeps_the_new_token() {
	reset
	slow
	ctl POST script "{\"path\": \"/v5/pins\", \"responses\": [{\"action\": \"timeout\", \"seconds\": $((40 * TF)), \"then\": \"close\", \"repeat\": 2}]}" >/dev/null
	"$ALMANAC" -c almanac.conf --now 2026-11-12T12:00 publish --platform pinterest >out 2>err &
	pid=$!
	i=0
	while [ "$(reqs /v5/pins | wc -l)" -lt 2 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	kill -9 $pid
	wait $pid 2>/dev/null
	[ "$(ntok)" -eq 1 ] || fail "$(ntok) token requests before the kill"
	a=$(stored access_token)
	case $a in pinterest-access-*) ;; *) fail "nothing stored before the pins went: $a" ;; esac
	pin 2026-11-12T12:00 --retry-unknown
	[ "$rc" -ne 78 ] || fail "exit 78: $(cat "$TMP/err")"
	[ "$(ntok)" -eq 1 ] || fail "renewed again after the kill"
	[ "$(last_bearer)" = "$a" ] || fail "the pin went with $(last_bearer), not the stored token"
	[ "$(nposts pinterest)" -eq 2 ] || fail "$(nposts pinterest) pins: $(cat "$TMP/err") $(reqs /v5/pins) $(ctl GET posts)"
}

# A kill -9 while the renewal's answer is on its way: the fake has rotated
# the refresh token, almanac never learnt the new one. The next run is
# refused, says so, says what to do and exits 78.
t_killed_before_the_renewal_answer_says_what_to_do() {
	reset
	slow
	ctl POST script "{\"path\": \"/v5/oauth/token\", \"responses\": [{\"action\": \"timeout\", \"seconds\": $((40 * TF)), \"create_first\": true}]}" >/dev/null
	"$ALMANAC" -c almanac.conf --now 2026-11-12T12:00 publish --platform pinterest >out 2>err &
	pid=$!
	i=0
	while [ "$(ntok)" -lt 1 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	kill -9 $pid
	wait $pid 2>/dev/null
	[ ! -e var/tokens.db ] || [ -z "$(stored access_token)" ] || fail "a token was stored"
	pin 2026-11-12T12:05
	expect_rc 78
	expect_err "pinterest refused the refresh token (400: Invalid refresh token.); nothing renews pinterest's access token until someone authorizes almanac again: run almanac auth pinterest (or put a new refresh token in the credentials file as pinterest.refresh_token)"
	# the first is still held by the fake (no status yet)
	[ "$(reqs /v5/oauth/token | wc -l)" -eq 2 ] && [ "$(reqs /v5/oauth/token | tail -1)" = "POST 400" ] ||
	    fail "token requests: $(reqs /v5/oauth/token | tr '\n' ' ')"
	[ "$(reqs /v5/pins)" = "" ] || fail "a pin went"
}

# doctor asks with the stored token and says when it and the refresh token
# end: 14 days ahead a warning, after it a failure.
t_doctor_shows_the_stored_expiries() {
	reset
	pin 2026-11-12T12:00
	expect_rc 0
	run -c almanac.conf --now 2026-11-12T12:00 doctor
	expect_rc 0
	[ "$(ctl GET "requests?path=/v5/user_account" | python3 -c '
import json, sys
print(json.load(sys.stdin)[-1]["headers"]["authorization"][7:])')" = "$(stored access_token)" ] ||
	    fail "doctor did not ask with the stored token"
	expect_out "pinterest: token of @almanac-test (BUSINESS)"
	expect_out "pinterest: the token expires in 30 days (on 2026-12-12)"
	expect_out "pinterest: the refresh token expires in 60 days (on 2027-01-11)"
	run -c almanac.conf --now 2026-12-30T12:00 doctor
	expect_out "pinterest: the refresh token expires in 12 days (on 2027-01-11); renew it before then"
	run -c almanac.conf --now 2027-01-12T12:00 doctor
	expect_rc 1
	expect_out "pinterest: the refresh token expired on 2027-01-11 (token store); renew it: run almanac auth pinterest (or put a new refresh token in the credentials file as pinterest.refresh_token)"
	! grep -qF "$(stored access_token)" "$TMP/out" "$TMP/err" || fail "the token is shown"
}

# ---------------------------------------------------------- LinkedIn ----
# Its token endpoint is {oauth}/oauth/v2/accessToken, with the client in
# the form; its refresh token lasts 365 days from the member's consent,
# renewals or not. The fake's token endpoint lives at almanac's --now.

# li_reset [REFRESH-TOKEN]: as reset, with linkedin's renewal set up
# against the main fake
li_reset() {
	reset
	sed -i "s/^linkedin = .*/linkedin = { access_token = \"fake-linkedin-token\"; client_id = \"fake-linkedin-client\"; client_secret = \"fake-linkedin-client-secret\"; refresh_token = \"${1:-fake-linkedin-refresh-0}\"; };/" credentials.conf
	must_sed "s|version = \"202511\";|version = \"202609\"; oauth = \"https://127.0.0.1:$PORT_main\";|" almanac.conf
}

# li_clock NOW: the fake's LinkedIn token endpoint lives at NOW
li_clock() {
	must ctl POST oauth "{\"platform\": \"linkedin\", \"now\": $(epoch "$1")}" >/dev/null
}

# li NOW ARGS...: almanac publish --platform linkedin at NOW
li() {
	t=$1; shift
	li_clock "$t"
	run -c almanac.conf --now "$t" publish --platform linkedin "$@"
}

# li_doctor NOW: almanac doctor --platform linkedin at NOW
li_doctor() {
	run -c almanac.conf --now "$1" doctor
	! grep -qF -e fake-linkedin-client-secret -e fake-linkedin-token "$TMP/out" "$TMP/err" ||
	    fail "a secret is shown"
}

# litok: requests to linkedin's token endpoint
litok() {
	ctl GET "requests?path=/oauth/v2/accessToken" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

t_linkedin_renews_ahead_of_expiry() {
	li_reset
	li 2026-11-12T12:00
	expect_rc 0
	[ "$(litok)" -eq 1 ] || fail "$(litok) token requests, expected 1"
	ctl GET "requests?path=/oauth/v2/accessToken" | python3 -c '
import json, sys
r = json.load(sys.stdin)[0]
assert r["form"] == {"grant_type": "refresh_token",
                     "refresh_token": "fake-linkedin-refresh-0",
                     "client_id": "fake-linkedin-client",
                     "client_secret": "fake-linkedin-client-secret"}, r["form"]
assert "authorization" not in r["headers"], r["headers"]
assert r["headers"]["content-type"] == "application/x-www-form-urlencoded"
' || fail "the token request is not the documented one"
	a=$(PF=linkedin stored access_token)
	case $a in linkedin-access-*) ;; *) fail "stored access token: $a" ;; esac
	start=$(epoch 2026-11-12T12:00)
	[ "$(PF=linkedin stored access_token expires_at)" -eq $((start + 60 * 86400)) ] ||
	    fail "access token ends at $(PF=linkedin stored access_token expires_at)"
	[ "$(PF=linkedin stored refresh_token expires_at)" -eq $((start + 365 * 86400)) ] ||
	    fail "refresh token ends at $(PF=linkedin stored refresh_token expires_at)"
	expect_err "renewed linkedin's access token: good until 2027-01-11 (60 days left); the refresh token until 2027-11-12 (365 days left)"
	[ "$(nposts linkedin)" -eq 2 ] || fail "$(nposts linkedin) posts"
	[ "$(ctl GET "requests?path=/rest/posts" | python3 -c '
import json, sys
print(json.load(sys.stdin)[-1]["headers"]["authorization"][7:])')" = "$a" ] ||
	    fail "the post went without the renewed token"
	# 8 days before the end: nothing; 7 days before: renewed, with the
	# rotated refresh token, and that one's end stays where it was
	rt=$(PF=linkedin stored refresh_token)
	li 2027-01-03T12:00
	expect_rc 0
	[ "$(litok)" -eq 1 ] || fail "renewed 8 days ahead"
	li 2027-01-04T12:00
	expect_rc 0
	[ "$(litok)" -eq 2 ] || fail "not renewed 7 days ahead: $(litok) token requests"
	[ "$(ctl GET "requests?path=/oauth/v2/accessToken" | python3 -c '
import json, sys
print(json.load(sys.stdin)[-1]["form"]["refresh_token"])')" = "$rt" ] ||
	    fail "the renewal did not use the rotated refresh token"
	[ "$(PF=linkedin stored refresh_token)" != "$rt" ] || fail "the new refresh token was not kept"
	# (the fake's clock runs on in real time from each li_clock, and it
	# counts the 365 days from its own time of the first renewal: the
	# two runs' delays before their token requests differ by a second
	# or so either way, more under valgrind)
	end=$(PF=linkedin stored refresh_token expires_at)
	drift=$((end - (start + 365 * 86400)))
	[ "$drift" -ge -5 ] && [ "$drift" -le 5 ] ||
	    fail "the refresh token's end moved: $end, not $((start + 365 * 86400))"
	[ "$(PF=linkedin stored access_token expires_at)" -eq $(( $(epoch 2027-01-04T12:00) + 60 * 86400 )) ] ||
	    fail "the renewed access token ends at $(PF=linkedin stored access_token expires_at)"
}

t_linkedin_expired_token_answered_401_is_renewed_and_sent_again() {
	li_reset
	li 2026-11-12T08:00	# before the window: only the renewal
	expect_rc 0
	[ "$(litok)" -eq 1 ] || fail "no renewal before the window"
	old=$(PF=linkedin stored access_token)
	ctl POST oauth '{"platform": "linkedin", "expire": true}' >/dev/null
	li 2026-11-12T12:00
	expect_rc 0
	[ "$(reqs /rest/posts | sort | tr '\n' ' ')" = "POST 201 POST 201 POST 401 POST 401 " ] ||
	    fail "posts: $(reqs /rest/posts | tr '\n' ' ')"
	ctl GET "requests?path=/rest/posts" | python3 -c '
import json, sys
rs = json.load(sys.stdin)
assert [r["outcome"] for r in rs if r["status"] == 401] == \
    ["unauthorized: expired token"] * 2, rs
assert json.loads(rs[0]["body"] or "{}") is not None
' || fail "the 401s were not LinkedIn's expired token"
	[ "$(litok)" -eq 2 ] || fail "$(litok) token requests, expected one renewal for both 401s"
	[ "$(PF=linkedin stored access_token)" != "$old" ] || fail "the store kept the expired token"
	[ "$(nposts linkedin)" -eq 2 ] || fail "$(nposts linkedin) posts"
	[ "$(state 11-12-alpha linkedin)" = published ] || fail "alpha: $(state 11-12-alpha linkedin)"
}

t_linkedin_refused_refresh_token_says_what_to_do() {
	li_reset fake-linkedin-refresh-stale
	li_clock 2026-11-12T12:00
	ctl POST oauth '{"platform": "linkedin", "expire": true}' >/dev/null
	li 2026-11-12T12:00
	expect_rc 78
	expect_err "linkedin refused the refresh token (400: The provided authorization grant or refresh token is invalid, expired or revoked); nothing renews linkedin's access token until someone authorizes almanac again: run almanac auth linkedin (or put a new refresh token in the credentials file as linkedin.refresh_token)"
	expect_err "failed linkedin 11-12-alpha: linkedin refused the access token and it could not be renewed (its refresh token was refused: run almanac auth linkedin (or put a new refresh token in the credentials file as linkedin.refresh_token)); the next run tries again"
	[ "$(nposts linkedin)" -eq 0 ] || fail "a post was made"
	[ "$(state 11-12-alpha linkedin)" = failed ] || fail "alpha: $(state 11-12-alpha linkedin)"
	[ ! -e var/tokens.db ] || [ -z "$(PF=linkedin stored access_token)" ] || fail "something was stored"
}

# The 365 days count from the member's consent: renewals do not move
# them, doctor shows them, and past them the endpoint refuses.
t_linkedin_refresh_token_cap_in_doctor() {
	li_reset
	li 2026-11-12T12:00
	expect_rc 0
	li 2027-01-04T12:00
	expect_rc 0
	[ "$(litok)" -eq 2 ] || fail "$(litok) token requests, expected 2"
	li_clock 2027-01-04T11:00
	li_doctor 2027-01-04T11:00
	expect_out "linkedin: the refresh token expires in 312 days (on 2027-11-12)"
	li_doctor 2027-11-01T11:00
	expect_out "linkedin: the refresh token expires in 11 days (on 2027-11-12); renew it before then"
	li_doctor 2027-11-13T12:00
	expect_rc 1
	expect_out "linkedin: the refresh token expired on 2027-11-12 (token store); renew it: run almanac auth linkedin (or put a new refresh token in the credentials file as linkedin.refresh_token)"
	li 2027-11-13T12:00
	expect_rc 78
	expect_err "linkedin refused the refresh token (400: "
}

# doctor asks introspectToken (client_id and client_secret are enough)
# when the access token ends.
t_linkedin_doctor_reads_the_expiry() {
	li_reset
	sed -i "s/^linkedin = .*/linkedin = { access_token = \"fake-linkedin-token\"; client_id = \"fake-linkedin-client\"; client_secret = \"fake-linkedin-client-secret\"; };/" credentials.conf
	now=$(epoch 2026-11-12T12:00)
	li_clock 2026-11-12T12:00
	must ctl POST expiry "{\"platform\": \"linkedin\", \"expires_at\": $((now + 30 * 86400 + 60))}" >/dev/null
	li_doctor 2026-11-12T12:00
	expect_rc 0
	expect_out "ok      linkedin: the token expires in 30 days (on 2026-12-12)"
	expect_out "ok      linkedin: token of Fake Member (urn:li:person:fAkEmEmBeR1)"
	ctl GET "requests?path=/oauth/v2/introspectToken" | python3 -c '
import json, sys
rs = json.load(sys.stdin)
assert len(rs) == 1, rs
assert rs[0]["method"] == "POST" and rs[0]["status"] == 200, rs
assert rs[0]["form"] == {"token": "fake-linkedin-token",
                         "client_id": "fake-linkedin-client",
                         "client_secret": "fake-linkedin-client-secret"}, rs
' || fail "introspectToken was not asked once as documented"
	[ "$(litok)" -eq 0 ] || fail "doctor renewed a token"
	# 14 days ahead: a warning
	must ctl POST expiry "{\"platform\": \"linkedin\", \"expires_at\": $((now + 14 * 86400 + 60))}" >/dev/null
	li_doctor 2026-11-12T12:00
	expect_rc 0
	expect_out "warn    linkedin: the token expires in 14 days (on 2026-11-26); renew it before then"
	# past its end by doctor's clock (LinkedIn's still says active)
	must ctl POST expiry "{\"platform\": \"linkedin\", \"expires_at\": $((now + 3600))}" >/dev/null
	li_doctor 2026-11-13T12:00
	expect_rc 1
	expect_out "FAIL    linkedin: the token expired on 2026-11-12 (introspectToken: expires_at); renew it"
	# LinkedIn says it is no longer active
	li_clock 2026-11-14T12:00
	li_doctor 2026-11-14T12:00
	expect_rc 1
	expect_out "FAIL    linkedin: the token has expired (LinkedIn's introspectToken says so); renew it"
	expect_no_out "ok      linkedin: token of"
	must ctl POST script '{"path": "/oauth/v2/introspectToken", "responses": [{"status": 200, "body": {"active": false, "status": "revoked"}}]}' >/dev/null
	li_doctor 2026-11-12T12:00
	expect_rc 1
	expect_out "FAIL    linkedin: the token was revoked (LinkedIn's introspectToken says so); authorize almanac again"
	# an answer without the expiry says so, and the token is judged by
	# userinfo
	must ctl POST script '{"path": "/oauth/v2/introspectToken", "responses": [{"status": 401, "body": {"error": "invalid_client", "error_description": "Client authentication failed"}}]}' >/dev/null
	li_doctor 2026-11-12T12:00
	expect_rc 0
	expect_out "info    linkedin: when the token expires is not known: introspectToken answered 401: Client authentication failed"
	# without the client, not asked
	sed -i "s/^linkedin = .*/linkedin = { access_token = \"fake-linkedin-token\"; };/" credentials.conf
	n=$(ctl GET "requests?path=/oauth/v2/introspectToken" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	li_doctor 2026-11-12T12:00
	expect_rc 0
	[ "$(ctl GET "requests?path=/oauth/v2/introspectToken" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" -eq "$n" ] ||
	    fail "introspectToken asked without the client"
	expect_no_out "the token expires"
}

run_tests
