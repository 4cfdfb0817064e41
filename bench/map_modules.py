#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Flash per module of a linked image, from its GNU ld map (-Wl,-Map).

Sums the input sections (code, constants, initialised data) that the link
kept, per object file: a library object (libcosem.a(server_get.o)) counts
under its module ("server/get"), everything else under "(application)" or
"(toolchain)" (libgcc, libc). Padding between sections is not counted.

    bench/map_modules.py IMAGE.map [--top N]
"""
import argparse
import re
import sys

SECTION = re.compile(r"^ (\.(?:text|rodata|data|srodata|sdata)[^\s]*)\s*(?:(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(.*))?$")
CONT = re.compile(r"^\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S.*)$")


def module(path):
    m = re.search(r"libcosem\.a\(([a-z0-9]+)_(.+)\.o\)", path)
    if m:
        return "%s/%s" % (m.group(1), m.group(2))
    if "libgcc" in path or "libc" in path or "libnosys" in path:
        return "(toolchain)"
    return "(application)"


def sizes(lines):
    out, in_memory_map = {}, False
    pending = None
    for line in lines:
        if line.startswith("Linker script and memory map"):
            in_memory_map = True
            continue
        if not in_memory_map:
            continue
        m = SECTION.match(line)
        if m:
            if m.group(2) is None:
                pending = m.group(1)
                continue
            addr, size, path = m.group(2), m.group(3), m.group(4)
        elif pending:
            c = CONT.match(line)
            pending = None
            if not c:
                continue
            addr, size, path = c.groups()
        else:
            continue
        n = int(size, 16)
        if n and int(addr, 16):
            key = module(path.strip())
            out[key] = out.get(key, 0) + n
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("map")
    ap.add_argument("--top", type=int, default=0)
    args = ap.parse_args()
    with open(args.map) as f:
        s = sizes(f.read().splitlines())
    rows = sorted(s.items(), key=lambda kv: -kv[1])
    lib = sum(v for k, v in rows if not k.startswith("("))
    if args.top:
        rows = rows[: args.top]
    for k, v in rows:
        print("  %-28s %7d" % (k, v))
    print("  %-28s %7d" % ("library total", lib))
    return 0


if __name__ == "__main__":
    sys.exit(main())
