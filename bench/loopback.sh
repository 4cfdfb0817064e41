#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# GETs per second of the example meter over the wrapper on 127.0.0.1 as a
# ratio to a plain echo server answering the same sizes, all processes on
# one core, alternating rounds (issue #12). Prints `loopback-ratio R`.
# Usage: bench/loopback.sh BUILD_DIR [SECONDS_PER_ROUND [ROUNDS]]
set -eu
b=${1:?usage: bench/loopback.sh BUILD_DIR [SECONDS [ROUNDS]]}
run=""
command -v taskset >/dev/null 2>&1 && run="taskset -c 0"
exec $run "$b/bench/loopback_bench" "$b/examples/meter_server" "${2:-2}" "${3:-5}"
