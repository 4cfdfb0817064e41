#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Starts a built minimal_server on 127.0.0.1 (free ports), reads it with the
# `cosem` tool over the wrapper and HDLC, stops it. Bounded: every step has a
# time-out; with CLIENT, examples/minimal_client reads it too.
#   examples/minimal_server/check.sh SERVER COSEM [CLIENT]
set -eu
server=$1
cosem=$2
client=${3:-}
out=$(mktemp)
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
"$server" 127.0.0.1 0 0 >"$out" &
pid=$!
i=0
until grep -q '^wrapper [0-9]* hdlc [0-9]*$' "$out"; do
  i=$((i + 1))
  [ "$i" -lt 50 ] || { echo "minimal_server did not start"; exit 1; }
  sleep 0.1
done
set -- $(cat "$out")
wport=$2 hport=$4
expect() {
  got=$(timeout 20 "$cosem" "$@") || { echo "cosem $*: failed"; exit 1; }
  printf '%s\n' "$got"
}
[ "$(expect read 1.0.1.8.0.255 --tcp "127.0.0.1:$wport")" = "1234567 Wh" ] ||
  { echo "wrapper read: wrong value"; exit 1; }
[ "$(expect read 1.0.1.8.0.255 --tcp "127.0.0.1:$hport" --hdlc)" = "1234567 Wh" ] ||
  { echo "HDLC read: wrong value"; exit 1; }
[ "$(expect read 0.0.42.0.0.255 --tcp "127.0.0.1:$wport")" = "LCM0000000000001" ] ||
  { echo "logical device name: wrong value"; exit 1; }
n=$(expect objects --tcp "127.0.0.1:$hport" --hdlc | grep -c '^[0-9]')
[ "$n" = 4 ] || { echo "object list: $n objects, expected 4"; exit 1; }
expect time --tcp "127.0.0.1:$wport" | grep -q '^20[0-9][0-9]-' || { echo "clock: no time"; exit 1; }
if [ -n "$client" ]; then
  [ "$(timeout 20 "$client" 127.0.0.1 "$wport")" = "1234567 Wh" ] &&
    [ "$(timeout 20 "$client" 127.0.0.1 "$hport" hdlc)" = "1234567 Wh" ] ||
    { echo "minimal_client: wrong answer"; exit 1; }
fi
kill "$pid"
wait "$pid" || { echo "minimal_server did not stop cleanly"; exit 1; }
echo "  minimal_server answered on wrapper port $wport and HDLC port $hport (register, name, objects, clock)"
