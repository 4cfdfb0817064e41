#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# scripts/check.sh on a machine without Check (and without doxygen): hidden
# here, not uninstalled: pkg-config looks in an empty directory and PATH is
# a copy of the real one without doxygen. check.sh must stop in step 0 naming
# both packages and the apt-get line; CMake with CI=true must refuse to
# configure without Check.   tests/check_prereqs.sh CMAKE
set -eu
cmake=$1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/pc" "$tmp/bin"
old_ifs=$IFS
IFS=:
for d in $PATH; do
  # Earlier directories win: ln leaves a name that exists already.
  [ -d "$d" ] && ln -s "$d"/* "$tmp/bin/" 2>/dev/null || true
done
IFS=$old_ifs
rm -f "$tmp/bin/doxygen"
set +e
out=$(PATH="$tmp/bin" PKG_CONFIG_LIBDIR="$tmp/pc" PKG_CONFIG_PATH="" CI=true \
      "$root/scripts/check.sh" --prerequisites 2>&1)
rc=$?
set -e
printf '%s\n' "$out"
[ "$rc" = 2 ] || { echo "FAIL: check.sh exited $rc, expected 2"; exit 1; }
printf '%s\n' "$out" | grep -qx 'missing: check doxygen' ||
  { echo "FAIL: Check and doxygen not named"; exit 1; }
printf '%s\n' "$out" | grep -q 'apt-get install check doxygen$' ||
  { echo "FAIL: no apt-get line"; exit 1; }
# The same machine with everything: step 0 passes (the test above failed
# for the hidden packages only).
"$root/scripts/check.sh" --prerequisites >/dev/null || { echo "FAIL: prerequisites missing here"; exit 1; }
set +e
out=$(PKG_CONFIG_LIBDIR="$tmp/pc" PKG_CONFIG_PATH="" CI=true \
      "$cmake" -S "$root" -B "$tmp/build" -DCOSEM_BUILD_EXAMPLES=OFF -DCOSEM_BUILD_TOOLS=OFF 2>&1)
rc=$?
set -e
[ "$rc" != 0 ] || { echo "FAIL: CI=true configured without Check"; exit 1; }
printf '%s\n' "$out" | grep -q "Check (Debian package 'check'" ||
  { printf '%s\n' "$out"; echo "FAIL: CMake did not name Check"; exit 1; }
echo "check.sh and CMake (CI=true) stop without Check, naming it"
