#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# A TCP server on 127.0.0.1 that answers whatever it receives with fixed
# octets: a port that speaks the other framing (HDLC to a wrapper client,
# the wrapper to an HDLC client).
# Usage: answer_with.py HEX PORT_FILE  (stops by itself after 30 s)
import os
import select
import socket
import sys
import time

answer, port_file = bytes.fromhex(sys.argv[1]), sys.argv[2]
lsock = socket.socket()
lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lsock.bind(("127.0.0.1", 0))
lsock.listen(4)
with open(port_file + ".tmp", "w") as f:
    f.write("%d\n" % lsock.getsockname()[1])
os.rename(port_file + ".tmp", port_file)
end = time.time() + 30
conns = []
while time.time() < end:
    r, _, _ = select.select([lsock] + conns, [], [], 0.5)
    for s in r:
        if s is lsock:
            conns.append(lsock.accept()[0])
        elif s.recv(4096):
            s.sendall(answer)
        else:
            conns.remove(s)
            s.close()
