#!/usr/bin/env python3
"""A local fake of the platforms almanac publishes to, for its tests.

One HTTPS server on 127.0.0.1 serves X (POST /2/tweets), LinkedIn
(POST /rest/posts), Facebook and Instagram (Graph API, /vNN.N/...),
Pinterest (POST /v5/pins) and Threads (/vN.N/... with a Threads token),
routed by path, and checks requests the way the
real APIs do (see docs/platforms.md): OAuth 1.0a signatures,
bearer tokens, headers, bodies, duplicates. Control endpoints under
/_control/ let a test read what arrived, see which posts exist and script
failures (429, timeouts, dropped connections, garbage answers). See
README.md beside this file. Python 3.11 standard library only.
"""

import argparse
import base64
import collections
import hashlib
import hmac
import http
import json
import os
import re
import signal
import ssl
import sys
import threading
import unicodedata
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_BODY = 24 << 20  # bytes; a larger request body gets 413 (a
# picture of 16 MiB, base64 in JSON, fits)
GARBAGE = b"<html>oops"


def pe(s):
    """RFC 3986 percent-encoding as OAuth 1.0a wants it (uppercase hex)."""
    return quote(s, safe="-._~")


def oauth_signature(method, url, params, consumer_secret, token_secret):
    """The HMAC-SHA1 signature and base string for params, a list of
    (key, value) pairs, decoded; url is scheme://host[:port]/path."""
    pairs = sorted((pe(k), pe(v)) for k, v in params)
    norm = "&".join(f"{k}={v}" for k, v in pairs)
    base = "&".join([method.upper(), pe(url), pe(norm)])
    key = f"{pe(consumer_secret)}&{pe(token_secret)}"
    mac = hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()
    return base64.b64encode(mac).decode(), base


def match_path(prefix, path):
    """True when path is prefix or lies under it ("/a/b" covers "/a/b" and
    "/a/b/c" but not "/a/bc"; "/a/" covers everything starting so)."""
    if prefix.endswith("/"):
        return path.startswith(prefix)
    return path == prefix or path.startswith(prefix + "/")


class Request:
    """One request as it arrived."""

    def __init__(self, method, target, headers, body, scheme):
        u = urlsplit(target)
        self.method = method
        self.path = u.path
        self.query = dict(parse_qsl(u.query, keep_blank_values=True))
        self.headers = headers
        self.body = body
        self.scheme = scheme
        self.host = (headers.get("Host") or "").lower()
        self.ctype = (headers.get("Content-Type") or "").lower()

    def json(self):
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    def form(self):
        """Form body parameters merged over the query's (as Graph does)."""
        params = dict(self.query)
        if self.ctype.startswith("application/x-www-form-urlencoded"):
            try:
                text = self.body.decode("utf-8")
            except UnicodeDecodeError:
                text = ""
            params.update(parse_qsl(text, keep_blank_values=True))
        return params

    def bearer(self):
        """The bearer token from Authorization, or None."""
        auth = self.headers.get("Authorization") or ""
        if auth[:7].lower() == "bearer ":
            return auth[7:].strip()
        return None


class Reply:
    """What to answer: status, headers, a body (dict -> JSON, str/bytes
    sent as is) and the platform-level outcome for the records."""

    def __init__(self, status, body=None, headers=None, outcome="",
                 ctype="application/json", post=None):
        self.status = status
        self.headers = dict(headers or {})
        self.outcome = outcome
        self.post = post
        self.drop = False  # True: close the connection unanswered
        self.raw = None  # hostile answers: writes its own bytes
        if isinstance(body, (dict, list)):
            self.body = json.dumps(body).encode()
        elif isinstance(body, str):
            self.body = body.encode()
        else:
            self.body = body or b""
        self.ctype = ctype if self.body else None

    @classmethod
    def closed(cls, outcome, handled=None):
        """Closing the connection without an answer; handled is the Reply
        of a request handled first (its post is recorded)."""
        r = cls(0, outcome=outcome)
        r.drop = True
        if handled is not None:
            r.outcome += ": " + handled.outcome
            r.post = handled.post
        return r


class Store:
    """Everything the fake remembers, behind one lock: the requests, the
    posts per platform (which also detect duplicates), Instagram
    containers, OAuth nonces and the scripted behaviours."""

    PLATFORMS = ("twitter", "linkedin", "facebook", "instagram", "pinterest",
                 "mastodon", "bluesky", "threads")
    GRAPHS = ("facebook", "instagram", "threads")  # Graph's error shape

    def __init__(self):
        self.lock = threading.Lock()
        self.counter = 0  # ids keep growing across resets
        self.reset()

    def reset(self):
        with self.lock:
            self.requests = []
            self.posts = {p: [] for p in self.PLATFORMS}
            self.containers = {}
            self.in_progress = 0  # status reads a new container stays
            self.nonces = set()
            self.scripts = []
            self.expiry = {}  # whoami: debug_token's expiry per platform
            # OAuth 2: per platform, the refresh token it takes now, the
            # access tokens it issued and those it refuses (OAuth.state)
            self.oauth = {}
            # Mastodon: the instance's limits, the Idempotency-Keys seen
            self.mastodon_instance = {"max_characters": 500,
                                      "characters_reserved_per_url": 23,
                                      "image_size_limit": 16 << 20}
            self.mastodon_keys = {}
            self.offset = 0  # seconds the fake's clock is ahead
            self.threads_quota = 250  # Threads posts in 24 hours
            # Bluesky: the JWTs issued, the current refresh JWT, the
            # createSession times (its rate limit)
            self.bluesky = None
            # picture uploads (X, Mastodon): PictureUploads
            self.uploads = []
            self.mastodon_processing = 0
            # pictures uploaded for link cards' thumbnails: LinkedIn's
            # images by URN, Bluesky's blobs by CID (GET /_control/thumbs)
            self.thumbs = {"linkedin": {}, "bluesky": {}}

    def next_id(self):
        """A fresh number; call with the lock held."""
        self.counter += 1
        return self.counter

    def duplicate(self, platform, text):
        """The existing post of platform with this text; lock held."""
        for p in self.posts[platform]:
            if p["text"] == text:
                return p
        return None

    def add_post(self, platform, post):
        """Records a created post; lock held."""
        post["time"] = time.time()
        self.posts[platform].append(post)
        return post


class Platform:
    """What the platforms share: the Fake they belong to."""

    def __init__(self, fake):
        self.fake = fake

    def secret(self, platform, key="access_token"):
        return self.fake.secrets.get(platform, {}).get(key)


# ---------------------------------------------------------------- X ------

class Twitter(Platform):
    """X API v2: POST /2/tweets with OAuth 1.0a over the oauth parameters
    (and any query parameters); the JSON body is not signed."""

    name = "twitter"
    ID_BASE = 1860000000000000000
    UNAUTHORIZED = {"title": "Unauthorized", "type": "about:blank",
                    "status": 401, "detail": "Unauthorized"}
    DUPLICATE = {"detail": "You are not allowed to create a Tweet with "
                 "duplicate content.", "type": "about:blank",
                 "title": "Forbidden", "status": 403}
    REQUIRED = ("oauth_consumer_key", "oauth_nonce", "oauth_signature",
                "oauth_signature_method", "oauth_timestamp", "oauth_token")

    def routes(self, req):
        return req.path == "/2/tweets"

    @staticmethod
    def error(status, detail=None):
        if status == 402:  # pay per use: the account has no credits left
            return {"title": "CreditsDepleted",
                    "detail": detail or "Your enrolled account does not "
                              "have any credits to fulfill this request.",
                    "type": "https://api.twitter.com/2/problems/credits",
                    "status": 402}
        phrase = http.HTTPStatus(status).phrase
        return {"title": phrase, "detail": detail or phrase,
                "type": "about:blank", "status": status}

    def invalid(self, message):
        body = {"errors": [{"message": message}],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was "
                          "invalid.",
                "type": "https://api.twitter.com/2/problems/"
                        "invalid-request"}
        return Reply(400, body, outcome="invalid: " + message)

    def check_auth(self, req):
        """None when the OAuth 1.0a header is right, else why not."""
        auth = req.headers.get("Authorization") or ""
        if not auth.startswith("OAuth "):
            return "no OAuth Authorization header"
        params = {}
        for m in re.finditer(r'([A-Za-z0-9_]+)="([^"]*)"', auth[6:]):
            if m.group(1) in params:
                return "parameter %s given twice" % m.group(1)
            params[m.group(1)] = unquote(m.group(2))
        missing = [k for k in self.REQUIRED if k not in params]
        if missing:
            return "missing " + ", ".join(missing)
        if params["oauth_signature_method"] != "HMAC-SHA1":
            return "oauth_signature_method is not HMAC-SHA1"
        if params.get("oauth_version", "1.0") != "1.0":
            return "oauth_version is not 1.0"
        if not params["oauth_timestamp"].isdigit():
            return "oauth_timestamp is not a number"
        if params["oauth_consumer_key"] != self.secret("twitter",
                                                       "consumer_key"):
            return "unknown oauth_consumer_key"
        if params["oauth_token"] != self.secret("twitter"):
            return "unknown oauth_token"
        skew = self.fake.cfg.max_skew
        if skew > 0 and abs(time.time() -
                            int(params["oauth_timestamp"])) > skew:
            return "oauth_timestamp too far from now"
        host = req.host
        if req.scheme == "https" and host.endswith(":443"):
            host = host[:-4]
        url = f"{req.scheme}://{host}{req.path}"
        signed = [(k, v) for k, v in params.items()
                  if k not in ("oauth_signature", "realm")]
        signed += list(req.query.items())
        if req.ctype.startswith("application/x-www-form-urlencoded"):
            signed += parse_qsl(req.body.decode("utf-8", "replace"),
                                keep_blank_values=True)
        want, base = oauth_signature(
            req.method, url, signed,
            self.secret("twitter", "consumer_secret") or "",
            self.secret("twitter", "access_token_secret") or "")
        if not hmac.compare_digest(want, params["oauth_signature"]):
            return f"bad signature (expected {want} over {base})"
        nonce = (params["oauth_nonce"], params["oauth_timestamp"])
        with self.fake.store.lock:
            if nonce in self.fake.store.nonces:
                return "nonce used before"
            self.fake.store.nonces.add(nonce)
        return None

    def handle(self, req):
        why = self.check_auth(req)
        if why is not None:
            return Reply(401, self.UNAUTHORIZED,
                         outcome="unauthorized: " + why)
        if not req.ctype.startswith("application/json"):
            return self.invalid("Content-Type must be application/json")
        body = req.json()
        if not isinstance(body, dict):
            return self.invalid("the body is not a JSON object")
        text = body.get("text")
        if not isinstance(text, str) or text == "":
            return self.invalid("text must be a non-empty string")
        store = self.fake.store
        media = uploads_attach(self.fake, self.name, body.get("media"),
                               "media_ids")
        if isinstance(media, str):
            return self.invalid(media)
        with store.lock:
            if store.duplicate(self.name, text) is not None:
                return Reply(403, self.DUPLICATE, outcome="duplicate")
            pid = str(self.ID_BASE + store.next_id())
            post = store.add_post(self.name, {"id": pid, "text": text,
                                              "media_ids": media})
        return Reply(201, {"data": {"edit_history_tweet_ids": [pid],
                                    "id": pid, "text": text}},
                     {"x-rate-limit-limit": "100",
                      "x-rate-limit-remaining": "99",
                      "x-rate-limit-reset": str(int(time.time()) + 900)},
                     outcome="created " + pid, post=post)


# ---------------------------------------------------------- LinkedIn -----

class LinkedIn(Platform):
    """LinkedIn Posts API: POST /rest/posts."""

    name = "linkedin"
    ID_BASE = 7300000000000000000
    AUTHOR = re.compile(r"urn:li:(person|organization):[A-Za-z0-9_-]+")

    def routes(self, req):
        return req.path == "/rest/posts" and req.method != "GET"

    @staticmethod
    def error(status, message=None, code=None):
        body = {"status": status,
                "message": message or http.HTTPStatus(status).phrase}
        if code is not None:
            body["code"] = code
        return body

    # A refused bearer token: serviceErrorCode, code, message, by why
    # (OAuth.status)
    UNAUTHORIZED = {
        "missing": (65604, "EMPTY_ACCESS_TOKEN", "Empty oauth2_access_token"),
        "invalid": (65600, "INVALID_ACCESS_TOKEN", "Invalid access token"),
        "revoked": (65601, "REVOKED_ACCESS_TOKEN", "The token used in the "
                    "request has been revoked by the user"),
        "expired": (65602, "EXPIRED_ACCESS_TOKEN", "The token used in the "
                    "request has expired"),
    }
    OUTCOME = {"missing": "no bearer token", "invalid": "wrong token",
               "revoked": "revoked token", "expired": "expired token"}

    @classmethod
    def unauthorized(cls, why, body_why=None):
        """The 401 for a token refused because why (with the body of
        body_why when given)."""
        code, name, message = cls.UNAUTHORIZED[body_why or why]
        return Reply(401, {"status": 401, "serviceErrorCode": code,
                           "code": name, "message": message},
                     outcome="unauthorized: " + cls.OUTCOME[why])

    @staticmethod
    def field_error(field, code, description):
        body = {"errorDetailType": "com.linkedin.common.error.BadRequest",
                "message": f"Field Value validation failed in REQUEST_BODY:"
                           f" Data Processing Exception while processing "
                           f"fields [/{field}]",
                "errorDetails": {"inputErrors": [{
                    "description": description,
                    "input": {"inputPath": {"fieldPath": field}},
                    "code": code}]},
                "status": 422}
        return Reply(422, body, outcome=f"invalid {field}: {description}")

    def check_headers(self, req):
        """None when token and headers are right, else the error Reply."""
        why = self.fake.token_ok_why("linkedin", req.bearer())
        if why is not None:
            return self.unauthorized(why)
        version = req.headers.get("LinkedIn-Version")
        if version is None:
            return Reply(400, self.error(
                400, "A version must be present. Please specify a version "
                "by adding the LinkedIn-Version header.", "VERSION_MISSING"),
                outcome="no LinkedIn-Version")
        if (not re.fullmatch(r"20\d\d(0[1-9]|1[0-2])", version)
                or version < self.fake.cfg.linkedin_min_version):
            return Reply(426, self.error(
                426, f"Requested version {version} is not active",
                "NONEXISTENT_VERSION"),
                outcome=f"LinkedIn-Version {version} not active")
        if req.headers.get("X-Restli-Protocol-Version") != "2.0.0":
            return Reply(400, self.error(
                400, "X-Restli-Protocol-Version 2.0.0 is required"),
                outcome="no X-Restli-Protocol-Version: 2.0.0")
        if not req.ctype.startswith("application/json"):
            return Reply(415, self.error(415, "Unsupported Media Type"),
                         outcome="Content-Type is not application/json")
        return None

    BODY_RULES = (  # field, test of the body, error code, description
        ("author", lambda b: isinstance(b.get("author"), str)
         and LinkedIn.AUTHOR.fullmatch(b["author"]), "INVALID_URN_TYPE",
         "author must be a person or an organization URN"),
        ("commentary", lambda b: isinstance(b.get("commentary"), str),
         "FIELD_VALUE_REQUIRED", "commentary is required"),
        ("visibility", lambda b: b.get("visibility") in
         ("PUBLIC", "CONNECTIONS", "LOGGED_IN", "CONTAINER"),
         "INVALID_ENUM_VALUE", "visibility must be PUBLIC, ..."),
        ("distribution", lambda b: isinstance(b.get("distribution"), dict)
         and b["distribution"].get("feedDistribution") in
         ("MAIN_FEED", "NONE"), "FIELD_VALUE_REQUIRED",
         "distribution.feedDistribution is required"),
        ("lifecycleState", lambda b: b.get("lifecycleState") in
         ("PUBLISHED", "DRAFT"), "INVALID_ENUM_VALUE",
         "lifecycleState must be PUBLISHED"),
        ("content/article/source", lambda b: "content" not in b or
         re.match(r"https?://", str(((b["content"] or {}).get("article")
                                      or {}).get("source"))),
         "INVALID_VALUE", "an article needs a source URL"),
    )

    def check_body(self, body):
        """None when the post body is acceptable, else the error Reply."""
        if not isinstance(body, dict):
            return Reply(400, self.error(400, "Could not parse the request "
                                         "body as JSON"),
                         outcome="body is not a JSON object")
        for field, test, code, description in self.BODY_RULES:
            try:
                good = test(body)
            except AttributeError:  # e.g. "content" is not an object
                good = False
            if not good:
                return self.field_error(field, code, description)
        return None

    def handle(self, req):
        bad = self.check_headers(req)
        if bad is None:
            body = req.json()
            bad = self.check_body(body) or linkedin_thumbnail(self.fake,
                                                              body)
        if bad is not None:
            return bad
        text = body["commentary"]
        store = self.fake.store
        with store.lock:
            dup = store.duplicate(self.name, text)
            if dup is not None:
                urn = dup["id"]
                return Reply(422, {
                    "errorDetailType": "com.linkedin.common.error."
                                       "BadRequest",
                    "message": f"Content is a duplicate of {urn}",
                    "errorDetails": {"inputErrors": [{
                        "description": "Duplicate post is detected",
                        "input": {}, "code": "DUPLICATE_POST"}]},
                    "status": 422}, outcome="duplicate of " + urn)
            urn = f"urn:li:share:{self.ID_BASE + store.next_id()}"
            post = store.add_post(self.name, {
                "id": urn, "text": text, "author": body["author"],
                "article": (body.get("content") or {}).get("article")})
        return Reply(201, headers={"x-restli-id": urn},
                     outcome="created " + urn, post=post)


# ------------------------------------------------- Meta containers -----
def latest_posts(handler, platform, user, query, text_field, permalink):
    """GET .../{user}/{edge}?fields=id,TEXT_FIELD,permalink&limit=N
    (Instagram's media, Threads' threads): user's posts on platform,
    newest first, with the fields asked for; the text under text_field,
    the permalink(id)."""
    fields = query.get("fields", "id").split(",")
    try:
        limit = max(1, min(int(query.get("limit", "25")), 100))
    except ValueError:
        return handler.fail(400, 100, "(#100) limit must be a number")
    with handler.fake.store.lock:
        mine = [p for p in handler.fake.store.posts[platform]
                if p.get("user_id") == user]
    data = []
    for p in reversed(mine[-limit:]):
        item = {"id": p["id"]}
        if text_field in fields:
            item[text_field] = p["text"]
        if "permalink" in fields:
            item["permalink"] = permalink(p["id"])
        data.append(item)
    return Reply(200, {"data": data}, outcome=f"{len(data)} posts")


# Instagram's and Threads' two-step flow share these: a container made
# IN_PROGRESS for the next store.in_progress status reads (then
# FINISHED), published once. Call with the store's lock held.

def container_make(store, platform, base, user, data):
    cid = str(base + store.next_id())
    store.containers[cid] = dict(
        data, id=cid, platform=platform, user_id=user,
        status_code="IN_PROGRESS" if store.in_progress else "FINISHED",
        media_id=None, in_progress=store.in_progress)
    return cid


def container_status(c, counted):
    """The container's status; a read that counts (it asked for the
    status field) brings an IN_PROGRESS one nearer to FINISHED."""
    status = c["status_code"]
    if counted and c["in_progress"] > 0:
        c["in_progress"] -= 1  # read once more as IN_PROGRESS
        if c["in_progress"] == 0:
            c["status_code"] = "FINISHED"
    return status


def container_publishable(store, platform, cid, user):
    """(container, None) when cid is platform's and user's and FINISHED;
    (container, "not ready") when it is not FINISHED yet; else (None, the
    Graph error Reply: no such container, or published already)."""
    c = store.containers.get(cid)
    if c is None or c["user_id"] != user or c["platform"] != platform:
        return None, Reply(400, Graph.error(
            400, "(#100) Param creation_id is not a valid container id",
            100), outcome=f"no container {cid!r}")
    if c["status_code"] == "PUBLISHED":
        return None, Reply(400, Graph.error(
            400, f"(#100) The container {cid} has already been published",
            100), outcome=f"container {cid} already published")
    if c["status_code"] != "FINISHED":
        return c, "not ready"
    return c, None


# ---------------------------------------------- Facebook and Instagram ---

class Graph(Platform):
    """Graph API: POST /vNN.N/{page}/feed (Facebook), POST
    /vNN.N/{user}/media and /media_publish (Instagram), and GET
    /vNN.N/{id} for a container's status_code or a post's permalink."""

    name = "graph"
    PATH = re.compile(r"/(v\d+\.\d+)/([^/]+)(?:/([a-z_]+))?")
    FB_BASE = 122100000000000000
    IG_CONTAINER_BASE = 17890000000000000
    IG_MEDIA_BASE = 17920000000000000

    def routes(self, req):
        m = self.PATH.fullmatch(req.path)
        if m is None:
            return None
        edge = m.group(3)
        if req.method == "POST" and edge == "feed":
            return "facebook"
        if req.method == "POST" and edge in ("media", "media_publish"):
            return "instagram"
        if req.method == "GET" and edge == "media":
            return "instagram"
        if req.method == "GET" and edge is None:
            return "instagram" if self.ig_object(m.group(2)) else "facebook"
        return None

    def ig_object(self, oid):
        with self.fake.store.lock:
            c = self.fake.store.containers.get(oid)
            return ((c is not None and c["platform"] == "instagram")
                    or any(p["id"] == oid for p in
                           self.fake.store.posts["instagram"]))

    @staticmethod
    def error(status, message=None, code=None, subcode=None):
        if code is None:
            code = {429: 4, 500: 2, 503: 2}.get(status, 1)
        err = {"message": message or http.HTTPStatus(status).phrase,
               "type": "OAuthException", "code": code,
               "is_transient": status == 429 or status >= 500,
               "fbtrace_id": "AfakeTrace%d" % int(time.time() * 1000)}
        if subcode is not None:
            err["error_subcode"] = subcode
        return {"error": err}

    def fail(self, status, code, message, outcome=None):
        return Reply(status, self.error(status, message, code),
                     outcome=outcome or message)

    def check_token(self, req, params, platforms):
        """None when the token (header or access_token) is one of
        platforms', else the error Reply."""
        token = req.bearer() or params.get("access_token")
        if not token:
            return self.fail(400, 2500, "An active access token must be "
                             "used to query information about the current "
                             "user.", "no access token")
        if not any(token == self.secret(p) for p in platforms):
            return self.fail(400, 190, "Invalid OAuth access token - "
                             "Cannot parse access token", "wrong token")
        return None

    def handle(self, req):
        m = self.PATH.fullmatch(req.path)
        node, edge = m.group(2), m.group(3)
        params = req.form()
        if edge == "feed":
            return self.feed(req, params, node)
        if edge == "media" and req.method == "GET":
            return self.media_list(req, params, node)
        if edge == "media":
            return self.media(req, params, node)
        if edge == "media_publish":
            return self.media_publish(req, params, node)
        return self.get_object(req, params, node)

    def feed(self, req, params, page):
        bad = self.check_token(req, params, ["facebook"])
        if bad is not None:
            return bad
        message, link = params.get("message"), params.get("link")
        if not message and not link:
            return self.fail(400, 100, "(#100) Missing message or "
                             "attachment")
        if link is not None and not re.match(r"https?://", link):
            return self.fail(400, 100, "(#100) The parameter link is not "
                             "a valid URL")
        store = self.fake.store
        with store.lock:
            if message and store.duplicate("facebook", message):
                return self.fail(400, 506, "(#506) Duplicate status "
                                 "message", "duplicate")
            pid = f"{page}_{self.FB_BASE + store.next_id()}"
            post = store.add_post("facebook", {
                "id": pid, "text": message or "", "page_id": page,
                "link": link})
        return Reply(200, {"id": pid}, outcome="created " + pid, post=post)

    def media(self, req, params, user):
        bad = self.check_token(req, params, ["instagram"])
        if bad is not None:
            return bad
        image = params.get("image_url")
        if not image or not re.match(r"https?://", image):
            return self.fail(400, 100, "(#100) The parameter image_url is "
                             "required")
        caption = params.get("caption", "")
        if len(caption) > 2200:
            return self.fail(400, 100, "(#100) The caption is longer than "
                             "2200 characters")
        store = self.fake.store
        with store.lock:
            cid = container_make(store, "instagram", self.IG_CONTAINER_BASE,
                                 user, {"image_url": image,
                                        "caption": caption,
                                        "alt_text": params.get("alt_text")})
        return Reply(200, {"id": cid}, outcome="container " + cid)

    def media_list(self, req, params, user):
        """GET /{user}/media?fields=id,caption,permalink&limit=N: the
        user's media, newest first, with the fields asked for."""
        bad = self.check_token(req, params, ["instagram"])
        if bad is not None:
            return bad
        return latest_posts(self, "instagram", user, params, "caption",
                            lambda mid: f"https://www.instagram.com/p/"
                                        f"fake{mid}/")

    def media_publish(self, req, params, user):
        bad = self.check_token(req, params, ["instagram"])
        if bad is not None:
            return bad
        cid = params.get("creation_id", "")
        store = self.fake.store
        with store.lock:
            c, why = container_publishable(store, "instagram", cid, user)
            if isinstance(why, Reply):
                return why
            if why is not None:
                return self.fail(400, 9007, "(#9007) The media is not "
                                 "ready for publishing, please wait")
            mid = str(self.IG_MEDIA_BASE + store.next_id())
            c["status_code"], c["media_id"] = "PUBLISHED", mid
            post = store.add_post("instagram", {
                "id": mid, "text": c["caption"], "container": cid,
                "user_id": user, "image_url": c["image_url"]})
        return Reply(200, {"id": mid}, outcome="published " + mid,
                     post=post)

    def get_object(self, req, params, oid):
        bad = self.check_token(req, params, ["facebook", "instagram"])
        if bad is not None:
            return bad
        fields = params.get("fields", "id").split(",")
        store = self.fake.store
        with store.lock:
            obj = None
            if oid in store.containers:
                st = container_status(store.containers[oid],
                                      "status_code" in fields)
                obj = {"status_code": st, "status": st}
            for p in store.posts["instagram"]:
                if p["id"] == oid:
                    obj = {"permalink": "https://www.instagram.com/p/"
                                        f"fake{oid}/"}
            for p in store.posts["facebook"]:
                if p["id"] == oid:
                    page, n = oid.split("_", 1)
                    obj = {"permalink_url": "https://www.facebook.com/"
                                            f"{page}/posts/{n}"}
        if obj is None:
            return self.fail(400, 100, f"Unsupported get request. Object "
                             f"with ID '{oid}' does not exist, cannot be "
                             "loaded due to missing permissions, or does "
                             "not support this operation.",
                             f"no object {oid}")
        out = {f: obj[f] for f in fields if f in obj}
        out["id"] = oid
        return Reply(200, out, outcome="read " + oid)


# --------------------------------------------------------- Pinterest -----

class Pinterest(Platform):
    """Pinterest API v5: POST /v5/pins."""

    name = "pinterest"
    ID_BASE = 1130000000000000000
    LIMITS = (("title", 100), ("description", 800), ("alt_text", 500),
              ("link", 2048))

    def routes(self, req):
        return req.path == "/v5/pins"

    @staticmethod
    def error(status, message=None, code=None):
        if code is None:
            code = {400: 1, 401: 2, 403: 3, 404: 4, 429: 8}.get(status, 0)
        return {"code": code,
                "message": message or http.HTTPStatus(status).phrase}

    def fail(self, status, message, code=None):
        return Reply(status, self.error(status, message, code),
                     outcome=message)

    def handle(self, req):
        token = req.bearer()
        if not self.fake.token_ok("pinterest", token):
            return Reply(401, self.error(401, "Authentication failed.", 2),
                         outcome="unauthorized: " +
                         ("wrong token" if token else "no bearer token"))
        if not req.ctype.startswith("application/json"):
            return self.fail(415, "Content-Type must be application/json")
        body = req.json()
        if not isinstance(body, dict):
            return self.fail(400, "Invalid request: the body is not a JSON "
                             "object")
        board = body.get("board_id")
        if not isinstance(board, str) or not board.isdigit():
            return self.fail(400, "Invalid request: board_id must be a "
                             "numeric string")
        ms = body.get("media_source")
        if isinstance(ms, dict) and ms.get("source_type") == "image_base64":
            why = pinterest_base64(ms)
            if why is not None:
                return self.fail(400, "Invalid request: " + why)
        elif (not isinstance(ms, dict) or ms.get("source_type") != "image_url"
                or not isinstance(ms.get("url"), str)
                or not re.match(r"https?://", ms["url"])):
            return self.fail(400, "Invalid request: media_source must be "
                             "{source_type: image_url, url: ...}")
        for field, limit in self.LIMITS:
            v = body.get(field)
            if v is not None and (not isinstance(v, str) or len(v) > limit):
                return self.fail(400, f"Invalid request: {field} must be a "
                                 f"string of at most {limit} characters")
        store = self.fake.store
        with store.lock:
            pid = str(self.ID_BASE + store.next_id())
            post = store.add_post(self.name, {
                "id": pid, "text": body.get("description") or "",
                "board_id": board, "title": body.get("title"),
                "link": body.get("link"), "image_url": ms.get("url"),
                "image_bytes": ms.get("bytes")})
        pin = {"id": pid, "created_at": time.strftime(
                   "%Y-%m-%dT%H:%M:%S", time.gmtime()),
               "link": body.get("link"), "title": body.get("title"),
               "description": body.get("description"),
               "alt_text": body.get("alt_text"), "board_id": board,
               "board_section_id": None,
               "board_owner": {"username": "almanac-test"},
               "media": {"media_type": "image", "images": {}},
               "creative_type": "REGULAR", "is_owner": True}
        return Reply(201, pin, outcome="created " + pid, post=post)


# ------------------------------------------------------ Mastodon ------

def mastodon_graphemes(text):
    """Grapheme clusters, near enough for the tests (the standard library
    has no segmentation): a cluster goes on through combining marks,
    variation selectors, skin tones, tag characters, a keycap, a
    zero-width joiner and what it joins, the second of a pair of regional
    indicators, and the LF of a CR LF."""
    n, prev, ri = 0, None, 0
    for ch in text:
        c = ord(ch)
        joins = prev is not None and (
            unicodedata.category(ch) in ("Mn", "Mc", "Me")
            or 0xFE00 <= c <= 0xFE0F or 0x1F3FB <= c <= 0x1F3FF
            or 0xE0020 <= c <= 0xE007F or c in (0x200D, 0x20E3)
            or prev == 0x200D or (prev == 0x0D and c == 0x0A)
            or (0x1F1E6 <= c <= 0x1F1FF and ri % 2 == 1))
        ri = ri + 1 if 0x1F1E6 <= c <= 0x1F1FF else 0
        if not joins:
            n += 1
        prev = c
    return n


MASTODON_URL = re.compile(r"(?<![\w/])https?://[^\s<>\"]+", re.ASCII)
MASTODON_MENTION = re.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)"
    r"(@\w+(?:[.-]+\w+)*)?", re.IGNORECASE)


def mastodon_length(text, url_chars):
    """A status's length as Mastodon counts it: graphemes, each URL with
    a scheme as url_chars ("x" * url_chars), "@user@domain" as "@user"
    (not when another "@" or "://" follows)."""
    def url(m):
        u = m.group(0)
        while u and u[-1] in ".,;:!?'\")]":
            if u[-1] == ")" and u.count("(") >= u.count(")"):
                break
            u = u[:-1]
        return "x" * url_chars + m.group(0)[len(u):]

    def mention(m):
        after = m.string[m.end():]
        if after.startswith("@") or after.startswith("://"):
            return m.group(0)
        return "@" + m.group(1)

    parts, last = [], 0
    for m in MASTODON_URL.finditer(text):  # mentions only outside URLs
        parts.append(MASTODON_MENTION.sub(mention, text[last:m.start()]))
        parts.append(url(m))
        last = m.end()
    parts.append(MASTODON_MENTION.sub(mention, text[last:]))
    return mastodon_graphemes("".join(parts))


class Mastodon(Platform):
    """Mastodon: POST /api/v1/statuses (bearer token, JSON or form),
    GET /api/v2/instance (the limits, no token), GET
    /api/v1/accounts/verify_credentials. An Idempotency-Key seen in the
    last hour (per token) answers the status it made, and makes none."""

    name = "mastodon"
    ID_BASE = 113555000000000000
    VISIBILITIES = ("public", "unlisted", "private", "direct")
    KEY_SECONDS = 3600

    def routes(self, req):
        return req.path in ("/api/v1/statuses", "/api/v2/instance",
                            "/api/v1/accounts/verify_credentials")

    @staticmethod
    def error(status, message=None):
        return {"error": message or http.HTTPStatus(status).phrase}

    def fail(self, status, message):
        return Reply(status, self.error(status, message), outcome=message)

    def instance(self, req):
        with self.fake.store.lock:
            limits = dict(self.fake.store.mastodon_instance)
        return Reply(200, {
            "domain": req.host.split(":")[0] or "mastodon.test",
            "title": "almanac test instance", "version": "4.5.0",
            "configuration": {
                "urls": {"streaming": "wss://mastodon.test"},
                "accounts": {"max_featured_tags": 10},
                "statuses": {
                    "max_characters": limits["max_characters"],
                    "max_media_attachments": 4,
                    "characters_reserved_per_url":
                        limits["characters_reserved_per_url"]},
                "media_attachments": {
                    "supported_mime_types": ["image/jpeg", "image/png"],
                    "image_size_limit": limits["image_size_limit"],
                    "image_matrix_limit": 33177600}}},
            outcome="instance %d/%d" % (
                limits["max_characters"],
                limits["characters_reserved_per_url"]))

    def status_json(self, req, post):
        host = req.host or "mastodon.test"
        return {"id": post["id"], "created_at": post["created_at"],
                "uri": f"https://{host}/users/almanac/statuses/{post['id']}",
                "url": f"https://{host}/@almanac/{post['id']}",
                "content": "<p>" + post["text"] + "</p>",
                "visibility": post["visibility"],
                "language": post["language"],
                "account": {"id": "1", "username": "almanac",
                            "acct": "almanac"}}

    def handle(self, req):
        if req.method == "GET" and req.path == "/api/v2/instance":
            return self.instance(req)
        token = req.bearer()
        if not self.fake.token_ok("mastodon", token):
            return Reply(401, self.error(401, "The access token is invalid"),
                         outcome="unauthorized: " +
                         ("wrong token" if token else "no bearer token"))
        if req.path == "/api/v1/accounts/verify_credentials":
            if req.method != "GET":
                return self.fail(405, "Method Not Allowed")
            return Reply(200, {"id": "1", "username": "almanac",
                               "acct": "almanac",
                               "display_name": "almanac test"},
                         outcome="account")
        if req.method != "POST":
            return self.fail(405, "Method Not Allowed")
        body = req.json() if req.ctype.startswith("application/json") \
            else req.form()
        if not isinstance(body, dict):
            return self.fail(422, "Validation failed: Text can't be blank")
        text = body.get("status")
        if not isinstance(text, str) or not text.strip():
            return self.fail(422, "Validation failed: Text can't be blank")
        vis = body.get("visibility", "public")
        if vis not in self.VISIBILITIES:
            return self.fail(422, "Validation failed: Visibility is not "
                             "included in the list")
        store = self.fake.store
        with store.lock:
            limits = dict(store.mastodon_instance)
        n = mastodon_length(text, limits["characters_reserved_per_url"])
        if n > limits["max_characters"]:
            return self.fail(422, "Validation failed: Text character limit "
                             "of %d exceeded" % limits["max_characters"])
        key = req.headers.get("Idempotency-Key")
        with store.lock:
            now = time.time()
            seen = store.mastodon_keys.get((token, key)) if key else None
            if seen is not None and now - seen["time"] < self.KEY_SECONDS:
                return Reply(200, self.status_json(req, seen),
                             outcome="idempotent " + seen["id"])
        media = uploads_attach(self.fake, self.name, body, "media_ids")
        if isinstance(media, str):
            return self.fail(422, media)
        with store.lock:
            pid = str(self.ID_BASE + store.next_id())
            post = store.add_post(self.name, {
                "id": pid, "text": text, "visibility": vis,
                "media_ids": media,
                "language": body.get("language"), "idempotency_key": key,
                "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z",
                                            time.gmtime())})
            if key:
                store.mastodon_keys[(token, key)] = post
        return Reply(200, self.status_json(req, post),
                     outcome="created " + pid, post=post)


def control_instance(fake, body):
    """POST /_control/instance {"max_characters": N,
    "characters_reserved_per_url": M, "image_size_limit": B}: what
    Mastodon's instance says of its limits (and checks statuses and
    uploads against) until the next reset."""
    try:
        spec = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        spec = None
    if not isinstance(spec, dict) or not spec or any(
            k not in ("max_characters", "characters_reserved_per_url",
                      "image_size_limit")
            or not isinstance(v, int) or not 1 <= v <= (
                1 << 30 if k == "image_size_limit" else 100000)
            for k, v in spec.items()):
        return Reply(400, {"error": 'give "max_characters" and/or '
                           '"characters_reserved_per_url", 1 to 100000, '
                           'and/or "image_size_limit", 1 to 2^30'})
    with fake.store.lock:
        fake.store.mastodon_instance.update(spec)
        now = dict(fake.store.mastodon_instance)
    fake.log(f"control: mastodon instance {now}")
    return Reply(200, now)



# ---------------------------------------------- picture uploads ------
# X's POST /2/media/upload and /2/media/metadata, Mastodon's POST
# /api/v2/media; the posts that name an upload (X's media.media_ids,
# Mastodon's media_ids) and Pinterest's image_base64.

def multipart_parts(req):
    """The parts of a multipart/form-data body: a list of (name,
    filename or None, content type or None, bytes); None when the body is
    not multipart or cannot be read."""
    m = re.search(r'boundary="?([^";]+)"?', req.headers.get(
        "Content-Type") or "")
    if not req.ctype.startswith("multipart/form-data") or not m:
        return None
    delim = b"--" + m.group(1).encode()
    body = req.body
    if not body.startswith(delim):
        return None
    parts = []
    for chunk in body.split(b"\r\n" + delim):
        if chunk.startswith(delim):
            chunk = chunk[len(delim):]
        if chunk.startswith(b"--"):
            break
        if not chunk.startswith(b"\r\n") or b"\r\n\r\n" not in chunk:
            return None
        head, data = chunk[2:].split(b"\r\n\r\n", 1)
        head = head.decode("utf-8", "replace")
        name = re.search(r'name="([^"]*)"', head)
        fname = re.search(r'filename="([^"]*)"', head)
        ctype = re.search(r"(?im)^content-type:\s*(\S+)", head)
        if name is None:
            return None
        parts.append((name.group(1), fname.group(1) if fname else None,
                      ctype.group(1) if ctype else None, data))
    else:
        return None  # no closing delimiter
    return parts


def multipart_text(req):
    """The text fields of a multipart body (for the records)."""
    parts = multipart_parts(req) or []
    return {n: d.decode("utf-8", "replace") for n, f, _, d in parts
            if f is None}


def picture_type(data):
    """image/jpeg or image/png from the first bytes, else None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def uploads_attach(fake, platform, obj, key):
    """The upload ids obj[key] names (a list of strings) for a post of
    platform: [] when none, the list when each is an upload the platform
    made and that is not attached yet (then marked attached), else the
    platform's words for the refusal (a str)."""
    ids = obj.get(key) if isinstance(obj, dict) else None
    if ids is None:
        return []
    if not isinstance(ids, list) or not ids or not all(
            isinstance(i, str) for i in ids):
        return "%s must be a non-empty array of strings" % key
    store = fake.store
    with store.lock:
        found = {u["id"]: u for u in store.uploads
                 if u["platform"] == platform}
        for i in ids:
            u = found.get(i)
            if platform == "twitter" and u is None:
                return "Your media IDs are invalid."
            if u is None or u["attached"]:
                return "Media %s not found or already attached to " \
                       "another post" % i
            if u["processing"] > 0:
                u["processing"] -= 1
                return "Cannot attach files that have not finished " \
                       "processing. Try again in a moment!"
        for i in ids:
            found[i]["attached"] = platform != "twitter"  # X reuses
    return ids


def pinterest_base64(ms):
    """None when an image_base64 media_source holds a JPEG or PNG of its
    content_type (the decoded size into ms["bytes"]), else why not."""
    ctype, data = ms.get("content_type"), ms.get("data")
    if ctype not in ("image/jpeg", "image/png"):
        return "media_source.content_type must be image/jpeg or image/png"
    if not isinstance(data, str):
        return "media_source.data must be a base64 string"
    try:
        raw = base64.b64decode(data, validate=True)
    except ValueError:
        return "media_source.data is not valid base64"
    if picture_type(raw) != ctype:
        return "media_source.data is not a picture of type " + ctype
    ms["bytes"] = len(raw)
    return None


class PictureUploads(Platform):
    """X's simple upload (OAuth 1.0a, multipart field media,
    media_category tweet_image, at most 5 MB) and its alt text; Mastodon's
    upload (bearer, multipart field file, description, at most 16 MiB).
    Each upload is recorded (GET /_control/uploads)."""

    X_MAX = 5 * 1000 * 1000
    name = "uploads"

    def routes(self, req):
        if req.path in ("/2/media/upload", "/2/media/metadata"):
            return "twitter"
        if req.path == "/api/v2/media":
            return "mastodon"
        return None

    def error(self, status, message=None):
        return Twitter.error(status, message)

    def add(self, platform, data, fields):
        """Records an upload; returns it."""
        store = self.fake.store
        with store.lock:
            u = {"platform": platform, "id": str(2000000 + store.next_id()),
                 "size": len(data), "type": picture_type(data),
                 "alt": fields.get("description"), "attached": False,
                 "processing": 0, "time": time.time()}
            if platform == "mastodon" and store.mastodon_processing > 0:
                store.mastodon_processing -= 1
                u["processing"] = 1
            store.uploads.append(u)
        return u

    def handle(self, req):
        if req.method != "POST":
            return Reply(405, {"error": "Method Not Allowed"})
        if req.path.startswith("/2/"):
            return self.x(req)
        return self.mastodon(req)

    def x(self, req):
        tw = Twitter(self.fake)
        why = tw.check_auth(req)
        if why is not None:
            return Reply(401, Twitter.UNAUTHORIZED,
                         outcome="unauthorized: " + why)
        if req.path == "/2/media/metadata":
            return self.x_alt(req, tw)
        parts = multipart_parts(req)
        if parts is None:
            return tw.invalid("the body must be multipart/form-data")
        fields = {n: d.decode("utf-8", "replace") for n, f, _, d in parts
                  if f is None}
        files = [d for n, f, _, d in parts if n == "media"]
        if len(files) != 1:
            return tw.invalid("one media field is required")
        if fields.get("media_category", "tweet_image") != "tweet_image":
            return tw.invalid("media_category must be tweet_image")
        if len(files[0]) > self.X_MAX:
            return tw.invalid("File size exceeds 5242880 bytes.")
        if picture_type(files[0]) is None:
            return tw.invalid("media type unrecognized.")
        u = self.add("twitter", files[0], fields)
        return Reply(200, {"data": {
            "id": u["id"], "media_key": "3_" + u["id"], "size": u["size"],
            "expires_after_secs": 86400,
            "image": {"image_type": u["type"], "w": 1, "h": 1}}},
            outcome="uploaded " + u["id"])

    def x_alt(self, req, tw):
        body = req.json()
        text = None
        if isinstance(body, dict):
            text = ((body.get("metadata") or {}).get("alt_text") or
                    {}).get("text") if isinstance(body.get("metadata"),
                                                  dict) else None
        if not isinstance(body, dict) or not isinstance(text, str) or \
                not isinstance(body.get("id"), str):
            return tw.invalid("id and metadata.alt_text.text are required")
        if len(text) > 1000:
            return tw.invalid("alt_text.text must be at most 1000 "
                              "characters")
        store = self.fake.store
        with store.lock:
            u = next((u for u in store.uploads if u["platform"] == "twitter"
                      and u["id"] == body["id"]), None)
            if u is not None:
                u["alt"] = text
        if u is None:
            return tw.invalid("Your media IDs are invalid.")
        return Reply(200, {"data": {"id": u["id"], "associated_metadata": {
            "alt_text": {"text": text}}}}, outcome="alt text " + u["id"])

    def mastodon(self, req):
        token = req.bearer()
        if not self.fake.token_ok("mastodon", token):
            return Reply(401, Mastodon.error(401, "The access token is "
                                             "invalid"),
                         outcome="unauthorized: " +
                         ("wrong token" if token else "no bearer token"))
        parts = multipart_parts(req)
        if parts is None:
            return Reply(422, Mastodon.error(422, "Validation failed: File "
                                             "can't be blank"),
                         outcome="not multipart")
        fields = {n: d.decode("utf-8", "replace") for n, f, _, d in parts
                  if f is None}
        files = [d for n, f, _, d in parts if n == "file"]
        if len(files) != 1 or picture_type(files[0]) is None:
            return Reply(422, Mastodon.error(422, "Validation failed: File "
                                             "content type is invalid"),
                         outcome="no picture")
        with self.fake.store.lock:
            most = self.fake.store.mastodon_instance["image_size_limit"]
        if len(files[0]) > most:
            return Reply(422, Mastodon.error(422, "Validation failed: File "
                                             "file size must be less than "
                                             f"{most} bytes"),
                         outcome="too large")
        if len(fields.get("description", "")) > 1500:
            return Reply(422, Mastodon.error(422, "Validation failed: "
                                             "Description is too long"),
                         outcome="description too long")
        u = self.add("mastodon", files[0], fields)
        host = req.host or "mastodon.test"
        att = {"id": u["id"], "type": "image",
               "url": None if u["processing"] else
               f"https://{host}/media/{u['id']}.jpg",
               "preview_url": f"https://{host}/media/{u['id']}_small.jpg",
               "description": u["alt"]}
        return Reply(202 if u["processing"] else 200, att,
                     outcome=("processing " if u["processing"] else
                              "uploaded ") + u["id"])


def control_uploads(fake, command, body):
    """GET /_control/uploads: the uploads, in order. POST
    {"mastodon_processing": N}: Mastodon's next N uploads answer 202 (still
    processing), and the first status naming each is refused 422 (not
    finished processing)."""
    store = fake.store
    if command == "GET":
        with store.lock:
            return Reply(200, json.dumps(store.uploads))
    try:
        n = json.loads(body.decode("utf-8")).get("mastodon_processing")
    except (UnicodeDecodeError, ValueError, AttributeError):
        n = None
    if not isinstance(n, int) or not 0 <= n <= 1000:
        return Reply(400, {"error": '"mastodon_processing" must be 0 to '
                           '1000'})
    with store.lock:
        store.mastodon_processing = n
    fake.log(f"control: mastodon uploads processing {n}")
    return Reply(200, {"mastodon_processing": n})


# ----------------------------------------------------------- Threads -----

def threads_length(text):
    """Threads' count: code points, but an emoji's code points (and the
    joiners, selectors, skin tones and tags of its sequence) count their
    UTF-8 bytes."""
    n = 0
    for ch in text:
        c = ord(ch)
        if (c >= 0x1F000 or 0x2600 <= c <= 0x27BF or c in (0x200D, 0xFE0F,
                                                            0x20E3)
                or 0xE0020 <= c <= 0xE007F):
            n += len(ch.encode("utf-8"))
        else:
            n += 1
    return n


def threads_links(text, attachment):
    """The distinct links of a post: its text's URLs (without the
    punctuation that ends a sentence) and its link attachment."""
    links = {u.rstrip(".,;:!?)'\"") for u in
             re.findall(r"https?://[^\s<>\"]+", text)}
    if attachment:
        links.add(attachment)
    return links


class Threads(Platform):
    """Threads API: POST /vN.N/{user}/threads (a container) and
    /threads_publish, GET /vN.N/{user}/threads (the latest) and
    /threads_publishing_limit, GET
    /vN.N/{id}?fields=status,error_message|permalink, GET
    /vN.N/me?fields=id,username and GET /refresh_access_token. Tokens
    last 60 days from when they were issued, on the fake's clock
    (/_control/clock); one renews itself once it is a day old."""

    name = "threads"
    PATH = re.compile(r"/(v\d+\.\d+)/([^/]+)(?:/([a-z_]+))?")
    EDGES = ("threads", "threads_publish", "threads_publishing_limit")
    CONTAINER_BASE = 18010000000000000
    MEDIA_BASE = 18020000000000000
    USER = {"id": "6006", "username": "almanac.threads"}
    TOKEN_SECONDS = 60 * 86400
    SHORT_SECONDS = 3600  # a short-lived token, the code's
    TOKEN_ENDPOINTS = (("GET", "/refresh_access_token"),
                       ("POST", "/oauth/access_token"),
                       ("GET", "/access_token"))
    MAX_CHARS = 500
    MAX_LINKS = 5

    def state(self):
        """Threads' tokens: token -> when issued (fake clock); the
        secrets' one is issued when first asked (or at "issued_at" of
        /_control/oauth); lock held."""
        st = self.fake.store.oauth.setdefault("threads", {
            "refresh": None, "issued": set(), "expired": False,
            "codes": {}, "tokens": None, "short": {}})
        if st.get("tokens") is None:
            st["tokens"] = {}
            secret = self.secret("threads")
            if secret:
                st["tokens"][secret] = st.get("issued_at",
                                              self.fake.now())
        return st

    def token_of(self, req):
        return req.bearer() or req.form().get("access_token")

    def is_ours(self, token):
        with self.fake.store.lock:
            return token is not None and token in self.state()["tokens"]

    def routes(self, req):
        if (req.method, req.path) in self.TOKEN_ENDPOINTS:
            return "threads"
        m = self.PATH.fullmatch(req.path)
        if m is None:
            return None
        if m.group(3) in self.EDGES:
            return "threads"
        if m.group(3) is None and req.method == "GET":
            if self.is_ours(self.token_of(req)):
                return "threads"
            with self.fake.store.lock:
                c = self.fake.store.containers.get(m.group(2))
                if (c is not None and c["platform"] == "threads") or any(
                        p["id"] == m.group(2)
                        for p in self.fake.store.posts["threads"]):
                    return "threads"
        return None

    def fail(self, status, code, message, outcome=None, subcode=None):
        return Reply(status, Graph.error(status, message, code, subcode),
                     outcome=outcome or message)

    def check_token(self, token):
        """None when token is a live Threads token, else the error."""
        if not token:
            return self.fail(400, 190, "An active access token must be "
                             "used to query information about the current "
                             "user.", "no access token")
        with self.fake.store.lock:
            st = self.state()
            issued = st["tokens"].get(token)
            if issued is None:
                return self.fail(400, 190, "Invalid OAuth access token - "
                                 "Cannot parse access token", "wrong token")
            if st["expired"] or self.fake.now() >= issued + \
                    self.TOKEN_SECONDS:
                return self.fail(400, 190, "Error validating access "
                                 "token: Session has expired.",
                                 "expired token", subcode=463)
        return None

    def handle(self, req):
        if req.path == "/refresh_access_token":
            return self.refresh(req)
        if req.path == "/oauth/access_token":
            return self.code_token(req)
        if req.path == "/access_token":
            return self.exchange(req)
        bad = self.check_token(self.token_of(req))
        if bad is not None:
            return bad
        m = self.PATH.fullmatch(req.path)
        node, edge = m.group(2), m.group(3)
        if node != self.USER["id"] and node != "me" and edge is not None:
            return self.fail(400, 100, f"Unsupported request: no Threads "
                             f"user '{node}'", f"no user {node}")
        if edge == "threads" and req.method == "POST":
            return self.container(req.form(), node)
        if edge == "threads_publish" and req.method == "POST":
            return self.publish(req.form(), node)
        if edge == "threads_publishing_limit" and req.method == "GET":
            return self.limit()
        if edge == "threads" and req.method == "GET":
            return self.threads_list(
                req.query, self.USER["id"] if node == "me" else node)
        if edge is None and req.method == "GET":
            return self.get_object(req.query, node)
        return self.fail(400, 100, "Unsupported request", "unsupported")

    def window(self):
        """Posts published in the last 24 hours (fake clock); lock
        held."""
        now = self.fake.now()
        return sum(1 for p in self.fake.store.posts["threads"]
                   if p["fake_time"] > now - 86400)

    def container(self, form, user):
        kind = form.get("media_type")
        if kind not in ("TEXT", "IMAGE"):
            return self.fail(400, 100, "(#100) media_type must be TEXT, "
                             "IMAGE, VIDEO or CAROUSEL")
        text, link = form.get("text", ""), form.get("link_attachment")
        image = form.get("image_url")
        if kind == "IMAGE" and not re.match(r"https?://", image or ""):
            return self.fail(400, 100, "(#100) image_url is required for "
                             "an IMAGE post")
        if kind == "IMAGE" and link is not None:
            return self.fail(400, 100, "(#100) link_attachment is only "
                             "available for TEXT posts")
        if kind == "TEXT" and image is not None:
            return self.fail(400, 100, "(#100) image_url is only for "
                             "IMAGE and carousel items")
        if kind == "TEXT" and not text:
            return self.fail(400, 100, "(#100) text is required for a "
                             "TEXT post")
        if link is not None and not re.match(r"https?://", link):
            return self.fail(400, 100, "(#100) link_attachment is not a "
                             "valid URL")
        if threads_length(text) > self.MAX_CHARS:
            return self.fail(400, 100, "(#100) The text is longer than "
                             f"{self.MAX_CHARS} characters",
                             f"text of {threads_length(text)}")
        if len(threads_links(text, link)) > self.MAX_LINKS:
            return self.fail(400, 100, "THREADS_API__LINK_LIMIT_EXCEEDED: "
                             "a post may hold at most 5 links",
                             "too many links")
        store = self.fake.store
        with store.lock:
            cid = container_make(store, "threads", self.CONTAINER_BASE,
                                 user, {"text": text, "link": link,
                                        "image_url": image,
                                        "alt_text": form.get("alt_text")})
        return Reply(200, {"id": cid}, outcome="container " + cid)

    def publish(self, form, user):
        cid = form.get("creation_id", "")
        store = self.fake.store
        with store.lock:
            c, why = container_publishable(store, "threads", cid, user)
            if isinstance(why, Reply):
                return why
            if why is not None:
                return self.fail(400, 24, "(#24) The media is not ready "
                                 "for publishing, please wait", why,
                                 subcode=4279009)
            if self.window() >= store.threads_quota:
                return self.fail(400, 4, "(#4) The publishing limit of "
                                 "the last 24 hours is reached",
                                 "over the quota")
            mid = str(self.MEDIA_BASE + store.next_id())
            c["status_code"], c["media_id"] = "PUBLISHED", mid
            post = store.add_post("threads", {
                "id": mid, "text": c["text"], "link": c["link"],
                "image_url": c.get("image_url"),
                "alt_text": c.get("alt_text"),
                "container": cid, "user_id": user,
                "fake_time": self.fake.now()})
        return Reply(200, {"id": mid}, outcome="published " + mid,
                     post=post)

    def limit(self):
        with self.fake.store.lock:
            used, total = self.window(), self.fake.store.threads_quota
        return Reply(200, {"data": [{"quota_usage": used, "config": {
            "quota_total": total, "quota_duration": 86400}}]},
            outcome=f"quota {used} of {total}")

    def permalink(self, mid):
        return (f"https://www.threads.net/@{self.USER['username']}/post/"
                f"Fake{mid}")

    def threads_list(self, query, user):
        """GET /vN.N/{user}/threads?fields=id,text,permalink&limit=N: the
        profile's threads, newest first, with the fields asked for."""
        return latest_posts(self, "threads", user, query, "text",
                            self.permalink)

    def get_object(self, query, oid):
        fields = query.get("fields", "id").split(",")
        store = self.fake.store
        obj = None
        with store.lock:
            if oid == "me":
                obj = dict(self.USER)
            c = store.containers.get(oid)
            if c is not None and c["platform"] == "threads":
                obj = {"status": container_status(c, "status" in fields)}
            for p in store.posts["threads"]:
                if p["id"] == oid:
                    obj = {"permalink": self.permalink(oid)}
        if obj is None:
            return self.fail(400, 100, f"Unsupported get request. Object "
                             f"with ID '{oid}' does not exist",
                             f"no object {oid}")
        out = {f: obj[f] for f in fields if f in obj}
        out["id"] = obj.get("id", oid)
        return Reply(200, out, outcome="read " + oid)

    # A client key the token endpoints check: its Graph error.
    CLIENT_REFUSALS = {
        "client_id": (101, "Error validating application. Invalid "
                      "application ID."),
        "client_secret": (1, "Error validating client secret.")}

    def bad_grant(self, params, grant, keys=()):
        """None when params hold secrets.json's value of each client key
        in keys and grant_type grant, else the error."""
        for key in keys:
            if params.get(key) != self.secret("threads", key):
                code, words = self.CLIENT_REFUSALS[key]
                return self.fail(400, code, words, "bad " + key)
        if params.get("grant_type") != grant:
            return self.fail(400, 100, "Unsupported grant_type",
                             f"grant_type {params.get('grant_type')!r}")
        return None

    def code_token(self, req):
        """POST /oauth/access_token, form client_id, client_secret,
        grant_type=authorization_code, code, redirect_uri: a code
        registered by /_control/oauth, taken once with its redirect_uri,
        gives a short-lived token (an hour)."""
        if not req.ctype.startswith("application/x-www-form-urlencoded"):
            return self.fail(400, 100, "(#100) the body must be a form",
                             "not a form")
        form = req.form()
        bad = self.bad_grant(form, "authorization_code",
                             ("client_id", "client_secret"))
        if bad is not None:
            return bad
        store = self.fake.store
        with store.lock:
            st = self.state()
            code = form.get("code")
            if code not in st["codes"] or st["codes"].pop(code) != \
                    form.get("redirect_uri"):
                return self.fail(400, 100, "Error validating verification "
                                 "code. Please make sure your redirect_uri "
                                 "is identical to the one you used in the "
                                 "OAuth dialog request",
                                 "unknown code or redirect_uri")
            short = f"threads-short-{store.next_id()}"
            st["short"][short] = self.fake.now()
        return Reply(200, {"access_token": short,
                           "user_id": int(self.USER["id"])},
                     outcome="authorization_code: issued " + short)

    def exchange(self, req):
        """GET /access_token?grant_type=th_exchange_token&client_secret=S&
        access_token=T: a live short-lived token T gives a long-lived one
        (60 days); any other token is refused."""
        q = req.query
        bad = self.bad_grant(q, "th_exchange_token", ("client_secret",))
        if bad is not None:
            return bad
        store = self.fake.store
        with store.lock:
            st = self.state()
            now = self.fake.now()
            issued = st["short"].get(q.get("access_token"))
            if issued is None or now >= issued + self.SHORT_SECONDS:
                return self.fail(400, 190, "Invalid OAuth access token - "
                                 "not a live short-lived token",
                                 "not a short-lived token")
            return self.issue(st, now, "th_exchange_token")

    def issue(self, st, now, grant):
        """A new long-lived token (60 days from now), the answer to grant;
        lock held."""
        new = f"threads-access-{self.fake.store.next_id()}"
        st["tokens"][new] = now
        return Reply(200, {"access_token": new, "token_type": "bearer",
                           "expires_in": self.TOKEN_SECONDS},
                     outcome=f"{grant}: issued {new}")

    def refresh(self, req):
        """GET /refresh_access_token?grant_type=th_refresh_token&
        access_token=T: a live token at least a day old renews itself."""
        q = req.query
        token = q.get("access_token")
        bad = self.bad_grant(q, "th_refresh_token") or \
            self.check_token(token)
        if bad is not None:
            return bad
        store = self.fake.store
        with store.lock:
            st = self.state()
            now = self.fake.now()
            if now - st["tokens"][token] < 86400:
                return self.fail(400, 10, "(#10) The access token can be "
                                 "refreshed only once it is at least 24 "
                                 "hours old", "token less than a day old")
            return self.issue(st, now, "th_refresh_token")


# ------------------------------------------------------ OAuth 2 ---------
# The token endpoints: a refresh token traded for a new access token and a
# new refresh token (the old one is refused from then on), and an
# authorization code for both. POST /_control/oauth expires or revokes the
# access tokens of a platform, as time or the member would, and sets the
# clock the endpoint counts lifetimes by.

class OAuth(Platform):
    """Pinterest: POST /v5/oauth/token, HTTP Basic client_id:client_secret.
    LinkedIn: POST /oauth/v2/accessToken, client_id and client_secret in
    the form; POST /oauth/v2/introspectToken (form client_id,
    client_secret, token). Both token endpoints take form
    grant_type=refresh_token&refresh_token= or
    grant_type=authorization_code&code=&redirect_uri=."""

    name = "oauth"
    ENDPOINTS = {"/v5/oauth/token": "pinterest",
                 "/oauth/v2/accessToken": "linkedin",
                 "/oauth/v2/introspectToken": "linkedin"}
    # Lifetimes in seconds. A LinkedIn refresh token lasts 365 days from
    # the member's consent, whatever the renewals; a Pinterest one starts
    # again with each.
    ACCESS_SECONDS = {"pinterest": 30 * 86400, "linkedin": 60 * 86400}
    REFRESH_SECONDS = {"pinterest": 60 * 86400, "linkedin": 365 * 86400}
    # Why a request is refused: status, the OAuth error (LinkedIn's
    # body), Pinterest's words, LinkedIn's words.
    REFUSALS = {
        "client": (401, "invalid_client", "Authentication failed.",
                   "Client authentication failed"),
        "form": (400, "invalid_request", "Content-Type must be "
                 "application/x-www-form-urlencoded", "Content-Type must "
                 "be application/x-www-form-urlencoded"),
        "refresh": (400, "invalid_grant", "Invalid refresh token.",
                    "The provided authorization grant or refresh token is "
                    "invalid, expired or revoked"),
        "code": (400, "invalid_grant", "Invalid authorization code.",
                 "The provided authorization grant or refresh token is "
                 "invalid, expired or revoked"),
        "grant": (400, "unsupported_grant_type", "Invalid grant_type.",
                  "Unsupported grant_type"),
        "token": (400, "invalid_request", None, "Invalid token"),
    }

    def routes(self, req):
        if req.method == "POST":
            return self.ENDPOINTS.get(req.path)
        return None

    def state(self, platform):
        """The platform's OAuth state; lock held. tokens: every access
        token issued, with when (on the endpoint's clock); dead: the
        access tokens refused, with why ("expired", "revoked"); consented:
        when the member last authorized almanac (LinkedIn; for the
        secrets' refresh token, the first time it is used)."""
        st = self.fake.store.oauth.get(platform)
        if st is None:
            st = self.fake.store.oauth[platform] = {
                "refresh": self.secret(platform, "refresh_token"),
                "tokens": {}, "dead": {}, "codes": {}, "offset": 0.0,
                "consented": None}
        return st

    @staticmethod
    def clock(st):
        """The endpoint's time: the real one, or the one a test set."""
        return time.time() + st["offset"]

    def refuse(self, platform, why, outcome):
        status, error, pinterest, linkedin = self.REFUSALS[why]
        body = Pinterest.error(status, pinterest) if platform == \
            "pinterest" else {"error": error, "error_description": linkedin}
        return Reply(status, body, outcome="token refused: " + outcome)

    def client(self, platform, req):
        """The client_id:client_secret the request carries, or None."""
        if platform == "linkedin":
            form = req.form()
            return "%s:%s" % (form.get("client_id"),
                              form.get("client_secret"))
        auth = req.headers.get("Authorization") or ""
        try:
            return base64.b64decode(auth[6:]).decode() \
                if auth.startswith("Basic ") else None
        except (ValueError, UnicodeDecodeError):
            return None

    def handle(self, req):
        platform = self.ENDPOINTS[req.path]
        want = "%s:%s" % (self.secret(platform, "client_id"),
                          self.secret(platform, "client_secret"))
        if self.client(platform, req) != want:
            return self.refuse(platform, "client", "bad client credentials")
        if not req.ctype.startswith("application/x-www-form-urlencoded"):
            return self.refuse(platform, "form", "not a form")
        if req.path == "/oauth/v2/introspectToken":
            return self.introspect(platform, req.form().get("token"))
        form = req.form()
        grant = form.get("grant_type")
        store = self.fake.store
        with store.lock:
            st = self.state(platform)
            now = self.clock(st)
            life = self.REFRESH_SECONDS[platform]
            if grant == "refresh_token":
                if not form.get("refresh_token") or \
                        form["refresh_token"] != st["refresh"]:
                    return self.refuse(platform, "refresh",
                                       "not the current refresh token")
                if st["consented"] is None:
                    st["consented"] = now
                if platform == "linkedin" and now >= st["consented"] + life:
                    return self.refuse(platform, "refresh", "the refresh "
                                       "token's 365 days are over")
            elif grant == "authorization_code":
                if form.get("code") not in st["codes"] or \
                        st["codes"].pop(form["code"]) != \
                        form.get("redirect_uri"):
                    return self.refuse(platform, "code",
                                       "unknown code or redirect_uri")
                st["consented"] = now
            else:
                return self.refuse(platform, "grant",
                                   f"grant_type {grant!r}")
            n = store.next_id()
            access = f"{platform}-access-{n}"
            refresh = f"{platform}-refresh-{n}"
            st["refresh"] = refresh
            st["tokens"][access] = now
            if platform == "linkedin":
                left = int(st["consented"] + life - now)
        if platform == "linkedin":
            body = {"access_token": access,
                    "expires_in": self.ACCESS_SECONDS[platform],
                    "refresh_token": refresh,
                    "refresh_token_expires_in": left,
                    "scope": "w_organization_social"}
        else:
            body = {"access_token": access, "refresh_token": refresh,
                    "response_type": grant, "token_type": "bearer",
                    "expires_in": self.ACCESS_SECONDS[platform],
                    "refresh_token_expires_in": life,
                    "refresh_token_expires_at": int(time.time()) + life,
                    "scope": "boards:read,pins:write"}
        return Reply(200, body, outcome=f"{grant}: issued {access}")

    def status(self, platform, token):
        """None when platform takes the access token now, else why not:
        "missing", "expired", "revoked" or "invalid" (unknown)."""
        if not token:
            return "missing"
        with self.fake.store.lock:
            st = self.fake.store.oauth.get(platform)
            if st is None:
                return None if token == self.secret(platform) else "invalid"
            if token in st["dead"]:
                return st["dead"][token]
            if token in st["tokens"]:
                return None if self.clock(st) < st["tokens"][token] + \
                    self.ACCESS_SECONDS[platform] else "expired"
            return None if token == self.secret(platform) else "invalid"

    def introspect(self, platform, token):
        """LinkedIn's token introspection: when the token ends, and
        whether it is active; the secrets' token ends when
        /_control/expiry says (else 60 days after the fake first saw the
        platform's OAuth)."""
        with self.fake.store.lock:
            st = self.state(platform)
            now = int(self.clock(st))
            if token in st["tokens"]:
                created = int(st["tokens"][token])
                ends = created + self.ACCESS_SECONDS[platform]
            elif token and token == self.secret(platform):
                created = int(st["consented"] or now)
                ends = self.fake.store.expiry.get(platform, {}).get(
                    "expires_at", created + self.ACCESS_SECONDS[platform])
            else:
                return self.refuse(platform, "token", "introspect: unknown "
                                   "token")
            why = st["dead"].get(token) or ("expired" if now >= ends
                                            else "active")
            body = {"active": why == "active",
                    "client_id": self.secret(platform, "client_id"),
                    "authorized_at": int(st["consented"] or created),
                    "created_at": created, "status": why,
                    "expires_at": ends, "scope": "w_organization_social",
                    "auth_type": "3L"}
        return Reply(200, body, outcome=f"introspect: {why}, expires_at "
                     f"{ends}")


def control_oauth(fake, body):
    """POST /_control/oauth {"platform": P, "expire": true}: every access
    token of P (the secrets' and those issued) is refused from now on, as
    expired ("revoke": true: as revoked by the member);
    {"platform": P, "code": C, "redirect_uri": U}: C becomes an
    authorization code the token endpoint takes with U;
    {"platform": P, "refresh_token": R}: R becomes P's current refresh
    token, as when the operator authorizes almanac again at the
    platform; {"platform": P, "now": T}: P's token endpoint lives at
    Unix time T from now on (tests move almanac's clock with --now)."""
    try:
        spec = json.loads(body.decode("utf-8"))
        platform = spec["platform"]
        if platform not in Store.PLATFORMS:
            raise ValueError(f"unknown platform {platform!r}")
        if spec.get("now") is not None and \
                not isinstance(spec["now"], (int, float)):
            raise ValueError('"now" must be a Unix time')
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
        return Reply(400, {"error": f"bad oauth control: {e}"})
    with fake.store.lock:
        if platform == "threads":
            control_threads_oauth(fake, spec)
            fake.log(f"control: oauth {platform} {spec}")
            return Reply(200, {"oauth": platform})
        oauth = OAuth(fake)
        st = oauth.state(platform)
        if spec.get("now") is not None:
            st["offset"] = spec["now"] - time.time()
        for why in ("expire", "revoke"):
            if spec.get(why):
                for token in list(st["tokens"]) + [
                        oauth.secret(platform)]:
                    st["dead"][token] = why + "d"
        if spec.get("code"):
            st["codes"][spec["code"]] = spec.get("redirect_uri")
        if spec.get("refresh_token"):
            st["refresh"] = spec["refresh_token"]
            st["consented"] = oauth.clock(st)
    fake.log(f"control: oauth {platform} {spec}")
    return Reply(200, {"oauth": platform})


def control_threads_oauth(fake, spec):
    """/_control/oauth for Threads (its tokens renew themselves, with no
    token endpoint of the OAuth class): "expire" refuses every Threads
    token (code 190); "issued_at": T says the secrets' token was issued
    at T, or with "token": X, that X is a token issued at T; "code": C
    with "redirect_uri": U, that C is an authorization code
    /oauth/access_token takes once with U. Lock held."""
    st = Threads(fake).state()
    if spec.get("expire"):
        st["expired"] = True
    if spec.get("code"):
        st["codes"][spec["code"]] = spec.get("redirect_uri")
    if isinstance(spec.get("issued_at"), (int, float)):
        if spec.get("token"):  # a token the operator was given
            st["tokens"][spec["token"]] = spec["issued_at"]
        else:
            st["issued_at"] = spec["issued_at"]
            st["tokens"] = None  # the secrets' token issued then


# ----------------------------------------------------------- Bluesky -----
# The AT Protocol on one PDS: a session opened with the handle and an app
# password (createSession, limited as the real one is), its JWTs (the
# access one ends after ACCESS_SECONDS or when /_control/bluesky expires
# it; the refresh one rotates: the one it replaced is refused), posts
# created under a record key the client chooses (a TID; the same key
# again is a 500, as on current PDSes), read back with getRecord.

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def graphemes(text):
    """Grapheme clusters, near enough for the limits (the standard library
    has no UAX #29): a combining mark, a variation selector, an emoji
    modifier, a zero-width joiner and the character after it, and the
    second of a pair of regional indicators join the cluster before."""
    n, join, ri = 0, False, False
    for ch in text:
        cp = ord(ch)
        if join:
            join = False
            continue
        if cp == 0x200D:
            join = True
            continue
        if unicodedata.combining(ch) or 0xFE00 <= cp <= 0xFE0F or \
                0x1F3FB <= cp <= 0x1F3FF or \
                unicodedata.category(ch) in ("Mn", "Me", "Mc"):
            continue
        if 0x1F1E6 <= cp <= 0x1F1FF:
            if ri:
                ri = False
                continue
            ri = True
        else:
            ri = False
        n += 1
    return n


class Bluesky(Platform):
    """XRPC: POST com.atproto.server.createSession, refreshSession, GET
    getSession, POST com.atproto.repo.createRecord, GET getRecord."""

    name = "bluesky"
    ACCESS_SECONDS = 7200
    REFRESH_SECONDS = 90 * 86400
    SESSIONS_PER_5MIN = 30
    TID = re.compile(r"[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]"
                     r"{12}")
    XRPC = "/xrpc/"

    def routes(self, req):
        return req.path.startswith(self.XRPC) and \
            req.path[len(self.XRPC):] in (
                "com.atproto.server.createSession",
                "com.atproto.server.refreshSession",
                "com.atproto.server.getSession",
                "com.atproto.repo.createRecord",
                "com.atproto.repo.getRecord")

    @staticmethod
    def error(status, message=None, name=None):
        if name is None:
            name = {400: "InvalidRequest", 401: "AuthenticationRequired",
                    429: "RateLimitExceeded",
                    500: "InternalServerError"}.get(status, "Error")
        return {"error": name,
                "message": message or http.HTTPStatus(status).phrase}

    def fail(self, status, message, name=None):
        return Reply(status, self.error(status, message, name),
                     outcome=message)

    def state(self):
        """The fake's session state; lock held."""
        store = self.fake.store
        if store.bluesky is None:
            store.bluesky = {"access": {}, "refresh": None,
                             "expired": set(), "sessions": [],
                             "access_seconds": self.ACCESS_SECONDS}
        return store.bluesky

    def jwt(self, scope, seconds, n):
        now = int(time.time())
        head = b64url(json.dumps({"typ": "at+jwt" if scope !=
                                  "com.atproto.refresh" else "refresh+jwt",
                                  "alg": "HS256"}).encode())
        body = b64url(json.dumps({
            "scope": scope, "sub": self.secret("bluesky", "did"),
            "iat": now, "exp": now + seconds, "jti": f"fake-{n}",
            "aud": "did:web:fake.pds"}).encode())
        sig = b64url(hashlib.sha256(f"{head}.{body}.{n}".encode()).digest())
        return f"{head}.{body}.{sig}"

    def issue(self, st):
        """A new session's JWTs; lock held."""
        n = self.fake.store.next_id()
        access = self.jwt("com.atproto.appPass", st["access_seconds"], n)
        refresh = self.jwt("com.atproto.refresh", self.REFRESH_SECONDS, n)
        st["access"][access] = time.time() + st["access_seconds"]
        st["refresh"] = refresh
        return {"accessJwt": access, "refreshJwt": refresh,
                "handle": self.secret("bluesky", "handle"),
                "did": self.secret("bluesky", "did"),
                "email": "almanac@example.org", "emailConfirmed": True,
                "active": True}

    def check_access(self, req):
        """None when req's bearer access JWT is good, else the Reply."""
        token = req.bearer()
        with self.fake.store.lock:
            st = self.state()
            until = st["access"].get(token)
            expired = token in st["expired"]
        if until is None:
            return Reply(401, self.error(401, "Invalid identifier or "
                                         "password" if not token else
                                         "Token could not be verified",
                                         "AuthenticationRequired" if not
                                         token else "InvalidToken"),
                         outcome="unauthorized: " +
                         ("no bearer token" if not token else "wrong token"))
        if expired or until < time.time():
            return Reply(400, self.error(400, "Token has expired",
                                         "ExpiredToken"),
                         outcome="access token expired")
        return None

    def handle(self, req):
        method = req.path[len(self.XRPC):]
        if method == "com.atproto.server.createSession":
            return self.create_session(req)
        if method == "com.atproto.server.refreshSession":
            return self.refresh_session(req)
        if method == "com.atproto.server.getSession":
            return self.get_session(req)
        if method == "com.atproto.repo.getRecord":
            return self.get_record(req)
        return self.create_record(req)

    def create_session(self, req):
        if req.method != "POST":
            return self.fail(405, "Method Not Allowed")
        body = req.json()
        if not isinstance(body, dict) or not \
                isinstance(body.get("identifier"), str) or not \
                isinstance(body.get("password"), str):
            return self.fail(400, "Input must have the properties "
                             "identifier and password")
        now = time.time()
        with self.fake.store.lock:
            st = self.state()
            st["sessions"] = [t for t in st["sessions"] if t > now - 300]
            if len(st["sessions"]) >= self.SESSIONS_PER_5MIN:
                reset = int(min(st["sessions"]) + 300)
                return Reply(429, self.error(429, "Rate Limit Exceeded"), {
                    "RateLimit-Limit": str(self.SESSIONS_PER_5MIN),
                    "RateLimit-Remaining": "0",
                    "RateLimit-Reset": str(reset),
                    "RateLimit-Policy": "30;w=300"},
                    outcome="createSession rate limited")
            st["sessions"].append(now)
            if body["identifier"].lower() not in (
                    self.secret("bluesky", "handle"),
                    self.secret("bluesky", "did")) or \
                    body["password"] != self.secret("bluesky",
                                                    "app_password"):
                return Reply(401, self.error(
                    401, "Invalid identifier or password",
                    "AuthenticationRequired"),
                    outcome="createSession refused")
            out = self.issue(st)
        return Reply(200, out, outcome="session created")

    def refresh_session(self, req):
        token = req.bearer()
        with self.fake.store.lock:
            st = self.state()
            if not token or token != st["refresh"]:
                return Reply(400, self.error(400, "Token has been revoked",
                                             "ExpiredToken"),
                             outcome="refresh token refused")
            out = self.issue(st)
        return Reply(200, out, outcome="session refreshed")

    def get_session(self, req):
        bad = self.check_access(req)
        if bad is not None:
            return bad
        return Reply(200, {"handle": self.secret("bluesky", "handle"),
                           "did": self.secret("bluesky", "did"),
                           "active": True}, outcome="session read")

    def uri(self, rkey):
        return "at://%s/app.bsky.feed.post/%s" % (
            self.secret("bluesky", "did"), rkey)

    def find(self, rkey):
        """The post under rkey; lock held."""
        for p in self.fake.store.posts["bluesky"]:
            if p["rkey"] == rkey:
                return p
        return None

    def get_record(self, req):
        q = req.query
        if q.get("repo") not in (self.secret("bluesky", "did"),
                                 self.secret("bluesky", "handle")) or \
                q.get("collection") != "app.bsky.feed.post" or \
                not q.get("rkey"):
            return self.fail(400, "Could not find repo or record: "
                             f"{q.get('repo')}", "RecordNotFound")
        with self.fake.store.lock:
            p = self.find(q["rkey"])
        if p is None:
            return self.fail(400, "Could not locate record: " +
                             self.uri(q["rkey"]), "RecordNotFound")
        return Reply(200, {"uri": p["id"], "cid": p["cid"],
                           "value": p["record"]},
                     outcome="read " + q["rkey"])

    def check_record(self, rec):
        """What is wrong with a post record, or None."""
        if not isinstance(rec, dict) or \
                rec.get("$type") != "app.bsky.feed.post":
            return "record/$type must be app.bsky.feed.post"
        text = rec.get("text")
        if not isinstance(text, str):
            return "record/text must be a string"
        raw = text.encode("utf-8")
        if len(raw) > 3000:
            return "record/text must not be longer than 3000 characters"
        if graphemes(text) > 300:
            return "record/text must not be longer than 300 graphemes"
        if not isinstance(rec.get("createdAt"), str) or not re.fullmatch(
                r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z",
                rec["createdAt"]):
            return "record/createdAt must be an valid datetime"
        langs = rec.get("langs", [])
        if not isinstance(langs, list) or len(langs) > 3 or not all(
                isinstance(x, str) and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", x)
                for x in langs):
            return "record/langs must be at most 3 language tags"
        for i, f in enumerate(rec.get("facets", [])):
            idx = f.get("index") if isinstance(f, dict) else None
            if not isinstance(idx, dict):
                return f"record/facets/{i}/index must be an object"
            s, e = idx.get("byteStart"), idx.get("byteEnd")
            if not isinstance(s, int) or not isinstance(e, int) or \
                    not 0 <= s < e <= len(raw):
                return f"record/facets/{i}/index is outside the text"
            try:
                shown = raw[s:e].decode("utf-8")
            except UnicodeDecodeError:
                return f"record/facets/{i}/index splits a character"
            feats = f.get("features")
            if not isinstance(feats, list) or not feats:
                return f"record/facets/{i}/features must not be empty"
            for ft in feats:
                t = ft.get("$type") if isinstance(ft, dict) else None
                if t == "app.bsky.richtext.facet#link":
                    uri = ft.get("uri")
                    if not isinstance(uri, str) or not re.fullmatch(
                            r"https?://[^\s/]+\.[^\s]+", uri):
                        return f"record/facets/{i}: uri must be a full URL"
                    if shown.rstrip("\u2026").split("://")[-1] not in uri:
                        return (f"record/facets/{i}: the text {shown!r} "
                                f"is not the link {uri!r}")
                elif t == "app.bsky.richtext.facet#tag":
                    tag = ft.get("tag")
                    if not isinstance(tag, str) or not tag or \
                            tag.startswith("#") or \
                            shown[1:] != tag or shown[0] not in "#\uff03":
                        return (f"record/facets/{i}: the text {shown!r} "
                                f"is not the tag {tag!r}")
                else:
                    return f"record/facets/{i}: unknown feature {t!r}"
        embed = rec.get("embed")
        if embed is not None:
            ext = embed.get("external") if isinstance(embed, dict) else None
            if embed.get("$type") != "app.bsky.embed.external" or \
                    not isinstance(ext, dict) or not all(
                        isinstance(ext.get(k), str)
                        for k in ("uri", "title", "description")):
                return ("record/embed must be app.bsky.embed.external "
                        "with uri, title and description")
        return None

    def create_record(self, req):
        if req.method != "POST":
            return self.fail(405, "Method Not Allowed")
        bad = self.check_access(req)
        if bad is not None:
            return bad
        body = req.json()
        if not isinstance(body, dict):
            return self.fail(400, "Request body must be a JSON object")
        if body.get("repo") not in (self.secret("bluesky", "did"),
                                    self.secret("bluesky", "handle")):
            return self.fail(400, "Could not find repo: %s" %
                             body.get("repo"))
        if body.get("collection") != "app.bsky.feed.post":
            return self.fail(400, "Input/collection must be "
                             "app.bsky.feed.post")
        rkey = body.get("rkey")
        if not isinstance(rkey, str) or not self.TID.fullmatch(rkey):
            return self.fail(400, "Input/rkey must be a valid TID")
        why = self.check_record(body.get("record")) or \
            bluesky_thumb(self.fake, body.get("record"))
        if why is not None:
            return self.fail(400, "Invalid app.bsky.feed.post record: " +
                             why)
        store = self.fake.store
        with store.lock:
            if self.find(rkey) is not None:
                # the second create of a key: a 500 on current PDSes
                return Reply(500, self.error(500, "Internal Server Error"),
                             outcome="rkey taken: " + rkey)
            cid = "bafyrei" + hashlib.sha256(
                req.body).hexdigest()[:52]
            post = store.add_post(self.name, {
                "id": self.uri(rkey), "rkey": rkey, "cid": cid,
                "text": body["record"]["text"], "record": body["record"]})
        return Reply(200, {"uri": post["id"], "cid": cid,
                           "commit": {"cid": "bafyreicommit", "rev": rkey},
                           "validationStatus": "valid"},
                     outcome="created " + rkey, post=post)


def control_bluesky(fake, body):
    """POST /_control/bluesky {"expire": true}: every access JWT issued so
    far answers 400 ExpiredToken from now on; {"access_seconds": N}: the
    lifetime of the access JWTs issued from now on (default 7200)."""
    try:
        spec = json.loads(body.decode("utf-8"))
        if not isinstance(spec, dict):
            raise ValueError("the body must be a JSON object")
        secs = spec.get("access_seconds")
        if secs is not None and (not isinstance(secs, int) or secs < 0):
            raise ValueError('"access_seconds" must be a whole number')
    except (UnicodeDecodeError, ValueError) as e:
        return Reply(400, {"error": f"bad bluesky control: {e}"})
    with fake.store.lock:
        st = Bluesky(fake).state()
        if spec.get("expire"):
            st["expired"].update(st["access"])
        if secs is not None:
            st["access_seconds"] = secs
    fake.log(f"control: bluesky {spec}")
    return Reply(200, {"bluesky": spec})


# ------------------------------------------------ picture uploads -----
# LinkedIn's Images API (initializeUpload, then a PUT of the bytes to the
# uploadUrl it gives, on the fake) and Bluesky's uploadBlob; the posts
# that show them check that they were uploaded (Store.thumbs).

def sniff_image(data):
    """"image/jpeg" or "image/png" by the first bytes, else None."""
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    return None


class LinkedInImages(Platform):
    """POST /rest/images?action=initializeUpload {"initializeUploadRequest":
    {"owner": URN}} -> {"value": {"uploadUrl", "image": "urn:li:image:ID",
    "uploadUrlExpiresAt"}}; PUT {uploadUrl} (/li-upload/N here) with the
    bearer token and the picture's bytes -> 201."""

    name = "linkedin"
    UPLOAD = "/li-upload/"

    def routes(self, req):
        return (req.path == "/rest/images" and req.method == "POST") or \
            req.path.startswith(self.UPLOAD)

    def handle(self, req):
        if req.path == "/rest/images":
            return self.initialize(req)
        return self.put(req)

    def initialize(self, req):
        bad = LinkedIn(self.fake).check_headers(req)
        if bad is not None:
            return bad
        if req.query.get("action") != "initializeUpload":
            return Reply(400, LinkedIn.error(400, "action=initializeUpload "
                                             "is required"),
                         outcome="images: no action=initializeUpload")
        body = req.json()
        owner = ((body or {}).get("initializeUploadRequest") or {}) \
            .get("owner") if isinstance(body, dict) else None
        if not isinstance(owner, str) or not LinkedIn.AUTHOR.fullmatch(owner):
            return LinkedIn.field_error(
                "initializeUploadRequest/owner", "INVALID_URN_TYPE",
                "owner must be a person or an organization URN")
        store = self.fake.store
        with store.lock:
            n = store.next_id()
            urn = f"urn:li:image:D4E10AQFake{n}"
            store.thumbs["linkedin"][urn] = {
                "id": urn, "n": n, "owner": owner, "bytes": None}
        return Reply(200, {"value": {
            "uploadUrlExpiresAt": int(time.time() * 1000) + 86400000,
            "uploadUrl": f"{req.scheme}://{req.host}{self.UPLOAD}{n}",
            "image": urn}}, outcome="upload initialized " + urn)

    def put(self, req):
        if req.method != "PUT":
            return Reply(405, LinkedIn.error(405), outcome="not a PUT")
        why = self.fake.token_ok_why("linkedin", req.bearer())
        if why is not None:
            return LinkedIn.unauthorized(why)
        store = self.fake.store
        with store.lock:
            img = next((i for i in store.thumbs["linkedin"].values()
                        if str(i["n"]) == req.path[len(self.UPLOAD):]),
                       None)
        if img is None:
            return Reply(404, LinkedIn.error(404), outcome="no such upload")
        kind = sniff_image(req.body)
        if kind is None:
            return Reply(400, LinkedIn.error(400, "The uploaded bytes are "
                                             "not a picture"),
                         outcome="upload: not a JPEG or PNG")
        with store.lock:
            img.update(bytes=len(req.body), type=kind,
                       sha256=hashlib.sha256(req.body).hexdigest())
        return Reply(201, outcome=f"uploaded {img['id']}: "
                     f"{len(req.body)} bytes of {kind}")


def linkedin_thumbnail(fake, body):
    """None when the post's article has no thumbnail or one uploaded,
    else the 400 Reply."""
    art = ((body.get("content") or {}).get("article") or {}) \
        if isinstance(body.get("content"), dict) else {}
    thumb = art.get("thumbnail") if isinstance(art, dict) else None
    if thumb is None:
        return None
    with fake.store.lock:
        img = fake.store.thumbs["linkedin"].get(thumb) \
            if isinstance(thumb, str) else None
        ok = img is not None and img["bytes"] is not None
    if ok:
        return None
    return Reply(400, LinkedIn.error(400, f"The image {thumb} does not "
                                     "exist or was not uploaded"),
                 outcome=f"thumbnail {thumb} not uploaded")


class BlueskyBlobs(Platform):
    """POST /xrpc/com.atproto.repo.uploadBlob with the picture's bytes and
    its Content-Type, the bearer access JWT -> {"blob": {"$type": "blob",
    "ref": {"$link": CID}, "mimeType", "size"}}; more than 1,000,000 bytes:
    400 BlobTooLarge."""

    name = "bluesky"
    PATH = "/xrpc/com.atproto.repo.uploadBlob"
    MAX = 1000000

    def routes(self, req):
        return req.path == self.PATH

    def handle(self, req):
        bsky = Bluesky(self.fake)
        if req.method != "POST":
            return bsky.fail(405, "Method Not Allowed")
        bad = bsky.check_access(req)
        if bad is not None:
            return bad
        if len(req.body) > self.MAX:
            return bsky.fail(400, f"This file is too large. It is "
                             f"{len(req.body)} bytes but the maximum size "
                             f"is {self.MAX} bytes.", "BlobTooLarge")
        kind = sniff_image(req.body)
        if kind is None or req.ctype.split(";")[0].strip() != kind:
            return bsky.fail(400, "the body is not the picture its "
                             "Content-Type says")
        digest = hashlib.sha256(req.body).digest()
        cid = "bafkrei" + base64.b32encode(digest).decode().lower() \
            .rstrip("=")[:52]
        blob = {"$type": "blob", "ref": {"$link": cid}, "mimeType": kind,
                "size": len(req.body)}
        with self.fake.store.lock:
            self.fake.store.thumbs["bluesky"][cid] = dict(blob)
        return Reply(200, {"blob": blob},
                     outcome=f"blob {cid}: {len(req.body)} bytes of {kind}")


def bluesky_thumb(fake, rec):
    """What is wrong with the record's card thumb (a blob uploaded, with
    its size and mimeType), or None (none, or right)."""
    ext = ((rec.get("embed") or {}).get("external") or {}) \
        if isinstance(rec, dict) and isinstance(rec.get("embed"), dict) \
        else {}
    thumb = ext.get("thumb") if isinstance(ext, dict) else None
    if thumb is None:
        return None
    ref = thumb.get("ref") if isinstance(thumb, dict) else None
    cid = ref.get("$link") if isinstance(ref, dict) else None
    with fake.store.lock:
        blob = fake.store.thumbs["bluesky"].get(cid) \
            if isinstance(cid, str) else None
    if thumb.get("$type") != "blob" or blob is None:
        return f"record/embed/external/thumb: no blob {cid} was uploaded"
    if thumb.get("size") != blob["size"] or \
            thumb.get("mimeType") != blob["mimeType"]:
        return ("record/embed/external/thumb: its size or mimeType is not "
                "the uploaded blob's")
    return None


# ------------------------------------------ whoami (almanac doctor) -----
# Read-only "whose token is this" endpoints of every platform, and the
# token expiry Graph's debug_token reports, set by POST /_control/expiry.
# Only Graph's debug_token and LinkedIn's introspectToken (OAuth, above)
# tell when a token ends; Pinterest gives expires_in only when a token is
# issued, and X's OAuth 1.0a tokens do not expire, so their answers here
# carry no expiry either.

class Whoami(Platform):
    """GET /2/users/me (X; OAuth 1.0a checked as for posting), GET
    /v2/userinfo (LinkedIn, OpenID), GET /rest/posts?q=author (LinkedIn,
    versioned: 426 for a retired version), GET /vNN.N/me and
    /vNN.N/debug_token?input_token= (Graph), GET
    /vNN.N/{ig-user}?fields=id,username (Instagram), GET /v5/user_account
    (Pinterest)."""

    name = "whoami"
    GRAPH = re.compile(r"/v\d+\.\d+/([^/]+)")
    X_USER = {"id": "1234567890", "name": "Fake User",
              "username": "fakeuser"}
    LINKEDIN_USER = {"sub": "fAkEmEmBeR1", "name": "Fake Member",
                     "given_name": "Fake", "family_name": "Member",
                     "locale": {"country": "GB", "language": "en"}}
    PAGE = {"id": "1001", "name": "almanac test page"}
    GRAPH_USER = {"id": "5005", "name": "Fake Member"}
    IG_USER = {"id": "2002", "username": "almanac.test"}
    PINTEREST_USER = {"account_type": "BUSINESS", "id": "4004",
                      "username": "almanac-test",
                      "profile_image": "https://example.org/p.jpg",
                      "website_url": "https://example.org/",
                      "about": "", "business_name": "almanac test",
                      "board_count": 1, "pin_count": 0,
                      "follower_count": 0, "following_count": 0,
                      "monthly_views": 0}
    APP_ID = "4242"

    def graph_token(self, req):
        return req.bearer() or req.query.get("access_token")

    def graph_platform(self, token):
        """Which Graph platform a token is of (facebook by default)."""
        return "instagram" if token and token == self.secret(
            "instagram") else "facebook"

    def routes(self, req):
        if req.method != "GET":
            return None
        if req.path == "/2/users/me":
            return "twitter"
        if req.path in ("/v2/userinfo", "/rest/posts"):
            return "linkedin"
        if req.path == "/v5/user_account":
            return "pinterest"
        m = self.GRAPH.fullmatch(req.path)
        if m is None:
            return None
        if m.group(1) in ("me", "debug_token"):
            return self.graph_platform(self.graph_token(req))
        if "username" in req.query.get("fields", "").split(","):
            return "instagram"
        return None

    def handle(self, req):
        if req.path == "/2/users/me":
            return self.x_me(req)
        if req.path == "/v2/userinfo":
            return self.linkedin_userinfo(req)
        if req.path == "/rest/posts":
            return self.linkedin_find_posts(req)
        if req.path == "/v5/user_account":
            return self.pinterest_user(req)
        node = self.GRAPH.fullmatch(req.path).group(1)
        graph = Graph(self.fake)
        bad = graph.check_token(req, req.query, ["facebook", "instagram"])
        if bad is not None:
            return bad
        if node == "me":
            user = self.PAGE if self.graph_platform(
                self.graph_token(req)) == "facebook" else self.GRAPH_USER
            return Reply(200, user, outcome="me: " + user["name"])
        if node == "debug_token":
            return self.debug_token(req)
        if node != self.IG_USER["id"]:
            return graph.fail(400, 100, f"Unsupported get request. Object "
                              f"with ID '{node}' does not exist, cannot be "
                              "loaded due to missing permissions, or does "
                              "not support this operation.",
                              f"no instagram user {node}")
        fields = req.query.get("fields", "id").split(",")
        out = {f: self.IG_USER[f] for f in fields if f in self.IG_USER}
        out["id"] = node
        return Reply(200, out, outcome="instagram user " + node)

    def x_me(self, req):
        why = Twitter(self.fake).check_auth(req)
        if why is not None:
            return Reply(401, Twitter.UNAUTHORIZED,
                         outcome="unauthorized: " + why)
        return Reply(200, {"data": dict(self.X_USER)},
                     outcome="users/me: @" + self.X_USER["username"])

    def linkedin_userinfo(self, req):
        why = self.fake.token_ok_why("linkedin", req.bearer())
        if why is not None:
            return LinkedIn.unauthorized(why, "invalid" if why == "missing"
                                         else None)
        return Reply(200, dict(self.LINKEDIN_USER),
                     outcome="userinfo: " + self.LINKEDIN_USER["name"])

    def linkedin_find_posts(self, req):
        """GET /rest/posts?q=author&author=URN&count=N: the token and
        headers checked as for posting (no body, so no Content-Type); the
        author's posts, newest first (at most N, default 10)."""
        bad = LinkedIn(self.fake).check_headers(req)
        if bad is not None and bad.status != 415:
            return bad
        if req.query.get("q") != "author" or not LinkedIn.AUTHOR.fullmatch(
                req.query.get("author", "")):
            return Reply(400, LinkedIn.error(400, "q=author and an author "
                                             "URN are required"),
                         outcome="find posts: no q=author")
        try:
            count = max(1, min(100, int(req.query.get("count", "10"))))
        except ValueError:
            count = 10
        with self.fake.store.lock:
            mine = [{"id": p["id"], "author": p["author"],
                     "commentary": p["text"], "lifecycleState": "PUBLISHED"}
                    for p in reversed(self.fake.store.posts["linkedin"])
                    if p.get("author") == req.query["author"]]
        return Reply(200, {"elements": mine[:count], "paging": {
            "start": 0, "count": count, "links": [], "total": len(mine)}},
            outcome="find posts by " + req.query["author"])

    def pinterest_user(self, req):
        token = req.bearer()
        if not self.fake.token_ok("pinterest", token):
            return Reply(401, Pinterest.error(401, "Authentication failed.",
                                              2),
                         outcome="unauthorized: " +
                         ("wrong token" if token else "no bearer token"))
        return Reply(200, dict(self.PINTEREST_USER),
                     outcome="user_account: " +
                     self.PINTEREST_USER["username"])

    def debug_token(self, req):
        """Graph's token debugger: the caller's token may inspect a token
        of the same app, here any token the fake knows."""
        token = req.query.get("input_token", "")
        platform = None
        for p in ("facebook", "instagram"):
            if token and token == self.secret(p):
                platform = p
        if platform is None:
            return Reply(200, {"data": {
                "error": {"code": 190, "message": "Invalid OAuth access "
                          "token - Cannot parse access token"},
                "is_valid": False, "scopes": []}},
                outcome="debug_token: unknown input_token")
        with self.fake.store.lock:
            exp = dict(self.fake.store.expiry.get(platform, {}))
        data = {"app_id": self.APP_ID, "application": "almanac test",
                "type": "PAGE" if platform == "facebook" else "USER",
                "expires_at": exp.get("expires_at", 0),
                "is_valid": True,
                "issued_at": int(time.time()) - 86400,
                "scopes": ["pages_manage_posts", "pages_read_engagement"]
                if platform == "facebook" else
                ["instagram_basic", "instagram_content_publish",
                 "pages_read_engagement"],
                "user_id": self.GRAPH_USER["id"]}
        if "data_access_expires_at" in exp:
            data["data_access_expires_at"] = exp["data_access_expires_at"]
        if platform == "facebook":
            data["profile_id"] = self.PAGE["id"]
        return Reply(200, {"data": data},
                     outcome=f"debug_token: {platform}, expires_at "
                     f"{data['expires_at']}")


def control_expiry(fake, body):
    """POST /_control/expiry {"platform": "facebook"|"instagram",
    "days": D | "expires_at": T, optional "data_access_days" |
    "data_access_expires_at"}: what debug_token says from now on (until a
    reset); "days": 0 and no expires_at means the token never expires.
    {"platform": "linkedin", ...}: what introspectToken says of the
    secrets' access token."""
    try:
        spec = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        return Reply(400, {"error": str(e)})
    if not isinstance(spec, dict) or spec.get("platform") not in (
            "facebook", "instagram", "linkedin"):
        return Reply(400, {"error": 'give "platform": "facebook", '
                           '"instagram" or "linkedin" (only Graph\'s '
                           'debug_token and LinkedIn\'s introspectToken '
                           'tell a token\'s expiry)'})
    exp = {}
    now = int(time.time())
    for key, days in (("expires_at", "days"),
                      ("data_access_expires_at", "data_access_days")):
        v = spec.get(key)
        if v is None and spec.get(days) is not None:
            v = now + int(float(spec[days]) * 86400) if spec[days] else 0
        if v is not None:
            if not isinstance(v, int) or v < 0:
                return Reply(400, {"error": f'"{key}" must be a Unix '
                                   'time (0: never)'})
            exp[key] = v
    with fake.store.lock:
        fake.store.expiry[spec["platform"]] = exp
    fake.log(f"control: expiry of {spec['platform']}: {exp}")
    return Reply(200, dict(exp, platform=spec["platform"]))


# --------------------------------------------------- hostile answers -----
# Scripted answers no platform should give, to test almanac's limits (see
# README.md, "Hostile answers"). Each is bounded: sizes are the script's,
# sleeps are capped by --max-sleep, and a client that goes away ends it.

HOSTILE_ACTIONS = ("huge_body", "huge_header", "drip", "retry_after",
                   "invalid_json", "wrong_types", "html_2xx")

WRONG_TYPES = {  # the keys each platform's answer has, with wrong types
    "twitter": {"data": {"id": 12345, "text": ["x"],
                         "edit_history_tweet_ids": "x"}},
    "linkedin": {"id": 12345},
    "facebook": {"id": ["x"]},
    "instagram": {"id": {"x": 1}},
    "pinterest": {"id": 12345, "link": 7, "board_id": []},
    "threads": {"id": ["x"]},
}

HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Service Unavailable"
             b"</title></head>\n<body><h1>We'll be right back</h1>\n"
             b"<p>Our engineers are on it.</p></body></html>\n")


def head_bytes(status, headers):
    """The status line and header lines of an HTTP/1.1 answer, with the
    empty line that ends them."""
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    lines = [f"HTTP/1.1 {status} {phrase}"]
    lines += [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def hostile_writer(fake, script, status, headers, body, size):
    """A function writing an answer to wfile: the head, then body (bytes)
    padded with spaces to size bytes (after a JSON body, still valid
    JSON), in 64 KiB pieces; "chunked": true sends it without a length."""
    chunked = bool(script.get("chunked"))
    headers = list(headers)
    headers.append(("Transfer-Encoding", "chunked") if chunked
                   else ("Content-Length", str(size)))
    headers.append(("Connection", "close"))

    def write(wfile):
        wfile.write(head_bytes(status, headers))
        left, first, piece = size, body[:size], b" " * 65536
        while left > 0 and not fake.stop.is_set():
            data = first or piece[:left]
            first = b""
            wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked
                        else data)
            left -= len(data)
        if chunked:
            wfile.write(b"0\r\n\r\n")
    return write


def hostile_drip(fake, script, answer):
    """A function writing answer (bytes) one byte every "interval"
    seconds (1), for at most "seconds" (30, capped by --max-sleep)."""
    interval = max(0.01, float(script.get("interval", 1)))
    limit = min(float(script.get("seconds", 30)), fake.cfg.max_sleep)

    def write(wfile):
        end = time.monotonic() + limit
        for i in range(len(answer)):
            if time.monotonic() >= end or fake.stop.is_set():
                return
            wfile.write(answer[i:i + 1])
            wfile.flush()
            fake.stop.wait(interval)
    return write


def hostile_reply(fake, req, platform, handler, script):
    """The Reply for a hostile action. The request is handled first (its
    post created: the client cannot tell what happened) except for
    retry_after and html_2xx, which stand for a front end that answered
    instead of the platform ("create": true handles those too)."""
    action = script["action"]
    if action == "retry_after":
        value = str(script.get("value", "31536000"))
        status = script.get("status", 429)
        return Reply(status, fake.error_body(platform, status),
                     {"Retry-After": value},
                     outcome=f"scripted {status}, Retry-After: {value}")
    if action == "html_2xx":
        r = handler.handle(req) if script.get("create") else None
        return Reply(script.get("status", 200), HTML_PAGE,
                     outcome="an HTML page" +
                     (" after: " + r.outcome if r else ""),
                     ctype="text/html; charset=utf-8",
                     post=r.post if r else None)
    r = handler.handle(req)
    status = r.status if 200 <= r.status < 300 else 200
    headers = [(k, str(v)) for k, v in r.headers.items()]
    if action == "invalid_json":
        body = r.body[:len(r.body) // 2] or b'{"id": '
        return Reply(status, body, r.headers, post=r.post,
                     outcome="invalid JSON after: " + r.outcome)
    if action == "wrong_types":
        h = dict(r.headers)
        if "x-restli-id" in h:
            h["x-restli-id"] = "12345"
        return Reply(status, script.get("body", WRONG_TYPES.get(
            platform, {"id": 12345})), h, post=r.post,
            outcome="wrong types after: " + r.outcome)
    ctype = [("Content-Type", r.ctype or "application/json")]
    out = Reply(status, outcome="", post=r.post)
    if action == "huge_body":
        size = int(script.get("bytes", 1 << 30))
        out.raw = hostile_writer(fake, script, status, headers + ctype,
                                 r.body, size)
        out.outcome = f"a {size}-byte body after: {r.outcome}"
    elif action == "huge_header":
        size = int(script.get("bytes", 1 << 20))
        big = [("X-Padding", "a" * size)]
        out.raw = hostile_writer(fake, {}, status, big + headers + ctype,
                                 r.body, len(r.body))
        out.outcome = f"a {size}-byte header line after: {r.outcome}"
    else:  # drip
        answer = head_bytes(status, headers + ctype + [
            ("Content-Length", str(len(r.body))),
            ("Connection", "close")]) + r.body
        out.raw = hostile_drip(fake, script, answer)
        out.outcome = "dripping after: " + r.outcome
    return out


def write_raw(handler, reply):
    """Sends a hostile reply's own bytes; the client going away (or
    --io-timeout passing without progress) ends it."""
    handler.close_connection = True
    try:
        reply.raw(handler.wfile)
        handler.wfile.flush()
    except (ConnectionError, TimeoutError, ssl.SSLError, ValueError,
            OSError) as e:
        handler.server.fake.log(f"hostile answer cut short: {e!r}")


# ------------------------------------------------------- pictures ------

class Images(Platform):
    """Pictures on the web, for almanac's remote-image cache:
    GET /images/photo.jpg (a small JPEG), /images/photo.png (a PNG),
    /images/size/N/NAME.jpg (a JPEG of N bytes, at most 16 MiB, NAME
    making each its own), /images/huge.jpg (a JPEG of 50 MiB, sent in
    pieces), /images/page.jpg (200, an HTML page), /images/liar.jpg
    (200 image/jpeg, but an HTML page); anything else below /images/:
    404 with an HTML page."""

    name = "images"
    JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01"
            b"\x00\x01\x00\x00\xff\xd9")
    PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
           b"\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde")
    HUGE = 50 << 20

    def routes(self, req):
        return req.path.startswith("/images/")

    def handle(self, req):
        path = req.path
        if req.method != "GET":
            return Reply(405, HTML_PAGE, ctype="text/html",
                         outcome="not a GET")
        if path == "/images/photo.jpg":
            return Reply(200, self.JPEG, ctype="image/jpeg",
                         outcome="a JPEG")
        if path == "/images/photo.png":
            return Reply(200, self.PNG, ctype="image/png",
                         outcome="a PNG")
        m = re.fullmatch(r"/images/size/(\d{1,8})/[\w-]+\.jpg", path)
        if m and len(self.JPEG) <= int(m.group(1)) <= 16 << 20:
            n = int(m.group(1))
            body = self.JPEG[:-2] + path.encode() * (n // len(path) + 1)
            body = body[:n - 2] + b"\xff\xd9"
            return Reply(200, body, ctype="image/jpeg",
                         outcome=f"a JPEG of {n} bytes")
        if path == "/images/huge.jpg":
            out = Reply(200, outcome=f"a JPEG of {self.HUGE} bytes")
            out.raw = hostile_writer(self.fake, {}, 200, [
                ("Content-Type", "image/jpeg")], self.JPEG, self.HUGE)
            return out
        if path == "/images/page.jpg":
            return Reply(200, HTML_PAGE, ctype="text/html; charset=utf-8",
                         outcome="an HTML page")
        if path == "/images/liar.jpg":
            return Reply(200, HTML_PAGE, ctype="image/jpeg",
                         outcome="an HTML page said to be a JPEG")
        return Reply(404, b"<!DOCTYPE html>\n<title>Not Found</title>\n",
                     ctype="text/html", outcome="no such picture")


# ------------------------------------------------------- the server ------

class Fake:
    """The platforms, the store, the configuration and the scripts."""

    ACTIONS = ("timeout", "drop", "drop_before", "garbage", "redirect",
               "created_then_500", "echo_token",
               "rate_limited") + HOSTILE_ACTIONS

    def __init__(self, cfg, secrets, log, stop):
        self.cfg = cfg
        self.secrets = secrets
        self.log = log
        self.store = Store()
        self.stop = stop
        self.platforms = [Threads(self), Whoami(self), Twitter(self),
                          LinkedIn(self), Graph(self), Pinterest(self),
                          Mastodon(self), PictureUploads(self), OAuth(self),
                          Bluesky(self), Images(self), LinkedInImages(self),
                          BlueskyBlobs(self)]

    def now(self):
        """The fake's clock: the real time, moved by /_control/clock."""
        return time.time() + self.store.offset

    def token_ok(self, platform, token):
        """Whether platform takes the bearer token: the secrets' one
        (until /_control/oauth expires it) or one its token endpoint
        issued (until then, or until it ends)."""
        return self.token_ok_why(platform, token) is None

    def token_ok_why(self, platform, token):
        """None when platform takes the bearer token, else why not
        (OAuth.status)."""
        return OAuth(self).status(platform, token)

    def route(self, req):
        """(platform name, handler object) for req, or (None, None)."""
        for p in self.platforms:
            name = p.routes(req)
            if name:
                return (name if isinstance(name, str) else p.name), p
        return None, None

    def error_body(self, platform, status, message=None):
        """The platform's own error shape for a status (with message as
        the platform's words when given)."""
        for p in self.platforms:
            if platform == p.name or (p.name == "graph" and platform in
                                      Store.GRAPHS):
                return p.error(status, message) if message else \
                    p.error(status)
        return {"status": status, "message": message} if message else \
            {"status": status}

    def echo_token(self, req, platform, script):
        """A platform that repeats the credential it was sent in its error
        (as some do): the Authorization header, else the access_token
        parameter, in the platform's error shape; no post."""
        status = script.get("status", 401)
        auth = req.headers.get("Authorization")
        token = req.form().get("access_token")
        if auth:
            said = "Authorization: " + auth
        elif token:
            said = "access_token=" + token
        else:
            said = "none"
        return Reply(status, self.error_body(
            platform, status, "Invalid credentials: " + said),
            outcome="echoed the credentials, %d" % status)

    def rate_limited(self, platform, script):
        """The platform's own rate-limited answer, with what it says about
        when to come back; no post. X: 429 with its windows' headers, the
        spent one ("window": "15min", "user24h" or "app24h") resetting at
        "reset" (Unix seconds). Facebook, Instagram: 400 (or "status")
        with Graph throttle "code" (4) and X-Business-Use-Case-Usage
        saying "minutes" (none when absent). Bluesky: 429 with its
        RateLimit-* headers, RateLimit-Reset at "reset". LinkedIn,
        Pinterest: 429
        without headers."""
        reset = int(script.get("reset", time.time() + 900))
        if platform == "twitter":
            window = script.get("window", "15min")
            h = {"x-rate-limit-limit": "100",
                 "x-rate-limit-remaining": "0" if window == "15min" else "37",
                 "x-rate-limit-reset": str(reset if window == "15min"
                                           else int(time.time()) + 900)}
            for w, name in (("user24h", "user"), ("app24h", "app")):
                h[f"x-{name}-limit-24hour-limit"] = "10000"
                h[f"x-{name}-limit-24hour-remaining"] = \
                    "0" if window == w else "9000"
                h[f"x-{name}-limit-24hour-reset"] = str(
                    reset if window == w else int(time.time()) + 86400)
            return Reply(429, {"errors": [{"code": 88, "message":
                                           "Rate limit exceeded"}]}, h,
                         outcome=f"rate limited ({window}) until {reset}")
        if platform in Store.GRAPHS:
            status = script.get("status", 400)
            code = script.get("code", 4)
            h = {}
            if script.get("minutes") is not None:
                h["X-Business-Use-Case-Usage"] = json.dumps({"1001": [{
                    "type": "pages", "call_count": 100, "total_cputime": 12,
                    "total_time": 20, "estimated_time_to_regain_access":
                    int(script["minutes"])}]})
            return Reply(status, Graph.error(
                status, f"(#{code}) Request limit reached", code), h,
                outcome=f"rate limited, code {code}, "
                        f"{script.get('minutes')} min")
        if platform == "mastodon":
            at = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z",
                               time.gmtime(reset))
            return Reply(429, Mastodon.error(429, "Too many requests"), {
                "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": at}, outcome=f"rate limited until {at}")
        if platform == "bluesky":
            return Reply(429, Bluesky.error(429, "Rate Limit Exceeded"), {
                "RateLimit-Limit": "5000", "RateLimit-Remaining": "0",
                "RateLimit-Reset": str(reset),
                "RateLimit-Policy": "5000;w=3600"},
                outcome=f"rate limited until {reset}")
        return Reply(429, self.error_body(platform, 429),
                     outcome="rate limited")

    def add_script(self, spec):
        """Queues spec["responses"] for requests matching spec's "path"
        ("PREFIX" or "METHOD PREFIX") and/or "platform". Returns the
        count queued, or raises ValueError."""
        if not isinstance(spec, dict):
            raise ValueError("the body must be a JSON object")
        path, method = spec.get("path"), None
        if isinstance(path, str) and " " in path:
            method, path = path.split(" ", 1)
            method = method.upper()
        platform = spec.get("platform")
        if path is None and platform is None:
            raise ValueError('give "path" and/or "platform"')
        if path is not None and (not isinstance(path, str)
                                 or not path.startswith("/")):
            raise ValueError('"path" must start with "/"')
        if platform is not None and platform not in Store.PLATFORMS:
            raise ValueError(f'unknown platform {platform!r}')
        responses = spec.get("responses")
        if not isinstance(responses, list) or not responses:
            raise ValueError('"responses" must be a non-empty list')
        queue = []
        for r in responses:
            if not isinstance(r, dict):
                raise ValueError("each response must be an object")
            if "action" in r:
                if r["action"] not in self.ACTIONS:
                    raise ValueError(f"unknown action {r['action']!r}; one "
                                     f"of {', '.join(self.ACTIONS)}")
            elif not isinstance(r.get("status"), int) or not \
                    100 <= r["status"] <= 599:
                raise ValueError('each response needs "action" or an '
                                 'integer "status"')
            repeat = r.get("repeat", 1)
            if not isinstance(repeat, int) or not 1 <= repeat <= 1000:
                raise ValueError('"repeat" must be 1 to 1000')
            queue += [r] * repeat
        with self.store.lock:
            for s in self.store.scripts:
                if (s["method"], s["path"], s["platform"]) == \
                        (method, path, platform):
                    s["queue"].extend(queue)
                    break
            else:
                self.store.scripts.append({
                    "method": method, "path": path, "platform": platform,
                    "queue": collections.deque(queue)})
        return len(queue)

    def next_script(self, req, platform):
        """Pops the first scripted behaviour that matches req, or None."""
        with self.store.lock:
            for s in self.store.scripts:
                if (s["queue"]
                        and (s["method"] is None or s["method"] == req.method)
                        and (s["path"] is None
                             or match_path(s["path"], req.path))
                        and (s["platform"] is None
                             or s["platform"] == platform)):
                    return s["queue"].popleft()
        return None

    def sleep(self, seconds):
        """Sleeps up to the --max-sleep cap; a stop cuts it short."""
        try:
            seconds = float(seconds)
        except (TypeError, ValueError):
            seconds = 0.0
        self.stop.wait(max(0.0, min(seconds, self.cfg.max_sleep)))

    def serve(self, req, platform, handler, script):
        """Applies the scripted behaviour (or none) to req: returns the
        Reply to send (or a Reply.closed one)."""
        if script is None:
            return handler.handle(req)
        action = script.get("action")
        if action is None:  # a canned answer
            created = handler.handle(req) if script.get("create") else None
            body = script.get("body")
            if body is None and "code" in script and \
                    platform in Store.GRAPHS:
                body = Graph.error(script["status"], script.get("message"),
                                   script["code"], script.get("subcode"))
            if body is None:
                body = self.error_body(platform, script["status"]) \
                    if script["status"] >= 400 else b""
            r = Reply(script["status"], body, script.get("headers"),
                      outcome="scripted %d" % script["status"])
            if created is not None:
                r.outcome += "; handled: " + created.outcome
                r.post = created.post
            return r
        if action == "timeout":
            first = handler.handle(req) if script.get("create_first") \
                else None
            self.sleep(script.get("seconds", 5))
            if script.get("then", "answer") == "close":
                return Reply.closed("closed after sleeping", first)
            r = first or handler.handle(req)
            r.outcome = "slow answer; " + r.outcome
            return r
        if action == "drop_before":
            return Reply.closed("dropped before handling")
        if action == "echo_token":
            return self.echo_token(req, platform, script)
        if action == "rate_limited":
            return self.rate_limited(platform, script)
        if action == "redirect":
            return Reply(script.get("status", 302), headers={
                "Location": script.get("location", "/elsewhere")},
                outcome="redirected")
        if action in HOSTILE_ACTIONS:
            return hostile_reply(self, req, platform, handler, script)
        r = handler.handle(req)
        if action == "drop":
            return Reply.closed("dropped after", r)
        if action == "garbage":
            status = r.status if 200 <= r.status < 300 else 200
            return Reply(status, script.get("body", GARBAGE),
                         outcome="garbage after: " + r.outcome,
                         ctype="text/html", post=r.post)
        # created_then_500
        return Reply(500, self.error_body(platform, 500),
                     outcome="500 after: " + r.outcome, post=r.post)


class Handler(BaseHTTPRequestHandler):
    """Reads a request, records it, and answers as the platform (or as
    scripted), or serves /_control/."""

    protocol_version = "HTTP/1.1"
    server_version = "almanac-fake/1"
    timeout = 30  # seconds without a byte before a connection is closed
    disable_nagle_algorithm = True  # else delayed ACKs add 40 ms a request

    def handle(self):
        if isinstance(self.connection, ssl.SSLSocket):
            try:
                self.connection.do_handshake()
            except (OSError, ssl.SSLError) as e:
                self.server.fake.log(f"TLS handshake with "
                                     f"{self.client_address[0]} failed: {e}")
                return
        try:
            super().handle()
        except (ConnectionError, TimeoutError, ssl.SSLError):
            pass

    def log_message(self, fmt, *args):
        self.server.fake.log("http: " + (fmt % args))

    def log_request(self, code="-", size="-"):
        pass

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = \
        lambda self: self.dispatch()

    def read_body(self):
        """The request body, or None (after answering) when too large or
        malformed; a chunked body is refused (libcurl sends a length)."""
        if self.headers.get("Transfer-Encoding"):
            return self.refuse(411, "Transfer-Encoding is not supported")
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self.refuse(400, "bad Content-Length")
        if n < 0 or n > MAX_BODY:
            return self.refuse(413, "body too large")
        return self.rfile.read(n) if n else b""

    def refuse(self, status, why):
        self.close_connection = True
        self.send(Reply(status, {"error": why}))
        return None

    def send(self, reply):
        """Sends reply; a client that went away is not an error."""
        try:
            self.send_response(reply.status)
            for k, v in reply.headers.items():
                self.send_header(k, str(v))
            if reply.ctype:
                self.send_header("Content-Type", reply.ctype)
            self.send_header("Content-Length", str(len(reply.body)))
            if self.server.fake.cfg.close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(reply.body)
            self.wfile.flush()
        except (ConnectionError, TimeoutError, ssl.SSLError, ValueError):
            self.close_connection = True

    def dispatch(self):
        fake = self.server.fake
        if self.path.startswith("/_control/"):
            return self.control(fake)
        body = self.read_body()
        if body is None:
            return
        scheme = "https" if isinstance(self.connection, ssl.SSLSocket) \
            else "http"
        req = Request(self.command, self.path, self.headers, body, scheme)
        platform, handler = fake.route(req)
        rec = self.record(fake, req, platform)
        if handler is None:
            reply = Reply(404, {"error": "not found", "path": req.path},
                          outcome="no such endpoint")
        else:
            script = fake.next_script(req, platform)
            rec["script"] = script
            try:
                reply = fake.serve(req, platform, handler, script)
            except Exception:  # a bug here must not look like a drop
                import traceback
                fake.log("fake server bug:\n" + traceback.format_exc())
                reply = Reply(500, {"error": "fake server bug"},
                              outcome="fake server bug")
        with fake.store.lock:
            rec["status"] = None if reply.drop else reply.status
            rec["outcome"] = reply.outcome
            rec["post_id"] = reply.post["id"] if reply.post else None
        fake.log(f"{req.method} {req.path} [{platform}] -> "
                 f"{rec['status'] or 'closed'}: {rec['outcome']}")
        if fake.cfg.latency_ms > 0:
            fake.sleep(fake.cfg.latency_ms / 1000.0)
        if reply.raw is not None:
            write_raw(self, reply)
        elif not reply.drop:
            self.send(reply)
        else:
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass

    def record(self, fake, req, platform):
        """Appends the request to the records; returns the entry."""
        rec = {"time": time.time(), "method": req.method,
               "path": req.path, "query": req.query,
               "headers": {k.lower(): v for k, v in req.headers.items()},
               "body": req.body.decode("utf-8", "replace"),
               "json": req.json(), "form": None, "platform": platform,
               "script": None, "status": None, "outcome": "in progress",
               "post_id": None}
        if req.ctype.startswith("application/x-www-form-urlencoded"):
            rec["form"] = dict(parse_qsl(rec["body"],
                                         keep_blank_values=True))
        elif req.ctype.startswith("multipart/form-data"):
            rec["body"] = "(%d bytes of multipart/form-data)" % len(req.body)
            rec["form"] = multipart_text(req)
        with fake.store.lock:
            rec["seq"] = len(fake.store.requests) + 1
            fake.store.requests.append(rec)
        return rec

    def control(self, fake):
        """GET requests|posts|containers|script, POST
        reset|script|containers|expiry|stop."""
        body = self.read_body()
        if body is None:
            return
        u = urlsplit(self.path)
        what, q = u.path[len("/_control/"):], dict(parse_qsl(u.query))
        store = fake.store
        views = {
            "requests": lambda: [
                r for r in store.requests
                if match_path(q.get("path", "/"), r["path"])
                and q.get("platform") in (None, r["platform"])
                and q.get("method") in (None, r["method"])],
            "posts": lambda: store.posts,
            "containers": lambda: list(store.containers.values()),
            "uploads": lambda: store.uploads,
            "thumbs": lambda: store.thumbs,
            "script": lambda: [dict(s, queue=list(s["queue"]))
                               for s in store.scripts]}
        if self.command == "GET" and what in views:
            with store.lock:
                data = json.dumps(views[what](), default=repr)
            return self.send(Reply(200, data))
        if self.command == "POST" and what == "reset":
            store.reset()
            fake.log("control: reset")
            return self.send(Reply(200, {"reset": True}))
        if self.command == "POST" and what == "script":
            try:
                spec = json.loads(body.decode("utf-8"))
                n = fake.add_script(spec)
            except (UnicodeDecodeError, ValueError) as e:
                return self.send(Reply(400, {"error": str(e)}))
            fake.log(f"control: scripted {n} for {spec.get('path')} "
                     f"{spec.get('platform') or ''}")
            return self.send(Reply(200, {"queued": n}))
        if self.command == "POST" and what == "containers":
            try:
                n = json.loads(body.decode("utf-8")).get("in_progress")
            except (UnicodeDecodeError, ValueError, AttributeError):
                n = None
            if not isinstance(n, int) or not 0 <= n <= 1000:
                return self.send(Reply(400, {
                    "error": '"in_progress" must be 0 to 1000'}))
            with store.lock:
                store.in_progress = n
            fake.log(f"control: containers in progress for {n} reads")
            return self.send(Reply(200, {"in_progress": n}))
        if self.command == "POST" and what in ("clock", "quota"):
            try:
                v = json.loads(body.decode("utf-8")).get(
                    "now" if what == "clock" else "threads")
            except (UnicodeDecodeError, ValueError, AttributeError):
                v = None
            if not isinstance(v, (int, float)) or v < 0:
                return self.send(Reply(400, {"error": 'give "now" (Unix '
                                             'time) or "threads" (posts '
                                             'in 24 hours)'}))
            with store.lock:
                if what == "clock":
                    store.offset = v - time.time()
                else:
                    store.threads_quota = int(v)
            fake.log(f"control: {what} {v}")
            return self.send(Reply(200, {what: v}))
        if self.command == "POST" and what == "expiry":  # whoami
            return self.send(control_expiry(fake, body))
        if self.command == "POST" and what == "oauth":
            return self.send(control_oauth(fake, body))
        if self.command == "POST" and what == "instance":
            return self.send(control_instance(fake, body))
        if self.command == "POST" and what == "bluesky":
            return self.send(control_bluesky(fake, body))
        if what == "uploads":
            return self.send(control_uploads(fake, self.command, body))
        if self.command == "POST" and what == "stop":
            self.send(Reply(200, {"stopping": True}))
            fake.stop.set()
            return None
        return self.send(Reply(404, {"error": "no such control endpoint"}))


class Server(ThreadingHTTPServer):
    """ThreadingHTTPServer whose connections are wrapped in TLS; the
    handshake happens in the connection's own thread."""

    daemon_threads = True
    # socketserver's listen backlog is 5: a client opening dozens of
    # connections at once would see SYNs dropped and retried a second
    # later, which no real platform does
    request_queue_size = 128

    def __init__(self, addr, fake, tls):
        self.fake, self.tls = fake, tls
        super().__init__(addr, Handler)

    def get_request(self):
        conn, addr = self.socket.accept()
        if self.tls is not None:
            conn = self.tls.wrap_socket(conn, server_side=True,
                                        do_handshake_on_connect=False)
        return conn, addr

    def handle_error(self, request, client_address):
        import traceback
        self.fake.log("error with %s:\n%s" % (client_address[0],
                                               traceback.format_exc()))


def write_atomically(path, text):
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def make_logger(path):
    """A function logging one timestamped line to path (or stderr)."""
    out = open(path, "a", buffering=1) if path else sys.stderr
    lock = threading.Lock()

    def log(line):
        now = time.time()
        stamp = time.strftime("%H:%M:%S", time.localtime(now))
        with lock:
            out.write(f"{stamp}.{int(now * 1000) % 1000:03d} {line}\n")
            out.flush()
    return log


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0,
                    help="0 (the default) picks a free port")
    ap.add_argument("--port-file", help="write the port here once "
                    "listening")
    ap.add_argument("--log", help="log file (default: stderr)")
    ap.add_argument("--cert", help="server certificate (make-ca.sh)")
    ap.add_argument("--key", help="its private key")
    ap.add_argument("--plain", action="store_true",
                    help="plain HTTP instead of TLS")
    ap.add_argument("--secrets", default=os.path.join(HERE, "secrets.json"),
                    help="JSON file with the tokens the fake accepts")
    ap.add_argument("--max-seconds", type=float, default=600,
                    help="exit after this long (default 600)")
    ap.add_argument("--max-sleep", type=float, default=60,
                    help="cap on any scripted sleep (default 60)")
    ap.add_argument("--max-skew", type=float, default=0,
                    help="reject OAuth timestamps this far from now "
                    "(default 0: not checked)")
    ap.add_argument("--io-timeout", type=float, default=30,
                    help="close a connection idle this long (default 30)")
    ap.add_argument("--linkedin-min-version", default="202508",
                    help="oldest LinkedIn-Version accepted (default "
                    "202508)")
    ap.add_argument("--close", action="store_true",
                    help="answer with Connection: close (no keep-alive)")
    ap.add_argument("--latency-ms", type=float, default=0,
                    help="wait this long before every platform answer "
                    "(default 0; /_control/ answers are not delayed)")
    cfg = ap.parse_args(argv)
    if not cfg.plain and not (cfg.cert and cfg.key):
        ap.error("give --cert and --key (make-ca.sh makes them), or "
                 "--plain")
    return cfg


def main(argv):
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):  # first: none gets lost
        signal.signal(sig, lambda *_: stop.set())
    cfg = parse_args(argv)
    with open(cfg.secrets) as f:
        secrets = json.load(f)
    tls = None
    if not cfg.plain:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cfg.cert, cfg.key)
    log = make_logger(cfg.log)
    fake = Fake(cfg, secrets, log, stop)
    Handler.timeout = cfg.io_timeout
    server = Server((cfg.host, cfg.port), fake, tls)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever,
                              kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    if cfg.port_file:
        write_atomically(cfg.port_file, f"{port}\n")
    log(f"listening on {'http' if cfg.plain else 'https'}://"
        f"{cfg.host}:{port} (pid {os.getpid()})")
    deadline = time.monotonic() + cfg.max_seconds
    while not fake.stop.is_set():
        left = deadline - time.monotonic()
        if left <= 0:
            log(f"stopping: --max-seconds {cfg.max_seconds:g} reached")
            break
        fake.stop.wait(min(left, 0.2))
    fake.stop.set()
    server.shutdown()
    server.server_close()
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
