#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `cosem collect` (issue #21) against several example meters
# (examples/meter_server) on 127.0.0.1 at once: two over the wrapper (one
# read by the meter reader with its password), one over HDLC, one that
# refuses the association (wrong password) and an address where nobody
# listens. The records must be exact: the serial numbers the meters hold
# (their unit ids), and yesterday's 96 load profile rows, which must equal
# what `cosem profile --csv --raw` (the one-meter blocking client) reads
# from the same meter. Then --json and --skip-done.
# Usage: collect.sh COSEM METER_SERVER
COSEM=$1
METER=$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cosem-collect.XXXXXX") || exit 1
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"

# start_meter UNIT: a fresh meter (UTC, two days of history, one connection
# at a time); prints "WRAPPER_PORT HDLC_PORT".
start_meter() {
    rm -f "$TMP/ready$1"
    TZ=UTC "$METER" --listen 127.0.0.1 --port 0 --hdlc-port 0 --state none --history 2 \
        --unit-id "$1" --max-connections 1 --ready-file "$TMP/ready$1" >"$TMP/meter$1.log" 2>&1 &
    pids="$pids $!"
    i=0
    while [ ! -s "$TMP/ready$1" ] && [ $i -lt 200 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    grep -q '^pid' "$TMP/ready$1" || { echo "meter_server $1 did not start"; exit 1; }
}
port_of() { awk -v k="$2" '$1 == k {print $2}' "$TMP/ready$1"; }

start_meter 31
start_meter 32
start_meter 33
start_meter 34
# a port where nobody listens: the one of a meter that has stopped
start_meter 35
NOBODY=$(port_of 35 wrapper)
kill "$(port_of 35 pid)"
DAY=$(date -u -d '1 day ago' +%Y-%m-%d 2>/dev/null || date -u -v-1d +%Y-%m-%d)

cat >"$TMP/meters.csv" <<EOF
id,tcp,hdlc,physical,client,password
m31,127.0.0.1:$(port_of 31 wrapper),,,,
m32,127.0.0.1:$(port_of 32 wrapper),no,,0x20,12345678
m33,127.0.0.1:$(port_of 33 hdlc),yes,33,,
refused,127.0.0.1:$(port_of 34 wrapper),,,0x20,wrong
nobody,127.0.0.1:$NOBODY,,,,
EOF

OBJ="0.0.96.1.0.255 1.0.0.2.0.255 1.0.1.8.0.255"
PROF="--profile 1.0.99.1.0.255 --from $DAY --to $DAY"

# ---- CSV ----------------------------------------------------------------------
run collect "$TMP/meters.csv" $OBJ $PROF --parallel 8 --retries 0 --timeout 3000
cp "$TMP/out" "$TMP/first.csv"
expect_rc 2
expect_out 'id,record,obis,class,attr,row,value,unit,error'
for u in 31 32 33; do
    expect_out "m$u,value,0.0.96.1.0.255,1,2,,000000$u,,"
    expect_out "m$u,done,,,,,1,,"
    checks=$((checks + 1))
    n=$(grep -c "^m$u,row,1.0.99.1.0.255,7,2," "$TMP/out")
    [ "$n" = 96 ] || fail "m$u: $n profile rows, expected 96"
    checks=$((checks + 1))
    grep -E "^m$u,value,1\.0\.1\.8\.0\.255,3,2,,[0-9]+(\.[0-9]+)?,Wh,\$" "$TMP/out" >/dev/null ||
        fail "m$u: no energy register with its unit"
done
expect_out 'refused,failed,,,,,1,,association: rejected-permanent: authentication-failure'
expect_out 'nobody,failed,,,,,1,,link: tcp connect: Connection refused'
expect_count ',failed,' 2
expect_err 'collect: 3 meters done, 2 failed, 0 skipped'

# the rows equal what the one-meter client reads (cells joined by ';')
grep '^m32,row,' "$TMP/first.csv" | cut -d, -f7 | tr ';' ',' >"$TMP/rows32"
run profile 1.0.99.1.0.255 --tcp "127.0.0.1:$(port_of 32 wrapper)" --client 0x20 \
    --password 12345678 --from "$DAY" --to "$DAY" --csv --raw
expect_rc 0
checks=$((checks + 1))
tail -n +2 "$TMP/out" | cmp -s - "$TMP/rows32" || fail "m32 rows differ from cosem profile"
grep '^m33,row,' "$TMP/first.csv" | cut -d, -f7 | tr ';' ',' >"$TMP/rows33"
run profile 1.0.99.1.0.255 --tcp "127.0.0.1:$(port_of 33 hdlc)" --hdlc --physical 33 \
    --from "$DAY" --to "$DAY" --csv --raw
expect_rc 0
checks=$((checks + 1))
tail -n +2 "$TMP/out" | cmp -s - "$TMP/rows33" || fail "m33 rows differ from cosem profile"

# ---- JSON lines and --skip-done ---------------------------------------------------
run collect "$TMP/meters.csv" 0.0.96.1.0.255 --json --skip-done "$TMP/first.csv" --retries 0
expect_rc 2
expect_out '{"id":"refused","record":"failed","attempts":1,"exit":3,"error":"association: rejected-permanent: authentication-failure"}'
expect_count '"record":"failed"' 2
expect_count '"id":"m3' 0
expect_err '0 meters done, 2 failed, 3 skipped'
if command -v python3 >/dev/null 2>&1; then
    checks=$((checks + 1))
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$TMP/out" ||
        fail "not JSON lines"
fi
printf 'm31\nm33\n' >"$TMP/ids"
run collect "$TMP/meters.csv" 0.0.96.1.0.255 --json --skip-done "$TMP/ids" --retries 0
expect_out '{"id":"m32","record":"value","obis":"0.0.96.1.0.255","class":1,"attr":2,"value":"00000032"}'
expect_count '"record":"done"' 1
expect_err '1 meters done, 2 failed, 2 skipped'

# ---- usage ----------------------------------------------------------------
run collect "$TMP/meters.csv"
expect_rc 1
expect_err 'nothing to read'
printf 'name,host\nx,y\n' >"$TMP/bad.csv"
run collect "$TMP/bad.csv" 0.0.96.1.0.255
expect_rc 1
expect_err "needs an 'id' and a 'tcp'"

finish collect
