# SPDX-License-Identifier: Apache-2.0
# Helpers of the cosem CLI tests (POSIX sh). Source it after setting COSEM
# (the tool) and TMP (a scratch directory).

fails=0
checks=0

# run ARGS...: runs the tool, keeps stdout in $TMP/out, stderr in $TMP/err
# and the exit status in $rc. Input comes from $TMP/in when it exists.
run() {
    if [ -f "$TMP/in" ]; then
        "$COSEM" "$@" <"$TMP/in" >"$TMP/out" 2>"$TMP/err"
    else
        "$COSEM" "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
    fi
    rc=$?
    last="cosem $*"
}

# feed FILE: the next runs read FILE on stdin (feed - : no input).
feed() {
    rm -f "$TMP/in"
    [ "$1" = "-" ] || cp "$1" "$TMP/in"
}

fail() {
    fails=$((fails + 1))
    echo "FAIL: $last: $*"
    echo "--- stdout"; head -n 40 "$TMP/out"
    echo "--- stderr"; head -n 20 "$TMP/err"
}

# expect_rc N
expect_rc() {
    checks=$((checks + 1))
    [ "$rc" = "$1" ] || fail "exit status $rc, expected $1"
}

# expect_out TEXT: stdout holds TEXT (a fixed string).
expect_out() {
    checks=$((checks + 1))
    grep -F -e "$1" "$TMP/out" >/dev/null || fail "stdout lacks '$1'"
}

# expect_err TEXT: stderr holds TEXT.
expect_err() {
    checks=$((checks + 1))
    grep -F -e "$1" "$TMP/err" >/dev/null || fail "stderr lacks '$1'"
}

# expect_no_out: stdout is empty.
expect_no_out() {
    checks=$((checks + 1))
    [ ! -s "$TMP/out" ] || fail "stdout is not empty"
}

# expect_count TEXT N: stdout holds TEXT on exactly N lines.
expect_count() {
    checks=$((checks + 1))
    n=$(grep -c -F -e "$1" "$TMP/out")
    [ "$n" = "$2" ] || fail "'$1' on $n lines, expected $2"
}

# expect_json: stdout is valid JSON (skipped without python3).
expect_json() {
    if command -v python3 >/dev/null 2>&1; then
        checks=$((checks + 1))
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/out" 2>"$TMP/jsonerr" ||
            fail "stdout is not JSON: $(cat "$TMP/jsonerr")"
    fi
}

# finish NAME: prints the summary and exits with the result.
finish() {
    echo "$1: $checks checks, $fails failed"
    [ "$fails" = 0 ]
    exit $?
}
