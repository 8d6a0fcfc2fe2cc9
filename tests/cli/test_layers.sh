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

run_tests
