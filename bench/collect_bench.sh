#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Head-end at scale (issue #21): `cosem collect` reads N example meters
# (examples/meter_server) on 127.0.0.1 at once from one thread: a day of
# 15-minute load profile (96 rows) and 10 registers (each with its
# scaler_unit) per meter. Prints wall time, meters/s, CPU time and peak RSS
# of the collector, and the most sessions it had in flight / connected.
# Not run by CI (it starts up to N processes).
#
#   bench/collect_bench.sh BUILD_DIR [N [PER [PARALLEL]]]
#
#   N         meters (default 100)
#   PER       sessions each meter_server process takes at once (its
#             --max-connections, 1..8, default 1): N/PER processes are started
#             and the list gives each process PER meter ids. PER 8 with N
#             2000 and PARALLEL 2000 keeps 2000 sessions in flight. Each
#             meter_server wakes every 100 ms (its simulation tick): on a small
#             machine keep N/PER to a few hundred processes.
#   PARALLEL  collect --parallel (default N)
#
# Environment: REFERENCE=CMD runs CMD METERS.csv (a one-meter-after-the-other
# reader, e.g. a harness around another DLMS library, kept outside the
# repository) on the first REFERENCE_N meters (default 50) of the same list
# and prints its last line next to ours. Needs /usr/bin/time.
set -euo pipefail
build=${1:?usage: collect_bench.sh BUILD_DIR [N [PER [PARALLEL]]]}
n=${2:-100}
per=${3:-1}
parallel=${4:-$n}
cosem="$build/tools/cosem"
meter="$build/examples/meter_server"
[ -x "$cosem" ] && [ -x "$meter" ] || { echo "build $cosem and $meter first" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/collect-bench.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

procs=$(((n + per - 1) / per))
echo "starting $procs meter_server processes (--max-connections $per) for $n meters ..."
for ((k = 0; k < procs; k++)); do
  TZ=UTC "$meter" --listen 127.0.0.1 --port 0 --hdlc-port off --state none --history 2 \
    --unit-id $((k % 16000 + 1)) --max-connections "$per" --ready-file "$tmp/r$k" \
    >/dev/null 2>&1 &
  pids+=($!)
done
for ((k = 0; k < procs; k++)); do
  for ((w = 0; w < 300; w++)); do
    grep -q '^pid' "$tmp/r$k" 2>/dev/null && break
    sleep 0.05
  done
done
ports=()
while read -r f p; do
  ports[${f##*/r}]=$p
done < <(awk '$1 == "wrapper" {print FILENAME, $2}' "$tmp"/r*)
{
  echo "id,tcp"
  for ((i = 0; i < n; i++)); do
    echo "m$i,127.0.0.1:${ports[$((i / per))]:-1}"
  done
} >"$tmp/meters.csv"
rss_meter=$(ps -o rss= -p "${pids[0]}" | tr -d ' ')
echo "meter_server RSS: ${rss_meter} KB each, $((rss_meter * procs / 1024)) MB in all"

day=$(date -u -d '1 day ago' +%Y-%m-%d)
regs="1.0.1.8.0.255 1.0.1.8.1.255 1.0.1.8.2.255 1.0.2.8.0.255 1.0.3.8.0.255 1.0.4.8.0.255
      1.0.32.7.0.255 1.0.52.7.0.255 1.0.72.7.0.255 1.0.14.7.0.255"
# shellcheck disable=SC2086
/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" \
  "$cosem" collect "$tmp/meters.csv" $regs --profile 1.0.99.1.0.255 --from "$day" --to "$day" \
  --parallel "$parallel" --retries 3 --retry-delay 200 --timeout 20000 \
  >"$tmp/out.csv" 2>"$tmp/err" || true
read -r wall user sys rss <"$tmp/time"
done_n=$(grep -c '^m[0-9]*,done,' "$tmp/out.csv" || true)
rows=$(grep -c '^m[0-9]*,row,' "$tmp/out.csv" || true)
values=$(grep -c '^m[0-9]*,value,' "$tmp/out.csv" || true)
retried=$(grep '^m[0-9]*,done,' "$tmp/out.csv" | awk -F, '$7 > 1' | wc -l)
tail -n 2 "$tmp/err"
echo "records: $done_n meters done, $values values (want $((10 * n))), $rows rows (want $((96 * n)));" \
  "$retried meters needed more than one attempt"
awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
  printf "cosem collect: %d meters in %.2f s wall = %.1f meters/s; CPU %.2f s (user %.2f, sys %.2f); peak RSS %.1f MB\n",
         n, w, n / w, u + s, u, s, r / 1024 }'

if [ -n "${REFERENCE:-}" ]; then
  rn=${REFERENCE_N:-50}
  head -n $((rn + 1)) "$tmp/meters.csv" >"$tmp/ref.csv"
  echo "reference, one meter after the other, $rn meters: $REFERENCE"
  # shellcheck disable=SC2086
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/rtime" $REFERENCE "$tmp/ref.csv" >"$tmp/rout" 2>&1 || true
  tail -n 1 "$tmp/rout"
  read -r rwall ruser rsys rrss <"$tmp/rtime"
  # its own rate when it prints one ("... N meters/s": without its start-up), else the process's
  rrate=$(tail -n 1 "$tmp/rout" | grep -o '[0-9.]* meters/s' | tail -n 1 | cut -d' ' -f1)
  awk -v n="$rn" -v w="$rwall" -v u="$ruser" -v s="$rsys" -v r="$rrss" -v ours="$n" -v ow="$wall" \
      -v rr="${rrate:-0}" 'BEGIN {
    if (rr == 0) rr = n / w
    printf "reference process: %d meters in %.2f s; CPU %.2f s; peak RSS %.1f MB\n", n, w, u + s, r / 1024
    printf "ratio: cosem collect %.1f meters/s / reference %.2f meters/s = %.1fx\n",
           ours / ow, rr, (ours / ow) / rr }'
fi
