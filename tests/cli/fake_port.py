#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Misbehaving meters for the cosem CLI tests, on 127.0.0.1 (port written to
# PORT_FILE; stops by itself after 60 s):
#   fake_port.py relay TARGET_PORT LIMIT PORT_FILE
#       relays to TARGET_PORT and cuts each connection after LIMIT octets
#       from the meter: a meter that goes silent in the middle of an answer;
#   fake_port.py answer HEX PORT_FILE
#       answers whatever it receives with the octets HEX: a port that speaks
#       the other framing.
import os
import select
import socket
import sys
import time


def listen(port_file):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(4)
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    os.rename(port_file + ".tmp", port_file)
    return s


def relay(lsock, target, limit, end):
    while time.time() < end:
        if not select.select([lsock], [], [], 0.5)[0]:
            continue
        c, _ = lsock.accept()
        s = socket.create_connection(("127.0.0.1", target))
        sent = 0
        while time.time() < end and sent < limit:
            r = select.select([c, s], [], [], 0.5)[0]
            if c in r:
                d = c.recv(4096)
                if not d:
                    break
                s.sendall(d)
            if s in r:
                d = s.recv(4096)
                if not d:
                    break
                d = d[: limit - sent]
                c.sendall(d)
                sent += len(d)
        c.close()
        s.close()


def answer(lsock, octets, end):
    conns = []
    while time.time() < end:
        for s in select.select([lsock] + conns, [], [], 0.5)[0]:
            if s is lsock:
                conns.append(lsock.accept()[0])
            elif s.recv(4096):
                s.sendall(octets)
            else:
                conns.remove(s)
                s.close()


end = time.time() + 60
if sys.argv[1] == "relay":
    relay(listen(sys.argv[4]), int(sys.argv[2]), int(sys.argv[3]), end)
else:
    answer(listen(sys.argv[3]), bytes.fromhex(sys.argv[2]), end)
