#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The footprint figures of the README (issue #12) as a Markdown table,
# regenerated from the bench scripts' own output:
#   - image shares, data + bss and worst stack of the bare-metal meter
#     (ports/baremetal/build.sh, all targets, both variants);
#   - RAM per connection at max PDU 1024 / HDLC info 128 / window 1 with a
#     256-octet association work buffer, from sizeof and the buffer macros
#     as arm-none-eabi-gcc lays them out for Cortex-M4 (minimal config);
#   - wrapper-level GET instructions (bench/instructions.sh's
#     `get-instructions` lines, x86-64 -O2);
#   - the loopback ratio to an echo server (bench/loopback.sh, one core);
#   - system calls per request of the example meter (bench/syscalls.sh,
#     strace -c; skipped when strace is not installed).
#
#   bench/figures.sh [build-root]     (default build/figures)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/figures}
mkdir -p "$out"

"$root/ports/baremetal/build.sh" "$out/baremetal" >"$out/baremetal.log" 2>&1 ||
  { cat "$out/baremetal.log"; exit 1; }

# RAM per connection: the sizes the compiler gives, read back from nm.
cat >"$out/ram.c" <<'EOF'
#include <cosem/hdlc.h>
#include <cosem/server.h>
#include <cosem/wrapper.h>
char hdlc_t[sizeof(cosem_hdlc_t)];
char hdlc_buf[COSEM_HDLC_BUF_SIZE_SHARED(128, 1024)];
char hdlc_buf_separate[COSEM_HDLC_BUF_SIZE(128, 1024)];
char wrapper_t[sizeof(cosem_wrapper_t)];
char wrapper_buf[COSEM_WRAPPER_BUF_SIZE(1024)];
char assoc_t[sizeof(cosem_assoc_t)];
EOF
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os -c -I"$root/include" \
  -include "$root/tests/configs/minimal_hdlc_server.h" "$out/ram.c" -o "$out/ram.o"
declare -A sz
while read -r _ size _ name; do sz[$name]=$((10#$size)); done \
  < <(arm-none-eabi-nm -S -t d "$out/ram.o")
work=256
hdlc=$((sz[hdlc_t] + sz[hdlc_buf] + sz[assoc_t] + work))
hdlc_sep=$((sz[hdlc_t] + sz[hdlc_buf_separate] + sz[assoc_t] + work))
wrap=$((sz[wrapper_t] + sz[wrapper_buf] + sz[assoc_t] + work))

gets=$("$root/bench/instructions.sh" "$out/host" | grep '^get-instructions')
cmake --build "$out/host" --target meter_server loopback_bench -j"$(nproc)" >/dev/null
ratio=$("$root/bench/loopback.sh" "$out/host" 1 5 | sed -n 's/^loopback-ratio //p')
calls="(strace not installed)"
if command -v strace >/dev/null 2>&1; then
  calls=$("$root/bench/syscalls.sh" "$out/host" 2>/dev/null | sed -n 's/^syscalls-per-request //p')
fi

echo "| bare-metal meter (\`ports/baremetal/build.sh\`) | library share | data + bss | worst stack |"
echo "| --- | --- | --- | --- |"
awk '$1 ~ /^(minimal|profile)$/ && NF >= 6 && $3 ~ /^[0-9]+$/ {
       printf "| %s, %s | %\047d B | %d + %d B | %d B |\n", $1, $2, $3, $4, $5, $6 }' \
  "$out/baremetal.log"
echo
echo "| figure | value |"
echo "| --- | --- |"
echo "| RAM per HDLC connection (shared MSDU buffer; Cortex-M4) | ${sz[hdlc_t]} + ${sz[hdlc_buf]} + ${sz[assoc_t]} + $work = $hdlc B ($hdlc_sep B with separate MSDU buffers) |"
echo "| RAM per wrapper connection (Cortex-M4) | ${sz[wrapper_t]} + ${sz[wrapper_buf]} + ${sz[assoc_t]} + $work = $wrap B |"
while read -r _ what n v; do
  echo "| wrapper-level GET, $what attribute 2, $n objects (x86-64 -O2) | $v instructions |"
done <<<"$gets"
echo "| loopback GETs/s as a ratio to an echo server (one core) | $ratio |"
echo "| system calls per GET over the wrapper (\`strace -c\`, whole run) | $calls |"
