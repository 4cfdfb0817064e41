#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The project's test command (README "Test"; .ci/run calls it).
#
#   scripts/check.sh            everything below
#   FUZZ_SECONDS=N scripts/check.sh   run each fuzz target N seconds (default 30, one per core)
#
# 1. gcc build, -Werror, all Check suites (ctest)
# 2. clang build with ASan+UBSan, all Check suites
# 3. every configuration of tests/configs/ compiled with gcc and clang
# 4. each libFuzzer target from its seed corpus, ASan+UBSan, bounded time
# 5. Cortex-M4 and Cortex-M0+ cross builds (-Os): sizes, stack, recursion check;
#    the bare-metal example meter linked for Cortex-M4, M0+ and RISC-V with its
#    library share checked against bench/budget.txt (ports/baremetal/build.sh)
# 6. no allocator symbols in any built archive
# 7. Doxygen, warnings as errors
# 8. install; find_package(cosem) and pkg-config consumers build and run
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
b="$root/build/check"
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${FUZZ_SECONDS:-30}
mkdir -p "$b"

step() { printf '\n==== %s\n' "$*"; }
configure() { cmake -S "$root" -B "$@" >/dev/null; }

step "1. gcc: build and unit tests"
CC=gcc configure "$b/gcc" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$b/gcc" -j"$jobs"
ctest --test-dir "$b/gcc" -j"$jobs" --output-on-failure --no-tests=error
for t in "$b"/gcc/tests/test_*; do
  [ -x "$t" ] && printf '  %-24s %s\n' "$(basename "$t")" "$(CK_FORK=no "$t" | grep -E '^[0-9]+%' || true)"
done

step "2. clang + AddressSanitizer + UndefinedBehaviorSanitizer: unit tests"
CC=clang configure "$b/asan" -DCMAKE_BUILD_TYPE=Debug -DCOSEM_SANITIZE=address,undefined \
  -DCOSEM_BUILD_SHARED=OFF
cmake --build "$b/asan" -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$b/asan" -j"$jobs" --output-on-failure --no-tests=error

step "3. configurations (tests/configs) with gcc and clang"
for cfg in "$root"/tests/configs/*.h; do
  for cc in gcc clang; do
    name=$(basename "$cfg" .h)-$cc
    CC=$cc configure "$b/cfg-$name" -DCOSEM_USER_CONFIG="$cfg" -DCOSEM_BUILD_TESTS=OFF \
      -DCOSEM_BUILD_EXAMPLES=OFF -DCOSEM_BUILD_SHARED=OFF
    cmake --build "$b/cfg-$name" --target cosem -j"$jobs" >/dev/null
    printf '  %-32s ok\n' "$name"
  done
done

step "4. fuzz targets, ${fuzz_seconds}s each (ASan+UBSan)"
CC=clang configure "$b/fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOSEM_BUILD_FUZZ=ON \
  -DCOSEM_SANITIZE=address,undefined -DCOSEM_BUILD_TESTS=OFF -DCOSEM_BUILD_EXAMPLES=OFF \
  -DCOSEM_BUILD_SHARED=OFF
cmake --build "$b/fuzz" -j"$jobs"
# One target per core at a time; each from its committed seed corpus.
run_fuzz() {
  local f=$1 name work
  name=$(basename "$f")
  work="$b/fuzz/run-$name"
  rm -rf "$work" && mkdir -p "$work/corpus"
  cp "$root/fuzz/corpus/$name"/* "$work/corpus/" 2>/dev/null || true
  if ! (cd "$work" && "$f" -max_total_time="$fuzz_seconds" -print_final_stats=1 \
        -artifact_prefix="$work/" corpus >"$work/log" 2>&1); then
    tail -40 "$work/log"
    echo "FAILED: $name (artifacts in $work)"
    return 1
  fi
  runs=$(grep -m1 'stat::number_of_executed_units' "$work/log" | awk '{print $2}')
  found=$(find "$work/corpus" -type f | wc -l)
  seeds=$(find "$root/fuzz/corpus/$name" -type f 2>/dev/null | wc -l)
  printf '  %-24s %s runs, corpus %s -> %s files\n' "$name" "$runs" "$seeds" "$found"
}
pids=()
for f in "$b"/fuzz/fuzz/fuzz_*; do
  [ -f "$f" ] && [ -x "$f" ] || continue
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
  run_fuzz "$f" &
  pids+=($!)
done
fuzz_failed=0
for p in "${pids[@]}"; do wait "$p" || fuzz_failed=1; done
[ "$fuzz_failed" = 0 ] || { echo "fuzzing found a failure"; exit 1; }

step "5. cross builds: flash, RAM and stack on Cortex-M4, Cortex-M0+ and RISC-V (-Os), budget"
"$root/ports/baremetal/build.sh" "$b/baremetal"
"$root/bench/footprint.sh" cortex-m4 "$b/m4" "$b/baremetal/cortex-m4"
"$root/bench/footprint.sh" cortex-m0plus "$b/m0plus" "$b/baremetal/cortex-m0plus"

step "6. no allocator in the library"
bad=0
for lib in "$b"/gcc/libcosem.a "$b"/m4/*/libcosem.a "$b"/m0plus/*/libcosem.a; do
  case "$lib" in *m4/*|*m0plus/*) nm=arm-none-eabi-nm ;; *) nm=nm ;; esac
  if $nm -u "$lib" | grep -wE 'malloc|calloc|realloc|free|_malloc_r|_free_r'; then
    echo "allocator referenced by $lib"
    bad=1
  fi
done
[ "$bad" = 0 ] && echo "  none referenced ($(ls "$b"/gcc/libcosem.a "$b"/m4/*/libcosem.a "$b"/m0plus/*/libcosem.a | wc -l) archives)"
[ "$bad" = 0 ]

step "7. Doxygen (warnings are errors)"
cmake --build "$b/gcc" --target docs
echo "  docs in $b/gcc/docs/html/index.html"

step "8. install, then build programs against it with find_package and pkg-config"
rm -rf "$b/install" "$b/consumer"
cmake --install "$b/gcc" --prefix "$b/install" >/dev/null
cmake -S "$root/tests/consumer" -B "$b/consumer" -DCMAKE_PREFIX_PATH="$b/install" >/dev/null
cmake --build "$b/consumer" >/dev/null
"$b/consumer/consumer_static"
LD_LIBRARY_PATH="$b/install/lib" "$b/consumer/consumer_shared"
PKG_CONFIG_PATH="$b/install/lib/pkgconfig" sh -c \
  'cc -std=c99 "$0" $(pkg-config --cflags --libs --static cosem) -o "$1"' \
  "$root/tests/consumer/main.c" "$b/consumer/consumer_pc"
LD_LIBRARY_PATH="$b/install/lib" "$b/consumer/consumer_pc"

step "all checks passed"
