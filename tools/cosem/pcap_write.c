/* SPDX-License-Identifier: Apache-2.0 */
/* cosem tool: a session written as a pcap file (--pcap FILE) that Wireshark
 * and tshark open: LINKTYPE_ETHERNET, IPv4 from 127.0.0.1 port 40059 (the
 * client) to 127.0.0.1 port 4059 (the server), one TCP connection with its
 * handshake and its end, each chunk of octets one segment with consistent
 * sequence numbers and checksums. HDLC sessions (over TCP or a serial line)
 * are written the same way: the octets in the stream are HDLC frames, and
 * tools/wireshark/dlms.lua tells HDLC (0x7E) from the wrapper (00 01). */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <string.h>
#include <sys/time.h>

#include "cli.h"

#define PCAP_CLIENT_PORT 40059u
#define PCAP_SERVER_PORT 4059u
/* Largest TCP payload per segment (IPv4 total length stays < 65536). */
#define PCAP_MAX_SEG 65000u

/* The pcap file of this run (NULL: none). */
static FILE *pcap_file;
static uint32_t pcap_seq[2]; /* next sequence number: [0] client, [1] server */

static void le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void be16w(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void be32w(uint8_t *p, uint32_t v)
{
    be16w(p, v >> 16);
    be16w(p + 2, v & 0xFFFFu);
}

/* Internet checksum of a buffer, folded into sum. */
static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    size_t k;
    for (k = 0; k + 1 < n; k += 2) {
        sum += (uint32_t)(p[k] << 8 | p[k + 1]);
    }
    if (n & 1u) {
        sum += (uint32_t)p[n - 1] << 8;
    }
    return sum;
}

static unsigned csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xFFFFu) + (sum >> 16);
    }
    return (unsigned)(~sum & 0xFFFFu);
}

/* Writes one Ethernet/IPv4/TCP packet: from the client (from_server false)
 * or the server, with TCP flags and payload. */
static void segment(bool from_server, uint8_t flags, const uint8_t *data, size_t n)
{
    static uint8_t pkt[14 + 20 + 20 + PCAP_MAX_SEG];
    uint8_t rec[16], *ip = pkt + 14, *tcp = pkt + 34;
    int me = from_server ? 1 : 0;
    size_t total = 14 + 20 + 20 + n;
    uint32_t sum;
    struct timeval tv;
    memset(pkt, 0, 54);
    pkt[5] = (uint8_t)(from_server ? 2 : 1); /* MAC 00:..:01 client, 02 server */
    pkt[11] = (uint8_t)(from_server ? 1 : 2);
    pkt[0] = pkt[6] = 0x02;                 /* locally administered */
    be16w(pkt + 12, 0x0800);
    ip[0] = 0x45;
    be16w(ip + 2, (unsigned)(20 + 20 + n));
    ip[6] = 0x40; /* don't fragment */
    ip[8] = 64;
    ip[9] = 6;
    ip[12] = ip[16] = 127;
    ip[15] = ip[19] = 1;
    be16w(ip + 10, csum_fold(csum_add(0, ip, 20)));
    be16w(tcp, from_server ? PCAP_SERVER_PORT : PCAP_CLIENT_PORT);
    be16w(tcp + 2, from_server ? PCAP_CLIENT_PORT : PCAP_SERVER_PORT);
    be32w(tcp + 4, pcap_seq[me]);
    be32w(tcp + 8, (flags & 0x10u) ? pcap_seq[1 - me] : 0);
    tcp[12] = 0x50;
    tcp[13] = flags;
    be16w(tcp + 14, 65535);
    if (n > 0) {
        memcpy(tcp + 20, data, n);
    }
    sum = csum_add(0, ip + 12, 8) + 6u + (uint32_t)(20 + n); /* pseudo-header */
    be16w(tcp + 16, csum_fold(csum_add(sum, tcp, 20 + n)));
    (void)gettimeofday(&tv, NULL);
    le32(rec, (uint32_t)tv.tv_sec);
    le32(rec + 4, (uint32_t)tv.tv_usec);
    le32(rec + 8, (uint32_t)total);
    le32(rec + 12, (uint32_t)total);
    (void)fwrite(rec, 1, 16, pcap_file);
    (void)fwrite(pkt, 1, total, pcap_file);
    pcap_seq[me] += (uint32_t)n + ((flags & 0x03u) ? 1u : 0u); /* SYN, FIN count one */
}

/* See cli.h. */
int cli_pcap_open(const char *path)
{
    uint8_t hdr[24];
    if (pcap_file != NULL) {
        return 0;
    }
    pcap_file = fopen(path, "wb");
    if (pcap_file == NULL) {
        return -1;
    }
    le32(hdr, 0xA1B2C3D4u);
    hdr[4] = 2; /* version 2.4 */
    hdr[5] = 0;
    hdr[6] = 4;
    hdr[7] = 0;
    le32(hdr + 8, 0);
    le32(hdr + 12, 0);
    le32(hdr + 16, 262144);
    le32(hdr + 20, 1); /* LINKTYPE_ETHERNET */
    (void)fwrite(hdr, 1, sizeof hdr, pcap_file);
    pcap_seq[0] = 1000u;
    pcap_seq[1] = 5000u;
    segment(false, 0x02, NULL, 0); /* SYN */
    segment(true, 0x12, NULL, 0);  /* SYN, ACK */
    segment(false, 0x10, NULL, 0); /* ACK */
    return 0;
}

/* See cli.h. */
void cli_pcap_data(bool from_server, const uint8_t *data, size_t n)
{
    size_t k;
    if (pcap_file == NULL) {
        return;
    }
    for (k = 0; k < n; k += PCAP_MAX_SEG) {
        size_t part = n - k < PCAP_MAX_SEG ? n - k : PCAP_MAX_SEG;
        segment(from_server, 0x18, data + k, part); /* PSH, ACK */
    }
}

/* See cli.h. */
int cli_pcap_close(void)
{
    int rc;
    if (pcap_file == NULL) {
        return 0;
    }
    segment(false, 0x11, NULL, 0); /* FIN, ACK */
    segment(true, 0x11, NULL, 0);
    segment(false, 0x10, NULL, 0);
    rc = ferror(pcap_file) ? -1 : 0;
    if (fclose(pcap_file) != 0) {
        rc = -1;
    }
    pcap_file = NULL;
    return rc;
}
