#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Instructions per cosem_server_tick() with the example meter's objects
# (demo model: clock, register monitor, single action schedules, activity
# calendar, limiter, disconnect control, push, profiles), counted by
# callgrind around that function while the meter runs a few seconds.
# Prints `tick-instructions N` (x86-64, the build's flags).
# Usage: bench/tick.sh BUILD_DIR [SECONDS]
set -eu
b=${1:?usage: bench/tick.sh BUILD_DIR [SECONDS]}
out=$(mktemp "${TMPDIR:-/tmp}/cosem-tick.XXXXXX")
trap 'rm -f "$out"' EXIT
timeout "${2:-12}" valgrind --tool=callgrind --toggle-collect=cosem_server_tick \
    --compress-strings=no --callgrind-out-file="$out" "$b/examples/meter_server" --state none --history 0 \
    --port 0 --hdlc-port off >/dev/null 2>&1 || true
awk '/^cfn=.*cosem_server_tick$/ { want = 1; next }
     want && /^calls=/ { split($1, c, "="); calls += c[2]; getline; ir += $2; want = 0 }
     END { if (calls > 0) printf "tick-calls %d\ntick-instructions %d\n", calls, ir / calls;
           else { print "no tick counted"; exit 1 } }' "$out"
