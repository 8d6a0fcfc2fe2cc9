#!/bin/sh
# scripts/archive-stats.py: the archive counted by century, region and
# field (the posts' "x-region" and "x-field", which almanac ignores).
. "$(dirname "$0")/lib.sh"
CONF="$TOP/tests/data/good/almanac.conf"
STATS="$TOP/scripts/archive-stats.py"

# posts of three centuries, BC and no year, a draft, a broken file and a
# hidden one
setup() {
	must mkdir -p p/01 p/.old
	must_write p/01/01-01-a.json printf '%s\n' '{ "date": "1901-01-01", "title": "A", "x-region": "Europe", "x-field": "science" }'
	must_write p/01/01-02-b.json printf '%s\n' '{ "date": "2000-01-02", "title": "B", "x-region": "Europe", "x-field": "politics" }'
	must_write p/01/01-03-c.json printf '%s\n' '{ "date": "0044-01-03", "era": "BC", "title": "C", "x-region": "Asia" }'
	must_write p/01/01-04-d.json printf '%s\n' '{ "date": "--01-04", "title": "D" }'
	must_write p/01/01-05-e.json printf '%s\n' '{ "date": "1800-01-05", "title": "E", "draft": true }'
	must_write p/01/01-06-f.json printf '%s\n' '{ "date": "1800-13-05", "title": "F" '
	must_write p/.old/01-07-g.json printf '%s\n' '{ "date": "1700-01-07", "title": "G" }'
}

t_counts_in_json() {
	setup
	python3 "$STATS" --json p >"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect_rc 0
	expect_err "p/01/01-06-f.json: not counted"
	python3 - "$TMP/out" <<'PY' || fail "the counts: $(cat "$TMP/out")"
import json, sys
s = json.load(open(sys.argv[1]))
assert (s["posts"], s["drafts"], s["unreadable"]) == (4, 1, 1), s
assert s["century"] == [["1st century BC", 1], ["20th century", 2],
                        ["no year", 1]], s["century"]
assert s["region"] == [["Europe", 2], ["(not said)", 1], ["Asia", 1]], s
assert s["field"] == [["(not said)", 2], ["politics", 1], ["science", 1]], s
PY
}

t_table_for_people() {
	setup
	python3 "$STATS" p >"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect_rc 0
	expect_out "4 posts (1 drafts and 1 unreadable files not counted)"
	expect_out "     2   50.0%  20th century"
	expect_out "     1   25.0%  1st century BC"
	expect_out "     2   50.0%  Europe"
}

t_x_fields_are_ignored_by_almanac() {
	setup
	must rm p/01/01-06-f.json p/01/01-05-e.json
	run -c "$CONF" lint p
	expect_rc 0
	expect_out "4 files checked: 0 errors, 0 warnings"
}

t_not_a_folder() {
	python3 "$STATS" nowhere >"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect_rc 2
	expect_err "archive-stats.py: nowhere: not a folder (expected the posts folder)"
}

run_tests
