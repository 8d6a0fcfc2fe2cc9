#!/usr/bin/env python3
"""The include graph of src/: modules (a .c and its .h are one module,
named by their path below src/ without the extension) and the modules each
includes with #include "...". Prints the modules in floors (a module stands
one floor above the highest it includes) and exits 1 when the graph has a
cycle, printing each as a CYCLE line.

    python3 tests/tools/include_graph.py [SRC]
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def modules(src):
    """{module: set of modules it includes}"""
    graph = {}
    for folder, _, files in os.walk(src):
        for f in files:
            if not f.endswith((".c", ".h")):
                continue
            path = os.path.join(folder, f)
            mod = os.path.relpath(path, src)[:-2]
            deps = graph.setdefault(mod, set())
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            for inc in INCLUDE.findall(text):
                # "x.h" is found beside the file first, then in src/
                beside = os.path.join(os.path.dirname(path), inc)
                target = beside if os.path.exists(beside) else \
                    os.path.join(src, inc)
                if not os.path.exists(target):
                    continue
                dep = os.path.relpath(target, src)[:-2]
                if dep != mod:
                    deps.add(dep)
    return graph


def cycles(graph):
    """The strongly connected components of more than one module
    (Tarjan's algorithm, iterative)."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in graph:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]
                    counter[0] += 1
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                elif nxt in on:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    m = stack.pop()
                    on.discard(m)
                    comp.append(m)
                    if m == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def floors(graph):
    """{module: floor}, for an acyclic graph."""
    floor = {}

    def of(m, seen=()):
        if m in floor:
            return floor[m]
        deps = [d for d in graph.get(m, ()) if d in graph and d not in seen]
        floor[m] = 1 + max((of(d, seen + (m,)) for d in deps), default=0)
        return floor[m]

    for m in graph:
        of(m)
    return floor


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "src"
    graph = modules(src)
    bad = cycles(graph)
    for comp in bad:
        print("CYCLE  " + " <-> ".join(comp))
    if bad:
        return 1
    fl = floors(graph)
    for n in sorted(set(fl.values()), reverse=True):
        print("floor %2d  %s" % (n, "  ".join(sorted(m for m in fl
                                                      if fl[m] == n))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
