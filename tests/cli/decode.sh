#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `cosem decode` on every capture of tests/vectors/ (whole sessions and every
# wrapper frame alone), on APDUs written in the notations engineers paste, and
# on malformed input. Usage: decode.sh COSEM VECTORS_DIR
COSEM=$1
VEC=$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cosem-cli.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"

LLS=$VEC/guruxpy-client_guruxc-server_wrapper_lls.txt
HDLC=$VEC/guruxc-client_guruxc-server_hdlc_noauth_getclock.txt
DC=$VEC/dlmscosem-client_guruxc-server_wrapper_noauth.txt

# ---- whole captures, text ------------------------------------------------
# guruxpy-client_guruxc-server_wrapper_lls.txt: LLS session, GET/SET/ACTION,
# selective access, RLRQ/RLRE.
feed "$LLS"
run decode -
expect_rc 0
expect_count "C> wrapper frame" 7
expect_count "S> wrapper frame" 7
expect_out 'mechanism-name: 1 (low (LLS))'
expect_out 'calling-authentication-value: "Gurux"'
expect_out 'client-max-receive-pdu-size: 65535'
expect_out 'result: 0 (accepted)'
expect_out 'negotiated-conformance: 0x001E1D (block-transfer-with-get-or-read'
expect_out 'server-max-receive-pdu-size: 512'
expect_out 'instance-id: 0.0.1.0.0.255 (Clock)'
expect_out 'attribute-id: 2 (time)'
expect_out 'result: octet-string[12] 07EA0B150608361900000000 (2026-11-21T08:54:25.00+00:00 status=0x00)'
expect_out 'value: octet-string[12] 07EA0B15FF08371900000000 (2026-11-21T08:55:25.00+00:00'
expect_out 'method-id: 1 (adjust_to_quarter)'
expect_out 'method-invocation-parameters: integer 0'
expect_out 'instance-id: 1.0.99.98.0.255 (Event log)'
expect_out 'access-selector: 1 (range_descriptor)'
expect_out 'octet-string[6] 0000600B00FF (0.0.96.11.0.255)'
expect_out '      long-unsigned 128'
expect_out 'rlre'
expect_count 'reason: 0 (normal)' 2
expect_count 'result: 0 (success)' 2

# guruxc-client_guruxc-server_hdlc_noauth_getclock.txt: SNRM/UA, segmented
# I-frames with RR in between, GET with data blocks, DISC.
feed "$HDLC"
run decode -
expect_rc 0
expect_count 'hdlc frame' 82
expect_out 'control: 0x93 (SNRM P/F=1)'
expect_out 'control: 0x73 (UA P/F=1)'
expect_out 'control: 0x53 (DISC P/F=1)'
expect_out 'control: 0x51 (RR N(R)=2 P/F=1)'
expect_out 'control: 0x10 (I N(S)=0 N(R)=0 P/F=1)'
expect_out 'format: 0xA886 (type 3, segmented)'
expect_out 'max-info-field-length-receive: 128'
expect_out 'window-size-transmit: 1'
expect_out 'llc: E6 E6 00'
expect_out 'llc: E6 E7 00'
expect_out 'segment-length: 125 (more follow)'
expect_out 'joined-length: 489'
expect_out 'choice: 2 (get-response-with-datablock)'
expect_out 'choice: 2 (get-request-next)'
expect_out 'instance-id: 0.0.40.0.0.255 (Current association)'
expect_out 'attribute-id: 2 (object_list)'
expect_out 'joined-data:'
expect_out '        array[52]'
expect_out 'negotiated-conformance: 0x000018 (get set)'
expect_out 'result: octet-string[12] 07EA0B150608361B00000000 (2026-11-21T08:54:27.00+00:00'

# guruxpy-client_libcosem-meter_wrapper_sn.txt: short-name referencing, the
# object list in two data-block-results, reads by variable name.
feed "$VEC/guruxpy-client_libcosem-meter_wrapper_sn.txt"
run decode -
expect_rc 0
expect_count 'read-request' 6
expect_count 'read-response' 6
expect_out 'negotiated-conformance: 0x1C0220 (read write unconfirmed-write multiple-references parameterized-access)'
expect_out 'variable-name: 0xFA08'
expect_out 'block-number-access'
expect_count 'kind: data-block-result' 2
expect_out 'value: octet-string[16] 4C434D30303030303030303030303137'
# a short-name APDU pasted alone; a value that only looks like one
run decode "0C 02 00 12 00 0A 01 03"
expect_out 'data-access-result: 3 (read-write-denied)'
run decode "05 00 00 00 01"
expect_out 'value: double-long 1'

# dlmscosem-client_guruxc-server_wrapper_noauth.txt: calling AP title, GET in
# 9 blocks joined into the object list, RLRQ with user-information answered
# by an exception-response.
feed "$DC"
run decode -
expect_rc 0
expect_out 'calling-ap-title: 75 74 69 2C EA EF FA 9A'
expect_out 'proposed-conformance: 0x20405F (general-block-transfer'
expect_count 'raw-data-length:' 9
expect_out 'joined-blocks: 9'
expect_out 'state-error: 1 (service-not-allowed)'
expect_out 'service-error: 2 (service-not-supported)'
expect_out 'rlrq'

# Captures of this tool against Gurux's C server (tests/cli/captures/): the
# server sends octets after a complete get-response; decode shows the APDU,
# then the junk, and exits 5.
CAP=$(dirname "$0")/captures
feed "$CAP/cosem-cli_guruxc-server_hdlc_time.txt"
run decode -
expect_rc 5
expect_out 'result: octet-string[12] 07EA0B15060C103400FFC400 (2026-11-21T12:16:52.00+01:00 status=0x00)'
expect_out 'trailing-octets: 09 0F 09 0C 07 EA 0B 15 06 0C 10 34 00 FF C4 00 09 0F'
expect_out 'error: get-response: trailing bytes'
expect_count 'error:' 1
expect_out 'control: 0x53 (DISC P/F=1)'
feed "$CAP/cosem-cli_guruxc-server_wrapper_eventlog.txt"
run decode -
expect_rc 5
expect_out 'data-access-result: 2 (temporary-failure)'
expect_out 'trailing-octets: 00 01 02 C4 02 C1 00 00 00 00 01 01 02 00'
expect_count 'error:' 1

# ---- every capture file, text and JSON -----------------------------------------
# All of tests/vectors/*.txt decode; the only failure allowed is the junk that
# Gurux's server appends to some replies (vectors/README.md), which must be
# reported as trailing bytes after a decoded APDU.
for f in "$VEC"/*.txt; do
    feed "$f"
    run decode -
    checks=$((checks + 1))
    [ "$rc" = 0 ] || [ "$rc" = 5 ] || fail "exit status $rc for $f"
    n_err=$(grep -c '^ *error:' "$TMP/out")
    n_junk=$(grep -c 'error: get-response: trailing bytes' "$TMP/out")
    n_frames=$(grep -c '^[CS]>' "$f")
    n_units=$(grep -c '^[CS]> ' "$TMP/out")
    checks=$((checks + 2))
    [ "$n_err" = "$n_junk" ] || fail "$f: errors other than trailing bytes"
    [ "$n_frames" = "$n_units" ] || fail "$f: $n_units frames decoded, $n_frames in the file"
    if [ "$rc" = 5 ]; then
        expect_out 'trailing-octets:'
    fi
    run decode --json -
    expect_json
done
feed "$LLS"
run decode --json -
expect_out '"type": "aarq"'
expect_out '"calling_authentication_value": "\"Gurux\""'
expect_out '"instance_id": "0.0.1.0.0.255"'
expect_out '"result": {"type":"octet-string","value":"07ea0b150608361900000000"}'
expect_count '"direction": "C"' 7

# ---- every frame of the wrapper captures on its own -------------------------
feed -
for f in "$LLS" "$DC"; do
    grep '^[CS]>' "$f" | sed 's/^[CS]> //' >"$TMP/lines"
    while IFS= read -r line; do
        run decode "$line"
        expect_rc 0
        expect_out 'wrapper frame'
    done <"$TMP/lines"
done

# ---- notations ---------------------------------------------------------------
# get-request-normal for the clock (the LLS capture, line 16, APDU part).
for form in "C0 01 C1 00 08 00 00 01 00 00 FF 02 00" "c001c100080000010000ff0200" \
    "0xC0,0x01,0xC1,0x00,0x08,0x00,0x00,0x01,0x00,0x00,0xFF,0x02,0x00" \
    "C0:01:C1:00:08:00:00:01:00:00:FF:02:00" "E6 E6 00 C0 01 C1 00 08 00 00 01 00 00 FF 02 00"; do
    run decode "$form"
    expect_rc 0
    expect_out 'instance-id: 0.0.1.0.0.255 (Clock)'
done
# An HDLC frame without flags (the SNRM of the HDLC capture, line 6).
run decode A0 07 03 21 93 0F 01
expect_rc 0
expect_out 'control: 0x93 (SNRM P/F=1)'
# Arguments split anywhere, as a shell passes them.
run decode 7E A0 07 03 21 93 0F 01 7E
expect_rc 0
expect_out 'control: 0x93 (SNRM P/F=1)'

# ---- context: scaler_unit then value of a register (class 3, attribute 3 /
# 2; encodings after the Blue Book: scaler -3 integer, unit 30 = Wh).
printf '%s\n' '# register 1.0.1.8.0.255' 'C> C0 01 C1 00 03 01 00 01 08 00 FF 03 00' \
    'S> C4 01 C1 00 02 02 0F FD 16 1E' 'C> C0 01 C1 00 03 01 00 01 08 00 FF 02 00' \
    'S> C4 01 C1 00 06 00 12 D6 87' >"$TMP/reg.txt"
feed "$TMP/reg.txt"
run decode -
expect_rc 0
expect_out 'instance-id: 1.0.1.8.0.255 (Active energy import (+A))'
expect_out 'scaler-unit: 10^-3 Wh'
expect_out 'result: double-long-unsigned 1234567'
expect_out 'scaled-value: 1234.567 Wh'
feed -

# ---- other APDUs ------------------------------------------------------------
run decode 0F 00 00 00 01 00 12 00 05
expect_rc 0
expect_out 'long-invoke-id-and-priority: 0x00000001 (id 1, unconfirmed, normal priority)'
expect_out 'notification-body: long-unsigned 5'
run decode D8 01 02
expect_rc 0
expect_out 'state-error: 1 (service-not-allowed)'
run decode C8 0A 30 00 00 00 01 AA BB CC DD EE
expect_rc 0
expect_out 'glo-get-request'
expect_out 'invocation-counter: 1'
run decode E0 C0 00 01 00 00 02 AA BB
expect_rc 0
expect_out 'block-data: AA BB'
run decode 62 00
expect_rc 0
expect_out 'rlrq'

# A Data value pasted on its own (a clock value: the LLS capture, line 17).
run decode 09 0C 07 EA 0B 15 06 08 36 19 00 00 00 00
expect_rc 0
expect_out 'data (not an APDU: one A-XDR Data value)'
expect_out 'value: octet-string[12] 07EA0B150608361900000000 (2026-11-21T08:54:25.00+00:00'

# ---- malformed input: exit 5, the reason on stdout and a note on stderr -----
run decode 7G
expect_rc 5
expect_err 'not a hex digit'
expect_no_out
run decode 7E A
expect_rc 5
expect_err 'odd number of hex digits'
run decode C0 01 C1 00 08 00 00 01
expect_rc 5
expect_out 'error: get-request: truncated'
expect_err 'did not decode'
run decode C0 01 C1 00 08 00 00 01 00 00 FF 02 00 00
expect_rc 5
expect_out 'error: get-request: trailing bytes'
run decode 7E A0 07 03 21 93 0F 02 7E
expect_rc 5
expect_out 'check-failed: FCS'
run decode FF 00
expect_rc 5
expect_out 'unknown APDU tag'
run decode 00 01 00 10 00 01 00 0D C0 01
expect_rc 5
expect_out 'error: wrapper frame: truncated'
# Forms without the OPTIONAL presence octet (issue #19): Gurux's refused
# method `C7 01 C1 04`; EPRI's action-request-normal ending after the method.
run decode C7 01 C1 04
expect_rc 0
expect_out 'result: 4 (object-undefined)'
run decode C3 01 C1 00 08 00 00 01 00 00 FF 01
expect_rc 0
expect_out 'method-id: 1 (adjust_to_quarter)'
run decode C7 01 C1 04 02
expect_rc 5
run decode '# only a comment'
expect_rc 5
expect_err 'no bytes'

# ---- --ek/--ak: a ciphered session deciphered ---------------------------------
# Gurux.DLMS.Python with HLS-GMAC and authenticated-and-encrypted ciphering
# against our meter, Green Book example keys (see the capture's header): the
# titles come from its AARQ and AARE.
HLS=$VEC/guruxpy-client_libcosem-server_wrapper_hls5_authenc.txt
feed "$HLS"
run decode --ek 000102030405060708090A0B0C0D0E0F --ak D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF -
expect_rc 0
expect_out 'method-id: 1 (reply_to_HLS_authentication)'
expect_out 'proposed-conformance: 0x401E5D'
expect_out 'choice: 1 (get-request-normal)'
expect_count 'error:' 0
run decode --ek 000102030405060708090A0B0C0D0E0F --ak D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDE -
expect_rc 5
expect_out 'error: decipher: '
run decode --ek 000102030405060708090A0B0C0D0E0F -
expect_rc 1
expect_err '--ek and --ak go together'
run decode --ek 0001 --ak D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF -
expect_rc 1
feed -

finish decode
