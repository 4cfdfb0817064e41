#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Push setup and the communication classes of the example meter, end to end
# (issue #17): `cosem listen` on 127.0.0.1 (free port) receives the billing
# push the meter sends after `cosem action 0.0.25.9.0.255:1`, over TCP and
# UDP, its values labelled by the object list; the vendor class 8193 is
# read, set and refused out of range; a write-only secret is not readable;
# a malformed IP address is refused. Every wait is bounded.
# usage: push_cli.sh METER_SERVER_BINARY COSEM_CLI_BINARY
set -u
METER=$1
COSEM=$2
WORK=$(mktemp -d /tmp/push_cli_XXXXXX)
PID=
LPID=
FAILS=0

cleanup() {
    if [ -n "$LPID" ]; then kill "$LPID" 2>/dev/null; wait "$LPID" 2>/dev/null; fi
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP PIPE

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
cli() { timeout 30 "$COSEM" "$@"; }

# expect_rc RC COMMAND...: runs the CLI and checks its exit code.
expect_rc() {
    want=$1
    shift
    cli "$@" >"$WORK/out" 2>"$WORK/err"
    rc=$?
    [ "$rc" -eq "$want" ] || fail "cosem $* -> exit $rc, want $want: $(cat "$WORK/err")"
}

"$METER" --port 0 --hdlc-port 0 --max-connections 2 --state "$WORK/meter.state" \
    --ready-file "$WORK/ready" \
    2>"$WORK/meter.log" &
PID=$!
i=0
while [ ! -s "$WORK/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$WORK/ready" ] || { echo "meter_server did not start" >&2; exit 1; }
W=$(awk '/^wrapper/ {print $2}' "$WORK/ready")
PUB="--tcp 127.0.0.1:$W"
READER="--tcp 127.0.0.1:$W --client 0x20 --password 12345678"
LIST="40/0.0.25.9.0.255/1,8/0.0.1.0.0.255/2,3/1.0.1.8.0.255/2,3/1.0.1.8.1.255/2"
LIST="$LIST,3/1.0.1.8.2.255/2,3/1.0.1.8.3.255/2,3/1.0.1.8.4.255/2,3/1.0.1.8.5.255/2"
LIST="$LIST,3/1.0.1.8.6.255/2,3/1.0.2.8.0.255/2,3/1.0.3.8.0.255/2,3/1.0.4.8.0.255/2"

# hex of a send_destination_and_method {transport, "127.0.0.1:PORT", A-XDR}
destination() {
    d="127.0.0.1:$2"
    printf '02 03 16 %02x 09 %02x' "$1" "${#d}"
    printf '%s' "$d" | od -An -tx1 | tr -d '\n'
    printf ' 16 00'
}

# push_over PROTO TRANSPORT: listen, point the push there, start it, check.
# listen_start PROTO ARGS...: `cosem listen --PROTO 0 --count 1` in the
# background (LPID); sets port to where it listens.
listen_start() {
    proto=$1
    shift
    rm -f "$WORK/listen.err"
    timeout 30 "$COSEM" listen "--$proto" 0 --count 1 --timeout 20 --json "$@" \
        >"$WORK/listen.out" 2>"$WORK/listen.err" &
    LPID=$!
    i=0
    while ! grep -q "^cosem listen" "$WORK/listen.err" 2>/dev/null && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    port=$(sed -n 's/^cosem listen: .*:\([0-9]*\)$/\1/p' "$WORK/listen.err")
}

push_over() {
    listen_start "$1" --objects "$LIST"
    [ -n "$port" ] || { fail "listen did not start: $(cat "$WORK/listen.err")"; return; }
    expect_rc 0 write 0.0.25.9.0.255:3 --class 40 --type axdr "$(destination "$2" "$port")" $READER
    expect_rc 0 action 0.0.25.9.0.255:1 --class 40 --type integer 0 $PUB
    wait "$LPID"
    rc=$?
    LPID=
    [ "$rc" -eq 0 ] || fail "listen --$1 exit $rc: $(cat "$WORK/listen.err")"
    grep -q '"apdu": "data-notification"' "$WORK/listen.out" || fail "$1: no data-notification"
    grep -q '"object": "Register/1.0.4.8.0.255/2 (value)"' "$WORK/listen.out" ||
        fail "$1: values not matched: $(cat "$WORK/listen.out")"
    [ "$(grep -c '"type":"double-long-unsigned"' "$WORK/listen.out")" -eq 10 ] ||
        fail "$1: not the 10 billing registers"
}

push_over tcp 0
push_over udp 1


# An SN meter's information report (the bytes cosem_server_information_report()
# writes in test_server_sn, the layout test_sn checks against Gurux.DLMS.Python's
# translator) sent over UDP: listen shows the time and each short name's value.
listen_start udp
python3 - "$port" <<'PY'
import socket, sys
apdu = bytes.fromhex("180C07EA0C0304000000FF80000002020 2A8020 2B00209060100010800FF0600003039".replace(" ", ""))
frame = bytes.fromhex("00010001 0001") + len(apdu).to_bytes(2, "big") + apdu
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(frame, ("127.0.0.1", int(sys.argv[1])))
PY
wait "$LPID"
rc=$?
LPID=
[ "$rc" -eq 0 ] || fail "listen of an information report: exit $rc: $(cat "$WORK/listen.err")"
grep -q '"apdu": "information-report-request"' "$WORK/listen.out" &&
    grep -q '"date_time": "2026-12-03' "$WORK/listen.out" &&
    grep -q '"short_name": 688' "$WORK/listen.out" &&
    grep -q '"value": {"type":"double-long-unsigned","value":12345}' "$WORK/listen.out" ||
    fail "information report: $(cat "$WORK/listen.out")"

# The push setup reads back what was set (UDP now).
expect_rc 0 read 0.0.25.9.0.255:3 --class 40 $PUB
grep -q "enum 1" "$WORK/out" || fail "push destination: $(cat "$WORK/out")"

# Push over HDLC (transport 5, destination the client address "16"): the
# data-notification leaves in a UI frame (control 13, F set, as GuruxDLMS.c's
# server sends its pushes) to client 0x10 on the meter's HDLC links, here an
# HDLC-over-TCP connection that never connected at the link layer.
H=$(awk '/^hdlc/ {print $2}' "$WORK/ready")
python3 - "$H" >"$WORK/ui.hex" 2>"$WORK/ui.err" <<'PY' &
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(20)
buf = b""
while len(buf) < 3 or len(buf) < 2 + (((buf[1] & 7) << 8) | buf[2]):
    chunk = s.recv(4096)
    if not chunk:
        break
    buf += chunk
print(buf.hex())
PY
UPID=$!
sleep 0.5
expect_rc 0 write 0.0.25.9.0.255:3 --class 40 --type axdr "02 03 16 05 09 02 31 36 16 00" $READER
expect_rc 0 action 0.0.25.9.0.255:1 --class 40 --type integer 0 $PUB
wait "$UPID"
ui=$(cat "$WORK/ui.hex")
case "$ui" in
7ea0??21*13????e6e7000f*7e) ;;
*) fail "push over HDLC: '$ui' $(cat "$WORK/ui.err")" ;;
esac
printf '%s\n' "$ui" | cli decode - >"$WORK/out" 2>&1
grep -q "fcs: 0x.... (ok)" "$WORK/out" && grep -q "control: 0x13 (UI P/F=1)" "$WORK/out" &&
    grep -q "^  data-notification" "$WORK/out" || fail "push over HDLC decoded: $(cat "$WORK/out")"

# Vendor class 8193 (relay configuration): read generically, set, range.
expect_rc 0 read 0.0.129.0.0.255:3 --class 8193 $PUB
grep -qx "3" "$WORK/out" || fail "8193 mode: $(cat "$WORK/out")"
expect_rc 0 write 0.0.129.0.0.255:4 --class 8193 --type long-unsigned 30 $READER
expect_rc 0 read 0.0.129.0.0.255:4 --class 8193 $PUB
grep -qx "30" "$WORK/out" || fail "8193 pulse: $(cat "$WORK/out")"
expect_rc 4 write 0.0.129.0.0.255:4 --class 8193 --type long-unsigned 4000 $READER
expect_rc 0 objects $PUB
grep -q "^8193 " "$WORK/out" || fail "object list without class 8193"

# Write-only secret, malformed address, oversized APN.
expect_rc 4 read 0.0.25.5.0.255:4 --class 46 $READER
expect_rc 0 write 0.0.25.5.0.255:4 --class 46 --type octet-string 736563726574 $READER
expect_rc 4 read 0.0.25.5.0.255:4 --class 46 $READER
expect_rc 4 write 0.0.25.1.0.255:3 --class 42 --type double-long-unsigned 0xE0000001 $READER
expect_rc 0 read 0.0.25.1.0.255:3 --class 42 $PUB
grep -q "2886734556" "$WORK/out" || fail "IPv4 address changed: $(cat "$WORK/out")"
expect_rc 4 write 0.0.25.4.0.255:2 --class 45 --type string \
    "$(printf 'a%.0s' $(seq 1 65))" $READER
expect_rc 0 read 0.0.25.6.0.255:6 --class 47 $PUB

kill -TERM "$PID"
wait "$PID"
PID=
if [ "$FAILS" -ne 0 ]; then
    echo "$FAILS failure(s)" >&2
    exit 1
fi
echo "push_cli: all checks passed"
