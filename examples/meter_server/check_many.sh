#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# 1,000 ION meters in one meter_server process (--meters 1000, free ports,
# wrapper only): every meter listens, 100 clients on 100 of them read the
# clock for 2 s from one thread; prints the process's RSS. Skipped (77) when
# the descriptor limit cannot reach the 1,200 the test needs.
#   check_many.sh METER_SERVER METER_BENCH
set -eu
server=$1
bench=$2
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt 1200 ]; then
    echo "descriptor limit $hard: skipped"
    exit 77
fi
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
"$server" --model ion --meters 1000 --port 0 --hdlc-port off --state none --history 0 \
    --ready-file "$dir/ready" 2>"$dir/log" &
pid=$!
i=0
while [ ! -f "$dir/ready" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ -f "$dir/ready" ] || { cat "$dir/log"; echo "meter_server did not start"; exit 1; }
n=$(grep -c '^wrapper [1-9]' "$dir/ready")
[ "$n" = 1000 ] || { echo "$n wrapper ports, expected 1000"; exit 1; }
"$bench" -r "$dir/ready" 100 2
echo "RSS of 1000 meters: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status 2>/dev/null || echo n/a)"
kill "$pid"
wait "$pid" || true
