#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tools/wireshark/dlms.lua run by tshark over pcaps that `cosem --pcap`
# writes against the example meter (wrapper and HDLC over TCP: GET normal,
# with-list and in blocks, SET, ACTION, the object list in HDLC segments,
# profiles with selective access, a refused request) and over every capture
# of tests/vectors/ written as pcap by `cosem decode --pcap`. For each file:
# no Lua error, every HDLC/wrapper frame dissected (as many as `cosem decode`
# finds), and the OBIS codes, attribute and method ids of every descriptor
# equal to what `cosem decode --json` reports, in the same order.
# Skips (exit 77) without tshark or python3, unless CI=true: then it fails.
# Usage: wireshark.sh COSEM METER_SERVER DISSECTOR VECTORS_DIR
COSEM=$1
METER=$2
LUA=$3
VEC=$4
if ! command -v tshark >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
    if [ "${CI:-}" = true ]; then
        echo "wireshark: tshark or python3 missing in CI (apt-get install tshark python3)"
        exit 1
    fi
    echo "wireshark: tshark or python3 not installed: skipped"
    exit 77
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cosem-ws.XXXXXX") || exit 1
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"

TZ=UTC "$METER" --listen 127.0.0.1 --port 0 --hdlc-port 0 --state none --history 1 \
    --max-connections 1 --ready-file "$TMP/ready" >"$TMP/meter.log" 2>&1 &
pid=$!
i=0
while [ ! -f "$TMP/ready" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
W="--tcp 127.0.0.1:$(awk '/^wrapper/ {print $2}' "$TMP/ready")"
H="--tcp 127.0.0.1:$(awk '/^hdlc/ {print $2}' "$TMP/ready") --hdlc --physical 17"
READER="--client 0x20 --password 12345678"
DAY=$(date -u +%Y-%m-%d)

# session NAME ARGS...: runs cosem with --pcap into $TMP/NAME.pcap.
n=0
session() {
    name=$1
    shift
    run "$@" --pcap "$TMP/$name.pcap"
    checks=$((checks + 1))
    [ -s "$TMP/$name.pcap" ] || fail "no pcap written"
}
session w_list read 1.0.1.8.0.255 1.0.32.7.0.255 0.0.1.0.0.255 $W
session w_profile profile 1.0.99.1.0.255 $W --from "${DAY}T00:00" --to "${DAY}T23:59" --csv
session w_set time $W $READER --set 2030-01-01T00:00:00
session w_action action 0.0.1.0.0.255:1 --type integer 0 $W $READER
session w_denied action 0.0.1.0.0.255:1 --type integer 0 $W
session h_read read 1.0.1.8.0.255 9.9.9.9.9.9 $H
session h_objects objects $H $READER
session h_profile profile 1.0.99.1.0.255 $H --entries 1-40
for cap in "$VEC"/*.txt; do
    feed "$cap"
    run decode --pcap "$TMP/v_$(basename "$cap" .txt).pcap" -
done
feed -

# a serial capture: the HDLC frames of h_read alone, LINKTYPE_USER0 (147);
# compared with what decode finds in h_read.pcap
python3 - "$TMP/h_read.pcap" "$TMP/h_serial.user0" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
o = open(sys.argv[2], "wb")
o.write(d[:20] + struct.pack("<I", 147))
i = 24
while i + 16 <= len(d):
    sec, usec, incl, orig = struct.unpack("<IIII", d[i:i + 16])
    payload = d[i + 16 + 54:i + 16 + incl]
    i += 16 + incl
    if payload:
        o.write(struct.pack("<IIII", sec, usec, len(payload), len(payload)) + payload)
PY

for p in "$TMP"/*.pcap "$TMP/h_serial.user0"; do
    name=$(basename "$p")
    last="tshark on $name"
    last="tshark on $name"
    tshark -X "lua_script:$LUA" -r "$p" -T fields -E occurrence=a -E aggregator=';' \
        -e dlms.link -e dlms.obis -e dlms.attr -e dlms.method -e dlms.service \
        -e _ws.lua.error -e _ws.expert.severity >"$TMP/fields.txt" 2>"$TMP/tshark.err"
    case "$name" in
    *.user0) "$COSEM" decode --json "$TMP/h_read.pcap" >"$TMP/decode.json" 2>/dev/null ;;
    *) "$COSEM" decode --json "$p" >"$TMP/decode.json" 2>/dev/null ;;
    esac
    checks=$((checks + 1))
    ! grep -q -i 'lua' "$TMP/tshark.err" || fail "tshark: $(grep -i lua "$TMP/tshark.err" | head -n 3)"
    checks=$((checks + 1))
    python3 - "$TMP/fields.txt" "$TMP/decode.json" "$name" >"$TMP/cmp.txt" 2>&1 <<'PY' || fail "$(cat "$TMP/cmp.txt")"
import json, sys
links, obis, attrs, methods, services, luaerr, sev = [], [], [], [], [], [], []
for line in open(sys.argv[1]):
    cols = line.rstrip("\n").split("\t")
    cols += [""] * (7 - len(cols))
    for lst, col in zip((links, obis, attrs, methods, services, luaerr, sev), cols):
        lst.extend(v for v in col.split(";") if v != "")
frames = json.load(open(sys.argv[2]))
d_obis, d_attrs, d_methods = [], [], []
def walk(v):
    if isinstance(v, dict):
        if "instance_id" in v:
            d_obis.append(v["instance_id"])
            if "attribute_id" in v:
                d_attrs.append(str(v["attribute_id"]))
            if "method_id" in v:
                d_methods.append(str(v["method_id"]))
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
walk(frames)
units = [f for f in frames if f.get("frame") in ("hdlc", "wrapper")]
bad = []
if luaerr:
    bad.append("Lua errors: %s" % luaerr[:3])
# our own sessions must dissect without any error (severity 8388608)
if sys.argv[3][:2] in ("w_", "h_") and "8388608" in sev:
    bad.append("expert errors in %d places" % sev.count("8388608"))
if len(links) != len(units):
    bad.append("frames: tshark %d, decode %d" % (len(links), len(units)))
for what, a, b in (("obis", obis, d_obis), ("attribute", attrs, d_attrs),
                   ("method", methods, d_methods)):
    if a != b:
        bad.append("%s: tshark %s, decode %s" % (what, a[:12], b[:12]))
if not d_obis and sys.argv[3][:2] in ("w_", "h_"):
    bad.append("no descriptors at all")
print("; ".join(bad) if bad else "ok: %d frames, %d descriptors" % (len(units), len(d_obis)))
sys.exit(1 if bad else 0)
PY
done
# the filter fields work as filters
tshark -X "lua_script:$LUA" -r "$TMP/w_denied.pcap" -Y 'dlms.result == 3' -T fields \
    -e dlms.service >"$TMP/out" 2>/dev/null
last="tshark -Y 'dlms.result == 3'"
expect_out 'action-response'
tshark -X "lua_script:$LUA" -r "$TMP/h_objects.pcap" -Y 'dlms.obis == "0.0.40.0.0.255" && dlms.attr == 2' \
    -T fields -e dlms.class >"$TMP/out" 2>/dev/null
expect_out '15'
tshark -X "lua_script:$LUA" -r "$TMP/h_read.pcap" -Y 'dlms.hdlc.fcs_ok == 1' -T fields \
    -e dlms.hdlc.type >"$TMP/out" 2>/dev/null
expect_out 'SNRM'
expect_out 'DISC'

finish wireshark
