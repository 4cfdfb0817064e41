#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The project's test command (README "Test"; .ci/run calls it).
#
#   scripts/check.sh            everything below
#   FUZZ_SECONDS=N scripts/check.sh   run each fuzz target N seconds (default 30, one per core)
#   scripts/check.sh --prerequisites  step 0 only
#
# 0. prerequisites: every command and library the steps use; stops at once
#    naming the missing Debian packages (a missing Check is an error, never
#    a skip, in CI and out of it)
# 1. gcc build, -Werror, all Check suites (ctest)
# 2. clang build with ASan+UBSan, all Check suites
# 3. every configuration of tests/configs/ compiled with gcc and clang
# 4. each libFuzzer target from its seed corpus, ASan+UBSan, bounded time
# 5. Cortex-M4 and Cortex-M0+ cross builds (-Os): sizes, stack, recursion check;
#    the bare-metal example meter linked for Cortex-M4, M0+ and RISC-V with its
#    library share checked against bench/budget.txt (ports/baremetal/build.sh)
# 6. no allocator symbols in any built archive
# 7. Doxygen, warnings as errors
# 8. install; export lists match the headers; find_package(cosem) and
#    pkg-config consumers, and examples/minimal_server both ways, build; the
#    minimal server answers `cosem read`
# 9. Debian packages (cpack): unpacked into a scratch root (dpkg -x, no
#    root needed), `cosem --version` runs from it and the minimal server
#    builds against it with pkg-config and answers
# Ends with a summary: suites and checks run, fuzz executions, flash.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
b="$root/build/check"
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${FUZZ_SECONDS:-30}
mkdir -p "$b"

step() { printf '\n==== %s\n' "$*"; }
configure() { cmake -S "$root" -B "$@" >/dev/null; }

step "0. prerequisites"
# Each entry: Debian package, then the test that it is installed.
missing=()
need() { # PACKAGE TEST...
  local pkg=$1
  shift
  "$@" >/dev/null 2>&1 || missing+=("$pkg")
}
has() { command -v "$1"; }
need cmake has cmake
need gcc has gcc
need make has make
need pkg-config has pkg-config
need check pkg-config --exists check
need python3 has python3
need doxygen has doxygen
need clang has clang
need libclang-rt-14-dev sh -c 'printf "%s\n" "#include <stddef.h>" "#include <stdint.h>" \
  "int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);" \
  "int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; return (int)n & 0; }" |
  clang -fsanitize=fuzzer -x c - -o /dev/null'
need gcc-arm-none-eabi has arm-none-eabi-gcc
need libnewlib-arm-none-eabi sh -c 'test -f "$(arm-none-eabi-gcc -print-file-name=nano.specs)"'
need binutils has nm
need dpkg has dpkg-deb
if [ "${#missing[@]}" -gt 0 ]; then
  echo "missing: ${missing[*]}"
  echo "install them (Debian): sudo apt-get install ${missing[*]}"
  echo "(.ci/run installs everything scripts/check.sh needs)"
  exit 2
fi
echo "  all present"
[ "${1:-}" != "--prerequisites" ] || exit 0

step "1. gcc: build and unit tests"
CC=gcc configure "$b/gcc" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$b/gcc" -j"$jobs"
ctest --test-dir "$b/gcc" -j"$jobs" --output-on-failure --no-tests=error | tee "$b/ctest-gcc.log"
: >"$b/checks.txt"
for t in "$b"/gcc/tests/test_*; do
  [ -x "$t" ] || continue
  r=$(CK_FORK=no "$t" | grep -E '^[0-9]+%' || true)
  printf '  %-24s %s\n' "$(basename "$t")" "$r" | tee -a "$b/checks.txt"
done

step "2. clang + AddressSanitizer + UndefinedBehaviorSanitizer: unit tests"
CC=clang configure "$b/asan" -DCMAKE_BUILD_TYPE=Debug -DCOSEM_SANITIZE=address,undefined \
  -DCOSEM_BUILD_SHARED=OFF
cmake --build "$b/asan" -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$b/asan" -j"$jobs" --output-on-failure --no-tests=error | tee "$b/ctest-asan.log"

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
# The security suites built with the legacy HLS mechanisms (MD5, SHA-1; off
# by default): both roles' tests of those mechanisms.
CC=gcc configure "$b/cfg-legacy" -DCOSEM_USER_CONFIG="$root/tests/configs/all.h" \
  -DCOSEM_BUILD_EXAMPLES=OFF -DCOSEM_BUILD_TOOLS=OFF -DCOSEM_BUILD_SHARED=OFF
cmake --build "$b/cfg-legacy" --target test_client_sec test_server_sec test_hls -j"$jobs" >/dev/null
for t in test_client_sec test_server_sec test_hls; do
  "$b/cfg-legacy/tests/$t" >"$b/cfg-legacy/$t.log" 2>&1 || { cat "$b/cfg-legacy/$t.log"; exit 1; }
done
printf '  %-32s ok\n' "HLS MD5/SHA-1 (all.h) tests"
# Build options (README "Embedding"): each documented combination once,
# building only what it changes.
CC=gcc configure "$b/opt-default"
grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$b/opt-default/CMakeCache.txt" ||
  { echo "no default build type"; exit 1; }
cmake --build "$b/opt-default" --target cosem -j"$jobs" >/dev/null
printf '  %-32s ok (Release by default)\n' "defaults"
CC=gcc configure "$b/opt-lib" -DCOSEM_BUILD_TESTS=OFF -DCOSEM_BUILD_EXAMPLES=OFF \
  -DCOSEM_BUILD_TOOLS=OFF -DCOSEM_BUILD_SHARED=OFF
cmake --build "$b/opt-lib" -j"$jobs" >/dev/null
printf '  %-32s ok\n' "library only"
CC=gcc configure "$b/opt-notests" -DCOSEM_BUILD_TESTS=OFF -DCOSEM_BUILD_SHARED=OFF
cmake --build "$b/opt-notests" --target meter_server cosem_cli -j"$jobs" >/dev/null
printf '  %-32s ok\n' "examples and tools, no tests"
CC=gcc cmake -S "$root/tests/subproject" -B "$b/opt-subproject" >/dev/null
cmake --build "$b/opt-subproject" -j"$jobs" >/dev/null
printf '  %-32s ok (no -Werror, tests, build type or CPack imposed)\n' "add_subdirectory"
CC=clang configure "$b/opt-fuzz" -DCOSEM_BUILD_FUZZ=ON -DCOSEM_BUILD_SHARED=OFF
cmake --build "$b/opt-fuzz" --target meter_bench fuzz_axdr -j"$jobs" >/dev/null
printf '  %-32s ok\n' "fuzz with default options"
# The README's cross-compile command, as written (library only).
(cd "$b" && rm -rf build-m4 &&
  cmake -S "$root" -B build-m4 -DCMAKE_TOOLCHAIN_FILE="$root/cmake/arm-none-eabi.cmake" \
    -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null && cmake --build build-m4 -j"$jobs" >/dev/null)
printf '  %-32s ok\n' "README cross-compile command"

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
rm -rf "$b/install" "$b/consumer" "$b/minimal"
cmake --install "$b/gcc" --prefix "$b/install" >/dev/null
inst_lib="$b/install/lib"
export_check() { python3 "$root/scripts/export_check.py" "$@"; }
export_check "$inst_lib/libcosem.so" "$root"/include/cosem/*.h
export_check "$inst_lib/libcosem_posix.so" "$root"/ports/posix/cosem_posix*.h
cmake -S "$root/tests/consumer" -B "$b/consumer" -DCMAKE_PREFIX_PATH="$b/install" >/dev/null
cmake --build "$b/consumer" >/dev/null
"$b/consumer/consumer_static"
LD_LIBRARY_PATH="$inst_lib" "$b/consumer/consumer_shared"
pc_build() { # SOURCE OUTPUT PACKAGE
  PKG_CONFIG_PATH="$inst_lib/pkgconfig" sh -c \
    'cc -std=c99 -Wall -Wextra -Werror "$0" $(pkg-config --cflags --libs --static "$2") -o "$1"' "$@"
}
pc_build "$root/tests/consumer/main.c" "$b/consumer/consumer_pc" cosem
LD_LIBRARY_PATH="$inst_lib" "$b/consumer/consumer_pc"
# The minimal server (README "Serving objects"): its own project through
# find_package, and by hand through pkg-config; both answer `cosem`.
cmake -S "$root/examples/minimal_server" -B "$b/minimal" -DCMAKE_PREFIX_PATH="$b/install" \
  -DCMAKE_C_FLAGS="-Wall -Wextra -Wpedantic -Werror" >/dev/null
cmake --build "$b/minimal" >/dev/null
pc_build "$root/examples/minimal_server/main.c" "$b/minimal/minimal_server_pc" cosem-posix
"$root/examples/minimal_server/check.sh" "$b/minimal/minimal_server" "$b/install/bin/cosem"
LD_LIBRARY_PATH="$inst_lib" \
  "$root/examples/minimal_server/check.sh" "$b/minimal/minimal_server_pc" "$b/install/bin/cosem"
# The README quotes the minimal server whole: the copy must be the file.
awk '/^<!-- BEGIN examples\/minimal_server\/main.c -->/{f=1;next} /^<!-- END/{f=0} f' \
  "$root/README.md" | sed '1d;$d' | diff -u "$root/examples/minimal_server/main.c" - ||
  { echo "README.md: the serving snippet differs from examples/minimal_server/main.c"; exit 1; }
echo "  README serving snippet is examples/minimal_server/main.c"

step "9. Debian packages: build, unpack into a scratch root, run from it"
rm -rf "$b/gcc/packages" "$b/debroot"
(cd "$b/gcc" && cpack >/dev/null)
debs=("$b"/gcc/packages/*.deb)
[ "${#debs[@]}" = 3 ] || { echo "expected 3 .deb files, got ${#debs[@]}"; exit 1; }
for deb in "${debs[@]}"; do
  printf '  %-34s %s\n' "$(basename "$deb")" "$(dpkg-deb -f "$deb" Depends)"
  dpkg-deb -x "$deb" "$b/debroot"
done
deb_lib="$b/debroot/usr/lib"
got=$("$b/debroot/usr/bin/cosem" --version)
echo "  $got (from the unpacked cosem-tools)"
case "$got" in "cosem $(sed -n 's/^Version: //p' "$deb_lib/pkgconfig/cosem.pc")") ;;
  *) echo "cosem --version does not match the packaged library's version"; exit 1 ;; esac
for page in cosem cosem-meter-sim; do
  [ -s "$b/debroot/usr/share/man/man1/$page.1" ] || { echo "no manual page $page(1)"; exit 1; }
done
export_check "$deb_lib/libcosem.so" "$root"/include/cosem/*.h
PKG_CONFIG_PATH="$deb_lib/pkgconfig" sh -c \
  'cc -std=c99 "$0" $(pkg-config --cflags --libs cosem-posix) -o "$1"' \
  "$root/examples/minimal_server/main.c" "$b/minimal/minimal_server_deb"
LD_LIBRARY_PATH="$deb_lib" "$root/examples/minimal_server/check.sh" \
  "$b/minimal/minimal_server_deb" "$b/debroot/usr/bin/cosem"

step "summary"
ctest_count() { sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$1" | tail -1; }
suites=$(grep -c 'Checks:' "$b/checks.txt" || true)
checks=$(sed -n 's/.*Checks: \([0-9]*\).*/\1/p' "$b/checks.txt" | awk '{s+=$1} END {print s+0}')
fuzz_runs=$({ find "$b/fuzz" -path '*/run-*/log' -exec cat {} + 2>/dev/null || true; } | awk '/stat::number_of_executed_units/ {s+=$2; n++}
  END {printf "%d executions in %d targets", s, n}')
printf '  ctest            %s tests passed (gcc), %s (clang ASan+UBSan)\n' \
  "$(ctest_count "$b/ctest-gcc.log")" "$(ctest_count "$b/ctest-asan.log")"
printf '  Check            %s suites, %s checks\n' "$suites" "$checks"
printf '  fuzzing          %s, %ss each\n' "$fuzz_runs" "$fuzz_seconds"
for cpu in m4 m0plus; do
  for lib in "$b/$cpu"/*/libcosem.a; do
    [ -f "$lib" ] || continue
    read -r text _ < <(arm-none-eabi-size -t "$lib" | tail -1)
    printf '  flash %-7s    %-22s %s B text (whole archive, -Os)\n' "$cpu" \
      "$(basename "$(dirname "$lib")")" "$text"
  done
done

step "all checks passed"
