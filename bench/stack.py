#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Worst-case stack depth per public function, from gcc -fcallgraph-info=su.

Reads every *.ci file under a build directory, joins the call graphs of all
translation units and reports, for each public (cosem_*) function, the
deepest chain of frames it can reach. Exits 1 if the graph has a cycle
(recursion is banned in src/) or a call through a function pointer that the
graph cannot follow is reached from a reported function (listed, not fatal
unless --strict).

    bench/stack.py BUILD_DIR [--top N] [--strict]
"""
import argparse
import pathlib
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
BYTES = re.compile(r'\\n(\d+) bytes \((static|dynamic[^)]*)\)')


def load(build):
    frames, edges, kinds = {}, {}, {}
    for ci in pathlib.Path(build).rglob("*.ci"):
        for line in ci.read_text().splitlines():
            m = NODE.search(line)
            if m:
                b = BYTES.search(m.group(2))
                if b:
                    frames[m.group(1)] = int(b.group(1))
                    kinds[m.group(1)] = b.group(2)
                continue
            m = EDGE.search(line)
            if m:
                edges.setdefault(m.group(1), set()).add(m.group(2))
    return frames, edges, kinds


def worst(frames, edges):
    """Deepest stack from each defined function; detects cycles iteratively."""
    memo, state, unknown = {}, {}, {}
    for root in frames:
        stack = [(root, iter(sorted(edges.get(root, ()))))]
        state[root] = 1
        while stack:
            fn, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                best, unk = 0, set()
                for c in edges.get(fn, ()):
                    if c in frames:
                        best = max(best, memo[c])
                        unk |= unknown[c]
                    elif c.startswith("__indirect_call") or c == "__indirect":
                        unk.add(fn)
                memo[fn] = frames[fn] + best
                unknown[fn] = unk
                state[fn] = 2
                continue
            if nxt not in frames:
                continue  # libc or compiler helper: counted as 0
            if state.get(nxt) == 1:
                raise SystemExit("recursion: %s -> %s" % (fn, nxt))
            if state.get(nxt) != 2:
                state[nxt] = 1
                stack.append((nxt, iter(sorted(edges.get(nxt, ())))))
    return memo, unknown


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--top", type=int, default=8)
    ap.add_argument("--strict", action="store_true")
    a = ap.parse_args()
    frames, edges, kinds = load(a.build)
    if not frames:
        raise SystemExit("no .ci files under %s (build with -fcallgraph-info=su)" % a.build)
    memo, unknown = worst(frames, edges)
    public = sorted((n for n in frames if n.startswith("cosem_")), key=lambda n: -memo[n])
    dyn = [n for n, k in kinds.items() if k != "static"]
    print("functions: %d, public: %d, worst public call chain: %d bytes (%s)"
          % (len(frames), len(public), memo[public[0]] if public else 0,
             public[0] if public else "-"))
    for n in public[: a.top]:
        print("  %6d  %s%s" % (memo[n], n, "  [+function pointer]" if unknown[n] else ""))
    if dyn:
        print("dynamic (unbounded) frames: " + ", ".join(sorted(dyn)))
    if a.strict and (dyn or any(unknown[n] for n in public)):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
