#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the bare-metal example meter (main.c: HDLC secondary on the UART,
# server with Association LN, SAP assignment, logical device name, Clock and
# one Register; associations none and LLS) for Cortex-M4 and Cortex-M0+
# (arm-none-eabi-gcc, newlib-nano) and RISC-V rv32imc (riscv64-unknown-elf-gcc,
# no C library: rv32/libc.c supplies memcpy & co.), each in two variants:
# "minimal" (configuration tests/configs/minimal_hdlc_server.h) and
# "profile" (the same plus a load profile, class 7). Every object is
# compiled -Os -ffunction-sections -fdata-sections and linked with
# --gc-sections and a linker script, so a missing symbol or a memory
# overflow fails the build. An empty main() built the same way is the
# baseline; the image minus the baseline (text + data) is the library's
# share of the flash. For each image it prints that share, the 15 largest
# functions, and one line
#
#   library-share minimal|profile cortex-m4|cortex-m0plus|rv32imc BYTES
#
# then checks every share against its ceiling in bench/budget.txt (a share
# above its ceiling fails the build), and prints each image's RAM and worst
# stack chain (gcc -fcallgraph-info, bench/stack.py).
#
#   ports/baremetal/build.sh [build-root [target...]]   (default build/baremetal, all targets)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/build/baremetal}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(cortex-m4 cortex-m0plus rv32imc)
budget=${COSEM_BUDGET:-$root/bench/budget.txt}
config="$root/tests/configs/minimal_hdlc_server.h"
warn=(-std=c99 -Wall -Wextra -Wpedantic -Werror -Wundef -Wshadow -Wvla -Wstrict-prototypes
      -Wmissing-prototypes -Wcast-qual -Wdouble-promotion -Wformat=2 -Wpointer-arith)
common=(-Os -ffunction-sections -fdata-sections -fstack-usage -fcallgraph-info=su)
variants=(minimal profile)
jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p "$out"

# Per target: compiler, architecture flags, start-up sources, link flags.
setup() {
  case "$1" in
    cortex-m4|cortex-m0plus)
      cc=arm-none-eabi-gcc; tool=arm-none-eabi
      if [ "$1" = cortex-m4 ]; then
        arch=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
      else
        arch=(-mcpu=cortex-m0plus -mthumb -mfloat-abi=soft)
      fi
      port_src=("$here/startup.c" "$here/baremetal.c")
      inc=()
      ld=(-nostartfiles --specs=nano.specs -Wl,-T,"$here/link.ld")
      ;;
    rv32imc)
      cc=riscv64-unknown-elf-gcc; tool=riscv64-unknown-elf
      arch=(-march=rv32imc -mabi=ilp32 -ffreestanding)
      port_src=("$here/rv32/startup.c" "$here/rv32/libc.c" "$here/baremetal.c")
      inc=(-I"$here/rv32")
      ld=(-nostdlib -nostartfiles -Wl,-T,"$here/rv32/link.ld" -lgcc)
      ;;
    *) echo "build.sh: unknown target $1"; exit 2 ;;
  esac
}

# compile OUT_DIR EXTRA_FLAGS... -- SOURCES...: one object per source, in parallel.
compile() {
  local dir=$1; shift
  local flags=()
  while [ "$1" != -- ]; do flags+=("$1"); shift; done
  shift
  mkdir -p "$dir"
  printf '%s\n' "$@" | xargs -P "$jobs" -I{} sh -c \
    'f={}; b=$(basename "$f" .c); d=$(basename "$(dirname "$f")"); \
     exec "$0" "$@" -c "$f" -o "'"$dir"'/${d}_${b}.o"' \
    "$cc" "${arch[@]}" "${common[@]}" "${warn[@]}" "${inc[@]}" "${flags[@]}"
}

# text + data of an image (what the flash holds).
flash() { "$tool-size" "$1" | awk 'NR == 2 { print $1 + $2 }'; }

# Ceiling of an image in bench/budget.txt ("minimal cortex-m4 BYTES").
ceiling() { awk -v v="$1" -v t="$2" '$1 == v && $2 == t { print $3 }' "$budget"; }

mapfile -t lib_src < <(ls "$root"/src/*/*.c)
shares=()
declare -A ram stackw
for t in "${targets[@]}"; do
  setup "$t"
  dir="$out/$t"
  rm -rf "$dir" && mkdir -p "$dir"
  compile "$dir/port" -I"$root/include" -I"$here" -DCOSEM_USER_CONFIG_FILE="\"$config\"" \
    -- "${port_src[@]}" "$here/empty.c"
  base_objs=("$dir"/port/*.o)
  base_objs=("${base_objs[@]/*baremetal_empty.o/}")
  "$cc" "${arch[@]}" -Wl,--gc-sections -Wl,--no-undefined -Wl,-Map,"$dir/empty.map" \
    "$dir/port/baremetal_empty.o" ${base_objs[@]} "${ld[@]}" -o "$dir/empty.elf"
  base=$(flash "$dir/empty.elf")
  for v in "${variants[@]}"; do
    vd="$dir/$v"
    defs=(-DCOSEM_USER_CONFIG_FILE="\"$config\"")
    [ "$v" = profile ] && defs+=(-DCOSEM_METER_PROFILE=1)
    compile "$vd/lib" -I"$root/include" -I"$root/src" "${defs[@]}" -- "${lib_src[@]}"
    "$tool-ar" rcs "$vd/libcosem.a" "$vd"/lib/*.o
    compile "$vd/app" -I"$root/include" -I"$here" "${defs[@]}" -DMETER_PROFILE=$([ "$v" = profile ] && echo 1 || echo 0) \
      -- "$here/main.c"
    elf="$vd/meter.elf"
    "$cc" "${arch[@]}" -Wl,--gc-sections -Wl,--no-undefined -Wl,-Map,"$vd/meter.map" \
      "$vd/app/baremetal_main.o" ${base_objs[@]} "$vd/libcosem.a" "${ld[@]}" -o "$elf"
    size=$(flash "$elf")
    share=$((size - base))
    read -r text data bss _ < <("$tool-size" "$elf" | tail -1)
    ram[$v $t]="$data $bss"
    echo
    echo "== $v $t: image $size B (text $text, data $data, bss $bss), baseline $base B"
    echo "   15 largest functions (bytes):"
    "$tool-nm" --size-sort -S -r "$elf" | awk '$3 ~ /^[tTwW]$/ && n++ < 15' |
      while read -r _ sz _ name; do printf '   %6d  %s\n' "$((16#$sz))" "$name"; done
    # Worst stack: main's chain plus the station's event callback (reached
    # through a function pointer that stack.py cannot follow), the UART send
    # callback, the deepest interrupt handler and the exception frame the
    # core pushes (8 words; 26 on the M4 when the FPU is in use; RISC-V
    # handlers save registers in their own frame).
    hw=$(case "$t" in cortex-m4) echo 104 ;; cortex-m0plus) echo 32 ;; *) echo 0 ;; esac)
    stackw[$v $t]=$(python3 - "$root/bench" "$vd" "$dir/port" "$hw" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import stack
frames, edges, kinds = {}, {}, {}
for d in sys.argv[2:4]:
    f, e, k = stack.load(d)
    frames.update(f); kinds.update(k)
    for a, b in e.items():
        edges.setdefault(a, set()).update(b)
memo, unknown = stack.worst(frames, edges)
def chain(name):
    keys = [k for k in memo if k == name or k.endswith(":" + name)]
    return max(memo[k] for k in keys) if keys else 0
parts = [chain("main"), chain("on_link"), chain("cosem_bm_uart_send"),
         max(chain("UART_IRQHandler"), chain("SysTick_Handler"), chain("cosem_bm_trap")),
         int(sys.argv[4])]
print("%d (main %d + on_link %d + uart_send %d + isr %d + exception frame %d)"
      % ((sum(parts),) + tuple(parts)))
PY
)
    shares+=("library-share $v $t $share")
  done
done

echo
printf '%-8s %-14s %8s %6s %6s  %s\n' variant target share data bss "worst stack, bytes"
for line in "${shares[@]}"; do
  read -r _ v t share <<<"$line"
  read -r data bss <<<"${ram[$v $t]}"
  printf '%-8s %-14s %8s %6s %6s  %s\n' "$v" "$t" "$share" "$data" "$bss" "${stackw[$v $t]}"
done
echo
printf '%s\n' "${shares[@]}"
echo "images: $out/<target>/<variant>/meter.elf (maps next to them)"

# Budget: every share at or under its ceiling.
over=0
for line in "${shares[@]}"; do
  read -r _ v t share <<<"$line"
  max=$(ceiling "$v" "$t")
  if [ -z "$max" ]; then
    echo "budget: no ceiling for $v $t in $budget"; over=1
  elif [ "$share" -gt "$max" ]; then
    echo "budget: $v $t library share $share B is over its ceiling of $max B (+$((share - max)))"
    over=1
  else
    echo "budget: $v $t $share B <= $max B"
  fi
done
[ "$over" = 0 ] || { echo "budget exceeded (bench/budget.txt: raise a ceiling only with a reason in the commit)"; exit 1; }
