#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `cosem decode` on every capture of tests/vectors/ re-expressed in each
# input form it accepts: log lines with time stamps and direction words,
# `hexdump -C`, `od` (with and without offsets), a pcap file written by
# `cosem decode --pcap`, and the same as pcapng (when python3 is there).
# Each form must give the same JSON as the capture itself (the dump forms,
# which carry no direction, without the "direction" members).
# Usage: formats.sh COSEM VECTORS_DIR
COSEM=$1
VEC=$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cosem-cli.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"

# same FILE WHAT: stdout equals FILE.
same() {
    checks=$((checks + 1))
    cmp -s "$1" "$TMP/out" || fail "$2: JSON differs from the capture's ($(diff "$1" "$TMP/out" | head -n 4))"
}

# binary CAPTURE OUT: the octets of the C>/S> lines, one after the other
# (awk has no hex parsing of its own everywhere: a table of the 256 values).
hexnum='BEGIN { for (i = 0; i < 256; i++) h[sprintf("%02X", i)] = i }'
binary() {
    grep -E '^[CS]>' "$1" | cut -c3- |
        awk "$hexnum"' { s = "printf \047"; for (i = 1; i <= NF; i++) s = s sprintf("\\%03o", h[toupper($i)]); print s "\047" }' |
        sh >"$2"
}

# pcap to pcapng (section header, one Ethernet interface, enhanced packets).
to_pcapng() {
    python3 - "$1" "$2" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
o = open(sys.argv[2], "wb")
def block(t, body):
    body += b"\0" * (-len(body) % 4)
    n = len(body) + 12
    o.write(struct.pack("<II", t, n) + body + struct.pack("<I", n))
block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
block(1, struct.pack("<HHI", 1, 0, 262144))
i = 24
while i + 16 <= len(d):
    sec, usec, incl, orig = struct.unpack("<IIII", d[i:i + 16])
    ts = sec * 1000000 + usec
    block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, incl, orig) + d[i + 16:i + 16 + incl])
    i += 16 + incl
PY
}

# pcap of TCP segments (as cosem writes them) to UDP datagrams, same ports.
to_udp() {
    python3 - "$1" "$2" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
o = open(sys.argv[2], "wb")
o.write(d[:24])
i = 24
while i + 16 <= len(d):
    sec, usec, incl, orig = struct.unpack("<IIII", d[i:i + 16])
    pkt = d[i + 16:i + 16 + incl]
    i += 16 + incl
    payload = pkt[54:]
    if not payload:
        continue
    udp = pkt[34:38] + struct.pack(">HH", 8 + len(payload), 0) + payload
    ip = bytearray(pkt[14:34])
    ip[2:4] = struct.pack(">H", 20 + len(udp))
    ip[9] = 17
    ip[10:12] = b"\0\0"
    out = pkt[:14] + bytes(ip) + udp
    o.write(struct.pack("<IIII", sec, usec, len(out), len(out)) + out)
PY
}

# pcap of cosem's Ethernet/IPv4/TCP to Linux cooked capture (113) with
# IPv6, each segment cut in two and sent out of order (second half first),
# the first half then sent twice (a retransmission): TCP reassembly.
to_sll6_shuffled() {
    python3 - "$1" "$2" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
o = open(sys.argv[2], "wb")
o.write(d[:20] + struct.pack("<I", 113))
def packet(sec, usec, tcp_head, seq, payload):
    tcp = bytearray(tcp_head)
    tcp[4:8] = struct.pack(">I", seq & 0xFFFFFFFF)
    tcp[16:18] = b"\0\0"
    ip6 = struct.pack(">IHBB", 0x60000000, len(tcp) + len(payload), 6, 64) + \
        b"\0" * 15 + b"\1" + b"\0" * 15 + b"\1"
    sll = struct.pack(">HHH8sH", 0, 772, 6, b"\0" * 8, 0x86DD)
    out = sll + ip6 + bytes(tcp) + payload
    o.write(struct.pack("<IIII", sec, usec, len(out), len(out)) + out)
i = 24
while i + 16 <= len(d):
    sec, usec, incl, orig = struct.unpack("<IIII", d[i:i + 16])
    pkt = d[i + 16:i + 16 + incl]
    i += 16 + incl
    head, payload = pkt[34:54], pkt[54:]
    seq = struct.unpack(">I", head[4:8])[0]
    if len(payload) < 2:
        packet(sec, usec, head, seq, payload)
        continue
    h = len(payload) // 2
    packet(sec, usec, head, seq + h, payload[h:])
    packet(sec, usec, head, seq, payload[:h])
    packet(sec, usec, head, seq, payload[:h])
PY
}

for cap in "$VEC"/*.txt; do
    name=$(basename "$cap")
    feed "$cap"
    run decode --json -
    ref_rc=$rc
    cp "$TMP/out" "$TMP/ref.json"
    grep -v '"direction"' "$TMP/ref.json" >"$TMP/ref-nodir.json"

    # log lines: time stamps and direction words, several styles
    awk '/^C>/ { n++; sub(/^C>/, ""); s[0] = "2024-01-01 10:00:00.123 Tx:"; s[1] = "[2024-01-01 10:00:00.123] Send:";
                 s[2] = "10:00:00,5 ->"; print s[n % 3] $0; next }
         /^S>/ { m++; sub(/^S>/, ""); s[0] = "2024-01-01T10:00:00.456Z Rx:"; s[1] = "[10:00:00.456] [Rx]";
                 s[2] = "<-"; print s[m % 3] $0; next }
         { print }' "$cap" >"$TMP/log.txt"
    feed "$TMP/log.txt"
    run decode --json -
    expect_rc "$ref_rc"
    same "$TMP/ref.json" "$name as log lines"

    # the octets alone, as dumps
    binary "$cap" "$TMP/cap.bin"
    for form in "hexdump -C" "od -An -tx1" "od -tx1" "od -An -tx1 -v"; do
        $form "$TMP/cap.bin" >"$TMP/dump.txt"
        feed "$TMP/dump.txt"
        run decode --json -
        expect_rc "$ref_rc"
        same "$TMP/ref-nodir.json" "$name as $form"
    done

    # a pcap written by decode --pcap, read back (file argument and stdin)
    feed "$cap"
    run decode --pcap "$TMP/cap.pcap" -
    expect_rc "$ref_rc"
    feed -
    run decode --json "$TMP/cap.pcap"
    expect_rc "$ref_rc"
    same "$TMP/ref.json" "$name as pcap"
    feed "$TMP/cap.pcap"
    run decode --json -
    same "$TMP/ref.json" "$name as pcap on stdin"
    feed -
    if command -v python3 >/dev/null 2>&1; then
        to_pcapng "$TMP/cap.pcap" "$TMP/cap.pcapng"
        run decode --json "$TMP/cap.pcapng"
        expect_rc "$ref_rc"
        same "$TMP/ref.json" "$name as pcapng"
        to_sll6_shuffled "$TMP/cap.pcap" "$TMP/sll6.pcap"
        run decode --json "$TMP/sll6.pcap"
        expect_rc "$ref_rc"
        same "$TMP/ref.json" "$name as IPv6 in Linux cooked capture, segments out of order"
        case "$name" in
        *wrapper*)
            to_udp "$TMP/cap.pcap" "$TMP/udp.pcap"
            run decode --json "$TMP/udp.pcap"
            expect_rc "$ref_rc"
            same "$TMP/ref.json" "$name as UDP datagrams"
            ;;
        esac
    fi
done

# hexdump -C with a repeated row ('*'): 48 zero octets after a frame
printf '\176\240\007\003\041\223\017\001\176' >"$TMP/z.bin"
head -c 48 /dev/zero >>"$TMP/z.bin"
hexdump -C "$TMP/z.bin" >"$TMP/z.txt"
checks=$((checks + 1))
grep -q '^\*' "$TMP/z.txt" || fail "hexdump -C wrote no '*' row"
feed "$TMP/z.txt"
run decode -
expect_rc 5
expect_out 'control: 0x93 (SNRM P/F=1)'
checks=$((checks + 1))
n=$(grep -o '00' "$TMP/out" | wc -l | tr -d ' ')
[ "$n" -ge 48 ] || fail "the repeated rows were not expanded ($n)"

# HCS and FCS shown as checked, with the expected value when wrong
run decode '7E A0 19 03 21 32 6F D8 E6 E6 00 C0 01 C1 00 08 00 00 01 00 00 FF 02 00 60 1A 7E'
expect_rc 0
expect_out 'hcs: 0xD86F (ok)'
expect_out 'fcs: 0x1A60 (ok)'
run decode '7E A0 19 03 21 32 6F D9 E6 E6 00 C0 01 C1 00 08 00 00 01 00 00 FF 02 00 60 1A 7E'
expect_rc 5
expect_out 'hcs: 0xD96F (wrong, expected 0xD86F)'
run decode --json '7E A0 07 03 21 93 0F 02 7E'
expect_rc 5
expect_json
expect_out '"fcs_ok": false'
expect_out '"fcs_expected": 271'
# invoke ids split into their fields
run decode --json 'C0 01 C1 00 08 00 00 01 00 00 FF 02 00'
expect_out '"invoke_id": 1'
expect_out '"service_class": "confirmed"'
expect_out '"priority": "high"'
run decode --json '0F C0 00 00 07 00 12 00 05'
expect_out '"invoke_id": 7'
expect_out '"priority": "high"'
expect_out '"service_class": "confirmed"'
expect_out '"processing_option": "continue-on-error"'
# not a capture
printf '\324\303\262\241\002\000\004\000' >"$TMP/short.pcap"
run decode "$TMP/short.pcap"
expect_rc 5
expect_err 'cut short or damaged'

finish formats
