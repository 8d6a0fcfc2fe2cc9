#!/bin/sh
# answers: what each platform's answers mean (docs/platforms.md), the
# built binary against the fake platforms: refusals, a retired API
# version (exit 78), credits and quotas left for later runs (exit 75),
# refused tokens, and Instagram's container flow.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fake.sh"

fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT

reset() { ctl POST reset >/dev/null; setup_publish; }

# count SQL-WHERE: ledger rows that match
count() { ledger "select count(*) from pairs where $1"; }

# ncontainers: Instagram containers made on the fake
ncontainers() {
	ctl GET containers | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# both_posted PLATFORM: both posts exist on the fake platform, once each
both_posted() {
	[ "$(nposts "$1")" -eq 2 ] || fail "$1 posts: $(nposts "$1")"
}

# one_container_each: both Instagram posts exist, from the first two
# containers (no retry made a new one)
one_container_each() {
	[ "$(ncontainers)" -eq 2 ] || fail "$(ncontainers) containers: a new one was made"
	both_posted instagram
}

# npath PATH: requests the fake received at a path
npath() {
	ctl GET "requests?path=$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# ig_script EDGE CODE SUBCODE MESSAGE [REPEAT]: the next POSTs to the
# Instagram user's EDGE (media, media_publish) answer 400 with that Graph
# error
ig_script() {
	ctl POST script "{\"path\": \"POST /v24.0/2002/$1\", \"responses\": [{\"status\": 400, \"code\": $2, \"subcode\": $3, \"message\": \"$4\", \"repeat\": ${5:-1}}]}" >/dev/null
}

# nget PATH-PREFIX FIELDS: GETs of the fake under a path that ask for
# these fields (status_code, say)
nget() {
	ctl GET "requests?method=GET&path=$1" | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin)
          if r["query"].get("fields") == sys.argv[1]))' "$2"
}

t_other_4xx_is_a_refusal() {
	reset
	script pinterest '[{"status": 409, "body": {"code": 409, "message": "conflict"}, "repeat": 2}]'
	publish --platform pinterest
	expect_rc 1
	expect_err "failed pinterest 11-12-alpha: pinterest refused the request (409): conflict (409,"
	expect_err "not tried again (publish --retry-failed after fixing it)"
	[ "$(count "platform='pinterest' and state='failed' and retryable=0")" -eq 2 ] ||
	    fail "409 not a failure"
	[ "$(nreq pinterest)" -eq 2 ] || fail "a refusal was sent again"
	publish --platform pinterest --retry-failed
	expect_rc 0
	both_posted pinterest
}

t_408_and_425_stay_unknown() {
	reset
	script twitter '[{"status": 408}, {"status": 425}]'
	publish --platform twitter
	expect_rc 1
	expect_err "twitter answered 408"
	expect_err "twitter answered 425"
	[ "$(count "platform='twitter' and state='unknown'")" -eq 2 ] ||
	    fail "408 and 425 not unknown"
}

t_retired_linkedin_version_exits_78() {
	reset
	sed -i 's/version = "202511"/version = "202407"/' almanac.conf
	publish
	expect_rc 78
	expect_err "failed linkedin 11-12-alpha: linkedin no longer serves LinkedIn-Version 202407 (426: Requested version 202407 is not active): the version is retired; set platforms.linkedin.version to a newer one (426,"
	[ "$(count "platform='linkedin' and state='failed' and retryable=0")" -eq 2 ] ||
	    fail "426 not a failure"
	[ "$(nposts linkedin)" -eq 0 ] || fail "a post was made"
	for p in twitter facebook instagram pinterest feed; do
		[ "$(state 11-12-alpha $p)" = published ] || fail "$p not published"
	done
	# fixed, and sent again
	sed -i 's/version = "202407"/version = "202511"/' almanac.conf
	publish --platform linkedin --retry-failed
	expect_rc 0
	both_posted linkedin
}

t_x_out_of_credits_exits_75() {
	reset
	script twitter '[{"status": 402, "repeat": 2}]'
	publish --platform twitter
	expect_rc 75
	expect_err "failed twitter 11-12-alpha: twitter refused the post: the X developer account is out of API credits (402: Your enrolled account does not have any credits to fulfill this request.): add credits to it (402,"
	expect_err "the next run tries again"
	# not again in the same run, though retries = 1
	[ "$(nreq twitter)" -eq 2 ] || fail "$(nreq twitter) requests, expected 2"
	[ "$(count "platform='twitter' and state='failed' and retryable=1")" -eq 2 ] ||
	    fail "402 not a retryable failure"
	publish --platform twitter
	expect_rc 0
	both_posted twitter
}

# A retryable failure that is not sent again within its slot's grace (3 h
# from 09:00 and 10:00) becomes missed, its error kept, and is never sent.
t_retryable_failure_past_the_grace_is_missed() {
	reset
	script twitter '[{"status": 402, "repeat": 2}]'
	publish --platform twitter
	expect_rc 75
	run -c almanac.conf --now 2026-11-12T12:30 publish --platform twitter
	expect_rc 0
	expect_err "missed twitter 11-12-alpha: its slot 09:00 was 3 h 30 min ago, more than the grace of 3 h"
	expect_err "1 published, 0 failed (0 to retry), 0 unknown, 1 missed"
	[ "$(nreq twitter)" -eq 3 ] || fail "$(nreq twitter) requests, expected 3"
	[ "$(count "platform='twitter' and post_id='11-12-alpha' and state='missed' and retryable=0 and error like '%grace of 3 h; it had failed: %out of API credits%'")" -eq 1 ] ||
	    fail "alpha not missed: $(ledger "select state, retryable, error from pairs where post_id='11-12-alpha' and platform='twitter'")"
	[ "$(count "platform='twitter' and post_id='11-12-beta' and state='published'")" -eq 1 ] ||
	    fail "beta (within its grace) not sent"
	run -c almanac.conf --now 2026-11-12T12:30 status
	expect_out "missed"
	expect_no_out "retried by"
}

t_graph_token_refused() {
	reset
	sed -i 's/fake-facebook-page-token/expired-token/' credentials.conf
	publish --platform facebook
	expect_rc 1
	expect_err "failed facebook 11-12-alpha: the facebook token was refused: renew it: put a new facebook.access_token in the credentials file ("
	expect_err "credentials.conf) (Invalid OAuth access token - Cannot parse access token (code 190)) (400,"
	[ "$(count "platform='facebook' and state='failed' and retryable=0")" -eq 2 ] ||
	    fail "190 not a failure"
	reset
	script instagram '[{"status": 400, "code": 190, "subcode": 463, "message": "Error validating access token: Session has expired", "repeat": 2}]'
	publish --platform instagram
	expect_rc 1
	expect_err "the instagram token was refused: renew it: put a new instagram.access_token in the credentials file ("
	expect_err "(Error validating access token: Session has expired (code 190, subcode 463))"
}

t_instagram_permalink_recorded() {
	reset
	publish --platform instagram
	expect_rc 0
	expect_err "published instagram 11-12-alpha https://www.instagram.com/p/fake"
	[ "$(count "platform='instagram' and state='published' and permalink like 'https://www.instagram.com/p/fake%' and remote_id is not null")" -eq 2 ] ||
	    fail "no permalinks: $(ledger "select remote_id, permalink, step from pairs where platform='instagram'")"
	# each container asked once, each media once
	[ "$(nget /v24.0/ status_code)" -eq 2 ] || fail "status GETs: $(nget /v24.0/ status_code)"
	[ "$(nget /v24.0/ permalink)" -eq 2 ] || fail "permalink GETs: $(nget /v24.0/ permalink)"
}

t_instagram_waits_for_the_container() {
	reset
	ctl POST containers '{"in_progress": 1}' >/dev/null
	publish --platform instagram
	expect_rc 0
	expect_err "is still being processed; trying again in"
	both_posted instagram
	[ "$(nget /v24.0/ status_code)" -eq 4 ] || fail "status GETs: $(nget /v24.0/ status_code)"
	# media_publish never came before FINISHED
	n=$(npath /v24.0/2002/media_publish)
	[ "$n" -eq 2 ] || fail "$n media_publish requests: one came too early"
}

t_instagram_container_not_ready_left_for_next_run() {
	reset
	ctl POST containers '{"in_progress": 3}' >/dev/null
	publish --platform instagram
	expect_rc 75
	expect_err "is still being processed (200,"
	expect_err "the next run tries again"
	[ "$(count "platform='instagram' and state='failed' and retryable=1 and step like 'container:%'")" -eq 2 ] ||
	    fail "containers not kept: $(ledger "select state, retryable, step from pairs where platform='instagram'")"
	[ "$(nposts instagram)" -eq 0 ] || fail "published before FINISHED"
	publish --platform instagram
	expect_rc 0
	one_container_each
}

t_instagram_container_try_again() {
	reset
	ig_script media -1 2207001 "Instagram server error. Try again"
	ig_script media -2 2207003 "It takes too long to download the media. Try again"
	publish --platform instagram
	expect_rc 0
	expect_err "instagram could not make the media container, try again: Instagram server error. Try again (code -1, subcode 2207001); trying again in"
	both_posted instagram
	reset
	sed -i 's/retries = 1;/retries = 0;/' almanac.conf
	ig_script media -1 2207032 "Create media fail, please try to re-create media"
	publish --platform instagram
	expect_rc 75
	expect_err "the next run tries again"
	publish --platform instagram
	expect_rc 0
	both_posted instagram
}

t_instagram_quota_exits_75() {
	reset
	ig_script media_publish 9 2207042 "The maximum number of posts that can be published in 24 hours has been reached" 2
	publish --platform instagram
	expect_rc 75
	expect_err "instagram's publishing quota of the last 24 hours is used up: The maximum number of posts that can be published in 24 hours has been reached (code 9, subcode 2207042) (400,"
	expect_err "the next run tries again"
	n=$(npath /v24.0/2002/media_publish)
	[ "$n" -eq 2 ] || fail "$n media_publish requests: retried in the run"
	publish --platform instagram
	expect_rc 0
	one_container_each
}

t_instagram_spam_restriction_is_permanent() {
	reset
	ig_script media 4 2207051 "Action is blocked" 2
	publish --platform instagram
	expect_rc 1
	expect_err "instagram restricts the account as spam (not a rate limit): Action is blocked (code 4, subcode 2207051)"
	[ "$(count "platform='instagram' and state='failed' and retryable=0")" -eq 2 ] ||
	    fail "spam restriction not a permanent failure"
	[ "$(nreq instagram)" -eq 2 ] || fail "sent again in the run"
	before=$(nreq)
	publish --platform instagram
	expect_rc 0
	[ "$(nreq)" -eq "$before" ] || fail "sent again by the next run"
}

t_instagram_lost_publish_answer_is_asked() {
	reset
	ctl POST script '{"path": "POST /v24.0/2002/media_publish", "responses": [{"action": "drop"}]}' >/dev/null
	publish --platform instagram
	expect_rc 1
	[ "$(count "platform='instagram' and state='unknown' and step like 'container:%'")" -eq 1 ] ||
	    fail "no unknown pair with its container"
	both_posted instagram
	# the next run asks the container, without --retry-unknown
	publish --platform instagram
	expect_rc 0
	expect_err ": unknown, with progress kept: asking instagram"
	[ "$(count "platform='instagram' and state='published'")" -eq 2 ] ||
	    fail "not published: $(ledger "select state, error from pairs where platform='instagram'")"
	[ "$(nposts instagram)" -eq 2 ] || fail "published twice: $(nposts instagram)"
	n=$(npath /v24.0/2002/media_publish)
	[ "$n" -eq 2 ] || fail "$n media_publish requests, expected 2"
	# the media the container became, found by its caption among the
	# user's latest: its id and permalink, not the container's id
	[ "$(npath /v24.0/2002/media)" -ge 1 ] || fail "the user's media were not asked"
	[ "$(count "platform='instagram' and state='published' and remote_id like '1792%' and permalink = 'https://www.instagram.com/p/fake' || remote_id || '/'")" -eq 2 ] ||
	    fail "not the media's id and permalink: $(ledger "select remote_id, permalink from pairs where platform='instagram'")"
}

t_instagram_unpublished_container_is_published() {
	reset
	# the answer is lost before the fake handles it: FINISHED, not sent
	ctl POST script '{"path": "POST /v24.0/2002/media_publish", "responses": [{"action": "drop_before"}]}' >/dev/null
	publish --platform instagram
	expect_rc 1
	[ "$(nposts instagram)" -eq 1 ] || fail "instagram posts: $(nposts instagram)"
	publish --platform instagram
	expect_rc 0
	one_container_each
	[ "$(count "platform='instagram' and state='published' and permalink like 'https://www.instagram.com/p/%'")" -eq 2 ] ||
	    fail "no permalinks"
}

run_tests
