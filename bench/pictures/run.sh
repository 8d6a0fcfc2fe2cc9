#!/bin/sh
# Peak memory (GNU time's maximum resident set) of a publishing run that
# draws cards against one that draws none: the shipped posts' day
# 2026-12-06 (2 posts) published late to the feed, Instagram and
# Pinterest on the fake platforms (tests/fake/server.py), with the public
# folder set (6 cards: links, JPEG squares, pins) and then with
# cards.enabled = false. Three runs each; bench/RESULTS.md has the figures.
#
#     ALMANAC=build/X/almanac sh bench/pictures/run.sh
#
# (two folders deep, as the CLI tests are, so that tests/cli/lib.sh finds
# the repository)
. "$(dirname "$0")/../../tests/cli/lib.sh"
. "$(dirname "$0")/../../tests/cli/fake.sh"
fake_start main
trap 'fake_stop_all; tmp_cleanup' EXIT
cd "$TMP" || exit 1
for mode in cards nocards; do for i in 1 2 3; do
fake_reset
rm -rf var; mkdir -p var
cp "$TOP/tests/fake/credentials.conf" credentials.conf; chmod 600 credentials.conf
cat > a.conf <<CONF
posts_dir = "$TOP/posts";
state_dir = "var";
timezone = "UTC";
credentials = "credentials.conf";
http = { ca_file = "$CA/ca.pem"; };
cards = { $([ $mode = nocards ] && echo 'enabled = false;') public_dir = "var/public"; public_url = "https://pics.example.org/p"; };
platforms = {
  feed = { enabled = true; path = "var/feed.atom"; link = "https://example.org/"; };
  instagram = { enabled = true; api = "https://127.0.0.1:$PORT_main"; user_id = "2002"; default_image = "https://example.org/d.jpg"; };
  pinterest = { enabled = true; api = "https://127.0.0.1:$PORT_main"; board_id = "3003"; default_image = "https://example.org/d.jpg"; };
};
CONF
/usr/bin/time -f "$mode %M KiB %e s" "$ALMANAC" -c a.conf --now 2026-12-06T23:00 publish --late 2>&1 | grep -E "KiB|run "
echo "cards: $(ls var/cards 2>/dev/null | wc -l)"
done; done
