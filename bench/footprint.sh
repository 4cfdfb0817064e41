#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Flash/RAM footprint of the library per configuration (tests/configs/*.h),
# cross-compiled with arm-none-eabi-gcc -Os for a Cortex core, plus the
# deepest stack frame (-fstack-usage) of each configuration.
#
#   bench/footprint.sh [cortex-m4|cortex-m0plus] [build-root] [image-dir]
#
# "stack" is the largest single frame; bench/stack.py (run at the end) adds
# frames along the call graph for the worst chain per public function and
# fails on recursion.
#
# text/data/bss are the totals of `arm-none-eabi-size -t` over libcosem.a:
# an upper bound on what a firmware pays (the linker's --gc-sections drops
# whatever the application does not call). The linked figure follows: flash
# per module of the bare-metal example meter image (ports/baremetal/build.sh,
# both variants) from its linker map (bench/map_modules.py). image-dir is a
# ports/baremetal/build.sh output for this core (build-root/.../cortex-m4);
# without it the images are built under build-root/image.
set -euo pipefail
cpu=${1:-cortex-m4}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$root/build/footprint-$cpu}
mkdir -p "$out"
printf '%-22s %8s %6s %6s %8s  %s\n' config text data bss "stack" "deepest frame"
for cfg in "$root"/tests/configs/*.h; do
  name=$(basename "$cfg" .h)
  dir="$out/$name"
  # CFLAGS (not CMAKE_C_FLAGS) so the toolchain's -mcpu/-mthumb flags stay.
  CFLAGS="-fstack-usage -fcallgraph-info=su" \
  cmake -S "$root" -B "$dir" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/arm-none-eabi.cmake" \
        -DCOSEM_ARM_CPU="$cpu" -DCMAKE_BUILD_TYPE=MinSizeRel -DCOSEM_USER_CONFIG="$cfg" \
        -DCOSEM_BUILD_TESTS=OFF >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; exit 1; }
  grep -q -- "-mcpu=$cpu" "$dir/CMakeFiles/cosem.dir/flags.make" ||
    { echo "footprint: $name is not built for $cpu"; exit 1; }
  cmake --build "$dir" --target cosem -j"$(nproc)" >"$dir.build.log" 2>&1 ||
    { cat "$dir.build.log"; exit 1; }
  read -r text data bss _ < <(arm-none-eabi-size -t "$dir/libcosem.a" | tail -1)
  deepest=$(find "$dir" -name '*.su' -exec cat {} + | sort -t$'\t' -k2 -n | tail -1)
  frame=$(printf '%s' "$deepest" | cut -f2)
  fn=$(printf '%s' "$deepest" | cut -f1 | sed 's/.*://')
  printf '%-22s %8s %6s %6s %8s  %s\n' "$name" "$text" "$data" "$bss" "$frame" "$fn"
done
img=${3:-}
if [ -z "$img" ]; then
  "$root/ports/baremetal/build.sh" "$out/image" "$cpu" >"$out/image.log" 2>&1 ||
    { cat "$out/image.log"; exit 1; }
  img="$out/image/$cpu"
fi
for v in minimal profile; do
  echo
  echo "Flash per module of the linked meter image ($v, $cpu, text + rodata + data):"
  python3 "$root/bench/map_modules.py" "$img/$v/meter.map"
done
echo
echo "Worst-case stack per call (call graph from -fcallgraph-info), configuration 'all':"
python3 "$root/bench/stack.py" "$out/all" --top 6
