#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Instruction counts (valgrind --tool=callgrind, repeatable on a noisy
# machine) of the codec, HDLC, server and profile workloads in codec_bench.c,
# hdlc_overhead.c, server_bench.c, get_bench.c and profile_read.c, on a host
# build with the flags printed first (x86-64: -O2 -DNDEBUG, set here, not
# CMake's Release default of -O3). The wrapper-level GET (get_bench: one
# wrapper frame in, one out, after the association) prints one line each:
#
#   get-instructions register|clock 50|1000 N
#
#   bench/instructions.sh [build-dir]      (default build/bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
b=${1:-$root/build/bench}
opt="-O2 -DNDEBUG"
cmake -S "$root" -B "$b" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="$opt" \
      -DCOSEM_BUILD_SHARED=OFF >/dev/null
cmake --build "$b" --target codec_bench hdlc_overhead server_bench get_bench profile_read \
      -j"$(nproc)" >/dev/null
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$b/CMakeCache.txt")
echo "compiler: $cc ($("$cc" -dumpfullversion 2>/dev/null || "$cc" -dumpversion)), flags: $(sed -n 's/^C_FLAGS = //p' "$b/CMakeFiles/cosem.dir/flags.make")"
count() { # program args... -> total instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
cb="$b/bench/codec_bench"
none=$(count "$cb" none); enc=$(count "$cb" encode)
rows=10000
printf '%-44s %12s\n' workload instructions
printf '%-44s %12d  (%d per row)\n' "encode 10,000 profile rows (38 octets each)" \
  $((enc - none)) $(((enc - none) / rows))
for m in skip parse; do
  v=$(count "$cb" "$m")
  printf '%-44s %12d  (%d per row)\n' "$m the 10,000 rows" $((v - enc)) $(((v - enc) / rows))
done
v=$(count "$cb" tree)
printf '%-44s %12d  (%d per row)\n' "tree-decode 100 rows (701 nodes)" $((v - enc)) $(((v - enc) / 100))
ho="$b/bench/hdlc_overhead"
base=$(count "$ho" once 0 0)
for cfg in "128 1" "2030 7"; do
  v=$(count "$ho" once $cfg)
  printf '%-44s %12d  (%d per payload octet)\n' "HDLC 10,000-octet MSDU, info/window ${cfg/ //}" \
    $((v - base)) $(((v - base) / 10000))
done
sb="$b/bench/server_bench"
for n in 100 1000; do
  base=$(count "$sb" none $n)
  v=$(count "$sb" get $n)
  printf '%-44s %12d  (%d per request)\n' "server: 10,000 GET register value, $n objects" \
    $((v - base)) $(((v - base) / 10000))
  v=$(count "$sb" list $n)
  printf '%-44s %12d  (%d per entry)\n' "server: 10 object lists of $((n + 1)) entries" \
    $((v - base)) $(((v - base) / (10 * (n + 1))))
done
pr="$b/bench/profile_read"
base=$(count "$pr" none)
for m in all entry range; do
  v=$(count "$pr" $m)
  printf '%-44s %12d  (%d per row)\n' "profile: read 10,000 rows, selection $m" \
    $((v - base)) $(((v - base) / 10000))
done
# 100,000 rows through the library's client and server in memory, GET
# blocks vs general block transfer with windows of 16 (PDU 1024): client and
# server instructions per row, and octets on the wire
base=$(count "$pr" client 100000)
for m in blocks gbt16; do
  v=$(count "$pr" $m 100000)
  printf '%-44s %12d  (%d per row; %s)\n' "profile 100,000 rows client+server, $m" \
    $((v - base)) $(((v - base) / 100000)) "$("$pr" $m 100000 | sed 's/^rows [0-9]*, //')"
done
gb="$b/bench/get_bench"
for n in 50 1000; do
  base=$(count "$gb" none $n)
  for what in register clock; do
    v=$(count "$gb" $what $n)
    echo "get-instructions $what $n $(((v - base) / 10000))"
  done
done
