#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Compare what a shared library exports with what its headers declare.

    scripts/export_check.py LIB.so HEADER...

Declarations are the functions and `extern` objects of the headers (static
inline functions, macros and types are not symbols). Fails when the library
exports a symbol no header declares (an internal symbol leaked) or when a
declared function or object is missing from the export list.
"""
import re
import subprocess
import sys


def strip(text):
    """Source without comments, strings, C++ guards and preprocessor lines."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
    text = re.sub(r"#\s*ifdef\s+__cplusplus.*?#\s*endif", "", text, flags=re.S)
    text = re.sub(r"\\\n", " ", text)
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#"))


def statements(text):
    """Top-level statements; a function body ends its definition."""
    out, cur, depth = [], [], 0
    i = 0
    while i < len(text):
        c = text[i]
        if depth == 0 and c == "{" and "".join(cur).rstrip().endswith(")"):
            out.append(("def", "".join(cur)))
            cur, depth = [], 1
            i += 1
            while i < len(text) and depth:
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == ";" and depth == 0:
            out.append(("decl", "".join(cur)))
            cur = []
            i += 1
            continue
        if depth == 0:
            cur.append(c)
        i += 1
    return out


def declared(paths):
    names = set()
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for kind, st in statements(strip(f.read())):
                st = " ".join(st.split())
                if kind != "decl" or not st or re.match(r"typedef\b", st) or \
                        re.search(r"\bstatic\b", st):
                    continue
                m = re.search(r"\b(cosem_\w+)\s*\(", st)
                if m:
                    names.add(m.group(1))
                    continue
                m = re.match(r"extern\b.*?\b(cosem_\w+)\s*(\[[^\]]*\])?$", st)
                if m:
                    names.add(m.group(1))
    return names


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    return {line.split()[-1] for line in out.splitlines() if line.strip()}


def built(lib):
    """Every symbol the library defines, exported or not (its full symbol
    table); None when it is stripped. A declared function missing from it
    is compiled out by an option (e.g. COSEM_WITH_GBT, COSEM_WITH_HLS_LEGACY),
    which is not a hidden API."""
    out = subprocess.run(["nm", "--defined-only", lib], capture_output=True, text=True).stdout
    names = {line.split()[-1] for line in out.splitlines() if line.strip()}
    return names or None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    lib, headers = sys.argv[1], sys.argv[2:]
    exp, dec = exported(lib), declared(headers)
    leaked = sorted(exp - dec)
    have = built(lib)
    missing = sorted(n for n in dec - exp if have is None or n in have)
    off = sorted(n for n in dec - exp if have is not None and n not in have)
    if off:
        print(f"  compiled out by options: {', '.join(off)}")
    for n in leaked:
        print(f"  exported but not declared in a public header: {n}")
    for n in missing:
        print(f"  declared but not exported: {n}")
    print(f"  {lib.rsplit('/', 1)[-1]}: {len(exp)} symbols exported, {len(dec)} declared"
          f"{'' if leaked or missing else ', same set'}")
    return 1 if leaked or missing else 0


if __name__ == "__main__":
    sys.exit(main())
