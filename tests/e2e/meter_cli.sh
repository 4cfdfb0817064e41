#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end test of the example meter with the `cosem` CLI (issue #8):
# start examples/meter_server on 127.0.0.1 (free ports), read every object
# through the wrapper and HDLC over TCP, read the load profile by date range,
# set the clock as meter reader (public: read-write-denied, exit 4), a wrong
# password (exit 3), a second connection refused when the limit is one, a
# restart that keeps the registers. Every wait is bounded.
# usage: meter_cli.sh METER_SERVER_BINARY COSEM_CLI_BINARY
set -u
METER=$1
COSEM=$2
WORK=$(mktemp -d /tmp/meter_cli_XXXXXX)
PID=
FAILS=0

cleanup() {
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP PIPE

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }

# start_meter EXTRA-OPTIONS...: starts the meter, sets W (wrapper) and H (HDLC) ports.
start_meter() {
    rm -f "$WORK/ready"
    "$METER" --port 0 --hdlc-port 0 --state "$WORK/meter.state" --ready-file "$WORK/ready" \
        "$@" 2>"$WORK/meter.log" &
    PID=$!
    i=0
    while [ ! -s "$WORK/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    [ -s "$WORK/ready" ] || { echo "meter_server did not start" >&2; cat "$WORK/meter.log" >&2; exit 1; }
    W=$(awk '/^wrapper/ {print $2}' "$WORK/ready")
    H=$(awk '/^hdlc/ {print $2}' "$WORK/ready")
}

# stop_meter: SIGTERM (the meter saves its state) and a bounded wait.
stop_meter() {
    kill -TERM "$PID"
    i=0
    while kill -0 "$PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    wait "$PID" || fail "meter_server exit status $?"
    PID=
}

cli() { timeout 30 "$COSEM" "$@"; }

# expect_rc RC COMMAND...: runs the CLI and checks its exit code.
expect_rc() {
    want=$1
    shift
    cli "$@" >"$WORK/out" 2>"$WORK/err"
    rc=$?
    [ "$rc" -eq "$want" ] || { fail "cosem $* -> exit $rc, want $want: $(cat "$WORK/err")"; }
}

# Every object of examples/meter_server/objects.c and its class.
OBJECTS="1:0.0.42.0.0.255 17:0.0.41.0.0.255 15:0.0.40.0.0.255 8:0.0.1.0.0.255 1:0.0.43.1.0.255
1:0.0.96.1.0.255 1:0.0.96.1.1.255 1:1.0.0.2.0.255 1:0.0.96.14.0.255 70:0.0.96.3.10.255
71:0.0.17.0.0.255 9:0.0.10.0.100.255 9:0.0.10.0.106.255 11:0.0.11.0.0.255 20:0.0.13.0.0.255
9:0.0.10.0.103.255 9:0.0.10.0.1.255 21:0.0.16.0.1.255 22:0.0.15.0.0.255 65:0.0.16.2.0.255
1:0.0.97.98.0.255 23:0.0.22.0.0.255
1:0.0.96.7.0.255 1:0.0.96.10.1.255 1:0.0.96.11.0.255 3:1.0.32.7.0.255 3:1.0.52.7.0.255
3:1.0.72.7.0.255 3:1.0.31.7.0.255 3:1.0.51.7.0.255 3:1.0.71.7.0.255 3:1.0.33.7.0.255
3:1.0.53.7.0.255 3:1.0.73.7.0.255 3:1.0.14.7.0.255 3:1.0.1.7.0.255 3:1.0.2.7.0.255
3:1.0.1.8.0.255 3:1.0.1.8.1.255 3:1.0.1.8.2.255 3:1.0.1.8.3.255 3:1.0.1.8.4.255
3:1.0.1.8.5.255 3:1.0.1.8.6.255 3:1.0.2.8.0.255 3:1.0.2.8.1.255 3:1.0.2.8.2.255
3:1.0.2.8.3.255 3:1.0.2.8.4.255 3:1.0.2.8.5.255 3:1.0.2.8.6.255 3:1.0.3.8.0.255
3:1.0.4.8.0.255 3:1.0.1.29.0.255 3:1.0.2.29.0.255 3:1.0.3.29.0.255 3:1.0.4.29.0.255
5:1.0.1.4.0.255 7:1.0.99.1.0.255 7:1.0.98.1.0.255 7:0.0.99.98.0.255
41:0.0.25.0.0.255 42:0.0.25.1.0.255 43:0.0.25.2.0.255 44:0.0.25.3.0.255 45:0.0.25.4.0.255
46:0.0.25.5.0.255 47:0.0.25.6.0.255 48:0.0.25.7.0.255 100:0.0.25.10.0.255
8193:0.0.129.0.0.255 40:0.0.25.9.0.255"

# ---- a meter that accepts several connections: every object, both links ----
start_meter --history 1 --max-connections 4
n=0
for o in $OBJECTS; do
    cls=${o%%:*}
    obis=${o#*:}
    expect_rc 0 read "$obis:2" --class "$cls" --tcp "127.0.0.1:$W"
    expect_rc 0 read "$obis:1" --class "$cls" --tcp "127.0.0.1:$H" --hdlc --physical 17
    grep -q "$obis" "$WORK/out" || fail "HDLC read of $obis:1 printed $(cat "$WORK/out")"
    n=$((n + 1))
done
[ "$n" -eq 72 ] || fail "$n objects listed"
expect_rc 0 objects --tcp "127.0.0.1:$W"
[ "$(grep -c '^[0-9]' "$WORK/out")" -eq 72 ] || fail "object list: $(grep -c '^[0-9]' "$WORK/out") rows"
# the other HDLC address forms of the same meter
expect_rc 0 time --tcp "127.0.0.1:$H" --hdlc
expect_rc 0 time --tcp "127.0.0.1:$H" --hdlc --physical 17 --address-size 2

# ---- load profile by date range: the two hours before the last full quarter ----
now=$(($(date -u +%s) - 5)) # a boundary of the last 5 s may not be captured yet
end=$((now - now % 900))
from=$((end - 7200))
expect_rc 0 profile 1.0.99.1.0.255 --csv --tcp "127.0.0.1:$W" \
    --from "$(date -u -d "@$from" +%Y-%m-%dT%H:%M:%S)" --to "$(date -u -d "@$end" +%Y-%m-%dT%H:%M:%S)"
rows=$(grep -c '^20' "$WORK/out")
[ "$rows" -eq 9 ] || fail "load profile range: $rows rows, want 9 (inclusive bounds)"
head -2 "$WORK/out" | tail -1 | grep -q "^$(date -u -d "@$from" +%Y-%m-%dT%H:%M:00)" ||
    fail "first row $(head -2 "$WORK/out" | tail -1)"

# ---- clock: public denied (exit 4), meter reader sets it ----
expect_rc 4 time --set now --tcp "127.0.0.1:$W"
expect_rc 0 time --set now --tcp "127.0.0.1:$W" --client 0x20 --password 12345678
# ---- disconnect control: public denied, the reader disconnects and reconnects ----
RD="--tcp 127.0.0.1:$W --client 0x20 --password 12345678"
expect_rc 4 action 0.0.96.3.10.255:1 --class 70 --type integer 0 --tcp "127.0.0.1:$W"
expect_rc 0 action 0.0.96.3.10.255:1 --class 70 --type integer 0 $RD
expect_rc 0 read 0.0.96.3.10.255:2 --class 70 --tcp "127.0.0.1:$W"
grep -qx false "$WORK/out" || fail "output_state after remote_disconnect: $(cat "$WORK/out")"
expect_rc 0 read 0.0.96.3.10.255:3 --class 70 --tcp "127.0.0.1:$W"
grep -qx 0 "$WORK/out" || fail "control_state after remote_disconnect: $(cat "$WORK/out")"
expect_rc 4 action 0.0.96.3.10.255:1 --class 70 --type integer 0 $RD # no transition
expect_rc 0 action 0.0.96.3.10.255:2 --class 70 --type integer 0 $RD
expect_rc 0 read 0.0.96.3.10.255:2 --class 70 --tcp "127.0.0.1:$W"
grep -qx true "$WORK/out" || fail "output_state after remote_reconnect: $(cat "$WORK/out")"
# ---- tariff: the activity calendar switches to rate 1 at 22:00 on weekdays,
# stays at 1 on 25 December (special day) and is 2 on Monday noon. The
# first set must not depend on the real date: a set back by less than a day
# runs nothing until the clock passes the real time again (the switch rule
# of calendar.h), and 2026-12-03T21:59:58 is that on 4 December 2026. So
# the clock first goes to 30 November; the next set is then a jump of more
# than a day, which puts in force the switch of 21:59:58 (rate 2, 07:00) ----
expect_rc 0 time --set 2026-11-30T12:00:00Z $RD
sleep 1.5
expect_rc 0 time --set 2026-12-03T21:59:58Z $RD
sleep 3
expect_rc 0 read 0.0.96.14.0.255 --tcp "127.0.0.1:$W"
grep -qx 1 "$WORK/out" || fail "tariff after 22:00: $(cat "$WORK/out")"
expect_rc 0 time --set 2026-12-28T12:00:00Z $RD
sleep 1.5
expect_rc 0 read 0.0.96.14.0.255 --tcp "127.0.0.1:$W"
grep -qx 2 "$WORK/out" || fail "tariff on Monday noon: $(cat "$WORK/out")"
expect_rc 0 time --set 2026-12-25T12:00:00Z $RD
sleep 1.5
expect_rc 0 read 0.0.96.14.0.255 --tcp "127.0.0.1:$W"
grep -qx 1 "$WORK/out" || fail "tariff on 25 December: $(cat "$WORK/out")"
expect_rc 0 read 0.0.13.0.0.255:2 --class 20 --tcp "127.0.0.1:$W"
grep -qx 2RATES "$WORK/out" || fail "calendar_name_active: $(cat "$WORK/out")"
# ---- parameter monitor 0.0.16.2.0.255: a SET of the limiter's normal
# threshold is recorded (which, the new value, when) ----
expect_rc 0 read 0.0.16.2.0.255:2 --class 65 --tcp "127.0.0.1:$W"
grep -q "null-data" "$WORK/out" || fail "changed_parameter before any SET: $(cat "$WORK/out")"
expect_rc 0 write 0.0.17.0.0.255:4 --class 71 --type double-long 12000 $RD
expect_rc 0 read 0.0.16.2.0.255:2 --class 65 --tcp "127.0.0.1:$W"
grep -q "long-unsigned 71" "$WORK/out" && grep -q "(0.0.17.0.0.255)" "$WORK/out" &&
    grep -q "integer 4" "$WORK/out" && grep -q "double-long 12000" "$WORK/out" ||
    fail "changed_parameter after the limiter SET: $(cat "$WORK/out")"
expect_rc 0 read 0.0.16.2.0.255:3 --class 65 --tcp "127.0.0.1:$W"
grep -q "^2026-12-25T12:00:" "$WORK/out" || fail "capture_time: $(cat "$WORK/out")"
# the register monitor's thresholds (set again to 3 kW and 10 kW)
expect_rc 0 write 0.0.16.0.1.255:2 --class 21 --type axdr 01020500000BB80500002710 $RD
expect_rc 0 read 0.0.16.2.0.255:2 --class 65 --tcp "127.0.0.1:$W"
grep -q "(0.0.16.0.1.255)" "$WORK/out" && grep -q "double-long 3000" "$WORK/out" &&
    grep -q "double-long 10000" "$WORK/out" || fail "changed_parameter after the thresholds SET: $(cat "$WORK/out")"
expect_rc 0 write 0.0.17.0.0.255:4 --class 71 --type double-long 15000 $RD
# a SET of an attribute not on the list is not recorded
expect_rc 0 write 0.0.17.0.0.255:6 --class 71 --type double-long-unsigned 30 $RD
expect_rc 0 read 0.0.16.2.0.255:2 --class 65 --tcp "127.0.0.1:$W"
grep -q "double-long 15000" "$WORK/out" || fail "changed_parameter after an unlisted SET: $(cat "$WORK/out")"
# ---- register monitor 0.0.16.0.1.255: active import above 3 kW in the
# evening raises the high load alarm 0.0.97.98.0.255, at night it clears
# (the SET of its thresholds above restarted it: a tick samples first) ----
sleep 1.2
expect_rc 0 read 0.0.97.98.0.255 --tcp "127.0.0.1:$W"
grep -qx 0 "$WORK/out" || fail "alarm at noon: $(cat "$WORK/out")"
expect_rc 0 time --set 2026-12-26T19:30:00Z $RD
sleep 1.5
expect_rc 0 read 1.0.1.7.0.255 --raw --tcp "127.0.0.1:$W"
p=$(tr -dc 0-9 <"$WORK/out")
[ -n "$p" ] && [ "$p" -gt 3000 ] || fail "evening load $p W"
expect_rc 0 read 0.0.97.98.0.255 --tcp "127.0.0.1:$W"
grep -qx 1 "$WORK/out" || fail "alarm in the evening: $(cat "$WORK/out")"
expect_rc 0 time --set 2026-12-27T03:00:00Z $RD
sleep 1.5
expect_rc 0 read 0.0.97.98.0.255 --tcp "127.0.0.1:$W"
grep -qx 0 "$WORK/out" || fail "alarm at night: $(cat "$WORK/out")"
expect_rc 0 read 0.0.96.3.10.255:3 --class 70 --tcp "127.0.0.1:$W"
grep -qx 1 "$WORK/out" || fail "the breaker under 10 kW: $(cat "$WORK/out")"
# ---- single action schedule 0.0.15.0.0.255: the billing profile captures
# once, at 00:00:00 on the 1st ----
expect_rc 0 read 1.0.98.1.0.255:7 --class 7 --tcp "127.0.0.1:$W"
rows=$(cat "$WORK/out")
expect_rc 0 time --set 2026-12-31T23:59:57Z $RD
sleep 1
expect_rc 0 read 1.0.98.1.0.255:7 --class 7 --tcp "127.0.0.1:$W"
[ "$(cat "$WORK/out")" = "$rows" ] || fail "billing rows before 00:00: $(cat "$WORK/out"), were $rows"
sleep 4
expect_rc 0 read 1.0.98.1.0.255:7 --class 7 --tcp "127.0.0.1:$W"
[ "$(cat "$WORK/out")" = "$((rows + 1))" ] || fail "billing rows after 00:00: $(cat "$WORK/out"), were $rows"
expect_rc 0 profile 1.0.98.1.0.255 --csv --tcp "127.0.0.1:$W"
tail -1 "$WORK/out" | grep -q "^2027-01-01T00:00:00" || fail "billing row: $(tail -1 "$WORK/out")"
sleep 2
expect_rc 0 read 1.0.98.1.0.255:7 --class 7 --tcp "127.0.0.1:$W"
[ "$(cat "$WORK/out")" = "$((rows + 1))" ] || fail "billing rows later: $(cat "$WORK/out"), were $rows"
expect_rc 0 time --set now $RD
# ---- IEC HDLC setup 0.0.22.0.0.255: what the reader sets over the wrapper is
# what the next HDLC connection's UA offers (the CLI's SNRM proposes the
# defaults, 128 octets, so smaller lengths show), and the station's address ----
hdlc_ua() { # the UA's parameter field: "05 01 xx 06 01 yy ..." (IEC 62056-46 6.4.4.4.3.2)
    cli read 0.0.1.0.0.255 --tcp "127.0.0.1:$H" --hdlc --physical "$1" --trace 2>&1 >/dev/null |
        grep -m1 '^S> 7E A0 .. .. .. .. 73 ' | sed 's/.* 81 80 [0-9A-F][0-9A-F] //'
}
case $(hdlc_ua 17) in "05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 "*) ;;
*) fail "UA before the SET: $(hdlc_ua 17)" ;; esac
# the time-outs and the address come from the command line (--inactivity 120,
# --inter-frame 1000 by default, unit id 17)
for av in 7:1000 8:120 9:17; do
    expect_rc 0 read "0.0.22.0.0.255:${av%%:*}" --class 23 --tcp "127.0.0.1:$W"
    grep -qx "${av#*:}" "$WORK/out" || fail "HDLC setup attribute ${av%%:*}: $(cat "$WORK/out")"
done
expect_rc 0 write 0.0.22.0.0.255:5 --class 23 --type long-unsigned 96 $RD
expect_rc 0 write 0.0.22.0.0.255:6 --class 23 --type long-unsigned 64 $RD
expect_rc 4 write 0.0.22.0.0.255:6 --class 23 --type long-unsigned 4000 $RD # above 2030
expect_rc 4 write 0.0.22.0.0.255:4 --class 23 --type unsigned 8 $RD
expect_rc 0 read 0.0.22.0.0.255:6 --class 23 --tcp "127.0.0.1:$W"
grep -qx 64 "$WORK/out" || fail "max_info_field_length_receive: $(cat "$WORK/out")"
case $(hdlc_ua 17) in "05 01 60 06 01 40 07 04 00 00 00 01 08 04 00 00 00 01 "*) ;;
*) fail "UA after the SET: $(hdlc_ua 17)" ;; esac
expect_rc 0 write 0.0.22.0.0.255:9 --class 23 --type long-unsigned 18 $RD
expect_rc 0 read 0.0.1.0.0.255 --tcp "127.0.0.1:$H" --hdlc --physical 18
expect_rc 2 read 0.0.1.0.0.255 --tcp "127.0.0.1:$H" --hdlc --physical 17 --timeout 1000 --retries 0
expect_rc 0 write 0.0.22.0.0.255:9 --class 23 --type long-unsigned 17 $RD
expect_rc 0 write 0.0.22.0.0.255:5 --class 23 --type long-unsigned 128 $RD
expect_rc 0 write 0.0.22.0.0.255:6 --class 23 --type long-unsigned 128 $RD
case $(hdlc_ua 17) in "05 01 80 06 01 80 "*) ;; *) fail "UA after the restore: $(hdlc_ua 17)" ;; esac
# ---- passwords ----
expect_rc 3 read 0.0.1.0.0.255 --tcp "127.0.0.1:$W" --client 0x20 --password wrong
sleep 0.3  # the failed-authentication delay (issue #14) must pass first
expect_rc 0 read 0.0.1.0.0.255 --tcp "127.0.0.1:$W" --client 0x20 --password 12345678
stop_meter

# ---- limit of one connection ----
start_meter --history 0
exec 3<>"/dev/tcp/127.0.0.1/$W" # a first connection, held open (bash /dev/tcp)
sleep 0.2
expect_rc 2 read 1.0.1.8.0.255 --tcp "127.0.0.1:$W"
expect_rc 2 read 1.0.1.8.0.255 --tcp "127.0.0.1:$H" --hdlc
exec 3>&-
ok=0
i=0
while [ $ok -eq 0 ] && [ $i -lt 50 ]; do
    cli read 1.0.1.8.0.255 --tcp "127.0.0.1:$W" >/dev/null 2>&1 && ok=1
    i=$((i + 1))
    [ $ok -eq 1 ] || sleep 0.1
done
[ $ok -eq 1 ] || fail "no connection accepted after the first closed"

# ---- restart keeps the registers, the calendars and the breaker ----
RD="--tcp 127.0.0.1:$W --client 0x20 --password 12345678"
expect_rc 0 write 0.0.13.0.0.255:6 --class 20 --type octet-string 4E455743414C $RD # "NEWCAL"
expect_rc 0 action 0.0.13.0.0.255:1 --class 20 --type integer 0 $RD # activate the passive
expect_rc 0 write 0.0.13.0.0.255:6 --class 20 --type octet-string 4E455854 $RD # passive "NEXT"
expect_rc 0 action 0.0.96.3.10.255:1 --class 70 --type integer 0 $RD # remote disconnect
cli read 1.0.1.8.0.255 --raw --tcp "127.0.0.1:$W" >"$WORK/before" || fail "read before restart"
cli read 1.0.99.1.0.255:7 --tcp "127.0.0.1:$W" >"$WORK/lp_before" || fail "read entries"
stop_meter
start_meter --history 1
sleep 0.2
RD="--tcp 127.0.0.1:$W --client 0x20 --password 12345678"
expect_rc 0 read 0.0.13.0.0.255:2 --class 20 --tcp "127.0.0.1:$W"
grep -qx NEWCAL "$WORK/out" || fail "calendar_name_active after restart: $(cat "$WORK/out")"
expect_rc 0 read 0.0.13.0.0.255:6 --class 20 --tcp "127.0.0.1:$W"
grep -qx NEXT "$WORK/out" || fail "calendar_name_passive after restart: $(cat "$WORK/out")"
expect_rc 0 read 0.0.13.0.0.255:5 --class 20 --tcp "127.0.0.1:$W" # the day profiles came along
grep -q "(0.0.10.0.100.255)" "$WORK/out" || fail "day_profile_table_active after restart: $(cat "$WORK/out")"
expect_rc 0 read 0.0.96.3.10.255:3 --class 70 --tcp "127.0.0.1:$W"
grep -qx 0 "$WORK/out" || fail "control_state after restart: $(cat "$WORK/out")"
expect_rc 0 read 0.0.96.3.10.255:2 --class 70 --tcp "127.0.0.1:$W"
grep -qx false "$WORK/out" || fail "output_state after restart: $(cat "$WORK/out")"
expect_rc 0 action 0.0.96.3.10.255:2 --class 70 --type integer 0 $RD
expect_rc 0 read 0.0.96.3.10.255:2 --class 70 --tcp "127.0.0.1:$W"
grep -qx true "$WORK/out" || fail "output_state after reconnect: $(cat "$WORK/out")"
cli read 1.0.1.8.0.255 --raw --tcp "127.0.0.1:$W" >"$WORK/after" || fail "read after restart"
cli read 1.0.99.1.0.255:7 --tcp "127.0.0.1:$W" >"$WORK/lp_after" || fail "read entries"
b=$(tr -dc 0-9 <"$WORK/before")
a=$(tr -dc 0-9 <"$WORK/after")
lb=$(tr -dc 0-9 <"$WORK/lp_before")
la=$(tr -dc 0-9 <"$WORK/lp_after")
[ -n "$b" ] && [ -n "$a" ] && [ "$a" -ge "$b" ] && [ "$a" -le $((b + 100)) ] ||
    fail "A+ before restart $b, after $a"
[ -n "$lb" ] && [ -n "$la" ] && [ "$la" -ge "$lb" ] && [ "$la" -le $((lb + 1)) ] ||
    fail "load profile entries before restart $lb, after $la"
stop_meter

[ $FAILS -eq 0 ] && echo "meter_cli: all checks passed"
exit $FAILS
