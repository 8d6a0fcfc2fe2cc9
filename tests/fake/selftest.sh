#!/bin/sh
# selftest.sh: checks the fake platform server with curl. Starts it on an
# ephemeral port with certificates from make-ca.sh, exercises every
# platform, the scripted failures and the control endpoints, stops it.
# Prints TAP lines "ok - NAME" / "not ok - NAME"; exits 1 on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/almanac-fake.XXXXXX")
pid=""
failures=0
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { echo "ok - $1"; }
notok() {	# notok NAME WHY
	echo "not ok - $1"
	echo "    $2"
	failures=$((failures + 1))
}
check() {	# check NAME COMMAND...: ok when COMMAND succeeds
	n=$1
	shift
	if "$@"; then ok "$n"; else notok "$n" "failed: $*"; fi
}

# c ARGS...: curl to the fake; status in $st, body in $tmp/body, headers
# in $tmp/hdr, curl's exit code in $crc.
c() {
	st=$(curl -sS --max-time 10 --cacert "$tmp/ca/ca.pem" -o "$tmp/body" \
	    -D "$tmp/hdr" -w '%{http_code}' "$@" 2>"$tmp/curlerr")
	crc=$?
}

# t NAME EXPR: ok when the Python expression EXPR holds for the last
# answer: st (status), crc (curl's exit code), body (text), d (the body as
# JSON, or None), h (headers by lowercase name), E (the environment).
cat >"$tmp/t.py" <<'EOF'
import json, os, sys
tmp, st, crc, expr = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
body = open(tmp + "/body", encoding="utf-8", errors="replace").read()
try:
    d = json.loads(body)
except ValueError:
    d = None
h = {}
for line in open(tmp + "/hdr", errors="replace"):
    k, _, v = line.partition(":")
    if v:
        h[k.strip().lower()] = v.strip()
E = os.environ
try:
    ok = eval(expr)
except Exception as e:
    ok = False
    print("    exception:", repr(e))
sys.exit(0 if ok else 1)
EOF
t() {
	if python3 "$tmp/t.py" "$tmp" "$st" "$crc" "$2"; then
		ok "$1"
	else
		notok "$1" "false: $2 | status $st, curl $crc: $(head -c 300 "$tmp/body")"
	fi
}
# v EXPR: prints the Python expression EXPR over d, the last JSON answer
v() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$tmp/body" "$1" 2>/dev/null
}

# sign URL [CONSUMER_SECRET]: an OAuth 1.0a Authorization header for
# POST URL (oauth parameters only), with the keys of secrets.json.
cat >"$tmp/sign.py" <<'EOF'
import base64, hashlib, hmac, os, sys, time
from urllib.parse import quote
pe = lambda s: quote(s, safe="-._~")
p = {"oauth_consumer_key": "fake-consumer-key",
     "oauth_nonce": os.urandom(16).hex(),
     "oauth_signature_method": "HMAC-SHA1",
     "oauth_timestamp": str(int(time.time())),
     "oauth_token": "1234567890-fake-access-token", "oauth_version": "1.0"}
norm = "&".join(f"{pe(k)}={pe(v)}" for k, v in sorted(p.items()))
base = f"POST&{pe(sys.argv[1])}&{pe(norm)}"
key = f"{pe(sys.argv[2])}&{pe('fake-access-token-secret')}"
p["oauth_signature"] = base64.b64encode(
    hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()
print("OAuth " + ", ".join(f'{k}="{pe(v)}"' for k, v in sorted(p.items())))
EOF
sign() { python3 "$tmp/sign.py" "$1" "${2:-fake-consumer-secret}"; }

tweet() {	# tweet TEXT [AUTH [CURL-ARGS...]]: POST /2/tweets
	text=$1
	a=${2:-}
	[ -n "$a" ] || a=$(sign "$base/2/tweets")
	shift $(($# < 2 ? $# : 2))
	c -X POST -H "Authorization: $a" -H 'Content-Type: application/json' \
	    --data-binary "{\"text\": \"$text\"}" "$@" "$base/2/tweets"
}
li() {	# li COMMENTARY [TOKEN [VERSION]]: POST /rest/posts
	c -X POST -H "Authorization: Bearer ${2:-fake-linkedin-token}" \
	    -H "LinkedIn-Version: ${3:-202511}" \
	    -H 'X-Restli-Protocol-Version: 2.0.0' \
	    -H 'Content-Type: application/json' --data-binary \
	    "{\"author\":\"urn:li:organization:123\",\"commentary\":\"$1\",\"visibility\":\"PUBLIC\",\"distribution\":{\"feedDistribution\":\"MAIN_FEED\",\"targetEntities\":[],\"thirdPartyDistributionChannels\":[]},\"content\":{\"article\":{\"source\":\"https://example.org/1969\",\"title\":\"Apollo 11\"}},\"lifecycleState\":\"PUBLISHED\",\"isReshareDisabledByAuthor\":false}" \
	    "$base/rest/posts"
}
graph() {	# graph PATH FORM TOKEN: a form POST to the Graph API
	c -X POST -H "Authorization: Bearer $3" \
	    -H 'Content-Type: application/x-www-form-urlencoded' \
	    --data-binary "$2" "$base/v24.0/$1"
}
pin() {	# pin DESCRIPTION [TOKEN]: POST /v5/pins
	c -X POST -H "Authorization: Bearer ${2:-fake-pinterest-token}" \
	    -H 'Content-Type: application/json' --data-binary \
	    "{\"board_id\":\"1234567890\",\"title\":\"Apollo 11\",\"description\":\"$1\",\"link\":\"https://example.org/1969\",\"media_source\":{\"source_type\":\"image_url\",\"url\":\"https://cdn.example/1969.jpg\"}}" \
	    "$base/v5/pins"
}
ctl() {	# ctl METHOD WHAT [JSON]: a control request
	if [ $# -gt 2 ]; then
		c -X "$1" -H 'Content-Type: application/json' \
		    --data-binary "$3" "$base/_control/$2"
	else
		c -X "$1" "$base/_control/$2"
	fi
}
script() { ctl POST script "$1"; }

start_server() {	# start_server ARGS...: sets $pid and $port
	rm -f "$tmp/port"
	python3 "$here/server.py" --port-file "$tmp/port" "$@" &
	pid=$!
	i=0
	while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	port=$(cat "$tmp/port" 2>/dev/null)
}
stopped_within() {	# stopped_within TENTHS: $pid has exited by then
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		[ "$i" -ge "$1" ] && return 1
		sleep 0.1
		i=$((i + 1))
	done
	wait "$pid"
	pid=""
}
same_file() {	# same_file FILE COMMAND...: COMMAND leaves FILE alone
	f=$1
	shift
	m=$(stat -c %i.%Y "$f")
	"$@" && [ "$(stat -c %i.%Y "$f")" = "$m" ]
}
not() { ! "$@"; }

# --- certificates, the server's signer, the shipped secrets
check make_ca "$here/make-ca.sh" "$tmp/ca"
check make_ca_idempotent same_file "$tmp/ca/server.pem" \
    "$here/make-ca.sh" "$tmp/ca"
verifies() { openssl verify -CAfile "$1" "$2" >/dev/null 2>&1; }
check server_cert_verifies verifies "$tmp/ca/ca.pem" "$tmp/ca/server.pem"
check unknown_ca_does_not_verify not verifies "$tmp/ca/ca.pem" \
    "$tmp/ca/other-server.pem"
check oauth_vectors python3 -B -c "
import sys; sys.path.insert(0, '$here'); import server
p = [('oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'),
     ('oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'),
     ('oauth_signature_method', 'HMAC-SHA1'),
     ('oauth_timestamp', '1318622958'),
     ('oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'),
     ('oauth_version', '1.0')]
s = ('kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
     'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE')
full = p + [('status', 'Hello Ladies + Gentlemen, a signed OAuth request!'),
            ('include_entities', 'true')]
u = 'https://api.twitter.com/1.1/statuses/update.json'
assert server.oauth_signature('POST', u, full, *s)[0] == 'hCtSmYh+iHYCEqBWrE7C7hYmtUk='
assert server.oauth_signature('POST', 'https://api.x.com/2/tweets', p, *s)[0] == 'lr+tV/DKclEvXKVjG6tgaSSLV0k='
assert server.pe(\"a!b'c(d)e*f\") == 'a%21b%27c%28d%29e%2Af'
assert server.pe('\u2603') == '%E2%98%83' and server.pe('-._~') == '-._~'
"
check credentials_match_secrets python3 -c "
import json, re
s = json.load(open('$here/secrets.json'))
conf = open('$here/credentials.conf').read()
got = {g: dict(re.findall(r'(\w+) = \"([^\"]*)\";', b))
       for g, b in re.findall(r'^(\w+) = \{(.*?)\};', conf, re.M | re.S)}
# each credential the file gives is the secret the fake holds (the fake
# holds more: the token flows' clients and refresh tokens)
assert all(s.get(g, {}).get(k) == v for g, kv in got.items()
           for k, v in kv.items()) and set(got) == set(s), (got, s)
"

start_server --cert "$tmp/ca/server.pem" --key "$tmp/ca/server.key" \
    --log "$tmp/log" --max-seconds 300 --max-sleep 5
if [ -z "$port" ]; then
	notok server_starts "no port file after 10 s: $(cat "$tmp/log" 2>/dev/null)"
	exit 1
fi
ok server_starts
base="https://127.0.0.1:$port"

c --resolve "localhost:$port:127.0.0.1" "https://localhost:$port/nowhere"
t tls_localhost_verifies 'st == 404'
st=$(curl -sS --max-time 5 --cacert "$tmp/ca/other-ca.pem" -o /dev/null \
    -w '%{http_code}' "$base/nowhere" 2>/dev/null)
crc=$?
t tls_unknown_ca_refused 'crc == 60'

# --- X
tweet "On this day in 1969: Apollo 11"
t twitter_created 'st == 201 and d["data"]["text"] == "On this day in 1969: Apollo 11" and d["data"]["id"].isdigit()'
tweet "On this day in 1969: Apollo 11"
t twitter_duplicate 'st == 403 and d == {"detail": "You are not allowed to create a Tweet with duplicate content.", "type": "about:blank", "title": "Forbidden", "status": 403}'
tweet "Signed with the wrong secret" "$(sign "$base/2/tweets" wrong-secret)"
t twitter_bad_signature 'st == 401 and d == {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}'
tweet "Signed for another host" "$(sign "https://api.x.com/2/tweets")"
t twitter_signature_covers_host 'st == 401'
auth=$(sign "$base/2/tweets")
tweet "First use of a nonce" "$auth"
tweet "Second use of a nonce" "$auth"
t twitter_nonce_replay 'st == 401'
tweet ""
t twitter_empty_text 'st == 400 and d["title"] == "Invalid Request"'

# --- LinkedIn
li 'On this day \\(1969\\)'
t linkedin_created 'st == 201 and body == "" and h["x-restli-id"].startswith("urn:li:share:")'
urn=$(sed -n 's/^x-restli-id: *//Ip' "$tmp/hdr" | tr -d '\r')
export urn
li 'On this day \\(1969\\)'
t linkedin_duplicate 'st == 422 and d["errorDetails"]["inputErrors"][0]["code"] == "DUPLICATE_POST" and d["message"] == "Content is a duplicate of " + E["urn"]'
li "Wrong token" wrong-token
t linkedin_bad_token 'st == 401 and d == {"status": 401, "serviceErrorCode": 65600, "code": "INVALID_ACCESS_TOKEN", "message": "Invalid access token"}'
c -X POST -H 'Authorization: Bearer fake-linkedin-token' \
    -H 'X-Restli-Protocol-Version: 2.0.0' -H 'Content-Type: application/json' \
    --data-binary '{}' "$base/rest/posts"
t linkedin_version_missing 'st == 400 and d["code"] == "VERSION_MISSING"'
li "Old version" fake-linkedin-token 202401
t linkedin_version_sunset 'st == 426 and d["code"] == "NONEXISTENT_VERSION"'

# --- Facebook
fb=fake-facebook-page-token
graph 1234/feed 'message=On%20this%20day%20in%201969&link=https%3A%2F%2Fexample.org%2F1969' $fb
t facebook_created 'st == 200 and d["id"].startswith("1234_") and d["id"][5:].isdigit()'
fbid=$(v 'd["id"]')
graph 1234/feed 'message=On%20this%20day%20in%201969' $fb
t facebook_duplicate 'st == 400 and d["error"]["code"] == 506'
graph 1234/feed 'message=x' wrong-token
t facebook_bad_token 'st == 400 and d["error"]["code"] == 190 and d["error"]["type"] == "OAuthException"'
c -H "Authorization: Bearer $fb" "$base/v24.0/$fbid?fields=permalink_url"
t facebook_permalink 'st == 200 and d["permalink_url"].startswith("https://www.facebook.com/1234/posts/")'

# --- Instagram
ig=fake-instagram-token
graph 5678/media 'image_url=https%3A%2F%2Fcdn.example%2F1969.jpg&caption=Apollo%2011' $ig
t instagram_container 'st == 200 and d["id"].isdigit()'
cid=$(v 'd["id"]')
export cid
c -H "Authorization: Bearer $ig" "$base/v24.0/$cid?fields=status_code"
t instagram_status_finished 'st == 200 and d == {"status_code": "FINISHED", "id": E["cid"]}'
graph 5678/media_publish "creation_id=$cid" $ig
t instagram_published 'st == 200 and d["id"].isdigit() and d["id"] != E["cid"]'
c -H "Authorization: Bearer $ig" "$base/v24.0/$cid?fields=status_code"
t instagram_status_published 'd["status_code"] == "PUBLISHED"'
graph 5678/media_publish "creation_id=$cid" $ig
t instagram_publish_twice 'st == 400 and d["error"]["type"] == "OAuthException"'
graph 5678/media 'image_url=https%3A%2F%2Fcdn.example%2Fx.jpg' wrong-token
t instagram_bad_token 'st == 400 and d["error"]["code"] == 190'
ctl POST containers '{"in_progress": 1}'
t instagram_in_progress_set 'st == 200 and d == {"in_progress": 1}'
graph 5678/media 'image_url=https%3A%2F%2Fcdn.example%2Fslow.jpg' $ig
cid=$(v 'd["id"]')
export cid
c -H "Authorization: Bearer $ig" "$base/v24.0/$cid?fields=status_code"
t instagram_status_in_progress 'd == {"status_code": "IN_PROGRESS", "id": E["cid"]}'
c -H "Authorization: Bearer $ig" "$base/v24.0/$cid?fields=status_code"
t instagram_status_then_finished 'd["status_code"] == "FINISHED"'
ctl POST containers '{"in_progress": 0}'

# --- Pinterest
pin "On this day in 1969"
t pinterest_created 'st == 201 and d["board_id"] == "1234567890" and d["description"] == "On this day in 1969" and d["id"].isdigit()'
pin "Wrong token" wrong-token
t pinterest_bad_token 'st == 401 and sorted(d) == ["code", "message"]'

c "$base/no/such/endpoint"
t unknown_path_404 'st == 404'

# --- scripted failures
script '{"path": "/2/tweets", "responses": [{"status": 429, "headers": {"Retry-After": "1"}, "body": {"errors": [{"code": 88}]}}]}'
t script_queued 'st == 200 and d == {"queued": 1}'
tweet "Rate limited once"
t script_429 'st == 429 and h["retry-after"] == "1" and d == {"errors": [{"code": 88}]}'
tweet "Rate limited once"
t script_queue_drains 'st == 201'
script '{"path": "POST /rest/posts", "responses": [{"action": "drop"}]}'
li "Dropped after creating"
t script_drop 'crc == 52 and st == 0'
script '{"platform": "pinterest", "responses": [{"action": "drop_before"}]}'
pin "Dropped before creating"
t script_drop_before 'crc == 52'
script '{"path": "/v24.0/", "responses": [{"action": "created_then_500"}]}'
graph 1234/feed 'message=Created%20then%20500' $fb
t script_created_then_500 'st == 500 and d["error"]["code"] == 2'
script '{"path": "/2/tweets", "responses": [{"action": "garbage"}]}'
tweet "Garbage answer"
t script_garbage 'st == 201 and body == "<html>oops"'
script '{"path": "/v5/pins", "responses": [{"action": "redirect", "location": "/elsewhere"}]}'
pin "Redirected"
t script_redirect 'st == 302 and h["location"] == "/elsewhere"'
script '{"path": "/2/tweets", "responses": [{"action": "timeout", "seconds": 1.5}]}'
tweet "Too slow" "" --max-time 0.5
t script_timeout_client_gives_up 'crc == 28'
sleep 1.3
ctl GET posts
t script_timeout_created_after_sleep '[p["text"] for p in d["twitter"]].count("Too slow") == 1'
script '{"path": "/2/tweets", "responses": [{"action": "timeout", "seconds": 0.3, "then": "close"}]}'
tweet "Slow then closed"
t script_timeout_close 'crc == 52'
script '{"path": "/2/tweets", "responses": [{"action": "nonsense"}]}'
t script_rejects_unknown_action 'st == 400'

# --- control endpoints
ctl GET posts
t posts_exactly_once 'sorted((k, len(v), len({p["text"] for p in v})) for k, v in d.items() if v) == [("facebook", 2, 2), ("instagram", 1, 1), ("linkedin", 2, 2), ("pinterest", 1, 1), ("twitter", 5, 5)]'
ctl GET 'requests?path=/2/tweets'
t requests_recorded 'len(d) == 12 and d[0]["method"] == "POST" and d[0]["json"] == {"text": "On this day in 1969: Apollo 11"} and d[0]["status"] == 201 and d[0]["headers"]["authorization"].startswith("OAuth ")'
ctl GET 'requests?platform=linkedin'
t requests_record_drop 'd[-1]["status"] is None and d[-1]["outcome"].startswith("dropped after: created urn:li:share:") and d[-1]["script"] == {"action": "drop"}'
ctl POST reset
ctl GET requests
t reset_clears_requests 'd == []'
tweet "On this day in 1969: Apollo 11"
t reset_clears_duplicates 'st == 201'
script '{"path": "/2/tweets", "responses": [{"status": 402}]}'
tweet "Out of credits"
t script_402_credits 'st == 402 and d["title"] == "CreditsDepleted" and d["status"] == 402'

# --- a platform that repeats the credential it was sent
script '{"platform": "linkedin", "responses": [{"action": "echo_token"}]}'
li "Token echoed"
t script_echo_token_bearer 'st == 401 and d["message"] == "Invalid credentials: Authorization: Bearer fake-linkedin-token"'
script '{"path": "/v24.0/", "responses": [{"action": "echo_token", "status": 400}]}'
graph 1234/feed 'message=Token%20echoed' $fb
t script_echo_token_graph 'st == 400 and d["error"]["message"] == "Invalid credentials: Authorization: Bearer fake-facebook-page-token"'
script '{"path": "/v24.0/", "responses": [{"action": "echo_token"}]}'
c -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary "message=x&access_token=$fb" "$base/v24.0/1234/feed"
t script_echo_token_parameter 'st == 401 and d["error"]["message"] == "Invalid credentials: access_token=fake-facebook-page-token"'
script '{"path": "/2/tweets", "responses": [{"action": "echo_token"}]}'
tweet "Token echoed"
t script_echo_token_oauth 'st == 401 and d["detail"].startswith("Invalid credentials: Authorization: OAuth ") and "oauth_token=\"1234567890-fake-access-token\"" in d["detail"]'
ctl GET posts
t script_echo_token_no_post 'sorted((k, len(v)) for k, v in d.items() if v) == [("twitter", 1)]'

# --- keep-alive: when a reused connection closes before any answer,
# libcurl sends the request again on a fresh one (so almanac's HTTP engine
# gives POSTs fresh connections); the fake shows both sends.
ctl POST reset
script '{"path": "/v5/pins", "responses": [{"action": "drop"}]}'
curl -s --max-time 10 --cacert "$tmp/ca/ca.pem" -o /dev/null \
    "$base/_control/posts" --next --cacert "$tmp/ca/ca.pem" -o /dev/null \
    -H 'Authorization: Bearer fake-pinterest-token' \
    -H 'Content-Type: application/json' --data-binary \
    '{"board_id":"1","description":"Sent twice","media_source":{"source_type":"image_url","url":"https://cdn.example/x.jpg"}}' \
    "$base/v5/pins"
ctl GET 'requests?path=/v5/pins'
t keepalive_resend_recorded 'len(d) == 2 and d[0]["status"] is None and d[1]["status"] == 201'

# --- stopping
kill -TERM "$pid"
check sigterm_stops_promptly stopped_within 20
start_server --plain --max-seconds 1 --log "$tmp/log2"
c --max-time 2 "http://127.0.0.1:$port/nowhere"
t plain_http_mode 'st == 404'
check max_seconds_stops stopped_within 30

if [ "$failures" -gt 0 ]; then
	echo "# $failures failed; server log:"
	sed 's/^/#   /' "$tmp/log"
	exit 1
fi
exit 0
