#!/bin/sh
# Remakes the pictures of docs/preview.md in docs/images/ ("make
# screenshots"): the HTML preview of one day of the shipped posts/ (most
# platforms enabled, two disabled to show them dimmed) and the site of the
# whole year, in headless Chromium, then pngquant makes them small.
#
#   sh tests/browser/screenshots.sh [YYYY-MM-DD]     (default 2026-07-20)
#
# $ALMANAC is the binary (default build/plain/almanac); $OUT the folder
# (default docs/images). Needs chromium, chromium-driver, python3-selenium
# and pngquant (sh scripts/deps.sh screenshots).
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
ALMANAC=${ALMANAC:-$top/build/plain/almanac}
OUT=${OUT:-$top/docs/images}
DATE=${1:-2026-07-20}

command -v pngquant >/dev/null ||
    { echo "screenshots: pngquant missing (sh scripts/deps.sh screenshots)" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/almanac-shots.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# a copy of posts/, so that the pages name the files posts/MM/... and no
# folder of this machine
cp -R "$top/posts" "$tmp/posts"
cat >"$tmp/almanac.conf" <<EOF
posts_dir = "posts";
state_dir = "var";
timezone  = "Europe/London";
platforms = {
  feed      = { enabled = true; path = "var/feed.atom"; title = "On this day"; link = "https://example.org/"; };
  twitter   = { enabled = true; };
  linkedin  = { enabled = true; author = "urn:li:organization:123"; version = "202511"; };
  facebook  = { enabled = true; page_id = "1001"; };
  instagram = { enabled = false; user_id = "2002"; default_image = "https://example.org/card.jpg"; default_image_alt = "On this day card"; };
  pinterest = { enabled = false; board_id = "3003"; default_image = "https://example.org/card.jpg"; default_image_alt = "On this day card"; };
  mastodon  = { enabled = true; api = "https://mastodon.example"; };
  bluesky   = { enabled = true; handle = "almanac.bsky.social"; };
  threads   = { enabled = true; user_id = "4004"; };
};
EOF
cd "$tmp"
# What fails is said, and the pictures that could be made are made all
# the same; the exit code is then 1.
rc=0
"$ALMANAC" -c almanac.conf preview --date "$DATE" --format html -o day.html ||
    rc=1
"$ALMANAC" -c almanac.conf preview --all-days --format html -o site || rc=1
/usr/bin/python3 "$top/tests/browser/screenshots.py" day.html site shots || rc=1
mkdir -p "$OUT"
for f in shots/*.png; do
	[ -f "$f" ] || continue
	pngquant --force --skip-if-larger --quality 60-90 --strip \
	    --output "$OUT/$(basename "$f")" "$f" || cp "$f" "$OUT/"
	echo "$OUT/$(basename "$f"): $(wc -c <"$OUT/$(basename "$f")") bytes"
done
exit "$rc"
