#!/bin/sh
# card: the cards almanac draws, decoded and measured with Debian's PIL
# (/usr/bin/python3: a python3 earlier on PATH may lack it): each shape's
# size and format, the byte limit, titles long and in other scripts drawn
# without a missing glyph, a missing glyph failing, the round
# anniversaries' mark, the cards group's settings and their errors.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# setup: a config with a cards group (more settings in $1) and one post
# per title below.
setup() {
	must mkdir -p posts
	must_write a.conf printf 'posts_dir = "posts";\nstate_dir = "var";\ncards = {\n  site_name = "On This Day";\n%s\n};\n' "${1:-}"
	must_write posts/11-12-trotsky.json printf '{ "date": "1927-11-12", "title": "Trotsky and Zinoviev expelled from the Communist Party" }\n'
}

# measure FILE: "FORMAT WIDTHxHEIGHT BYTES" as PIL reads the file
measure() {
	"$PY" -c 'import os, sys
from PIL import Image
im = Image.open(sys.argv[1]); im.load()
print(im.format, "%dx%d" % im.size, os.path.getsize(sys.argv[1]))' "$1"
}

# is_card FILE FORMAT WxH: the file is such an image, under 1,000,000
# bytes; its size in $bytes
is_card() {
	bytes=0
	m=$(measure "$1") || { fail "$1: PIL cannot read it"; return 1; }
	set -- "$1" "$2" "$3" $m
	[ "$4" = "$2" ] || fail "$1: format $4, expected $2"
	[ "$5" = "$3" ] || fail "$1: size $5, expected $3"
	[ "$6" -lt 1000000 ] || fail "$1: $6 bytes, not under 1000000"
	bytes=$6
}

# expect_card FILE FORMAT WxH: is_card, and stdout said so
expect_card() {
	is_card "$@" && expect_out "$1: $3 $2, $bytes bytes"
}

t_each_shape_measured() {
	setup
	run -c a.conf card 11-12-trotsky -o link.png
	expect_rc 0
	expect_card link.png PNG 1200x628
	run -c a.conf card 11-12-trotsky --shape square -o square.png
	expect_rc 0
	expect_card square.png PNG 1080x1080
	run -c a.conf card 11-12-trotsky --shape portrait -o portrait.jpg
	expect_rc 0
	expect_card portrait.jpg JPEG 1080x1350
	run -c a.conf card 11-12-trotsky --shape pin -o pin.png
	expect_rc 0
	expect_card pin.png PNG 1000x1500
	run -c a.conf card 11-12-trotsky --platform pinterest -o pinterest
	expect_rc 0
	expect_card pinterest PNG 1000x1500
	run -c a.conf card 11-12-trotsky --platform twitter -o x.jpeg
	expect_rc 0
	expect_card x.jpeg JPEG 1200x628
	run -c a.conf card 11-12-trotsky --platform feed -o feed.png
	expect_rc 0
	expect_card feed.png PNG 1200x628
}

# Instagram takes only JPEG: a file without a name for its format gets
# JPEG, and one named .png is refused.
t_jpeg_only_platform() {
	setup
	run -c a.conf card 11-12-trotsky --platform instagram -o ig
	expect_rc 0
	expect_card ig JPEG 1080x1080
	run -c a.conf card 11-12-trotsky --platform instagram -o ig.png
	expect_rc 2
	expect_err "card: Instagram takes only JPEG: name the file .jpg"
	[ ! -e ig.png ] || fail "ig.png written"
	run -c a.conf card 11-12-trotsky --platform instagram --shape pin -o x
	expect_rc 2
	expect_err "give --platform or --shape, not both"
	run -c a.conf card 11-12-trotsky --shape round -o x
	expect_rc 2
	expect_err '--shape takes link, square, portrait or pin, not "round"'
}

t_alt_text_and_years() {
	setup
	run -c a.conf card 11-12-trotsky --date 2026-11-12 -o a.png
	expect_rc 0
	expect_out "alt: 12 November 1927, 99 years ago today: Trotsky and Zinoviev expelled from the Communist Party (On This Day)"
	run -c a.conf card 11-12-trotsky --date 2027-11-12 -o b.png
	expect_rc 0
	expect_out "alt: 12 November 1927, 100 years ago today: Trotsky"
	# before the event: no years at all
	run -c a.conf card 11-12-trotsky --date 1927-11-12 -o c.png
	expect_rc 0
	expect_out "alt: 12 November 1927: Trotsky"
	must_write posts/03-15-ides.json printf '{ "date": "0044-03-15", "era": "BC", "title": "The Ides of March" }\n'
	run -c a.conf card 03-15-ides --date 2026-03-15 -o d.png
	expect_rc 0
	expect_out "alt: 15 March 44 BC, 2069 years ago today: The Ides of March (On This Day)"
}

# accent PNG: how many pixels are the accent colour (#b3261e, near)
accent() {
	"$PY" -c 'import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
print(sum(1 for r, g, b in im.getdata()
    if abs(r - 0xb3) < 12 and abs(g - 0x26) < 12 and abs(b - 0x1e) < 12))' "$1"
}

# The 100th anniversary's line is drawn on a band of the accent colour,
# the 99th's in the accent colour only.
t_round_anniversary_marked() {
	setup
	run -c a.conf card 11-12-trotsky --date 2026-11-12 -o 99.png
	expect_rc 0
	run -c a.conf card 11-12-trotsky --date 2027-11-12 -o 100.png
	expect_rc 0
	a=$(accent 99.png) && b=$(accent 100.png) ||
	    { fail "PIL cannot read the cards"; return; }
	[ "$b" -gt $((a * 3)) ] ||
	    fail "the round card has $b accent pixels, the other $a"
}

# A 200-character title is shrunk and wrapped (and cut with "…" where it
# must) on every shape; Japanese, Arabic and emoji titles are drawn with
# no missing glyph.
t_titles_of_every_script() {
	setup
	long=$(printf 'The longest title of the archive goes on %.0s' 1 2 3 4 5)
	long=$(printf '%.200s' "$long")
	[ ${#long} -eq 200 ] || fail "setup: the title is ${#long} long"
	must_write posts/11-12-long.json printf '{ "date": "1927-11-12", "title": "%s" }\n' "$long"
	must_write posts/11-12-ja.json printf '{ "date": "1927-12-30", "title": "%s" }\n' "東京地下鉄道の上野駅と浅草駅の間が開業し、日本で最初の地下鉄が走った"
	must_write posts/11-12-ar.json printf '{ "date": "1869-11-17", "title": "%s" }\n' "افتتاح قناة السويس للملاحة الدولية"
	must_write posts/11-12-emoji.json printf '{ "date": "1969-07-20", "title": "%s" }\n' "Apollo 11 lands on the Moon 🚀🌕👨‍🚀"
	for id in long ja ar emoji; do
		for shape in link square portrait pin; do
			run -c a.conf card "11-12-$id" --shape $shape -o "$id-$shape.jpg"
			expect_rc 0
			expect_no_err "glyph"
			[ -s "$id-$shape.jpg" ] || fail "$id $shape: no card"
		done
	done
	expect_card emoji-pin.jpg JPEG 1000x1500
	expect_out "alt: 20 July 1969, 57 years ago today: Apollo 11 lands on the Moon 🚀🌕👨‍🚀"
}

# Characters no font draws (the Private Use Area) fail the card, which is
# still written to look at.
t_missing_glyph_fails() {
	setup
	must_write posts/11-12-pua.json printf '{ "date": "1927-11-12", "title": "Private \\ue000\\ue001 use" }\n'
	run -c a.conf card 11-12-pua -o pua.png
	expect_rc 65
	expect_err "card 11-12-pua: 2 characters no font has a glyph for (drawn as boxes)"
	expect_card pua.png PNG 1200x628
}

# A post is found by its id whatever day the id's first characters name
# (a card's run reads that day's files first, then all of them).
t_post_found_by_its_id() {
	setup
	must_write posts/11-12-named.json printf '{ "id": "named", "date": "1927-11-12", "title": "Named" }\n'
	must_write posts/11-12-other.json printf '{ "id": "03-15-other", "date": "1927-11-12", "title": "Other day" }\n'
	must_write posts/02-29-leap.json printf '{ "date": "1928-02-29", "title": "Leap" }\n'
	for id in named 03-15-other 02-29-leap 11-12-trotsky; do
		run -c a.conf --now 2026-03-01T10:00 card "$id" -o "$id.png"
		expect_rc 0
		is_card "$id.png" PNG 1200x628
	done
	run -c a.conf --now 2026-03-01T10:00 card 02-29-leap -o leap.png
	expect_out "alt: 29 February 1928, 98 years ago today: Leap (On This Day)"
	run -c a.conf card 13-45-nothing -o x.png
	expect_rc 65
	expect_err 'card: no valid post has the id "13-45-nothing"'
}

t_unknown_post() {
	setup
	run -c a.conf card nothing -o x.png
	expect_rc 65
	expect_err 'card: no valid post has the id "nothing"'
	[ ! -e x.png ] || fail "x.png written"
	run -c a.conf card 11-12-trotsky
	expect_rc 2
	expect_err "card: give a post's id or --all, and -o"
	run -c a.conf card 11-12-trotsky --all -o dir
	expect_rc 2
	expect_err "card: give a post's id or --all, and -o"
}

# --all: every valid post's card into a folder, named by its id, in the
# platform's format; an invalid post file is said and fails the run, a
# missing glyph too, and every other card is still written.
t_all_cards_into_a_folder() {
	setup
	must_write posts/03-15-ides.json printf '{ "date": "0044-03-15", "era": "BC", "title": "The Ides of March" }\n'
	run -c a.conf card --all --platform instagram -o cards
	expect_rc 0
	expect_out "2 cards in cards (square, JPEG)"
	is_card cards/11-12-trotsky.jpg JPEG 1080x1080
	is_card cards/03-15-ides.jpg JPEG 1080x1080
	expect_no_out "alt:"
	[ "$(ls cards | wc -l)" -eq 2 ] || fail "cards: $(ls cards)"
	must_write posts/11-12-pua.json printf '{ "date": "1927-11-12", "title": "Private \\ue000 use" }\n'
	must_write posts/01-01-bad.json printf '{ "date": "1927-13-01", "title": "Bad" }\n'
	run -c a.conf card --all -o more
	expect_rc 65
	expect_out "3 cards in more (link, PNG), 1 failed"
	expect_err "01-01-bad.json:1"
	expect_err "card 11-12-pua: 1 character no font has a glyph for"
	is_card more/11-12-trotsky.png PNG 1200x628
	is_card more/11-12-pua.png PNG 1200x628
	[ "$(ls more | wc -l)" -eq 3 ] || fail "more: $(ls more)"
	must_write notadir printf 'x\n'
	run -c a.conf card --all -o notadir/x
	expect_rc 73
	expect_err "notadir/x: cannot make the folder"
}

# A background image (PNG or JPEG) is drawn under the words, and the card
# is then JPEG unless named .png; a font file is used.
t_background_and_font_file() {
	"$PY" -c 'from PIL import Image
im = Image.effect_noise((1600, 1200), 90).convert("RGB")
im.save("bg.png"); im.save("bg.jpg", quality=95)' ||
	    { fail "PIL cannot make the backgrounds"; return; }
	setup 'background = "bg.png"; colour = "#FFFFFF"; background_colour = "#102030"; accent_colour = "#ffcc00";'
	run -c a.conf card 11-12-trotsky --shape square -o png-bg
	expect_rc 0
	expect_card png-bg JPEG 1080x1080
	must_sed 's/bg.png/bg.jpg/' a.conf
	run -c a.conf card 11-12-trotsky --shape pin -o jpg-bg
	expect_rc 0
	expect_card jpg-bg JPEG 1000x1500
	font=/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf
	[ -f "$font" ] || font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
	setup "font = \"$font\";"
	run -c a.conf card 11-12-trotsky -o font.png
	expect_rc 0
	expect_card font.png PNG 1200x628
	setup 'font = "DejaVu Sans Mono";'
	run -c a.conf card 11-12-trotsky -o family.png
	expect_rc 0
	cmp -s font.png family.png && fail "the font made no difference"
	true
}

# expect_conf_error LINE MESSAGE: the setup's config refused at a.conf:LINE
expect_conf_error() {
	run -c a.conf card 11-12-trotsky -o x.png
	expect_rc 78
	expect_err "a.conf:$1: $2"
	[ ! -e x.png ] || fail "x.png written"
}

t_bad_settings() {
	setup 'colour = "red";'
	expect_conf_error 5 'cards.colour: expected a colour "#RRGGBB" (six hexadecimal digits), got "red"'
	setup 'accent_colour = "#12345";'
	expect_conf_error 5 'cards.accent_colour: expected a colour "#RRGGBB" (six hexadecimal digits), got "#12345"'
	setup 'background_colour = "#1234567";'
	expect_conf_error 5 'cards.background_colour: expected a colour'
	setup 'font = "fonts/missing.ttf";'
	expect_conf_error 5 "cards.font: cannot read \"fonts/missing.ttf\": No such file or directory (expected a font file"
	must_write notafont.ttf printf 'hello\n'
	setup 'font = "notafont.ttf";'
	expect_conf_error 5 "cards.font: \"notafont.ttf\" is not a font file (TrueType, OpenType or a collection)"
	must_write bg.png printf 'not a picture\n'
	setup 'background = "bg.png";'
	expect_conf_error 5 'cards.background: "bg.png" is not a PNG or JPEG image'
	setup 'background = "nothing.jpg";'
	expect_conf_error 5 'cards.background: cannot read "nothing.jpg"'
	setup 'always = "yes";'
	expect_conf_error 5 'cards.always: expected'
	setup 'colour = "#000000"; colour_text = "#ffffff";'
	expect_conf_error 5 'unknown setting "colour_text" in cards'
}

run_tests
