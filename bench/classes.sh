#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Flash of each interface class (Cortex-M4, -Os, the file compiled alone:
# text + data) and the RAM an application provides per instance (the
# class's mutable state struct; the description struct lives in flash as a
# const). One machine-readable line each:
#   class-flash FILE BYTES
#   class-state STRUCT BYTES
# Usage: bench/classes.sh   (needs arm-none-eabi-gcc)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cc=${CC_ARM:-arm-none-eabi-gcc}
flags="-std=c99 -Os -mcpu=cortex-m4 -mthumb -ffunction-sections -fdata-sections"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cosem-classes.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for f in "$root"/src/classes/*.c; do
    name=$(basename "$f" .c)
    $cc $flags -I"$root/include" -I"$root/src" -c "$f" -o "$tmp/$name.o"
    arm-none-eabi-size "$tmp/$name.o" | awk -v n="$name" 'NR == 2 { print "class-flash " n " " $1 + $2 }'
done
# The mutable state an application keeps per instance (RAM).
cat >"$tmp/sizes.c" <<'C'
#include <cosem/cosem.h>
#define SZ(t) const char sz_##t[sizeof(t)] = {0};
SZ(cosem_clock_state_t)
SZ(cosem_activity_calendar_state_t)
SZ(cosem_single_action_state_t)
SZ(cosem_disconnect_ctl_state_t)
SZ(cosem_register_monitor_state_t)
SZ(cosem_parameter_monitor_state_t)
SZ(cosem_limiter_state_t)
SZ(cosem_push_state_t)
C
$cc $flags -I"$root/include" -c "$tmp/sizes.c" -o "$tmp/sizes.o"
arm-none-eabi-nm -S "$tmp/sizes.o" | while read -r _ size _ sym; do
    case "$sym" in sz_*) echo "class-state ${sym#sz_} $((0x$size))" ;; esac
done
