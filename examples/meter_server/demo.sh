#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Build the library, the example meter and the `cosem` CLI; start the meter
# in the background (two days of simulated history, 15 simulated minutes
# per real second); read it over the wrapper and over HDLC; stop it.
#   examples/meter_server/demo.sh            (build directory: build/demo)
#   BUILD=/path/to/build examples/meter_server/demo.sh
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build/demo}
WORK=$(mktemp -d /tmp/meter_demo_XXXXXX)
PID=
cleanup() {
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

echo "== build ($BUILD)"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCOSEM_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" --target meter_server cosem_cli -j 4 >/dev/null
METER=$BUILD/examples/meter_server
COSEM=$BUILD/tools/cosem

echo "== start the meter"
"$METER" --port 0 --hdlc-port 0 --state "$WORK/meter.state" --ready-file "$WORK/ready" \
    --history 2 --speed 900 --max-connections 4 &
PID=$!
i=0
while [ ! -s "$WORK/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
W=$(awk '/^wrapper/ {print $2}' "$WORK/ready")
H=$(awk '/^hdlc/ {print $2}' "$WORK/ready")
TCP="--tcp 127.0.0.1:$W"

run() { echo "\$ cosem $*"; "$COSEM" "$@"; echo; }
run time $TCP
run read 1.0.1.8.0.255 $TCP
run read 1.0.32.7.0.255 --tcp "127.0.0.1:$H" --hdlc --physical 17
run objects $TCP
run profile 1.0.99.1.0.255 --entries 1-8 --csv $TCP
run time --set now --client 0x20 --password 12345678 $TCP

echo "== stop the meter"
kill "$PID"
wait "$PID" || true
PID=
