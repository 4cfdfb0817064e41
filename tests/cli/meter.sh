#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The `cosem` tool against the example meter (examples/meter_server) on
# 127.0.0.1: objects, registers with scaler and unit, profiles by entries and
# by date range, the clock (read, set by the meter reader, denied to the
# public client), a wrong password, over the wrapper and HDLC over TCP.
# Usage: meter.sh COSEM METER_SERVER
COSEM=$1
METER=$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cosem-cli.XXXXXX") || exit 1
pid=
stop_meter() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        pid=
    fi
}
trap 'stop_meter; rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"

# start_meter: a fresh meter (UTC, two days of history, one connection at a
# time, so every command must have closed its connection for the next one to
# get in) on free ports; sets W and H to the wrapper and HDLC options.
# Arguments: more meter_server options.
start_meter() {
    stop_meter
    rm -f "$TMP/ready"
    TZ=UTC "$METER" --listen 127.0.0.1 --port 0 --hdlc-port 0 --state none --history 2 \
        --max-connections 1 --ready-file "$TMP/ready" "$@" >"$TMP/meter.log" 2>&1 &
    pid=$!
    i=0
    while [ ! -f "$TMP/ready" ] && [ $i -lt 200 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if [ ! -f "$TMP/ready" ]; then
        echo "meter_server did not start:"
        cat "$TMP/meter.log"
        exit 1
    fi
    W="--tcp 127.0.0.1:$(awk '/^wrapper/ {print $2}' "$TMP/ready")"
    H="--tcp 127.0.0.1:$(awk '/^hdlc/ {print $2}' "$TMP/ready") --hdlc --physical 17"
}

# expect_match REGEX: some stdout line matches the extended regular expression.
expect_match() {
    checks=$((checks + 1))
    grep -E -e "$1" "$TMP/out" >/dev/null || fail "stdout has no line matching '$1'"
}

# expect_lines N: stdout has N lines.
expect_lines() {
    checks=$((checks + 1))
    n=$(wc -l <"$TMP/out" | tr -d ' ')
    [ "$n" = "$1" ] || fail "$n lines, expected $1"
}

READER="--client 0x20 --password 12345678"
DAY=$(date -u -d '1 day ago' +%Y-%m-%d 2>/dev/null || date -u -v-1d +%Y-%m-%d)

# ---- wrapper ----------------------------------------------------------------
start_meter
run objects $W
expect_rc 0
expect_match '^8 Clock +0  0\.0\.1\.0\.0\.255 +Clock'
expect_match '^3 Register .* 1\.0\.1\.8\.0\.255 +Active energy import \(\+A\)'
expect_out '1.0.99.1.0.255'
run read 1.0.1.8.0.255 $W
expect_rc 0
expect_match '^[0-9]+(\.[0-9]+)? Wh$'
run read 1.0.32.7.0.255 $W --json
expect_rc 0
expect_json
expect_out '"unit_symbol": "V"'
expect_out '"class_id": 3'
run profile 1.0.99.1.0.255 $W --entries 1-3 --csv
expect_rc 0
expect_lines 4
expect_match '^0\.0\.1\.0\.0\.255:2,0\.0\.96\.10\.1\.255:2,1\.0\.1\.29\.0\.255:2 \[Wh\]'
expect_match '^20[0-9-]+T[0-9:.]+\+00:00,'
# Range access: 10:00 to 11:00 of yesterday holds five 15-minute rows.
run profile 1.0.99.1.0.255 $W --from "${DAY}T10:00" --to "${DAY}T11:00" --json
expect_rc 0
expect_json
expect_count "\"${DAY}T" 5
expect_out "[\"${DAY}T10:00:00"
expect_out "[\"${DAY}T11:00:00"
run time $W
expect_rc 0
expect_match '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}'
run time $W --client 0x20 --password wrong
expect_rc 3
sleep 0.5 # the meter throttles password guessing (issue #14): wait out its delay
expect_err 'authentication-failure'
expect_no_out

# ---- HDLC over TCP (same meter) -----------------------------------------------
run read 0.0.96.1.0.255 $H
expect_rc 0
expect_match '^[0-9]+$'
run objects $H --json
expect_rc 0
expect_json
expect_out '"logical_name": "1.0.98.1.0.255"'
run write 0.0.1.0.0.255:2 --type datetime 2030-01-01T00:00:00 $H
expect_rc 4
expect_err 'read-write-denied'
run time $H $READER --set 2030-01-01T00:00:00
expect_rc 0
expect_out '2030-01-01T00:00:00'
run time $H
expect_rc 0
expect_match '^2030-01-01T00:0'
run read 1.0.1.8.0.255 $H --trace
expect_rc 0
expect_err 'C> 7E A0'
expect_err 'S> 7E A0'
cp "$TMP/err" "$TMP/trace"
feed "$TMP/trace"
run decode -
expect_rc 0
expect_out 'control: 0x93 (SNRM'
expect_out 'instance-id: 1.0.1.8.0.255 (Active energy import (+A))'
expect_out 'scaler-unit: 10^'
expect_out 'scaled-value: '
feed -
run profile 1.0.98.1.0.255 $H --json
expect_rc 0
expect_json

# ---- several attributes in one association (GET-with-list) -------------------
feed -
run read 1.0.1.8.0.255 1.0.32.7.0.255 0.0.1.0.0.255 $W --trace
expect_rc 0
expect_lines 3
expect_match '^1\.0\.1\.8\.0\.255:2: [0-9]+(\.[0-9]+)? Wh$'
expect_match '^1\.0\.32\.7\.0\.255:2: [0-9.]+ V$'
expect_match '^0\.0\.1\.0\.0\.255:2: 20[0-9]{2}-'
# one get-request-with-list (C0 03) carries the values and scaler_units: 5 refs
checks=$((checks + 1))
n=$(grep -c '^C> .* C0 03 C1 05 ' "$TMP/err")
[ "$n" = 1 ] || fail "$n get-request-with-list of 5 items, expected 1"
checks=$((checks + 1))
n=$(grep -c '^C> .* C0 01 ' "$TMP/err")
[ "$n" = 0 ] || fail "$n get-request-normal, expected none"
# the same one by one: the same lines, no list request
cp "$TMP/out" "$TMP/list.out"
run read 1.0.1.8.0.255 1.0.32.7.0.255 0.0.1.0.0.255 $W --trace --one-by-one
expect_rc 0
expect_lines 3
expect_match '^1\.0\.32\.7\.0\.255:2: [0-9.]+ V$'
checks=$((checks + 1))
n=$(grep -c '^C> .* C0 01 ' "$TMP/err")
[ "$n" = 5 ] || fail "$n get-request-normal, expected 5 (3 values, 2 scaler_units)"
checks=$((checks + 1))
! grep -q '^C> .* C0 03 ' "$TMP/err" || fail "a list request"
# an unknown object: named with its attribute, the others still read
run read 1.0.1.8.0.255 9.9.9.9.9.9 0.0.96.1.0.255:2 $W --json
expect_rc 4
expect_json
expect_err 'read 9.9.9.9.9.9 attribute 2: object-undefined'
expect_out '"error": "object-undefined"'
expect_out '"logical_name": "0.0.96.1.0.255"'
expect_out '"unit_symbol": "Wh"'
run read 9.9.9.9.9.9:3 $H --class 3
expect_rc 4
expect_err 'read 9.9.9.9.9.9 attribute 3: object-undefined'

# ---- short-name referencing (--sn): the demo meter accepts SN beside LN ------
run objects $W --sn
expect_rc 0
expect_match '^12 Association SN +0  0\.0\.40\.0\.0\.255 .* 0xFA00$'
expect_match '^8 Clock +0  0\.0\.1\.0\.0\.255 +Clock +0x0100$'
run objects $W --sn --json
expect_rc 0
expect_json
expect_out '"base_name": 64000'
run read 1.0.1.8.0.255 0.0.42.0.0.255 $W --sn
expect_rc 0
expect_match '^1\.0\.1\.8\.0\.255:2: [0-9]+(\.[0-9]+)? Wh$'
expect_out '0.0.42.0.0.255:2: LCM0000000000017'
run read 0.0.96.1.0.255 $H --sn --trace
expect_rc 0
expect_err 'C> 7E'
run read 9.9.9.9.9.9 $W --sn --class 1
expect_rc 4
expect_err "not in the meter's Association SN object list"
# disconnect control: remote_disconnect by WRITE of its method's name, then
# remote_reconnect; the output state follows
run action 0.0.96.3.10.255:1 --type integer 0 $W --sn $READER
expect_rc 0
run read 0.0.96.3.10.255:2 $W --sn
expect_out 'false'
run action 0.0.96.3.10.255:2 --type integer 0 $W --sn $READER
expect_rc 0
run read 0.0.96.3.10.255:2 $W --sn
expect_out 'true'
run write 0.0.42.0.0.255:2 --type octet-string 00 $W --sn
expect_rc 4
expect_err 'read-write-denied'

# ---- passwords: hex, file, environment; never in traces or messages ----------
run time $W --client 0x20 --password-hex 3132333435363738
expect_rc 0
printf '12345678\n' >"$TMP/pw"
run time $W --client 0x20 --password-file "$TMP/pw"
expect_rc 0
COSEM_PASSWORD=12345678 run time $W --client 0x20
expect_rc 0
COSEM_PASSWORD=wrong run time $W --client 0x20
expect_rc 3
sleep 0.5 # the meter throttles password guessing (issue #14): wait out its delay
COSEM_PASSWORD=12345678 run read 0.0.96.1.0.255 $W
unset COSEM_PASSWORD
expect_rc 0
run time $W --client 0x20 --password-hex 31323g
expect_rc 1
checks=$((checks + 1))
! grep -q '31323g' "$TMP/err" || fail "the bad secret is repeated in the message"
run time $W --client 0x20 --password-file "$TMP/nonexistent"
expect_rc 1
run time $H --client 0x20 --password 12345678 --trace
expect_rc 0
expect_err ' AC 0A 80 08 2A 2A 2A 2A 2A 2A 2A 2A '
checks=$((checks + 1))
! grep -q '31 32 33 34 35 36 37 38' "$TMP/err" || fail "the password shows in --trace"
grep '^[CS]>' "$TMP/err" >"$TMP/trace"
feed "$TMP/trace"
run decode -
expect_rc 0
expect_out 'calling-authentication-value: "********"'
feed -

# ---- time-outs: what was tried and the likely cause ----------------------------
WPORT=$(awk '/^wrapper/ {print $2}' "$TMP/ready")
HPORT=$(awk '/^hdlc/ {print $2}' "$TMP/ready")
t0=$(date +%s)
run read 1.0.1.8.0.255 --tcp "127.0.0.1:$HPORT" --timeout 1000 --retries 3
expect_rc 2
expect_err 'tried: wrapper to 127.0.0.1 port'
expect_err 'the port may speak HDLC'
checks=$((checks + 1))
[ $(($(date +%s) - t0)) -le 3 ] || fail "--timeout 1000 did not bound connect and association"
if command -v python3 >/dev/null 2>&1; then
    # ports that answer in the other framing: a DM frame to a wrapper AARQ,
    # a wrapper frame to an SNRM
    python3 "$(dirname "$0")/fake_port.py" answer 7EA00721031F9B5D7E "$TMP/hdlcport" &
    apid=$!
    i=0
    while [ ! -f "$TMP/hdlcport" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    run read 1.0.1.8.0.255 --tcp "127.0.0.1:$(cat "$TMP/hdlcport")" --timeout 1000
    expect_rc 2
    expect_err 'the meter answered with HDLC frames (flag 0x7E): add --hdlc'
    kill "$apid" 2>/dev/null
    wait "$apid" 2>/dev/null
    python3 "$(dirname "$0")/fake_port.py" answer 000100010010000562038001 "$TMP/wport" &
    apid=$!
    i=0
    while [ ! -f "$TMP/wport" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    run read 1.0.1.8.0.255 --tcp "127.0.0.1:$(cat "$TMP/wport")" --hdlc --timeout 1000
    expect_rc 2
    expect_err 'the meter answered with wrapper frames (00 01 ...): drop --hdlc'
    kill "$apid" 2>/dev/null
    wait "$apid" 2>/dev/null
fi
# on a terminal (script(1) gives one) the steps show on one rewritten line;
# without one (all the runs above) stderr has no progress
if command -v script >/dev/null 2>&1; then
    script -qec "$COSEM read 1.0.1.8.0.255 --tcp 127.0.0.1:$HPORT --hdlc --physical 99 --timeout 1000" \
        /dev/null >"$TMP/out" 2>&1
    last="read on a terminal"
    expect_out 'connecting to 127.0.0.1 port'
    expect_out 'HDLC link (SNRM) with 127.0.0.1 port'
    expect_out 'tried: HDLC'
fi
run read 1.0.1.8.0.255 --tcp "127.0.0.1:$WPORT" --hdlc --timeout 1000
expect_rc 2
expect_err 'drop --hdlc'
run read 1.0.1.8.0.255 --tcp "127.0.0.1:$HPORT" --hdlc --physical 99 --timeout 1000
expect_rc 2
expect_err 'physical address 99'
expect_err 'check the physical address'
checks=$((checks + 1))
! grep -q 'connecting to' "$TMP/err" || fail "progress shown on a non-terminal"

# ---- results marked complete or not; empty selections; --json everywhere -----
run profile 1.0.99.1.0.255 $W --entries 1-2 --json
expect_rc 0
expect_json
expect_out '"complete": true'
run profile 1.0.99.1.0.255 $W --from 2001-01-01 --to 2001-01-02 --csv
expect_rc 0
expect_lines 1
expect_err 'no entries in the selection'
run time $H $READER --set 2030-01-01T00:00:00 --json
expect_rc 0
expect_json
expect_out '"time": "2030-01-01T00:00:00'
expect_out '"set": true'
run action 0.0.1.0.0.255:1 --type integer 0 $W $READER
expect_rc 0
expect_out 'ok'
expect_lines 1
run action 0.0.1.0.0.255:1 --type integer 0 $W $READER --json
expect_rc 0
expect_json
expect_out '"method_id": 1'
expect_out '"result": "success"'
run action 0.0.1.0.0.255:1 --type integer 0 $W
expect_rc 4
expect_err 'action 0.0.1.0.0.255 method 1: read-write-denied'
expect_no_out
run write 0.0.1.0.0.255:2 --type datetime 2030-01-01T00:00:00 $W $READER --json
expect_rc 0
expect_json
expect_out '"attribute_id": 2'
if command -v python3 >/dev/null 2>&1; then
    # a relay that cuts the connection after 3000 octets from the meter: the
    # profile stops after some rows, and the output says so
    python3 "$(dirname "$0")/fake_port.py" relay "$WPORT" 3000 "$TMP/relay" &
    rpid=$!
    i=0
    while [ ! -f "$TMP/relay" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    R="--tcp 127.0.0.1:$(cat "$TMP/relay")"
    run profile 1.0.99.1.0.255 $R --csv
    expect_rc 2
    expect_match '^# incomplete: [0-9]+ of [0-9]+ received, '
    checks=$((checks + 1))
    [ "$(tail -n 1 "$TMP/out" | cut -c1-13)" = "# incomplete:" ] || fail "not the last line"
    run profile 1.0.99.1.0.255 $R --json
    expect_rc 2
    expect_json
    expect_out '"complete": false'
    kill "$rpid" 2>/dev/null
    wait "$rpid" 2>/dev/null
    python3 "$(dirname "$0")/fake_port.py" relay "$WPORT" 1000 "$TMP/relay2" &
    rpid=$!
    i=0
    while [ ! -f "$TMP/relay2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    R="--tcp 127.0.0.1:$(cat "$TMP/relay2")"
    run objects $R --json
    expect_rc 2
    expect_json
    expect_out '"complete": false'
    run objects $R
    expect_rc 2
    expect_match '^# incomplete: '
    kill "$rpid" 2>/dev/null
    wait "$rpid" 2>/dev/null
fi

# ---- general block transfer in windows: the meter sends up to 8 blocks per
# acknowledgement (--gbt-window 8) and the client announces 8: the object
# list is the one GET blocks bring, in about 36 blocks of 121 octets, all
# but the last of each window with the streaming bit (block-control 41),
# and one acknowledgement (E0 08: window 8, no data) per window ----
start_meter --gbt --gbt-window 8
run objects $W
cp "$TMP/out" "$TMP/objects.blocks"
run objects $W --gbt-window 8 --max-pdu 128 --trace
expect_rc 0
checks=$((checks + 1))
cmp -s "$TMP/out" "$TMP/objects.blocks" || fail "the object list differs from the GET blocks one"
streamed=$(grep -c -E '^S> (.. ){8}E0 41 ' "$TMP/err")
ends=$(grep -c -E '^S> (.. ){8}E0 (01|81) ' "$TMP/err")
acks=$(grep -c -E '^C> (.. ){8}E0 08 ' "$TMP/err")
checks=$((checks + 1))
[ "$streamed" -ge 16 ] && [ "$acks" -ge 2 ] && [ "$acks" -le $(((streamed + ends) / 8 + 1)) ] ||
    fail "GBT windows: $streamed streamed blocks, $ends window ends, $acks acknowledgements"
run objects $W --gbt --max-pdu 128 --trace
expect_rc 0
checks=$((checks + 1))
cmp -s "$TMP/out" "$TMP/objects.blocks" || fail "the object list in window 1 differs"
checks=$((checks + 1))
! grep -q -E '^S> (.. ){8}E0 41 ' "$TMP/err" || fail "streaming to a client announcing window 1"
run objects $W --gbt-window 64
expect_rc 1
stop_meter

finish meter
