#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# A TCP relay on 127.0.0.1 that cuts every connection after LIMIT octets
# from the server: a meter that goes silent in the middle of a long answer.
# Usage: cut_relay.py TARGET_PORT LIMIT PORT_FILE
# Writes its port to PORT_FILE; serves connections one at a time and stops
# by itself after 60 s.
import select
import socket
import sys
import time

target, limit, port_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lsock = socket.socket()
lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lsock.bind(("127.0.0.1", 0))
lsock.listen(4)
with open(port_file + ".tmp", "w") as f:
    f.write("%d\n" % lsock.getsockname()[1])
import os
os.rename(port_file + ".tmp", port_file)
end = time.time() + 60
while time.time() < end:
    r, _, _ = select.select([lsock], [], [], 0.5)
    if not r:
        continue
    c, _ = lsock.accept()
    s = socket.create_connection(("127.0.0.1", target))
    sent = 0
    while time.time() < end:
        r, _, _ = select.select([c, s], [], [], 0.5)
        if c in r:
            d = c.recv(4096)
            if not d:
                break
            s.sendall(d)
        if s in r:
            d = s.recv(4096)
            if not d:
                break
            d = d[: max(0, limit - sent)]
            c.sendall(d)
            sent += len(d)
            if sent >= limit:
                break  # the meter "goes silent": close both sides
    c.close()
    s.close()
