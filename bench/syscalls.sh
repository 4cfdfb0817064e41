#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# System calls the example meter makes per request over the wrapper on
# 127.0.0.1 (issue #12): bench/loopback_bench drives it, strace -c counts
# every system call of the meter process from start to stop (start-up, the
# AARQ and the idle time during the echo rounds included), divided by the
# requests it answered. Prints the meter's calls by name and
# `syscalls-per-request N`.
# Usage: bench/syscalls.sh BUILD_DIR [SECONDS_PER_ROUND [ROUNDS]]
set -eu
b=${1:?usage: bench/syscalls.sh BUILD_DIR [SECONDS [ROUNDS]]}
command -v strace >/dev/null 2>&1 || { echo "syscalls.sh: strace is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
meter=$(cd "$b/examples" && pwd)/meter_server
cat >"$tmp/meter" <<WRAP
#!/bin/sh
exec strace -c -o "$tmp/counts" "$meter" "\$@"
WRAP
chmod +x "$tmp/meter"
"$b/bench/loopback_bench" "$tmp/meter" "${2:-1}" "${3:-3}" >"$tmp/out"
for i in 1 2 3 4 5 6 7 8 9 10; do
  [ -s "$tmp/counts" ] && grep -q '^100' "$tmp/counts" && break
  sleep 0.5
done
requests=$(awk '/^loopback-meter-requests/ {print $2}' "$tmp/out")
awk -v req="$requests" '
  /^------/ || /^% time/ || /total$/ { next }
  NF >= 5 { calls = $4; name = $NF; all += calls; if (calls * 100 >= req) printf "syscall %s %d\n", name, calls }
  END { printf "requests %d\nsyscalls-per-request %.2f\n", req, all / req }' "$tmp/counts"
