#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `cosem` command-line manners: --help on every command (exit 0, usage on
# stdout, nothing on stderr); argument errors exit 1 with a usage line on
# stderr and nothing on stdout; a refused TCP connection exits 2.
# Usage: usage.sh COSEM
COSEM=$1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cosem-cli.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"

# expect_usage CMD ARGS...: exit 1, "usage: cosem CMD" on stderr, no stdout.
expect_usage() {
    cmd=$1
    run "$@"
    expect_rc 1
    expect_err "usage: cosem $cmd"
    expect_no_out
}

run --help
expect_rc 0
expect_out 'usage: cosem COMMAND'
expect_out 'connection options:'
for c in decode read write action objects profile time; do
    expect_out "  $c "
done
for c in decode read write action objects profile time; do
    run "$c" --help
    expect_rc 0
    expect_out "usage: cosem $c"
    checks=$((checks + 1))
    [ ! -s "$TMP/err" ] || fail "stderr not empty"
done
for c in read write action objects profile time; do
    run "$c" --help
    expect_out '--tcp HOST[:PORT]'
    expect_out '--trace'
done
run
expect_rc 1
expect_err 'usage: cosem COMMAND'
expect_no_out
run frobnicate
expect_rc 1
expect_err "unknown command 'frobnicate'"
run --version
expect_rc 0
expect_out 'cosem 0.'

T="--tcp 127.0.0.1:1"
# decode
expect_usage decode
expect_usage decode --bogus 7E
expect_usage decode - 7E
# read
expect_usage read $T
expect_usage read 1.0.1.8.0.255
expect_err 'no connection'
expect_usage read nonsense $T
expect_err "'nonsense' is not OBIS[:ID]"
expect_usage read 1.0.1.8.0.255:300 $T
expect_usage read 1.0.1.8.0.255 --tcp
expect_usage read 1.0.1.8.0.255 --tcp 127.0.0.1:0
expect_usage read 1.0.1.8.0.255 --tcp 127.0.0.1 --serial /dev/null
expect_err 'not both'
expect_usage read 1.0.1.8.0.255 $T --timeout abc
expect_usage read 1.0.1.8.0.255 $T --client 300
expect_usage read 1.0.1.8.0.255 $T --auth high
expect_usage read 1.0.1.8.0.255 $T --auth low
expect_err 'needs --password'
expect_usage read 1.0.1.8.0.255 $T --address-size 3
expect_usage read 1.0.1.8.0.255 $T --class 0
expect_usage read 1.0.1.8.0.255 $T --frobnicate
expect_err "unknown option '--frobnicate'"
expect_usage read 1.0.1.8.0.255 nonsense $T
expect_err "'nonsense' is not OBIS"
expect_usage read $(seq -f '1.0.1.8.%g.255' 0 32) $T
expect_err 'unexpected argument'
expect_usage read 1.0.1.8.0.255 $T --password-hex 1x2
checks=$((checks + 1))
! grep -q '1x2' "$TMP/err" || fail "the secret is repeated"
expect_usage read 1.0.1.8.0.255 $T --password-file /nonexistent/pw
# write
expect_usage write 0.0.1.0.0.255:2 $T
expect_err '--type is required'
expect_usage write 0.0.1.0.0.255:2 --type datetime $T
expect_err 'missing VALUE'
expect_usage write 0.0.1.0.0.255 --type long 5 $T
expect_err 'needs :ID'
expect_usage write 1.0.0.8.0.255:2 --type long 99999 $T
expect_err 'out of range'
expect_usage write 1.0.0.8.0.255:2 --type unsigned -1 $T
expect_usage write 1.0.0.8.0.255:2 --type nosuch 1 $T
expect_err "unknown type 'nosuch'"
expect_usage write 0.0.1.0.0.255:2 --type datetime yesterday $T
expect_usage write 0.0.96.1.0.255:2 --type octet-string 0G $T
expect_usage write 0.0.96.1.0.255:2 --type axdr 0201 $T
expect_err 'not one whole A-XDR Data value'
# action
expect_usage action 0.0.1.0.0.255:1 --type integer $T
expect_err 'missing VALUE'
expect_usage action 0.0.1.0.0.255:1 0 $T
expect_err 'VALUE needs --type'
expect_usage action 0.0.1.0.0.255 $T
# objects, time, profile
expect_usage objects extra $T
expect_usage time --set yesterday $T
expect_usage time --set 2026-11-21 $T
expect_usage profile $T
expect_usage profile 1.0.99.1.0.255 --csv --json $T
expect_usage profile 1.0.99.1.0.255 --entries 1-2 --from 2026-01-01 $T
expect_usage profile 1.0.99.1.0.255 --entries x $T
expect_usage profile 1.0.99.1.0.255 --entries 5-2 $T
expect_usage profile 1.0.99.1.0.255 --from 2026-13-01 $T
expect_usage profile 1.0.99.1.0.255 --columns 0-2 $T

# A negative number is a value, not an option (still a usage error here only
# because nothing listens: it must get as far as connecting).
run write 1.0.0.8.0.255:2 --type long -5 $T
expect_rc 2
expect_err 'cannot connect'
expect_no_out
# Nothing listens on 127.0.0.1 port 1: connection error, exit 2.
for c in "read 1.0.1.8.0.255" "objects" "time" "profile 1.0.99.1.0.255"; do
    run $c $T
    expect_rc 2
    expect_err 'cannot connect to 127.0.0.1 port 1'
    expect_no_out
done

finish usage
