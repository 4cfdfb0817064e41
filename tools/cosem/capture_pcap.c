/* SPDX-License-Identifier: Apache-2.0 */
/* cosem tool: the DLMS payloads of pcap and pcapng files, with no library
 * beyond libc: link headers (Ethernet with VLAN tags, raw IP, Linux cooked
 * v1/v2, BSD loopback), IPv4 (unfragmented) and IPv6, UDP datagrams and TCP
 * streams reassembled in sequence order (retransmissions dropped, segments
 * that arrive early held until the gap is filled). Every read is bounds
 * checked against the file; fuzzed by fuzz/fuzz_cli_capture.c. */
#include <stdio.h>
#include <string.h>

#include "parse.h"

#define DLMS_PORT 4059u
#define MAX_FLOWS 64
#define MAX_IFACES 16
#define MAX_HELD 256

/* One TCP or UDP conversation. */
typedef struct flow {
    uint8_t a[16], b[16];  /* addresses as first seen (a: source) */
    uint8_t alen;
    uint8_t proto;         /* 6 TCP, 17 UDP */
    uint16_t pa, pb;       /* ports */
    bool server_b;         /* b is the server */
    bool decided, dlms;
    bool have_seq[2];      /* [0]: a to b */
    uint32_t next[2];
} flow_t;

/* A TCP segment that came before its turn. */
typedef struct held {
    uint16_t flow;
    uint8_t dir;
    uint32_t seq;
    const uint8_t *p;
    size_t n;
} held_t;

/* Extraction state. */
typedef struct px {
    uint8_t *out;
    size_t cap, n;
    cli_chunk_t *chunks;
    size_t max_chunks, nc;
    int last_flow, last_dir;
    flow_t flows[MAX_FLOWS];
    size_t nflows;
    held_t held[MAX_HELD];
    size_t nheld;
    int err;
} px_t;

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A file integer of 2 or 4 octets in the file's byte order. */
static uint32_t fint(const uint8_t *p, size_t w, bool big)
{
    if (w == 2) {
        return big ? be16(p) : (uint32_t)(p[0] | p[1] << 8);
    }
    return big ? be32(p) : ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                            (uint32_t)p[3] << 24);
}

/* Appends payload of (flow, dir): the current chunk grows while the flow
 * and direction stay; a datagram always starts a chunk. */
static void emit(px_t *x, int flow, int dir, bool datagram, const uint8_t *p, size_t n)
{
    const flow_t *f = &x->flows[flow];
    bool to_server = (dir == 0) == f->server_b;
    if (n == 0 || x->err) {
        return;
    }
    if (n > x->cap - x->n) {
        x->err = 1;
        return;
    }
    if (datagram || x->nc == 0 || x->last_flow != flow || x->last_dir != dir) {
        if (x->nc >= x->max_chunks) {
            x->err = 2;
            return;
        }
        x->chunks[x->nc].off = x->n;
        x->chunks[x->nc].len = 0;
        x->chunks[x->nc].dir = to_server ? 'C' : 'S';
        x->nc++;
    }
    memcpy(x->out + x->n, p, n);
    x->n += n;
    x->chunks[x->nc - 1].len += n;
    x->last_flow = flow;
    x->last_dir = dir;
}

/* The flow of a packet (created when new); -1 when the table is full. */
static int find_flow(px_t *x, uint8_t proto, const uint8_t *src, const uint8_t *dst,
                     uint8_t alen, uint16_t sp, uint16_t dp, int *dir)
{
    size_t k;
    flow_t *f;
    for (k = 0; k < x->nflows; k++) {
        f = &x->flows[k];
        if (f->proto != proto || f->alen != alen) {
            continue;
        }
        if (f->pa == sp && f->pb == dp && memcmp(f->a, src, alen) == 0 &&
            memcmp(f->b, dst, alen) == 0) {
            *dir = 0;
            return (int)k;
        }
        if (f->pa == dp && f->pb == sp && memcmp(f->a, dst, alen) == 0 &&
            memcmp(f->b, src, alen) == 0) {
            *dir = 1;
            return (int)k;
        }
    }
    if (x->nflows >= MAX_FLOWS) {
        return -1;
    }
    f = &x->flows[x->nflows];
    memset(f, 0, sizeof *f);
    memcpy(f->a, src, alen);
    memcpy(f->b, dst, alen);
    f->alen = alen;
    f->proto = proto;
    f->pa = sp;
    f->pb = dp;
    *dir = 0;
    return (int)x->nflows++;
}

/* Decides once whether a flow carries DLMS and which side serves: port
 * 4059, else a first payload that looks like HDLC or the wrapper (sent by
 * the client, which speaks first). */
static void decide(flow_t *f, int dir, const uint8_t *p, size_t n)
{
    if (f->decided) {
        return;
    }
    if (f->pb == DLMS_PORT || f->pa == DLMS_PORT) {
        f->dlms = true;
        f->server_b = f->pb == DLMS_PORT;
        f->decided = true;
        return;
    }
    if (n == 0) {
        return;
    }
    f->decided = true;
    f->dlms = p[0] == 0x7E || (n >= 8 && p[0] == 0x00 && p[1] == 0x01);
    f->server_b = dir == 0;
}

/* Delivers held segments of (flow, dir) that are now in turn. */
static void release_held(px_t *x, int flow, int dir)
{
    flow_t *f = &x->flows[flow];
    bool again = true;
    size_t k;
    while (again) {
        again = false;
        for (k = 0; k < x->nheld; k++) {
            held_t *h = &x->held[k];
            int32_t ahead = (int32_t)(h->seq - f->next[dir]);
            uint32_t behind = f->next[dir] - h->seq;
            if (h->flow != flow || h->dir != dir || ahead > 0) {
                continue;
            }
            if ((size_t)behind < h->n) {
                emit(x, flow, dir, false, h->p + behind, h->n - behind);
                f->next[dir] += (uint32_t)(h->n - behind);
            }
            x->held[k] = x->held[--x->nheld];
            again = true;
            break;
        }
    }
}

/* One TCP segment. */
static void tcp(px_t *x, const uint8_t *src, const uint8_t *dst, uint8_t alen, const uint8_t *p,
                size_t n)
{
    size_t hl;
    uint32_t seq, behind;
    int32_t ahead;
    int dir, fl;
    flow_t *f;
    if (n < 20 || (hl = (size_t)(p[12] >> 4) * 4u) < 20 || hl > n) {
        return;
    }
    fl = find_flow(x, 6, src, dst, alen, be16(p), be16(p + 2), &dir);
    if (fl < 0) {
        return;
    }
    f = &x->flows[fl];
    seq = be32(p + 4);
    if (p[13] & 0x02u) { /* SYN: data starts after it; its receiver serves */
        f->have_seq[dir] = true;
        f->next[dir] = seq + 1u;
        if (!f->decided && !(p[13] & 0x10u) && f->pa != DLMS_PORT && f->pb != DLMS_PORT) {
            f->server_b = dir == 0;
        }
        return;
    }
    p += hl;
    n -= hl;
    if (n == 0) {
        return;
    }
    decide(f, dir, p, n);
    if (!f->dlms) {
        return;
    }
    if (!f->have_seq[dir]) {
        f->have_seq[dir] = true;
        f->next[dir] = seq;
    }
    ahead = (int32_t)(seq - f->next[dir]);
    if (ahead > 0) {
        if (x->nheld < MAX_HELD) {
            held_t h = {(uint16_t)fl, (uint8_t)dir, seq, p, n};
            x->held[x->nheld++] = h;
        }
        return;
    }
    behind = f->next[dir] - seq; /* octets already delivered (modulo 2^32) */
    if ((size_t)behind >= n) {
        return; /* retransmission */
    }
    emit(x, fl, dir, false, p + behind, n - behind);
    f->next[dir] += (uint32_t)(n - behind);
    release_held(x, fl, dir);
}

/* One UDP datagram. */
static void udp(px_t *x, const uint8_t *src, const uint8_t *dst, uint8_t alen, const uint8_t *p,
                size_t n)
{
    int dir, fl;
    size_t len;
    if (n < 8) {
        return;
    }
    len = be16(p + 4);
    if (len < 8 || len > n) {
        len = n;
    }
    fl = find_flow(x, 17, src, dst, alen, be16(p), be16(p + 2), &dir);
    if (fl < 0) {
        return;
    }
    decide(&x->flows[fl], dir, p + 8, len - 8);
    if (x->flows[fl].dlms) {
        emit(x, fl, dir, true, p + 8, len - 8);
    }
}

/* One IPv4 or IPv6 packet. */
static void ip(px_t *x, const uint8_t *p, size_t n)
{
    size_t hl, tl;
    if (n >= 20 && (p[0] >> 4) == 4) {
        hl = (size_t)(p[0] & 15u) * 4u;
        tl = be16(p + 2);
        if (hl < 20 || tl < hl || tl > n || (be16(p + 6) & 0x3FFFu) != 0) {
            return; /* bad, or a fragment */
        }
        if (p[9] == 6) {
            tcp(x, p + 12, p + 16, 4, p + hl, tl - hl);
        } else if (p[9] == 17) {
            udp(x, p + 12, p + 16, 4, p + hl, tl - hl);
        }
    } else if (n >= 40 && (p[0] >> 4) == 6) {
        tl = (size_t)be16(p + 4);
        if (tl > n - 40) {
            tl = n - 40;
        }
        if (p[6] == 6) {
            tcp(x, p + 8, p + 24, 16, p + 40, tl);
        } else if (p[6] == 17) {
            udp(x, p + 8, p + 24, 16, p + 40, tl);
        }
    }
}

/* IP by an EtherType. */
static void ether_type(px_t *x, uint16_t type, const uint8_t *p, size_t n)
{
    if (type == 0x0800 || type == 0x86DD) {
        ip(x, p, n);
    }
}

/* One packet of a link type. */
static void packet(px_t *x, uint32_t link, const uint8_t *p, size_t n)
{
    size_t off;
    switch (link) {
    case 1: /* Ethernet, with 802.1Q tags */
        off = 12;
        while (off + 4 <= n && (be16(p + off) == 0x8100 || be16(p + off) == 0x88A8)) {
            off += 4;
        }
        if (off + 2 <= n) {
            ether_type(x, be16(p + off), p + off + 2, n - off - 2);
        }
        break;
    case 0:   /* BSD loopback: 4-octet family */
    case 108: /* OpenBSD loopback */
        if (n > 4) {
            ip(x, p + 4, n - 4);
        }
        break;
    case 12:
    case 14:
    case 101: /* raw IP */
    case 228:
    case 229:
        ip(x, p, n);
        break;
    case 113: /* Linux cooked v1 */
        if (n >= 16) {
            ether_type(x, be16(p + 14), p + 16, n - 16);
        }
        break;
    case 276: /* Linux cooked v2 */
        if (n >= 20) {
            ether_type(x, be16(p), p + 20, n - 20);
        }
        break;
    default:
        break;
    }
}

/* See parse.h. */
bool cli_is_pcap(const uint8_t *p, size_t n)
{
    static const uint8_t magics[][4] = {{0xD4, 0xC3, 0xB2, 0xA1}, {0xA1, 0xB2, 0xC3, 0xD4},
                                        {0x4D, 0x3C, 0xB2, 0xA1}, {0xA1, 0xB2, 0x3C, 0x4D},
                                        {0x0A, 0x0D, 0x0D, 0x0A}};
    size_t k;
    for (k = 0; n >= 4 && k < sizeof magics / sizeof magics[0]; k++) {
        if (memcmp(p, magics[k], 4) == 0) {
            return true;
        }
    }
    return false;
}

/* A classic pcap file. */
static int read_pcap(px_t *x, const uint8_t *p, size_t n)
{
    bool big = p[0] == 0xA1;
    uint32_t link, incl;
    size_t i = 24;
    if (n < 24) {
        return -1;
    }
    link = fint(p + 20, 4, big) & 0xFFFFu;
    while (i + 16 <= n && !x->err) {
        incl = fint(p + i + 8, 4, big);
        if (incl > n - i - 16) {
            return -1; /* cut short */
        }
        packet(x, link, p + i + 16, incl);
        i += 16u + incl;
    }
    return i == n ? 0 : -1;
}

/* A pcapng file: section headers set the byte order, interface
 * descriptions the link types, enhanced/simple/old packet blocks the data. */
static int read_pcapng(px_t *x, const uint8_t *p, size_t n)
{
    uint32_t links[MAX_IFACES], type, blen, iface, caplen;
    size_t i = 0, nif = 0;
    bool big = false;
    while (i + 12 <= n && !x->err) {
        if (be32(p + i) == 0x0A0D0D0Au) {
            if (i + 12 > n) {
                return -1;
            }
            big = be32(p + i + 8) == 0x1A2B3C4Du;
            nif = 0;
        }
        type = fint(p + i, 4, big);
        blen = fint(p + i + 4, 4, big);
        if (blen < 12 || blen % 4u != 0 || blen > n - i) {
            return -1;
        }
        if (type == 1 && blen >= 20 && nif < MAX_IFACES) {
            links[nif++] = fint(p + i + 8, 2, big);
        } else if ((type == 6 || type == 2) && blen >= 32) {
            iface = type == 6 ? fint(p + i + 8, 4, big) : fint(p + i + 8, 2, big);
            caplen = fint(p + i + 20, 4, big);
            if (iface < nif && caplen <= blen - 32) {
                packet(x, links[iface], p + i + 28, caplen);
            }
        } else if (type == 3 && blen >= 16 && nif > 0) {
            caplen = fint(p + i + 8, 4, big);
            packet(x, links[0], p + i + 12, caplen < blen - 16 ? caplen : blen - 16);
        }
        i += blen;
    }
    return i == n ? 0 : -1;
}

/* See parse.h. */
int cli_pcap_extract(const uint8_t *file, size_t n, uint8_t *out, size_t cap, size_t *outn,
                     cli_chunk_t *chunks, size_t max_chunks, size_t *nchunks, char *err,
                     size_t errcap)
{
    static px_t x;
    int rc;
    size_t k;
    memset(&x, 0, sizeof x);
    x.out = out;
    x.cap = cap;
    x.chunks = chunks;
    x.max_chunks = max_chunks;
    x.last_flow = -1;
    if (!cli_is_pcap(file, n)) {
        (void)snprintf(err, errcap, "not a pcap or pcapng file");
        return -1;
    }
    rc = file[0] == 0x0A ? read_pcapng(&x, file, n) : read_pcap(&x, file, n);
    for (k = 0; k < x.nheld && !x.err; k++) { /* after a lost segment: as they are */
        emit(&x, x.held[k].flow, x.held[k].dir, false, x.held[k].p, x.held[k].n);
    }
    if (x.err) {
        (void)snprintf(err, errcap, x.err == 1 ? "more than %zu octets of DLMS payload"
                                               : "more than %zu frames", x.err == 1 ? cap
                                                                                   : max_chunks);
        return -1;
    }
    if (rc != 0 && x.nc == 0) {
        (void)snprintf(err, errcap, "the capture file is cut short or damaged");
        return -1;
    }
    *outn = x.n;
    *nchunks = x.nc;
    return 0;
}
