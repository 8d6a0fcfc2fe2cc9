#!/bin/sh
# The house: the include graph of src/ has no cycle (each module stands on
# floors below it), shown by tests/tools/include_graph.py.
. "$(dirname "$0")/lib.sh"

t_no_include_cycle() {
	python3 "$TOP/tests/tools/include_graph.py" "$TOP/src" >graph 2>&1 ||
	    fail "the include graph: $(grep CYCLE graph || head -3 graph)"
	grep -q '^floor  1 ' graph || fail "no floor 1: $(head -3 graph)"
}

# The check itself finds a cycle when there is one.
t_a_cycle_is_found() {
	mkdir -p src
	printf '#include "b.h"\n' > src/a.h
	printf '#include "a.h"\n' > src/b.h
	printf '#include "a.h"\n' > src/c.c
	if python3 "$TOP/tests/tools/include_graph.py" src >graph 2>&1; then
		fail "a <-> b not found: $(cat graph)"
	fi
	grep -qx 'CYCLE  a <-> b' graph || fail "no CYCLE line: $(cat graph)"
}

# The repository holds its own design: no file sends the reader to a
# document outside it (the design lives in docs/).
t_no_document_outside_the_repository() {
	pat='DESIGN[.]md|platform-apis[.]md|CRAFT[.]md|HOUSE[.]md|/work/shared'
	grep -rlE "$pat" "$TOP" --exclude-dir=.git --exclude-dir=build \
	    --exclude=test_layers.sh >found 2>/dev/null
	[ ! -s found ] || fail "these refer to documents outside: $(cat found)"
}

run_tests
