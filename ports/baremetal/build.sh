#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Cross-compiles libcosem and the bare-metal port for Cortex-M4 and
# Cortex-M0+ (-Os) and links the example image (vector table, reset
# handler, main loop feeding the UART ring to a wrapper context) with
# -nostartfiles --specs=nano.specs --gc-sections and link.ld, so a missing
# symbol or a memory overflow fails the build. Prints arm-none-eabi-size of
# each image and its worst stack chain (gcc -fcallgraph-info, bench/stack.py).
#
#   ports/baremetal/build.sh [build-root]      (default build/baremetal)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/build/baremetal}
warn=(-std=c99 -Wall -Wextra -Wpedantic -Werror -Wundef -Wshadow -Wvla -Wstrict-prototypes
      -Wmissing-prototypes -Wcast-qual -Wdouble-promotion -Wformat=2 -Wpointer-arith)
mkdir -p "$out"

printf '%-14s %8s %6s %6s %8s  %s\n' cpu text data bss "stack" "worst case, bytes"
for cpu in cortex-m4 cortex-m0plus; do
  dir="$out/$cpu"
  lib="$dir/lib"
  mkdir -p "$dir/obj"
  if [ "$cpu" = cortex-m4 ]; then
    arch=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
  else
    arch=(-mcpu=cortex-m0plus -mthumb -mfloat-abi=soft)
  fi
  # CMAKE_C_FLAGS given on the command line replaces the toolchain file's
  # CMAKE_C_FLAGS_INIT, so the core flags are repeated here.
  cmake -S "$root" -B "$lib" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/arm-none-eabi.cmake" \
        -DCOSEM_ARM_CPU="$cpu" -DCMAKE_BUILD_TYPE=MinSizeRel -DCOSEM_BUILD_TESTS=OFF \
        -DCOSEM_BUILD_EXAMPLES=OFF -DCOSEM_BUILD_SHARED=OFF \
        -DCMAKE_C_FLAGS="${arch[*]} -ffunction-sections -fdata-sections -fstack-usage -fcallgraph-info=su" \
        >"$dir/configure.log" 2>&1 || { cat "$dir/configure.log"; exit 1; }
  cmake --build "$lib" --target cosem -j"$(nproc 2>/dev/null || echo 2)" >"$dir/build.log" 2>&1 ||
    { cat "$dir/build.log"; exit 1; }
  objs=()
  for src in baremetal.c startup.c main.c; do
    obj="$dir/obj/${src%.c}.o"
    arm-none-eabi-gcc "${arch[@]}" -Os "${warn[@]}" -ffunction-sections -fdata-sections \
      -fstack-usage -fcallgraph-info=su -I"$root/include" -I"$here" -c "$here/$src" -o "$obj"
    objs+=("$obj")
  done
  elf="$dir/cosem_baremetal.elf"
  arm-none-eabi-gcc "${arch[@]}" -nostartfiles --specs=nano.specs -Wl,--gc-sections \
    -Wl,--no-undefined -Wl,-T,"$here/link.ld" -Wl,-Map,"$dir/cosem_baremetal.map" \
    "${objs[@]}" "$lib/libcosem.a" -o "$elf"
  read -r text data bss _ < <(arm-none-eabi-size "$elf" | tail -1)
  # Worst stack: main's chain, plus the wrapper event callback and the UART
  # send callback it reaches through function pointers (stack.py cannot
  # follow those), plus the deepest interrupt handler and the exception
  # frame the core pushes (8 words; 26 on the M4 when the FPU is in use).
  hw=$([ "$cpu" = cortex-m4 ] && echo 104 || echo 32)
  stack=$(python3 - "$root/bench" "$dir" "$hw" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import stack
frames, edges, kinds = stack.load(sys.argv[2])
memo, unknown = stack.worst(frames, edges)
def chain(name):
    keys = [k for k in memo if k == name or k.endswith(":" + name)]
    return max(memo[k] for k in keys) if keys else 0
parts = [chain("main"), chain("on_apdu"), chain("cosem_bm_uart_send"),
         max(chain("UART_IRQHandler"), chain("SysTick_Handler")), int(sys.argv[3])]
print("%d main %d + on_apdu %d + uart_send %d + isr %d + exception frame %d"
      % ((sum(parts),) + tuple(parts)))
PY
)
  printf '%-14s %8s %6s %6s %8s  %s\n' "$cpu" "$text" "$data" "$bss" "${stack%% *}" "${stack#* }"
done
echo "images: $out/*/cosem_baremetal.elf (maps next to them)"
