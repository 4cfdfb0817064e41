#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# IEC 62056-21 mode E on a serial line: the example meter (ion model, unit
# 4242) on one end of a pseudo-terminal pair (tests/cli/pty_pair.py, which
# also puts the even parity of a 7E1 line on both sides' opening octets),
# the `cosem` tool on the other. Sign-on, identification, acknowledgement and
# confirmation, then HDLC at the agreed rate; the meter goes back to the
# opening after each HDLC connection; a client speaking HDLC at once is
# served too; a sign-on for another device address is not answered.
# Usage: mode_e.sh COSEM METER_SERVER
COSEM=$1
METER=$2
HERE=$(dirname "$0")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cosem-mode-e.XXXXXX") || exit 1
pids=
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT
. "$HERE/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "mode_e: python3 missing, skipped"; exit 77; }
python3 "$HERE/pty_pair.py" --links "$TMP/links" --log "$TMP/wire" --seconds 120 \
    --7e1-until-hdlc AB &
pids="$!"
i=0
while [ ! -f "$TMP/links" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
A=$(awk '$1 == "A" {print $2}' "$TMP/links")
B=$(awk '$1 == "B" {print $2}' "$TMP/links")
[ -n "$A" ] && [ -n "$B" ] || { echo "mode_e: no pseudo-terminals"; exit 1; }

"$METER" --model ion --unit-id 4242 --history 0 --state none --port off --hdlc-port off \
    --serial "$A" --mode-e --ready-file "$TMP/ready" >"$TMP/meter.log" 2>&1 &
pids="$pids $!"
i=0
while [ ! -f "$TMP/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -f "$TMP/ready" ] || { echo "meter_server did not start:"; cat "$TMP/meter.log"; exit 1; }

# 1. The whole opening, then the logical device name over HDLC (4-octet
#    address from the unit id). The identification is /XLC5\2ion 4242 with
#    the parity a 7E1 line carries; the acknowledgement ACK 2 5 2 (9600 Bd).
run read 0.0.42.0.0.255 --serial "$B" --mode-e --physical 4242 --trace
expect_rc 0
expect_out "LCM0000000004242"
expect_err "C> 2F 3F 21 0D 0A"
expect_err "S> AF D8 CC C3 35 5C B2 69 6F EE A0 B4 B2 B4 B2 8D 0A"
expect_err "C> 06 32 35 32 0D 0A"
expect_err "S> 06 B2 35 B2 8D 0A"
expect_err "C> 7E A0 0A 00 02 42 25 21 93"

# 2. After the HDLC disconnection the meter is back in the opening.
run read 0.0.1.0.0.255 --serial "$B" --mode-e --physical 4242
expect_rc 0

# 3. --baud caps the rate: ACK 2 3 2 (2400 Bd).
run read 0.0.42.0.0.255 --serial "$B" --mode-e --baud 2400 --physical 4242 --trace
expect_rc 0
expect_err "C> 06 32 33 32 0D 0A"
expect_out "LCM0000000004242"

# 4. A client that starts with HDLC (no sign-on) is served at once.
run read 0.0.42.0.0.255 --serial "$B" --physical 4242
expect_rc 0
expect_out "LCM0000000004242"

# 5. Raw lines: a sign-on for another address gets no answer, one for 4242
#    (leading zeros aside) the identification; without an acknowledgement
#    the meter waits for a new sign-on (1.5 s), and cosem still opens.
checks=$((checks + 1))
python3 - "$B" >"$TMP/raw" 2>&1 <<'EOF' || fail "raw sign-on: $(cat "$TMP/raw")"
import os, select, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)
def exchange(line, wait):
    os.write(fd, line)
    got, end = b"", time.monotonic() + wait
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            got += os.read(fd, 256)
            if got.endswith(b"\x0a"):
                break
    return bytes(b & 0x7F for b in got)
assert exchange(b"/?9999!\r\n", 1.0) == b"", "answered another address"
got = exchange(b"/?004242!\r\n", 2.0)
assert got == b"/XLC5\\2ion 4242\r\n", got
time.sleep(1.8)
EOF
run read 0.0.42.0.0.255 --serial "$B" --mode-e --physical 4242
expect_rc 0
expect_out "LCM0000000004242"

# 6. Usage.
run read 0.0.42.0.0.255 --tcp 127.0.0.1 --mode-e
expect_rc 1
expect_err "--mode-e needs --serial"
checks=$((checks + 1))
"$METER" --mode-e --state none >/dev/null 2>"$TMP/err" && fail "meter_server --mode-e without --serial started"
grep -q -e "--mode-e needs --serial" "$TMP/err" || fail "meter_server: $(cat "$TMP/err")"

finish mode_e
