#!/bin/sh
# The house: the include graph of src/ has no cycle (each module stands on
# floors below it), shown by tests/tools/include_graph.py; no file of src/
# outside src/platforms/ names a platform (tests/tools/platform_names.py):
# what a platform is lives in its entry of the table.
. "$(dirname "$0")/lib.sh"

t_no_include_cycle() {
	python3 "$TOP/tests/tools/include_graph.py" "$TOP/src" >graph 2>&1 ||
	    fail "the include graph: $(grep CYCLE graph || head -3 graph)"
	grep -q '^floor  1 ' graph || fail "no floor 1: $(head -3 graph)"
}

# The check itself finds a cycle when there is one.
t_a_cycle_is_found() {
	must mkdir -p src
	must_write src/a.h printf '#include "b.h"\n'
	must_write src/b.h printf '#include "a.h"\n'
	must_write src/c.c printf '#include "a.h"\n'
	if python3 "$TOP/tests/tools/include_graph.py" src >graph 2>&1; then
		fail "a <-> b not found: $(cat graph)"
	fi
	grep -qx 'CYCLE  a <-> b' graph || fail "no CYCLE line: $(cat graph)"
}

t_no_platform_named_outside_the_table() {
	python3 "$TOP/tests/tools/platform_names.py" "$TOP/src" >names 2>&1 ||
	    fail "platforms named outside src/platforms/: $(head -5 names)"
}

# The check itself finds a name in a string and a PF_ constant, in any
# case, and leaves comments, src/platforms/ and twitter-text alone.
t_a_platform_name_is_found() {
	must mkdir -p src/platforms
	must_write src/platforms/list.h \
	    printf 'PLATFORM(TWITTER, twitter)\nPLATFORM(FEED, feed)\nLATER(bluesky, "app_password")\n'
	must_write src/platforms/x.c printf 'const char *a = "twitter";\n'
	must_write src/ok.c printf '/* "twitter" in a comment */\nint n = COUNT_TWITTER;\nconst char *t = "the twitter-text counter";\n'
	python3 "$TOP/tests/tools/platform_names.py" src >names 2>&1 ||
	    fail "a false finding: $(cat names)"
	must_write src/bad.c printf 'const char *a = "Feed: wrote";\nint b = PF_TWITTER;\n/* x */ const char *c = "no bluesky";\n'
	if python3 "$TOP/tests/tools/platform_names.py" src >names 2>&1; then
		fail "nothing found in src/bad.c"
	fi
	[ "$(grep -c '^bad.c:' names)" -eq 3 ] ||
	    fail "expected 3 findings in bad.c: $(cat names)"
	grep -q '^bad.c:2: PF_TWITTER$' names || fail "PF_TWITTER: $(cat names)"
}

run_tests
