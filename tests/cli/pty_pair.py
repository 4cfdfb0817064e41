#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A null-modem cable between two pseudo-terminals, for serial-line tests.

Creates two pseudo-terminals A and B, writes "A PATH" and "B PATH" to the
--links file (atomically), and copies every octet written on one to the
other until --seconds pass or it is killed. --log FILE records the traffic
as "A> hex" / "B> hex" lines, one per chunk. --7e1-until-hdlc SIDES (A, B or
AB) emulates a 7E1 UART on those sides for the IEC 62056-21 opening: the
even-parity bit is set on the octets that side sends until its first HDLC
flag (0x7E), as a 7-bit line carries them (pseudo-terminals keep 8 bits
whatever termios says). Pseudo-terminals ignore the baud rate, so a rate
switch is transparent here.
Usage: pty_pair.py --links FILE [--log FILE] [--seconds N] [--7e1-until-hdlc SIDES]
"""
import argparse
import os
import pty
import select
import sys
import time
import tty


def parity7e1(b):
    v = b & 0x7F
    return v | ((bin(v).count("1") & 1) << 7)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--links", required=True)
    ap.add_argument("--log")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--7e1-until-hdlc", dest="e71", default="")
    a = ap.parse_args()
    ends = {}
    for side in "AB":
        m, s = pty.openpty()
        tty.setraw(s)  # no echo or line editing before the program opens it
        ends[side] = (m, s, os.ttyname(s))
    tmp = a.links + ".tmp"
    with open(tmp, "w") as f:
        f.write("A %s\nB %s\n" % (ends["A"][2], ends["B"][2]))
    os.rename(tmp, a.links)
    log = open(a.log, "w", buffering=1) if a.log else None
    emulate = {side: side in a.e71.upper() for side in "AB"}
    other = {"A": "B", "B": "A"}
    by_fd = {ends[s][0]: s for s in "AB"}
    end = time.monotonic() + a.seconds
    while time.monotonic() < end:
        r, _, _ = select.select(list(by_fd), [], [], 0.1)
        for fd in r:
            side = by_fd[fd]
            try:
                data = os.read(fd, 4096)
            except OSError:
                continue
            if not data:
                continue
            if emulate[side]:
                out = bytearray()
                for b in data:
                    if b == 0x7E:
                        emulate[side] = False
                    out.append(parity7e1(b) if emulate[side] else b)
                data = bytes(out)
            if log:
                log.write("%s> %s\n" % (side, " ".join("%02X" % b for b in data)))
            os.write(ends[other[side]][0], data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
