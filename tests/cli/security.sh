#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The `cosem` tool's security suite 0 against the example meter on
# 127.0.0.1: the utility association (client 0x30) with HLS-GMAC and
# authenticated-and-encrypted ciphering, the meter's default keys (Green
# Book example keys), the invocation counter started above the meter's
# frame counter 0.0.43.1.0.255 read over the public client (--ic-from), over
# the wrapper and HDLC, twice in a row; a wrong key, a weaker policy and
# missing keys are refused.
# Usage: security.sh COSEM METER_SERVER
COSEM=$1
METER=$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cosem-sec.XXXXXX") || exit 1
pid=
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"

"$METER" --listen 127.0.0.1 --port 0 --hdlc-port 0 --state none --history 0 \
    --ready-file "$TMP/ready" >"$TMP/meter.log" 2>&1 &
pid=$!
i=0
while [ ! -f "$TMP/ready" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
[ -f "$TMP/ready" ] || { echo "meter_server did not start:"; cat "$TMP/meter.log"; exit 1; }
W="--tcp 127.0.0.1:$(awk '/^wrapper/ {print $2}' "$TMP/ready")"
H="--tcp 127.0.0.1:$(awk '/^hdlc/ {print $2}' "$TMP/ready") --hdlc --physical 17"
EK=000102030405060708090A0B0C0D0E0F
AK=D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF
U="--client 0x30 --auth hls-gmac --security auth-enc --ek $EK --ak $AK --ic-from 0.0.43.1.0.255"

run read 0.0.42.0.0.255 1.0.1.8.0.255 $W $U
expect_rc 0
expect_out "LCM0000000000017"
expect_out "1.0.1.8.0.255:2: "
run read 0.0.42.0.0.255 $W $U --trace
expect_rc 0
expect_err "C> 00 01 00 30 00 01 00 "  # the AARQ of client 0x30
expect_err " C8 "                       # glo-get-request
run read 0.0.42.0.0.255 $H $U
expect_rc 0
expect_out "LCM0000000000017"
run objects $W $U
expect_rc 0
expect_out "0.0.43.0.0.255"
# with a dedicated key: ded-get-request (0xD0)
run read 0.0.42.0.0.255 $W $U --dk 112233445566778899AABBCCDDEEFF00 --trace
expect_rc 0
expect_out "LCM0000000000017"
expect_err " D0 "

# a wrong authentication key: the association is refused (exit 3)
run read 0.0.42.0.0.255 $W --client 0x30 --auth hls-gmac --ek $EK \
    --ak D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDE --ic-from 0.0.43.1.0.255
expect_rc 3
# weaker than the association's policy (authenticated only): refused
run read 0.0.42.0.0.255 $W --client 0x30 --auth hls-gmac --security auth --ek $EK --ak $AK \
    --ic-from 0.0.43.1.0.255
expect_rc 3
# an invocation counter the meter has already seen: refused
run read 0.0.42.0.0.255 $W --client 0x30 --auth hls-gmac --ek $EK --ak $AK --ic 1
expect_rc 3
# usage
run read 0.0.42.0.0.255 $W --client 0x30 --auth hls-gmac
expect_rc 1
expect_err "need --ek and --ak"
run read 0.0.42.0.0.255 $W --auth hls-sha1    # not in this build
expect_rc 1
run read 0.0.42.0.0.255 $W --auth hls-sha512
expect_rc 1
run read 0.0.42.0.0.255 $W --client 0x30 --auth hls-sha256
expect_rc 1
expect_err "needs --secret"
run read 0.0.42.0.0.255 $W --ek 0011 --ak $AK
expect_rc 1

finish security
